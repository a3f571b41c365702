import Foundation
import GuanxiGraph
import Testing

@testable import GuanxiExport

@Suite struct JSONLinesWriterTests {
  func lines(_ bytes: [UInt8]) -> [String] {
    String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
  }

  @Test func writesTheFixtureAsGolden() throws {
    let g = try Fixture.graph()
    Golden.check(try JSONLinesWriter(graph: g).bytes(), "fixture.jsonl")
  }

  @Test func writesTheRecordShapesOfSchemaMd() throws {
    let g = Graph()
    let han = g.createNode(labels: [Schema.Label.person], properties: [Schema.Key.name: "韩俊"])
    let anhui = g.createNode(labels: [Schema.Label.place], properties: [Schema.Key.name: "安徽省"])
    try g.createRelationship(
      from: han, to: anhui, type: Schema.RelationshipType.holds,
      properties: [
        Schema.Key.title: "省委书记", Schema.Key.doc: "002_df31f4454c7cdcdc.txt",
        Schema.Key.span: [120, 188],
      ])
    #expect(
      lines(try JSONLinesWriter(graph: g).bytes()) == [
        #"{"type":"node","id":"0","labels":["Person"],"properties":{"name":"韩俊"}}"#,
        #"{"type":"node","id":"1","labels":["Place"],"properties":{"name":"安徽省"}}"#,
        #"{"type":"relationship","id":"0","label":"HOLDS","properties":{"doc":"002_df31f4454c7cdcdc.txt","span":[120,188],"title":"省委书记"},"start":{"id":"0","labels":["Person"]},"end":{"id":"1","labels":["Place"]}}"#,
      ])
  }

  struct EscapeCase: Sendable, CustomTestStringConvertible {
    var value: Value
    var json: String
    var testDescription: String { json }
  }

  @Test(arguments: [
    EscapeCase(value: "a\"b", json: #""a\"b""#),
    EscapeCase(value: "a\\nb", json: #""a\\nb""#),
    EscapeCase(value: "line\nbreak\r\t", json: #""line\nbreak\r\t""#),
    EscapeCase(value: "\u{00}\u{08}\u{0C}\u{1F}\u{7F}", json: "\"\\u0000\\b\\f\\u001f\u{7F}\""),
    EscapeCase(value: "合肥/😀", json: "\"合肥/😀\""),
    EscapeCase(value: .float(.nan), json: "null"),
    EscapeCase(value: .float(-.infinity), json: "null"),
    EscapeCase(value: .float(2), json: "2.0"),
    EscapeCase(value: .float(1e-7), json: "1e-07"),
    EscapeCase(value: .int(.min), json: "-9223372036854775808"),
    EscapeCase(value: .date(LocalDate(year: 987, month: 1, day: 2)!), json: #""0987-01-02""#),
    EscapeCase(value: .map(["b": 1, "a": [true, nil]]), json: #"{"a":[true,null],"b":1}"#),
  ])
  func escapesValues(_ c: EscapeCase) {
    let bytes = OutputBuffer.collecting { $0.jsonValue(c.value) }
    #expect(String(decoding: bytes, as: UTF8.self) == c.json)
  }

  @Test func omitsEmptyPropertiesAndSortsLabels() throws {
    let g = Graph()
    let a = g.createNode(labels: ["Zeta", "Alpha"])
    try g.createRelationship(from: a, to: a, type: "SELF")
    #expect(
      lines(try JSONLinesWriter(graph: g).bytes()) == [
        #"{"type":"node","id":"0","labels":["Alpha","Zeta"]}"#,
        #"{"type":"relationship","id":"0","label":"SELF","start":{"id":"0","labels":["Alpha","Zeta"]},"end":{"id":"0","labels":["Alpha","Zeta"]}}"#,
      ])
  }

  @Test func subsetBringsEndNodesAndSkipsDeleted() throws {
    let g = try Fixture.graph()
    try g.deleteRelationship(RelationshipID(2))
    let selection = GraphSelection.subgraph(
      of: g, nodes: [NodeID(6), NodeID(6), NodeID(99)],
      relationships: [RelationshipID(4), RelationshipID(0), RelationshipID(2)])
    #expect(selection.nodes == [0, 1, 2, 4, 6].map { NodeID(UInt32($0)) })
    #expect(selection.relationships == [RelationshipID(0), RelationshipID(4)])
    let ids = lines(try JSONLinesWriter(graph: g, selection: selection).bytes()).map {
      $0.split(separator: ",").prefix(2).joined(separator: ",")
    }
    #expect(
      ids == [
        #"{"type":"node","id":"0""#, #"{"type":"node","id":"1""#, #"{"type":"node","id":"2""#,
        #"{"type":"node","id":"4""#, #"{"type":"node","id":"6""#,
        #"{"type":"relationship","id":"0""#, #"{"type":"relationship","id":"4""#,
      ])
  }

  @Test func fileOutputEqualsMemoryOutputAcrossBufferFlushes() throws {
    let g = Graph()
    let long = String(repeating: "合肥市庐阳区\"", count: 30_000)  // ~ 570 KB a line
    for i in 0..<5 {
      g.createNode(labels: ["Person"], properties: ["name": .string(long), "i": .int(Int64(i))])
    }
    let dir = try temporaryDirectory("jsonl")
    let path = dir.appendingPathComponent("out.jsonl").path
    try JSONLinesWriter(graph: g).write(toFile: path)
    let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(try written == JSONLinesWriter(graph: g).bytes())
    #expect(written.count > 2 * OutputBuffer.chunkSize)
  }

  @Test func reportsUnwritablePath() throws {
    let error = #expect(throws: ExportError.self) {
      try JSONLinesWriter(graph: Graph()).write(toFile: "/nonexistent-dir/x.jsonl")
    }
    #expect(error?.code == .io)
    #expect(error?.path == "/nonexistent-dir/x.jsonl")
  }
}
