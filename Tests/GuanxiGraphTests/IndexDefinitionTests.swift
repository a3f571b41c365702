import Foundation
import Testing

@testable import GuanxiGraph

@Suite struct IndexDefinitionTests {
  /// Three people with an `id`, one of them also a Place, so a key index spans labels.
  func peopleGraph() -> Graph {
    let g = Graph()
    g.createNode(labels: ["Person"], properties: ["name": "韩俊", "id": 7])
    g.createNode(labels: ["Person"], properties: ["name": "王清宪", "id": 8])
    g.createNode(labels: ["Place"], properties: ["name": "安徽省", "id": 7])
    return g
  }

  func seek(_ g: Graph, _ value: Value) -> [NodeID]? {
    g.indexedNodes(key: g.symbol("id"), equalTo: value)
  }

  @Test func createSeeksThenDropFallsBackToScan() throws {
    let g = peopleGraph()
    #expect(seek(g, 7) == nil)
    try g.createIndex(IndexDefinition(label: "Person", key: "id"))
    #expect(g.indexes.map(\.name) == ["index_Person_id"])
    #expect(seek(g, 7) == [NodeID(0), NodeID(2)])
    // A second definition on the same key shares the index; dropping one keeps it.
    try g.createIndex(IndexDefinition(name: "place_id", label: "Place", key: "id"))
    try g.dropIndex(named: "index_Person_id")
    #expect(seek(g, 8) == [NodeID(1)])
    try g.dropIndex(named: "place_id")
    #expect(seek(g, 8) == nil)
    #expect(g.indexes.isEmpty)
    try g.checkInvariants()
  }

  @Test func duplicateNamesPairsAndMissingNamesAreErrors() throws {
    let g = peopleGraph()
    try g.createIndex(IndexDefinition(name: "a", label: "Person", key: "id"))
    #expect(throws: GraphError.self) {
      try g.createIndex(IndexDefinition(name: "a", label: "Place", key: "id"))
    }
    let twin = #expect(throws: GraphError.self) {
      try g.createIndex(IndexDefinition(name: "b", label: "Person", key: "id"))
    }
    #expect(twin?.code == .indexExists)
    let missing = #expect(throws: GraphError.self) { try g.dropIndex(named: "nope") }
    #expect(missing?.code == .indexNotFound)
    #expect(g.indexes.map(\.name) == ["a"])
  }

  @Test func snapshotKeepsDefinitionsAndOpeningRebuildsTheIndex() throws {
    let directory = try TemporaryDirectory()
    let g = peopleGraph()
    try g.createIndex(IndexDefinition(name: "person_id", label: "Person", key: "id"))
    try g.createIndex(IndexDefinition(label: "Place", key: "name"))
    let path = directory.file("g.gx")
    try GraphFile.create(path, from: g).close()
    let loaded = try GraphFile.open(path, mode: .readOnly).graph
    #expect(loaded.indexes == g.indexes)
    #expect(seek(loaded, 7) == [NodeID(0), NodeID(2)])
    try loaded.checkInvariants()
  }

  @Test func journalRecordsCreateAndDropAndReplayAppliesThem() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("g.gx")
    try GraphFile.create(path, from: peopleGraph()).close()
    let file = try GraphFile.open(path, mode: .readWrite)
    try file.graph.createIndex(IndexDefinition(name: "x", label: "Person", key: "id"))
    try file.commit()
    try file.graph.createIndex(IndexDefinition(name: "y", label: "Place", key: "id"))
    try file.graph.dropIndex(named: "x")
    try file.commit()
    file.close()
    let reopened = try GraphFile.open(path, mode: .readOnly).graph
    #expect(reopened.indexes.map(\.name) == ["y"])
    #expect(seek(reopened, 8) == [NodeID(1)])
    // Encoding the changes alone round-trips too.
    let changes: [GraphChange] = [
      .createIndex(name: "人员", label: "Person", key: "编号"), .dropIndex(name: "人员"),
    ]
    #expect(try BinaryReader.batch(BinaryWriter.batch(changes)) == changes)
  }

  /// The snapshot of `graph` with its index definitions section cut out, header fixed:
  /// a file as a Guanxi that predates the section wrote it.
  func withoutIndexSection(_ bytes: [UInt8]) throws -> [UInt8] {
    var offset = SnapshotFormat.headerByteCount
    while true {
      let tag = bytes[offset..<(offset + 4)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
      let count = bytes[(offset + 4)..<(offset + 12)].reversed().reduce(0) { $0 << 8 | Int($1) }
      let next = offset + SnapshotFormat.sectionOverhead + count
      if tag == SectionTag.indexDefinitions.rawValue {
        var cut = Array(bytes[..<offset] + bytes[next...])
        var header = BinaryWriter()
        header.u64(UInt64(cut.count))
        cut.replaceSubrange(32..<40, with: header.bytes)
        let checksum = cut.withUnsafeBytes {
          Checksum.hash(UnsafeRawBufferPointer(rebasing: $0[0..<40]))
        }
        var tail = BinaryWriter()
        tail.u64(checksum)
        cut.replaceSubrange(40..<48, with: tail.bytes)
        return cut
      }
      try #require(tag != SectionTag.end.rawValue, "no index definitions section")
      offset = next
    }
  }

  @Test func snapshotWithoutTheSectionOpensWithNoIndexes() throws {
    let directory = try TemporaryDirectory()
    let g = peopleGraph()
    try g.createIndex(IndexDefinition(label: "Person", key: "id"))
    let path = directory.file("g.gx")
    try GraphFile.create(path, from: g).close()
    let old = try withoutIndexSection(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    let oldPath = directory.file("old.gx")
    try Data(old).write(to: URL(fileURLWithPath: oldPath))
    let loaded = try GraphFile.open(oldPath, mode: .readOnly).graph
    #expect(loaded.indexes.isEmpty)
    #expect(seek(loaded, 7) == nil)
    #expect(loaded.nodes(label: "Person").count == 2)
  }

  @Test(arguments: [
    (IndexDefinitionCoding.encoded([]) + [0], "unexpected bytes after the last index"),
    (
      Array(IndexDefinitionCoding.encoded([IndexDefinition(label: "P", key: "k")]).dropLast()),
      "count 1 exceeds the data"
    ),
  ])
  func damagedPayloadsAreRefused(_ payload: [UInt8], reason: String) {
    let failure = #expect(throws: DecodingFailure.self) {
      try IndexDefinitionCoding.decoded(payload)
    }
    #expect(failure?.reason == reason)
  }

  @Test func repeatedDefinitionInAPayloadIsRefused() {
    let d = IndexDefinition(name: "a", label: "P", key: "k")
    var writer = BinaryWriter()
    writer.u32(2)
    for _ in 0..<2 {
      writer.string(d.name)
      writer.string(d.label)
      writer.string(d.key)
    }
    let failure = #expect(throws: DecodingFailure.self) {
      try IndexDefinitionCoding.decoded(writer.bytes)
    }
    #expect(failure?.byteOffset == 4 + 15)
  }
}
