import Foundation
import GuanxiGraph

/// The running state of one aggregate in one group.
enum Accumulator {
  case count(Int64)
  case sum(int: Int64, float: Double, isFloat: Bool)
  case average(sum: Double, count: Int64)
  case extreme(RuntimeValue?)
  case collect([RuntimeValue])
  case numbers([Double])

  init(_ f: AggregateFunction) {
    switch f {
    case .count, .countStar: self = .count(0)
    case .sum: self = .sum(int: 0, float: 0, isFloat: false)
    case .avg: self = .average(sum: 0, count: 0)
    case .min, .max: self = .extreme(nil)
    case .collect: self = .collect([])
    case .stDev, .stDevP, .percentileDisc, .percentileCont: self = .numbers([])
    }
  }
}

/// Groups rows by key values and computes aggregates with a hash table.
///
/// When every grouping key is a function of node or relationship slots only (such as
/// `q.id, q.name`), rows are first grouped by those ids, which hashes integers instead
/// of strings, and the keys are computed once per group.
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
        }
        var extra: RuntimeValue? = nil
        if spec.arguments.count > 1 { extra = try spec.arguments[1](&r) }
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
        r[spec.slot] = try AggregateOperator.result(Accumulator(spec.function), spec.function)
        _ = j
      }
      try emit(&r)
      return
    }
    for i in representatives.indices {
      var r = representatives[i]
      for (j, spec) in specs.enumerated() {
        r[spec.slot] = try AggregateOperator.result(states[i][j], spec.function)
      }
      try emit(&r)
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
    case .numbers(var values):
      guard let x = v.doubleValue else {
        throw runtimeError(
          .invalidArgumentType, "\(f.rawValue)() needs numbers, not \(v.typeName)", span: span)
      }
      if let extra {
        guard let p = extra.doubleValue else {
          throw runtimeError(.invalidArgumentType, "percentile must be a number", span: span)
        }
        if p < 0 || p > 1 {
          throw runtimeError(
            .numberOutOfRange, "percentile must be between 0.0 and 1.0", span: span)
        }
      }
      state = .count(0)
      values.append(x)
      values.append(extra?.doubleValue ?? 0)
      state = .numbers(values)
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
    case (.numbers(let x), .numbers(let y)): return .numbers(x + y)
    default: return a
    }
  }

  static func result(_ state: Accumulator, _ f: AggregateFunction) throws -> RuntimeValue {
    switch state {
    case .count(let c): return .int(c)
    case .sum(let i, let d, let isFloat): return isFloat ? .float(Double(i) + d) : .int(i)
    case .average(let s, let c): return c == 0 ? .null : .float(s / Double(c))
    case .extreme(let v): return v ?? .null
    case .collect(let items): return .list(items)
    case .numbers(let pairs):
      var values: [Double] = []
      var percentile = 0.0
      var i = 0
      while i + 1 < pairs.count {
        values.append(pairs[i])
        percentile = pairs[i + 1]
        i += 2
      }
      if values.isEmpty { return f == .stDev || f == .stDevP ? .float(0) : .null }
      switch f {
      case .stDev, .stDevP:
        let n = Double(values.count)
        if f == .stDev && values.count < 2 { return .float(0) }
        let mean = values.reduce(0, +) / n
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return .float((squares / (f == .stDev ? n - 1 : n)).squareRoot())
      case .percentileDisc:
        values.sort()
        let index = percentile == 0 ? 0 : Int((percentile * Double(values.count)).rounded(.up)) - 1
        return .float(values[max(0, min(values.count - 1, index))])
      default:
        values.sort()
        let position = percentile * Double(values.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Int(position.rounded(.up))
        let fraction = position - Double(lower)
        return .float(values[lower] + (values[upper] - values[lower]) * fraction)
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
      for p in paths where p.relationships.count >= s.minimum {
        r[s.relationship] = .list(p.relationships.map { .relationship($0) })
        if let slot = s.pathSlot { r[slot] = .path(p) }
        try emit(&r)
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
    var results: [PathValue] = []
    var nodes: [NodeID] = [b]
    var rels: [RelationshipID] = []
    func back(_ n: NodeID) throws {
      if n == a {
        results.append(PathValue(nodes: nodes.reversed(), relationships: rels.reversed()))
        return
      }
      for (rel, prev) in parents[n] ?? [] {
        try ctx.charge()
        nodes.append(prev)
        rels.append(rel)
        try back(prev)
        nodes.removeLast()
        rels.removeLast()
      }
    }
    try back(b)
    return results
  }
}
