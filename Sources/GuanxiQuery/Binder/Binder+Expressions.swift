import GuanxiGraph

/// How aggregates may appear in the expression being bound.
struct AggregationContext {
  /// Grouping keys: an expression equal to one of these reads its output slot.
  var substitutions: [(expression: ParsedExpression, slot: Int)] = []
  var aggregates: [BoundAggregate] = []
  var isInsideAggregate = false
  var allowsAggregates = true
}

extension Binder {
  // MARK: - Expressions

  mutating func bindExpression(_ e: ParsedExpression, scope: Scope) throws(QueryError)
    -> BoundExpression
  {
    var context: AggregationContext? = nil
    return try bindExpression(e, scope: scope, aggregation: &context)
  }

  mutating func bindExpression(
    _ e: ParsedExpression, scope: Scope, aggregation: inout AggregationContext?
  ) throws(QueryError) -> BoundExpression {
    if let context = aggregation, !context.isInsideAggregate {
      for (expression, slot) in context.substitutions where expression == e {
        return .slot(slot)
      }
    }
    func sub(_ x: ParsedExpression, _ binder: inout Binder) throws(QueryError) -> BoundExpression {
      try binder.bindExpression(x, scope: scope, aggregation: &aggregation)
    }
    switch e.kind {
    case .literal(let literal):
      switch literal {
      case .null: return .constant(.null)
      case .bool(let b): return .constant(.bool(b))
      case .integer(let i): return .constant(.int(i))
      case .float(let d): return .constant(.float(d))
      case .string(let s): return .constant(.string(s))
      }
    case .parameter(let name):
      return .parameter(parameter(name, span: e.span), name: name)
    case .variable(let name):
      guard let v = scope[name] else {
        throw fail(.undefinedVariable, "variable '\(name)' is not defined", at: e.span)
      }
      return .slot(v.slot)
    case .property(let base, let key):
      let b = try sub(base, &self)
      switch staticKind(b, scope: scope) {
      case .value(let t?) where t != .map && t != .null:
        throw fail(
          .invalidArgumentType, "cannot read property '\(key.text)' of a \(t.rawValue)", at: e.span)
      case .relationshipList, .path:
        throw fail(
          .invalidArgumentType,
          "cannot read property '\(key.text)' of a \(staticKind(b, scope: scope).description)",
          at: e.span)
      default: break
      }
      if case .constant(.map(let m)) = b { return .constant(m[key.text] ?? .null) }
      switch staticKind(b, scope: scope) {
      case .node, .relationship: checkKnown(key, kind: "property key")
      default: break
      }
      return .property(b, key: key.text, span: e.span)
    case .subscript(let base, let index):
      return .subscript(try sub(base, &self), try sub(index, &self), span: e.span)
    case .slice(let base, let from, let to):
      let b = try sub(base, &self)
      let f = try from.map { (x) throws(QueryError) in try sub(x, &self) }
      let t = try to.map { (x) throws(QueryError) in try sub(x, &self) }
      return .slice(b, f, t, span: e.span)
    case .hasLabels(let base, let labels):
      for label in labels { checkKnown(label, kind: "label") }
      return .hasLabels(try sub(base, &self), labels.map(\.text), span: e.span)
    case .unary(let op, let operand):
      let o = try sub(operand, &self)
      switch op {
      case .not:
        try requireBooleanish(o, at: operand.span, scope: scope)
        return .not(o, span: e.span)
      case .minus:
        if case .constant(.int(let i)) = o, i != .min { return .constant(.int(-i)) }
        if case .constant(.float(let d)) = o { return .constant(.float(-d)) }
        return .negate(o, span: e.span)
      case .plus: return o
      }
    case .binary(let op, let lhs, let rhs):
      let a = try sub(lhs, &self)
      let b = try sub(rhs, &self)
      switch op {
      case .and, .or, .xor:
        try requireBooleanish(a, at: lhs.span, scope: scope)
        try requireBooleanish(b, at: rhs.span, scope: scope)
        return op == .and
          ? .and(a, b, span: e.span)
          : op == .or ? .or(a, b, span: e.span) : .xor(a, b, span: e.span)
      case .equal: return .compare(.equal, a, b)
      case .notEqual: return .compare(.notEqual, a, b)
      case .lessThan: return .compare(.less, a, b)
      case .greaterThan: return .compare(.greater, a, b)
      case .lessThanOrEqual: return .compare(.lessOrEqual, a, b)
      case .greaterThanOrEqual: return .compare(.greaterOrEqual, a, b)
      case .regexMatch: return .regex(a, b, span: e.span)
      case .in:
        switch staticKind(b, scope: scope) {
        case .value(let t?) where t != .list && t != .null:
          throw fail(.invalidArgumentType, "IN expects a list on its right", at: rhs.span)
        case .node, .relationship, .path:
          throw fail(.invalidArgumentType, "IN expects a list on its right", at: rhs.span)
        default: break
        }
        return .inList(a, b, span: e.span)
      case .startsWith: return .stringMatch(.startsWith, a, b)
      case .endsWith: return .stringMatch(.endsWith, a, b)
      case .contains: return .stringMatch(.contains, a, b)
      case .add, .subtract, .multiply, .divide, .modulo, .power:
        // The two operator enums share their spellings, so one maps onto the other.
        guard let arithmetic = ArithmeticOperator(rawValue: op.rawValue) else {
          preconditionFailure("'\(op.rawValue)' is not an arithmetic operator")
        }
        try checkArithmetic(op, a, b, scope: scope, span: e.span)
        return .arithmetic(arithmetic, a, b, span: e.span)
      }
    case .comparisonChain(let first, let steps):
      var left = try sub(first, &self)
      var result: BoundExpression? = nil
      for step in steps {
        let right = try sub(step.operand, &self)
        let op: ComparisonOperator =
          switch step.comparison {
          case .equal: .equal
          case .notEqual: .notEqual
          case .lessThan: .less
          case .greaterThan: .greater
          case .lessThanOrEqual: .lessOrEqual
          default: .greaterOrEqual
          }
        let c = BoundExpression.compare(op, left, right)
        result = result.map { .and($0, c, span: e.span) } ?? c
        left = right
      }
      return result ?? left
    case .isNull(let operand, let negated):
      return .isNull(try sub(operand, &self), isNegated: negated)
    case .function(let call):
      return try bindFunction(call, span: e.span, scope: scope, aggregation: &aggregation)
    case .countStar:
      return try bindAggregate(
        .countStar, isDistinct: false, arguments: [], span: e.span, aggregation: &aggregation)
    case .caseExpression(let c):
      let subject = try c.subject.map { (x) throws(QueryError) in try sub(x, &self) }
      var alternatives: [(BoundExpression, BoundExpression)] = []
      for alt in c.alternatives {
        alternatives.append((try sub(alt.when, &self), try sub(alt.then, &self)))
      }
      let elseValue = try c.elseValue.map { (x) throws(QueryError) in try sub(x, &self) }
      return .caseExpression(subject: subject, alternatives, else: elseValue, span: e.span)
    case .list(let items):
      var bound: [BoundExpression] = []
      for item in items { bound.append(try sub(item, &self)) }
      var constants: [RuntimeValue] = []
      for b in bound {
        guard case .constant(let v) = b else { return .list(bound, span: e.span) }
        constants.append(v)
      }
      return .constant(.list(constants))
    case .map(let entries):
      var bound: [(String, BoundExpression)] = []
      for entry in entries { bound.append((entry.key.text, try sub(entry.value, &self))) }
      var constants: [String: RuntimeValue] = [:]
      for (k, b) in bound {
        guard case .constant(let v) = b else { return .map(bound, span: e.span) }
        constants[k] = v
      }
      return .constant(.map(constants))
    case .mapProjection(let name, let items):
      let v = try lookup(name, scope: scope)
      var bound: [BoundMapProjectionItem] = []
      for item in items {
        switch item {
        case .property(let key): bound.append(.property(key.text))
        case .allProperties: bound.append(.allProperties)
        case .entry(let key, let value): bound.append(.entry(key.text, try sub(value, &self)))
        case .variable(let variable):
          bound.append(.entry(variable.text, .slot(try lookup(variable, scope: scope).slot)))
        }
      }
      return .mapProjection(.slot(v.slot), bound, span: e.span)
    case .listComprehension(let c):
      let source = try sub(c.source, &self)
      try requireList(source, at: c.source.span, scope: scope)
      var inner = scope
      let slot = newSlot()
      inner[c.variable.text] = declare(
        c.variable.text, slot, kind: elementKind(source, scope: scope))
      let predicate = try c.predicate.map { (x) throws(QueryError) in
        try bindExpression(x, scope: inner, aggregation: &aggregation)
      }
      let projection = try c.projection.map { (x) throws(QueryError) in
        try bindExpression(x, scope: inner, aggregation: &aggregation)
      }
      return .listComprehension(
        slot: slot, source: source, predicate: predicate, projection: projection, span: e.span)
    case .quantifier(let q, let c):
      let source = try sub(c.source, &self)
      try requireList(source, at: c.source.span, scope: scope)
      var inner = scope
      let slot = newSlot()
      inner[c.variable.text] = declare(
        c.variable.text, slot, kind: elementKind(source, scope: scope))
      let predicate = try c.predicate.map { (x) throws(QueryError) in
        try bindExpression(x, scope: inner, aggregation: &aggregation)
      }
      return .quantifier(q, slot: slot, source: source, predicate: predicate, span: e.span)
    case .reduce(let r):
      let initial = try sub(r.initial, &self)
      let source = try sub(r.source, &self)
      try requireList(source, at: r.source.span, scope: scope)
      var inner = scope
      let accumulator = newSlot()
      let slot = newSlot()
      inner[r.accumulator.text] = declare(r.accumulator.text, accumulator, kind: .value(nil))
      inner[r.variable.text] = declare(
        r.variable.text, slot, kind: elementKind(source, scope: scope))
      let expression = try bindExpression(r.expression, scope: inner, aggregation: &aggregation)
      return .reduce(
        accumulator: accumulator, initial: initial, slot: slot, source: source,
        expression: expression,
        span: e.span)
    case .patternComprehension(let pc):
      var inner = scope
      let part = ParsedPatternPart(
        variable: pc.pathVariable, selector: .all, element: pc.pattern, span: pc.pattern.span)
      let match = ParsedClause.Match(
        isOptional: false, pattern: ParsedPattern(parts: [part], span: pc.pattern.span),
        predicate: pc.predicate, span: e.span)
      let boundMatch = try bindMatch(match, scope: &inner)
      let projection = try bindExpression(pc.projection, scope: inner)
      let subquery = BoundSubquery(
        clauses: [.match(boundMatch)],
        outerSlots: outerSlots(of: [.match(boundMatch)], extra: projection, scope: scope))
      return .patternComprehension(subquery, projection: projection, span: e.span)
    case .exists(let ex):
      var inner = scope
      switch ex {
      case .pattern(let pattern, let predicate):
        let match = ParsedClause.Match(
          isOptional: false, pattern: pattern, predicate: predicate, span: e.span)
        let bound = try bindMatch(match, scope: &inner)
        return .exists(
          BoundSubquery(
            clauses: [.match(bound)],
            outerSlots: outerSlots(of: [.match(bound)], extra: nil, scope: scope)))
      case .query(let q):
        guard q.parts.count == 1 else {
          throw fail("UnsupportedFeature", "UNION inside EXISTS is not supported", at: e.span)
        }
        let single = try bind(q.parts[0], scope: &inner)
        return .exists(
          BoundSubquery(
            clauses: single.clauses,
            outerSlots: outerSlots(of: single.clauses, extra: nil, scope: scope)))
      }
    case .patternPredicate(let element):
      var inner = scope
      let part = ParsedPatternPart(
        variable: nil, selector: .all, element: element, span: element.span)
      for node in element.nodes {
        if let v = node.variable, scope[v.text] == nil {
          throw fail(.undefinedVariable, "variable '\(v.text)' is not defined", at: v.span)
        }
      }
      for step in element.steps {
        if let v = step.relationship.variable, scope[v.text] == nil {
          throw fail(.undefinedVariable, "variable '\(v.text)' is not defined", at: v.span)
        }
      }
      let match = ParsedClause.Match(
        isOptional: false, pattern: ParsedPattern(parts: [part], span: element.span),
        predicate: nil,
        span: e.span)
      let bound = try bindMatch(match, scope: &inner)
      return .exists(
        BoundSubquery(
          clauses: [.match(bound)],
          outerSlots: outerSlots(of: [.match(bound)], extra: nil, scope: scope)))
    }
  }

