/// The visible text of a page as a browser lays it out: one `Line` per run of inline
/// text between block boundaries (`<p>`, `<div>`, `<td>`, `<li>`, `<br>`…), white space
/// collapsed (except in `<pre>`), with what the article finder needs to know about each.
///
/// Left out: the head, scripts, styles, form controls, embedded objects and hidden
/// elements (`hidden`, `display:none`). Kept but marked `isFurniture`: text inside
/// `<nav>`, `<footer>`, `<aside>` and elements whose class or id says navigation, menu,
/// footer, share bar, comments, breadcrumbs and the like (`BlockHint`).
///
/// Example: `<div>区委书记<b>王伟</b>主持<br>会议强调</div>` gives two lines, `区委书记王伟主持`
/// and `会议强调`, both in the `div`.
struct PageLines {
  struct Line {
    var text: String
    /// The first text node of the line.
    var node: Int32
    /// The nearest block element around the line (-1 at the top).
    var block: Int32
    var isFurniture: Bool
    /// Visible characters (Unicode scalars that are not white space).
    var characterCount: Int32 = 0
    var hanCount: Int32 = 0
    /// Visible characters inside links.
    var linkCharacterCount: Int32 = 0
    /// Commas, enumeration commas, full stops and the like: prose has many, menus none.
    var punctuationCount: Int32 = 0
    /// Sentence ends (`。！？`).
    var sentenceEndCount: Int32 = 0
  }

  var lines: [Line] = []

  init(_ tree: HTMLTree) {
    var collector = Collector(tree: tree)
    collector.run()
    lines = collector.lines
  }
}

private struct Collector {
  let tree: HTMLTree
  var lines: [PageLines.Line] = []

  /// An open element that has children.
  struct Frame {
    var index: Int32
    /// The nearest block element: the element itself if it is one.
    var block: Int32
    var isFurniture: Bool
  }

  /// Open elements, innermost last.
  var open: [Frame] = []
  var furnitureDepth = 0
  var linkDepth = 0
  var preDepth = 0

  var buffer: [UInt8] = []
  var hasPendingSpace = false
  var line = PageLines.Line(text: "", node: -1, block: -1, isFurniture: false)

  init(tree: HTMLTree) { self.tree = tree }

  mutating func run() {
    let nodes = tree.nodes
    var i = 0
    while i < nodes.count {
      while let top = open.last, i >= Int(nodes[Int(top.index)].subtreeEnd) { close() }
      let node = nodes[i]
      if node.isText {
        appendText(of: node, index: Int32(i))
        i += 1
        continue
      }
      if node.tag.isInvisible || node.isHidden {
        i = max(i + 1, Int(node.subtreeEnd))
        continue
      }
      if node.tag == .br || node.tag == .hr || node.tag.isBlock { flush() }
      if Int(node.subtreeEnd) > i + 1 { enter(Int32(i)) }
      i += 1
    }
    while !open.isEmpty { close() }
    flush()
  }

  private mutating func enter(_ index: Int32) {
    let node = tree.nodes[Int(index)]
    let isFurniture = node.tag.isFurniture || BlockHint.isFurniture(node.hint)
    open.append(
      Frame(
        index: index, block: node.tag.isBlock ? index : (open.last?.block ?? -1),
        isFurniture: isFurniture))
    if isFurniture { furnitureDepth += 1 }
    if node.tag == .a { linkDepth += 1 }
    if node.tag == .pre || node.tag == .listing { preDepth += 1 }
  }

  private mutating func close() {
    guard let frame = open.popLast() else { return }
    let tag = tree.nodes[Int(frame.index)].tag
    if frame.isFurniture { furnitureDepth -= 1 }
    if tag == .a { linkDepth -= 1 }
    if tag == .pre || tag == .listing { preDepth -= 1 }
    if tag.isBlock { flush() }
  }

  private mutating func appendText(of node: HTMLTree.Node, index: Int32) {
    let text = tree.text
    var i = Int(node.textStart)
    let end = Int(node.textEnd)
    while i < end {
      let b = text[i]
      if preDepth > 0 && b == 0x0A {
        flush()
        i += 1
        continue
      }
      if isHTMLSpace(b) && preDepth == 0 {
        if !buffer.isEmpty { hasPendingSpace = true }
        i += 1
        continue
      }
      // One scalar: its bytes, then its value for the counts.
      let width = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
      let scalarEnd = min(i + width, end)
      if buffer.isEmpty {
        line = PageLines.Line(
          text: "", node: index, block: open.last?.block ?? -1, isFurniture: furnitureDepth > 0)
      } else if hasPendingSpace {
        buffer.append(0x20)
      }
      hasPendingSpace = false
      buffer.append(contentsOf: text[i..<scalarEnd])
      count(scalarValue(text, i, scalarEnd))
      i = scalarEnd
    }
  }

