import GuanxiGraph

/// A compiled plan operator: pushes each row it produces into `emit`.
///
/// Operators run push-based: `run` is called with the row coming from above (the
/// argument row), asks its input for rows, and for each row it makes calls `emit`.
/// Nothing is materialised except by pipeline breakers (sorting, aggregation, writes).
///
/// Memory: an operator that produces several rows from one (a scan, an expansion,
/// UNWIND, a breaker's output) resets the transient memory estimate after each row it
/// emits, releasing what its consumers built for that row; a breaker retains what it
/// buffers and releases it when it is done (see `MemoryBudget.swift`).
protocol Operator: AnyObject {
  func run(_ row: inout Row, _ emit: (inout Row) throws -> Void) throws
}

/// Stops a producer early; caught only by the operator that owns `token`.
final class StopToken: @unchecked Sendable {}

struct StopSignal: Error {
  let token: StopToken
}

final class ArgumentOperator: Operator {
  func run(_ row: inout Row, _ emit: (inout Row) throws -> Void) throws { try emit(&row) }
}

final class AllNodesScanOperator: Operator {
  let input: any Operator
  let slot: Int
  let ctx: ExecutionContext

  init(input: any Operator, slot: Int, ctx: ExecutionContext) {
    self.input = input
    self.slot = slot
    self.ctx = ctx
  }

  func run(_ row: inout Row, _ emit: (inout Row) throws -> Void) throws {
    try input.run(&row) { r in
      let limit = ctx.graph.nodeIDLimit
      let mark = ctx.transientBytes
      for n in 0..<limit where ctx.graph.contains(NodeID(n)) {
        try ctx.charge()
        r[slot] = .node(NodeID(n))
        try emit(&r)
        ctx.transientBytes = mark
      }
    }
  }
}

final class LabelScanOperator: Operator {
  let input: any Operator
  let slot: Int
  let label: KeyCache
  let ctx: ExecutionContext

  init(input: any Operator, slot: Int, label: String, ctx: ExecutionContext) {
    self.input = input
    self.slot = slot
    self.label = KeyCache(label)
    self.ctx = ctx
  }

  func run(_ row: inout Row, _ emit: (inout Row) throws -> Void) throws {
    try input.run(&row) { r in
      guard let symbol = label.symbol(ctx) else { return }
      let ids = ctx.graph.nodes(label: symbol)
      try ctx.charge(ids.count)
      let mark = ctx.transientBytes
      for n in ids {
        r[slot] = .node(NodeID(n))
        try emit(&r)
        ctx.transientBytes = mark
      }
    }
  }
}

final class IndexSeekOperator: Operator {
  let input: any Operator
  let slot: Int
  let labels: [KeyCache]
  let key: KeyCache
  let value: Evaluator
  let isList: Bool
  let span: SourceSpan
  let ctx: ExecutionContext

  init(
    input: any Operator, slot: Int, labels: [String], key: String, value: @escaping Evaluator,
    isList: Bool,
    span: SourceSpan, ctx: ExecutionContext
  ) {
    self.input = input
    self.slot = slot
    self.labels = labels.map(KeyCache.init)
    self.key = KeyCache(key)
    self.value = value
    self.isList = isList
    self.span = span
    self.ctx = ctx
  }

  func run(_ row: inout Row, _ emit: (inout Row) throws -> Void) throws {
    try input.run(&row) { r in
      let v = try value(&r)
      var values: [RuntimeValue]
      if isList {
        guard case .list(let items) = v else {
          if v.isNull { return }
          throw runtimeError(
            .invalidArgumentType, "IN expects a list, not \(v.typeName)", span: span)
        }
        values = []
        var seen = Set<GroupKey>()
        for item in items where !item.isNull && seen.insert(GroupKey(value: item)).inserted {
          values.append(item)
        }
      } else {
        values = [v]
      }
      guard let k = key.symbol(ctx) else { return }
      var labelSymbols: [Symbol] = []
      for l in labels {
        guard let s = l.symbol(ctx) else { return }
        labelSymbols.append(s)
      }
      let mark = ctx.transientBytes
      for v in values {
        guard let plain = v.plainValue, !plain.isNull else { continue }
        if case .float(let d) = plain, d.isNaN { continue }
        let nodes = ctx.graph.indexedNodes(key: k, equalTo: plain) ?? []
        for n in nodes {
          defer { ctx.transientBytes = mark }
          try ctx.charge()
          if !labelSymbols.allSatisfy({ ctx.graph.hasLabel(n, $0) }) { continue }
          // The index keys floats by their integer value; check the exact equality.
          if case .float = plain, let stored = ctx.graph.property(k, of: n),
            RuntimeValue.equals(RuntimeValue(stored), v) != true
          {
            continue
          }
          r[slot] = .node(n)
          try emit(&r)
        }
      }
    }
  }
}

