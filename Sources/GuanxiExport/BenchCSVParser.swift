import GuanxiGraph

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A problem in one chunk of a bench CSV file, at a byte offset of the file.
struct ChunkError: Error {
  var message: String
  var byteOffset: Int
}

/// The rows of one chunk of `nodes.csv`, with strings in a table of the chunk's own.
struct NodeChunk {
  var strings = StringTable()
  var csvIDs: [UInt32] = []
  var batch = NodeBatch()
  var maximumID: UInt32 = 0
  var error: ChunkError?
}

/// The rows of one chunk of `edges.csv`: `batch.from`/`to` hold CSV ids and every
/// symbol is one of the chunk's own `strings` until the merge maps them.
struct EdgeChunk {
  var strings = StringTable()
  var batch = RelationshipBatch()
  var error: ChunkError?
}

/// Parses the rows of gen_graph.py CSV files straight from mapped bytes.
///
/// The format: fields separated by `,`, rows by `\n` (or `\r\n`), a field that starts
/// with `"` is quoted and doubles its inner quotes; no row spans lines. The last field
/// (`props`) holds a flat JSON object whose values are strings, numbers, booleans or
/// null. Strings go into the chunk's own `StringTable` from the bytes, never becoming
/// Swift `String`s.
struct BenchCSVParser {
  let file: MappedFile
  let base: UnsafePointer<UInt8>
  /// Next byte to read; absolute offset in the file.
  var i: Int
  let end: Int
  var strings = StringTable()
  /// Unquoted CSV fields, and decoded JSON strings, when they cannot point into the file.
  var fieldScratch: UnsafeMutablePointer<UInt8>
  var fieldCapacity = 1 << 16
  var stringScratch: UnsafeMutablePointer<UInt8>
  var stringCapacity = 1 << 16
  /// Offset up to which pages have been released.
  var releasedUpTo: Int
  var keyCache: [(length: Int, w0: UInt64, w1: UInt64, symbol: Symbol)] = []
  let lastDoc = UnsafeMutablePointer<UInt8>.allocate(capacity: 64)
  var lastDocLength = -1
  var lastDocSymbol = Symbol(0)

  // Local symbols interned first, in this order.
  static let docSymbol = Symbol(0)
  static let spanSymbol = Symbol(1)
  static let nameSymbol = Symbol(2)
  static let idSymbol = Symbol(3)
  let dateKeyLimit: UInt32

  /// Stands in for the bytes of an empty file, whose ranges are all empty.
  /// (Immutable after initialisation, so sharing it across threads is safe.)
  nonisolated(unsafe) private static let emptyBytes: UnsafePointer<UInt8> = {
    let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    bytes.initialize(to: 0)
    return UnsafePointer(bytes)
  }()

  init(file: MappedFile, range: Range<Int>, dateKeys: [String]) {
    self.file = file
    base = file.base ?? BenchCSVParser.emptyBytes
    i = range.lowerBound
    end = range.upperBound
    releasedUpTo = range.lowerBound
    fieldScratch = .allocate(capacity: fieldCapacity)
    stringScratch = .allocate(capacity: stringCapacity)
    for key in [Schema.Key.doc, Schema.Key.span, Schema.Key.name, "id"] + dateKeys {
      _ = strings.intern(key)
    }
    dateKeyLimit = UInt32(strings.count)
  }

  func deallocate() {
    fieldScratch.deallocate()
    stringScratch.deallocate()
    lastDoc.deallocate()
  }

  func fail(_ message: String, at offset: Int? = nil) -> ChunkError {
    ChunkError(message: message, byteOffset: offset ?? i)
  }

  func describeNext() -> String {
    guard i < end else { return "the end of the file" }
    let b = base[i]
    if b == 0x0A || b == 0x0D { return "the end of the line" }
    if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
    return "byte 0x\(String(b, radix: 16))"
  }

