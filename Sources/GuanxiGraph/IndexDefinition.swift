/// A named property index, as `CREATE INDEX name FOR (n:Label) ON (n.key)` declares it.
///
/// Definitions are data: snapshots store them (section `indexDefinitions`), the journal
/// records their creation and removal, and opening a graph rebuilds the index behind
/// each. The index itself is kept per key (`PropertyIndex`), shared by every definition
/// on that key; a seek still checks the label, so a definition's label says which
/// lookups it is meant for, not which nodes it holds.
///
/// ```swift
/// try graph.createIndex(IndexDefinition(name: "person_id", label: "Person", key: "id"))
/// graph.indexedNodes(key: graph.symbol("id"), equalTo: 42)  // a seek, not a scan
/// try graph.dropIndex(named: "person_id")
/// ```
public struct IndexDefinition: Hashable, Sendable, Comparable {
  /// The index's name, unique in its graph.
  public var name: String
  /// The label of the nodes the index is declared for.
  public var label: String
  /// The indexed property key.
  public var key: String

  /// A definition; `name` nil picks `index_<label>_<key>`, as `CREATE INDEX FOR …` does.
  public init(name: String? = nil, label: String, key: String) {
    self.name = name ?? "index_\(label)_\(key)"
    self.label = label
    self.key = key
  }

  public static func < (a: IndexDefinition, b: IndexDefinition) -> Bool { a.name < b.name }
}

extension Graph {
  /// The graph's index definitions, by name.
  public var indexes: [IndexDefinition] { indexDefinitions }

  /// The definition called `name`, if any.
  public func index(named name: String) -> IndexDefinition? {
    indexDefinitions.first { $0.name == name }
  }

  /// Declares an index and builds it (unless its key is already indexed); recorded as a
  /// change, so a `GraphFile` journals it and its snapshots keep it.
  ///
  /// - Throws: `GraphError` `.indexExists` when the name is taken or an index with the
  ///   same label and key exists under another name.
  /// - Complexity: O(nodes) when the key was not indexed yet, else O(indexes).
  public func createIndex(_ definition: IndexDefinition) throws(GraphError) {
    if indexDefinitions.contains(where: { $0.name == definition.name }) {
      throw GraphError(.indexExists, "an index named '\(definition.name)' already exists")
    }
    if let twin = indexDefinitions.first(where: {
      $0.label == definition.label && $0.key == definition.key
    }) {
      throw GraphError(
        .indexExists,
        "index '\(twin.name)' already covers :\(definition.label)(\(definition.key))")
    }
    createIndex(on: definition.key, expectedDistinctValues: 0)
    indexDefinitions.append(definition)
    indexDefinitions.sort()
    if isRecordingChanges {
      recordedChanges.append(
        .createIndex(name: definition.name, label: definition.label, key: definition.key))
    }
  }

  /// Removes the index called `name`; the key's index goes when no definition uses it.
  ///
  /// - Throws: `GraphError` `.indexNotFound` when there is no such index.
  /// - Complexity: O(indexes).
  public func dropIndex(named name: String) throws(GraphError) {
    guard let i = indexDefinitions.firstIndex(where: { $0.name == name }) else {
      throw GraphError(.indexNotFound, "there is no index named '\(name)'")
    }
    let key = indexDefinitions.remove(at: i).key
    if !indexDefinitions.contains(where: { $0.key == key }), let symbol = strings.lookup(key) {
      propertyIndexes[symbol] = nil
    }
    if isRecordingChanges { recordedChanges.append(.dropIndex(name: name)) }
  }

  /// Sets the definitions a snapshot stored and builds their indexes, without recording.
  func restoreIndexes(_ definitions: [IndexDefinition]) {
    for definition in definitions {
      createIndex(on: definition.key, expectedDistinctValues: liveNodeCount)
    }
    indexDefinitions = definitions.sorted()
  }
}

extension GraphError.Code {
  /// `CREATE INDEX` of a name or a (label, key) pair that already has an index.
  public static let indexExists = GraphError.Code(rawValue: "IndexAlreadyExists")
  /// `DROP INDEX` of a name no index has.
  public static let indexNotFound = GraphError.Code(rawValue: "IndexNotFound")
}
