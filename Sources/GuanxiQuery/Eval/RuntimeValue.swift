import GuanxiGraph

/// A value while a query runs: a stored value or a reference into the graph.
///
/// Unlike `QueryValue`, lists and maps hold runtime values directly, so the evaluator
/// never has to tell a list of plain values from a list of nodes. Nodes and
/// relationships are ids; a path is two id arrays. Results are converted to
/// `QueryValue` only when a row leaves the executor.
enum RuntimeValue: Sendable {
  case null
  case bool(Bool)
  case int(Int64)
  case float(Double)
  case string(String)
  case date(LocalDate)
  case list([RuntimeValue])
  case map([String: RuntimeValue])
  case node(NodeID)
  case relationship(RelationshipID)
  case path(PathValue)

  init(_ value: Value) {
    switch value {
    case .null: self = .null
    case .bool(let b): self = .bool(b)
    case .int(let i): self = .int(i)
    case .float(let d): self = .float(d)
    case .string(let s): self = .string(s)
    case .date(let d): self = .date(d)
    case .list(let items): self = .list(items.map(RuntimeValue.init))
    case .map(let entries): self = .map(entries.mapValues(RuntimeValue.init))
    }
  }

  init(_ value: QueryValue) {
    switch value {
    case .value(let v): self.init(v)
    case .node(let n): self = .node(n)
    case .relationship(let r): self = .relationship(r)
    case .path(let nodes, let relationships):
      self = .path(PathValue(nodes: nodes, relationships: relationships))
    case .list(let items): self = .list(items.map(RuntimeValue.init))
    case .map(let entries): self = .map(entries.mapValues(RuntimeValue.init))
    }
  }

  var isNull: Bool { if case .null = self { true } else { false } }

  /// The public form of the value.
  var queryValue: QueryValue {
    switch self {
    case .null: return .null
    case .bool(let b): return .value(.bool(b))
    case .int(let i): return .value(.int(i))
    case .float(let d): return .value(.float(d))
    case .string(let s): return .value(.string(s))
    case .date(let d): return .value(.date(d))
    case .node(let n): return .node(n)
    case .relationship(let r): return .relationship(r)
    case .path(let p): return .path(nodes: p.nodes, relationships: p.relationships)
    case .list(let items):
      if let plain = plainValue { return .value(plain) }
      return .list(items.map(\.queryValue))
    case .map(let entries):
      if let plain = plainValue { return .value(plain) }
      return .map(entries.mapValues(\.queryValue))
    }
  }

  /// The value as a stored `Value`, or nil when it holds a graph reference.
  var plainValue: Value? {
    switch self {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .float(let d): return .float(d)
    case .string(let s): return .string(s)
    case .date(let d): return .date(d)
    case .node, .relationship, .path: return nil
    case .list(let items):
      var result: [Value] = []
      result.reserveCapacity(items.count)
      for item in items {
        guard let v = item.plainValue else { return nil }
        result.append(v)
      }
      return .list(result)
    case .map(let entries):
      var result: [String: Value] = [:]
      for (k, item) in entries {
        guard let v = item.plainValue else { return nil }
        result[k] = v
      }
      return .map(result)
    }
  }

  /// The openCypher type name, as error messages spell it.
  var typeName: String {
    switch self {
    case .null: "Null"
    case .bool: "Boolean"
    case .int: "Integer"
    case .float: "Float"
    case .string: "String"
    case .date: "Date"
    case .list: "List"
    case .map: "Map"
    case .node: "Node"
    case .relationship: "Relationship"
    case .path: "Path"
    }
  }
}

extension RuntimeValue {
  /// The deepest list or map nesting a value may have. Deeper values are refused when
  /// they are built, so the recursive comparisons, hashing and conversions never run
  /// out of stack.
  static let maximumNesting = 256

  /// Whether the value nests lists and maps deeper than `maximumNesting`; iterative.
  var isTooDeep: Bool {
    var stack: [(RuntimeValue, Int)] = [(self, 0)]
    while let (v, depth) = stack.popLast() {
      switch v {
      case .list(let items):
        if depth >= RuntimeValue.maximumNesting { return true }
        for item in items {
          switch item {
          case .list, .map: stack.append((item, depth + 1))
          default: break
          }
        }
      case .map(let entries):
        if depth >= RuntimeValue.maximumNesting { return true }
        for item in entries.values {
          switch item {
          case .list, .map: stack.append((item, depth + 1))
          default: break
          }
        }
      default: break
      }
    }
    return false
  }

