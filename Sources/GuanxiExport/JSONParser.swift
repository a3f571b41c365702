import GuanxiGraph

/// A JSON syntax error at a byte offset of the text being parsed.
struct JSONSyntaxError: Error {
  var message: String
  var byteOffset: Int
}

/// A small strict JSON parser over UTF-8 bytes, producing `Value`s.
///
/// Strict means RFC 8259 and nothing more: no comments, no trailing commas, no single
/// quotes, no leading zeros, no `NaN`; strings must be valid UTF-8 without raw control
/// characters, and `\u` escapes must pair their surrogates. Objects with a key twice
/// are rejected. Integers without fraction or exponent become `.int` and must fit 64
/// bits: a larger one is an error at its position, never silently rounded to a float
/// (write it as a string, or with an exponent to mean a float). Every other number is
/// `.float`. Nesting deeper than `maximumDepth` is an error, not a stack overflow. Every
/// loop consumes a byte or stops.
struct JSONParser {
  static let maximumDepth = 200

  let text: UnsafeBufferPointer<UInt8>
  /// Byte offset of the next unread byte.
  var position = 0

  init(_ text: UnsafeBufferPointer<UInt8>) { self.text = text }

  var isAtEnd: Bool { position >= text.count }

  @inline(__always) func peek() -> UInt8? { position < text.count ? text[position] : nil }

  func fail(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
    JSONSyntaxError(message: message, byteOffset: offset ?? position)
  }

  /// What the next byte is, for messages: `'x'` or "the end of the line".
  func found() -> String {
    guard let b = peek() else { return "the end of the line" }
    if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
    if b >= 0x80 {
      // Show the whole character starting here.
      var end = position + 1
      while end < text.count && text[end] & 0xC0 == 0x80 { end += 1 }
      return
        "'\(String(decoding: UnsafeBufferPointer(rebasing: text[position..<end]), as: UTF8.self))'"
    }
    return "byte 0x\(String(b, radix: 16))"
  }

  mutating func skipWhitespace() {
    while position < text.count {
      switch text[position] {
      case 0x20, 0x09, 0x0A, 0x0D: position += 1
      default: return
      }
    }
  }

  /// Consumes `byte` (after whitespace) or fails with "expected 'byte' context".
  mutating func expect(_ byte: UInt8, _ context: @autoclosure () -> String) throws(JSONSyntaxError)
  {
    skipWhitespace()
    guard peek() == byte else {
      throw fail("expected '\(Character(Unicode.Scalar(byte)))' \(context()), found \(found())")
    }
    position += 1
  }

  /// Consumes `byte` after whitespace if it is next.
  mutating func consume(_ byte: UInt8) -> Bool {
    skipWhitespace()
    if peek() == byte {
      position += 1
      return true
    }
    return false
  }

  /// Fails unless only whitespace is left.
  mutating func expectEnd() throws(JSONSyntaxError) {
    skipWhitespace()
    guard isAtEnd else {
      throw fail("expected the end of the line after the record, found \(found())")
    }
  }

  // MARK: Values

