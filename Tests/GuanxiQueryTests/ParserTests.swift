import GuanxiQuery
import Testing

struct ValidCase: Sendable, CustomTestStringConvertible {
  var text: String
  init(_ text: String) { self.text = text }
  var testDescription: String { text }
}

struct PrecedenceCase: Sendable, CustomTestStringConvertible {
  var expression: String
  /// The tree as a fully parenthesised prefix form (see `prefixForm`).
  var tree: String
  var testDescription: String { expression }
}

struct ErrorCase: Sendable, CustomTestStringConvertible {
  /// The error's span starts at 1️⃣.
  var marked: String
  var code: QueryError.Code
  var testDescription: String { marked }
}

/// A fully parenthesised prefix form of an expression, to test precedence.
func prefixForm(_ e: ParsedExpression) -> String {
  switch e.kind {
  case .literal, .parameter, .variable, .countStar: return e.description
  case .property(let base, let key): return "(. \(prefixForm(base)) \(key.text))"
  case .subscript(let base, let index): return "([] \(prefixForm(base)) \(prefixForm(index)))"
  case .hasLabels(let base, let labels):
    return "(: \(prefixForm(base)) \(labels.map(\.text).joined(separator: " ")))"
  case .unary(let op, let operand): return "(\(op.rawValue) \(prefixForm(operand)))"
  case .binary(let op, let l, let r): return "(\(op.rawValue) \(prefixForm(l)) \(prefixForm(r)))"
  case .comparisonChain(let first, let steps):
    return "(chain \(prefixForm(first))"
      + steps.map { " \($0.comparison.rawValue) \(prefixForm($0.operand))" }.joined() + ")"
  case .isNull(let operand, let negated):
    return "(\(negated ? "notnull" : "null") \(prefixForm(operand)))"
  case .function(let call):
    return "(\(call.qualifiedName)\(call.isDistinct ? " distinct" : "")"
      + call.arguments.map { " " + prefixForm($0) }.joined() + ")"
  default: return e.description
  }
}

