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
  /// already holds, and linking each document's entities to the nodes already there
  /// (the rules are in the module README, "Linking"). Single-threaded; documents in order.
  ///
  /// A name given more than once in one call (the same file twice, or two files of one
  /// name) is written once, from its last document, as two calls in turn would leave it:
  /// writing every copy would duplicate the facts that a second call replaces. An earlier
  /// file of that name at another path is reported in `skipped`, never dropped silently.
  ///
  /// - Complexity: O(facts written + relationships of the existing nodes they link to);
  ///   linking looks entities up in hash tables filled once per name and call, so it does
  ///   not slow down as the graph grows.
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
    let links = LinkIndex(graph: graph)
    for document in documents {
      do {
        var writer = GraphWriter(graph: graph, document: document, links: links)
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

  /// Deletes every relationship whose `doc` is one of `names` and the evidence stored for
  /// them, then the entity nodes left without relationships. Returns the number of
  /// relationships deleted.
  ///
  /// - Complexity: O(relationships of those documents), through the graph's `doc` index
  ///   (`Graph.relationships(ofDocument:)`), never a scan of the whole graph.
  @discardableResult
  public static func removeFacts(of names: Set<String>, from graph: Graph) -> Int {
    var doomed: [RelationshipID] = []
    var touched: Set<NodeID> = []
    for name in names.sorted() {
      for r in graph.relationships(ofDocument: name) {
        doomed.append(r)
        touched.insert(graph.startNode(of: r))
        touched.insert(graph.endNode(of: r))
      }
      if graph.evidence(ofDocument: name) != nil { graph.setEvidence(nil, ofDocument: name) }
    }
    for r in doomed { try? graph.deleteRelationship(r) }
    let documentLabel = graph.symbol(Schema.Label.document)
    for node in touched.sorted()
    where graph.contains(node) && !graph.hasLabel(node, documentLabel)
      && !graph.hasRelationships(node)
    {
      try? graph.deleteNode(node)
    }
    return doomed.count
  }
}

/// Two 32-bit halves of a linking key: a name's symbol and a node, outlet or date.
struct LinkKey: Hashable {
  var name: UInt32
  var other: UInt32

  /// `other` when there is none (a place or project without a parent or place).
  static let none = UInt32.max
}

/// One meeting that others of its name and date may link to.
struct MeetingEntry {
  var node: NodeID
  var place: NodeID?
  var organization: NodeID?

  /// Whether a mention with this place and organising body is this meeting: where both
  /// sides say, they agree, and at least one of them is said by both.
  func agrees(place: NodeID?, organization: NodeID?) -> Bool {
    if let place, let mine = self.place, place != mine { return false }
    if let organization, let mine = self.organization, organization != mine { return false }
    return (place != nil && place == self.place)
      || (organization != nil && organization == self.organization)
  }
}

/// The linking state of one `apply` call: hash tables from linking keys to nodes, shared
/// by its documents.
///
/// Tables are filled lazily: the first time a name is looked up, the nodes of that name
/// already in the graph are read once (a place's or project's first `LOCATED_IN`, a
/// meeting's date and place); a person is looked up per (name, post) and (name, outlet),
/// reading each namesake's posts until one matches. Nodes created afterwards are added as
/// they are made. So a document costs about the same whether the graph holds ten
/// documents or a million: what grows is only the namesakes to look through.
final class LinkIndex {
  let graph: Graph
  let personLabel: Symbol
  let placeLabel: Symbol
  let organizationLabel: Symbol
  let meetingLabel: Symbol
  let projectLabel: Symbol
  let nameKey: Symbol
  let dateKey: Symbol
  let heldByKey: Symbol
  let levelKey: Symbol
  let sourceKey: Symbol
  let holdsType: Symbol
  let locatedInType: Symbol
  let heldInType: Symbol
  let creditedType: Symbol
  let mentionsType: Symbol
  let attendedType: Symbol
  let roleTypes: [ExtractedDocument.Role: Symbol]
  let titleKey: Symbol
  let asOfKey: Symbol
  let roleKey: Symbol
  let townshipLevel: Symbol

  private var loaded: Set<Symbol> = []
  /// (name, parent node or `none`) → place.
  var places: [LinkKey: NodeID] = [:]
  /// Name → organisation (never a generic one).
  var organizations: [Symbol: NodeID] = [:]
  /// (name, a place or organisation the person holds a post on) → person, and the keys
  /// already looked up in the graph.
  var persons: [LinkKey: NodeID] = [:]
  private var checkedPersons: Set<LinkKey> = []
  /// (name, outlet) → a person credited by a document of that outlet, and the keys
  /// already looked up.
  var reporters: [LinkKey: NodeID] = [:]
  private var checkedReporters: Set<LinkKey> = []
  /// (name, date) → meetings.
  var meetings: [LinkKey: [MeetingEntry]] = [:]
  /// (name, place node or `none`) → project.
  var projects: [LinkKey: NodeID] = [:]

  init(graph: Graph) {
    self.graph = graph
    personLabel = graph.symbol(Schema.Label.person)
    placeLabel = graph.symbol(Schema.Label.place)
    organizationLabel = graph.symbol(Schema.Label.organization)
    meetingLabel = graph.symbol(Schema.Label.meeting)
    projectLabel = graph.symbol(Schema.Label.project)
    nameKey = graph.symbol(Schema.Key.name)
    dateKey = graph.symbol(Schema.Key.date)
    heldByKey = graph.symbol(Schema.Key.heldBy)
    levelKey = graph.symbol(Schema.Key.level)
    sourceKey = graph.symbol(Schema.Key.source)
    holdsType = graph.symbol(Schema.RelationshipType.holds)
    locatedInType = graph.symbol(Schema.RelationshipType.locatedIn)
    heldInType = graph.symbol(Schema.RelationshipType.heldIn)
    creditedType = graph.symbol(Schema.RelationshipType.credited)
    mentionsType = graph.symbol(Schema.RelationshipType.mentions)
    attendedType = graph.symbol(Schema.RelationshipType.attended)
    roleTypes = Dictionary(
      uniqueKeysWithValues: ExtractedDocument.Role.allCases.map {
        ($0, graph.symbol($0.relationshipType))
      })
    titleKey = graph.symbol(Schema.Key.title)
    asOfKey = graph.symbol(Schema.Key.asOf)
    roleKey = graph.symbol(Schema.Key.role)
    townshipLevel = graph.symbol(Schema.PlaceLevel.township)
  }

  /// Reads every node named `name` into the tables, once per call.
  func load(_ name: Symbol) {
    guard loaded.insert(name).inserted else { return }
    for node in graph.nodes(label: nil, nameSymbol: name) {
      if graph.hasLabel(node, placeLabel) {
        // A place node is made for one (name, parent) and linked only by it, so its
        // first LOCATED_IN names its parent: no need to walk one edge per document.
        if let parent = graph.firstTarget(of: node, type: locatedInType) {
          remember(&places, LinkKey(name: name.rawValue, other: parent.rawValue), node)
        } else if graph.stringSymbol(levelKey, of: node) != townshipLevel {
          remember(&places, LinkKey(name: name.rawValue, other: LinkKey.none), node)
        }
      } else if graph.hasLabel(node, meetingLabel) {
        loadMeeting(node, name)
      } else if graph.hasLabel(node, projectLabel) {
        let place = graph.firstTarget(of: node, type: locatedInType)
        remember(
          &projects, LinkKey(name: name.rawValue, other: place?.rawValue ?? LinkKey.none), node)
      } else if graph.hasLabel(node, organizationLabel), organizations[name] == nil {
        organizations[name] = node
      }
    }
  }

  /// The first person named `name` (by id) who holds a post on `jurisdiction`, looked up
  /// once per call: each namesake's posts are read until one matches.
  func person(_ name: Symbol, holdingPostOn jurisdiction: NodeID) -> NodeID? {
    let key = LinkKey(name: name.rawValue, other: jurisdiction.rawValue)
    if let known = persons[key] { return known }
    guard checkedPersons.insert(key).inserted else { return nil }
    for node in graph.nodes(label: personLabel, nameSymbol: name)
    where graph.hasTarget(node, type: holdsType, where: { $0 == jurisdiction }) {
      persons[key] = node
      return node
    }
    return nil
  }

  /// The first person named `name` credited by a document of `outlet`, looked up once per
  /// call.
  func reporter(_ name: Symbol, outlet: Symbol) -> NodeID? {
    let key = LinkKey(name: name.rawValue, other: outlet.rawValue)
    if let known = reporters[key] { return known }
    guard checkedReporters.insert(key).inserted else { return nil }
    for node in graph.nodes(label: personLabel, nameSymbol: name)
    where graph.hasTarget(
      node, type: creditedType, where: { graph.stringSymbol(sourceKey, of: $0) == outlet })
    {
      reporters[key] = node
      return node
    }
    return nil
  }

  private func loadMeeting(_ node: NodeID, _ name: Symbol) {
    guard case .date(let date)? = graph.property(dateKey, of: node) else { return }
    let place = graph.firstTarget(of: node, type: heldInType)
    var organization: NodeID? = nil
    if let heldBy = graph.stringSymbol(heldByKey, of: node),
      place.map({ graph.stringSymbol(nameKey, of: $0) != heldBy }) ?? true
    {
      organization = graph.nodes(label: organizationLabel, nameSymbol: heldBy).first
    }
    guard place != nil || organization != nil else { return }
    meetings[LinkKey(name: name.rawValue, other: Self.dateKey(date)), default: []].append(
      MeetingEntry(node: node, place: place, organization: organization))
  }

  static func dateKey(_ date: LocalDate) -> UInt32 { UInt32(bitPattern: date.daysSinceEpoch) }

  private func remember(_ table: inout [LinkKey: NodeID], _ key: LinkKey, _ node: NodeID) {
    if table[key] == nil { table[key] = node }
  }
}

/// Writes one document's facts, linking its entities to the nodes already in the graph.
struct GraphWriter {
  let graph: Graph
  let document: ExtractedDocument
  let links: LinkIndex
  var created = 0
  private var documentNode = NodeID(0)
  private var placeNodes: [NodeID] = []
  private var personNodes: [NodeID] = []
  private var organizationNodes: [NodeID] = []
  private var meetingNodes: [NodeID] = []
  private var projectNodes: [NodeID] = []
  private var mentioned: Set<NodeID> = []
  private let docSymbol: Symbol

  init(graph: Graph, document: ExtractedDocument, links: LinkIndex) {
    self.graph = graph
    self.document = document
    self.links = links
    docSymbol = graph.symbol(document.name)
  }

  private mutating func relate(
    _ from: NodeID, _ to: NodeID, _ type: Symbol, _ span: ScalarSpan,
    _ extra: [(key: Symbol, value: Value)] = []
  ) throws(GraphError) {
    try graph.createRelationship(
      from: from, to: to, type: type, doc: docSymbol, scalarStart: span.scalarStart,
      scalarEnd: span.scalarEnd, properties: extra)
    created += 1
  }

  private mutating func mention(_ node: NodeID, _ span: ScalarSpan) throws(GraphError) {
    guard mentioned.insert(node).inserted else { return }
    try relate(documentNode, node, links.mentionsType, span)
  }

  private func create(_ label: String, _ name: String, _ more: [String: Value] = [:]) -> NodeID {
    var properties = more
    properties[Schema.Key.name] = .string(name)
    return graph.createNode(labels: [label], properties: properties)
  }

  mutating func write() throws(GraphError) {
    try writeDocument()
    try writePlaces()
    try writeOrganizations()
    try writePersons()
    try writeMeetings()
    try writeProjects()
    for holds in document.holds {
      let end =
        holds.place.map { placeNodes[$0] } ?? holds.organization.map { organizationNodes[$0] }
      guard let end else { continue }
      var extra: [(key: Symbol, value: Value)] = [(links.titleKey, .string(holds.title))]
      if let date = document.date { extra.append((links.asOfKey, .date(date))) }
      try relate(personNodes[holds.person], end, links.holdsType, holds.span, extra)
    }
    for participation in document.participations {
      try relate(
        personNodes[participation.person], meetingNodes[participation.meeting],
        links.roleTypes[participation.role] ?? links.attendedType, participation.span)
    }
    for credit in document.credits {
      try relate(
        personNodes[credit.person], documentNode, links.creditedType, credit.span,
        [(links.roleKey, .string(credit.role))])
      try mention(personNodes[credit.person], credit.span)
    }
    graph.setEvidence(document.evidence, ofDocument: document.name)
  }

  private mutating func writeDocument() throws(GraphError) {
    var properties: [String: Value] = [Schema.Key.title: .string(document.title)]
    if let date = document.date { properties[Schema.Key.date] = .date(date) }
    if let source = document.source { properties[Schema.Key.source] = .string(source) }
    guard let existing = graph.nodes(label: Schema.Label.document, name: document.name).first
    else {
      documentNode = create(Schema.Label.document, document.name, properties)
      return
    }
    documentNode = existing
    for key in [Schema.Key.title, Schema.Key.date, Schema.Key.source, Schema.Key.path] {
      let value = properties[key] ?? .null
      if graph.property(key, of: existing) != (value.isNull ? nil : value) {
        try graph.setProperty(key, to: value, of: existing)
      }
    }
  }

  /// Places link by name and parent; a township whose county the text does not give
  /// stays with its document.
  private mutating func writePlaces() throws(GraphError) {
    var nodes = [NodeID?](repeating: nil, count: document.places.count)
    func resolve(_ i: Int) -> NodeID {
      if let node = nodes[i] { return node }
      let place = document.places[i]
      let parent = place.parent.map { resolve($0) }
      let node: NodeID
      if parent == nil && place.level == Schema.PlaceLevel.township {
        node = create(Schema.Label.place, place.name, [Schema.Key.level: .string(place.level)])
      } else {
        let name = graph.symbol(place.name)
        links.load(name)
        let key = LinkKey(name: name.rawValue, other: parent?.rawValue ?? LinkKey.none)
        if let known = links.places[key] {
          node = known
        } else {
          node = create(Schema.Label.place, place.name, [Schema.Key.level: .string(place.level)])
          links.places[key] = node
        }
      }
      nodes[i] = node
      return node
    }
    for i in document.places.indices { _ = resolve(i) }
    placeNodes = nodes.map { $0 ?? NodeID(0) }
    for (i, place) in document.places.enumerated() {
      if let parent = place.parent {
        try relate(placeNodes[i], placeNodes[parent], links.locatedInType, place.span)
      }
      if place.isMentioned { try mention(placeNodes[i], place.span) }
    }
  }

  /// Organisations link by name, except generic ones (县委 in a text that names no county),
  /// which stay with their document.
  private mutating func writeOrganizations() throws(GraphError) {
    for organization in document.organizations {
      var node: NodeID? = nil
      let name = graph.symbol(organization.name)
      if !organization.isGeneric {
        links.load(name)
        node = links.organizations[name]
      }
      let isNew = node == nil
      let resolved = node ?? create(Schema.Label.organization, organization.name)
      if isNew && !organization.isGeneric { links.organizations[name] = resolved }
      organizationNodes.append(resolved)
      if let place = organization.place,
        isNew || graph.firstTarget(of: resolved, type: links.locatedInType) == nil
      {
        try relate(
          resolved, placeNodes[place], links.locatedInType, organization.span)
      }
      try mention(resolved, organization.span)
    }
  }

  /// People link when the name agrees and they hold a post on the same place or (not
  /// generic) organisation; reporters by name and outlet; anyone else stays with the
  /// document (a bare 王伟 in two texts is two people until a post says otherwise).
  private mutating func writePersons() throws(GraphError) {
    var jurisdictions = [[NodeID]](repeating: [], count: document.persons.count)
    var hasPost = [Bool](repeating: false, count: document.persons.count)
    for holds in document.holds {
      if let place = holds.place {
        jurisdictions[holds.person].append(placeNodes[place])
        hasPost[holds.person] = true
      } else if let organization = holds.organization {
        if !document.organizations[organization].isGeneric {
          jurisdictions[holds.person].append(organizationNodes[organization])
        }
        hasPost[holds.person] = true
      }
    }
    let credited = Set(document.credits.map(\.person))
    let outlet = document.source.map { graph.symbol($0) }
    for (i, person) in document.persons.enumerated() {
      let name = graph.symbol(person.name)
      let keys = jurisdictions[i].map { LinkKey(name: name.rawValue, other: $0.rawValue) }
      let reporterKey =
        credited.contains(i) ? outlet.map { LinkKey(name: name.rawValue, other: $0.rawValue) } : nil
      var node: NodeID? = nil
      for jurisdiction in jurisdictions[i] where node == nil {
        node = links.person(name, holdingPostOn: jurisdiction)
      }
      if node == nil, keys.isEmpty, credited.contains(i), let outlet {
        node = links.reporter(name, outlet: outlet)
      }
      let resolved = node ?? create(Schema.Label.person, person.name)
      for key in keys where links.persons[key] == nil { links.persons[key] = resolved }
      if let reporterKey, links.reporters[reporterKey] == nil {
        links.reporters[reporterKey] = resolved
      }
      personNodes.append(resolved)
      if hasPost[i] { try mention(resolved, person.span) }
    }
  }

  /// Meetings link when name and date agree and so does whose meeting it is (the place
  /// and the organising body, where both texts give them, with at least one given by
  /// both). An undated meeting, or one of no known place or body, stays with its document.
  private mutating func writeMeetings() throws(GraphError) {
    for meeting in document.meetings {
      let place = meeting.place.map { placeNodes[$0] }
      let body = meeting.organization.map { document.organizations[$0] }
      let organization =
        (body?.isGeneric ?? true) ? nil : meeting.organization.map { organizationNodes[$0] }
      let heldBy =
        organization != nil
        ? body?.name : meeting.place.map { document.places[$0].name } ?? body?.name
      let name = graph.symbol(meeting.name)
      var node: NodeID? = nil
      var key: LinkKey? = nil
      if let date = meeting.date, place != nil || organization != nil {
        links.load(name)
        let dateKey = LinkKey(name: name.rawValue, other: LinkIndex.dateKey(date))
        key = dateKey
        if let entries = links.meetings[dateKey],
          let i = entries.firstIndex(where: { $0.agrees(place: place, organization: organization) })
        {
          node = entries[i].node
          if entries[i].organization == nil, let organization, let heldBy {
            links.meetings[dateKey]?[i].organization = organization
            try graph.setProperty(Schema.Key.heldBy, to: .string(heldBy), of: entries[i].node)
          }
          if entries[i].place == nil, let place { links.meetings[dateKey]?[i].place = place }
        }
      }
      if node == nil {
        var properties: [String: Value] = [:]
        if let date = meeting.date { properties[Schema.Key.date] = .date(date) }
        if let heldBy { properties[Schema.Key.heldBy] = .string(heldBy) }
        let made = create(Schema.Label.meeting, meeting.name, properties)
        if let key {
          links.meetings[key, default: []].append(
            MeetingEntry(node: made, place: place, organization: organization))
        }
        node = made
      }
      let resolved = node ?? NodeID(0)
      meetingNodes.append(resolved)
      if let place {
        try relate(resolved, place, links.heldInType, meeting.span)
      }
      try mention(resolved, meeting.span)
    }
  }

  /// Projects link by name and place (or by name among projects of no place).
  private mutating func writeProjects() throws(GraphError) {
    for project in document.projects {
      let place = project.place.map { placeNodes[$0] }
      let name = graph.symbol(project.name)
      links.load(name)
      let key = LinkKey(name: name.rawValue, other: place?.rawValue ?? LinkKey.none)
      let node = links.projects[key] ?? create(Schema.Label.project, project.name)
      if links.projects[key] == nil { links.projects[key] = node }
      projectNodes.append(node)
      if let place {
        try relate(node, place, links.locatedInType, project.span)
      }
      try mention(node, project.span)
    }
  }
}
