import Foundation
import GuanxiGraph
import Testing

@testable import GuanxiExport

@Suite struct BenchCSVReaderTests {
  static let nodes = #"""
    id,label,name,props
    0,Place,安徽省,"{""level"":""province""}"
    1,Place,合肥市,"{""level"":""city""}"
    2,Person,韩俊,{}
    3,Meeting,"省委常委会会议,扩大","{""date"":""2023-07-20"",""endDate"":""2023-07-21""}"
    4,Document,d00000000.txt,"{""title"":""韩俊主持召开\""常委会\"""",""date"":""2023-07-20"",""source"":""安徽日报""}"
    5,Organization,"中共""安徽""省委",{}

    """#
  static let edges = #"""
    src,type,dst,props
    1,LOCATED_IN,0,"{""doc"":"""",""span"":""""}"
    2,HOLDS,0,"{""title"":""省委书记"",""asOf"":""2023-07-20"",""doc"":""d00000000.txt"",""span"":""120-188""}"
    2,PRESIDED,3,"{""doc"":""d00000000.txt"",""span"":""0-40""}"
    2,CREDITED,4,"{""role"":""记者"",""doc"":""d00000000.txt"",""span"":""300-320"",""weight"":1.5,""n"":7}"
    3,HELD_IN,1,"{""doc"":""d00000000.txt"",""span"":""0-40""}"\#r
    4,MENTIONS,3,"{""doc"":""d00000001.txt"",""span"":""5-9""}"
    """#

  func write(_ nodes: String, _ edges: String, _ name: String) throws -> String {
    let dir = try temporaryDirectory("bench-\(name)")
    try Data(nodes.utf8).write(to: dir.appendingPathComponent("nodes.csv"))
    try Data(edges.utf8).write(to: dir.appendingPathComponent("edges.csv"))
    return dir.path
  }

  @Test func loadsNodesEdgesAndProvenance() throws {
    let g = try BenchCSVReader().read(directory: try write(Self.nodes, Self.edges, "small"))
    try g.checkInvariants()
    #expect(g.nodeCount == 6)
    #expect(g.relationshipCount == 6)
    #expect(g.nodes(label: Schema.Label.person, name: "韩俊") == [NodeID(2)])
    #expect(g.property(Schema.Key.name, of: NodeID(3)) == "省委常委会会议,扩大")
    #expect(g.property(Schema.Key.name, of: NodeID(5)) == "中共\"安徽\"省委")
    #expect(g.property(Schema.Key.level, of: NodeID(1)) == "city")
    #expect(g.property("id", of: NodeID(4)) == 4)
    #expect(g.property(Schema.Key.date, of: NodeID(3)) == Fixture.date("2023-07-20"))
    #expect(g.property(Schema.Key.endDate, of: NodeID(3)) == Fixture.date("2023-07-21"))
    #expect(g.property(Schema.Key.title, of: NodeID(4)) == "韩俊主持召开\"常委会\"")
    #expect(g.property(Schema.Key.source, of: NodeID(4)) == "安徽日报")
    // The empty provenance of the administrative tree is no provenance.
    #expect(g.properties(of: RelationshipID(0)).isEmpty)
    let holds = RelationshipID(1)
    #expect(g.typeName(of: holds) == Schema.RelationshipType.holds)
    #expect(g.property(Schema.Key.title, of: holds) == "省委书记")
    #expect(g.property(Schema.Key.asOf, of: holds) == Fixture.date("2023-07-20"))
    #expect(g.property(Schema.Key.doc, of: holds) == "d00000000.txt")
    #expect(g.property(Schema.Key.span, of: holds) == [120, 188])
    #expect(g.property(Schema.Key.role, of: RelationshipID(3)) == "记者")
    #expect(g.property("weight", of: RelationshipID(3)) == 1.5)
    #expect(g.property("n", of: RelationshipID(3)) == 7)
    #expect(g.property(Schema.Key.doc, of: RelationshipID(5)) == "d00000001.txt")
    #expect(g.indexedNodes(key: g.symbol("id"), equalTo: 3) == [NodeID(3)])
    var attended: [NodeID] = []
    g.forEachRelationship(of: NodeID(2), direction: .outgoing) { _, other in attended.append(other)
    }
    #expect(attended.sorted() == [NodeID(0), NodeID(3), NodeID(4)])
  }

  @Test func chunkedParallelLoadEqualsSequentialLoad() throws {
    var nodes = "id,label,name,props\n"
    var edges = "src,type,dst,props\n"
    // Sparse, shuffled CSV ids exercise the id map; the names repeat across chunks.
    let count = 3_000
    for k in 0..<count {
      let id = (k * 7919) % count * 3
      let label = k % 3 == 0 ? "Person" : "Meeting"
      let props = label == "Meeting" ? "\"{\"\"date\"\":\"\"2020-01-\(10 + k % 19)\"\"}\"" : "{}"
      nodes += "\(id),\(label),名字\(k % 97),\(props)\n"
    }
    for k in 0..<(count * 4) {
      let a = (k * 31) % count * 3
      let b = (k * 17 + 5) % count * 3
      edges +=
        "\(a),\(k % 5 == 0 ? "HOLDS" : "ATTENDED"),\(b),\"{\"\"doc\"\":\"\"d\(k / 10).txt\"\",\"\"span\"\":\"\"\(k)-\(k + 3)\"\"}\"\n"
    }
    let dir = try write(nodes, edges, "chunks")
    var sequential = BenchCSVReader(concurrency: 1)
    sequential.minimumChunkBytes = 1 << 30
    var parallel = BenchCSVReader(concurrency: 4)
    parallel.minimumChunkBytes = 1_000
    let one = try sequential.read(directory: dir)
    let many = try parallel.read(directory: dir)
    try many.checkInvariants()
    #expect(many.nodeCount == count)
    #expect(many.relationshipCount == count * 4)
    #expect(try JSONLinesWriter(graph: many).bytes() == JSONLinesWriter(graph: one).bytes())
  }

  struct ErrorCase: Sendable, CustomTestStringConvertible {
    var nodes: String
    var edges: String
    var code: ExportError.Code
    var file: String
    var line: Int
    var column: Int?
    var testDescription: String { "\(code) at \(file):\(line)" }
  }

  static let okNodes = "id,label,name,props\n0,Person,甲,{}\n1,Place,乙,{}\n"
  static let okEdges = "src,type,dst,props\n0,HOLDS,1,{}\n"

  @Test(arguments: [
    ErrorCase(
      nodes: "id,name\n", edges: okEdges, code: .malformedRow, file: "nodes.csv", line: 1, column: 1
    ),
    ErrorCase(
      nodes: okNodes + "x,Person,丙,{}\n", edges: okEdges, code: .malformedRow, file: "nodes.csv",
      line: 4, column: 1),
    ErrorCase(
      nodes: okNodes + "2,Person,丙\n", edges: okEdges, code: .malformedRow, file: "nodes.csv",
      line: 4, column: 11),
    ErrorCase(
      nodes: okNodes + "2,Person,丙,\"{\"\"a\"\" 1}\"\n", edges: okEdges, code: .malformedRow,
      file: "nodes.csv",
      line: 4, column: 12),
    ErrorCase(
      nodes: okNodes + "0,Person,丙,{}\n", edges: okEdges, code: .duplicateID, file: "nodes.csv",
      line: 4),
    ErrorCase(
      nodes: okNodes, edges: okEdges + "0,HOLDS,9,{}\n", code: .undefinedNode, file: "edges.csv",
      line: 3),
    ErrorCase(
      nodes: okNodes, edges: okEdges + "0,HOLDS,1,\"{\"\"span\"\":\"\"9-2\"\"}\"\n",
      code: .malformedRow,
      file: "edges.csv", line: 3, column: 11),
    ErrorCase(
      nodes: okNodes, edges: okEdges + "0,,1,{}\n", code: .malformedRow, file: "edges.csv", line: 3,
      column: 3),
  ])
  func reportsMalformedInput(_ c: ErrorCase) throws {
    let dir = try write(c.nodes, c.edges, "error")
    let error = #expect(throws: ExportError.self) { try BenchCSVReader().read(directory: dir) }
    #expect(error?.code == c.code, "\(error?.description ?? "")")
    #expect(error?.path == dir + "/" + c.file, "\(error?.description ?? "")")
    #expect(error?.line == c.line, "\(error?.description ?? "")")
    if let column = c.column { #expect(error?.column == column, "\(error?.description ?? "")") }
  }

  @Test func bulkAppendKeepsInvariantsAndRecordsChanges() throws {
    let g = Graph()
    g.isRecordingChanges = true
    var nodes = NodeBatch()
    let person = g.symbol(Schema.Label.person)
    nodes.labels = [person, person]
    nodes.properties = [
      BatchProperty(row: 0, key: g.symbol(Schema.Key.name), value: .string(g.symbol("甲"))),
      BatchProperty(row: 1, key: g.symbol("id"), value: .int(5)),
    ]
    g.appendNodes(nodes)
    var rels = RelationshipBatch()
    rels.from = [0]
    rels.to = [1]
    rels.types = [g.symbol("KNOWS")]
    rels.docs = [g.symbol("a.txt").rawValue]
    rels.spanStarts = [1]
    rels.spanEnds = [2]
    try g.appendRelationships(rels)
    try g.checkInvariants()
    let replay = Graph()
    for change in g.takeRecordedChanges() { try replay.apply(change) }
    #expect(try JSONLinesWriter(graph: replay).bytes() == JSONLinesWriter(graph: g).bytes())
    rels.to = [7]
    #expect(throws: GraphError.self) { try g.appendRelationships(rels) }
    #expect(g.relationshipCount == 1)
  }
}
