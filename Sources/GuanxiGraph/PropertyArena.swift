/// Property records of nodes and relationships, packed into one array of 32-bit words.
///
/// A record is a count word, then per property a header word (`key << 8 | tag`) and the
/// value's payload words: none for null and booleans, one for a 32-bit integer, a date or
/// a string (its `Symbol`), two for a 64-bit integer or a float, `1 + n` for a list of
/// `n` 32-bit integers (the common `span: [start, end]`), one index into `complexValues`
/// for any other list or map. Keys within a record are ascending.
///
/// Records are immutable: a change writes a new record at the end and the old one
/// becomes garbage until `compacted(offsets:)` runs, as a checkpoint does. Compared with
/// a dictionary per entity this takes a fifth of the memory, and a snapshot writes the
/// words as they are.
public struct PropertyArena: Sendable {
  public internal(set) var words: [UInt32] = []
  /// Lists and maps that have no packed form, by index.
  public internal(set) var complexValues: [Value] = []

  public init() {}

  init(words: [UInt32], complexValues: [Value]) {
    self.words = words
    self.complexValues = complexValues
  }

  /// Value tags; stored in snapshots, so never renumber.
  enum Tag: UInt32 {
    case null = 0, falseValue = 1, trueValue = 2, int32 = 3, int64 = 4, float = 5,
      string = 6, date = 7, int32List = 8, complex = 9
  }

  /// Appends a record for `properties` (keys already interned) and returns its offset,
  /// or `noEntry` when there are none. Null values are dropped.
  mutating func append(_ properties: [(key: Symbol, value: Value)], strings: inout StringTable)
    -> UInt32
  {
    let present = properties.filter { !$0.value.isNull }.sorted { $0.key < $1.key }
    if present.isEmpty { return noEntry }
    let offset = UInt32(words.count)
    words.append(UInt32(present.count))
    for (key, value) in present { appendValue(key: key, value, strings: &strings) }
    return offset
  }

  private mutating func appendValue(key: Symbol, _ value: Value, strings: inout StringTable) {
    switch value {
    case .null: words.append(key.rawValue << 8 | Tag.null.rawValue)
    case .bool(let b): appendScalar(key: key, .bool(b))
    case .int(let i): appendScalar(key: key, .int(i))
    case .float(let d): appendScalar(key: key, .float(d))
    case .string(let s): appendScalar(key: key, .string(strings.intern(s)))
    case .date(let d): appendScalar(key: key, .date(d))
    case .list(let items)
    where !items.isEmpty && items.allSatisfy({ Int32(exactly: $0.intValue ?? .max) != nil }):
      words.append(key.rawValue << 8 | Tag.int32List.rawValue)
      words.append(UInt32(items.count))
      for item in items { words.append(UInt32(bitPattern: Int32(item.intValue ?? 0))) }
    case .list, .map:
      words.append(key.rawValue << 8 | Tag.complex.rawValue)
      words.append(UInt32(complexValues.count))
      complexValues.append(value)
    }
  }

  /// Appends one scalar property (header and payload): the one encoder of scalars, shared
  /// by `append` and the bulk loader.
  mutating func appendScalar(key: Symbol, _ value: InternedValue) {
    func header(_ tag: Tag) { words.append(key.rawValue << 8 | tag.rawValue) }
    switch value {
    case .bool(let b): header(b ? .trueValue : .falseValue)
    case .int(let i):
      if let small = Int32(exactly: i) {
        header(.int32)
        words.append(UInt32(bitPattern: small))
      } else {
        header(.int64)
        words.append(UInt32(truncatingIfNeeded: UInt64(bitPattern: i)))
        words.append(UInt32(truncatingIfNeeded: UInt64(bitPattern: i) >> 32))
      }
    case .float(let d):
      header(.float)
      words.append(UInt32(truncatingIfNeeded: d.bitPattern))
      words.append(UInt32(truncatingIfNeeded: d.bitPattern >> 32))
    case .string(let symbol):
      header(.string)
      words.append(symbol.rawValue)
    case .date(let d):
      header(.date)
      words.append(UInt32(bitPattern: d.daysSinceEpoch))
    }
  }

  /// The number of properties in the record at `offset`.
  func count(at offset: UInt32) -> Int {
    offset == noEntry ? 0 : Int(words[Int(offset)])
  }

  /// Calls `body` with each (key, value) of the record at `offset`, keys ascending.
  func forEach(at offset: UInt32, strings: StringTable, _ body: (Symbol, Value) throws -> Void)
    rethrows
  {
    guard offset != noEntry else { return }
    var i = Int(offset)
    let n = Int(words[i])
    i += 1
    for _ in 0..<n {
      let key = Symbol(words[i] >> 8)
      let (value, next) = decode(at: i, strings: strings)
      try body(key, value)
      i = next
    }
  }

