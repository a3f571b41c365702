import GuanxiGraph

/// The inverse of every change a statement made, newest last.
struct UndoLog {
  enum Entry {
    case createdNode(NodeID)
    case createdRelationship(RelationshipID)
    case nodeProperty(NodeID, key: String, old: Value?)
    case relationshipProperty(RelationshipID, key: String, old: Value?)
    case addedLabel(NodeID, String)
    case removedLabel(NodeID, String)
    case deletedRelationship(RelationshipID, type: String, properties: [String: Value])
    case deletedNode(NodeID, labels: [String], properties: [String: Value])
  }

  var entries: [Entry] = []
  var count: Int { entries.count }

  /// Applies the inverses, newest first.
  func rollBack(_ graph: Graph) {
    let wasRecording = graph.isRecordingChanges
    graph.isRecordingChanges = false
    defer { graph.isRecordingChanges = wasRecording }
    for entry in entries.reversed() {
      switch entry {
      case .createdNode(let n): graph.rollBackCreation(of: n)
      case .createdRelationship(let r): graph.rollBackCreation(of: r)
      case .nodeProperty(let n, let key, let old):
        try? graph.setProperty(key, to: old ?? .null, of: n)
      case .relationshipProperty(let r, let key, let old):
        try? graph.setProperty(key, to: old ?? .null, of: r)
      case .addedLabel(let n, let label): try? graph.removeLabel(label, from: n)
      case .removedLabel(let n, let label): try? graph.addLabel(label, to: n)
      case .deletedRelationship(let r, let type, let properties):
        graph.restoreRelationship(r, type: type, properties: properties)
      case .deletedNode(let n, let labels, let properties):
        graph.restoreNode(n, labels: labels, properties: properties)
      }
    }
  }
}

/// The graph mutations a statement makes, each logged for undo and counted.
///
/// A mutation that can fail takes the span of the clause item it writes for, where
/// its error is reported.
struct Writer {
  let ctx: ExecutionContext

  var graph: Graph {
    get throws {
      guard let store = ctx.store else {
        throw runtimeError(
          "ReadOnlyGraph", "this graph is read-only; writing clauses need a writable graph",
          span: nil)
      }
      return store
    }
  }

  /// The store grows by about this much for a new node or relationship, and for a
  /// property on top; charged to the memory budget (the undo log's entry included).
  static let entityBytes = 96
  static let propertyBytes = 48

  /// Charges the growth of the store for one entity with `properties`.
  func chargeStore(_ properties: [String: Value], span: SourceSpan?) throws {
    var bytes = Writer.entityBytes
    for (k, v) in properties {
      bytes = bytes.addingSaturating(Writer.propertyBytes + MemorySize.string(k.utf8.count))
        .addingSaturating(try ctx.measure(RuntimeValue(v)))
    }
    try ctx.retain(bytes, span: span, "the graph's new nodes and relationships")
  }

  func createNode(labels: [String], properties: [String: Value], span: SourceSpan? = nil) throws
    -> NodeID
  {
    let g = try graph
    try ctx.charge()
    try chargeStore(properties, span: span)
    let n = g.createNode(labels: labels, properties: properties)
    ctx.undo.entries.append(.createdNode(n))
    ctx.statistics.nodesCreated += 1
    ctx.statistics.labelsAdded += Set(labels).count
    ctx.statistics.propertiesSet += properties.count
    return n
  }

  func createRelationship(
    from: NodeID, to: NodeID, type: String, properties: [String: Value], span: SourceSpan
  ) throws -> RelationshipID {
    let g = try graph
    try ctx.charge()
    try chargeStore(properties, span: span)
    guard g.contains(from), g.contains(to) else {
      throw runtimeError(
        .deletedEntityAccess, "cannot create a relationship to a deleted node", span: span)
    }
    let r: RelationshipID
    do {
      r = try g.createRelationship(from: from, to: to, type: type, properties: properties)
    } catch {
      throw runtimeError("EntityNotFound", error.message, span: span)
    }
    ctx.undo.entries.append(.createdRelationship(r))
    ctx.statistics.relationshipsCreated += 1
    ctx.statistics.propertiesSet += properties.count
    return r
  }

