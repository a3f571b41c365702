import GuanxiGraph

/// Resolves the names of a parsed statement: variables become row slots, parameters
/// become indexes, functions become built-ins; checks scoping and typing rules.
///
/// Each variable gets its own slot in one row layout shared by the whole statement,
/// so no later stage looks anything up by name. Rules checked here (with TCK codes):
/// UndefinedVariable, VariableAlreadyBound, VariableTypeConflict, ColumnNameConflict,
/// AmbiguousAggregationExpression, InvalidAggregation, NestedAggregation,
/// UnknownFunction, InvalidArgumentType (for arguments whose type is known before
/// running), NonConstantExpression, RelationshipUniquenessViolation.
///
/// Example: `MATCH (p:Person {name: '高强'})-[:HOLDS]->(x) RETURN x.name` binds `p` to
/// slot 0, the anonymous relationship to slot 1, `x` to slot 2 and the column to slot 3.
struct Binder {
  /// What a variable holds, as far as can be known before running.
  enum Kind: Equatable, Sendable {
    case node, relationship, relationshipList, path
    case value(StaticType?)

    var description: String {
      switch self {
      case .node: "Node"
      case .relationship: "Relationship"
      case .relationshipList: "List<Relationship>"
      case .path: "Path"
      case .value(let t): t?.rawValue ?? "Any"
      }
    }
  }

  /// The type of a value known at compile time (literals and their variables).
  enum StaticType: String, Sendable {
    case integer = "Integer", float = "Float", string = "String", boolean = "Boolean"
    case list = "List", map = "Map", null = "Null"
  }

  struct Variable: Sendable {
    var slot: Int
    var kind: Kind
  }

  typealias Scope = [String: Variable]

  let source: String
  let graph: (any GraphReading)?
  var slotCount = 0
  var parameterIndexes: [String: Int] = [:]
  var parameterNames: [String] = []
  /// Where each parameter is first used (a missing value is reported there).
  var parameterSpans: [SourceSpan] = []
  var warnings: [QueryWarning] = []
  /// For each warning, the name it is about, as `label:X`, `type:X` or `key:X`.
  var warnedNames: [String] = []
  /// Labels, types and keys the statement's CREATE, MERGE and SET write (same form):
  /// the graph will know them, so they are not warned about.
  var writtenNames = Set<String>()
  var knownLabels: [String] = []
  var knownTypes: [String] = []
  var knownKeys: Set<String>? = nil
  /// Variable names by slot, for EXPLAIN.
  var slotNames: [Int: String] = [:]

  init(source: String, graph: (any GraphReading)?) {
    self.source = source
    self.graph = graph
  }

  /// Records a variable's name for its slot and returns the variable.
  mutating func declare(_ name: String, _ slot: Int, kind: Kind) -> Variable {
    if slotNames[slot] == nil { slotNames[slot] = name }
    return Variable(slot: slot, kind: kind)
  }

  /// The names without repeats, first occurrence kept.
  static func unique(_ names: [String]) -> [String] {
    var seen = Set<String>()
    return names.filter { seen.insert($0).inserted }
  }

  mutating func newSlot() -> Int {
    defer { slotCount += 1 }
    return slotCount
  }

  func fail(_ code: QueryError.Code, _ message: String, at span: SourceSpan?) -> QueryError {
    QueryError(stage: .semantic, code: code, message: message, span: span)
  }

  // MARK: - Statements and queries

  mutating func bind(_ statement: ParsedStatement) throws(QueryError) -> BoundStatement {
    let query = try bind(statement.query)
    let isUpdating = statement.query.parts.contains { $0.clauses.contains(where: \.isUpdating) }
    // A name the statement itself writes is not unknown, wherever it is read.
    let kept = zip(warnings, warnedNames).filter { !writtenNames.contains($0.1) }.map(\.0)
    nameAnonymousSlots()
    return BoundStatement(
      mode: statement.mode, query: query, parameterNames: parameterNames,
      parameterSpans: parameterSpans, slotCount: slotCount,
      warnings: kept, isUpdating: isUpdating)
  }

