import Dispatch
import Foundation
import GuanxiGraph

/// The fast way through APOC JSON Lines of the plain shape `JSONLinesWriter` and
/// `apoc.export.json.all` write, one record a line, members in this order:
///
/// ```
/// {"type":"node","id":"12","labels":["Person"],"properties":{"name":"蒋若溪"}}
/// {"type":"relationship","id":"40","label":"HOLDS","properties":{"doc":"02.txt","span":[68,99]},"start":{"id":"12","labels":["Person"]},"end":{"id":"3","labels":["Place"]}}
/// ```
///
/// Node ids are decimal (quoted or not) below 2³²−1, each node has one label, property
/// values are strings, numbers and booleans, and a relationship's `span` is `[start,
/// end]`. The file is memory-mapped and cut at newlines into chunks that parse in
/// parallel straight from the bytes into column batches (the machinery of
/// `BenchCSVReader`), then merged in file order.
///
/// Anything else (another member order, whitespace between tokens, several labels,
/// nested values, null, a duplicate or undefined id, a node after a relationship, any
/// syntax error) makes it give up, and `JSONLinesReader` reads the file with its
/// general parser instead, which handles every shape and reports errors with file,
/// line and column. The two give the same graph on every file the fast path accepts.
enum JSONLinesFastPath {
  /// The graph in the file at `path`, or nil when the file is not of the plain shape.
  static func read(path: String, dateKeys: Set<String>) -> Graph? {
    guard let file = try? MappedFile(path: path), let base = file.base else { return nil }
    var start = 0
    if file.count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { start = 3 }
    let concurrency = ProcessInfo.processInfo.activeProcessorCount
    let parts = max(1, min((file.count - start) / (4 << 20), concurrency * 8))
    let bounds = file.lineAlignedSplits(from: start, parts: parts)
    let chunkCount = bounds.count - 1
    let slots = Slots<(NodeChunk, EdgeChunk)>(chunkCount)
    let keys = dateKeys.sorted()
    DispatchQueue.concurrentPerform(iterations: chunkCount) { k in
      var parser = BenchCSVParser(file: file, range: bounds[k]..<bounds[k + 1], dateKeys: keys)
      slots[k] = parser.parseJSONLines()
      parser.deallocate()
    }
    let parsed = slots.take()
    guard parsed.count == chunkCount else { return nil }
    var nodeChunks: [NodeChunk] = []
    var edgeChunks: [EdgeChunk] = []
    var hasRelationships = false
    for (nodes, edges) in parsed {
      guard nodes.error == nil, edges.error == nil else { return nil }
      // APOC writes every node first; the general reader reports one that is not.
      if hasRelationships && nodes.csvIDs.count > 0 { return nil }
      hasRelationships = hasRelationships || edges.batch.count > 0
      nodeChunks.append(nodes)
      edgeChunks.append(edges)
    }
    guard case .success(let graph) = BenchCSVReader.assemble(&nodeChunks, &edgeChunks) else {
      return nil
    }
    return graph
  }
}

extension BenchCSVParser {
  /// Thrown on anything outside the plain shape; the caller then reads the whole file
  /// with the general parser, so this carries no message.
  private static let unusual = ChunkError(message: "", byteOffset: 0)

  /// Consumes `literal` or throws.
  @inline(__always) private mutating func expect(_ literal: StaticString) throws(ChunkError) {
    let n = literal.utf8CodeUnitCount
    guard end - i >= n, memcmp(base + i, literal.utf8Start, n) == 0 else {
      throw BenchCSVParser.unusual
    }
    i += n
  }

  /// Whether `literal` comes next (consuming it if so).
  @inline(__always) private mutating func accept(_ literal: StaticString) -> Bool {
    let n = literal.utf8CodeUnitCount
    guard end - i >= n, memcmp(base + i, literal.utf8Start, n) == 0 else { return false }
    i += n
    return true
  }

  /// A JSON string at the cursor, its bytes (escapes decoded into scratch).
  private mutating func string() throws(ChunkError) -> UnsafeBufferPointer<UInt8> {
    guard i < end, base[i] == UInt8(ascii: "\"") else { throw BenchCSVParser.unusual }
    var k = i
    let bytes = try jsonString(base, end, &k) { _ in BenchCSVParser.unusual }
    i = k
    return bytes
  }

  /// A decimal id, quoted or not.
  private mutating func recordID() throws(ChunkError) -> UInt32 {
    let isQuoted = accept("\"")
    let value = try id("an id")
    if isQuoted { try expect("\"") }
    return value
  }

  /// `[…]` of strings, skipped.
  private mutating func skipLabels() throws(ChunkError) {
    try expect("[")
    if accept("]") { return }
    repeat { _ = try string() } while accept(",")
    try expect("]")
  }

  /// `{"id":…[,"labels":[…]]}`, a relationship's end: its node id.
  private mutating func endNode() throws(ChunkError) -> UInt32 {
    try expect("{\"id\":")
    let value = try recordID()
    if accept(",\"labels\":") { try skipLabels() }
    try expect("}")
    return value
  }

  /// The end of a record line: `}` then `\n`, `\r\n` or the end of the chunk.
  private mutating func endOfRecord() throws(ChunkError) {
    try expect("}")
    _ = accept("\r")
    guard i == end || accept("\n") else { throw BenchCSVParser.unusual }
  }

