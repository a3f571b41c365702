import Foundation
import Glibc
import GuanxiGraph
import GuanxiQuery

/// How a session prints and what it starts with.
public struct SessionOptions {
  /// Prompts, the banner and summary lines (a terminal); off for piped input.
  public var isInteractive: Bool
  public var format: OutputFormat = .table
  /// The most rows printed per result, or nil for all.
  public var rowLimit: Int?
  /// Whether the summary line shows the elapsed time (`:timing`).
  public var showsTiming: Bool = true
  /// Whether an error ends the session (scripts) or is reported and passed (a terminal).
  public var stopsOnError: Bool
  /// Parameters the first statement already sees (`--param`).
  public var parameters: [String: Value] = [:]
  /// The terminal's width, for fitting tables; nil for none.
  public var terminalWidth: (() -> Int)?

  public init(isInteractive: Bool) {
    self.isInteractive = isInteractive
    rowLimit = isInteractive ? 1000 : nil
    stopsOnError = !isInteractive
  }
}

/// The read–run–print loop: reads statements and `:` commands from a `LineSource`, runs
/// them on a `ShellBackend`, and writes results to an `OutputSink`.
///
/// A statement runs when it ends with ';' outside strings and comments, or (on a
/// terminal) at a blank line; several on one line run in turn. `:` commands run at once.
/// Any error is printed and the session goes on (piped scripts stop at the first, with
/// exit status 1). A statement runs on a worker thread while this one waits for it or for
/// Ctrl-C, which asks the backend to cancel; pressing Ctrl-C three times gives up on a
/// statement that does not stop and ends the session with status 130.
///
/// ```swift
/// let session = Session(backend: backend, input: StandardInputLineSource(),
///                       output: StandardOutputSink(), options: SessionOptions(isInteractive: false))
/// exit(session.run())
/// ```
/// From `main`, `Session.runOnStandardIO(backend:)` picks the terminal or the pipe.
public final class Session {
  public let backend: any ShellBackend
  public let input: any LineSource
  public let output: any OutputSink
  public var options: SessionOptions
  /// Ctrl-C while a statement runs; SIGINT feeds it on a terminal, tests trigger it.
  public let interrupts: InterruptSignal
  /// The exit status so far: 0, or 1 once something failed in a script (on a terminal,
  /// errors are reported and leaving is still a success).
  var status: Int32 = 0

  public init(
    backend: any ShellBackend, input: any LineSource, output: any OutputSink,
    options: SessionOptions, interrupts: InterruptSignal = InterruptSignal()
  ) {
    self.backend = backend
    self.input = input
    self.output = output
    self.options = options
    self.interrupts = interrupts
  }

  /// `guanxi(sample)> `
  public var prompt: String { options.isInteractive ? "guanxi(\(backend.graphName))> " : "" }

  /// `         ...> `, ending where the prompt ends.
  public var continuationPrompt: String {
    guard options.isInteractive else { return "" }
    return String(repeating: " ", count: max(0, DisplayWidth.of(prompt) - 5)) + "...> "
  }

  public var banner: String {
    let graph = backend.graph
    return """
      Guanxi shell on '\(backend.graphName)': \(ResultRenderer.grouped(graph.nodeCount)) nodes, \
      \(ResultRenderer.grouped(graph.relationshipCount)) relationships.
      End a statement with ';' or an empty line. :help for help, :quit to leave.

      """
  }

  /// Runs until the input ends or `:quit`; returns the exit status (0, 1 after a failure,
  /// 130 after giving up on a statement that would not stop).
  @discardableResult
  public func run() -> Int32 {
    if options.isInteractive { output.write(banner) }
    var pending = ""
    let blankLineEnds = options.isInteractive
    while true {
      // Ctrl-C pressed after a statement finished means nothing now; one pressed between
      // Enter and the start of the statement does cancel it.
      interrupts.drain()
      let read = input.readInput(
        prompt: pending.isEmpty ? prompt : continuationPrompt,
        continuationPrompt: continuationPrompt,
        isComplete: { Statements.isComplete($0, blankLineEnds: blankLineEnds) })
      switch read {
      case .end:
        if !pending.trimmingWhitespace.isEmpty { _ = execute(pending) }
        return status
      case .interrupt:
        pending = ""
      case .text(let line):
        pending = pending.isEmpty ? line : pending + "\n" + line
        guard Statements.isComplete(pending, blankLineEnds: blankLineEnds) else { continue }
        let text = pending
        pending = ""
        guard !text.trimmingWhitespace.isEmpty else { continue }
        input.remember(text)
        if !execute(text) { return status }
      }
    }
  }

  /// Runs one input (a `:` command or statements); false when the session should end.
  func execute(_ text: String) -> Bool {
    if Statements.isCommand(text) {
      do {
        return try command(text.trimmingWhitespace)
      } catch {
        return fail(Self.describe(error))
      }
    }
    for statement in Statements.split(text) {
      guard runStatement(statement) else { return !options.stopsOnError && status != 130 }
    }
    return true
  }

