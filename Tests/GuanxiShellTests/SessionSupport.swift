import Foundation
import GuanxiGraph
import GuanxiQuery

@testable import GuanxiShell

/// A backend with canned answers, recording what the session asked of it.
final class FakeBackend: ShellBackend, @unchecked Sendable {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  let fixture: Graph
  var graphName = "sample"
  var graph: any GraphReading { fixture }
  private let lock = NSLock()
  private(set) var statements: [(String, [String: Value])] = []
  private(set) var commandsRun: [(String, [String])] = []
  private(set) var cancelCount = 0
  /// Signalled when a statement starts running.
  let started = DispatchSemaphore(value: 0)
  private let release = DispatchSemaphore(value: 0)

  init() throws { fixture = try makeFixtureGraph() }

  func run(statement: String, parameters: [String: Value]) throws -> QueryResult {
    lock.withLock { statements.append((statement, parameters)) }
    started.signal()
    switch statement {
    case "RETURN 1": return QueryResult(columns: ["1"], rows: [[.value(1)]])
    case _ where statement.hasPrefix("fail"): throw Failure(description: "syntax error near 'fail'")
    case "sleep":
      // Runs until cancelled, like a long traversal.
      release.wait()
      throw Failure(description: "the query was cancelled")
    case _ where statement.hasPrefix("CREATE"):
      var stats = WriteStatistics()
      stats.nodesCreated = 1
      stats.propertiesSet = 1
      return QueryResult(columns: [], rows: [], statistics: stats)
    case _ where statement.hasPrefix("MATCH (p:Person)"):
      return QueryResult(
        columns: ["p.name", "h.title", "n"],
        rows: [
          [.value("韩俊"), .value("省委书记"), .value(12)], [.value("王清宪"), .value("省长"), .value(3)],
        ])
    case _ where statement.hasPrefix("MATCH (p)"):
      return QueryResult(columns: ["p"], rows: [[.node(NodeID(0))], [.node(NodeID(2))]])
    default:
      return QueryResult(columns: ["statement"], rows: [[.value(.string(statement))]])
    }
  }

  func cancel() {
    lock.withLock { cancelCount += 1 }
    release.signal()
  }

  func command(_ name: String, arguments: [String]) throws -> String? {
    lock.withLock { commandsRun.append((name, arguments)) }
    switch name {
    case "stats": return "4 nodes, 3 relationships"
    case "save": return nil
    case "open":
      throw Failure(description: "error: cannot open '\(arguments.first ?? "")': no such file")
    default: throw ShellError.unknownCommand(name)
    }
  }
}

/// Lines typed one by one; `^C` stands for Ctrl-C at the prompt. Records the prompts.
final class ScriptedLineSource: LineSource {
  var lines: [String]
  private(set) var prompts: [String] = []
  private(set) var remembered: [String] = []

  init(_ lines: [String]) { self.lines = lines }

  func readInput(
    prompt: String, continuationPrompt: String, isComplete: @escaping (String) -> Bool
  ) -> LineInput {
    prompts.append(prompt)
    guard !lines.isEmpty else { return .end }
    let line = lines.removeFirst()
    return line == "^C" ? .interrupt : .text(line)
  }

  func remember(_ entry: String) { remembered.append(entry) }
}

/// Collects what the session writes; `transcript` interleaves both streams, errors marked.
final class RecordingSink: OutputSink, @unchecked Sendable {
  private let lock = NSLock()
  private(set) var standardOutput = ""
  private(set) var standardError = ""
  private(set) var transcript = ""

  func write(_ text: String) {
    lock.withLock {
      standardOutput += text
      transcript += text
    }
  }

  func writeError(_ text: String) {
    lock.withLock {
      standardError += text
      transcript += text.split(separator: "\n", omittingEmptySubsequences: false)
        .map { $0.isEmpty ? "" : "! " + $0 }.joined(separator: "\n")
    }
  }
}

/// A session on the fake backend reading `lines`.
func makeSession(
  _ lines: [String], interactive: Bool = true, timing: Bool = false
) throws -> (Session, FakeBackend, ScriptedLineSource, RecordingSink) {
  let backend = try FakeBackend()
  let source = ScriptedLineSource(lines)
  let sink = RecordingSink()
  var options = SessionOptions(isInteractive: interactive)
  options.showsTiming = timing
  let session = Session(backend: backend, input: source, output: sink, options: options)
  return (session, backend, source, sink)
}
