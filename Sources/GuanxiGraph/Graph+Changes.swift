extension Graph {
  /// Applies one journalled change, as journal replay does.
  ///
  /// - Throws: `GraphError` `.journalMismatch` when a change names an id the graph
  ///   would not hand out (the journal does not belong to this snapshot), or the
  ///   store's own errors.
  public func apply(_ change: GraphChange) throws(GraphError) {
    switch change {
    case .createNode(let id, let labels, let properties):
      guard id.index == nodeIDLimit else {
        throw GraphError(
          .journalMismatch, "journal creates node \(id.rawValue) but the next id is \(nodeIDLimit)")
      }
      createNode(labels: labels, properties: properties)
    case .createRelationship(let id, let from, let to, let type, let properties):
      guard id.index == relationshipIDLimit else {
        throw GraphError(
          .journalMismatch,
          "journal creates relationship \(id.rawValue) but the next id is \(relationshipIDLimit)")
      }
      try createRelationship(from: from, to: to, type: type, properties: properties)
    case .setNodeProperty(let node, let key, let value):
      try setProperty(key, to: value, of: node)
    case .setRelationshipProperty(let relationship, let key, let value):
      try setProperty(key, to: value, of: relationship)
    case .addLabel(let node, let label): try addLabel(label, to: node)
    case .removeLabel(let node, let label): try removeLabel(label, from: node)
    case .deleteRelationship(let relationship): try deleteRelationship(relationship)
    case .deleteNode(let node): try deleteNode(node)
    case .setDocumentEvidence(let document, let evidence):
      setEvidence(evidence, ofDocument: document)
    case .createIndex(let name, let label, let key):
      try createIndex(IndexDefinition(name: name, label: label, key: key))
    case .dropIndex(let name): try dropIndex(named: name)
    }
  }
}
