/// The small tagged binary encoding of values and graph changes, shared by snapshots
/// (the lists and maps in the property arenas' side tables) and by journal records.
///
/// All integers are little-endian; `u32`/`i64` below name their width. A string is
/// `u32 byteCount` then that many bytes of UTF-8 (validated on reading).
///
/// Value tags (one byte, then the payload). Stored in files, so never renumber:
///
/// | tag | value | payload |
/// | --- | --- | --- |
/// | 0 | `null` | none |
/// | 1 | `false` | none |
/// | 2 | `true` | none |
/// | 3 | integer | `i64` |
/// | 4 | float | `u64` IEEE 754 bit pattern (keeps `-0.0` and NaN payloads) |
/// | 5 | string | string |
/// | 6 | date | `i32` days since 1970-01-01 |
/// | 7 | list | `u32 count`, then `count` values |
/// | 8 | map | `u32 count`, then `count` (string key, value) pairs, keys strictly ascending |
///
/// Change tags (one byte, then the fields), the vocabulary of `GraphChange`; node and
/// relationship ids are `u32`, a property map is encoded as a map value without its tag:
///
/// | tag | change | fields |
/// | --- | --- | --- |
/// | 1 | `createNode` | id, `u32 count` labels (strings), properties |
/// | 2 | `createRelationship` | id, from, to, type (string), properties |
/// | 3 | `setNodeProperty` | id, key (string), value |
/// | 4 | `setRelationshipProperty` | id, key (string), value |
/// | 5 | `addLabel` | id, label (string) |
/// | 6 | `removeLabel` | id, label (string) |
/// | 7 | `deleteRelationship` | id |
/// | 8 | `deleteNode` | id |
/// | 9 | `setDocumentEvidence` | document (string), `u8` 1 then `u32 count` and the bytes of `DocumentEvidence.encoded`, or `u8` 0 to remove |
/// | 10 | `createIndex` | name, label, key (strings) |
/// | 11 | `dropIndex` | name (string) |
///
/// A batch (one journal record's payload) is `u32 count` then `count` changes. Lists and
/// maps nest at most `BinaryReader.maximumDepth` deep; deeper input is an error, never a
/// stack overflow.
struct BinaryWriter {
  var bytes: [UInt8] = []

  enum ValueTag: UInt8 {
    case null = 0
    case falseValue = 1
    case trueValue = 2
    case int = 3
    case float = 4
    case string = 5
    case date = 6
    case
      list = 7
    case map = 8
  }

  enum ChangeTag: UInt8 {
    case createNode = 1
    case createRelationship = 2
    case setNodeProperty = 3
    case
      setRelationshipProperty = 4
    case addLabel = 5
    case removeLabel = 6
    case deleteRelationship = 7
    case
      deleteNode = 8
    case setDocumentEvidence = 9
    case createIndex = 10
    case dropIndex = 11
  }

  mutating func u8(_ v: UInt8) { bytes.append(v) }

