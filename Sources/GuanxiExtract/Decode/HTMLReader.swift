/// A page read into elements and text, in document order.
///
/// Nodes are stored flat, parents before children, so the descendants of node `i` are
/// exactly `i + 1 ..< nodes[i].subtreeEnd`: walking a subtree, or skipping one, needs no
/// recursion and no child lists.
struct HTMLTree {
  struct Node {
    /// The element; `.other` for text nodes.
    var tag: HTMLTag
    var isText: Bool
    /// Index of the parent element, -1 for a node at the top.
    var parent: Int32
    /// Index past the last descendant.
    var subtreeEnd: Int32
    /// Text nodes: the byte range of their text in `HTMLTree.text`.
    var textStart: Int32 = 0
    var textEnd: Int32 = 0
    /// Elements: the `class` and `id` attributes, lower case, space separated, which
    /// name what a block is for (`content`, `nav`, `TRS_Editor`).
    var hint: String = ""
    /// Elements hidden by `hidden` or a `display:none` / `visibility:hidden` style.
    var isHidden = false
  }

  var nodes: [Node] = []
  /// The UTF-8 text of every text node, character references decoded.
  var text: [UInt8] = []
  /// `<meta>` tags with content: (name, property, http-equiv or itemprop lower-cased,
  /// content), in document order.
  var metas: [(key: String, content: String)] = []
  /// The text of the first `<title>`.
  var title = ""

  /// The text of a text node.
  func string(ofText i: Int) -> String {
    let node = nodes[i]
    return String(decoding: text[Int(node.textStart)..<Int(node.textEnd)], as: UTF8.self)
  }
}

/// Builds an `HTMLTree` from a page, tolerating what browsers tolerate.
///
/// A small version of HTML's tree construction: void elements (`<br>`, `<img>`) hold
/// nothing; a block start tag closes an open `<p>`; `<li>`, `<dt>`, `<dd>`, `<tr>`, `<td>`,
/// `<th>`, `<option>` and headings close their open predecessor; an end tag closes
/// everything opened after its element, and is ignored when no such element is open
/// (within a table cell for tags outside it); `</p>` alone makes an empty paragraph and
/// `</br>` a line break, as in browsers; `</body>` and `</html>` are ignored, so text after
/// them is kept; whatever is still open at the end is closed there.
///
/// Bounds: nesting deeper than `maximumDepth` is flattened (the element is added but
/// holds nothing; what follows goes to its parent), and an end tag looks at most
/// `endTagSearchLimit` open elements down for its match, so deeply nested or garbage input
/// costs time linear in its length and no recursion anywhere.
///
/// Example: `<table><tr><td>左栏<td><p>正文一<p>正文二</table>` gives a table with one row of
/// two cells, the second holding two paragraphs.
enum HTMLReader {
  static let maximumDepth = 400
  static let endTagSearchLimit = 100

  /// Reads a page given as UTF-8 bytes.
  static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> HTMLTree {
    var builder = TreeBuilder()
    var tokenizer = HTMLTokenizer(bytes)
    tokenizer.text.reserveCapacity(bytes.count / 2)
    while let token = tokenizer.next() {
      switch token {
      case .text(let range): builder.addText(range, tokenizer.text)
      case .startTag(let tag): builder.start(tag)
      case .endTag(let tag): builder.end(tag)
      }
    }
    builder.closeAll()
    builder.tree.text = tokenizer.text
    return builder.tree
  }

  /// Reads a page given as a string.
  static func read(_ page: String) -> HTMLTree {
    var page = page
    return page.withUTF8 { read($0) }
  }
}

private struct TreeBuilder {
  var tree = HTMLTree()
  /// Open elements, outermost first.
  var stack: [Int32] = []
  /// The tag of each open element, and its name when `.other` (empty for known tags).
  var stackTags: [HTMLTag] = []
  var stackNames: [String] = []
  var hasHead = false
  var hasBody = false

  private var top: Int32 { stack.last ?? -1 }

  mutating func addText(_ range: Range<Int>, _ text: [UInt8]) {
    guard !range.isEmpty else { return }
    let parent = top
    if parent >= 0, tree.nodes[Int(parent)].tag == .title, tree.title.isEmpty {
      tree.title = String(decoding: text[range], as: UTF8.self)
    }
    // Text split by a dropped comment continues the node before it.
    if let last = tree.nodes.indices.last, tree.nodes[last].isText,
      tree.nodes[last].parent == parent, Int(tree.nodes[last].textEnd) == range.lowerBound
    {
      tree.nodes[last].textEnd = Int32(range.upperBound)
      tree.nodes[last].subtreeEnd = Int32(last + 1)
      return
    }
    let index = Int32(tree.nodes.count)
    tree.nodes.append(
      HTMLTree.Node(
        tag: .other, isText: true, parent: parent, subtreeEnd: index + 1,
        textStart: Int32(range.lowerBound), textEnd: Int32(range.upperBound)))
  }

  mutating func start(_ token: HTMLTagToken) {
    let tag = token.tag
    switch tag {
    case .html:
      if !stack.isEmpty || !tree.nodes.isEmpty { return }
    case .head:
      if hasHead || hasBody { return }
      hasHead = true
    case .body:
      if hasBody { return }
      hasBody = true
      if let head = position(of: .head) { pop(through: head) }
    case .meta:
      recordMeta(token)
    default:
      break
    }
    // Body content ends an unclosed head.
    if !isHeadContent(tag), stackTags.last == .head {
      pop(through: stack.count - 1)
    }
    closeImplied(by: tag)
    let index = Int32(tree.nodes.count)
    var node = HTMLTree.Node(tag: tag, isText: false, parent: top, subtreeEnd: index + 1)
    if !token.attributes.isEmpty {
      node.hint = [token.attribute("class"), token.attribute("id")].compactMap { $0 }
        .joined(separator: " ").lowercased()
      node.isHidden = Self.isHidden(token)
    }
    tree.nodes.append(node)
    if !tag.isVoid && stack.count < HTMLReader.maximumDepth {
      stack.append(index)
      stackTags.append(tag)
      stackNames.append(token.name)
    }
  }

