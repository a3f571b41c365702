// Expressions: precedence climbing over the levels of Grammar/guanxi.ebnf,
// from `OrExpression` down to `Atom`, plus names and literals.

extension Parser {
  /// Binding strength, loosest first; a higher level binds tighter.
  enum Level: Int, Comparable {
    case or = 1
    case xor, and, not, comparison, predicate, additive, multiplicative, power, unary

    static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
  }

  /// Expression = OrExpression
  mutating func parseExpression() throws(QueryError) -> ParsedExpression {
    try enter()
    defer { leave() }
    return try parseBinary(.or)
  }

  /// The binary operator at the current token, with its level and its length in tokens.
  func binaryOperator() -> (ParsedExpression.BinaryOperator, Level, tokens: Int)? {
    switch current.kind {
    case .equal: return (.equal, .comparison, 1)
    case .notEqual: return (.notEqual, .comparison, 1)
    case .lessThan: return (.lessThan, .comparison, 1)
    case .greaterThan: return (.greaterThan, .comparison, 1)
    case .lessThanOrEqual: return (.lessThanOrEqual, .comparison, 1)
    case .greaterThanOrEqual: return (.greaterThanOrEqual, .comparison, 1)
    case .regexMatch: return (.regexMatch, .predicate, 1)
    case .plus: return (.add, .additive, 1)
    case .minus: return (.subtract, .additive, 1)
    case .star: return (.multiply, .multiplicative, 1)
    case .slash: return (.divide, .multiplicative, 1)
    case .percent: return (.modulo, .multiplicative, 1)
    case .caret: return (.power, .power, 1)
    case .identifier:
      switch current.keyword {
      case .or: return (.or, .or, 1)
      case .xor: return (.xor, .xor, 1)
      case .and: return (.and, .and, 1)
      case .in: return (.in, .predicate, 1)
      case .contains: return (.contains, .predicate, 1)
      case .starts where isKeyword(.with, at: 1): return (.startsWith, .predicate, 2)
      case .ends where isKeyword(.with, at: 1): return (.endsWith, .predicate, 2)
      default: return nil
      }
    default: return nil
    }
  }

  /// Parses operators binding at least as tightly as `minimum`.
  mutating func parseBinary(_ minimum: Level) throws(QueryError) -> ParsedExpression {
    let start = current.span.utf8Start
    var lhs = try parsePrefix(minimum)
    // Each operator deepens the (left-leaning) tree by one, and deep trees recurse
    // when compared, printed or freed, so chained operators count as nesting too.
    var levels = 0
    defer { depth -= levels }
    while true {
      if isKeyword(.is), minimum <= .predicate {
        try enter()
        levels += 1
        advance()
        let isNegated = accept(.not) != nil
        try expect(.null, isNegated ? "after IS NOT" : "after IS")
        lhs = ParsedExpression(.isNull(lhs, isNegated: isNegated), span: span(from: start))
        continue
      }
      guard let (op, level, length) = binaryOperator(), level >= minimum else { break }
      try enter()
      levels += 1
      for _ in 0..<length { advance() }
      switch level {
      case .comparison:
        var steps = [
          ParsedExpression.ComparisonStep(comparison: op, operand: try parseBinary(.predicate))
        ]
        while let (next, nextLevel, _) = binaryOperator(), nextLevel == .comparison {
          advance()
          steps.append(.init(comparison: next, operand: try parseBinary(.predicate)))
        }
        if steps.count == 1 {
          lhs = ParsedExpression(.binary(op, lhs, steps[0].operand), span: span(from: start))
        } else {
          lhs = ParsedExpression(.comparisonChain(lhs, steps), span: span(from: start))
        }
      case .predicate:
        let rhs = try parseBinary(.additive)
        lhs = ParsedExpression(.binary(op, lhs, rhs), span: span(from: start))
      default:
        let rhs = try parseBinary(Level(rawValue: level.rawValue + 1) ?? .unary)
        lhs = ParsedExpression(.binary(op, lhs, rhs), span: span(from: start))
      }
    }
    return lhs
  }

