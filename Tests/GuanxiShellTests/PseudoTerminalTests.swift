import Foundation
import Testing

@testable import GuanxiShell

@Test func screenInterpretsTheEditorsEscapes() {
  var screen = TerminalScreen(rows: 5, columns: 10)
  screen.feed(Array("> 韩俊abc\r\n. x\u{1B}[1A\r\u{1B}[J> 省委\u{1B}[2D书".utf8))
  #expect(screen.lines == ["> 省书", "", "", "", ""])
  #expect(screen.cursor == (0, 6))
  var wrap = TerminalScreen(rows: 3, columns: 5)
  wrap.feed(Array("ab韩俊c".utf8))  // 俊 does not fit after "ab韩" (4 cells): wraps whole
  #expect(wrap.lines == ["ab韩", "俊c", ""])
  var full = TerminalScreen(rows: 3, columns: 4)
  full.feed(Array("abcd".utf8))
  #expect(full.cursor == (0, 3))  // pending wrap: the cursor stays on the last column
  full.feed(Array("\r\ne\u{301}\u{1B}[31mf\u{1B}[0m".utf8))
  #expect(full.lines == ["abcd", "e\u{301}f", ""])
  var scroll = TerminalScreen(rows: 2, columns: 4)
  scroll.feed(Array("1\r\n2\r\n3".utf8))
  #expect(scroll.allLines == ["1", "2", "3"])
  var split = TerminalScreen(rows: 1, columns: 8)
  split.feed([0xE9, 0x9F])
  split.feed([0xA9, 0x1B, 0x5B])
  split.feed(Array("1C!".utf8))
  #expect(split.lines == ["韩 !"])
}

@Test func harnessDrivesCatInAPseudoTerminal() throws {
  let pty = try PseudoTerminal(executable: "/bin/cat", arguments: [])
  pty.send("韩俊 abc\n")
  // The line discipline echoes the typed line, then cat writes it back.
  #expect(pty.waitFor { $0.lines.prefix(2) == ["韩俊 abc", "韩俊 abc"] }, "\(pty.dump)")
  pty.send(bytes: [0x04])  // Ctrl-D: end of input
  #expect(pty.waitForExit() == 0)
}

@Test func harnessSetsTheWindowSizeAndAControllingTerminal() throws {
  let pty = try PseudoTerminal(
    executable: "/bin/sh", arguments: ["-c", "stty size; tty; exec sleep 5"], rows: 30, columns: 100
  )
  #expect(
    pty.waitFor { $0.lines[0] == "30 100" && $0.lines[1].hasPrefix("/dev/pts/") }, "\(pty.dump)")
  pty.send(bytes: [0x03])  // Ctrl-C reaches the child as SIGINT
  #expect(pty.waitForExit() == 130)
}
