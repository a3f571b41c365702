import Foundation
import GuanxiQuery
import Testing

@testable import GuanxiShell

// The line editor and session on a real pseudo-terminal, before the `guanxi` binary is
// wired: the test runner starts itself in the pty with GUANXI_PTY_CHILD set, and
// `ptyChildRunsTheShell` then runs `Session.runOnStandardIO` on the fake backend
// (SessionSupport.swift) instead of testing. The screen checks are the ones
// REPLTerminalTests.swift makes against `guanxi repl`.

/// In a child started by these tests: run the shell on the pty and exit with its status.
/// In a normal test run it does nothing.
@Test func ptyChildRunsTheShell() throws {
  guard ProcessInfo.processInfo.environment["GUANXI_PTY_CHILD"] != nil else { return }
  let backend = try FakeBackend()
  exit(Session.runOnStandardIO(backend: backend))
}

/// The shell prompt the fake backend's graph gives.
let shellPrompt = "guanxi(sample)> "
let shellContinuation = "           ...> "

/// Starts the test runner itself in a pty, running `ptyChildRunsTheShell`.
func startFakeShell(history: String, columns: Int = 80) throws -> PseudoTerminal {
  let runner = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
  let pty = try PseudoTerminal(
    executable: runner,
    arguments: ["--testing-library", "swift-testing", "--filter", "ptyChildRunsTheShell"],
    environment: ["GUANXI_PTY_CHILD": "1", "GUANXI_HISTORY": history], columns: columns)
  try #require(pty.waitFor { $0.cursorLine == shown(shellPrompt) }, "no prompt:\n\(pty.dump)")
  return pty
}

func lineWithPrompt(_ text: String) -> (TerminalScreen) -> Bool {
  { $0.cursorLine == shown(shellPrompt + text) }
}

/// A line as `TerminalScreen.lines` gives it: without trailing blanks.
func shown(_ line: String) -> String {
  var line = line
  while line.last == " " { line.removeLast() }
  return line
}

@Suite(.serialized) struct LineEditorTerminalTests {
  let history: String

  init() throws { history = try temporaryDirectory() + "/history" }

  @Test func editsInTheMiddleOfChineseText() throws {
    let pty = try startFakeShell(history: history)
    pty.send("RETURN '韩")
    pty.send(bytes: [0xE4, 0xBF])  // 俊, in two pieces: nothing half-drawn in between
    pty.readOnce(milliseconds: 100)
    #expect(pty.screen.cursorLine == shellPrompt + "RETURN '韩")
    pty.send(bytes: [0x8A])
    pty.send("';")
    pty.send("\u{1B}[D\u{1B}[D\u{1B}[D")  // before 俊
    pty.send("x")
    #expect(pty.waitFor(lineWithPrompt("RETURN '韩x俊';")), "\(pty.dump)")
    #expect(pty.screen.cursor.column == DisplayWidth.of(shellPrompt + "RETURN '韩x"))
    pty.send("\u{1B}[D\u{7F}")  // back over x, then Backspace deletes 韩
    #expect(pty.waitFor(lineWithPrompt("RETURN 'x俊';")), "\(pty.dump)")
    #expect(pty.screen.cursor.column == DisplayWidth.of(shellPrompt + "RETURN '"))
    pty.send("\r")
    #expect(pty.waitFor { $0.lines.contains("│ RETURN 'x俊' │") }, "\(pty.dump)")
  }

  @Test func historyAcrossTwoSessions() throws {
    let first = try startFakeShell(history: history)
    first.send("RETURN 1;\r")
    #expect(first.waitFor { $0.lines.contains { $0.hasPrefix("1 row") } }, "\(first.dump)")
    first.send(bytes: [0x04])  // may arrive before the next prompt: typed ahead, not lost
    #expect(first.waitForExit() == 0)
    let second = try startFakeShell(history: history)
    second.send("\u{1B}[A")
    #expect(second.waitFor(lineWithPrompt("RETURN 1;")), "\(second.dump)")
  }

