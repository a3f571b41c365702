/// Interns strings: each distinct string is stored once, as UTF-8 in one byte arena,
/// and named by a dense `Symbol`.
///
/// Labels, relationship types, property keys and string property values all share
/// one table, so a name lookup is a hash probe and an equality test is an integer
/// compare. The arena, offsets and hash slots are plain arrays, which is what makes
/// a snapshot a straight dump of memory.
///
/// - Complexity: `intern` and `lookup` are O(length) expected; `string(_:)` is O(length).
public struct StringTable: Sendable {
  /// UTF-8 of every string, back to back.
  public internal(set) var bytes: [UInt8] = []
  /// `offsets[i] ..< offsets[i + 1]` is string `i` in `bytes`; always `count + 1` entries.
  public internal(set) var offsets: [UInt32] = [0]
  /// Open-addressing hash slots holding `symbol + 1`, 0 when empty; the count is a power of two.
  public internal(set) var slots: [UInt32] = Array(repeating: 0, count: 64)

  public init() {}

  /// The number of distinct strings.
  @inlinable public var count: Int { offsets.count - 1 }

  /// The symbol of `text`, adding it when new.
  public mutating func intern(_ text: String) -> Symbol {
    var text = text
    return text.withUTF8 { intern(utf8: $0) }
  }

  /// The symbol of a UTF-8 byte string, adding it when new.
  public mutating func intern(utf8: UnsafeBufferPointer<UInt8>) -> Symbol {
    let hash = StringTable.hash(utf8)
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot] != 0 {
      let candidate = Int(slots[slot] - 1)
      if equals(candidate, utf8) { return Symbol(UInt32(candidate)) }
      slot = (slot + 1) & mask
    }
    let symbol = UInt32(count)
    bytes.append(contentsOf: utf8)
    offsets.append(UInt32(bytes.count))
    slots[slot] = symbol + 1
    if count * 4 > slots.count * 3 { rehash(capacity: slots.count * 2) }
    return Symbol(symbol)
  }

  /// The symbol of `text` if it was interned, without adding it.
  public func lookup(_ text: String) -> Symbol? {
    var text = text
    return text.withUTF8 { lookup(utf8: $0) }
  }

  /// The symbol of a UTF-8 byte string if it was interned.
  public func lookup(utf8: UnsafeBufferPointer<UInt8>) -> Symbol? {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: StringTable.hash(utf8)) & mask
    while slots[slot] != 0 {
      let candidate = Int(slots[slot] - 1)
      if equals(candidate, utf8) { return Symbol(UInt32(candidate)) }
      slot = (slot + 1) & mask
    }
    return nil
  }

  /// The string a symbol names.
  public func string(_ symbol: Symbol) -> String {
    let start = Int(offsets[symbol.index])
    let end = Int(offsets[symbol.index + 1])
    return bytes.withUnsafeBufferPointer {
      String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self)
    }
  }

  /// Calls `body` with the UTF-8 bytes of a symbol's string, without copying them.
  public func withUTF8<R>(_ symbol: Symbol, _ body: (UnsafeBufferPointer<UInt8>) throws -> R)
    rethrows -> R
  {
    let start = Int(offsets[symbol.index])
    let end = Int(offsets[symbol.index + 1])
    return try bytes.withUnsafeBufferPointer {
      try body(UnsafeBufferPointer(rebasing: $0[start..<end]))
    }
  }

  /// Reserves room for about `stringCount` strings of `byteCount` bytes in all.
  public mutating func reserve(stringCount: Int, byteCount: Int) {
    bytes.reserveCapacity(byteCount)
    offsets.reserveCapacity(stringCount + 1)
    var capacity = slots.count
    while stringCount * 4 > capacity * 3 { capacity *= 2 }
    if capacity > slots.count { rehash(capacity: capacity) }
  }

  /// Rebuilds a table from its arena and offsets, as a snapshot stores them.
  ///
  /// - Returns: nil when the offsets are not ascending or run past the arena, or a
  ///   string occurs twice.
  public init?(bytes: [UInt8], offsets: [UInt32]) {
    guard offsets.first == 0, let last = offsets.last, Int(last) == bytes.count else { return nil }
    for i in 1..<offsets.count where offsets[i] < offsets[i - 1] { return nil }
    self.bytes = bytes
    self.offsets = offsets
    var capacity = 64
    while (offsets.count - 1) * 4 > capacity * 3 { capacity *= 2 }
    self.slots = []
    guard rebuildSlots(capacity: capacity) else { return nil }
  }

  private func equals(_ symbol: Int, _ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
    let start = Int(offsets[symbol])
    let end = Int(offsets[symbol + 1])
    guard end - start == utf8.count else { return false }
    return bytes.withUnsafeBufferPointer { stored in
      utf8.count == 0
        || memcmp(stored.baseAddress! + start, utf8.baseAddress!, utf8.count) == 0
    }
  }

  private mutating func rehash(capacity: Int) {
    _ = rebuildSlots(capacity: capacity)
  }

  /// Refills `slots`; false when two symbols hold the same string.
  private mutating func rebuildSlots(capacity: Int) -> Bool {
    var newSlots = [UInt32](repeating: 0, count: capacity)
    let mask = capacity - 1
    var isUnique = true
    bytes.withUnsafeBufferPointer { arena in
      for symbol in 0..<count {
        let start = Int(offsets[symbol])
        let end = Int(offsets[symbol + 1])
        let utf8 = UnsafeBufferPointer(rebasing: arena[start..<end])
        var slot = Int(truncatingIfNeeded: StringTable.hash(utf8)) & mask
        while newSlots[slot] != 0 {
          let other = Int(newSlots[slot] - 1)
          let otherStart = Int(offsets[other])
          let otherEnd = Int(offsets[other + 1])
          if otherEnd - otherStart == utf8.count
            && (utf8.count == 0
              || memcmp(arena.baseAddress! + otherStart, utf8.baseAddress!, utf8.count) == 0)
          {
            isUnique = false
          }
          slot = (slot + 1) & mask
        }
        newSlots[slot] = UInt32(symbol + 1)
      }
    }
    slots = newSlots
    return isUnique
  }

  /// A fast 64-bit hash of a byte string (8 bytes a step, then a multiply-xorshift finish).
  @inlinable
  public static func hash(_ utf8: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(utf8.count)
    guard let base = utf8.baseAddress else { return h }
    var i = 0
    let n = utf8.count
    while i + 8 <= n {
      let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
      h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
      h ^= h >> 29
      i += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while i < n {
      tail |= UInt64(base[i]) << shift
      shift += 8
      i += 1
    }
    h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
    h ^= h >> 31
    h = h &* 0xBF58_476D_1CE4_E5B9
    return h ^ (h >> 32)
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
