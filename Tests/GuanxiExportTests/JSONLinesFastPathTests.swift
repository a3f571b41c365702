import Foundation
import GuanxiGraph
import Testing

@testable import GuanxiExport

@Suite struct JSONLinesFastPathTests {
  static let node0 = #"{"type":"node","id":"0","labels":["Person"],"properties":{"name":"韩俊"}}"#
  static let node1 =
    #"{"type":"node","id":"1","labels":["Meeting"],"properties":{"date":"2023-07-20","name":"省委\"常委会\"\n会议","n":-7,"ok":true,"w":1.5}}"#
  static let rel =
    #"{"type":"relationship","id":"9","label":"PRESIDED","properties":{"doc":"a.txt","role":"主持","span":[3,40]},"start":{"id":"0","labels":["Person"]},"end":{"id":"1","labels":["Meeting"]}}"#

  func file(_ lines: [String], _ name: String) throws -> String {
    let dir = try temporaryDirectory("fast-\(name)")
    let path = dir.appendingPathComponent("g.jsonl").path
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// The graph as JSON Lines, to compare two graphs.
  func text(_ g: Graph) throws -> String {
    String(decoding: try JSONLinesWriter(graph: g).bytes(), as: UTF8.self)
  }

  @Test func plainShapeTakesTheFastPathAndGivesTheGeneralReadersGraph() throws {
    let lines = [Self.node0, Self.node1, Self.rel]
    let path = try file(lines, "plain")
    let fast = try #require(
      JSONLinesFastPath.read(path: path, dateKeys: JSONLinesReader().dateKeys))
    try fast.checkInvariants()
    let general = try JSONLinesReader().read(bytes: Array((lines.joined(separator: "\n")).utf8))
    #expect(try text(fast) == text(general))
    #expect(fast.property(Schema.Key.date, of: NodeID(1)) == .date(LocalDate(iso: "2023-07-20")!))
    #expect(fast.property(Schema.Key.span, of: RelationshipID(0)) == [3, 40])
    #expect(fast.property(Schema.Key.doc, of: RelationshipID(0)) == "a.txt")
    #expect(fast.property("name", of: NodeID(1)) == "省委\"常委会\"\n会议")
  }

  @Test func writersOwnOutputRoundTripsThroughTheFastPath() throws {
    let g = Graph()
    g.beginBulkLoad()
    var previous: NodeID? = nil
    for i in 0..<30_000 {
      let n = g.createNode(
        labels: [i % 3 == 0 ? "Person" : "Place"],
        properties: i % 7 == 0
          ? [:] : [Schema.Key.name: .string("人物\(i)号"), "rank": .int(Int64(i))])
      if let previous {
        try g.createRelationship(
          from: previous, to: n, type: i % 2 == 0 ? "NEXT" : "NEAR",
          properties: i % 5 == 0
            ? [:]
            : [
              Schema.Key.doc: .string("d\(i / 100).txt"),
              Schema.Key.span: [.int(1), .int(Int64(i))],
            ])
      }
      previous = n
    }
    g.finishBulkLoad()
    let bytes = try JSONLinesWriter(graph: g).bytes()
    let dir = try temporaryDirectory("fast-big")
    let path = dir.appendingPathComponent("big.jsonl").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let fast = try #require(JSONLinesFastPath.read(path: path, dateKeys: []))
    try fast.checkInvariants()
    #expect(try JSONLinesWriter(graph: fast).bytes() == bytes)
  }

  struct UnusualCase: Sendable, CustomTestStringConvertible {
    var lines: [String]
    var why: String
    var testDescription: String { why }
  }

  @Test(arguments: [
    UnusualCase(
      lines: [Self.node0.replacingOccurrences(of: ":\"node\"", with: ": \"node\"")], why: "space"),
    UnusualCase(
      lines: [Self.node0.replacingOccurrences(of: #"["Person"]"#, with: #"["Person","Official"]"#)],
      why: "two labels"),
    UnusualCase(
      lines: [Self.node0.replacingOccurrences(of: #""韩俊""#, with: "null")], why: "null value"),
    UnusualCase(
      lines: [Self.node0.replacingOccurrences(of: #""韩俊""#, with: "[1,2]")], why: "list value"),
    UnusualCase(
      lines: [Self.node0, Self.node1, Self.rel, Self.node0], why: "node after relationship"),
    UnusualCase(lines: [Self.node0, Self.node0], why: "duplicate id"),
    UnusualCase(lines: [Self.node0, Self.rel], why: "undefined end node"),
    UnusualCase(lines: [Self.node0, "{\"type\":\"node\""], why: "syntax error"),
  ])
  func unusualFilesFallBackToTheGeneralReader(_ c: UnusualCase) throws {
    let path = try file(c.lines, c.why.replacingOccurrences(of: " ", with: "-"))
    #expect(JSONLinesFastPath.read(path: path, dateKeys: []) == nil)
    let bytes = Array((c.lines.joined(separator: "\n") + "\n").utf8)
    let general = Result { try JSONLinesReader().read(bytes: bytes, path: path) }
    let viaPath = Result { try JSONLinesReader().read(path: path) }
    switch (general, viaPath) {
    case (.success(let a), .success(let b)): #expect(try text(a) == text(b))
    case (.failure(let a), .failure(let b)):
      let (x, y) = (try #require(a as? ExportError), try #require(b as? ExportError))
      #expect(x == y)
      #expect(y.line != nil)
    default: Issue.record("the general reader and read(path:) disagree: \(general) \(viaPath)")
    }
  }
}
