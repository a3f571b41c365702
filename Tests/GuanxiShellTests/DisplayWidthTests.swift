import GuanxiQuery
import Testing

@testable import GuanxiShell

struct WidthCase: Sendable, CustomTestStringConvertible {
  var text: String
  var width: Int
  var testDescription: String { "'\(text)' is \(width) cells" }
}

@Test(arguments: [
  WidthCase(text: "", width: 0),
  WidthCase(text: "name", width: 4),
  WidthCase(text: "韩俊", width: 4),
  WidthCase(text: "省委书记 ok", width: 11),
  WidthCase(text: "，。、《》", width: 10),  // CJK punctuation
  WidthCase(text: "ＡＢ１", width: 6),  // fullwidth forms
  WidthCase(text: "\u{3000}", width: 2),  // ideographic space
  WidthCase(text: "ひらがなカタカナ", width: 16),
  WidthCase(text: "한국어", width: 6),
  WidthCase(text: "\u{1100}\u{1161}\u{11A8}", width: 2),  // Hangul jamo cluster
  WidthCase(text: "e\u{301}", width: 1),  // combining acute
  WidthCase(text: "a\u{200B}b", width: 2),  // zero-width space
  WidthCase(text: "𠀀", width: 2),  // CJK Extension B
  WidthCase(text: "🎉", width: 2),
  WidthCase(text: "❤️", width: 2),  // text symbol + VS16
  WidthCase(text: "👨‍👩‍👧", width: 2),  // ZWJ sequence
  WidthCase(text: "🇨🇳", width: 2),  // flag
  WidthCase(text: "…│", width: 2),  // ambiguous: narrow
  WidthCase(text: "\u{1B}\t", width: 0),  // controls
])
func measuresDisplayWidth(_ c: WidthCase) {
  #expect(DisplayWidth.of(c.text) == c.width)
}

struct TruncateCase: Sendable, CustomTestStringConvertible {
  var text: String
  var width: Int
  var expected: String
  var testDescription: String { "'\(text)' in \(width) cells" }
}

@Test(arguments: [
  TruncateCase(text: "韩俊", width: 4, expected: "韩俊"),
  TruncateCase(text: "省委书记", width: 5, expected: "省委…"),
  TruncateCase(text: "省委书记", width: 6, expected: "省委…"),
  TruncateCase(text: "省委书记", width: 7, expected: "省委书…"),
  TruncateCase(text: "abcdef", width: 4, expected: "abc…"),
  TruncateCase(text: "e\u{301}e\u{301}e\u{301}", width: 2, expected: "e\u{301}…"),
])
func truncatesByDisplayWidth(_ c: TruncateCase) {
  let cut = DisplayWidth.truncate(c.text, toWidth: c.width)
  #expect(cut == c.expected)
  #expect(DisplayWidth.of(cut) <= c.width)
}
