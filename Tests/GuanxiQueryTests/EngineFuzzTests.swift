import Foundation
import GuanxiGraph
import GuanxiQuery
import Testing

/// Random and mutated queries through parse, bind, plan and execute on the fixture
/// graph: every one must give rows or a clean `QueryError`, with a span inside the
/// text, within its step budget.
@Suite struct EngineFuzzTests {
  struct Generator {
    var state: UInt64

    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
  }

  static let fragments = [
    "MATCH (p:Person)", "MATCH (p)-[r]->(q)", "OPTIONAL MATCH (p)-[:ATTENDED]->(m:Meeting)",
    "MATCH (a:Place)<-[:LOCATED_IN*0..2]-(b)", "WHERE p.name STARTS WITH '高'",
    "WHERE q.level = 'city'",
    "WITH p, count(*) AS c", "WITH *", "UNWIND [1, 2, null, [3]] AS x", "UNWIND range(1, 3) AS x",
    "RETURN p", "RETURN count(*)", "RETURN p.name ORDER BY p.name", "RETURN DISTINCT x", "RETURN *",
    "RETURN collect(x) AS xs", "RETURN x + 1 AS y", "SKIP 1", "LIMIT 2", "CREATE (n:Tmp {v: 1})",
    "SET p.v = 2", "REMOVE p.v", "DETACH DELETE p", "MERGE (t:Tmp {v: 3})", "RETURN size(p.name)",
    "RETURN [z IN range(1, 5) WHERE z % 2 = 0 | z * z] AS sq",
    "RETURN reduce(s = 0, z IN [1, 2] | s + z)",
    "MATCH path = shortestPath((p)-[*..4]-(q))", "RETURN length(path)", "RETURN p {.name, .*}",
    "WHERE exists { (p)-[:HOLDS]->() }", "RETURN CASE WHEN p.name IS NULL THEN 0 ELSE 1 END",
    "RETURN toInteger(p.name)", "RETURN 1 / 0", "RETURN date('2024-01-01').year",
  ]

  static let seedQueries = QueryCase.all.map(\.query)

  static func mutate(_ text: String, _ g: inout Generator) -> String {
    var chars = Array(text)
    guard !chars.isEmpty else { return text }
    let tokens = [
      "(", ")", "[", "]", "{", "}", ",", ".", ":", "'", "*", "..", "-", "->", "<-", "|", " ",
      "$name", "null", "0", "1e309", "高",
    ]
    for _ in 0..<(1 + Int(g.next() % 3)) {
      let i = Int(g.next() % UInt64(chars.count))
      switch g.next() % 3 {
      case 0: chars.remove(at: i)
      case 1: chars.insert(contentsOf: g.pick(tokens), at: i)
      default: chars.swapAt(i, Int(g.next() % UInt64(chars.count)))
      }
      if chars.isEmpty { break }
    }
    return String(chars)
  }

  /// Statements generated or mutated per seed; four seeds run 3,000 in all.
  static let statementsPerSeed = 750

  @Test(arguments: [1, 2, 3, 4] as [UInt64])
  func queriesGiveRowsOrCleanErrors(seed: UInt64) throws {
    var g = Generator(state: seed)
    var ran = 0
    var failed = 0
    for i in 0..<Self.statementsPerSeed {
      let text: String
      if i % 2 == 0 {
        text = (0..<(1 + Int(g.next() % 4))).map { _ in g.pick(Self.fragments) }.joined(
          separator: " ")
      } else {
        text = Self.mutate(g.pick(Self.seedQueries), &g)
      }
      let graph = try ExecutorFixture.make()
      do {
        let query = try PreparedQuery(text, graph: graph)
        _ = try query.run(
          on: graph, parameters: ["name": "高强", "from": "2023-01-01", "skip": 1],
          options: .init(budget: 200_000))
        ran += 1
      } catch {
        failed += 1
        #expect(!error.message.isEmpty)
        #expect(error.code.rawValue != "Internal", "\(text): \(error)")
        // Every error has a place in the text, except running out of budget.
        if error.code.rawValue != "BudgetExceeded" {
          #expect(error.span?.isInside(utf8Count: text.utf8.count) == true, "\(text): \(error)")
        }
      }
      try graph.checkInvariants()
    }
    #expect(ran > 20)
    #expect(ran + failed == Self.statementsPerSeed)
  }
}
