/// The in-memory labelled property graph.
///
/// Storage is columnar: nodes and relationships are rows of parallel arrays indexed
/// by their id, strings are interned once in `strings`, properties are packed records in
/// `PropertyArena`s, and each node's relationships sit in compressed per-direction
/// adjacency lists grouped by type. Relationship provenance (`doc`, `span`), which
/// every extracted fact carries, has columns of its own. Indexes: label → nodes,
/// (label, name) → nodes, and a property index per key on request.
///
/// Every mutation goes through one of the methods below (or `apply(_:)`), and is
/// recorded as a `GraphChange` while `isRecordingChanges` is set, which is how
/// `GraphFile` journals it.
///
/// ```swift
/// let graph = Graph()
/// let han = graph.createNode(labels: ["Person"], properties: ["name": "韩俊"])
/// let anhui = graph.createNode(labels: ["Place"], properties: ["name": "安徽省"])
/// try graph.createRelationship(from: han, to: anhui, type: "HOLDS",
///                              properties: ["title": "省委书记"])
/// graph.nodes(label: "Person", name: "韩俊")  // [han]
/// ```
public final class Graph {
  /// Marks a deleted relationship in `relType`.
  static let deletedType: UInt16 = .max

  // MARK: Storage (internal so that snapshots and invariants can see it)

  /// Every interned string: labels, types, keys and string values.
  public internal(set) var strings = StringTable()

  /// Each node's label set, an index into `labelSets`; `noEntry` when deleted.
  var nodeLabelSet: [UInt32] = []
  /// Each node's property record in `nodeArena`.
  var nodeProperties: [UInt32] = []
  var nodeArena = PropertyArena()
  /// The distinct label sets, each sorted; set 0 is the empty set.
  var labelSets: [[Symbol]] = [[]]
  var labelSetIDs: [[Symbol]: UInt32] = [[]: 0]

  var relFrom: [UInt32] = []
  var relTo: [UInt32] = []
  /// Each relationship's type as an index into `typeSymbols`; `deletedType` when deleted.
  var relType: [UInt16] = []
  var relProperties: [UInt32] = []
  var relArena = PropertyArena()
  /// Provenance columns: the `doc` symbol and the `span` offsets, `noEntry` when absent.
  var relDoc: [UInt32] = []
  var relSpanStart: [UInt32] = []
  var relSpanEnd: [UInt32] = []
  var typeSymbols: [Symbol] = []
  var typeCodes: [Symbol: UInt16] = [:]

  var outgoing = Adjacency()
  var incoming = Adjacency()
  /// While set, new relationships skip the adjacency lists; `finishBulkLoad` builds them.
  var isBulkLoading = false

  /// Node ids by label, ascending.
  var nodesByLabel: [Symbol: [UInt32]] = [:]
  /// Name index: the first node whose `name` is string `s` is `nameHead[s]`, the next
  /// one `nameNext[that node]`.
  var nameHead: [UInt32] = []
  var nameNext: [UInt32] = []
  /// Property indexes, by key.
  var propertyIndexes: [Symbol: PropertyIndex] = [:]
  /// The evidence sentences stored per document, by the symbol of its name
  /// (`Graph+Evidence.swift`).
  var documentEvidence: [Symbol: DocumentEvidence] = [:]
  /// Relationship ids by `doc` symbol (`DocumentIndex`), built on first use by
  /// `relationships(ofDocument:)` and then kept up to date.
  var relationshipsByDoc: DocumentIndex? = nil
  /// Named index definitions (`IndexDefinition.swift`), by name; snapshots store them.
  var indexDefinitions: [IndexDefinition] = []

  var liveNodeCount = 0
  var liveRelationshipCount = 0

  /// Well-known symbols, interned first.
  let nameKey: Symbol
  let docKey: Symbol
  let spanKey: Symbol

  /// While true, every mutation is appended to `recordedChanges`.
  public var isRecordingChanges = false
  /// Changes made since the last `takeRecordedChanges()`, oldest first.
  public internal(set) var recordedChanges: [GraphChange] = []

  /// An empty graph.
  public init() {
    nameKey = strings.intern(Schema.Key.name)
    docKey = strings.intern(Schema.Key.doc)
    spanKey = strings.intern(Schema.Key.span)
  }

  /// Returns and clears the changes recorded so far.
  public func takeRecordedChanges() -> [GraphChange] {
    defer { recordedChanges = [] }
    return recordedChanges
  }

