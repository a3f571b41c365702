/// Rolling back a statement that failed half-way: the query engine logs the inverse of
/// each change it makes and applies them newest first with these methods.
///
/// They restore the store exactly, ids included: a rolled-back creation gives its id
/// back (it must be the newest), a rolled-back deletion revives the same id. They are
/// not journal changes: the caller turns `isRecordingChanges` off while rolling back
/// and drops the failed statement's recorded changes.
extension Graph {
  /// Removes the most recently created node, which must have no relationships.
  public func rollBackCreation(of node: NodeID) {
    guard node.index == nodeLabelSet.count - 1, contains(node) else { return }
    unindexNode(node)
    for label in labels(of: node) {
      Graph.removeSorted(node.rawValue, from: &nodesByLabel[label, default: []])
    }
    nodeLabelSet.removeLast()
    nodeProperties.removeLast()
    nameNext.removeLast()
    liveNodeCount -= 1
  }

  /// Removes the most recently created relationship.
  public func rollBackCreation(of relationship: RelationshipID) {
    guard relationship.index == relFrom.count - 1 else { return }
    let r = relationship.rawValue
    let isLive = contains(relationship)
    for (adjacency, end) in [(\Graph.outgoing, relFrom[relationship.index]), (\Graph.incoming, relTo[relationship.index])] {
      if var list = self[keyPath: adjacency].recent[end], let i = list.lastIndex(of: r) {
        list.remove(at: i)
        self[keyPath: adjacency].recent[end] = list.isEmpty ? nil : list
      }
    }
    relFrom.removeLast()
    relTo.removeLast()
    relType.removeLast()
    relProperties.removeLast()
    relDoc.removeLast()
    relSpanStart.removeLast()
    relSpanEnd.removeLast()
    if isLive { liveRelationshipCount -= 1 }
  }

  /// Brings a deleted node back under its old id with its labels and properties.
  public func restoreNode(_ node: NodeID, labels: [String], properties: [String: Value]) {
    guard node.index < nodeLabelSet.count, !contains(node) else { return }
    let labelSymbols = Array(Set(labels.map { strings.intern($0) })).sorted()
    nodeLabelSet[node.index] = labelSetID(labelSymbols)
    let entries = properties.map { (key: strings.intern($0.key), value: $0.value) }
    nodeProperties[node.index] = nodeArena.append(entries, strings: &strings)
    nameNext[node.index] = noEntry
    liveNodeCount += 1
    for label in labelSymbols { Graph.insertSorted(node.rawValue, into: &nodesByLabel[label, default: []]) }
    indexNode(node)
  }

  /// Brings a deleted relationship back under its old id (its ends must exist).
  ///
  /// Deleted relationships stay in the adjacency lists until the next compaction, so
  /// reviving the type makes them visible again; after a compaction they are re-added.
  public func restoreRelationship(_ relationship: RelationshipID, type: String, properties: [String: Value]) {
    guard relationship.index < relType.count, !contains(relationship), let code = try? typeCode(type) else { return }
    let r = relationship.rawValue
    let from = relFrom[relationship.index]
    let to = relTo[relationship.index]
    var isListed = false
    outgoing.forEachRaw(at: from) { if $0 == r { isListed = true } }
    relType[relationship.index] = code
    storeRelationshipProperties(relationship, properties.map { (strings.intern($0.key), $0.value) })
    liveRelationshipCount += 1
    if !isListed && !isBulkLoading {
      outgoing.add(r, at: from)
      incoming.add(r, at: to)
    }
  }
}

extension Adjacency {
  /// Every relationship id listed at `node`, deleted ones included.
  func forEachRaw(at node: UInt32, _ body: (UInt32) -> Void) {
    let n = Int(node)
    if n < baseNodeCount {
      for i in Int(offsets[n])..<Int(offsets[n + 1]) { body(entries[i]) }
    }
    for r in recent[node] ?? [] { body(r) }
  }
}

// MARK: - A read view for the query engine's inner loops

