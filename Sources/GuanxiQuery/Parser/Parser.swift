/// A recursive-descent parser for Guanxi's openCypher subset (`Grammar/guanxi.ebnf`).
///
/// Rules every parsing function keeps:
/// - The lexer never throws; an `.invalid` token is reported, with its own code
///   and reason, when the parser reaches it.
/// - Every loop consumes at least one token per iteration or stops, so the
///   parser always terminates.
/// - Nesting (parentheses, brackets, braces, `NOT` and sign chains, nested
///   patterns and subqueries) deeper than `maximumDepth` throws `NestingTooDeep`
///   rather than overflowing the stack. Chained binary and postfix operators
///   (`1 + 1 + …`, `a.b.c…`) count too: they build a tree as deep as the chain
///   is long, and comparing, printing or freeing a tree recurses on its depth.
/// - Errors say what was expected ("expected ')' to close the node pattern") and
///   carry the span of the offending token, or an empty span at the end of input.
/// - Speculation (is `(a)` a node pattern or a parenthesised expression?) only
///   looks at a node and one relationship, then commits, so errors inside a long
///   pattern are reported where they are.
///
/// After parsing, `parseStatement` runs the scope-free checks of
/// `Parser+Checks.swift` (CREATE needs directed single-type relationships, WITH
/// needs aliases, SKIP takes a constant, …); name resolution is the binder's.
///
/// Example:
/// ```swift
/// let statement = try Parser.parseStatement(
///   "MATCH (p:Person)-[:PRESIDED]->(m:Meeting) RETURN p.name, m.date")
/// ```
public struct Parser {
  /// The deepest nesting accepted; deeper input throws `NestingTooDeep`.
  public static let maximumDepth = 200

  let bytes: [UInt8]
  var tokens: [Token]
  var index = 0
  var depth = 0
  /// Whether a pattern may be used as a predicate here (inside WHERE, `exists(…)`).
  var allowsPatternPredicates = false
  /// Set by `* SHORTEST` / `* ALL SHORTEST` inside a relationship (Kùzu's spelling of
  /// `shortestPath` / `allShortestPaths`); the enclosing pattern part takes it as its selector.
  var pendingShortestSelector: ParsedPatternPart.Selector?

  init(bytes: [UInt8], tokens: [Token]) {
    self.bytes = bytes
    self.tokens = tokens
  }

  // MARK: - Entry points

  /// Parses one statement, optionally followed by a `;`, and checks its shape.
  ///
  /// Pass `checkingShape: false` to get the tree without the scope-free checks,
  /// for a binder that wants its own errors (UndefinedVariable, …) to come first;
  /// it then calls `checkShape(_:source:)` itself.
  ///
  /// - Throws: `QueryError` with stage `.syntax` for text that does not parse and
  ///   `.semantic` for a statement that parses but breaks a scope-free rule.
  public static func parseStatement(_ text: String, checkingShape: Bool = true)
    throws(QueryError) -> ParsedStatement
  {
    let bytes = Array(text.utf8)
    var parser = Parser(bytes: bytes, tokens: Lexer.tokenize(utf8: bytes))
    let statement = try parser.parseStatement()
    if parser.current.kind == .semicolon { parser.index += 1 }
    if parser.current.kind != .end {
      if parser.tokens[parser.index - 1].kind == .semicolon {
        throw parser.error(
          "expected end of input after ';'; run several statements as a script",
          expected: ["end of input"])
      }
      throw parser.unexpectedAfterQuery()
    }
    if checkingShape { try Parser.check(statement, source: bytes) }
    return statement
  }

  /// The scope-free checks `parseStatement` runs (see `Parser+Checks.swift`).
  ///
  /// - Throws: `QueryError` with stage `.semantic` for the first rule broken.
  public static func checkShape(_ statement: ParsedStatement, source: String) throws(QueryError) {
    try check(statement, source: Array(source.utf8))
  }

  /// Splits a script into statements at top-level `;` and parses each one.
  ///
  /// Statements that are empty or only comments are skipped. Each entry's span
  /// runs from the statement's first token to its last (without the `;`). A bad
  /// statement does not stop the others from being parsed.
  public static func parseScript(_ text: String) -> [ScriptStatement] {
    let bytes = Array(text.utf8)
    let allTokens = Lexer.tokenize(utf8: bytes)
    var statements: [ScriptStatement] = []
    var start = 0
    for (i, token) in allTokens.enumerated() where token.kind == .semicolon || token.kind == .end {
      if i > start {
        var tokens = Array(allTokens[start..<i])
        tokens.append(Token(kind: .end, span: SourceSpan(at: token.span.utf8Start)))
        let span = tokens[0].span.union(tokens[tokens.count - 2].span)
        var parser = Parser(bytes: bytes, tokens: tokens)
        let result: Result<ParsedStatement, QueryError>
        do throws(QueryError) {
          let statement = try parser.parseStatement()
          if parser.current.kind != .end { throw parser.unexpectedAfterQuery() }
          try Parser.check(statement, source: bytes)
          result = .success(statement)
        } catch {
          result = .failure(error)
        }
        statements.append(ScriptStatement(span: span, result: result))
      }
      start = i + 1
    }
    return statements
  }

  /// Parses a standalone expression, such as a `:param` value typed in the shell.
  ///
  /// - Throws: `QueryError` when `text` is not exactly one expression.
  public static func parseExpression(_ text: String) throws(QueryError) -> ParsedExpression {
    let bytes = Array(text.utf8)
    var parser = Parser(bytes: bytes, tokens: Lexer.tokenize(utf8: bytes))
    let expression = try parser.parseExpression()
    if parser.current.kind != .end {
      throw parser.error("expected end of input after the expression", expected: ["end of input"])
    }
    return expression
  }

  // MARK: - Tokens