  private mutating func count(_ value: UInt32) {
    guard let scalar = Unicode.Scalar(value), !scalar.isSpaceLike else { return }
    line.characterCount += 1
    if linkDepth > 0 { line.linkCharacterCount += 1 }
    if scalar.isHan {
      line.hanCount += 1
      return
    }
    switch value {
    case 0x3002, 0xFF01, 0xFF1F:  // 。！？
      line.sentenceEndCount += 1
      line.punctuationCount += 1
    case 0xFF0C, 0x3001, 0xFF1B, 0xFF1A, 0x201C, 0x201D:  // ，、；：“”
      line.punctuationCount += 1
    default:
      break
    }
  }

  private mutating func flush() {
    hasPendingSpace = false
    guard !buffer.isEmpty else { return }
    if line.characterCount > 0 {
      line.text = String(decoding: buffer, as: UTF8.self)
      lines.append(line)
    }
    buffer.removeAll(keepingCapacity: true)
  }
}

/// The scalar value of the UTF-8 bytes `text[i..<end]` (U+FFFD if cut short).
@inline(__always)
private func scalarValue(_ text: [UInt8], _ i: Int, _ end: Int) -> UInt32 {
  let b0 = UInt32(text[i])
  switch end - i {
  case 1: return b0 < 0x80 ? b0 : 0xFFFD
  case 2: return (b0 & 0x1F) << 6 | UInt32(text[i + 1] & 0x3F)
  case 3:
    return (b0 & 0x0F) << 12 | UInt32(text[i + 1] & 0x3F) << 6 | UInt32(text[i + 2] & 0x3F)
  default:
    return (b0 & 0x07) << 18 | UInt32(text[i + 1] & 0x3F) << 12 | UInt32(text[i + 2] & 0x3F)
      << 6 | UInt32(text[i + 3] & 0x3F)
  }
}

/// What an element's `class` and `id` say it is for.
///
/// Furniture (left out of the article): navigation, menus, footers, breadcrumbs, share
/// bars, comments, side bars, copyright lines, banners, search and login boxes, related
/// and recommended links, pagination, QR codes (also in the pinyin initials Chinese sites
/// use: `dqwz` 当前位置, `dh` 导航, `fx` 分享, `ewm` 二维码) — unless a content word is there
/// too (`nav-content`). Content words (`content`, `article`, `zoom`, `TRS_Editor`,
/// `detail`, `text`, `zw` 正文, `nr` 内容…) add to a block's score, and weaker furniture
/// words (`header`, `list`, `hot`, `rank`, `tool`…) take from it.
enum BlockHint {
  static let furnitureWords = [
    "nav", "menu", "footer", "breadcrumb", "crumb", "share", "comment", "sidebar", "copyright",
    "banner", "login", "search", "toolbar", "friendlink", "youqing", "related", "recommend",
    "pagination", "pager", "bdshare", "jiathis", "qrcode", "erweima", "position", "location",
    "weizhi", "dqwz",
  ]
  static let furnitureTokens: Set<String> = ["dh", "fx", "ewm", "foot", "bottom", "ad", "ads"]
  static let contentWords = [
    "content", "article", "zoom", "trs_editor", "trs_ueditor", "unionstyle", "detail", "text",
    "main", "entry", "story", "zhengwen",
  ]
  static let contentTokens: Set<String> = ["con", "zw", "nr", "art", "xl", "txt", "body", "view"]
  static let weakFurnitureWords = [
    "header", "head", "hot", "rank", "list", "side", "tool", "print", "logo", "more", "sponsor",
    "widget", "popup", "link", "top",
  ]

  static func isFurniture(_ hint: String) -> Bool {
    guard !hint.isEmpty else { return false }
    return matches(hint, furnitureWords, furnitureTokens) && !isContent(hint)
  }

  static func isContent(_ hint: String) -> Bool {
    matches(hint, contentWords, contentTokens)
  }

  /// +25 for a content word, -25 for a furniture word (weak or strong); both can apply.
  static func weight(_ hint: String) -> Double {
    guard !hint.isEmpty else { return 0 }
    var weight = 0.0
    if isContent(hint) { weight += 25 }
    if matches(hint, furnitureWords + weakFurnitureWords, furnitureTokens) { weight -= 25 }
    return weight
  }

  /// Whether `hint` contains one of `words`, or one of `tokens` between characters other
  /// than ASCII letters and digits.
  private static func matches(_ hint: String, _ words: [String], _ tokens: Set<String>) -> Bool {
    if hint.containsUTF8(anyOf: words) { return true }
    var hint = hint
    return hint.withUTF8 { bytes in
      var start = 0
      for i in 0...bytes.count {
        guard i == bytes.count || !isASCIIAlphanumeric(bytes[i]) else { continue }
        if i > start,
          tokens.contains(
            String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
        {
          return true
        }
        start = i + 1
      }
      return false
    }
  }
}