  func setProperty(_ key: String, _ value: Value, of entity: RuntimeValue, span: SourceSpan) throws
  {
    let g = try graph
    // The new value and the undo log's copy of the old one.
    try ctx.retain(
      Writer.propertyBytes.addingSaturating(try ctx.measure(RuntimeValue(value))), span: span,
      "the properties set")
    switch entity {
    case .node(let n):
      guard g.contains(n) else {
        throw runtimeError(.deletedEntityAccess, "node \(n.rawValue) has been deleted", span: span)
      }
      let old = g.property(key, of: n)
      if old == nil && value.isNull { return }
      try? g.setProperty(key, to: value, of: n)
      ctx.undo.entries.append(.nodeProperty(n, key: key, old: old))
    case .relationship(let r):
      guard g.contains(r) else {
        throw runtimeError(
          .deletedEntityAccess, "relationship \(r.rawValue) has been deleted", span: span)
      }
      let old = g.property(key, of: r)
      if old == nil && value.isNull { return }
      try? g.setProperty(key, to: value, of: r)
      ctx.undo.entries.append(.relationshipProperty(r, key: key, old: old))
    case .null: return
    default:
      throw runtimeError(
        .invalidArgumentType,
        "properties can only be set on nodes and relationships, not \(entity.typeName)",
        span: span)
    }
    ctx.statistics.propertiesSet += 1
  }

  func addLabel(_ label: String, to node: NodeID, span: SourceSpan) throws {
    let g = try graph
    if let s = g.existingSymbol(label), g.hasLabel(node, s) { return }
    guard g.contains(node) else {
      throw runtimeError(.deletedEntityAccess, "node \(node.rawValue) has been deleted", span: span)
    }
    try? g.addLabel(label, to: node)
    ctx.undo.entries.append(.addedLabel(node, label))
    ctx.statistics.labelsAdded += 1
  }

  func removeLabel(_ label: String, from node: NodeID) throws {
    let g = try graph
    guard let s = g.existingSymbol(label), g.hasLabel(node, s) else { return }
    try? g.removeLabel(label, from: node)
    ctx.undo.entries.append(.removedLabel(node, label))
    ctx.statistics.labelsRemoved += 1
  }

  func deleteRelationship(_ r: RelationshipID) throws {
    let g = try graph
    guard g.contains(r) else { return }
    let type = g.typeName(of: r)
    var properties: [String: Value] = [:]
    for (k, v) in g.properties(of: r) { properties[g.string(k)] = v }
    try? g.deleteRelationship(r)
    ctx.undo.entries.append(.deletedRelationship(r, type: type, properties: properties))
    ctx.statistics.relationshipsDeleted += 1
  }

  func deleteNode(_ n: NodeID, detach: Bool, span: SourceSpan) throws {
    let g = try graph
    guard g.contains(n) else { return }
    if detach {
      var attached: [RelationshipID] = []
      g.forEachRelationship(of: n, direction: .both) { r, _ in attached.append(r) }
      for r in attached { try deleteRelationship(r) }
    } else if g.degree(of: n, direction: .both) > 0 {
      throw runtimeError(
        "DeleteConnectedNode",
        "cannot delete node \(n.rawValue) because it still has relationships; use DETACH DELETE",
        span: span)
    }
    let labels = g.labelNames(of: n)
    var properties: [String: Value] = [:]
    for (k, v) in g.properties(of: n) { properties[g.string(k)] = v }
    try? g.deleteNode(n)
    ctx.undo.entries.append(.deletedNode(n, labels: labels, properties: properties))
    ctx.statistics.nodesDeleted += 1
  }
}

/// Converts a runtime value to a storable property value; an error is reported at
/// `span`, the value's expression.
func storableValue(_ v: RuntimeValue, span: SourceSpan) throws -> Value {
  switch v {
  case .node, .relationship, .path, .map:
    throw runtimeError(.invalidPropertyType, "a property cannot hold a \(v.typeName)", span: span)
  case .list(let items):
    var result: [Value] = []
    for item in items {
      switch item {
      case .list, .map, .node, .relationship, .path:
        throw runtimeError(
          .invalidPropertyType, "a property list cannot hold a \(item.typeName)", span: span)
      case .null:
        throw runtimeError(.invalidPropertyType, "a property list cannot hold null", span: span)
      default: result.append(try storableValue(item, span: span))
      }
    }
    return .list(result)
  default:
    return v.plainValue ?? .null
  }
}