  var current: Token { tokens[index] }

  /// The token `distance` ahead; the `.end` token when past the end.
  func peek(_ distance: Int = 1) -> Token {
    tokens[min(index + distance, tokens.count - 1)]
  }

  func isKeyword(_ keyword: Keyword, at distance: Int = 0) -> Bool {
    let token = peek(distance)
    return token.kind == .identifier && token.keyword == keyword
  }

  /// Consumes the current token and returns it; never moves past `.end`.
  @discardableResult
  mutating func advance() -> Token {
    let token = tokens[index]
    if index < tokens.count - 1 { index += 1 }
    return token
  }

  /// Consumes `keyword` if it is next.
  mutating func accept(_ keyword: Keyword) -> Token? {
    guard isKeyword(keyword) else { return nil }
    return advance()
  }

  /// Consumes a token of `kind` if it is next.
  mutating func accept(_ kind: Token.Kind) -> Token? {
    guard current.kind == kind else { return nil }
    return advance()
  }

  /// Consumes `kind` or throws "expected `symbol` `purpose`".
  @discardableResult
  mutating func expect(_ kind: Token.Kind, _ symbol: String, _ purpose: String) throws(QueryError)
    -> Token
  {
    guard current.kind == kind else {
      throw error("expected '\(symbol)' \(purpose)", expected: ["'\(symbol)'"])
    }
    return advance()
  }

  /// Consumes `keyword` or throws "expected `KEYWORD` `purpose`".
  @discardableResult
  mutating func expect(_ keyword: Keyword, _ purpose: String) throws(QueryError) -> Token {
    guard isKeyword(keyword) else {
      throw error("expected '\(keyword.rawValue)' \(purpose)", expected: [keyword.rawValue])
    }
    return advance()
  }

  /// The end of the last consumed token.
  var previousEnd: Int { index > 0 ? tokens[index - 1].span.utf8End : 0 }

  /// The span from `start` (a UTF-8 offset) to the end of the last consumed token.
  func span(from start: Int) -> SourceSpan {
    SourceSpan(utf8Start: start, utf8End: max(start, previousEnd))
  }

  func text(of token: Token) -> String {
    String(decoding: bytes[token.span.utf8Start..<token.span.utf8End], as: UTF8.self)
  }

  /// How a token is named in a message: `'RETURN'`, `end of input`.
  func describe(_ token: Token) -> String {
    switch token.kind {
    case .end: return "end of input"
    case .string: return "string literal"
    default:
      var shown = text(of: token)
      if shown.count > 24 { shown = String(shown.prefix(24)) + "…" }
      return "'\(shown)'"
    }
  }

  // MARK: - Nesting

  /// Counts one level of nesting; call `leave()` (usually by `defer`) when done.
  mutating func enter() throws(QueryError) {
    depth += 1
    if depth > Parser.maximumDepth {
      throw QueryError(
        stage: .syntax, code: .nestingTooDeep,
        message:
          "the query nests or chains operators more than \(Parser.maximumDepth) levels deep",
        span: current.span)
    }
  }

  mutating func leave() { depth -= 1 }

  /// Runs `body`; on error, rewinds to where it started and returns nil.
  mutating func attempt<T>(_ body: (inout Parser) throws(QueryError) -> T) -> T? {
    let saved = (index, depth, allowsPatternPredicates)
    do {
      return try body(&self)
    } catch {
      (index, depth, allowsPatternPredicates) = saved
      return nil
    }
  }

  // MARK: - Errors

  /// A syntax error at the current token, unless that token is itself invalid:
  /// then the lexer's reason wins, since it is the real problem.
  func error(
    _ message: String, expected: [String] = [], code: QueryError.Code = .unexpectedSyntax,
    suggestion: String? = nil
  ) -> QueryError {
    error(message, at: current, expected: expected, code: code, suggestion: suggestion)
  }

  func error(
    _ message: String, at token: Token, expected: [String] = [],
    code: QueryError.Code = .unexpectedSyntax, suggestion: String? = nil
  ) -> QueryError {
    if case .invalid(let reason) = token.kind {
      return QueryError(
        stage: .syntax, code: reason.code, message: reason.message, span: token.span,
        suggestion: reason.suggestion)
    }
    let found = token.kind == .end ? "reached end of input" : "found \(describe(token))"
    return QueryError(
      stage: .syntax, code: code, message: "\(message), \(found)", span: token.span,
      expected: expected, suggestion: suggestion)
  }

  /// An error at a span that is not the current token (a whole pattern, a literal).
  func error(at span: SourceSpan, code: QueryError.Code, _ message: String) -> QueryError {
    QueryError(stage: .syntax, code: code, message: message, span: span)
  }

  /// The error for a token left over after a complete query.
  func unexpectedAfterQuery() -> QueryError {
    var suggestion: String?
    if current.kind == .identifier, current.keyword == nil {
      suggestion = Diagnostics.nearest(
        to: text(of: current).uppercased(), among: Parser.clauseKeywords)
    }
    return error(
      "expected a clause, UNION or end of input", expected: ["a clause", "UNION", "end of input"],
      suggestion: suggestion)
  }

  static let clauseKeywords = [
    "MATCH", "OPTIONAL MATCH", "UNWIND", "WITH", "RETURN", "CREATE", "MERGE", "SET", "REMOVE",
    "DELETE", "DETACH DELETE", "UNION",
  ]
}

/// One statement of a script: where it is in the text, and what parsing it gave.
public struct ScriptStatement: Sendable {
  /// From the statement's first token to its last, without the `;`.
  public var span: SourceSpan
  public var result: Result<ParsedStatement, QueryError>

  public init(span: SourceSpan, result: Result<ParsedStatement, QueryError>) {
    self.span = span
    self.result = result
  }
}