  /// NotExpression and UnaryAddOrSubtractExpression, then a postfix expression.
  mutating func parsePrefix(_ minimum: Level) throws(QueryError) -> ParsedExpression {
    let start = current.span.utf8Start
    if isKeyword(.not) {
      guard minimum <= .not else {
        throw error(
          "'NOT' must be parenthesised here, as in '(NOT x)'", expected: ["an expression"])
      }
      advance()
      try enter()
      defer { leave() }
      let operand = try parseBinary(.not)
      return ParsedExpression(.unary(.not, operand), span: span(from: start))
    }
    if current.kind == .minus || current.kind == .plus {
      let sign = advance()
      try enter()
      defer { leave() }
      // A signed number literal is one literal, so -9223372036854775808 fits.
      if sign.kind == .minus, current.kind == .integer || current.kind == .float {
        let literal = try parseNumberLiteral(negated: true, start: start)
        return try parsePostfix(startingWith: literal)
      }
      let operand = try parsePrefix(.unary)
      return ParsedExpression(
        .unary(sign.kind == .minus ? .minus : .plus, operand), span: span(from: start))
    }
    return try parsePostfix(startingWith: try parseAtom())
  }

  /// NonArithmeticOperatorExpression = Atom { PropertyLookup | ListOperator } [ NodeLabels ]
  mutating func parsePostfix(startingWith atom: ParsedExpression) throws(QueryError)
    -> ParsedExpression
  {
    let start = atom.span.utf8Start
    var expression = atom
    var levels = 0
    defer { depth -= levels }
    loop: while true {
      if current.kind == .dot || current.kind == .leftBracket {
        try enter()
        levels += 1
      }
      switch current.kind {
      case .dot:
        advance()
        let key = try parseSchemaName("property key")
        expression = ParsedExpression(.property(expression, key: key), span: span(from: start))
      case .leftBracket:
        advance()
        try enter()
        defer { leave() }
        let from = current.kind == .dotDot ? nil : try parseExpression()
        if accept(.dotDot) != nil {
          let to = current.kind == .rightBracket ? nil : try parseExpression()
          try expect(.rightBracket, "]", "to close the slice")
          expression = ParsedExpression(
            .slice(expression, from: from, to: to), span: span(from: start))
        } else {
          try expect(.rightBracket, "]", "to close the subscript")
          expression = ParsedExpression(
            .subscript(expression, index: from ?? expression), span: span(from: start))
        }
      default:
        break loop
      }
    }
    if current.kind == .colon {
      let labels = try parseNodeLabels()
      expression = ParsedExpression(
        .hasLabels(expression, labels: labels), span: span(from: start))
    }
    return expression
  }

  // MARK: - Atoms

  /// Atom = Literal | Parameter | CaseExpression | CountStar | ListComprehension
  ///      | PatternComprehension | Quantifier | Reduce | ExistsSubquery
  ///      | PatternPredicate | ParenthesizedExpression | FunctionInvocation
  ///      | MapProjection | Variable
  mutating func parseAtom() throws(QueryError) -> ParsedExpression {
    let start = current.span.utf8Start
    switch current.kind {
    case .integer, .float:
      return try parseNumberLiteral(negated: false, start: start)
    case .string:
      let token = advance()
      return ParsedExpression(.literal(.string(stringValue(of: token))), span: token.span)
    case .parameter:
      let token = advance()
      return ParsedExpression(.parameter(parameterName(token)), span: token.span)
    case .leftParen:
      return try parseParenthesized()
    case .leftBracket:
      return try parseBracketed()
    case .leftBrace:
      return try parseMapLiteral()
    case .quotedIdentifier:
      if peek().kind == .leftParen { return try parseFunctionCall() }
      let name = try parseVariable("")
      return try parseVariableOrProjection(name)
    case .identifier:
      return try parseWordAtom()
    default:
      throw error("expected an expression", expected: ["an expression"])
    }
  }