@Suite struct ParserTests {
  static let validQueries: [ValidCase] = [
    "MATCH (n) RETURN n",
    "match (p:Person)-[:ATTENDED]->(m:Meeting) return p.name, m.date",
    "MATCH (p:Person {name: '韩俊'})-[h:HOLDS]->(o) WHERE h.asOf >= '2023-01-01' RETURN o.name AS 机构",
    "MATCH (`人员`:`Person`)-[`任职`:HOLDS {title: '区长'}]->(地方:Place) RETURN `人员`.name, 地方.name",
    "OPTIONAL MATCH (a)<-[r:PRESIDED|SPOKE]-(b) RETURN a, r, b",
    "MATCH (a)-[:A|:B]-(b), (b)<--(c), (c)--(d), (d)<-->(e) RETURN *",
    "MATCH p = (a)-[*]->(b), q = (c)-[*2]->(d), (e)-[*1..3]->(f), (g)-[*..3]->(h), (i)-[r*2..]->(j) RETURN p, q, r",
    "MATCH path = shortestPath((a:Person {name: '韩俊'})-[*..6]-(b:Person {name: '王清宪'})) RETURN length(path)",
    "MATCH p = allShortestPaths((a)-[:ATTENDED*]-(b)) RETURN nodes(p), relationships(p)",
    "MATCH ((a)-->(b)) RETURN a",
    "UNWIND [1, 2, 3] AS x WITH x WHERE x > 1 RETURN x",
    "WITH DISTINCT 1 AS a, 2 AS b ORDER BY a DESC, b ASC SKIP 1 LIMIT 2 WHERE a > 0 RETURN a",
    "MATCH (n) RETURN DISTINCT n.name AS name ORDER BY name DESCENDING SKIP $s LIMIT 10",
    "MATCH (n) RETURN n ORDER BY n.name ASCENDING",
    "RETURN 1 AS a UNION RETURN 2 AS a UNION RETURN 3 AS a",
    "RETURN 1 AS a UNION ALL RETURN 2 AS a",
    "CREATE (a:Person {name: '杨丙红'})-[:HOLDS {title: '区长', asOf: date('2023-07-20')}]->(b:Place {name: '庐阳区'})",
    "CREATE (a)<-[:LOCATED_IN]-(b) RETURN a, b",
    "CREATE (n $props)",
    "MERGE (p:Person {name: '韩俊'}) ON CREATE SET p.created = true ON MATCH SET p.seen = p.seen + 1, p:Seen",
    "MATCH (a), (b) MERGE (a)-[r:KNOWS]-(b) RETURN r",
    "MATCH (n) SET n.name = 'x', n = {a: 1}, n += {b: 2}, n:A:B, (n).c = 3",
    "MATCH (n) REMOVE n:A:B, n.name",
    "MATCH (n) DELETE n",
    "MATCH (n) DETACH DELETE n",
    "MATCH p = (a)-->(b) DELETE p, a",
    "EXPLAIN MATCH (n) RETURN n",
    "PROFILE MATCH (n) RETURN count(*)",
    "MATCH (n) RETURN count(DISTINCT n.name), collect(n), min(n.x), max(n.x), sum(n.x), avg(n.x)",
    "RETURN toInteger('1'), toLower('A'), date.truncate('month', date('2023-07-20'))",
    "RETURN CASE WHEN 1 < 2 THEN 'a' WHEN 2 < 3 THEN 'b' ELSE 'c' END",
    "RETURN CASE 1 WHEN 1 THEN 'one' WHEN 2 THEN 'two' END",
    "RETURN [1, 2, 3][0], [1, 2, 3][1..2], [1, 2, 3][..2], [1, 2, 3][1..], {a: 1}['a']",
    "RETURN {name: '韩俊', `所在地`: '安徽', list: [1, 2.5, null, true, false], nested: {}} AS m",
    "MATCH (n) RETURN n {.name, .*, k: 1, n} AS projection",
    "RETURN [x IN range(1, 10) WHERE x % 2 = 0 | x * x] AS evens, [x IN [1] | x], [x IN [1] WHERE x > 0], [x IN [1]]",
    "MATCH (a) RETURN [(a)-[:ATTENDED]->(m) WHERE m.date > '2023' | m.name] AS meetings",
    "MATCH (a) RETURN [p = (a)-->() | length(p)]",
    "RETURN all(x IN [1] WHERE x > 0), any(x IN [1] WHERE x > 0), none(x IN [1] WHERE x > 0), single(x IN [1] WHERE x > 0)",
    "RETURN reduce(acc = 0, x IN [1, 2, 3] | acc + x) AS total",
    "MATCH (a) WHERE EXISTS { (a)-[:PRESIDED]->(:Meeting) } RETURN a",
    "MATCH (a) WHERE EXISTS { (a)-[:PRESIDED]->(m:Meeting) WHERE m.date > '2023' } RETURN a",
    "MATCH (a) WHERE EXISTS { MATCH (a)-->(b) RETURN b } RETURN a",
    "MATCH (a) WHERE (a)-[:ATTENDED]->() AND NOT (a)<-[:MENTIONS]-() RETURN a",
    "MATCH (a) WHERE exists((a)-->()) AND exists(a.name) RETURN a",
    "MATCH (n) WHERE n:Person:Official OR n.name =~ '韩.*' RETURN n",
    "MATCH (n) WHERE n.name STARTS WITH '王' AND n.name ENDS WITH '明' AND n.name CONTAINS '小' RETURN n",
    "MATCH (n) WHERE n.x IS NULL OR n.y IS NOT NULL XOR n.z IN [1, 2] RETURN n",
    "RETURN 1 < 2 <= 3 > 0 >= -1 = -1 <> 5",
    "RETURN -9223372036854775808 AS a, 9223372036854775807 AS b, 0x7FFFFFFFFFFFFFFF AS c, -0x8000000000000000 AS d, 0o17 AS e, 017 AS f",
    "RETURN 1.5, .5, 1e10, 1.5e-3, -2.5, 2 ^ -1, - -1, -(1), +1, -x.y",
    "RETURN 'a\\'b', \"a\\\"b\", 'tab\\tnew\\nline\\\\', '\\u4E2D\\U0001F600'",
    "RETURN $param, $0, $`参数`",
    "MATCH (n) RETURN n.`the key`, n.count, n.match",
    "MATCH (`match`) RETURN `match`",
    "RETURN (1 + 2) * 3, 1 + 2 * 3, (2 ^ 3) ^ 2, 2 ^ (3 ^ 2), -2 ^ 2, -(2 ^ 2), NOT (1 = 2)",
    "RETURN (1 < 2) = true, 1 < (2 = true)",
    "RETURN a.b.c, a[0].b, (n:A).x, (n:A):B",
    "MATCH (n) WITH n, count(*) AS c WHERE c > 1 RETURN n, c",
    "MATCH (n) RETURN n;",
    "// leading comment\nMATCH /* inline */ (n) // trailing\nRETURN n",
  ].map(ValidCase.init)

