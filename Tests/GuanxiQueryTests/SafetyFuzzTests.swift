import Foundation
import GuanxiGraph
import GuanxiQuery
import Testing

/// Statements aimed at the classes of issue 10: boundary integers, NaN and infinities,
/// huge counts in every function argument, SKIP, LIMIT, `range`, variable-length
/// bounds, list and string builders, aggregates, writes. Every statement must give rows
/// or a clean `QueryError` (never `Internal`, with a span inside the text unless it is an
/// error of the whole statement), within its limits, leaving the graph consistent; a
/// trap or an abort ends the test process, so a run that finishes had no crash.
///
/// The suite runs `statementsPerSeed` statements for each of four seeds. A longer run
/// takes its count from `GUANXI_SAFETY_FUZZ` (statements per seed):
///
///     GUANXI_SAFETY_FUZZ=25000 swift test --filter SafetyFuzzTests
///
/// Recorded run (also in BENCHMARKS.md), at commit 5209041 on 2026-12-03, debug build,
/// the project's 2-core KVM Xeon (24 GB, Debian 12, Swift 6.3.1, shared with other
/// builds): `GUANXI_SAFETY_FUZZ=25000 swift test --skip-build --filter SafetyFuzzTests`,
/// 4 × 25,000 = 100,000 statements, 0 crashes, 0 failed expectations, 939 s.
@Suite struct SafetyFuzzTests {
  static let integers = [
    "0", "1", "-1", "2", "3", "7", "100", "65536", "2147483647", "-2147483648", "4294967296",
    "9007199254740993", "4611686018427387904", "-4611686018427387905", "9223372036854775806",
    "9223372036854775807", "-9223372036854775807", "-9223372036854775808", "100000000000",
    "1000000", "$big", "$small",
  ]
  static let floats = [
    "0.0 / 0", "1.0 / 0", "-1.0 / 0", "1e308", "-1e308", "5e-324", "-0.0", "0.5", "1.5",
    "9.2e18", "-9.3e18", "1e19", "$nan", "$inf",
  ]
  static let strings = [
    "''", "'高强'", "'abc'", "'a'", "' 关 系 '", "$text", "toString(9223372036854775807)",
    "reduce(s = 'ab', i IN range(1, 12) | s + s)",
  ]
  static let lists = [
    "[]", "[1, 2, 3]", "[null]", "[1, 'a', null, [2]]", "range(1, 5)", "[0.0 / 0, 1.0 / 0, 1]",
    "[9223372036854775807, 1]", "$list", "range(1, 100000)",
  ]
  static let others = ["null", "true", "p", "p.name", "id(p)", "{a: 1}", "date('2024-02-29')"]

  static let templates = [
    "RETURN range({i}, {i})", "RETURN range({i}, {i}, {i})", "RETURN size(range({i}, {i}, {i}))",
    "UNWIND range({i}, {i}, {i}) AS x RETURN count(x)",
    "UNWIND range({i}, {i}) AS x WITH x WHERE x < 0 RETURN count(x)",
    "RETURN {n} + {n}", "RETURN {n} - {n}", "RETURN {n} * {n}", "RETURN {n} / {n}",
    "RETURN {n} % {n}", "RETURN {n} ^ {n}", "RETURN -{n}", "RETURN {x} + {x}",
    "RETURN abs({n}), sign({n}), sqrt({n}), exp({n}), log({n}), ceil({n}), floor({n})",
    "RETURN round({n}), round({n}, {i}), toInteger({x}), toFloat({x}), toString({x})",
    "RETURN toIntegerOrNull({x}), toFloatOrNull({x}), toBoolean({x})",
    "RETURN substring({s}, {i}), substring({s}, {i}, {i})",
    "RETURN left({s}, {i}), right({s}, {i})",
    "RETURN split({s}, {s}), replace({s}, {s}, {s}), reverse({x})",
    "RETURN toUpper({s}), toLower({s}), trim({s}), size({x})",
    "RETURN tail({l}), head({l}), last({l}), {l}[{i}], {l}[{i}..{i}], {l}[..{i}]",
    "MATCH (p:Person) RETURN p.name ORDER BY p.name SKIP {i} LIMIT {i}",
    "MATCH (p:Person) RETURN p.name ORDER BY p.name LIMIT {i}",
    "MATCH (p:Person) RETURN p SKIP {x} LIMIT {x}", "UNWIND {l} AS x RETURN x LIMIT {i}",
    "UNWIND {l} AS x RETURN percentileDisc(x, {n}), percentileCont(x, {n})",
    "UNWIND {l} AS x RETURN stDev(x), stDevP(x), sum(x), avg(x), min(x), max(x), collect(x)",
    "MATCH (p) RETURN percentileCont(id(p), {n}), percentileDisc(id(p), {x})",
    "MATCH (a)-[*{I}..{I}]->(b) RETURN count(*)", "MATCH (a)-[r*..{I}]-(b) RETURN count(r)",
    "MATCH (a:Person), (b:Person) MATCH p = shortestPath((a)-[*..{I}]-(b)) RETURN length(p)",
    "MATCH (a:Person), (b:Person) MATCH p = allShortestPaths((a)-[*{I}..{I}]-(b)) RETURN count(p)",
    "RETURN [x IN range(1, {i}) | x * {n}]", "RETURN [x IN range({i}, {i}) WHERE x % 2 = 0]",
    "RETURN reduce(s = {x}, i IN range(1, {i}) | s + s)",
    "RETURN reduce(s = '', i IN range(1, {i}) | s + {s})",
    "RETURN any(x IN range({i}, {i}) WHERE x > 0), none(x IN {l} WHERE x = {x})",
    "RETURN [x IN range(1, {i}) | [x, {x}]]", "RETURN {s} + {s} + {s}",
    "RETURN [(a)-->(b) | range(1, {i})]", "RETURN [(p:Person)-->() | {s} + {s}]",
    "UNWIND range(1, {i}) AS x WITH collect(x) AS c RETURN size(c)",
    "UNWIND range(1, {i}) AS x RETURN DISTINCT x % 3", "UNWIND range(1, {i}) AS x RETURN x",
    "UNWIND range(1, {i}) AS x RETURN x ORDER BY x DESC LIMIT {i}",
    "RETURN date({year: {i}, month: {i}, day: {i}})", "RETURN date({s})",
    "UNWIND range(1, {i}) AS i CREATE (:Tmp {v: {x}})", "MATCH (p:Person) SET p.v = {x} RETURN p.v",
    "MERGE (t:Tmp {v: {x}}) RETURN t.v", "RETURN {x} IN {l}, {x} = {x}, {x} < {x}, {x} <> {x}",
    "WITH {x} AS v RETURN v ORDER BY v", "WITH {l} AS l UNWIND l AS x RETURN x, count(*)",
    "RETURN {s} =~ {s}", "RETURN {s} STARTS WITH {s}, {s} CONTAINS {s}",
    "UNWIND {l} AS x WITH x SKIP {i} RETURN collect(x)",
  ]

