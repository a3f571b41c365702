/// Where statements end in the text the user typed: at a `;` outside strings, quoted
/// names and comments, or at a blank line.
///
/// ```swift
/// Statements.isComplete("MATCH (n)")                  // false: keep reading
/// Statements.isComplete("MATCH (n {name: 'a;b'})\n")  // false
/// Statements.isComplete("MATCH (n) RETURN n;")        // true
/// Statements.isComplete("MATCH (n) RETURN n\n")       // true: a blank line ends it
/// Statements.split("RETURN 1; RETURN 'a;b';")        // ["RETURN 1", "RETURN 'a;b'"]
/// ```
public enum Statements {
  enum LexState { case code, singleQuoted, doubleQuoted, backticked, lineComment, blockComment }

  /// Calls `body` with each character's index and whether it is code (not inside a
  /// string, a quoted name or a comment); returns the state at the end.
  @discardableResult
  static func scan(_ characters: [Character], _ body: (Int, Bool) -> Void) -> LexState {
    var state = LexState.code
    var index = 0
    var escaped = false
    while index < characters.count {
      let c = characters[index]
      let next: Character? = index + 1 < characters.count ? characters[index + 1] : nil
      switch state {
      case .code:
        switch c {
        case "'": state = .singleQuoted
        case "\"": state = .doubleQuoted
        case "`": state = .backticked
        case "/" where next == "/": state = .lineComment
        case "/" where next == "*":
          state = .blockComment
          body(index, false)
          index += 1
        default: break
        }
        body(index, state == .code)
      case .singleQuoted, .doubleQuoted:
        body(index, false)
        if escaped {
          escaped = false
        } else if c == "\\" {
          escaped = true
        } else if c == (state == .singleQuoted ? "'" : "\"") {
          state = .code
        }
      case .backticked:
        body(index, false)
        if c == "`" { state = .code }
      case .lineComment:
        body(index, false)
        if c == "\n" { state = .code }
      case .blockComment:
        body(index, false)
        if c == "*" && next == "/" {
          index += 1
          body(index, false)
          state = .code
        }
      }
      index += 1
    }
    return state
  }

  /// Whether the text is a `:` command line.
  public static func isCommand(_ text: String) -> Bool {
    text.first(where: { !$0.isWhitespace }) == ":"
  }

  /// Whether the text should run now: it is empty, a `:` command, ends with a `;` outside
  /// strings and comments, or (when `blankLineEnds`) its last line is blank after input.
  ///
  /// Scripts read from a pipe pass `blankLineEnds: false`, so that a blank line inside a
  /// long statement does not cut it.
  public static func isComplete(_ text: String, blankLineEnds: Bool = true) -> Bool {
    let trimmed = text.trimmingWhitespace
    if trimmed.isEmpty || isCommand(text) { return true }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    if blankLineEnds, lines.count > 1, let last = lines.last, last.allSatisfy(\.isWhitespace) {
      return true
    }
    let characters = Array(text)
    var lastCode: Character?
    scan(characters) { index, isCode in
      if isCode && !characters[index].isWhitespace { lastCode = characters[index] }
    }
    return lastCode == ";"
  }

  /// The statements in the text, split at `;` outside strings and comments, trimmed, empty
  /// ones left out. Comments stay in the statement text (the parser skips them).
  public static func split(_ text: String) -> [String] {
    let characters = Array(text)
    var cuts: [Int] = []
    scan(characters) { index, isCode in
      if isCode && characters[index] == ";" { cuts.append(index) }
    }
    var statements: [String] = []
    var start = 0
    for cut in cuts + [characters.count] {
      let statement = String(characters[start..<cut]).trimmingWhitespace
      if !statement.isEmpty && !isOnlyComments(statement) { statements.append(statement) }
      start = cut + 1
    }
    return statements
  }

  static func isOnlyComments(_ text: String) -> Bool {
    let characters = Array(text)
    var hasCode = false
    scan(characters) { index, isCode in
      if isCode && !characters[index].isWhitespace { hasCode = true }
    }
    return !hasCode
  }
}

extension StringProtocol {
  /// The text without leading and trailing whitespace (spaces, tabs, newlines, U+3000).
  var trimmingWhitespace: String {
    guard let first = firstIndex(where: { !$0.isWhitespace }),
      let last = lastIndex(where: { !$0.isWhitespace })
    else { return "" }
    return String(self[first...last])
  }
}
