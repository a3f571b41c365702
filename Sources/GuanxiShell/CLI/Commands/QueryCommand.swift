import Foundation
import Glibc
import GuanxiExport
import GuanxiGraph
import GuanxiQuery

/// Stops the statement `guanxi query` runs when SIGINT (Ctrl-C) comes; a global, so the
/// signal handler reaches it without capturing anything. Only atomic stores happen in
/// the handler.
private let interruptedQuery = CancellationFlag()
/// Set once by the handler and never cleared: the run stops after the current statement.
private let interruptRequested = CancellationFlag()

private func interruptQuery(_ signal: Int32) {
  interruptRequested.cancel()
  interruptedQuery.cancel()
}

/// `guanxi query G.gx -e 'QUERY'`: runs statements separated by `;` and prints their results.
enum QueryCommand: Subcommand {
  static let name = "query"
  static let summary = "run openCypher statements on a graph and print the results"
  static let help = """
    usage: guanxi query G.gx (-e 'QUERY' | -f FILE.cypher | < FILE) [options]

    Statements are separated by ';'. A statement that writes is in the graph's journal
    before the next one runs. An error stops the run with FILE:LINE:COLUMN, the line and
    a caret under the problem. A statement that fails, runs out of time or memory, or is
    stopped with Ctrl-C leaves the graph as it was; Ctrl-C exits with status 130.

    Indexes: CREATE INDEX [name] [IF NOT EXISTS] FOR (n:Label) ON (n.key), DROP INDEX
    name [IF EXISTS], SHOW INDEXES. They are kept in the graph file, so a lookup such
    as WHERE n.key = value is an index seek in every later process.

    -e, --execute TEXT     the statements
    -f, --file FILE        read the statements from FILE
    --param NAME=VALUE     a parameter ($NAME) (repeatable). VALUE is a literal if it
                           parses completely as one: 42, 2.5, true, null, 'quoted',
                           [1, 2], {k: 'v'}, date('2023-07-20'); an invalid literal (an
                           integer beyond 64 bits, a bad date) is an error; anything
                           else is plain text as written: 韩俊, 2023年工作会议
    --params FILE.json     parameters from a JSON object (integers must fit 64 bits)
    --format F             table (default), ascii, json, jsonl or csv
    --timeout S            stop a statement that runs longer than S seconds (30, 0.5,
                           500ms, 5m)
    --max-memory SIZE      stop a statement that needs more memory than SIZE (4G, 512M;
                           default: half of this machine's memory)
    --repeat N             run each statement N more times after one warm-up ...
    --timing               ... and print its median execution time (without opening
                           the graph) to standard error

    example: guanxi query g.gx -e "MATCH (p:Person {name: '韩俊'})-[h:HOLDS]->(x) RETURN h.title, x.name"
    """
  static let options: [Arguments.Option] = [
    .value("execute", short: "e"), .value("file", short: "f"), .value("param", repeatable: true),
    .value("params"), .value("format"), .value("repeat"), .flag("timing"), .value("timeout"),
    .value("max-memory"),
  ]

  static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
    guard arguments.positionals.count == 1, let path = arguments.positionals.first else {
      throw UsageError("expected one graph file")
    }
    let (script, scriptName) = try readScript(arguments)
    let parameters = try readParameters(arguments, console: console)
    let format =
      try arguments.choice("format", of: OutputFormat.allCases.map(\.rawValue))
      .flatMap(OutputFormat.init(rawValue:)) ?? .table
    let repeats = try arguments.integer("repeat", in: 1...1_000_000) ?? 0
    let timeLimit = try arguments.duration("timeout")
    let memoryLimit = try arguments.byteCount("max-memory")
    let statements = Parser.parseScript(script)
    guard !statements.isEmpty else { throw UsageError("no statement to run") }

