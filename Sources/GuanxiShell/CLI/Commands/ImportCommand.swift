import Foundation
import GuanxiExport
import GuanxiGraph

/// `guanxi import FILE.jsonl|DIR -o G.gx [--replace|--add]`: makes a graph file from JSON
/// Lines or from the benchmark generator's `nodes.csv` and `edges.csv`.
enum ImportCommand: Subcommand {
  static let name = "import"
  static let summary = "import APOC JSON Lines or a nodes.csv/edges.csv folder into a graph file"
  static let help = """
    usage: guanxi import FILE.jsonl… | DIR -o G.gx [--replace | --add]

    FILE.jsonl  APOC-style JSON Lines (the shape `guanxi export --format jsonl` writes
                and Neo4j's apoc.export.json.all produces)
                Several files (shards extracted apart, each with ids of its own) make
                one graph: each file's nodes and relationships are added as new ones.
    DIR         a folder holding nodes.csv and edges.csv as ../shared/bench/gen_graph.py
                writes them (LF or CRLF line ends)

    -o, --output G.gx   the graph file to write: created when missing; an existing file
                        that is not a Guanxi graph, or that is the input, is refused
    --replace           G.gx holds a graph: replace it with the imported one
    --add               G.gx holds a graph: add the imported nodes and relationships to
                        it, as new ones (nothing is merged with what is there)

    Importing into a graph that holds nodes needs --replace or --add (exit status 2
    without one); an empty graph is filled either way.

    A folder's graph gets an index on `id` for each label (index_Person_id, …), which
    the benchmark queries look nodes up by; the graph file keeps it, so a lookup such as
    MATCH (p:Person) WHERE p.id = 42 is an index seek in every later process. Other
    indexes: guanxi query G.gx -e 'CREATE INDEX FOR (n:Label) ON (n.key)'.

    The whole input is read and checked before anything is written: a bad line is
    reported with its line number and the graph file is left as it was.
    """
  static let options: [Arguments.Option] = [
    .value("output", short: "o"), .flag("replace"), .flag("add"),
  ]

  static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
    guard let input = arguments.positionals.first else {
      throw UsageError("expected one input: a .jsonl file or a folder with nodes.csv and edges.csv")
    }
    guard let output = arguments.value("output") else { throw UsageError("missing '-o G.gx'") }
    let isAdding = arguments.flag("add")
    if isAdding && arguments.flag("replace") {
      throw UsageError("give either '--replace' or '--add', not both")
    }
    let inputs = arguments.positionals.flatMap { [$0, $0 + "/nodes.csv", $0 + "/edges.csv"] }
    if try GraphDestination.check(output, inputs: inputs) && !isAdding
      && !arguments.flag("replace")
    {
      let existing = try GraphFile.open(output, mode: .readOnly).graph
      if existing.nodeCount > 0 {
        throw UsageError(
          "'\(output)' already holds \(Format.count(existing.nodeCount)) nodes and \(Format.count(existing.relationshipCount)) relationships; pass --replace to replace them with the import, or --add to add the import to them"
        )
      }
    }
    let started = Date()
    let graph =
      arguments.positionals.count == 1
      ? try readGraph(input) : try readShards(arguments.positionals)
    let verb: String
    if isAdding && FileManager.default.fileExists(atPath: output) {
      let file = try GraphFile.open(output, mode: .readWrite)
      defer { file.close() }
      try add(graph, to: file)
      verb = "added"
    } else {
      try GraphFile.create(output, from: graph).close()
      verb = "imported"
    }
    console.error(
      "\(verb) \(Format.count(graph.nodeCount)) nodes and \(Format.count(graph.relationshipCount)) relationships into \(output) in \(Format.duration(seconds: Date().timeIntervalSince(started)))"
    )
    return ExitStatus.success
  }

  /// Reads an interchange file or a benchmark folder into a new graph.
  static func readGraph(_ input: String) throws -> Graph {
    _ = try GraphFile.realPath(of: input)  // names a symbolic-link loop as a loop
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

  /// Adds every node and relationship of `source` to the graph of `file` as new ones and
  /// stores the result with one checkpoint, which is atomic: either all of `source` is
  /// in the graph file afterwards or none of it.
  static func add(_ source: Graph, to file: GraphFile) throws {
    let target = file.graph
    target.isRecordingChanges = false
    func properties(_ entries: [(key: Symbol, value: Value)]) -> [String: Value] {
      Dictionary(uniqueKeysWithValues: entries.map { (source.string($0.key), $0.value) })
    }
    var newID = [NodeID?](repeating: nil, count: source.nodeIDLimit)
    for node in source.allNodes() {
      newID[node.index] = target.createNode(
        labels: source.labelNames(of: node), properties: properties(source.properties(of: node)))
    }
    for relationship in source.allRelationships() {
      guard let from = newID[source.startNode(of: relationship).index],
        let to = newID[source.endNode(of: relationship).index]
      else { continue }
      try target.createRelationship(
        from: from, to: to, type: source.typeName(of: relationship),
        properties: properties(source.properties(of: relationship)))
    }
    try file.checkpoint()
  }
}
