import Foundation
import Testing

@testable import GuanxiGraph

/// A write reported done is never lost, one reported failed never appears later: torn
/// and damaged journal records told apart, locks and journals by real path, failed
/// commits rolled back in memory, leftovers of killed checkpoints removed.
@Suite struct DurabilityTests {
  /// A graph with two committed records; returns its path, the journal's records and the
  /// dump after the first and after the second commit.
  func twoCommits(in directory: TemporaryDirectory) throws -> (
    path: String, records: [Journal.Record], first: [String], second: [String]
  ) {
    let path = directory.file("g.gx")
    let file = try GraphFile.open(path, mode: .readWrite, createIfMissing: true)
    let han = file.graph.createNode(labels: ["Person"], properties: ["name": "韩俊"])
    try file.commit()
    let first = dump(file.graph)
    let anhui = file.graph.createNode(labels: ["Place"], properties: ["name": "安徽省"])
    try file.graph.createRelationship(
      from: han, to: anhui, type: "HOLDS", properties: ["title": "省委书记", "span": [3, 40]])
    try file.commit()
    let second = dump(file.graph)
    file.close()
    let records = try #require(try Journal.read(path: path + ".wal")?.records)
    #expect(records.count == 2)
    return (path, records, first, second)
  }

  /// Every byte of the last record, flipped: the record was complete and flushed, so it
  /// is reported (path, offset) by every open and by verify, and never cut off.
  @Test func aFlippedByteInTheLastRecordIsReportedNotDropped() throws {
    let directory = try TemporaryDirectory()
    let (path, records, _, _) = try twoCommits(in: directory)
    let journalPath = path + ".wal"
    let journal = try readBytes(journalPath)
    let last = records[1].byteOffset
    var missed: [Int] = []
    for position in last..<journal.count {
      var damaged = journal
      damaged[position] ^= 0x40
      try writeBytes(damaged, to: journalPath)
      let errors = [
        quietGraphError { () throws(GraphError) in _ = try GraphFile.open(path, mode: .readOnly) },
        quietGraphError { () throws(GraphError) in _ = try GraphFile.open(path, mode: .readWrite) },
        quietGraphError { () throws(GraphError) in _ = try GraphFile.verify(path: path) },
      ]
      for error in errors
      where error?.code != .corrupt || error?.byteOffset != last || error?.path != journalPath {
        missed.append(position)
      }
      // The refused writer left the damaged journal as it was, for the user to inspect.
      if try readBytes(journalPath) != damaged { missed.append(position) }
    }
    #expect(missed.isEmpty, "flips at \(Set(missed).sorted().prefix(20)) not reported")
  }

  /// The last record's append never finished: cut short anywhere, or the file grew but
  /// its tail is zeros from any point on. It is dropped, the first commit kept.
  @Test func aTornLastRecordIsDroppedWhereverItTore() throws {
    let directory = try TemporaryDirectory()
    let (path, records, first, _) = try twoCommits(in: directory)
    let journalPath = path + ".wal"
    let journal = try readBytes(journalPath)
    let last = records[1].byteOffset
    let markerStart = journal.count - Journal.commitMarker.count
    for cut in last..<journal.count {
      try writeBytes(Array(journal[..<cut]), to: journalPath)
      #expect(dump(try GraphFile.open(path, mode: .readOnly).graph) == first, "cut at \(cut)")
      // Zeros from `cut` on: torn when they cover the whole commit marker.
      guard cut <= markerStart else { continue }
      let zeroed = Array(journal[..<cut]) + [UInt8](repeating: 0, count: journal.count - cut)
      try writeBytes(zeroed, to: journalPath)
      #expect(dump(try GraphFile.open(path, mode: .readOnly).graph) == first, "zeros from \(cut)")
      let report = try GraphFile.verify(path: path)
      #expect(report.tornJournalBytes == journal.count - last)
      #expect(report.tornJournalReason?.isEmpty == false)
    }
    // Zeros over only the end of the marker, not from a sector boundary: one or a few
    // changed bytes of a complete record, which is damage.
    for cut in (markerStart + 1)..<journal.count where cut % 512 != 0 {
      let zeroed = Array(journal[..<cut]) + [UInt8](repeating: 0, count: journal.count - cut)
      try writeBytes(zeroed, to: journalPath)
      let error = graphError { () throws(GraphError) in
        _ = try GraphFile.open(path, mode: .readOnly)
      }
      #expect(error?.code == .corrupt, "zeros from \(cut)")
    }
    // A writer cuts the torn tail off (appending after it is JournalTests' business).
    try writeBytes(Array(journal[..<(journal.count - 1)]), to: journalPath)
    let writer = try GraphFile.open(path, mode: .readWrite)
    #expect(writer.sizes.journalBytes == last)
    writer.close()
  }

