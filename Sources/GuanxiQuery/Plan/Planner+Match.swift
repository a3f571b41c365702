import GuanxiGraph

extension Planner {
  struct NodeInfo {
    var slot: Int
    var labels: [String]
    /// The node pattern where the variable first appears (for runtime errors of its filters).
    var span: SourceSpan
  }

  struct RelationshipInfo {
    var pattern: BoundRelationshipPattern
    var left: Int
    var right: Int
  }

  /// Plans one MATCH: picks start nodes, expands, and places filters as early as they can go.
  func planMatch(_ m: BoundMatch, on input: PlanNode, bound: inout Set<Int>) -> PlanNode {
    var conjuncts: [BoundExpression] = []
    if let p = m.predicate { Planner.split(p, into: &conjuncts) }
    var nodeOrder: [Int] = []
    var nodes: [Int: NodeInfo] = [:]
    var relationships: [RelationshipInfo] = []
    var shortest: [(part: BoundPatternPart, info: RelationshipInfo)] = []
    let boundBefore = bound

    for part in m.pattern.parts {
      for n in part.nodes {
        if nodes[n.slot] == nil {
          nodes[n.slot] = NodeInfo(slot: n.slot, labels: [], span: n.span)
          nodeOrder.append(n.slot)
        }
        for label in n.labels where !(nodes[n.slot]?.labels.contains(label) ?? false) {
          nodes[n.slot]?.labels.append(label)
        }
        if let properties = n.properties {
          Planner.propertyConjuncts(slot: n.slot, properties, span: n.span, into: &conjuncts)
        }
      }
      for (i, r) in part.relationships.enumerated() {
        let info = RelationshipInfo(
          pattern: r, left: part.nodes[i].slot, right: part.nodes[i + 1].slot)
        if part.selector != .all {
          shortest.append((part, info))
          continue
        }
        relationships.append(info)
        if r.length == nil, let properties = r.properties {
          Planner.propertyConjuncts(slot: r.slot, properties, span: r.span, into: &conjuncts)
        }
      }
    }
    // Labels of nodes bound by earlier clauses become filters.
    for slot in nodeOrder where boundBefore.contains(slot) {
      if let info = nodes[slot], !info.labels.isEmpty {
        conjuncts.append(.hasLabels(.slot(slot), info.labels, span: info.span))
      }
    }

    var node = input
    var pending = conjuncts
    func placeFilters(_ node: inout PlanNode, _ bound: Set<Int>) {
      var kept: [BoundExpression] = []
      for c in pending {
        if c.slots.isSubset(of: bound) {
          node = PlanNode(
            .filter(c), input: node, detail: describe(c), estimatedRows: node.estimatedRows * 0.5)
        } else {
          kept.append(c)
        }
      }
      pending = kept
    }
    placeFilters(&node, bound)

    var done = [Bool](repeating: false, count: relationships.count)
    var matchedSingles: [Int] = []
    var matchedLists: [Int] = []
    for r in relationships where boundBefore.contains(r.pattern.slot) {
      _ = r
    }

    func bindStart(_ slot: Int, _ node: inout PlanNode, _ bound: inout Set<Int>) {
      // Every slot started from is a node of the pattern, so it has its NodeInfo.
      guard let info = nodes[slot] else { return }
      node = planStart(
        slot, labels: info.labels, span: info.span, on: node, conjuncts: &pending, bound: bound)
      bound.insert(slot)
      placeFilters(&node, bound)
    }

    while true {
      let remaining = relationships.indices.filter { !done[$0] }
      if remaining.isEmpty { break }
      // Prefer closing a cycle, then any relationship hanging off a bound node.
      var pick = remaining.first {
        bound.contains(relationships[$0].left) && bound.contains(relationships[$0].right)
      }
      if pick == nil {
        pick = remaining.first {
          bound.contains(relationships[$0].left) || bound.contains(relationships[$0].right)
        }
      }
      guard let index = pick else {
        // Start a new component from its cheapest node.
        var best: (slot: Int, cost: Double)? = nil
        for i in remaining {
          for slot in [relationships[i].left, relationships[i].right] {
            let cost = startCost(
              slot, labels: nodes[slot]?.labels ?? [], conjuncts: pending, bound: bound)
            if best == nil || cost < best!.cost { best = (slot, cost) }
          }
        }
        if let best { bindStart(best.slot, &node, &bound) }
        continue
      }
      done[index] = true
      let r = relationships[index]
      let fromLeft = bound.contains(r.left)
      let from = fromLeft ? r.left : r.right
      let to = fromLeft ? r.right : r.left
      let direction: Direction =
        switch r.pattern.direction {
        case .undirected: .both
        case .outgoing: fromLeft ? .outgoing : .incoming
        case .incoming: fromLeft ? .incoming : .outgoing
        }
      let isInto = bound.contains(to)
      let expand = PlanNode.Expand(
        from: from, relationship: r.pattern.slot, to: to, types: r.pattern.types,
        direction: direction,
        length: r.pattern.length, isInto: isInto,
        isRelationshipBound: bound.contains(r.pattern.slot), isReversed: !fromLeft,
        toLabels: isInto ? [] : (nodes[to]?.labels ?? []),
        relationshipProperties: r.pattern.length == nil ? nil : r.pattern.properties,
        distinctFrom: matchedSingles, distinctFromLists: matchedLists,
        names: (name(from), name(r.pattern.slot), name(to)), span: r.pattern.span)
      let arrow =
        switch direction {
        case .outgoing: ("-", "->")
        case .incoming: ("<-", "-")
        case .both: ("-", "-")
        }
      let types = r.pattern.types.map { ":" + $0 }.joined(separator: "|")
      let hops =
        r.pattern.length.map { "*\($0.minimum)..\($0.maximum.map(String.init) ?? "")" } ?? ""
      let labels = expand.toLabels.map { ":" + $0 }.joined()
      node = PlanNode(
        .expand(expand), input: node,
        detail:
          "(\(name(from)))\(arrow.0)[\(name(r.pattern.slot))\(types)\(hops)]\(arrow.1)(\(name(to))\(labels))",
        estimatedRows: node.estimatedRows * (isInto ? 0.5 : 8))
      if r.pattern.length == nil {
        matchedSingles.append(r.pattern.slot)
      } else {
        matchedLists.append(r.pattern.slot)
      }
      bound.insert(r.pattern.slot)
      bound.insert(to)
      placeFilters(&node, bound)
    }
    // Nodes in no relationship (and shortest-path ends).
    for slot in nodeOrder where !bound.contains(slot) {
      bindStart(slot, &node, &bound)
    }
    for (part, r) in shortest {
      let direction: Direction =
        switch r.pattern.direction {
        case .undirected: .both
        case .outgoing: .outgoing
        case .incoming: .incoming
        }
      let sp = PlanNode.ShortestPath(
        from: r.left, to: r.right, relationship: r.pattern.slot, pathSlot: part.pathSlot,
        types: r.pattern.types, direction: direction, minimum: r.pattern.length?.minimum ?? 1,
        maximum: r.pattern.length == nil ? 1 : r.pattern.length?.maximum,
        isAll: part.selector == .allShortestPaths,
        relationshipProperties: r.pattern.properties, elementsFromStart: true, span: part.span)
      node = PlanNode(
        .shortestPath(sp), input: node,
        detail:
          "(\(name(r.left)))-[\(name(r.pattern.slot))\(r.pattern.types.map { ":" + $0 }.joined(separator: "|"))*\(sp.minimum)..\(sp.maximum.map(String.init) ?? "")]-(\(name(r.right)))",
        estimatedRows: node.estimatedRows)
      bound.insert(r.pattern.slot)
      if let p = part.pathSlot { bound.insert(p) }
      placeFilters(&node, bound)
    }
    for part in m.pattern.parts where part.selector == .all {
      if let p = part.pathSlot {
        let e = BoundExpression.pathOf(part.pathElements)
        node = PlanNode(
          .projection([(p, e)]), input: node, detail: assignment(name(p), e),
          estimatedRows: node.estimatedRows)
        bound.insert(p)
      }
    }
    for c in pending {
      node = PlanNode(
        .filter(c), input: node, detail: describe(c), estimatedRows: node.estimatedRows * 0.5)
    }
    return node
  }