  /// The members of the `,"properties":{…}` member, if there is one; `member` gets each key and scalar, or
  /// `span`'s pair when `spans` is set.
  private mutating func properties(
    spans: Bool,
    _ member: (inout BenchCSVParser, Symbol, JSONScalar) throws(ChunkError) -> Void,
    span: (UInt32, UInt32) -> Void
  ) throws(ChunkError) {
    // A record without properties has no "properties" member, as APOC writes it.
    guard accept(",\"properties\":") else { return }
    try expect("{")
    if accept("}") { return }
    repeat {
      let key = keySymbol(try string())
      try expect(":")
      guard i < end else { throw BenchCSVParser.unusual }
      switch base[i] {
      case UInt8(ascii: "\""): try member(&self, key, .string(try string()))
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        var k = i
        let number = try jsonNumber(base, end, &k) { _ in BenchCSVParser.unusual }
        i = k
        try member(&self, key, number)
      case UInt8(ascii: "t"):
        try expect("true")
        try member(&self, key, .bool(true))
      case UInt8(ascii: "f"):
        try expect("false")
        try member(&self, key, .bool(false))
      case UInt8(ascii: "[") where spans && key == BenchCSVParser.spanSymbol:
        i += 1
        let first = try id("a span start")
        try expect(",")
        let second = try id("a span end")
        try expect("]")
        guard first <= second else { throw BenchCSVParser.unusual }
        span(first, second)
      default: throw BenchCSVParser.unusual
      }
    } while accept(",")
    try expect("}")
  }

  /// Parses every line of the chunk as a plain APOC record: nodes into the first
  /// chunk, relationships (with the file's ids) into the second. A node after a
  /// relationship, or anything outside the plain shape, sets the edge chunk's `error`.
  mutating func parseJSONLines() -> (NodeChunk, EdgeChunk) {
    var nodes = NodeChunk()
    var edges = EdgeChunk()
    var lastType = (count: -1, symbol: Symbol(0), bytes: [UInt8]())
    do throws(ChunkError) {
      while i < end {
        releaseBehind()
        if accept("\n") || accept("\r\n") { continue }
        if accept("{\"type\":\"node\",\"id\":") {
          guard edges.batch.count == 0 else { throw BenchCSVParser.unusual }
          let row = UInt32(nodes.csvIDs.count)
          let fileID = try recordID()
          try expect(",\"labels\":[")
          let label = strings.intern(utf8: try string())
          try expect("]")
          try properties(spans: false) { parser, key, scalar throws(ChunkError) in
            guard let value = parser.value(key, scalar) else { throw BenchCSVParser.unusual }
            nodes.batch.properties.append(BatchProperty(row: row, key: key, value: value))
          } span: { _, _ in
          }
          try endOfRecord()
          nodes.csvIDs.append(fileID)
          nodes.maximumID = max(nodes.maximumID, fileID)
          nodes.batch.labels.append(label)
          continue
        }
        try expect("{\"type\":\"relationship\",\"id\":")
        let row = UInt32(edges.batch.from.count)
        if i < end && base[i] == UInt8(ascii: "\"") {
          _ = try string()
        } else {
          _ = try id("a relationship id")
        }
        try expect(",\"label\":")
        let typeBytes = try string()
        let type: Symbol
        if typeBytes.count == lastType.count,
          typeBytes.elementsEqual(lastType.bytes)
        {
          type = lastType.symbol
        } else {
          type = strings.intern(utf8: typeBytes)
          lastType = (typeBytes.count, type, Array(typeBytes))
        }
        var doc = RelationshipBatch.none
        var spanStart = RelationshipBatch.none
        var spanEnd = RelationshipBatch.none
        try properties(spans: true) { parser, key, scalar throws(ChunkError) in
          if key == BenchCSVParser.docSymbol {
            guard case .string(let bytes) = scalar, bytes.count > 0 else {
              throw BenchCSVParser.unusual
            }
            doc = parser.docSymbol(bytes).rawValue
          } else if key == BenchCSVParser.spanSymbol {
            throw BenchCSVParser.unusual
          } else {
            guard let value = parser.value(key, scalar) else { throw BenchCSVParser.unusual }
            edges.batch.properties.append(BatchProperty(row: row, key: key, value: value))
          }
        } span: { start, end in
          (spanStart, spanEnd) = (start, end)
        }
        try expect(",\"start\":")
        let from = try endNode()
        try expect(",\"end\":")
        let to = try endNode()
        try endOfRecord()
        edges.batch.appendRow(from, to, type, doc: doc, span: (spanStart, spanEnd))
      }
    } catch {
      edges.error = error
    }
    file.release(releasedUpTo..<end)
    nodes.strings = strings
    edges.strings = strings
    return (nodes, edges)
  }
}

extension RelationshipBatch {
  /// Appends one row's columns (its properties go into `properties` separately).
  mutating func appendRow(
    _ from: UInt32, _ to: UInt32, _ type: Symbol, doc: UInt32, span: (UInt32, UInt32)
  ) {
    self.from.append(from)
    self.to.append(to)
    types.append(type)
    docs.append(doc)
    spanStarts.append(span.0)
    spanEnds.append(span.1)
  }
}
