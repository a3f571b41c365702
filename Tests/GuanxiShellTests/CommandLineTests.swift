// The command line's contract, proved on real files: exit status 0 on success, 1 on
// failure, 2 on usage errors, messages on standard error; bad input never crashes
// Guanxi and never loses data, and its error names the file, line or byte offset.
//
// Commands run in-process through `GuanxiCommand.main` with a capturing console, each
// test in a fresh temporary folder. Writers that send output straight to file
// descriptor 1 (`export` without `-o`) are exercised through the real binary instead.

import Foundation
import GuanxiGraph
import GuanxiQuery
import Testing

@testable import GuanxiShell

// MARK: - Support

/// What one `guanxi` command did.
struct CommandRun {
  var status: Int32
  var output: String
  var error: String

  var errorLines: [String] { error.split(separator: "\n").map(String.init) }
}

/// Runs `guanxi ARGUMENTS` in this process and captures both streams.
func guanxi(_ arguments: String...) -> CommandRun { guanxi(arguments) }

/// Runs `guanxi ARGUMENTS` in this process and captures both streams.
func guanxi(_ arguments: [String]) -> CommandRun {
  let console = Console.capturing()
  let status = GuanxiCommand.main(arguments, console: console)
  return CommandRun(
    status: status, output: console.captured?.output ?? "", error: console.captured?.error ?? "")
}

/// A fresh folder under the system's temporary folder, removed when dropped.
final class Workspace {
  let path: String

