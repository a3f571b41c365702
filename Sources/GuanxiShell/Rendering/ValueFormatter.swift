import GuanxiGraph
import GuanxiQuery

/// Writes query values as readable text: the form tables, CSV cells and `:params` show.
///
/// Nodes and relationships look like the patterns that match them, with their key
/// properties first (`name`, `title`, `date`, `role`, `level`, then the rest by key) and,
/// when `hidesProvenance` is set, without `doc` and `span`, which every extracted edge
/// carries and which would drown a table:
///
/// ```
/// (:Person {name: '韩俊'})
/// [:HOLDS {title: '省委书记', asOf: 2023-07-20}]
/// (:Person {name: '韩俊'})-[:HOLDS {title: '省委书记'}]->(:Place {name: '安徽省'})
/// ```
///
/// A string on its own prints bare (韩俊); inside a list, map, node or relationship it is
/// quoted ('韩俊') so that `['a, b']` and `['a', 'b']` stay apart.
public struct ValueFormatter {
  public var graph: any GraphReading
  /// Leave out `doc` and `span` of nodes and relationships.
  public var hidesProvenance: Bool

  public init(graph: any GraphReading, hidesProvenance: Bool = true) {
    self.graph = graph
    self.hidesProvenance = hidesProvenance
  }

  /// Keys printed first, in this order, when present.
  static let keyPropertyOrder = [
    Schema.Key.name, Schema.Key.title, Schema.Key.date, Schema.Key.role, Schema.Key.level,
  ]
  static let provenanceKeys: Set<String> = [Schema.Key.doc, Schema.Key.span]

  /// Properties in display order: key properties first, then the others by key, then
  /// provenance (`doc`, `span`) last.
  static func ordered(_ properties: [(key: String, value: Value)]) -> [(key: String, value: Value)]
  {
    func rank(_ key: String) -> Int {
      if let index = keyPropertyOrder.firstIndex(of: key) { return index }
      return provenanceKeys.contains(key) ? keyPropertyOrder.count + 1 : keyPropertyOrder.count
    }
    return properties.sorted { a, b in
      let (ra, rb) = (rank(a.key), rank(b.key))
      return ra != rb ? ra < rb : a.key < b.key
    }
  }

  /// The text of a result cell.
  public func text(_ value: QueryValue) -> String {
    if case .value(.string(let s)) = value { return s }
    return literal(value)
  }

  /// The text of a value where strings are quoted.
  public func literal(_ value: QueryValue) -> String {
    switch value {
    case .value(let v): return Self.literal(v)
    case .node(let id): return node(id)
    case .relationship(let id): return relationship(id)
    case .path(let nodes, let relationships):
      return path(nodes: nodes, relationships: relationships)
    case .list(let items): return "[" + items.map(literal).joined(separator: ", ") + "]"
    case .map(let entries):
      let body = entries.sorted { $0.key < $1.key }.map {
        "\(Self.key($0.key)): \(literal($0.value))"
      }
      return "{" + body.joined(separator: ", ") + "}"
    }
  }

  /// A stored value as a literal: strings in single quotes, dates bare (2023-07-20).
  public static func literal(_ value: Value) -> String {
    switch value {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .float(let d): return float(d)
    case .string(let s): return quoted(s)
    case .date(let d): return d.description
    case .list(let items): return "[" + items.map(literal).joined(separator: ", ") + "]"
    case .map(let entries):
      let body = Value.sortedEntries(entries).map { "\(key($0.key)): \(literal($0.value))" }
      return "{" + body.joined(separator: ", ") + "}"
    }
  }

  /// A float as openCypher prints it: always with a point or exponent (1.0, 2.5e-7).
  static func float(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
    return d.description
  }

  /// A string in single quotes, with quotes, backslashes and control characters escaped.
  public static func quoted(_ s: String) -> String {
    var out = "'"
    for scalar in s.unicodeScalars {
      switch scalar {
      case "'": out += "\\'"
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          out += "\\u" + hex4(scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "'"
  }

  static func hex4(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  /// A map key or label: bare when it is an identifier, else in backticks.
  static func key(_ name: String) -> String {
    let isIdentifier =
      !name.isEmpty
      && name.unicodeScalars.enumerated().allSatisfy { index, scalar in
        scalar == "_" || scalar.properties.isAlphabetic
          || (index > 0 && scalar.properties.numericType != nil)
      }
    return isIdentifier ? name : "`" + name.replacing("`", with: "``") + "`"
  }

  func propertiesText(_ properties: [(key: Symbol, value: Value)]) -> String {
    var named = properties.map { (key: graph.string($0.key), value: $0.value) }
    if hidesProvenance { named.removeAll { Self.provenanceKeys.contains($0.key) } }
    guard !named.isEmpty else { return "" }
    let body = Self.ordered(named).map { "\(Self.key($0.key)): \(Self.literal($0.value))" }
    return " {" + body.joined(separator: ", ") + "}"
  }

  /// `(:Person {name: '韩俊'})`; a deleted node prints as `(deleted n12)`.
  public func node(_ id: NodeID) -> String {
    guard graph.contains(id) else { return "(deleted \(id))" }
    let labels = graph.labels(of: id).map { ":" + Self.key(graph.string($0)) }.joined()
    return "(" + labels + propertiesText(graph.properties(of: id)) + ")"
  }

  /// `[:HOLDS {title: '省委书记'}]`; a deleted relationship prints as `[deleted r40]`.
  public func relationship(_ id: RelationshipID) -> String {
    guard graph.contains(id) else { return "[deleted \(id)]" }
    let type = ":" + Self.key(graph.string(graph.type(of: id)))
    return "[" + type + propertiesText(graph.properties(of: id)) + "]"
  }

  /// Nodes joined by relationships, each arrow pointing the way its relationship goes.
  public func path(nodes: [NodeID], relationships: [RelationshipID]) -> String {
    guard let first = nodes.first else { return "<>" }
    var out = node(first)
    for (index, rel) in relationships.enumerated() where index + 1 < nodes.count {
      let next = nodes[index + 1]
      let forward = !graph.contains(rel) || graph.startNode(of: rel) == nodes[index]
      out += forward ? "-" + relationship(rel) + "->" : "<-" + relationship(rel) + "-"
      out += node(next)
    }
    return out
  }
}
