// Patterns: `Pattern`, `PatternPart`, `PatternElement`, `NodePattern` and
// `RelationshipPattern` of Grammar/guanxi.ebnf.

extension Parser {
  /// Pattern = PatternPart { "," PatternPart }
  mutating func parsePattern() throws(QueryError) -> ParsedPattern {
    let start = current.span.utf8Start
    var parts = [try parsePatternPart()]
    while accept(.comma) != nil { parts.append(try parsePatternPart()) }
    return ParsedPattern(parts: parts, span: span(from: start))
  }

  /// PatternPart = [ Variable "=" ] ( ShortestPath | PatternElement )
  mutating func parsePatternPart() throws(QueryError) -> ParsedPatternPart {
    let start = current.span.utf8Start
    var variable: ParsedName?
    if isVariableStart, peek().kind == .equal {
      variable = try parseVariable("to name the path")
      advance()
    }
    var selector = ParsedPatternPart.Selector.all
    if current.kind == .identifier, peek().kind == .leftParen,
      current.keyword == .shortestPath || current.keyword == .allShortestPaths
    {
      selector = current.keyword == .shortestPath ? .shortestPath : .allShortestPaths
      let name = text(of: advance())
      advance()
      let element = try parsePatternElement()
      try expect(.rightParen, ")", "to close \(name)(…)")
      return ParsedPatternPart(
        variable: variable, selector: selector, element: element, span: span(from: start))
    }
    guard current.kind == .leftParen else {
      throw error(
        "expected '(' to start a node pattern", expected: ["'('"],
        suggestion: current.kind == .identifier ? "(\(text(of: current)))" : nil)
    }
    pendingShortestSelector = nil
    let element = try parsePatternElement()
    if let shortest = pendingShortestSelector {
      pendingShortestSelector = nil
      guard element.steps.count == 1 else {
        throw error(
          at: element.span, code: .invalidRelationshipPattern,
          "'* SHORTEST' needs a pattern of exactly one relationship between two nodes")
      }
      selector = shortest
    }
    return ParsedPatternPart(
      variable: variable, selector: selector, element: element, span: span(from: start))
  }

  /// PatternElement = NodePattern { RelationshipPattern NodePattern } | "(" PatternElement ")"
  mutating func parsePatternElement() throws(QueryError) -> ParsedPatternElement {
    try enter()
    defer { leave() }
    if current.kind == .leftParen, peek().kind == .leftParen {
      advance()
      let inner = try parsePatternElement()
      try expect(.rightParen, ")", "to close the parenthesised pattern")
      return inner
    }
    let start = current.span.utf8Start
    let first = try parseNodePattern()
    var steps: [ParsedPatternElement.Step] = []
    while current.kind == .minus || (current.kind == .lessThan && peek().kind == .minus) {
      let relationship = try parseRelationshipPattern()
      guard current.kind == .leftParen else {
        throw error("expected '(' to start the node after the relationship", expected: ["'('"])
      }
      let node = try parseNodePattern()
      steps.append(.init(relationship: relationship, node: node))
    }
    return ParsedPatternElement(start: first, steps: steps, span: span(from: start))
  }

  /// NodePattern = "(" [ Variable ] [ NodeLabels ] [ Properties ] ")"
  mutating func parseNodePattern() throws(QueryError) -> ParsedNodePattern {
    let start = current.span.utf8Start
    try expect(.leftParen, "(", "to start a node pattern")
    let variable = isVariableStart ? try parseVariable("for the node") : nil
    let labels = current.kind == .colon ? try parseNodeLabels() : []
    let properties = try parseOptionalProperties()
    guard current.kind == .rightParen else {
      var expected = ["')'"]
      if properties == nil { expected.insert("'{'", at: 0) }
      if labels.isEmpty && properties == nil { expected.insert("':'", at: 0) }
      throw error("expected ')' to close the node pattern", expected: expected)
    }
    advance()
    return ParsedNodePattern(
      variable: variable, labels: labels, properties: properties, span: span(from: start))
  }

  /// NodeLabels = ":" LabelName { ":" LabelName }
  mutating func parseNodeLabels() throws(QueryError) -> [ParsedName] {
    var labels: [ParsedName] = []
    while accept(.colon) != nil {
      labels.append(try parseSchemaName("label"))
    }
    return labels
  }

  /// Properties = MapLiteral | Parameter
  mutating func parseOptionalProperties() throws(QueryError) -> ParsedExpression? {
    switch current.kind {
    case .leftBrace:
      return try parseMapLiteral()
    case .parameter:
      let token = advance()
      return ParsedExpression(.parameter(parameterName(token)), span: token.span)
    default:
      return nil
    }
  }