final class FilterOperator: Operator {
  let input: any Operator
  let predicate: Evaluator

  init(input: any Operator, predicate: @escaping Evaluator) {
    self.input = input
    self.predicate = predicate
  }

  func run(_ row: inout Row, _ emit: (inout Row) throws -> Void) throws {
    try input.run(&row) { r in
      if case .bool(true) = try predicate(&r) { try emit(&r) }
    }
  }
}

final class ExpandOperator: Operator {
  let input: any Operator
  let e: PlanNode.Expand
  let types: [KeyCache]
  let labels: [KeyCache]
  let isRelationshipBound: Bool
  let ctx: ExecutionContext

  init(
    input: any Operator, expand: PlanNode.Expand, isRelationshipBound: Bool, ctx: ExecutionContext
  ) {
    self.input = input
    self.e = expand
    self.types = expand.types.map(KeyCache.init)
    self.labels = expand.toLabels.map(KeyCache.init)
    self.isRelationshipBound = isRelationshipBound
    self.ctx = ctx
  }

  func run(_ row: inout Row, _ emit: (inout Row) throws -> Void) throws {
    if let view = ctx.view { return try runFast(view, &row, emit) }
    let e = self.e
    let graph = ctx.graph
    try input.run(&row) { r in
      guard case .node(let from) = r[e.from] else { return }
      var typeSymbols: [Symbol?] = []
      if types.isEmpty {
        typeSymbols = [nil]
      } else {
        for t in types { if let s = t.symbol(ctx) { typeSymbols.append(s) } }
        if typeSymbols.isEmpty { return }
      }
      var labelSymbols: [Symbol] = []
      for l in labels {
        guard let s = l.symbol(ctx) else { return }
        labelSymbols.append(s)
      }
      var target: NodeID? = nil
      if e.isInto {
        guard case .node(let t) = r[e.to] else { return }
        target = t
      }
      var boundRelationship: RelationshipID? = nil
      if isRelationshipBound {
        guard case .relationship(let b) = r[e.relationship] else { return }
        boundRelationship = b
      }
      let mark = ctx.transientBytes
      for type in typeSymbols {
        try graph.forEachRelationship(of: from, direction: e.direction, type: type) { rel, other in
          defer { ctx.transientBytes = mark }
          if let target, other != target { return }
          if let boundRelationship, boundRelationship != rel { return }
          for s in e.distinctFrom {
            if case .relationship(let x) = r[s], x == rel { return }
          }
          for s in e.distinctFromLists {
            if case .list(let items) = r[s],
              items.contains(where: {
                if case .relationship(let x) = $0 { x == rel } else { false }
              })
            {
              return
            }
          }
          for l in labelSymbols where !graph.hasLabel(other, l) { return }
          try ctx.charge()
          r[e.relationship] = .relationship(rel)
          if target == nil { r[e.to] = .node(other) }
          try emit(&r)
        }
      }
    }
  }
}

