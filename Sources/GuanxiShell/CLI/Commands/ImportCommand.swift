import Foundation
import GuanxiExport
import GuanxiGraph

/// `guanxi import FILE.jsonl|DIR -o G.gx`: makes a graph file from JSON Lines or from the
/// benchmark generator's `nodes.csv` and `edges.csv`.
enum ImportCommand: Subcommand {
  static let name = "import"
  static let summary = "import APOC JSON Lines or a nodes.csv/edges.csv folder into a graph file"
  static let help = """
    usage: guanxi import FILE.jsonl… | DIR -o G.gx

    FILE.jsonl  APOC-style JSON Lines (the shape `guanxi export --format jsonl` writes
                and Neo4j's apoc.export.json.all produces)
                Several files (shards extracted apart, each with ids of its own) make
                one graph: each file's nodes and relationships are added as new ones.
    DIR         a folder holding nodes.csv and edges.csv as ../shared/bench/gen_graph.py
                writes them

    -o, --output G.gx   the graph file to write (replaced if it exists)

    A folder's graph gets an index on `id` for each label (index_Person_id, …), which
    the benchmark queries look nodes up by; the graph file keeps it, so a lookup such as
    MATCH (p:Person) WHERE p.id = 42 is an index seek in every later process. Other
    indexes: guanxi query G.gx -e 'CREATE INDEX FOR (n:Label) ON (n.key)'.

    The whole input is read and checked before anything is written: a bad line is
    reported with its line number and the graph file is left as it was.
    """
  static let options: [Arguments.Option] = [.value("output", short: "o")]

  static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
    guard let input = arguments.positionals.first else {
      throw UsageError("expected one input: a .jsonl file or a folder with nodes.csv and edges.csv")
    }
    guard let output = arguments.value("output") else { throw UsageError("missing '-o G.gx'") }
    let started = Date()
    let graph =
      arguments.positionals.count == 1
      ? try readGraph(input) : try readShards(arguments.positionals)
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
    if isDirectory.boolValue {
      let graph = try BenchCSVReader().read(directory: input)
      for (label, _) in graph.labelCounts() {
        try graph.createIndex(IndexDefinition(label: label, key: "id"))
      }
      return graph
    }
    return try JSONLinesReader().read(path: input)
  }
}