/// A map of properties to write: null values are dropped. An error is reported at
/// `span`, the node or relationship pattern.
func storableProperties(_ v: RuntimeValue, span: SourceSpan) throws -> [String: Value] {
  switch v {
  case .null: return [:]
  case .map(let m):
    var result: [String: Value] = [:]
    for (k, item) in m where !item.isNull { result[k] = try storableValue(item, span: span) }
    return result
  default:
    throw runtimeError(
      .invalidArgumentType, "expected a map of properties, not \(v.typeName)", span: span)
  }
}

/// Materialises its input, then writes for each row in order, then emits the rows.
class WritingOperator: Operator {
  let input: any Operator
  let ctx: ExecutionContext
  var writer: Writer { Writer(ctx: ctx) }

  init(input: any Operator, ctx: ExecutionContext) {
    self.input = input
    self.ctx = ctx
  }

  func run(_ row: inout Row, _ emit: (inout Row) throws -> Void) throws {
    var rows: [Row] = []
    // The rows wait here twice (before and after writing): retained until emitted.
    var held = 0
    defer { ctx.release(held) }
    try input.run(&row) { r in
      let bytes = try ctx.measure(row: r).multipliedSaturating(2)
      try ctx.retain(bytes, span: nil, "rows waiting to be written")
      held = held.addingSaturating(bytes)
      rows.append(r)
    }
    var output: [Row] = []
    output.reserveCapacity(rows.count)
    for var r in rows {
      try write(&r) { output.append($0) }
    }
    try finish()
    let mark = ctx.transientBytes
    for i in output.indices {
      try emit(&output[i])
      ctx.transientBytes = mark
    }
  }

  /// Writes for one row; calls `produce` for each row to pass on.
  func write(_ row: inout Row, _ produce: (Row) -> Void) throws { produce(row) }

  /// Runs after every row was written.
  func finish() throws {}
}

final class CreateOperator: WritingOperator {
  let pattern: BoundPattern
  let nodeProperties: [Int: Evaluator]
  let relationshipProperties: [Int: Evaluator]

  init(
    input: any Operator, pattern: BoundPattern, compile: (BoundExpression) throws -> Evaluator,
    ctx: ExecutionContext
  ) throws {
    self.pattern = pattern
    var np: [Int: Evaluator] = [:]
    var rp: [Int: Evaluator] = [:]
    for part in pattern.parts {
      for n in part.nodes { if let p = n.properties { np[n.slot] = try compile(p) } }
      for r in part.relationships { if let p = r.properties { rp[r.slot] = try compile(p) } }
    }
    nodeProperties = np
    relationshipProperties = rp
    super.init(input: input, ctx: ctx)
  }

  override func write(_ row: inout Row, _ produce: (Row) -> Void) throws {
    try CreateOperator.create(pattern, &row, nodeProperties, relationshipProperties, writer)
    produce(row)
  }

  static func create(
    _ pattern: BoundPattern, _ row: inout Row, _ nodeProperties: [Int: Evaluator],
    _ relationshipProperties: [Int: Evaluator],
    _ writer: Writer
  ) throws {
    for part in pattern.parts {
      var created = Set<Int>()
      for n in part.nodes {
        if n.isBound && !created.contains(n.slot) {
          guard case .node = row[n.slot] else {
            if row[n.slot].isNull {
              throw runtimeError(
                "CreateNullNode", "cannot create a relationship to a null node", span: n.span)
            }
            throw runtimeError(
              .variableTypeConflict, "expected a node, not \(row[n.slot].typeName)", span: n.span)
          }
          continue
        }
        if created.contains(n.slot) { continue }
        let properties =
          try nodeProperties[n.slot].map { try storableProperties(try $0(&row), span: n.span) }
          ?? [:]
        row[n.slot] = .node(
          try writer.createNode(labels: n.labels, properties: properties, span: n.span))
        created.insert(n.slot)
      }
      for (i, r) in part.relationships.enumerated() {
        guard case .node(let left) = row[part.nodes[i].slot],
          case .node(let right) = row[part.nodes[i + 1].slot]
        else {
          throw runtimeError(
            "CreateNullNode", "cannot create a relationship to a null node", span: r.span)
        }
        let properties =
          try relationshipProperties[r.slot].map {
            try storableProperties(try $0(&row), span: r.span)
          } ?? [:]
        let (from, to) = r.direction == .incoming ? (right, left) : (left, right)
        row[r.slot] = .relationship(
          try writer.createRelationship(
            from: from, to: to, type: r.types.first ?? "", properties: properties, span: r.span))
      }
      if let p = part.pathSlot {
        row[p] = try ExpressionCompiler.buildPath(part.pathElements, row, writer.ctx)
      }
    }
  }
}