    // Read-only unless a statement writes: readers take no lock.
    var session = try GraphSession(path: path, access: .readOnly, cancellation: interruptedQuery)
    let writes = statements.contains { statement in
      let text = String(statement.span.text(in: script) ?? "")
      if let schema = try? SchemaStatement.parse(text) { return schema.isUpdating }
      guard case .success = statement.result else { return false }
      return (try? session.prepare(text).isUpdating) ?? false
    }
    if writes {
      session = try GraphSession(path: path, access: .readWrite, cancellation: interruptedQuery)
    }
    session.timeLimit = timeLimit
    if let memoryLimit { session.memoryLimit = memoryLimit }
    // Ctrl-C stops the running statement (which rolls back) and then the run, with 130.
    // The handler resets itself, so a second Ctrl-C ends the process at once.
    if console.isStandardIO { installInterruptHandler() }
    defer { if console.isStandardIO { restoreInterruptHandler() } }

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
        if error.code == .cancelled || interruptRequested.isCancelled {
          return interrupted(stopping: index + 1, of: statements.count, console: console)
        }
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
      if interruptRequested.isCancelled, index + 1 < statements.count {
        return interrupted(after: index + 1, of: statements.count, console: console)
      }
    }
    return ExitStatus.success
  }

  /// Routes SIGINT to `interruptQuery`, unless the process was started with SIGINT
  /// ignored (in the background of a script), which it keeps.
  static func installInterruptHandler() {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = interruptQuery
    sigemptyset(&action.sa_mask)
    action.sa_flags = Int32(truncatingIfNeeded: SA_RESETHAND)
    var previous = sigaction()
    _ = sigaction(SIGINT, &action, &previous)
    if isIgnored(previous) {
      _ = sigaction(SIGINT, &previous, nil)
      return
    }
    // A parent may have started this process with SIGINT blocked; unblock it, so that
    // Ctrl-C (or `kill -INT`) reaches the handler.
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    _ = pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }

  static func restoreInterruptHandler() {
    var current = sigaction()
    _ = sigaction(SIGINT, nil, &current)
    if !isIgnored(current) { _ = signal(SIGINT, SIG_DFL) }
  }

  static func isIgnored(_ action: sigaction) -> Bool {
    guard let handler = action.__sigaction_handler.sa_handler else { return false }
    return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
  }

  /// Ctrl-C during statement `number`: it stopped and its changes were undone; exits 130.
  static func interrupted(stopping number: Int, of count: Int, console: Console) -> Int32 {
    let before =
      number > 2
      ? "; statements 1 to \(number - 1) are done and stay committed"
      : number == 2 ? "; statement 1 is done and stays committed" : ""
    console.error(
      "guanxi query: interrupted (Ctrl-C): statement \(number) of \(count) was stopped "
        + "and its changes were rolled back\(before)")
    return ExitStatus.interrupted
  }

  /// Ctrl-C between statements: the run stops after statement `number`; exits 130.
  static func interrupted(after number: Int, of count: Int, console: Console) -> Int32 {
    let done = number > 1 ? "statements 1 to \(number) are" : "statement 1 is"
    console.error(
      "guanxi query: interrupted (Ctrl-C) after statement \(number) of \(count); "
        + "\(done) done and stay committed, the rest did not run")
    return ExitStatus.interrupted
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

  static func readParameters(_ arguments: Arguments, console: Console) throws -> [String: Value] {
    var parameters: [String: Value] = [:]
    if let file = arguments.value("params") {
      guard let data = FileManager.default.contents(atPath: file) else {
        throw UsageError("cannot read '\(file)'")
      }
      let text = String(decoding: data, as: UTF8.self)
      try checkIntegers(inJSON: text, path: file)
      guard case .map(let map) = try JSONValue.parse(text, path: file) else {
        throw UsageError("'\(file)' must hold a JSON object of parameters")
      }
      parameters = map
    }
    for assignment in arguments.values("param") {
      guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
        throw UsageError("--param needs NAME=VALUE, not '\(assignment)'")
      }
      let name = String(assignment[..<equals])
      let text = String(assignment[assignment.index(after: equals)...])
      guard !text.trimmingWhitespace.isEmpty else {
        throw UsageError(
          "--param \(name) has no value; write \(name)=VALUE (\(name)='' for empty text)")
      }
      do {
        let reading = try ValueLiteral.read(text)
        parameters[name] = reading.value
        if reading.looksLikeALiteral {
          console.error(
            "guanxi query: note: --param \(name) is the text "
              + "\(ValueFormatter.literal(reading.value)); it does not parse as a literal")
        }
      } catch {
        throw UsageError("--param \(name): \(error.message)")
      }
    }
    return parameters
  }

  /// Refuses a JSON number written as an integer that does not fit 64 bits (the JSON
  /// reader would make it a float), as query text refuses it.
  ///
  /// - Throws: `UsageError` with the file, line and column of the number.
  static func checkIntegers(inJSON text: String, path: String) throws(UsageError) {
    let bytes = Array(text.utf8)
    var i = 0
    var line = 1
    var lineStart = 0
    var isInString = false
    while i < bytes.count {
      let b = bytes[i]
      if isInString {
        if b == UInt8(ascii: "\\") { i += 1 } else if b == UInt8(ascii: "\"") { isInString = false }
        i += 1
        continue
      }
      if b == UInt8(ascii: "\n") {
        line += 1
        lineStart = i + 1
      }
      guard b == UInt8(ascii: "-") || (b >= 0x30 && b <= 0x39) else {
        if b == UInt8(ascii: "\"") { isInString = true }
        i += 1
        continue
      }
      let start = i
      while i < bytes.count, "-+.eE0123456789".utf8.contains(bytes[i]) { i += 1 }
      let token = String(decoding: bytes[start..<i], as: UTF8.self)
      if !token.contains(where: { ".eE".contains($0) }), Int64(token) == nil, token != "-" {
        let column = String(decoding: bytes[lineStart..<start], as: UTF8.self).count + 1
        throw UsageError(
          "\(path):\(line):\(column): the integer \(token) does not fit 64 bits "
            + "(\(Int64.min) to \(Int64.max)); write it as a string")
      }
    }
  }
}
