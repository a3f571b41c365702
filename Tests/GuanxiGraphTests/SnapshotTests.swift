import Foundation
import Testing

@testable import GuanxiGraph

@Suite struct SnapshotTests {
  /// Writes `graph` as a fresh graph file and returns its path.
  func save(_ graph: Graph, in directory: TemporaryDirectory, name: String = "g.gx") throws
    -> String
  {
    let path = directory.file(name)
    let file = try GraphFile.create(path, from: graph)
    file.close()
    return path
  }

  @Test func roundTripKeepsEveryNodeRelationshipAndValue() throws {
    let directory = try TemporaryDirectory()
    let graph = try richGraph()
    let expected = dump(graph)
    let path = try save(graph, in: directory)
    // Writing compacts the graph in memory; that must not change what it holds.
    #expect(dump(graph) == expected)
    try graph.checkInvariants()

    let loaded = try GraphFile.open(path, mode: .readOnly).graph
    try loaded.checkInvariants()
    #expect(dump(loaded) == expected)
    let han = NodeID(0)
    #expect(loaded.property("negativeZero", of: han).map(render) == render(.float(-0.0)))
    #expect(loaded.property("i64min", of: han) == .int(.min))
    #expect(loaded.nodes(label: "Person", name: "王清宪") == [NodeID(1), NodeID(6)])
    #expect(loaded.nodes(label: "Official") == [han])
    #expect(!loaded.contains(NodeID(2)))
    #expect(!loaded.contains(RelationshipID(3)))
    var holds: [RelationshipID] = []
    loaded.forEachRelationship(of: han, direction: .outgoing, type: loaded.symbol("HOLDS")) {
      r, _ in
      holds.append(r)
    }
    #expect(holds == [RelationshipID(0)])
    #expect(loaded.property("span", of: RelationshipID(0)) == [3, 40])
    #expect(loaded.property("doc", of: RelationshipID(0)) == "a.txt")

    // A loaded graph keeps working: new nodes, new types, a second round trip.
    let more = loaded.createNode(labels: ["Project"], properties: ["name": "引江济淮"])
    try loaded.createRelationship(from: more, to: NodeID(3), type: "LOCATED_IN")
    try loaded.checkInvariants()
    let again = try GraphFile.open(try save(loaded, in: directory, name: "h.gx"), mode: .readOnly)
    #expect(dump(again.graph) == dump(loaded))
  }

  /// Saving skips rebuilding adjacency lists that are already compact; every way of
  /// leaving them stale must still be caught.
  @Test func staleAdjacencyIsRebuiltBeforeSaving() throws {
    let directory = try TemporaryDirectory()
    let g = Graph()
    let a = g.createNode(labels: ["Person"])
    let b = g.createNode(labels: ["Place"])
    let first = try g.createRelationship(from: a, to: b, type: "HOLDS")
    g.compactAdjacency()
    // A deletion and a bulk-loaded relationship keep the entry count the same.
    try g.deleteRelationship(first)
    g.beginBulkLoad()
    try g.createRelationship(from: b, to: a, type: "LOCATED_IN")
    let path = try save(g, in: directory)
    let loaded = try GraphFile.open(path, mode: .readOnly).graph
    try loaded.checkInvariants()
    #expect(dump(loaded) == dump(g))
    // A deletion and a new node.
    try loaded.deleteRelationship(RelationshipID(1))
    loaded.createNode()
    let again = try GraphFile.open(try save(loaded, in: directory, name: "h.gx"), mode: .readOnly)
    #expect(dump(again.graph) == dump(loaded))
  }

  @Test func emptyGraphRoundTrips() throws {
    let directory = try TemporaryDirectory()
    let path = try save(Graph(), in: directory)
    let loaded = try GraphFile.open(path, mode: .readOnly).graph
    try loaded.checkInvariants()
    #expect(dump(loaded) == dump(Graph()))
  }

