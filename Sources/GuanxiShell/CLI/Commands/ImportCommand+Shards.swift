import GuanxiExport
import GuanxiGraph

extension ImportCommand {
  /// Reads several JSON Lines files (shards extracted on different machines, each with
  /// ids of its own) into one graph: every file is read and checked on its own, then its
  /// nodes and relationships are appended as new ones, so ids never collide.
  ///
  /// - Throws: the first file's error, naming that file, line and column; nothing is
  ///   written then.
  static func readShards(_ paths: [String]) throws -> Graph {
    let graph = try readGraph(paths[0])
    for path in paths.dropFirst() {
      append(try readGraph(path), to: graph)
    }
    return graph
  }

  /// Appends a copy of every node and relationship of `part` to `graph`, in id order.
  static func append(_ part: Graph, to graph: Graph) {
    var nodeMap = [NodeID](repeating: NodeID(0), count: part.nodeIDLimit)
    func named(_ entries: [(key: Symbol, value: Value)]) -> [String: Value] {
      Dictionary(entries.map { (part.string($0.key), $0.value) }, uniquingKeysWith: { $1 })
    }
    for node in part.allNodes() {
      nodeMap[node.index] = graph.createNode(
        labels: part.labels(of: node).map(part.string), properties: named(part.properties(of: node))
      )
    }
    for r in part.allRelationships() {
      // Both ends are live nodes of `part`, just copied, so this cannot fail.
      _ = try? graph.createRelationship(
        from: nodeMap[part.startNode(of: r).index], to: nodeMap[part.endNode(of: r).index],
        type: part.string(part.type(of: r)), properties: named(part.properties(of: r)))
    }
  }
}
