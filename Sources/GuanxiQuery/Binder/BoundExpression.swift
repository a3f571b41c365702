import GuanxiGraph

/// An expression with its names resolved: variables are row slots, parameters are
/// indexes, functions are known built-ins.
///
/// Example: in `MATCH (p:Person) WHERE p.name = $name`, the predicate binds to
/// `.compare(.equal, .property(.slot(0), key: "name", span: 23..<29), .parameter(0, "name"))`.
///
/// Every case whose evaluation can fail keeps the span of the expression it was bound
/// from, so a runtime error points at the failing expression itself (`1 / 0` in
/// `RETURN x + 1 / 0`): the compiler hands that span to the code that throws, and the
/// row loop pays nothing for it.
indirect enum BoundExpression: Sendable {
  case constant(RuntimeValue)
  case parameter(Int, name: String)
  case slot(Int)
  case property(BoundExpression, key: String, span: SourceSpan)
  case `subscript`(BoundExpression, BoundExpression, span: SourceSpan)
  case slice(BoundExpression, BoundExpression?, BoundExpression?, span: SourceSpan)
  case hasLabels(BoundExpression, [String], span: SourceSpan)
  case not(BoundExpression, span: SourceSpan)
  case negate(BoundExpression, span: SourceSpan)
  case and(BoundExpression, BoundExpression, span: SourceSpan)
  case or(BoundExpression, BoundExpression, span: SourceSpan)
  case xor(BoundExpression, BoundExpression, span: SourceSpan)
  case compare(ComparisonOperator, BoundExpression, BoundExpression)
  case arithmetic(ArithmeticOperator, BoundExpression, BoundExpression, span: SourceSpan)
  case stringMatch(StringOperator, BoundExpression, BoundExpression)
  case regex(BoundExpression, BoundExpression, span: SourceSpan)
  case inList(BoundExpression, BoundExpression, span: SourceSpan)
  case isNull(BoundExpression, isNegated: Bool)
  case function(BuiltinFunction, [BoundExpression], span: SourceSpan)
  /// An aggregate call; only inside projections, replaced by a slot before planning.
  case aggregate(BoundAggregate)
  case caseExpression(
    subject: BoundExpression?, [(BoundExpression, BoundExpression)], else: BoundExpression?,
    span: SourceSpan)
  case list([BoundExpression], span: SourceSpan)
  case map([(String, BoundExpression)], span: SourceSpan)
  case mapProjection(BoundExpression, [BoundMapProjectionItem], span: SourceSpan)
  case listComprehension(
    slot: Int, source: BoundExpression, predicate: BoundExpression?, projection: BoundExpression?,
    span: SourceSpan)
  case quantifier(
    ParsedExpression.Quantifier, slot: Int, source: BoundExpression, predicate: BoundExpression?,
    span: SourceSpan)
  case reduce(
    accumulator: Int, initial: BoundExpression, slot: Int, source: BoundExpression,
    expression: BoundExpression,
    span: SourceSpan)
  /// `[pattern WHERE p | projection]`: runs the pattern from the current row.
  case patternComprehension(BoundSubquery, projection: BoundExpression, span: SourceSpan)
  /// Pattern predicates and `EXISTS { … }`: true when the pattern matches at least once.
  case exists(BoundSubquery)
  /// A path built from the slots of a matched pattern part.
  case pathOf([PathElement])

  enum PathElement: Sendable {
    case node(Int)
    case relationship(Int)
    /// A variable-length relationship: a list of relationships.
    case relationships(Int)
  }

  /// The slots the expression reads (not counting slots bound inside it).
  func collectSlots(into set: inout Set<Int>) {
    switch self {
    case .constant, .parameter: break
    case .slot(let s): set.insert(s)
    case .property(let e, _, _), .hasLabels(let e, _, _), .not(let e, _), .negate(let e, _),
      .isNull(let e, _):
      e.collectSlots(into: &set)
    case .subscript(let a, let b, _), .and(let a, let b, _), .or(let a, let b, _),
      .xor(let a, let b, _),
      .compare(_, let a, let b), .arithmetic(_, let a, let b, _), .stringMatch(_, let a, let b),
      .regex(let a, let b, _), .inList(let a, let b, _):
      a.collectSlots(into: &set)
      b.collectSlots(into: &set)
    case .slice(let a, let b, let c, _):
      a.collectSlots(into: &set)
      b?.collectSlots(into: &set)
      c?.collectSlots(into: &set)
    case .function(_, let args, _): for a in args { a.collectSlots(into: &set) }
    case .aggregate(let a): for e in a.arguments { e.collectSlots(into: &set) }
    case .caseExpression(let subject, let alternatives, let elseValue, _):
      subject?.collectSlots(into: &set)
      for (w, t) in alternatives {
        w.collectSlots(into: &set)
        t.collectSlots(into: &set)
      }
      elseValue?.collectSlots(into: &set)
    case .list(let items, _): for e in items { e.collectSlots(into: &set) }
    case .map(let entries, _): for (_, e) in entries { e.collectSlots(into: &set) }
    case .mapProjection(let base, let items, _):
      base.collectSlots(into: &set)
      for item in items {
        switch item {
        case .property, .allProperties: break
        case .entry(_, let e): e.collectSlots(into: &set)
        }
      }
    case .listComprehension(let slot, let source, let predicate, let projection, _):
      source.collectSlots(into: &set)
      var inner = Set<Int>()
      predicate?.collectSlots(into: &inner)
      projection?.collectSlots(into: &inner)
      inner.remove(slot)
      set.formUnion(inner)
    case .quantifier(_, let slot, let source, let predicate, _):
      source.collectSlots(into: &set)
      var inner = Set<Int>()
      predicate?.collectSlots(into: &inner)
      inner.remove(slot)
      set.formUnion(inner)
    case .reduce(let acc, let initial, let slot, let source, let expression, _):
      initial.collectSlots(into: &set)
      source.collectSlots(into: &set)
      var inner = Set<Int>()
      expression.collectSlots(into: &inner)
      inner.remove(acc)
      inner.remove(slot)
      set.formUnion(inner)
    case .patternComprehension(let sub, let projection, _):
      set.formUnion(sub.outerSlots)
      _ = projection
    case .exists(let sub): set.formUnion(sub.outerSlots)
    case .pathOf(let elements):
      for e in elements {
        switch e {
        case .node(let s), .relationship(let s), .relationships(let s): set.insert(s)
        }
      }
    }
  }

  var slots: Set<Int> {
    var set = Set<Int>()
    collectSlots(into: &set)
    return set
  }

  /// Whether the expression contains an aggregate call.
  var containsAggregate: Bool {
    var found = false
    visit { if case .aggregate = $0 { found = true } }
    return found
  }

  /// Calls `body` on this expression and every sub-expression (not into subqueries).
  func visit(_ body: (BoundExpression) -> Void) {
    body(self)
    switch self {
    case .constant, .parameter, .slot, .pathOf, .exists: break
    case .property(let e, _, _), .hasLabels(let e, _, _), .not(let e, _), .negate(let e, _),
      .isNull(let e, _):
      e.visit(body)
    case .subscript(let a, let b, _), .and(let a, let b, _), .or(let a, let b, _),
      .xor(let a, let b, _),
      .compare(_, let a, let b), .arithmetic(_, let a, let b, _), .stringMatch(_, let a, let b),
      .regex(let a, let b, _), .inList(let a, let b, _):
      a.visit(body)
      b.visit(body)
    case .slice(let a, let b, let c, _):
      a.visit(body)
      b?.visit(body)
      c?.visit(body)
    case .function(_, let args, _): for a in args { a.visit(body) }
    case .aggregate(let a): for e in a.arguments { e.visit(body) }
    case .caseExpression(let subject, let alternatives, let elseValue, _):
      subject?.visit(body)
      for (w, t) in alternatives {
        w.visit(body)
        t.visit(body)
      }
      elseValue?.visit(body)
    case .list(let items, _): for e in items { e.visit(body) }
    case .map(let entries, _): for (_, e) in entries { e.visit(body) }
    case .mapProjection(let base, let items, _):
      base.visit(body)
      for case .entry(_, let e) in items { e.visit(body) }
    case .listComprehension(_, let source, let predicate, let projection, _):
      source.visit(body)
      predicate?.visit(body)
      projection?.visit(body)
    case .quantifier(_, _, let source, let predicate, _):
      source.visit(body)
      predicate?.visit(body)
    case .reduce(_, let initial, _, let source, let expression, _):
      initial.visit(body)
      source.visit(body)
      expression.visit(body)
    case .patternComprehension(_, let projection, _): projection.visit(body)
    }
  }

  /// Whether the value cannot depend on the row: literals, parameters and pure
  /// functions of them.
  var isConstant: Bool {
    var constant = true
    visit { e in
      switch e {
      case .slot, .aggregate, .exists, .patternComprehension, .pathOf, .listComprehension,
        .quantifier, .reduce, .mapProjection:
        constant = false
      case .function(let f, _, _) where f == .rand:
        constant = false
      default: break
      }
    }
    return constant
  }
}

