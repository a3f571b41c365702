import Foundation
import Testing

@testable import GuanxiGraph

/// A fresh directory under the system's temporary directory, removed when dropped.
final class TemporaryDirectory {
  let path: String

  init() throws {
    var template = Array((NSTemporaryDirectory() + "guanxi-persist-XXXXXX").utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    path = try #require(made.map { String(cString: $0) })
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  func file(_ name: String) -> String { path + "/" + name }
}

/// SplitMix64: a tiny seeded generator, so every "random" test is the same every run.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

func readBytes(_ path: String) throws -> [UInt8] {
  [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Replaces the file's content, without the `fsync` that `Data.write` does: tests write
/// thousands of damaged copies.
func writeBytes(_ bytes: [UInt8], to path: String) throws {
  let fd = try FileDescriptor.open(path, flags: O_WRONLY | O_CREAT | O_TRUNC)
  defer { fd.close() }
  try fd.write(bytes)
}

/// Overwrites bytes in place. Cheaper than rewriting the file, and it avoids ext4's
/// flush of files truncated to zero and rewritten, which is slow on a busy disk.
func overwrite(_ path: String, at byteOffset: Int, with bytes: [UInt8]) throws {
  let fd = try FileDescriptor.open(path, flags: O_WRONLY)
  defer { fd.close() }
  try bytes.withBytes { (raw) throws(GraphError) in try fd.write(raw, at: byteOffset) }
}

func truncateFile(_ path: String, to byteCount: Int) throws {
  #expect(truncate(path, off_t(byteCount)) == 0)
}

/// A value rendered exactly: floats by bit pattern (so `-0.0` differs from `0.0`), map
/// keys sorted.
func render(_ value: Value) -> String {
  switch value {
  case .null: "null"
  case .bool(let b): "\(b)"
  case .int(let i): "i\(i)"
  case .float(let d): "f\(String(d.bitPattern, radix: 16))"
  case .string(let s): "'\(s)'"
  case .date(let d): "d\(d)"
  case .list(let items): "[" + items.map(render).joined(separator: ",") + "]"
  case .map(let map):
    "{" + Value.sortedEntries(map).map { "\($0.key):\(render($0.value))" }.joined(separator: ",")
      + "}"
  }
}

/// Everything a reader can see of a graph, as lines that compare across graphs whose
/// symbols were interned in different orders: every node and relationship by id (holes
/// included), adjacency by node and direction, the label and name indexes.
func dump(_ g: Graph) -> [String] {
  var lines = [
    "nodes \(g.nodeCount)/\(g.nodeIDLimit) rels \(g.relationshipCount)/\(g.relationshipIDLimit)"
  ]
  func properties(_ entries: [(key: Symbol, value: Value)]) -> String {
    entries.map { "\(g.string($0.key))=\(render($0.value))" }.sorted().joined(separator: " ")
  }
  for n in 0..<g.nodeIDLimit {
    let node = NodeID(n)
    guard g.contains(node) else {
      lines.append("n\(n) deleted")
      continue
    }
    lines.append("n\(n) \(g.labelNames(of: node).sorted()) \(properties(g.properties(of: node)))")
    for direction in [Direction.outgoing, .incoming, .both] {
      var ids: [UInt32] = []
      g.forEachRelationship(of: node, direction: direction) { r, _ in ids.append(r.rawValue) }
      lines.append("  \(direction) \(ids.sorted())")
    }
  }
  for r in 0..<g.relationshipIDLimit {
    let rel = RelationshipID(r)
    guard g.contains(rel) else {
      lines.append("r\(r) deleted")
      continue
    }
    lines.append(
      "r\(r) \(g.startNode(of: rel))-[\(g.typeName(of: rel))]->\(g.endNode(of: rel)) \(properties(g.properties(of: rel)))"
    )
  }
  for (label, count) in g.labelCounts() {
    lines.append("label \(label) \(count) \(g.nodes(label: label).map(\.rawValue))")
  }
  for (type, count) in g.typeCounts() { lines.append("type \(type) \(count)") }
  for (document, evidence) in g.storedEvidence {
    lines.append("evidence \(document) \(evidence.encoded)")
  }
  for n in 0..<g.nodeIDLimit {
    if case .string(let name)? = g.property("name", of: NodeID(n)) {
      lines.append("name \(name) \(g.nodes(name: name).map(\.rawValue))")
    }
  }
  return lines
}

/// A graph with every value type, several labels, holes left by deleted nodes and
/// relationships, relationships with and without provenance, and garbage in the
/// property arenas from updates.
func richGraph() throws -> Graph {
  let g = Graph()
  let values: [String: Value] = [
    "yes": true, "no": false, "zero": 0, "i32max": .int(Int64(Int32.max)),
    "i32min": .int(Int64(Int32.min)), "i64max": .int(.max), "i64min": .int(.min),
    "big": 2_147_483_648, "pi": 3.25, "negativeZero": -0.0, "huge": 1.7976931348623157e308,
    "tiny": .float(.leastNonzeroMagnitude), "empty": "", "chinese": "合肥市庐阳区人民政府",
    "date": .date(LocalDate(iso: "2023-07-20")!),
    "old": .date(LocalDate(year: 1, month: 1, day: 1)!),
    "span": [3, 40], "ints": [1, -2, 2_147_483_647], "wide": [1, 4_294_967_296],
    "mixed": ["a", 1, 2.5, true, .date(LocalDate(iso: "1949-10-01")!)],
    "map": .map(["省": "安徽", "n": 1, "inner": .map(["list": [[1], []]])]),
    "emptyList": [], "emptyMap": .map([:]),
  ]
  let han = g.createNode(
    labels: ["Person"], properties: ["name": "韩俊"].merging(values) { a, _ in a })
  let wang = g.createNode(labels: ["Person", "Official"], properties: ["name": "王清宪"])
  let gone = g.createNode(labels: ["Person"], properties: ["name": "已删除"])
  let anhui = g.createNode(labels: ["Place"], properties: ["name": "安徽省", "level": "province"])
  let meeting = g.createNode(
    labels: ["Meeting"],
    properties: ["name": "省委常委会会议", "date": .date(LocalDate(iso: "2023-07-20")!)])
  let bare = g.createNode()
  let twin = g.createNode(labels: ["Person"], properties: ["name": "王清宪"])
  try g.createRelationship(
    from: han, to: anhui, type: "HOLDS",
    properties: ["title": "省委书记", "doc": "a.txt", "span": [3, 40]])
  try g.createRelationship(from: han, to: meeting, type: "PRESIDED", properties: ["doc": "b.txt"])
  try g.createRelationship(from: wang, to: meeting, type: "ATTENDED", properties: ["span": [0, 7]])
  let dropped = try g.createRelationship(from: gone, to: meeting, type: "ATTENDED")
  try g.createRelationship(from: meeting, to: anhui, type: "HELD_IN", properties: values)
  try g.createRelationship(
    from: twin, to: twin, type: "MENTIONS",
    properties: ["doc": 7, "span": [1, 2, 3], "asOf": .date(LocalDate(iso: "2024-01-02")!)])
  try g.createRelationship(from: bare, to: han, type: "CREDITED", properties: ["span": [-1, 5]])
  try g.deleteRelationship(dropped)
  try g.deleteNode(gone)
  try g.setProperty("level", to: "省级", of: anhui)
  try g.setProperty("level", to: "province", of: anhui)
  try g.setProperty("note", to: .map(["k": [1.5]]), of: meeting)
  try g.addLabel("Official", to: han)
  try g.removeLabel("Official", from: wang)
  let text = Array("安徽省委书记韩俊主持会议。其他。".unicodeScalars)
  g.setEvidence(DocumentEvidence(text: text, spans: [3..<13]), ofDocument: "a.txt")
  g.setEvidence(DocumentEvidence(text: text, spans: [0..<2]), ofDocument: "gone.txt")
  g.setEvidence(nil, ofDocument: "gone.txt")
  try g.checkInvariants()
  return g
}

/// The error `body` throws, failing the test when it throws none or another type.
func graphError(_ body: () throws(GraphError) -> Void) -> GraphError? {
  do {
    try body()
    Issue.record("expected a GraphError")
    return nil
  } catch {
    return error
  }
}