  mutating func parseValue(depth: Int = 0) throws(JSONSyntaxError) -> Value {
    skipWhitespace()
    guard let b = peek() else { throw fail("expected a value, found the end of the line") }
    switch b {
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "{"):
      return .map(
        try parseObject(depth: depth + 1) { parser, _ throws(JSONSyntaxError) in
          try parser.parseValue(depth: depth + 1)
        })
    case UInt8(ascii: "["):
      guard depth < JSONParser.maximumDepth else {
        throw fail("nesting deeper than \(JSONParser.maximumDepth) levels")
      }
      position += 1
      var items: [Value] = []
      if consume(UInt8(ascii: "]")) { return .list(items) }
      while true {
        items.append(try parseValue(depth: depth + 1))
        if consume(UInt8(ascii: ",")) { continue }
        if consume(UInt8(ascii: "]")) { return .list(items) }
        throw fail("expected ',' or ']' in array, found \(found())")
      }
    case UInt8(ascii: "t"): try literal("true"); return .bool(true)
    case UInt8(ascii: "f"): try literal("false"); return .bool(false)
    case UInt8(ascii: "n"): try literal("null"); return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
    default: throw fail("expected a value, found \(found())")
    }
  }

  /// Parses `{ "key": value, ... }`, calling `value` to parse each member's value.
  mutating func parseObject(
    depth: Int, _ value: (inout JSONParser, String) throws(JSONSyntaxError) -> Value
  ) throws(JSONSyntaxError) -> [String: Value] {
    guard depth <= JSONParser.maximumDepth else {
      throw fail("nesting deeper than \(JSONParser.maximumDepth) levels")
    }
    try expect(UInt8(ascii: "{"), "to open an object")
    var members: [String: Value] = [:]
    if consume(UInt8(ascii: "}")) { return members }
    while true {
      skipWhitespace()
      let keyOffset = position
      guard peek() == UInt8(ascii: "\"") else {
        throw fail("expected a string key in object, found \(found())")
      }
      let key = try parseString()
      try expect(UInt8(ascii: ":"), "after key '\(key)' in object")
      let member = try value(&self, key)
      guard members.updateValue(member, forKey: key) == nil else {
        throw fail("duplicate key '\(key)' in object", at: keyOffset)
      }
      if consume(UInt8(ascii: ",")) { continue }
      if consume(UInt8(ascii: "}")) { return members }
      throw fail("expected ',' or '}' in object, found \(found())")
    }
  }

  /// Parses `{ "key": value, ... }` without building a dictionary: `member` parses each
  /// value itself. Duplicate keys are still an error.
  mutating func forEachMember(
    depth: Int, _ member: (inout JSONParser, String) throws(JSONSyntaxError) -> Void
  ) throws(JSONSyntaxError) {
    guard depth <= JSONParser.maximumDepth else {
      throw fail("nesting deeper than \(JSONParser.maximumDepth) levels")
    }
    try expect(UInt8(ascii: "{"), "to open an object")
    if consume(UInt8(ascii: "}")) { return }
    var seen: [String] = []
    while true {
      skipWhitespace()
      let keyOffset = position
      guard peek() == UInt8(ascii: "\"") else {
        throw fail("expected a string key in object, found \(found())")
      }
      let key = try parseString()
      guard !seen.contains(key) else {
        throw fail("duplicate key '\(key)' in object", at: keyOffset)
      }
      seen.append(key)
      try expect(UInt8(ascii: ":"), "after key '\(key)' in object")
      try member(&self, key)
      if consume(UInt8(ascii: ",")) { continue }
      if consume(UInt8(ascii: "}")) { return }
      throw fail("expected ',' or '}' in object, found \(found())")
    }
  }

  mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
    let n = word.utf8CodeUnitCount
    guard position + n <= text.count,
      (0..<n).allSatisfy({ text[position + $0] == word.utf8Start[$0] })
    else { throw fail("expected a value, found \(found())") }
    position += n
  }

  mutating func parseNumber() throws(JSONSyntaxError) -> Value {
    let start = position
    var isNegative = false
    if peek() == UInt8(ascii: "-") {
      isNegative = true
      position += 1
    }
    func isDigit(_ b: UInt8?) -> Bool { b.map { $0 >= 48 && $0 <= 57 } ?? false }
    guard isDigit(peek()) else { throw fail("expected a digit in number, found \(found())") }
    var magnitude: UInt64 = 0
    var overflow = false
    if peek() == UInt8(ascii: "0") {
      position += 1
      if isDigit(peek()) { throw fail("leading zeros are not allowed in numbers") }
    } else {
      while let b = peek(), b >= 48 && b <= 57 {
        let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
        let (m2, o2) = m1.addingReportingOverflow(UInt64(b - 48))
        overflow = overflow || o1 || o2
        magnitude = m2
        position += 1
      }
    }
    var isFloat = false
    if peek() == UInt8(ascii: ".") {
      isFloat = true
      position += 1
      guard isDigit(peek()) else {
        throw fail("expected a digit after '.' in number, found \(found())")
      }
      while isDigit(peek()) { position += 1 }
    }
    if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
      isFloat = true
      position += 1
      if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
      guard isDigit(peek()) else { throw fail("expected a digit in exponent, found \(found())") }
      while isDigit(peek()) { position += 1 }
    }
    let literal = String(
      decoding: UnsafeBufferPointer(rebasing: text[start..<position]), as: UTF8.self)
    if !isFloat {
      if !overflow && isNegative && magnitude <= UInt64(Int64.max) + 1 {
        return .int(magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude))
      }
      if !overflow && !isNegative && magnitude <= UInt64(Int64.max) {
        return .int(Int64(magnitude))
      }
      throw fail(
        "integer \(literal) does not fit in 64 bits (\(Int64.min) to \(Int64.max)); write it as a string, or as a float with an exponent",
        at: start)
    }
    guard let double = Double(literal), double.isFinite else {
      throw fail("number \(literal) is out of range", at: start)
    }
    return .float(double)
  }

  /// Parses a string literal (the opening quote is next).
  mutating func parseString() throws(JSONSyntaxError) -> String {
    let open = position
    position += 1
    let start = position
    // Fast path: no escapes.
    while position < text.count {
      let b = text[position]
      if b == UInt8(ascii: "\"") {
        let raw = UnsafeBufferPointer(rebasing: text[start..<position])
        position += 1
        return try validated(raw, at: start)
      }
      if b == UInt8(ascii: "\\") { break }
      if b < 0x20 { throw fail("control character in string; expected it escaped") }
      position += 1
    }
    guard position < text.count else {
      throw fail("unterminated string; expected '\"'", at: open)
    }
    var scratch = [UInt8](UnsafeBufferPointer(rebasing: text[start..<position]))
    while position < text.count {
      let b = text[position]
      if b == UInt8(ascii: "\"") {
        position += 1
        return try scratch.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
          try validated(buffer, at: start)
        }
      }
      if b < 0x20 { throw fail("control character in string; expected it escaped") }
      if b != UInt8(ascii: "\\") {
        scratch.append(b)
        position += 1
        continue
      }
      let escapeOffset = position
      position += 1
      guard let e = peek() else { break }
      position += 1
      switch e {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(e)
      case UInt8(ascii: "b"): scratch.append(0x08)
      case UInt8(ascii: "f"): scratch.append(0x0C)
      case UInt8(ascii: "n"): scratch.append(0x0A)
      case UInt8(ascii: "r"): scratch.append(0x0D)
      case UInt8(ascii: "t"): scratch.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = try hex4(at: escapeOffset)
        if (0xD800..<0xDC00).contains(scalar) {
          guard peek() == UInt8(ascii: "\\"), position + 1 < text.count,
            text[position + 1] == UInt8(ascii: "u")
          else { throw fail("lone surrogate in \\u escape", at: escapeOffset) }
          position += 2
          let low = try hex4(at: escapeOffset)
          guard (0xDC00..<0xE000).contains(low) else {
            throw fail("lone surrogate in \\u escape", at: escapeOffset)
          }
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(scalar) {
          throw fail("lone surrogate in \\u escape", at: escapeOffset)
        }
        guard let unicode = Unicode.Scalar(scalar) else {
          throw fail("invalid \\u escape", at: escapeOffset)
        }
        scratch.append(contentsOf: String(Character(unicode)).utf8)
      default:
        throw fail("invalid escape '\\\(Character(Unicode.Scalar(e)))' in string", at: escapeOffset)
      }
    }
    throw fail("unterminated string; expected '\"'", at: open)
  }

  private mutating func hex4(at escapeOffset: Int) throws(JSONSyntaxError) -> UInt32 {
    guard position + 4 <= text.count else {
      throw fail("expected 4 hex digits after \\u", at: escapeOffset)
    }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let b = text[position]
      let digit: UInt32
      switch b {
      case 48...57: digit = UInt32(b - 48)
      case 65...70: digit = UInt32(b - 55)
      case 97...102: digit = UInt32(b - 87)
      default: throw fail("expected 4 hex digits after \\u", at: escapeOffset)
      }
      value = value << 4 | digit
      position += 1
    }
    return value
  }

  private func validated(_ raw: UnsafeBufferPointer<UInt8>, at offset: Int) throws(JSONSyntaxError)
    -> String
  {
    if raw.allSatisfy({ $0 < 0x80 }) { return String(decoding: raw, as: UTF8.self) }
    guard let text = String(validating: raw, as: UTF8.self) else {
      throw fail("invalid UTF-8 in string", at: offset)
    }
    return text
  }
}

