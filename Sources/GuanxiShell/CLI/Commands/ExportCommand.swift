import Foundation
import GuanxiExport
import GuanxiGraph
import GuanxiQuery

/// `guanxi export G.gx --format jsonl|dot|csv|graphml|gexf [--network KIND] [--query Q] [-o PATH]`.
enum ExportCommand: Subcommand {
  static let name = "export"
  static let summary =
    "write a graph, the subgraph a query returns, or a person network, as JSON Lines, DOT, CSV, GraphML or GEXF"
  static let help = """
    usage: guanxi export G.gx --format jsonl|dot|csv|graphml|gexf [--network KIND]
                         [--query 'QUERY'] [-o PATH]

    --format jsonl   APOC JSON Lines (Neo4j: CALL apoc.import.json("file:///g.jsonl"))
    --format dot     Graphviz DOT (render with: dot -Tsvg g.dot -o g.svg)
    --format csv     a folder of neo4j-admin import files, one per label and per type
    --format graphml GraphML (networkx: nx.read_graphml("g.graphml"); yEd, Cytoscape)
    --format gexf    GEXF 1.2 (Gephi; networkx: nx.read_gexf("g.gexf"))
    --network co-attendance
                     instead of the graph, the undirected person-to-person network of
                     people who attended the same meetings (weight = meetings shared)
    --network co-office
                     the same for people who held posts in the same place or organisation
                     (with dot, graphml or gexf)
    --query 'Q'      export only the nodes, relationships and paths Q returns
                     (relationships bring their end nodes)
    --rankdir LR|TB  DOT layout direction (default LR)
    --cluster place  DOT: group nodes by the place they are in
    -o, --output P   where to write (standard output by default; a folder for csv)

    \(destinationHelp)
    """
  static let options: [Arguments.Option] = [
    .value("format"), .value("query"), .value("output", short: "o"), .value("rankdir"),
    .value("cluster"), .value("network"),
  ]

  static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
    guard arguments.positionals.count == 1, let path = arguments.positionals.first else {
      throw UsageError("expected one graph file")
    }
    guard let format = try arguments.choice("format", of: ExportCommand.formats) else {
      throw UsageError("missing '--format jsonl|dot|csv|graphml|gexf'")
    }
    let network = try ExportCommand.networkKind(
      arguments.choice("network", of: PersonNetwork.Kind.allCases.map(\.rawValue)), format: format)
    let rankdir = try arguments.choice("rankdir", of: ["LR", "TB"])
    let cluster = try arguments.choice("cluster", of: ["place"])
    let output = arguments.value("output")
    if format == "csv" && output == nil { throw UsageError("csv export needs '-o FOLDER'") }
    if network != nil && cluster != nil {
      throw UsageError("'--cluster' groups a graph's nodes by place; a person network has none")
    }
    let session = try GraphSession(path: path, access: .readOnly)
    var selection = GraphSelection.all
    if let query = arguments.value("query") {
      do {
        selection = try session.subgraph(of: query)
      } catch let error as QueryError {
        console.error(session.describe(error, statement: query, fileName: "--query"))
        return ExitStatus.failure
      }
    }
    try ExportCommand.write(
      session.graph, selection: selection, format: format, to: output, rankdir: rankdir,
      clusterByPlace: cluster == "place", network: network, console: console)
    return ExitStatus.success
  }

  /// The formats `--format` takes.
  static let formats = ["jsonl", "dot", "csv", "graphml", "gexf"]

  /// The network `--network` asks for, checked against the format.
  ///
  /// - Throws: `UsageError` when `format` cannot carry an undirected network.
  static func networkKind(_ name: String?, format: String) throws(UsageError) -> PersonNetwork.Kind?
  {
    guard let name else { return nil }
    guard ["dot", "graphml", "gexf"].contains(format) else {
      throw UsageError(
        "'--network \(name)' is an undirected person-to-person network, which '\(format)' (Neo4j's directed relationships) cannot carry; use '--format graphml', 'gexf' or 'dot'"
      )
    }
    return PersonNetwork.Kind(rawValue: name)
  }

  /// Writes `selection` of `graph` in `format` to `output` (standard output when nil).
  /// Shared with the shell's `:export`.
  static func write(
    _ graph: Graph, selection: GraphSelection, format: String, to output: String?,
    rankdir: String?, clusterByPlace: Bool, network: PersonNetwork.Kind? = nil, console: Console
  ) throws {
    if let output { try checkDestination(output, format: format) }
    console.flush()
    if let network {
      try writeNetwork(
        PersonNetwork(graph: graph, kind: network, selection: selection), format: format,
        to: output, rankdir: rankdir, console: console)
      return
    }
    switch format {
    case "jsonl":
      let writer = JSONLinesWriter(graph: graph, selection: selection)
      if let output {
        try writer.write(toFile: output)
      } else {
        try writer.write(to: .standardOutput)
      }
    case "graphml":
      try write(GraphMLWriter(graph: graph, selection: selection), to: output)
    case "gexf":
      try write(GEXFWriter(graph: graph, selection: selection), to: output)
    case "dot":
      var options = DOTOptions()
      if rankdir == "TB" { options.rankDirection = .topToBottom }
      options.clustersByPlace = clusterByPlace
      let writer = DOTWriter(graph: graph, selection: selection, options: options)
      if let output {
        try writer.write(toFile: output)
      } else {
        try writer.write(to: .standardOutput)
      }
    default:
      guard let output else { throw UsageError("csv export needs a folder") }
      try Neo4jCSVWriter(graph: graph, selection: selection).write(toDirectory: output)
    }
  }

  /// Writes a person-to-person network in `format` (dot, graphml or gexf), and warns
  /// when a query's subgraph held no relationship that links people, so it has no edges.
  static func writeNetwork(
    _ network: PersonNetwork, format: String, to output: String?, rankdir: String?,
    console: Console
  ) throws {
    switch format {
    case "graphml": try write(GraphMLWriter(network: network), to: output)
    case "gexf": try write(GEXFWriter(network: network), to: output)
    default:
      var options = DOTOptions()
      if rankdir == "TB" { options.rankDirection = .topToBottom }
      try write(DOTWriter(network: network, options: options), to: output)
    }
    if !network.selection.isEverything && network.linkCount() == 0 {
      let types = network.kind.linkTypes.joined(separator: ", ")
      console.error(
        "warning: the query returned no \(types) relationships, so the network has no edges; return them too (for example RETURN p, r, m)"
      )
    }
  }

  /// Runs a writer's `write(toFile:)`, or without an output path `write(to:)` on
  /// standard output.
  private static func write(_ writer: some SingleFileExporter, to output: String?) throws {
    if let output {
      try writer.write(toFile: output)
    } else {
      try writer.write(to: .standardOutput)
    }
  }
}

/// The exporters that write one file, or standard output.
protocol SingleFileExporter {
  func write(toFile path: String) throws(ExportError)
  func write(to handle: FileHandle) throws(ExportError)
}

extension GraphMLWriter: SingleFileExporter {}
extension GEXFWriter: SingleFileExporter {}
extension DOTWriter: SingleFileExporter {}
