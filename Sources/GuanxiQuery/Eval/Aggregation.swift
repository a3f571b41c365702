import Foundation
import GuanxiGraph

/// The running state of one aggregate in one group.
enum Accumulator {
  case count(Int64)
  case sum(int: Int64, float: Double, isFloat: Bool)
  case average(sum: Double, count: Int64)
  case extreme(RuntimeValue?)
  case collect([RuntimeValue])
  /// The numbers seen and the percentile asked for (the last one given).
  case numbers([RuntimeValue], percentile: Double)

  init(_ f: AggregateFunction) {
    switch f {
    case .count, .countStar: self = .count(0)
    case .sum: self = .sum(int: 0, float: 0, isFloat: false)
    case .avg: self = .average(sum: 0, count: 0)
    case .min, .max: self = .extreme(nil)
    case .collect: self = .collect([])
    case .stDev, .stDevP, .percentileDisc, .percentileCont: self = .numbers([], percentile: 0)
    }
  }
}

/// Groups rows by key values and computes aggregates with a hash table.
///
/// When every grouping key is a function of node or relationship slots only (such as
/// `q.id, q.name`), rows are first grouped by those ids, which hashes integers instead
/// of strings, and the keys are computed once per group.
///
/// Groups, `collect` lists, the numbers of `percentile*` and `stDev*` and the values seen
/// by DISTINCT aggregates are retained in the memory budget until the groups are emitted.
final class AggregateOperator: Operator {
  struct Spec {
    var function: AggregateFunction
    var isDistinct: Bool
    var arguments: [Evaluator]
    var slot: Int
    /// The aggregate call, where an error while aggregating is reported.
    var span: SourceSpan
  }

  let input: any Operator
  let keys: [(slot: Int, evaluator: Evaluator)]
  let specs: [Spec]
  /// Entity slots the keys depend on, when grouping by them first is valid.
  let entitySlots: [Int]?
  let ctx: ExecutionContext

  init(
    input: any Operator, keys: [(slot: Int, evaluator: Evaluator)], specs: [Spec],
    entitySlots: [Int]?, ctx: ExecutionContext
  ) {
    self.input = input
    self.keys = keys
    self.specs = specs
    self.entitySlots = entitySlots
    self.ctx = ctx
  }