  /// Forgets the changes recorded after the first `count`, for a statement that was rolled
  /// back: its changes must never reach the journal, while earlier ones still must.
  public func discardRecordedChanges(after count: Int) {
    if recordedChanges.count > count { recordedChanges.removeSubrange(count...) }
  }

  // MARK: Counts and symbols

  /// Live nodes.
  public var nodeCount: Int { liveNodeCount }
  /// Live relationships.
  public var relationshipCount: Int { liveRelationshipCount }
  /// One past the largest node id handed out; deleted ids below it stay holes.
  public var nodeIDLimit: Int { nodeLabelSet.count }
  /// One past the largest relationship id handed out.
  public var relationshipIDLimit: Int { relFrom.count }

  /// The symbol of `text`, interning it.
  public func symbol(_ text: String) -> Symbol { strings.intern(text) }
  /// The symbol of `text` if the graph has ever seen it.
  public func existingSymbol(_ text: String) -> Symbol? { strings.lookup(text) }
  /// The string a symbol names.
  public func string(_ symbol: Symbol) -> String { strings.string(symbol) }

  // MARK: Nodes

  /// Whether `node` exists and is not deleted.
  public func contains(_ node: NodeID) -> Bool {
    node.index < nodeLabelSet.count && nodeLabelSet[node.index] != noEntry
  }

  /// Whether `relationship` exists and is not deleted.
  public func contains(_ relationship: RelationshipID) -> Bool {
    relationship.index < relType.count && relType[relationship.index] != Graph.deletedType
  }

  /// Creates a node.
  ///
  /// - Complexity: O(labels + properties) amortised.
  @discardableResult
  public func createNode(labels: [String] = [], properties: [String: Value] = [:]) -> NodeID {
    let id = NodeID(nodeLabelSet.count)
    let labelSymbols = Array(Set(labels.map { strings.intern($0) })).sorted()
    nodeLabelSet.append(labelSetID(labelSymbols))
    let entries = properties.map { (key: strings.intern($0.key), value: $0.value) }
    nodeProperties.append(nodeArena.append(entries, strings: &strings))
    nameNext.append(noEntry)
    liveNodeCount += 1
    for label in labelSymbols { nodesByLabel[label, default: []].append(id.rawValue) }
    indexNode(id)
    if isRecordingChanges {
      recordedChanges.append(.createNode(id, labels: labels, properties: properties))
    }
    return id
  }

  /// The labels of a node, sorted by symbol (that is, by first use).
  public func labels(of node: NodeID) -> [Symbol] {
    guard contains(node) else { return [] }
    return labelSets[Int(nodeLabelSet[node.index])]
  }

  /// The label names of a node, in the order they were first seen by the graph.
  public func labelNames(of node: NodeID) -> [String] { labels(of: node).map(strings.string) }

  /// Whether `node` carries `label`.
  public func hasLabel(_ node: NodeID, _ label: Symbol) -> Bool {
    guard contains(node) else { return false }
    return labelSets[Int(nodeLabelSet[node.index])].contains(label)
  }

  /// Adds a label to a node; nothing happens if it has it already.
  public func addLabel(_ label: String, to node: NodeID) throws(GraphError) {
    try requireNode(node)
    let symbol = strings.intern(label)
    var set = labels(of: node)
    guard !set.contains(symbol) else { return }
    unindexNode(node)
    set.append(symbol)
    set.sort()
    nodeLabelSet[node.index] = labelSetID(set)
    Graph.insertSorted(node.rawValue, into: &nodesByLabel[symbol, default: []])
    indexNode(node)
    if isRecordingChanges { recordedChanges.append(.addLabel(node, label)) }
  }

  /// Removes a label from a node; nothing happens if it lacks it.
  public func removeLabel(_ label: String, from node: NodeID) throws(GraphError) {
    try requireNode(node)
    guard let symbol = strings.lookup(label), hasLabel(node, symbol) else { return }
    unindexNode(node)
    nodeLabelSet[node.index] = labelSetID(labels(of: node).filter { $0 != symbol })
    Graph.removeSorted(node.rawValue, from: &nodesByLabel[symbol, default: []])
    indexNode(node)
    if isRecordingChanges { recordedChanges.append(.removeLabel(node, label)) }
  }

