/// Reading a view's `security_invoker` option from the text of an option
/// list (`WITH (security_invoker = true)`, `SET (security_invoker)`,
/// `RESET (security_invoker)`).
public enum ViewOptions {
  /// The value the list gives `security_invoker`: true for a bare name or
  /// `true`/`on`/`yes`/`1`, false for `false`/`off`/`no`/`0`; nil when the
  /// list does not name it. PostgreSQL's boolean spellings, any case,
  /// quoted or not.
  public static func securityInvoker(in optionList: String) -> Bool? {
    var lowered = optionList.lowercased()
    lowered.removeAll { " \n\t\r'\"()".contains($0) }
    for item in lowered.split(separator: ",") {
      let parts = item.split(separator: "=", maxSplits: 1)
      guard let name = parts.first, name.hasSuffix("security_invoker") else { continue }
      guard parts.count == 2 else { return true }
      switch parts[1] {
      case "true", "on", "yes", "1", "t", "y": return true
      default: return false
      }
    }
    return nil
  }
}
