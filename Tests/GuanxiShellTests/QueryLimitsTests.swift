// `guanxi query` under limits (issue 10): --timeout and --max-memory stop a statement
// with a clear error and roll it back, Ctrl-C stops it and exits 130, and parameters
// given on the command line follow one rule (issue 11): a complete literal is that
// literal, an invalid one (an integer beyond 64 bits) is a usage error, anything else
// is text. The shell's :timeout and :param follow the same rules.

import Foundation
import GuanxiGraph
import GuanxiQuery
import Testing

@testable import GuanxiShell

@Suite struct QueryLimitsTests {
  /// A statement that writes, then runs until something stops it.
  static let endless =
    "CREATE (:Tmp {v: 1}) WITH 1 AS one UNWIND range(1, 9223372036854775807) AS x RETURN count(x)"

  static let usageCases: [UsageCase] = [
    UsageCase(
      arguments: ["query", "g.gx", "-e", "RETURN 1", "--timeout", "soon"], subcommand: "query",
      mentions: ["--timeout", "'soon'"]),
    UsageCase(
      arguments: ["query", "g.gx", "-e", "RETURN 1", "--timeout", "0"], subcommand: "query",
      mentions: ["--timeout", "'0'"]),
    UsageCase(
      arguments: ["query", "g.gx", "-e", "RETURN 1", "--max-memory", "12X"], subcommand: "query",
      mentions: ["--max-memory", "'12X'"]),
    UsageCase(
      arguments: ["query", "g.gx", "-e", "RETURN $since", "--param", "since="],
      subcommand: "query", mentions: ["--param since", "no value"]),
    UsageCase(
      arguments: ["query", "g.gx", "-e", "RETURN $n", "--param", "n=99999999999999999999"],
      subcommand: "query", mentions: ["--param n", "99999999999999999999", "64 bits"]),
    UsageCase(
      arguments: ["query", "g.gx", "-e", "RETURN $n", "--param", "n=[1, -99999999999999999999]"],
      subcommand: "query", mentions: ["--param n", "-99999999999999999999"]),
    UsageCase(
      arguments: ["query", "g.gx", "-e", "RETURN $d", "--param", "d=date('2023-02-30')"],
      subcommand: "query", mentions: ["--param d", "'2023-02-30'"]),
  ]

  /// How many nodes carry `label` in the graph at `path`, read by a session of its own.
  static func count(_ label: String, in path: String) throws -> Int {
    let session = try GraphSession(path: path, access: .readOnly)
    defer { session.file.close() }
    let rows = try session.run(statement: "MATCH (n:\(label)) RETURN count(n)", parameters: [:])
      .rows
    guard case .value(.int(let n)) = rows.first?.first else { return -1 }
    return Int(n)
  }

  /// CSV output with its CRLF line ends as LF.
  static func lines(_ csv: String) -> String { csv.replacingOccurrences(of: "\r\n", with: "\n") }

  @Test(arguments: usageCases)
  func badLimitsAndParametersAreUsageErrors(_ c: UsageCase) throws {
    let run = guanxi(c.arguments)
    #expect(run.status == ExitStatus.usage)
    let message = try #require(run.errorLines.first)
    #expect(message.hasPrefix("guanxi query: "))
    for fragment in c.mentions {
      #expect(message.contains(fragment), "'\(message)' does not mention \(fragment)")
    }
  }