  /// Arithmetic on operands whose types are known not to fit.
  func checkArithmetic(
    _ op: ParsedExpression.BinaryOperator, _ a: BoundExpression, _ b: BoundExpression, scope: Scope,
    span: SourceSpan
  ) throws(QueryError) {
    let kinds = [staticKind(a, scope: scope), staticKind(b, scope: scope)]
    if op == .add, kinds.contains(where: { $0 == .value(.list) || $0 == .relationshipList }) {
      return
    }
    for k in kinds {
      switch k {
      case .value(.boolean?), .value(.map?), .node, .relationship, .path:
        throw fail(
          .invalidArgumentType, "'\(op.rawValue)' cannot take a \(k.description)", at: span)
      case .value(.string?), .value(.list?), .relationshipList:
        if op != .add {
          throw fail(
            .invalidArgumentType, "'\(op.rawValue)' cannot take a \(k.description)", at: span)
        }
      default: break
      }
    }
  }

  /// The slots of `scope` that the clauses (and `extra`) read.
  func outerSlots(of clauses: [BoundClause], extra: BoundExpression?, scope: Scope) -> Set<Int> {
    let outer = Set(scope.values.map(\.slot))
    var used = Set<Int>()
    extra?.collectSlots(into: &used)
    for clause in clauses {
      switch clause {
      case .match(let m):
        for part in m.pattern.parts {
          for n in part.nodes {
            used.insert(n.slot)
            n.properties?.collectSlots(into: &used)
          }
          for r in part.relationships {
            used.insert(r.slot)
            r.properties?.collectSlots(into: &used)
          }
        }
        m.predicate?.collectSlots(into: &used)
      case .unwind(let e, _): e.collectSlots(into: &used)
      case .projection(let p):
        for item in p.items { item.expression.collectSlots(into: &used) }
        for a in p.aggregates { for x in a.arguments { x.collectSlots(into: &used) } }
        p.predicate?.collectSlots(into: &used)
        for s in p.orderBy { s.expression.collectSlots(into: &used) }
      default: break
      }
    }
    return used.intersection(outer)
  }