  /// The value of `key` in the record at `offset`, or nil when absent.
  func value(of key: Symbol, at offset: UInt32, strings: StringTable) -> Value? {
    guard offset != noEntry else { return nil }
    var i = Int(offset)
    let n = Int(words[i])
    i += 1
    for _ in 0..<n {
      let k = words[i] >> 8
      if k == key.rawValue { return decode(at: i, strings: strings).value }
      if k > key.rawValue { return nil }
      i = skip(at: i)
    }
    return nil
  }

  /// The string symbol stored under `key`, without building a `Value`; nil if absent or
  /// not a string. The executor's fast path for `n.name = $x`.
  func stringSymbol(of key: Symbol, at offset: UInt32) -> Symbol? {
    guard offset != noEntry else { return nil }
    var i = Int(offset)
    let n = Int(words[i])
    i += 1
    for _ in 0..<n {
      let k = words[i] >> 8
      if k == key.rawValue {
        return words[i] & 0xFF == Tag.string.rawValue ? Symbol(words[i + 1]) : nil
      }
      if k > key.rawValue { return nil }
      i = skip(at: i)
    }
    return nil
  }

  /// The (key, value) pairs of a record, keys ascending.
  func entries(at offset: UInt32, strings: StringTable) -> [(key: Symbol, value: Value)] {
    var result: [(key: Symbol, value: Value)] = []
    result.reserveCapacity(count(at: offset))
    forEach(at: offset, strings: strings) { result.append(($0, $1)) }
    return result
  }

  /// The index of the word after the property whose header is at `i`.
  func skip(at i: Int) -> Int {
    switch Tag(rawValue: words[i] & 0xFF) {
    case .null, .falseValue, .trueValue: i + 1
    case .int32, .string, .date, .complex: i + 2
    case .int64, .float: i + 3
    case .int32List: i + 2 + Int(words[i + 1])
    case nil: i + 1
    }
  }

  private func decode(at i: Int, strings: StringTable) -> (value: Value, next: Int) {
    let payload = i + 1
    switch Tag(rawValue: words[i] & 0xFF) {
    case .null, nil: return (.null, i + 1)
    case .falseValue: return (.bool(false), i + 1)
    case .trueValue: return (.bool(true), i + 1)
    case .int32: return (.int(Int64(Int32(bitPattern: words[payload]))), i + 2)
    case .int64:
      let bits = UInt64(words[payload]) | UInt64(words[payload + 1]) << 32
      return (.int(Int64(bitPattern: bits)), i + 3)
    case .float:
      let bits = UInt64(words[payload]) | UInt64(words[payload + 1]) << 32
      return (.float(Double(bitPattern: bits)), i + 3)
    case .string: return (.string(strings.string(Symbol(words[payload]))), i + 2)
    case .date:
      return (.date(LocalDate(daysSinceEpoch: Int32(bitPattern: words[payload]))), i + 2)
    case .int32List:
      let n = Int(words[payload])
      let items = (0..<n).map { Value.int(Int64(Int32(bitPattern: words[payload + 1 + $0]))) }
      return (.list(items), i + 2 + n)
    case .complex: return (complexValues[Int(words[payload])], i + 2)
    }
  }

  /// Checks that the record at `offset` is well formed: known tags, ascending keys, payloads
  /// inside the arena, string symbols and complex indexes in range. Used by snapshot
  /// loading and `Graph.checkInvariants()`.
  func isWellFormed(at offset: UInt32, stringCount: Int) -> Bool {
    guard offset != noEntry else { return true }
    var i = Int(offset)
    guard i < words.count else { return false }
    let n = Int(words[i])
    i += 1
    var previousKey: UInt32? = nil
    for _ in 0..<n {
      guard i < words.count, let tag = Tag(rawValue: words[i] & 0xFF) else { return false }
      let key = words[i] >> 8
      if let previousKey, key <= previousKey { return false }
      guard Int(key) < stringCount else { return false }
      previousKey = key
      if tag == .int32List && i + 1 >= words.count { return false }
      let next = skip(at: i)
      guard next <= words.count else { return false }
      switch tag {
      case .string: if Int(words[i + 1]) >= stringCount { return false }
      case .complex: if Int(words[i + 1]) >= complexValues.count { return false }
      default: break
      }
      i = next
    }
    return true
  }

  /// A copy holding only the records `offsets` point to, and the offsets into it.
  func compacted(offsets: [UInt32]) -> (arena: PropertyArena, offsets: [UInt32]) {
    var result = PropertyArena()
    result.words.reserveCapacity(words.count)
    var newOffsets = offsets
    for (index, offset) in offsets.enumerated() where offset != noEntry {
      newOffsets[index] = UInt32(result.words.count)
      var i = Int(offset)
      let n = Int(words[i])
      result.words.append(words[i])
      i += 1
      for _ in 0..<n {
        let next = skip(at: i)
        if words[i] & 0xFF == Tag.complex.rawValue {
          result.words.append(words[i])
          result.words.append(UInt32(result.complexValues.count))
          result.complexValues.append(complexValues[Int(words[i + 1])])
        } else {
          result.words.append(contentsOf: words[i..<next])
        }
        i = next
      }
    }
    return (result, newOffsets)
  }
}