  /// RelationshipPattern = ( "<-" [ Detail ] "-" [ ">" ] ) | ( "-" [ Detail ] "-" [ ">" ] )
  ///
  /// `<-…->` is read as undirected, as openCypher does.
  mutating func parseRelationshipPattern() throws(QueryError) -> ParsedRelationshipPattern {
    let start = current.span.utf8Start
    let pointsLeft = accept(.lessThan) != nil
    try expect(.minus, "-", "to start the relationship pattern")
    var variable: ParsedName?
    var types: [ParsedName] = []
    var length: ParsedRelationshipPattern.Length?
    var properties: ParsedExpression?
    if accept(.leftBracket) != nil {
      if isVariableStart { variable = try parseVariable("for the relationship") }
      if accept(.colon) != nil {
        types.append(try parseSchemaName("relationship type"))
        while accept(.pipe) != nil {
          _ = accept(.colon)
          types.append(try parseSchemaName("relationship type"))
        }
      }
      if current.kind == .star {
        length = try parseLength()
      } else if current.kind == .dotDot {
        throw error(
          "a variable-length relationship needs '*' before its bounds, as in '*1..3'",
          code: .invalidRelationshipPattern)
      }
      properties = try parseOptionalProperties()
      guard current.kind == .rightBracket else {
        var expected: [String] = []
        if properties == nil {
          if types.isEmpty { expected.append("':'") }
          if length == nil { expected.append("'*'") }
          expected.append("'{'")
        }
        expected.append("']'")
        throw error("expected ']' to close the relationship pattern", expected: expected)
      }
      advance()
    }
    try expect(.minus, "-", "to continue the relationship pattern")
    let pointsRight = accept(.greaterThan) != nil
    let direction: ParsedRelationshipPattern.Direction =
      pointsLeft == pointsRight ? .undirected : pointsLeft ? .incoming : .outgoing
    return ParsedRelationshipPattern(
      direction: direction, variable: variable, types: types, length: length,
      properties: properties, span: span(from: start))
  }

  /// RangeLiteral = "*" [ [ "ALL" ] "SHORTEST" ] [ IntegerLiteral ] [ ".." [ IntegerLiteral ] ]
  ///
  /// `* SHORTEST 1..10` is Kùzu's spelling of `shortestPath((a)-[*1..10]-(b))`, accepted so
  /// that queries written for Kùzu run unchanged; it sets `pendingShortestSelector`.
  mutating func parseLength() throws(QueryError) -> ParsedRelationshipPattern.Length {
    let start = current.span.utf8Start
    advance()  // '*'
    if current.kind == .identifier || current.keyword != nil {
      let word = text(of: current).uppercased()
      if word == "SHORTEST" {
        advance()
        pendingShortestSelector = .shortestPath
      } else if word == "ALL", text(of: peek()).uppercased() == "SHORTEST" {
        advance()
        advance()
        pendingShortestSelector = .allShortestPaths
      }
    }
    if current.kind == .minus {
      throw error(
        "the bounds of a variable-length relationship cannot be negative",
        code: .invalidRelationshipPattern)
    }
    let minimum = current.kind == .integer ? try parseBound() : nil
    if accept(.dotDot) != nil {
      if current.kind == .minus {
        throw error(
          "the bounds of a variable-length relationship cannot be negative",
          code: .invalidRelationshipPattern)
      }
      let maximum = current.kind == .integer ? try parseBound() : nil
      return .init(minimum: minimum, maximum: maximum, span: span(from: start))
    }
    if current.kind == .float {
      throw error(
        "expected an integer bound or '..' in the variable-length relationship",
        code: .invalidRelationshipPattern)
    }
    return .init(minimum: minimum, maximum: minimum, span: span(from: start))
  }

  mutating func parseBound() throws(QueryError) -> Int {
    let token = advance()
    guard let value = try integerValue(of: token, negated: false), value <= Int64(Int32.max) else {
      throw error(
        at: token.span, code: .invalidRelationshipPattern,
        "the variable-length bound '\(text(of: token))' is too large")
    }
    return Int(value)
  }

  /// Whether a node pattern followed by a relationship pattern and '(' starts here.
  ///
  /// Used where `(` could begin either a pattern or a parenthesised expression;
  /// looks no further than that, so a later error inside the pattern is reported
  /// where it is, not as "expected an expression".
  mutating func startsRelationshipsPattern() -> Bool {
    guard current.kind == .leftParen else { return false }
    let saved = index
    defer { index = saved }
    let found: Bool? = attempt { (parser: inout Parser) throws(QueryError) -> Bool in
      var openParens = 0
      while parser.current.kind == .leftParen, parser.peek().kind == .leftParen {
        parser.advance()
        openParens += 1
        if openParens > Parser.maximumDepth { return false }
      }
      _ = try parser.parseNodePattern()
      guard
        parser.current.kind == .minus
          || (parser.current.kind == .lessThan && parser.peek().kind == .minus)
      else { return false }
      _ = try parser.parseRelationshipPattern()
      return parser.current.kind == .leftParen
    }
    return found ?? false
  }
}
