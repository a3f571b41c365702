import Foundation
import GuanxiGraph
import TestSupport
import Testing

@testable import GuanxiExport

@Suite struct DOTWriterTests {
  func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

  @Test func writesTheFixtureAsGolden() throws {
    Golden.check(DOTWriter(graph: try Fixture.graph()).bytes(), "fixture.dot")
  }

  @Test func writesClustersByPlaceTopToBottomAsGolden() throws {
    let options = DOTOptions(rankDirection: .topToBottom, clustersByPlace: true)
    Golden.check(
      DOTWriter(graph: try Fixture.graph(), options: options).bytes(), "fixture-clusters.dot")
  }

  @Test func writesASubgraphAsGolden() throws {
    let g = try Fixture.graph()
    let selection = GraphSelection.subgraph(
      of: g, nodes: [NodeID(8)], relationships: [RelationshipID(0), RelationshipID(4)])
    Golden.check(
      DOTWriter(graph: g, selection: selection, options: DOTOptions(clustersByPlace: true)).bytes(),
      "fixture-subgraph.dot")
  }

  struct EscapeCase: Sendable, CustomTestStringConvertible {
    var raw: String
    var dot: String
    var testDescription: String { dot }
  }

  @Test(arguments: [
    EscapeCase(raw: "a\"b", dot: #"a\"b"#),
    EscapeCase(raw: #"a\nb"#, dot: #"a\\nb"#),
    EscapeCase(raw: #"\N\G\"#, dot: #"\\N\\G\\"#),
    EscapeCase(raw: "第一行\n第二行\r", dot: #"第一行\n第二行"#),
    EscapeCase(raw: "<b>&amp;</b>", dot: "<b>&amp;amp;</b>"),
    EscapeCase(raw: "tab\there\u{01}", dot: "tab here "),
  ])
  func escapesText(_ c: EscapeCase) {
    let bytes = OutputBuffer.collecting { DOTEncoder(graph: Graph(), out: $0).escaped(c.raw) }
    #expect(text(bytes) == c.dot)
  }

  @Test func sameGraphGivesSameBytes() throws {
    #expect(
      DOTWriter(graph: try Fixture.graph()).bytes() == DOTWriter(graph: try Fixture.graph()).bytes()
    )
  }

  @Test func clustersSurviveLocatedInCycles() throws {
    let g = Graph()
    let a = g.createNode(labels: [Schema.Label.place], properties: [Schema.Key.name: "甲"])
    let b = g.createNode(labels: [Schema.Label.place], properties: [Schema.Key.name: "乙"])
    try g.createRelationship(from: a, to: b, type: Schema.RelationshipType.locatedIn)
    try g.createRelationship(from: b, to: a, type: Schema.RelationshipType.locatedIn)
    let dot = text(DOTWriter(graph: g, options: DOTOptions(clustersByPlace: true)).bytes())
    let statements = dot.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    #expect(statements.filter { $0.hasPrefix("n0 [") }.count == 1)
    #expect(statements.filter { $0.hasPrefix("n1 [") }.count == 1)
    #expect(statements.contains("subgraph cluster_n1 {"))
    try renderWithDot(dot)
  }

  /// Renders every golden DOT file with Graphviz and fails on any message on stderr.
  @Test func graphvizAcceptsTheOutput() throws {
    let g = try Fixture.graph()
    for options in [DOTOptions(), DOTOptions(rankDirection: .topToBottom, clustersByPlace: true)] {
      try renderWithDot(text(DOTWriter(graph: g, options: options).bytes()))
    }
  }

  func renderWithDot(_ dot: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let rendering = try Graphviz.renderSVG(dot)
    #expect(rendering.status == 0, sourceLocation: sourceLocation)
    #expect(rendering.messages == "", sourceLocation: sourceLocation)
    #expect(rendering.svg.contains("<svg"), sourceLocation: sourceLocation)
  }

}
