/// A comma-separated list of path patterns, as in `MATCH` and `CREATE`.
///
/// Example: `(p:Person)-[:ATTENDED]->(m:Meeting), (m)-[:HELD_IN]->(c:Place)` has two parts.
public struct ParsedPattern: Hashable, Sendable {
  public var parts: [ParsedPatternPart]
  @IgnoredInEquality public var span: SourceSpan

  public init(parts: [ParsedPatternPart], span: SourceSpan) {
    self.parts = parts
    self.span = span
  }
}

/// One path pattern, optionally named (`p = …`) and optionally a shortest-path search.
///
/// Example: `path = shortestPath((a:Person {name: '韩俊'})-[*..6]-(b:Person {name: '王清宪'}))`.
public struct ParsedPatternPart: Hashable, Sendable {
  public enum Selector: String, Hashable, Sendable {
    /// Every matching path.
    case all
    /// `shortestPath(…)`: one shortest path.
    case shortestPath
    /// `allShortestPaths(…)`: every shortest path.
    case allShortestPaths
  }

  /// The path variable in `p = …`.
  public var variable: ParsedName?
  public var selector: Selector
  public var element: ParsedPatternElement
  @IgnoredInEquality public var span: SourceSpan

  public init(
    variable: ParsedName?, selector: Selector, element: ParsedPatternElement, span: SourceSpan
  ) {
    self.variable = variable
    self.selector = selector
    self.element = element
    self.span = span
  }
}

/// A node followed by zero or more (relationship, node) steps: `(a)-[r]->(b)<-[s]-(c)`.
public struct ParsedPatternElement: Hashable, Sendable {
  public var start: ParsedNodePattern
  public var steps: [Step]
  @IgnoredInEquality public var span: SourceSpan

  public init(start: ParsedNodePattern, steps: [Step], span: SourceSpan) {
    self.start = start
    self.steps = steps
    self.span = span
  }

  /// One relationship and the node it leads to.
  public struct Step: Hashable, Sendable {
    public var relationship: ParsedRelationshipPattern
    public var node: ParsedNodePattern

    public init(relationship: ParsedRelationshipPattern, node: ParsedNodePattern) {
      self.relationship = relationship
      self.node = node
    }
  }

  /// Every node pattern in order.
  public var nodes: [ParsedNodePattern] { [start] + steps.map(\.node) }
}

/// `(variable:Label:Label {key: value})`; every part optional.
///
/// Example: `(p:Person {name: '韩俊'})`, `(:Place)`, `()`, `(m $props)`.
public struct ParsedNodePattern: Hashable, Sendable {
  public var variable: ParsedName?
  public var labels: [ParsedName]
  /// A map literal or a parameter.
  public var properties: ParsedExpression?
  @IgnoredInEquality public var span: SourceSpan

  public init(
    variable: ParsedName?, labels: [ParsedName], properties: ParsedExpression?, span: SourceSpan
  ) {
    self.variable = variable
    self.labels = labels
    self.properties = properties
    self.span = span
  }
}

/// `-[variable:TYPE|TYPE *min..max {key: value}]->` and its shorter forms (`-->`, `<--`, `--`).
///
/// Example: `<-[h:HOLDS {title: '区长'}]-`, `-[:ATTENDED|PRESIDED]->`, `-[*1..3]-`.
public struct ParsedRelationshipPattern: Hashable, Sendable {
  public enum Direction: String, Hashable, Sendable {
    /// `-[]->`: from the node on the left to the node on the right.
    case outgoing
    /// `<-[]-`: from the node on the right to the node on the left.
    case incoming
    /// `-[]-` (also `<-[]->`): either way.
    case undirected
  }

  /// `*`, `*2`, `*1..3`, `*..3`, `*2..`: bounds on the number of hops.
  public struct Length: Hashable, Sendable {
    /// The fewest hops, nil when unbounded below (meaning 1).
    public var minimum: Int?
    /// The most hops, nil when unbounded above.
    public var maximum: Int?
    @IgnoredInEquality public var span: SourceSpan

    public init(minimum: Int?, maximum: Int?, span: SourceSpan) {
      self.minimum = minimum
      self.maximum = maximum
      self.span = span
    }
  }

  public var direction: Direction
  public var variable: ParsedName?
  /// Alternative types (`:A|B`); empty means any type.
  public var types: [ParsedName]
  /// Variable length; nil for exactly one hop.
  public var length: Length?
  /// A map literal or a parameter.
  public var properties: ParsedExpression?
  @IgnoredInEquality public var span: SourceSpan

  public init(
    direction: Direction, variable: ParsedName?, types: [ParsedName], length: Length?,
    properties: ParsedExpression?, span: SourceSpan
  ) {
    self.direction = direction
    self.variable = variable
    self.types = types
    self.length = length
    self.properties = properties
    self.span = span
  }
}
