import GuanxiGraph

/// Turns a bound statement into a tree of plan operators.
///
/// Reads start from an index when a pattern node is pinned by an equality on an
/// indexed key (`name` always, other keys when the graph has an index), otherwise from
/// the smallest label scan; they expand along adjacency lists filtered by relationship
/// type and push each predicate down to the first operator where its variables are
/// bound. Disconnected pattern parts become nested loops. Writing clauses are eager:
/// they see every input row before they write, and later clauses see their writes.
struct Planner {
  let graph: any GraphReading
  let names: [Int: String]

  /// The variable of `slot` as the user wrote it; the binder names the rest (`anon_1`,
  /// an aggregate as written).
  func name(_ slot: Int) -> String { names[slot] ?? "anon_\(slot)" }

  /// `name = expression` for EXPLAIN, or just the name when it is the expression's text
  /// (`m.name`, not `m.name = m.name`).
  func assignment(_ name: String, _ e: BoundExpression) -> String {
    let text = describe(e)
    return text == name ? name : "\(name) = \(text)"
  }

  func describe(_ e: BoundExpression) -> String { ExpressionPrinter(names: names).print(e) }

  // MARK: - Queries

  func plan(_ query: BoundQuery) -> PlanNode {
    if query.parts.count == 1 { return plan(query.parts[0], leaf: nil, bound: []) }
    let children = query.parts.map { plan($0, leaf: nil, bound: []) }
    return PlanNode(
      .union(isAll: query.isUnionAll), input: nil, children: children,
      detail: query.isUnionAll.allSatisfy { $0 } ? "ALL" : "")
  }

  /// Plans clauses; `leaf` (default: an Argument) produces the first row; `bound` are the
  /// slots already holding values in it.
  func plan(_ query: BoundSingleQuery, leaf: PlanNode?, bound initial: Set<Int>) -> PlanNode {
    var node = leaf ?? PlanNode(.argument, input: nil)
    var bound = initial
    node = plan(clauses: query.clauses, on: node, bound: &bound)
    if !query.columns.isEmpty {
      node = PlanNode(
        .produceResults(columns: query.columns, slots: query.columnSlots), input: node,
        detail: query.columns.joined(separator: ", "), estimatedRows: node.estimatedRows)
    }
    return node
  }

  func plan(clauses: [BoundClause], on start: PlanNode, bound: inout Set<Int>) -> PlanNode {
    var node = start
    var sawWrite = false
    for clause in clauses {
      switch clause {
      case .match(let m):
        if m.isOptional {
          var inner = bound
          let sub = planMatch(m, on: PlanNode(.argument, input: nil), bound: &inner)
          node = PlanNode(
            .optional(newSlots: m.newSlots), input: node, children: [sub],
            estimatedRows: max(node.estimatedRows, sub.estimatedRows))
          bound = inner
        } else {
          node = planMatch(m, on: node, bound: &bound)
        }
      case .unwind(let e, let slot):
        node = PlanNode(
          .unwind(e, slot: slot), input: node, detail: "\(describe(e)) AS \(name(slot))",
          estimatedRows: node.estimatedRows * 10)
        bound.insert(slot)
      case .projection(let p):
        node = planProjection(p, on: node, bound: &bound)
      case .create(let pattern):
        node = PlanNode(
          .create(pattern), input: eager(node, &sawWrite), detail: describe(pattern),
          estimatedRows: node.estimatedRows)
        for part in pattern.parts {
          for n in part.nodes { bound.insert(n.slot) }
          for r in part.relationships { bound.insert(r.slot) }
          if let p = part.pathSlot { bound.insert(p) }
        }
      case .merge(let m):
        node = PlanNode(
          .merge(m), input: eager(node, &sawWrite), detail: describe(m.pattern),
          estimatedRows: node.estimatedRows)
        for part in m.pattern.parts {
          for n in part.nodes { bound.insert(n.slot) }
          for r in part.relationships { bound.insert(r.slot) }
          if let p = part.pathSlot { bound.insert(p) }
        }
      case .set(let items):
        node = PlanNode(
          .set(items), input: eager(node, &sawWrite), estimatedRows: node.estimatedRows)
      case .remove(let items):
        node = PlanNode(
          .remove(items), input: eager(node, &sawWrite), estimatedRows: node.estimatedRows)
      case .delete(let expressions, let detach, _):
        node = PlanNode(
          .delete(expressions, isDetach: detach), input: eager(node, &sawWrite),
          detail: expressions.map { describe($0.expression) }.joined(separator: ", "),
          estimatedRows: node.estimatedRows)
      }
    }
    return node
  }

  /// Writing operators materialise their input (each write operator is eager itself,
  /// so only the first needs no separate Eager).
  func eager(_ node: PlanNode, _ sawWrite: inout Bool) -> PlanNode {
    sawWrite = true
    return node
  }