  func requireList(_ e: BoundExpression, at span: SourceSpan, scope: Scope) throws(QueryError) {
    switch staticKind(e, scope: scope) {
    case .value(let t?) where t != .list && t != .null:
      throw fail(.invalidArgumentType, "expected a list", at: span)
    case .node, .relationship, .path:
      throw fail(.invalidArgumentType, "expected a list", at: span)
    default: break
    }
  }

  func elementKind(_ source: BoundExpression, scope: Scope) -> Kind {
    if staticKind(source, scope: scope) == .relationshipList { return .relationship }
    if case .constant(.list(let items)) = source, let first = items.first {
      let t = Binder.staticType(of: first)
      if items.allSatisfy({ Binder.staticType(of: $0) == t }) { return .value(t) }
    }
    return .value(nil)
  }

  mutating func bindFunction(
    _ call: ParsedExpression.FunctionCall, span: SourceSpan, scope: Scope,
    aggregation: inout AggregationContext?
  ) throws(QueryError) -> BoundExpression {
    let name = call.qualifiedName.lowercased()
    if let aggregate = AggregateFunction(rawValue: name), aggregate != .countStar {
      if aggregation?.isInsideAggregate == true {
        throw fail(.nestedAggregation, "aggregate functions cannot be nested", at: span)
      }
      var arguments: [BoundExpression] = []
      let expected = (aggregate == .percentileDisc || aggregate == .percentileCont) ? 2 : 1
      if call.arguments.count != expected {
        throw fail(
          .invalidArgumentType,
          "\(call.qualifiedName) expects \(expected) argument\(expected == 1 ? "" : "s")",
          at: span)
      }
      aggregation?.isInsideAggregate = true
      for a in call.arguments {
        arguments.append(try bindExpression(a, scope: scope, aggregation: &aggregation))
      }
      aggregation?.isInsideAggregate = false
      return try bindAggregate(
        aggregate, isDistinct: call.isDistinct, arguments: arguments, span: span,
        aggregation: &aggregation)
    }
    if Binder.unsupportedFunctions.contains(name) {
      throw fail(
        "UnsupportedFeature", "\(call.qualifiedName)() is not supported (only the date type is)",
        at: call.name.span)
    }
    guard let function = BuiltinFunction(name: name) else {
      throw fail(.unknownFunction, "unknown function '\(call.qualifiedName)'", at: call.name.span)
    }
    guard function.arity.contains(call.arguments.count) else {
      throw fail(
        .invalidArgumentType,
        "\(call.qualifiedName) takes \(function.arityDescription), not \(call.arguments.count)",
        at: span)
    }
    var arguments: [BoundExpression] = []
    for a in call.arguments {
      arguments.append(try bindExpression(a, scope: scope, aggregation: &aggregation))
    }
    try checkArgumentKinds(function, arguments, call: call, scope: scope)
    return .function(function, arguments, span: span)
  }

