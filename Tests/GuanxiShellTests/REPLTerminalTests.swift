// These tests drive the real `guanxi repl` binary in a pseudo-terminal, on the sample
// graph, as a person would use it. They fail, never skip, when the binary is missing or
// does not start the shell.
//
// The binary is found at $GUANXI_BINARY, else beside the test bundle (the scratch path's
// debug/guanxi), else .build/debug/guanxi next to Package.swift.

import Foundation
import GuanxiQuery
import Testing

@testable import GuanxiShell

func guanxiBinary() throws -> String {
  let fileManager = FileManager.default
  var candidates: [String] = []
  if let explicit = ProcessInfo.processInfo.environment["GUANXI_BINARY"] {
    candidates.append(explicit)
  }
  if let runner = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
    // …/debug/GuanxiPackageTests.xctest → …/debug/guanxi
    candidates.append(
      URL(fileURLWithPath: runner).deletingLastPathComponent().appendingPathComponent("guanxi")
        .path)
  }
  let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()
  candidates.append(package.appendingPathComponent(".build/debug/guanxi").path)
  let found = candidates.first { fileManager.isExecutableFile(atPath: $0) }
  return try #require(found, "no guanxi binary among \(candidates); build it first")
}

/// `guanxi repl` in a pty, with its own history file; fails unless a prompt appears.
func startGuanxi(history: String, columns: Int = 100) throws -> PseudoTerminal {
  let pty = try PseudoTerminal(
    executable: try guanxiBinary(), arguments: ["repl"], environment: ["GUANXI_HISTORY": history],
    columns: columns)
  let started = pty.waitFor { $0.cursorLine.hasPrefix("guanxi(") && $0.cursorLine.hasSuffix(">") }
  try #require(started, "guanxi repl showed no prompt:\n\(pty.dump)")
  return pty
}

/// The prompt on the cursor's line, as drawn (`guanxi(sample)> `).
func currentPrompt(_ pty: PseudoTerminal) -> String { pty.screen.cursorLine + " " }

@Suite(.serialized) struct REPLTerminalTests {
  let history: String

  init() throws { history = try temporaryDirectory() + "/history" }

  @Test func editsInTheMiddleOfChineseText() throws {
    let pty = try startGuanxi(history: history)
    let prompt = currentPrompt(pty)
    pty.send("RETURN '韩俊' AS name;")
    pty.send(
      "\u{1B}[D\u{1B}[D\u{1B}[D\u{1B}[D\u{1B}[D\u{1B}[D\u{1B}[D\u{1B}[D\u{1B}[D\u{1B}[D\u{1B}[D")
    pty.send("x")
    #expect(pty.waitFor { $0.cursorLine == prompt + "RETURN '韩x俊' AS name;" }, "\(pty.dump)")
    #expect(pty.screen.cursor.column == DisplayWidth.of(prompt + "RETURN '韩x"))
    pty.send("\r")
    #expect(pty.waitFor { $0.lines.contains("│ 韩x俊 │") }, "\(pty.dump)")
  }

  @Test func historyAcrossTwoSessions() throws {
    let first = try startGuanxi(history: history)
    let prompt = currentPrompt(first)
    first.send("RETURN 1 AS one;\r")
    #expect(first.waitFor { $0.lines.contains { $0.hasPrefix("1 row") } }, "\(first.dump)")
    first.send(bytes: [0x04])
    #expect(first.waitForExit() == 0)
    let second = try startGuanxi(history: history)
    second.send("\u{1B}[A")
    #expect(second.waitFor { $0.cursorLine == prompt + "RETURN 1 AS one;" }, "\(second.dump)")
  }

  @Test func reverseSearch() throws {
    let saved = History(path: history)
    saved.add("RETURN '省委书记' AS title;")
    saved.add("RETURN 2 AS two;")
    let pty = try startGuanxi(history: history)
    pty.send("\u{12}书记")
    #expect(
      pty.waitFor { $0.cursorLine == "(reverse-i-search)'书记': RETURN '省委书记' AS title;" },
      "\(pty.dump)")
    pty.send("\r")
    #expect(pty.waitFor { $0.lines.contains("│ 省委书记 │") }, "\(pty.dump)")
  }

  @Test func completesLabelsFromTheGraph() throws {
    let pty = try startGuanxi(history: history)
    let prompt = currentPrompt(pty)
    pty.send("MATCH (p:Pers\t")
    #expect(pty.waitFor { $0.cursorLine == prompt + "MATCH (p:Person" }, "\(pty.dump)")
    pty.send(")-[:HOL\t")
    #expect(pty.waitFor { $0.cursorLine == prompt + "MATCH (p:Person)-[:HOLDS" }, "\(pty.dump)")
  }

  @Test func multiLineQuery() throws {
    let pty = try startGuanxi(history: history)
    pty.send("UNWIND [1, 2, 3] AS n\r")
    #expect(pty.waitFor { $0.cursorLine.hasSuffix("...>") }, "\(pty.dump)")
    pty.send("RETURN n;\r")
    #expect(pty.waitFor { $0.lines.contains { $0.hasPrefix("3 rows") } }, "\(pty.dump)")
  }

  /// The statement streams its range (UNWIND range(…) counts rather than building a list),
  /// so it allocates nothing in proportion to the 2,000,000,000 and passes where memory is
  /// not overcommitted (vm.overcommit_memory=0); it used to ask for 48 GB and abort.
  /// `SafetyTests.unwindOfAHugeRangeAllocatesNothingInProportion` runs the same statement
  /// under a 16 KB budget to prove it.
  @Test func ctrlCCancelsALongQuery() throws {
    let pty = try startGuanxi(history: history)
    let prompt = currentPrompt(pty)
    pty.send("UNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 RETURN count(x);\r")
    pty.readOnce(milliseconds: 500)
    pty.send(bytes: [0x03])
    #expect(
      pty.waitFor(timeout: .seconds(10)) {
        $0.lines.contains("cancelled") && $0.cursorLine == shown(prompt)
      }, "\(pty.dump)")
    pty.send(bytes: [0x04])
    #expect(pty.waitForExit() == 0)
  }

  @Test func chineseTableColumnsLineUp() throws {
    let pty = try startGuanxi(history: history)
    pty.send(
      "UNWIND [['韩俊', '省委书记'], ['王清宪', '省长'], ['Li', '区委副书记、区长']] AS r RETURN r[0] AS name, r[1] AS title, size(r[1]) AS n;\r"
    )
    #expect(pty.waitFor { $0.lines.contains { $0.hasPrefix("3 rows") } }, "\(pty.dump)")
    let table = pty.screen.lines.filter { "│┌├└".contains($0.first ?? " ") }
    #expect(table.count == 7)
    let expected = borderColumns(table.first ?? "")
    #expect(expected.count == 4)
    for line in table { #expect(borderColumns(line) == expected, "\(line)") }
  }
}
