import GuanxiGraph

/// What an XML network writer writes: a graph (or subgraph) as it is, or a person-to-person
/// network derived from it.
enum ExportSource {
  case graph(any GraphReading, GraphSelection)
  case network(PersonNetwork)

  var graph: any GraphReading {
    switch self {
    case .graph(let graph, _): graph
    case .network(let network): network.graph
    }
  }
}

/// The typed attribute keys of a GraphML or GEXF document: one key per (nodes or edges,
/// property name, type), declared before the graph as both formats require.
///
/// Types are the four both formats know, spelled alike: `boolean`, `long` (every
/// integer: the store's are 64-bit), `double`, and `string`, which also carries dates
/// (`YYYY-MM-DD`), lists and maps (their JSON text). A property whose values have
/// different types on different nodes gets one key per type, all with the same name, so
/// each value keeps its type and networkx, which keys attributes by name, reads one
/// attribute back. Keys are ordered nodes first, fixed keys (such as `labels`) first,
/// then by name (UTF-8 bytes) and type, and numbered `d0`, `d1`… in that order.
///
/// A property named like a fixed key, or like an attribute the format reads from the
/// element itself (GEXF's `label`), would be overwritten on reading; it is declared with
/// `_` appended to its name, as often as needed to make the name unique.
final class AttributeKeys {
  enum Domain: Int, CaseIterable {
    case node = 0
    case edge = 1

    var name: String { self == .node ? "node" : "edge" }
  }

  enum XMLType: Int, CaseIterable {
    case boolean = 0
    case long = 1
    case double = 2
    case string = 3

    var name: String {
      switch self {
      case .boolean: "boolean"
      case .long: "long"
      case .double: "double"
      case .string: "string"
      }
    }

    /// The type of a value's key; nil for null, which is not written.
    init?(of value: Value) {
      switch value {
      case .null: return nil
      case .bool: self = .boolean
      case .int: self = .long
      case .float: self = .double
      case .string, .date, .list, .map: self = .string
      }
    }
  }

  struct Key {
    var id: String
    var domain: Domain
    var name: String
    var type: XMLType
    /// How a string key's values are written, when some are not plain strings.
    var description: String?
  }

  private(set) var keys: [Key] = []
  /// Per domain, per property symbol: which kinds of value it has (bits of `kindBit`).
  private var kinds: [[UInt8]] = [[], []]
  /// Per domain: `symbol.index * 4 + type` → index in `keys`, or -1.
  private var lookup: [[Int32]] = [[], []]
  /// Index in `keys` of each fixed key, by domain and name.
  private var fixedIndexes: [String: Int] = [:]
  let graph: any GraphReading

  init(graph: any GraphReading) { self.graph = graph }

  private static func kindBit(_ value: Value) -> UInt8 {
    switch value {
    case .null: 0
    case .bool: 1
    case .int: 2
    case .float: 4
    case .string: 8
    case .date: 16
    case .list: 32
    case .map: 64
    }
  }

  /// Records the properties of one node or relationship.
  func note(_ entries: [(key: Symbol, value: Value)], _ domain: Domain) {
    for entry in entries {
      let index = entry.key.index
      if index >= kinds[domain.rawValue].count {
        kinds[domain.rawValue].append(
          contentsOf: repeatElement(0, count: index + 1 - kinds[domain.rawValue].count))
      }
      kinds[domain.rawValue][index] |= AttributeKeys.kindBit(entry.value)
    }
  }

  /// Declares the keys: `fixed` first in each domain, then the noted properties, renamed
  /// away from `fixed` and `reserved` names.
  func finish(
    fixed: [(domain: Domain, name: String, type: XMLType)], reserved: [Domain: Set<String>]
  ) {
    for domain in Domain.allCases {
      let fixedHere = fixed.filter { $0.domain == domain }
      for key in fixedHere {
        fixedIndexes["\(domain.name):\(key.name)"] = keys.count
        keys.append(Key(id: "d\(keys.count)", domain: domain, name: key.name, type: key.type))
      }
      let masks = kinds[domain.rawValue]
      var properties: [(symbol: Symbol, name: String, mask: UInt8)] = []
      for (index, mask) in masks.enumerated() where mask != 0 {
        let symbol = Symbol(UInt32(index))
        properties.append((symbol, graph.string(symbol), mask))
      }
      properties.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
      let taken = Set(properties.map(\.name))
      let avoided = Set(fixedHere.map(\.name)).union(reserved[domain] ?? [])
      lookup[domain.rawValue] = [Int32](repeating: -1, count: masks.count * 4)
      for property in properties {
        var name = property.name
        if avoided.contains(name) {
          repeat { name += "_" } while taken.contains(name) || avoided.contains(name)
        }
        for type in XMLType.allCases where property.mask & AttributeKeys.bits(of: type) != 0 {
          lookup[domain.rawValue][property.symbol.index * 4 + type.rawValue] = Int32(keys.count)
          keys.append(
            Key(
              id: "d\(keys.count)", domain: domain, name: name, type: type,
              description: type == .string ? AttributeKeys.description(property.mask) : nil))
        }
      }
    }
  }

