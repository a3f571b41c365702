import Foundation
import GuanxiGraph
import GuanxiQuery
import Testing

/// A statement that must fail cleanly (no trap, no abort, no allocation it cannot
/// afford), with 1️⃣ where its error must point; no marker for an error of the whole
/// statement (a buffer of the statement outgrew the budget).
struct SafetyErrorCase: Sendable, CustomTestStringConvertible {
  var marked: String
  var code: QueryError.Code
  var parameters: [String: Value] = [:]
  /// The memory budget the statement runs under.
  var memoryLimit = 1 << 20
  var testDescription: String { "\(code): \(marked)" }
}

/// A statement on boundary numbers that must give these rows (cells as the case files
/// spell them) instead of trapping.
struct SafetyRowsCase: Sendable, CustomTestStringConvertible {
  var query: String
  var rows: [String]
  var testDescription: String { query }
}

/// Issue 10: no statement can crash, abort or hang the process. Each case is a class of
/// trap found or audited (overflow of user integers, NaN and infinity conversions,
/// allocation in proportion to a number the user wrote); the limits (memory, time,
/// cancellation) stop a statement with a clear error and roll it back.
@Suite struct SafetyTests {
  static let errorCases: [SafetyErrorCase] = [
    // The four traps of the issue, now errors.
    SafetyErrorCase(marked: "RETURN 1️⃣range(0, 9223372036854775807)", code: .memoryLimitExceeded),
    SafetyErrorCase(
      marked: "MATCH (n) RETURN 1️⃣percentileCont(id(n), 0.0/0)", code: .numberOutOfRange),
    SafetyErrorCase(marked: "RETURN size(1️⃣range(1, 10000000000))", code: .memoryLimitExceeded),
    SafetyErrorCase(
      marked: "MATCH (n) RETURN 1️⃣percentileDisc(id(n), 1.0/0)", code: .numberOutOfRange),
    SafetyErrorCase(
      marked: "UNWIND [1, 2] AS x RETURN 1️⃣percentileDisc(x, $p)", code: .numberOutOfRange,
      parameters: ["p": .float(-.infinity)]),
    // Ranges whose length overflows 64 bits, both ways.
    SafetyErrorCase(
      marked: "RETURN 1️⃣range(-9223372036854775808, 9223372036854775807)",
      code: .memoryLimitExceeded),
    SafetyErrorCase(
      marked: "RETURN 1️⃣range(9223372036854775807, -9223372036854775808, -1)",
      code: .memoryLimitExceeded),
    SafetyErrorCase(
      marked: "RETURN [x IN 1️⃣range(1, 100000000) | x] AS xs", code: .memoryLimitExceeded),
    // Integer arithmetic on boundary values.
    SafetyErrorCase(marked: "RETURN 1️⃣abs(-9223372036854775808)", code: .integerOverflow),
    SafetyErrorCase(marked: "RETURN 1️⃣-9223372036854775808 / -1", code: .integerOverflow),
    SafetyErrorCase(marked: "RETURN 1️⃣9223372036854775807 + 1", code: .integerOverflow),
    SafetyErrorCase(marked: "RETURN 1️⃣-9223372036854775808 - 1", code: .integerOverflow),
    SafetyErrorCase(marked: "RETURN 1️⃣4611686018427387904 * 2", code: .integerOverflow),
    SafetyErrorCase(
      marked: "UNWIND [9223372036854775807, 1] AS x RETURN 1️⃣sum(x)", code: .integerOverflow),
    SafetyErrorCase(marked: "RETURN 1️⃣toInteger(1e300)", code: .numberOutOfRange),
    SafetyErrorCase(marked: "RETURN 1️⃣toInteger(0.0 / 0)", code: .numberOutOfRange),
    // Builders that grow a value past the budget, each stopped before it allocates.
    SafetyErrorCase(
      marked: "RETURN reduce(s = 'x', i IN range(1, 64) | 1️⃣s + s)", code: .memoryLimitExceeded),
    SafetyErrorCase(
      marked: "RETURN reduce(l = [1], i IN range(1, 64) | 1️⃣l + l)", code: .memoryLimitExceeded),
    SafetyErrorCase(
      marked: "RETURN 1️⃣replace($s, '', $s)", code: .memoryLimitExceeded,
      parameters: ["s": .string(String(repeating: "高", count: 2000))]),
    SafetyErrorCase(
      marked: "RETURN 1️⃣replace($s, 'a', $s)", code: .memoryLimitExceeded,
      parameters: ["s": .string(String(repeating: "a", count: 2000))]),
    SafetyErrorCase(
      marked: "RETURN 1️⃣split($s, '')", code: .memoryLimitExceeded,
      parameters: ["s": .string(String(repeating: "强", count: 50_000))]),
    SafetyErrorCase(
      marked: "WITH range(1, 30000) AS l RETURN size(1️⃣tail(l)) + size(l)",
      code: .memoryLimitExceeded, memoryLimit: 1_000_000),
    SafetyErrorCase(
      marked: "WITH range(1, 30000) AS l RETURN size(1️⃣reverse(l)) + size(l)",
      code: .memoryLimitExceeded, memoryLimit: 1_000_000),
    SafetyErrorCase(
      marked: "WITH range(1, 30000) AS l RETURN size(1️⃣l[1..]) + size(l)",
      code: .memoryLimitExceeded, memoryLimit: 1_000_000),
    SafetyErrorCase(
      marked: "UNWIND range(1, 100) AS i RETURN size(1️⃣collect(range(1, 1000)))",
      code: .memoryLimitExceeded),
    SafetyErrorCase(
      marked: "RETURN size(1️⃣[(a)-->(b) | range(1, 5000)])", code: .memoryLimitExceeded),
    // Buffers of the whole statement: ORDER BY, DISTINCT, the result rows.
    SafetyErrorCase(
      marked: "UNWIND range(1, 100000) AS x RETURN x ORDER BY x DESC LIMIT 99999",
      code: .memoryLimitExceeded),
    SafetyErrorCase(
      marked: "UNWIND range(1, 100000) AS x WITH DISTINCT x RETURN count(*)",
      code: .memoryLimitExceeded),
    SafetyErrorCase(marked: "UNWIND range(1, 100000) AS x RETURN x", code: .memoryLimitExceeded),
    // Bounds the grammar refuses.
    SafetyErrorCase(
      marked: "MATCH (a)-[*1..1️⃣9223372036854775807]->(b) RETURN count(*)",
      code: .invalidRelationshipPattern),
    SafetyErrorCase(
      marked: "MATCH p = shortestPath((a)-[*..1️⃣99999999999]-(b)) RETURN p",
      code: .invalidRelationshipPattern),
    SafetyErrorCase(
      marked: "RETURN 1️⃣date({year: 9223372036854775807})", code: .invalidArgumentValue),
  ]