  /// Names every slot without a variable for EXPLAIN: `anon_1`, `anon_2`, … in slot
  /// order, skipping names the statement uses.
  mutating func nameAnonymousSlots() {
    let used = Set(slotNames.values)
    var next = 1
    for slot in 0..<slotCount where slotNames[slot] == nil {
      while used.contains("anon_\(next)") { next += 1 }
      slotNames[slot] = "anon_\(next)"
      next += 1
    }
  }

  /// Records the keys of a literal property map a writing clause sets.
  mutating func noteWrittenKeys(_ e: ParsedExpression) {
    if case .map(let entries) = e.kind {
      for entry in entries { writtenNames.insert("key:" + entry.key.text) }
    }
  }

  mutating func bind(_ query: ParsedQuery) throws(QueryError) -> BoundQuery {
    var parts: [BoundSingleQuery] = []
    for part in query.parts {
      var scope = Scope()
      parts.append(try bind(part, scope: &scope))
    }
    let columns = parts[0].columns
    for (i, part) in parts.enumerated().dropFirst() where part.columns != columns {
      throw fail(
        .differentColumnsInUnion, "all parts of a UNION must return the same columns",
        at: query.parts[i].span)
    }
    return BoundQuery(parts: parts, isUnionAll: query.unions.map { $0 == .all }, columns: columns)
  }

  mutating func bind(_ query: ParsedSingleQuery, scope: inout Scope) throws(QueryError)
    -> BoundSingleQuery
  {
    var clauses: [BoundClause] = []
    var columns: [String] = []
    var columnSlots: [Int] = []
    for clause in query.clauses {
      switch clause {
      case .match(let m):
        clauses.append(.match(try bindMatch(m, scope: &scope)))
      case .unwind(let u):
        let expression = try bindExpression(u.expression, scope: scope)
        if scope[u.variable.text] != nil {
          throw fail(
            .variableAlreadyBound, "variable '\(u.variable.text)' is already defined",
            at: u.variable.span)
        }
        let slot = newSlot()
        var elementType: StaticType? = nil
        if case .constant(.list(let items)) = expression, let first = items.first {
          elementType = Binder.staticType(of: first)
          if !items.allSatisfy({ Binder.staticType(of: $0) == elementType }) { elementType = nil }
        }
        scope[u.variable.text] = declare(u.variable.text, slot, kind: .value(elementType))
        clauses.append(.unwind(expression, slot: slot))
      case .with(let w):
        let (projection, newScope) = try bindProjection(
          w.projection, predicate: w.predicate, scope: scope, isReturn: false)
        scope = newScope
        clauses.append(.projection(projection))
      case .return(let r):
        let (projection, _) = try bindProjection(
          r.projection, predicate: nil, scope: scope, isReturn: true)
        columns = projection.items.map(\.name)
        columnSlots = projection.items.map(\.slot)
        clauses.append(.projection(projection))
      case .create(let c):
        clauses.append(.create(try bindUpdatePattern(c.pattern, scope: &scope, isMerge: false)))
      case .merge(let m):
        let before = Set(scope.values.map(\.slot))
        let pattern = try bindUpdatePattern(
          ParsedPattern(parts: [m.path], span: m.path.span), scope: &scope, isMerge: true)
        var onCreate: [BoundSetItem] = []
        var onMatch: [BoundSetItem] = []
        for action in m.actions {
          for item in action.items {
            let bound = try bindSetItem(item, scope: scope)
            if action.trigger == .create { onCreate.append(bound) } else { onMatch.append(bound) }
          }
        }
        let newSlots = Set(scope.values.map(\.slot)).subtracting(before).sorted()
        clauses.append(
          .merge(
            BoundMerge(pattern: pattern, onCreate: onCreate, onMatch: onMatch, newSlots: newSlots)))
      case .set(let s):
        var items: [BoundSetItem] = []
        for item in s.items { items.append(try bindSetItem(item, scope: scope)) }
        clauses.append(.set(items))
      case .remove(let r):
        var items: [BoundRemoveItem] = []
        for item in r.items {
          switch item {
          case .labels(let variable, let labels, let span):
            let v = try lookup(variable, scope: scope)
            if v.kind != .node && v.kind != .value(nil) {
              throw fail(
                .invalidArgumentType, "labels can only be removed from nodes", at: variable.span)
            }
            items.append(.labels(slot: v.slot, labels: labels.map(\.text), span: span))
          case .property(let target, _):
            guard case .property(let base, let key) = target.kind else {
              throw fail(.invalidArgumentType, "expected a property to remove", at: target.span)
            }
            items.append(
              .property(
                target: try bindExpression(base, scope: scope), key: key.text, span: target.span))
          }
        }
        clauses.append(.remove(items))
      case .delete(let d):
        var expressions: [(expression: BoundExpression, span: SourceSpan)] = []
        for e in d.expressions {
          let bound = try bindExpression(e, scope: scope)
          switch staticKind(bound, scope: scope) {
          case .value(let t?) where t != .null && t != .list && t != .map:
            throw fail(
              .invalidArgumentType, "DELETE expects a node, a relationship or a path", at: e.span)
          default: break
          }
          expressions.append((bound, e.span))
        }
        clauses.append(.delete(expressions, isDetach: d.isDetach, span: d.span))
      }
    }
    return BoundSingleQuery(clauses: clauses, columns: columns, columnSlots: columnSlots)
  }

