import GuanxiQuery
import Testing

struct LexerCase: Sendable, CustomTestStringConvertible {
  var text: String
  var kinds: [Token.Kind]
  var testDescription: String { text }
}

struct InvalidTokenCase: Sendable, CustomTestStringConvertible {
  /// The invalid token starts at 1️⃣ and ends at 2️⃣.
  var marked: String
  var code: QueryError.Code
  var suggestion: String? = nil
  var testDescription: String { marked }
}

@Suite struct LexerTests {
  @Test(arguments: [
    LexerCase(text: "", kinds: [.end]),
    LexerCase(text: "  // only a comment\n /* and\n another */ ", kinds: [.end]),
    LexerCase(
      text: "MATCH (人员:Person)",
      kinds: [.identifier, .leftParen, .identifier, .colon, .identifier, .rightParen, .end]),
    LexerCase(text: "`a``b` `人员 名单`", kinds: [.quotedIdentifier, .quotedIdentifier, .end]),
    LexerCase(
      text: "'it\\'s' \"say \\\"hi\\\"\" '\\u4E2D\\U0001F600'",
      kinds: [.string, .string, .string, .end]),
    LexerCase(
      text: "0 42 0x2A 0o52 052", kinds: [.integer, .integer, .integer, .integer, .integer, .end]),
    LexerCase(
      text: "1.5 .5 1e3 1E-3 2.5e+10", kinds: [.float, .float, .float, .float, .float, .end]),
    LexerCase(text: "1..3", kinds: [.integer, .dotDot, .integer, .end]),
    LexerCase(
      text: "*..3 *2..", kinds: [.star, .dotDot, .integer, .star, .integer, .dotDot, .end]),
    LexerCase(text: "$name $0 $`参数 一`", kinds: [.parameter, .parameter, .parameter, .end]),
    LexerCase(
      text: "=~ <> <= >= += = < > + - * / % ^",
      kinds: [
        .regexMatch, .notEqual, .lessThanOrEqual, .greaterThanOrEqual, .plusEqual, .equal,
        .lessThan, .greaterThan, .plus, .minus, .star, .slash, .percent, .caret, .end,
      ]),
    LexerCase(
      text: "()<-[r]->()",
      kinds: [
        .leftParen, .rightParen, .lessThan, .minus, .leftBracket, .identifier,
        .rightBracket, .minus, .greaterThan, .leftParen, .rightParen, .end,
      ]),
    LexerCase(
      text: "a.b;c|d",
      kinds: [.identifier, .dot, .identifier, .semicolon, .identifier, .pipe, .identifier, .end]),
    LexerCase(text: "RETURN\u{3000}1", kinds: [.identifier, .integer, .end]),
  ])
  func tokenKinds(_ c: LexerCase) {
    #expect(Lexer.tokenize(c.text).map(\.kind) == c.kinds)
  }

  @Test func keywordsAreCaseInsensitiveWords() {
    let tokens = Lexer.tokenize("match Match MATCH matches 人员")
    #expect(tokens.prefix(3).allSatisfy { $0.keyword == .match && $0.kind == .identifier })
    #expect(tokens[3].keyword == nil)
    #expect(tokens[4].keyword == nil)
  }

  @Test func spansCountUTF8() {
    let tokens = Lexer.tokenize("RETURN '韩俊', x")
    #expect(tokens[1].span == SourceSpan(utf8Start: 7, utf8End: 15))
    #expect(tokens[2].span == SourceSpan(utf8Start: 15, utf8End: 16))
    #expect(tokens.last?.span == SourceSpan(at: 18))
  }

  @Test(arguments: [
    InvalidTokenCase(marked: "MATCH 1️⃣（2️⃣p:Person)", code: .unexpectedSyntax, suggestion: "("),
    InvalidTokenCase(marked: "MATCH (p1️⃣：2️⃣Person)", code: .unexpectedSyntax, suggestion: ":"),
    InvalidTokenCase(marked: "RETURN a1️⃣，2️⃣ b", code: .unexpectedSyntax, suggestion: ","),
    InvalidTokenCase(marked: "RETURN 1️⃣‘2️⃣韩俊'", code: .unexpectedSyntax, suggestion: "'"),
    InvalidTokenCase(marked: "WHERE a 1️⃣!=2️⃣ b", code: .unexpectedSyntax, suggestion: "<>"),
    InvalidTokenCase(marked: "RETURN 1️⃣'abc2️⃣", code: .unexpectedSyntax),
    InvalidTokenCase(marked: "RETURN 1️⃣`abc2️⃣", code: .unexpectedSyntax),
    InvalidTokenCase(marked: "RETURN 1 1️⃣/* abc2️⃣", code: .unexpectedSyntax),
    InvalidTokenCase(marked: "RETURN 'a1️⃣\\u2️⃣H'", code: .invalidUnicodeLiteral),
    InvalidTokenCase(marked: "RETURN 'a1️⃣\\q2️⃣'", code: .unexpectedSyntax),
    InvalidTokenCase(marked: "RETURN 1️⃣0x2️⃣", code: .invalidNumberLiteral),
    InvalidTokenCase(marked: "RETURN 1️⃣0x1A2b3j4D5E6f72️⃣ AS l", code: .invalidNumberLiteral),
    InvalidTokenCase(marked: "RETURN 1️⃣9223372h547758082️⃣ AS l", code: .invalidNumberLiteral),
    InvalidTokenCase(marked: "RETURN 1️⃣0o82️⃣", code: .invalidNumberLiteral),
    InvalidTokenCase(marked: "RETURN 1️⃣$2️⃣", code: .unexpectedSyntax),
    InvalidTokenCase(marked: "RETURN 1️⃣#2️⃣", code: .unexpectedSyntax),
  ])
  func invalidTokens(_ c: InvalidTokenCase) throws {
    let marked = MarkedText(c.marked)
    let invalid = try #require(
      Lexer.tokenize(marked.text).first {
        if case .invalid = $0.kind { true } else { false }
      })
    guard case .invalid(let reason) = invalid.kind else { return }
    #expect(reason.code == c.code)
    #expect(reason.suggestion == c.suggestion)
    #expect(invalid.span.utf8Start == marked.markers["1️⃣"])
    #expect(invalid.span.utf8End == marked.markers["2️⃣"])
  }

  @Test func neverThrowsOnArbitraryBytes() {
    var bytes: [UInt8] = []
    for i in 0..<4096 { bytes.append(UInt8(truncatingIfNeeded: i &* 2_654_435_761 >> 7)) }
    let tokens = Lexer.tokenize(utf8: bytes)
    #expect(tokens.last?.kind == .end)
    #expect(tokens.allSatisfy { $0.span.isInside(utf8Count: bytes.count) })
  }
}
