import GuanxiGraph

/// Compiles a plan into operators for one execution and runs it.
final class Executor {
  let ctx: ExecutionContext
  let planner: Planner
  let slotCount: Int
  /// Operator ids for PROFILE, by plan node identity.
  var profileIDs: [ObjectIdentifier: Int] = [:]

  init(ctx: ExecutionContext, planner: Planner, slotCount: Int) {
    self.ctx = ctx
    self.planner = planner
    self.slotCount = slotCount
  }

  lazy var compiler = ExpressionCompiler(context: ctx) { [unowned self] sub in
    try self.compileSubquery(sub)
  }

  func compile(_ e: BoundExpression) throws -> Evaluator { try compiler.compile(e) }

  func compile(_ count: BoundCount) throws -> CompiledCount {
    CompiledCount(evaluator: try compiler.compile(count.expression), span: count.span)
  }

  func compileSubquery(_ sub: BoundSubquery) throws -> any Operator {
    var bound = sub.outerSlots
    let plan = planner.plan(
      clauses: sub.clauses, on: PlanNode(.argument, input: nil), bound: &bound)
    return try build(plan)
  }

  /// Runs a plan; returns the result rows (for plans ending in ProduceResults).
  func run(_ plan: PlanNode) throws -> (columns: [String], rows: [[QueryValue]]) {
    if case .union(let isAll) = plan.operation {
      var rows: [[QueryValue]] = []
      var columns: [String] = []
      var seen = Set<GroupKeys>()
      for (i, child) in plan.children.enumerated() {
        let part = try run(child)
        if i == 0 { columns = part.columns }
        let distinct = i > 0 ? !isAll[i - 1] : !(isAll.first ?? true)
        _ = distinct
        rows.append(contentsOf: part.rows)
      }
      if !isAll.allSatisfy({ $0 }) {
        var unique: [[QueryValue]] = []
        for r in rows where seen.insert(GroupKeys(values: r.map(RuntimeValue.init))).inserted {
          unique.append(r)
        }
        rows = unique
      }
      return (columns, rows)
    }
    let op = try build(plan)
    var row = Row(repeating: .null, count: slotCount)
    try op.run(&row) { _ in }
    let produce =
      (op as? ProduceResultsOperator)
      ?? ((op as? ProfiledOperator)?.inner as? ProduceResultsOperator)
    if case .produceResults(let columns, _) = plan.operation, let produce {
      return (columns, produce.rows)
    }
    return ([], [])
  }

  /// Builds the operator for `node` and its inputs.
  func build(_ node: PlanNode) throws -> any Operator {
    let op = try buildUnprofiled(node)
    if let profiler = ctx.profiler, let id = profileIDs[ObjectIdentifier(node)] {
      return ProfiledOperator(inner: op, id: id, profiler: profiler)
    }
    return op
  }

