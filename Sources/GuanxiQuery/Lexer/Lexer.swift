/// Splits query text into tokens, working on its UTF-8 bytes.
///
/// The lexer never throws: text that is no token becomes an `.invalid` token
/// carrying the reason and the error code, and the parser reports it when it
/// gets there. Whitespace (including U+3000, the ideographic space) and
/// comments (`// …` to the end of the line, `/* … */`) are skipped. The last
/// token is always `.end`, with an empty span at the end of the text.
///
/// Full-width punctuation typed with a Chinese input method (`（`, `：`, `，`,
/// `’`) is reported as an invalid token whose suggestion is the ASCII symbol
/// that was probably meant, rather than silently accepted.
///
/// Example: `Lexer.tokenize("RETURN 0x1F, '韩俊'").map(\.kind)` is
/// `[.identifier, .integer, .comma, .string, .end]`.
public struct Lexer {
  let bytes: [UInt8]
  var utf8Offset = 0
  var tokens: [Token] = []

  init(bytes: [UInt8]) {
    self.bytes = bytes
    tokens.reserveCapacity(bytes.count / 3 + 2)
  }

  /// All tokens of `text`, ending with `.end`.
  public static func tokenize(_ text: String) -> [Token] {
    tokenize(utf8: Array(text.utf8))
  }

  /// All tokens of UTF-8 `bytes`, ending with `.end`.
  public static func tokenize(utf8 bytes: [UInt8]) -> [Token] {
    var lexer = Lexer(bytes: bytes)
    lexer.run()
    return lexer.tokens
  }

  mutating func run() {
    while true {
      skipTrivia()
      guard utf8Offset < bytes.count else { break }
      lexToken()
    }
    tokens.append(Token(kind: .end, span: SourceSpan(at: bytes.count)))
  }

  // MARK: - Trivia

  mutating func skipTrivia() {
    while utf8Offset < bytes.count {
      let b = bytes[utf8Offset]
      switch b {
      case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D:
        utf8Offset += 1
      case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "/"):
        while utf8Offset < bytes.count, bytes[utf8Offset] != 0x0A { utf8Offset += 1 }
      case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
        let start = utf8Offset
        utf8Offset += 2
        while utf8Offset < bytes.count,
          !(bytes[utf8Offset] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/"))
        {
          utf8Offset += 1
        }
        if utf8Offset >= bytes.count {
          emitInvalid(
            from: start, code: .unexpectedSyntax, message: "unterminated comment: missing '*/'")
          return
        }
        utf8Offset += 2
      case 0x80...:
        let (scalar, length) = decodeScalar(at: utf8Offset)
        guard let scalar, Lexer.isUnicodeWhitespace(scalar) else { return }
        utf8Offset += length
      default:
        return
      }
    }
  }

