extension Graph {
  /// The live relationships whose `doc` is `name`, ascending: what re-extracting that
  /// document replaces.
  ///
  /// - Complexity: O(relationships of that document), after a first call that indexes
  ///   the graph's `doc` column in one pass (O(relationships), once per graph in memory).
  public func relationships(ofDocument name: String) -> [RelationshipID] {
    guard let symbol = strings.lookup(name) else { return [] }
    if relationshipsByDoc == nil {
      var index: [UInt32: [UInt32]] = [:]
      for r in 0..<relDoc.count where relDoc[r] != noEntry && relType[r] != Graph.deletedType {
        index[relDoc[r], default: []].append(UInt32(r))
      }
      relationshipsByDoc = index
    }
    guard let ids = relationshipsByDoc?[symbol.rawValue] else { return [] }
    var live: [UInt32] = []
    live.reserveCapacity(ids.count)
    for r in ids
    where Int(r) < relDoc.count && relType[Int(r)] != Graph.deletedType
      && relDoc[Int(r)] == symbol.rawValue
    {
      live.append(r)
    }
    live.sort()
    var unique: [UInt32] = []
    unique.reserveCapacity(live.count)
    for r in live where unique.last != r { unique.append(r) }
    relationshipsByDoc?[symbol.rawValue] = unique
    return unique.map(RelationshipID.init)
  }

  /// Whether `node` has at least one live relationship, in either direction.
  ///
  /// - Complexity: O(1) for a node whose first listed relationship is live; at worst
  ///   O(degree), counting relationships deleted since the last compaction.
  public func hasRelationships(_ node: NodeID) -> Bool {
    struct Found: Error {}
    do {
      try forEachRelationship(of: node, direction: .both) { _, _ in throw Found() }
    } catch {
      return true
    }
    return false
  }

  /// The first node at the other end of `node`'s outgoing relationships of `type`, if any.
  ///
  /// - Complexity: O(log degree) when the first one is live.
  public func firstTarget(of node: NodeID, type: Symbol) -> NodeID? {
    struct Found: Error { var node: NodeID }
    do {
      try forEachRelationship(of: node, direction: .outgoing, type: type) { _, end in
        throw Found(node: end)
      }
    } catch let found as Found {
      return found.node
    } catch {
      return nil
    }
    return nil
  }
}

extension Graph {
  /// Creates a relationship with provenance from symbols, for writers that make many
  /// (extraction): no dictionary, no string hashing per relationship. Equivalent to
  /// `createRelationship(from:to:type:properties:)` with `doc`, `span` and `properties`
  /// (where a `doc` or `span` entry is ignored), and journalled the same way.
  ///
  /// - Throws: `GraphError` `.nodeNotFound` when an end does not exist, `.tooManyTypes`.
  /// - Complexity: O(properties) amortised.
  @discardableResult
  public func createRelationship(
    from: NodeID, to: NodeID, type: Symbol, doc: Symbol, scalarStart: Int, scalarEnd: Int,
    properties: [(key: Symbol, value: Value)] = []
  ) throws(GraphError) -> RelationshipID {
    guard let start = UInt32(exactly: scalarStart), start != noEntry,
      let end = UInt32(exactly: scalarEnd)
    else {
      var all = Dictionary(properties.map { (string($0.key), $0.value) }) { a, _ in a }
      all[Schema.Key.doc] = .string(string(doc))
      all[Schema.Key.span] = .list([.int(Int64(scalarStart)), .int(Int64(scalarEnd))])
      return try createRelationship(from: from, to: to, type: string(type), properties: all)
    }
    try requireNode(from)
    try requireNode(to)
    let code: UInt16
    if let known = typeCodes[type] { code = known } else { code = try typeCode(string(type)) }
    let id = RelationshipID(relFrom.count)
    relFrom.append(from.rawValue)
    relTo.append(to.rawValue)
    relType.append(code)
    relDoc.append(doc.rawValue)
    relSpanStart.append(start)
    relSpanEnd.append(end)
    relProperties.append(
      relArena.append(
        properties.filter { $0.key != docKey && $0.key != spanKey }, strings: &strings))
    relationshipsByDoc?[doc.rawValue, default: []].append(id.rawValue)
    liveRelationshipCount += 1
    if !isBulkLoading {
      outgoing.add(id.rawValue, at: from.rawValue)
      incoming.add(id.rawValue, at: to.rawValue)
    }
    if isRecordingChanges {
      var all: [String: Value] = [
        Schema.Key.doc: .string(string(doc)),
        Schema.Key.span: .list([.int(Int64(start)), .int(Int64(end))]),
      ]
      for (key, value) in properties where !value.isNull { all[string(key)] = value }
      recordedChanges.append(
        .createRelationship(id, from: from, to: to, type: string(type), properties: all))
    }
    return id
  }
}

extension Graph {
  /// Whether one of `node`'s outgoing relationships of `type` ends at a node that passes
  /// `test`; stops at the first that does.
  ///
  /// - Complexity: O(log degree + relationships read before the first match).
  public func hasTarget(_ node: NodeID, type: Symbol, where test: (NodeID) -> Bool) -> Bool {
    struct Found: Error {}
    do {
      try forEachRelationship(of: node, direction: .outgoing, type: type) { _, end in
        if test(end) { throw Found() }
      }
    } catch {
      return true
    }
    return false
  }
}