final class MergeOperator: WritingOperator {
  let merge: BoundMerge
  let matcher: any Operator
  let nodeProperties: [Int: Evaluator]
  let relationshipProperties: [Int: Evaluator]
  let onCreate: [CompiledSetItem]
  let onMatch: [CompiledSetItem]

  init(
    input: any Operator, merge: BoundMerge, matcher: any Operator,
    compile: (BoundExpression) throws -> Evaluator,
    ctx: ExecutionContext
  ) throws {
    self.merge = merge
    self.matcher = matcher
    var np: [Int: Evaluator] = [:]
    var rp: [Int: Evaluator] = [:]
    for part in merge.pattern.parts {
      for n in part.nodes { if let p = n.properties { np[n.slot] = try compile(p) } }
      for r in part.relationships { if let p = r.properties { rp[r.slot] = try compile(p) } }
    }
    nodeProperties = np
    relationshipProperties = rp
    onCreate = try merge.onCreate.map { try CompiledSetItem($0, compile) }
    onMatch = try merge.onMatch.map { try CompiledSetItem($0, compile) }
    super.init(input: input, ctx: ctx)
  }

  override func write(_ row: inout Row, _ produce: (Row) -> Void) throws {
    // Null property values can never match or be created.
    for part in merge.pattern.parts {
      for n in part.nodes where !n.isBound {
        if let e = nodeProperties[n.slot], case .map(let m) = try e(&row),
          m.values.contains(where: \.isNull)
        {
          throw runtimeError(
            "MergeReadOwnWrites", "cannot merge a node with a null property value", span: n.span)
        }
      }
      for r in part.relationships {
        if let e = relationshipProperties[r.slot], case .map(let m) = try e(&row),
          m.values.contains(where: \.isNull)
        {
          throw runtimeError(
            "MergeReadOwnWrites", "cannot merge a relationship with a null property value",
            span: r.span)
        }
      }
    }
    var matches: [Row] = []
    var copy = row
    try matcher.run(&copy) { matches.append($0) }
    if matches.isEmpty {
      var created = row
      for part in merge.pattern.parts {
        for n in part.nodes where n.isBound {
          if created[n.slot].isNull {
            throw runtimeError(
              "MergeReadOwnWrites", "cannot merge a pattern with a null node", span: n.span)
          }
        }
      }
      try CreateOperator.create(
        merge.pattern, &created, nodeProperties, relationshipProperties, writer)
      for item in onCreate { try item.apply(&created, writer) }
      produce(created)
    } else {
      for var m in matches {
        for item in onMatch { try item.apply(&m, writer) }
        produce(m)
      }
    }
  }
}

/// A SET item with its expressions compiled.
struct CompiledSetItem {
  let item: BoundSetItem
  let target: Evaluator?
  let value: Evaluator?

  init(_ item: BoundSetItem, _ compile: (BoundExpression) throws -> Evaluator) throws {
    self.item = item
    switch item {
    case .property(let t, _, let v, _, _):
      target = try compile(t)
      value = try compile(v)
    case .replaceProperties(_, let v, _, _), .mergeProperties(_, let v, _, _):
      target = nil
      value = try compile(v)
    case .labels:
      target = nil
      value = nil
    }
  }

  func apply(_ row: inout Row, _ writer: Writer) throws {
    switch item {
    case .property(_, let key, _, let targetSpan, let valueSpan):
      guard let target, let value else { return }
      let entity = try target(&row)
      let v = try value(&row)
      if entity.isNull { return }
      try writer.setProperty(
        key, try storableValue(v, span: valueSpan), of: entity, span: targetSpan)
    case .replaceProperties(let slot, _, let span, let valueSpan),
      .mergeProperties(let slot, _, let span, let valueSpan):
      guard let value else { return }
      let entity = row[slot]
      if entity.isNull { return }
      var v = try value(&row)
      if case .node = v { v = .map(try writer.ctx.allProperties(v, span: valueSpan)) }
      if case .relationship = v { v = .map(try writer.ctx.allProperties(v, span: valueSpan)) }
      guard case .map(let m) = v else {
        if v.isNull, case .replaceProperties = item {
          for (k, _) in try writer.ctx.allProperties(entity, span: span) {
            try writer.setProperty(k, .null, of: entity, span: span)
          }
          return
        }
        throw runtimeError(
          .invalidArgumentType, "expected a map of properties, not \(v.typeName)", span: valueSpan)
      }
      if case .replaceProperties = item {
        for (k, _) in try writer.ctx.allProperties(entity, span: span)
        where m[k] == nil || m[k]?.isNull == true {
          try writer.setProperty(k, .null, of: entity, span: span)
        }
      }
      for k in m.keys.sorted() {
        try writer.setProperty(
          k, try storableValue(m[k] ?? .null, span: valueSpan), of: entity, span: span)
      }
    case .labels(let slot, let labels, let span):
      switch row[slot] {
      case .node(let n): for l in labels { try writer.addLabel(l, to: n, span: span) }
      case .null: return
      default:
        throw runtimeError(.invalidArgumentType, "labels can only be set on nodes", span: span)
      }
    }
  }
}

