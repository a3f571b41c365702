import Foundation
import GuanxiGraph
import Testing

@testable import GuanxiExport

@Suite struct JSONLinesReaderTests {
  @Test func roundTripIsByteIdentical() throws {
    let g = try Fixture.graph()
    let first = try JSONLinesWriter(graph: g).bytes()
    let back = try JSONLinesReader().read(bytes: first)
    try back.checkInvariants()
    #expect(back.nodeCount == g.nodeCount)
    #expect(back.relationshipCount == g.relationshipCount)
    let second = try JSONLinesWriter(graph: back).bytes()
    #expect(String(decoding: second, as: UTF8.self) == String(decoding: first, as: UTF8.self))
    // Values come back with their types: dates as dates, floats as floats.
    #expect(back.property(Schema.Key.date, of: NodeID(4)) == Fixture.date("2023-07-20"))
    #expect(back.property("whole", of: NodeID(8)) == .float(2))
    #expect(back.property("big", of: NodeID(8)) == .int(.min))
    #expect(back.property("dateLike", of: NodeID(8)) == "2023-07-20")
    #expect(back.property(Schema.Key.span, of: RelationshipID(0)) == [120, 188])
    #expect(back.nodes(label: Schema.Label.person, name: "韩俊") == [NodeID(0)])
  }

  @Test func readsLargeFilesInChunksWithCRLFAndBOM() throws {
    let g = Graph()
    g.beginBulkLoad()
    var previous: NodeID? = nil
    for i in 0..<60_000 {
      let n = g.createNode(
        labels: [Schema.Label.person], properties: [Schema.Key.name: .string("人物\(i)号")])
      if let previous {
        try g.createRelationship(
          from: previous, to: n, type: "NEXT", properties: ["i": .int(Int64(i))])
      }
      previous = n
    }
    g.finishBulkLoad()
    let bytes = try JSONLinesWriter(graph: g).bytes()
    #expect(bytes.count > 2 * LineReader.chunkSize)
    let dir = try temporaryDirectory("reader")
    let path = dir.appendingPathComponent("big.jsonl").path
    var crlf: [UInt8] = [0xEF, 0xBB, 0xBF]
    for b in bytes {
      if b == 0x0A { crlf.append(0x0D) }
      crlf.append(b)
    }
    try Data(crlf).write(to: URL(fileURLWithPath: path))
    let back = try JSONLinesReader().read(path: path)
    try back.checkInvariants()
    #expect(try JSONLinesWriter(graph: back).bytes() == bytes)
  }

  struct ErrorCase: Sendable, CustomTestStringConvertible {
    var lines: [String]
    var code: ExportError.Code
    var line: Int
    var column: Int
    var testDescription: String { lines.last ?? "" }
  }

  static let node0 = #"{"type":"node","id":"0","labels":["Person"],"properties":{"name":"韩俊"}}"#

  @Test(arguments: [
    ErrorCase(
      lines: [#"{"type":"node","id":"0","labels":["Person"]]"#], code: .syntax, line: 1, column: 44),
    ErrorCase(
      lines: [node0, #"{"type":"node","id":"1","properties":{"name":"合肥" "x":1}}"#], code: .syntax,
      line: 2, column: 51),
    ErrorCase(lines: [#"{"type":"node","id":"0",}"#], code: .syntax, line: 1, column: 25),
    ErrorCase(lines: [#"{"type":"node","id":01}"#], code: .syntax, line: 1, column: 22),
    ErrorCase(
      lines: ["{\"type\":\"node\",\"id\":\"0\",\"properties\":{\"name\":\"a\u{01}\"}}"],
      code: .syntax, line: 1, column: 48),
    ErrorCase(
      lines: [#"{"type":"node","id":"0","properties":{"name":"\ud800"}}"#], code: .syntax, line: 1,
      column: 47),
    ErrorCase(lines: [#"{"type":"node","id":"0","id":"1"}"#], code: .syntax, line: 1, column: 25),
    ErrorCase(lines: [#"{"type":"node","id":"0"} x"#], code: .syntax, line: 1, column: 26),
    ErrorCase(
      lines: [#"{"type":"node","id":"0","properties":{"name":"未完"#], code: .syntax, line: 1,
      column: 46),
    ErrorCase(
      lines: [#"{"type":"node","labels":["Person"]}"#], code: .invalidRecord, line: 1, column: 1),
    ErrorCase(lines: [#"{"type":"edge","id":"0"}"#], code: .invalidRecord, line: 1, column: 9),
    ErrorCase(
      lines: [#"{"type":"node","id":"0","labels":"Person"}"#], code: .invalidRecord, line: 1,
      column: 34),
    ErrorCase(lines: [node0, "", node0], code: .duplicateID, line: 3, column: 21),
    ErrorCase(
      lines: [
        node0,
        #"{"type":"relationship","id":"0","label":"HOLDS","start":{"id":"0"},"end":{"id":"7"}}"#,
      ],
      code: .undefinedNode, line: 2, column: 74),
    ErrorCase(
      lines: [
        #"{"type":"relationship","id":"0","label":"HOLDS","start":{"id":"0"},"end":{"id":"0"}}"#,
        node0,
      ],
      code: .undefinedNode, line: 1, column: 57),
    ErrorCase(
      lines: [
        node0, #"{"type":"relationship","id":"0","label":"X","start":{"id":"0"},"end":{"id":"0"}}"#,
        node0,
      ],
      code: .invalidRecord, line: 3, column: 9),
  ])
  func reportsBadLines(_ c: ErrorCase) {
    let bytes = Array(c.lines.joined(separator: "\n").utf8)
    let error = #expect(throws: ExportError.self) {
      try JSONLinesReader().read(bytes: bytes, path: "in.jsonl")
    }
    #expect(error?.code == c.code, "\(error?.description ?? "")")
    #expect(error?.path == "in.jsonl")
    #expect(error?.line == c.line, "\(error?.description ?? "")")
    #expect(error?.column == c.column, "\(error?.description ?? "")")
  }

  @Test func messagesSayWhatWasExpected() {
    let bytes = Array((Self.node0 + "\n" + #"{"type":"node","id":"1","labels":["Person"]]"#).utf8)
    let error = #expect(throws: ExportError.self) {
      try JSONLinesReader().read(bytes: bytes, path: "a.jsonl")
    }
    #expect(error?.description == "a.jsonl:2:44: expected ',' or '}' in object, found ']'")
  }

  @Test func acceptsIntegerIdsAndMissingProperties() throws {
    let text = """
      {"type":"node","id":10,"labels":["Place"]}
      {"type":"node","id":11}
      {"id":"5","type":"relationship","label":"LOCATED_IN","start":{"id":11,"labels":[]},"end":{"id":"10"}}
      """
    let g = try JSONLinesReader().read(bytes: Array(text.utf8))
    #expect(g.nodeCount == 2)
    #expect(g.relationshipCount == 1)
    #expect(g.startNode(of: RelationshipID(0)) == NodeID(1))
    #expect(g.properties(of: NodeID(0)).isEmpty)
  }

  @Test func reportsMissingFile() {
    let error = #expect(throws: ExportError.self) {
      try JSONLinesReader().read(path: "/nonexistent/x.jsonl")
    }
    #expect(error?.code == .io)
    #expect(error?.path == "/nonexistent/x.jsonl")
  }
}
