import GuanxiGraph

/// A person-to-person network derived from a graph, the kind analysts load into
/// networkx or Gephi: one node per person, an undirected edge between two people who
/// share a meeting (co-attendance) or a place or organisation they held posts in
/// (co-office).
///
/// - `coAttendance`: two people are linked when both attended one meeting. Attending is
///   any of ATTENDED, PRESIDED and SPOKE (in SCHEMA.md presiding and speaking imply
///   attending), and a meeting counts once per pair whatever the roles.
/// - `coOffice`: two people are linked when both HOLD a post in one Place or
///   Organization, counted once per place whatever the titles. `asOf` is the date of a
///   report, not a term of office, so no overlap in time is asked for.
///
/// Nodes are every selected Person, by ascending id, linked or not. Each edge is written
/// once, as (`person`, `other`) with `person < other`, ordered by that pair. Its
/// `weight` is the number of meetings (places) the two share, and `shared` lists them:
/// meetings by date, then name (UTF-8 bytes), then id, undated meetings last; places
/// and organisations by name, then id. The same graph always gives the same network.
///
/// With a subgraph, only its persons, meetings (places) and relationships count: a
/// `--query` must return the relationships too (`RETURN p, r, m`) for edges to appear.
///
/// ```swift
/// let network = PersonNetwork(graph: graph, kind: .coAttendance)
/// try network.forEachEdge { edge in print(edge.person, edge.other, edge.weight) }
/// // n0 n8 1   (韩俊 and 王小明 were both at 省委常委会会议)
/// ```
///
/// - Complexity: time O(Σ k² log k) over meetings (places), where k is the number of
///   people linked to one, since every pair of them is an edge; a person who attended
///   M meetings costs the sizes of those M meetings, not M². Memory: five bytes per node
///   id, the entry text of each meeting (place), and one person's pairs at a time, so
///   edges stream out as they are found.
public struct PersonNetwork {
  /// Which relationship makes two people neighbours.
  public enum Kind: String, CaseIterable, Sendable {
    case coAttendance = "co-attendance"
    case coOffice = "co-office"

    /// The name of the edge attribute that lists what a pair shares.
    public var sharedKey: String {
      switch self {
      case .coAttendance: "meetings"
      case .coOffice: "offices"
      }
    }

    /// The relationship types that link a person to a meeting (place).
    public var linkTypes: [String] {
      switch self {
      case .coAttendance:
        [
          Schema.RelationshipType.attended, Schema.RelationshipType.presided,
          Schema.RelationshipType.spoke,
        ]
      case .coOffice: [Schema.RelationshipType.holds]
      }
    }

    /// The labels of what people share.
    var hubLabels: [String] {
      switch self {
      case .coAttendance: [Schema.Label.meeting]
      case .coOffice: [Schema.Label.place, Schema.Label.organization]
      }
    }
  }

  /// Two people and what they share.
  public struct Edge: Hashable, Sendable {
    /// The person with the smaller id.
    public var person: NodeID
    public var other: NodeID
    /// The shared meetings (places and organisations), in the order described above.
    public var shared: [NodeID]
    /// The number of shared meetings (places).
    public var weight: Int { shared.count }
  }

  public let graph: any GraphReading
  public let kind: Kind
  public let selection: GraphSelection

  /// The `kind` network of `selection` (by default the whole graph) of `graph`.
  public init(graph: any GraphReading, kind: Kind, selection: GraphSelection = .all) {
    self.graph = graph
    self.kind = kind
    self.selection = selection
  }

  /// Calls `body` with each selected Person, ascending.
  public func forEachPerson(_ body: (NodeID) throws(ExportError) -> Void) throws(ExportError) {
    guard let person = graph.existingSymbol(Schema.Label.person) else { return }
    try selection.forEachNode(in: graph) { node throws(ExportError) in
      if graph.hasLabel(node, person) { try body(node) }
    }
  }

  /// Calls `body` with each edge, ordered by (`person`, `other`).
  ///
  /// - Throws: what `body` throws.
  public func forEachEdge(_ body: (Edge) throws(ExportError) -> Void) throws(ExportError) {
    try walk { edge, _ throws(ExportError) in try body(edge) }
  }

  /// `forEachEdge`, with the walk that caches each meeting's (place's) entry text, which
  /// writers repeat on every edge.
  func walk(_ body: (Edge, NetworkWalk) throws(ExportError) -> Void) throws(ExportError) {
    let walk = NetworkWalk(self)
    try forEachPerson { person throws(ExportError) in
      for edge in walk.edges(of: person) { try body(edge, walk) }
    }
  }

  /// Every edge, in order (for small graphs and tests; writers stream `forEachEdge`).
  public func edges() -> [Edge] {
    var edges: [Edge] = []
    try? forEachEdge { edges.append($0) }
    return edges
  }

  /// How a shared meeting (place) is written in the `sharedKey` attribute: a meeting as
  /// `YYYY-MM-DD name` (just the name when undated), a place or organisation as its
  /// name; without a name, its first label and id (`Meeting n12`).
  public func entry(for hub: NodeID) -> String {
    let name = graph.existingSymbol(Schema.Key.name).flatMap { graph.property($0, of: hub) }
    var text: String
    switch name {
    case .string(let s)?: text = s
    case let value?: text = "\(value)"
    case nil:
      let label = graph.labels(of: hub).map(graph.string).min() ?? "node"
      text = "\(label) n\(hub.rawValue)"
    }
    if kind == .coAttendance, let date = NetworkWalk.date(of: hub, in: graph) {
      text = "\(date) \(text)"
    }
    return text
  }

  /// The `sharedKey` attribute of an edge: its entries joined by `"; "`.
  public func sharedText(_ edge: Edge) -> String {
    edge.shared.map(entry(for:)).joined(separator: "; ")
  }