  mutating func parseWordAtom() throws(QueryError) -> ParsedExpression {
    let start = current.span.utf8Start
    switch current.keyword {
    case .true:
      return ParsedExpression(.literal(.bool(true)), span: advance().span)
    case .false:
      return ParsedExpression(.literal(.bool(false)), span: advance().span)
    case .null:
      return ParsedExpression(.literal(.null), span: advance().span)
    case .case:
      return try parseCase()
    case .count where peek().kind == .leftParen && peek(2).kind == .star:
      advance()
      advance()
      advance()
      try expect(.rightParen, ")", "to close count(*)")
      return ParsedExpression(.countStar, span: span(from: start))
    case .exists where peek().kind == .leftBrace:
      return try parseExistsSubquery()
    case .all, .any, Keyword.none?, .single:
      if peek().kind == .leftParen, isVariableToken(peek(2)), peek(3).keyword == .in,
        peek(3).kind == .identifier
      {
        let quantifier =
          ParsedExpression.Quantifier(
            rawValue: text(of: current).lowercased()) ?? .all
        advance()
        advance()
        try enter()
        defer { leave() }
        let comprehension = try parseComprehensionBody(allowsProjection: false)
        try expect(.rightParen, ")", "to close \(quantifier.rawValue)(…)")
        return ParsedExpression(.quantifier(quantifier, comprehension), span: span(from: start))
      }
    case .reduce where peek().kind == .leftParen:
      return try parseReduce()
    default:
      break
    }
    if peek().kind == .leftParen || peek().kind == .dot && isFunctionNameAhead() {
      return try parseFunctionCall()
    }
    if let keyword = current.keyword, keyword.isReserved {
      throw error(
        "expected an expression; '\(text(of: current))' is a reserved word (quote it as `\(text(of: current))` to use it as a name)",
        expected: ["an expression"])
    }
    let name = try parseVariable("")
    return try parseVariableOrProjection(name)
  }

  /// Whether `name.name…(` starts here, making the dotted name a function's.
  func isFunctionNameAhead() -> Bool {
    var distance = 0
    while peek(distance).kind == .identifier || peek(distance).kind == .quotedIdentifier {
      switch peek(distance + 1).kind {
      case .leftParen: return true
      case .dot: distance += 2
      default: return false
      }
    }
    return false
  }

  mutating func parseVariableOrProjection(_ name: ParsedName) throws(QueryError)
    -> ParsedExpression
  {
    guard current.kind == .leftBrace else {
      return ParsedExpression(.variable(name.text), span: name.span)
    }
    // MapProjection = Variable "{" [ MapProjectionItem { "," MapProjectionItem } ] "}"
    advance()
    try enter()
    defer { leave() }
    var items: [ParsedExpression.MapProjectionItem] = []
    if current.kind != .rightBrace {
      repeat {
        if accept(.dot) != nil {
          if accept(.star) != nil {
            items.append(.allProperties)
          } else {
            items.append(.property(try parseSchemaName("property key")))
          }
        } else if isSchemaNameToken(current), peek().kind == .colon {
          let key = try parseSchemaName("key")
          advance()
          items.append(.entry(key, try parseExpression()))
        } else {
          items.append(.variable(try parseVariable("in the map projection")))
        }
      } while accept(.comma) != nil
    }
    try expect(.rightBrace, "}", "to close the map projection")
    return ParsedExpression(.mapProjection(name, items), span: span(from: name.span.utf8Start))
  }

  /// FunctionInvocation = FunctionName "(" [ "DISTINCT" ] [ Expression { "," Expression } ] ")"
  mutating func parseFunctionCall() throws(QueryError) -> ParsedExpression {
    let start = current.span.utf8Start
    var parts = [try parseSchemaName("function name")]
    while accept(.dot) != nil { parts.append(try parseSchemaName("function name")) }
    try expect(.leftParen, "(", "after the function name")
    try enter()
    defer { leave() }
    let name = parts.removeLast()
    let isDistinct = accept(.distinct) != nil
    let saved = allowsPatternPredicates
    // exists((a)-->(b)) is the old spelling of a pattern predicate.
    if parts.isEmpty, name.text.lowercased() == "exists" { allowsPatternPredicates = true }
    defer { allowsPatternPredicates = saved }
    var arguments: [ParsedExpression] = []
    if current.kind != .rightParen {
      repeat { arguments.append(try parseExpression()) } while accept(.comma) != nil
    }
    try expect(.rightParen, ")", "to close the arguments of \(name.text)(…)")
    let call = ParsedExpression.FunctionCall(
      namespace: parts.map(\.text), name: name, isDistinct: isDistinct, arguments: arguments)
    return ParsedExpression(.function(call), span: span(from: start))
  }