  static func isUnicodeWhitespace(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
      true
    default:
      false
    }
  }

  // MARK: - Tokens

  mutating func lexToken() {
    let start = utf8Offset
    let b = bytes[start]
    func single(_ kind: Token.Kind, length: Int = 1) {
      utf8Offset += length
      tokens.append(Token(kind: kind, span: SourceSpan(utf8Start: start, utf8End: utf8Offset)))
    }
    switch b {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "_"):
      lexWord()
    case UInt8(ascii: "0")...UInt8(ascii: "9"):
      lexNumber()
    case UInt8(ascii: "."):
      if let next = peek(1), Lexer.isDigit(next) {
        lexNumber()
      } else if peek(1) == UInt8(ascii: ".") {
        single(.dotDot, length: 2)
      } else {
        single(.dot)
      }
    case UInt8(ascii: "'"), UInt8(ascii: "\""):
      lexString(quote: b)
    case UInt8(ascii: "`"):
      lexQuotedIdentifier(kind: .quotedIdentifier, from: start)
    case UInt8(ascii: "$"):
      lexParameter()
    case UInt8(ascii: "("): single(.leftParen)
    case UInt8(ascii: ")"): single(.rightParen)
    case UInt8(ascii: "["): single(.leftBracket)
    case UInt8(ascii: "]"): single(.rightBracket)
    case UInt8(ascii: "{"): single(.leftBrace)
    case UInt8(ascii: "}"): single(.rightBrace)
    case UInt8(ascii: ","): single(.comma)
    case UInt8(ascii: ":"): single(.colon)
    case UInt8(ascii: ";"): single(.semicolon)
    case UInt8(ascii: "|"): single(.pipe)
    case UInt8(ascii: "-"): single(.minus)
    case UInt8(ascii: "*"): single(.star)
    case UInt8(ascii: "/"): single(.slash)
    case UInt8(ascii: "%"): single(.percent)
    case UInt8(ascii: "^"): single(.caret)
    case UInt8(ascii: "+"):
      peek(1) == UInt8(ascii: "=") ? single(.plusEqual, length: 2) : single(.plus)
    case UInt8(ascii: "="):
      peek(1) == UInt8(ascii: "~") ? single(.regexMatch, length: 2) : single(.equal)
    case UInt8(ascii: "<"):
      switch peek(1) {
      case UInt8(ascii: "="): single(.lessThanOrEqual, length: 2)
      case UInt8(ascii: ">"): single(.notEqual, length: 2)
      default: single(.lessThan)
      }
    case UInt8(ascii: ">"):
      peek(1) == UInt8(ascii: "=") ? single(.greaterThanOrEqual, length: 2) : single(.greaterThan)
    case UInt8(ascii: "!"):
      if peek(1) == UInt8(ascii: "=") {
        utf8Offset += 2
        emitInvalid(
          from: start, code: .unexpectedSyntax,
          message: "'!=' is not an openCypher operator; inequality is written '<>'",
          suggestion: "<>")
      } else {
        utf8Offset += 1
        emitInvalid(
          from: start, code: .unexpectedSyntax,
          message: "unexpected character '!'; negation is written 'NOT'", suggestion: "NOT")
      }
    case 0x80...:
      lexNonASCII()
    default:
      utf8Offset += 1
      let shown = b < 0x20 || b == 0x7F ? "U+" + hex4(UInt32(b)) : String(UnicodeScalar(b))
      emitInvalid(from: start, code: .unexpectedSyntax, message: "unexpected character '\(shown)'")
    }
  }

  mutating func lexWord() {
    let start = utf8Offset
    consumeIdentifierPart()
    let length = utf8Offset - start
    var keyword: Keyword?
    if length <= 16 {
      var upper = ""
      var isASCII = true
      for b in bytes[start..<utf8Offset] {
        guard b < 0x80 else {
          isASCII = false
          break
        }
        upper.unicodeScalars.append(
          UnicodeScalar(b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") ? b - 32 : b))
      }
      if isASCII { keyword = Keyword.byUppercasedSpelling[upper] }
    }
    tokens.append(
      Token(
        kind: .identifier, span: SourceSpan(utf8Start: start, utf8End: utf8Offset),
        keyword: keyword))
  }

  /// Consumes letters, digits, `_` and other identifier-continuing scalars.
  mutating func consumeIdentifierPart() {
    while utf8Offset < bytes.count {
      let b = bytes[utf8Offset]
      if b < 0x80 {
        guard Lexer.isASCIIIdentifierPart(b) else { return }
        utf8Offset += 1
      } else {
        let (scalar, length) = decodeScalar(at: utf8Offset)
        guard let scalar, Lexer.isIdentifierPart(scalar) else { return }
        utf8Offset += length
      }
    }
  }

  static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

  static func isASCIIIdentifierPart(_ b: UInt8) -> Bool {
    (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z"))
      || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || isDigit(b) || b == UInt8(ascii: "_")
  }

  /// openCypher's IdentifierStart: ID_Start or connector punctuation.
  static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.isIDStart || scalar.properties.generalCategory == .connectorPunctuation
  }

  /// openCypher's IdentifierPart: ID_Continue or a currency symbol (but not '$').
  static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII { return isASCIIIdentifierPart(UInt8(scalar.value)) }
    return scalar.properties.isIDContinue || scalar.properties.generalCategory == .currencySymbol
  }

  mutating func lexNumber() {
    let start = utf8Offset
    var kind = Token.Kind.integer
    let prefix = peek(1).map { $0 | 0x20 }
    if bytes[start] == UInt8(ascii: "0"), prefix == UInt8(ascii: "x") || prefix == UInt8(ascii: "o")
    {
      let isHex = prefix == UInt8(ascii: "x")
      utf8Offset += 2
      let digitsStart = utf8Offset
      consumeIdentifierPart()
      let digits = bytes[digitsStart..<utf8Offset]
      let valid =
        !digits.isEmpty
        && digits.allSatisfy { isHex ? Lexer.hexValue($0) != nil : ($0 >= 48 && $0 <= 55) }
      if !valid {
        let base = isHex ? "hexadecimal" : "octal"
        emitInvalid(
          from: start, code: .invalidNumberLiteral,
          message: "invalid \(base) integer literal '\(text(start, utf8Offset))'")
        return
      }
    } else {
      while utf8Offset < bytes.count, Lexer.isDigit(bytes[utf8Offset]) { utf8Offset += 1 }
      if utf8Offset < bytes.count, bytes[utf8Offset] == UInt8(ascii: "."), let next = peek(1),
        Lexer.isDigit(next)
      {
        kind = .float
        utf8Offset += 1
        while utf8Offset < bytes.count, Lexer.isDigit(bytes[utf8Offset]) { utf8Offset += 1 }
      }
      if utf8Offset < bytes.count, bytes[utf8Offset] | 0x20 == UInt8(ascii: "e") {
        var exponentEnd = utf8Offset + 1
        if exponentEnd < bytes.count,
          bytes[exponentEnd] == UInt8(ascii: "+") || bytes[exponentEnd] == UInt8(ascii: "-")
        {
          exponentEnd += 1
        }
        if exponentEnd < bytes.count, Lexer.isDigit(bytes[exponentEnd]) {
          kind = .float
          utf8Offset = exponentEnd
          while utf8Offset < bytes.count, Lexer.isDigit(bytes[utf8Offset]) { utf8Offset += 1 }
        }
      }
      // A number running into letters ('9223372h54775808', '1B2c3') is one bad literal.
      let end = utf8Offset
      consumeIdentifierPart()
      if utf8Offset != end {
        emitInvalid(
          from: start, code: .invalidNumberLiteral,
          message: "invalid number literal '\(text(start, utf8Offset))'")
        return
      }
    }
    tokens.append(Token(kind: kind, span: SourceSpan(utf8Start: start, utf8End: utf8Offset)))
  }

  static func hexValue(_ b: UInt8) -> UInt32? {
    switch b {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - UInt8(ascii: "A") + 10)
    default: nil
    }
  }

  /// Lexes a string literal, checking its escapes; the parser decodes them.
  mutating func lexString(quote: UInt8) {
    let start = utf8Offset
    utf8Offset += 1
    var problem: (reason: InvalidToken, span: SourceSpan)?
    while utf8Offset < bytes.count {
      let b = bytes[utf8Offset]
      if b == quote {
        utf8Offset += 1
        if let problem {
          // Point at the bad escape, not the whole string.
          tokens.append(Token(kind: .invalid(problem.reason), span: problem.span))
        } else {
          tokens.append(
            Token(kind: .string, span: SourceSpan(utf8Start: start, utf8End: utf8Offset)))
        }
        return
      }
      if b == UInt8(ascii: "\\") {
        let (_, length, error) = Lexer.decodeEscape(bytes, at: utf8Offset)
        if let error, problem == nil {
          problem = (error, SourceSpan(utf8Start: utf8Offset, utf8End: utf8Offset + length))
        }
        utf8Offset += length
      } else {
        utf8Offset += 1
      }
    }
    emitInvalid(
      from: start, code: .unexpectedSyntax,
      message: "unterminated string literal: missing closing \(quote == 0x27 ? "'" : "\"")")
  }

  /// Decodes the escape sequence at `offset` (which holds a backslash).
  ///
  /// Returns the scalar (nil when invalid), the number of bytes the escape takes
  /// and, when invalid, why. `\u` takes 4 hex digits, `\U` 8.
  static func decodeEscape(_ bytes: [UInt8], at offset: Int) -> (
    Unicode.Scalar?, Int, InvalidToken?
  ) {
    guard offset + 1 < bytes.count else {
      return (
        nil, 1, InvalidToken(code: .unexpectedSyntax, message: "unterminated escape sequence")
      )
    }
    let c = bytes[offset + 1]
    switch c {
    case UInt8(ascii: "\\"): return ("\\", 2, nil)
    case UInt8(ascii: "'"): return ("'", 2, nil)
    case UInt8(ascii: "\""): return ("\"", 2, nil)
    case UInt8(ascii: "n"), UInt8(ascii: "N"): return ("\n", 2, nil)
    case UInt8(ascii: "t"), UInt8(ascii: "T"): return ("\t", 2, nil)
    case UInt8(ascii: "r"), UInt8(ascii: "R"): return ("\r", 2, nil)
    case UInt8(ascii: "b"), UInt8(ascii: "B"): return ("\u{08}", 2, nil)
    case UInt8(ascii: "f"), UInt8(ascii: "F"): return ("\u{0C}", 2, nil)
    case UInt8(ascii: "u"), UInt8(ascii: "U"):
      let count = c == UInt8(ascii: "u") ? 4 : 8
      var value: UInt32 = 0
      var taken = 0
      while taken < count, offset + 2 + taken < bytes.count,
        let digit = hexValue(bytes[offset + 2 + taken])
      {
        value = value << 4 | digit
        taken += 1
      }
      let escape = String(decoding: bytes[offset..<(offset + 2 + taken)], as: UTF8.self)
      guard taken == count else {
        return (
          nil, 2 + taken,
          InvalidToken(
            code: .invalidUnicodeLiteral,
            message: "invalid unicode escape '\(escape)': expected \(count) hexadecimal digits")
        )
      }
      guard let scalar = Unicode.Scalar(value) else {
        return (
          nil, 2 + taken,
          InvalidToken(
            code: .invalidUnicodeLiteral,
            message: "invalid unicode escape '\(escape)': not a Unicode scalar value")
        )
      }
      return (scalar, 2 + taken, nil)
    default:
      let shown = c < 0x80 ? String(UnicodeScalar(c)) : "…"
      return (
        nil, 2,
        InvalidToken(
          code: .unexpectedSyntax,
          message:
            "invalid escape sequence '\\\(shown)'; use \\\\, \\', \\\", \\n, \\t, \\r, \\b, \\f, \\uXXXX or \\UXXXXXXXX"
        )
      )
    }
  }

  mutating func lexQuotedIdentifier(kind: Token.Kind, from start: Int) {
    utf8Offset += 1  // the opening back quote
    while utf8Offset < bytes.count {
      if bytes[utf8Offset] == UInt8(ascii: "`") {
        if peek(1) == UInt8(ascii: "`") {
          utf8Offset += 2
          continue
        }
        utf8Offset += 1
        tokens.append(Token(kind: kind, span: SourceSpan(utf8Start: start, utf8End: utf8Offset)))
        return
      }
      utf8Offset += 1
    }
    emitInvalid(
      from: start, code: .unexpectedSyntax, message: "unterminated quoted name: missing closing '`'"
    )
  }

  mutating func lexParameter() {
    let start = utf8Offset
    utf8Offset += 1
    if utf8Offset < bytes.count, bytes[utf8Offset] == UInt8(ascii: "`") {
      lexQuotedIdentifier(kind: .parameter, from: start)
      return
    }
    let nameStart = utf8Offset
    consumeIdentifierPart()
    if utf8Offset == nameStart {
      emitInvalid(
        from: start, code: .unexpectedSyntax, message: "expected a parameter name after '$'")
      return
    }
    tokens.append(Token(kind: .parameter, span: SourceSpan(utf8Start: start, utf8End: utf8Offset)))
  }

  mutating func lexNonASCII() {
    let start = utf8Offset
    let (decoded, length) = decodeScalar(at: start)
    guard let scalar = decoded else {
      utf8Offset += length
      emitInvalid(from: start, code: .unexpectedSyntax, message: "invalid UTF-8 byte sequence")
      return
    }
    if Lexer.isIdentifierStart(scalar) {
      lexWord()
      return
    }
    utf8Offset += length
    if let ascii = Lexer.fullWidthEquivalents[scalar.value] {
      emitInvalid(
        from: start, code: .unexpectedSyntax,
        message:
          "full-width '\(scalar)' is not allowed here; switch the input method to half-width",
        suggestion: ascii)
    } else {
      emitInvalid(
        from: start, code: .unexpectedSyntax,
        message: "unexpected character '\(scalar)' (U+\(hex4(scalar.value)))")
    }
  }

  /// Punctuation a Chinese input method types, and the ASCII symbol meant.
  static let fullWidthEquivalents: [UInt32: String] = [
    0xFF08: "(", 0xFF09: ")", 0xFF3B: "[", 0xFF3D: "]", 0xFF5B: "{", 0xFF5D: "}",
    0xFF1A: ":", 0xFF0C: ",", 0xFF1B: ";", 0xFF0E: ".", 0x3002: ".", 0x3001: ",",
    0xFF1D: "=", 0xFF1C: "<", 0xFF1E: ">", 0xFF0B: "+", 0xFF0D: "-", 0xFF0A: "*",
    0xFF0F: "/", 0xFF05: "%", 0xFF3E: "^", 0xFF5C: "|", 0xFF04: "$", 0xFF01: "!",
    0xFF40: "`", 0xFF02: "\"", 0xFF07: "'", 0x2018: "'", 0x2019: "'", 0x201C: "\"",
    0x201D: "\"", 0x3010: "[", 0x3011: "]", 0x300C: "'", 0x300D: "'", 0x2014: "-",
    0x2013: "-", 0x2212: "-", 0xFF5E: "~", 0x300A: "<", 0x300B: ">", 0x2026: "..",
  ]

  // MARK: - Bytes

  func peek(_ distance: Int) -> UInt8? {
    utf8Offset + distance < bytes.count ? bytes[utf8Offset + distance] : nil
  }

  func text(_ start: Int, _ end: Int) -> String {
    String(decoding: bytes[start..<end], as: UTF8.self)
  }

  /// The scalar starting at `offset` and its length in bytes; nil (length 1) for bad UTF-8.
  func decodeScalar(at offset: Int) -> (Unicode.Scalar?, Int) {
    Lexer.decodeScalar(bytes, at: offset)
  }

  static func decodeScalar(_ bytes: [UInt8], at offset: Int) -> (Unicode.Scalar?, Int) {
    let b0 = bytes[offset]
    if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
    let length: Int
    var value: UInt32
    switch b0 {
    case 0xC2...0xDF:
      length = 2
      value = UInt32(b0 & 0x1F)
    case 0xE0...0xEF:
      length = 3
      value = UInt32(b0 & 0x0F)
    case 0xF0...0xF4:
      length = 4
      value = UInt32(b0 & 0x07)
    default: return (nil, 1)
    }
    guard offset + length <= bytes.count else { return (nil, 1) }
    for i in 1..<length {
      let b = bytes[offset + i]
      guard b & 0xC0 == 0x80 else { return (nil, 1) }
      value = value << 6 | UInt32(b & 0x3F)
    }
    let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
    guard value >= minimum, let scalar = Unicode.Scalar(value) else { return (nil, 1) }
    return (scalar, length)
  }

  mutating func emitInvalid(
    from start: Int, code: QueryError.Code, message: String, suggestion: String? = nil
  ) {
    if utf8Offset <= start { utf8Offset = min(bytes.count, start + 1) }
    tokens.append(
      Token(
        kind: .invalid(InvalidToken(code: code, message: message, suggestion: suggestion)),
        span: SourceSpan(utf8Start: start, utf8End: utf8Offset)))
  }
}

func hex4(_ value: UInt32) -> String {
  let digits = String(value, radix: 16, uppercase: true)
  return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
