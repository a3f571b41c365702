/// A property value whose strings are already symbols of the graph: what bulk loaders
/// hand to `Graph.appendNodes(_:)` and `Graph.appendRelationships(_:)`, so that a
/// string read from a file never becomes a Swift `String`.
public enum InternedValue: Hashable, Sendable {
  case string(Symbol)
  case int(Int64)
  case float(Double)
  case bool(Bool)
  case date(LocalDate)
}

/// One property of one row of a batch: row `row` (counted from the batch's first row)
/// has `key` = `value`.
public struct BatchProperty: Hashable, Sendable {
  public var row: UInt32
  public var key: Symbol
  public var value: InternedValue
  @inlinable public init(row: UInt32, key: Symbol, value: InternedValue) {
    self.row = row
    self.key = key
    self.value = value
  }
}

/// Nodes to append in one go, as columns: row `i` has label `labels[i]` and the
/// `properties` whose `row` is `i`.
///
/// `properties` must be sorted by `row` (a loader fills it in row order anyway).
public struct NodeBatch: Sendable {
  /// One label per node.
  public var labels: [Symbol] = []
  public var properties: [BatchProperty] = []
  public init() {}
  public var count: Int { labels.count }
}

/// Relationships to append in one go, as columns: row `i` runs from node `from[i]` to
/// node `to[i]` (raw `NodeID`s), has type `types[i]`, provenance `docs[i]` (a string
/// `Symbol`'s raw value) and `spanStarts[i]`, `spanEnds[i]`, each `RelationshipBatch.none`
/// when absent, and the `properties` whose `row` is `i` (sorted by `row`).
public struct RelationshipBatch: Sendable {
  /// Marks an absent `doc` or `span`.
  public static let none = UInt32.max
  public var from: [UInt32] = []
  public var to: [UInt32] = []
  public var types: [Symbol] = []
  public var docs: [UInt32] = []
  public var spanStarts: [UInt32] = []
  public var spanEnds: [UInt32] = []
  public var properties: [BatchProperty] = []
  public init() {}
  public var count: Int { from.count }
}

extension Graph {
  /// The symbol of a UTF-8 byte string, interning it; the bulk loaders' way to name
  /// strings without building a Swift `String`.
  public func intern(utf8: UnsafeBufferPointer<UInt8>) -> Symbol { strings.intern(utf8: utf8) }

  /// Reserves room for about `count` more strings of `byteCount` bytes in all.
  public func reserveStrings(count: Int, byteCount: Int) {
    strings.reserve(stringCount: strings.count + count, byteCount: strings.bytes.count + byteCount)
  }

  /// Appends the nodes of `batch`, one label each, with ids `nodeIDLimit ..<
  /// nodeIDLimit + batch.count` in row order, and indexes them as `createNode` would.
  ///
  /// Keys must be symbols of this graph and strings in values too; a key given twice
  /// for one row keeps its last value. Recorded as `createNode` changes when
  /// `isRecordingChanges` is set.
  /// - Returns: the id of the first new node.
  /// - Complexity: O(rows + properties).
  @discardableResult
  public func appendNodes(_ batch: NodeBatch) -> NodeID {
    let first = NodeID(nodeLabelSet.count)
    if isRecordingChanges {
      forEachRow(batch.count, batch.properties) { row, entries in
        let properties = Dictionary(
          entries.map { (strings.string($0.key), value(of: $0.value)) }, uniquingKeysWith: { $1 })
        createNode(labels: [strings.string(batch.labels[row])], properties: properties)
      }
      return first
    }
    var setIDs: [Symbol: UInt32] = [:]
    nodeLabelSet.reserveCapacity(nodeLabelSet.count + batch.count)
    nodeProperties.reserveCapacity(nodeProperties.count + batch.count)
    nameNext.reserveCapacity(nameNext.count + batch.count)
    for label in batch.labels {
      let setID: UInt32
      if let known = setIDs[label] {
        setID = known
      } else {
        setID = labelSetID([label])
        setIDs[label] = setID
      }
      nodeLabelSet.append(setID)
    }
    nameNext.append(contentsOf: repeatElement(noEntry, count: batch.count))
    if nameHead.count < strings.count {
      nameHead.append(contentsOf: repeatElement(noEntry, count: strings.count - nameHead.count))
    }
    forEachRow(batch.count, batch.properties) { row, entries in
      let node = first.index + row
      nodeProperties.append(nodeArena.appendRecord(entries))
      for entry in entries where entry.key == nameKey {
        if case .string(let name) = entry.value {
          nameNext[node] = nameHead[name.index]
          nameHead[name.index] = UInt32(node)
        }
      }
    }
    // Rows come in id order, so each label's list stays ascending.
    var byLabel: [Symbol: [UInt32]] = [:]
    for (row, label) in batch.labels.enumerated() {
      byLabel[label, default: []].append(UInt32(first.index + row))
    }
    for (label, ids) in byLabel { nodesByLabel[label, default: []].append(contentsOf: ids) }
    liveNodeCount += batch.count
    if !propertyIndexes.isEmpty {
      for row in 0..<batch.count {
        let node = NodeID(first.index + row)
        for key in propertyIndexes.keys {
          if let value = property(key, of: node) { propertyIndexes[key]?.insert(node, value) }
        }
      }
    }
    return first
  }