  /// The kind bits a key of `type` holds.
  private static func bits(of type: XMLType) -> UInt8 {
    switch type {
    case .boolean: 1
    case .long: 2
    case .double: 4
    case .string: 8 | 16 | 32 | 64
    }
  }

  /// How the values of a string key are written, when some are not strings.
  private static func description(_ mask: UInt8) -> String? {
    guard mask & (16 | 32 | 64) != 0 else { return nil }
    var parts: [String] = []
    if mask & 8 != 0 { parts.append("strings") }
    if mask & 16 != 0 { parts.append("dates as YYYY-MM-DD") }
    if mask & 32 != 0 { parts.append("lists as JSON text") }
    if mask & 64 != 0 { parts.append("maps as JSON text") }
    return parts.joined(separator: "; ")
  }

  /// The index in `keys` of the fixed key `name`.
  func fixed(_ domain: Domain, _ name: String) -> Int {
    fixedIndexes["\(domain.name):\(name)"] ?? 0
  }

  /// The index in `keys` of the key of a property value, or nil for null.
  @inline(__always) func index(_ domain: Domain, _ key: Symbol, _ value: Value) -> Int? {
    guard let type = XMLType(of: value) else { return nil }
    let slot = key.index * 4 + type.rawValue
    let table = lookup[domain.rawValue]
    guard slot < table.count, table[slot] >= 0 else { return nil }
    return Int(table[slot])
  }

  /// The keys of `source`: the properties of every node (person) and relationship it
  /// writes, after `fixed`.
  static func collect(
    _ source: ExportSource, fixed: [(domain: Domain, name: String, type: XMLType)],
    reserved: [Domain: Set<String>]
  ) throws(ExportError) -> AttributeKeys {
    let graph = source.graph
    let keys = AttributeKeys(graph: graph)
    switch source {
    case .graph(_, let selection):
      try selection.forEachNode(in: graph) { node throws(ExportError) in
        keys.note(graph.properties(of: node), .node)
      }
      try selection.forEachRelationship(in: graph) { r throws(ExportError) in
        keys.note(graph.properties(of: r), .edge)
      }
    case .network(let network):
      try network.forEachPerson { node throws(ExportError) in
        keys.note(graph.properties(of: node), .node)
      }
    }
    keys.finish(fixed: fixed, reserved: reserved)
    return keys
  }
}

/// The text both XML writers repeat on every element, escaped once: a node's labels as
/// `:A:B` (sorted by name, as Neo4j's APOC writes them), a relationship's type, a
/// property list sorted by key name.
final class XMLElementTexts {
  let graph: any GraphReading
  let names: SymbolNames
  let nameKey: Symbol?
  private var labelTexts: [[Symbol]: [UInt8]] = [:]
  private var typeTexts: [Symbol: [UInt8]] = [:]

  init(graph: any GraphReading) {
    self.graph = graph
    names = SymbolNames(graph: graph)
    nameKey = graph.existingSymbol(Schema.Key.name)
  }

  /// `:A:B`, escaped.
  func labels(of node: NodeID) -> [UInt8] {
    let symbols = graph.labels(of: node)
    if let text = labelTexts[symbols] { return text }
    let sorted = symbols.map(graph.string).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    let text = OutputBuffer.collecting { out in
      for name in sorted {
        out.byte(UInt8(ascii: ":"))
        out.xmlText(name)
      }
    }
    labelTexts[symbols] = text
    return text
  }

  /// The relationship's type, escaped.
  func type(of relationship: RelationshipID) -> [UInt8] {
    let type = graph.type(of: relationship)
    if let text = typeTexts[type] { return text }
    let text = OutputBuffer.collecting { $0.xmlText(graph.string(type)) }
    typeTexts[type] = text
    return text
  }

  /// A node's display label: its `name`, else its first label (by name) and id, like DOT.
  func displayLabel(
    of node: NodeID, properties: [(key: Symbol, value: Value)], into out: OutputBuffer
  ) {
    if let name = properties.first(where: { $0.key == nameKey })?.value {
      out.xmlValue(name)
    } else {
      let first = graph.labels(of: node).map(graph.string).min {
        $0.utf8.lexicographicallyPrecedes($1.utf8)
      }
      out.xmlText(first ?? "node")
      out.ascii(" n")
      out.decimal(Int64(node.rawValue))
    }
  }

  /// Properties sorted by the UTF-8 bytes of their keys.
  func sortedProperties(of node: NodeID) -> [(key: Symbol, value: Value)] {
    var entries = graph.properties(of: node)
    names.sortByName(&entries)
    return entries
  }

  func sortedProperties(of relationship: RelationshipID) -> [(key: Symbol, value: Value)] {
    var entries = graph.properties(of: relationship)
    names.sortByName(&entries)
    return entries
  }
}