  @Test func theTimeoutStopsTheStatementAndRollsItBack() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let started = ContinuousClock.now
    let run = guanxi("query", graph, "--timeout", "200ms", "-e", Self.endless)
    #expect(ContinuousClock.now - started < .seconds(20))
    #expect(run.status == ExitStatus.failure)
    #expect(run.error.contains("error[Timeout]"), "\(run.error)")
    #expect(run.error.contains("200 ms"), "\(run.error)")
    #expect(try Self.count("Tmp", in: graph) == 0)
  }

  @Test func theMemoryLimitStopsAStatementThatNeedsMore() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let query = "CREATE (:Tmp) WITH 1 AS one RETURN size(range(1, 1000000)) AS n"
    let small = guanxi("query", graph, "--max-memory", "1M", "--format", "csv", "-e", query)
    #expect(small.status == ExitStatus.failure)
    #expect(small.errorLines.first?.hasPrefix("<query>:1:41: error[MemoryLimitExceeded]") == true)
    #expect(small.error.contains("1.0 MB"), "\(small.error)")
    #expect(try Self.count("Tmp", in: graph) == 0)
    let enough = guanxi("query", graph, "--max-memory", "64M", "--format", "csv", "-e", query)
    #expect(enough.status == ExitStatus.success, "\(enough.error)")
    #expect(Self.lines(enough.output) == "n\n1000000\n")
  }

  /// Text that begins with a quotation mark (here a Chinese one) is text, not a
  /// malformed literal; so is text that begins with digits.
  @Test(arguments: [
    ("m=“西部强区再扬帆,2023怎么干”务虚工作会议", "“西部强区再扬帆,2023怎么干”务虚工作会议"),
    ("m=2023年工作会议", "2023年工作会议"),
    ("m=韩俊 同志", "韩俊 同志"),
    ("m='韩俊'", "韩俊"),
    ("m=12:30", "12:30"),
  ])
  func plainTextParametersAreText(_ assignment: String, _ expected: String) throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let run = guanxi(
      "query", graph, "--format", "jsonl", "--param", assignment, "-e", "RETURN $m AS m")
    #expect(run.status == ExitStatus.success, "\(run.error)")
    let record = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: String]
    #expect(record == ["m": expected])
  }

  @Test func aLiteralLookingTextIsTakenAsTextWithANote() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let run = guanxi(
      "query", graph, "--format", "csv", "--param", "l=[1, 2", "-e", "RETURN $l AS l")
    #expect(run.status == ExitStatus.success)
    #expect(Self.lines(run.output) == "l\n\"[1, 2\"\n")
    #expect(run.error.contains("note: --param l is the text '[1, 2'"), "\(run.error)")
  }

  @Test func integersBeyond64BitsInAParametersFileAreUsageErrors() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let file = try workspace.write(
      "params.json", "{\"name\": \"韩俊\",\n \"n\": [1, 18446744073709551616]}")
    let run = guanxi("query", graph, "--params", file, "-e", "RETURN $n")
    #expect(run.status == ExitStatus.usage)
    #expect(run.error.contains("\(file):2:11: the integer 18446744073709551616"), "\(run.error)")
    // In a string, or as a float, the same digits are fine.
    let fine = try workspace.write(
      "fine.json",
      #"{"s": "18446744073709551616", "f": 1.8446744073709552e19, "i": -9223372036854775808}"#)
    let ok = guanxi("query", graph, "--format", "csv", "--params", fine, "-e", "RETURN $i AS i")
    #expect(ok.status == ExitStatus.success, "\(ok.error)")
    #expect(Self.lines(ok.output) == "i\n-9223372036854775808\n")
  }

  /// Ctrl-C (SIGINT) during a statement of the real binary: the statement stops, its
  /// write is rolled back, earlier statements stay committed, and the exit status is 130.
  @Test func ctrlCStopsTheStatementRollsBackAndExits130() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try guanxiBinary())
    process.arguments = [
      "query", graph, "-e", "CREATE (:Kept); " + Self.endless + "; CREATE (:Never)",
    ]
    let errorPipe = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errorPipe
    try process.run()
    // The first statement commits quickly; the second then runs until interrupted.
    var waited = 0
    while waited < 100, (try? Self.count("Kept", in: graph)) != 1 {
      Thread.sleep(forTimeInterval: 0.1)
      waited += 1
    }
    Thread.sleep(forTimeInterval: 0.3)
    process.interrupt()
    // A child that ignores the interrupt must not hang the suite.
    var grace = 0
    while process.isRunning && grace < 300 {
      Thread.sleep(forTimeInterval: 0.1)
      grace += 1
    }
    if process.isRunning {
      Issue.record("guanxi query did not stop on SIGINT within 30 s")
      kill(process.processIdentifier, SIGKILL)
    }
    let message = String(
      decoding: errorPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationReason == .exit)
    #expect(process.terminationStatus == ExitStatus.interrupted, "\(message)")
    #expect(message.contains("interrupted (Ctrl-C): statement 2 of 3"), "\(message)")
    #expect(message.contains("rolled back"), "\(message)")
    #expect(try Self.count("Tmp", in: graph) == 0)
    #expect(try Self.count("Kept", in: graph) == 1)
    #expect(try Self.count("Never", in: graph) == 0)
  }

  /// `:timeout` in the shell sets the limit of the statements after it.
  @Test func theShellTimeoutCommandLimitsStatements() throws {
    let workspace = try Workspace()
    let backend = SessionBackend(
      session: try GraphSession(path: try workspace.fixtureGraph(), access: .readWrite))
    #expect(try backend.command("timeout", arguments: []) == "timeout: off")
    #expect(try backend.command("timeout", arguments: ["0.2"]) == "timeout: 200 ms")
    let error = #expect(throws: QueryError.self) {
      try backend.run(statement: Self.endless, parameters: [:])
    }
    #expect(error?.code == .timeout)
    #expect(
      try backend.run(statement: "MATCH (t:Tmp) RETURN count(t)", parameters: [:]).rows
        == [[.value(.int(0))]])
    #expect(try backend.command("timeout", arguments: ["5m"]) == "timeout: 300 s")
    #expect(try backend.command("timeout", arguments: ["off"]) == "timeout: off")
    #expect(throws: ShellError.self) { try backend.command("timeout", arguments: ["-1"]) }
    #expect(backend.commands.contains { $0.name == "timeout" })
  }

  @Test(arguments: [
    ("30", Duration.seconds(30)), ("0.5", .milliseconds(500)), ("500ms", .milliseconds(500)),
    ("2s", .seconds(2)), ("5m", .seconds(300)), ("1h", .seconds(3600)),
  ])
  func timesAreRead(_ text: String, _ expected: Duration) {
    #expect(StatementLimits.duration(text) == expected)
  }

  @Test(arguments: [
    ("1048576", 1 << 20), ("512M", 512 << 20), ("4G", 4 << 30), ("1.5G", 3 << 29),
    ("64KB", 64 << 10), ("2GiB", 2 << 30),
  ])
  func sizesAreRead(_ text: String, _ expected: Int) {
    #expect(StatementLimits.bytes(text) == expected)
  }

  @Test(arguments: ["", "0", "-1", "x", "1e400", "inf", "nan", "12X", "99999999T"])
  func badTimesAndSizesAreRefused(_ text: String) {
    #expect(StatementLimits.bytes(text) == nil)
    if text != "12X" && text != "99999999T" { #expect(StatementLimits.duration(text) == nil) }
  }
}