  /// Appends the relationships of `batch` with ids `relationshipIDLimit ..<
  /// relationshipIDLimit + batch.count` in row order.
  ///
  /// During a bulk load the adjacency lists are built by `finishBulkLoad()`, otherwise
  /// at once. Recorded as `createRelationship` changes when `isRecordingChanges` is set.
  /// - Throws: `GraphError` `.nodeNotFound` when an end does not exist (nothing is
  ///   appended then), `.tooManyTypes`.
  /// - Complexity: O(rows + properties).
  public func appendRelationships(_ batch: RelationshipBatch) throws(GraphError) {
    let n = batch.count
    precondition(
      batch.to.count == n && batch.types.count == n && batch.docs.count == n
        && batch.spanStarts.count == n && batch.spanEnds.count == n,
      "relationship batch columns differ in length")
    for i in 0..<n {
      let from = NodeID(batch.from[i])
      let to = NodeID(batch.to[i])
      guard contains(from), contains(to) else {
        throw GraphError(
          .nodeNotFound, "node \(contains(from) ? to.rawValue : from.rawValue) does not exist")
      }
    }
    if isRecordingChanges {
      var rows: [Int: [(key: Symbol, value: InternedValue)]] = [:]
      forEachRow(n, batch.properties) { row, entries in if !entries.isEmpty { rows[row] = entries }
      }
      for i in 0..<n {
        var properties = Dictionary(
          (rows[i] ?? []).map { (strings.string($0.key), value(of: $0.value)) },
          uniquingKeysWith: { $1 })
        if batch.docs[i] != noEntry {
          properties[Schema.Key.doc] = .string(strings.string(Symbol(batch.docs[i])))
        }
        if batch.spanStarts[i] != noEntry {
          properties[Schema.Key.span] = [
            .int(Int64(batch.spanStarts[i])), .int(Int64(batch.spanEnds[i])),
          ]
        }
        try createRelationship(
          from: NodeID(batch.from[i]), to: NodeID(batch.to[i]),
          type: strings.string(batch.types[i]),
          properties: properties)
      }
      return
    }
    // Types are few: a short list searched linearly beats hashing every row.
    var known: [(type: Symbol, code: UInt16)] = []
    let first = relFrom.count
    relType.reserveCapacity(relType.count + n)
    for type in batch.types {
      var code: UInt16? = nil
      for entry in known where entry.type == type {
        code = entry.code
        break
      }
      if code == nil {
        code = try typeCode(strings.string(type))
        known.insert((type, code ?? 0), at: 0)
      }
      relType.append(code ?? 0)
    }
    relFrom.append(contentsOf: batch.from)
    relTo.append(contentsOf: batch.to)
    relDoc.append(contentsOf: batch.docs)
    relSpanStart.append(contentsOf: batch.spanStarts)
    relSpanEnd.append(contentsOf: batch.spanEnds)
    relProperties.append(contentsOf: repeatElement(noEntry, count: n))
    forEachRowWithProperties(batch.properties) { row, entries in
      relProperties[first + row] = relArena.appendRecord(entries)
    }
    liveRelationshipCount += n
    if !isBulkLoading {
      for i in 0..<n {
        outgoing.add(UInt32(first + i), at: batch.from[i])
        incoming.add(UInt32(first + i), at: batch.to[i])
      }
    }
  }

