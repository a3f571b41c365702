/// One `guanxi` subcommand: its name, its help, its options, and what it does.
protocol Subcommand: SendableMetatype {
  /// The word after `guanxi`.
  static var name: String { get }
  /// One line for `guanxi --help`.
  static var summary: String { get }
  /// The full `guanxi NAME --help` text, usage line first.
  static var help: String { get }
  /// The options it accepts.
  static var options: [Arguments.Option] { get }
  /// Runs it; returns the exit status (0 success, 1 failure). Usage mistakes throw
  /// `UsageError` and become status 2.
  static func run(_ arguments: Arguments, console: Console) throws -> Int32
}

/// A subcommand as the dispatcher sees it: its statics captured once, so dispatch never
/// calls through an existential metatype.
struct SubcommandEntry: Sendable {
  var name: String
  var summary: String
  var help: String
  var options: [Arguments.Option]
  var run: @Sendable (Arguments, Console) throws -> Int32

  init<C: Subcommand>(_ command: C.Type) {
    name = C.name
    summary = C.summary
    help = C.help
    options = C.options
    run = { try C.run($0, console: $1) }
  }
}

/// Exit statuses: 0 success, 1 failure, 2 usage error, 130 stopped by Ctrl-C (SIGINT).
public enum ExitStatus {
  public static let success: Int32 = 0
  public static let failure: Int32 = 1
  public static let usage: Int32 = 2
  public static let interrupted: Int32 = 130
}

/// The `guanxi` command line: dispatches to a subcommand and turns errors into messages
/// on standard error and exit statuses. The only place that picks exit codes.
public enum GuanxiCommand {
  static let subcommands: [SubcommandEntry] = [
    SubcommandEntry(DemoCommand.self), SubcommandEntry(ReplCommand.self),
    SubcommandEntry(ExtractCommand.self), SubcommandEntry(ImportCommand.self),
    SubcommandEntry(ExportCommand.self), SubcommandEntry(QueryCommand.self),
    SubcommandEntry(StatsCommand.self), SubcommandEntry(CheckCommand.self),
  ]

  static let version = "0.1.0"

  static var overview: String {
    let width = subcommands.map { $0.name.count }.max() ?? 0
    let lines = subcommands.map {
      "  " + $0.name + String(repeating: " ", count: width - $0.name.count + 2) + $0.summary
    }
    return """
      guanxi: Chinese government news as a knowledge graph you can question.

      usage: guanxi [SUBCOMMAND] [ARGUMENTS]
             guanxi                 opens the shell on the bundled sample graph

      subcommands:
      \(lines.joined(separator: "\n"))

      `guanxi SUBCOMMAND --help` explains one. Exit status: 0 success, 1 failure, 2 usage error.
      """
  }

  /// Runs the command line `arguments` (without the program name) and returns the exit status.
  public static func main(_ arguments: [String], console: Console = Console()) -> Int32 {
    defer { console.flush() }
    guard let first = arguments.first else {
      return dispatch(SubcommandEntry(ReplCommand.self), [], console: console)
    }
    switch first {
    case "-h", "--help", "help":
      if arguments.count > 1, let command = subcommands.first(where: { $0.name == arguments[1] }) {
        console.line(command.help)
      } else {
        console.line(overview)
      }
      return ExitStatus.success
    case "--version":
      console.line("guanxi \(version)")
      return ExitStatus.success
    default:
      guard let command = subcommands.first(where: { $0.name == first }) else {
        if first.hasSuffix(".gx") {
          return dispatch(SubcommandEntry(ReplCommand.self), arguments, console: console)
        }
        let names = subcommands.map(\.name)
        var message = "guanxi: unknown subcommand '\(first)'"
        if let near = names.min(by: { editDistance($0, first) < editDistance($1, first) }),
          editDistance(near, first) <= 2
        {
          message += "; did you mean '\(near)'?"
        }
        console.error(message + " (see 'guanxi --help')")
        return ExitStatus.usage
      }
      return dispatch(command, Array(arguments.dropFirst()), console: console)
    }
  }

  static func dispatch(_ command: SubcommandEntry, _ rest: [String], console: Console) -> Int32 {
    do {
      let parsed = try Arguments(rest, spec: command.options)
      if parsed.flag("help") {
        console.line(command.help)
        return ExitStatus.success
      }
      return try command.run(parsed, console)
    } catch let error as UsageError {
      console.error(
        "guanxi \(command.name): \(error.message) (see 'guanxi \(command.name) --help')")
      return ExitStatus.usage
    } catch {
      console.error("guanxi \(command.name): \(describe(error))")
      return ExitStatus.failure
    }
  }

  /// A one-line description of any error the libraries throw.
  static func describe(_ error: any Error) -> String {
    String(describing: error)
  }

  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    var row = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
      var previous = row[0]
      row[0] = i
      for j in 1...max(b.count, 1) where !b.isEmpty {
        let current = row[j]
        row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
        previous = current
      }
    }
    return row[b.count]
  }
}