extension ExpandOperator {
  /// The loop over a read view: neighbours are fetched into buffers, filtered by a
  /// label-set mask, with no per-relationship call into the store.
  func runFast(_ view: GraphReadView, _ row: inout Row, _ emit: (inout Row) throws -> Void) throws {
    let e = self.e
    var codes: [UInt16?] = []
    if types.isEmpty {
      codes = [nil]
    } else {
      for t in types { if let s = t.symbol(ctx), let c = view.typeCode(s) { codes.append(c) } }
      if codes.isEmpty { return }
    }
    var mask: [Bool]? = nil
    if !labels.isEmpty {
      var symbols: [Symbol] = []
      for l in labels {
        guard let s = l.symbol(ctx) else { return }
        symbols.append(s)
      }
      mask = view.labelSetMask(requiring: symbols)
    }
    var relationships: [UInt32] = []
    var neighbours: [UInt32] = []
    let hasDistinct = !e.distinctFrom.isEmpty || !e.distinctFromLists.isEmpty
    let isRelationshipBound = self.isRelationshipBound
    try input.run(&row) { r in
      guard case .node(let from) = r[e.from] else { return }
      relationships.removeAll(keepingCapacity: true)
      neighbours.removeAll(keepingCapacity: true)
      for code in codes {
        view.expand(
          from, direction: e.direction, typeCode: code, mask: mask, relationships: &relationships,
          neighbours: &neighbours)
      }
      var target: UInt32? = nil
      if e.isInto {
        guard case .node(let t) = r[e.to] else { return }
        target = t.rawValue
      }
      var boundRelationship: UInt32? = nil
      if isRelationshipBound {
        guard case .relationship(let b) = r[e.relationship] else { return }
        boundRelationship = b.rawValue
      }
      try ctx.charge(relationships.count)
      let mark = ctx.transientBytes
      for i in relationships.indices {
        defer { ctx.transientBytes = mark }
        let rel = relationships[i]
        let other = neighbours[i]
        if let target, other != target { continue }
        if let boundRelationship, boundRelationship != rel { continue }
        if hasDistinct {
          var clash = false
          for s in e.distinctFrom {
            if case .relationship(let x) = r[s], x.rawValue == rel { clash = true }
          }
          for s in e.distinctFromLists {
            if case .list(let items) = r[s],
              items.contains(where: {
                if case .relationship(let x) = $0 { x.rawValue == rel } else { false }
              })
            {
              clash = true
            }
          }
          if clash { continue }
        }
        r[e.relationship] = .relationship(RelationshipID(rel))
        if target == nil { r[e.to] = .node(NodeID(other)) }
        try emit(&r)
      }
    }
  }
}

/// Scans nodes (all, or of one label) with a string predicate on one property pushed
/// into the store: each distinct string is tested once, on its UTF-8 bytes.
final class StringScanOperator: Operator {
  let input: any Operator
  let slot: Int
  let label: KeyCache?
  let key: KeyCache
  let op: StringOperator
  let needle: [UInt8]
  let ctx: ExecutionContext
  let view: GraphReadView

  init(
    input: any Operator, slot: Int, label: String?, key: String, op: StringOperator, needle: String,
    view: GraphReadView, ctx: ExecutionContext
  ) {
    self.input = input
    self.slot = slot
    self.label = label.map(KeyCache.init)
    self.key = KeyCache(key)
    self.op = op
    self.needle = Array(needle.utf8)
    self.view = view
    self.ctx = ctx
  }

  func run(_ row: inout Row, _ emit: (inout Row) throws -> Void) throws {
    try input.run(&row) { r in
      var labelSymbol: Symbol? = nil
      if let label {
        guard let s = label.symbol(ctx) else { return }
        labelSymbol = s
      }
      guard let k = key.symbol(ctx) else { return }
      let op = self.op
      let nodes = needle.withUnsafeBufferPointer { n in
        view.nodes(label: labelSymbol, stringKey: k) { ExpressionCompiler.bytesMatch(op, $0, n) }
      }
      try ctx.charge(nodes.count)
      let mark = ctx.transientBytes
      for n in nodes {
        r[slot] = .node(n)
        try emit(&r)
        ctx.transientBytes = mark
      }
    }
  }
}

final class VarLengthExpandOperator: Operator {
  let input: any Operator
  let e: PlanNode.Expand
  let types: [KeyCache]
  let labels: [KeyCache]
  let relationshipProperties: Evaluator?
  let isRelationshipBound: Bool
  let ctx: ExecutionContext

  init(
    input: any Operator, expand: PlanNode.Expand, relationshipProperties: Evaluator?,
    isRelationshipBound: Bool,
    ctx: ExecutionContext
  ) {
    self.input = input
    self.e = expand
    self.types = expand.types.map(KeyCache.init)
    self.labels = expand.toLabels.map(KeyCache.init)
    self.relationshipProperties = relationshipProperties
    self.isRelationshipBound = isRelationshipBound
    self.ctx = ctx
  }