  /// The estimated rows of starting at `slot`.
  func startCost(_ slot: Int, labels: [String], conjuncts: [BoundExpression], bound: Set<Int>)
    -> Double
  {
    if seekCandidate(slot, conjuncts: conjuncts, bound: bound) != nil { return 1 }
    var cost = Double(graph.nodeCount)
    for label in labels {
      guard let s = graph.existingSymbol(label) else { return 0 }
      cost = min(cost, Double(graph.nodes(label: s).count))
    }
    for c in conjuncts where c.slots == [slot] {
      if case .compare(.equal, _, _) = c { cost *= 0.1 } else { cost *= 0.5 }
    }
    return cost
  }

  /// A conjunct `n.key = value` (or `n.key IN list`) that an index can answer.
  /// `span` is the conjunct's, where a value that is not a list is reported.
  func seekCandidate(_ slot: Int, conjuncts: [BoundExpression], bound: Set<Int>)
    -> (index: Int, key: String, value: BoundExpression, isList: Bool, span: SourceSpan)?
  {
    var best: (index: Int, key: String, value: BoundExpression, isList: Bool, span: SourceSpan)? =
      nil
    for (i, c) in conjuncts.enumerated() {
      var candidate: (String, BoundExpression, Bool, SourceSpan)? = nil
      switch c {
      case .compare(.equal, .property(.slot(let s), let key, let span), let value) where s == slot:
        candidate = (key, value, false, span)
      case .compare(.equal, let value, .property(.slot(let s), let key, let span)) where s == slot:
        candidate = (key, value, false, span)
      case .inList(.property(.slot(let s), let key, _), let value, let span) where s == slot:
        candidate = (key, value, true, span)
      default: break
      }
      guard let (key, value, isList, span) = candidate, value.slots.isSubset(of: bound),
        !value.slots.contains(slot), isIndexed(key)
      else { continue }
      if best == nil || (best!.isList && !isList) { best = (i, key, value, isList, span) }
    }
    return best
  }

