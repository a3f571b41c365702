// Scope-free checks run after parsing: rules about the shape of a statement that
// need no name resolution. Name and type rules (UndefinedVariable,
// VariableTypeConflict, …) belong to the binder.

extension Parser {
  /// Checks the rules of `statement` that need no scope, throwing the first broken one.
  ///
  /// - Throws: `QueryError` with stage `.semantic`: InvalidClauseComposition,
  ///   DifferentColumnsInUnion, NoExpressionAlias, ColumnNameConflict,
  ///   RequiresDirectedRelationship, NoSingleRelationshipType, CreatingVarLength,
  ///   InvalidParameterUse, InvalidDelete, NonConstantExpression,
  ///   NegativeIntegerArgument, InvalidArgumentType, NestedAggregation, InvalidAggregation.
  static func check(_ statement: ParsedStatement, source: [UInt8]) throws(QueryError) {
    let checker = ShapeChecker(source: source)
    try checker.check(statement.query, isSubquery: false)
  }
}

extension ParsedExpression.FunctionCall {
  /// The aggregating functions, lower-cased.
  public static let aggregateNames: Set<String> = [
    "count", "collect", "sum", "avg", "min", "max", "stdev", "stdevp", "percentilecont",
    "percentiledisc",
  ]

  /// Whether the call aggregates (`count(x)`, `collect(DISTINCT x)`, …).
  public var isAggregate: Bool {
    namespace.isEmpty && Self.aggregateNames.contains(name.text.lowercased())
  }
}

struct ShapeChecker {
  let source: [UInt8]

  func fail(_ code: QueryError.Code, _ message: String, at span: SourceSpan) -> QueryError {
    QueryError(stage: .semantic, code: code, message: message, span: span)
  }

  // MARK: - Queries and clauses

  func check(_ query: ParsedQuery, isSubquery: Bool) throws(QueryError) {
    if Set(query.unions).count > 1,
      let index = query.unions.firstIndex(where: { $0 != query.unions[0] })
    {
      throw fail(
        .invalidClauseComposition, "UNION and UNION ALL cannot be mixed in one query",
        at: query.parts[index + 1].span)
    }
    for part in query.parts {
      try check(part.clauses, isSubquery: isSubquery)
    }
    guard query.parts.count > 1 else { return }
    var firstColumns: [String]?
    for part in query.parts {
      guard case .return(let r) = part.clauses.last, !r.projection.includesAll else { continue }
      let columns = r.projection.items.map(columnName)
      if let firstColumns, firstColumns != columns {
        throw fail(
          .differentColumnsInUnion,
          "all parts of a UNION must return the same columns: \(firstColumns) and \(columns) differ",
          at: r.span)
      }
      firstColumns = firstColumns ?? columns
    }
  }

  func check(_ clauses: [ParsedClause], isSubquery: Bool) throws(QueryError) {
    var lastUpdating: ParsedClause?
    for (i, clause) in clauses.enumerated() {
      if i > 0, case .return(let r) = clauses[i - 1] {
        throw fail(
          .invalidClauseComposition,
          "RETURN must be the last clause; use WITH to pass results on to \(clause.keyword)",
          at: r.span.union(clause.span))
      }
      if isSubquery, clause.isUpdating {
        throw fail(
          .invalidClauseComposition, "\(clause.keyword) cannot be used inside EXISTS { … }",
          at: clause.span)
      }
      switch clause {
      case .match, .unwind:
        if let updating = lastUpdating {
          throw fail(
            .invalidClauseComposition,
            "WITH is required between \(updating.keyword) and \(clause.keyword)", at: clause.span)
        }
      case .with:
        lastUpdating = nil
      default:
        if clause.isUpdating { lastUpdating = clause }
      }
      try check(clause)
    }
    if !isSubquery, let last = clauses.last, !last.isUpdating {
      if case .return = last {
      } else {
        throw fail(
          .invalidClauseComposition,
          "a query cannot end with \(last.keyword); finish it with RETURN or an updating clause",
          at: last.span)
      }
    }
  }

