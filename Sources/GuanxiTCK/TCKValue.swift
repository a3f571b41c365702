import Foundation
import GuanxiGraph
import GuanxiQuery

/// A value as the TCK writes it in result tables: `(:L {k: 1})`, `[:T]`,
/// `<(a)-[:T]->(b)>`, `[1, 'x']`, `{k: null}`, `0.5`, `NaN`.
indirect enum TCKValue: Equatable, CustomStringConvertible {
  case null
  case bool(Bool)
  case int(Int64)
  case float(Double)
  case string(String)
  case list([TCKValue])
  case map([String: TCKValue])
  case node(labels: Set<String>, properties: [String: TCKValue])
  case relationship(type: String, properties: [String: TCKValue])
  /// Nodes and relationships alternating; `isForward[i]` tells the direction of relationship i.
  case path(nodes: [TCKValue], relationships: [TCKValue], isForward: [Bool])

  var description: String {
    switch self {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .float(let d): return d.isNaN ? "NaN" : "\(d)"
    case .string(let s): return "'\(s)'"
    case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
    case .map(let m):
      return "{" + m.keys.sorted().map { "\($0): \(m[$0]!.description)" }.joined(separator: ", ")
        + "}"
    case .node(let labels, let props):
      return "(" + labels.sorted().map { ":" + $0 }.joined()
        + (props.isEmpty ? "" : " " + TCKValue.map(props).description) + ")"
    case .relationship(let type, let props):
      return "[:" + type + (props.isEmpty ? "" : " " + TCKValue.map(props).description) + "]"
    case .path(let nodes, let rels, let forward):
      var s = "<" + nodes[0].description
      for i in rels.indices {
        s += forward[i] ? "-\(rels[i])->" : "<-\(rels[i])-"
        s += nodes[i + 1].description
      }
      return s + ">"
    }
  }

  /// Equality as the TCK compares: NaN equals NaN; with `unorderedLists`, lists as multisets.
  func matches(_ other: TCKValue, unorderedLists: Bool) -> Bool {
    switch (self, other) {
    case (.float(let a), .float(let b)):
      if a.isNaN && b.isNaN { return true }
      return a == b || abs(a - b) <= 1e-12 * max(abs(a), abs(b))
    case (.list(let a), .list(let b)):
      guard a.count == b.count else { return false }
      if !unorderedLists { return zip(a, b).allSatisfy { $0.matches($1, unorderedLists: false) } }
      var remaining = b
      for x in a {
        guard let i = remaining.firstIndex(where: { x.matches($0, unorderedLists: true) }) else {
          return false
        }
        remaining.remove(at: i)
      }
      return true
    case (.map(let a), .map(let b)):
      return a.count == b.count
        && a.allSatisfy { k, v in
          b[k].map { v.matches($0, unorderedLists: unorderedLists) } ?? false
        }
    case (.node(let la, let pa), .node(let lb, let pb)):
      return la == lb && TCKValue.map(pa).matches(.map(pb), unorderedLists: unorderedLists)
    case (.relationship(let ta, let pa), .relationship(let tb, let pb)):
      return ta == tb && TCKValue.map(pa).matches(.map(pb), unorderedLists: unorderedLists)
    case (.path(let na, let ra, let fa), .path(let nb, let rb, let fb)):
      return fa == fb && na.count == nb.count && ra.count == rb.count
        && zip(na, nb).allSatisfy { $0.matches($1, unorderedLists: unorderedLists) }
        && zip(ra, rb).allSatisfy { $0.matches($1, unorderedLists: unorderedLists) }
    default:
      return self == other
    }
  }

  // MARK: - From results

  init(_ value: QueryValue, graph: Graph) {
    switch value {
    case .value(let v): self.init(v)
    case .node(let n): self = TCKValue.node(n, graph)
    case .relationship(let r): self = TCKValue.relationship(r, graph)
    case .path(let nodes, let rels):
      var forward: [Bool] = []
      for (i, r) in rels.enumerated() { forward.append(graph.startNode(of: r) == nodes[i]) }
      self = .path(
        nodes: nodes.map { TCKValue.node($0, graph) },
        relationships: rels.map { TCKValue.relationship($0, graph) }, isForward: forward)
    case .list(let items): self = .list(items.map { TCKValue($0, graph: graph) })
    case .map(let m): self = .map(m.mapValues { TCKValue($0, graph: graph) })
    }
  }

  init(_ v: Value) {
    switch v {
    case .null: self = .null
    case .bool(let b): self = .bool(b)
    case .int(let i): self = .int(i)
    case .float(let d): self = .float(d)
    case .string(let s): self = .string(s)
    case .date(let d): self = .string(d.description)
    case .list(let items): self = .list(items.map(TCKValue.init))
    case .map(let m): self = .map(m.mapValues(TCKValue.init))
    }
  }

  static func node(_ n: NodeID, _ graph: Graph) -> TCKValue {
    var props: [String: TCKValue] = [:]
    for (k, v) in graph.properties(of: n) { props[graph.string(k)] = TCKValue(v) }
    return .node(labels: Set(graph.labelNames(of: n)), properties: props)
  }

  static func relationship(_ r: RelationshipID, _ graph: Graph) -> TCKValue {
    var props: [String: TCKValue] = [:]
    for (k, v) in graph.properties(of: r) { props[graph.string(k)] = TCKValue(v) }
    return .relationship(type: graph.contains(r) ? graph.typeName(of: r) : "", properties: props)
  }

  /// The value as a query parameter.
  var parameterValue: Value {
    switch self {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .float(let d): return .float(d)
    case .string(let s): return .string(s)
    case .list(let items): return .list(items.map(\.parameterValue))
    case .map(let m): return .map(m.mapValues(\.parameterValue))
    default: return .null
    }
  }
}

