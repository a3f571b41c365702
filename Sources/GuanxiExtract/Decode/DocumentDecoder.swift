/// A document's text as the extractor reads it, with what its source says about it.
struct DecodedDocument: Sendable {
  var text: String
  var metadata: PageMetadata
  var isHTML: Bool
}

/// The first stage of extraction: a file's bytes become the text the rules read.
///
/// A web page goes through `CharsetSniffer` (its encoding), `HTMLReader` (a tolerant tree
/// of its elements) and `ArticleExtractor` (its article, headline and date line, and its
/// metadata); any other file through `TextDecoder`. A file is a web page by its name
/// (`.html`, `.htm`, `.shtml`, `.xhtml`) or, whatever its name, by its content
/// (`looksLikeHTML`). Both `ExtractionPipeline` and `evidenceSentence` decode through
/// here, so spans count in the same text when the shell shows a fact's sentence.
///
/// Example: a GBK page `<html><head><title>某区召开大会_某区政府</title></head><body>…` named
/// `a.htm` decodes to `某区召开大会\n发布时间：…\n…` with the title in its metadata.
enum DocumentDecoder {
  static let htmlExtensions: Set<String> = ["html", "htm", "shtml", "xhtml"]
  /// How far into a file its content is looked at to tell a page from text.
  static let sniffLength = 1024

  static func decode(_ bytes: [UInt8], name: String) -> Result<DecodedDocument, TextDecoder.Failure>
  {
    guard hasHTMLExtension(name) || looksLikeHTML(bytes) else {
      return TextDecoder.decode(bytes).map {
        DecodedDocument(text: $0, metadata: PageMetadata(), isHTML: false)
      }
    }
    let isUTF16 = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
    if !isUTF16 && bytes.contains(0) { return .failure(.binary) }
    let page = HTMLPage(bytes: bytes)
    return TextDecoder.check(page.text).map {
      DecodedDocument(text: $0, metadata: page.metadata, isHTML: true)
    }
  }

  static func hasHTMLExtension(_ name: String) -> Bool {
    guard let dot = name.lastIndex(of: "."), !name[dot...].contains("/") else { return false }
    return htmlExtensions.contains(name[name.index(after: dot)...].lowercased())
  }

  /// Whether the file starts, after a byte order mark, white space and comments (a saved
  /// page's `<!-- saved from url=… -->`), with `<!DOCTYPE html`, `<html`, or another tag
  /// followed soon by `<html`, `<head`, `<body` or `<meta` (a page missing its first tags,
  /// `<?xml …?><html …>`).
  static func looksLikeHTML(_ bytes: [UInt8]) -> Bool {
    var head = Array(bytes.prefix(sniffLength * 2))
    if head.starts(with: [0xEF, 0xBB, 0xBF]) {
      head.removeFirst(3)
    } else if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
      // UTF-16: the low byte of each unit, enough to see ASCII markup.
      let low = head[0] == 0xFF ? 0 : 1
      head = stride(from: 2 + low, to: head.count, by: 2).map { head[$0] }
    }
    var i = 0
    while true {
      while i < head.count && isHTMLSpace(head[i]) { i += 1 }
      guard starts(head, "<!--", at: i) else { break }
      guard let end = find(head, "-->", from: i + 4) else { return false }
      i = end + 3
    }
    guard i < head.count, head[i] == UInt8(ascii: "<") else { return false }
    if starts(head, "<!doctype html", at: i) || starts(head, "<html", at: i) { return true }
    let window = Array(head[i..<min(head.count, i + sniffLength)])
    return ["<html", "<head", "<body", "<meta"].contains { find(window, $0, from: 1) != nil }
  }

  /// Whether `pattern` (lower case ASCII) is at `i`, in any case.
  private static func starts(_ bytes: [UInt8], _ pattern: String, at i: Int) -> Bool {
    let pattern = Array(pattern.utf8)
    guard i + pattern.count <= bytes.count else { return false }
    for k in pattern.indices {
      let b = bytes[i + k]
      if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != pattern[k] { return false }
    }
    return true
  }

  private static func find(_ bytes: [UInt8], _ pattern: String, from start: Int) -> Int? {
    var i = start
    while i < bytes.count {
      if starts(bytes, pattern, at: i) { return i }
      i += 1
    }
    return nil
  }
}