  /// CaseExpression = "CASE" [ Expression ] CaseAlternative { CaseAlternative } [ "ELSE" Expression ] "END"
  mutating func parseCase() throws(QueryError) -> ParsedExpression {
    let start = current.span.utf8Start
    advance()
    try enter()
    defer { leave() }
    let subject = isKeyword(.when) ? nil : try parseExpression()
    var alternatives: [ParsedExpression.CaseExpression.Alternative] = []
    while accept(.when) != nil {
      let condition = try parseExpression()
      try expect(.then, "after the WHEN condition")
      alternatives.append(.init(when: condition, then: try parseExpression()))
    }
    if alternatives.isEmpty {
      throw error("expected WHEN in the CASE expression", expected: ["WHEN"])
    }
    let elseValue = accept(.else) != nil ? try parseExpression() : nil
    try expect(.end, "to close the CASE expression")
    let body = ParsedExpression.CaseExpression(
      subject: subject, alternatives: alternatives, elseValue: elseValue)
    return ParsedExpression(.caseExpression(body), span: span(from: start))
  }

  /// Reduce = "reduce" "(" Variable "=" Expression "," Variable "IN" Expression "|" Expression ")"
  mutating func parseReduce() throws(QueryError) -> ParsedExpression {
    let start = current.span.utf8Start
    advance()
    advance()
    try enter()
    defer { leave() }
    let accumulator = try parseVariable("for the accumulator of reduce(…)")
    try expect(.equal, "=", "after the accumulator of reduce(…)")
    let initial = try parseExpression()
    try expect(.comma, ",", "after the initial value of reduce(…)")
    let variable = try parseVariable("for the element of reduce(…)")
    try expect(.in, "after the element variable of reduce(…)")
    let source = try parseExpression()
    try expect(.pipe, "|", "before the expression of reduce(…)")
    let expression = try parseExpression()
    try expect(.rightParen, ")", "to close reduce(…)")
    let body = ParsedExpression.Reduce(
      accumulator: accumulator, initial: initial, variable: variable, source: source,
      expression: expression)
    return ParsedExpression(.reduce(body), span: span(from: start))
  }

  /// ExistsSubquery = "EXISTS" "{" ( Query | Pattern [ Where ] ) "}"
  mutating func parseExistsSubquery() throws(QueryError) -> ParsedExpression {
    let start = current.span.utf8Start
    advance()
    advance()
    try enter()
    defer { leave() }
    let body: ParsedExpression.ExistsSubquery
    if current.kind == .identifier, current.keyword != nil, current.keyword != .shortestPath,
      current.keyword != .allShortestPaths, peek().kind != .equal
    {
      body = .query(try parseQuery())
    } else {
      let pattern = try parsePattern()
      body = .pattern(pattern, predicate: try parseWhere())
    }
    try expect(.rightBrace, "}", "to close EXISTS { … }")
    return ParsedExpression(.exists(body), span: span(from: start))
  }

  /// ParenthesizedExpression = "(" Expression ")", or a pattern used as a predicate.
  mutating func parseParenthesized() throws(QueryError) -> ParsedExpression {
    let start = current.span.utf8Start
    if startsRelationshipsPattern() {
      let element = try parsePatternElement()
      let span = span(from: start)
      guard allowsPatternPredicates else {
        throw error(
          at: span, code: .unexpectedSyntax,
          "a pattern can only be a predicate in WHERE; use EXISTS { … } or a pattern comprehension [(…)-->(…) | …]"
        )
      }
      return ParsedExpression(.patternPredicate(element), span: span)
    }
    advance()
    let inner = try parseExpression()
    try expect(.rightParen, ")", "to close the parenthesised expression")
    // Parentheses leave no node of their own, but the span takes them in, so a
    // column named after `(a + b)` keeps its parentheses.
    return ParsedExpression(inner.kind, span: span(from: start))
  }