  func isIndexed(_ key: String) -> Bool {
    if key == Schema.Key.name { return true }
    guard let s = graph.existingSymbol(key) else { return false }
    return graph.indexedNodes(key: s, equalTo: .null) != nil
  }

  /// Plans the operator that binds `slot` first: an index seek, a label scan or a scan of all nodes.
  func planStart(
    _ slot: Int, labels: [String], span: SourceSpan, on input: PlanNode,
    conjuncts: inout [BoundExpression],
    bound: Set<Int>
  ) -> PlanNode {
    if let seek = seekCandidate(slot, conjuncts: conjuncts, bound: bound) {
      conjuncts.remove(at: seek.index)
      return PlanNode(
        .indexSeek(
          slot: slot, name: name(slot), labels: labels, key: seek.key, value: seek.value,
          isList: seek.isList,
          span: seek.span),
        input: input,
        detail:
          "\(name(slot))\(labels.map { ":" + $0 }.joined()) \(seek.key) \(seek.isList ? "IN" : "=") \(describe(seek.value))",
        estimatedRows: input.estimatedRows * 2)
    }
    var best: (label: String, count: Int)? = nil
    for label in labels {
      let count = graph.existingSymbol(label).map { graph.nodes(label: $0).count } ?? 0
      if best == nil || count < best!.count { best = (label, count) }
    }
    if let best {
      var node = PlanNode(
        .labelScan(slot: slot, name: name(slot), label: best.label), input: input,
        detail: "\(name(slot)):\(best.label)",
        estimatedRows: input.estimatedRows * Double(max(1, best.count)))
      let others = labels.filter { $0 != best.label }
      if !others.isEmpty {
        let c = BoundExpression.hasLabels(.slot(slot), others, span: span)
        node = PlanNode(
          .filter(c), input: node, detail: describe(c), estimatedRows: node.estimatedRows)
      }
      return node
    }
    return PlanNode(
      .allNodesScan(slot: slot, name: name(slot)), input: input, detail: name(slot),
      estimatedRows: input.estimatedRows * Double(max(1, graph.nodeCount)))
  }

  /// `a AND b AND c` as [a, b, c].
  static func split(_ e: BoundExpression, into list: inout [BoundExpression]) {
    if case .and(let a, let b, _) = e {
      split(a, into: &list)
      split(b, into: &list)
    } else {
      list.append(e)
    }
  }

  /// `(n {k: v})` as `n.k = v` conjuncts; a map parameter as one `matchesProperties` test.
  /// `span` is the node or relationship pattern's.
  static func propertyConjuncts(
    slot: Int, _ properties: BoundExpression, span: SourceSpan, into list: inout [BoundExpression]
  ) {
    switch properties {
    case .constant(.map(let m)):
      for k in m.keys.sorted() {
        list.append(
          .compare(.equal, .property(.slot(slot), key: k, span: span), .constant(m[k] ?? .null)))
      }
    case .map(let entries, _):
      for (k, v) in entries {
        list.append(.compare(.equal, .property(.slot(slot), key: k, span: span), v))
      }
    default:
      list.append(.function(.matchesProperties, [.slot(slot), properties], span: span))
    }
  }
}
