import GuanxiGraph
import GuanxiQuery

/// Writes JSON text by hand, so that keys keep the order we give them and Chinese text
/// stays UTF-8 rather than `\u` escapes (Foundation's encoder promises neither on Linux).
struct JSONWriter {
  var graph: any GraphReading

  /// A JSON string literal (RFC 8259): quote, backslash and control characters escaped.
  static func string(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          out += "\\u" + ValueFormatter.hex4(scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  static func object(_ members: [(String, String)]) -> String {
    "{" + members.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
  }

  /// A stored value: dates as ISO strings, NaN and infinities as null (JSON has neither).
  static func value(_ value: Value) -> String {
    switch value {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .float(let d): return d.isFinite ? d.description : "null"
    case .string(let s): return string(s)
    case .date(let d): return string(d.description)
    case .list(let items): return "[" + items.map(Self.value).joined(separator: ",") + "]"
    case .map(let entries):
      return object(Value.sortedEntries(entries).map { ($0.key, Self.value($0.value)) })
    }
  }

  func value(_ value: QueryValue) -> String {
    switch value {
    case .value(let v): return Self.value(v)
    case .node(let id): return node(id)
    case .relationship(let id): return relationship(id)
    case .path(let nodes, let relationships):
      return Self.object([
        ("type", Self.string("path")),
        ("nodes", "[" + nodes.map(node).joined(separator: ",") + "]"),
        ("relationships", "[" + relationships.map(relationship).joined(separator: ",") + "]"),
      ])
    case .list(let items): return "[" + items.map(self.value).joined(separator: ",") + "]"
    case .map(let entries):
      return Self.object(entries.sorted { $0.key < $1.key }.map { ($0.key, self.value($0.value)) })
    }
  }

  func properties(_ properties: [(key: Symbol, value: Value)]) -> String {
    let named = properties.map { (key: graph.string($0.key), value: $0.value) }
    return Self.object(ValueFormatter.ordered(named).map { ($0.key, Self.value($0.value)) })
  }

  func labels(_ node: NodeID) -> String {
    "[" + graph.labels(of: node).map { Self.string(graph.string($0)) }.joined(separator: ",") + "]"
  }

  /// `{"type":"node","id":"12","labels":["Person"],"properties":{"name":"韩俊"}}`
  func node(_ id: NodeID) -> String {
    guard graph.contains(id) else {
      return Self.object([
        ("type", Self.string("node")), ("id", Self.string(String(id.rawValue))),
        ("deleted", "true"),
      ])
    }
    return Self.object([
      ("type", Self.string("node")), ("id", Self.string(String(id.rawValue))),
      ("labels", labels(id)), ("properties", properties(graph.properties(of: id))),
    ])
  }

  /// APOC's relationship record: id, label (the type), properties, start and end.
  func relationship(_ id: RelationshipID) -> String {
    guard graph.contains(id) else {
      return Self.object([
        ("type", Self.string("relationship")), ("id", Self.string(String(id.rawValue))),
        ("deleted", "true"),
      ])
    }
    func end(_ node: NodeID) -> String {
      Self.object([("id", Self.string(String(node.rawValue))), ("labels", labels(node))])
    }
    return Self.object([
      ("type", Self.string("relationship")), ("id", Self.string(String(id.rawValue))),
      ("label", Self.string(graph.string(graph.type(of: id)))),
      ("properties", properties(graph.properties(of: id))),
      ("start", end(graph.startNode(of: id))), ("end", end(graph.endNode(of: id))),
    ])
  }

  /// One row as an object keyed by column name, in column order.
  func row(_ row: [QueryValue], columns: [String]) -> String {
    Self.object(
      columns.enumerated().map {
        ($0.element, $0.offset < row.count ? value(row[$0.offset]) : "null")
      })
  }
}

/// Writes a result as one JSON array of row objects keyed by column, one row a line.
///
/// Nodes and relationships take the shape of Neo4j APOC's JSON export
/// (`shared/corpus/SCHEMA.md`), with every property, provenance included:
///
/// ```json
/// [
/// {"p":{"type":"node","id":"12","labels":["Person"],"properties":{"name":"韩俊"}},"n":3}
/// ]
/// ```
public struct JSONRenderer {
  public var graph: any GraphReading
  public init(graph: any GraphReading) { self.graph = graph }

  public func render(columns: [String], rows: some Collection<[QueryValue]>) -> String {
    guard !rows.isEmpty else { return "[]\n" }
    let writer = JSONWriter(graph: graph)
    return "[\n" + rows.map { writer.row($0, columns: columns) }.joined(separator: ",\n") + "\n]\n"
  }
}

/// Writes a result as JSON Lines: one row object keyed by column per line.
public struct JSONLinesRenderer {
  public var graph: any GraphReading
  public init(graph: any GraphReading) { self.graph = graph }

  public func render(columns: [String], rows: some Collection<[QueryValue]>) -> String {
    let writer = JSONWriter(graph: graph)
    return rows.map { writer.row($0, columns: columns) + "\n" }.joined()
  }
}

/// Writes a result as CSV (RFC 4180): a header row, CRLF line ends, and a field quoted
/// when it holds a comma, quote, CR or LF, with quotes doubled.
///
/// Strings are bare, null is an empty field, and nodes, relationships, lists and maps are
/// written as `ValueFormatter` shows them, provenance included.
public struct CSVRenderer {
  public var graph: any GraphReading
  public init(graph: any GraphReading) { self.graph = graph }

  public static func field(_ text: String) -> String {
    let needsQuotes = text.unicodeScalars.contains {
      $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r"
    }
    return needsQuotes ? "\"" + text.replacing("\"", with: "\"\"") + "\"" : text
  }

  public func render(columns: [String], rows: some Collection<[QueryValue]>) -> String {
    let formatter = ValueFormatter(graph: graph, hidesProvenance: false)
    var out = columns.map(Self.field).joined(separator: ",") + "\r\n"
    for row in rows {
      out +=
        row.map { $0.isNull ? "" : Self.field(formatter.text($0)) }.joined(separator: ",") + "\r\n"
    }
    return out
  }
}
