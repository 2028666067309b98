extension String.UTF8View {
  /// Byte-wise substring search (the standard library's generic `contains`
  /// builds a searcher per call, and Foundation's bridges to NSString).
  public func containsSubsequence(_ needle: String.UTF8View) -> Bool {
    let pattern = Array(needle)
    guard let first = pattern.first else { return true }
    var text = String(self)
    return text.withUTF8 { haystack in
      guard haystack.count >= pattern.count else { return false }
      for start in 0...(haystack.count - pattern.count) where haystack[start] == first {
        var index = 1
        while index < pattern.count && haystack[start + index] == pattern[index] { index += 1 }
        if index == pattern.count { return true }
      }
      return false
    }
  }
}
