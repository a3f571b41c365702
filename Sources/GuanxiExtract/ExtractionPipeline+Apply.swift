import Foundation
import GuanxiGraph

extension ExtractionPipeline {
  /// What `apply(_:to:)` did.
  public struct ApplyResult: Sendable {
    public var documents: [String] = []
    public var factsAdded = 0
    public var factsReplaced = 0
    public var skipped: [ExtractionError] = []
  }

  /// Writes extracted documents into `graph`, replacing the facts of documents it
  /// already holds. Single-threaded; documents in order.
  ///
  /// A name given more than once in one call (the same file twice, or two files of one
  /// name) is written once, from its last document, as two calls in turn would leave it:
  /// writing every copy would duplicate the facts that a second call replaces. An earlier
  /// file of that name at another path is reported in `skipped`, never dropped silently.
  public func apply(_ documents: [ExtractedDocument], to graph: Graph) -> ApplyResult {
    var result = ApplyResult()
    var lastIndex: [String: Int] = [:]
    for (index, document) in documents.enumerated() { lastIndex[document.name] = index }
    for (index, document) in documents.enumerated() {
      guard let last = lastIndex[document.name], last != index,
        documents[last].path != document.path
      else { continue }
      result.skipped.append(
        ExtractionError(
          .duplicateName,
          "'\(document.path)' has the same name as '\(documents[last].path)', which replaces it",
          path: document.path))
    }
    let documents = documents.indices.filter { lastIndex[documents[$0].name] == $0 }
      .map { documents[$0] }
    result.factsReplaced = Self.removeFacts(of: Set(documents.map(\.name)), from: graph)
    for document in documents {
      do {
        var writer = GraphWriter(graph: graph, document: document)
        try writer.write()
        result.factsAdded += writer.created
        result.documents.append(document.name)
      } catch {
        result.skipped.append(
          ExtractionError(
            .graph, "cannot write the facts of '\(document.name)': \(error.message)",
            path: document.path))
      }
    }
    return result
  }

  /// Deletes every relationship whose `doc` is one of `names`, then the entity nodes
  /// left without relationships. Returns the number of relationships deleted.
  ///
  /// - Complexity: O(relationships in the graph).
  @discardableResult
  public static func removeFacts(of names: Set<String>, from graph: Graph) -> Int {
    guard !names.isEmpty else { return 0 }
    let docSymbols = Set(names.compactMap { graph.existingSymbol($0) })
    guard !docSymbols.isEmpty, let docKey = graph.existingSymbol(Schema.Key.doc) else { return 0 }
    var doomed: [RelationshipID] = []
    var touched: Set<NodeID> = []
    for r in graph.allRelationships() {
      guard case .string(let doc)? = graph.property(docKey, of: r),
        let symbol = graph.existingSymbol(doc),
        docSymbols.contains(symbol)
      else { continue }
      doomed.append(r)
      touched.insert(graph.startNode(of: r))
      touched.insert(graph.endNode(of: r))
    }
    for r in doomed { try? graph.deleteRelationship(r) }
    let documentLabel = graph.symbol(Schema.Label.document)
    for node in touched.sorted() where graph.contains(node) && !graph.hasLabel(node, documentLabel)
    {
      if graph.degree(of: node, direction: .both) == 0 { try? graph.deleteNode(node) }
    }
    return doomed.count
  }
}

/// Writes one document's facts, linking its entities to the nodes already in the graph.
struct GraphWriter {
  let graph: Graph
  let document: ExtractedDocument
  var created = 0
  private var documentNode = NodeID(0)
  private var placeNodes: [NodeID] = []
  private var personNodes: [NodeID] = []
  private var organizationNodes: [NodeID] = []
  private var meetingNodes: [NodeID] = []
  private var projectNodes: [NodeID] = []
  private var mentioned: Set<NodeID> = []

