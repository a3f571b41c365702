import Foundation
import Testing

@testable import GuanxiGraph

@Suite struct JournalTests {
  /// A graph file with three committed batches; returns the path and the dump of the
  /// graph after each commit (index 0: before any).
  func threeCommits(in directory: TemporaryDirectory) throws -> (path: String, dumps: [[String]]) {
    let path = directory.file("g.gx")
    let file = try GraphFile.open(path, mode: .readWrite, createIfMissing: true)
    let g = file.graph
    var dumps = [dump(g)]
    let han = g.createNode(labels: ["Person"], properties: ["name": "韩俊", "born": 1963])
    let anhui = g.createNode(labels: ["Place"], properties: ["name": "安徽省"])
    try g.createRelationship(
      from: han, to: anhui, type: "HOLDS",
      properties: ["title": "省委书记", "doc": "a.txt", "span": [3, 40]])
    try file.commit()
    dumps.append(dump(g))
    let meeting = g.createNode(
      labels: ["Meeting"], properties: ["date": .date(LocalDate(iso: "2023-07-20")!)])
    let r = try g.createRelationship(from: han, to: meeting, type: "ATTENDED")
    try g.setProperty("role", to: .map(["as": "主持", "order": [1, 2.5]]), of: r)
    try g.setProperty("name", to: "省委常委会会议", of: meeting)
    try g.addLabel("Official", to: han)
    try file.commit()
    dumps.append(dump(g))
    try g.detachDelete(meeting)
    try g.removeLabel("Official", from: han)
    try g.setProperty("born", to: nil, of: han)
    try file.commit()
    dumps.append(dump(g))
    file.close()
    return (path, dumps)
  }

  @Test func commitThenReopenKeepsEveryCommittedChange() throws {
    let directory = try TemporaryDirectory()
    let (path, dumps) = try threeCommits(in: directory)
    let reopened = try GraphFile.open(path, mode: .readWrite)
    try reopened.graph.checkInvariants()
    #expect(dump(reopened.graph) == dumps[3])
    // Uncommitted changes are not saved.
    reopened.graph.createNode(labels: ["Person"], properties: ["name": "未提交"])
    reopened.close()
    #expect(dump(try GraphFile.open(path, mode: .readOnly).graph) == dumps[3])
    let contents = try #require(try Journal.read(path: path + ".wal"))
    #expect(contents.records.count == 3)
    #expect(contents.tornByteCount == 0)
  }

  @Test func emptyCommitWritesNothing() throws {
    let directory = try TemporaryDirectory()
    let file = try GraphFile.open(directory.file("g.gx"), createIfMissing: true)
    try file.commit()
    #expect(file.sizes.journalBytes == Journal.headerByteCount)
  }

  @Test func journalCutAnywhereInItsLastRecordKeepsTheEarlierRecords() throws {
    let directory = try TemporaryDirectory()
    let (path, dumps) = try threeCommits(in: directory)
    let journalPath = path + ".wal"
    let journal = try readBytes(journalPath)
    let last = try #require(try Journal.read(path: journalPath)?.records.last)
    for length in stride(from: journal.count - 1, through: last.byteOffset, by: -1) {
      try truncateFile(journalPath, to: length)
      let file = try GraphFile.open(path, mode: .readOnly)
      #expect(dump(file.graph) == dumps[2], "journal cut at \(length)")
    }
    // A torn tail of zeros (a crash after the size grew but before the data landed).
    try writeBytes(
      Array(journal[..<last.byteOffset]) + [UInt8](repeating: 0, count: 40), to: journalPath)
    #expect(dump(try GraphFile.open(path, mode: .readOnly).graph) == dumps[2])

    // The next writer cuts the torn tail off before appending.
    try writeBytes(Array(journal[..<(last.byteOffset + 21)]), to: journalPath)
    let writer = try GraphFile.open(path, mode: .readWrite)
    #expect(writer.sizes.journalBytes == last.byteOffset)
    writer.graph.createNode(labels: ["Place"], properties: ["name": "合肥市"])
    try writer.commit()
    let expected = dump(writer.graph)
    writer.close()
    #expect(dump(try GraphFile.open(path, mode: .readOnly).graph) == expected)
  }

  @Test func corruptMiddleRecordIsRefusedWithItsOffset() throws {
    let directory = try TemporaryDirectory()
    let (path, _) = try threeCommits(in: directory)
    let journalPath = path + ".wal"
    let journal = try readBytes(journalPath)
    let records = try #require(try Journal.read(path: journalPath)?.records)
    let middle = records[1].byteOffset
    // Damage in the length, its complement, the checksum, and the payload.
    for position in [middle, middle + 5, middle + 9, middle + 16, records[2].byteOffset - 1] {
      var damaged = journal
      damaged[position] ^= 0x24
      try writeBytes(damaged, to: journalPath)
      for mode in [GraphFile.Mode.readOnly, .readWrite] {
        let error = graphError { () throws(GraphError) in _ = try GraphFile.open(path, mode: mode) }
        #expect(error?.code == .corrupt, "byte \(position)")
        #expect(error?.path == journalPath)
        #expect(error?.byteOffset == middle)
      }
    }
    // The refused writer left the file alone.
    var damaged = journal
    damaged[records[2].byteOffset - 1] ^= 0x24
    #expect(try readBytes(journalPath) == damaged)
  }