/// Parses one JSON text into a `Value`, for parameters (`--params FILE.json`, `:param`) and
/// the benchmark protocol.
///
/// Example: `try JSONValue.parse(#"{"a": [1, 2.5, "韩俊"]}"#)` is
/// `.map(["a": .list([.int(1), .float(2.5), .string("韩俊")])])`.
public enum JSONValue {
  /// Writes a value as compact JSON: map keys sorted by their UTF-8 bytes, dates as
  /// `"YYYY-MM-DD"`, non-ASCII characters as UTF-8 (no `\u` escapes), NaN and infinities as
  /// `null`.
  public static func encode(_ value: Value) -> String {
    let bytes =
      (try? OutputBuffer.collecting { out throws(ExportError) in out.jsonValue(value) }) ?? []
    return String(decoding: bytes, as: UTF8.self)
  }

  /// - Throws: `ExportError` `.syntax` with the 1-based line and column (in Characters)
  ///   of the problem.
  public static func parse(_ text: String, path: String? = nil) throws(ExportError) -> Value {
    var text = text
    let result: Result<Value, JSONSyntaxError> = text.withUTF8 { bytes in
      var parser = JSONParser(bytes)
      do throws(JSONSyntaxError) {
        let value = try parser.parseValue()
        try parser.expectEnd()
        return .success(value)
      } catch {
        return .failure(error)
      }
    }
    switch result {
    case .success(let value): return value
    case .failure(let error):
      let before = text.utf8.prefix(error.byteOffset)
      let lineStart =
        before.lastIndex(of: 0x0A).map { before.index(after: $0) } ?? before.startIndex
      let line = before.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
      let column = String(decoding: before[lineStart...], as: UTF8.self).count + 1
      throw ExportError(.syntax, error.message, path: path, line: line, column: column)
    }
  }
}
