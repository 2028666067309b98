#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

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

extension String {
  /// Byte-wise (UTF-8, so code point) order, independent of locale and of
  /// Unicode normalization: the order paths and versions are sorted in.
  /// `memcmp` on the UTF-8 storage (the generic `lexicographicallyPrecedes`
  /// walks an iterator per byte).
  public func utf8Precedes(_ other: String) -> Bool {
    var left = self
    var right = other
    return left.withUTF8 { a in
      right.withUTF8 { b in
        let common = min(a.count, b.count)
        if common > 0, let x = a.baseAddress, let y = b.baseAddress {
          let order = memcmp(x, y, common)
          if order != 0 { return order < 0 }
        }
        return a.count < b.count
      }
    }
  }
}