  func checkArgumentKinds(
    _ f: BuiltinFunction, _ arguments: [BoundExpression], call: ParsedExpression.FunctionCall,
    scope: Scope
  ) throws(QueryError) {
    guard let first = arguments.first else { return }
    let kind = staticKind(first, scope: scope)
    func reject() -> QueryError {
      fail(
        .invalidArgumentType, "\(call.qualifiedName) cannot take a \(kind.description)",
        at: call.arguments[0].span)
    }
    switch f {
    case .properties, .keys:
      switch kind {
      case .path, .relationshipList: throw reject()
      case .value(let t?) where t != .map && t != .null: throw reject()
      default: break
      }
    case .type:
      switch kind {
      case .node, .path, .relationshipList: throw reject()
      case .value(let t?) where t != .null: throw reject()
      default: break
      }
    case .labels, .label:
      switch kind {
      case .relationship, .path, .relationshipList: throw reject()
      case .value(let t?) where t != .null: throw reject()
      default: break
      }
    case .size:
      switch kind {
      case .node, .relationship, .path: throw reject()
      default: break
      }
    case .nodes, .relationships, .length:
      switch kind {
      case .node, .relationship: throw reject()
      case .value(let t?) where t != .null && !(f == .length && (t == .string || t == .list)):
        throw reject()
      default: break
      }
    default: break
    }
  }

