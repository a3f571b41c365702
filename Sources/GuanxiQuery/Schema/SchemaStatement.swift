import GuanxiGraph

/// A statement about the graph's indexes rather than its data, in Neo4j 5's openCypher
/// spelling:
///
/// ```
/// CREATE [RANGE] INDEX [name] [IF NOT EXISTS] FOR (n:Label) ON (n.key)
/// DROP INDEX name [IF EXISTS]
/// SHOW INDEX | SHOW INDEXES
/// ```
///
/// An unnamed index is called `index_<Label>_<key>`. Index definitions are stored in the
/// snapshot and journalled like any write (`Graph.createIndex(_:)`), so an index made once
/// serves every later process: `MATCH (p:Person) WHERE p.id = 42` is then a seek.
///
/// ```swift
/// if let schema = try SchemaStatement.parse("CREATE INDEX FOR (p:Person) ON (p.id)") {
///   let result = try schema.run(on: graph)  // one row: index_Person_id, Person, id, created
/// }
/// ```
public enum SchemaStatement: Hashable, Sendable {
  case createIndex(IndexDefinition, ifNotExists: Bool)
  case dropIndex(name: String, ifExists: Bool)
  case showIndexes

  /// Whether running the statement can change the graph.
  public var isUpdating: Bool {
    if case .showIndexes = self { return false }
    return true
  }

  /// The columns of every schema statement's result.
  public static let columns = ["name", "label", "property", "state"]

  /// Parses `text` when it is a schema statement, or returns nil when it does not start
  /// like one (so the caller hands it to `PreparedQuery`).
  ///
  /// - Throws: `QueryError` `.unexpectedSyntax`, with the span of the offending token,
  ///   when it starts like one but does not follow the grammar above.
  public static func parse(_ text: String) throws(QueryError) -> SchemaStatement? {
    var parser = SchemaParser(text)
    return try parser.statement()
  }

  /// Runs the statement: creates or drops the index, or lists them all.
  ///
  /// - Throws: `QueryError` at stage `.runtime`: `IndexAlreadyExists` (without `IF NOT
  ///   EXISTS`), `IndexNotFound` (without `IF EXISTS`).
  public func run(on graph: Graph) throws(QueryError) -> QueryResult {
    switch self {
    case .createIndex(let definition, let ifNotExists):
      do {
        try graph.createIndex(definition)
        return SchemaStatement.result([(definition, "created")])
      } catch {
        guard ifNotExists, error.code == .indexExists else { throw runtimeError(error) }
        return SchemaStatement.result([(definition, "exists")])
      }
    case .dropIndex(let name, let ifExists):
      guard let definition = graph.index(named: name) else {
        if ifExists { return SchemaStatement.result([]) }
        throw runtimeError(GraphError(.indexNotFound, "there is no index named '\(name)'"))
      }
      do {
        try graph.dropIndex(named: name)
      } catch {
        throw runtimeError(error)
      }
      return SchemaStatement.result([(definition, "dropped")])
    case .showIndexes:
      return SchemaStatement.result(graph.indexes.map { ($0, "online") })
    }
  }

  private func runtimeError(_ error: GraphError) -> QueryError {
    QueryError(
      stage: .runtime, code: QueryError.Code(rawValue: error.code.rawValue),
      message: error.message, span: nil)
  }

  private static func result(_ rows: [(IndexDefinition, String)]) -> QueryResult {
    QueryResult(
      columns: columns,
      rows: rows.map { d, state in
        [d.name, d.label, d.key, state].map { QueryValue.value(.string($0)) }
      })
  }
}

/// The recursive-descent reader of `SchemaStatement`, over the query lexer's tokens.
private struct SchemaParser {
  let text: String
  let bytes: [UInt8]
  let tokens: [Token]
  var position = 0

  init(_ text: String) {
    self.text = text
    self.bytes = Array(text.utf8)
    self.tokens = Lexer.tokenize(utf8: bytes)
  }

  var current: Token { tokens[min(position, tokens.count - 1)] }