  @Test(arguments: validQueries)
  func parsesAndRoundTrips(_ c: ValidCase) throws {
    let statement = try Parser.parseStatement(c.text)
    let printed = statement.description
    let reparsed = try Parser.parseStatement(printed)
    #expect(reparsed == statement, "printed as:\n\(printed)")
    #expect(reparsed.description == printed)
  }

  @Test(arguments: [
    PrecedenceCase(expression: "a OR b XOR c AND d", tree: "(OR a (XOR b (AND c d)))"),
    PrecedenceCase(expression: "NOT a AND b", tree: "(AND (NOT a) b)"),
    PrecedenceCase(expression: "NOT a = b", tree: "(NOT (= a b))"),
    PrecedenceCase(expression: "a = b IS NULL", tree: "(= a (null b))"),
    PrecedenceCase(expression: "a + b IN c", tree: "(IN (+ a b) c)"),
    PrecedenceCase(expression: "a IN b IN c", tree: "(IN (IN a b) c)"),
    PrecedenceCase(expression: "a STARTS WITH b + c", tree: "(STARTS WITH a (+ b c))"),
    PrecedenceCase(expression: "a - b - c", tree: "(- (- a b) c)"),
    PrecedenceCase(expression: "a + b * c % d", tree: "(+ a (% (* b c) d))"),
    PrecedenceCase(expression: "a ^ b ^ c", tree: "(^ (^ a b) c)"),
    PrecedenceCase(expression: "-a ^ b", tree: "(^ (- a) b)"),
    PrecedenceCase(expression: "-2 ^ 2", tree: "(^ -2 2)"),
    PrecedenceCase(expression: "a < b < c", tree: "(chain a < b < c)"),
    PrecedenceCase(expression: "a.b[0].c", tree: "(. ([] (. a b) 0) c)"),
    PrecedenceCase(expression: "n:A:B AND m:C", tree: "(AND (: n A B) (: m C))"),
    PrecedenceCase(expression: "a =~ 'x' = true", tree: "(= (=~ a 'x') true)"),
    PrecedenceCase(expression: "count(DISTINCT a.b) + 1", tree: "(+ (count distinct (. a b)) 1)"),
    PrecedenceCase(expression: "x IS NOT NULL AND y", tree: "(AND (notnull x) y)"),
  ])
  func precedence(_ c: PrecedenceCase) throws {
    #expect(prefixForm(try Parser.parseExpression(c.expression)) == c.tree)
  }