  @Test func everyStrictPrefixFailsToLoad() throws {
    let directory = try TemporaryDirectory()
    let path = try save(try richGraph(), in: directory)
    let size = try readBytes(path).count
    for length in stride(from: size - 1, through: 0, by: -1) {
      try truncateFile(path, to: length)
      let error = graphError { () throws(GraphError) in _ = try SnapshotReader.load(path: path) }
      #expect(
        error?.code == .truncated || error?.code == .corrupt,
        "prefix of \(length) bytes: \(String(describing: error))")
    }
  }

  @Test func everyFlippedByteIsReportedAtItsSection() throws {
    let directory = try TemporaryDirectory()
    let path = try save(try richGraph(), in: directory)
    let original = try readBytes(path)
    let sections = try SnapshotReader.readHeaderAndSections(path: path).sections
    #expect(sections.map(\.name).first == "counts")
    #expect(sections.map(\.name).last == "end")
    /// The offset a flip at `position` must be reported at: its section's, or the header's.
    func expectedOffset(_ position: Int) -> Int {
      sections.last { $0.byteOffset <= position }?.byteOffset ?? 0
    }
    var random = SeededGenerator(seed: 0x6775_616E_7869)
    for position in 0..<original.count {
      let damaged = original[position] ^ UInt8.random(in: 1...255, using: &random)
      try overwrite(path, at: position, with: [damaged])
      defer { try? overwrite(path, at: position, with: [original[position]]) }
      let error = graphError { () throws(GraphError) in _ = try SnapshotReader.load(path: path) }
      #expect(error?.path == path)
      switch position {
      case 0..<8: #expect(error?.code == .notAGraph, "byte \(position)")
      case 8..<12:
        #expect(error?.code == .newerFormat || error?.code == .corrupt, "byte \(position)")
        #expect(error?.byteOffset == 8)
      default:
        #expect(error?.code == .corrupt, "byte \(position): \(String(describing: error))")
        #expect(
          error?.byteOffset == expectedOffset(position),
          "byte \(position): \(String(describing: error))")
      }
    }
  }

  /// Files past `SnapshotReader.parallelByteCount` are read and checked on several
  /// threads; damage must be reported just the same, at the damaged section.
  @Test func largeSnapshotsReadInParallelReportTheSameErrors() throws {
    let directory = try TemporaryDirectory()
    let g = Graph()
    var random = SeededGenerator(seed: 10)
    g.beginBulkLoad()
    for i in 0..<4_000 { g.createNode(labels: ["Person"], properties: ["name": .string("人\(i)")]) }
    for i in 0..<40_000 {
      try g.createRelationship(
        from: NodeID(Int.random(in: 0..<4_000, using: &random)),
        to: NodeID(Int.random(in: 0..<4_000, using: &random)),
        type: i % 3 == 0 ? "HOLDS" : "ATTENDED",
        properties: ["doc": .string("d\(i % 97)"), "span": [.int(Int64(i)), .int(Int64(i + 9))]])
    }
    g.finishBulkLoad()
    let path = try save(g, in: directory)
    let original = try readBytes(path)
    #expect(original.count > SnapshotReader.parallelByteCount)
    let loaded = try SnapshotReader.load(path: path)
    try loaded.graph.checkInvariants()
    #expect(dump(loaded.graph) == dump(g))
    for _ in 0..<40 {
      let position = Int.random(in: 48..<original.count, using: &random)
      try overwrite(path, at: position, with: [original[position] ^ 0x10])
      defer { try? overwrite(path, at: position, with: [original[position]]) }
      let error = graphError { () throws(GraphError) in _ = try SnapshotReader.load(path: path) }
      let section = loaded.sections.last { $0.byteOffset <= position }
      #expect(error?.code == .corrupt)
      #expect(error?.byteOffset == section?.byteOffset, "byte \(position)")
    }
  }

  struct FileCase: CustomTestStringConvertible, Sendable {
    var name: String
    var bytes: [UInt8]
    var code: GraphError.Code
    var testDescription: String { name }
  }

  static let header = SnapshotHeader(generation: 7, parentGeneration: 0, fileByteCount: 68)
    .encoded()

  @Test(arguments: [
    FileCase(name: "x.txt", bytes: Array("省委书记 is not a graph\n".utf8), code: .notAGraph),
    FileCase(name: "empty", bytes: [], code: .notAGraph),
    FileCase(name: "magic only", bytes: SnapshotFormat.magic, code: .truncated),
    FileCase(name: "header only", bytes: header, code: .truncated),
    FileCase(name: "version 0", bytes: SnapshotFormat.magic + [0, 0, 0, 0], code: .corrupt),
    FileCase(name: "version 2", bytes: SnapshotFormat.magic + [2, 0, 0, 0], code: .newerFormat),
    FileCase(name: "journal", bytes: Journal.headerBytes(generation: 1), code: .notAGraph),
  ])
  func filesThatAreNotSnapshotsSayWhy(_ c: FileCase) throws {
    let directory = try TemporaryDirectory()
    let path = directory.file(c.name)
    try writeBytes(c.bytes, to: path)
    let error = graphError { () throws(GraphError) in _ = try GraphFile.open(path, mode: .readOnly)
    }
    #expect(error?.code == c.code)
    #expect(error?.path == path)
    if c.code == .notAGraph {
      let expected =
        c.name == "journal"
        ? "'\(path)' is a Guanxi journal, not a graph; open the .gx file beside it"
        : "'\(path)' exists and is not a Guanxi graph (bad magic); it was left as it was"
      #expect(error?.message == expected)
    }
  }

  @Test func newerVersionNamesBothVersions() throws {
    let directory = try TemporaryDirectory()
    let path = try save(try richGraph(), in: directory)
    var bytes = try readBytes(path)
    bytes[8] = 9
    try writeBytes(bytes, to: path)
    let error = graphError { () throws(GraphError) in _ = try GraphFile.open(path, mode: .readWrite)
    }
    #expect(error?.code == .newerFormat)
    #expect(error?.message.contains("version 9") == true)
    #expect(error?.message.contains("version 1 at most") == true)
  }

  @Test func skippableUnknownSectionsAreSkippedOthersAreNot() throws {
    let directory = try TemporaryDirectory()
    let path = try save(try richGraph(), in: directory)
    let original = try readBytes(path)
    let end = try #require(try SnapshotReader.readHeaderAndSections(path: path).sections.last)
    for (tag, isSkippable) in [(SectionTag.skippableBit | 77, true), (UInt32(77), false)] {
      var extra = BinaryWriter()
      let payload: [UInt8] = Array("future".utf8)
      extra.u32(tag)
      extra.u64(UInt64(payload.count))
      extra.bytes += payload
      extra.u64(Checksum.hash(payload, seed: Checksum.sectionSeed(tag: tag, byteCount: 6)))
      var bytes = Array(original[..<end.byteOffset]) + extra.bytes + original[end.byteOffset...]
      var header = SnapshotHeader(
        generation: 1, parentGeneration: 0, fileByteCount: UInt64(bytes.count))
      header.generation = littleEndian(UInt64.self, original, at: 16)
      bytes.replaceSubrange(0..<48, with: header.encoded())
      try writeBytes(bytes, to: path)
      if isSkippable {
        let loaded = try SnapshotReader.load(path: path)
        #expect(dump(loaded.graph) == dump(try richGraph()))
        #expect(
          loaded.sections.contains { $0.name == "unknown" && $0.byteOffset == end.byteOffset })
      } else {
        let error = graphError { () throws(GraphError) in _ = try SnapshotReader.load(path: path) }
        #expect(error?.code == .corrupt)
        #expect(error?.byteOffset == end.byteOffset)
      }
    }
  }

  /// Sections whose checksums are right but whose contents are not must still be caught:
  /// the checksum is recomputed after the damage, as a buggy writer would have.
  @Test func outOfRangeIdsWithGoodChecksumsAreCorruptNotTraps() throws {
    let directory = try TemporaryDirectory()
    let path = try save(try richGraph(), in: directory)
    let original = try readBytes(path)
    let sections = try SnapshotReader.readHeaderAndSections(path: path).sections
    var random = SeededGenerator(seed: 42)
    for section in sections where section.payloadByteCount > 0 {
      for _ in 0..<24 {
        var bytes = original
        let payload = section.byteOffset + 12
        let position = payload + Int.random(in: 0..<section.payloadByteCount, using: &random)
        bytes[position] ^= UInt8.random(in: 1...255, using: &random)
        let checksum = bytes.withUnsafeBytes {
          Checksum.hash(
            UnsafeRawBufferPointer(rebasing: $0[payload..<(payload + section.payloadByteCount)]),
            seed: Checksum.sectionSeed(
              tag: section.tag, byteCount: UInt64(section.payloadByteCount)))
        }
        withUnsafeBytes(of: checksum.littleEndian) {
          bytes.replaceSubrange(
            (payload + section.payloadByteCount)..<(payload + section.payloadByteCount + 8),
            with: $0)
        }
        try overwrite(path, at: 0, with: bytes)
        // Either the damage is caught as corruption, or it was harmless (a string's
        // bytes, a property value) and the graph still passes its invariants.
        do throws(GraphError) {
          let loaded = try SnapshotReader.load(path: path)
          try loaded.graph.checkInvariants()
        } catch {
          #expect(error.code == .corrupt, "\(section.name): \(error)")
          #expect(error.path == path)
          #expect(error.byteOffset != nil)
        }
      }
    }
  }

  @Test func verifyReportsSectionsAndTheFirstProblem() throws {
    let directory = try TemporaryDirectory()
    let path = try save(try richGraph(), in: directory)
    let report = try GraphFile.verify(path: path)
    #expect(report.sections.count == SectionTag.allCases.count)
    #expect(report.nodeCount == 6)
    #expect(report.relationshipCount == 6)
    #expect(report.journalRecordCount == 0)
    #expect(report.snapshotBytes == (try readBytes(path)).count)
    var bytes = try readBytes(path)
    let target = try #require(report.sections.first { $0.name == "relationship ends" })
    bytes[target.byteOffset + 13] ^= 0x40
    try writeBytes(bytes, to: path)
    let error = graphError { () throws(GraphError) in _ = try GraphFile.verify(path: path) }
    #expect(error?.code == .corrupt)
    #expect(error?.byteOffset == target.byteOffset)
  }

  @Test func checksumSeesEveryFlippedBit() {
    var random = SeededGenerator(seed: 3)
    for length in [0, 1, 7, 8, 9, 31, 32, 33, 100] {
      let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
      let base = Checksum.hash(bytes)
      for i in 0..<length {
        for bit in 0..<8 {
          var flipped = bytes
          flipped[i] ^= 1 << bit
          #expect(Checksum.hash(flipped) != base)
        }
      }
      #expect(Checksum.hash(bytes + [0]) != base)
    }
  }
}
