import Foundation
import GuanxiGraph
import GuanxiQuery

/// `guanxi demo`: builds the sample graph from Graphs/samples and shows what it holds.
enum DemoCommand: Subcommand {
  static let name = "demo"
  static let summary = "build the sample graph from Graphs/samples and show what it holds"
  static let help = """
    usage: guanxi demo

    Extracts the sample news items in Graphs/samples into Graphs/sample.gx (rebuilding
    it), prints its counts, and answers a few questions about it: who presided over
    which meeting, who holds which post, and the sentence behind a fact.
    """
  static let options: [Arguments.Option] = []

  /// The questions the demo asks, each with a line saying what it shows.
  static let questions: [(String, String)] = [
    (
      "who presided over which meeting",
      "MATCH (p:Person)-[:PRESIDED]->(m:Meeting) RETURN p.name AS presided, m.name AS meeting, m.date AS date ORDER BY date, meeting"
    ),
    (
      "posts by place (first 12)",
      "MATCH (p:Person)-[h:HOLDS]->(x) RETURN x.name AS at, h.title AS title, p.name AS name ORDER BY at, title, name LIMIT 12"
    ),
    (
      "meetings, where they were held and how many attended",
      "MATCH (m:Meeting)-[:HELD_IN]->(pl:Place) OPTIONAL MATCH (p:Person)-[:ATTENDED]->(m) RETURN m.name AS meeting, pl.name AS place, count(p) AS attended ORDER BY attended DESC, meeting"
    ),
    (
      "the evidence behind one fact",
      "MATCH (p:Person)-[r:PRESIDED]->(m:Meeting) RETURN p.name AS name, m.name AS meeting, r.doc AS document, r.span AS span ORDER BY r.doc LIMIT 1"
    ),
  ]

  static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
    guard arguments.positionals.isEmpty else { throw UsageError("demo takes no arguments") }
    let path = try SampleGraph.path(building: false, console: console)
    try SampleGraph.build(at: path, console: console)
    let session = try GraphSession(path: path, access: .readOnly)
    console.line(
      "sample graph \(path): \(Format.count(session.graph.nodeCount)) nodes, \(Format.count(session.graph.relationshipCount)) relationships"
    )
    for (label, count) in session.graph.labelCounts() { console.line("  :\(label)  \(count)") }
    let renderer = ResultRenderer(graph: session.graph, format: .table)
    for (title, query) in questions {
      console.line("")
      console.line("-- \(title)")
      console.line(query + ";")
      let result = try session.run(statement: query, parameters: [:])
      console.write(renderer.render(result))
    }
    let backend = SessionBackend(session: session)
    _ = try session.run(
      statement: "MATCH (:Person)-[r:PRESIDED]->(:Meeting) RETURN r ORDER BY r.doc LIMIT 1",
      parameters: [:])
    console.line("")
    console.line("-- :why (the sentence behind that fact)")
    console.line(try backend.command("why", arguments: ["1"]) ?? "")
    console.line("")
    console.line("Open the shell on this graph with: swift run guanxi")
    return ExitStatus.success
  }
}

/// The bundled sample graph: `Graphs/sample.gx`, extracted from `Graphs/samples`.
enum SampleGraph {
  /// The `Graphs` folder of the package this binary was built from, or `$GUANXI_GRAPHS`.
  static var folder: String {
    if let override = ProcessInfo.processInfo.environment["GUANXI_GRAPHS"] { return override }
    // Sources/GuanxiShell/CLI/Commands/DemoCommand.swift → the package root.
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<5 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("Graphs").path
  }

  /// The sample graph's path; with `building`, it is extracted first when missing.
  static func path(building: Bool, console: Console) throws -> String {
    let path = folder + "/sample.gx"
    if building && !FileManager.default.fileExists(atPath: path) {
      try build(at: path, console: console)
    }
    return path
  }

  /// Extracts `Graphs/samples` into a fresh graph at `path`.
  ///
  /// The graph is built under a name of its own and renamed into place (journal first,
  /// then snapshot), so two shells starting at once never see half a sample graph.
  static func build(at path: String, console: Console) throws {
    let samples = folder + "/samples"
    guard FileManager.default.fileExists(atPath: samples) else {
      throw UsageError(
        "the sample documents are not at '\(samples)'; set GUANXI_GRAPHS to the Graphs folder")
    }
    let building = path + ".building-\(ProcessInfo.processInfo.processIdentifier)"
    let session = try GraphSession(path: building, access: .readWrite, createIfMissing: true)
    let report = try session.extract(paths: [samples])
    try session.checkpoint()
    session.file.close()
    for skipped in report.skipped { console.error("skipped \(skipped.description)") }
    for suffix in [".wal", ""] {
      guard rename(building + suffix, path + suffix) == 0 else {
        throw UsageError("cannot move the sample graph into '\(path + suffix)'")
      }
    }
    try? FileManager.default.removeItem(atPath: building + ".lock")
  }
}
