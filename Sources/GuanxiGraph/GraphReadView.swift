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
      nodeLabelSet: nodeLabelSet, labelSets: labelSets, nodeProperties: nodeProperties,
      nodeArena: nodeArena,
      relFrom: relFrom, relTo: relTo, relType: relType, outgoing: outgoing, incoming: incoming,
      typeCodes: typeCodes, strings: strings, nodesByLabel: nodesByLabel)
  }
}