  func check(_ clause: ParsedClause) throws(QueryError) {
    switch clause {
    case .match(let c):
      for part in c.pattern.parts { try checkReadPattern(part.element, clause: clause.keyword) }
      try check(pattern: c.pattern)
      if let p = c.predicate {
        try check(p)
        try rejectAggregation(in: p, "aggregation is not allowed in the WHERE of MATCH")
      }
    case .unwind(let c):
      try check(c.expression)
    case .with(let c):
      try check(c.projection, requiresAliases: true)
      if let p = c.predicate {
        try check(p)
        try rejectAggregation(in: p, "aggregation is not allowed in WHERE; alias it in WITH first")
      }
    case .return(let c):
      try check(c.projection, requiresAliases: false)
    case .create(let c):
      for part in c.pattern.parts {
        for step in part.element.steps {
          let r = step.relationship
          if r.direction == .undirected {
            throw fail(
              .requiresDirectedRelationship,
              "CREATE needs a direction for each relationship: use '->' or '<-'", at: r.span)
          }
          try checkCreatedRelationship(r, clause: "CREATE")
        }
      }
      try check(pattern: c.pattern)
    case .merge(let c):
      try checkReadPattern(c.path.element, clause: "MERGE")
      for step in c.path.element.steps {
        try checkCreatedRelationship(step.relationship, clause: "MERGE")
      }
      try check(pattern: ParsedPattern(parts: [c.path], span: c.path.span))
      for action in c.actions {
        for item in action.items { try check(item) }
      }
    case .set(let c):
      for item in c.items { try check(item) }
    case .remove(let c):
      for item in c.items {
        if case .property(let target, _) = item { try check(target) }
      }
    case .delete(let c):
      for e in c.expressions {
        if case .hasLabels = e.kind {
          throw fail(
            .invalidDelete,
            "DELETE takes nodes, relationships or paths; use REMOVE to remove labels",
            at: e.span)
        }
        if isConstant(e), !containsParameter(e) {
          throw fail(
            .invalidArgumentType, "DELETE takes nodes, relationships or paths, not a value",
            at: e.span)
        }
        try check(e)
      }
    }
  }

  func check(_ item: ParsedSetItem) throws(QueryError) {
    switch item {
    case .property(let target, let value, _):
      try check(target)
      try check(value)
      try rejectAggregation(in: value, "aggregation is not allowed in SET")
    case .replaceProperties(_, let value, _), .mergeProperties(_, let value, _):
      try check(value)
      try rejectAggregation(in: value, "aggregation is not allowed in SET")
    case .labels:
      break
    }
  }

  /// MATCH and MERGE look properties up, so they need a map, not a parameter.
  func checkReadPattern(_ element: ParsedPatternElement, clause: String) throws(QueryError) {
    let maps = element.nodes.map(\.properties) + element.steps.map(\.relationship.properties)
    for case let properties? in maps {
      if case .parameter = properties.kind {
        throw fail(
          .invalidParameterUse,
          "a parameter cannot stand for the property map in \(clause); write {key: $param}",
          at: properties.span)
      }
    }
  }

  func checkCreatedRelationship(_ r: ParsedRelationshipPattern, clause: String) throws(QueryError) {
    if r.types.count != 1 {
      throw fail(
        .noSingleRelationshipType,
        "\(clause) needs exactly one type for each relationship, as in -[:ATTENDED]->",
        at: r.span)
    }
    if let length = r.length {
      throw fail(
        .creatingVarLength, "\(clause) cannot make a variable-length relationship", at: length.span)
    }
  }

  func check(pattern: ParsedPattern) throws(QueryError) {
    for part in pattern.parts { try check(element: part.element) }
  }

  func check(element: ParsedPatternElement) throws(QueryError) {
    for node in element.nodes {
      if let p = node.properties { try check(p) }
    }
    for step in element.steps {
      if let p = step.relationship.properties { try check(p) }
    }
  }

  // MARK: - Projections

  func columnName(_ item: ParsedProjection.Item) -> String {
    if let alias = item.alias { return alias.text }
    if case .variable(let name) = item.expression.kind { return name }
    let span = item.expression.span
    guard span.isInside(utf8Count: source.count) else { return "" }
    return String(decoding: source[span.utf8Start..<span.utf8End], as: UTF8.self)
  }

  func check(_ projection: ParsedProjection, requiresAliases: Bool) throws(QueryError) {
    try checkGrouping(projection)
    var seen: Set<String> = []
    for item in projection.items {
      if requiresAliases, item.alias == nil {
        if case .variable = item.expression.kind {
        } else {
          throw fail(
            .noExpressionAlias,
            "an expression in WITH needs a name: add AS and a variable name", at: item.span)
        }
      }
      let name = columnName(item)
      if !seen.insert(name).inserted {
        throw fail(
          .columnNameConflict, "the column name '\(name)' is used twice; rename one with AS",
          at: item.span)
      }
      try check(item.expression)
    }
    for sort in projection.orderBy { try check(sort.expression) }
    for (keyword, bound) in [("SKIP", projection.skip), ("LIMIT", projection.limit)] {
      guard let bound else { continue }
      if !isConstant(bound) {
        throw fail(
          .nonConstantExpression,
          "\(keyword) takes a constant: a literal, a parameter or an expression of them",
          at: bound.span)
      }
      switch bound.kind {
      case .literal(.integer(let v)) where v < 0:
        throw fail(
          .negativeIntegerArgument, "\(keyword) cannot be negative, but it is \(v)", at: bound.span)
      case .literal(.integer), .parameter, .function, .binary, .unary:
        break
      default:
        throw fail(
          .invalidArgumentType, "\(keyword) takes a non-negative integer", at: bound.span)
      }
    }
  }

