/// What `GraphFile.verify(path:)` found in a healthy graph file; `guanxi check` prints it.
public struct VerificationReport: Sendable, Hashable {
  public var path: String
  public var formatVersion: UInt32
  /// The snapshot's generation, which its journal must name.
  public var generation: UInt64
  public var snapshotBytes: Int
  /// The snapshot's sections in file order, the end section last.
  public var sections: [SnapshotSection]
  /// 0 when there is no journal.
  public var journalBytes: Int
  /// Committed batches in the journal, replayed on open.
  public var journalRecordCount: Int
  /// Bytes of a torn last record, ignored on open and cut off by the next writer.
  public var tornJournalBytes: Int
  /// Why they count as torn (never committed) rather than damaged, in words.
  public var tornJournalReason: String?
  /// The journal's format version (0 when there is no journal).
  public var journalFormatVersion: UInt32 = 0
  /// The journal was folded into the snapshot by a checkpoint that stopped before
  /// replacing it; it is ignored, and the next writer replaces it.
  public var isJournalFolded: Bool
  /// The generation the journal names (the snapshot's, or its parent's when folded).
  public var journalGeneration: UInt64 = 0
  /// The generation of the snapshot this one replaced (0: none).
  public var parentGeneration: UInt64 = 0
  /// Temporary files a killed checkpoint left beside the graph; the next read-write
  /// open removes them.
  public var leftoverFiles: [String] = []
  /// Live nodes and relationships after replaying the journal.
  public var nodeCount: Int
  public var relationshipCount: Int
}

extension GraphFile {
  /// Checks a graph file without opening it for writing: every checksum of the snapshot
  /// (including optional sections), every id and offset in it, every journal record,
  /// then the replayed graph's `checkInvariants()`.
  ///
  /// Takes no lock, so it can check a graph a writer has open; it then sees what was
  /// committed when it read.
  /// - Returns: a report on the file when nothing is wrong.
  /// - Throws: the first problem, as `GraphError` with `path` and, where the problem sits
  ///   in a file, `byteOffset` (`.invariant` problems have no offset).
  /// - Complexity: O(file sizes + nodes + relationships).
  public static func verify(path: String) throws(GraphError) -> VerificationReport {
    let realPath = try FileSystem.realPath(path)
    guard try FileSystem.kind(realPath) != .missing else {
      throw GraphError(.io, "'\(path)' does not exist", path: path)
    }
    let snapshot = try SnapshotReader.load(path: realPath)
    let journalPath = realPath + ".wal"
    var report = VerificationReport(
      path: path, formatVersion: snapshot.header.version,
      generation: snapshot.header.generation, snapshotBytes: snapshot.fileByteCount,
      sections: snapshot.sections, journalBytes: FileSystem.size(journalPath) ?? 0,
      journalRecordCount: 0, tornJournalBytes: 0, isJournalFolded: false, nodeCount: 0,
      relationshipCount: 0)
    report.parentGeneration = snapshot.header.parentGeneration
    report.leftoverFiles = [realPath + ".tmp", journalPath + ".tmp"].filter {
      if case .regular = (try? FileSystem.kind($0)) ?? .missing { return true }
      return false
    }
    switch try journalState(journalPath, snapshot: snapshot.header) {
    case .missing: break
    case .folded(let contents):
      report.isJournalFolded = true
      report.journalRecordCount = contents.records.count
      report.journalFormatVersion = contents.version
      report.journalGeneration = contents.generation
    case .current(let contents):
      try Journal.replay(contents, onto: snapshot.graph, path: journalPath)
      report.journalRecordCount = contents.records.count
      report.tornJournalBytes = contents.tornByteCount
      report.tornJournalReason = contents.tornReason
      report.journalFormatVersion = contents.version
      report.journalGeneration = contents.generation
    case .mismatched(let found):
      throw GraphError(
        .journalMismatch,
        "'\(journalPath)' belongs to snapshot generation \(hex(found)), not to \(hex(snapshot.header.generation))",
        path: journalPath, byteOffset: 16)
    }
    do throws(GraphError) {
      try snapshot.graph.checkInvariants()
    } catch {
      throw GraphError(error.code, error.message, path: path)
    }
    report.nodeCount = snapshot.graph.nodeCount
    report.relationshipCount = snapshot.graph.relationshipCount
    return report
  }
}
