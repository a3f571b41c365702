// Property indexes from the command line: `guanxi import DIR` makes the `id` indexes the
// benchmark queries use, `CREATE INDEX` / `DROP INDEX` change them, and a later process
// (a session of its own, reading the file afresh) plans an index seek from what the
// file holds.

import Foundation
import GuanxiGraph
import Testing

@testable import GuanxiShell

@Suite struct IndexCommandTests {
  static let seekQuery = "EXPLAIN MATCH (p:Person) WHERE p.id = 2 RETURN p.name"

  /// The operators of `seekQuery`'s plan, as a fresh session on `path` plans it.
  func operators(in path: String) throws -> [String] {
    try column(Self.seekQuery, in: path).map { $0.trimmingCharacters(in: .whitespaces) }
  }

  @Test func importOfABenchFolderKeepsTheIdIndexes() throws {
    let workspace = try Workspace()
    try FileManager.default.createDirectory(
      atPath: workspace.file("bench"), withIntermediateDirectories: false)
    try workspace.write("bench/nodes.csv", "id,label,name,props\n0,Place,安徽省,{}\n2,Person,韩俊,{}\n")
    try workspace.write("bench/edges.csv", "src,type,dst,props\n2,HOLDS,0,{}\n")
    let graph = workspace.file("g.gx")
    let run = guanxi("import", workspace.file("bench"), "-o", graph)
    #expect(run.status == 0, "\(run.error)")
    #expect(try operators(in: graph).contains("NodeIndexSeek"))
    #expect(try column("MATCH (p:Person) WHERE p.id = 2 RETURN p.name", in: graph) == ["韩俊"])
    #expect(try column("SHOW INDEXES", in: graph) == ["index_Person_id", "index_Place_id"])
    let stats = guanxi("stats", graph)
    #expect(stats.output.contains("index_Person_id  :Person(id)"), "\(stats.output)")
  }

  @Test func createAndDropIndexAreKeptInTheGraphFile() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    #expect(
      guanxi("query", graph, "-e", "MATCH (p:Person {name: '韩俊'}) SET p.id = 2").status == 0)
    #expect(try !operators(in: graph).contains("NodeIndexSeek"))

    let create = guanxi("query", graph, "-e", "CREATE INDEX pid FOR (p:Person) ON (p.id)")
    #expect(create.status == 0, "\(create.error)")
    #expect(try operators(in: graph).contains("NodeIndexSeek"))
    #expect(try column("MATCH (p:Person) WHERE p.id = 2 RETURN p.name", in: graph) == ["韩俊"])
    // After a checkpoint (folded into the snapshot) as well as from the journal.
    let session = try GraphSession(path: graph, access: .readWrite)
    try session.checkpoint()
    session.file.close()
    #expect(try operators(in: graph).contains("NodeIndexSeek"))

    let again = guanxi("query", graph, "-e", "CREATE INDEX pid FOR (p:Person) ON (p.id)")
    #expect(again.status == 1)
    #expect(again.error.contains("IndexAlreadyExists"), "\(again.error)")
    let quiet = guanxi(
      "query", graph, "-e", "CREATE INDEX pid IF NOT EXISTS FOR (p:Person) ON (p.id)")
    #expect(quiet.status == 0, "\(quiet.error)")

    #expect(guanxi("query", graph, "-e", "DROP INDEX pid").status == 0)
    #expect(try !operators(in: graph).contains("NodeIndexSeek"))
    let missing = guanxi("query", graph, "-e", "DROP INDEX pid")
    #expect(missing.status == 1)
    #expect(missing.error.contains("IndexNotFound"), "\(missing.error)")
    #expect(guanxi("query", graph, "-e", "DROP INDEX pid IF EXISTS").status == 0)
  }

  @Test func schemaCommandListsIndexes() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let session = try GraphSession(path: graph, access: .readWrite)
    defer { session.file.close() }
    let backend = SessionBackend(session: session)
    let before = try #require(try backend.command("schema", arguments: []))
    #expect(before.contains("indexes: none"))
    _ = try session.run(statement: "CREATE INDEX FOR (m:Meeting) ON (m.date)", parameters: [:])
    let after = try #require(try backend.command("schema", arguments: []))
    #expect(after.contains("index_Meeting_date  :Meeting(date)"), "\(after)")
  }

  @Test func readOnlySessionRefusesIndexChanges() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let session = try GraphSession(path: graph, access: .readOnly)
    #expect(throws: (any Error).self) {
      try session.run(statement: "CREATE INDEX FOR (p:Person) ON (p.id)", parameters: [:])
    }
    #expect(try session.run(statement: "SHOW INDEXES", parameters: [:]).rows.isEmpty)
  }
}