  /// A node's property, or nil when it has none under `key`.
  public func property(_ key: Symbol, of node: NodeID) -> Value? {
    guard contains(node) else { return nil }
    return nodeArena.value(of: key, at: nodeProperties[node.index], strings: strings)
  }

  /// A node's property by key name.
  public func property(_ key: String, of node: NodeID) -> Value? {
    guard let symbol = strings.lookup(key) else { return nil }
    return property(symbol, of: node)
  }

  /// The symbol of a node's string property without decoding it; the fast path of
  /// comparisons such as `n.name = 'x'`.
  public func stringSymbol(_ key: Symbol, of node: NodeID) -> Symbol? {
    guard contains(node) else { return nil }
    return nodeArena.stringSymbol(of: key, at: nodeProperties[node.index])
  }

  /// A node's properties, keys ascending by symbol.
  public func properties(of node: NodeID) -> [(key: Symbol, value: Value)] {
    guard contains(node) else { return [] }
    return nodeArena.entries(at: nodeProperties[node.index], strings: strings)
  }

  /// Sets (or with `.null` removes) a node property.
  public func setProperty(_ key: String, to value: Value, of node: NodeID) throws(GraphError) {
    try requireNode(node)
    let symbol = strings.intern(key)
    var entries = properties(of: node).filter { $0.key != symbol }
    if !value.isNull { entries.append((symbol, value)) }
    unindexNode(node)
    nodeProperties[node.index] = nodeArena.append(entries, strings: &strings)
    indexNode(node)
    if isRecordingChanges {
      recordedChanges.append(.setNodeProperty(node, key: key, value: value))
    }
  }

  /// Deletes a node, which must have no relationships left (`detachDelete` removes them).
  public func deleteNode(_ node: NodeID) throws(GraphError) {
    try requireNode(node)
    guard degree(of: node, direction: .both) == 0 else {
      throw GraphError(
        .deleteConnectedNode,
        "cannot delete node \(node.rawValue) because it still has relationships; use DETACH DELETE")
    }
    unindexNode(node)
    for label in labels(of: node) {
      Graph.removeSorted(node.rawValue, from: &nodesByLabel[label, default: []])
    }
    nodeLabelSet[node.index] = noEntry
    nodeProperties[node.index] = noEntry
    liveNodeCount -= 1
    if isRecordingChanges { recordedChanges.append(.deleteNode(node)) }
  }

  /// Deletes a node and every relationship at it.
  public func detachDelete(_ node: NodeID) throws(GraphError) {
    try requireNode(node)
    var attached: [RelationshipID] = []
    forEachRelationship(of: node, direction: .both) { r, _ in attached.append(r) }
    for r in attached where contains(r) { try deleteRelationship(r) }
    try deleteNode(node)
  }

  // MARK: Relationships

  /// Creates a relationship.
  ///
  /// - Throws: `GraphError` `.nodeNotFound` when an end does not exist.
  @discardableResult
  public func createRelationship(
    from: NodeID, to: NodeID, type: String, properties: [String: Value] = [:]
  ) throws(GraphError) -> RelationshipID {
    try requireNode(from)
    try requireNode(to)
    let code = try typeCode(type)
    let id = RelationshipID(relFrom.count)
    relFrom.append(from.rawValue)
    relTo.append(to.rawValue)
    relType.append(code)
    relDoc.append(noEntry)
    relSpanStart.append(noEntry)
    relSpanEnd.append(noEntry)
    relProperties.append(noEntry)
    storeRelationshipProperties(id, properties.map { (strings.intern($0.key), $0.value) })
    liveRelationshipCount += 1
    if !isBulkLoading {
      outgoing.add(id.rawValue, at: from.rawValue)
      incoming.add(id.rawValue, at: to.rawValue)
    }
    if isRecordingChanges {
      recordedChanges.append(
        .createRelationship(id, from: from, to: to, type: type, properties: properties))
    }
    return id
  }

  /// The start node of a relationship.
  public func startNode(of relationship: RelationshipID) -> NodeID {
    NodeID(relFrom[relationship.index])
  }
  /// The end node of a relationship.
  public func endNode(of relationship: RelationshipID) -> NodeID {
    NodeID(relTo[relationship.index])
  }
  /// A relationship's type.
  public func type(of relationship: RelationshipID) -> Symbol {
    typeSymbols[Int(relType[relationship.index])]
  }
  /// A relationship's type name.
  public func typeName(of relationship: RelationshipID) -> String {
    strings.string(type(of: relationship))
  }

