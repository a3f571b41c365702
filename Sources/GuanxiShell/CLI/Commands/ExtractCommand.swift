import Foundation
import GuanxiExport
import GuanxiExtract
import GuanxiGraph

/// `guanxi extract DOC…|DIR -o G.gx`: reads news documents into a graph.
enum ExtractCommand: Subcommand {
  static let name = "extract"
  static let summary = "read news documents into a graph (or print them as JSON Lines)"
  static let help = """
    usage: guanxi extract DOC…|DIR -o G.gx
           guanxi extract DOC…|DIR --format jsonl > graph.jsonl

    Reads each document (UTF-8 or GB18030, Simplified or Traditional, with or without
    web-page debris), extracts officials and their posts, meetings and who presided,
    spoke and attended, places, projects and credits, and adds them to the graph.
    Folders are read recursively. Extracting a document again replaces its facts.
    Unreadable, empty or binary files are reported and skipped; the others load.

    -o, --output G.gx   the graph to add to (created if missing); an existing file
                        that is not a Guanxi graph is refused and left as it was
    --format jsonl      write the extracted graph as APOC JSON Lines to standard output

    The graph's own files (G.gx, G.gx.wal, G.gx.lock) are never read as documents, nor
    are named pipes or devices; each is reported as skipped. The facts are journalled
    before the graph's snapshot is rewritten: if that rewrite fails, they are safe in
    G.gx.wal (the graph opens with them) and the command says so, with exit status 1.
    """
  static let options: [Arguments.Option] = [.value("output", short: "o"), .value("format")]

  static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
    guard !arguments.positionals.isEmpty else {
      throw UsageError("expected documents or folders to read")
    }
    let format = try arguments.choice("format", of: ["jsonl"])
    switch (arguments.value("output"), format) {
    case (let output?, nil):
      try GraphDestination.check(output, inputs: [])
      let session = try GraphSession(path: output, access: .readWrite, createIfMissing: true)
      let report = try session.extract(paths: arguments.positionals)
      let status = summarize(report, into: output, graph: session.graph, console: console)
      do {
        try session.checkpoint()
      } catch {
        console.error(
          "guanxi extract: the facts are safe in the journal '\(session.file.journalPath)' and '\(output)' opens with them, but its snapshot could not be rewritten: \(error); the next checkpoint (guanxi extract, or :save in the shell) folds the journal in"
        )
        return ExitStatus.failure
      }
      return status
    case (nil, "jsonl"?):
      let graph = Graph()
      let report = GraphSession.extractDocuments(
        arguments.positionals, into: graph, excluding: [], graphName: "")
      console.flush()
      try JSONLinesWriter(graph: graph, selection: .all).write(to: .standardOutput)
      return summarize(report, into: nil, graph: graph, console: console)
    default:
      throw UsageError("give either '-o G.gx' or '--format jsonl'")
    }
  }

  static func summarize(
    _ report: ExtractionReport, into output: String?, graph: Graph, console: Console
  ) -> Int32 {
    for skipped in report.skipped { console.error("skipped \(skipped.description)") }
    var line =
      "extracted \(report.documents.count) documents, \(Format.count(report.factsAdded)) facts"
    if report.factsReplaced > 0 { line += " (\(Format.count(report.factsReplaced)) replaced)" }
    if let output {
      line +=
        "; \(output) holds \(Format.count(graph.nodeCount)) nodes and \(Format.count(graph.relationshipCount)) relationships"
    }
    console.error(line)
    return report.documents.isEmpty && !report.skipped.isEmpty
      ? ExitStatus.failure : ExitStatus.success
  }
}