  typealias Generator = EngineFuzzTests.Generator

  /// The template with each hole (`{i}` integer, `{n}` number, `{s}` string, `{l}`
  /// list, `{x}` anything) replaced by a pick from its pool, in parentheses, and `{I}`
  /// by an integer literal as it is (a variable-length bound); any other brace (a map)
  /// is kept.
  static func fill(_ template: String, _ g: inout Generator) -> String {
    let characters = Array(template)
    var out = ""
    var i = 0
    while i < characters.count {
      guard characters[i] == "{", i + 2 < characters.count, characters[i + 2] == "}",
        "insxlI".contains(characters[i + 1])
      else {
        out.append(characters[i])
        i += 1
        continue
      }
      if characters[i + 1] == "I" {
        out += g.pick(integers.filter { !$0.hasPrefix("$") })
        i += 3
        continue
      }
      let pool: [String]
      switch characters[i + 1] {
      case "i": pool = g.next() % 8 == 0 ? floats : integers
      case "n": pool = g.next() % 2 == 0 ? integers : floats
      case "s": pool = g.next() % 8 == 0 ? integers + others : strings
      case "l": pool = lists
      default: pool = integers + floats + strings + lists + others
      }
      out += "(" + g.pick(pool) + ")"
      i += 3
    }
    return out
  }

  static let parameters: [String: Value] = [
    "big": .int(.max), "small": .int(.min), "nan": .float(.nan), "inf": .float(.infinity),
    "text": .string(String(repeating: "关系", count: 300)), "list": [1, 2.5, "x"],
  ]

  /// Codes of errors about the statement as a whole, which may have no span.
  static let statementErrors: Set<QueryError.Code> = [
    .budgetExceeded, .memoryLimitExceeded, .timeout, .cancelled,
  ]

  static var statementsPerSeed: Int {
    ProcessInfo.processInfo.environment["GUANXI_SAFETY_FUZZ"].flatMap { Int($0) } ?? 500
  }

  @Test(arguments: [11, 12, 13, 14] as [UInt64])
  func boundaryStatementsNeverCrash(seed: UInt64) throws {
    var g = Generator(state: seed)
    var graph = try ExecutorFixture.make()
    var outcomes: [String: Int] = [:]
    let count = Self.statementsPerSeed
    for i in 0..<count {
      if i % 100 == 99 { graph = try ExecutorFixture.make() }
      let text = Self.fill(g.pick(Self.templates), &g)
      let started = ContinuousClock.now
      do {
        let query = try PreparedQuery(text, graph: graph)
        _ = try query.run(
          on: graph, parameters: Self.parameters,
          options: .init(budget: 100_000, memoryLimit: 4 << 20, timeLimit: .seconds(5)))
        outcomes["rows", default: 0] += 1
      } catch {
        outcomes[error.code.rawValue, default: 0] += 1
        #expect(error.code.rawValue != "Internal", "\(text): \(error)")
        #expect(!error.message.isEmpty)
        if !Self.statementErrors.contains(error.code) || error.span != nil {
          #expect(error.span?.isInside(utf8Count: text.utf8.count) == true, "\(text): \(error)")
        }
      }
      // The limits hold: no statement runs on long past its time limit.
      #expect(ContinuousClock.now - started < .seconds(30), "\(text)")
      if i % 10 == 0 { try graph.checkInvariants() }
    }
    #expect(outcomes.values.reduce(0, +) == count)
    // The statements reach both sides: rows and the limits.
    #expect(outcomes["rows", default: 0] > count / 10, "\(outcomes)")
    #expect(outcomes["MemoryLimitExceeded", default: 0] > 0, "\(outcomes)")
    #expect(
      outcomes["IntegerOverflow", default: 0] + outcomes["NumberOutOfRange", default: 0] > 0,
      "\(outcomes)")
  }
}
