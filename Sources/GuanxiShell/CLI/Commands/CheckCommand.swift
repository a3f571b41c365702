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
      console.line(
        "  journal: \(report.journalRecordCount) records, \(Format.bytes(report.journalBytes))")
      if report.tornJournalBytes > 0 {
        console.line(
          "  journal ends with \(report.tornJournalBytes) bytes of a torn record (never committed; dropped on the next write)"
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
}