  // MARK: - Names

  func lookup(_ name: ParsedName, scope: Scope) throws(QueryError) -> Variable {
    guard let v = scope[name.text] else {
      throw fail(.undefinedVariable, "variable '\(name.text)' is not defined", at: name.span)
    }
    return v
  }

  mutating func parameter(_ name: String, span: SourceSpan) -> Int {
    if let i = parameterIndexes[name] { return i }
    let i = parameterNames.count
    parameterNames.append(name)
    parameterSpans.append(span)
    parameterIndexes[name] = i
    return i
  }

  /// Warns about a label, type or key the graph has never seen, naming the nearest known one.
  mutating func checkKnown(_ name: ParsedName, kind: String) {
    guard let graph, graph.nodeCount > 0, graph.existingSymbol(name.text) == nil else { return }
    let candidates: [String]
    let shown: (String) -> String
    switch kind {
    case "label":
      if knownLabels.isEmpty { knownLabels = graph.labelCounts().map(\.label) }
      candidates = knownLabels
      shown = { ":" + $0 }
    case "type":
      if knownTypes.isEmpty { knownTypes = graph.typeCounts().map(\.type) }
      candidates = knownTypes
      shown = { ":" + $0 }
    default:
      if knownKeys == nil { knownKeys = Binder.sampleKeys(graph) }
      candidates = (knownKeys ?? []).sorted()
      shown = { $0 }
    }
    let suggestion = Diagnostics.nearest(to: name.text, among: candidates)
    let message = "unknown \(kind) '\(kind == "property key" ? "" : ":")\(name.text)'"
    let warning = QueryWarning(
      code: "Unknown"
        + (kind == "label" ? "Label" : kind == "type" ? "RelationshipType" : "PropertyKey"),
      message: message, span: name.span, suggestion: suggestion.map(shown))
    if !warnings.contains(warning) {
      warnings.append(warning)
      warnedNames.append((kind == "property key" ? "key" : kind) + ":" + name.text)
    }
  }

  /// Property keys of a sample of nodes and relationships (for suggestions only).
  static func sampleKeys(_ graph: any GraphReading) -> Set<String> {
    var keys = Set<String>()
    var seen = 0
    for n in 0..<min(graph.nodeIDLimit, 2000) where graph.contains(NodeID(n)) {
      for (k, _) in graph.properties(of: NodeID(n)) { keys.insert(graph.string(k)) }
      seen += 1
    }
    for r in 0..<min(graph.relationshipIDLimit, 2000) where graph.contains(RelationshipID(r)) {
      for (k, _) in graph.properties(of: RelationshipID(r)) { keys.insert(graph.string(k)) }
    }
    _ = seen
    return keys
  }

  // MARK: - MATCH

  mutating func bindMatch(_ m: ParsedClause.Match, scope: inout Scope) throws(QueryError)
    -> BoundMatch
  {
    let before = scope
    let pattern = try bindReadPattern(m.pattern, scope: &scope)
    var predicate: BoundExpression? = nil
    if let p = m.predicate {
      predicate = try bindPredicate(p, scope: scope)
    }
    let newSlots = scope.filter { before[$0.key] == nil }.map(\.value.slot).sorted()
    var allNew = Set(newSlots)
    for part in pattern.parts {
      for n in part.nodes where !n.isBound { allNew.insert(n.slot) }
      for r in part.relationships where !r.isBound { allNew.insert(r.slot) }
    }
    return BoundMatch(
      isOptional: m.isOptional, pattern: pattern, predicate: predicate, newSlots: allNew.sorted())
  }

