extension Graph {
  /// The live relationships whose `doc` is `name`, ascending: what re-extracting that
  /// document replaces.
  ///
  /// - Complexity: O(relationships of that document), after a first call that indexes
  ///   the graph's `doc` column in one pass (O(relationships), once per graph in memory).
  public func relationships(ofDocument name: String) -> [RelationshipID] {
    guard let symbol = strings.lookup(name) else { return [] }
    if relationshipsByDoc == nil {
      relationshipsByDoc = DocumentIndex(docs: relDoc, types: relType)
    }
    guard let index = relationshipsByDoc else { return [] }
    var live: [UInt32] = []
    index.forEach(doc: symbol.rawValue) { r in
      if Int(r) < relDoc.count && relType[Int(r)] != Graph.deletedType
        && relDoc[Int(r)] == symbol.rawValue
      {
        live.append(r)
      }
    }
    live.sort()
    var unique: [UInt32] = []
    unique.reserveCapacity(live.count)
    for r in live where unique.last != r { unique.append(r) }
    relationshipsByDoc?.prune(doc: symbol.rawValue, keeping: unique)
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
    relationshipsByDoc?.add(id.rawValue, doc: doc.rawValue)
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

/// Relationship ids by `doc` symbol: a compressed sparse row base built in one counting
/// sort over the `doc` column (two passes over 4-byte words, no hashing), plus per-document
/// lists of what was added since. Ids of relationships deleted, rolled back or given
/// another `doc` since may linger; readers check each id against the columns.
struct DocumentIndex {
  /// `offsets[s] ..< offsets[s + 1]` are symbol `s`'s ids in `entries`, ascending.
  var offsets: [UInt32]
  var entries: [UInt32]
  var recent: [UInt32: [UInt32]] = [:]

  /// - Complexity: O(relationships + largest doc symbol).
  init(docs: [UInt32], types: [UInt16]) {
    var symbolLimit = 0
    for (r, doc) in docs.enumerated() where doc != noEntry && types[r] != Graph.deletedType {
      symbolLimit = max(symbolLimit, Int(doc) + 1)
    }
    var counts = [UInt32](repeating: 0, count: symbolLimit + 1)
    for (r, doc) in docs.enumerated() where doc != noEntry && types[r] != Graph.deletedType {
      counts[Int(doc) + 1] += 1
    }
    for s in 0..<symbolLimit { counts[s + 1] += counts[s] }
    var cursor = counts
    var entries = [UInt32](repeating: 0, count: Int(counts[symbolLimit]))
    for (r, doc) in docs.enumerated() where doc != noEntry && types[r] != Graph.deletedType {
      entries[Int(cursor[Int(doc)])] = UInt32(r)
      cursor[Int(doc)] += 1
    }
    offsets = counts
    self.entries = entries
  }

  mutating func add(_ relationship: UInt32, doc: UInt32) {
    recent[doc, default: []].append(relationship)
  }

  /// Calls `body` with every id listed for `doc`, possibly stale, possibly twice.
  func forEach(doc: UInt32, _ body: (UInt32) -> Void) {
    if Int(doc) + 1 < offsets.count {
      for i in Int(offsets[Int(doc)])..<Int(offsets[Int(doc) + 1]) { body(entries[i]) }
    }
    for r in recent[doc] ?? [] { body(r) }
  }

  /// Keeps in `recent` only the live ids of `doc` that its base range lacks, so a document
  /// extracted again and again does not pile up ids.
  mutating func prune(doc: UInt32, keeping live: [UInt32]) {
    guard recent[doc] != nil else { return }
    var base: ArraySlice<UInt32> = []
    if Int(doc) + 1 < offsets.count {
      base = entries[Int(offsets[Int(doc)])..<Int(offsets[Int(doc) + 1])]
    }
    let rest = live.filter { r in
      var lo = base.startIndex
      var hi = base.endIndex
      while lo < hi {
        let mid = (lo + hi) / 2
        if base[mid] < r { lo = mid + 1 } else { hi = mid }
      }
      return lo == base.endIndex || base[lo] != r
    }
    recent[doc] = rest.isEmpty ? nil : rest
  }
}