  // MARK: - Projections

  func planProjection(_ p: BoundProjection, on input: PlanNode, bound: inout Set<Int>) -> PlanNode {
    var node = input
    if p.isAggregating {
      let keys = p.items.filter { !$0.containsAggregate }.map {
        (slot: $0.slot, expression: $0.expression)
      }
      // Grouping keys, then the aggregates as the user wrote them.
      let detail =
        (keys.map { assignment(name($0.slot), $0.expression) }
        + p.aggregates.map { name($0.slot) })
        .joined(separator: ", ")
      node = PlanNode(
        .aggregate(keys: keys, aggregates: p.aggregates), input: node, detail: detail,
        estimatedRows: keys.isEmpty ? 1 : max(1, node.estimatedRows / 4))
      let rest = p.items.filter(\.containsAggregate).filter {
        if case .slot(let s) = $0.expression, s == $0.slot { return false }
        return true
      }
      if !rest.isEmpty {
        node = PlanNode(
          .projection(rest.map { ($0.slot, $0.expression) }), input: node,
          detail: rest.map { assignment(name($0.slot), $0.expression) }.joined(
            separator: ", "),
          estimatedRows: node.estimatedRows)
      }
    } else {
      let computed = p.items.filter {
        if case .slot(let s) = $0.expression, s == $0.slot { return false }
        return true
      }
      if !computed.isEmpty {
        node = PlanNode(
          .projection(computed.map { ($0.slot, $0.expression) }), input: node,
          detail: computed.map { assignment($0.name, $0.expression) }.joined(
            separator: ", "),
          estimatedRows: node.estimatedRows)
      }
    }
    if p.isDistinct {
      node = PlanNode(
        .distinct(slots: p.items.map(\.slot)), input: node,
        detail: p.items.map(\.name).joined(separator: ", "), estimatedRows: node.estimatedRows)
    }
    let sortDetail = p.orderBy.map { describe($0.expression) + ($0.isDescending ? " DESC" : "") }
      .joined(separator: ", ")
    if !p.orderBy.isEmpty, let limit = p.limit {
      let count =
        describe(limit.expression) + (p.skip.map { " + " + describe($0.expression) } ?? "")
      node = PlanNode(
        .top(p.orderBy, limit: limit, skip: p.skip), input: node,
        detail: sortDetail + " LIMIT \(count)",
        estimatedRows: node.estimatedRows)
    } else if !p.orderBy.isEmpty {
      node = PlanNode(
        .sort(p.orderBy), input: node, detail: sortDetail, estimatedRows: node.estimatedRows)
    }
    if let skip = p.skip {
      node = PlanNode(
        .skip(skip), input: node, detail: describe(skip.expression),
        estimatedRows: node.estimatedRows)
    }
    if let limit = p.limit {
      node = PlanNode(
        .limit(limit), input: node, detail: describe(limit.expression),
        estimatedRows: node.estimatedRows)
    }
    if let predicate = p.predicate {
      node = PlanNode(
        .filter(predicate), input: node, detail: describe(predicate),
        estimatedRows: node.estimatedRows / 2)
    }
    bound.formUnion(p.items.map(\.slot))
    bound.formUnion(p.aggregates.map(\.slot))
    return node
  }

  func describe(_ pattern: BoundPattern) -> String {
    ExpressionPrinter(names: names).print(pattern)
  }
}

/// Prints bound expressions with the user's variable names, for EXPLAIN: what was
/// written, with `anon_N` for what had no name.
struct ExpressionPrinter {
  let names: [Int: String]

  func name(_ slot: Int) -> String { names[slot] ?? "anon_\(slot)" }

  /// `(a:Person)-[anon_1:HOLDS]->(x)`, parts separated by commas.
  func print(_ pattern: BoundPattern) -> String {
    func node(_ n: BoundNodePattern) -> String {
      "(\(name(n.slot))\(n.labels.map { ":" + $0 }.joined()))"
    }
    return pattern.parts.map { part in
      var s = node(part.nodes[0])
      for (i, r) in part.relationships.enumerated() {
        let t = r.types.map { ":" + $0 }.joined(separator: "|")
        let hops =
          r.length.map { "*\($0.minimum)..\($0.maximum.map(String.init) ?? "")" } ?? ""
        s +=
          (r.direction == .incoming ? "<-" : "-") + "[\(name(r.slot))\(t)\(hops)]"
          + (r.direction == .outgoing ? "->" : "-")
        s += node(part.nodes[i + 1])
      }
      return s
    }.joined(separator: ", ")
  }

  /// The pattern (and WHERE) of a subquery made from a pattern in an expression.
  func print(_ sub: BoundSubquery) -> String {
    sub.clauses.map { clause in
      guard case .match(let m) = clause else { return "…" }
      return print(m.pattern) + (m.predicate.map { " WHERE " + print($0) } ?? "")
    }.joined(separator: " ")
  }