  @Test func checkpointFoldsTheJournalIntoANewSnapshot() throws {
    let directory = try TemporaryDirectory()
    let (path, dumps) = try threeCommits(in: directory)
    let file = try GraphFile.open(path, mode: .readWrite)
    let before = file.generation
    file.graph.createNode(labels: ["Project"], properties: ["name": "引江济淮"])
    let expected = dump(file.graph)
    try file.checkpoint()
    #expect(file.generation != before)
    #expect(file.sizes.journalBytes == Journal.headerByteCount)
    #expect(dump(file.graph) == expected)
    file.graph.createNode(labels: ["Project"], properties: ["name": "合新高铁"])
    try file.commit()
    let after = dump(file.graph)
    file.close()
    #expect(after != dumps[3])
    let reopened = try GraphFile.open(path, mode: .readOnly)
    #expect(dump(reopened.graph) == after)
    let report = try GraphFile.verify(path: path)
    #expect(report.journalRecordCount == 1)
  }

  /// A checkpoint stopped between its steps: before the snapshot's rename (old snapshot,
  /// full old journal) or after it (new snapshot, old journal). Either way the graph is
  /// the same and nothing is applied twice.
  @Test func crashBetweenCheckpointStepsLosesAndRepeatsNothing() throws {
    let directory = try TemporaryDirectory()
    let (path, dumps) = try threeCommits(in: directory)
    let journalPath = path + ".wal"
    let oldSnapshot = try readBytes(path)
    let oldJournal = try readBytes(journalPath)
    let file = try GraphFile.open(path, mode: .readWrite)
    try file.checkpoint()
    file.close()

    // After the rename of the snapshot, before the new journal.
    try writeBytes(oldJournal, to: journalPath)
    #expect(dump(try GraphFile.open(path, mode: .readOnly).graph) == dumps[3])
    #expect(try GraphFile.verify(path: path).isJournalFolded)
    let writer = try GraphFile.open(path, mode: .readWrite)
    #expect(writer.sizes.journalBytes == Journal.headerByteCount)
    #expect(dump(writer.graph) == dumps[3])
    writer.close()

    // Before the rename: the old pair, and a leftover temporary file.
    try writeBytes(oldSnapshot, to: path)
    try writeBytes(oldJournal, to: journalPath)
    try writeBytes(Array(oldSnapshot[..<100]), to: path + ".tmp")
    #expect(dump(try GraphFile.open(path, mode: .readWrite).graph) == dumps[3])
  }

  /// Replacing a graph with `create(_:from:)`: a crash after the new snapshot but before
  /// the new journal leaves the old graph's journal, which must not be replayed.
  @Test func createOverAnExistingGraphNeverReplaysItsJournal() throws {
    let directory = try TemporaryDirectory()
    let (path, _) = try threeCommits(in: directory)
    let oldJournal = try readBytes(path + ".wal")
    let replacement = Graph()
    replacement.createNode(labels: ["Place"], properties: ["name": "合肥市"])
    let expected = dump(replacement)
    try GraphFile.create(path, from: replacement).close()
    #expect(dump(try GraphFile.open(path, mode: .readOnly).graph) == expected)
    try writeBytes(oldJournal, to: path + ".wal")
    #expect(dump(try GraphFile.open(path, mode: .readOnly).graph) == expected)
    #expect(try GraphFile.verify(path: path).isJournalFolded)
  }

  @Test func journalOfAnotherSnapshotIsRefused() throws {
    let directory = try TemporaryDirectory()
    let (path, _) = try threeCommits(in: directory)
    let other = directory.file("other.gx")
    let file = try GraphFile.open(other, mode: .readWrite, createIfMissing: true)
    file.graph.createNode()
    try file.commit()
    file.close()
    try writeBytes(try readBytes(other + ".wal"), to: path + ".wal")
    for mode in [GraphFile.Mode.readOnly, .readWrite] {
      let error = graphError { () throws(GraphError) in _ = try GraphFile.open(path, mode: mode) }
      #expect(error?.code == .journalMismatch)
      #expect(error?.path == path + ".wal")
    }
    // A journal without its snapshot is refused rather than silently dropped.
    try FileManager.default.removeItem(atPath: path)
    let error = graphError { () throws(GraphError) in
      _ = try GraphFile.open(path, mode: .readWrite, createIfMissing: true)
    }
    #expect(error?.code == .journalMismatch)
  }

