/// The read-only view of a graph that the query engine and the exporters use.
///
/// They never see the store's columns, so a test can hand them a fixture, and the
/// store can change its layout without touching them. Ordering guarantees: scans are
/// by ascending id; `forEachRelationship` as `Graph.forEachRelationship` documents.
public protocol GraphReading: AnyObject {
  /// Live nodes and relationships.
  var nodeCount: Int { get }
  var relationshipCount: Int { get }
  /// One past the largest id handed out (ids below it may be deleted holes).
  var nodeIDLimit: Int { get }
  var relationshipIDLimit: Int { get }

  /// The symbol of a string the graph has seen, else nil (then no node can match it).
  func existingSymbol(_ text: String) -> Symbol?
  func string(_ symbol: Symbol) -> String

  func contains(_ node: NodeID) -> Bool
  func contains(_ relationship: RelationshipID) -> Bool

  func allNodes() -> [NodeID]
  func allRelationships() -> [RelationshipID]
  /// Node ids with a label, ascending.
  func nodes(label: Symbol) -> [UInt32]
  /// Nodes with `name`, from the name index.
  func nodes(label: Symbol?, nameSymbol: Symbol) -> [NodeID]
  /// Nodes whose `key` equals `value`, from an index, or nil when `key` has none.
  func indexedNodes(key: Symbol, equalTo value: Value) -> [NodeID]?

  func labels(of node: NodeID) -> [Symbol]
  func hasLabel(_ node: NodeID, _ label: Symbol) -> Bool
  func property(_ key: Symbol, of node: NodeID) -> Value?
  func stringSymbol(_ key: Symbol, of node: NodeID) -> Symbol?
  func properties(of node: NodeID) -> [(key: Symbol, value: Value)]

  func startNode(of relationship: RelationshipID) -> NodeID
  func endNode(of relationship: RelationshipID) -> NodeID
  func type(of relationship: RelationshipID) -> Symbol
  func property(_ key: Symbol, of relationship: RelationshipID) -> Value?
  func properties(of relationship: RelationshipID) -> [(key: Symbol, value: Value)]

  /// Each live relationship at `node` in `direction` (optionally of one type) with the
  /// node at its other end.
  func forEachRelationship(
    of node: NodeID, direction: Direction, type: Symbol?,
    _ body: (RelationshipID, NodeID) throws -> Void) rethrows
  func degree(of node: NodeID, direction: Direction, type: Symbol?) -> Int

  /// Node counts per label and relationship counts per type, sorted by name.
  func labelCounts() -> [(label: String, count: Int)]
  func typeCounts() -> [(type: String, count: Int)]

  /// The stored evidence sentence of document `doc` between two scalar offsets of its
  /// normalised text, or nil when the graph keeps none there.
  func evidenceSentence(doc: String, scalarStart: Int, scalarEnd: Int) -> String?
}

extension GraphReading {
  /// A fixture that stores no evidence has none to give.
  public func evidenceSentence(doc: String, scalarStart: Int, scalarEnd: Int) -> String? { nil }
}

extension Graph: GraphReading {}