  @Test(arguments: errorCases)
  func boundaryStatementsFailCleanly(_ c: SafetyErrorCase) throws {
    let marked = MarkedText(c.marked)
    let graph = try ExecutorFixture.make()
    let error = #expect(throws: QueryError.self) {
      try PreparedQuery(marked.text, graph: graph).run(
        on: graph, parameters: c.parameters,
        options: .init(budget: 10_000_000, memoryLimit: c.memoryLimit))
    }
    #expect(error?.code == c.code, "\(String(describing: error))")
    #expect(error?.span?.utf8Start == marked.markers["1️⃣"], "\(String(describing: error))")
    try graph.checkInvariants()
  }

  static let rowsCases: [SafetyRowsCase] = [
    // The ORDER BY … LIMIT of the issue: 2 × LIMIT no longer overflows.
    SafetyRowsCase(
      query: "MATCH (n:Person) RETURN n.name ORDER BY n.name LIMIT 4611686018427387904",
      rows: ["'李明'", "'王清宪'", "'韩俊'", "'高强'"]),
    SafetyRowsCase(
      query:
        "MATCH (n:Person) RETURN n.name ORDER BY n.name SKIP 9223372036854775807 LIMIT 9223372036854775807",
      rows: []),
    SafetyRowsCase(
      query: "MATCH (n:Person) RETURN n.name ORDER BY n.name SKIP 3 LIMIT 9223372036854775807",
      rows: ["'高强'"]),
    SafetyRowsCase(query: "UNWIND [1, 2] AS x RETURN x SKIP 9223372036854775807", rows: []),
    // range near the ends of the integers, with and without UNWIND.
    SafetyRowsCase(
      query: "RETURN range(9223372036854775805, 9223372036854775807, 2) AS r",
      rows: ["[9223372036854775805, 9223372036854775807]"]),
    SafetyRowsCase(
      query: "UNWIND range(-9223372036854775807, -9223372036854775808, -1) AS x RETURN x",
      rows: ["-9223372036854775807", "-9223372036854775808"]),
    SafetyRowsCase(
      query: "UNWIND range(0, 9223372036854775807, 9223372036854775807) AS x RETURN x",
      rows: ["0", "9223372036854775807"]),
    SafetyRowsCase(query: "UNWIND range(5, 1) AS x RETURN x", rows: []),
    // Subscripts, slices and string functions with boundary positions.
    SafetyRowsCase(
      query:
        "RETURN [1, 2][9223372036854775807], [1, 2][-9223372036854775808], [1, 2][-9223372036854775808..9223372036854775807]",
      rows: ["null | null | [1, 2]"]),
    SafetyRowsCase(
      query:
        "RETURN substring('关系', 9223372036854775807), substring('关系', 1, 9223372036854775807), left('关系', 9223372036854775807), right('关系', 9223372036854775807)",
      rows: ["'' | '系' | '关系' | '关系'"]),
    SafetyRowsCase(query: "RETURN -9223372036854775808 % -1 AS m", rows: ["0"]),
    // Floats that leave the integers: infinity and NaN stay floats.
    SafetyRowsCase(
      query: "RETURN 2 ^ 100000, toString(1e308 * 10), isNaN(0.0 / 0), sign(0.0 / 0)",
      rows: ["inf | 'Infinity' | true | 0"]),
    SafetyRowsCase(
      query: "RETURN round(1.5, 9223372036854775807) = round(1.5, -9223372036854775808) AS same",
      rows: ["false"]),
    SafetyRowsCase(query: "RETURN toInteger('1e300') AS i", rows: ["null"]),
    // percentileDisc returns an element of its input (issue 10, item 2).
    SafetyRowsCase(
      query:
        "UNWIND [3, 1, 2] AS x RETURN percentileDisc(x, 0.5), percentileDisc(x, 0), percentileDisc(x, 1)",
      rows: ["2 | 1 | 3"]),
    SafetyRowsCase(
      query: "UNWIND [1, 2.5, 3] AS x RETURN percentileDisc(x, 0.5), percentileCont(x, 0.5)",
      rows: ["2.5 | 2.5"]),
  ]

  @Test(arguments: rowsCases)
  func boundaryStatementsGiveRows(_ c: SafetyRowsCase) throws {
    let graph = try ExecutorFixture.make()
    let result = try PreparedQuery(c.query, graph: graph).run(
      on: graph, options: .init(budget: 1_000_000, memoryLimit: 1 << 20))
    let rows = result.rows.map {
      $0.map { ExecutorFixture.render($0, graph) }.joined(separator: " | ")
    }
    #expect(rows == c.rows)
  }

  /// The shell's Ctrl-C test runs `UNWIND range(1, 2000000000) …`; the same statement
  /// under a 16 KB budget stops on its step budget, never on memory, so nothing it
  /// allocates grows with the range (it used to ask for 48 GB).
  @Test func unwindOfAHugeRangeAllocatesNothingInProportion() throws {
    let graph = try ExecutorFixture.make()
    let text = "UNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 RETURN count(x)"
    let error = #expect(throws: QueryError.self) {
      try PreparedQuery(text, graph: graph).run(
        on: graph, options: .init(budget: 200_000, memoryLimit: 16 << 10))
    }
    #expect(error?.code == .budgetExceeded)
    // And a range that fits the step budget completes under the same 16 KB.
    let small = try PreparedQuery(
      "UNWIND range(1, 100000) AS x WITH x WHERE x < 0 RETURN count(x)", graph: graph
    ).run(on: graph, options: .init(budget: 1_000_000, memoryLimit: 16 << 10))
    #expect(small.rows == [[.value(.int(0))]])
  }

  /// Per-row values are released as rows pass, so a long stream of small values fits a
  /// budget far smaller than their sum (200,000 rows × a 3-element list and a string).
  @Test func streamingReleasesPerRowValues() throws {
    let graph = try ExecutorFixture.make()
    let text = """
      UNWIND range(1, 200000) AS x
      WITH [x, x + 1, x + 2] AS l, '第' + toString(x) + '次会议的参加人员名单' AS s
      RETURN count(*), sum(size(l)), max(size(s))
      """
    let result = try PreparedQuery(text, graph: graph).run(
      on: graph, options: .init(memoryLimit: 64 << 10))
    #expect(result.rows == [[.value(.int(200_000)), .value(.int(600_000)), .value(.int(17))]])
  }

  @Test func aStatementPastItsTimeLimitStopsAndRollsBack() throws {
    let graph = try ExecutorFixture.make()
    let before = (graph.nodeCount, graph.nodeIDLimit)
    let text =
      "CREATE (:Tmp {v: 1}) WITH 1 AS one UNWIND range(1, 9223372036854775807) AS x RETURN count(x)"
    let started = ContinuousClock.now
    let error = #expect(throws: QueryError.self) {
      try PreparedQuery(text, graph: graph).run(
        on: graph, options: .init(timeLimit: .milliseconds(50)))
    }
    #expect(error?.code == .timeout)
    #expect(error?.span == nil)
    #expect(ContinuousClock.now - started < .seconds(10))
    #expect((graph.nodeCount, graph.nodeIDLimit) == before)
    try graph.checkInvariants()
  }

  /// A regular expression that backtracks for seconds still sees the time limit.
  @Test func aBacktrackingRegexSeesTheTimeLimit() throws {
    let graph = try ExecutorFixture.make()
    let error = #expect(throws: QueryError.self) {
      try PreparedQuery("RETURN $s =~ '(a*)*b'", graph: graph).run(
        on: graph, parameters: ["s": .string(String(repeating: "a", count: 40) + "!")],
        options: .init(timeLimit: .milliseconds(20)))
    }
    #expect(error?.code == .timeout)
  }

  @Test func aStatementOverItsMemoryLimitRollsBack() throws {
    let graph = try ExecutorFixture.make()
    let before = (graph.nodeCount, graph.nodeIDLimit)
    let text = "CREATE (:Tmp {v: 1}) WITH 1 AS one RETURN size(range(1, 100000000))"
    let error = #expect(throws: QueryError.self) {
      try PreparedQuery(text, graph: graph).run(on: graph, options: .init(memoryLimit: 1 << 20))
    }
    #expect(error?.code == .memoryLimitExceeded)
    #expect((graph.nodeCount, graph.nodeIDLimit) == before)
    try graph.checkInvariants()
  }

  /// Writes count too: the store's growth is charged, so creating nodes in a loop stops
  /// at the budget, and rolls back.
  @Test func writesAreChargedToTheMemoryLimit() throws {
    let graph = try ExecutorFixture.make()
    let before = (graph.nodeCount, graph.nodeIDLimit)
    let text = "UNWIND range(1, 2000) AS i CREATE (:Tmp {i: i, s: $s})"
    let error = #expect(throws: QueryError.self) {
      try PreparedQuery(text, graph: graph).run(
        on: graph, parameters: ["s": .string(String(repeating: "x", count: 1000))],
        options: .init(memoryLimit: 1 << 20))
    }
    #expect(error?.code == .memoryLimitExceeded)
    #expect(error?.message.contains("new nodes") == true, "\(String(describing: error))")
    #expect((graph.nodeCount, graph.nodeIDLimit) == before)
    try graph.checkInvariants()
  }

  @Test func aCancelledStatementStopsAndRollsBack() throws {
    let graph = try ExecutorFixture.make()
    let before = (graph.nodeCount, graph.nodeIDLimit)
    let flag = CancellationFlag()
    flag.cancel()
    let error = #expect(throws: QueryError.self) {
      try PreparedQuery(
        "CREATE (:Tmp) WITH 1 AS one UNWIND range(1, 100000) AS x RETURN count(x)", graph: graph
      ).run(on: graph, options: .init(cancellation: flag))
    }
    #expect(error?.code == .cancelled)
    #expect((graph.nodeCount, graph.nodeIDLimit) == before)
  }

  /// The default budget comes from the machine: half of its physical memory.
  @Test func theDefaultMemoryLimitIsHalfThePhysicalMemory() {
    let physical = ProcessInfo.processInfo.physicalMemory
    #expect(PreparedQuery.RunOptions().memoryLimit == Int(clamping: physical / 2))
    #expect(PreparedQuery.RunOptions().timeLimit == nil)
  }
}
