/// The stored columns of a graph: what a snapshot writes and, once validated, what a
/// graph is rebuilt from. Arrays are copy-on-write, so making one copies nothing.
struct GraphColumns {
  var strings: StringTable
  var labelSets: [[Symbol]]
  var nodeLabelSet: [UInt32]
  var nodeProperties: [UInt32]
  var nodeArena: PropertyArena
  var relFrom: [UInt32]
  var relTo: [UInt32]
  var relType: [UInt16]
  var relProperties: [UInt32]
  var relDoc: [UInt32]
  var relSpanStart: [UInt32]
  var relSpanEnd: [UInt32]
  var typeSymbols: [Symbol]
  var relArena: PropertyArena
  var outgoing: Adjacency
  var incoming: Adjacency
  var liveNodeCount: Int
  var liveRelationshipCount: Int
  /// The document evidence section's payload (`SnapshotFormat`, tag `0x80000017`).
  var evidenceSection: [UInt8] = []
}

extension Graph {
  /// Drops garbage before a snapshot: property records no node or relationship points
  /// to any more (left behind by updates), and the adjacency overflow lists.
  ///
  /// - Complexity: O(nodes + relationships + arena words).
  func compactForSnapshot() {
    // Lists already compact (right after a bulk load or a checkpoint) are left alone:
    // rebuilding ten million entries costs about a second.
    if !isCompact(outgoing) || !isCompact(incoming) { compactAdjacency() }
    let nodes = nodeArena.compacted(offsets: nodeProperties)
    nodeArena = nodes.arena
    nodeProperties = nodes.offsets
    let relationships = relArena.compacted(offsets: relProperties)
    relArena = relationships.arena
    relProperties = relationships.offsets
  }

  /// Whether `adjacency` holds exactly the live relationships in its CSR base: not bulk
  /// loading (whose relationships skip the lists), nothing in `recent`, every node
  /// covered, and no deleted entry (deleted relationships stay in the base until a
  /// rebuild, so the base would then hold more entries than are live).
  private func isCompact(_ adjacency: Adjacency) -> Bool {
    !isBulkLoading && adjacency.recent.isEmpty && adjacency.offsets.count == nodeLabelSet.count + 1
      && adjacency.entries.count == liveRelationshipCount
  }

  /// The columns as they stand; call `compactForSnapshot()` first to write them.
  var columns: GraphColumns {
    GraphColumns(
      strings: strings, labelSets: labelSets, nodeLabelSet: nodeLabelSet,
      nodeProperties: nodeProperties, nodeArena: nodeArena, relFrom: relFrom, relTo: relTo,
      relType: relType, relProperties: relProperties, relDoc: relDoc,
      relSpanStart: relSpanStart, relSpanEnd: relSpanEnd, typeSymbols: typeSymbols,
      relArena: relArena, outgoing: outgoing, incoming: incoming,
      liveNodeCount: liveNodeCount, liveRelationshipCount: liveRelationshipCount,
      evidenceSection: evidenceSection)
  }

  /// The document evidence section's payload: count, then (symbol, length, bytes) per
  /// document by ascending symbol.
  var evidenceSection: [UInt8] {
    var writer = BinaryWriter()
    writer.u32(UInt32(documentEvidence.count))
    for (symbol, evidence) in documentEvidence.sorted(by: { $0.key < $1.key }) {
      writer.u32(symbol.rawValue)
      writer.u32(UInt32(evidence.encoded.count))
      writer.bytes.append(contentsOf: evidence.encoded)
    }
    return writer.bytes
  }

  /// A graph from columns that `SnapshotReader` has validated: ids, offsets and symbols
  /// in range, records well formed, adjacency consistent, and the table's first three
  /// strings the well-known keys `name`, `doc`, `span` (as `init()` interns them).
  ///
  /// Rebuilds what snapshots do not store: the label set and type code dictionaries,
  /// the label index and the name index, each in one pass.
  /// - Complexity: O(nodes + relationship types + label sets).
  convenience init(validated columns: GraphColumns) {
    self.init()
    strings = columns.strings
    labelSets = columns.labelSets
    labelSetIDs = [:]
    labelSetIDs.reserveCapacity(labelSets.count)
    for (id, set) in labelSets.enumerated() { labelSetIDs[set] = UInt32(id) }
    nodeLabelSet = columns.nodeLabelSet
    nodeProperties = columns.nodeProperties
    nodeArena = columns.nodeArena
    relFrom = columns.relFrom
    relTo = columns.relTo
    relType = columns.relType
    relProperties = columns.relProperties
    relDoc = columns.relDoc
    relSpanStart = columns.relSpanStart
    relSpanEnd = columns.relSpanEnd
    typeSymbols = columns.typeSymbols
    typeCodes = [:]
    for (code, symbol) in typeSymbols.enumerated() { typeCodes[symbol] = UInt16(code) }
    relArena = columns.relArena
    outgoing = columns.outgoing
    incoming = columns.incoming
    liveNodeCount = columns.liveNodeCount
    liveRelationshipCount = columns.liveRelationshipCount
    rebuildNodeIndexes()
  }

  /// Rebuilds the label index and the name index from the node columns.
  private func rebuildNodeIndexes() {
    let nodeLimit = nodeLabelSet.count
    // Count per label set, then per label, so every label's array is allocated once.
    var perSet = [Int](repeating: 0, count: labelSets.count)
    for set in nodeLabelSet where set != noEntry { perSet[Int(set)] += 1 }
    var perLabel: [Symbol: Int] = [:]
    for (set, labels) in labelSets.enumerated() where perSet[set] > 0 {
      for label in labels { perLabel[label, default: 0] += perSet[set] }
    }
    let labelOrder = perLabel.keys.sorted()
    var denseLabel: [Symbol: Int] = [:]
    for (dense, label) in labelOrder.enumerated() { denseLabel[label] = dense }
    let setToDense: [[Int]] = labelSets.map { $0.compactMap { denseLabel[$0] } }
    var buckets: [[UInt32]] = labelOrder.map { label in
      var ids: [UInt32] = []
      ids.reserveCapacity(perLabel[label] ?? 0)
      return ids
    }
    var heads = [UInt32](repeating: noEntry, count: strings.count)
    var next = [UInt32](repeating: noEntry, count: nodeLimit)
    let name = nameKey
    nodeLabelSet.withUnsafeBufferPointer { sets in
      for n in 0..<nodeLimit where sets[n] != noEntry {
        for dense in setToDense[Int(sets[n])] { buckets[dense].append(UInt32(n)) }
        if let symbol = nodeArena.stringSymbol(of: name, at: nodeProperties[n]) {
          next[n] = heads[symbol.index]
          heads[symbol.index] = UInt32(n)
        }
      }
    }
    nodesByLabel = [:]
    nodesByLabel.reserveCapacity(labelOrder.count)
    for (dense, label) in labelOrder.enumerated() { nodesByLabel[label] = buckets[dense] }
    nameHead = heads
    nameNext = next
  }
}
