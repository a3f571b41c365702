import GuanxiQuery
import Testing

struct WidthCase: Sendable, CustomTestStringConvertible {
  var text: String
  var width: Int
  var testDescription: String { "\(text) → \(width)" }
}

@Suite struct DiagnosticsTests {
  @Test func rendersLocationSourceLineAndCaret() {
    let source = "MATCH (p:Person {name: '韩俊'})\nRETURN m"
    let error = QueryError(
      stage: .semantic, code: .undefinedVariable, message: "variable 'm' is not defined",
      span: SourceSpan(utf8Start: source.utf8.count - 1, utf8End: source.utf8.count),
      suggestion: "p")
    #expect(
      Diagnostics.render(error, source: source, fileName: "q.cypher") == """
        q.cypher:2:8: error[UndefinedVariable]: variable 'm' is not defined
        RETURN m
               ^
        did you mean 'p'?
        """)
  }

  @Test func caretsAreMeasuredInDisplayColumns() throws {
    let source = "MATCH (p {name: '韩俊'}) RETURN （p）"
    let error = #expect(throws: QueryError.self) { try Parser.parseStatement(source) }
    let rendered = Diagnostics.render(try #require(error), source: source)
    // 30 Characters before '（', two of them Han: column 31, 32 cells of padding.
    #expect(
      rendered == """
        1:31: error[UnexpectedSyntax]: full-width '（' is not allowed here; switch the input method to half-width
        MATCH (p {name: '韩俊'}) RETURN （p）
                                        ^~
        did you mean '('?
        """)
  }

  @Test func underlinesTheWholeSpanAndListsExpectations() throws {
    let source = "MATCH (p:Person RETURN p"
    let error = try #require(#expect(throws: QueryError.self) { try Parser.parseStatement(source) })
    let lines = Diagnostics.render(error, source: source, fileName: "x").split(separator: "\n")
    #expect(
      lines[0].hasPrefix("x:1:17: error[UnexpectedSyntax]: expected ')' to close the node pattern"))
    #expect(lines[2] == "                ^~~~~~")
    #expect(lines[3] == "expected ':', '{' or ')'" || lines[3] == "expected '{' or ')'")
  }

  @Test func errorAtEndOfInputPointsPastTheLastCharacter() throws {
    let source = "RETURN [1, 2"
    let error = try #require(#expect(throws: QueryError.self) { try Parser.parseStatement(source) })
    let lines = Diagnostics.render(error, source: source).split(separator: "\n")
    #expect(lines[0].hasPrefix("1:13:"))
    #expect(lines[2] == String(repeating: " ", count: 12) + "^")
  }

  @Test func tabsAreEchoedInTheCaretLine() {
    let source = "\tRETURN x"
    let error = QueryError(
      stage: .semantic, code: .undefinedVariable, message: "variable 'x' is not defined",
      span: SourceSpan(utf8Start: 8, utf8End: 9))
    #expect(Diagnostics.render(error, source: source).hasSuffix("\t       ^"))
  }

  @Test func errorsWithoutSpanRenderTheirFirstLineOnly() {
    let error = QueryError(stage: .runtime, code: .numberOutOfRange, message: "too big", span: nil)
    #expect(Diagnostics.render(error, source: "RETURN 1") == "error[NumberOutOfRange]: too big")
  }

  @Test func lineAndColumnCountCharacters() {
    let source = "MATCH (人员)\nRETURN 人员"
    #expect(Diagnostics.lineAndColumn(utf8Offset: 0, in: source) == (1, 1))
    #expect(Diagnostics.lineAndColumn(utf8Offset: 7, in: source) == (1, 8))
    #expect(Diagnostics.lineAndColumn(utf8Offset: 13, in: source) == (1, 10))
    #expect(Diagnostics.lineAndColumn(utf8Offset: 22, in: source) == (2, 8))
  }

  @Test(arguments: [
    WidthCase(text: "", width: 0),
    WidthCase(text: "Person", width: 6),
    WidthCase(text: "韩俊", width: 4),
    WidthCase(text: "韩俊 (Han Jun)", width: 14),
    WidthCase(text: "（）：，。、", width: 12),
    WidthCase(text: "ひらがな カタカナ", width: 17),
    WidthCase(text: "한국어", width: 6),
    WidthCase(text: "e\u{301}", width: 1),
    WidthCase(text: "ＡＢＣ", width: 6),
    WidthCase(text: "\u{3000}", width: 2),
    WidthCase(text: "a\u{200B}b", width: 2),
    WidthCase(text: "𠀀", width: 2),
  ])
  func displayWidth(_ c: WidthCase) {
    #expect(DisplayWidth.of(c.text) == c.width)
  }

  @Test func nearestNameIsCaseInsensitiveAndBounded() {
    let labels = ["Person", "Place", "Organization", "Meeting", "Project", "Document"]
    #expect(Diagnostics.nearest(to: "person", among: labels) == "Person")
    #expect(Diagnostics.nearest(to: "Perso", among: labels) == "Person")
    #expect(Diagnostics.nearest(to: "Organisation", among: labels) == "Organization")
    #expect(Diagnostics.nearest(to: "Meting", among: labels) == "Meeting")
    #expect(Diagnostics.nearest(to: "Xyzzy", among: labels) == nil)
    #expect(Diagnostics.nearest(to: "Person", among: labels) == nil)
    #expect(Diagnostics.nearest(to: "ATENDED", among: ["ATTENDED", "PRESIDED"]) == "ATTENDED")
    #expect(Diagnostics.nearest(to: "韩峻", among: ["韩俊", "王清宪"]) == "韩俊")
  }
}
