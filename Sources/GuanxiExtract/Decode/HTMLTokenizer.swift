/// A start or end tag as the tokenizer read it.
struct HTMLTagToken {
  var tag: HTMLTag
  /// The lower-case name when `tag` is `.other` (so `</o:p>` finds `<o:p>`), else empty.
  var name: String
  /// The attributes the reader uses (`HTMLTokenizer.keptAttributes`), names lower-case,
  /// values with their character references decoded; the first of a repeated name wins.
  var attributes: [(name: String, value: String)]
  var isSelfClosing: Bool

  /// The value of the attribute `name`, if the tag has it.
  func attribute(_ name: String) -> String? {
    attributes.first { $0.name == name }?.value
  }
}

/// One token of an HTML page.
enum HTMLToken {
  /// Text, its character references decoded: a range of `HTMLTokenizer.text`.
  case text(Range<Int>)
  case startTag(HTMLTagToken)
  case endTag(HTMLTagToken)
}

/// Splits the bytes of a page into text and tags, as tolerantly as a browser does.
///
/// It works on bytes of any ASCII-compatible encoding (UTF-8, GB18030, Big5: none of
/// their multi-byte sequences contains `<`, `>`, `=`, a quote or white space), so the
/// same code reads the decoded page and prescans the raw bytes for a `<meta charset>`.
///
/// What it accepts, after HTML's tokenizer: attribute values in double, single or no
/// quotes, attributes without values, upper-case names, a `<` that starts no tag (kept
/// as text), comments (`<!-- -->`, also unterminated: they run to the end, as in a
/// browser), doctypes, `<![CDATA[…]]>` and `<?xml …?>` (skipped), end tags with
/// attributes, and raw text in `<script>`, `<style>`, `<textarea>`, `<title>` (up to the
/// matching end tag, whatever it holds). A tag cut off by the end of the file is dropped.
/// Comments and doctypes produce no token. Every step consumes at least one byte, so the
/// tokenizer always ends, in time linear in the input.
///
/// Example: `<p class=lead>区委书记&nbsp;王伟<br/>主持</p>` gives a start tag `p` (class
/// `lead`), the text `区委书记\u{A0}王伟`, a start tag `br`, the text `主持` and an end
/// tag `p`.
struct HTMLTokenizer {
  /// Attributes kept in tag tokens; the reader needs no others.
  static let keptAttributes: Set<String> = [
    "id", "class", "style", "hidden", "name", "property", "http-equiv", "content", "charset",
    "itemprop",
  ]

  let bytes: UnsafeBufferPointer<UInt8>
  private(set) var position = 0
  /// The decoded text of every text token, one after another.
  var text: [UInt8] = []
  /// After the start tag of a raw-text element: the element, until its end tag.
  private var rawTextElement: HTMLTagToken? = nil

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  /// The next token, or nil at the end of the input.
  mutating func next() -> HTMLToken? {
    if let element = rawTextElement {
      rawTextElement = nil
      if let token = readRawText(of: element) { return token }
    }
    while position < bytes.count {
      if bytes[position] == UInt8(ascii: "<"), startsMarkup(at: position + 1) {
        if let token = readMarkup() { return token }
      } else {
        return readText()
      }
    }
    return nil
  }

  // MARK: Text

  /// Whether the `<` before `i` opens markup (a tag, an end tag, a comment, a doctype).
  private func startsMarkup(at i: Int) -> Bool {
    guard i < bytes.count else { return false }
    let b = bytes[i]
    return isASCIILetter(b) || b == UInt8(ascii: "/") || b == UInt8(ascii: "!")
      || b == UInt8(ascii: "?")
  }

  private mutating func readText() -> HTMLToken {
    let start = text.count
    while position < bytes.count {
      let b = bytes[position]
      if b == UInt8(ascii: "<") {
        if startsMarkup(at: position + 1) { break }
      } else if b == UInt8(ascii: "&") {
        if let next = HTMLEntities.decodeReference(
          bytes, at: position, end: bytes.count, inAttribute: false, into: &text)
        {
          position = next
          continue
        }
      }
      text.append(b)
      position += 1
    }
    return .text(start..<text.count)
  }

