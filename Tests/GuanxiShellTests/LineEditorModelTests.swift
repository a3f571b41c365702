import Testing

@testable import GuanxiShell

/// Ends with ';', starts with ':', or ends in a blank line: the session's rule.
private func endsStatement(_ text: String) -> Bool {
  Statements.isComplete(text)
}

private func model(_ text: String = "", cursor: Int? = nil, history: [String] = [])
  -> LineEditorModel
{
  var m = LineEditorModel(history: history, isComplete: endsStatement)
  m.buffer = EditBuffer(text)
  if let cursor { m.buffer.cursor = cursor }
  return m
}

private func apply(_ events: [KeyEvent], to m: inout LineEditorModel) -> EditorAction {
  var last = EditorAction.none
  for event in events { last = m.handle(event) }
  return last
}

struct EditCase: Sendable, CustomTestStringConvertible {
  var name: String
  var text: String
  var cursor: Int
  var keys: [KeyEvent]
  /// The expected text with `|` where the cursor ends.
  var expected: String
  var testDescription: String { name }
}

@Test(arguments: [
  EditCase(
    name: "insert between Chinese characters", text: "韩俊", cursor: 1, keys: [.insert("x")],
    expected: "韩x|俊"),
  EditCase(
    name: "backspace removes one Chinese character", text: "省委书记", cursor: 3, keys: [.backspace],
    expected: "省委|记"),
  EditCase(
    name: "backspace removes a whole cluster", text: "ae\u{301}", cursor: 2, keys: [.backspace],
    expected: "a|"),
  EditCase(
    name: "a combining mark joins its base", text: "e", cursor: 1, keys: [.insert("\u{301}")],
    expected: "e\u{301}|"),
  EditCase(name: "delete", text: "韩俊", cursor: 0, keys: [.delete], expected: "|俊"),
  EditCase(
    name: "left right home end", text: "abc", cursor: 1,
    keys: [.right, .right, .right, .home, .right, .end, .left], expected: "ab|c"),
  EditCase(
    name: "word left over Chinese", text: "MATCH (p {name: '韩俊'})", cursor: 22, keys: [.wordLeft],
    expected: "MATCH (p {name: '|韩俊'})"),
  EditCase(
    name: "word left twice", text: "MATCH (p {name: '韩俊'})", cursor: 22,
    keys: [.wordLeft, .wordLeft], expected: "MATCH (p {|name: '韩俊'})"),
  EditCase(
    name: "word right", text: "RETURN p.name", cursor: 0, keys: [.wordRight, .wordRight],
    expected: "RETURN p|.name"),
  EditCase(
    name: "ctrl-k then yank", text: "MATCH (n) RETURN n", cursor: 9,
    keys: [.killToEnd, .home, .yank], expected: " RETURN n|MATCH (n)"),
  EditCase(name: "ctrl-u", text: "abc 韩俊", cursor: 4, keys: [.killToStart], expected: "|韩俊"),
  EditCase(
    name: "ctrl-w kills the word before", text: "RETURN p.name", cursor: 13,
    keys: [.killWordBackward], expected: "RETURN p.|"),
  EditCase(
    name: "ctrl-w twice collects both words", text: "a bb cc", cursor: 7,
    keys: [.killWordBackward, .killWordBackward, .yank], expected: "a bb cc|"),
  EditCase(
    name: "alt-d kills the word after", text: "a 韩俊 b", cursor: 1, keys: [.killWordForward],
    expected: "a| b"),
  EditCase(name: "ctrl-t", text: "ab", cursor: 2, keys: [.transpose], expected: "ba|"),
  EditCase(
    name: "ctrl-d deletes on a non-empty line", text: "ab", cursor: 0, keys: [.endOfInput],
    expected: "|b"),
  EditCase(
    name: "paste keeps newlines", text: "", cursor: 0, keys: [.paste("MATCH (n)\nRETURN n")],
    expected: "MATCH (n)\nRETURN n|"),
  EditCase(
    name: "home and end act on the cursor's line", text: "ab\ncd", cursor: 4, keys: [.home],
    expected: "ab\n|cd"),
  EditCase(
    name: "up moves within a multi-line text", text: "abcde\n韩俊", cursor: 7, keys: [.up],
    expected: "ab|cde\n韩俊"),
  EditCase(
    name: "down moves within a multi-line text", text: "abcd\n韩俊", cursor: 3, keys: [.down],
    expected: "abcd\n韩|俊"),
  EditCase(
    name: "alt-enter inserts a newline", text: "ab;", cursor: 3, keys: [.newline],
    expected: "ab;\n|"),
])
func editsText(_ c: EditCase) {
  var m = model(c.text, cursor: c.cursor)
  _ = apply(c.keys, to: &m)
  var shown = m.buffer.characters
  shown.insert("|", at: m.buffer.cursor)
  #expect(String(shown) == c.expected)
}

