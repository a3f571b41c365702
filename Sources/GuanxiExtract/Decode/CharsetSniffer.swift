import Foundation

/// Finds the character encoding of a saved web page and decodes it.
///
/// In order:
/// 1. a byte order mark (UTF-8, UTF-16 LE or BE) decides;
/// 2. a declaration in the first `prescanLength` bytes: `<meta charset="gbk">` or
///    `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">` (read with
///    the page tokenizer, so a declaration inside a comment or a script does not count);
/// 3. otherwise (or when the declared encoding does not decode the bytes) the content:
///    UTF-8 when it is valid, or nearly (`UTF8Reading.isMostlyValid`); else Big5 when
///    more than a fifth of the two-byte characters have a second byte below 0x80 (GB2312
///    text never has one, Big5 text very often) and Big5 decodes the bytes; else GB18030.
///
/// GB2312 and GBK are decoded as GB18030, their superset. Big5 (and Big5-HKSCS) is decoded
/// with Foundation's converter, which Linux Foundation provides. A declaration is not
/// believed over the bytes in one case: a page declared in a legacy encoding whose bytes
/// are valid UTF-8 with non-ASCII text is read as UTF-8 (a page saved by a browser, or
/// converted by a tool, keeps its old `<meta>`; GBK or Big5 text is practically never valid
/// UTF-8). Bytes invalid in the chosen encoding become U+FFFD, as in a browser, line by
/// line, so one bad byte costs one character, not the page.
///
/// Example: the bytes of `<meta charset="gb2312"><p>合肥</p>` in GBK decode to that text.
enum CharsetSniffer {
  /// How far into the file a `<meta>` declaration is looked for (HTML says 1024; saved
  /// government pages often put long comments and scripts first).
  static let prescanLength = 8192

  static let gb18030 = TextDecoder.gb18030
  /// Big5 as Foundation numbers it (`kCFStringEncodingBig5` = 0x0A03).
  static let big5 = String.Encoding(rawValue: 0x8000_0A03)
  /// EUC-KR (`kCFStringEncodingEUC_KR` = 0x0940).
  static let eucKR = String.Encoding(rawValue: 0x8000_0940)

  /// The encoding a charset label names, per the WHATWG Encoding standard's labels for the
  /// encodings Chinese pages use; nil for a label it does not know.
  static func encoding(label: String) -> String.Encoding? {
    let label = label.trimmingSpace.lowercased()
    switch label {
    case "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8":
      return .utf8
    // A <meta> that says UTF-16 is read as UTF-8 (an ASCII-compatible prescan found it).
    case "utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2": return .utf8
    case "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn",
      "csgb2312", "chinese", "gb_2312", "gb_2312-80", "iso-ir-58", "csiso58gb231280":
      return gb18030
    case "big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5": return big5
    case "iso-8859-1", "latin1", "l1", "ascii", "us-ascii", "windows-1252", "cp1252",
      "iso8859-1", "iso_8859-1", "cp819", "ibm819", "x-cp1252":
      return .windowsCP1252
    case "shift_jis", "shift-jis", "sjis", "ms_kanji", "windows-31j", "x-sjis": return .shiftJIS
    case "euc-jp", "x-euc-jp": return .japaneseEUC
    case "euc-kr", "ks_c_5601-1987", "korean", "windows-949": return eucKR
    default: return nil
    }
  }