  /// A WHERE predicate: a boolean expression, no aggregates.
  mutating func bindPredicate(_ p: ParsedExpression, scope: Scope) throws(QueryError)
    -> BoundExpression
  {
    let bound = try bindExpression(p, scope: scope)
    try requireBooleanish(bound, at: p.span, scope: scope)
    return bound
  }

  func requireBooleanish(_ e: BoundExpression, at span: SourceSpan, scope: Scope) throws(QueryError)
  {
    switch staticKind(e, scope: scope) {
    case .node, .relationship, .path, .relationshipList:
      throw fail(.invalidArgumentType, "expected a boolean predicate", at: span)
    case .value(let t?) where t != .boolean && t != .null:
      throw fail(.invalidArgumentType, "expected a boolean predicate", at: span)
    default: break
    }
  }

  mutating func bindReadPattern(_ pattern: ParsedPattern, scope: inout Scope) throws(QueryError)
    -> BoundPattern
  {
    let outer = scope
    var parts: [BoundPatternPart] = []
    var relationshipNames = Set<String>()
    for part in pattern.parts {
      var nodes: [BoundNodePattern] = []
      var relationships: [BoundRelationshipPattern] = []
      if let pv = part.variable, scope[pv.text] != nil {
        throw fail(.variableAlreadyBound, "variable '\(pv.text)' is already defined", at: pv.span)
      }
      let element = part.element
      nodes.append(try bindNode(element.start, scope: &scope, outer: outer))
      for step in element.steps {
        let r = step.relationship
        if let v = r.variable {
          if outer[v.text] == nil, relationshipNames.contains(v.text) {
            throw fail(
              "RelationshipUniquenessViolation",
              "relationship variable '\(v.text)' is used twice in one pattern", at: v.span)
          }
          relationshipNames.insert(v.text)
        }
        relationships.append(try bindRelationship(r, scope: &scope, outer: outer))
        nodes.append(try bindNode(step.node, scope: &scope, outer: outer))
      }
      var pathSlot: Int? = nil
      if let pv = part.variable {
        if scope[pv.text] != nil {
          throw fail(.variableAlreadyBound, "variable '\(pv.text)' is already defined", at: pv.span)
        }
        let slot = newSlot()
        scope[pv.text] = declare(pv.text, slot, kind: .path)
        pathSlot = slot
      }
      if part.selector != .all {
        guard relationships.count == 1, !nodes.isEmpty else {
          throw fail(
            .invalidArgumentType, "shortestPath needs a pattern with exactly one relationship",
            at: part.span)
        }
      }
      parts.append(
        BoundPatternPart(
          pathSlot: pathSlot, selector: part.selector, nodes: nodes, relationships: relationships,
          span: part.span))
    }
    return BoundPattern(parts: parts)
  }

  mutating func bindNode(_ n: ParsedNodePattern, scope: inout Scope, outer: Scope)
    throws(QueryError)
    -> BoundNodePattern
  {
    for label in n.labels { checkKnown(label, kind: "label") }
    let properties = try n.properties.map { (e) throws(QueryError) in
      try bindPropertyMap(e, scope: scope)
    }
    guard let v = n.variable else {
      return BoundNodePattern(
        slot: newSlot(), labels: n.labels.map(\.text), properties: properties, isBound: false,
        hasVariable: false, span: n.span)
    }
    if let existing = scope[v.text] {
      switch existing.kind {
      case .node, .value(nil), .value(.null): break
      default:
        throw fail(
          .variableTypeConflict,
          "variable '\(v.text)' is \(existing.kind.description), not a node", at: v.span)
      }
      return BoundNodePattern(
        slot: existing.slot, labels: n.labels.map(\.text), properties: properties,
        isBound: outer[v.text] != nil, hasVariable: true, span: n.span)
    }
    let slot = newSlot()
    scope[v.text] = declare(v.text, slot, kind: .node)
    return BoundNodePattern(
      slot: slot, labels: n.labels.map(\.text), properties: properties, isBound: false,
      hasVariable: true, span: n.span)
  }

