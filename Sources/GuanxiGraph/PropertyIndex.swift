/// An equality index on one node property key, built on request (`Graph.createIndex`).
///
/// Values map to the first node holding them; further nodes with the same value are
/// chained through `next`, so the index costs one dictionary entry per distinct value
/// plus four bytes per node.
struct PropertyIndex: Sendable {
  /// The hashable form of an indexed value; strings go by their symbol.
  enum Key: Hashable, Sendable {
    case int(Int64)
    case string(String)
    case other(Value)

    init(_ value: Value) {
      switch value {
      case .int(let i): self = .int(i)
      case .float(let d) where d == d.rounded() && abs(d) < 9e15: self = .int(Int64(d))
      case .string(let s): self = .string(s)
      default: self = .other(value)
      }
    }
  }

  var heads: [Key: UInt32] = [:]
  var next: [UInt32] = []

  mutating func insert(_ node: NodeID, _ value: Value) {
    if next.count <= node.index {
      next.append(contentsOf: repeatElement(noEntry, count: node.index + 1 - next.count))
    }
    let key = Key(value)
    next[node.index] = heads[key] ?? noEntry
    heads[key] = node.rawValue
  }

  mutating func remove(_ node: NodeID, _ value: Value) {
    let key = Key(value)
    guard var n = heads[key], node.index < next.count else { return }
    if n == node.rawValue {
      heads[key] = next[node.index] == noEntry ? nil : next[node.index]
    } else {
      while next[Int(n)] != noEntry && next[Int(n)] != node.rawValue { n = next[Int(n)] }
      if next[Int(n)] == node.rawValue { next[Int(n)] = next[node.index] }
    }
    next[node.index] = noEntry
  }

  func nodes(_ value: Value) -> [NodeID] {
    var result: [NodeID] = []
    var n = heads[Key(value)] ?? noEntry
    while n != noEntry {
      result.append(NodeID(n))
      n = next[Int(n)]
    }
    return result.sorted()
  }
}

extension Graph {
  /// Builds an equality index on node property `key` (for every label); idempotent.
  ///
  /// The query planner answers `n.key = value` from it instead of scanning. Indexes are
  /// not part of the data: snapshots do not store them, the opener of a graph asks again.
  /// - Complexity: O(nodes).
  public func createIndex(on key: String) {
    let symbol = strings.intern(key)
    guard propertyIndexes[symbol] == nil, symbol != nameKey else { return }
    var index = PropertyIndex()
    index.next = [UInt32](repeating: noEntry, count: nodeLabelSet.count)
    for n in stride(from: nodeLabelSet.count - 1, through: 0, by: -1)
    where nodeLabelSet[n] != noEntry {
      if let value = nodeArena.value(of: symbol, at: nodeProperties[n], strings: strings) {
        index.insert(NodeID(n), value)
      }
    }
    propertyIndexes[symbol] = index
  }

  /// Whether `key` can be looked up without a scan (`name` always can).
  public func hasIndex(on key: Symbol) -> Bool { key == nameKey || propertyIndexes[key] != nil }

  /// Live nodes whose `key` equals `value`, ascending, from an index; nil when `key` has
  /// no index (the caller scans instead).
  public func indexedNodes(key: Symbol, equalTo value: Value) -> [NodeID]? {
    if key == nameKey {
      guard case .string(let name) = value else { return [] }
      guard let nameSymbol = strings.lookup(name) else { return [] }
      return nodes(label: nil, nameSymbol: nameSymbol)
    }
    return propertyIndexes[key]?.nodes(value)
  }
}