  /// Releases the mapped pages behind the cursor every 16 MiB.
  @inline(__always) mutating func releaseBehind() {
    if i - releasedUpTo > 16 << 20 {
      file.release(releasedUpTo..<i)
      releasedUpTo = i
    }
  }

  // MARK: CSV

  /// An unsigned decimal field, which must fit 32 bits below `UInt32.max`.
  @inline(__always) mutating func id(_ what: String) throws(ChunkError) -> UInt32 {
    let start = i
    var value: UInt64 = 0
    while i < end, base[i] &- 48 < 10 {
      value = value &* 10 &+ UInt64(base[i] &- 48)
      i += 1
      if i - start > 10 { break }
    }
    guard i > start else { throw fail("expected \(what) (an integer), found \(describeNext())") }
    guard value < UInt64(UInt32.max), i - start <= 10 else {
      throw fail("\(what) is out of range (at most \(UInt32.max - 1))", at: start)
    }
    return UInt32(value)
  }

  @inline(__always) mutating func comma(after what: String) throws(ChunkError) {
    guard i < end, base[i] == UInt8(ascii: ",") else {
      throw fail("expected ',' after \(what), found \(describeNext())")
    }
    i += 1
  }

  /// Consumes the end of the row: `\n`, `\r\n` or the end of the chunk.
  @inline(__always) mutating func endOfRow() throws(ChunkError) {
    if i < end && base[i] == 0x0D { i += 1 }
    if i < end {
      guard base[i] == 0x0A else {
        throw fail("expected the end of the row, found \(describeNext())")
      }
      i += 1
    }
  }

  /// One field, unquoted or quoted; stops before the `,` or end of line after it.
  mutating func field(_ what: String) throws(ChunkError) -> UnsafeBufferPointer<UInt8> {
    if i < end && base[i] == UInt8(ascii: "\"") {
      let open = i
      i += 1
      var length = 0
      while true {
        guard i < end else { throw fail("unterminated quoted \(what); expected '\"'", at: open) }
        let b = base[i]
        if b == UInt8(ascii: "\"") {
          if i + 1 < end && base[i + 1] == UInt8(ascii: "\"") {
            i += 1  // a doubled quote stands for one
          } else {
            i += 1
            try checkFieldEnd(what)
            return UnsafeBufferPointer(start: fieldScratch, count: length)
          }
        } else if b == 0x0A {
          throw fail(
            "unterminated quoted \(what); expected '\"' before the end of the line", at: open)
        }
        if length == fieldCapacity { growFieldScratch() }
        fieldScratch[length] = b
        length += 1
        i += 1
      }
    }
    let start = i
    while i < end {
      let b = base[i]
      if b == UInt8(ascii: ",") || b == 0x0A || b == 0x0D { break }
      if b == UInt8(ascii: "\"") { throw fail("unexpected '\"' inside an unquoted \(what)") }
      i += 1
    }
    return UnsafeBufferPointer(start: base + start, count: i - start)
  }

  private func checkFieldEnd(_ what: String) throws(ChunkError) {
    if i < end {
      let b = base[i]
      guard b == UInt8(ascii: ",") || b == 0x0A || b == 0x0D else {
        throw fail(
          "expected ',' or the end of the row after the quoted \(what), found \(describeNext())")
      }
    }
  }