/// Parses TCK value syntax.
struct TCKValueParser {
  let chars: [Character]
  var i = 0

  init(_ text: String) { chars = Array(text) }

  static func parse(_ text: String) throws -> TCKValue {
    var p = TCKValueParser(text)
    let v = try p.value()
    p.skipSpace()
    guard p.i == p.chars.count else { throw TCKParseError(text: text) }
    return v
  }

  mutating func skipSpace() { while i < chars.count, chars[i].isWhitespace { i += 1 } }

  func peek() -> Character? { i < chars.count ? chars[i] : nil }

  mutating func expect(_ c: Character) throws {
    skipSpace()
    guard peek() == c else { throw TCKParseError(text: String(chars)) }
    i += 1
  }

  mutating func value() throws -> TCKValue {
    skipSpace()
    guard let c = peek() else { throw TCKParseError(text: String(chars)) }
    switch c {
    case "'", "\"": return .string(try string())
    case "[":
      if i + 1 < chars.count, chars[i + 1] == ":" { return try relationship() }
      i += 1
      var items: [TCKValue] = []
      skipSpace()
      if peek() == "]" {
        i += 1
        return .list([])
      }
      while true {
        items.append(try value())
        skipSpace()
        if peek() == "," {
          i += 1
          continue
        }
        try expect("]")
        return .list(items)
      }
    case "{": return .map(try map())
    case "(": return try node()
    case "<": return try path()
    default:
      var word = ""
      while let c = peek(), !",]}) \t".contains(c) {
        word.append(c)
        i += 1
      }
      switch word {
      case "null": return .null
      case "true": return .bool(true)
      case "false": return .bool(false)
      case "NaN": return .float(.nan)
      case "Inf", "Infinity": return .float(.infinity)
      case "-Inf", "-Infinity": return .float(-.infinity)
      default:
        if let n = Int64(word) { return .int(n) }
        if let d = Double(word) { return .float(d) }
        throw TCKParseError(text: String(chars))
      }
    }
  }

  mutating func string() throws -> String {
    let quote = chars[i]
    i += 1
    var s = ""
    while i < chars.count, chars[i] != quote {
      if chars[i] == "\\", i + 1 < chars.count {
        i += 1
        switch chars[i] {
        case "n": s.append("\n")
        case "t": s.append("\t")
        default: s.append(chars[i])
        }
      } else {
        s.append(chars[i])
      }
      i += 1
    }
    i += 1
    return s
  }

  mutating func name() -> String {
    skipSpace()
    if peek() == "`" {
      i += 1
      var s = ""
      while let c = peek(), c != "`" {
        s.append(c)
        i += 1
      }
      i += 1
      return s
    }
    var s = ""
    while let c = peek(), c.isLetter || c.isNumber || c == "_" {
      s.append(c)
      i += 1
    }
    return s
  }

  mutating func map() throws -> [String: TCKValue] {
    try expect("{")
    var m: [String: TCKValue] = [:]
    skipSpace()
    if peek() == "}" {
      i += 1
      return m
    }
    while true {
      let k = name()
      try expect(":")
      m[k] = try value()
      skipSpace()
      if peek() == "," {
        i += 1
        continue
      }
      try expect("}")
      return m
    }
  }

  mutating func node() throws -> TCKValue {
    try expect("(")
    var labels = Set<String>()
    skipSpace()
    while peek() == ":" {
      i += 1
      labels.insert(name())
      skipSpace()
    }
    var props: [String: TCKValue] = [:]
    if peek() == "{" { props = try map() }
    try expect(")")
    return .node(labels: labels, properties: props)
  }

  mutating func relationship() throws -> TCKValue {
    try expect("[")
    try expect(":")
    let type = name()
    skipSpace()
    var props: [String: TCKValue] = [:]
    if peek() == "{" { props = try map() }
    try expect("]")
    return .relationship(type: type, properties: props)
  }

  mutating func path() throws -> TCKValue {
    try expect("<")
    var nodes = [try node()]
    var rels: [TCKValue] = []
    var forward: [Bool] = []
    while true {
      skipSpace()
      if peek() == ">" {
        i += 1
        return .path(nodes: nodes, relationships: rels, isForward: forward)
      }
      var isForward = true
      if peek() == "<" {
        isForward = false
        i += 1
      }
      try expect("-")
      rels.append(try relationship())
      try expect("-")
      if peek() == ">" {
        i += 1
      }
      forward.append(isForward)
      nodes.append(try node())
    }
  }
}

struct TCKParseError: Error {
  var text: String
}