  func run(_ row: inout Row, _ emit: (inout Row) throws -> Void) throws {
    var groupIndex: [GroupKeys: Int] = [:]
    var representatives: [Row] = []
    var states: [[Accumulator]] = []
    var distinctSeen: [[Set<GroupKey>]] = []
    let specs = self.specs
    let keys = self.keys
    let entitySlots = self.entitySlots
    let hasDistinct = specs.contains(where: \.isDistinct)
    let onlyCountStar = specs.allSatisfy { $0.function == .countStar }
    let specCount = specs.count
    // Fast path for grouping on entity ids.
    var entityIndex: [[UInt32]: Int] = [:]
    var singleEntityIndex: [UInt64: Int] = [:]
    var held = 0
    defer { ctx.release(held) }
    let ctx = self.ctx
    let groupSpan = specs.first?.span
    // A group's representative row and its accumulators.
    func newGroup(_ r: Row) throws {
      let bytes = try ctx.measure(row: r).addingSaturating(
        MemorySize.list(specCount) * (hasDistinct ? 2 : 1))
      try ctx.retain(bytes, span: groupSpan, "grouping rows")
      held = held.addingSaturating(bytes)
    }

    func entityKey(_ r: Row, _ slots: [Int]) -> UInt64? {
      guard slots.count == 1 else { return nil }
      switch r[slots[0]] {
      case .node(let n): return UInt64(n.rawValue)
      case .relationship(let x): return UInt64(x.rawValue) | (1 << 40)
      case .null: return 1 << 41
      default: return nil
      }
    }

    try input.run(&row) { r in
      try ctx.charge()
      var index: Int
      if let entitySlots, let k = entityKey(r, entitySlots) {
        if let i = singleEntityIndex[k] {
          index = i
        } else {
          try newGroup(r)
          index = representatives.count
          singleEntityIndex[k] = index
          representatives.append(r)
          states.append(specs.map { Accumulator($0.function) })
          if hasDistinct { distinctSeen.append(specs.map { _ in [] }) }
        }
      } else if let entitySlots, entitySlots.count > 1 {
        var ids: [UInt32] = []
        ids.reserveCapacity(entitySlots.count * 2)
        for s in entitySlots {
          switch r[s] {
          case .node(let n): ids.append(0); ids.append(n.rawValue)
          case .relationship(let x): ids.append(1); ids.append(x.rawValue)
          default: ids.append(2); ids.append(0)
          }
        }
        if let i = entityIndex[ids] {
          index = i
        } else {
          try newGroup(r)
          index = representatives.count
          entityIndex[ids] = index
          representatives.append(r)
          states.append(specs.map { Accumulator($0.function) })
          if hasDistinct { distinctSeen.append(specs.map { _ in [] }) }
        }
      } else {
        var values: [RuntimeValue] = []
        values.reserveCapacity(keys.count)
        for k in keys { values.append(try k.evaluator(&r)) }
        let key = GroupKeys(values: values)
        if let i = groupIndex[key] {
          index = i
        } else {
          try newGroup(r)
          index = representatives.count
          groupIndex[key] = index
          var rep = r
          for (k, v) in zip(keys, values) { rep[k.slot] = v }
          representatives.append(rep)
          states.append(specs.map { Accumulator($0.function) })
          if hasDistinct { distinctSeen.append(specs.map { _ in [] }) }
        }
      }
      if onlyCountStar {
        for j in 0..<specCount {
          if case .count(let c) = states[index][j] { states[index][j] = .count(c + 1) }
        }
        return
      }
      for (j, spec) in specs.enumerated() {
        if spec.function == .countStar {
          if case .count(let c) = states[index][j] { states[index][j] = .count(c + 1) }
          continue
        }
        let v = try spec.arguments[0](&r)
        if v.isNull { continue }
        if spec.isDistinct {
          if !distinctSeen[index][j].insert(GroupKey(value: v)).inserted { continue }
          let bytes = (2 * MemorySize.slot).addingSaturating(try ctx.measure(v))
          try ctx.retain(bytes, span: spec.span, "\(spec.function.rawValue)(DISTINCT …)")
          held = held.addingSaturating(bytes)
        }
        var extra: RuntimeValue? = nil
        if spec.arguments.count > 1 { extra = try spec.arguments[1](&r) }
        switch spec.function {
        case .collect, .stDev, .stDevP, .percentileDisc, .percentileCont:
          // The value stays in the group's list until the groups are emitted.
          let bytes = MemorySize.slot.addingSaturating(try ctx.measure(v))
          try ctx.retain(bytes, span: spec.span, "\(spec.function.rawValue)()")
          held = held.addingSaturating(bytes)
        default: break
        }
        try AggregateOperator.update(&states[index][j], spec.function, v, extra, span: spec.span)
      }
    }

    // Entity grouping: compute the keys per group, then merge groups with equal keys.
    if entitySlots != nil && !keys.isEmpty {
      var merged: [GroupKeys: Int] = [:]
      var mergedReps: [Row] = []
      var mergedStates: [[Accumulator]] = []
      var needsMerge = false
      for i in representatives.indices {
        var rep = representatives[i]
        var values: [RuntimeValue] = []
        for k in keys { values.append(try k.evaluator(&rep)) }
        let key = GroupKeys(values: values)
        for (k, v) in zip(keys, values) { rep[k.slot] = v }
        if let m = merged[key] {
          needsMerge = true
          for j in specs.indices {
            mergedStates[m][j] = try AggregateOperator.merge(
              mergedStates[m][j], states[i][j], specs[j].function, span: specs[j].span)
          }
        } else {
          merged[key] = mergedReps.count
          mergedReps.append(rep)
          mergedStates.append(states[i])
        }
      }
      if needsMerge && hasDistinct {
        // DISTINCT across merged groups cannot be merged exactly; recompute without the fast path.
        throw runtimeError(
          "Internal", "distinct aggregation over merged groups",
          span: specs.first(where: \.isDistinct)?.span)
      }
      representatives = mergedReps
      states = mergedStates
    }

    if representatives.isEmpty && keys.isEmpty {
      var r = row
      for (j, spec) in specs.enumerated() {
        r[spec.slot] = try AggregateOperator.result(Accumulator(spec.function), spec.function, ctx)
        _ = j
      }
      try emit(&r)
      return
    }
    let mark = ctx.transientBytes
    for i in representatives.indices {
      var r = representatives[i]
      for (j, spec) in specs.enumerated() {
        r[spec.slot] = try AggregateOperator.result(states[i][j], spec.function, ctx)
      }
      try emit(&r)
      ctx.transientBytes = mark
    }
  }