  /// A relationship's property, or nil.
  public func property(_ key: Symbol, of relationship: RelationshipID) -> Value? {
    guard contains(relationship) else { return nil }
    let r = relationship.index
    if key == docKey, relDoc[r] != noEntry { return .string(strings.string(Symbol(relDoc[r]))) }
    if key == spanKey, relSpanStart[r] != noEntry {
      return .list([.int(Int64(relSpanStart[r])), .int(Int64(relSpanEnd[r]))])
    }
    return relArena.value(of: key, at: relProperties[r], strings: strings)
  }

  /// A relationship's property by key name.
  public func property(_ key: String, of relationship: RelationshipID) -> Value? {
    guard let symbol = strings.lookup(key) else { return nil }
    return property(symbol, of: relationship)
  }

  /// A relationship's properties, keys ascending by symbol.
  public func properties(of relationship: RelationshipID) -> [(key: Symbol, value: Value)] {
    guard contains(relationship) else { return [] }
    let r = relationship.index
    var entries = relArena.entries(at: relProperties[r], strings: strings)
    if relDoc[r] != noEntry { entries.append((docKey, .string(strings.string(Symbol(relDoc[r]))))) }
    if relSpanStart[r] != noEntry {
      entries.append((spanKey, .list([.int(Int64(relSpanStart[r])), .int(Int64(relSpanEnd[r]))])))
    }
    return entries.sorted { $0.key < $1.key }
  }

  /// Sets (or with `.null` removes) a relationship property.
  public func setProperty(_ key: String, to value: Value, of relationship: RelationshipID)
    throws(GraphError)
  {
    try requireRelationship(relationship)
    let symbol = strings.intern(key)
    var entries = properties(of: relationship).filter { $0.key != symbol }
    if !value.isNull { entries.append((symbol, value)) }
    storeRelationshipProperties(relationship, entries)
    if isRecordingChanges {
      recordedChanges.append(.setRelationshipProperty(relationship, key: key, value: value))
    }
  }

  /// Deletes a relationship.
  public func deleteRelationship(_ relationship: RelationshipID) throws(GraphError) {
    try requireRelationship(relationship)
    relType[relationship.index] = Graph.deletedType
    relProperties[relationship.index] = noEntry
    relDoc[relationship.index] = noEntry
    relSpanStart[relationship.index] = noEntry
    relSpanEnd[relationship.index] = noEntry
    liveRelationshipCount -= 1
    if isRecordingChanges { recordedChanges.append(.deleteRelationship(relationship)) }
  }

  /// Calls `body` with each live relationship at `node` and the node at its other end.
  ///
  /// Order: the node's relationships grouped by type (in type-code order), ascending id
  /// within a type, then those created since the last compaction. With `.both`, outgoing
  /// ones come first and a self-loop is reported once.
  /// - Complexity: O(log degree + result) with a type, O(degree) without.

  public func forEachRelationship(
    of node: NodeID, direction: Direction, type: Symbol? = nil,
    _ body: (RelationshipID, NodeID) throws -> Void
  ) rethrows {
    var code: UInt16? = nil
    if let type {
      guard let known = typeCodes[type] else { return }
      code = known
    }
    if direction != .incoming {
      try outgoing.forEach(at: node.rawValue, type: code, types: relType) { r in
        try body(RelationshipID(r), NodeID(relTo[Int(r)]))
      }
    }
    if direction != .outgoing {
      try incoming.forEach(at: node.rawValue, type: code, types: relType) { r in
        let from = relFrom[Int(r)]
        if direction == .both && from == node.rawValue { return }
        try body(RelationshipID(r), NodeID(from))
      }
    }
  }

  /// The number of live relationships at `node` in `direction`.
  public func degree(of node: NodeID, direction: Direction, type: Symbol? = nil) -> Int {
    var total = 0
    forEachRelationship(of: node, direction: direction, type: type) { _, _ in total += 1 }
    return total
  }

  // MARK: Scans and lookups

  /// Every live node id, ascending.
  public func allNodes() -> [NodeID] {
    var result: [NodeID] = []
    result.reserveCapacity(liveNodeCount)
    for n in 0..<nodeLabelSet.count where nodeLabelSet[n] != noEntry { result.append(NodeID(n)) }
    return result
  }

