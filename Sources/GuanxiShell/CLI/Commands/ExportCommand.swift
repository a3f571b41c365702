import Foundation
import GuanxiExport
import GuanxiGraph
import GuanxiQuery

/// `guanxi export G.gx --format jsonl|dot|csv [--query Q] [-o PATH]`.
enum ExportCommand: Subcommand {
  static let name = "export"
  static let summary = "write a graph, or the subgraph a query returns, as JSON Lines, DOT or CSV"
  static let help = """
    usage: guanxi export G.gx --format jsonl|dot|csv [--query 'QUERY'] [-o PATH]

    --format jsonl   APOC JSON Lines (Neo4j: CALL apoc.import.json("file:///g.jsonl"))
    --format dot     Graphviz DOT (render with: dot -Tsvg g.dot -o g.svg)
    --format csv     a folder of neo4j-admin import files, one per label and per type
    --query 'Q'      export only the nodes, relationships and paths Q returns
                     (relationships bring their end nodes)
    --rankdir LR|TB  DOT layout direction (default LR)
    --cluster place  DOT: group nodes by the place they are in
    -o, --output P   where to write (standard output by default; a folder for csv)

    \(destinationHelp)
    """
  static let options: [Arguments.Option] = [
    .value("format"), .value("query"), .value("output", short: "o"), .value("rankdir"),
    .value("cluster"),
  ]

  static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
    guard arguments.positionals.count == 1, let path = arguments.positionals.first else {
      throw UsageError("expected one graph file")
    }
    guard let format = try arguments.choice("format", of: ["jsonl", "dot", "csv"]) else {
      throw UsageError("missing '--format jsonl|dot|csv'")
    }
    let rankdir = try arguments.choice("rankdir", of: ["LR", "TB"])
    let cluster = try arguments.choice("cluster", of: ["place"])
    let output = arguments.value("output")
    if format == "csv" && output == nil { throw UsageError("csv export needs '-o FOLDER'") }
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
      clusterByPlace: cluster == "place", console: console)
    return ExitStatus.success
  }

  /// Writes `selection` of `graph` in `format` to `output` (standard output when nil).
  /// Shared with the shell's `:export`.
  static func write(
    _ graph: Graph, selection: GraphSelection, format: String, to output: String?,
    rankdir: String?, clusterByPlace: Bool, console: Console
  ) throws {
    if let output { try checkDestination(output, format: format) }
    console.flush()
    switch format {
    case "jsonl":
      let writer = JSONLinesWriter(graph: graph, selection: selection)
      if let output {
        try writer.write(toFile: output)
      } else {
        try writer.write(to: .standardOutput)
      }
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
}
