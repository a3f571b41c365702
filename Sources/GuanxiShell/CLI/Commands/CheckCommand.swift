import GuanxiGraph

/// `guanxi check G.gx`: verifies every checksum of the snapshot and journal and every
/// invariant of the graph they make.
enum CheckCommand: Subcommand {
  static let name = "check"
  static let summary = "verify every checksum and invariant of a graph file"
  static let help = """
    usage: guanxi check G.gx

    Reads the snapshot and its journal, verifies the checksum of every section and
    record, rebuilds the graph and checks every invariant of the store. Exit status 0
    when all is well; 1, with the path and byte offset of the first problem, when not.
    """
  static let options: [Arguments.Option] = []

  static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
    guard arguments.positionals.count == 1, let path = arguments.positionals.first else {
      throw UsageError("expected one graph file")
    }
    do {
      let report = try GraphFile.verify(path: path)
      console.line("\(path): ok")
      console.line(
        "  format version \(report.formatVersion), \(report.sections.count) sections, \(Format.bytes(report.snapshotBytes))"
      )
      for line in journalLines(report) { console.line("  " + line) }
      for leftover in report.leftoverFiles {
        console.line(
          "  \(leftover): left by a checkpoint that was stopped before it finished; the snapshot does not need it, and the next read-write open removes it"
        )
      }
      console.line(
        "  \(Format.count(report.nodeCount)) nodes, \(Format.count(report.relationshipCount)) relationships; invariants hold"
      )
      return ExitStatus.success
    } catch {
      console.error("guanxi check: \(error.description)")
      return ExitStatus.failure
    }
  }

  /// What the journal holds, in words.
  static func journalLines(_ report: VerificationReport) -> [String] {
    guard report.journalFormatVersion > 0 else {
      return ["no journal: nothing was committed since the snapshot was written"]
    }
    let records =
      report.journalRecordCount == 1 ? "1 record" : "\(report.journalRecordCount) records"
    let version = "journal format version \(report.journalFormatVersion)"
    if report.isJournalFolded {
      return [
        "journal: \(records), \(Format.bytes(report.journalBytes)), \(version); folded: it names generation \(GraphFile.hex(report.journalGeneration)), the snapshot's parent, so a checkpoint already wrote its changes into this snapshot (generation \(GraphFile.hex(report.generation))) and stopped before replacing it with an empty journal",
        "the journal is ignored, never replayed twice, and the next read-write open replaces it",
      ]
    }
    var lines = [
      "journal: \(records), \(Format.bytes(report.journalBytes)), \(version); replayed on open"
    ]
    if report.tornJournalBytes > 0 {
      lines.append(
        "journal ends with \(report.tornJournalBytes) bytes of a torn record (\(report.tornJournalReason ?? "cut short")); it was never committed, and the next read-write open cuts it off"
      )
    }
    if report.journalFormatVersion < 2 {
      lines.append("the next read-write open folds this older journal into a new snapshot")
    }
    return lines
  }
}