  /// Throws NestingTooDeep, reported at `span` (the expression building `v`), when `v`
  /// nests too deep.
  static func checkNesting(_ v: RuntimeValue, span: SourceSpan) throws {
    if v.isTooDeep {
      throw runtimeError(
        .nestingTooDeep, "a value nests lists or maps more than \(maximumNesting) levels deep",
        span: span)
    }
  }
}

/// A path: `nodes.count == relationships.count + 1`.
struct PathValue: Hashable, Sendable {
  var nodes: [NodeID]
  var relationships: [RelationshipID]
}

// MARK: - Equality, ordering and grouping

extension RuntimeValue {
  /// openCypher `=`: true, false or null (unknown).
  static func equals(_ a: RuntimeValue, _ b: RuntimeValue) -> Bool? {
    switch (a, b) {
    case (.null, _), (_, .null): return nil
    case (.bool(let x), .bool(let y)): return x == y
    case (.int(let x), .int(let y)): return x == y
    case (.float(let x), .float(let y)): return x == y
    case (.int(let x), .float(let y)): return numericEqual(x, y)
    case (.float(let x), .int(let y)): return numericEqual(y, x)
    case (.string(let x), .string(let y)): return x == y
    case (.date(let x), .date(let y)): return x == y
    case (.node(let x), .node(let y)): return x == y
    case (.relationship(let x), .relationship(let y)): return x == y
    case (.path(let x), .path(let y)): return x == y
    case (.list(let x), .list(let y)):
      guard x.count == y.count else { return false }
      var sawNull = false
      for (p, q) in zip(x, y) {
        switch equals(p, q) {
        case false?: return false
        case nil: sawNull = true
        case true?: break
        }
      }
      return sawNull ? nil : true
    case (.map(let x), .map(let y)):
      guard x.count == y.count else { return false }
      var sawNull = false
      for (k, p) in x {
        guard let q = y[k] else { return false }
        switch equals(p, q) {
        case false?: return false
        case nil: sawNull = true
        case true?: break
        }
      }
      return sawNull ? nil : true
    default: return false
    }
  }

  static func numericEqual(_ i: Int64, _ d: Double) -> Bool {
    guard d.isFinite, d == d.rounded(), abs(d) < 9.3e18 else { return false }
    return Int64(d) == i && Double(i) == d
  }

  /// openCypher `<` and friends: the order of two comparable values, nil when they are
  /// not comparable (different types, null, NaN involved).
  static func compare(_ a: RuntimeValue, _ b: RuntimeValue) -> Int? {
    switch (a, b) {
    case (.int(let x), .int(let y)): return x < y ? -1 : (x == y ? 0 : 1)
    case (.float(let x), .float(let y)):
      if x.isNaN || y.isNaN { return nil }
      return x < y ? -1 : (x == y ? 0 : 1)
    case (.int(let x), .float(let y)): return compareMixed(x, y)
    case (.float(let x), .int(let y)): return compareMixed(y, x).map { -$0 }
    case (.string(let x), .string(let y)): return x < y ? -1 : (x == y ? 0 : 1)
    case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
    case (.date(let x), .date(let y)): return x < y ? -1 : (x == y ? 0 : 1)
    case (.list(let x), .list(let y)):
      for (p, q) in zip(x, y) {
        guard let c = compare(p, q) else { return nil }
        if c != 0 { return c }
      }
      return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
    default: return nil
    }
  }

  static func compareMixed(_ i: Int64, _ d: Double) -> Int? {
    if d.isNaN { return nil }
    let x = Double(i)
    if x < d { return -1 }
    if x > d { return 1 }
    // Equal as doubles; break ties exactly for large integers.
    if abs(d) >= 9.2e18 { return d > 0 ? -1 : 1 }
    let di = Int64(d)
    return i < di ? -1 : (i == di ? 0 : 1)
  }

  /// The rank of a type in openCypher's global sort order (ORDER BY ascending).
  var orderRank: Int {
    switch self {
    case .map: 0
    case .node: 1
    case .relationship: 2
    case .list: 3
    case .path: 4
    case .date: 5
    case .string: 6
    case .bool: 7
    case .int, .float: 8
    case .null: 9
    }
  }