  @Test func reverseSearch() throws {
    let saved = History(path: history)
    saved.add("MATCH (p:Person)-[h:HOLDS]->(x) RETURN *;")
    saved.add(":format table")
    saved.add("RETURN 1;")
    let pty = try startFakeShell(history: history)
    pty.send("\u{12}HOLD")
    let match = "(reverse-i-search)'HOLD': MATCH (p:Person)-[h:HOLDS]->(x) RETURN *;"
    #expect(pty.waitFor { $0.cursorLine == match }, "\(pty.dump)")
    #expect(
      pty.screen.cursor.column == DisplayWidth.of("(reverse-i-search)'HOLD': MATCH (p:Person)-[h:"))
    pty.send("\r")
    #expect(pty.waitFor { $0.lines.contains("│ 韩俊   │ 省委书记 │ 12 │") }, "\(pty.dump)")
  }

  @Test func tabCompletion() throws {
    let pty = try startFakeShell(history: history)
    pty.send("MATCH (p:Pe\t")
    #expect(pty.waitFor(lineWithPrompt("MATCH (p:Person")), "\(pty.dump)")
    pty.send(")-[:\t")
    #expect(pty.waitFor { $0.lines.contains("HOLDS     PRESIDED") }, "\(pty.dump)")
    #expect(pty.waitFor(lineWithPrompt("MATCH (p:Person)-[:")), "\(pty.dump)")
    pty.send("P\t")
    #expect(pty.waitFor(lineWithPrompt("MATCH (p:Person)-[:PRESIDED")), "\(pty.dump)")
  }

  @Test func multiLineStatementIsOneEditableEntry() throws {
    let pty = try startFakeShell(history: history)
    pty.send("MATCH (p:Person)\r")
    #expect(pty.waitFor { $0.cursorLine == shown(shellContinuation) }, "\(pty.dump)")
    pty.send("RETURN p.name;\r")
    #expect(pty.waitFor { $0.lines.contains { $0.hasPrefix("2 rows") } }, "\(pty.dump)")
    pty.send("\u{1B}[A")
    // The whole statement comes back, the cursor at the end of its first line.
    #expect(
      pty.waitFor {
        $0.cursorLine == shellPrompt + "MATCH (p:Person)"
          && $0.lines[$0.cursor.row + 1] == shellContinuation + "RETURN p.name;"
          && $0.cursor.column == DisplayWidth.of(shellPrompt + "MATCH (p:Person)")
      }, "\(pty.dump)")
    pty.send("\u{1B}[B\u{1B}[D\u{1B}[D\u{1B}[Dx")  // Down into the second line, and edit it
    #expect(
      pty.waitFor { $0.cursorLine == shellContinuation + "RETURN p.naxme;" }, "\(pty.dump)")
  }

  @Test func pastedTextIsEditedNotRun() throws {
    let pty = try startFakeShell(history: history)
    pty.send("\u{1B}[200~RETURN\r'粘贴';\u{1B}[201~")
    #expect(pty.waitFor { $0.cursorLine == shellContinuation + "'粘贴';" }, "\(pty.dump)")
    #expect(!pty.screen.allLines.contains { $0.contains(" row") })
    pty.send("\r")
    #expect(pty.waitFor { $0.lines.contains("│ RETURN\\n'粘贴' │") }, "\(pty.dump)")
  }

  @Test func ctrlCCancelsALongStatementAndClearsInput() throws {
    let pty = try startFakeShell(history: history)
    pty.send("sleep;\r")
    #expect(pty.waitFor { $0.lines.contains(shellPrompt + "sleep;") && $0.cursor.row > 0 })
    pty.readOnce(milliseconds: 300)
    pty.send(bytes: [0x03])
    #expect(
      pty.waitFor { $0.lines.contains("cancelled") && $0.cursorLine == shown(shellPrompt) },
      "\(pty.dump)")
    pty.send("abc\u{3}")
    #expect(
      pty.waitFor {
        $0.lines.contains(shellPrompt + "abc^C") && $0.cursorLine == shown(shellPrompt)
      }, "\(pty.dump)")
    pty.send(bytes: [0x04])
    #expect(pty.waitForExit() == 0)
  }

  @Test func chineseTableColumnsLineUp() throws {
    let pty = try startFakeShell(history: history)
    pty.send("MATCH (p:Person)-[h:HOLDS]->(x) RETURN *;\r")
    #expect(pty.waitFor { $0.lines.contains { $0.hasPrefix("2 rows") } }, "\(pty.dump)")
    let table = pty.screen.lines.filter { "│┌├└".contains($0.first ?? " ") }
    #expect(table.count == 6)
    for line in table { #expect(borderColumns(line) == [0, 9, 20, 25], "\(line)") }
  }

  @Test func longLinesWrapAndTheCursorFollows() throws {
    let pty = try startFakeShell(history: history, columns: 30)
    let top = pty.screen.cursor.row
    pty.send("省委书记省委书记")
    // 16 cells of prompt + 14 fill the row exactly; the last character wraps.
    #expect(pty.waitFor { $0.cursorLine == "记" && $0.cursor == (top + 1, 2) }, "\(pty.dump)")
    #expect(pty.screen.lines[top] == shellPrompt + "省委书记省委书")
    pty.send("\u{1B}[D\u{1B}[D")
    #expect(pty.waitFor { $0.cursor == (top, 28) }, "\(pty.dump)")
    pty.send("\u{1}")  // Ctrl-A: start of the text
    #expect(pty.waitFor { $0.cursor == (top, 16) }, "\(pty.dump)")
    pty.send("x")
    #expect(
      pty.waitFor { $0.lines[top] == shellPrompt + "x省委书记省委" && $0.lines[top + 1] == "书记" },
      "\(pty.dump)")
    #expect(pty.screen.cursor == (top, 17))
  }
}