  /// Journals of format version 1 (16-byte record headers, no commit marker) still
  /// open; a writer folds them into a new snapshot and goes on in version 2.
  @Test func versionOneJournalsStillOpenAndAreUpgradedByAWriter() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("g.gx")
    try GraphFile.open(path, mode: .readWrite, createIfMissing: true).close()
    let generation = try #require(try Journal.read(path: path + ".wal")?.generation)
    let expected = Graph()
    let han = expected.createNode(labels: ["Person"], properties: ["name": "韩俊"])
    let anhui = expected.createNode(labels: ["Place"], properties: ["name": "安徽省"])
    try expected.createRelationship(from: han, to: anhui, type: "HOLDS")
    let batches: [[GraphChange]] = [
      [.createNode(NodeID(0), labels: ["Person"], properties: ["name": "韩俊"])],
      [
        .createNode(NodeID(1), labels: ["Place"], properties: ["name": "安徽省"]),
        .createRelationship(
          RelationshipID(0), from: NodeID(0), to: NodeID(1), type: "HOLDS", properties: [:]),
      ],
    ]
    var bytes = Journal.headerBytes(generation: generation)
    bytes[8] = 1
    let checksum = bytes.withUnsafeBytes {
      Checksum.hash(UnsafeRawBufferPointer(rebasing: $0[0..<24]))
    }
    var header = BinaryWriter()
    header.u64(checksum)
    bytes.replaceSubrange(24..<32, with: header.bytes)
    for batch in batches {
      let payload = BinaryWriter.batch(batch)
      var record = BinaryWriter()
      record.u32(UInt32(payload.count))
      record.u32(~UInt32(payload.count))
      record.u64(payload.withUnsafeBytes { Checksum.hash($0, seed: UInt64(payload.count)) })
      bytes += record.bytes + payload
    }
    try writeBytes(bytes, to: path + ".wal")
    #expect(try Journal.read(path: path + ".wal")?.version == 1)
    #expect(dump(try GraphFile.open(path, mode: .readOnly).graph) == dump(expected))
    #expect(try GraphFile.verify(path: path).journalFormatVersion == 1)