  mutating func bindAggregate(
    _ function: AggregateFunction, isDistinct: Bool, arguments: [BoundExpression], span: SourceSpan,
    aggregation: inout AggregationContext?
  ) throws(QueryError) -> BoundExpression {
    guard var context = aggregation, context.allowsAggregates else {
      throw fail(
        .invalidAggregation, "aggregate functions are only allowed in WITH and RETURN", at: span)
    }
    if context.isInsideAggregate {
      throw fail(.nestedAggregation, "aggregate functions cannot be nested", at: span)
    }
    let slot = newSlot()
    // EXPLAIN shows the aggregate as the user wrote it: `count(*)`, `collect(DISTINCT x)`.
    if let text = span.text(in: source) { slotNames[slot] = String(text) }
    context.aggregates.append(
      BoundAggregate(
        function: function, isDistinct: isDistinct, arguments: arguments, slot: slot, span: span))
    aggregation = context
    return .slot(slot)
  }

  // MARK: - Static types

  static func staticType(of v: RuntimeValue) -> StaticType? {
    switch v {
    case .null: .null
    case .bool: .boolean
    case .int: .integer
    case .float: .float
    case .string: .string
    case .list: .list
    case .map: .map
    default: nil
    }
  }

  func staticKind(_ e: BoundExpression, scope: Scope) -> Kind {
    switch e {
    case .constant(let v): return .value(Binder.staticType(of: v))
    case .slot(let s):
      for v in scope.values where v.slot == s { return v.kind }
      return .value(nil)
    case .not, .and, .or, .xor, .compare, .stringMatch, .regex, .inList, .isNull, .hasLabels,
      .exists,
      .quantifier:
      return .value(.boolean)
    case .list, .listComprehension, .patternComprehension: return .value(.list)
    case .map, .mapProjection: return .value(.map)
    case .pathOf: return .path
    case .function(let f, _, _):
      switch f {
      case .labels, .keys, .nodes, .relationships, .range, .split, .tail: return .value(.list)
      case .properties: return .value(.map)
      case .startNode, .endNode: return .node
      case .toString, .type, .toLower, .toUpper, .trim, .lTrim, .rTrim, .replace, .substring, .left,
        .right:
        return .value(.string)
      default: return .value(nil)
      }
    default: return .value(nil)
    }
  }