  func print(_ e: BoundExpression) -> String {
    switch e {
    case .constant(let v): return literal(v)
    case .parameter(_, let name): return "$" + name
    case .slot(let s): return names[s] ?? "anon_\(s)"
    case .property(let b, let k, _): return print(b) + "." + k
    case .subscript(let a, let b, _): return "\(print(a))[\(print(b))]"
    case .slice(let a, let b, let c, _):
      return "\(print(a))[\(b.map(print) ?? "")..\(c.map(print) ?? "")]"
    case .hasLabels(let b, let labels, _): return print(b) + labels.map { ":" + $0 }.joined()
    case .not(let a, _): return "NOT \(print(a))"
    case .negate(let a, _): return "-\(print(a))"
    case .and(let a, let b, _): return "\(print(a)) AND \(print(b))"
    case .or(let a, let b, _): return "(\(print(a)) OR \(print(b)))"
    case .xor(let a, let b, _): return "(\(print(a)) XOR \(print(b)))"
    case .compare(let op, let a, let b): return "\(print(a)) \(op.rawValue) \(print(b))"
    case .arithmetic(let op, let a, let b, _): return "(\(print(a)) \(op.rawValue) \(print(b)))"
    case .stringMatch(let op, let a, let b): return "\(print(a)) \(op.rawValue) \(print(b))"
    case .regex(let a, let b, _): return "\(print(a)) =~ \(print(b))"
    case .inList(let a, let b, _): return "\(print(a)) IN \(print(b))"
    case .isNull(let a, let n): return "\(print(a)) IS \(n ? "NOT " : "")NULL"
    case .function(let f, let args, _):
      return f == .matchesProperties
        ? "\(print(args[0])) matches \(print(args[1]))"
        : "\(f.rawValue)(\(args.map(print).joined(separator: ", ")))"
    case .aggregate(let a):
      if a.function == .countStar { return "count(*)" }
      return "\(a.function.rawValue)(\(a.isDistinct ? "DISTINCT " : "")"
        + "\(a.arguments.map(print).joined(separator: ", ")))"
    case .caseExpression(let subject, let alternatives, let elseValue, _):
      let whens = alternatives.map { " WHEN \(print($0.0)) THEN \(print($0.1))" }.joined()
      return "CASE" + (subject.map { " " + print($0) } ?? "") + whens
        + (elseValue.map { " ELSE " + print($0) } ?? "") + " END"
    case .list(let items, _): return "[\(items.map(print).joined(separator: ", "))]"
    case .map(let entries, _):
      return "{\(entries.map { "\($0.0): \(print($0.1))" }.joined(separator: ", "))}"
    case .mapProjection(let b, let items, _):
      let shown = items.map { item in
        switch item {
        case .property(let k): "." + k
        case .allProperties: ".*"
        case .entry(let k, let v): "\(k): \(print(v))"
        }
      }
      return "\(print(b)) {\(shown.joined(separator: ", "))}"
    case .listComprehension(let slot, let source, let predicate, let projection, _):
      return "[\(name(slot)) IN \(print(source))"
        + (predicate.map { " WHERE " + print($0) } ?? "")
        + (projection.map { " | " + print($0) } ?? "") + "]"
    case .quantifier(let q, let slot, let source, let predicate, _):
      return "\(q.rawValue)(\(name(slot)) IN \(print(source))"
        + (predicate.map { " WHERE " + print($0) } ?? "") + ")"
    case .reduce(let acc, let initial, let slot, let source, let expression, _):
      return "reduce(\(name(acc)) = \(print(initial)), \(name(slot)) IN \(print(source)) | "
        + "\(print(expression)))"
    case .patternComprehension(let sub, let projection, _):
      return "[\(print(sub)) | \(print(projection))]"
    case .exists(let sub): return "EXISTS { \(print(sub)) }"
    case .pathOf(let elements):
      // The path's pattern without directions: (a)-[r]-(b)-[s*]-(c).
      return elements.map { element in
        switch element {
        case .node(let s): "(\(name(s)))"
        case .relationship(let s): "-[\(name(s))]-"
        case .relationships(let s): "-[\(name(s))*]-"
        }
      }.joined()
    }
  }

  func literal(_ v: RuntimeValue) -> String {
    switch v {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .float(let d): return ExecutionContext.formatFloat(d)
    case .string(let s): return "'" + s + "'"
    case .date(let d): return "date('\(d)')"
    case .list(let items): return "[\(items.map(literal).joined(separator: ", "))]"
    case .map(let m):
      return
        "{\(m.keys.sorted().map { "\($0): \(literal(m[$0] ?? .null))" }.joined(separator: ", "))}"
    case .node(let n): return "node(\(n.rawValue))"
    case .relationship(let r): return "relationship(\(r.rawValue))"
    case .path: return "path"
    }
  }
}