  init() throws {
    var template = Array((NSTemporaryDirectory() + "guanxi-cli-XXXXXX").utf8CString)
    let made = template.withUnsafeMutableBufferPointer { buffer in
      buffer.baseAddress.flatMap { mkdtemp($0) }
    }
    path = try #require(made.map { String(cString: $0) })
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// The path of `name` inside the folder.
  func file(_ name: String) -> String { path + "/" + name }

  /// Writes `text` as UTF-8 to `name` and returns its path.
  @discardableResult
  func write(_ name: String, _ text: String) throws -> String {
    try write(name, Array(text.utf8))
  }

  /// Writes `bytes` to `name` and returns its path.
  @discardableResult
  func write(_ name: String, _ bytes: [UInt8]) throws -> String {
    let path = file(name)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// The bytes of `name`, or nil when it does not exist.
  func bytes(_ name: String) -> [UInt8]? {
    FileManager.default.contents(atPath: file(name)).map { [UInt8]($0) }
  }

  /// Saves the fixture graph (韩俊 and 王清宪 hold posts in 安徽省; 韩俊 presided a
  /// meeting) as `name` and returns its path.
  func fixtureGraph(_ name: String = "g.gx") throws -> String {
    let path = file(name)
    try GraphFile.create(path, from: makeFixtureGraph()).close()
    return path
  }
}

/// The values of the only column of `query`'s rows on the graph at `path`, as text,
/// read by a session of its own (as a second process would see them).
func column(_ query: String, in path: String) throws -> [String] {
  let session = try GraphSession(path: path, access: .readOnly)
  return try session.run(statement: query, parameters: [:]).rows.map { row in
    switch row.first {
    case .value(.string(let text))?: text
    case .value(.int(let number))?: "\(number)"
    case .value(let value)?: "\(value)"
    default: "\(String(describing: row.first))"
    }
  }
}

/// SplitMix64: seeded, so the "random" bytes of a test are the same every run.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Parses JSON text into a Foundation object.
func parseJSON(_ text: String) throws -> Any {
  try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
}

/// The records of a JSON Lines file, each a dictionary.
func jsonLinesRecords(_ path: String) throws -> [[String: Any]] {
  let text = try String(contentsOfFile: path, encoding: .utf8)
  return try text.split(separator: "\n").map { line in
    try #require(try parseJSON(String(line)) as? [String: Any])
  }
}

/// Removes the `1️⃣` marker from `marked` and gives the text with the 1-based line and
/// column (in Characters) where the marker stood.
func locateMarker(_ marked: String) throws -> (text: String, line: Int, column: Int) {
  let range = try #require(marked.range(of: "1️⃣"))
  let before = marked[..<range.lowerBound]
  let lines = before.split(separator: "\n", omittingEmptySubsequences: false)
  return (
    marked.replacingCharacters(in: range, with: ""), lines.count, (lines.last?.count ?? 0) + 1
  )
}

// MARK: - 1. Usage errors

struct UsageCase: Sendable, CustomTestStringConvertible {
  var arguments: [String]
  /// The subcommand the message must name (`guanxi NAME:`), nil for the dispatcher.
  var subcommand: String?
  /// What else the message must mention: the offending word, option or suggestion.
  var mentions: [String]
  var testDescription: String { "guanxi " + arguments.joined(separator: " ") }
}

@Suite struct CommandLineTests {
  static let usageCases: [UsageCase] = [
    UsageCase(arguments: ["qury", "g.gx"], subcommand: nil, mentions: ["'qury'", "'query'"]),
    UsageCase(arguments: ["exprot"], subcommand: nil, mentions: ["'exprot'", "'export'"]),
    UsageCase(arguments: ["frobnicate"], subcommand: nil, mentions: ["'frobnicate'"]),
    UsageCase(
      arguments: ["query", "g.gx", "--bogus"], subcommand: "query", mentions: ["'--bogus'"]),
    UsageCase(arguments: ["stats", "-x", "g.gx"], subcommand: "stats", mentions: ["'-x'"]),
    UsageCase(arguments: ["query", "g.gx", "-e"], subcommand: "query", mentions: ["--execute"]),
    UsageCase(
      arguments: ["import", "in.jsonl", "-o"], subcommand: "import", mentions: ["--output"]),
    UsageCase(arguments: ["import", "in.jsonl"], subcommand: "import", mentions: ["-o"]),
    UsageCase(arguments: ["extract", "docs"], subcommand: "extract", mentions: ["-o"]),
    UsageCase(
      arguments: ["export", "g.gx", "--format", "csv"], subcommand: "export", mentions: ["-o"]),
    UsageCase(
      arguments: ["export", "g.gx", "--format", "xml"], subcommand: "export",
      mentions: ["'xml'", "jsonl"]),
    UsageCase(arguments: ["export", "g.gx"], subcommand: "export", mentions: ["--format"]),
    UsageCase(
      arguments: ["query", "g.gx", "-e", "RETURN 1", "--format", "yaml"], subcommand: "query",
      mentions: ["'yaml'"]),
    UsageCase(
      arguments: ["query", "g.gx", "-e", "RETURN 1", "--repeat", "0"], subcommand: "query",
      mentions: ["--repeat", "'0'"]),
    UsageCase(
      arguments: ["query", "g.gx", "-e", "RETURN 1", "-f", "q.cypher"], subcommand: "query",
      mentions: ["-e", "-f"]),
    UsageCase(
      arguments: ["query", "g.gx", "-e", "RETURN 1", "--param", "=1"], subcommand: "query",
      mentions: ["'=1'"]),
    UsageCase(arguments: ["query", "g.gx", "-e", ";"], subcommand: "query", mentions: []),
    UsageCase(arguments: ["check"], subcommand: "check", mentions: []),
    UsageCase(arguments: ["stats", "a.gx", "b.gx"], subcommand: "stats", mentions: []),
    UsageCase(arguments: ["demo", "extra"], subcommand: "demo", mentions: []),
    UsageCase(
      arguments: ["check", "g.gx", "--help=yes"], subcommand: "check", mentions: ["--help"]),
  ]

  @Test(arguments: usageCases)
  func usageErrorsExitTwoNamingTheSubcommand(_ c: UsageCase) throws {
    let run = guanxi(c.arguments)
    #expect(run.status == ExitStatus.usage)
    #expect(run.output.isEmpty, "usage errors print nothing on standard output")
    let message = try #require(run.errorLines.first, "no message on standard error")
    #expect(run.errorLines.count == 1)
    #expect(message.hasPrefix(c.subcommand.map { "guanxi \($0): " } ?? "guanxi: "))
    for fragment in c.mentions {
      #expect(message.contains(fragment), "'\(message)' does not mention \(fragment)")
    }
  }

  @Test func aNearMissSuggestsTheSubcommandAndAFarOneDoesNot() {
    #expect(guanxi("chek").error.contains("did you mean 'check'"))
    #expect(!guanxi("frobnicate").error.contains("did you mean"))
  }

  static let subcommandNames = GuanxiCommand.subcommands.map(\.name)

  @Test(arguments: subcommandNames)
  func helpOnEverySubcommandExitsZeroWithAUsageLine(_ name: String) {
    for arguments in [[name, "--help"], [name, "-h"], ["help", name], [name, "g.gx", "--help"]] {
      let run = guanxi(arguments)
      #expect(run.status == ExitStatus.success, "\(arguments)")
      #expect(run.output.hasPrefix("usage: guanxi \(name)"), "\(arguments): \(run.output)")
      #expect(run.error.isEmpty, "\(arguments)")
    }
  }

  @Test func topLevelHelpListsEverySubcommand() {
    let run = guanxi("--help")
    #expect(run.status == ExitStatus.success)
    for name in Self.subcommandNames { #expect(run.output.contains("  \(name)  ")) }
  }

  // MARK: - 2. import: bad input is reported and changes nothing

  static let node1 = #"{"type":"node","id":"a","labels":["Person"],"properties":{"name":"林若溪"}}"#
  static let node2 = #"{"type":"node","id":"b","labels":["Place"],"properties":{"name":"黄山市"}}"#

  struct BadLineCase: Sendable, CustomTestStringConvertible {
    var problem: String
    var line3: String
    var testDescription: String { problem }
  }

  static let badLines: [BadLineCase] = [
    BadLineCase(problem: "truncated JSON", line3: #"{"type":"node","id":"c","labels":["Per"#),
    BadLineCase(
      problem: "relationship naming an unknown node",
      line3: #"{"type":"relationship","label":"HOLDS","start":{"id":"a"},"end":{"id":"zz"}}"#),
    BadLineCase(
      problem: "wrong type for labels", line3: #"{"type":"node","id":"c","labels":"Person"}"#),
    BadLineCase(problem: "not JSON at all", line3: "黄山市 林若溪"),
    BadLineCase(problem: "node id given twice", line3: #"{"type":"node","id":"a"}"#),
  ]

  @Test(arguments: badLines)
  func importReportsTheFileAndLineAndLeavesTheGraphAsItWas(_ c: BadLineCase) throws {
    let workspace = try Workspace()
    let input = try workspace.write(
      "bad.jsonl", [Self.node1, Self.node2, c.line3, ""].joined(separator: "\n"))
    let target = try workspace.fixtureGraph("G.gx")
    let snapshot = try #require(workspace.bytes("G.gx"))
    let journal = try #require(workspace.bytes("G.gx.wal"))

    let run = guanxi("import", input, "-o", target, "--replace")
    #expect(run.status == ExitStatus.failure)
    #expect(run.error.hasPrefix("guanxi import: \(input):3:"), "\(run.error)")
    #expect(workspace.bytes("G.gx") == snapshot, "the graph file changed")
    #expect(workspace.bytes("G.gx.wal") == journal, "the journal changed")

    let fresh = workspace.file("new.gx")
    #expect(guanxi("import", input, "-o", fresh).status == ExitStatus.failure)
    #expect(!FileManager.default.fileExists(atPath: fresh), "a graph was created from bad input")
    #expect(!FileManager.default.fileExists(atPath: fresh + ".wal"))
  }

  @Test func importOfAFolderWithoutNodesCSVNamesIt() throws {
    let workspace = try Workspace()
    let folder = workspace.file("bench")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    let run = guanxi("import", folder, "-o", workspace.file("G.gx"))
    #expect(run.status == ExitStatus.failure)
    #expect(run.error.contains(folder + "/nodes.csv"), "\(run.error)")
    #expect(workspace.bytes("G.gx") == nil)
  }

  @Test func importOfABadCSVRowNamesTheFileAndLine() throws {
    let workspace = try Workspace()
    let folder = workspace.file("bench")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    try workspace.write("bench/nodes.csv", "id,label,name,props\n0,Place,黄山市,{}\n1,Person\n")
    try workspace.write("bench/edges.csv", "src,type,dst,props\n")
    let run = guanxi("import", folder, "-o", workspace.file("G.gx"))
    #expect(run.status == ExitStatus.failure)
    #expect(run.error.contains(folder + "/nodes.csv:3"), "\(run.error)")
    #expect(workspace.bytes("G.gx") == nil)
  }

  @Test func importOfAMissingFileFails() throws {
    let workspace = try Workspace()
    let run = guanxi("import", workspace.file("absent.jsonl"), "-o", workspace.file("G.gx"))
    #expect(run.status != ExitStatus.success)
    #expect(run.error.contains(workspace.file("absent.jsonl")))
    #expect(workspace.bytes("G.gx") == nil)
  }

  // MARK: - 3. import → export round trip

  /// Every value type the store holds, Chinese text, escapes, dates under each date key,
  /// span lists and nested lists, in the writer's canonical order (nodes then
  /// relationships by id, labels sorted, keys by UTF-8 bytes), so the bytes must come back.
  static let roundTripLines = [
    #"{"type":"node","id":"0","labels":["Person"],"properties":{"active":true,"born":1962,"name":"林若溪","nickname":"\"溪\"\\姐\n\t","score":2.5,"tags":["书记","常委"]}}"#,
    #"{"type":"node","id":"1","labels":["Place"],"properties":{"level":"city","name":"黄山市","population":-1330000}}"#,
    #"{"type":"node","id":"2","labels":["Meeting"],"properties":{"date":"2024-03-05","endDate":"2024-03-06","name":"市委常委会会议","retired":false,"weights":[1.5,-0.25,1e+20]}}"#,
    #"{"type":"node","id":"3","labels":["Document","Source"],"properties":{"title":"黄山市召开市委常委会会议 😀"}}"#,
    #"{"type":"node","id":"4","labels":[]}"#,
    #"{"type":"relationship","id":"0","label":"HOLDS","properties":{"asOf":"2024-03-05","doc":"a.txt","span":[23,46],"title":"市委书记"},"start":{"id":"0","labels":["Person"]},"end":{"id":"1","labels":["Place"]}}"#,
    #"{"type":"relationship","id":"1","label":"PRESIDED","properties":{"doc":"a.txt","spans":[[0,23],[23,46]]},"start":{"id":"0","labels":["Person"]},"end":{"id":"2","labels":["Meeting"]}}"#,
    #"{"type":"relationship","id":"2","label":"MENTIONS","start":{"id":"3","labels":["Document","Source"]},"end":{"id":"0","labels":["Person"]}}"#,
    #"{"type":"relationship","id":"3","label":"MENTIONS","start":{"id":"3","labels":["Document","Source"]},"end":{"id":"0","labels":["Person"]}}"#,
    #"{"type":"relationship","id":"4","label":"LOCATED_IN","start":{"id":"1","labels":["Place"]},"end":{"id":"1","labels":["Place"]}}"#,
  ]

  @Test func importThenExportGivesTheSameRecords() throws {
    let workspace = try Workspace()
    let text = Self.roundTripLines.joined(separator: "\n") + "\n"
    let input = try workspace.write("in.jsonl", text)
    let graph = workspace.file("G.gx")
    let imported = guanxi("import", input, "-o", graph)
    #expect(imported.status == ExitStatus.success, "\(imported.error)")
    #expect(imported.output.isEmpty)

    let output = workspace.file("out.jsonl")
    let exported = guanxi("export", graph, "--format", "jsonl", "-o", output)
    #expect(exported.status == ExitStatus.success, "\(exported.error)")
    let back = try #require(workspace.bytes("out.jsonl"))
    #expect(String(decoding: back, as: UTF8.self) == text)
    // The same as parsed records too, so a failure shows which record differs.
    let expected = try jsonLinesRecords(input).map { NSDictionary(dictionary: $0) }
    let actual = try jsonLinesRecords(output).map { NSDictionary(dictionary: $0) }
    #expect(actual == expected)

    // Dates came in as dates, not strings, and the span as a list of integers.
    let session = try GraphSession(path: graph, access: .readOnly)
    let dates = try session.run(
      statement: "MATCH (m:Meeting) RETURN m.date, m.endDate", parameters: [:])
    let days = try ["2024-03-05", "2024-03-06"].map { day in
      QueryValue.value(.date(try #require(LocalDate(iso: day))))
    }
    #expect(dates.rows == [days])
    let span = try session.run(statement: "MATCH ()-[h:HOLDS]->() RETURN h.span", parameters: [:])
    #expect(span.rows.first?.first == .value([23, 46]))

    // And a second round trip through the exported file gives the same bytes again.
    let again = workspace.file("again.gx")
    #expect(guanxi("import", output, "-o", again).status == ExitStatus.success)
    #expect(
      guanxi("export", again, "--format", "jsonl", "-o", workspace.file("again.jsonl")).status
        == ExitStatus.success)
    #expect(workspace.bytes("again.jsonl") == back)
  }

  @Test func importReplacesAnExistingGraph() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph("G.gx")
    let input = try workspace.write("in.jsonl", Self.node1 + "\n")
    #expect(guanxi("import", input, "-o", graph, "--replace").status == ExitStatus.success)
    #expect(try column("MATCH (n) RETURN n.name", in: graph) == ["林若溪"])
    #expect(guanxi("check", graph).status == ExitStatus.success)
  }

  // MARK: - 4. check

  @Test func checkPassesAHealthyGraph() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    #expect(guanxi("query", graph, "-e", "CREATE (:Person {name: '林若溪'})").status == 0)
    let run = guanxi("check", graph)
    #expect(run.status == ExitStatus.success)
    #expect(run.error.isEmpty)
    #expect(run.output.hasPrefix("\(graph): ok"))
  }

  @Test func checkReportsAFlippedByteInTheMiddleWithItsOffset() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    var bytes = try #require(workspace.bytes("g.gx"))
    bytes[bytes.count / 2] ^= 0xFF
    try workspace.write("g.gx", bytes)
    let run = guanxi("check", graph)
    #expect(run.status == ExitStatus.failure)
    #expect(run.output.isEmpty)
    let offset = try #require(Self.byteOffset(in: run.error, path: graph), "\(run.error)")
    #expect((0..<bytes.count).contains(offset))
  }

  /// Every single flipped byte of a snapshot is caught: exit 1 naming the path and an
  /// offset inside the file, never a crash and never "ok".
  @Test func checkCatchesEveryFlippedByte() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let original = try #require(workspace.bytes("g.gx"))
    var missed: [Int] = []
    for index in original.indices {
      var bytes = original
      bytes[index] ^= 0x01
      try workspace.write("g.gx", bytes)
      let run = guanxi("check", graph)
      let offset = Self.byteOffset(in: run.error, path: graph)
      if run.status != ExitStatus.failure || offset.map({ $0 > original.count }) ?? true {
        missed.append(index)
      }
    }
    #expect(missed.isEmpty, "flips at \(missed.prefix(20)) not reported with an offset")
  }

  @Test func checkReportsATruncatedFile() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let bytes = try #require(workspace.bytes("g.gx"))
    for length in [0, 7, bytes.count / 2, bytes.count - 1] {
      try workspace.write("g.gx", Array(bytes.prefix(length)))
      let run = guanxi("check", graph)
      #expect(run.status == ExitStatus.failure, "\(length) bytes")
      #expect(Self.byteOffset(in: run.error, path: graph) != nil, "\(length): \(run.error)")
    }
  }

  @Test func checkSaysATextFileIsNotAGuanxiGraph() throws {
    let workspace = try Workspace()
    let path = try workspace.write("notes.gx", "黄山市召开市委常委会会议。\n这不是图。\n")
    let run = guanxi("check", path)
    #expect(run.status == ExitStatus.failure)
    #expect(run.error.hasPrefix("guanxi check: \(path): at byte 0: "))
    #expect(run.error.contains("not a Guanxi graph"))
  }

  @Test func checkOfAMissingFileFails() throws {
    let workspace = try Workspace()
    let run = guanxi("check", workspace.file("absent.gx"))
    #expect(run.status == ExitStatus.failure)
    #expect(run.error.contains(workspace.file("absent.gx")))
  }

  /// The `N` of `PATH: at byte N:` in a `check` message.
  static func byteOffset(in message: String, path: String) -> Int? {
    let prefix = "guanxi check: \(path): at byte "
    guard message.hasPrefix(prefix) else { return nil }
    return Int(message.dropFirst(prefix.count).prefix { $0.isNumber })
  }

  // MARK: - 5. query

  struct SyntaxCase: Sendable, CustomTestStringConvertible {
    var marked: String
    var testDescription: String { marked }
  }

  static let syntaxCases: [SyntaxCase] = [
    SyntaxCase(marked: "MATCH (p:Person)\nRETURN p.name AS n ORDER BY n1️⃣)"),
    SyntaxCase(marked: "MATCH (p:Person {name: '韩俊'})\nRETURN '主持' AS 名称, p.name 1️⃣)"),
    SyntaxCase(marked: "MATCH (p:Person)\n  WHERE p.name = '韩俊' AND 1️⃣RETURN p"),
    // In a second statement, the position still counts from the start of the script.
    SyntaxCase(marked: "RETURN 1 AS a;\nRETURN 1️⃣) AS b, 2 AS c, 3 AS d"),
    SyntaxCase(marked: "RETURN '韩俊' AS a; RETURN 2 AS b;\nRETURN 3 AS c, 1️⃣AS d, 4 AS e"),
  ]

  @Test(arguments: syntaxCases)
  func aSyntaxErrorOnLineTwoIsReportedWithLineColumnAndCaret(_ c: SyntaxCase) throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let (text, line, column) = try locateMarker(c.marked)
    let file = try workspace.write("q.cypher", text)
    for (arguments, name) in [(["-e", text], "<query>"), (["-f", file], file)] {
      let run = guanxi(["query", graph] + arguments)
      #expect(run.status == ExitStatus.failure)
      // Statements before the bad one run; a single bad statement prints nothing.
      if !text.contains(";") { #expect(run.output.isEmpty) }
      let lines = run.errorLines
      try #require(lines.count >= 3, "\(run.error)")
      #expect(lines[0].hasPrefix("\(name):\(line):\(column): error["), "\(lines[0])")
      let sourceLine = String(text.split(separator: "\n")[line - 1])
      #expect(lines[1] == sourceLine)
      let caretColumn = DisplayWidth.of(sourceLine.prefix(column - 1))
      #expect(lines[2].hasPrefix(String(repeating: " ", count: caretColumn) + "^"), "\(run.error)")
    }
  }

  @Test func aSemanticErrorFailsWithItsCodeAndPosition() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let run = guanxi("query", graph, "-e", "MATCH (p:Person)\nRETURN q.name")
    #expect(run.status == ExitStatus.failure)
    #expect(run.output.isEmpty)
    #expect(run.error.hasPrefix("<query>:2:8: error[UndefinedVariable]"), "\(run.error)")
  }

  @Test func aWriteIsDurableForTheNextProcess() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let run = guanxi("query", graph, "-e", "CREATE (:Person {name: '测试'})")
    #expect(run.status == ExitStatus.success, "\(run.error)")
    #expect(run.error.isEmpty)
    #expect(try column("MATCH (p:Person {name: '测试'}) RETURN p.name", in: graph) == ["测试"])
    let again = guanxi(
      "query", graph, "--format", "csv", "-e", "MATCH (p:Person {name: '测试'}) RETURN count(p)")
    #expect(again.status == ExitStatus.success)
    #expect(again.output.contains("1"))
    #expect(guanxi("check", graph).status == ExitStatus.success)
  }

  struct MidScriptCase: Sendable, CustomTestStringConvertible {
    var stage: String
    var failing: String
    var testDescription: String { stage }
  }

  static let midScriptCases: [MidScriptCase] = [
    MidScriptCase(stage: "syntax", failing: "CREATE (:Person {name: '五'}) RETURN (1️⃣"),
    MidScriptCase(stage: "semantic", failing: "CREATE (:Person {name: '五'}) RETURN 1️⃣x"),
    // The first row creates 五, the second divides by zero: the statement's write is undone,
    // and the error points at the division, counted from the start of the script.
    MidScriptCase(
      stage: "runtime", failing: "UNWIND [1, 0] AS d CREATE (:Person {name: '五'}) RETURN 1️⃣1 / d"),
  ]

  @Test(arguments: midScriptCases)
  func anErrorMidScriptKeepsEarlierWritesAndDropsItsOwn(_ c: MidScriptCase) throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let (script, errorLine, errorColumn) = try locateMarker(
      "CREATE (:Person {name: '四'});\n\(c.failing);\nCREATE (:Person {name: '六'})")
    let run = guanxi("query", graph, "-e", script)
    #expect(run.status == ExitStatus.failure)
    #expect(run.error.hasPrefix("<query>:\(errorLine):\(errorColumn): "), "\(run.error)")
    let names = try column("MATCH (p:Person) RETURN p.name ORDER BY p.name", in: graph)
    #expect(names.contains("四"))
    #expect(!names.contains("五"))
    #expect(!names.contains("六"))
    #expect(guanxi("check", graph).status == ExitStatus.success)
  }

