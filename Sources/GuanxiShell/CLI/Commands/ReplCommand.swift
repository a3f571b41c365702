import Foundation
import GuanxiGraph

/// `guanxi repl [G.gx]`: the interactive shell (also `guanxi` alone, on the sample graph).
enum ReplCommand: Subcommand {
  static let name = "repl"
  static let summary = "open the interactive shell on a graph (the sample graph by default)"
  static let help = """
    usage: guanxi repl [G.gx] [--format table|ascii|json|jsonl|csv]

    Opens the shell on G.gx (created if missing), or on the sample graph built from
    Graphs/samples. Type :help in the shell. When standard input is not a terminal,
    statements are read from it and results printed with no prompts.
    """
  static let options: [Arguments.Option] = [.value("format")]

  static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
    guard arguments.positionals.count <= 1 else {
      throw UsageError("expected at most one graph file")
    }
    let format = try arguments.choice("format", of: OutputFormat.allCases.map(\.rawValue))
      .flatMap(OutputFormat.init(rawValue:))
    let path = try arguments.positionals.first ?? SampleGraph.path(building: true, console: console)
    let session = try GraphSession(path: path, access: .preferWrite, createIfMissing: true)
    if let notice = session.notice { console.error(notice) }
    console.flush()
    let backend = SessionBackend(session: session)
    return Session.runOnStandardIO(backend: backend) { options in
      if let format { options.format = format }
    }
  }
}
