extension String {
  /// The last path component (`a/b.sql` → `b.sql`).
  public var lastPathComponent: String {
    split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? self
  }

  /// The path without its last component (`a/b.sql` → `a`; `b.sql` → ``).
  public var deletingLastPathComponent: String {
    var path = self
    while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
    guard let slash = path.lastIndex(of: "/") else { return "" }
    if slash == path.startIndex { return "/" }
    return String(path[..<slash])
  }
}