  // MARK: - Projections

  /// Binds a WITH or RETURN body; returns the projection and the scope after it.
  mutating func bindProjection(
    _ projection: ParsedProjection, predicate: ParsedExpression?, scope: Scope, isReturn: Bool
  ) throws(QueryError) -> (BoundProjection, Scope) {
    // The items, as (expression, name, span); `*` expands to the variables in scope.
    var parsedItems: [(expression: ParsedExpression, name: String, span: SourceSpan)] = []
    if projection.includesAll {
      let named = scope.keys.filter { !$0.isEmpty }.sorted()
      if named.isEmpty && projection.items.isEmpty && isReturn {
        throw fail(
          .noVariablesInScope, "'*' needs at least one variable in scope", at: projection.span)
      }
      for name in named {
        parsedItems.append(
          (ParsedExpression(.variable(name), span: projection.span), name, projection.span))
      }
    }
    for item in projection.items {
      let name =
        item.alias?.text ?? item.expression.span.text(in: source).map(String.init)
        ?? "expression"
      parsedItems.append((item.expression, name, item.span))
    }
    var seenNames = Set<String>()
    for item in parsedItems {
      if !seenNames.insert(item.name).inserted {
        throw fail(
          .columnNameConflict, "column '\(item.name)' is defined more than once", at: item.span)
      }
    }
    // First pass: which items aggregate?
    var isAggregateItem: [Bool] = []
    for item in parsedItems { isAggregateItem.append(Binder.containsAggregate(item.expression)) }
    let isAggregating = isAggregateItem.contains(true)

    var items: [BoundProjection.Item] = []
    var newScope = Scope()
    var context = AggregationContext()
    // Grouping keys first, so aggregate items can refer to them.
    var itemSlots = [Int](repeating: -1, count: parsedItems.count)
    var itemExpressions = [BoundExpression?](repeating: nil, count: parsedItems.count)
    for (i, item) in parsedItems.enumerated() where !isAggregateItem[i] {
      var none: AggregationContext? = nil
      let bound = try bindExpression(item.expression, scope: scope, aggregation: &none)
      var slot: Int
      if case .slot(let s) = bound, case .variable(let v) = item.expression.kind, v == item.name {
        slot = s
      } else {
        slot = newSlot()
      }
      itemSlots[i] = slot
      itemExpressions[i] = bound
      context.substitutions.append((item.expression, slot))
    }
    var optionalContext: AggregationContext? = context
    for (i, item) in parsedItems.enumerated() where isAggregateItem[i] {
      let bound = try bindExpression(item.expression, scope: scope, aggregation: &optionalContext)
      itemSlots[i] = newSlot()
      itemExpressions[i] = bound
    }
    context = optionalContext ?? context
    let aggregateSlots = Set(context.aggregates.map(\.slot))
    let keySlots = Set(itemSlots.enumerated().filter { !isAggregateItem[$0.offset] }.map(\.element))
    for (i, item) in parsedItems.enumerated() {
      guard let bound = itemExpressions[i] else { continue }
      if isAggregateItem[i] {
        // Outside aggregate arguments, only grouping keys may be read.
        let read = bound.slotsOutsideAggregates
        if !read.isSubset(of: aggregateSlots.union(keySlots)) {
          throw fail(
            .ambiguousAggregationExpression,
            "'\(item.name)' mixes an aggregate with values that are not grouping keys",
            at: item.span)
        }
      }
      items.append(
        BoundProjection.Item(
          expression: bound, slot: itemSlots[i], name: item.name,
          containsAggregate: isAggregateItem[i]))
      let kind: Kind
      if case .slot(let s) = bound, let v = scope.values.first(where: { $0.slot == s }) {
        kind = v.kind
      } else {
        kind = staticKind(bound, scope: scope)
      }
      newScope[item.name] = declare(item.name, itemSlots[i], kind: kind)
    }

    // ORDER BY sees the projected names and, without aggregation or DISTINCT, the old ones.
    var orderScope = isAggregating || projection.isDistinct ? Scope() : scope
    for (name, v) in newScope { orderScope[name] = v }
    var orderContext: AggregationContext? = nil
    if isAggregating {
      var c = AggregationContext()
      c.substitutions = parsedItems.enumerated().map {
        ($0.element.expression, itemSlots[$0.offset])
      }
      c.aggregates = context.aggregates
      orderContext = c
    } else {
      var c = AggregationContext()
      c.substitutions = parsedItems.enumerated().map {
        ($0.element.expression, itemSlots[$0.offset])
      }
      c.allowsAggregates = false
      orderContext = c
    }
    var orderBy: [BoundProjection.SortItem] = []
    for s in projection.orderBy {
      do {
        let bound = try bindExpression(s.expression, scope: orderScope, aggregation: &orderContext)
        orderBy.append(BoundProjection.SortItem(expression: bound, isDescending: s.isDescending))
      } catch {
        if error.code == .undefinedVariable, !isAggregating, projection.isDistinct,
          (try? bindExpression(s.expression, scope: scope)) != nil
        {
          throw fail(
            isAggregating ? .ambiguousAggregationExpression : .undefinedVariable,
            "ORDER BY can only use projected values after \(isAggregating ? "aggregation" : "DISTINCT")",
            at: s.expression.span)
        }
        throw error
      }
    }
    if isAggregating, let c = orderContext { context.aggregates = c.aggregates }

    let skip = try projection.skip.map { (e) throws(QueryError) in
      BoundCount(expression: try bindConstant(e, what: "SKIP"), span: e.span)
    }
    let limit = try projection.limit.map { (e) throws(QueryError) in
      BoundCount(expression: try bindConstant(e, what: "LIMIT"), span: e.span)
    }

    var boundPredicate: BoundExpression? = nil
    if let predicate {
      // WHERE after WITH sees the projected names and, like ORDER BY, the earlier ones
      // unless the projection aggregates or is DISTINCT.
      var whereScope = isAggregating ? Scope() : scope
      for (name, v) in newScope { whereScope[name] = v }
      boundPredicate = try bindPredicate(predicate, scope: whereScope)
    }
    let bound = BoundProjection(
      items: items, aggregates: context.aggregates, isDistinct: projection.isDistinct,
      orderBy: orderBy, skip: skip, limit: limit, predicate: boundPredicate, isReturn: isReturn)
    return (bound, newScope)
  }