enum ComparisonOperator: String, Sendable {
  case equal = "=", notEqual = "<>", less = "<", greater = ">", lessOrEqual = "<=",
    greaterOrEqual = ">="
}

enum ArithmeticOperator: String, Sendable {
  case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", power = "^"
}

enum StringOperator: String, Sendable {
  case startsWith = "STARTS WITH", endsWith = "ENDS WITH", contains = "CONTAINS"
}

enum BoundMapProjectionItem: Sendable {
  case property(String)
  case allProperties
  case entry(String, BoundExpression)
}

/// An aggregate call in a projection.
struct BoundAggregate: Sendable {
  var function: AggregateFunction
  var isDistinct: Bool
  var arguments: [BoundExpression]
  /// The slot the aggregated value is written to.
  var slot: Int
  var span: SourceSpan
}

enum AggregateFunction: String, Sendable, CaseIterable {
  case count, countStar = "count(*)", collect, min, max, sum, avg, stDev = "stdev",
    stDevP = "stdevp", percentileDisc = "percentiledisc", percentileCont = "percentilecont"
}

/// A pattern matched from inside an expression (pattern predicates, pattern
/// comprehensions, EXISTS): the clauses to run from the current row and the outer
/// slots they read.
final class BoundSubquery: @unchecked Sendable {
  var clauses: [BoundClause]
  var outerSlots: Set<Int>

  init(clauses: [BoundClause], outerSlots: Set<Int>) {
    self.clauses = clauses
    self.outerSlots = outerSlots
  }
}
