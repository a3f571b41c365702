import GuanxiGraph
import GuanxiQuery

/// What the shell needs from the rest of Guanxi: a graph to show and complete from, a
/// way to run statements and cancel them, and the `:` commands that touch files.
///
/// The REPL is written against this protocol so that its tests use a fake and the
/// executable plugs in the real query engine and graph file. Calls come from one thread
/// at a time, except `cancel()`, which comes from the main thread while `run` is busy on
/// another.
///
/// ```swift
/// final class Backend: ShellBackend {
///   var graphName: String { "sample" }
///   var graph: any GraphReading { file.graph }
///   func run(statement: String, parameters: [String: Value]) throws -> QueryResult {
///     try PreparedQuery(statement).execute(on: file.graph, parameters: parameters)
///   }
///   func cancel() { token.cancel() }
///   func command(_ name: String, arguments: [String]) throws -> String? { … }
/// }
/// ```
public protocol ShellBackend: AnyObject {
  /// The graph's name, shown in the prompt: `guanxi(sample)> `.
  var graphName: String { get }
  /// The open graph, for rendering results and completing labels, types and keys.
  var graph: any GraphReading { get }

  /// Runs one statement (without its ';').
  ///
  /// - Throws: any error; the shell prints `describe(_:statement:)` of it and goes on.
  func run(statement: String, parameters: [String: Value]) throws -> QueryResult

  /// Asks the statement running in `run` to stop soon (by throwing); called on Ctrl-C,
  /// from the main thread.
  ///
  /// It can come just after `run` was called, before the statement checks for it: reset
  /// the cancel flag when `run` returns, not when it starts, so that such a Ctrl-C counts.
  func cancel()

  /// Runs a `:` command the shell does not handle itself (`:load`, `:open`, `:save`,
  /// `:stats`, `:schema`, `:export`, `:why`, …) and returns text to print, or nil.
  ///
  /// - Parameters:
  ///   - name: the command without its colon (`load`)
  ///   - arguments: the words after it; quoted words ('my file.gx') arrive unquoted
  /// - Throws: `ShellError.unknownCommand(_:)` for a name it does not know; any other error
  ///   is printed like a query error.
  func command(_ name: String, arguments: [String]) throws -> String?

  /// The backend's commands with a one-line summary each, for `:help` and completion.
  var commands: [ShellCommandHelp] { get }

  /// Property keys in use, for completion after `.` and inside `{…}`.
  func propertyKeys() -> [String]

  /// The text to print for an error: the place to draw a caret under a query's span.
  func describe(_ error: any Error, statement: String) -> String
}

/// One command in `:help`: its usage line and what it does.
public struct ShellCommandHelp: Sendable, Equatable {
  /// `load`, without the colon.
  public var name: String
  /// `:load DOCS…`
  public var usage: String
  /// "extract documents into the graph"
  public var summary: String

  public init(name: String, usage: String, summary: String) {
    self.name = name
    self.usage = usage
    self.summary = summary
  }
}

/// An error the shell itself reports: a bad `:` command or argument.
public struct ShellError: Error, Hashable, Sendable, CustomStringConvertible {
  public enum Code: String, Sendable {
    case unknownCommand
    case usage
    case invalidValue
  }

  public var code: Code
  public var message: String

  public init(_ code: Code, _ message: String) {
    self.code = code
    self.message = message
  }

  /// "unknown command ':lod'; :help lists the commands"
  public static func unknownCommand(_ name: String) -> ShellError {
    ShellError(.unknownCommand, "unknown command ':\(name)'; :help lists the commands")
  }

  public var description: String { message }
}

extension ShellBackend {
  /// The commands DESIGN.md names; a backend overrides this with what it implements.
  public var commands: [ShellCommandHelp] {
    [
      ShellCommandHelp(
        name: "load", usage: ":load DOCS…", summary: "extract documents into the graph"),
      ShellCommandHelp(name: "open", usage: ":open FILE.gx", summary: "open another graph file"),
      ShellCommandHelp(
        name: "save", usage: ":save [FILE.gx]", summary: "write the graph to its file (or FILE.gx)"),
      ShellCommandHelp(
        name: "stats", usage: ":stats", summary: "count nodes and relationships by label and type"),
      ShellCommandHelp(
        name: "schema", usage: ":schema",
        summary: "labels, relationship types and their property keys"),
      ShellCommandHelp(
        name: "export", usage: ":export FORMAT [--network KIND] FILE [query]",
        summary: "write the graph, or what a query returns, to FILE"),
      ShellCommandHelp(
        name: "why", usage: ":why [n]", summary: "show the sentences behind the last result's facts"
      ),
    ]
  }

  /// Keys seen on the first 10,000 nodes and relationships, sorted.
  public func propertyKeys() -> [String] {
    let graph = self.graph
    var keys = Set<Symbol>()
    for node in graph.allNodes().prefix(10_000) {
      for property in graph.properties(of: node) { keys.insert(property.key) }
    }
    for relationship in graph.allRelationships().prefix(10_000) {
      for property in graph.properties(of: relationship) { keys.insert(property.key) }
    }
    return keys.map { graph.string($0) }.sorted()
  }

  /// The error's own description.
  public func describe(_ error: any Error, statement: String) -> String {
    String(describing: error)
  }
}
