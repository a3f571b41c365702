/// A half-open range of UTF-8 offsets into the query text.
///
/// Query spans count UTF-8 bytes, so the lexer can work on bytes and a span can
/// slice the source without walking Characters. Line and column are worked out
/// only when a diagnostic is rendered (see `Diagnostics`).
///
/// Example: in `MATCH (p:Person)`, the label `Person` has the span `9..<15`.
public struct SourceSpan: Hashable, Sendable, CustomStringConvertible {
  /// The offset of the first byte in the span.
  public var utf8Start: Int
  /// The offset one past the last byte in the span.
  public var utf8End: Int

  public init(utf8Start: Int, utf8End: Int) {
    self.utf8Start = utf8Start
    self.utf8End = max(utf8Start, utf8End)
  }

  /// An empty span at one offset, such as the end of the input.
  public init(at utf8Offset: Int) {
    self.init(utf8Start: utf8Offset, utf8End: utf8Offset)
  }

  /// The number of UTF-8 bytes covered.
  public var utf8Count: Int { utf8End - utf8Start }

  public var isEmpty: Bool { utf8Start == utf8End }

  /// The smallest span covering both spans.
  public func union(_ other: SourceSpan) -> SourceSpan {
    SourceSpan(utf8Start: min(utf8Start, other.utf8Start), utf8End: max(utf8End, other.utf8End))
  }

  /// Whether the span lies within `0...utf8Count` of a text of that many bytes.
  public func isInside(utf8Count count: Int) -> Bool {
    utf8Start >= 0 && utf8End <= count && utf8Start <= utf8End
  }

  /// The text the span covers, or nil when the span does not fall on character boundaries.
  public func text(in source: String) -> Substring? {
    let utf8 = source.utf8
    guard isInside(utf8Count: utf8.count) else { return nil }
    let start = utf8.index(utf8.startIndex, offsetBy: utf8Start)
    let end = utf8.index(start, offsetBy: utf8Count)
    guard let lower = start.samePosition(in: source.unicodeScalars),
      let upper = end.samePosition(in: source.unicodeScalars)
    else { return nil }
    return source[lower..<upper]
  }

  public var description: String { "\(utf8Start)..<\(utf8End)" }
}

/// A span stored in a syntax tree node that takes no part in `==` or hashing.
///
/// Two trees are equal when they mean the same query, wherever its parts were
/// written: `MATCH (n) RETURN n` and `match (n)\nreturn n` parse to equal trees.
/// This is what lets the pretty-printer's output round-trip to an equal tree.
@propertyWrapper
public struct IgnoredInEquality<Wrapped: Sendable>: Hashable, Sendable {
  public var wrappedValue: Wrapped

  public init(wrappedValue: Wrapped) { self.wrappedValue = wrappedValue }

  public static func == (lhs: Self, rhs: Self) -> Bool { true }
  public func hash(into hasher: inout Hasher) {}
}