  func buildUnprofiled(_ node: PlanNode) throws -> any Operator {
    let input: any Operator = try node.input.map(build) ?? ArgumentOperator()
    switch node.operation {
    case .argument:
      return ArgumentOperator()
    case .allNodesScan(let slot, _):
      return AllNodesScanOperator(input: input, slot: slot, ctx: ctx)
    case .labelScan(let slot, _, let label):
      return LabelScanOperator(input: input, slot: slot, label: label, ctx: ctx)
    case .indexSeek(let slot, _, let labels, let key, let value, let isList, let span):
      return IndexSeekOperator(
        input: input, slot: slot, labels: labels, key: key, value: try compile(value),
        isList: isList, span: span,
        ctx: ctx)
    case .expand(let e):
      let isRelationshipBound = e.isRelationshipBound
      if e.length != nil {
        return VarLengthExpandOperator(
          input: input, expand: e,
          relationshipProperties: try e.relationshipProperties.map(compile),
          isRelationshipBound: isRelationshipBound, ctx: ctx)
      }
      return ExpandOperator(
        input: input, expand: e, isRelationshipBound: e.isRelationshipBound, ctx: ctx)
    case .shortestPath(let s):
      return ShortestPathOperator(
        input: input, shortest: s,
        relationshipProperties: try s.relationshipProperties.map(compile), ctx: ctx)
    case .filter(let predicate):
      if let fused = try fuseStringScan(node, predicate) { return fused }
      return FilterOperator(input: input, predicate: try compile(predicate))
    case .optional(let newSlots):
      return OptionalOperator(
        input: input, inner: try build(node.children[0]), newSlots: newSlots, ctx: ctx)
    case .apply:
      return OptionalOperator(
        input: input, inner: try build(node.children[0]), newSlots: [], ctx: ctx)
    case .projection(let items):
      return ProjectionOperator(
        input: input, items: try items.map { ($0.slot, try compile($0.expression)) })
    case .aggregate(let keys, let aggregates):
      let compiledKeys = try keys.map { ($0.slot, try compile($0.expression)) }
      let specs = try aggregates.map {
        AggregateOperator.Spec(
          function: $0.function, isDistinct: $0.isDistinct,
          arguments: try $0.arguments.map(compile), slot: $0.slot,
          span: $0.span)
      }
      return AggregateOperator(
        input: input, keys: compiledKeys, specs: specs,
        entitySlots: entityGrouping(keys, aggregates), ctx: ctx)
    case .distinct(let slots):
      return DistinctOperator(input: input, slots: slots, ctx: ctx)
    case .sort(let items):
      return SortOperator(
        input: input, keys: try items.map { (try compile($0.expression), $0.isDescending) },
        ctx: ctx)
    case .top(let items, let limit, let skip):
      return SortOperator(
        input: input, keys: try items.map { (try compile($0.expression), $0.isDescending) },
        limit: try compile(limit), skip: try skip.map(compile), ctx: ctx)
    case .skip(let count):
      return SkipOperator(input: input, count: try compile(count))
    case .limit(let count):
      return LimitOperator(input: input, count: try compile(count))
    case .unwind(.function(.range, let arguments, let span), let slot):
      // UNWIND range(…) counts instead of building the list.
      return RangeUnwindOperator(
        input: input, arguments: try arguments.map(compile), slot: slot, span: span, ctx: ctx)
    case .unwind(let e, let slot):
      return UnwindOperator(input: input, list: try compile(e), slot: slot, ctx: ctx)
    case .produceResults(_, let slots):
      return ProduceResultsOperator(input: input, slots: slots, ctx: ctx)
    case .union:
      throw runtimeError("Internal", "UNION inside a plan", span: nil)
    case .create(let pattern):
      return try CreateOperator(input: input, pattern: pattern, compile: compile, ctx: ctx)
    case .merge(let m):
      var bound = Set<Int>()
      let newSlots = Set(m.newSlots)
      for part in m.pattern.parts {
        for n in part.nodes where n.isBound && !newSlots.contains(n.slot) { bound.insert(n.slot) }
      }
      // Everything bound before MERGE is in scope for its match.
      for s in 0..<slotCount
      where !newSlots.contains(s)
        && !m.pattern.parts.contains(where: { p in
          p.nodes.contains { $0.slot == s && !$0.isBound }
            || p.relationships.contains { $0.slot == s }
        })
      {
        bound.insert(s)
      }
      let match = BoundMatch(
        isOptional: false, pattern: m.pattern, predicate: nil, newSlots: m.newSlots)
      var matchBound = bound
      let matchPlan = planner.planMatch(
        match, on: PlanNode(.argument, input: nil), bound: &matchBound)
      return try MergeOperator(
        input: input, merge: m, matcher: try build(matchPlan), compile: compile, ctx: ctx)
    case .set(let items):
      return try SetOperator(input: input, items: items, compile: compile, ctx: ctx)
    case .remove(let items):
      return try RemoveOperator(input: input, items: items, compile: compile, ctx: ctx)
    case .delete(let expressions, let isDetach):
      return DeleteOperator(
        input: input, targets: try expressions.map { (try compile($0.expression), $0.span) },
        isDetach: isDetach,
        ctx: ctx)
    case .eager:
      return WritingOperator(input: input, ctx: ctx)
    }
  }

  /// `Filter(n.key CONTAINS 'x')` over a node scan of `n` becomes one string scan in the store.
  func fuseStringScan(_ node: PlanNode, _ predicate: BoundExpression) throws -> (any Operator)? {
    guard let view = ctx.view, let scan = node.input,
      case .stringMatch(let op, .property(.slot(let s), let key, _), let needleExpression) =
        predicate,
      let needle = try compiler.constantValue(needleExpression), case .string(let text) = needle
    else { return nil }
    var label: String? = nil
    switch scan.operation {
    case .allNodesScan(let slot, _) where slot == s: break
    case .labelScan(let slot, _, let l) where slot == s: label = l
    default: return nil
    }
    let input: any Operator = try scan.input.map(build) ?? ArgumentOperator()
    return StringScanOperator(
      input: input, slot: s, label: label, key: key, op: op, needle: text, view: view, ctx: ctx)
  }

  /// The entity slots the grouping keys depend on, when grouping by them first is exact
  /// and faster (keys read only node or relationship variables, no order-sensitive aggregates).
  func entityGrouping(
    _ keys: [(slot: Int, expression: BoundExpression)], _ aggregates: [BoundAggregate]
  ) -> [Int]? {
    guard !keys.isEmpty else { return nil }
    for a in aggregates {
      switch a.function {
      case .count, .countStar, .sum, .min, .max, .avg: if a.isDistinct { return nil }
      default: return nil
      }
    }
    var slots = Set<Int>()
    for k in keys {
      var onlyProperties = true
      k.expression.visit { e in
        switch e {
        case .slot, .property, .constant, .parameter: break
        default: onlyProperties = false
        }
      }
      guard onlyProperties else { return nil }
      k.expression.collectSlots(into: &slots)
    }
    guard !slots.isEmpty, slots.count <= 3 else { return nil }
    return slots.sorted()
  }
}