  /// Prints an error; false when the session should stop because of it.
  func fail(_ message: String) -> Bool {
    if !options.isInteractive { status = 1 }
    output.writeError(message.hasSuffix("\n") ? message : message + "\n")
    return !options.stopsOnError
  }

  static func describe(_ error: any Error) -> String {
    errorText(String(describing: error))
  }

  /// The message with an "error: " prefix unless it already says it is one ("error…", or
  /// a rendered diagnostic's "1:31: error[Code]: …").
  static func errorText(_ message: String) -> String {
    let firstLine = message.prefix { $0 != "\n" }
    return message.hasPrefix("error") || firstLine.contains(": error")
      ? message : "error: " + message
  }

  // MARK: Statements

  /// The outcome of a statement, handed from the worker thread.
  final class Outcome: @unchecked Sendable {
    var result: Result<QueryResult, any Error>?
    var elapsed = Duration.zero
  }

  /// Wrapper that lets the worker thread use the backend; the session waits for it.
  struct Unchecked<T>: @unchecked Sendable { var value: T }

  /// Runs a statement on a worker thread and prints its result; false after an error.
  func runStatement(_ statement: String) -> Bool {
    let outcome = Outcome()
    let finished = InterruptSignal()
    let backend = Unchecked(value: backend)
    let parameters = options.parameters
    if interrupts.drain() > 0 { return fail("cancelled") }
    let worker = Thread {
      let start = ContinuousClock.now
      let result = Result { try backend.value.run(statement: statement, parameters: parameters) }
      outcome.elapsed = ContinuousClock.now - start
      outcome.result = result
      finished.trigger()
    }
    worker.stackSize = 64 << 20  // deep patterns recurse; the default thread stack is small
    worker.start()

    var interruptCount = 0
    while true {
      var descriptors = [
        pollfd(fd: finished.readFD, events: Int16(POLLIN), revents: 0),
        pollfd(fd: interrupts.readFD, events: Int16(POLLIN), revents: 0),
      ]
      _ = poll(&descriptors, 2, -1)
      if descriptors[0].revents != 0 { break }
      if descriptors[1].revents != 0 {
        interruptCount += interrupts.drain()
        if interruptCount >= 3 {
          output.writeError("the statement does not stop; leaving\n")
          status = 130
          return false
        }
        output.writeError(
          interruptCount == 1 ? "cancelling…\n" : "cancelling… (Ctrl-C again to leave)\n")
        backend.value.cancel()
      }
    }

    switch outcome.result {
    case .success(let result):
      show(result, elapsed: outcome.elapsed)
      return true
    case .failure(let error):
      guard interruptCount == 0 else { return fail("cancelled") }
      return fail(Self.errorText(backend.value.describe(error, statement: statement)))
    case nil:
      return fail("error: the statement ended without a result")
    }
  }

  func show(_ result: QueryResult, elapsed: Duration) {
    var table = TableRenderer()
    table.totalWidth = options.terminalWidth?()
    let renderer = ResultRenderer(
      graph: backend.graph, format: options.format, rowLimit: options.rowLimit, table: table)
    output.write(renderer.render(result))
    let summary = ResultRenderer.summary(
      rowCount: result.rows.count, statistics: result.statistics,
      elapsed: options.showsTiming ? elapsed : nil)
    if options.isInteractive {
      output.write(summary + "\n")
    } else if result.columns.isEmpty || !options.showsTiming {
      // Scripts get clean data on standard output; only writes say what they did.
      if result.statistics.hasChanges { output.writeError(summary + "\n") }
    } else {
      output.writeError(summary + "\n")
    }
  }
}

// MARK: Commands