  /// The content of a raw-text element up to its end tag: a text token for `<title>`
  /// (references decoded), nothing for scripts and styles.
  private mutating func readRawText(of element: HTMLTagToken) -> HTMLToken? {
    let name = Array((element.tag == .other ? element.name : element.tag.rawValue).utf8)
    let start = position
    var end = bytes.count
    var i = position
    while i + 1 < bytes.count {
      if bytes[i] == UInt8(ascii: "<"), bytes[i + 1] == UInt8(ascii: "/"),
        matchesName(name, at: i + 2)
      {
        end = i
        break
      }
      i += 1
    }
    position = end
    guard element.tag.decodesReferences, end > start else { return nil }
    let textStart = text.count
    var j = start
    while j < end {
      if bytes[j] == UInt8(ascii: "&"),
        let next = HTMLEntities.decodeReference(
          bytes, at: j, end: end, inAttribute: false, into: &text)
      {
        j = next
      } else {
        text.append(bytes[j])
        j += 1
      }
    }
    return .text(textStart..<text.count)
  }

  /// Whether `name` (lower case) is at `i`, in any case, followed by the end of a tag name.
  private func matchesName(_ name: [UInt8], at i: Int) -> Bool {
    guard i + name.count <= bytes.count else { return false }
    for k in 0..<name.count where lower(bytes[i + k]) != name[k] { return false }
    let after = i + name.count
    return after == bytes.count || isHTMLSpace(bytes[after]) || bytes[after] == UInt8(ascii: "/")
      || bytes[after] == UInt8(ascii: ">")
  }

  // MARK: Markup

  /// Reads markup at `position` (a `<` that opens some): a tag token, or nil for a
  /// comment, a doctype or a dropped tag.
  private mutating func readMarkup() -> HTMLToken? {
    let next = bytes[position + 1]
    if next == UInt8(ascii: "!") {
      if hasPrefix("<!--", at: position) {
        skipComment()
      } else {
        skipPast(UInt8(ascii: ">"), from: position + 2)
      }
      return nil
    }
    if next == UInt8(ascii: "?") {
      skipPast(UInt8(ascii: ">"), from: position + 2)
      return nil
    }
    if next == UInt8(ascii: "/") {
      guard position + 2 < bytes.count else {
        position = bytes.count
        return nil
      }
      let first = bytes[position + 2]
      if first == UInt8(ascii: ">") {
        position += 3
        return nil
      }
      guard isASCIILetter(first) else {
        skipPast(UInt8(ascii: ">"), from: position + 2)
        return nil
      }
      position += 2
      guard let tag = readTag() else { return nil }
      return .endTag(tag)
    }
    position += 1
    guard let tag = readTag() else { return nil }
    if tag.tag.isRawText { rawTextElement = tag }
    return .startTag(tag)
  }

  /// Skips `<!-- … -->` (also `<!-->`, `<!--->` and `--!>`); an unterminated comment runs
  /// to the end of the input.
  private mutating func skipComment() {
    var i = position + 4
    if i < bytes.count, bytes[i] == UInt8(ascii: ">") {
      position = i + 1
      return
    }
    if hasPrefix("->", at: i) {
      position = i + 2
      return
    }
    while i + 1 < bytes.count {
      if bytes[i] == UInt8(ascii: "-"), bytes[i + 1] == UInt8(ascii: "-") {
        if i + 2 < bytes.count, bytes[i + 2] == UInt8(ascii: ">") {
          position = i + 3
          return
        }
        if hasPrefix("!>", at: i + 2) {
          position = i + 4
          return
        }
      }
      i += 1
    }
    position = bytes.count
  }