  /// SKIP and LIMIT: an expression of literals and parameters only.
  mutating func bindConstant(_ e: ParsedExpression, what: String) throws(QueryError)
    -> BoundExpression
  {
    let bound: BoundExpression
    do {
      bound = try bindExpression(e, scope: Scope())
    } catch {
      if error.code == .undefinedVariable {
        throw fail(.nonConstantExpression, "\(what) must not depend on variables", at: e.span)
      }
      throw error
    }
    guard bound.isConstant else {
      throw fail(.nonConstantExpression, "\(what) must not depend on variables", at: e.span)
    }
    if case .constant(let v) = bound {
      switch v {
      case .int(let i) where i < 0:
        throw fail(.negativeIntegerArgument, "\(what) must not be negative", at: e.span)
      case .float:
        throw fail(.invalidArgumentType, "\(what) must be an integer", at: e.span)
      case .int, .null: break
      default:
        throw fail(.invalidArgumentType, "\(what) must be an integer", at: e.span)
      }
    }
    return bound
  }

  /// openCypher functions Guanxi knows of but does not implement.
  static let unsupportedFunctions: Set<String> = [
    "datetime", "localdatetime", "time", "localtime", "duration", "date.truncate",
    "datetime.truncate",
    "duration.between", "duration.inmonths", "duration.indays", "duration.inseconds",
    "date.statement",
    "date.transaction", "date.realtime", "timestamp", "point", "distance", "point.distance",
  ]