extension Session {
  /// Runs a `:` command line; false for `:quit`.
  ///
  /// - Throws: `ShellError` for bad arguments, or what the backend's command threw.
  func command(_ line: String) throws -> Bool {
    let body = line.dropFirst()
    let name = String(body.prefix { !$0.isWhitespace })
    let rest = String(body.dropFirst(name.count)).trimmingWhitespace
    let arguments = Completer.commandWords(rest).map(Self.unquoted)
    switch name {
    case "quit", "exit", "q":
      return false
    case "help", "h", "?":
      if let topic = arguments.first {
        guard let text = HelpText.text(topic: topic, backend: backend.commands) else {
          throw ShellError(
            .usage, "no help on '\(topic)'; topics: " + HelpText.topics.joined(separator: ", "))
        }
        output.write(text)
      } else {
        output.write(HelpText.overview(backend: backend.commands))
      }
    case "format":
      guard let word = arguments.first else {
        output.write("format: \(options.format.rawValue)\n")
        return true
      }
      guard let format = OutputFormat(rawValue: word.lowercased()) else {
        throw ShellError(
          .usage,
          "unknown format '\(word)'; expected "
            + OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))
      }
      options.format = format
    case "timing":
      switch arguments.first?.lowercased() {
      case nil: output.write("timing: \(options.showsTiming ? "on" : "off")\n")
      case "on": options.showsTiming = true
      case "off": options.showsTiming = false
      case let other?:
        throw ShellError(.usage, "expected ':timing on' or ':timing off', not '\(other)'")
      }
    case "limit":
      guard let word = arguments.first else {
        output.write("limit: \(options.rowLimit.map(ResultRenderer.grouped) ?? "off")\n")
        return true
      }
      if word.lowercased() == "off" || word == "0" {
        options.rowLimit = nil
      } else if let n = Int(word.replacing(",", with: "")), n > 0 {
        options.rowLimit = n
      } else {
        throw ShellError(.usage, "expected ':limit N' with N a positive number, or ':limit off'")
      }
    case "param":
      try setParameter(rest)
    case "params":
      if arguments.first == "clear" {
        options.parameters = [:]
      } else if options.parameters.isEmpty {
        output.write("no parameters; set one with :param NAME VALUE\n")
      } else {
        output.write(
          options.parameters.sorted { $0.key < $1.key }
            .map { "$\($0.key) = \(ValueFormatter.literal($0.value))\n" }.joined())
      }
    default:
      if let text = try backend.command(name, arguments: arguments), !text.isEmpty {
        output.write(text.hasSuffix("\n") ? text : text + "\n")
      }
    }
    return true
  }

  /// `:param NAME VALUE` (also `NAME => VALUE` and `NAME: VALUE`); `:param NAME` shows it.
  func setParameter(_ text: String) throws {
    var name = String(text.prefix { !$0.isWhitespace && $0 != ":" && $0 != "=" })
    if name.hasPrefix("$") { name.removeFirst() }
    guard !name.isEmpty else { throw ShellError(.usage, "expected ':param NAME VALUE'") }
    var rest = text.dropFirst(text.prefix { !$0.isWhitespace && $0 != ":" && $0 != "=" }.count)
      .trimmingWhitespace
    for separator in ["=>", ":", "="] where rest.hasPrefix(separator) {
      rest = String(rest.dropFirst(separator.count)).trimmingWhitespace
      break
    }
    guard !rest.isEmpty else {
      guard let value = options.parameters[name] else {
        throw ShellError(.usage, "no parameter '\(name)'; set it with :param \(name) VALUE")
      }
      output.write("$\(name) = \(ValueFormatter.literal(value))\n")
      return
    }
    let reading = try ValueLiteral.read(rest)
    options.parameters[name] = reading.value
    if reading.looksLikeALiteral {
      output.writeError(
        "note: $\(name) is the text \(ValueFormatter.literal(reading.value)); it does not parse "
          + "as a literal\n")
    }
  }

  static func unquoted(_ word: String) -> String {
    guard word.count >= 2, let first = word.first, first == "'" || first == "\"", word.last == first
    else { return word }
    return String(word.dropFirst().dropLast())
  }

  /// What completion offers now: the graph's labels, types and keys, the parameters and
  /// every command.
  public var completionVocabulary: CompletionVocabulary {
    let graph = backend.graph
    let builtins = HelpText.builtins.map { ":" + $0.name } + [":exit"]
    return CompletionVocabulary(
      labels: graph.labelCounts().map(\.label),
      relationshipTypes: graph.typeCounts().map(\.type),
      propertyKeys: backend.propertyKeys(),
      parameters: options.parameters.keys.sorted(),
      commands: (builtins + backend.commands.map { ":" + $0.name }).sorted())
  }
}

// MARK: Standard input and output

extension Session {
  /// Runs the shell for `guanxi` / `guanxi repl`: the line editor when standard input and
  /// output are a terminal, else statements read from standard input with no prompts and
  /// no escape codes. Returns the exit status.
  ///
  /// - Parameter configure: adjusts the options (`--format`, `--param`) before the start.
  public static func runOnStandardIO(
    backend: any ShellBackend, configure: (inout SessionOptions) -> Void = { _ in }
  ) -> Int32 {
    guard isatty(STDOUT_FILENO) == 1, let terminal = Terminal() else {
      var options = SessionOptions(isInteractive: false)
      configure(&options)
      return Session(
        backend: backend, input: StandardInputLineSource(), output: StandardOutputSink(),
        options: options
      ).run()
    }
    var options = SessionOptions(isInteractive: true)
    options.terminalWidth = { terminal.width }
    configure(&options)
    let editor = LineEditor(terminal: terminal, history: History.standard())
    let session = Session(
      backend: backend, input: editor, output: StandardOutputSink(), options: options)
    editor.completer = { [unowned session] text, cursor in
      Completer(vocabulary: session.completionVocabulary).complete(text, cursor: cursor)
    }
    session.interrupts.installAsSIGINTHandler()
    let status = session.run()
    terminal.leaveRawMode()
    return status
  }
}