  /// A list literal, list comprehension or pattern comprehension.
  mutating func parseBracketed() throws(QueryError) -> ParsedExpression {
    let start = current.span.utf8Start
    advance()
    try enter()
    defer { leave() }
    if isVariableToken(current), isKeyword(.in, at: 1) {
      let comprehension = try parseComprehensionBody(allowsProjection: true)
      try expect(.rightBracket, "]", "to close the list comprehension")
      return ParsedExpression(.listComprehension(comprehension), span: span(from: start))
    }
    let hasPathVariable =
      isVariableToken(current) && peek().kind == .equal && peek(2).kind == .leftParen
    if hasPathVariable || startsRelationshipsPattern() {
      var pathVariable: ParsedName?
      if hasPathVariable {
        pathVariable = try parseVariable("")
        advance()
      }
      let element = try parsePatternElement()
      let predicate = try parseWhere()
      try expect(.pipe, "|", "before the projection of the pattern comprehension")
      let projection = try parseExpression()
      try expect(.rightBracket, "]", "to close the pattern comprehension")
      let body = ParsedExpression.PatternComprehension(
        pathVariable: pathVariable, pattern: element, predicate: predicate,
        projection: projection)
      return ParsedExpression(.patternComprehension(body), span: span(from: start))
    }
    var elements: [ParsedExpression] = []
    if current.kind != .rightBracket {
      repeat { elements.append(try parseExpression()) } while accept(.comma) != nil
    }
    try expect(.rightBracket, "]", "to close the list")
    return ParsedExpression(.list(elements), span: span(from: start))
  }

  /// `x IN list [WHERE predicate] [| projection]`, the inside of comprehensions and quantifiers.
  mutating func parseComprehensionBody(allowsProjection: Bool) throws(QueryError)
    -> ParsedExpression.Comprehension
  {
    let variable = try parseVariable("")
    try expect(.in, "after the variable")
    let source = try parseExpression()
    let predicate = try parseWhere()
    var projection: ParsedExpression?
    if allowsProjection, accept(.pipe) != nil {
      projection = try parseExpression()
    }
    return .init(variable: variable, source: source, predicate: predicate, projection: projection)
  }

  /// MapLiteral = "{" [ PropertyKeyName ":" Expression { "," PropertyKeyName ":" Expression } ] "}"
  mutating func parseMapLiteral() throws(QueryError) -> ParsedExpression {
    let start = current.span.utf8Start
    try expect(.leftBrace, "{", "to start the map")
    try enter()
    defer { leave() }
    var entries: [ParsedExpression.MapEntry] = []
    if current.kind != .rightBrace {
      repeat {
        if case .invalid(let reason) = current.kind, reason.code == .invalidNumberLiteral {
          throw error(
            at: current.span, code: .unexpectedSyntax,
            "expected a property key, found \(describe(current))")
        }
        let key = try parseSchemaName("property key")
        try expect(.colon, ":", "after the key '\(key.text)'")
        entries.append(.init(key: key, value: try parseExpression()))
      } while accept(.comma) != nil
    }
    try expect(.rightBrace, "}", "to close the map")
    return ParsedExpression(.map(entries), span: span(from: start))
  }

  // MARK: - Names

  /// Whether `token` can name a variable: a non-reserved word or a quoted name.
  func isVariableToken(_ token: Token) -> Bool {
    switch token.kind {
    case .quotedIdentifier: true
    case .identifier: token.keyword.map { !$0.isReserved } ?? true
    default: false
    }
  }

  var isVariableStart: Bool { isVariableToken(current) }

  func isSchemaNameToken(_ token: Token) -> Bool {
    token.kind == .identifier || token.kind == .quotedIdentifier
  }

  /// Variable = SymbolicName (a non-reserved word or a quoted name).
  mutating func parseVariable(_ purpose: String) throws(QueryError) -> ParsedName {
    guard isVariableStart else {
      let what =
        purpose.isEmpty ? "expected a variable name" : "expected a variable name \(purpose)"
      if current.kind == .identifier {
        throw error(
          "\(what); '\(text(of: current))' is a reserved word (quote it as `\(text(of: current))`)",
          expected: ["a variable name"])
      }
      throw error(what, expected: ["a variable name"])
    }
    return try parseSchemaName("variable")
  }

  /// SchemaName = SymbolicName | ReservedWord: labels, types, keys and function names.
  mutating func parseSchemaName(_ what: String) throws(QueryError) -> ParsedName {
    let token = current
    switch token.kind {
    case .identifier:
      advance()
      return ParsedName(text(of: token), span: token.span)
    case .quotedIdentifier:
      advance()
      let name = unquote(token)
      if name.isEmpty {
        throw error(at: token.span, code: .unexpectedSyntax, "a quoted name cannot be empty")
      }
      return ParsedName(name, span: token.span)
    default:
      let article = what.first.map { "aeiou".contains($0) } == true ? "an" : "a"
      throw error("expected \(article) \(what)", expected: ["\(article) \(what)"])
    }
  }