  @Test func literalValues() throws {
    let statement = try Parser.parseStatement(
      "RETURN -9223372036854775808, 0x1F, 0o17, 017, 1.5e3, '\\u4E2D\\n\\'', \"韩\"")
    guard case .return(let r) = statement.query.parts[0].clauses[0] else {
      Issue.record("expected RETURN")
      return
    }
    let literals = r.projection.items.map(\.expression.kind)
    #expect(
      literals == [
        .literal(.integer(Int64.min)), .literal(.integer(31)), .literal(.integer(15)),
        .literal(.integer(15)), .literal(.float(1500)), .literal(.string("中\n'")),
        .literal(.string("韩")),
      ])
  }

  @Test func spansPointAtTheSource() throws {
    let text = "MATCH (p:Person)-[h:HOLDS]->(o) RETURN o.name AS 机构"
    let statement = try Parser.parseStatement(text)
    guard case .match(let m) = statement.query.parts[0].clauses[0],
      case .return(let r) = statement.query.parts[0].clauses[1]
    else {
      Issue.record("expected MATCH then RETURN")
      return
    }
    let element = m.pattern.parts[0].element
    #expect(element.start.labels[0].span.text(in: text) == "Person")
    #expect(element.steps[0].relationship.span.text(in: text) == "-[h:HOLDS]->")
    #expect(element.steps[0].node.span.text(in: text) == "(o)")
    #expect(r.projection.items[0].expression.span.text(in: text) == "o.name")
    #expect(r.projection.items[0].alias?.span.text(in: text) == "机构")
    #expect(statement.span.text(in: text) == text[...])
  }

  @Test(arguments: [
    ErrorCase(marked: "MATCH (p:Person 1️⃣RETURN p", code: .unexpectedSyntax),
    ErrorCase(marked: "MATCH (p)-[:HOLDS1️⃣->(o) RETURN p", code: .unexpectedSyntax),
    ErrorCase(marked: "MATCH (p) 1️⃣RETRUN p", code: .unexpectedSyntax),
    ErrorCase(marked: "1️⃣", code: .unexpectedSyntax),
    ErrorCase(marked: "RETURN 1️⃣", code: .unexpectedSyntax),
    ErrorCase(marked: "RETURN (1 + 21️⃣", code: .unexpectedSyntax),
    ErrorCase(marked: "RETURN [1, 21️⃣", code: .unexpectedSyntax),
    ErrorCase(marked: "RETURN {a 1️⃣1}", code: .unexpectedSyntax),
    ErrorCase(marked: "RETURN {1️⃣1B2c3e67: 1}", code: .unexpectedSyntax),
    ErrorCase(marked: "MATCH 1️⃣（p:Person） RETURN p", code: .unexpectedSyntax),
    ErrorCase(marked: "MATCH (p:Person {name1️⃣：'韩俊'}) RETURN p", code: .unexpectedSyntax),
    ErrorCase(marked: "MATCH (p) WHERE p.x 1️⃣!= 1 RETURN p", code: .unexpectedSyntax),
    ErrorCase(marked: "RETURN 1️⃣9223372036854775808", code: .integerOverflow),
    ErrorCase(marked: "RETURN 1️⃣-9223372036854775809", code: .integerOverflow),
    ErrorCase(marked: "RETURN 1️⃣0x8000000000000000", code: .integerOverflow),
    ErrorCase(marked: "RETURN 1️⃣1e999", code: .floatingPointOverflow),
    ErrorCase(marked: "RETURN 1️⃣09", code: .invalidNumberLiteral),
    ErrorCase(marked: "RETURN '1️⃣\\u12'", code: .invalidUnicodeLiteral),
    ErrorCase(marked: "MATCH (n) RETURN 1️⃣(n)-->()", code: .unexpectedSyntax),
    ErrorCase(marked: "MATCH (a)-[:R1️⃣..]->(b) RETURN b", code: .invalidRelationshipPattern),
    ErrorCase(marked: "MATCH (a)-[:R*1️⃣-2]->(b) RETURN b", code: .invalidRelationshipPattern),
    ErrorCase(marked: "RETURN 1 = 1️⃣NOT true", code: .unexpectedSyntax),
    ErrorCase(marked: "MATCH (1️⃣match) RETURN 1", code: .unexpectedSyntax),
    ErrorCase(marked: "MATCH (n) RETURN n; 1️⃣RETURN 1", code: .unexpectedSyntax),
    ErrorCase(marked: "RETURN 1️⃣``", code: .unexpectedSyntax),
    ErrorCase(marked: "RETURN CASE 1️⃣END", code: .unexpectedSyntax),
    ErrorCase(marked: "MATCH (n) 1️⃣RETURN n MATCH (m) RETURN m", code: .invalidClauseComposition),
    ErrorCase(marked: "1️⃣MATCH (n)", code: .invalidClauseComposition),
    ErrorCase(marked: "CREATE (a) 1️⃣MATCH (b) RETURN b", code: .invalidClauseComposition),
    ErrorCase(
      marked: "RETURN 1 AS a UNION RETURN 1 AS a UNION ALL 1️⃣RETURN 1 AS a",
      code: .invalidClauseComposition),
    ErrorCase(marked: "RETURN 1 AS a UNION 1️⃣RETURN 2 AS b", code: .differentColumnsInUnion),
    ErrorCase(marked: "MATCH (a) WITH a, 1️⃣count(*) RETURN a", code: .noExpressionAlias),
    ErrorCase(marked: "RETURN 1 AS a, 1️⃣2 AS a", code: .columnNameConflict),
    ErrorCase(marked: "CREATE ()1️⃣-[:R]-()", code: .requiresDirectedRelationship),
    ErrorCase(marked: "CREATE ()1️⃣-->()", code: .noSingleRelationshipType),
    ErrorCase(marked: "CREATE ()1️⃣-[:A|B]->()", code: .noSingleRelationshipType),
    ErrorCase(marked: "CREATE ()-[:R1️⃣*2]->()", code: .creatingVarLength),
    ErrorCase(marked: "MATCH (n 1️⃣$p) RETURN n", code: .invalidParameterUse),
    ErrorCase(marked: "MATCH (n) DELETE 1️⃣n:Person", code: .invalidDelete),
    ErrorCase(marked: "MATCH (n) RETURN n SKIP 1️⃣n.count", code: .nonConstantExpression),
    ErrorCase(marked: "MATCH (n) RETURN n LIMIT 1️⃣-1", code: .negativeIntegerArgument),
    ErrorCase(marked: "MATCH (n) RETURN n LIMIT 1️⃣1.5", code: .invalidArgumentType),
    ErrorCase(marked: "RETURN count(1️⃣count(*))", code: .nestedAggregation),
    ErrorCase(marked: "MATCH (a) WHERE 1️⃣count(a) > 10 RETURN a", code: .invalidAggregation),
    ErrorCase(marked: "MATCH (n) RETURN n.a ORDER BY 1️⃣max(n.b)", code: .invalidAggregation),
    ErrorCase(
      marked: "MATCH (me)--(you) RETURN 1️⃣me.age + count(you.age)",
      code: .ambiguousAggregationExpression),
    ErrorCase(
      marked: "MATCH (n) WHERE EXISTS { MATCH (n)-->(m) 1️⃣SET m.x = 1 } RETURN n",
      code: .invalidClauseComposition),
    ErrorCase(marked: "RETURN 1️⃣123 AND true", code: .invalidArgumentType),
  ])
  func reportsCodeAndSpan(_ c: ErrorCase) {
    let marked = MarkedText(c.marked)
    #expect(marked.markers["1️⃣"] != nil, "the case needs a 1️⃣ marker")
    let error = #expect(throws: QueryError.self) { try Parser.parseStatement(marked.text) }
    #expect(error?.code == c.code, "\(String(describing: error))")
    #expect(error?.span?.utf8Start == marked.markers["1️⃣"], "\(String(describing: error))")
  }

  @Test func errorsSayWhatWasExpected() {
    let error = #expect(throws: QueryError.self) {
      try Parser.parseStatement("MATCH (p:Person RETURN p")
    }
    #expect(error?.message.hasPrefix("expected ')' to close the node pattern") == true)
    #expect(error?.expected.contains("')'") == true)
    #expect(error?.stage == .syntax)
  }

  @Test func suggestsClauseKeywords() {
    let error = #expect(throws: QueryError.self) { try Parser.parseStatement("MATCH (p) RETRUN p") }
    #expect(error?.suggestion == "RETURN")
  }

  @Test func fullWidthParenthesisSuggestsASCII() {
    let error = #expect(throws: QueryError.self) { try Parser.parseStatement("MATCH （p） RETURN p") }
    #expect(error?.suggestion == "(")
  }

  @Test func checkingShapeCanBeDeferred() throws {
    let text = "MATCH ()-[r]->() CREATE ()-[r]->()"
    let statement = try Parser.parseStatement(text, checkingShape: false)
    let error = #expect(throws: QueryError.self) { try Parser.checkShape(statement, source: text) }
    #expect(error?.code == .noSingleRelationshipType)
    #expect(error?.stage == .semantic)
  }

  static let deepInputs: [(String, String)] = [
    ("parentheses", "RETURN " + String(repeating: "(", count: 100_000) + "1"),
    ("brackets", "RETURN " + String(repeating: "[", count: 100_000) + "1"),
    ("braces", "RETURN " + String(repeating: "{a: ", count: 100_000) + "1"),
    ("NOT", "RETURN " + String(repeating: "NOT ", count: 100_000) + "true"),
    ("minus", "RETURN " + String(repeating: "- ", count: 100_000) + "x"),
    ("patterns", "MATCH " + String(repeating: "(", count: 100_000) + "(a)-->(b)"),
    ("subscripts", "RETURN x" + String(repeating: "[x", count: 100_000)),
    ("chained subscripts", "RETURN x" + String(repeating: "[0]", count: 100_000)),
    ("chained properties", "RETURN x" + String(repeating: ".a", count: 100_000)),
    ("chained additions", "RETURN 1" + String(repeating: " + 1", count: 100_000)),
    ("chained ORs", "MATCH (n) WHERE n.x = 0" + String(repeating: " OR n.x = 1", count: 100_000)),
    ("chained IS NULL", "RETURN x" + String(repeating: " IS NULL", count: 100_000)),
    ("CASE", "RETURN " + String(repeating: "CASE WHEN ", count: 100_000) + "1"),
    ("EXISTS", "MATCH (n) WHERE " + String(repeating: "EXISTS { MATCH (n) WHERE ", count: 50_000)),
    (
      "balanced",
      "RETURN " + String(repeating: "(", count: 100_000) + "1"
        + String(repeating: ")", count: 100_000)
    ),
  ]

  @Test(arguments: deepInputs.map(\.0))
  func deepNestingThrowsInsteadOfCrashing(_ name: String) throws {
    let text = try #require(Self.deepInputs.first { $0.0 == name }?.1)
    let error = #expect(throws: QueryError.self) { try Parser.parseStatement(text) }
    #expect(error?.code == .nestingTooDeep)
    #expect(error?.span.map { $0.isInside(utf8Count: text.utf8.count) } == true)
  }

  @Test func nestingUpToTheLimitParses() throws {
    let depth = Parser.maximumDepth - 2
    let text =
      "RETURN " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
    let statement = try Parser.parseStatement(text)
    #expect(try Parser.parseStatement(statement.description) == statement)
  }

  @Test func scriptsSplitAtSemicolons() {
    let text = "MATCH (n) RETURN n;\n// nothing here\n;\nRETURN 1 +;\n  RETURN '韩俊' ; "
    let statements = Parser.parseScript(text)
    #expect(statements.count == 3)
    #expect(
      statements.map { $0.span.text(in: text).map(String.init) } == [
        "MATCH (n) RETURN n", "RETURN 1 +", "RETURN '韩俊'",
      ])
    #expect((try? statements[0].result.get()) != nil)
    if case .failure(let error) = statements[1].result {
      #expect(error.code == .unexpectedSyntax)
      #expect(
        error.span?.utf8Start == "MATCH (n) RETURN n;\n// nothing here\n;\nRETURN 1 +".utf8.count)
    } else {
      Issue.record("the second statement should fail")
    }
    #expect((try? statements[2].result.get()) != nil)
  }
}