  /// With aggregation, what is outside the aggregates must be a grouping key.
  ///
  /// In `RETURN me.age + count(you.age)`, `me.age` is neither projected on its own
  /// nor aggregated, so its value per group is ambiguous. ORDER BY may also name
  /// the projection's aliases, and may aggregate only if the projection does.
  func checkGrouping(_ projection: ParsedProjection) throws(QueryError) {
    let isAggregating = projection.items.contains { containsAggregate($0.expression) }
    if !isAggregating {
      for sort in projection.orderBy {
        try rejectAggregation(
          in: sort.expression, "ORDER BY can only aggregate when the projection aggregates")
      }
      return
    }
    if projection.includesAll { return }
    let keys = projection.items.map(\.expression).filter { !containsAggregate($0) }
    let aliases = Set(projection.items.compactMap { $0.alias?.text })
    for item in projection.items where containsAggregate(item.expression) {
      try checkGroupingKeys(in: item.expression, keys: keys, aliases: [])
    }
    for sort in projection.orderBy where containsAggregate(sort.expression) {
      try checkGroupingKeys(in: sort.expression, keys: keys, aliases: aliases)
    }
  }

  func checkGroupingKeys(
    in e: ParsedExpression, keys: [ParsedExpression], aliases: Set<String>
  ) throws(QueryError) {
    if isAggregate(e) { return }
    // Only a plain variable or property key groups; `a.x + b.y` does not, even if projected.
    var isSimple = false
    switch e.kind {
    case .variable: isSimple = true
    case .property(let base, _): if case .variable = base.kind { isSimple = true }
    default: break
    }
    if isSimple, keys.contains(e) { return }
    switch e.kind {
    case .variable(let name):
      if aliases.contains(name) { return }
      throw fail(
        .ambiguousAggregationExpression,
        "'\(name)' is used beside an aggregation but is not a grouping key; project it on its own",
        at: e.span)
    case .listComprehension, .quantifier, .reduce, .patternComprehension, .exists:
      return  // these bind variables of their own
    default:
      var failure: QueryError?
      forEachChild(of: e) { child in
        guard failure == nil else { return }
        do throws(QueryError) {
          try checkGroupingKeys(in: child, keys: keys, aliases: aliases)
        } catch { failure = error }
      }
      if let failure { throw failure }
    }
  }

  func containsAggregate(_ e: ParsedExpression) -> Bool {
    var found = false
    visit(e, intoSubqueries: false) { if isAggregate($0) { found = true } }
    return found
  }

  // MARK: - Expressions

  /// Whether `e` mentions no variable, so it has one value before any row exists.
  func isConstant(_ e: ParsedExpression) -> Bool {
    var constant = true
    visit(e) { sub in
      switch sub.kind {
      case .variable, .countStar, .patternPredicate, .exists, .patternComprehension,
        .mapProjection:
        constant = false
      default: break
      }
    }
    return constant
  }

  func containsParameter(_ e: ParsedExpression) -> Bool {
    var found = false
    visit(e) { if case .parameter = $0.kind { found = true } }
    return found
  }

  func rejectAggregation(in e: ParsedExpression, _ message: String) throws(QueryError) {
    var found: ParsedExpression?
    visit(e, intoSubqueries: false) { sub in
      if found == nil, isAggregate(sub) { found = sub }
    }
    if let found { throw fail(.invalidAggregation, message, at: found.span) }
  }

  func isAggregate(_ e: ParsedExpression) -> Bool {
    switch e.kind {
    case .countStar: true
    case .function(let call): call.isAggregate
    default: false
    }
  }

