/// Substring search over UTF-8 bytes.
///
/// The HTML stage's hot paths (class and id hints, date and credit lines) use it instead
/// of Foundation's `String.contains(_:)` and `range(of:)`, which on Linux go through
/// CFString and UTF-16 and, measured with `perf` on `guanxi-html-bench`, cost more than
/// the rest of the stage together. Byte equality is what these tests need: the needles
/// are fixed ASCII or Han words, with no case or canonical-equivalence question.
enum UTF8Search {
  /// The offset of the first `needle` in `haystack` at or after `start`, or nil.
  static func firstOffset(
    of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>,
    from start: Int = 0
  ) -> Int? {
    guard let first = needle.first else { return start }
    guard haystack.count >= needle.count else { return nil }
    var i = start
    let last = haystack.count - needle.count
    while i <= last {
      if haystack[i] == first {
        var k = 1
        while k < needle.count && haystack[i + k] == needle[k] { k += 1 }
        if k == needle.count { return i }
      }
      i += 1
    }
    return nil
  }
}

extension String {
  /// The UTF-8 offset of the first `needle` at or after `utf8Start`, or nil.
  func utf8Offset(of needle: String, from utf8Start: Int = 0) -> Int? {
    var haystack = self
    var needle = needle
    return haystack.withUTF8 { h in
      needle.withUTF8 { n in UTF8Search.firstOffset(of: n, in: h, from: utf8Start) }
    }
  }

  /// Whether the string contains `needle`, byte for byte.
  func containsUTF8(_ needle: String) -> Bool { utf8Offset(of: needle) != nil }

  /// Whether the string contains one of `needles`, byte for byte.
  func containsUTF8(anyOf needles: [String]) -> Bool {
    var haystack = self
    return haystack.withUTF8 { h in
      needles.contains { needle in
        var needle = needle
        return needle.withUTF8 { UTF8Search.firstOffset(of: $0, in: h) != nil }
      }
    }
  }
}
