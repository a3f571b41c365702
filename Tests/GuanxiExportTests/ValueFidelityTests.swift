import Foundation
import GuanxiGraph
import Testing

@testable import GuanxiExport

/// Values survive an export or an import, or are refused with a message naming where they
/// are; they are never silently changed (NaN to null, a list split at a delimiter inside
/// an element, a 20-digit integer rounded to a float). Line ends of either kind load.
@Suite struct ValueFidelityTests {
  struct NonFiniteCase: Sendable, CustomTestStringConvertible {
    var value: Value
    var onRelationship: Bool
    var testDescription: String { "\(value) on a \(onRelationship ? "relationship" : "node")" }
  }

  @Test(arguments: [
    NonFiniteCase(value: .float(.nan), onRelationship: false),
    NonFiniteCase(value: .float(.infinity), onRelationship: true),
    NonFiniteCase(value: .float(-.infinity), onRelationship: false),
    NonFiniteCase(value: [1.5, .float(.nan)], onRelationship: true),
    NonFiniteCase(value: .map(["inner": [.float(.infinity)]]), onRelationship: false),
  ])
  func nonFiniteFloatsAreRefusedByJSONLinesNamingWhere(_ c: NonFiniteCase) throws {
    let g = Graph()
    let a = g.createNode(labels: ["Person"], properties: ["name": "韩俊"])
    let b = g.createNode(labels: ["Place"], properties: ["name": "安徽省"])
    let r = try g.createRelationship(from: a, to: b, type: "HOLDS")
    if c.onRelationship {
      try g.setProperty("score", to: c.value, of: r)
    } else {
      try g.setProperty("score", to: c.value, of: b)
    }
    let error = #expect(throws: ExportError.self) { try JSONLinesWriter(graph: g).bytes() }
    #expect(error?.code == .unrepresentable)
    let owner = c.onRelationship ? "relationship \(r.rawValue)" : "node \(b.rawValue)"
    #expect(error?.message.hasPrefix(owner + " has ") == true, "\(error?.message ?? "")")
    #expect(error?.message.contains("'score'") == true)

    // Written to a file: the earlier file stays, and nothing half-written is left.
    let dir = try temporaryDirectory("nonfinite")
    let path = dir.appendingPathComponent("out.jsonl").path
    try Data("earlier export\n".utf8).write(to: URL(fileURLWithPath: path))
    #expect(throws: ExportError.self) { try JSONLinesWriter(graph: g).write(toFile: path) }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "earlier export\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.jsonl"])

    // The CSV export keeps them in the spelling Java parses, or, inside a map (a JSON
    // text column), refuses them too.
    let csv = try temporaryDirectory("nonfinite-csv")
    if case .map = c.value {
      let error = #expect(throws: ExportError.self) {
        try Neo4jCSVWriter(graph: g).write(toDirectory: csv.path)
      }
      #expect(error?.code == .unrepresentable)
      #expect(error?.message.hasPrefix(owner + " has ") == true, "\(error?.message ?? "")")
      return
    }
    try Neo4jCSVWriter(graph: g).write(toDirectory: csv.path)
    let file = c.onRelationship ? "HOLDS.csv" : "Place.csv"
    let text = try String(contentsOf: csv.appendingPathComponent(file), encoding: .utf8)
    #expect(text.contains("NaN") || text.contains("Infinity"), "\(text)")
  }

  /// The rows of a CSV text, quotes removed (RFC 4180; no newlines in these fields).
  func rows(_ text: String) -> [[String]] {
    text.split(separator: "\n").map { line in
      var fields: [String] = []
      var field = ""
      var isQuoted = false
      var previous: Character = " "
      for character in line {
        if character == "\"" {
          if !isQuoted && previous == "\"" { field.append("\"") }
          isQuoted.toggle()
        } else if character == "," && !isQuoted {
          fields.append(field)
          field = ""
        } else {
          field.append(character)
        }
        previous = character
      }
      fields.append(field)
      return fields
    }
  }

  /// The delimiter the script passes to neo4j-admin.
  func arrayDelimiter(in directory: URL) throws -> String {
    let script = try String(
      contentsOf: directory.appendingPathComponent(Neo4jCSVWriter.scriptName), encoding: .utf8)
    let marker = "--array-delimiter='"
    let start = try #require(script.range(of: marker)).upperBound
    return String(script[start])
  }

  @Test func aListElementHoldingTheDelimiterGetsAnotherDelimiter() throws {
    let g = Graph()
    let person = g.createNode(
      labels: ["Person", "A;B"], properties: ["titles": ["主任;副主任", "委员"], "ids": [1, 2]])
    let place = g.createNode(labels: ["Place"], properties: ["name": "安徽省"])
    try g.createRelationship(from: person, to: place, type: "HOLDS", properties: ["tags": ["x|y"]])
    let dir = try temporaryDirectory("delimiter")
    try Neo4jCSVWriter(graph: g).write(toDirectory: dir.path)
    // ';' is in an element and a label, '|' in another element: the next candidate.
    let delimiter = try arrayDelimiter(in: dir)
    #expect(delimiter == "^")
    let people = rows(
      try String(contentsOf: dir.appendingPathComponent("Person.csv"), encoding: .utf8))
    let header = try #require(people.first)
    let row = try #require(people.dropFirst().first)
    let titles = try #require(header.firstIndex(of: "titles:string[]"))
    #expect(row[titles].split(separator: Character(delimiter)) == ["主任;副主任", "委员"])
    let labels = try #require(header.firstIndex(of: ":LABEL"))
    #expect(Set(row[labels].split(separator: Character(delimiter))) == ["A;B", "Person"])
    let ids = try #require(header.firstIndex(of: "ids:int[]"))
    #expect(row[ids] == "1^2")

    // Without such values the delimiter stays ';'.
    let plain = try temporaryDirectory("delimiter-plain")
    try Neo4jCSVWriter(graph: try Fixture.graph()).write(toDirectory: plain.path)
    #expect(try arrayDelimiter(in: plain) == ";")
  }

  @Test func aListHoldingEveryDelimiterIsRefusedNamingIt() throws {
    let g = Graph()
    let a = g.createNode(labels: ["Person"], properties: ["name": "韩俊"])
    let b = g.createNode(labels: ["Place"], properties: ["name": "安徽省"])
    let r = try g.createRelationship(
      from: a, to: b, type: "HOLDS", properties: ["notes": ["a;b", "c|d^e~f#g"]])
    let dir = try temporaryDirectory("delimiter-refused")
    let error = #expect(throws: ExportError.self) {
      try Neo4jCSVWriter(graph: g).write(toDirectory: dir.path)
    }
    #expect(error?.code == .unrepresentable)
    #expect(error?.message.contains("relationship \(r.rawValue) property 'notes'") == true)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
  }

  struct NumberCase: Sendable, CustomTestStringConvertible {
    var literal: String
    /// The value read, or nil when it must be refused.
    var value: Value?
    var testDescription: String { literal }
  }

  static let numbers: [NumberCase] = [
    NumberCase(literal: "9223372036854775807", value: .int(.max)),
    NumberCase(literal: "-9223372036854775808", value: .int(.min)),
    NumberCase(literal: "9223372036854775808", value: nil),
    NumberCase(literal: "-9223372036854775809", value: nil),
    NumberCase(literal: "18446744073709551616", value: nil),
    NumberCase(literal: "123456789012345678901234567890", value: nil),
    NumberCase(literal: "1e30", value: .float(1e30)),
    NumberCase(literal: "9223372036854775808.0", value: .float(9_223_372_036_854_775_808.0)),
  ]

  /// JSON Lines import: an integer beyond 64 bits is an error at its line and column.
  @Test(arguments: numbers)
  func integersBeyond64BitsAreRefusedOnImport(_ c: NumberCase) throws {
    let dir = try temporaryDirectory("numbers")
    let path = dir.appendingPathComponent("in.jsonl").path
    let first = #"{"type":"node","id":"a","labels":["Person"],"properties":{"name":"韩俊"}}"#
    let second = #"{"type":"node","id":"b","labels":["Place"],"properties":{"名":"安徽","n":"#
    try Data((first + "\n" + second + c.literal + "}}\n").utf8).write(
      to: URL(fileURLWithPath: path))
    if let value = c.value {
      let g = try JSONLinesReader().read(path: path)
      #expect(g.property("n", of: NodeID(1)) == value)
    } else {
      let error = #expect(throws: ExportError.self) { try JSONLinesReader().read(path: path) }
      #expect(error?.code == .syntax)
      #expect(error?.line == 2)
      #expect(error?.column == second.count + 1, "\(error?.description ?? "")")
      #expect(error?.message.contains("64 bits") == true)
    }
  }

  /// `JSONValue.parse` (parameters files): the same, with line and column.
  @Test(arguments: numbers)
  func integersBeyond64BitsAreRefusedInParameters(_ c: NumberCase) throws {
    let text = "{\n  \"名字\": \"韩俊\",\n  \"n\": \(c.literal)\n}"
    if let value = c.value {
      #expect(try JSONValue.parse(text) == .map(["名字": "韩俊", "n": value]))
    } else {
      let error = #expect(throws: ExportError.self) {
        try JSONValue.parse(text, path: "params.json")
      }
      #expect(error?.line == 3)
      #expect(error?.column == 8)
      #expect(error?.description.hasPrefix("params.json:3:8: ") == true)
    }
  }

  @Test func benchCSVWithCRLFLineEndsAndAByteOrderMarkLoadsLikeLF() throws {
    let nodes = "id,label,name,props\n0,Place,安徽省,{}\n1,Person,韩俊,\"{\"\"born\"\":1963}\"\n"
    let edges =
      "src,type,dst,props\n1,HOLDS,0,\"{\"\"doc\"\":\"\"a.txt\"\",\"\"span\"\":\"\"3-9\"\"}\"\n"
    func load(_ nodes: String, _ edges: String, _ name: String) throws -> [UInt8] {
      let dir = try temporaryDirectory(name)
      try Data(nodes.utf8).write(to: dir.appendingPathComponent("nodes.csv"))
      try Data(edges.utf8).write(to: dir.appendingPathComponent("edges.csv"))
      let g = try BenchCSVReader().read(directory: dir.path)
      try g.checkInvariants()
      return try JSONLinesWriter(graph: g).bytes()
    }
    let lf = try load(nodes, edges, "lf")
    func crlf(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: "\r\n") }
    let windows = try load(crlf(nodes), crlf(edges), "crlf")
    #expect(windows == lf)
    #expect(String(decoding: lf, as: UTF8.self).contains(#""born":1963"#))
    // With the byte order mark Windows tools write before CRLF lines.
    let bom = "\u{FEFF}"
    #expect(try load(bom + crlf(nodes), bom + crlf(edges), "bom") == lf)
    // No final line end either.
    #expect(
      try load(String(crlf(nodes).dropLast()), String(crlf(edges).dropLast()), "crlf-end") == lf)
  }

  /// A named pipe is refused at once instead of read (which would wait for a writer).
  @Test func namedPipesAreRefusedNotRead() throws {
    let dir = try temporaryDirectory("pipes")
    let pipe = dir.appendingPathComponent("in.jsonl").path
    #expect(mkfifo(pipe, 0o644) == 0)
    let error = #expect(throws: ExportError.self) { try JSONLinesReader().read(path: pipe) }
    #expect(error?.message.contains("named pipe") == true)
    #expect(error?.path == pipe)
    try Data("id,label,name,props\n".utf8).write(to: dir.appendingPathComponent("edges.csv"))
    #expect(mkfifo(dir.appendingPathComponent("nodes.csv").path, 0o644) == 0)
    let csv = #expect(throws: ExportError.self) { try BenchCSVReader().read(directory: dir.path) }
    #expect(csv?.message.contains("named pipe") == true)
  }
}