  @Test func jsonFormatPrintsOneArrayOfRowObjects() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let run = guanxi(
      "query", graph, "--format", "json", "-e",
      "MATCH (p:Person)-[h:HOLDS]->(x) RETURN p.name AS name, h.title AS title, 1 AS one ORDER BY name"
    )
    #expect(run.status == ExitStatus.success)
    #expect(run.error.isEmpty)
    let rows = try #require(try parseJSON(run.output) as? [[String: Any]])
    #expect(rows.count == 2)
    #expect(rows.map { $0["name"] as? String } == ["王清宪", "韩俊"])
    #expect(rows.map { $0["title"] as? String } == ["省长", "省委书记"])
    #expect(rows.allSatisfy { ($0["one"] as? Int) == 1 && $0.count == 3 })
  }

  @Test func parametersComeFromParamAndParams() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let query = "MATCH (p:Person {name: $name})-[h:HOLDS]->() RETURN h.title AS title"
    let inline = guanxi("query", graph, "--format", "json", "--param", "name=韩俊", "-e", query)
    #expect(inline.status == ExitStatus.success, "\(inline.error)")
    #expect(try parseJSON(inline.output) as? [[String: String]] == [["title": "省委书记"]])

    let file = try workspace.write("params.json", #"{"name": "王清宪", "unused": [1, 2]}"#)
    let fromFile = guanxi("query", graph, "--format", "json", "--params", file, "-e", query)
    #expect(fromFile.status == ExitStatus.success, "\(fromFile.error)")
    #expect(try parseJSON(fromFile.output) as? [[String: String]] == [["title": "省长"]])

    // --param wins over --params.
    let both = guanxi(
      "query", graph, "--format", "json", "--params", file, "--param", "name='韩俊'", "-e", query)
    #expect(try parseJSON(both.output) as? [[String: String]] == [["title": "省委书记"]])
  }

  @Test func aBadParametersFileIsReportedWithItsName() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let file = try workspace.write("params.json", "{\"name\": \n\"韩俊\"")
    let run = guanxi("query", graph, "--params", file, "-e", "RETURN $name")
    #expect(run.status != ExitStatus.success)
    #expect(run.error.contains(file), "\(run.error)")
    let list = try workspace.write("list.json", "[1, 2]")
    let notObject = guanxi("query", graph, "--params", list, "-e", "RETURN 1")
    #expect(notObject.status == ExitStatus.usage)
    #expect(notObject.error.contains(list))
  }

  @Test func aSecondWriterIsRefusedNamingTheHolder() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let holder = try GraphSession(path: graph, access: .readWrite)
    defer { holder.file.close() }
    let before = workspace.bytes("g.gx.wal")

    let run = guanxi("query", graph, "-e", "CREATE (:Person {name: '测试'})")
    #expect(run.status == ExitStatus.failure)
    #expect(run.error.contains(graph), "\(run.error)")
    #expect(run.error.contains("\(getpid())"), "the holder is not named: \(run.error)")
    #expect(workspace.bytes("g.gx.wal") == before)

    // Readers take no lock and still answer.
    let reader = guanxi("query", graph, "--format", "csv", "-e", "MATCH (p:Person) RETURN count(p)")
    #expect(reader.status == ExitStatus.success, "\(reader.error)")

    // So does extract, the other writer.
    let document = try workspace.write("a.txt", Self.goodDocument)
    let extract = guanxi("extract", document, "-o", graph)
    #expect(extract.status == ExitStatus.failure)
    #expect(extract.error.contains("\(getpid())"), "\(extract.error)")
  }

  @Test func aMissingGraphFileFailsNamingIt() throws {
    let workspace = try Workspace()
    let path = workspace.file("absent.gx")
    for arguments in [
      ["query", path, "-e", "RETURN 1"], ["stats", path], ["export", path, "--format", "dot"],
    ] {
      let run = guanxi(arguments)
      #expect(run.status == ExitStatus.failure, "\(arguments)")
      #expect(run.error.contains(path), "\(arguments): \(run.error)")
    }
    #expect(!FileManager.default.fileExists(atPath: path), "a read created the graph")
  }

  @Test func destinationsThatCannotBeWrittenFailNamingThem() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let input = try workspace.write("in.jsonl", Self.node1 + "\n")
    let document = try workspace.write("good.txt", Self.goodDocument)
    let nowhere = workspace.file("no/such/folder")
    for arguments in [
      ["export", graph, "--format", "jsonl", "-o", nowhere + "/out.jsonl"],
      ["export", graph, "--format", "dot", "-o", nowhere + "/out.dot"],
      ["import", input, "-o", nowhere + "/G.gx"],
      ["extract", document, "-o", nowhere + "/G.gx"],
      ["query", workspace.path, "-e", "RETURN 1"],
      ["check", workspace.path],
    ] {
      let run = guanxi(arguments)
      #expect(run.status == ExitStatus.failure, "\(arguments)")
      #expect(
        run.error.contains(nowhere) || run.error.contains(workspace.path),
        "\(arguments): \(run.error)")
    }
  }

  // MARK: - 6. extract

  /// An invented news item: every name in it is made up.
  static let goodDocument = "2024年3月5日，黄山市召开市委常委会会议。市委书记林若溪主持会议并讲话，市长周明远出席。\n"

  /// Another invented item, about the same city a month later.
  static let otherDocument = "2024年4月9日，黄山市召开市政府常务会议。市长周明远主持会议并讲话。\n"

  @Test func extractSkipsBadFilesNamingEachAndLoadsTheGoodOne() throws {
    let workspace = try Workspace()
    let docs = workspace.file("docs")
    try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: false)
    try workspace.write("docs/good.txt", Self.goodDocument)
    let empty = try workspace.write("docs/empty.txt", "")
    var generator = SplitMix64(state: 20_240_305)
    var noise = (0..<512).map { _ in UInt8.random(in: 0...255, using: &generator) }
    noise[7] = 0
    noise[300] = 0
    let binary = try workspace.write("docs/noise.txt", noise)
    let dangling = workspace.file("docs/gone.txt")
    try FileManager.default.createSymbolicLink(
      atPath: dangling, withDestinationPath: workspace.file("nowhere.txt"))
    var skipped = [empty, binary, dangling]
    if getuid() != 0 {
      // Root reads anything, so a file without read permission is only unreadable to others.
      let locked = try workspace.write("docs/locked.txt", Self.goodDocument)
      chmod(locked, 0)
      skipped.append(locked)
    }
    let missing = workspace.file("absent.txt")
    skipped.append(missing)
    let graph = workspace.file("G.gx")

    let run = guanxi("extract", docs, missing, "-o", graph)
    #expect(run.status == ExitStatus.success, "\(run.error)")
    #expect(run.output.isEmpty)
    for path in skipped {
      #expect(
        run.errorLines.contains { $0.hasPrefix("skipped \(path): ") },
        "\(path) not named: \(run.error)")
    }
    #expect(!run.error.contains("good.txt"))
    let facts = try column(
      "MATCH (p:Person)-[h:HOLDS]->(x:Place) RETURN p.name + ' ' + h.title + ' ' + x.name AS fact ORDER BY fact",
      in: graph)
    #expect(facts == ["周明远 市长 黄山市", "林若溪 市委书记 黄山市"])
    #expect(
      try column(
        "MATCH (p:Person)-[:PRESIDED]->(m:Meeting) RETURN p.name + ' ' + m.name", in: graph)
        == ["林若溪 市委常委会会议"])
  }

  @Test func extractingADocumentAgainDoesNotDuplicateItsFacts() throws {
    let workspace = try Workspace()
    let document = try workspace.write("good.txt", Self.goodDocument)
    let graph = workspace.file("G.gx")
    let count = "MATCH ()-[r]->() RETURN count(r)"
    let nodes = "MATCH (n) RETURN count(n)"

    #expect(guanxi("extract", document, "-o", graph).status == ExitStatus.success)
    let relationships = try column(count, in: graph)
    let nodeCount = try column(nodes, in: graph)
    #expect(relationships != ["0"])

    #expect(guanxi("extract", document, "-o", graph).status == ExitStatus.success)
    #expect(try column(count, in: graph) == relationships)
    #expect(try column(nodes, in: graph) == nodeCount)

    // The same document named twice in one run, too.
    #expect(guanxi("extract", document, document, "-o", graph).status == ExitStatus.success)
    #expect(try column(count, in: graph) == relationships)
    #expect(try column(nodes, in: graph) == nodeCount)
    #expect(guanxi("check", graph).status == ExitStatus.success)
  }

  @Test func aLaterFileOfTheSameNameReplacesAnEarlierOneAndSaysSo() throws {
    let workspace = try Workspace()
    for folder in ["docs", "docs/a", "docs/b"] {
      try FileManager.default.createDirectory(
        atPath: workspace.file(folder), withIntermediateDirectories: false)
    }
    let earlier = try workspace.write("docs/a/news.txt", Self.goodDocument)
    try workspace.write("docs/b/news.txt", Self.otherDocument)
    let alone = try workspace.write("other.txt", Self.otherDocument)
    let graph = workspace.file("G.gx")
    let run = guanxi("extract", workspace.file("docs"), "-o", graph)
    #expect(run.status == ExitStatus.success)
    #expect(run.errorLines.contains { $0.hasPrefix("skipped \(earlier): ") }, "\(run.error)")

    // The graph holds what the later file alone gives, once.
    let reference = workspace.file("reference.gx")
    #expect(guanxi("extract", alone, "-o", reference).status == ExitStatus.success)
    let count = "MATCH ()-[r]->() RETURN count(r)"
    #expect(try column(count, in: reference) != ["0"])
    #expect(try column(count, in: graph) == column(count, in: reference))
    #expect(try column("MATCH (p:Person {name: '林若溪'}) RETURN p.name", in: graph).isEmpty)
  }

  @Test func extractWithNothingReadableFails() throws {
    let workspace = try Workspace()
    let empty = try workspace.write("empty.txt", "")
    let run = guanxi("extract", empty, "-o", workspace.file("G.gx"))
    #expect(run.status == ExitStatus.failure)
    #expect(run.error.contains("skipped \(empty): "))
  }

  // MARK: - 7. stats

  @Test func statsPrintsCountsByLabelAndType() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let run = guanxi("stats", graph)
    #expect(run.status == ExitStatus.success)
    #expect(run.error.isEmpty)
    var counts: [String: String] = [:]
    for line in run.output.split(separator: "\n") {
      let words = line.split(separator: " ")
      if words.count == 2 { counts[String(words[0])] = String(words[1]) }
      if words.count == 1 { counts[String(words[0])] = "" }
    }
    #expect(counts["nodes"] == "4")
    #expect(counts["relationships"] == "3")
    #expect(counts[":Person"] == "2")
    #expect(counts[":Place"] == "1")
    #expect(counts[":Meeting"] == "1")
    #expect(counts[":HOLDS"] == "2")
    #expect(counts[":PRESIDED"] == "1")
  }

  // MARK: - 8. export --query

  @Test func exportQueryWritesTheReturnedSubgraph() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()

    // A relationship brings its end nodes, and nothing else comes along.
    let output = workspace.file("holds.jsonl")
    let run = guanxi(
      "export", graph, "--format", "jsonl", "-o", output, "--query",
      "MATCH (:Person {name: '王清宪'})-[h:HOLDS]->() RETURN h")
    #expect(run.status == ExitStatus.success, "\(run.error)")
    let records = try jsonLinesRecords(output)
    let nodes = records.filter { $0["type"] as? String == "node" }
    let relationships = records.filter { $0["type"] as? String == "relationship" }
    #expect(
      Set(nodes.compactMap { ($0["properties"] as? [String: Any])?["name"] as? String })
        == ["王清宪", "安徽省"])
    #expect(relationships.count == 1)
    #expect(relationships.first?["label"] as? String == "HOLDS")
    #expect((relationships.first?["properties"] as? [String: Any])?["title"] as? String == "省长")

    // Nodes alone: only those nodes, no relationship between them or to others.
    let people = workspace.file("people.jsonl")
    let nodesOnly = guanxi(
      "export", graph, "--format", "jsonl", "-o", people, "--query",
      "MATCH (p:Person) RETURN p")
    #expect(nodesOnly.status == ExitStatus.success)
    let peopleRecords = try jsonLinesRecords(people)
    #expect(peopleRecords.count == 2)
    #expect(peopleRecords.allSatisfy { ($0["labels"] as? [String]) == ["Person"] })

    // A path brings its nodes and relationships; the result imports as a graph.
    let path = workspace.file("path.jsonl")
    let paths = guanxi(
      "export", graph, "--format", "jsonl", "-o", path, "--query",
      "MATCH q = (:Person {name: '韩俊'})-[:PRESIDED]->(:Meeting) RETURN q")
    #expect(paths.status == ExitStatus.success)
    #expect(try jsonLinesRecords(path).count == 3)
    #expect(guanxi("import", path, "-o", workspace.file("sub.gx")).status == ExitStatus.success)
  }

  @Test func exportQueryOfScalarsFailsSayingSo() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    for query in ["MATCH (p:Person) RETURN p.name", "MATCH (p:Person {name: '无名'}) RETURN p"] {
      let output = workspace.file("out.jsonl")
      let run = guanxi("export", graph, "--format", "jsonl", "-o", output, "--query", query)
      #expect(run.status == ExitStatus.failure, "\(query)")
      #expect(run.error.contains("error[NoGraphValues]"), "\(run.error)")
      #expect(!FileManager.default.fileExists(atPath: output), "an empty export was written")
    }
    let syntax = guanxi("export", graph, "--format", "dot", "--query", "MATCH (p RETURN p")
    #expect(syntax.status == ExitStatus.failure)
    #expect(syntax.error.hasPrefix("--query:1:"), "\(syntax.error)")
  }

  // MARK: - The real binary

  struct ProcessRun {
    var status: Int32
    var output: String
    var error: String
  }

  /// Runs the built `guanxi` executable with `input` on its standard input (killed after
  /// two minutes, so a hang fails instead of stalling the suite).
  static func runBinary(_ arguments: [String], input: String = "") throws -> ProcessRun {
    let (run, timedOut) = try runBinary(arguments, input: input, within: 120)
    #expect(!timedOut, "guanxi \(arguments) did not finish in two minutes")
    return run
  }

  @Test func theBinaryKeepsTheContract() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()

    let usage = try Self.runBinary(["query", graph, "--bogus"])
    #expect(usage.status == ExitStatus.usage)
    #expect(usage.output.isEmpty)
    #expect(usage.error.hasPrefix("guanxi query: "))

    let failure = try Self.runBinary(["query", graph, "-e", "RETURN q"])
    #expect(failure.status == ExitStatus.failure)
    #expect(failure.output.isEmpty)
    #expect(failure.error.hasPrefix("<query>:1:8: "))

    let write = try Self.runBinary(["query", graph, "-e", "CREATE (:Person {name: '测试'})"])
    #expect(write.status == ExitStatus.success, "\(write.error)")
    let read = try Self.runBinary(
      [
        "query", graph, "--format", "jsonl", "-e",
        "MATCH (p:Person {name: '测试'}) RETURN p.name AS n",
      ])
    #expect(read.status == ExitStatus.success)
    #expect(read.output == "{\"n\":\"测试\"}\n")

    // A script on standard input is named <stdin> in diagnostics.
    let piped = try Self.runBinary(["query", graph], input: "RETURN 1;\nRETURN (")
    #expect(piped.status == ExitStatus.failure)
    #expect(piped.error.hasPrefix("<stdin>:2:9: "), "\(piped.error)")

    // JSON Lines to standard output, messages apart.
    let exported = try Self.runBinary(["export", graph, "--format", "jsonl"])
    #expect(exported.status == ExitStatus.success)
    #expect(exported.error.isEmpty)
    #expect(exported.output.split(separator: "\n").count == 5 + 3)
  }
}
