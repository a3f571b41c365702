import GuanxiGraph

/// A value as queries compute it: a stored `Value`, or a reference into the graph.
///
/// Nodes and relationships are references (ids), not copies, so a result of a million
/// rows holds a million integers; renderers look up labels and properties through
/// the `GraphReading` they were given.
public enum QueryValue: Hashable, Sendable {
  case value(Value)
  case node(NodeID)
  case relationship(RelationshipID)
  /// Alternating nodes and relationships: `nodes.count == relationships.count + 1`.
  case path(nodes: [NodeID], relationships: [RelationshipID])
  /// A list holding graph references (a list of plain values is `.value(.list)`).
  case list([QueryValue])
  /// A map holding graph references (a map of plain values is `.value(.map)`).
  case map([String: QueryValue])

  public static let null = QueryValue.value(.null)

  public var isNull: Bool { if case .value(.null) = self { true } else { false } }
}

/// The rows a statement returns, with its column names in RETURN order.
public struct QueryResult: Sendable {
  public var columns: [String]
  public var rows: [[QueryValue]]
  /// What a writing statement changed (nodes created, properties set, …), for the summary line.
  public var statistics: WriteStatistics
  /// Remarks about the query, such as labels the graph has never seen ("did you mean …?").
  public var warnings: [QueryWarning] = []

  public init(columns: [String], rows: [[QueryValue]], statistics: WriteStatistics = .init()) {
    self.columns = columns
    self.rows = rows
    self.statistics = statistics
  }
}

/// Counts of what a statement wrote, named as the openCypher TCK's side effects are.
public struct WriteStatistics: Hashable, Sendable {
  public var nodesCreated = 0
  public var nodesDeleted = 0
  public var relationshipsCreated = 0
  public var relationshipsDeleted = 0
  public var propertiesSet = 0
  public var labelsAdded = 0
  public var labelsRemoved = 0

  public init() {}

  /// Whether the statement changed the graph.
  public var hasChanges: Bool { self != WriteStatistics() }
}