  init(graph: Graph, document: ExtractedDocument) {
    self.graph = graph
    self.document = document
  }

  private func provenance(_ span: ScalarSpan, _ extra: [String: Value] = [:]) -> [String: Value] {
    var properties = extra
    properties[Schema.Key.doc] = .string(document.name)
    properties[Schema.Key.span] = span.value
    return properties
  }

  private mutating func relate(
    _ from: NodeID, _ to: NodeID, _ type: String, _ span: ScalarSpan, _ extra: [String: Value] = [:]
  ) throws(GraphError) {
    try graph.createRelationship(
      from: from, to: to, type: type, properties: provenance(span, extra))
    created += 1
  }

  private mutating func mention(_ node: NodeID, _ span: ScalarSpan) throws(GraphError) {
    guard mentioned.insert(node).inserted else { return }
    try relate(documentNode, node, Schema.RelationshipType.mentions, span)
  }

  /// The node at the other end of `node`'s first outgoing relationship of `type`.
  private func target(of node: NodeID, type: String) -> [NodeID] {
    guard let symbol = graph.existingSymbol(type) else { return [] }
    var ends: [NodeID] = []
    graph.forEachRelationship(of: node, direction: .outgoing, type: symbol) { _, end in
      ends.append(end)
    }
    return ends
  }

  private func name(of node: NodeID) -> String? {
    graph.property(Schema.Key.name, of: node)?.stringValue
  }

  mutating func write() throws(GraphError) {
    try writeDocument()
    try writePlaces()
    for organization in document.organizations {
      let existing = graph.nodes(label: Schema.Label.organization, name: organization.name).first
      let node =
        existing
        ?? graph.createNode(
          labels: [Schema.Label.organization],
          properties: [Schema.Key.name: .string(organization.name)])
      organizationNodes.append(node)
      if let place = organization.place,
        existing == nil || target(of: node, type: Schema.RelationshipType.locatedIn).isEmpty
      {
        try relate(node, placeNodes[place], Schema.RelationshipType.locatedIn, organization.span)
      }
      try mention(node, organization.span)
    }
    try writePersons()
    try writeMeetings()
    for project in document.projects {
      let placeName = project.place.map { document.places[$0].name }
      let existing = graph.nodes(label: Schema.Label.project, name: project.name).first { node in
        placeName == nil
          || target(of: node, type: Schema.RelationshipType.locatedIn).contains {
            name(of: $0) == placeName
          }
      }
      let node =
        existing
        ?? graph.createNode(
          labels: [Schema.Label.project], properties: [Schema.Key.name: .string(project.name)])
      projectNodes.append(node)
      if let place = project.place {
        try relate(node, placeNodes[place], Schema.RelationshipType.locatedIn, project.span)
      }
      try mention(node, project.span)
    }
    for holds in document.holds {
      let end =
        holds.place.map { placeNodes[$0] } ?? holds.organization.map { organizationNodes[$0] }
      guard let end else { continue }
      var extra: [String: Value] = [Schema.Key.title: .string(holds.title)]
      if let date = document.date { extra[Schema.Key.asOf] = .date(date) }
      try relate(personNodes[holds.person], end, Schema.RelationshipType.holds, holds.span, extra)
    }
    for participation in document.participations {
      try relate(
        personNodes[participation.person], meetingNodes[participation.meeting],
        participation.role.relationshipType,
        participation.span)
    }
    for credit in document.credits {
      try relate(
        personNodes[credit.person], documentNode, Schema.RelationshipType.credited, credit.span,
        [Schema.Key.role: .string(credit.role)])
      try mention(personNodes[credit.person], credit.span)
    }
  }

