// The command line never overwrites what is not its own, never reads a graph's own files
// as documents, refuses named pipes instead of hanging, names symbolic-link loops, and
// keeps what it reported as done (and nothing it reported as failed). Most run the real
// binary, with a deadline, so a hang fails the test instead of stalling the suite.

import Foundation
import Testing

@testable import GuanxiGraph
@testable import GuanxiShell

extension CommandLineTests {
  /// Runs the built `guanxi` with `arguments`, killing it after `seconds`. With `shell`,
  /// runs `/bin/sh -c SHELL guanxi ARGUMENTS…` instead (for `ulimit`).
  static func runBinary(
    _ arguments: [String], input: String = "", within seconds: Double, shell: String? = nil
  ) throws -> (run: ProcessRun, timedOut: Bool) {
    let process = Process()
    if let shell {
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments = ["-c", shell, try guanxiBinary()] + arguments
    } else {
      process.executableURL = URL(fileURLWithPath: try guanxiBinary())
      process.arguments = arguments
    }
    let output = Pipe()
    let error = Pipe()
    let standardInput = Pipe()
    process.standardOutput = output
    process.standardError = error
    process.standardInput = standardInput
    try process.run()
    let timedOut = TimeoutFlag()
    DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
      if process.isRunning {
        timedOut.set()
        // SIGKILL: a child spawned from a test thread starts with SIGTERM blocked.
        kill(process.processIdentifier, SIGKILL)
      }
    }
    if !input.isEmpty { try standardInput.fileHandleForWriting.write(contentsOf: Data(input.utf8)) }
    try standardInput.fileHandleForWriting.close()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let run = ProcessRun(
      status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
      error: String(decoding: errorData, as: UTF8.self))
    return (run, timedOut.isSet)
  }

  // MARK: - import and extract write only graphs

  @Test func importRefusesAnOutputThatIsNotAGraphOrIsItsInput() throws {
    let workspace = try Workspace()
    let input = try workspace.write("in.jsonl", Self.node1 + "\n")
    let notes = try workspace.write("notes.txt", "会议纪要：不要覆盖\n")
    let link = workspace.file("link.jsonl")
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: input)
    for output in [notes, input, link] {
      let before = try #require(workspace.bytes((output as NSString).lastPathComponent))
      for flags in [[], ["--replace"], ["--add"]] {
        let run = guanxi(["import", input, "-o", output] + flags)
        #expect(run.status == ExitStatus.usage, "\(output) \(flags): \(run.error)")
        #expect(run.error.contains("'\(output)'"), "\(run.error)")
        #expect(workspace.bytes((output as NSString).lastPathComponent) == before)
      }
    }
    #expect(workspace.bytes("notes.txt.lock") == nil, "a lock file appeared beside notes.txt")
    #expect(workspace.bytes("in.jsonl.wal") == nil)
  }

  @Test func importIntoAGraphThatHoldsNodesNeedsReplaceOrAdd() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph("G.gx")
    let input = try workspace.write("in.jsonl", Self.node1 + "\n" + Self.node2 + "\n")
    let before = try #require(workspace.bytes("G.gx"))
    let bare = guanxi("import", input, "-o", graph)
    #expect(bare.status == ExitStatus.usage)
    #expect(bare.error.contains("--replace") && bare.error.contains("--add"), "\(bare.error)")
    #expect(bare.error.contains("4 nodes"), "\(bare.error)")
    #expect(workspace.bytes("G.gx") == before)
    #expect(guanxi("import", input, "-o", graph, "--replace", "--add").status == ExitStatus.usage)

    let added = guanxi("import", input, "-o", graph, "--add")
    #expect(added.status == ExitStatus.success, "\(added.error)")
    let names = try column("MATCH (n) RETURN n.name AS name ORDER BY name", in: graph)
    #expect(names == ["安徽省", "林若溪", "王清宪", "省委常委会会议", "韩俊", "黄山市"].sorted())
    #expect(try column("MATCH ()-[r]->() RETURN count(r)", in: graph) == ["3"])
    #expect(guanxi("check", graph).status == ExitStatus.success)

    let replaced = guanxi("import", input, "-o", graph, "--replace")
    #expect(replaced.status == ExitStatus.success, "\(replaced.error)")
    #expect(
      try column("MATCH (n) RETURN n.name AS name ORDER BY name", in: graph) == ["林若溪", "黄山市"])

    // A graph with no nodes is filled without a flag.
    let empty = workspace.file("empty.gx")
    try GraphFile.create(empty, from: Graph()).close()
    #expect(guanxi("import", input, "-o", empty).status == ExitStatus.success)
    #expect(try column("MATCH (n) RETURN count(n)", in: empty) == ["2"])
  }

  @Test func extractRefusesAnOutputThatIsNotAGraph() throws {
    let workspace = try Workspace()
    let document = try workspace.write("a.txt", Self.goodDocument)
    let notes = try workspace.write("notes.txt", "会议纪要\n")
    let before = try #require(workspace.bytes("notes.txt"))
    let run = guanxi("extract", document, "-o", notes)
    #expect(run.status == ExitStatus.usage, "\(run.error)")
    #expect(run.error.contains("'\(notes)' exists and is not a Guanxi graph"), "\(run.error)")
    #expect(workspace.bytes("notes.txt") == before)
    #expect(workspace.bytes("notes.txt.lock") == nil)
    #expect(workspace.bytes("notes.txt.wal") == nil)
  }

  /// `extract DIR -o DIR/g.gx` used to read its own lock file as a news item.
  @Test func aGraphsOwnFilesAreNeverReadAsDocuments() throws {
    let workspace = try Workspace()
    try FileManager.default.createDirectory(
      atPath: workspace.file("news"), withIntermediateDirectories: false)
    try workspace.write("news/a.txt", Self.goodDocument)
    let graph = workspace.file("news/g.gx")
    let link = workspace.file("news-link")
    try FileManager.default.createSymbolicLink(
      atPath: link, withDestinationPath: workspace.file("news"))
    for folder in [workspace.file("news"), link, workspace.file("news")] {
      let run = guanxi("extract", folder, "-o", graph)
      #expect(run.status == ExitStatus.success, "\(run.error)")
      let documents = try column("MATCH (d:Document) RETURN d.name", in: graph)
      #expect(documents == ["a.txt"], "read from \(folder)")
    }
    let run = guanxi("extract", workspace.file("news"), "-o", graph)
    #expect(
      run.errorLines.contains { $0.contains("g.gx.lock") && $0.contains("a file of the graph") },
      "\(run.error)")
  }

  // MARK: - export -o overwrites only exports

  @Test func exportRefusesToOverwriteWhatIsNotAnExport() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let other = try workspace.fixtureGraph("other.gx")
    let notes = try workspace.write("notes.txt", "会议纪要\n")
    _ = guanxi("query", graph, "-e", "CREATE (:Person {name: '林若溪'})")
    let refused = [graph, graph + ".wal", graph + ".lock", other, notes, workspace.path]
    for output in refused {
      for format in ["jsonl", "dot"] {
        let before = FileManager.default.contents(atPath: output)
        let run = guanxi("export", graph, "--format", format, "-o", output)
        #expect(run.status == ExitStatus.usage, "\(output) \(format): \(run.error)")
        #expect(run.error.contains("'\(output)'"), "\(run.error)")
        #expect(FileManager.default.contents(atPath: output) == before, "\(output) changed")
      }
    }
    // The shell's :export makes the same check.
    let backend = SessionBackend(session: try GraphSession(path: graph, access: .readOnly))
    #expect(throws: UsageError.self) { try backend.command("export", arguments: ["jsonl", notes]) }
    #expect(workspace.bytes("notes.txt") == Array("会议纪要\n".utf8))
    #expect(guanxi("check", graph).status == ExitStatus.success)
  }

  @Test func exportReplacesEarlierExportsAndEmptyFiles() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let out = workspace.file("out.txt")
    try workspace.write("out.txt", "")
    for format in ["jsonl", "dot", "jsonl", "jsonl"] {
      let run = guanxi("export", graph, "--format", format, "-o", out)
      #expect(run.status == ExitStatus.success, "\(format): \(run.error)")
    }
    #expect(try jsonLinesRecords(out).count == 4 + 3)
    // A csv folder: new, then the same again; a folder of other files is refused.
    let csv = workspace.file("csv")
    #expect(guanxi("export", graph, "--format", "csv", "-o", csv).status == ExitStatus.success)
    #expect(guanxi("export", graph, "--format", "csv", "-o", csv).status == ExitStatus.success)
    try FileManager.default.createDirectory(
      atPath: workspace.file("papers"), withIntermediateDirectories: false)
    try workspace.write("papers/draft.csv", "mine\n")
    let papers = guanxi("export", graph, "--format", "csv", "-o", workspace.file("papers"))
    #expect(papers.status == ExitStatus.usage, "\(papers.error)")
    #expect(workspace.bytes("papers/draft.csv") == Array("mine\n".utf8))
    #expect(!FileManager.default.fileExists(atPath: workspace.file("papers/Person.csv")))
  }

  /// `--params FILE.json` goes through the same JSON parser: a 20-digit integer is an
  /// error at its line and column, not a float.
  @Test func aParameterBeyond64BitsIsAnErrorAtItsLineAndColumn() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let file = try workspace.write("params.json", "{\n  \"n\": 123456789012345678901\n}\n")
    let run = guanxi("query", graph, "--params", file, "-e", "RETURN $n AS n")
    #expect(run.status != ExitStatus.success)
    #expect(run.error.contains("\(file):2:8: "), "\(run.error)")
    #expect(run.error.contains("64 bits"), "\(run.error)")
  }

  // MARK: - named pipes and loops

  @Test func namedPipesAreRefusedInsteadOfHanging() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let pipe = workspace.file("pipe")
    #expect(mkfifo(pipe, 0o644) == 0)
    let document = try workspace.write("a.txt", Self.goodDocument)
    let cases: [(arguments: [String], status: Int32)] = [
      (["import", pipe, "-o", workspace.file("new.gx")], ExitStatus.failure),
      (["import", workspace.file("in.jsonl"), "-o", pipe], ExitStatus.usage),
      (["extract", document, "-o", pipe], ExitStatus.usage),
      (["export", graph, "--format", "jsonl", "-o", pipe], ExitStatus.usage),
      (["query", pipe, "-e", "RETURN 1"], ExitStatus.failure),
      (["check", pipe], ExitStatus.failure),
    ]
    try workspace.write("in.jsonl", Self.node1 + "\n")
    for c in cases {
      let (run, timedOut) = try Self.runBinary(c.arguments, within: 20)
      #expect(!timedOut, "\(c.arguments) hung on a named pipe")
      #expect(run.status == c.status, "\(c.arguments): \(run.error)")
      #expect(run.error.contains("named pipe"), "\(c.arguments): \(run.error)")
    }
    // A pipe among the documents is skipped, naming it, and the others load.
    let (run, timedOut) = try Self.runBinary(
      ["extract", document, pipe, "-o", workspace.file("docs.gx")], within: 20)
    #expect(!timedOut)
    #expect(run.status == ExitStatus.success, "\(run.error)")
    #expect(run.error.contains("skipped \(pipe): "), "\(run.error)")
    let (jsonl, jsonlTimedOut) = try Self.runBinary(
      ["extract", document, pipe, "--format", "jsonl"], within: 20)
    #expect(!jsonlTimedOut)
    #expect(jsonl.status == ExitStatus.success, "\(jsonl.error)")
    #expect(jsonl.error.contains("skipped \(pipe): "), "\(jsonl.error)")
    #expect(jsonl.output.contains(#""type":"relationship""#))
  }

  @Test func aSymbolicLinkLoopIsNamedAsALoop() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let a = workspace.file("a.gx")
    let b = workspace.file("b.gx")
    try FileManager.default.createSymbolicLink(atPath: a, withDestinationPath: b)
    try FileManager.default.createSymbolicLink(atPath: b, withDestinationPath: a)
    let document = try workspace.write("d.txt", Self.goodDocument)
    for arguments in [
      ["query", a, "-e", "RETURN 1"], ["check", a], ["import", a, "-o", workspace.file("n.gx")],
      ["import", document, "-o", a], ["extract", document, "-o", a],
      ["export", graph, "--format", "dot", "-o", a], ["extract", a, "-o", workspace.file("x.gx")],
    ] {
      let run = guanxi(arguments)
      #expect(run.status != ExitStatus.success, "\(arguments)")
      #expect(run.error.contains("loop"), "\(arguments): \(run.error)")
      #expect(run.error.contains(a), "\(arguments): \(run.error)")
    }
  }

  // MARK: - what was reported done stays, what failed never appears

  /// A real write failure: the journal outgrows the file size limit (`ulimit -f`, which
  /// stands in for a full disk). The statement is reported as failed and rolled back,
  /// the journal is cut back, and nothing of it ever appears.
  @Test func aStatementWhoseJournalWriteFailsIsReportedAndNeverSaved() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let journal = try #require(workspace.bytes("g.gx.wal"))
    let big = String(repeating: "长", count: 40_000)
    // 64 blocks of 512 bytes: room for the graph, not for a 120 KB record.
    let (run, timedOut) = try Self.runBinary(
      ["query", graph, "-e", "CREATE (:Person {name: 'big', note: '\(big)'})"], within: 60,
      shell: "trap '' XFSZ; ulimit -f 64; exec \"$0\" \"$@\"")
    #expect(!timedOut)
    #expect(run.status == ExitStatus.failure)
    #expect(run.error.contains("file too large"), "\(run.error)")
    #expect(run.error.contains("rolled back"), "\(run.error)")
    #expect(workspace.bytes("g.gx.wal") == journal, "the failed record was not cut off")
    #expect(guanxi("query", graph, "-e", "CREATE (:Person {name: 'small'})").status == 0)
    let names = try column("MATCH (p:Person) RETURN p.name AS n ORDER BY n", in: graph)
    #expect(names == ["small", "王清宪", "韩俊"])
    #expect(guanxi("check", graph).status == ExitStatus.success)
  }

  /// In the shell, which goes on after an error: the failed statement is rolled back in
  /// memory, so the next one commits only itself (it used to carry the failed one along).
  @Test func theShellRollsBackAStatementWhoseJournalWriteFails() throws {
    let workspace = try Workspace()
    let path = try workspace.fixtureGraph()
    let session = try GraphSession(path: path, access: .readWrite)
    let input = ScriptedLineSource([
      "CREATE (:Person {name: '失败'});",
      "MATCH (n) RETURN count(n) AS afterFailure;",
      "CREATE (:Person {name: '成功'});",
      "MATCH (n) RETURN count(n) AS afterSuccess;",
    ])
    let output = RecordingSink()
    var options = SessionOptions(isInteractive: true)
    options.format = .csv
    let shell = Session(
      backend: SessionBackend(session: session), input: input, output: output, options: options)
    session.file.injectedJournalFailure = 20
    _ = shell.run()
    session.file.close()
    #expect(output.standardError.contains("rolled back"), "\(output.standardError)")
    // CSV lines end in CRLF.
    let lines = output.standardOutput.split(whereSeparator: \.isNewline).map(String.init)
    let counts = ["afterFailure", "afterSuccess"].map { header in
      lines.firstIndex(of: header).map { lines[$0 + 1] }
    }
    #expect(counts == ["4", "5"], "\(output.standardOutput)")
    #expect(try column("MATCH (p:Person {name: '失败'}) RETURN p.name", in: path).isEmpty)
    #expect(try column("MATCH (p:Person {name: '成功'}) RETURN p.name", in: path) == ["成功"])
  }

  /// `extract -o` whose facts reached the journal but whose checkpoint failed says the
  /// facts are safe, and they are.
  @Test func extractWhoseCheckpointFailsSaysTheFactsAreSafe() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let document = try workspace.write("a.txt", Self.goodDocument)
    // A folder where the temporary snapshot goes: the snapshot cannot be rewritten.
    try FileManager.default.createDirectory(
      atPath: graph + ".tmp", withIntermediateDirectories: false)
    let run = guanxi("extract", document, "-o", graph)
    #expect(run.status == ExitStatus.failure)
    #expect(run.error.contains("the facts are safe in the journal"), "\(run.error)")
    #expect(run.error.contains(graph + ".tmp"), "\(run.error)")
    let facts = "MATCH (p:Person {name: '林若溪'})-[:PRESIDED]->(m) RETURN m.name"
    #expect(try column(facts, in: graph) == ["市委常委会会议"])
    try FileManager.default.removeItem(atPath: graph + ".tmp")
    #expect(guanxi("extract", document, "-o", graph).status == ExitStatus.success)
    #expect(try column(facts, in: graph) == ["市委常委会会议"])
    #expect(try GraphFile.verify(path: graph).journalRecordCount == 0)
  }

  @Test func aKilledCheckpointsTemporaryFileIsCleanedUpOnTheNextOpen() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    try workspace.write("g.gx.tmp", [UInt8](repeating: 0, count: 4096))
    let check = guanxi("check", graph)
    #expect(check.status == ExitStatus.success)
    #expect(check.output.contains("g.gx.tmp: left by a checkpoint"), "\(check.output)")
    #expect(workspace.bytes("g.gx.tmp") != nil, "check must not change anything")
    #expect(guanxi("query", graph, "-e", "CREATE (:Place {name: '合肥市'})").status == 0)
    #expect(workspace.bytes("g.gx.tmp") == nil)
  }

  // MARK: - check explains

  @Test func checkReportsADamagedLastRecordAndExplainsAFoldedJournal() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    #expect(guanxi("query", graph, "-e", "CREATE (:Person {name: '林若溪'})").status == 0)
    let journal = try #require(workspace.bytes("g.gx.wal"))

    // A flipped byte in the last (the only) record: reported with its offset, kept.
    var damaged = journal
    damaged[damaged.count - 12] ^= 0x01
    try workspace.write("g.gx.wal", damaged)
    let run = guanxi("check", graph)
    #expect(run.status == ExitStatus.failure)
    #expect(run.error.contains("g.gx.wal: at byte 32: "), "\(run.error)")
    #expect(run.error.contains("is not dropped"), "\(run.error)")
    let open = guanxi("query", graph, "-e", "CREATE (:Place {name: '合肥市'})")
    #expect(open.status == ExitStatus.failure)
    #expect(open.error.contains("at byte 32"), "\(open.error)")
    #expect(workspace.bytes("g.gx.wal") == damaged, "the damaged record was cut off")

    // A journal a checkpoint already folded into the snapshot.
    try workspace.write("g.gx.wal", journal)
    let backend = SessionBackend(session: try GraphSession(path: graph, access: .readWrite))
    _ = try backend.command("save", arguments: [])
    backend.session.file.close()
    try workspace.write("g.gx.wal", journal)
    let folded = guanxi("check", graph)
    #expect(folded.status == ExitStatus.success, "\(folded.error)")
    #expect(folded.output.contains("folded"), "\(folded.output)")
    #expect(folded.output.contains("already wrote its changes into this snapshot"))
    #expect(try column("MATCH (p:Person {name: '林若溪'}) RETURN count(p)", in: graph) == ["1"])
  }

  // MARK: - the shell's :open

  @Test func openingTheGraphThatIsOpenSaysSo() throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let link = workspace.file("link.gx")
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: graph)
    let backend = SessionBackend(session: try GraphSession(path: graph, access: .preferWrite))
    defer { backend.session.file.close() }
    for name in [graph, link, workspace.path + "/./g.gx"] {
      let reply = try #require(try backend.command("open", arguments: [name]))
      #expect(reply == "\(name) is already open", "\(reply)")
      #expect(!reply.contains("being written"))
      #expect(backend.session.isWritable)
    }
  }
}

/// Set once, read from another thread.
final class TimeoutFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var value = false
  func set() { lock.withLock { value = true } }
  var isSet: Bool { lock.withLock { value } }
}
