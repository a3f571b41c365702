import GuanxiGraph
import GuanxiQuery
import Testing

/// A statement that fails while running, with 1️⃣ where its error must point.
///
/// The caret goes at the start of the smallest expression whose own operation failed
/// (`1 / 0`, not the `x + 1 / 0` around it), or of the clause item that could not be
/// written (`p` in `DELETE p`, the node pattern of a CREATE).
struct RuntimeSpanCase: Sendable, CustomTestStringConvertible {
  var marked: String
  var code: String
  var parameters: [String: Value] = [:]
  var testDescription: String { "\(code): \(marked)" }
}

@Suite struct RuntimeSpanTests {
  static let cases: [RuntimeSpanCase] = [
    // Arithmetic.
    RuntimeSpanCase(marked: "RETURN 1️⃣1 / 0", code: "DivisionByZero"),
    RuntimeSpanCase(marked: "UNWIND [1, 0] AS x RETURN x + 1️⃣10 % x", code: "DivisionByZero"),
    RuntimeSpanCase(
      marked: "RETURN 1️⃣$a * $b", code: "InvalidArgumentType", parameters: ["a": "x", "b": true]),
    RuntimeSpanCase(
      marked: "WITH $n AS x RETURN 1, 1️⃣-x", code: "IntegerOverflow", parameters: ["n": .int(.min)]),
    RuntimeSpanCase(
      marked: "WITH $n AS x RETURN 1️⃣x + 1", code: "IntegerOverflow", parameters: ["n": .int(.max)]),
    // Functions and operators on the wrong types.
    RuntimeSpanCase(
      marked: "RETURN 1️⃣toInteger($v)", code: "InvalidArgumentValue", parameters: ["v": [1]]),
    RuntimeSpanCase(
      marked: "RETURN size(1️⃣range(1, $n, 0))", code: "NumberOutOfRange", parameters: ["n": 3]),
    RuntimeSpanCase(
      marked: "WITH $n AS x RETURN 1️⃣x.name", code: "InvalidArgumentType", parameters: ["n": 5]),
    RuntimeSpanCase(
      marked: "WITH $l AS l RETURN l[0], 1️⃣l['a']", code: "InvalidArgumentType",
      parameters: ["l": [1, 2]]),
    RuntimeSpanCase(
      marked: "WITH $n AS x RETURN 1️⃣x AND true", code: "InvalidArgumentType", parameters: ["n": 1]),
    RuntimeSpanCase(
      marked: "WITH $n AS x RETURN 1️⃣1 IN x", code: "InvalidArgumentType", parameters: ["n": 1]),
    RuntimeSpanCase(
      marked: "WITH $n AS x RETURN 1️⃣[y IN x WHERE y > 0]", code: "InvalidArgumentType",
      parameters: ["n": "高"]),
    RuntimeSpanCase(
      marked: "WITH $n AS x RETURN 1️⃣CASE WHEN x THEN 1 END", code: "InvalidArgumentType",
      parameters: ["n": 2]),
    RuntimeSpanCase(marked: "UNWIND ['甲', 1] AS x RETURN 1️⃣sum(x)", code: "InvalidArgumentType"),
    // An index seek whose value must be a list.
    RuntimeSpanCase(
      marked: "MATCH (p:Person) WHERE 1️⃣p.name IN $names RETURN p", code: "InvalidArgumentType",
      parameters: ["names": "高强"]),
    // Parameters, SKIP and LIMIT.
    RuntimeSpanCase(marked: "RETURN 1 + 1️⃣$missing", code: "ParameterMissing"),
    RuntimeSpanCase(
      marked: "MATCH (p:Person) RETURN p LIMIT 1️⃣$limit", code: "NegativeIntegerArgument",
      parameters: ["limit": -1]),
    RuntimeSpanCase(
      marked: "MATCH (p:Person) RETURN p SKIP 1️⃣$skip", code: "InvalidArgumentType",
      parameters: ["skip": 1.5]),
    RuntimeSpanCase(
      marked: "MATCH (p:Person) RETURN p.name ORDER BY p.name SKIP 1️⃣$skip LIMIT 2",
      code: "NegativeIntegerArgument",
      parameters: ["skip": -3]),
    // Writes and deleted entities.
    RuntimeSpanCase(
      marked: "MATCH (p:Person {name: '李明'})\nDELETE 1️⃣p", code: "DeleteConnectedNode"),
    RuntimeSpanCase(
      marked: "MATCH (p:Person {name: '李明'}) DETACH DELETE p RETURN 1️⃣p.name",
      code: "DeletedEntityAccess"),
    RuntimeSpanCase(
      marked: "MATCH (p:Person {name: '李明'}) DETACH DELETE p SET 1️⃣p.rank = 1",
      code: "DeletedEntityAccess"),
    RuntimeSpanCase(
      marked: "MATCH (p:Person {name: '李明'}) SET p.rank = 1️⃣$v", code: "InvalidPropertyType",
      parameters: ["v": [1, [2]]]),
    RuntimeSpanCase(
      marked: "UNWIND [[1, null]] AS v CREATE 1️⃣(:Tmp {v: v})", code: "InvalidPropertyType"),
    RuntimeSpanCase(marked: "WITH null AS x MERGE 1️⃣(t:Tmp {v: x})", code: "MergeReadOwnWrites"),
    RuntimeSpanCase(
      marked: "MATCH (p:Person {name: '李明'}) WITH p, $n AS x DELETE 1️⃣x",
      code: "InvalidArgumentType",
      parameters: ["n": 1]),
  ]

  @Test(arguments: cases)
  func runtimeErrorPointsAtTheFailingExpression(_ c: RuntimeSpanCase) throws {
    let marked = MarkedText(c.marked)
    let graph = try ExecutorFixture.make()
    let error = #expect(throws: QueryError.self) {
      try PreparedQuery(marked.text, graph: graph).run(on: graph, parameters: c.parameters)
    }
    #expect(error?.stage == .runtime)
    #expect(error?.code.rawValue == c.code)
    #expect(error?.span?.utf8Start == marked.markers["1️⃣"], "\(String(describing: error))")
    try graph.checkInvariants()
  }

  @Test func runtimeErrorRendersACaretUnderTheExpression() throws {
    let source = "MATCH (p:Person {name: '韩俊'})\nRETURN p.name + '：' + 1 / size([])"
    let graph = try ExecutorFixture.make()
    let error = try #require(
      #expect(throws: QueryError.self) { try PreparedQuery(source, graph: graph).run(on: graph) })
    // '：' is full-width: one column, two cells, so the caret is shifted by one cell.
    #expect(
      Diagnostics.render(error, source: source, fileName: "q.cypher") == """
        q.cypher:2:23: error[DivisionByZero]: division by zero
        RETURN p.name + '：' + 1 / size([])
                               ^~~~~~~~~~~~
        """)
  }
}
