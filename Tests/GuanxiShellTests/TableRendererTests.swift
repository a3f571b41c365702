import GuanxiGraph
import GuanxiQuery
import Testing

@testable import GuanxiShell

struct TableCase: Sendable, CustomTestStringConvertible {
  var name: String
  var header: [String]
  var rows: [[String]]
  var border: TableRenderer.Border = .box
  var maxColumnWidth = 48
  var totalWidth: Int? = nil
  var testDescription: String { name }
}

@Test(arguments: [
  TableCase(
    name: "Chinese names and titles", header: ["name", "title"],
    rows: [["韩俊", "省委书记"], ["王清宪", "省长"], ["Li", "区委副书记、区长"]]),
  TableCase(
    name: "header wider than Chinese cells", header: ["official_name", "t"], rows: [["韩", "省委常委"]]),
  TableCase(
    name: "mixed scripts and fullwidth", header: ["a", "b", "c"],
    rows: [["ＡＢ１", "x，y", "🎉"], ["合肥市庐阳区", "", "e\u{301}"]]),
  TableCase(
    name: "ascii border", header: ["name", "title"], rows: [["韩俊", "省委书记"], ["王清宪", "省长"]],
    border: .ascii),
  TableCase(
    name: "cut at the column width", header: ["text"], rows: [["合肥国际陆港建设推进会议在合肥召开"], ["short"]],
    maxColumnWidth: 11),
  TableCase(
    name: "fitted to a narrow terminal", header: ["name", "place"],
    rows: [["韩俊韩俊韩俊韩俊韩俊", "安徽省合肥市庐阳区凤凰生态科创园"]], totalWidth: 30),
  TableCase(name: "newline in a cell", header: ["text"], rows: [["一行\n两行"]]),
])
func bordersLineUpByDisplayWidth(_ c: TableCase) {
  let renderer = TableRenderer(
    border: c.border, maxColumnWidth: c.maxColumnWidth, totalWidth: c.totalWidth)
  let text = renderer.render(header: c.header, rows: c.rows)
  let lines = text.split(separator: "\n")
  #expect(lines.count == c.rows.count + 4)
  let expected = borderColumns(lines[0])
  #expect(expected.count == c.header.count + 1)
  for line in lines {
    #expect(borderColumns(line) == expected, "\(line)")
    #expect(DisplayWidth.of(line) == DisplayWidth.of(lines[0]))
  }
  if let totalWidth = c.totalWidth { #expect(DisplayWidth.of(lines[0]) <= totalWidth) }
}

@Test func drawsTheExpectedBoxTable() {
  let text = TableRenderer().render(
    header: ["name", "title", "n"], rows: [["韩俊", "省委书记", "12"], ["王清宪", "省长", "3"]],
    rightAligned: [false, false, true])
  #expect(
    text == """
      ┌────────┬──────────┬────┐
      │ name   │ title    │ n  │
      ├────────┼──────────┼────┤
      │ 韩俊   │ 省委书记 │ 12 │
      │ 王清宪 │ 省长     │  3 │
      └────────┴──────────┴────┘

      """)
}

@Test func truncatedCellsEndInAnEllipsis() {
  let text = TableRenderer(maxColumnWidth: 7).render(header: ["x"], rows: [["省委书记省委书记"]])
  #expect(text.contains("│ 省委书… │"))
}

@Test func rendersNodesRelationshipsAndPaths() throws {
  let graph = try makeFixtureGraph()
  let formatter = ValueFormatter(graph: graph)
  #expect(formatter.text(.node(NodeID(0))) == "(:Person {name: '韩俊'})")
  #expect(formatter.text(.node(NodeID(1))) == "(:Place {name: '安徽省', level: 'province'})")
  #expect(formatter.text(.node(NodeID(3))) == "(:Meeting {name: '省委常委会会议', date: 2023-07-20})")
  #expect(
    formatter.text(.relationship(RelationshipID(0))) == "[:HOLDS {title: '省委书记', asOf: 2023-07-20}]"
  )
  #expect(formatter.text(.relationship(RelationshipID(2))) == "[:PRESIDED]")
  #expect(
    formatter.text(
      .path(
        nodes: [NodeID(0), NodeID(1), NodeID(2)],
        relationships: [RelationshipID(0), RelationshipID(1)]))
      == "(:Person {name: '韩俊'})-[:HOLDS {title: '省委书记', asOf: 2023-07-20}]->(:Place {name: '安徽省', level: 'province'})<-[:HOLDS {title: '省长'}]-(:Person {name: '王清宪'})"
  )
  let full = ValueFormatter(graph: graph, hidesProvenance: false)
  #expect(
    full.text(.relationship(RelationshipID(0)))
      == "[:HOLDS {title: '省委书记', asOf: 2023-07-20, doc: '002_df31f4454c7cdcdc.txt', span: [120, 188]}]"
  )
}