  /// Moves past the next `byte` at or after `i` (or to the end).
  private mutating func skipPast(_ byte: UInt8, from i: Int) {
    var i = i
    while i < bytes.count, bytes[i] != byte { i += 1 }
    position = min(i + 1, bytes.count)
  }

  private func hasPrefix(_ prefix: StaticString, at i: Int) -> Bool {
    let count = prefix.utf8CodeUnitCount
    guard i + count <= bytes.count else { return false }
    return prefix.withUTF8Buffer { p in (0..<count).allSatisfy { bytes[i + $0] == p[$0] } }
  }

  /// Reads a tag's name and attributes from `position` (at the name's first letter)
  /// through its `>`. Nil when the input ends inside the tag.
  private mutating func readTag() -> HTMLTagToken? {
    let nameStart = position
    while position < bytes.count, !isHTMLSpace(bytes[position]),
      bytes[position] != UInt8(ascii: "/"),
      bytes[position] != UInt8(ascii: ">")
    {
      position += 1
    }
    let name = lowercaseString(nameStart..<position)
    let tag = HTMLTag(name: name)
    var token = HTMLTagToken(
      tag: tag, name: tag == .other ? name : "", attributes: [], isSelfClosing: false)
    while position < bytes.count {
      let b = bytes[position]
      if isHTMLSpace(b) {
        position += 1
      } else if b == UInt8(ascii: ">") {
        position += 1
        return token
      } else if b == UInt8(ascii: "/") {
        position += 1
        if position < bytes.count, bytes[position] == UInt8(ascii: ">") {
          token.isSelfClosing = true
          position += 1
          return token
        }
      } else {
        guard readAttribute(into: &token) else { break }
      }
    }
    position = bytes.count
    return nil
  }

  /// Reads one attribute at `position`; false when the input ends inside its value.
  private mutating func readAttribute(into token: inout HTMLTagToken) -> Bool {
    let nameStart = position
    // The first character may be `=` (HTML reads it as part of the name).
    position += 1
    while position < bytes.count {
      let b = bytes[position]
      if isHTMLSpace(b) || b == UInt8(ascii: "/") || b == UInt8(ascii: ">")
        || b == UInt8(ascii: "=")
      {
        break
      }
      position += 1
    }
    let nameRange = nameStart..<position
    while position < bytes.count, isHTMLSpace(bytes[position]) { position += 1 }
    var valueRange = position..<position
    if position < bytes.count, bytes[position] == UInt8(ascii: "=") {
      position += 1
      while position < bytes.count, isHTMLSpace(bytes[position]) { position += 1 }
      guard position < bytes.count else { return false }
      let quote = bytes[position]
      if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
        let start = position + 1
        var end = start
        while end < bytes.count, bytes[end] != quote { end += 1 }
        guard end < bytes.count else { return false }
        valueRange = start..<end
        position = end + 1
      } else {
        let start = position
        while position < bytes.count, !isHTMLSpace(bytes[position]),
          bytes[position] != UInt8(ascii: ">")
        {
          position += 1
        }
        valueRange = start..<position
      }
    }
    let name = lowercaseString(nameRange)
    if Self.keptAttributes.contains(name), token.attribute(name) == nil {
      let raw = String(decoding: bytes[valueRange], as: UTF8.self)
      token.attributes.append((name, HTMLEntities.decode(raw, inAttribute: true)))
    }
    return true
  }

  private func lowercaseString(_ range: Range<Int>) -> String {
    let start = range.lowerBound
    return String(unsafeUninitializedCapacity: range.count) { buffer in
      var k = 0
      while k < buffer.count {
        buffer[k] = lower(bytes[start + k])
        k += 1
      }
      return k
    }
  }
}

@inline(__always)
private func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

@inline(__always)
private func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

/// HTML's white space: space, tab, line feed, form feed, carriage return.
@inline(__always)
func isHTMLSpace(_ b: UInt8) -> Bool {
  b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D
}
