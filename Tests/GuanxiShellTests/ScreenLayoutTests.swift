import GuanxiQuery
import Testing

@testable import GuanxiShell

struct LayoutCase: Sendable, CustomTestStringConvertible {
  var name: String
  var prompt = "> "
  var continuation = ". "
  var text: String
  var cursor: Int
  var width: Int
  var rows: [String]
  var cursorRow: Int
  var cursorColumn: Int
  var testDescription: String { name }
}

@Test(arguments: [
  LayoutCase(
    name: "cursor after Chinese", text: "韩俊abc", cursor: 2, width: 80, rows: ["> 韩俊abc"],
    cursorRow: 0, cursorColumn: 6),
  LayoutCase(
    name: "cursor at the end", text: "韩俊", cursor: 2, width: 80, rows: ["> 韩俊"], cursorRow: 0,
    cursorColumn: 6),
  LayoutCase(
    name: "exactly full row moves the cursor down", text: "韩俊韩俊", cursor: 4, width: 10,
    rows: ["> 韩俊韩俊", ""], cursorRow: 1, cursorColumn: 0),
  LayoutCase(
    name: "wide character does not split at the edge", text: "ab韩c", cursor: 2, width: 5,
    rows: ["> ab", "韩c"], cursorRow: 1, cursorColumn: 0),
  LayoutCase(
    name: "wrapped text", text: "韩俊韩俊韩", cursor: 5, width: 10, rows: ["> 韩俊韩俊", "韩"], cursorRow: 1,
    cursorColumn: 2),
  LayoutCase(
    name: "continuation lines", text: "MATCH (n)\nRETURN 韩", cursor: 17, width: 80,
    rows: ["> MATCH (n)", ". RETURN 韩"], cursorRow: 1, cursorColumn: 9),
  LayoutCase(
    name: "cursor on a newline", text: "ab\ncd", cursor: 2, width: 80, rows: ["> ab", ". cd"],
    cursorRow: 0, cursorColumn: 4),
  LayoutCase(
    name: "cursor at start of second line", text: "ab\ncd", cursor: 3, width: 80,
    rows: ["> ab", ". cd"], cursorRow: 1, cursorColumn: 2),
  LayoutCase(
    name: "search prompt", prompt: "(reverse-i-search)'韩': ", text: "x", cursor: 0, width: 20,
    rows: ["(reverse-i-search)'", "韩': x"], cursorRow: 1, cursorColumn: 5),
])
func laysOutByDisplayWidth(_ c: LayoutCase) {
  let layout = ScreenLayout(
    prompt: c.prompt, continuationPrompt: c.continuation, text: Array(c.text), cursor: c.cursor,
    width: c.width)
  #expect(layout.rows == c.rows)
  #expect(layout.cursorRow == c.cursorRow)
  #expect(layout.cursorColumn == c.cursorColumn)
  for row in layout.rows { #expect(DisplayWidth.of(row) <= c.width) }
}