  mutating func bindRelationship(
    _ r: ParsedRelationshipPattern, scope: inout Scope, outer: Scope
  ) throws(QueryError) -> BoundRelationshipPattern {
    for t in r.types { checkKnown(t, kind: "type") }
    let properties = try r.properties.map { (e) throws(QueryError) in
      try bindPropertyMap(e, scope: scope)
    }
    var length: (Int, Int?)? = nil
    if let l = r.length {
      length = (l.minimum ?? 1, l.maximum)
    }
    let kind: Kind = length == nil ? .relationship : .relationshipList
    guard let v = r.variable else {
      return BoundRelationshipPattern(
        slot: newSlot(), types: Binder.unique(r.types.map(\.text)), direction: r.direction,
        length: length,
        properties: properties, isBound: false, hasVariable: false, span: r.span)
    }
    if let existing = scope[v.text] {
      if existing.kind != kind && existing.kind != .value(nil) && existing.kind != .value(.null)
        && !(existing.kind == .value(.list) && kind == .relationshipList)
      {
        throw fail(
          .variableTypeConflict,
          "variable '\(v.text)' is \(existing.kind.description), not a relationship", at: v.span)
      }
      return BoundRelationshipPattern(
        slot: existing.slot, types: Binder.unique(r.types.map(\.text)), direction: r.direction,
        length: length,
        properties: properties, isBound: outer[v.text] != nil, hasVariable: true, span: r.span)
    }
    let slot = newSlot()
    scope[v.text] = declare(v.text, slot, kind: kind)
    return BoundRelationshipPattern(
      slot: slot, types: Binder.unique(r.types.map(\.text)), direction: r.direction, length: length,
      properties: properties, isBound: false, hasVariable: true, span: r.span)
  }

  mutating func bindPropertyMap(_ e: ParsedExpression, scope: Scope) throws(QueryError)
    -> BoundExpression
  {
    if case .map(let entries) = e.kind {
      for entry in entries { checkKnown(entry.key, kind: "property key") }
    }
    let bound = try bindExpression(e, scope: scope)
    if case .value(let t?) = staticKind(bound, scope: scope), t != .map, t != .null {
      throw fail(.invalidArgumentType, "expected a map of properties", at: e.span)
    }
    return bound
  }

  // MARK: - CREATE and MERGE

