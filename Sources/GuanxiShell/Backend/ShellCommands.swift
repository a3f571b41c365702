import Foundation
import GuanxiExport
import GuanxiGraph
import GuanxiQuery

/// The shell's view of a `GraphSession`: statements, cancellation, and the `:` commands
/// that touch files (`:load`, `:open`, `:save`, `:stats`, `:schema`, `:export`, `:why`).
public final class SessionBackend: ShellBackend {
  public let session: GraphSession

  public init(session: GraphSession) { self.session = session }

  public var graphName: String { session.graphName + (session.isWritable ? "" : " read-only") }
  public var graph: any GraphReading { session.graph }

  public func run(statement: String, parameters: [String: Value]) throws -> QueryResult {
    try session.run(statement: statement, parameters: parameters)
  }

  public func cancel() { session.cancel() }

  public func describe(_ error: any Error, statement: String) -> String {
    session.describe(error, statement: statement)
  }

  public var commands: [ShellCommandHelp] {
    [
      ShellCommandHelp(
        name: "load", usage: ":load DOC…|DIR", summary: "extract news documents into the graph"),
      ShellCommandHelp(name: "open", usage: ":open FILE.gx", summary: "open another graph file"),
      ShellCommandHelp(
        name: "save", usage: ":save", summary: "checkpoint: fold the journal into a new snapshot"),
      ShellCommandHelp(
        name: "stats", usage: ":stats", summary: "nodes by label, relationships by type, file sizes"
      ),
      ShellCommandHelp(
        name: "schema", usage: ":schema",
        summary: "labels, relationship types and property keys with counts"),
      ShellCommandHelp(
        name: "export", usage: ":export FORMAT [--network KIND] FILE [QUERY]",
        summary:
          "write the graph, the subgraph a query returns, or a person network (co-attendance, co-office) to FILE as dot, jsonl, csv, graphml or gexf"
      ),
      ShellCommandHelp(
        name: "why", usage: ":why [N]",
        summary: "the sentences behind the last result's relationships (first N, default 10)"),
      ShellCommandHelp(
        name: "timeout", usage: ":timeout [SECONDS|off]",
        summary: "stop (and roll back) a statement that runs longer; 30, 0.5, 500ms, 5m"),
    ]
  }

  public func command(_ name: String, arguments: [String]) throws -> String? {
    switch name {
    case "load": return try load(arguments)
    case "open":
      guard arguments.count == 1 else { throw ShellError(.usage, "usage: :open FILE.gx") }
      if session.isOpen(arguments[0]) {
        return "\(arguments[0]) is already open"
          + (session.isWritable ? "" : " (read-only: another process writes it)")
      }
      try session.reopen(path: arguments[0], access: .preferWrite)
      return
        "opened \(arguments[0]): \(Format.count(session.graph.nodeCount)) nodes, \(Format.count(session.graph.relationshipCount)) relationships"
        + (session.notice.map { "\n" + $0 } ?? "")
    case "save":
      try session.checkpoint()
      return "saved \(session.file.path) (\(Format.bytes(session.file.sizes.snapshotBytes)))"
    case "stats": return statistics()
    case "schema": return schema()
    case "export": return try export(arguments)
    case "why": return try why(arguments)
    case "timeout": return try timeout(arguments)
    default: throw ShellError.unknownCommand(name)
    }
  }

  func load(_ paths: [String]) throws -> String {
    guard !paths.isEmpty else { throw ShellError(.usage, "usage: :load DOC…|DIR") }
    let report = try session.extract(paths: paths)
    var lines = [
      "extracted \(report.documents.count) documents: \(Format.count(report.factsAdded)) facts added"
        + (report.factsReplaced > 0 ? ", \(Format.count(report.factsReplaced)) replaced" : "")
    ]
    lines += report.skipped.map { "skipped \($0.description)" }
    return lines.joined(separator: "\n")
  }

  func statistics() -> String {
    let graph = session.graph
    var lines = [
      "\(Format.count(graph.nodeCount)) nodes, \(Format.count(graph.relationshipCount)) relationships"
    ]
    lines += graph.labelCounts().map { "  :\($0.label)  \(Format.count($0.count))" }
    lines += graph.typeCounts().map { "  [:\($0.type)]  \(Format.count($0.count))" }
    let sizes = session.file.sizes
    lines.append(
      "snapshot \(Format.bytes(sizes.snapshotBytes)), journal \(Format.bytes(sizes.journalBytes))")
    return lines.joined(separator: "\n")
  }

