/// HTML character references: `&nbsp;`, `&ldquo;`, `&#20013;`, `&#x4E2D;`.
///
/// Follows HTML's rules for text a browser shows:
/// - every HTML5 named reference (`HTMLEntities+Table.swift`, generated from the WHATWG
///   table by `Scripts/make_html_entities.py`); the legacy names that browsers accept
///   without a semicolon (`&nbsp`, `&copy`) too, matched longest first (`&notit;` is
///   `¬it;`), except in an attribute value before `=` or a letter (`?a=1&copy=2`);
/// - numeric references, decimal and hexadecimal, with or without the semicolon; zero,
///   surrogates and values past U+10FFFF become U+FFFD; 128–159 are read as Windows-1252
///   (`&#147;` is `“`), as browsers do;
/// - anything else (`&foo;`, `&#;`, a bare `&`) stays as written.
///
/// Example: `HTMLEntities.decode("&ldquo;十四五&rdquo;&nbsp;&#x4E2D;&#22269;")` is
/// `“十四五”\u{A0}中国`.
enum HTMLEntities {
  /// Name (with its semicolon when it has one) → one or two scalars; the second is 0
  /// when there is none.
  static let table: [String: (UInt32, UInt32)] = {
    var table: [String: (UInt32, UInt32)] = [:]
    table.reserveCapacity(2_300)
    for entry in tableText.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
      guard let equals = entry.firstIndex(of: "=") else { continue }
      let values = entry[entry.index(after: equals)...].split(separator: "+").compactMap {
        UInt32($0, radix: 16)
      }
      guard let first = values.first else { continue }
      table[String(entry[..<equals])] = (first, values.count > 1 ? values[1] : 0)
    }
    return table
  }()

  /// The longest legacy name (one without a semicolon), in bytes.
  static let longestLegacyName = 6
  /// The longest name, semicolon included.
  static let longestName = 32

  /// Windows-1252's characters for 0x80–0x9F, which numeric references in that range
  /// mean on the web (0 where the code is unassigned and stays a control).
  private static let windows1252: [UInt32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
    0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
  ]

  /// The text with its character references decoded.
  static func decode(_ text: String, inAttribute: Bool = false) -> String {
    var bytes = Array(text.utf8)
    guard bytes.contains(UInt8(ascii: "&")) else { return text }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    bytes.withUnsafeMutableBufferPointer { buffer in
      let input = UnsafeBufferPointer(buffer)
      var i = 0
      while i < input.count {
        if input[i] == UInt8(ascii: "&"),
          let next = decodeReference(
            input, at: i, end: input.count, inAttribute: inAttribute,
            into: &out)
        {
          i = next
        } else {
          out.append(input[i])
          i += 1
        }
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Decodes the reference whose `&` is at `i`, appending the UTF-8 of what it stands for
  /// to `out`. Returns the index after the reference, or nil (appending nothing) when no
  /// reference starts there and the `&` is text.
  static func decodeReference(
    _ bytes: UnsafeBufferPointer<UInt8>, at i: Int, end: Int, inAttribute: Bool,
    into out: inout [UInt8]
  ) -> Int? {
    var j = i + 1
    guard j < end else { return nil }
    if bytes[j] == UInt8(ascii: "#") {
      return decodeNumeric(bytes, at: j + 1, end: end, into: &out)
    }
    // A name: ASCII letters and digits, as long as the longest in the table.
    let nameStart = j
    while j < end, j - nameStart < longestName, isASCIIAlphanumeric(bytes[j]) { j += 1 }
    let nameEnd = j
    guard nameEnd > nameStart else { return nil }
    if nameEnd < end, bytes[nameEnd] == UInt8(ascii: ";"),
      let value = table[String(decoding: bytes[nameStart...nameEnd], as: UTF8.self)]
    {
      append(value, to: &out)
      return nameEnd + 1
    }
    // A legacy name without its semicolon, longest first.
    var length = min(nameEnd - nameStart, longestLegacyName)
    while length >= 2 {
      let after = nameStart + length
      if let value = table[String(decoding: bytes[nameStart..<after], as: UTF8.self)] {
        if inAttribute, after < end,
          bytes[after] == UInt8(ascii: "=") || isASCIIAlphanumeric(bytes[after])
        {
          return nil
        }
        append(value, to: &out)
        return after
      }
      length -= 1
    }
    return nil
  }

  /// `&#` has been read; `i` is the first byte after it.
  private static func decodeNumeric(
    _ bytes: UnsafeBufferPointer<UInt8>, at i: Int, end: Int, into out: inout [UInt8]
  ) -> Int? {
    var j = i
    let isHex = j < end && (bytes[j] | 0x20) == UInt8(ascii: "x")
    if isHex { j += 1 }
    let digitsStart = j
    var value: UInt32 = 0
    while j < end {
      let b = bytes[j]
      let digit: UInt32
      if b >= 0x30 && b <= 0x39 {
        digit = UInt32(b - 0x30)
      } else if isHex, (b | 0x20) >= 0x61, (b | 0x20) <= 0x66 {
        digit = UInt32((b | 0x20) - 0x61 + 10)
      } else {
        break
      }
      // Saturate: anything past U+10FFFF is replaced all the same.
      value = min(value &* (isHex ? 16 : 10) &+ digit, 0x11_0000)
      j += 1
    }
    guard j > digitsStart else { return nil }
    if j < end, bytes[j] == UInt8(ascii: ";") { j += 1 }
    switch value {
    case 0, 0xD800...0xDFFF, 0x11_0000...: value = 0xFFFD
    case 0x80...0x9F where windows1252[Int(value - 0x80)] != 0:
      value = windows1252[Int(value - 0x80)]
    default: break
    }
    append((value, 0), to: &out)
    return j
  }

  private static func append(_ value: (UInt32, UInt32), to out: inout [UInt8]) {
    appendUTF8(value.0, to: &out)
    if value.1 != 0 { appendUTF8(value.1, to: &out) }
  }
}

/// An ASCII letter or digit.
@inline(__always)
func isASCIIAlphanumeric(_ b: UInt8) -> Bool {
  (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A)
}

/// Appends the UTF-8 encoding of a scalar value (U+FFFD for a value that is none).
@inline(__always)
func appendUTF8(_ value: UInt32, to out: inout [UInt8]) {
  let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
  let v = scalar.value
  switch v {
  case ..<0x80:
    out.append(UInt8(v))
  case ..<0x800:
    out.append(UInt8(0xC0 | v >> 6))
    out.append(UInt8(0x80 | v & 0x3F))
  case ..<0x1_0000:
    out.append(UInt8(0xE0 | v >> 12))
    out.append(UInt8(0x80 | v >> 6 & 0x3F))
    out.append(UInt8(0x80 | v & 0x3F))
  default:
    out.append(UInt8(0xF0 | v >> 18))
    out.append(UInt8(0x80 | v >> 12 & 0x3F))
    out.append(UInt8(0x80 | v >> 6 & 0x3F))
    out.append(UInt8(0x80 | v & 0x3F))
  }
}
