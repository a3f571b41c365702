import GuanxiGraph

/// JSON text for the values of the store, written straight into an `OutputBuffer`.
///
/// Choices, shared by every JSON the exporters write:
/// - strings are UTF-8 as they are (no `\u` escapes for non-ASCII); `"` and `\` are
///   escaped, control characters U+0000-U+001F as `\b \f \n \r \t` or `\u00XX`;
/// - dates are `"YYYY-MM-DD"` strings, as APOC exports temporal values;
/// - floats use Swift's shortest round-trip form (`2.0`, `1e-07`), so they read back as
///   the same `Double` and stay floats; non-finite floats (NaN, ±infinity) cannot be
///   expressed in JSON: `JSONLinesWriter` refuses them (`nonFiniteFloat(in:)`), and only
///   the bench protocol and parameter echoes, which never carry stored data, write them
///   as `null`;
/// - map keys are sorted by their UTF-8 bytes (code point order).
extension OutputBuffer {
  /// The escape for each byte below 0x60: 0 for none, else the character after `\`
  /// (`u` for the `\u00XX` form).
  static let jsonEscapes: [UInt8] = {
    var table = [UInt8](repeating: 0, count: 0x60)
    for b in 0..<0x20 { table[b] = UInt8(ascii: "u") }
    table[0x08] = UInt8(ascii: "b")
    table[0x09] = UInt8(ascii: "t")
    table[0x0A] = UInt8(ascii: "n")
    table[0x0C] = UInt8(ascii: "f")
    table[0x0D] = UInt8(ascii: "r")
    table[0x22] = UInt8(ascii: "\"")
    table[0x5C] = UInt8(ascii: "\\")
    return table
  }()

  /// A JSON string literal of UTF-8 bytes, quotes included.
  func jsonString(utf8 text: UnsafeBufferPointer<UInt8>) {
    byte(UInt8(ascii: "\""))
    guard let base = text.baseAddress else {
      byte(UInt8(ascii: "\""))
      return
    }
    OutputBuffer.jsonEscapes.withUnsafeBufferPointer { escapes in
      var runStart = 0
      for i in 0..<text.count {
        let b = base[i]
        guard b < 0x60, escapes[Int(b)] != 0 else { continue }
        if i > runStart { bytes(UnsafeBufferPointer(start: base + runStart, count: i - runStart)) }
        runStart = i + 1
        let escape = escapes[Int(b)]
        ensure(6)
        byteUnchecked(UInt8(ascii: "\\"))
        byteUnchecked(escape)
        if escape == UInt8(ascii: "u") {
          let hex: StaticString = "0123456789abcdef"
          byteUnchecked(UInt8(ascii: "0"))
          byteUnchecked(UInt8(ascii: "0"))
          byteUnchecked(hex.utf8Start[Int(b >> 4)])
          byteUnchecked(hex.utf8Start[Int(b & 0xF)])
        }
      }
      if text.count > runStart {
        bytes(UnsafeBufferPointer(start: base + runStart, count: text.count - runStart))
      }
    }
    byte(UInt8(ascii: "\""))
  }

  /// A JSON string literal, quotes included.
  func jsonString(_ text: String) {
    var text = text
    text.withUTF8 { jsonString(utf8: $0) }
  }

  /// A date as `YYYY-MM-DD`, without quotes.
  func isoDate(_ date: LocalDate) {
    let (y, m, d) = date.components
    paddedDecimal(y, width: 4)
    byte(UInt8(ascii: "-"))
    paddedDecimal(m, width: 2)
    byte(UInt8(ascii: "-"))
    paddedDecimal(d, width: 2)
  }

  /// A float as JSON: the shortest form that reads back as the same value, or `null`.
  func jsonFloat(_ value: Double) {
    if value.isFinite { string(value.description) } else { ascii("null") }
  }

  /// Any value as JSON.
  func jsonValue(_ value: Value) {
    switch value {
    case .null: ascii("null")
    case .bool(let b): if b { ascii("true") } else { ascii("false") }
    case .int(let i): decimal(i)
    case .float(let d): jsonFloat(d)
    case .string(let s): jsonString(s)
    case .date(let d):
      byte(UInt8(ascii: "\""))
      isoDate(d)
      byte(UInt8(ascii: "\""))
    case .list(let items):
      byte(UInt8(ascii: "["))
      for (i, item) in items.enumerated() {
        if i > 0 { byte(UInt8(ascii: ",")) }
        jsonValue(item)
      }
      byte(UInt8(ascii: "]"))
    case .map(let map):
      byte(UInt8(ascii: "{"))
      for (i, entry) in OutputBuffer.sortedByUTF8(map).enumerated() {
        if i > 0 { byte(UInt8(ascii: ",")) }
        jsonString(entry.key)
        byte(UInt8(ascii: ":"))
        jsonValue(entry.value)
      }
      byte(UInt8(ascii: "}"))
    }
  }

  /// The first NaN or infinity inside `value` (in lists and maps too), or nil.
  static func nonFiniteFloat(in value: Value) -> Double? {
    switch value {
    case .float(let d): return d.isFinite ? nil : d
    case .list(let items):
      for item in items { if let d = nonFiniteFloat(in: item) { return d } }
      return nil
    case .map(let map):
      for item in map.values { if let d = nonFiniteFloat(in: item) { return d } }
      return nil
    case .null, .bool, .int, .string, .date: return nil
    }
  }

  /// Map entries in UTF-8 byte order of their keys.
  static func sortedByUTF8(_ map: [String: Value]) -> [(key: String, value: Value)] {
    map.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
  }
}