  mutating func end(_ token: HTMLTagToken) {
    switch token.tag {
    case .body, .html:
      return
    case .br:
      start(HTMLTagToken(tag: .br, name: "", attributes: [], isSelfClosing: false))
      return
    default:
      break
    }
    if let k = position(of: token.tag, name: token.name) {
      pop(through: k)
    } else if token.tag == .p {
      // `</p>` with no open paragraph: an empty one, a line break.
      start(HTMLTagToken(tag: .p, name: "", attributes: [], isSelfClosing: false))
      if let k = position(of: .p) { pop(through: k) }
    }
  }

  mutating func closeAll() {
    if !stack.isEmpty { pop(through: 0) }
  }

  // MARK: Implied end tags

  /// Closes what a start tag of `tag` implicitly ends.
  private mutating func closeImplied(by tag: HTMLTag) {
    if tag.closesParagraph, let k = position(of: .p) { pop(through: k) }
    switch tag {
    case .li:
      if let k = position(of: [.li], stoppingAt: [.ul, .ol, .menu, .dir]) { pop(through: k) }
    case .dt, .dd:
      if let k = position(of: [.dt, .dd], stoppingAt: [.dl]) { pop(through: k) }
    case .tr:
      if let k = position(of: [.tr], stoppingAt: [.table], withinScope: false) { pop(through: k) }
    case .td, .th:
      if let k = position(of: [.td, .th], stoppingAt: [.tr, .table], withinScope: false) {
        pop(through: k)
      }
    case .thead, .tbody, .tfoot:
      if let k = position(of: [.thead, .tbody, .tfoot], stoppingAt: [.table], withinScope: false) {
        pop(through: k)
      }
    case .option, .optgroup:
      if stackTags.last == .option { pop(through: stack.count - 1) }
    case .h1, .h2, .h3, .h4, .h5, .h6:
      if let last = stackTags.last, last.isHeading { pop(through: stack.count - 1) }
    case .a:
      if let k = position(of: .a) { pop(through: k) }
    default:
      break
    }
  }

  private func isHeadContent(_ tag: HTMLTag) -> Bool {
    switch tag {
    case .head, .title, .meta, .base, .link, .style, .script, .noscript, .template: true
    default: false
    }
  }

  // MARK: The stack

  /// The stack position of the innermost open `tag` (named `name` when `.other`), looking
  /// down no further than an element that scopes it (`stops(_:searchFor:)`) and
  /// `endTagSearchLimit` elements.
  private func position(of tag: HTMLTag, name: String = "") -> Int? {
    var k = stack.count - 1
    let floor = max(0, stack.count - HTMLReader.endTagSearchLimit)
    while k >= floor {
      let open = stackTags[k]
      if open == tag && (tag != .other || stackNames[k] == name) { return k }
      if Self.stops(open, searchFor: tag) { return nil }
      k -= 1
    }
    return nil
  }

  /// Whether an open `open` element ends the search for an open `tag`: a table's parts
  /// are found only within their table, a table anywhere, anything else only within the
  /// innermost cell, table or other scope boundary.
  private static func stops(_ open: HTMLTag, searchFor tag: HTMLTag) -> Bool {
    switch tag {
    case .table, .head: false
    case .td, .th, .tr, .thead, .tbody, .tfoot, .caption, .col, .colgroup: open == .table
    default: open.isScopeBoundary
    }
  }

  /// The stack position of the innermost open element of `tags`, not looking past one of
  /// `stops` (nor, when `withinScope`, past a scope boundary).
  private func position(
    of tags: [HTMLTag], stoppingAt stops: [HTMLTag], withinScope: Bool = true
  ) -> Int? {
    var k = stack.count - 1
    let floor = max(0, stack.count - HTMLReader.endTagSearchLimit)
    while k >= floor {
      let open = stackTags[k]
      if tags.contains(open) { return k }
      if stops.contains(open) || (withinScope && open.isScopeBoundary) { return nil }
      k -= 1
    }
    return nil
  }

  /// Closes the open elements from the top down to stack position `k`, inclusive.
  private mutating func pop(through k: Int) {
    let end = Int32(tree.nodes.count)
    for index in stack[k...] { tree.nodes[Int(index)].subtreeEnd = end }
    stack.removeSubrange(k...)
    stackTags.removeSubrange(k...)
    stackNames.removeSubrange(k...)
  }

  // MARK: Attributes

  private mutating func recordMeta(_ token: HTMLTagToken) {
    guard let content = token.attribute("content") else { return }
    for key in ["name", "property", "http-equiv", "itemprop"] {
      if let name = token.attribute(key) {
        tree.metas.append((name.lowercased(), content))
        return
      }
    }
  }

  private static func isHidden(_ token: HTMLTagToken) -> Bool {
    if token.attribute("hidden") != nil { return true }
    guard let style = token.attribute("style") else { return false }
    let compact = String(decoding: style.utf8.filter { !isHTMLSpace($0) }, as: UTF8.self)
      .lowercased()
    return compact.containsUTF8(anyOf: ["display:none", "visibility:hidden"])
  }
}
