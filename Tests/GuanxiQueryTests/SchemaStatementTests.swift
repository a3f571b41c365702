import GuanxiGraph
import Testing

@testable import GuanxiQuery

@Suite struct SchemaStatementTests {
  struct ParseCase: Sendable, CustomTestStringConvertible {
    var text: String
    var expected: SchemaStatement?
    var testDescription: String { text }
  }

  static let person = IndexDefinition(name: "pid", label: "Person", key: "id")

  @Test(arguments: [
    ParseCase(
      text: "CREATE INDEX pid FOR (p:Person) ON (p.id)",
      expected: .createIndex(person, ifNotExists: false)),
    ParseCase(
      text: "create range index pid if not exists for (p:Person) on (p.id);",
      expected: .createIndex(person, ifNotExists: true)),
    ParseCase(
      text: "CREATE INDEX FOR (n:`人 员`) ON (n.`编``号`)",
      expected: .createIndex(IndexDefinition(label: "人 员", key: "编`号"), ifNotExists: false)),
    ParseCase(
      text: "CREATE INDEX IF NOT EXISTS FOR (n:Meeting) ON (n.date)",
      expected: .createIndex(IndexDefinition(label: "Meeting", key: "date"), ifNotExists: true)),
    ParseCase(text: "DROP INDEX pid", expected: .dropIndex(name: "pid", ifExists: false)),
    ParseCase(
      text: "drop index pid if exists ;", expected: .dropIndex(name: "pid", ifExists: true)),
    ParseCase(text: "SHOW INDEXES", expected: .showIndexes),
    ParseCase(text: "CREATE (n:Index)", expected: nil),
    ParseCase(text: "MATCH (n) RETURN n", expected: nil),
  ])
  func parses(_ c: ParseCase) throws {
    #expect(try SchemaStatement.parse(c.text) == c.expected)
  }

  @Test(arguments: [
    "CREATE INDEX pid FOR (p:Person) ON 1️⃣p.id",
    "CREATE INDEX pid FOR (p:Person) ON (1️⃣q.id)",
    "CREATE INDEX pid FOR (p1️⃣) ON (p.id)",
    "CREATE INDEX pid FOR (p:Person) ON (p.id1️⃣, p.name)",
    "CREATE INDEX pid IF 1️⃣EXISTS FOR (p:Person) ON (p.id)",
    "DROP INDEX 1️⃣",
    "DROP INDEX pid 1️⃣CASCADE",
    "SHOW INDEXES 1️⃣now",
  ])
  func reportsSyntaxErrorsWithTheirSpan(_ marked: String) {
    let (text, markers) = (MarkedText(marked).text, MarkedText(marked).markers)
    let error = #expect(throws: QueryError.self) { try SchemaStatement.parse(text) }
    #expect(error?.code == .unexpectedSyntax)
    #expect(error?.span?.utf8Start == markers["1️⃣"])
  }

  @Test func runCreatesShowsAndDrops() throws {
    let g = Graph()
    g.createNode(labels: ["Person"], properties: ["name": "韩俊", "id": 2])
    func run(_ text: String) throws -> [[QueryValue]] {
      try #require(try SchemaStatement.parse(text)).run(on: g).rows
    }
    #expect(try run("CREATE INDEX pid FOR (p:Person) ON (p.id)")[0].last == .value("created"))
    #expect(
      try run("CREATE INDEX pid IF NOT EXISTS FOR (p:Person) ON (p.id)")[0].last == .value("exists")
    )
    #expect(g.indexedNodes(key: g.symbol("id"), equalTo: 2) == [NodeID(0)])
    #expect(try run("SHOW INDEXES").map(\.first) == [.value("pid")])
    let twice = #expect(throws: QueryError.self) {
      try run("CREATE INDEX other FOR (p:Person) ON (p.id)")
    }
    #expect(twice?.code == "IndexAlreadyExists")
    #expect(try run("DROP INDEX pid")[0].last == .value("dropped"))
    #expect(try run("DROP INDEX pid IF EXISTS").isEmpty)
    let missing = #expect(throws: QueryError.self) { try run("DROP INDEX pid") }
    #expect(missing?.code == "IndexNotFound")
    #expect(g.indexedNodes(key: g.symbol("id"), equalTo: 2) == nil)
  }
}
