// Statements, queries and clauses: `Statement`, `Query`, `SingleQuery` and the
// clause rules of Grammar/guanxi.ebnf.

extension Parser {
  /// Statement = [ "EXPLAIN" | "PROFILE" ] Query
  mutating func parseStatement() throws(QueryError) -> ParsedStatement {
    let start = current.span.utf8Start
    var mode = ParsedStatement.Mode.run
    if accept(.explain) != nil {
      mode = .explain
    } else if accept(.profile) != nil {
      mode = .profile
    }
    let query = try parseQuery()
    return ParsedStatement(mode: mode, query: query, span: span(from: start))
  }

  /// Query = SingleQuery { "UNION" [ "ALL" ] SingleQuery }
  mutating func parseQuery() throws(QueryError) -> ParsedQuery {
    let start = current.span.utf8Start
    var parts = [try parseSingleQuery()]
    var unions: [ParsedQuery.Union] = []
    while accept(.union) != nil {
      unions.append(accept(.all) != nil ? .all : .distinct)
      parts.append(try parseSingleQuery())
    }
    return ParsedQuery(parts: parts, unions: unions, span: span(from: start))
  }

  /// SingleQuery = Clause { Clause }
  mutating func parseSingleQuery() throws(QueryError) -> ParsedSingleQuery {
    let start = current.span.utf8Start
    var clauses: [ParsedClause] = []
    while let clause = try parseClause() {
      clauses.append(clause)
    }
    if clauses.isEmpty {
      var suggestion: String?
      if current.kind == .identifier, current.keyword == nil {
        suggestion = Diagnostics.nearest(
          to: text(of: current).uppercased(), among: Parser.clauseKeywords)
      }
      throw error(
        "expected a clause such as MATCH, RETURN or CREATE",
        expected: [
          "MATCH", "OPTIONAL MATCH", "UNWIND", "WITH", "RETURN", "CREATE", "MERGE",
          "SET", "REMOVE", "DELETE",
        ],
        suggestion: suggestion)
    }
    return ParsedSingleQuery(clauses: clauses, span: span(from: start))
  }

  /// One clause, or nil (consuming nothing) when the next token starts none.
  mutating func parseClause() throws(QueryError) -> ParsedClause? {
    guard current.kind == .identifier, let keyword = current.keyword else { return nil }
    let start = current.span.utf8Start
    switch keyword {
    case .match, .optional:
      return .match(try parseMatch(start: start))
    case .unwind:
      advance()
      let expression = try parseExpression()
      try expect(.as, "after the UNWIND expression")
      let variable = try parseVariable("to name each element of the UNWIND list")
      return .unwind(.init(expression: expression, variable: variable, span: span(from: start)))
    case .with:
      advance()
      let projection = try parseProjection(clause: "WITH")
      let predicate = try parseWhere()
      return .with(.init(projection: projection, predicate: predicate, span: span(from: start)))
    case .return:
      advance()
      let projection = try parseProjection(clause: "RETURN")
      return .return(.init(projection: projection, span: span(from: start)))
    case .create:
      advance()
      let pattern = try parsePattern()
      return .create(.init(pattern: pattern, span: span(from: start)))
    case .merge:
      advance()
      let path = try parsePatternPart()
      var actions: [ParsedClause.Merge.Action] = []
      while isKeyword(.on) {
        let actionStart = current.span.utf8Start
        advance()
        let trigger: ParsedClause.Merge.Action.Trigger
        if accept(.create) != nil {
          trigger = .create
        } else if accept(.match) != nil {
          trigger = .match
        } else {
          throw error("expected CREATE or MATCH after ON", expected: ["CREATE", "MATCH"])
        }
        try expect(.set, "after ON \(trigger.rawValue)")
        let items = try parseSetItems()
        actions.append(.init(trigger: trigger, items: items, span: span(from: actionStart)))
      }
      return .merge(.init(path: path, actions: actions, span: span(from: start)))
    case .set:
      advance()
      return .set(.init(items: try parseSetItems(), span: span(from: start)))
    case .remove:
      advance()
      var items = [try parseRemoveItem()]
      while accept(.comma) != nil { items.append(try parseRemoveItem()) }
      return .remove(.init(items: items, span: span(from: start)))
    case .delete, .detach:
      let isDetach = accept(.detach) != nil
      try expect(.delete, "after DETACH")
      var expressions = [try parseExpression()]
      while accept(.comma) != nil { expressions.append(try parseExpression()) }
      return .delete(.init(isDetach: isDetach, expressions: expressions, span: span(from: start)))
    default:
      return nil
    }
  }

  /// Match = [ "OPTIONAL" ] "MATCH" Pattern [ Where ]
  mutating func parseMatch(start: Int) throws(QueryError) -> ParsedClause.Match {
    let isOptional = accept(.optional) != nil
    try expect(.match, "after OPTIONAL")
    let pattern = try parsePattern()
    let predicate = try parseWhere()
    return .init(
      isOptional: isOptional, pattern: pattern, predicate: predicate, span: span(from: start))
  }

