extension Graph {
  /// Checks every structural invariant of the store and throws the first violation.
  ///
  /// Tests call it after each mutation; `guanxi check` calls it on a loaded file.
  /// Checked: column lengths agree; label sets, types, ends and property records are in
  /// range and well formed; the label index holds exactly the live nodes of each label,
  /// ascending; the name index finds every named node exactly once; each live
  /// relationship appears once in its start node's outgoing and its end node's incoming
  /// lists; the live counts match.
  /// - Complexity: O(nodes + relationships).
  public func checkInvariants() throws(GraphError) {
    func fail(_ message: String) -> GraphError { GraphError(.invariant, message) }
    let nodeLimit = nodeLabelSet.count
    guard nodeProperties.count == nodeLimit, nameNext.count == nodeLimit else {
      throw fail("node columns have different lengths")
    }
    let relLimit = relFrom.count
    guard relTo.count == relLimit, relType.count == relLimit, relProperties.count == relLimit,
      relDoc.count == relLimit, relSpanStart.count == relLimit, relSpanEnd.count == relLimit
    else { throw fail("relationship columns have different lengths") }

    var live = 0
    var expectedByLabel: [Symbol: [UInt32]] = [:]
    for n in 0..<nodeLimit where nodeLabelSet[n] != noEntry {
      live += 1
      guard Int(nodeLabelSet[n]) < labelSets.count else {
        throw fail("node \(n) has an unknown label set")
      }
      for label in labelSets[Int(nodeLabelSet[n])] {
        expectedByLabel[label, default: []].append(UInt32(n))
      }
      guard nodeArena.isWellFormed(at: nodeProperties[n], stringCount: strings.count) else {
        throw fail("node \(n) has a malformed property record")
      }
    }
    guard live == liveNodeCount else {
      throw fail("live node count \(liveNodeCount) but \(live) nodes are live")
    }
    for (label, ids) in nodesByLabel where !ids.isEmpty || expectedByLabel[label] != nil {
      guard ids == (expectedByLabel[label] ?? []) else {
        throw fail("label index of '\(strings.string(label))' disagrees with the nodes")
      }
    }
    for label in expectedByLabel.keys where nodesByLabel[label] == nil {
      throw fail("label '\(strings.string(label))' is missing from the label index")
    }

    var namedSeen = 0
    for s in 0..<nameHead.count {
      var n = nameHead[s]
      var steps = 0
      while n != noEntry {
        guard Int(n) < nodeLimit, nodeLabelSet[Int(n)] != noEntry,
          stringSymbol(nameKey, of: NodeID(n))?.index == s
        else { throw fail("name index entry for node \(n) is stale") }
        namedSeen += 1
        steps += 1
        guard steps <= nodeLimit else { throw fail("name index has a cycle") }
        n = nameNext[Int(n)]
      }
    }
    let named = (0..<nodeLimit).filter {
      nodeLabelSet[$0] != noEntry && stringSymbol(nameKey, of: NodeID($0)) != nil
    }.count
    guard namedSeen == named else {
      throw fail("name index holds \(namedSeen) nodes but \(named) have names")
    }

    var liveRels = 0
    var outSeen = [UInt8](repeating: 0, count: relLimit)
    var inSeen = [UInt8](repeating: 0, count: relLimit)
    for r in 0..<relLimit where relType[r] != Graph.deletedType {
      liveRels += 1
      guard Int(relType[r]) < typeSymbols.count else {
        throw fail("relationship \(r) has an unknown type")
      }
      guard Int(relFrom[r]) < nodeLimit, nodeLabelSet[Int(relFrom[r])] != noEntry,
        Int(relTo[r]) < nodeLimit, nodeLabelSet[Int(relTo[r])] != noEntry
      else { throw fail("relationship \(r) has a deleted or unknown end") }
      guard relArena.isWellFormed(at: relProperties[r], stringCount: strings.count),
        relDoc[r] == noEntry || Int(relDoc[r]) < strings.count
      else { throw fail("relationship \(r) has a malformed property record") }
    }
    guard liveRels == liveRelationshipCount else {
      throw fail("live relationship count \(liveRelationshipCount) but \(liveRels) are live")
    }
    if !isBulkLoading {
      for n in 0..<nodeLimit {
        outgoing.forEach(at: UInt32(n), type: nil, types: relType) { r in
          if relFrom[Int(r)] == UInt32(n) { outSeen[Int(r)] &+= 1 } else { outSeen[Int(r)] = 9 }
        }
        incoming.forEach(at: UInt32(n), type: nil, types: relType) { r in
          if relTo[Int(r)] == UInt32(n) { inSeen[Int(r)] &+= 1 } else { inSeen[Int(r)] = 9 }
        }
      }
      for r in 0..<relLimit where relType[r] != Graph.deletedType {
        guard outSeen[r] == 1, inSeen[r] == 1 else {
          throw fail(
            "relationship \(r) appears \(outSeen[r]) times outgoing and \(inSeen[r]) times incoming"
          )
        }
      }
    }
  }
}