  @Test func missingFilesAndReadOnlyWritesAreErrors() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("none.gx")
    #expect(
      graphError { () throws(GraphError) in _ = try GraphFile.open(path, mode: .readOnly) }?.code
        == .io)
    #expect(
      graphError { () throws(GraphError) in _ = try GraphFile.open(path, mode: .readWrite) }?.code
        == .io)
    let file = try GraphFile.open(path, mode: .readWrite, createIfMissing: true)
    file.close()
    let reader = try GraphFile.open(path, mode: .readOnly)
    reader.graph.createNode()
    #expect(graphError { () throws(GraphError) in try reader.commit() }?.code == .io)
    #expect(graphError { () throws(GraphError) in try file.commit() }?.code == .io)
  }

  struct ValueCase: CustomTestStringConvertible, Sendable {
    var value: Value
    var testDescription: String { render(value) }
  }

  @Test(arguments: [
    ValueCase(value: .null), ValueCase(value: true), ValueCase(value: .int(.min)),
    ValueCase(value: -0.0), ValueCase(value: .float(.infinity)), ValueCase(value: ""),
    ValueCase(value: "韩俊"), ValueCase(value: .date(LocalDate(daysSinceEpoch: .min))),
    ValueCase(value: [1, "a", nil, [[]]]), ValueCase(value: .map(["b": 1, "a": .map(["c": []])])),
  ])
  func valuesRoundTripThroughTheBinaryEncoding(_ c: ValueCase) throws {
    var writer = BinaryWriter()
    writer.value(c.value)
    var reader = BinaryReader(writer.bytes)
    #expect(render(try reader.value()) == render(c.value))
    #expect(reader.isAtEnd)
    // Every strict prefix fails to decode, and never traps.
    for length in 0..<writer.bytes.count {
      var prefix = BinaryReader(Array(writer.bytes[..<length]))
      #expect(throws: DecodingFailure.self) { _ = try prefix.value() }
    }
  }

  @Test func seededRandomChangesRoundTripThroughTheBinaryEncoding() throws {
    var random = SeededGenerator(seed: 2024)
    func randomValue(depth: Int) -> Value {
      switch Int.random(in: 0..<(depth < 3 ? 9 : 7), using: &random) {
      case 0: .null
      case 1: .bool(Bool.random(using: &random))
      case 2: .int(Int64(bitPattern: random.next()))
      case 3: .float(Double(bitPattern: random.next()))
      case 4:
        .string(
          String(
            (0..<Int.random(in: 0..<6, using: &random)).map { _ in
              "韩a省 €".randomElement(using: &random)!
            }))
      case 5: .date(LocalDate(daysSinceEpoch: Int32.random(in: -800_000...800_000, using: &random)))
      case 6: .string("")
      case 7:
        .list(
          (0..<Int.random(in: 0..<4, using: &random)).map { _ in randomValue(depth: depth + 1) })
      default:
        .map(
          Dictionary(
            (0..<Int.random(in: 0..<4, using: &random)).map {
              ("k\($0)", randomValue(depth: depth + 1))
            }
          ) { a, _ in a })
      }
    }
    var changes: [GraphChange] = []
    for i in 0..<200 {
      let id = UInt32(i)
      changes.append(
        [
          GraphChange.createNode(
            NodeID(id), labels: ["Person", "官员"], properties: ["v": randomValue(depth: 0)]),
          .createRelationship(
            RelationshipID(id), from: NodeID(id), to: NodeID(id + 1), type: "HOLDS",
            properties: ["x": randomValue(depth: 0)]),
          .setNodeProperty(NodeID(id), key: "k", value: randomValue(depth: 0)),
          .setRelationshipProperty(RelationshipID(id), key: "名", value: randomValue(depth: 0)),
          .addLabel(NodeID(id), "Official"), .removeLabel(NodeID(id), ""),
          .deleteRelationship(RelationshipID(id)), .deleteNode(NodeID(UInt32.max)),
        ][i % 8])
    }
    let decoded = try BinaryReader.batch(BinaryWriter.batch(changes))
    // NaN payloads make `==` fail, so compare the re-encoded bytes.
    #expect(BinaryWriter.batch(decoded) == BinaryWriter.batch(changes))
  }

  @Test func deeplyNestedValuesAreRefusedNotOverflowed() {
    let depth = 100_000
    let tag = BinaryWriter.ValueTag.list.rawValue
    var bytes: [UInt8] = []
    for _ in 0..<depth { bytes += [tag, 1, 0, 0, 0] }
    bytes.append(0)
    var reader = BinaryReader(bytes)
    #expect(throws: DecodingFailure.self) { _ = try reader.value() }
  }
}