  /// Where = "WHERE" Expression; pattern predicates are allowed inside.
  mutating func parseWhere() throws(QueryError) -> ParsedExpression? {
    guard accept(.where) != nil else { return nil }
    let saved = allowsPatternPredicates
    allowsPatternPredicates = true
    defer { allowsPatternPredicates = saved }
    return try parseExpression()
  }

  /// ProjectionBody = [ "DISTINCT" ] ProjectionItems [ Order ] [ Skip ] [ Limit ]
  mutating func parseProjection(clause: String) throws(QueryError) -> ParsedProjection {
    let start = current.span.utf8Start
    let isDistinct = accept(.distinct) != nil
    var includesAll = false
    var items: [ParsedProjection.Item] = []
    if accept(.star) != nil {
      includesAll = true
      while accept(.comma) != nil { items.append(try parseProjectionItem()) }
    } else {
      items.append(try parseProjectionItem(clause: clause))
      while accept(.comma) != nil { items.append(try parseProjectionItem()) }
    }
    var orderBy: [ParsedProjection.SortItem] = []
    if accept(.order) != nil {
      try expect(.by, "after ORDER")
      repeat {
        let itemStart = current.span.utf8Start
        let expression = try parseExpression()
        var isDescending = false
        if accept(.desc) != nil || accept(.descending) != nil {
          isDescending = true
        } else if accept(.asc) == nil {
          _ = accept(.ascending)
        }
        orderBy.append(
          .init(expression: expression, isDescending: isDescending, span: span(from: itemStart)))
      } while accept(.comma) != nil
    }
    let skip = accept(.skip) != nil ? try parseExpression() : nil
    let limit = accept(.limit) != nil ? try parseExpression() : nil
    return ParsedProjection(
      isDistinct: isDistinct, includesAll: includesAll, items: items, orderBy: orderBy,
      skip: skip, limit: limit, span: span(from: start))
  }

  /// ProjectionItem = Expression [ "AS" Variable ]
  mutating func parseProjectionItem(clause: String? = nil) throws(QueryError)
    -> ParsedProjection.Item
  {
    let start = current.span.utf8Start
    if let clause, current.kind == .end || current.kind == .semicolon {
      throw error(
        "expected an expression or '*' after \(clause)", expected: ["an expression", "'*'"])
    }
    let expression = try parseExpression()
    let alias = accept(.as) != nil ? try parseVariable("as the column name after AS") : nil
    return .init(expression: expression, alias: alias, span: span(from: start))
  }

  /// SetItems = SetItem { "," SetItem }
  mutating func parseSetItems() throws(QueryError) -> [ParsedSetItem] {
    var items = [try parseSetItem()]
    while accept(.comma) != nil { items.append(try parseSetItem()) }
    return items
  }

  /// SetItem = PropertyExpression "=" Expression | Variable ( "=" | "+=" ) Expression
  ///         | Variable NodeLabels
  mutating func parseSetItem() throws(QueryError) -> ParsedSetItem {
    let start = current.span.utf8Start
    if isVariableStart, [.equal, .plusEqual, .colon].contains(peek().kind) {
      let variable = try parseVariable("to set")
      switch advance().kind {
      case .equal:
        let value = try parseExpression()
        return .replaceProperties(variable: variable, value: value, span: span(from: start))
      case .plusEqual:
        let value = try parseExpression()
        return .mergeProperties(variable: variable, value: value, span: span(from: start))
      default:
        index -= 1
        let labels = try parseNodeLabels()
        return .labels(variable: variable, labels: labels, span: span(from: start))
      }
    }
    let target = try parsePropertyExpression(purpose: "to set")
    try expect(.equal, "=", "after the property to set")
    let value = try parseExpression()
    return .property(target: target, value: value, span: span(from: start))
  }

  /// RemoveItem = Variable NodeLabels | PropertyExpression
  mutating func parseRemoveItem() throws(QueryError) -> ParsedRemoveItem {
    let start = current.span.utf8Start
    if isVariableStart, peek().kind == .colon {
      let variable = try parseVariable("to remove labels from")
      let labels = try parseNodeLabels()
      return .labels(variable: variable, labels: labels, span: span(from: start))
    }
    let target = try parsePropertyExpression(purpose: "to remove")
    return .property(target: target, span: span(from: start))
  }

  /// PropertyExpression = Atom PropertyLookup { PropertyLookup }
  mutating func parsePropertyExpression(purpose: String) throws(QueryError) -> ParsedExpression {
    let start = current.span.utf8Start
    var expression = try parseAtom()
    guard current.kind == .dot else {
      throw error(
        "expected '.' and a property key \(purpose)", expected: ["'.'", "'='", "'+='", "':'"])
    }
    while accept(.dot) != nil {
      let key = try parseSchemaName("property key")
      expression = ParsedExpression(.property(expression, key: key), span: span(from: start))
    }
    return expression
  }
}