@Test func enterSubmitsCompleteStatementsAndOtherwiseAddsALine() {
  var m = model()
  #expect(apply([.insert("MATCH (n)"), .enter], to: &m) == .redraw)
  #expect(m.buffer.text == "MATCH (n)\n")
  #expect(apply([.insert("RETURN n;")], to: &m) == .redraw)
  #expect(m.handle(.enter) == .submit("MATCH (n)\nRETURN n;"))

  var blank = model("MATCH (n) RETURN n")
  _ = blank.handle(.enter)
  #expect(blank.handle(.enter) == .submit("MATCH (n) RETURN n\n"))

  var command = model(":help")
  #expect(command.handle(.enter) == .submit(":help"))
  var empty = model()
  #expect(empty.handle(.enter) == .submit(""))
}

@Test func ctrlCAndCtrlD() {
  var m = model("abc")
  #expect(m.handle(.interrupt) == .interrupt)
  var e = model()
  #expect(e.handle(.endOfInput) == .endOfInput)
}

@Test func historyBrowsingKeepsTheDraft() {
  var m = model("dra", history: ["one;", "two\nlines;"])
  _ = m.handle(.up)
  #expect(m.buffer.text == "two\nlines;")
  #expect(m.buffer.cursor == 3)  // end of the first line, so Up goes on to older entries
  _ = m.handle(.up)
  #expect(m.buffer.text == "one;")
  #expect(m.handle(.up) == .bell)
  _ = m.handle(.down)
  #expect(m.buffer.text == "two\nlines;")
  #expect(m.buffer.cursor == 10)
  _ = m.handle(.down)
  #expect(m.buffer.text == "dra")
  #expect(m.handle(.down) == .bell)
}

@Test func reverseSearchFindsOlderMatches() {
  let history = [
    "MATCH (p:Person) RETURN p.name;", "MATCH (m:Meeting) RETURN m;", ":format json",
    "MATCH (p:Person {name: '韩俊'}) RETURN p;",
  ]
  var m = model("draft", history: history)
  _ = m.handle(.reverseSearch)
  #expect(m.display.promptOverride == "(reverse-i-search)'': ")
  _ = apply([.insert("Per"), .insert("son")], to: &m)
  #expect(String(m.display.text) == history[3])
  #expect(m.display.cursor == 9)
  _ = m.handle(.reverseSearch)
  #expect(String(m.display.text) == history[0])
  #expect(m.handle(.reverseSearch) == .bell)  // nothing older
  _ = m.handle(.insert("韩"))
  #expect(m.display.promptOverride == "(failed reverse-i-search)'Person韩': ")
  _ = m.handle(.backspace)
  #expect(String(m.display.text) == history[3])
  #expect(m.handle(.enter) == .submit(history[3]))
}

@Test func reverseSearchCancelRestoresAndOtherKeysAccept() {
  let history = ["MATCH (p:Person) RETURN p.name;"]
  var cancelled = model("draft", history: history)
  _ = apply([.reverseSearch, .insert("RET"), .cancel], to: &cancelled)
  #expect(cancelled.search == nil)
  #expect(cancelled.buffer.text == "draft")
  var accepted = model("draft", history: history)
  _ = apply([.reverseSearch, .insert("RET"), .end], to: &accepted)
  #expect(accepted.search == nil)
  #expect(accepted.buffer.text == history[0])
  #expect(accepted.buffer.cursor == history[0].count)
}

@Test func completionInsertsAPrefixOrLists() {
  var m = model("MATCH (p:Pe")
  #expect(m.applyCompletion(Completion(characterOffset: 9, candidates: ["Person"])) == .inserted)
  #expect(m.buffer.text == "MATCH (p:Person")
  var several = model("RETURN co")
  #expect(
    several.applyCompletion(Completion(characterOffset: 7, candidates: ["collect(", "count("]))
      == .list(["collect(", "count("]))
  var prefix = model("MATCH (p)-[:H")
  #expect(
    prefix.applyCompletion(Completion(characterOffset: 12, candidates: ["HELD_IN", "HOLDS"]))
      == .list(["HELD_IN", "HOLDS"]))
  var common = model("x.na")
  #expect(
    common.applyCompletion(Completion(characterOffset: 2, candidates: ["name", "nameEn"]))
      == .inserted)
  #expect(common.buffer.text == "x.name")
  var none = model("x.zz")
  #expect(none.applyCompletion(Completion(characterOffset: 2, candidates: [])) == .none)
}