  /// Every live relationship id, ascending.
  public func allRelationships() -> [RelationshipID] {
    var result: [RelationshipID] = []
    result.reserveCapacity(liveRelationshipCount)
    for r in 0..<relType.count where relType[r] != Graph.deletedType {
      result.append(RelationshipID(r))
    }
    return result
  }

  /// Node ids with `label`, ascending.
  public func nodes(label: Symbol) -> [UInt32] { nodesByLabel[label] ?? [] }

  /// Node ids with `label`, ascending.
  public func nodes(label: String) -> [NodeID] {
    guard let symbol = strings.lookup(label) else { return [] }
    return nodes(label: symbol).map(NodeID.init)
  }

  /// Nodes whose `name` is exactly `name`, optionally only those with `label`; ascending.
  ///
  /// - Complexity: O(length of name + nodes sharing the name).
  public func nodes(label: String? = nil, name: String) -> [NodeID] {
    guard let nameSymbol = strings.lookup(name) else { return [] }
    var labelSymbol: Symbol? = nil
    if let label {
      guard let known = strings.lookup(label) else { return [] }
      labelSymbol = known
    }
    return nodes(label: labelSymbol, nameSymbol: nameSymbol)
  }

  /// Nodes whose `name` is the string `nameSymbol`, optionally with `label`; ascending.
  public func nodes(label: Symbol?, nameSymbol: Symbol) -> [NodeID] {
    guard nameSymbol.index < nameHead.count else { return [] }
    var result: [NodeID] = []
    var n = nameHead[nameSymbol.index]
    while n != noEntry {
      if label.map({ hasLabel(NodeID(n), $0) }) ?? true { result.append(NodeID(n)) }
      n = nameNext[Int(n)]
    }
    return result.sorted()
  }

  /// The labels, relationship types and node property keys in use, with counts.
  public func labelCounts() -> [(label: String, count: Int)] {
    nodesByLabel.filter { !$0.value.isEmpty }.map { (strings.string($0.key), $0.value.count) }
      .sorted { $0.label < $1.label }
  }

  /// Live relationships per type, sorted by type name.
  public func typeCounts() -> [(type: String, count: Int)] {
    var counts = [Int](repeating: 0, count: typeSymbols.count)
    for t in relType where t != Graph.deletedType { counts[Int(t)] += 1 }
    return zip(typeSymbols, counts).filter { $0.1 > 0 }.map { (strings.string($0.0), $0.1) }
      .sorted { $0.type < $1.type }
  }

  /// The relationship types ever used, by name.
  public var relationshipTypes: [String] { typeSymbols.map(strings.string) }

  // MARK: Bulk loading

  /// Starts a bulk load: new relationships skip the per-node lists until
  /// `finishBulkLoad()` builds them all at once (a counting sort instead of a
  /// dictionary insert per relationship).
  public func beginBulkLoad(expectedNodes: Int = 0, expectedRelationships: Int = 0) {
    compactAdjacency()
    isBulkLoading = true
    nodeLabelSet.reserveCapacity(expectedNodes)
    nodeProperties.reserveCapacity(expectedNodes)
    nameNext.reserveCapacity(expectedNodes)
    for column in [
      \Graph.relFrom, \.relTo, \.relProperties, \.relDoc, \.relSpanStart, \.relSpanEnd,
    ] {
      self[keyPath: column].reserveCapacity(expectedRelationships)
    }
    relType.reserveCapacity(expectedRelationships)
  }

  /// Ends a bulk load and builds the adjacency lists.
  public func finishBulkLoad() {
    isBulkLoading = false
    compactAdjacency()
  }

  /// Folds recently added relationships into the compressed adjacency lists and drops
  /// deleted ones. Checkpoints and bulk loads call it; queries never need to.
  public func compactAdjacency() {
    outgoing.rebuild(nodeCount: nodeLabelSet.count, ends: relFrom, types: relType)
    incoming.rebuild(nodeCount: nodeLabelSet.count, ends: relTo, types: relType)
  }

  // MARK: Internals

  func requireNode(_ node: NodeID) throws(GraphError) {
    guard contains(node) else {
      throw GraphError(.nodeNotFound, "node \(node.rawValue) does not exist")
    }
  }

