extension Graph {
  /// Stores (or with nil removes) the evidence sentences of the document named `name`.
  ///
  /// Journalled like every other change, and written to snapshots in a section of its own,
  /// so the sentences travel with the graph file. Exports do not include them.
  public func setEvidence(_ evidence: DocumentEvidence?, ofDocument name: String) {
    let symbol = strings.intern(name)
    documentEvidence[symbol] = evidence
    if isRecordingChanges {
      recordedChanges.append(.setDocumentEvidence(document: name, evidence: evidence))
    }
  }

  /// The evidence stored for the document named `name`, if any.
  public func evidence(ofDocument name: String) -> DocumentEvidence? {
    guard let symbol = strings.lookup(name) else { return nil }
    return documentEvidence[symbol]
  }

  /// The documents that have stored evidence, with it, by ascending name symbol.
  public var storedEvidence: [(document: String, evidence: DocumentEvidence)] {
    documentEvidence.sorted { $0.key < $1.key }.map { (strings.string($0.key), $0.value) }
  }

  /// The stored sentence of document `doc` between two scalar offsets of its normalised
  /// text; nil when the graph keeps no evidence for that document or that stretch.
  ///
  /// Example: `evidenceSentence(doc: "a.txt", scalarStart: 27, scalarEnd: 41)` →
  /// `"区委书记沈一帆主持会议并讲话。"`.
  /// - Complexity: O(size of the document's evidence).
  public func evidenceSentence(doc: String, scalarStart: Int, scalarEnd: Int) -> String? {
    evidence(ofDocument: doc)?.sentence(scalarStart: scalarStart, scalarEnd: scalarEnd)
  }
}
