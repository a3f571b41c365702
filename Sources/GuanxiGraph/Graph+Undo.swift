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
    for (adjacency, end) in [
      (\Graph.outgoing, relFrom[relationship.index]), (\Graph.incoming, relTo[relationship.index]),
    ] {
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
    for label in labelSymbols {
      Graph.insertSorted(node.rawValue, into: &nodesByLabel[label, default: []])
    }
    indexNode(node)
  }

  /// Brings a deleted relationship back under its old id (its ends must exist).
  ///
  /// Deleted relationships stay in the adjacency lists until the next compaction, so
  /// reviving the type makes them visible again; after a compaction they are re-added.
  public func restoreRelationship(
    _ relationship: RelationshipID, type: String, properties: [String: Value]
  ) {
    guard relationship.index < relType.count, !contains(relationship),
      let code = try? typeCode(type)
    else { return }
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
