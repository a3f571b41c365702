import Testing

@testable import GuanxiExtract

/// Character references decode as in a browser; what is not one stays as written.
@Suite struct HTMLEntitiesTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var input: String
    var output: String
    var inAttribute = false
    var testDescription: String { input }
  }

  static let cases: [Case] = [
    // The names Chinese news pages use.
    Case(input: "区委书记&nbsp;王伟", output: "区委书记\u{A0}王伟"),
    Case(input: "&ldquo;十四五&rdquo;", output: "“十四五”"),
    Case(input: "&lsquo;双碳&rsquo;", output: "‘双碳’"),
    Case(input: "&mdash;&mdash;在大会上的讲话", output: "——在大会上的讲话"),
    Case(input: "等等&hellip;", output: "等等…"),
    Case(input: "新华社&middot;北京", output: "新华社·北京"),
    Case(input: "&amp;&lt;&gt;&quot;&apos;", output: "&<>\"'"),
    Case(input: "&copy;2024 &reg; 3&times;4", output: "©2024 ® 3×4"),
    Case(input: "&laquo;&raquo;&bull;&ensp;&emsp;&thinsp;", output: "«»•\u{2002}\u{2003}\u{2009}"),
    Case(input: "&yen;100&deg;&plusmn;&frac12;", output: "¥100°±½"),
    // Numeric references, decimal and hexadecimal, with and without the semicolon.
    Case(input: "&#x4E2D;&#X56FD;&#20013;&#22269;", output: "中国中国"),
    Case(input: "&#x4E2D&#22269 会议", output: "中国 会议"),
    Case(input: "&#x1F600;", output: "😀"),
    // Legacy names without a semicolon, longest first.
    Case(input: "&nbsp&copy 2024", output: "\u{A0}© 2024"),
    Case(input: "&notit;", output: "¬it;"),
    Case(input: "&notin;", output: "∉"),
    // Two scalars for one name.
    Case(input: "&NotEqualTilde;", output: "\u{2242}\u{338}"),
    // Not references: left as text.
    Case(input: "&foo; &#; &#x; & &;", output: "&foo; &#; &#x; & &;"),
    Case(input: "AT&T R&D", output: "AT&T R&D"),
    Case(input: "&Nbsp;", output: "&Nbsp;"),
    // Zero, surrogates and values past U+10FFFF become U+FFFD; 128–159 are Windows-1252.
    Case(
      input: "&#0;&#xD800;&#xDFFF;&#x110000;&#99999999999;",
      output: "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"),
    Case(input: "&#147;引号&#148; &#128;", output: "“引号” €"),
    // In an attribute, a legacy name before `=` or a letter stays (query strings).
    Case(input: "?a=1&copy=2&amp;b=3&notx", output: "?a=1&copy=2&b=3&notx", inAttribute: true),
    Case(input: "?a=1&copy=2", output: "?a=1©=2"),
  ]

  @Test(arguments: cases) func decodes(_ c: Case) {
    #expect(HTMLEntities.decode(c.input, inAttribute: c.inAttribute) == c.output)
  }

  @Test func tableIsTheWholeHTML5Set() {
    // 2,231 names in the WHATWG table, 106 of them also without a semicolon.
    #expect(HTMLEntities.table.count == 2_231)
    #expect(HTMLEntities.table.keys.filter { !$0.hasSuffix(";") }.count == 106)
    let longestLegacy = HTMLEntities.table.keys.filter { !$0.hasSuffix(";") }.map(\.utf8.count)
      .max()
    #expect(longestLegacy == HTMLEntities.longestLegacyName)
    #expect(HTMLEntities.table.keys.map(\.utf8.count).max() == HTMLEntities.longestName)
  }
}
