import Foundation
import GuanxiGraph
import GuanxiQuery
import Testing

/// EXPLAIN and PROFILE speak the user's names: variables as written, `anon_N` for what
/// had none, aggregates as written (`count(*)`, not `count(*)()` or a slot number).
///
/// The plans of `queries` on the executor fixture are kept in `Golden/plans.txt`;
/// `RECORD_GOLDEN=1` rewrites the file and fails, so a recording run never passes.
@Suite struct PlanGoldenTests {
  static let queries = [
    "EXPLAIN MATCH (m:Meeting)<-[:ATTENDED]-(q) WITH m, count(*) AS n RETURN m.name, n ORDER BY n DESC LIMIT 3",
    "EXPLAIN MATCH (p:Person)-[:HOLDS]->()-[:LOCATED_IN*1..2]->(x) RETURN p.name, collect(DISTINCT x.name) AS places, percentileDisc(size(p.name), 0.5)",
    "EXPLAIN MATCH (a:Person {name: $name}), (b:Person) MATCH p = shortestPath((a)-[*..5]-(b)) RETURN length(p), [(a)-->(z) | z.name] AS names",
    "EXPLAIN UNWIND range(1, 3) AS x CREATE (:Tmp {v: x})-[:R]->(:Tmp)",
    "EXPLAIN MATCH (p:Person) WHERE any(t IN [p.name] WHERE t STARTS WITH '高') RETURN p {.name, n: size(p.name)} AS card, reduce(s = 0, x IN [1, 2] | s + x) AS total, CASE WHEN p.name = '韩俊' THEN 1 ELSE 0 END AS flag",
    "EXPLAIN MATCH (p:Person) WHERE exists { (p)-[:PRESIDED]->(:Meeting) } RETURN p.name",
    "EXPLAIN OPTIONAL MATCH (p:Person)-[h:HOLDS]->(x) RETURN p.name, count(h) AS posts",
    "EXPLAIN MATCH path = (:Person)-[:ATTENDED]->(m) RETURN path, [y IN range(1, 3) | y * 2] AS doubled",
    "PROFILE MATCH (p:Person) RETURN count(*), count(p) AS c, sum(size(p.name)) AS chars",
  ]

  static var goldenURL: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Golden/plans.txt")
  }

  /// A plan as table rows, `operator | details | estimate` (PROFILE: rows, not times).
  static func render(_ result: QueryResult) -> [String] {
    result.rows.map { row in
      row.prefix(3).map { cell -> String in
        switch cell {
        case .value(.string(let s)): s
        case .value(.int(let i)): String(i)
        default: "\(cell)"
        }
      }.joined(separator: " | ")
    }
  }

  static func actual() throws -> String {
    var text = "# EXPLAIN and PROFILE on the executor fixture (PlanGoldenTests). Rewritten by\n"
    text += "# RECORD_GOLDEN=1; review changes like code.\n"
    for query in queries {
      let graph = try ExecutorFixture.make()
      let result = try PreparedQuery(query, graph: graph).run(
        on: graph, parameters: ["name": "韩俊"])
      text += "\n" + query + "\n" + render(result).joined(separator: "\n") + "\n"
    }
    return text
  }

  @Test func plansMatchTheGoldenFile() throws {
    let actual = try Self.actual()
    if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
      try Data(actual.utf8).write(to: Self.goldenURL)
      Issue.record("recorded Golden/plans.txt; unset RECORD_GOLDEN and run again")
      return
    }
    let expected = try String(contentsOf: Self.goldenURL, encoding: .utf8)
    #expect(actual == expected)
  }

  /// Over every query of the case files: no slot number, no `_N`, no `count(*)()`.
  @Test func noPlanShowsAnInternalName() throws {
    let internalName = try NSRegularExpression(
      pattern: #"(^|[^\p{L}\p{N}_])_[0-9]|[(\[]  ?[0-9]|\(\*\)\(|= *[0-9]+ = "#)
    var checked = 0
    for c in QueryCase.all {
      let graph = try ExecutorFixture.make()
      // Statements that do not prepare, or miss a parameter, have no plan to show.
      guard let query = try? PreparedQuery("EXPLAIN " + c.query, graph: graph),
        let result = try? query.run(
          on: graph, parameters: ["name": "高强", "from": "2023-01-01", "skip": 3])
      else { continue }
      for line in Self.render(result) {
        let range = NSRange(line.startIndex..<line.endIndex, in: line)
        #expect(internalName.firstMatch(in: line, range: range) == nil, "\(c.query)\n\(line)")
      }
      checked += 1
    }
    #expect(checked > 50)
  }
}