  /// openCypher's total order for ORDER BY, min and max: types by `orderRank`, numbers
  /// with NaN after every other number, null last.
  static func orderCompare(_ a: RuntimeValue, _ b: RuntimeValue) -> Int {
    let ra = a.orderRank
    let rb = b.orderRank
    if ra != rb { return ra < rb ? -1 : 1 }
    switch (a, b) {
    case (.null, .null): return 0
    case (.int(let x), .int(let y)): return x < y ? -1 : (x == y ? 0 : 1)
    case (.float(let x), .float(let y)):
      if x.isNaN || y.isNaN { return x.isNaN ? (y.isNaN ? 0 : 1) : -1 }
      return x < y ? -1 : (x == y ? 0 : 1)
    case (.int(let x), .float(let y)):
      if y.isNaN { return -1 }
      return compareMixed(x, y) ?? 0
    case (.float(let x), .int(let y)):
      if x.isNaN { return 1 }
      return -(compareMixed(y, x) ?? 0)
    case (.string(let x), .string(let y)): return x < y ? -1 : (x == y ? 0 : 1)
    case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
    case (.date(let x), .date(let y)): return x < y ? -1 : (x == y ? 0 : 1)
    case (.node(let x), .node(let y)): return x < y ? -1 : (x == y ? 0 : 1)
    case (.relationship(let x), .relationship(let y)): return x < y ? -1 : (x == y ? 0 : 1)
    case (.list(let x), .list(let y)):
      for (p, q) in zip(x, y) {
        let c = orderCompare(p, q)
        if c != 0 { return c }
      }
      return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
    case (.path(let x), .path(let y)):
      for (p, q) in zip(x.nodes, y.nodes) where p != q { return p < q ? -1 : 1 }
      for (p, q) in zip(x.relationships, y.relationships) where p != q { return p < q ? -1 : 1 }
      return x.nodes.count < y.nodes.count ? -1 : (x.nodes.count == y.nodes.count ? 0 : 1)
    case (.map(let x), .map(let y)):
      let kx = x.keys.sorted()
      let ky = y.keys.sorted()
      for (p, q) in zip(kx, ky) where p != q { return p < q ? -1 : 1 }
      if kx.count != ky.count { return kx.count < ky.count ? -1 : 1 }
      for k in kx {
        let c = orderCompare(x[k] ?? .null, y[k] ?? .null)
        if c != 0 { return c }
      }
      return 0
    default: return 0
    }
  }
}

/// A value as a grouping or DISTINCT key: openCypher equivalence, where null equals
/// null, NaN equals NaN and 1 equals 1.0.
struct GroupKey: Hashable {
  var value: RuntimeValue

  static func == (a: GroupKey, b: GroupKey) -> Bool { equivalent(a.value, b.value) }

  static func equivalent(_ a: RuntimeValue, _ b: RuntimeValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.float(let x), .float(let y)) where x.isNaN && y.isNaN: return true
    case (.list(let x), .list(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { equivalent($0, $1) }
    case (.map(let x), .map(let y)):
      return x.count == y.count
        && x.allSatisfy { k, v in y[k].map { equivalent(v, $0) } ?? false }
    default: return RuntimeValue.equals(a, b) ?? false
    }
  }

  func hash(into hasher: inout Hasher) { GroupKey.hash(value, into: &hasher) }

  static func hash(_ value: RuntimeValue, into hasher: inout Hasher) {
    switch value {
    case .null: hasher.combine(0 as UInt8)
    case .bool(let b): hasher.combine(b)
    case .int(let i): hasher.combine(Double(i))
    case .float(let d): if d.isNaN { hasher.combine(1 as UInt8) } else { hasher.combine(d) }
    case .string(let s): hasher.combine(s)
    case .date(let d): hasher.combine(d)
    case .node(let n): hasher.combine(2 as UInt8); hasher.combine(n)
    case .relationship(let r): hasher.combine(3 as UInt8); hasher.combine(r)
    case .path(let p): hasher.combine(p)
    case .list(let items):
      hasher.combine(items.count)
      for item in items { hash(item, into: &hasher) }
    case .map(let entries):
      hasher.combine(entries.count)
      for k in entries.keys.sorted() {
        hasher.combine(k)
        hash(entries[k] ?? .null, into: &hasher)
      }
    }
  }
}

/// Several values as one grouping key.
struct GroupKeys: Hashable {
  var values: [RuntimeValue]

  static func == (a: GroupKeys, b: GroupKeys) -> Bool {
    a.values.count == b.values.count
      && zip(a.values, b.values).allSatisfy { GroupKey.equivalent($0, $1) }
  }

  func hash(into hasher: inout Hasher) {
    for v in values { GroupKey.hash(v, into: &hasher) }
  }
}
