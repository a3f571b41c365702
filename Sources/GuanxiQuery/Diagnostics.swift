/// Renders query errors against their source text, and suggests near-miss names.
///
/// A rendered error reads like a compiler's:
/// ```
/// q.cypher:2:8: error[UnexpectedSyntax]: full-width '（' is not allowed here
/// MATCH （p:Person）
///       ^~
/// did you mean '('?
/// ```
/// Lines and columns are 1-based; columns count Characters, so a Han character is
/// one column. Carets are drawn by display width (see `DisplayWidth`), so they sit
/// under the right cells however many wide characters precede them. A span that
/// runs past the end of its first line is underlined to the end of that line.
public enum Diagnostics {
  /// `FILE:LINE:COL: error[Code]: message`, the source line, a caret line, then
  /// "expected …" and "did you mean …?" lines when the error has them.
  ///
  /// Without a `fileName` the first line starts at `LINE:COL:`. An error without a
  /// span renders as its first line only. The result has no trailing newline.
  public static func render(_ error: QueryError, source: String, fileName: String? = nil)
    -> String
  {
    var lines: [String] = []
    let prefix = fileName.map { "\($0):" } ?? ""
    guard let span = error.span else {
      lines.append("\(prefix)\(fileName == nil ? "" : " ")error[\(error.code)]: \(error.message)")
      appendNotes(for: error, to: &lines)
      return lines.joined(separator: "\n")
    }
    let location = SourceLocation(of: span, in: source)
    lines.append(
      "\(prefix)\(location.line):\(location.column): error[\(error.code)]: \(error.message)")
    lines.append(location.lineText)
    lines.append(location.caretLine)
    appendNotes(for: error, to: &lines)
    return lines.joined(separator: "\n")
  }

  /// The 1-based line and column (in Characters) of a UTF-8 offset.
  public static func lineAndColumn(utf8Offset: Int, in source: String) -> (line: Int, column: Int) {
    let location = SourceLocation(of: SourceSpan(at: utf8Offset), in: source)
    return (location.line, location.column)
  }

  /// The candidate nearest to `name` by case-insensitive edit distance, if near enough.
  ///
  /// Near enough means a Levenshtein distance (over Unicode scalars, after
  /// lower-casing) of at most `max(2, name.count / 3)`. A candidate equal to
  /// `name` is never suggested. Ties go to the candidate listed first, so the
  /// answer never depends on hashing order.
  ///
  /// Example: `nearest(to: "Perso", among: ["Person", "Place"]) == "Person"`.
  public static func nearest(to name: String, among candidates: some Sequence<String>) -> String? {
    let target = Array(name.lowercased().unicodeScalars)
    let threshold = max(2, target.count / 3)
    var best: (candidate: String, distance: Int)?
    for candidate in candidates where candidate != name {
      let distance = levenshtein(target, Array(candidate.lowercased().unicodeScalars))
      if distance <= threshold, distance < (best?.distance ?? Int.max) {
        best = (candidate, distance)
      }
    }
    return best?.candidate
  }

  static func levenshtein(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
        current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }

  private static func appendNotes(for error: QueryError, to lines: inout [String]) {
    if !error.expected.isEmpty {
      lines.append("expected " + describeAlternatives(error.expected))
    }
    if let suggestion = error.suggestion {
      lines.append("did you mean '\(suggestion)'?")
    }
  }

  /// `a`, `a or b`, `a, b or c`.
  static func describeAlternatives(_ items: [String]) -> String {
    switch items.count {
    case 0: return ""
    case 1: return items[0]
    default: return items.dropLast().joined(separator: ", ") + " or " + (items.last ?? "")
    }
  }
}

/// Where a span starts, with the text of its line and a caret line under the span.
struct SourceLocation {
  var line: Int
  var column: Int
  var lineText: String
  var caretLine: String

  init(of span: SourceSpan, in source: String) {
    let bytes = Array(source.utf8)
    func boundary(_ offset: Int) -> Int {
      var o = min(max(0, offset), bytes.count)
      while o > 0, o < bytes.count, bytes[o] & 0xC0 == 0x80 { o -= 1 }
      return o
    }
    let start = boundary(span.utf8Start)
    var lineStart = start
    while lineStart > 0, bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
    var lineEnd = start
    while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
    var shownEnd = lineEnd
    if shownEnd > lineStart, bytes[shownEnd - 1] == UInt8(ascii: "\r") { shownEnd -= 1 }
    let end = min(max(boundary(span.utf8End), start), shownEnd)

    func text(_ from: Int, _ to: Int) -> String {
      String(decoding: bytes[from..<max(from, to)], as: UTF8.self)
    }
    line = 1 + bytes[0..<lineStart].lazy.filter { $0 == UInt8(ascii: "\n") }.count
    let before = text(lineStart, min(start, shownEnd))
    column = before.count + 1
    lineText = text(lineStart, shownEnd)
    // Tabs are echoed so the caret lines up whatever the terminal's tab width.
    var pad = ""
    for character in before {
      pad +=
        character == "\t" ? "\t" : String(repeating: " ", count: DisplayWidth.of(String(character)))
    }
    let underlined = max(1, DisplayWidth.of(text(min(start, shownEnd), end)))
    caretLine = pad + "^" + String(repeating: "~", count: underlined - 1)
  }
}
