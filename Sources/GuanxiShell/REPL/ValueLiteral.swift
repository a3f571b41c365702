import GuanxiGraph

/// Reads the VALUE of `:param NAME VALUE` and `--param NAME=VALUE`: a literal as
/// openCypher or JSON writes it, or else plain text.
///
/// The rule: a value that parses completely as a literal is that literal; a complete
/// literal that is invalid (an integer beyond 64 bits, a float beyond the doubles, an
/// impossible date) is an error, as it is in query text; anything else is text, exactly
/// as written (without surrounding spaces). So `韩俊`, `2023年工作会议` and
/// `“西部强区再扬帆,2023怎么干”务虚工作会议` are text, `12` an integer, `'12'` text.
///
/// Literals: integers and floats (`12`, `-3.5`, `1e3`), strings in single or double
/// quotes with backslash escapes, `true`, `false`, `null`, lists `[1, 'a']`, maps with
/// bare or quoted keys `{name: '韩俊', "level": 'province'}`, and `date('2023-07-20')`.
///
/// ```swift
/// try ValueLiteral.parse("{name: '韩俊', since: date('2023-07-20')}")
/// // .map(["name": "韩俊", "since": .date(2023-07-20)])
/// try ValueLiteral.parse("[1, 2")  // .string("[1, 2"): not a complete literal
/// ```
public enum ValueLiteral {
  /// - Throws: `ShellError` `.invalidValue` for an empty text or an invalid literal.
  public static func parse(_ text: String) throws(ShellError) -> Value {
    try read(text).value
  }

  /// What `read` made of a text.
  public struct Reading: Sendable {
    public var value: Value
    /// Whether the text was taken as text although it starts like a literal (`[`, `{`,
    /// a quote), so the shell can say so: `[1, 2` is probably a list with a typo.
    public var looksLikeALiteral: Bool
  }

  /// Parses `text` by the rule above, saying whether a literal-looking text became text.
  ///
  /// - Throws: `ShellError` `.invalidValue` for an empty text or an invalid literal.
  public static func read(_ text: String) throws(ShellError) -> Reading {
    let trimmed = text.trimmingWhitespace
    var parser = Parser(characters: Array(trimmed))
    if parser.characters.isEmpty { throw ShellError(.invalidValue, "expected a value") }
    if let word = parser.bareWord() {
      return Reading(value: .string(word), looksLikeALiteral: false)
    }
    let value = try? parser.value(depth: 0)
    parser.skipSpace()
    if let value, parser.index == parser.characters.count {
      if let invalid = parser.invalid { throw invalid }
      return Reading(value: value, looksLikeALiteral: false)
    }
    let first = parser.characters[0]
    return Reading(value: .string(trimmed), looksLikeALiteral: "[{'\"".contains(first))
  }

  struct Parser {
    var characters: [Character]
    var index = 0
    /// The first literal that parsed but is invalid (it makes the whole value an error
    /// only if the text turns out to be a complete literal).
    var invalid: ShellError?

    mutating func noteInvalid(_ message: String) {
      if invalid == nil { invalid = ShellError(.invalidValue, message) }
    }

    var current: Character? { index < characters.count ? characters[index] : nil }

    mutating func skipSpace() {
      while let c = current, c.isWhitespace { index += 1 }
    }

    /// The whole text when it is one word that no literal starts like.
    func bareWord() -> String? {
      guard let first = characters.first,
        !"'\"[{-+.".contains(first), !first.isNumber,
        !characters.contains(where: { $0.isWhitespace || "()[]{},:'\"".contains($0) })
      else { return nil }
      let word = String(characters)
      return ["true", "false", "null"].contains(word.lowercased()) ? nil : word
    }

    mutating func expect(_ character: Character, _ what: String) throws(ShellError) {
      skipSpace()
      guard current == character else {
        throw ShellError(.invalidValue, "expected \(what) at column \(index + 1)")
      }
      index += 1
    }

