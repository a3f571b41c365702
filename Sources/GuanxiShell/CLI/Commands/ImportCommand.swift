import Foundation
import GuanxiExport
import GuanxiGraph

/// `guanxi import FILE.jsonl|DIR -o G.gx`: makes a graph file from JSON Lines or from the
/// benchmark generator's `nodes.csv` and `edges.csv`.
enum ImportCommand: Subcommand {
  static let name = "import"
  static let summary = "import APOC JSON Lines or a nodes.csv/edges.csv folder into a graph file"
  static let help = """
    usage: guanxi import FILE.jsonl|DIR -o G.gx

    FILE.jsonl  APOC-style JSON Lines (the shape `guanxi export --format jsonl` writes
                and Neo4j's apoc.export.json.all produces)
    DIR         a folder holding nodes.csv and edges.csv as ../shared/bench/gen_graph.py
                writes them

    -o, --output G.gx   the graph file to write (replaced if it exists)

    The whole input is read and checked before anything is written: a bad line is
    reported with its line number and the graph file is left as it was.
    """
  static let options: [Arguments.Option] = [.value("output", short: "o")]

  static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
    guard arguments.positionals.count == 1, let input = arguments.positionals.first else {
      throw UsageError("expected one input: a .jsonl file or a folder with nodes.csv and edges.csv")
    }
    guard let output = arguments.value("output") else { throw UsageError("missing '-o G.gx'") }
    let started = Date()
    let graph = try readGraph(input)
    let file = try GraphFile.create(output, from: graph)
    file.close()
    console.error(
      "imported \(Format.count(graph.nodeCount)) nodes and \(Format.count(graph.relationshipCount)) relationships into \(output) in \(Format.duration(seconds: Date().timeIntervalSince(started)))"
    )
    return ExitStatus.success
  }

  /// Reads an interchange file or a benchmark folder into a new graph.
  static func readGraph(_ input: String) throws -> Graph {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
      throw UsageError("'\(input)' does not exist")
    }
    if isDirectory.boolValue { return try BenchCSVReader().read(directory: input) }
    return try JSONLinesReader().read(path: input)
  }
}
