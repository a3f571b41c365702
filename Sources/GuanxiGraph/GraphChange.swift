/// One committed change to a graph: the vocabulary of the journal.
///
/// Every mutation of `Graph` is one of these, and replaying a journal is applying them
/// in order with `Graph.apply(_:)`. Changes name symbols by their strings (not by
/// `Symbol`), so a journal never depends on interning order. Identifiers are the ones
/// the live graph handed out; replay checks that it hands out the same.
public enum GraphChange: Hashable, Sendable {
  case createNode(NodeID, labels: [String], properties: [String: Value])
  case createRelationship(
    RelationshipID, from: NodeID, to: NodeID, type: String, properties: [String: Value])
  /// Sets a node property; `.null` removes it.
  case setNodeProperty(NodeID, key: String, value: Value)
  /// Sets a relationship property; `.null` removes it.
  case setRelationshipProperty(RelationshipID, key: String, value: Value)
  case addLabel(NodeID, String)
  case removeLabel(NodeID, String)
  case deleteRelationship(RelationshipID)
  /// Deletes a node that has no relationships left.
  case deleteNode(NodeID)
  /// Stores (nil: removes) the evidence sentences of the document named `document`.
  case setDocumentEvidence(document: String, evidence: DocumentEvidence?)
  /// Declares a property index (`IndexDefinition`).
  case createIndex(name: String, label: String, key: String)
  /// Removes the index of that name.
  case dropIndex(name: String)
}