  mutating func bindUpdatePattern(_ pattern: ParsedPattern, scope: inout Scope, isMerge: Bool)
    throws(QueryError) -> BoundPattern
  {
    let outer = scope
    var parts: [BoundPatternPart] = []
    let clause = isMerge ? "MERGE" : "CREATE"
    for part in pattern.parts {
      if let pv = part.variable, scope[pv.text] != nil {
        throw fail(.variableAlreadyBound, "variable '\(pv.text)' is already defined", at: pv.span)
      }
      var nodes: [BoundNodePattern] = []
      var relationships: [BoundRelationshipPattern] = []
      func node(_ n: ParsedNodePattern, _ binder: inout Binder, _ scope: inout Scope)
        throws(QueryError)
        -> BoundNodePattern
      {
        for label in n.labels { binder.writtenNames.insert("label:" + label.text) }
        if let p = n.properties { binder.noteWrittenKeys(p) }
        let properties = try n.properties.map { (e) throws(QueryError) in
          try binder.bindPropertyMap(e, scope: scope)
        }
        if let v = n.variable, let existing = scope[v.text] {
          if existing.kind != .node && existing.kind != .value(nil) {
            throw binder.fail(
              .variableTypeConflict,
              "variable '\(v.text)' is \(existing.kind.description), not a node",
              at: v.span)
          }
          if !n.labels.isEmpty || n.properties != nil || (isMerge && part.element.steps.isEmpty) {
            throw binder.fail(
              .variableAlreadyBound,
              "variable '\(v.text)' is already defined; \(clause) cannot give it labels or properties",
              at: v.span)
          }
          return BoundNodePattern(
            slot: existing.slot, labels: [], properties: nil, isBound: true, hasVariable: true,
            span: n.span)
        }
        let slot = binder.newSlot()
        if let v = n.variable { scope[v.text] = binder.declare(v.text, slot, kind: .node) }
        return BoundNodePattern(
          slot: slot, labels: n.labels.map(\.text), properties: properties, isBound: false,
          hasVariable: n.variable != nil, span: n.span)
      }
      nodes.append(try node(part.element.start, &self, &scope))
      for step in part.element.steps {
        let r = step.relationship
        // A rebound variable is reported before the shape of the relationship, as the TCK expects.
        if let v = r.variable, scope[v.text] != nil {
          throw fail(.variableAlreadyBound, "variable '\(v.text)' is already defined", at: v.span)
        }
        if r.length != nil {
          throw fail(
            .creatingVarLength, "\(clause) cannot use variable-length relationships", at: r.span)
        }
        if r.types.count != 1 {
          throw fail(
            .noSingleRelationshipType, "\(clause) needs exactly one relationship type", at: r.span)
        }
        if !isMerge && r.direction == .undirected {
          throw fail(
            .requiresDirectedRelationship, "CREATE needs a direction on every relationship",
            at: r.span)
        }
        for t in r.types { writtenNames.insert("type:" + t.text) }
        if let p = r.properties { noteWrittenKeys(p) }
        let properties = try r.properties.map { (e) throws(QueryError) in
          try bindPropertyMap(e, scope: scope)
        }
        var slot: Int
        if let v = r.variable {
          if scope[v.text] != nil {
            throw fail(.variableAlreadyBound, "variable '\(v.text)' is already defined", at: v.span)
          }
          slot = newSlot()
          scope[v.text] = declare(v.text, slot, kind: .relationship)
        } else {
          slot = newSlot()
        }
        relationships.append(
          BoundRelationshipPattern(
            slot: slot, types: r.types.map(\.text), direction: r.direction, length: nil,
            properties: properties, isBound: false, hasVariable: r.variable != nil, span: r.span))
        nodes.append(try node(step.node, &self, &scope))
      }
      var pathSlot: Int? = nil
      if let pv = part.variable {
        let slot = newSlot()
        scope[pv.text] = declare(pv.text, slot, kind: .path)
        pathSlot = slot
      }
      parts.append(
        BoundPatternPart(
          pathSlot: pathSlot, selector: .all, nodes: nodes, relationships: relationships,
          span: part.span))
    }
    _ = outer
    return BoundPattern(parts: parts)
  }

  mutating func bindSetItem(_ item: ParsedSetItem, scope: Scope) throws(QueryError) -> BoundSetItem
  {
    switch item {
    case .property(let target, let value, _):
      guard case .property(let base, let key) = target.kind else {
        throw fail(.invalidArgumentType, "expected a property to set", at: target.span)
      }
      writtenNames.insert("key:" + key.text)
      let boundBase = try bindExpression(base, scope: scope)
      if case .value(let t?) = staticKind(boundBase, scope: scope), t != .map, t != .null {
        throw fail(
          .invalidArgumentType, "properties can only be set on nodes and relationships",
          at: base.span)
      }
      return .property(
        target: boundBase, key: key.text, value: try bindExpression(value, scope: scope),
        targetSpan: target.span,
        valueSpan: value.span)
    case .replaceProperties(let variable, let value, let span):
      noteWrittenKeys(value)
      let v = try lookup(variable, scope: scope)
      return .replaceProperties(
        slot: v.slot, value: try bindExpression(value, scope: scope), span: span,
        valueSpan: value.span)
    case .mergeProperties(let variable, let value, let span):
      noteWrittenKeys(value)
      let v = try lookup(variable, scope: scope)
      return .mergeProperties(
        slot: v.slot, value: try bindExpression(value, scope: scope), span: span,
        valueSpan: value.span)
    case .labels(let variable, let labels, let span):
      for label in labels { writtenNames.insert("label:" + label.text) }
      let v = try lookup(variable, scope: scope)
      if v.kind != .node && v.kind != .value(nil) {
        throw fail(.invalidArgumentType, "labels can only be set on nodes", at: variable.span)
      }
      return .labels(slot: v.slot, labels: labels.map(\.text), span: span)
    }
  }
}