  private mutating func writeDocument() throws(GraphError) {
    let existing = graph.nodes(label: Schema.Label.document, name: document.name).first
    documentNode =
      existing
      ?? graph.createNode(
        labels: [Schema.Label.document], properties: [Schema.Key.name: .string(document.name)])
    try graph.setProperty(Schema.Key.title, to: .string(document.title), of: documentNode)
    try graph.setProperty(
      Schema.Key.date, to: document.date.map { .date($0) } ?? .null, of: documentNode)
    try graph.setProperty(
      Schema.Key.source, to: document.source.map { .string($0) } ?? .null, of: documentNode)
    // Absolute, so that evidence can be shown from any working directory.
    let path = URL(fileURLWithPath: document.path).standardizedFileURL.path
    try graph.setProperty(ExtractionPipeline.pathKey, to: .string(path), of: documentNode)
  }

  private mutating func writePlaces() throws(GraphError) {
    // Parents come before children in `places` only for ancestors added first; resolve
    // nodes recursively by name and parent name.
    var nodes = [NodeID?](repeating: nil, count: document.places.count)
    func resolve(_ i: Int) -> NodeID {
      if let node = nodes[i] { return node }
      let place = document.places[i]
      let parentNode = place.parent.map { resolve($0) }
      let parentName = parentNode.flatMap { name(of: $0) }
      let candidates = graph.nodes(label: Schema.Label.place, name: place.name)
      let existing = candidates.first { node in
        let parents = target(of: node, type: Schema.RelationshipType.locatedIn).compactMap {
          name(of: $0)
        }
        return parentName == nil ? true : (parents.isEmpty || parents.contains(parentName ?? ""))
      }
      let node =
        existing
        ?? graph.createNode(
          labels: [Schema.Label.place],
          properties: [
            Schema.Key.name: .string(place.name), Schema.Key.level: .string(place.level),
          ])
      nodes[i] = node
      return node
    }
    for i in document.places.indices { _ = resolve(i) }
    placeNodes = nodes.map { $0 ?? NodeID(0) }
    for (i, place) in document.places.enumerated() {
      if let parent = place.parent {
        try relate(placeNodes[i], placeNodes[parent], Schema.RelationshipType.locatedIn, place.span)
      }
      if place.isMentioned { try mention(placeNodes[i], place.span) }
    }
  }

  private mutating func writePersons() throws(GraphError) {
    var jurisdictions = [[String]](repeating: [], count: document.persons.count)
    for holds in document.holds {
      if let place = holds.place { jurisdictions[holds.person].append(document.places[place].name) }
      if let organization = holds.organization {
        jurisdictions[holds.person].append(document.organizations[organization].name)
      }
    }
    for (i, person) in document.persons.enumerated() {
      let mine = Set(jurisdictions[i])
      let existing = graph.nodes(label: Schema.Label.person, name: person.name).first { node in
        let theirs = Set(
          target(of: node, type: Schema.RelationshipType.holds).compactMap { name(of: $0) })
        return mine.isEmpty ? theirs.isEmpty : !theirs.isDisjoint(with: mine)
      }
      let node =
        existing
        ?? graph.createNode(
          labels: [Schema.Label.person], properties: [Schema.Key.name: .string(person.name)])
      personNodes.append(node)
      if !mine.isEmpty { try mention(node, person.span) }
    }
  }

  private mutating func writeMeetings() throws(GraphError) {
    for meeting in document.meetings {
      let date: Value = meeting.date.map { .date($0) } ?? .null
      let existing = graph.nodes(label: Schema.Label.meeting, name: meeting.name).first {
        (graph.property(Schema.Key.date, of: $0) ?? .null) == date
      }
      let node =
        existing
        ?? graph.createNode(
          labels: [Schema.Label.meeting], properties: [Schema.Key.name: .string(meeting.name)])
      if existing == nil, meeting.date != nil {
        try graph.setProperty(Schema.Key.date, to: date, of: node)
      }
      meetingNodes.append(node)
      if let place = meeting.place {
        try relate(node, placeNodes[place], Schema.RelationshipType.heldIn, meeting.span)
      }
      try mention(node, meeting.span)
    }
  }
}
