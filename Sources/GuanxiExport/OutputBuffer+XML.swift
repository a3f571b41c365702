import GuanxiGraph

/// XML text for GraphML and GEXF, written straight into an `OutputBuffer`.
///
/// One escaping serves element content and double-quoted attribute values, so the
/// output is well-formed XML 1.0 whatever the data holds:
/// - `&`, `<`, `>` and `"` become `&amp;`, `&lt;`, `&gt;` and `&quot;`;
/// - tab, line feed and carriage return become `&#9;`, `&#10;` and `&#13;`, so they
///   survive the normalisation of attribute values and of line ends;
/// - the characters XML 1.0 forbids even as references (U+0000-U+0008, U+000B, U+000C,
///   U+000E-U+001F, U+FFFE, U+FFFF) become U+FFFD REPLACEMENT CHARACTER, one for one,
///   so a string keeps its length in Unicode scalars and provenance spans still count
///   right;
/// - everything else, Chinese included, is UTF-8 as it is.
///
/// Values: booleans `true`/`false`, integers in decimal, floats in Swift's shortest
/// round-trip form or `NaN`, `INF`, `-INF` (XML Schema's spelling, which Python reads),
/// dates `YYYY-MM-DD`, lists and maps as their JSON text (see `OutputBuffer+JSON`).
extension OutputBuffer {
  /// The replacement for each byte below 0x40 that needs one.
  static let xmlEscapes: [[UInt8]?] = {
    var table = [[UInt8]?](repeating: nil, count: 0x40)
    for b in 0..<0x20 { table[b] = Array("\u{FFFD}".utf8) }
    table[0x09] = Array("&#9;".utf8)
    table[0x0A] = Array("&#10;".utf8)
    table[0x0D] = Array("&#13;".utf8)
    table[Int(UInt8(ascii: "&"))] = Array("&amp;".utf8)
    table[Int(UInt8(ascii: "<"))] = Array("&lt;".utf8)
    table[Int(UInt8(ascii: ">"))] = Array("&gt;".utf8)
    table[Int(UInt8(ascii: "\""))] = Array("&quot;".utf8)
    return table
  }()

  /// UTF-8 text, escaped for XML content or a double-quoted attribute.
  func xmlText(utf8 text: UnsafeBufferPointer<UInt8>) {
    guard let base = text.baseAddress else { return }
    OutputBuffer.xmlEscapes.withUnsafeBufferPointer { escapes in
      var runStart = 0
      var i = 0
      while i < text.count {
        let b = base[i]
        var replacement: [UInt8]? = nil
        var width = 1
        if b < 0x40 {
          replacement = escapes[Int(b)]
        } else if b == 0xEF, i + 2 < text.count, base[i + 1] == 0xBF, base[i + 2] >= 0xBE {
          // U+FFFE or U+FFFF.
          replacement = OutputBuffer.xmlEscapes[0]
          width = 3
        }
        guard let replacement else {
          i += 1
          continue
        }
        if i > runStart { bytes(UnsafeBufferPointer(start: base + runStart, count: i - runStart)) }
        bytes(replacement)
        i += width
        runStart = i
      }
      if text.count > runStart {
        bytes(UnsafeBufferPointer(start: base + runStart, count: text.count - runStart))
      }
    }
  }

  /// Text escaped for XML content or a double-quoted attribute.
  func xmlText(_ text: String) {
    var text = text
    text.withUTF8 { xmlText(utf8: $0) }
  }

  /// A value as XML text (escaped, without quotes or tags).
  func xmlValue(_ value: Value) {
    switch value {
    case .null: break
    case .bool(let b): if b { ascii("true") } else { ascii("false") }
    case .int(let i): decimal(i)
    case .float(let d):
      if d.isFinite {
        string(d.description)
      } else if d.isNaN {
        ascii("NaN")
      } else {
        ascii(d < 0 ? "-INF" : "INF")
      }
    case .string(let s): xmlText(s)
    case .date(let d): isoDate(d)
    case .list(let items) where items.allSatisfy(\.isJSONNumberOrLiteral):
      // The common case (`span`): JSON text with nothing to escape, written directly.
      jsonValue(value)
    case .list, .map:
      xmlText(utf8: OutputBuffer.collecting { $0.jsonValue(value) })
    }
  }

  func xmlText(utf8 bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { xmlText(utf8: $0) }
  }

  /// `<edge id="eID" source="nA" target="nB`, the closing quote left to the caller.
  func xmlEdgeStart(_ id: Int64, _ source: NodeID, _ target: NodeID) {
    ascii("<edge id=\"e")
    decimal(id)
    ascii("\" source=\"n")
    decimal(Int64(source.rawValue))
    ascii("\" target=\"n")
    decimal(Int64(target.rawValue))
  }

  /// A network edge's shared meetings (places), escaped: `PersonNetwork.sharedText`.
  func xmlShared(_ edge: PersonNetwork.Edge, _ walk: NetworkWalk) {
    for (k, hub) in edge.shared.enumerated() {
      if k > 0 { ascii("; ") }
      xmlText(utf8: walk.entry(hub))
    }
  }
}

extension Value {
  /// Whether the JSON text of this value has no character XML must escape.
  fileprivate var isJSONNumberOrLiteral: Bool {
    switch self {
    case .null, .bool, .int, .float: true
    default: false
    }
  }
}