  func run(_ row: inout Row, _ emit: (inout Row) throws -> Void) throws {
    let e = self.e
    let graph = ctx.graph
    let minimum = e.length?.minimum ?? 1
    let maximum = e.length?.maximum
    try input.run(&row) { r in
      guard case .node(let from) = r[e.from] else { return }
      var typeSymbols: [Symbol?] = []
      if types.isEmpty {
        typeSymbols = [nil]
      } else {
        for t in types { if let s = t.symbol(ctx) { typeSymbols.append(s) } }
        if typeSymbols.isEmpty && minimum > 0 { return }
      }
      var labelSymbols: [Symbol] = []
      for l in labels {
        guard let s = l.symbol(ctx) else { return }
        labelSymbols.append(s)
      }
      var target: NodeID? = nil
      if e.isInto {
        guard case .node(let t) = r[e.to] else { return }
        target = t
      }
      var required: [(Symbol?, RuntimeValue)] = []
      if let relationshipProperties {
        let v = try relationshipProperties(&r)
        guard case .map(let m) = v else { if v.isNull { return }; return }
        for (k, value) in m { required.append((ctx.symbol(k), value)) }
      }
      var excluded = Set<RelationshipID>()
      for s in e.distinctFrom { if case .relationship(let x) = r[s] { excluded.insert(x) } }
      for s in e.distinctFromLists {
        if case .list(let items) = r[s] {
          for case .relationship(let x) in items { excluded.insert(x) }
        }
      }
      // Depth first with a stack of its own, not recursion: a path can be as long as
      // the graph (a chain of 12,000 nodes overflowed the thread's stack). The candidate
      // steps of every node on the path sit end to end in two shared buffers (reused,
      // so a visit allocates nothing); a frame is where its node's candidates start and
      // the next one to try. The path grows by one relationship per frame above the first.
      struct Frame {
        var start: Int
        var next: Int
      }
      var candidates: [UInt32] = []
      var neighbours: [UInt32] = []
      var path: [RelationshipID] = []
      var stack: [Frame] = []
      let mark = ctx.transientBytes
      /// Appends the steps out of `node` that match the types and properties.
      func appendSteps(from node: NodeID) {
        let start = candidates.count
        if let view = ctx.view {
          for type in typeSymbols {
            guard let code = type.map({ view.typeCode($0) }) ?? .some(nil) else { continue }
            view.expand(
              node, direction: e.direction, typeCode: code, mask: nil,
              relationships: &candidates, neighbours: &neighbours)
          }
        } else {
          for type in typeSymbols {
            graph.forEachRelationship(of: node, direction: e.direction, type: type) {
              rel, other in
              candidates.append(rel.rawValue)
              neighbours.append(other.rawValue)
            }
          }
        }
        guard !required.isEmpty else { return }
        var kept = start
        for i in start..<candidates.count {
          let matches = required.allSatisfy { k, value in
            guard let k, let stored = graph.property(k, of: RelationshipID(candidates[i])) else {
              return false
            }
            return RuntimeValue.equals(RuntimeValue(stored), value) == true
          }
          if matches {
            candidates[kept] = candidates[i]
            neighbours[kept] = neighbours[i]
            kept += 1
          }
        }
        candidates.removeSubrange(kept...)
        neighbours.removeSubrange(kept...)
      }
      /// Reaches `node` at the current path's length: emits it if it is an end, then
      /// pushes its frame.
      func arrive(at node: NodeID, _ r: inout Row) throws {
        try ctx.charge()
        let depth = path.count
        if depth >= minimum, target == nil || target == node,
          labelSymbols.allSatisfy({ graph.hasLabel(node, $0) })
        {
          defer { ctx.transientBytes = mark }
          try ctx.allocate(MemorySize.list(path.count), span: e.span, "a variable-length path")
          let list = RuntimeValue.list(
            e.isReversed
              ? path.reversed().map { .relationship($0) } : path.map { .relationship($0) })
          var matchesBound = true
          if isRelationshipBound {
            matchesBound = RuntimeValue.equals(r[e.relationship], list) == true
          }
          if matchesBound {
            r[e.relationship] = list
            if target == nil { r[e.to] = .node(node) }
            try emit(&r)
          }
        }
        let start = candidates.count
        if maximum.map({ depth < $0 }) ?? true { appendSteps(from: node) }
        stack.append(Frame(start: start, next: start))
      }
      try arrive(at: from, &r)
      while let top = stack.last {
        let i = top.next
        guard i < candidates.count else {
          candidates.removeSubrange(top.start...)
          neighbours.removeSubrange(top.start...)
          stack.removeLast()
          _ = path.popLast()
          continue
        }
        stack[stack.count - 1].next += 1
        let rel = RelationshipID(candidates[i])
        // Relationships of the path and of the rest of the pattern are not repeated.
        if (!excluded.isEmpty && excluded.contains(rel)) || path.contains(rel) { continue }
        path.append(rel)
        try arrive(at: NodeID(neighbours[i]), &r)
      }
    }
  }
}