  /// Checks nested aggregation, aggregation inside comprehensions, and subqueries.
  func check(_ e: ParsedExpression) throws(QueryError) {
    switch e.kind {
    case .function(let call) where call.isAggregate:
      for argument in call.arguments {
        var random: ParsedExpression?
        visit(argument) { sub in
          if case .function(let f) = sub.kind, f.namespace.isEmpty,
            f.name.text.lowercased() == "rand"
          {
            random = sub
          }
        }
        if let random {
          throw fail(
            .nonConstantExpression, "an aggregation cannot take a random value such as rand()",
            at: random.span)
        }
        var nested: ParsedExpression?
        visit(argument, intoSubqueries: false) { sub in
          if nested == nil, isAggregate(sub) { nested = sub }
        }
        if let nested {
          throw fail(
            .nestedAggregation, "an aggregation cannot contain another aggregation",
            at: nested.span)
        }
      }
    case .binary(.and, let l, let r), .binary(.or, let l, let r), .binary(.xor, let l, let r):
      for operand in [l, r] { try requireBooleanOrUnknown(operand) }
    case .unary(.not, let operand):
      try requireBooleanOrUnknown(operand)
    case .binary(.in, _, let r):
      switch r.kind {
      case .literal(.integer), .literal(.float), .literal(.string), .literal(.bool), .map:
        throw fail(.invalidArgumentType, "the right side of IN must be a list", at: r.span)
      default: break
      }
    case .listComprehension(let c), .quantifier(_, let c):
      for part in [c.predicate, c.projection] {
        if let part {
          try rejectAggregation(in: part, "aggregation is not allowed inside a list comprehension")
        }
      }
    case .reduce(let r):
      try rejectAggregation(in: r.expression, "aggregation is not allowed inside reduce(…)")
    case .exists(.query(let q)):
      try check(q, isSubquery: true)
      return
    case .exists(.pattern(let p, let predicate)):
      try check(pattern: p)
      if let predicate { try check(predicate) }
      return
    default:
      break
    }
    var failure: QueryError?
    forEachChild(of: e) { child in
      guard failure == nil else { return }
      do throws(QueryError) { try check(child) } catch { failure = error }
    }
    if let failure { throw failure }
  }

  /// Rejects a literal that can never be a boolean, as an operand of AND, OR, XOR or NOT.
  ///
  /// Only literals are checked here; typing anything else is the binder's work.
  func requireBooleanOrUnknown(_ e: ParsedExpression) throws(QueryError) {
    switch e.kind {
    case .literal(.integer), .literal(.float), .literal(.string), .list, .map:
      throw fail(.invalidArgumentType, "a boolean operator takes booleans or null", at: e.span)
    default: break
    }
  }

  /// Calls `body` on `e` and every expression inside it, parents first.
  func visit(
    _ e: ParsedExpression, intoSubqueries: Bool = true, _ body: (ParsedExpression) -> Void
  ) {
    body(e)
    if !intoSubqueries, case .exists = e.kind { return }
    forEachChild(of: e) { visit($0, intoSubqueries: intoSubqueries, body) }
  }

  func forEachChild(of e: ParsedExpression, _ body: (ParsedExpression) -> Void) {
    func each(_ e: ParsedExpression?) { if let e { body(e) } }
    func element(_ element: ParsedPatternElement) {
      for node in element.nodes { each(node.properties) }
      for step in element.steps { each(step.relationship.properties) }
    }
    switch e.kind {
    case .literal, .parameter, .variable, .countStar:
      break
    case .property(let base, _):
      body(base)
    case .subscript(let base, let index):
      body(base)
      body(index)
    case .slice(let base, let from, let to):
      body(base)
      each(from)
      each(to)
    case .hasLabels(let base, _):
      body(base)
    case .unary(_, let operand):
      body(operand)
    case .binary(_, let lhs, let rhs):
      body(lhs)
      body(rhs)
    case .comparisonChain(let first, let steps):
      body(first)
      for step in steps { body(step.operand) }
    case .isNull(let operand, _):
      body(operand)
    case .function(let call):
      call.arguments.forEach(body)
    case .caseExpression(let c):
      each(c.subject)
      for alternative in c.alternatives {
        body(alternative.when)
        body(alternative.then)
      }
      each(c.elseValue)
    case .list(let elements):
      elements.forEach(body)
    case .map(let entries):
      for entry in entries { body(entry.value) }
    case .mapProjection(_, let items):
      for case .entry(_, let value) in items { body(value) }
    case .listComprehension(let c), .quantifier(_, let c):
      body(c.source)
      each(c.predicate)
      each(c.projection)
    case .patternComprehension(let c):
      element(c.pattern)
      each(c.predicate)
      body(c.projection)
    case .reduce(let r):
      body(r.initial)
      body(r.source)
      body(r.expression)
    case .exists(.pattern(let pattern, let predicate)):
      for part in pattern.parts { element(part.element) }
      each(predicate)
    case .exists(.query):
      break
    case .patternPredicate(let p):
      element(p)
    }
  }
}
