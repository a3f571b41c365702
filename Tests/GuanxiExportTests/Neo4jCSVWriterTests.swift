import Foundation
import GuanxiGraph
import Testing

@testable import GuanxiExport

@Suite struct Neo4jCSVWriterTests {
  /// Writes `graph` and returns each file's name and text.
  func export(_ graph: Graph, _ name: String, selection: GraphSelection = .all) throws -> [(
    String, String
  )] {
    let dir = try temporaryDirectory("neo4j-\(name)")
    let names = try Neo4jCSVWriter(graph: graph, selection: selection).write(toDirectory: dir.path)
    return try names.map {
      ($0, try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8))
    }
  }

  /// RFC 4180 rows: quoted fields may hold commas, doubled quotes and newlines.
  func rows(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var isQuoted = false
    var chars = Array(text)
    chars.append("\n")
    var i = 0
    var wasQuoted = false
    while i < chars.count - 1 || (i == chars.count - 1 && !row.isEmpty) {
      let c = chars[i]
      if isQuoted {
        if c == "\"" {
          if i + 1 < chars.count && chars[i + 1] == "\"" {
            field.append("\"")
            i += 1
          } else {
            isQuoted = false
          }
        } else {
          field.append(c)
        }
      } else if c == "\"" {
        isQuoted = true
        wasQuoted = true
      } else if c == "," {
        row.append(field)
        field = ""
        wasQuoted = false
      } else if c == "\n" {
        row.append(field)
        rows.append(row)
        row = []
        field = ""
        wasQuoted = false
      } else {
        field.append(c)
      }
      i += 1
    }
    _ = wasQuoted
    return rows
  }

  @Test func writesTheFixtureAsGolden() throws {
    let files = try export(try Fixture.graph(), "golden")
    var all = ""
    for (name, text) in files { all += "==> \(name) <==\n\(text)" }
    Golden.check(Array(all.utf8), "fixture-neo4j.txt")
  }

  @Test func everyRowHasTheHeadersFieldCount() throws {
    let files = try export(try Fixture.graph(), "fields")
    #expect(
      files.map(\.0) == [
        "Person.csv", "Place.csv", "Organization.csv", "Meeting.csv", "Project.csv", "Document.csv",
        "_unlabelled.csv", "ATTENDED.csv", "CREDITED.csv", "HELD_IN.csv", "HOLDS.csv",
        "LOCATED_IN.csv",
        "MENTIONS.csv", "PRESIDED.csv", "SPOKE.csv", Neo4jCSVWriter.scriptName,
      ])
    var nodeRows = 0
    var relationshipRows = 0
    for (name, text) in files where name.hasSuffix(".csv") {
      let table = rows(text)
      let header = try #require(table.first)
      for row in table.dropFirst() { #expect(row.count == header.count, "\(name): \(row)") }
      if header.first == ":START_ID" {
        relationshipRows += table.count - 1
      } else {
        nodeRows += table.count - 1
      }
    }
    #expect(nodeRows == 10)
    #expect(relationshipRows == 12)
    let holds = rows(try #require(files.first { $0.0 == "HOLDS.csv" }?.1))
    #expect(
      holds[0] == [":START_ID", ":END_ID", ":TYPE", "asOf:date", "doc", "span:int[]", "title"])
    #expect(
      holds[1] == ["0", "1", "HOLDS", "2023-07-20", "002_df31f4454c7cdcdc.txt", "120;188", "省委书记"])
    let person = rows(try #require(files.first { $0.0 == "Person.csv" }?.1))
    #expect(person[0].prefix(3) == ["id:ID", ":LABEL", "big:long"])
    #expect(person[2][1] == "Person;Reporter")
    let nameColumn = try #require(person[0].firstIndex(of: "name"))
    #expect(person[2][nameColumn] == "王\"小\"明\\n<b>&amp;</b>\n第二行\t{x|y}")
  }

  @Test func ownIdPropertyTakesTheIdName() throws {
    let g = Graph()
    g.createNode(labels: [Schema.Label.person], properties: ["id": 7, Schema.Key.name: "甲"])
    let files = try export(g, "ids")
    #expect(files.first?.1 == ":ID,:LABEL,id:int,name\n0,Person,7,\"甲\"\n")
  }

  @Test func columnTypesMerge() {
    typealias T = Neo4jCSVWriter.ColumnType
    #expect(T(of: 1)?.merged(with: T(of: .int(1 << 40))!) == .long)
    #expect(T(of: 1)?.merged(with: T(of: 2.5)!) == .double)
    #expect(T(of: "a")?.merged(with: T(of: 1)!) == .json)
    #expect(T(of: [1, 2]) == .array(.int))
    #expect(T(of: ["a", "b"])?.suffix == ":string[]")
    #expect(T(of: [1, "a"]) == .json)
    #expect(T(of: [[1]]) == .json)
    #expect(T(of: .map([:])) == .json)
  }

  @Test func subgraphWritesOnlyItsRows() throws {
    let g = try Fixture.graph()
    let selection = GraphSelection.subgraph(of: g, nodes: [], relationships: [RelationshipID(0)])
    let files = try export(g, "subgraph", selection: selection)
    #expect(files.map(\.0) == ["Person.csv", "Place.csv", "HOLDS.csv", Neo4jCSVWriter.scriptName])
    let script = try #require(files.last?.1)
    #expect(script.contains("--nodes=Person.csv"))
    #expect(script.contains("--relationships=HOLDS.csv"))
  }

  @Test func fileNamesAreSafe() {
    let writer = Neo4jCSVWriter(graph: Graph())
    #expect(writer.safeFileName("Person") == "Person")
    #expect(writer.safeFileName("../x y") == "%2E%2E%2Fx%20y")
    #expect(writer.safeFileName("人") == "%E4%BA%BA")
  }
}