  static func update(
    _ state: inout Accumulator, _ f: AggregateFunction, _ v: RuntimeValue, _ extra: RuntimeValue?,
    span: SourceSpan
  ) throws {
    switch state {
    case .count(let c): state = .count(c + 1)
    case .sum(let i, let d, let isFloat):
      switch v {
      case .int(let x):
        let (s, o) = i.addingReportingOverflow(x)
        if o { throw runtimeError(.integerOverflow, "sum() overflows", span: span) }
        state = .sum(int: s, float: d, isFloat: isFloat)
      case .float(let x): state = .sum(int: i, float: d + x, isFloat: true)
      default:
        throw runtimeError(.invalidArgumentType, "sum() cannot add a \(v.typeName)", span: span)
      }
    case .average(let s, let c):
      guard let x = v.doubleValue else {
        throw runtimeError(.invalidArgumentType, "avg() cannot average a \(v.typeName)", span: span)
      }
      state = .average(sum: s + x, count: c + 1)
    case .extreme(let current):
      guard let current else {
        state = .extreme(v)
        return
      }
      let c = RuntimeValue.orderCompare(v, current)
      if (f == .min && c < 0) || (f == .max && c > 0) { state = .extreme(v) }
    case .collect(var items):
      switch v {
      case .list, .map: try RuntimeValue.checkNesting(.list([v]), span: span)
      default: break
      }
      state = .count(0)
      items.append(v)
      state = .collect(items)
    case .numbers(var values, var percentile):
      guard v.doubleValue != nil else {
        throw runtimeError(
          .invalidArgumentType, "\(f.rawValue)() needs numbers, not \(v.typeName)", span: span)
      }
      if let extra {
        guard let p = extra.doubleValue else {
          throw runtimeError(.invalidArgumentType, "percentile must be a number", span: span)
        }
        // Written so that NaN fails it too.
        guard p >= 0 && p <= 1 else {
          throw runtimeError(
            .numberOutOfRange, "percentile must be between 0.0 and 1.0, not \(p)", span: span)
        }
        percentile = p
      }
      state = .count(0)
      values.append(v)
      state = .numbers(values, percentile: percentile)
    }
  }

  static func merge(_ a: Accumulator, _ b: Accumulator, _ f: AggregateFunction, span: SourceSpan)
    throws -> Accumulator
  {
    switch (a, b) {
    case (.count(let x), .count(let y)): return .count(x + y)
    case (.sum(let i, let d, let fa), .sum(let j, let e, let fb)):
      let (s, o) = i.addingReportingOverflow(j)
      if o { throw runtimeError(.integerOverflow, "sum() overflows", span: span) }
      return .sum(int: s, float: d + e, isFloat: fa || fb)
    case (.average(let s, let c), .average(let t, let d)): return .average(sum: s + t, count: c + d)
    case (.extreme(let x), .extreme(let y)):
      guard let x else { return b }
      guard let y else { return a }
      let c = RuntimeValue.orderCompare(y, x)
      return (f == .min && c < 0) || (f == .max && c > 0) ? .extreme(y) : .extreme(x)
    case (.collect(let x), .collect(let y)): return .collect(x + y)
    case (.numbers(let x, let p), .numbers(let y, _)): return .numbers(x + y, percentile: p)
    default: return a
    }
  }

