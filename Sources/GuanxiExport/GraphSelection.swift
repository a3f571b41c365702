import GuanxiGraph

/// Which part of a graph an exporter writes: all of it, or a subgraph.
///
/// A subgraph is a set of nodes and a set of relationships, such as the nodes,
/// relationships and paths a query returned. Each relationship brings its two end
/// nodes, so the output never names a node it does not define. Deleted ids are
/// dropped. Both sets are kept sorted, which is the order exporters write them in.
///
/// ```swift
/// let selection = GraphSelection.subgraph(of: graph, nodes: [han], relationships: [holds])
/// let jsonl = try JSONLinesWriter(graph: graph, selection: selection).bytes()
/// ```
public struct GraphSelection: Sendable, Hashable {
  /// Sorted, unique; nil means every live node.
  public private(set) var nodes: [NodeID]?
  /// Sorted, unique; nil means every live relationship.
  public private(set) var relationships: [RelationshipID]?

  /// The whole graph.
  public static let all = GraphSelection(nodes: nil, relationships: nil)

  private init(nodes: [NodeID]?, relationships: [RelationshipID]?) {
    self.nodes = nodes
    self.relationships = relationships
  }

  /// `nodes` and `relationships` of `graph`, plus the end nodes of those relationships.
  public static func subgraph(
    of graph: any GraphReading, nodes: some Sequence<NodeID>,
    relationships: some Sequence<RelationshipID>
  ) -> GraphSelection {
    let rels = Set(relationships.filter { graph.contains($0) }).sorted()
    var nodeSet = Set(nodes.filter { graph.contains($0) })
    for r in rels {
      nodeSet.insert(graph.startNode(of: r))
      nodeSet.insert(graph.endNode(of: r))
    }
    return GraphSelection(nodes: nodeSet.sorted(), relationships: rels)
  }

  /// Whether this is the whole graph.
  public var isEverything: Bool { nodes == nil && relationships == nil }

  /// Calls `body` with each selected live node, ascending.
  func forEachNode(in graph: any GraphReading, _ body: (NodeID) throws(ExportError) -> Void)
    throws(ExportError)
  {
    if let nodes {
      for n in nodes where graph.contains(n) { try body(n) }
    } else {
      for i in 0..<graph.nodeIDLimit {
        let n = NodeID(i)
        if graph.contains(n) { try body(n) }
      }
    }
  }

  /// Calls `body` with each selected live relationship, ascending.
  func forEachRelationship(
    in graph: any GraphReading, _ body: (RelationshipID) throws(ExportError) -> Void
  ) throws(ExportError) {
    if let relationships {
      for r in relationships where graph.contains(r) { try body(r) }
    } else {
      for i in 0..<graph.relationshipIDLimit {
        let r = RelationshipID(i)
        if graph.contains(r) { try body(r) }
      }
    }
  }
}