  mutating func u32(_ v: UInt32) {
    withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func u64(_ v: UInt64) {
    withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func string(_ s: String) {
    var s = s
    s.withUTF8 { utf8 in
      u32(UInt32(utf8.count))
      bytes.append(contentsOf: utf8)
    }
  }

  mutating func value(_ value: Value) {
    switch value {
    case .null: u8(ValueTag.null.rawValue)
    case .bool(let b): u8((b ? ValueTag.trueValue : .falseValue).rawValue)
    case .int(let i):
      u8(ValueTag.int.rawValue)
      u64(UInt64(bitPattern: i))
    case .float(let d):
      u8(ValueTag.float.rawValue)
      u64(d.bitPattern)
    case .string(let s):
      u8(ValueTag.string.rawValue)
      string(s)
    case .date(let d):
      u8(ValueTag.date.rawValue)
      u32(UInt32(bitPattern: d.daysSinceEpoch))
    case .list(let items):
      u8(ValueTag.list.rawValue)
      u32(UInt32(items.count))
      for item in items { self.value(item) }
    case .map(let map):
      u8(ValueTag.map.rawValue)
      properties(map)
    }
  }

  /// A map without its tag: count, then pairs by ascending key.
  mutating func properties(_ map: [String: Value]) {
    u32(UInt32(map.count))
    for (key, item) in Value.sortedEntries(map) {
      string(key)
      value(item)
    }
  }

  mutating func change(_ change: GraphChange) {
    switch change {
    case .createNode(let id, let labels, let properties):
      u8(ChangeTag.createNode.rawValue)
      u32(id.rawValue)
      u32(UInt32(labels.count))
      for label in labels { string(label) }
      self.properties(properties)
    case .createRelationship(let id, let from, let to, let type, let properties):
      u8(ChangeTag.createRelationship.rawValue)
      u32(id.rawValue)
      u32(from.rawValue)
      u32(to.rawValue)
      string(type)
      self.properties(properties)
    case .setNodeProperty(let id, let key, let value):
      u8(ChangeTag.setNodeProperty.rawValue)
      u32(id.rawValue)
      string(key)
      self.value(value)
    case .setRelationshipProperty(let id, let key, let value):
      u8(ChangeTag.setRelationshipProperty.rawValue)
      u32(id.rawValue)
      string(key)
      self.value(value)
    case .addLabel(let id, let label):
      u8(ChangeTag.addLabel.rawValue)
      u32(id.rawValue)
      string(label)
    case .removeLabel(let id, let label):
      u8(ChangeTag.removeLabel.rawValue)
      u32(id.rawValue)
      string(label)
    case .deleteRelationship(let id):
      u8(ChangeTag.deleteRelationship.rawValue)
      u32(id.rawValue)
    case .deleteNode(let id):
      u8(ChangeTag.deleteNode.rawValue)
      u32(id.rawValue)
    case .setDocumentEvidence(let document, let evidence):
      u8(ChangeTag.setDocumentEvidence.rawValue)
      string(document)
      if let evidence {
        u8(1)
        u32(UInt32(evidence.encoded.count))
        bytes.append(contentsOf: evidence.encoded)
      } else {
        u8(0)
      }
    case .createIndex(let name, let label, let key):
      u8(ChangeTag.createIndex.rawValue)
      for text in [name, label, key] { string(text) }
    case .dropIndex(let name):
      u8(ChangeTag.dropIndex.rawValue)
      string(name)
    }
  }

  /// One journal record's payload.
  static func batch(_ changes: [GraphChange]) -> [UInt8] {
    var writer = BinaryWriter()
    writer.u32(UInt32(changes.count))
    for change in changes { writer.change(change) }
    return writer.bytes
  }
}

/// Why a payload did not decode, and where in the payload.
struct DecodingFailure: Error {
  var byteOffset: Int
  var reason: String
}

/// Reads what `BinaryWriter` wrote, checking every length against the bytes left.
struct BinaryReader {
  /// How deeply lists and maps may nest.
  static let maximumDepth = 100

  let bytes: [UInt8]
  var position = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  var isAtEnd: Bool { position == bytes.count }
  var remaining: Int { bytes.count - position }

  func failure(_ reason: String) -> DecodingFailure {
    DecodingFailure(byteOffset: position, reason: reason)
  }

  mutating func u8() throws(DecodingFailure) -> UInt8 {
    guard position < bytes.count else { throw failure("unexpected end of data") }
    defer { position += 1 }
    return bytes[position]
  }

  mutating func u32() throws(DecodingFailure) -> UInt32 {
    guard remaining >= 4 else { throw failure("unexpected end of data") }
    var v: UInt32 = 0
    for k in 0..<4 { v |= UInt32(bytes[position + k]) << (8 * UInt32(k)) }
    position += 4
    return v
  }

  mutating func u64() throws(DecodingFailure) -> UInt64 {
    guard remaining >= 8 else { throw failure("unexpected end of data") }
    var v: UInt64 = 0
    for k in 0..<8 { v |= UInt64(bytes[position + k]) << (8 * UInt64(k)) }
    position += 8
    return v
  }

  /// A count of items that each take at least `minimumBytes`, refused when the bytes
  /// left cannot hold them (so a damaged count never allocates gigabytes).
  mutating func count(minimumBytes: Int) throws(DecodingFailure) -> Int {
    let n = Int(try u32())
    guard n * minimumBytes <= remaining else { throw failure("count \(n) exceeds the data") }
    return n
  }

  /// The next `count` bytes; `count` must already have been checked against `remaining`.
  mutating func bytes(_ count: Int) throws(DecodingFailure) -> [UInt8] {
    guard count <= remaining else { throw failure("count \(count) exceeds the data") }
    defer { position += count }
    return Array(bytes[position..<(position + count)])
  }

  mutating func string() throws(DecodingFailure) -> String {
    let start = position
    let n = try count(minimumBytes: 1)
    guard let s = String(validating: bytes[position..<(position + n)], as: UTF8.self) else {
      position = start
      throw failure("invalid UTF-8 in a string")
    }
    position += n
    return s
  }

  mutating func value(depth: Int = 0) throws(DecodingFailure) -> Value {
    let start = position
    guard let tag = BinaryWriter.ValueTag(rawValue: try u8()) else {
      position = start
      throw failure("unknown value tag \(bytes[start])")
    }
    switch tag {
    case .null: return .null
    case .falseValue: return .bool(false)
    case .trueValue: return .bool(true)
    case .int: return .int(Int64(bitPattern: try u64()))
    case .float: return .float(Double(bitPattern: try u64()))
    case .string: return .string(try string())
    case .date: return .date(LocalDate(daysSinceEpoch: Int32(bitPattern: try u32())))
    case .list:
      guard depth < BinaryReader.maximumDepth else { throw failure("values nest too deeply") }
      let n = try count(minimumBytes: 1)
      var items: [Value] = []
      items.reserveCapacity(n)
      for _ in 0..<n { items.append(try value(depth: depth + 1)) }
      return .list(items)
    case .map:
      guard depth < BinaryReader.maximumDepth else { throw failure("values nest too deeply") }
      return .map(try properties(depth: depth + 1))
    }
  }

  /// A map without its tag; keys must be strictly ascending.
  mutating func properties(depth: Int = 0) throws(DecodingFailure) -> [String: Value] {
    let n = try count(minimumBytes: 5)
    var map: [String: Value] = [:]
    map.reserveCapacity(n)
    var previous: String? = nil
    for _ in 0..<n {
      let keyStart = position
      let key = try string()
      if let previous, key <= previous {
        position = keyStart
        throw failure("map keys are not strictly ascending")
      }
      previous = key
      map[key] = try value(depth: depth)
    }
    return map
  }

  mutating func change() throws(DecodingFailure) -> GraphChange {
    let start = position
    guard let tag = BinaryWriter.ChangeTag(rawValue: try u8()) else {
      position = start
      throw failure("unknown change tag \(bytes[start])")
    }
    switch tag {
    case .createNode:
      let id = NodeID(try u32())
      let n = try count(minimumBytes: 4)
      var labels: [String] = []
      for _ in 0..<n { labels.append(try string()) }
      return .createNode(id, labels: labels, properties: try properties())
    case .createRelationship:
      let id = RelationshipID(try u32())
      let from = NodeID(try u32())
      let to = NodeID(try u32())
      let type = try string()
      return .createRelationship(id, from: from, to: to, type: type, properties: try properties())
    case .setNodeProperty:
      let id = NodeID(try u32())
      let key = try string()
      return .setNodeProperty(id, key: key, value: try value())
    case .setRelationshipProperty:
      let id = RelationshipID(try u32())
      let key = try string()
      return .setRelationshipProperty(id, key: key, value: try value())
    case .addLabel: return .addLabel(NodeID(try u32()), try string())
    case .removeLabel: return .removeLabel(NodeID(try u32()), try string())
    case .deleteRelationship: return .deleteRelationship(RelationshipID(try u32()))
    case .deleteNode: return .deleteNode(NodeID(try u32()))
    case .setDocumentEvidence:
      let document = try string()
      switch try u8() {
      case 0: return .setDocumentEvidence(document: document, evidence: nil)
      case 1:
        let encoded = try bytes(try count(minimumBytes: 1))
        return .setDocumentEvidence(
          document: document, evidence: DocumentEvidence(encoded: encoded))
      default:
        position -= 1
        throw failure("evidence flag must be 0 or 1")
      }
    case .createIndex:
      let name = try string()
      let label = try string()
      return .createIndex(name: name, label: label, key: try string())
    case .dropIndex: return .dropIndex(name: try string())
    }
  }

  /// A whole journal record's payload; trailing bytes are an error.
  static func batch(_ bytes: [UInt8]) throws(DecodingFailure) -> [GraphChange] {
    var reader = BinaryReader(bytes)
    let n = try reader.count(minimumBytes: 5)
    var changes: [GraphChange] = []
    changes.reserveCapacity(n)
    for _ in 0..<n { changes.append(try reader.change()) }
    guard reader.isAtEnd else { throw reader.failure("unexpected bytes after the last change") }
    return changes
  }

  /// The complex-value side table of a property arena: `u32 count` then the values.
  static func valueTable(_ bytes: [UInt8]) throws(DecodingFailure) -> [Value] {
    var reader = BinaryReader(bytes)
    let n = try reader.count(minimumBytes: 1)
    var values: [Value] = []
    values.reserveCapacity(n)
    for _ in 0..<n { values.append(try reader.value()) }
    guard reader.isAtEnd else { throw reader.failure("unexpected bytes after the last value") }
    return values
  }
}

extension BinaryWriter {
  /// The complex-value side table of a property arena.
  static func valueTable(_ values: [Value]) -> [UInt8] {
    var writer = BinaryWriter()
    writer.u32(UInt32(values.count))
    for value in values { writer.value(value) }
    return writer.bytes
  }
}