  /// The word the current token spells, upper-cased, or nil when it is no plain word.
  func word(at offset: Int = 0) -> String? {
    let token = tokens[min(position + offset, tokens.count - 1)]
    guard token.kind == .identifier else { return nil }
    return String(decoding: bytes[token.span.utf8Start..<token.span.utf8End], as: UTF8.self)
      .uppercased()
  }

  mutating func statement() throws(QueryError) -> SchemaStatement? {
    switch (word(), word(at: 1), word(at: 2)) {
    case ("CREATE", "INDEX", _):
      position += 2
      return try createIndex()
    case ("CREATE", "RANGE", "INDEX"):
      position += 3
      return try createIndex()
    case ("DROP", "INDEX", _):
      position += 2
      let name = try name("an index name")
      let ifExists = try optionalWords(["IF", "EXISTS"])
      try end()
      return .dropIndex(name: name, ifExists: ifExists)
    case ("SHOW", "INDEX", _), ("SHOW", "INDEXES", _):
      position += 2
      try end()
      return .showIndexes
    default:
      return nil
    }
  }

  /// After `CREATE INDEX`: `[name] [IF NOT EXISTS] FOR (v:Label) ON (v.key)`.
  mutating func createIndex() throws(QueryError) -> SchemaStatement {
    var indexName: String? = nil
    if word() != "FOR" && !(word() == "IF" && word(at: 1) == "NOT") {
      indexName = try name("an index name")
    }
    let ifNotExists = try optionalWords(["IF", "NOT", "EXISTS"])
    try expectWord("FOR")
    try expect(.leftParen, "'('")
    let variable = try name("a variable")
    try expect(.colon, "':' and a label")
    let label = try name("a label")
    try expect(.rightParen, "')'")
    try expectWord("ON")
    try expect(.leftParen, "'('")
    let variableSpan = current.span
    guard try name("'\(variable)'") == variable else {
      throw failure("expected '\(variable)', the variable of the pattern", at: variableSpan)
    }
    try expect(.dot, "'.' and a property key")
    let key = try name("a property key")
    if current.kind == .comma {
      throw failure("an index covers one property; composite indexes are not supported")
    }
    try expect(.rightParen, "')'")
    try end()
    return .createIndex(
      IndexDefinition(name: indexName, label: label, key: key), ifNotExists: ifNotExists)
  }

  /// `words` in order if the first is there (then all must follow); false if it is not.
  mutating func optionalWords(_ words: [String]) throws(QueryError) -> Bool {
    guard word() == words[0] else { return false }
    for w in words { try expectWord(w) }
    return true
  }

  mutating func expectWord(_ w: String) throws(QueryError) {
    guard word() == w else { throw failure("expected \(w)") }
    position += 1
  }

  mutating func expect(_ kind: Token.Kind, _ what: String) throws(QueryError) {
    guard current.kind == kind else { throw failure("expected \(what)") }
    position += 1
  }

  /// A plain or back-quoted name.
  mutating func name(_ what: String) throws(QueryError) -> String {
    let token = current
    let raw = String(decoding: bytes[token.span.utf8Start..<token.span.utf8End], as: UTF8.self)
    switch token.kind {
    case .identifier:
      position += 1
      return raw
    case .quotedIdentifier where raw.count > 2:
      position += 1
      var name = ""
      var isAfterQuote = false
      for c in raw.dropFirst().dropLast() {
        // `` stands for one back quote.
        if c == "`" && isAfterQuote {
          isAfterQuote = false
          continue
        }
        isAfterQuote = c == "`"
        name.append(c)
      }
      return name
    default:
      throw failure("expected \(what)")
    }
  }

  /// Only an optional `;` may follow.
  mutating func end() throws(QueryError) {
    if current.kind == .semicolon { position += 1 }
    guard current.kind == .end else { throw failure("expected the end of the statement") }
  }

  func failure(_ message: String, at span: SourceSpan? = nil) -> QueryError {
    let token = current
    if case .invalid(let invalid) = token.kind {
      return QueryError(
        stage: .syntax, code: invalid.code, message: invalid.message, span: token.span)
    }
    return QueryError(
      stage: .syntax, code: .unexpectedSyntax, message: message, span: span ?? token.span)
  }
}