    // A flipped payload byte in the last version 1 record is damage, not a torn write.
    var damaged = bytes
    damaged[damaged.count - 1] ^= 1
    try writeBytes(damaged, to: path + ".wal")
    #expect(
      graphError { () throws(GraphError) in _ = try GraphFile.open(path, mode: .readOnly) }?
        .code == .corrupt)
    try writeBytes(bytes, to: path + ".wal")

    let writer = try GraphFile.open(path, mode: .readWrite)
    #expect(dump(writer.graph) == dump(expected))
    writer.close()
    let contents = try #require(try Journal.read(path: path + ".wal"))
    #expect(contents.version == Journal.version)
    #expect(contents.records.isEmpty)
    #expect(dump(try GraphFile.open(path, mode: .readOnly).graph) == dump(expected))
  }

  /// A commit whose journal write fails (disk full, after part of the record reached the
  /// file) leaves the journal as it was and the graph in memory as the last commit left
  /// it; the next commit saves only its own change.
  @Test func aFailedCommitIsRolledBackInMemoryAndNeverSavedLater() throws {
    let directory = try TemporaryDirectory()
    let (path, _, _, second) = try twoCommits(in: directory)
    let journalBefore = try readBytes(path + ".wal")
    let file = try GraphFile.open(path, mode: .readWrite)
    for injected in [0, 10, 30] {
      file.graph.createNode(labels: ["Person"], properties: ["name": "失败的写入"])
      file.injectedJournalFailure = injected
      let error = graphError { () throws(GraphError) in try file.commit() }
      #expect(error?.code == .io)
      #expect(error?.message.contains("rolled back") == true)
      #expect(dump(file.graph) == second, "after a failure writing \(injected) bytes")
      try file.graph.checkInvariants()
      #expect(try readBytes(path + ".wal") == journalBefore)
    }
    file.graph.createNode(labels: ["Place"], properties: ["name": "合肥市"])
    try file.commit()
    let expected = dump(file.graph)
    file.close()
    let reopened = try GraphFile.open(path, mode: .readOnly)
    #expect(dump(reopened.graph) == expected)
    #expect(reopened.graph.nodes(name: "失败的写入").isEmpty)
    #expect(reopened.graph.nodes(name: "合肥市").count == 1)
  }

  /// One graph, two names: the link and its target share one lock and one journal, and a
  /// checkpoint through the link replaces the target, leaving the link a link.
  @Test func aSymbolicLinkAndItsTargetShareTheLockAndTheJournal() throws {
    let directory = try TemporaryDirectory()
    let real = directory.file("real.gx")
    let link = directory.file("link.gx")
    try GraphFile.open(real, mode: .readWrite, createIfMissing: true).close()
    #expect(symlink(real, link) == 0)

    let writer = try GraphFile.open(link, mode: .readWrite)
    #expect(writer.realPath == real)
    #expect(writer.journalPath == real + ".wal")
    let error = graphError { () throws(GraphError) in _ = try GraphFile.open(real, mode: .readWrite)
    }
    #expect(error?.code == .locked)
    writer.graph.createNode(labels: ["Person"], properties: ["name": "韩俊"])
    try writer.commit()
    #expect(try GraphFile.open(real, mode: .readOnly).graph.nodeCount == 1)
    try writer.checkpoint()
    writer.close()
    #expect(!FileManager.default.fileExists(atPath: link + ".wal"))
    #expect(!FileManager.default.fileExists(atPath: link + ".lock"))
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == real)
    #expect(try GraphFile.open(real, mode: .readOnly).graph.nodeCount == 1)

    // A link to a graph not there yet creates it at the link's target.
    let future = directory.file("future.gx")
    let futureLink = directory.file("future-link.gx")
    #expect(symlink(future, futureLink) == 0)
    try GraphFile.open(futureLink, mode: .readWrite, createIfMissing: true).close()
    #expect(try GraphFile.kind(of: future) == .graph)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: futureLink) == future)
  }

  @Test func aSymbolicLinkLoopIsNamedAsALoop() throws {
    let directory = try TemporaryDirectory()
    let a = directory.file("a.gx")
    let b = directory.file("b.gx")
    #expect(symlink(b, a) == 0)
    #expect(symlink(a, b) == 0)
    for mode in [GraphFile.Mode.readOnly, .readWrite] {
      let error = graphError { () throws(GraphError) in
        _ = try GraphFile.open(a, mode: mode, createIfMissing: true)
      }
      #expect(error?.code == .io)
      #expect(error?.message.contains("loop") == true, "\(error?.message ?? "")")
    }
    #expect(!FileManager.default.fileExists(atPath: a + ".lock"))
  }

  /// Named pipes are refused, never read (which would block until a writer came).
  @Test func aNamedPipeIsRefusedNotRead() throws {
    let directory = try TemporaryDirectory()
    let pipe = directory.file("pipe.gx")
    #expect(mkfifo(pipe, 0o644) == 0)
    for mode in [GraphFile.Mode.readOnly, .readWrite] {
      let error = graphError { () throws(GraphError) in _ = try GraphFile.open(pipe, mode: mode) }
      #expect(error?.message.contains("named pipe") == true, "\(error?.message ?? "")")
    }
    #expect(throws: GraphError.self) { try GraphFile.verify(path: pipe) }
    #expect(throws: GraphError.self) { try GraphFile.create(pipe, from: Graph()) }
    // A journal that is a pipe is refused too.
    let path = directory.file("g.gx")
    try GraphFile.open(path, mode: .readWrite, createIfMissing: true).close()
    try FileManager.default.removeItem(atPath: path + ".wal")
    #expect(mkfifo(path + ".wal", 0o644) == 0)
    let error = graphError { () throws(GraphError) in _ = try GraphFile.open(path, mode: .readOnly)
    }
    #expect(error?.message.contains("named pipe") == true)
  }

  /// A file that is not a graph is never overwritten, and nothing is written beside it.
  @Test func aFileThatIsNotAGraphIsLeftAlone() throws {
    let directory = try TemporaryDirectory()
    let notes = directory.file("notes.txt")
    let text = Array("会议纪要\n".utf8)
    try writeBytes(text, to: notes)
    let errors = [
      graphError { () throws(GraphError) in _ = try GraphFile.open(notes, mode: .readWrite) },
      graphError { () throws(GraphError) in
        _ = try GraphFile.open(notes, mode: .readWrite, createIfMissing: true)
      },
      graphError { () throws(GraphError) in _ = try GraphFile.create(notes, from: Graph()) },
    ]
    for error in errors {
      #expect(error?.code == .notAGraph)
      #expect(error?.byteOffset == 0)
    }
    #expect(try readBytes(notes) == text)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["notes.txt"])
  }

  /// What a killed checkpoint leaves (the temporary snapshot, the temporary journal) is
  /// removed by the next writer, which holds the lock; readers leave it.
  @Test func leftoversOfAKilledCheckpointAreRemovedOnTheNextWritingOpen() throws {
    let directory = try TemporaryDirectory()
    let (path, _, _, second) = try twoCommits(in: directory)
    let snapshot = try readBytes(path)
    try writeBytes(Array(snapshot.prefix(100)), to: path + ".tmp")
    try writeBytes(Journal.headerBytes(generation: 5), to: path + ".wal.tmp")
    #expect(dump(try GraphFile.open(path, mode: .readOnly).graph) == second)
    #expect(try GraphFile.verify(path: path).leftoverFiles == [path + ".tmp", path + ".wal.tmp"])
    let writer = try GraphFile.open(path, mode: .readWrite)
    #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
    #expect(!FileManager.default.fileExists(atPath: path + ".wal.tmp"))
    #expect(dump(writer.graph) == second)
    writer.close()
    #expect(try GraphFile.verify(path: path).leftoverFiles.isEmpty)
  }

  /// A checkpoint that cannot write its snapshot keeps what was committed in the journal.
  @Test func aFailedCheckpointKeepsTheCommittedChangesInTheJournal() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("g.gx")
    let file = try GraphFile.open(path, mode: .readWrite, createIfMissing: true)
    file.graph.createNode(labels: ["Person"], properties: ["name": "韩俊"])
    // A folder where the temporary snapshot goes makes the snapshot unwritable.
    try FileManager.default.createDirectory(
      atPath: path + ".tmp", withIntermediateDirectories: false)
    #expect(throws: GraphError.self) { try file.checkpoint() }
    let expected = dump(file.graph)
    #expect(file.graph.nodes(name: "韩俊").count == 1)
    file.close()
    #expect(dump(try GraphFile.open(path, mode: .readOnly).graph) == expected)
    #expect(try GraphFile.verify(path: path).journalRecordCount == 1)
  }
}

/// The error `body` throws, or nil; for loops that count misses themselves.
func quietGraphError(_ body: () throws(GraphError) -> Void) -> GraphError? {
  do {
    try body()
    return nil
  } catch {
    return error
  }
}