final class OptionalOperator: Operator {
  let input: any Operator
  let inner: any Operator
  let newSlots: [Int]
  let ctx: ExecutionContext

  init(input: any Operator, inner: any Operator, newSlots: [Int], ctx: ExecutionContext) {
    self.input = input
    self.inner = inner
    self.newSlots = newSlots
    self.ctx = ctx
  }

  func run(_ row: inout Row, _ emit: (inout Row) throws -> Void) throws {
    try input.run(&row) { r in
      var found = false
      var copy = r
      let mark = ctx.transientBytes
      try inner.run(&copy) { matched in
        found = true
        try emit(&matched)
        ctx.transientBytes = mark
      }
      if !found {
        for s in newSlots { r[s] = .null }
        try emit(&r)
      }
    }
  }
}

final class ProjectionOperator: Operator {
  let input: any Operator
  let items: [(slot: Int, evaluator: Evaluator)]

  init(input: any Operator, items: [(slot: Int, evaluator: Evaluator)]) {
    self.input = input
    self.items = items
  }

  func run(_ row: inout Row, _ emit: (inout Row) throws -> Void) throws {
    try input.run(&row) { r in
      if items.count == 1 {
        r[items[0].slot] = try items[0].evaluator(&r)
      } else {
        // Evaluate all before writing, so `WITH a AS b, b AS a` swaps.
        var values: [RuntimeValue] = []
        values.reserveCapacity(items.count)
        for item in items { values.append(try item.evaluator(&r)) }
        for (item, v) in zip(items, values) { r[item.slot] = v }
      }
      try emit(&r)
    }
  }
}

final class UnwindOperator: Operator {
  let input: any Operator
  let list: Evaluator
  let slot: Int
  let ctx: ExecutionContext

  init(input: any Operator, list: @escaping Evaluator, slot: Int, ctx: ExecutionContext) {
    self.input = input
    self.list = list
    self.slot = slot
    self.ctx = ctx
  }

  func run(_ row: inout Row, _ emit: (inout Row) throws -> Void) throws {
    try input.run(&row) { r in
      switch try list(&r) {
      case .null: return
      case .list(let items):
        let mark = ctx.transientBytes
        for item in items {
          try ctx.charge()
          r[slot] = item
          try emit(&r)
          ctx.transientBytes = mark
        }
      case let other:
        r[slot] = other
        try emit(&r)
      }
    }
  }
}

/// `UNWIND range(start, end[, step]) AS x`: produces the integers one row at a time, so
/// the statement's memory does not grow with the range.
final class RangeUnwindOperator: Operator {
  let input: any Operator
  let arguments: [Evaluator]
  let slot: Int
  let span: SourceSpan
  let ctx: ExecutionContext

  init(
    input: any Operator, arguments: [Evaluator], slot: Int, span: SourceSpan,
    ctx: ExecutionContext
  ) {
    self.input = input
    self.arguments = arguments
    self.slot = slot
    self.span = span
    self.ctx = ctx
  }

  func run(_ row: inout Row, _ emit: (inout Row) throws -> Void) throws {
    try input.run(&row) { r in
      var values: [RuntimeValue] = []
      for a in arguments { values.append(try a(&r)) }
      guard let (start, end, step) = try ctx.rangeArguments(values, span: span) else { return }
      var remaining = ExecutionContext.rangeCount(start: start, end: end, step: step)
      var i = start
      let mark = ctx.transientBytes
      while remaining > 0 {
        try ctx.charge()
        r[slot] = .int(i)
        try emit(&r)
        ctx.transientBytes = mark
        remaining -= 1
        i &+= step
      }
    }
  }
}