  /// The page's text.
  static func decode(_ bytes: [UInt8]) -> String {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      return String(decoding: bytes[3...], as: UTF8.self)
    }
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
      return decodeUTF16(bytes[2...], isBigEndian: bytes[0] == 0xFE)
    }
    let utf8 = UTF8Reading(bytes)
    if let declared = declaredEncoding(bytes) {
      if declared == .utf8 ? utf8.isMostlyValid : utf8.isValid && utf8.hasNonASCII {
        return utf8.text
      }
      if declared != .utf8, let text = String(data: Data(bytes), encoding: declared) {
        return text
      }
      // The declaration does not fit the bytes: read them as if there were none.
    }
    if utf8.isMostlyValid { return utf8.text }
    if looksLikeBig5(bytes), let text = String(data: Data(bytes), encoding: big5) { return text }
    return decode(bytes, as: gb18030)
  }

  /// The bytes read as UTF-8, invalid sequences replaced, and how well they read.
  struct UTF8Reading {
    var text: String
    var isValid: Bool
    var hasNonASCII: Bool
    /// Valid, or nearly: at most one in fifty non-ASCII characters is a replacement (a
    /// UTF-8 page with a few damaged bytes, not a GBK page, where most would be).
    var isMostlyValid: Bool

    init(_ bytes: [UInt8]) {
      hasNonASCII = bytes.contains { $0 >= 0x80 }
      if let text = String(validating: bytes, as: UTF8.self) {
        self.text = text
        isValid = true
        isMostlyValid = true
        return
      }
      text = String(decoding: bytes, as: UTF8.self)
      isValid = false
      var nonASCII = 0
      var replaced = 0
      for scalar in text.unicodeScalars where scalar.value >= 0x80 {
        nonASCII += 1
        if scalar == "\u{FFFD}" { replaced += 1 }
      }
      isMostlyValid = replaced * 50 <= nonASCII
    }
  }

  /// The encoding a `<meta>` in the first `prescanLength` bytes declares.
  static func declaredEncoding(_ bytes: [UInt8]) -> String.Encoding? {
    let prefix = Array(bytes.prefix(prescanLength))
    return prefix.withUnsafeBufferPointer { buffer -> String.Encoding? in
      var tokenizer = HTMLTokenizer(buffer)
      while let token = tokenizer.next() {
        guard case .startTag(let tag) = token else { continue }
        if tag.tag == .body { return nil }
        guard tag.tag == .meta else { continue }
        if let charset = tag.attribute("charset"), let encoding = encoding(label: charset) {
          return encoding
        }
        if tag.attribute("http-equiv")?.lowercased() == "content-type",
          let content = tag.attribute("content"), let label = charsetParameter(content),
          let encoding = encoding(label: label)
        {
          return encoding
        }
      }
      return nil
    }
  }

  /// The `charset=` parameter of a Content-Type value: `text/html; charset=gb2312` → gb2312.
  static func charsetParameter(_ contentType: String) -> String? {
    // ASCII lower case only, so byte offsets stay those of `contentType`.
    let lower = String(
      decoding: contentType.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    guard let offset = lower.utf8Offset(of: "charset") else { return nil }
    let utf8 = contentType.utf8
    var rest = contentType[utf8.index(utf8.startIndex, offsetBy: offset + 7)...].drop { $0 == " " }
    guard rest.first == "=" else { return nil }
    rest = rest.dropFirst().drop { $0 == " " || $0 == "\"" || $0 == "'" }
    let label = rest.prefix { !($0 == ";" || $0 == " " || $0 == "\"" || $0 == "'") }
    return label.isEmpty ? nil : String(label)
  }

  /// Whether the non-ASCII bytes read as Big5 rather than GB: over a fifth of the pairs
  /// have a trail byte in 0x40–0x7E, which GB2312 never uses and GBK rarely.
  static func looksLikeBig5(_ bytes: [UInt8]) -> Bool {
    var pairs = 0
    var lowTrails = 0
    var i = 0
    while i + 1 < bytes.count {
      let lead = bytes[i]
      if lead >= 0x81 && lead <= 0xFE {
        let trail = bytes[i + 1]
        pairs += 1
        if trail >= 0x40 && trail <= 0x7E { lowTrails += 1 }
        i += 2
      } else {
        i += 1
      }
    }
    return pairs >= 4 && lowTrails * 5 > pairs
  }

  /// Decodes `bytes` in `encoding`, replacing what does not decode with U+FFFD.
  ///
  /// The whole text is tried first; if it fails, each line (the encodings read here never
  /// use the byte 0x0A inside a character), and in a line that fails, each character.
  static func decode(_ bytes: [UInt8], as encoding: String.Encoding) -> String {
    if let text = String(data: Data(bytes), encoding: encoding) { return text }
    var out = ""
    out.reserveCapacity(bytes.count)
    let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
    for (n, line) in lines.enumerated() {
      if n > 0 { out += "\n" }
      if let text = String(data: Data(line), encoding: encoding) {
        out += text
      } else {
        out += decodeCharacters(line, as: encoding)
      }
    }
    return out
  }

  /// Decodes a line that failed as a whole, one character at a time: ASCII bytes as they
  /// are, then sequences of two bytes (four in GB18030 when the second is a digit). As in
  /// the WHATWG decoders, a byte that cannot lead is one U+FFFD, and so is a lead with a
  /// trail that does not decode (both bytes go, unless the trail is ASCII, which stays).
  private static func decodeCharacters(_ line: ArraySlice<UInt8>, as encoding: String.Encoding)
    -> String
  {
    var out = ""
    var i = line.startIndex
    while i < line.endIndex {
      let b = line[i]
      if b < 0x80 {
        out.unicodeScalars.append(Unicode.Scalar(b))
        i += 1
        continue
      }
      var width = 2
      if encoding == gb18030, i + 1 < line.endIndex, (0x30...0x39).contains(line[i + 1]) {
        width = 4
      }
      if i + width <= line.endIndex,
        let text = String(data: Data(line[i..<(i + width)]), encoding: encoding)
      {
        out += text
        i += width
      } else if let text = String(data: Data([b]), encoding: encoding) {
        out += text
        i += 1
      } else {
        out.unicodeScalars.append("\u{FFFD}")
        let canLead = b >= 0x81 && b <= 0xFE
        i += canLead && i + 1 < line.endIndex && line[i + 1] >= 0x80 ? 2 : 1
      }
    }
    return out
  }

  /// UTF-16 after its byte order mark; unpaired surrogates and a trailing odd byte become
  /// U+FFFD.
  private static func decodeUTF16(_ bytes: ArraySlice<UInt8>, isBigEndian: Bool) -> String {
    var units: [UInt16] = []
    units.reserveCapacity(bytes.count / 2)
    var i = bytes.startIndex
    while i + 1 < bytes.endIndex {
      let a = UInt16(bytes[i])
      let b = UInt16(bytes[i + 1])
      units.append(isBigEndian ? a << 8 | b : b << 8 | a)
      i += 2
    }
    var text = String(decoding: units, as: UTF16.self)
    if i < bytes.endIndex { text.unicodeScalars.append("\u{FFFD}") }
    return text
  }
}