  static func result(_ state: Accumulator, _ f: AggregateFunction, _ ctx: ExecutionContext) throws
    -> RuntimeValue
  {
    switch state {
    case .count(let c): return .int(c)
    case .sum(let i, let d, let isFloat): return isFloat ? .float(Double(i) + d) : .int(i)
    case .average(let s, let c): return c == 0 ? .null : .float(s / Double(c))
    case .extreme(let v): return v ?? .null
    case .collect(let items): return .list(items)
    case .numbers(var values, let percentile):
      if values.isEmpty { return f == .stDev || f == .stDevP ? .float(0) : .null }
      switch f {
      case .stDev, .stDevP:
        let numbers = values.compactMap(\.doubleValue)
        let n = Double(numbers.count)
        if f == .stDev && numbers.count < 2 { return .float(0) }
        let mean = numbers.reduce(0, +) / n
        let squares = numbers.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return .float((squares / (f == .stDev ? n - 1 : n)).squareRoot())
      case .percentileDisc:
        // An element of the input: an integer stays an integer.
        try ctx.sort(&values) { RuntimeValue.orderCompare($0, $1) < 0 }
        let rank = (percentile * Double(values.count)).rounded(.up)
        let index = percentile == 0 ? 0 : Int(rank) - 1
        return values[max(0, min(values.count - 1, index))]
      default:
        var numbers = values.compactMap(\.doubleValue)
        // NaN sorts last, so the order is total.
        try ctx.sort(&numbers) { $0 < $1 || (!$0.isNaN && $1.isNaN) }
        let position = percentile * Double(numbers.count - 1)
        let lower = max(0, min(numbers.count - 1, Int(position.rounded(.down))))
        let upper = max(0, min(numbers.count - 1, Int(position.rounded(.up))))
        let fraction = position - Double(lower)
        return .float(numbers[lower] + (numbers[upper] - numbers[lower]) * fraction)
      }
    }
  }
}

/// Shortest paths between two bound nodes: a bidirectional breadth-first search that
/// always grows the smaller frontier (one path), or a level-by-level search that keeps
/// every predecessor on a shortest route (all paths).
final class ShortestPathOperator: Operator {
  let input: any Operator
  let s: PlanNode.ShortestPath
  let types: [KeyCache]
  let relationshipProperties: Evaluator?
  let ctx: ExecutionContext

  init(
    input: any Operator, shortest: PlanNode.ShortestPath, relationshipProperties: Evaluator?,
    ctx: ExecutionContext
  ) {
    self.input = input
    self.s = shortest
    self.types = shortest.types.map(KeyCache.init)
    self.relationshipProperties = relationshipProperties
    self.ctx = ctx
  }

  func run(_ row: inout Row, _ emit: (inout Row) throws -> Void) throws {
    try input.run(&row) { r in
      guard case .node(let a) = r[s.from], case .node(let b) = r[s.to] else { return }
      var typeSymbols: [Symbol?] = []
      if types.isEmpty {
        typeSymbols = [nil]
      } else {
        for t in types { if let sym = t.symbol(ctx) { typeSymbols.append(sym) } }
      }
      var required: [(Symbol?, RuntimeValue)] = []
      if let relationshipProperties, case .map(let m) = try relationshipProperties(&r) {
        for (k, v) in m { required.append((ctx.symbol(k), v)) }
      }
      let paths: [PathValue]
      if a == b {
        paths = s.minimum == 0 ? [PathValue(nodes: [a], relationships: [])] : []
      } else if s.isAll {
        paths = try allShortest(a, b, typeSymbols, required)
      } else {
        paths = try oneShortest(a, b, typeSymbols, required).map { [$0] } ?? []
      }
      let mark = ctx.transientBytes
      for p in paths where p.relationships.count >= s.minimum {
        try ctx.allocate(MemorySize.list(p.relationships.count), span: s.span, "a shortest path")
        r[s.relationship] = .list(p.relationships.map { .relationship($0) })
        if let slot = s.pathSlot { r[slot] = .path(p) }
        try emit(&r)
        ctx.transientBytes = mark
      }
    }
  }

  func neighbours(
    _ node: NodeID, _ direction: Direction, _ typeSymbols: [Symbol?],
    _ required: [(Symbol?, RuntimeValue)],
    _ body: (RelationshipID, NodeID) throws -> Void
  ) throws {
    let graph = ctx.graph
    for type in typeSymbols {
      try graph.forEachRelationship(of: node, direction: direction, type: type) { rel, other in
        for (k, value) in required {
          guard let k, let stored = graph.property(k, of: rel),
            RuntimeValue.equals(RuntimeValue(stored), value) == true
          else { return }
        }
        try body(rel, other)
      }
    }
  }

  var reverse: Direction {
    switch s.direction {
    case .outgoing: .incoming
    case .incoming: .outgoing
    case .both: .both
    }
  }