  /// The name inside back quotes, with each doubled back quote made single.
  func unquote(_ token: Token) -> String {
    let inner = bytes[(token.span.utf8Start + 1)..<(token.span.utf8End - 1)]
    let text = String(decoding: inner, as: UTF8.self)
    return text.contains("``") ? text.replacing("``", with: "`") : text
  }

  func parameterName(_ token: Token) -> String {
    if bytes[token.span.utf8Start + 1] == UInt8(ascii: "`") {
      var inner = token
      inner.span.utf8Start += 1
      return unquote(inner)
    }
    return String(
      decoding: bytes[(token.span.utf8Start + 1)..<token.span.utf8End], as: UTF8.self)
  }

  // MARK: - Literals

  mutating func parseNumberLiteral(negated: Bool, start: Int) throws(QueryError)
    -> ParsedExpression
  {
    let token = advance()
    let span = SourceSpan(utf8Start: start, utf8End: token.span.utf8End)
    if token.kind == .float {
      let digits = text(of: token)
      guard let value = Double(digits.hasPrefix(".") ? "0" + digits : digits), value.isFinite
      else {
        throw error(
          at: span, code: .floatingPointOverflow,
          "the float literal '\(negated ? "-" : "")\(digits)' is out of range")
      }
      return ParsedExpression(.literal(.float(negated ? -value : value)), span: span)
    }
    guard let value = try integerValue(of: token, negated: negated) else {
      throw error(
        at: span, code: .integerOverflow,
        "the integer literal '\(negated ? "-" : "")\(text(of: token))' does not fit in 64 bits")
    }
    return ParsedExpression(.literal(.integer(value)), span: span)
  }

  /// The value of an integer token, or nil when it does not fit in an Int64.
  func integerValue(of token: Token, negated: Bool) throws(QueryError) -> Int64? {
    var digits = bytes[token.span.utf8Start..<token.span.utf8End]
    var radix: UInt64 = 10
    if digits.count > 1, digits.first == UInt8(ascii: "0") {
      let marker = digits[digits.startIndex + 1] | 0x20
      if marker == UInt8(ascii: "x") {
        radix = 16
        digits = digits.dropFirst(2)
      } else if marker == UInt8(ascii: "o") {
        radix = 8
        digits = digits.dropFirst(2)
      } else {
        radix = 8  // legacy octal: 0755
        digits = digits.dropFirst()
        if digits.contains(where: { $0 > UInt8(ascii: "7") }) {
          throw error(
            at: token.span, code: .invalidNumberLiteral,
            "invalid octal integer literal '\(text(of: token))'; a leading 0 means octal")
        }
      }
    }
    var magnitude: UInt64 = 0
    for b in digits {
      let digit = UInt64(Lexer.hexValue(b) ?? 0)
      let (shifted, overflow1) = magnitude.multipliedReportingOverflow(by: radix)
      let (sum, overflow2) = shifted.addingReportingOverflow(digit)
      if overflow1 || overflow2 { return nil }
      magnitude = sum
    }
    if negated {
      if magnitude == UInt64(Int64.max) + 1 { return Int64.min }
      return magnitude <= UInt64(Int64.max) ? -Int64(magnitude) : nil
    }
    return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
  }

  /// The decoded text of a string literal token (escapes were checked by the lexer).
  func stringValue(of token: Token) -> String {
    let start = token.span.utf8Start + 1
    let end = token.span.utf8End - 1
    guard start < end else { return "" }
    if !bytes[start..<end].contains(UInt8(ascii: "\\")) {
      return String(decoding: bytes[start..<end], as: UTF8.self)
    }
    var scalars = String.UnicodeScalarView()
    var utf8Offset = start
    while utf8Offset < end {
      if bytes[utf8Offset] == UInt8(ascii: "\\") {
        let (scalar, length, _) = Lexer.decodeEscape(bytes, at: utf8Offset)
        if let scalar { scalars.append(scalar) }
        utf8Offset += length
      } else {
        let (scalar, length) = Lexer.decodeScalar(bytes, at: utf8Offset)
        scalars.append(scalar ?? "\u{FFFD}")
        utf8Offset += length
      }
    }
    return String(scalars)
  }
}