/// Passes each row whose values in `slots` it has not seen; the values seen are retained
/// in the memory budget until the input ends.
final class DistinctOperator: Operator {
  let input: any Operator
  let slots: [Int]
  let ctx: ExecutionContext

  init(input: any Operator, slots: [Int], ctx: ExecutionContext) {
    self.input = input
    self.slots = slots
    self.ctx = ctx
  }

  func run(_ row: inout Row, _ emit: (inout Row) throws -> Void) throws {
    var seen = Set<GroupKeys>()
    var held = 0
    defer { ctx.release(held) }
    try input.run(&row) { r in
      let values = slots.map { r[$0] }
      if seen.insert(GroupKeys(values: values)).inserted {
        let bytes = try ctx.measure(row: values).addingSaturating(MemorySize.header)
        try ctx.retain(bytes, span: nil, "DISTINCT")
        held = held.addingSaturating(bytes)
        try emit(&r)
      }
    }
  }
}

/// A SKIP or LIMIT count, compiled.
struct CompiledCount {
  let evaluator: Evaluator
  /// The count as written, where an invalid value is reported.
  let span: SourceSpan

  /// The count: a non-negative integer.
  func evaluate(what: String) throws -> Int {
    var empty: Row = []
    let v = try evaluator(&empty)
    switch v {
    case .int(let i):
      if i < 0 {
        throw runtimeError(
          .negativeIntegerArgument, "\(what) must not be negative, got \(i)", span: span)
      }
      return Int(clamping: i)
    case .float(let d) where d == d.rounded() && d >= 0 && d < 9e18:
      throw runtimeError(.invalidArgumentType, "\(what) must be an integer, got \(d)", span: span)
    case .null:
      throw runtimeError(.invalidArgumentType, "\(what) must be an integer, got null", span: span)
    default:
      throw runtimeError(
        .invalidArgumentType, "\(what) must be an integer, not a \(v.typeName)", span: span)
    }
  }
}

final class SkipOperator: Operator {
  let input: any Operator
  let count: CompiledCount

  init(input: any Operator, count: CompiledCount) {
    self.input = input
    self.count = count
  }

  func run(_ row: inout Row, _ emit: (inout Row) throws -> Void) throws {
    var remaining = try count.evaluate(what: "SKIP")
    try input.run(&row) { r in
      if remaining > 0 {
        remaining -= 1
        return
      }
      try emit(&r)
    }
  }
}

final class LimitOperator: Operator {
  let input: any Operator
  let count: CompiledCount
  let token = StopToken()

  init(input: any Operator, count: CompiledCount) {
    self.input = input
    self.count = count
  }

  func run(_ row: inout Row, _ emit: (inout Row) throws -> Void) throws {
    let limit = try count.evaluate(what: "LIMIT")
    var produced = 0
    let token = self.token
    do {
      try input.run(&row) { r in
        if produced >= limit { throw StopSignal(token: token) }
        produced += 1
        try emit(&r)
        if produced >= limit { throw StopSignal(token: token) }
      }
    } catch let stop as StopSignal where stop.token === token {
      return
    }
  }
}

final class SortOperator: Operator {
  let input: any Operator
  let keys: [(evaluator: Evaluator, isDescending: Bool)]
  /// With a limit: keep only the first `limit` + `skip` rows (ORDER BY … SKIP … LIMIT).
  let limit: CompiledCount?
  let skip: CompiledCount?
  let ctx: ExecutionContext

  init(
    input: any Operator, keys: [(evaluator: Evaluator, isDescending: Bool)],
    limit: CompiledCount? = nil,
    skip: CompiledCount? = nil, ctx: ExecutionContext
  ) {
    self.input = input
    self.keys = keys
    self.limit = limit
    self.skip = skip
    self.ctx = ctx
  }

