/// One direction of the per-node relationship lists: a compressed sparse row (CSR)
/// base plus small per-node lists for relationships added since it was built.
///
/// Within a node the base entries are sorted by (type, relationship id), so the
/// relationships of one type form one run. Deleted relationships stay in the lists
/// until the next `rebuild`, and readers skip them.
struct Adjacency: Sendable {
  /// `offsets[n] ..< offsets[n + 1]` are node `n`'s base entries; `baseNodeCount + 1` long.
  var offsets: [UInt32] = [0]
  /// Relationship ids.
  var entries: [UInt32] = []
  /// Relationships added since the base was built, by node.
  var recent: [UInt32: [UInt32]] = [:]

  var baseNodeCount: Int { offsets.count - 1 }

  /// Rebuilds the base from the relationship table with a counting sort, folding in
  /// `recent` and dropping deleted relationships.
  ///
  /// - Parameters:
  ///   - ends: the node at this direction's end of each relationship (`from` for outgoing).
  ///   - types: each relationship's type; `deletedType` marks a deleted one.
  /// - Complexity: O(nodes + relationships), plus sorting within each node.
  mutating func rebuild(nodeCount: Int, ends: [UInt32], types: [UInt16]) {
    var counts = [UInt32](repeating: 0, count: nodeCount + 1)
    for r in 0..<ends.count where types[r] != Graph.deletedType { counts[Int(ends[r]) + 1] += 1 }
    for n in 0..<nodeCount { counts[n + 1] += counts[n] }
    var cursor = counts
    var newEntries = [UInt32](repeating: 0, count: Int(counts[nodeCount]))
    for r in 0..<ends.count where types[r] != Graph.deletedType {
      let n = Int(ends[r])
      newEntries[Int(cursor[n])] = UInt32(r)
      cursor[n] += 1
    }
    // Entries arrive in id order; a stable pass groups them by type where a node mixes types.
    newEntries.withUnsafeMutableBufferPointer { buffer in
      for n in 0..<nodeCount {
        let start = Int(counts[n])
        let end = Int(counts[n + 1])
        guard end - start > 1 else { continue }
        var isGrouped = true
        for i in (start + 1)..<end where types[Int(buffer[i])] < types[Int(buffer[i - 1])] {
          isGrouped = false
          break
        }
        if !isGrouped {
          let sorted = buffer[start..<end].sorted {
            (types[Int($0)], $0) < (types[Int($1)], $1)
          }
          for (k, r) in sorted.enumerated() { buffer[start + k] = r }
        }
      }
    }
    offsets = counts
    entries = newEntries
    recent = [:]
  }

  /// Records a new relationship at node `node`.
  mutating func add(_ relationship: UInt32, at node: UInt32) {
    recent[node, default: []].append(relationship)
  }

  /// Calls `body` with every live relationship id at `node`, optionally of one type.
  @inline(__always)
  func forEach(
    at node: UInt32, type: UInt16?, types: [UInt16], _ body: (UInt32) throws -> Void
  ) rethrows {
    let n = Int(node)
    if n < baseNodeCount {
      var start = Int(offsets[n])
      var end = Int(offsets[n + 1])
      if let type {
        // Binary search the run of `type` inside the node's sorted entries.
        var lo = start
        var hi = end
        while lo < hi {
          let mid = (lo + hi) / 2
          if types[Int(entries[mid])] < type { lo = mid + 1 } else { hi = mid }
        }
        start = lo
        hi = end
        while lo < hi {
          let mid = (lo + hi) / 2
          if types[Int(entries[mid])] <= type { lo = mid + 1 } else { hi = mid }
        }
        end = lo
      }
      for i in start..<end {
        let r = entries[i]
        let t = types[Int(r)]
        if t != Graph.deletedType { try body(r) }
      }
    }
    if let extra = recent[node] {
      for r in extra {
        let t = types[Int(r)]
        if t != Graph.deletedType && (type == nil || t == type) { try body(r) }
      }
    }
  }

  /// The number of live relationships at `node` (deleted ones are counted until rebuild
  /// only by `rawDegree`).
  func count(at node: UInt32, types: [UInt16]) -> Int {
    var total = 0
    forEach(at: node, type: nil, types: types) { _ in total += 1 }
    return total
  }
}