  private mutating func growFieldScratch() {
    let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: fieldCapacity * 2)
    bigger.update(from: fieldScratch, count: fieldCapacity)
    fieldScratch.deallocate()
    fieldScratch = bigger
    fieldCapacity *= 2
  }

  /// The local symbol of a short key, from a small cache that spares hashing the same
  /// few keys on every row.
  @inline(__always) mutating func keySymbol(_ bytes: UnsafeBufferPointer<UInt8>) -> Symbol {
    guard bytes.count <= 16, let p = bytes.baseAddress else { return strings.intern(utf8: bytes) }
    var words: (UInt64, UInt64) = (0, 0)
    withUnsafeMutableBytes(of: &words) {
      $0.baseAddress?.copyMemory(from: p, byteCount: bytes.count)
    }
    for k in 0..<keyCache.count {
      let entry = keyCache[k]
      if entry.length == bytes.count && entry.w0 == words.0 && entry.w1 == words.1 {
        return entry.symbol
      }
    }
    let symbol = strings.intern(utf8: bytes)
    if keyCache.count < 16 { keyCache.append((bytes.count, words.0, words.1, symbol)) }
    return symbol
  }

  /// The local symbol of a `doc` value; rows of one document come together, so the
  /// last one is remembered.
  @inline(__always) mutating func docSymbol(_ bytes: UnsafeBufferPointer<UInt8>) -> Symbol {
    if bytes.count == lastDocLength && bytes.count <= 64, let p = bytes.baseAddress,
      memcmp(p, lastDoc, bytes.count) == 0
    {
      return lastDocSymbol
    }
    lastDocSymbol = strings.intern(utf8: bytes)
    if bytes.count <= 64, let p = bytes.baseAddress {
      lastDoc.update(from: p, count: bytes.count)
      lastDocLength = bytes.count
    } else {
      lastDocLength = -1
    }
    return lastDocSymbol
  }

  // MARK: JSON props

  /// One member value of a flat JSON object.
  enum JSONScalar {
    case string(UnsafeBufferPointer<UInt8>)
    case int(Int64)
    case float(Double)
    case bool(Bool)
    case null
  }

  /// Parses the flat JSON object in `field` (whose first byte is at file offset
  /// `fieldOffset`, for errors), calling `member` with each key symbol and value.
  mutating func forEachMember(
    _ field: UnsafeBufferPointer<UInt8>, fieldOffset: Int,
    _ member: (inout BenchCSVParser, Symbol, JSONScalar) throws(ChunkError) -> Void
  ) throws(ChunkError) {
    guard let p = field.baseAddress, field.count > 0 else { return }  // an empty props field
    let n = field.count
    var k = 0
    func skipSpace() { while k < n && (p[k] == 0x20 || p[k] == 0x09) { k += 1 } }
    func err(_ message: String) -> ChunkError {
      ChunkError(message: "in props: \(message)", byteOffset: fieldOffset)
    }
    skipSpace()
    guard k < n, p[k] == UInt8(ascii: "{") else {
      throw err("expected '{' to open the JSON object")
    }
    k += 1
    skipSpace()
    if k < n && p[k] == UInt8(ascii: "}") {
      k += 1
    } else {
      while true {
        skipSpace()
        guard k < n, p[k] == UInt8(ascii: "\"") else {
          throw err("expected a string key in object")
        }
        let keyBytes = try jsonString(p, n, &k, err)
        let key = keySymbol(keyBytes)
        skipSpace()
        guard k < n, p[k] == UInt8(ascii: ":") else { throw err("expected ':' after a key") }
        k += 1
        skipSpace()
        guard k < n else { throw err("expected a value") }
        let value: JSONScalar
        switch p[k] {
        case UInt8(ascii: "\""): value = .string(try jsonString(p, n, &k, err))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
          value = try jsonNumber(p, n, &k, err)
        case UInt8(ascii: "t") where k + 4 <= n && memcmp(p + k, "true", 4) == 0:
          k += 4
          value = .bool(true)
        case UInt8(ascii: "f") where k + 5 <= n && memcmp(p + k, "false", 5) == 0:
          k += 5
          value = .bool(false)
        case UInt8(ascii: "n") where k + 4 <= n && memcmp(p + k, "null", 4) == 0:
          k += 4
          value = .null
        case UInt8(ascii: "{"), UInt8(ascii: "["):
          throw err("nested objects and arrays are not supported; expected a string or number")
        default: throw err("expected a value")
        }
        try member(&self, key, value)
        skipSpace()
        guard k < n else { throw err("expected ',' or '}' in object") }
        if p[k] == UInt8(ascii: ",") {
          k += 1
          continue
        }
        guard p[k] == UInt8(ascii: "}") else { throw err("expected ',' or '}' in object") }
        k += 1
        break
      }
    }
    skipSpace()
    guard k == n else { throw err("expected the end of the field after the object") }
  }

  /// A JSON string at `p[k]` (the opening quote); escapes are decoded into scratch.
  mutating func jsonString(
    _ p: UnsafePointer<UInt8>, _ n: Int, _ k: inout Int, _ err: (String) -> ChunkError
  ) throws(ChunkError) -> UnsafeBufferPointer<UInt8> {
    k += 1
    let start = k
    while k < n && p[k] != UInt8(ascii: "\"") && p[k] != UInt8(ascii: "\\") { k += 1 }
    guard k < n else { throw err("unterminated string") }
    if p[k] == UInt8(ascii: "\"") {
      k += 1
      return UnsafeBufferPointer(start: p + start, count: k - 1 - start)
    }
    // Slow path: decode escapes.
    var bytes = [UInt8](UnsafeBufferPointer(start: p + start, count: k - start))
    var parser = JSONParser(UnsafeBufferPointer(start: p, count: n))
    parser.position = start - 1
    guard let text = try? parser.parseString() else { throw err("invalid string escape") }
    k = parser.position
    bytes = Array(text.utf8)
    if bytes.count > stringCapacity {
      stringScratch.deallocate()
      stringCapacity = bytes.count
      stringScratch = .allocate(capacity: stringCapacity)
    }
    stringScratch.update(from: bytes, count: bytes.count)
    return UnsafeBufferPointer(start: stringScratch, count: bytes.count)
  }

  func jsonNumber(
    _ p: UnsafePointer<UInt8>, _ n: Int, _ k: inout Int, _ err: (String) -> ChunkError
  ) throws(ChunkError) -> JSONScalar {
    var parser = JSONParser(UnsafeBufferPointer(start: p, count: n))
    parser.position = k
    guard let value = try? parser.parseNumber() else { throw err("malformed number") }
    k = parser.position
    switch value {
    case .int(let i): return .int(i)
    case .float(let d): return .float(d)
    default: return .null
    }
  }

  /// `YYYY-MM-DD` as a date, or nil.
  static func isoDate(_ s: UnsafeBufferPointer<UInt8>) -> LocalDate? {
    guard s.count == 10, s[4] == UInt8(ascii: "-"), s[7] == UInt8(ascii: "-") else { return nil }
    func digits(_ range: Range<Int>) -> Int? {
      var v = 0
      for j in range {
        let d = s[j] &- 48
        guard d < 10 else { return nil }
        v = v * 10 + Int(d)
      }
      return v
    }
    guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) else { return nil }
    return LocalDate(year: y, month: m, day: d)
  }

  /// The local value of a JSON scalar under `key`: dates for date keys, interned strings.
  @inline(__always) mutating func value(_ key: Symbol, _ scalar: JSONScalar) -> InternedValue? {
    switch scalar {
    case .string(let bytes):
      if key.rawValue >= 4 && key.rawValue < dateKeyLimit, let date = BenchCSVParser.isoDate(bytes)
      {
        return .date(date)
      }
      return .string(strings.intern(utf8: bytes))
    case .int(let v): return .int(v)
    case .float(let d): return .float(d)
    case .bool(let b): return .bool(b)
    case .null: return nil
    }
  }

  // MARK: Rows

  /// Parses every row of the chunk as `nodes.csv` rows.
  mutating func parseNodes() -> NodeChunk {
    var chunk = NodeChunk()
    do throws(ChunkError) {
      while i < end {
        releaseBehind()
        let row = UInt32(chunk.csvIDs.count)
        let csvID = try id("the node id")
        try comma(after: "the node id")
        let label = strings.intern(utf8: try field("label"))
        try comma(after: "the label")
        let name = strings.intern(utf8: try field("name"))
        try comma(after: "the name")
        chunk.csvIDs.append(csvID)
        chunk.maximumID = max(chunk.maximumID, csvID)
        chunk.batch.labels.append(label)
        chunk.batch.properties.append(
          BatchProperty(row: row, key: Self.nameSymbol, value: .string(name)))
        chunk.batch.properties.append(
          BatchProperty(row: row, key: Self.idSymbol, value: .int(Int64(csvID))))
        let propsOffset = i
        let props = try field("props")
        try forEachMember(props, fieldOffset: propsOffset) {
          parser, key, scalar throws(ChunkError) in
          if let value = parser.value(key, scalar) {
            chunk.batch.properties.append(BatchProperty(row: row, key: key, value: value))
          }
        }
        try endOfRow()
      }
    } catch {
      chunk.error = error
    }
    file.release(releasedUpTo..<end)
    chunk.strings = strings
    return chunk
  }

  /// Parses every row of the chunk as `edges.csv` rows.
  mutating func parseEdges() -> EdgeChunk {
    var chunk = EdgeChunk()
    var lastType = (start: 0, count: -1, symbol: Symbol(0))
    do throws(ChunkError) {
      while i < end {
        releaseBehind()
        let row = UInt32(chunk.batch.from.count)
        let src = try id("the source id")
        try comma(after: "the source id")
        let typeOffset = i
        let typeField = try field("type")
        guard typeField.count > 0 else {
          throw fail("expected a relationship type", at: typeOffset)
        }
        let type: Symbol
        if typeField.count == lastType.count,
          let start = typeField.baseAddress,
          memcmp(start, base + lastType.start, lastType.count) == 0
        {
          type = lastType.symbol
        } else {
          type = strings.intern(utf8: typeField)
          if let start = typeField.baseAddress, start >= base, start < base + end {
            lastType = (base.distance(to: start), typeField.count, type)
          }
        }
        try comma(after: "the type")
        let dst = try id("the destination id")
        try comma(after: "the destination id")
        var doc = RelationshipBatch.none
        var spanStart = RelationshipBatch.none
        var spanEnd = RelationshipBatch.none
        let propsOffset = i
        let props = try field("props")
        try forEachMember(props, fieldOffset: propsOffset) {
          parser, key, scalar throws(ChunkError) in
          if key == Self.docSymbol, case .string(let bytes) = scalar {
            if bytes.count > 0 { doc = parser.docSymbol(bytes).rawValue }
          } else if key == Self.spanSymbol, case .string(let bytes) = scalar {
            if bytes.count > 0 {
              guard let span = BenchCSVParser.span(bytes) else {
                throw ChunkError(
                  message: "in props: expected span as 'start-end' with start <= end",
                  byteOffset: propsOffset)
              }
              (spanStart, spanEnd) = span
            }
          } else if let value = parser.value(key, scalar) {
            chunk.batch.properties.append(BatchProperty(row: row, key: key, value: value))
          }
        }
        try endOfRow()
        chunk.batch.appendRow(src, dst, type, doc: doc, span: (spanStart, spanEnd))
      }
    } catch {
      chunk.error = error
    }
    file.release(releasedUpTo..<end)
    chunk.strings = strings
    return chunk
  }

  /// `start-end` as two offsets, or nil.
  static func span(_ s: UnsafeBufferPointer<UInt8>) -> (UInt32, UInt32)? {
    var start: UInt64 = 0
    var value: UInt64 = 0
    var isSecond = false
    var digits = 0
    for b in s {
      if b == UInt8(ascii: "-") && !isSecond && digits > 0 {
        isSecond = true
        start = value
        value = 0
        digits = 0
        continue
      }
      guard b &- 48 < 10, digits < 10 else { return nil }
      value = value * 10 + UInt64(b &- 48)
      digits += 1
    }
    guard isSecond, digits > 0, start < UInt64(UInt32.max), value <= UInt64(UInt32.max),
      start <= value
    else { return nil }
    return (UInt32(start), UInt32(value))
  }
}