  func schema() -> String {
    let graph = session.graph
    var lines = ["labels:"]
    for (label, count) in graph.labelCounts() {
      var keys = Set<String>()
      for node in graph.nodes(label: label).prefix(2000) {
        for (key, _) in graph.properties(of: node) { keys.insert(graph.string(key)) }
      }
      lines.append("  :\(label) (\(Format.count(count)))  \(keys.sorted().joined(separator: ", "))")
    }
    lines.append("relationship types:")
    var keysByType: [String: Set<String>] = [:]
    for r in graph.allRelationships().prefix(20_000) {
      let type = graph.typeName(of: r)
      for (key, _) in graph.properties(of: r) {
        keysByType[type, default: []].insert(graph.string(key))
      }
    }
    for (type, count) in graph.typeCounts() {
      lines.append(
        "  [:\(type)] (\(Format.count(count)))  \((keysByType[type] ?? []).sorted().joined(separator: ", "))"
      )
    }
    lines += IndexListing.lines(session.graph)
    return lines.joined(separator: "\n")
  }

  static let exportUsage =
    "usage: :export dot|jsonl|csv|graphml|gexf [--network co-attendance|co-office] FILE [QUERY]"

  func export(_ arguments: [String]) throws -> String {
    var arguments = arguments[...]
    guard let format = arguments.popFirst(), ExportCommand.formats.contains(format) else {
      throw ShellError(.usage, SessionBackend.exportUsage)
    }
    var network: PersonNetwork.Kind? = nil
    if arguments.first == "--network" {
      arguments.removeFirst()
      guard let name = arguments.popFirst(), PersonNetwork.Kind(rawValue: name) != nil else {
        throw ShellError(.usage, SessionBackend.exportUsage)
      }
      do {
        network = try ExportCommand.networkKind(name, format: format)
      } catch {
        throw ShellError(.usage, error.message)
      }
    }
    guard let file = arguments.popFirst() else {
      throw ShellError(.usage, SessionBackend.exportUsage)
    }
    let query = arguments.joined(separator: " ")
    let selection = query.isEmpty ? GraphSelection.all : try session.subgraph(of: query)
    let console = Console.capturing()
    try ExportCommand.write(
      session.graph, selection: selection, format: format, to: file, rankdir: nil,
      clusterByPlace: false, network: network, console: console)
    let warning = console.captured?.error.trimmingCharacters(in: .newlines) ?? ""
    return "wrote \(file)" + (warning.isEmpty ? "" : "\n" + warning)
  }

  /// `:timeout` shows the time limit, `:timeout 30` sets it, `:timeout off` removes it.
  func timeout(_ arguments: [String]) throws -> String {
    guard let word = arguments.first else {
      return "timeout: " + (session.timeLimit.map(StatementLimits.describe) ?? "off")
    }
    if word.lowercased() == "off" {
      session.timeLimit = nil
    } else if let limit = StatementLimits.duration(word), arguments.count == 1 {
      session.timeLimit = limit
    } else {
      throw ShellError(
        .usage, "expected ':timeout SECONDS' (30, 0.5, 500ms, 5m) or ':timeout off', not '\(word)'")
    }
    return "timeout: " + (session.timeLimit.map(StatementLimits.describe) ?? "off")
  }

  func why(_ arguments: [String]) throws -> String {
    var limit = 10
    if let first = arguments.first {
      guard let n = Int(first), n > 0 else { throw ShellError(.usage, "usage: :why [N]") }
      limit = n
    }
    let relationships = Array(session.lastRelationships.prefix(limit))
    guard !relationships.isEmpty else {
      return
        "the last result holds no relationships; return one (for example RETURN r) and ask again"
    }
    let graph = session.graph
    return session.evidence(for: relationships).map { r, doc, sentence in
      let from = graph.property(Schema.Key.name, of: graph.startNode(of: r))?.stringValue ?? "?"
      let to = graph.property(Schema.Key.name, of: graph.endNode(of: r))?.stringValue ?? "?"
      let fact = "(\(from))-[:\(graph.typeName(of: r))]->(\(to))"
      return "\(fact)\n  \(doc): \(sentence ?? "(the document's text is not available)")"
    }.joined(separator: "\n")
  }
}