  /// The number of selected relationships that link a person to a meeting (place): with
  /// none, a subgraph's network has no edges, which callers may want to explain.
  public func linkCount() -> Int {
    let types = Set(kind.linkTypes.compactMap { graph.existingSymbol($0) })
    var count = 0
    try? selection.forEachRelationship(in: graph) { r in
      if types.contains(graph.type(of: r)) { count += 1 }
    }
    return count
  }
}

/// The state of one pass over a network: which node ids are selected people, the rank
/// of each selected meeting (place) in `shared` order, and one person's scratch.
final class NetworkWalk {
  let network: PersonNetwork
  let graph: any GraphReading
  let linkTypes: [Symbol]
  /// Per node id: whether it is a selected Person.
  private var isPerson: [Bool]
  /// Per node id: the rank of a selected meeting (place), or -1.
  private var rank: [Int32]
  /// The meetings (places) by rank.
  private(set) var hubs: [NodeID] = []
  private let selectedRelationships: Set<RelationshipID>?
  private var personHubs: [Int32] = []
  /// (other person << 32 | rank), one person's pairs.
  private var pairs: [UInt64] = []

  /// Per rank: the UTF-8 of `PersonNetwork.entry(for:)`, filled as needed.
  private var entries: [[UInt8]?] = []

  init(_ network: PersonNetwork) {
    self.network = network
    graph = network.graph
    let graph = network.graph
    linkTypes = network.kind.linkTypes.compactMap { graph.existingSymbol($0) }
    isPerson = [Bool](repeating: false, count: graph.nodeIDLimit)
    rank = [Int32](repeating: -1, count: graph.nodeIDLimit)
    selectedRelationships = network.selection.relationships.map(Set.init)
    let selectedNodes = network.selection.nodes.map(Set.init)
    func isSelected(_ n: NodeID) -> Bool { selectedNodes?.contains(n) ?? graph.contains(n) }
    if let person = graph.existingSymbol(Schema.Label.person) {
      for raw in graph.nodes(label: person) where isSelected(NodeID(raw)) {
        isPerson[Int(raw)] = true
      }
    }
    var candidates: [NodeID] = []
    for label in network.kind.hubLabels {
      guard let symbol = graph.existingSymbol(label) else { continue }
      candidates += graph.nodes(label: symbol).map { NodeID($0) }.filter(isSelected)
    }
    let nameKey = graph.existingSymbol(Schema.Key.name)
    let isMeeting = network.kind == .coAttendance
    var keyed: [(date: Int32, name: [UInt8], node: NodeID)] = Set(candidates).map { node in
      let date = isMeeting ? NetworkWalk.date(of: node, in: graph)?.daysSinceEpoch : nil
      let name = nameKey.flatMap { graph.property($0, of: node)?.stringValue } ?? ""
      return (date ?? Int32.max, Array(name.utf8), node)
    }
    keyed.sort {
      if $0.date != $1.date { return $0.date < $1.date }
      if $0.name != $1.name { return $0.name.lexicographicallyPrecedes($1.name) }
      return $0.node < $1.node
    }
    hubs = keyed.map(\.node)
    for (k, hub) in hubs.enumerated() { rank[hub.index] = Int32(k) }
    entries = [[UInt8]?](repeating: nil, count: hubs.count)
  }

  /// The UTF-8 of `PersonNetwork.entry(for:)` of a meeting (place) of this walk.
  func entry(_ hub: NodeID) -> [UInt8] {
    let k = Int(rank[hub.index])
    if let text = entries[k] { return text }
    let text = Array(network.entry(for: hub).utf8)
    entries[k] = text
    return text
  }

  /// A meeting's `date`, when it is a date.
  static func date(of node: NodeID, in graph: any GraphReading) -> LocalDate? {
    guard let key = graph.existingSymbol(Schema.Key.date),
      case .date(let date)? = graph.property(key, of: node)
    else { return nil }
    return date
  }

  private func isLink(_ r: RelationshipID) -> Bool {
    selectedRelationships?.contains(r) ?? true
  }

  /// The edges from `person` to people with larger ids, ordered by the other's id.
  func edges(of person: NodeID) -> [PersonNetwork.Edge] {
    personHubs.removeAll(keepingCapacity: true)
    for type in linkTypes {
      graph.forEachRelationship(of: person, direction: .outgoing, type: type) { r, hub in
        if hub.index < rank.count, rank[hub.index] >= 0, isLink(r) {
          personHubs.append(rank[hub.index])
        }
      }
    }
    guard !personHubs.isEmpty else { return [] }
    personHubs.sort()
    pairs.removeAll(keepingCapacity: true)
    var previous: Int32 = -1
    for hubRank in personHubs where hubRank != previous {
      previous = hubRank
      for type in linkTypes {
        graph.forEachRelationship(of: hubs[Int(hubRank)], direction: .incoming, type: type) {
          r, other in
          if other > person, other.index < isPerson.count, isPerson[other.index], isLink(r) {
            pairs.append(UInt64(other.rawValue) << 32 | UInt64(UInt32(hubRank)))
          }
        }
      }
    }
    pairs.sort()
    var edges: [PersonNetwork.Edge] = []
    var last: UInt64 = .max
    for pair in pairs where pair != last {
      last = pair
      let other = NodeID(UInt32(pair >> 32))
      let hub = hubs[Int(UInt32(truncatingIfNeeded: pair))]
      if edges.last?.other == other {
        edges[edges.count - 1].shared.append(hub)
      } else {
        edges.append(PersonNetwork.Edge(person: person, other: other, shared: [hub]))
      }
    }
    return edges
  }
}