/// A frozen view of a graph's columns for tight read loops: expanding a node's
/// relationships into buffers and scanning string properties, without a dynamic
/// exclusivity check or a retain per step.
///
/// Valid only while the graph is not mutated; the query engine takes one per read-only
/// statement. Methods keep the store's ordering guarantees (`forEachRelationship`'s).
public struct GraphReadView: @unchecked Sendable {
  let nodeLabelSet: [UInt32]
  let labelSets: [[Symbol]]
  let nodeProperties: [UInt32]
  let nodeArena: PropertyArena
  let relFrom: [UInt32]
  let relTo: [UInt32]
  let relType: [UInt16]
  let outgoing: Adjacency
  let incoming: Adjacency
  let typeCodes: [Symbol: UInt16]
  let strings: StringTable
  let nodesByLabel: [Symbol: [UInt32]]

  /// The code of a relationship type, nil when no relationship has it.
  public func typeCode(_ type: Symbol) -> UInt16? { typeCodes[type] }

  /// For each label set id: whether it holds every label in `labels`.
  public func labelSetMask(requiring labels: [Symbol]) -> [Bool] {
    labelSets.map { set in labels.allSatisfy { set.contains($0) } }
  }

  /// Appends the relationships at `node` (of one type code, or any) and their other
  /// ends to the buffers, keeping only neighbours whose label set passes `mask`.
  public func expand(
    _ node: NodeID, direction: Direction, typeCode: UInt16?, mask: [Bool]?,
    relationships: inout [UInt32], neighbours: inout [UInt32]
  ) {
    let n = node.rawValue
    if direction != .incoming {
      outgoing.forEach(at: n, type: typeCode, types: relType) { r in
        let other = relTo[Int(r)]
        if let mask, !mask[Int(nodeLabelSet[Int(other)])] { return }
        relationships.append(r)
        neighbours.append(other)
      }
    }
    if direction != .outgoing {
      incoming.forEach(at: n, type: typeCode, types: relType) { r in
        let other = relFrom[Int(r)]
        if direction == .both && other == n { return }
        if let mask, !mask[Int(nodeLabelSet[Int(other)])] { return }
        relationships.append(r)
        neighbours.append(other)
      }
    }
  }

  /// A live node's property, or nil.
  public func property(_ key: Symbol, of node: NodeID) -> Value? {
    guard node.index < nodeLabelSet.count, nodeLabelSet[node.index] != noEntry else { return nil }
    return nodeArena.value(of: key, at: nodeProperties[node.index], strings: strings)
  }

  /// Whether a live node's label set passes `mask`.
  public func passes(_ node: NodeID, _ mask: [Bool]) -> Bool {
    let set = nodeLabelSet[node.index]
    return set != noEntry && mask[Int(set)]
  }

  /// Live nodes (with `label`, or all) whose string property `key` satisfies `test`,
  /// ascending; the test sees the string's UTF-8 bytes.
  public func nodes(
    label: Symbol?, stringKey key: Symbol, where test: (UnsafeBufferPointer<UInt8>) -> Bool
  ) -> [NodeID] {
    var result: [NodeID] = []
    var verdicts = [UInt8](repeating: 0, count: strings.count)
    strings.bytes.withUnsafeBufferPointer { bytes in
      strings.offsets.withUnsafeBufferPointer { offsets in
        func check(_ n: Int) {
          guard nodeLabelSet[n] != noEntry,
            let s = nodeArena.stringSymbol(of: key, at: nodeProperties[n])
          else { return }
          var verdict = verdicts[s.index]
          if verdict == 0 {
            let start = Int(offsets[s.index])
            let end = Int(offsets[s.index + 1])
            verdict = test(UnsafeBufferPointer(rebasing: bytes[start..<end])) ? 1 : 2
            verdicts[s.index] = verdict
          }
          if verdict == 1 { result.append(NodeID(n)) }
        }
        if let label {
          for n in nodesByLabel[label] ?? [] { check(Int(n)) }
        } else {
          for n in 0..<nodeLabelSet.count { check(n) }
        }
      }
    }
    return result
  }
}

extension Graph {
  /// A view for read loops; see `GraphReadView`. Do not mutate the graph while using it.
  public var readView: GraphReadView {
    GraphReadView(
      nodeLabelSet: nodeLabelSet, labelSets: labelSets, nodeProperties: nodeProperties, nodeArena: nodeArena,
      relFrom: relFrom, relTo: relTo, relType: relType, outgoing: outgoing, incoming: incoming,
      typeCodes: typeCodes, strings: strings, nodesByLabel: nodesByLabel)
  }
}