    mutating func value(depth: Int) throws(ShellError) -> Value {
      guard depth < 100 else { throw ShellError(.invalidValue, "value nested too deeply") }
      skipSpace()
      guard let c = current else { throw ShellError(.invalidValue, "expected a value at the end") }
      switch c {
      case "'", "\"": return .string(try string())
      case "[":
        index += 1
        var items: [Value] = []
        skipSpace()
        if current == "]" {
          index += 1
          return .list(items)
        }
        while true {
          items.append(try value(depth: depth + 1))
          skipSpace()
          if current == "," {
            index += 1
            continue
          }
          try expect("]", "',' or ']' in the list")
          return .list(items)
        }
      case "{":
        index += 1
        var entries: [String: Value] = [:]
        skipSpace()
        if current == "}" {
          index += 1
          return .map(entries)
        }
        while true {
          skipSpace()
          let key = try mapKey()
          try expect(":", "':' after the key '\(key)'")
          entries[key] = try value(depth: depth + 1)
          skipSpace()
          if current == "," {
            index += 1
            continue
          }
          try expect("}", "',' or '}' in the map")
          return .map(entries)
        }
      default:
        if c.isNumber || c == "-" || c == "+" || c == "." { return try number() }
        let word = identifier()
        switch word.lowercased() {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        case "date":
          try expect("(", "'(' after date")
          skipSpace()
          let text = try string()
          try expect(")", "')' to close date(")
          guard let date = LocalDate(iso: text) else {
            noteInvalid("'\(text)' is not a date; write date('2023-07-20')")
            return .null
          }
          return .date(date)
        default:
          throw ShellError(
            .invalidValue, "expected a value at column \(index + 1); quote text: '…'")
        }
      }
    }

    mutating func identifier() -> String {
      let start = index
      while let c = current, c.isLetter || c.isNumber || c == "_" { index += 1 }
      return String(characters[start..<index])
    }

    mutating func mapKey() throws(ShellError) -> String {
      if current == "'" || current == "\"" { return try string() }
      if current == "`" {
        index += 1
        let start = index
        while let c = current, c != "`" { index += 1 }
        let key = String(characters[start..<index])
        try expect("`", "'`' to close the key")
        return key
      }
      let key = identifier()
      guard !key.isEmpty else {
        throw ShellError(.invalidValue, "expected a key at column \(index + 1)")
      }
      return key
    }

    mutating func string() throws(ShellError) -> String {
      guard let quote = current, quote == "'" || quote == "\"" else {
        throw ShellError(.invalidValue, "expected a quoted string at column \(index + 1)")
      }
      index += 1
      var out = ""
      while let c = current {
        index += 1
        if c == quote { return out }
        guard c == "\\" else {
          out.append(c)
          continue
        }
        guard let escaped = current else { break }
        index += 1
        switch escaped {
        case "n": out.append("\n")
        case "t": out.append("\t")
        case "r": out.append("\r")
        case "u":
          let hex = String(characters[index..<min(index + 4, characters.count)])
          guard hex.count == 4, let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code)
          else { throw ShellError(.invalidValue, "expected four hex digits after \\u") }
          out.unicodeScalars.append(scalar)
          index += 4
        default: out.append(escaped)
        }
      }
      throw ShellError(.invalidValue, "the string is not closed; add \(quote)")
    }

    mutating func number() throws(ShellError) -> Value {
      let start = index
      if current == "-" || current == "+" { index += 1 }
      while let c = current, c.isASCII,
        c.isNumber || c == "." || c == "e" || c == "E" || c == "_"
          || ((c == "-" || c == "+")
            && (characters[index - 1] == "e" || characters[index - 1] == "E"))
      {
        index += 1
      }
      let text = String(characters[start..<index]).replacing("_", with: "")
      if let int = Int64(text) { return .int(int) }
      guard let double = Double(text), text.contains(where: { $0.isNumber }) else {
        throw ShellError(.invalidValue, "'\(text)' is not a number")
      }
      if !text.contains(where: { ".eE".contains($0) }) {
        noteInvalid(
          "the integer \(text) does not fit 64 bits (\(Int64.min) to \(Int64.max)); "
            + "quote it to pass it as text")
      } else if !double.isFinite {
        noteInvalid("the number \(text) is too large for a float; quote it to pass it as text")
      }
      return .float(double)
    }
  }
}