  /// Calls `body` with each row in `0..<count` and its properties sorted by key symbol,
  /// duplicates removed (last wins).
  private func forEachRow(
    _ count: Int, _ properties: [BatchProperty],
    _ body: (Int, [(key: Symbol, value: InternedValue)]) throws(GraphError) -> Void
  ) rethrows {
    var cursor = 0
    var entries: [(key: Symbol, value: InternedValue)] = []
    for row in 0..<count {
      entries.removeAll(keepingCapacity: true)
      while cursor < properties.count && Int(properties[cursor].row) == row {
        let property = properties[cursor]
        cursor += 1
        // Insertion in key order; a repeated key replaces the earlier value.
        var j = entries.count
        while j > 0 && entries[j - 1].key > property.key { j -= 1 }
        if j > 0 && entries[j - 1].key == property.key {
          entries[j - 1].value = property.value
        } else {
          entries.insert((property.key, property.value), at: j)
        }
      }
      try body(row, entries)
    }
  }

  /// Like `forEachRow`, but only for the rows that have properties.
  private func forEachRowWithProperties(
    _ properties: [BatchProperty], _ body: (Int, [(key: Symbol, value: InternedValue)]) -> Void
  ) {
    var cursor = 0
    var entries: [(key: Symbol, value: InternedValue)] = []
    while cursor < properties.count {
      let row = properties[cursor].row
      entries.removeAll(keepingCapacity: true)
      while cursor < properties.count && properties[cursor].row == row {
        let property = properties[cursor]
        cursor += 1
        var j = entries.count
        while j > 0 && entries[j - 1].key > property.key { j -= 1 }
        if j > 0 && entries[j - 1].key == property.key {
          entries[j - 1].value = property.value
        } else {
          entries.insert((property.key, property.value), at: j)
        }
      }
      body(Int(row), entries)
    }
  }

  /// The `Value` an interned value stands for.
  public func value(of interned: InternedValue) -> Value {
    switch interned {
    case .string(let s): .string(strings.string(s))
    case .int(let i): .int(i)
    case .float(let d): .float(d)
    case .bool(let b): .bool(b)
    case .date(let d): .date(d)
    }
  }
}

extension PropertyArena {
  /// Appends a record of interned values, keys already ascending and unique; returns its
  /// offset, or `noEntry` when `entries` is empty.
  mutating func appendRecord(_ entries: [(key: Symbol, value: InternedValue)]) -> UInt32 {
    guard !entries.isEmpty else { return noEntry }
    let offset = UInt32(words.count)
    words.append(UInt32(entries.count))
    for (key, value) in entries { appendScalar(key: key, value) }
    return offset
  }
}

extension Graph {
  /// `createIndex(on:)` with room reserved for `expectedDistinctValues`, which spares a
  /// bulk loader the rehashing of a growing table (a third of the time at 1.5M nodes).
  ///
  /// - Complexity: O(nodes).
  public func createIndex(on key: String, expectedDistinctValues: Int) {
    let symbol = strings.intern(key)
    guard propertyIndexes[symbol] == nil, symbol != nameKey else { return }
    var index = PropertyIndex()
    index.heads.reserveCapacity(expectedDistinctValues)
    index.next = [UInt32](repeating: noEntry, count: nodeLabelSet.count)
    for n in stride(from: nodeLabelSet.count - 1, through: 0, by: -1)
    where nodeLabelSet[n] != noEntry {
      if let value = nodeArena.value(of: symbol, at: nodeProperties[n], strings: strings) {
        index.insert(NodeID(n), value)
      }
    }
    propertyIndexes[symbol] = index
  }
}