  func oneShortest(
    _ a: NodeID, _ b: NodeID, _ typeSymbols: [Symbol?], _ required: [(Symbol?, RuntimeValue)]
  ) throws
    -> PathValue?
  {
    let maximum = s.maximum ?? Int.max
    // Parent links: node -> (relationship, previous node); the ends map to themselves.
    var fromA: [NodeID: (RelationshipID, NodeID)] = [a: (RelationshipID(UInt32.max), a)]
    var fromB: [NodeID: (RelationshipID, NodeID)] = [b: (RelationshipID(UInt32.max), b)]
    var frontierA = [a]
    var frontierB = [b]
    var depthA = 0
    var depthB = 0
    func walk(_ parents: [NodeID: (RelationshipID, NodeID)], _ start: NodeID) -> (
      [NodeID], [RelationshipID]
    ) {
      var nodes = [start]
      var rels: [RelationshipID] = []
      var n = start
      while let (rel, prev) = parents[n], prev != n {
        rels.append(rel)
        nodes.append(prev)
        n = prev
      }
      return (nodes, rels)
    }
    while !frontierA.isEmpty && !frontierB.isEmpty && depthA + depthB < maximum {
      let growA = frontierA.count <= frontierB.count
      var next: [NodeID] = []
      var meeting: NodeID? = nil
      let frontier = growA ? frontierA : frontierB
      let direction = growA ? s.direction : reverse
      outer: for u in frontier {
        var found: NodeID? = nil
        try neighbours(u, direction, typeSymbols, required) { rel, v in
          if found != nil { return }
          try ctx.charge()
          if growA {
            if fromA[v] != nil { return }
            fromA[v] = (rel, u)
            if fromB[v] != nil { found = v }
          } else {
            if fromB[v] != nil { return }
            fromB[v] = (rel, u)
            if fromA[v] != nil { found = v }
          }
          next.append(v)
        }
        if let found {
          meeting = found
          break outer
        }
      }
      if growA { depthA += 1; frontierA = next } else { depthB += 1; frontierB = next }
      if let m = meeting {
        let (nodesA, relsA) = walk(fromA, m)
        let (nodesB, relsB) = walk(fromB, m)
        let nodes = Array(nodesA.reversed()) + nodesB.dropFirst()
        let rels = Array(relsA.reversed()) + relsB
        return PathValue(nodes: nodes, relationships: rels)
      }
    }
    return nil
  }

  func allShortest(
    _ a: NodeID, _ b: NodeID, _ typeSymbols: [Symbol?], _ required: [(Symbol?, RuntimeValue)]
  ) throws
    -> [PathValue]
  {
    let maximum = s.maximum ?? Int.max
    var depth: [NodeID: Int] = [a: 0]
    var parents: [NodeID: [(RelationshipID, NodeID)]] = [:]
    var frontier = [a]
    var level = 0
    var reached = false
    while !frontier.isEmpty && !reached && level < maximum {
      level += 1
      var next: [NodeID] = []
      for u in frontier {
        try neighbours(u, s.direction, typeSymbols, required) { rel, v in
          try ctx.charge()
          if let d = depth[v] {
            if d == level { parents[v, default: []].append((rel, u)) }
            return
          }
          depth[v] = level
          parents[v] = [(rel, u)]
          next.append(v)
          if v == b { reached = true }
        }
      }
      frontier = next
    }
    guard reached else { return [] }
    // Every route back from b to a over the parent links, depth first with a stack of its
    // own (a route can be as long as the graph is wide); each path is charged to the
    // memory budget, since their number can grow exponentially with the length.
    var results: [PathValue] = []
    var nodes: [NodeID] = [b]
    var rels: [RelationshipID] = []
    var nextParent: [Int] = [0]
    func pop() {
      nodes.removeLast()
      nextParent.removeLast()
      if !rels.isEmpty { rels.removeLast() }
      if !nextParent.isEmpty { nextParent[nextParent.count - 1] += 1 }
    }
    while let choice = nextParent.last, let n = nodes.last {
      if n == a {
        try ctx.allocate(
          2 * MemorySize.header + 4 * (nodes.count + rels.count), span: s.span, "shortest paths")
        results.append(PathValue(nodes: nodes.reversed(), relationships: rels.reversed()))
        pop()
        continue
      }
      let candidates = parents[n] ?? []
      guard choice < candidates.count else {
        pop()
        continue
      }
      try ctx.charge()
      nodes.append(candidates[choice].1)
      rels.append(candidates[choice].0)
      nextParent.append(0)
    }
    return results
  }
}
