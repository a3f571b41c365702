import Foundation
import GuanxiExport
import GuanxiGraph
import GuanxiQuery

/// `guanxi query G.gx -e 'QUERY'`: runs statements separated by `;` and prints their results.
enum QueryCommand: Subcommand {
  static let name = "query"
  static let summary = "run openCypher statements on a graph and print the results"
  static let help = """
    usage: guanxi query G.gx (-e 'QUERY' | -f FILE.cypher | < FILE) [options]

    Statements are separated by ';'. A statement that writes is in the graph's journal
    before the next one runs. An error stops the run with FILE:LINE:COLUMN, the line and
    a caret under the problem.

    Indexes: CREATE INDEX [name] [IF NOT EXISTS] FOR (n:Label) ON (n.key), DROP INDEX
    name [IF EXISTS], SHOW INDEXES. They are kept in the graph file, so a lookup such
    as WHERE n.key = value is an index seek in every later process.

    -e, --execute TEXT     the statements
    -f, --file FILE        read the statements from FILE
    --param NAME=VALUE     a parameter ($NAME); VALUE is a literal: 42, 2.5, true,
                           'text' or plain text, [1, 2], {k: 'v'} (repeatable)
    --params FILE.json     parameters from a JSON object
    --format F             table (default), ascii, json, jsonl or csv
    --repeat N             run each statement N more times after one warm-up ...
    --timing               ... and print its median execution time (without opening
                           the graph) to standard error

    example: guanxi query g.gx -e "MATCH (p:Person {name: '韩俊'})-[h:HOLDS]->(x) RETURN h.title, x.name"
    """
  static let options: [Arguments.Option] = [
    .value("execute", short: "e"), .value("file", short: "f"), .value("param", repeatable: true),
    .value("params"), .value("format"), .value("repeat"), .flag("timing"),
  ]

  static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
    guard arguments.positionals.count == 1, let path = arguments.positionals.first else {
      throw UsageError("expected one graph file")
    }
    let (script, scriptName) = try readScript(arguments)
    let parameters = try readParameters(arguments)
    let format =
      try arguments.choice("format", of: OutputFormat.allCases.map(\.rawValue))
      .flatMap(OutputFormat.init(rawValue:)) ?? .table
    let repeats = try arguments.integer("repeat", in: 1...1_000_000) ?? 0
    let statements = Parser.parseScript(script)
    guard !statements.isEmpty else { throw UsageError("no statement to run") }

    // Read-only unless a statement writes: readers take no lock.
    var session = try GraphSession(path: path, access: .readOnly)
    let writes = statements.contains { statement in
      let text = String(statement.span.text(in: script) ?? "")
      if let schema = try? SchemaStatement.parse(text) { return schema.isUpdating }
      guard case .success = statement.result else { return false }
      return (try? session.prepare(text).isUpdating) ?? false
    }
    if writes { session = try GraphSession(path: path, access: .readWrite) }

    let renderer = ResultRenderer(graph: session.graph, format: format)
    for (index, statement) in statements.enumerated() {
      let text = String(statement.span.text(in: script) ?? "")
      do {
        if case .failure(let error) = statement.result, try SchemaStatement.parse(text) == nil {
          throw error
        }
        let started = ContinuousClock.now
        let result = try session.run(statement: text, parameters: parameters)
        let elapsed = ContinuousClock.now - started
        console.write(renderer.render(result))
        if format == .table || format == .ascii {
          console.line(
            ResultRenderer.summary(
              rowCount: result.rows.count, statistics: result.statistics, elapsed: elapsed))
        }
        for warning in result.warnings { console.error("warning: \(warning)") }
        if repeats > 0 {
          var times: [Duration] = []
          for _ in 0..<repeats {
            let start = ContinuousClock.now
            _ = try session.run(statement: text, parameters: parameters)
            times.append(ContinuousClock.now - start)
          }
          times.sort()
          if arguments.flag("timing") {
            console.error(
              "statement \(index + 1): median \(ResultRenderer.duration(times[times.count / 2])) over \(repeats) runs"
            )
          }
        }
      } catch let error as QueryError {
        var located = error
        if case .failure = statement.result {
          // parseScript's errors already count from the start of the script.
        } else if let span = error.span {
          // The session ran the statement's own text: count from the script's start.
          located.span = SourceSpan(
            utf8Start: span.utf8Start + statement.span.utf8Start,
            utf8End: span.utf8End + statement.span.utf8Start)
        } else {
          // An error of the whole statement (step budget, cancellation) has no span:
          // point at its statement, so a script says which.
          located.span = statement.span
        }
        console.error(Diagnostics.render(located, source: script, fileName: scriptName))
        return ExitStatus.failure
      }
    }
    return ExitStatus.success
  }

  /// The script and the name diagnostics use for it.
  static func readScript(_ arguments: Arguments) throws -> (String, String) {
    switch (arguments.value("execute"), arguments.value("file")) {
    case (let text?, nil): return (text, "<query>")
    case (nil, let file?):
      guard let data = FileManager.default.contents(atPath: file) else {
        throw UsageError("cannot read '\(file)'")
      }
      return (String(decoding: data, as: UTF8.self), file)
    case (nil, nil):
      let data = FileHandle.standardInput.readDataToEndOfFile()
      return (String(decoding: data, as: UTF8.self), "<stdin>")
    default: throw UsageError("give either -e or -f, not both")
    }
  }

  static func readParameters(_ arguments: Arguments) throws -> [String: Value] {
    var parameters: [String: Value] = [:]
    if let file = arguments.value("params") {
      guard let data = FileManager.default.contents(atPath: file) else {
        throw UsageError("cannot read '\(file)'")
      }
      guard
        case .map(let map) = try JSONValue.parse(String(decoding: data, as: UTF8.self), path: file)
      else {
        throw UsageError("'\(file)' must hold a JSON object of parameters")
      }
      parameters = map
    }
    for assignment in arguments.values("param") {
      guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
        throw UsageError("--param needs NAME=VALUE, not '\(assignment)'")
      }
      let name = String(assignment[..<equals])
      parameters[name] = try ValueLiteral.parse(
        String(assignment[assignment.index(after: equals)...]))
    }
    return parameters
  }
}
