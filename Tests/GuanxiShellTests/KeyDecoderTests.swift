import Testing

@testable import GuanxiShell

struct DecodeCase: Sendable, CustomTestStringConvertible {
  var name: String
  /// Bytes as the terminal delivers them, one array per read.
  var reads: [[UInt8]]
  var events: [KeyEvent]
  var testDescription: String { name }
}

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
private let esc: UInt8 = 0x1B

@Test(arguments: [
  DecodeCase(name: "ASCII", reads: [bytes("ab")], events: [.insert("ab")]),
  DecodeCase(name: "Chinese in one read", reads: [bytes("韩俊")], events: [.insert("韩俊")]),
  DecodeCase(
    name: "Chinese split across reads", reads: [[0xE9, 0x9F], [0xA9, 0xE4], [0xBF, 0x8A]],
    events: [.insert("韩"), .insert("俊")]),
  DecodeCase(name: "emoji split", reads: [[0xF0, 0x9F], [0x8E], [0x89]], events: [.insert("🎉")]),
  DecodeCase(name: "invalid UTF-8", reads: [[0xE9, 0x41]], events: [.insert("\u{FFFD}A")]),
  DecodeCase(
    name: "arrows",
    reads: [[esc] + bytes("[D"), [esc] + bytes("[C"), [esc] + bytes("[A"), [esc] + bytes("[B")],
    events: [.left, .right, .up, .down]),
  DecodeCase(name: "arrow split", reads: [[esc], bytes("["), bytes("D")], events: [.left]),
  DecodeCase(
    name: "application-mode keys", reads: [[esc] + bytes("OH"), [esc] + bytes("OF")],
    events: [.home, .end]),
  DecodeCase(
    name: "ctrl and alt arrows",
    reads: [[esc] + bytes("[1;5C"), [esc] + bytes("[1;5D"), [esc] + bytes("[1;3C")],
    events: [.wordRight, .wordLeft, .wordRight]),
  DecodeCase(
    name: "tilde keys",
    reads: [
      [esc] + bytes("[3~"), [esc] + bytes("[1~"), [esc] + bytes("[4~"), [esc] + bytes("[5~"),
    ], events: [.delete, .home, .end]),
  DecodeCase(
    name: "alt keys",
    reads: [[esc, 0x62], [esc, 0x66], [esc, 0x64], [esc, 0x7F], [esc, 0x0D]],
    events: [.wordLeft, .wordRight, .killWordForward, .killWordBackward, .newline]),
  DecodeCase(
    name: "control keys",
    reads: [[1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 16, 18, 20, 21, 23, 25, 127]],
    events: [
      .home, .left, .interrupt, .endOfInput, .end, .right, .cancel, .backspace, .tab, .killToEnd,
      .clearScreen, .enter, .down, .up, .reverseSearch, .transpose, .killToStart, .killWordBackward,
      .yank, .backspace,
    ]),
  DecodeCase(name: "CR LF is one Enter", reads: [[13, 10], [10]], events: [.enter, .enter]),
  DecodeCase(
    name: "bracketed paste with newlines",
    reads: [[esc] + bytes("[200~MATCH (n)\r\nRETURN\tn;\r") + [esc] + bytes("[201~")],
    events: [.paste("MATCH (n)\nRETURN    n;\n")]),
  DecodeCase(
    name: "bracketed paste split mid-character and mid-marker",
    reads: [
      [esc] + bytes("[20"), bytes("0~韩") + [0xE4, 0xBF], [0x8A, esc] + bytes("[20"), bytes("1~x"),
    ],
    events: [.paste("韩俊"), .insert("x")]),
  DecodeCase(
    name: "keys inside a paste are text",
    reads: [[esc] + bytes("[200~a\u{3}b") + [esc] + bytes("[201~")], events: [.paste("ab")]),
])
func decodesKeys(_ c: DecodeCase) {
  var decoder = KeyDecoder()
  var events: [KeyEvent] = []
  for read in c.reads { events += decoder.feed(read) }
  #expect(events == c.events)
}

@Test func loneEscapeNeedsAFlush() {
  var decoder = KeyDecoder()
  #expect(decoder.feed([0x1B]) == [])
  #expect(decoder.hasPendingEscape)
  #expect(decoder.flushPendingEscape() == [.escape])
  #expect(decoder.feed(bytes("a")) == [.insert("a")])
}
