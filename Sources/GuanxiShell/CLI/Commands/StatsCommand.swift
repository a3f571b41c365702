import Foundation
import GuanxiGraph

/// `guanxi stats G.gx`: what a graph holds, what it takes on disk and in memory.
enum StatsCommand: Subcommand {
  static let name = "stats"
  static let summary = "counts by label and relationship type, file sizes, memory"
  static let help = """
    usage: guanxi stats G.gx

    Prints the graph's nodes by label, relationships by type, the sizes of its snapshot
    and journal, the memory this process holds after opening it, and its indexes.
    """
  static let options: [Arguments.Option] = []

  static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
    guard arguments.positionals.count == 1, let path = arguments.positionals.first else {
      throw UsageError("expected one graph file")
    }
    let before = ProcessMemory.residentBytes
    let started = Date()
    let file = try GraphFile.open(path, mode: .readOnly)
    let openSeconds = Date().timeIntervalSince(started)
    let graph = file.graph
    let held = max(0, ProcessMemory.residentBytes - before)
    let sizes = file.sizes
    var memory = Format.bytes(held)
    if graph.relationshipCount > 0 {
      memory += " (\(held / graph.relationshipCount) bytes per relationship)"
    }
    var rows: [(String, String)] = [
      ("nodes", Format.count(graph.nodeCount)),
      ("relationships", Format.count(graph.relationshipCount)),
    ]
    rows += graph.labelCounts().map { ("  :\($0.label)", Format.count($0.count)) }
    rows.append(("relationships by type", ""))
    rows += graph.typeCounts().map { ("  :\($0.type)", Format.count($0.count)) }
    rows += [
      ("snapshot", Format.bytes(sizes.snapshotBytes)),
      ("journal", Format.bytes(sizes.journalBytes)),
      ("opened in", Format.duration(seconds: openSeconds)), ("memory", memory),
    ]
    let width = rows.map { $0.0.count }.max() ?? 0
    console.line(path)
    for (name, value) in rows {
      console.line("  " + name + String(repeating: " ", count: width - name.count + 2) + value)
    }
    for line in IndexListing.lines(graph) { console.line("  " + line) }
    return ExitStatus.success
  }
}