  static func containsAggregate(_ e: ParsedExpression) -> Bool {
    switch e.kind {
    case .countStar: return true
    case .function(let call):
      if call.namespace.isEmpty, AggregateFunction(rawValue: call.name.text.lowercased()) != nil {
        return true
      }
      return call.arguments.contains(where: containsAggregate)
    case .literal, .parameter, .variable, .patternPredicate, .exists, .patternComprehension:
      return false
    case .property(let b, _), .hasLabels(let b, _), .unary(_, let b), .isNull(let b, _):
      return containsAggregate(b)
    case .subscript(let a, let b), .binary(_, let a, let b):
      return containsAggregate(a) || containsAggregate(b)
    case .slice(let a, let b, let c):
      return containsAggregate(a) || (b.map(containsAggregate) ?? false)
        || (c.map(containsAggregate) ?? false)
    case .comparisonChain(let a, let steps):
      return containsAggregate(a) || steps.contains { containsAggregate($0.operand) }
    case .caseExpression(let c):
      return (c.subject.map(containsAggregate) ?? false)
        || c.alternatives.contains { containsAggregate($0.when) || containsAggregate($0.then) }
        || (c.elseValue.map(containsAggregate) ?? false)
    case .list(let items): return items.contains(where: containsAggregate)
    case .map(let entries): return entries.contains { containsAggregate($0.value) }
    case .mapProjection(_, let items):
      return items.contains {
        if case .entry(_, let v) = $0 { return containsAggregate(v) }
        return false
      }
    case .listComprehension(let c), .quantifier(_, let c):
      return containsAggregate(c.source) || (c.predicate.map(containsAggregate) ?? false)
        || (c.projection.map(containsAggregate) ?? false)
    case .reduce(let r):
      return containsAggregate(r.initial) || containsAggregate(r.source)
        || containsAggregate(r.expression)
    }
  }
}

extension BoundExpression {
  /// Slots read outside of aggregate arguments.
  var slotsOutsideAggregates: Set<Int> {
    switch self {
    case .aggregate: return []
    default:
      var set = Set<Int>()
      collectSlots(into: &set)
      return set
    }
  }
}