  func run(_ row: inout Row, _ emit: (inout Row) throws -> Void) throws {
    // Each count is checked on its own, so an invalid one is reported at its own span.
    let skipped = try skip?.evaluate(what: "SKIP") ?? 0
    // SKIP + LIMIT and 2 × that saturate: a LIMIT near 2^63 keeps every row.
    let limit = try self.limit.map { try $0.evaluate(what: "LIMIT").addingSaturating(skipped) }
    let trimAt = limit.map { max(4096, $0.multipliedSaturating(2)) }
    let keys = self.keys
    let width = keys.count
    let descending = keys.map(\.isDescending)
    let ctx = self.ctx
    // Keys live in one flat array; sorting moves 32-bit indexes, not rows.
    var flat: [RuntimeValue] = []
    var rows: [Row] = []
    // What the buffer holds, retained in the memory budget until the rows are emitted.
    var held = 0
    defer { ctx.release(held) }
    func sortedOrder() throws -> [Int32] {
      var order = (0..<Int32(rows.count)).map { $0 }
      try flat.withUnsafeBufferPointer { k in
        try ctx.sort(&order) { a, b in
          let i = Int(a) * width
          let j = Int(b) * width
          for c in 0..<width {
            let d = RuntimeValue.orderCompare(k[i + c], k[j + c])
            if d != 0 { return descending[c] ? d > 0 : d < 0 }
          }
          return a < b
        }
      }
      return order
    }
    func trim(to count: Int) throws {
      let order = try sortedOrder().prefix(count)
      var newFlat: [RuntimeValue] = []
      var newRows: [Row] = []
      for i in order {
        newFlat.append(contentsOf: flat[Int(i) * width..<(Int(i) + 1) * width])
        newRows.append(rows[Int(i)])
      }
      // The rows dropped give back their share of what the buffer held.
      let kept = held / max(1, rows.count) * newRows.count
      ctx.release(held - kept)
      held = kept
      flat = newFlat
      rows = newRows
    }
    try input.run(&row) { r in
      try ctx.charge()
      for k in keys { flat.append(try k.evaluator(&r)) }
      let bytes = try ctx.measure(row: r).addingSaturating(
        try ctx.measure(row: flat[(flat.count - width)...]))
      try ctx.retain(bytes, span: nil, "ORDER BY")
      held = held.addingSaturating(bytes)
      rows.append(r)
      // Keep memory bounded for top-k: trim when the buffer grows past 4k or 2 × limit.
      if let limit, let trimAt, rows.count >= trimAt { try trim(to: limit) }
    }
    var order = try sortedOrder()
    if let limit, order.count > limit { order.removeLast(order.count - limit) }
    let mark = ctx.transientBytes
    for i in order {
      try emit(&rows[Int(i)])
      ctx.transientBytes = mark
    }
  }
}

/// Collects the result rows; they are retained in the memory budget until the statement ends.
final class ProduceResultsOperator: Operator {
  let input: any Operator
  let slots: [Int]
  let ctx: ExecutionContext
  var rows: [[QueryValue]] = []

  init(input: any Operator, slots: [Int], ctx: ExecutionContext) {
    self.input = input
    self.slots = slots
    self.ctx = ctx
  }

  func run(_ row: inout Row, _ emit: (inout Row) throws -> Void) throws {
    let slots = self.slots
    let ctx = self.ctx
    try input.run(&row) { r in
      var bytes = MemorySize.list(slots.count)
      for s in slots {
        switch r[s] {
        case .string, .list, .map, .path: bytes = bytes.addingSaturating(try ctx.measure(r[s]))
        default: break
        }
      }
      try ctx.retain(bytes, span: nil, "the result rows")
      rows.append(slots.map { r[$0].queryValue })
      try emit(&r)
    }
  }
}

/// Wraps an operator to count its rows and time it (PROFILE).
final class ProfiledOperator: Operator {
  let inner: any Operator
  let id: Int
  let profiler: Profiler

  init(inner: any Operator, id: Int, profiler: Profiler) {
    self.inner = inner
    self.id = id
    self.profiler = profiler
  }

  func run(_ row: inout Row, _ emit: (inout Row) throws -> Void) throws {
    let parent = profiler.current
    profiler.switchTo(id)
    defer { profiler.switchTo(parent) }
    try inner.run(&row) { r in
      profiler.rows[id] += 1
      profiler.switchTo(parent)
      defer { profiler.switchTo(id) }
      try emit(&r)
    }
  }
}