@Test func rendersPlainValues() throws {
  let graph = try makeFixtureGraph()
  let formatter = ValueFormatter(graph: graph)
  #expect(formatter.text(.value("韩俊")) == "韩俊")
  #expect(formatter.text(.value(["a, b", "it's"])) == "['a, b', 'it\\'s']")
  #expect(formatter.text(.value(.map(["b": 1, "a": .null]))) == "{a: null, b: 1}")
  #expect(formatter.text(.value(.float(1))) == "1.0")
  #expect(formatter.text(.list([.node(NodeID(0)), .value(2)])) == "[(:Person {name: '韩俊'}), 2]")
}

@Test func jsonUsesTheAPOCShape() throws {
  let graph = try makeFixtureGraph()
  let result = QueryResult(
    columns: ["p", "r", "n"],
    rows: [[.node(NodeID(0)), .relationship(RelationshipID(0)), .value(3)]])
  let json = JSONRenderer(graph: graph).render(columns: result.columns, rows: result.rows)
  #expect(
    json == """
      [
      {"p":{"type":"node","id":"0","labels":["Person"],"properties":{"name":"韩俊"}},\
      "r":{"type":"relationship","id":"0","label":"HOLDS","properties":{"title":"省委书记","asOf":"2023-07-20","doc":"002_df31f4454c7cdcdc.txt","span":[120,188]},\
      "start":{"id":"0","labels":["Person"]},"end":{"id":"1","labels":["Place"]}},"n":3}
      ]

      """)
  let lines = JSONLinesRenderer(graph: graph).render(
    columns: ["name", "x"], rows: [[.value("韩\"俊\n"), .null], [.value(1.5), .value(true)]])
  #expect(lines == "{\"name\":\"韩\\\"俊\\n\",\"x\":null}\n{\"name\":1.5,\"x\":true}\n")
  #expect(JSONRenderer(graph: graph).render(columns: ["x"], rows: []) == "[]\n")
}

@Test func csvQuotesPerRFC4180() throws {
  let graph = try makeFixtureGraph()
  let csv = CSVRenderer(graph: graph).render(
    columns: ["name", "note"],
    rows: [[.value("韩俊"), .value("a, \"b\"\nc")], [.null, .value(2)]])
  #expect(csv == "name,note\r\n韩俊,\"a, \"\"b\"\"\nc\"\r\n,2\r\n")
}

@Test func limitsRowsWithANote() throws {
  let graph = try makeFixtureGraph()
  let rows = (0..<1237).map { [QueryValue.value(.int(Int64($0)))] }
  let renderer = ResultRenderer(graph: graph, format: .table, rowLimit: 3)
  let text = renderer.render(QueryResult(columns: ["n"], rows: rows))
  #expect(text.hasSuffix("… 1,234 more rows; :limit N to change\n"))
  #expect(text.split(separator: "\n").count == 3 + 4 + 1)
  #expect(text.contains("│ 2 │"))
}

@Test func numbersAlignRight() throws {
  let graph = try makeFixtureGraph()
  let text = ResultRenderer(graph: graph).render(
    QueryResult(
      columns: ["name", "count"], rows: [[.value("韩俊"), .value(5)], [.value("王清宪"), .value(120)]]))
  #expect(text.contains("│ 韩俊   │     5 │"))
  #expect(text.contains("│ 王清宪 │   120 │"))
}

@Test func summaryLines() {
  #expect(ResultRenderer.summary(rowCount: 3, elapsed: .microseconds(1234)) == "3 rows, 1.2 ms")
  #expect(ResultRenderer.summary(rowCount: 1) == "1 row")
  var stats = WriteStatistics()
  stats.nodesCreated = 2
  stats.propertiesSet = 1
  #expect(
    ResultRenderer.summary(rowCount: 0, statistics: stats, elapsed: .milliseconds(2500))
      == "0 rows, 2 nodes created, 1 property set, 2.50 s")
  #expect(ResultRenderer.summary(rowCount: 1_234_567) == "1,234,567 rows")
}