final class SetOperator: WritingOperator {
  let items: [CompiledSetItem]

  init(
    input: any Operator, items: [BoundSetItem], compile: (BoundExpression) throws -> Evaluator,
    ctx: ExecutionContext
  ) throws {
    self.items = try items.map { try CompiledSetItem($0, compile) }
    super.init(input: input, ctx: ctx)
  }

  override func write(_ row: inout Row, _ produce: (Row) -> Void) throws {
    for item in items { try item.apply(&row, writer) }
    produce(row)
  }
}

final class RemoveOperator: WritingOperator {
  let items: [(item: BoundRemoveItem, target: Evaluator?)]

  init(
    input: any Operator, items: [BoundRemoveItem], compile: (BoundExpression) throws -> Evaluator,
    ctx: ExecutionContext
  ) throws {
    self.items = try items.map { item in
      if case .property(let t, _, _) = item { return (item, try compile(t)) }
      return (item, nil)
    }
    super.init(input: input, ctx: ctx)
  }

  override func write(_ row: inout Row, _ produce: (Row) -> Void) throws {
    for (item, target) in items {
      switch item {
      case .property(_, let key, let span):
        guard let target else { continue }
        let entity = try target(&row)
        switch entity {
        case .null: continue
        case .node(let n):
          if try writer.graph.property(key, of: n) != nil {
            try writer.setProperty(key, .null, of: entity, span: span)
          }
        case .relationship(let r):
          if try writer.graph.property(key, of: r) != nil {
            try writer.setProperty(key, .null, of: entity, span: span)
          }
        default:
          throw runtimeError(
            .invalidArgumentType, "properties can only be removed from nodes and relationships",
            span: span)
        }
      case .labels(let slot, let labels, _):
        guard case .node(let n) = row[slot] else { continue }
        for l in labels { try writer.removeLabel(l, from: n) }
      }
    }
    produce(row)
  }
}

/// Deletes at the end, once every row has named its targets; a node that cannot be
/// deleted is reported at the target expression that named it.
final class DeleteOperator: WritingOperator {
  let targets: [(evaluator: Evaluator, span: SourceSpan)]
  let isDetach: Bool
  var nodes: [(node: NodeID, span: SourceSpan)] = []
  var relationships: [RelationshipID] = []

  init(
    input: any Operator, targets: [(evaluator: Evaluator, span: SourceSpan)], isDetach: Bool,
    ctx: ExecutionContext
  ) {
    self.targets = targets
    self.isDetach = isDetach
    super.init(input: input, ctx: ctx)
  }

  override func write(_ row: inout Row, _ produce: (Row) -> Void) throws {
    for t in targets {
      try collect(try t.evaluator(&row), span: t.span)
    }
    produce(row)
  }

  func collect(_ v: RuntimeValue, span: SourceSpan) throws {
    switch v {
    case .null: return
    case .node(let n): nodes.append((n, span))
    case .relationship(let r): relationships.append(r)
    case .path(let p):
      relationships.append(contentsOf: p.relationships)
      nodes.append(contentsOf: p.nodes.map { ($0, span) })
    case .list(let items): for item in items { try collect(item, span: span) }
    default:
      throw runtimeError(
        .invalidArgumentType, "DELETE expects a node, a relationship or a path, not \(v.typeName)",
        span: span)
    }
  }

  override func finish() throws {
    for r in relationships { try writer.deleteRelationship(r) }
    for n in nodes { try writer.deleteNode(n.node, detach: isDetach, span: n.span) }
    nodes = []
    relationships = []
  }
}