  func requireRelationship(_ relationship: RelationshipID) throws(GraphError) {
    guard contains(relationship) else {
      throw GraphError(
        .relationshipNotFound, "relationship \(relationship.rawValue) does not exist")
    }
  }

  func labelSetID(_ sortedLabels: [Symbol]) -> UInt32 {
    if let id = labelSetIDs[sortedLabels] { return id }
    let id = UInt32(labelSets.count)
    labelSets.append(sortedLabels)
    labelSetIDs[sortedLabels] = id
    return id
  }

  func typeCode(_ type: String) throws(GraphError) -> UInt16 {
    let symbol = strings.intern(type)
    if let code = typeCodes[symbol] { return code }
    guard typeSymbols.count < Int(Graph.deletedType) else {
      throw GraphError(.tooManyTypes, "a graph holds at most 65535 relationship types")
    }
    let code = UInt16(typeSymbols.count)
    typeSymbols.append(symbol)
    typeCodes[symbol] = code
    return code
  }

  /// Writes a relationship's properties, putting `doc` and `span` in their columns when
  /// they have the shapes provenance has (a string; two non-negative 32-bit integers).
  func storeRelationshipProperties(_ relationship: RelationshipID, _ entries: [(Symbol, Value)]) {
    let r = relationship.index
    let previousDoc = relDoc[r]
    relDoc[r] = noEntry
    relSpanStart[r] = noEntry
    relSpanEnd[r] = noEntry
    var rest: [(key: Symbol, value: Value)] = []
    for (key, value) in entries {
      if key == docKey, case .string(let doc) = value {
        relDoc[r] = strings.intern(doc).rawValue
        if relDoc[r] != previousDoc {
          relationshipsByDoc?.add(UInt32(r), doc: relDoc[r])
        }
      } else if key == spanKey, case .list(let pair) = value, pair.count == 2,
        let start = pair[0].intValue.flatMap(UInt32.init(exactly:)), start != noEntry,
        let end = pair[1].intValue.flatMap(UInt32.init(exactly:))
      {
        relSpanStart[r] = start
        relSpanEnd[r] = end
      } else {
        rest.append((key, value))
      }
    }
    relProperties[r] = relArena.append(rest, strings: &strings)
  }

  /// Adds a node to the name index and the property indexes.
  func indexNode(_ node: NodeID) {
    if let name = stringSymbol(nameKey, of: node) {
      if nameHead.count <= name.index {
        nameHead.append(
          contentsOf: repeatElement(
            noEntry, count: max(name.index + 1, strings.count) - nameHead.count))
      }
      nameNext[node.index] = nameHead[name.index]
      nameHead[name.index] = node.rawValue
    }
    for key in propertyIndexes.keys {
      if let value = property(key, of: node) { propertyIndexes[key]?.insert(node, value) }
    }
  }

  /// Removes a node from the name index and the property indexes.
  func unindexNode(_ node: NodeID) {
    if let name = stringSymbol(nameKey, of: node), name.index < nameHead.count {
      var previous = noEntry
      var n = nameHead[name.index]
      while n != noEntry && n != node.rawValue {
        previous = n
        n = nameNext[Int(n)]
      }
      if n == node.rawValue {
        if previous == noEntry {
          nameHead[name.index] = nameNext[node.index]
        } else {
          nameNext[Int(previous)] = nameNext[node.index]
        }
      }
      nameNext[node.index] = noEntry
    }
    for key in propertyIndexes.keys {
      if let value = property(key, of: node) { propertyIndexes[key]?.remove(node, value) }
    }
  }

  static func insertSorted(_ value: UInt32, into array: inout [UInt32]) {
    if let last = array.last, last < value {
      array.append(value)
      return
    }
    let i = lowerBound(value, in: array)
    if i == array.count || array[i] != value { array.insert(value, at: i) }
  }

  static func removeSorted(_ value: UInt32, from array: inout [UInt32]) {
    let i = lowerBound(value, in: array)
    if i < array.count && array[i] == value { array.remove(at: i) }
  }

  static func lowerBound(_ value: UInt32, in array: [UInt32]) -> Int {
    var lo = 0
    var hi = array.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if array[mid] < value { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral,
  ExpressibleByNilLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int64) { self = .int(value) }
  public init(floatLiteral value: Double) { self = .float(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(arrayLiteral elements: Value...) { self = .list(elements) }
  public init(nilLiteral: ()) { self = .null }
}
