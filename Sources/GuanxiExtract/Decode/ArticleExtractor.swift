/// Finds the article in a page: the block that holds the prose, not the menus, share
/// bars and footers around it.
///
/// A readability-style score over block elements. Every line of at least 10 Han
/// characters outside page furniture (`PageLines`, `BlockHint`) scores 1 + its
/// punctuation (Chinese prose is dense in `，。、`; menus have none) + up to 3 for its
/// length, added to its block in full, to the block's parent by half and to three more
/// ancestors by a sixth, a ninth and a twelfth. A block starts from a bonus for its tag
/// (`div` +5, `td` +3, `li` -3, headings -5) and ±25 for what its class and id say
/// (`content`, `zoom`, `TRS_Editor` vs `list`, `hot`, `header`). The final score is that
/// times one minus the block's link density. The best block is the article, with those
/// of its siblings that are clearly part of it (a score of a fifth of the best, or a
/// paragraph of prose with few links); lines that are mostly links and no sentence are
/// dropped from it. A page where no block has prose keeps all its visible text.
///
/// The text it yields: the headline and then the date and source lines (`PageHeader`:
/// 发布时间：…  来源：…, trimmed of font-size switches and print buttons), then credit lines
/// between the headline and the article, the article's lines (without a repeat of the
/// headline), and credit lines just after it (责任编辑, 记者, 通讯员…). This is the layout the
/// rules expect of a plain-text document: title first, 来源/发布时间 near the top.
///
/// Example: a CMS page with a left menu, `<h1>区委常委会召开会议</h1>`, a line
/// `发布时间：2024-05-08 来源：区委办`, `<div id="zoom">` with three paragraphs and a footer
/// gives five lines: the headline, the date line, the three paragraphs.
enum ArticleExtractor {
  /// Lines of prose count from this many Han characters.
  static let minimumProseHan: Int32 = 10
  /// Fewer Han characters than this in the best block: the page has no article; keep all.
  static let minimumArticleHan: Int32 = 20

  static func extract(_ tree: HTMLTree) -> HTMLPage {
    let lines = PageLines(tree).lines
    let body = articleLines(tree, lines)
    let firstProse = body.first { lines[$0].sentenceEndCount > 0 }
    let header = PageHeader(tree: tree, lines: lines, firstProseLine: firstProse)
    var out: [String] = []
    if let headline = header.headline { out.append(headline) }
    out += header.metaLines.map { header.trimmedMetaLine(lines[$0].text) }
    var taken = Set(header.metaLines)
    if let i = header.headlineLine { taken.insert(i) }
    let headlineKey = header.headline.map(compactKey)
    let headlineCount = headlineKey.map { Int32($0.unicodeScalars.count) } ?? -1
    func keep(_ i: Int) -> Bool {
      // A line that repeats the headline (its count of visible characters first, cheaply).
      !taken.contains(i)
        && (lines[i].characterCount != headlineCount || compactKey(lines[i].text) != headlineKey)
    }
    if let first = body.first, let last = body.last {
      let after = max(header.metaLines.last ?? -1, header.headlineLine ?? -1) + 1
      let before = (min(max(after, first - 10), first)..<first).filter { isNearbyCredit(lines[$0]) }
      let trailing = lines.indices[(last + 1)...].filter { !lines[$0].isFurniture }.prefix(12)
        .filter { isNearbyCredit(lines[$0]) }
      for i in before + body + trailing where keep(i) { out.append(lines[i].text) }
    }
    let metadata = PageMetadata(
      title: header.headline, date: header.metaDate, source: header.metaSource)
    return HTMLPage(text: out.joined(separator: "\n"), metadata: metadata)
  }

  // MARK: Choosing the article

  /// Indexes of the lines of the article, in document order.
  static func articleLines(_ tree: HTMLTree, _ lines: [PageLines.Line]) -> [Int] {
    let nodes = tree.nodes
    let stats = BlockStats(tree, lines)
    var score = [Double](repeating: 0, count: nodes.count)
    var isCandidate = [Bool](repeating: false, count: nodes.count)
    for line in lines where !line.isFurniture && line.block >= 0 && line.hanCount >= minimumProseHan
    {
      let points =
        1 + Double(line.punctuationCount) + min(Double(line.hanCount) / 50, 3)
      var node = Int(line.block)
      var level = 0
      while node >= 0 && level < 5 {
        if nodes[node].tag.isBlock {
          if !isCandidate[node] {
            isCandidate[node] = true
            score[node] = tagBonus(nodes[node].tag) + BlockHint.weight(nodes[node].hint)
          }
          score[node] += points / (level == 0 ? 1 : level == 1 ? 2 : Double(level * 3))
          level += 1
        }
        node = Int(nodes[node].parent)
      }
    }
    var best = -1
    var bestScore = -Double.infinity
    for i in nodes.indices where isCandidate[i] {
      score[i] *= 1 - stats.linkDensity(i)
      if score[i] > bestScore {
        best = i
        bestScore = score[i]
      }
    }
    let visible = lines.indices.filter { !lines[$0].isFurniture }
    guard best >= 0, stats.hanCount[best] >= minimumArticleHan else {
      return visible.isEmpty ? Array(lines.indices) : visible
    }
    // The best block and its siblings that are clearly part of it (at the top of a page
    // without <html> or <body>, the other top-level nodes).
    var ranges: [Range<Int>] = []
    let parent = Int(nodes[best].parent)
    let threshold = max(10, bestScore * 0.2)
    var child = parent + 1
    let siblingsEnd = parent >= 0 ? Int(nodes[parent].subtreeEnd) : nodes.count
    while child < siblingsEnd {
      let end = Int(nodes[child].subtreeEnd)
      defer { child = max(end, child + 1) }
      let node = nodes[child]
      guard child != best else {
        ranges.append(child..<end)
        continue
      }
      guard !node.isText, !node.tag.isInvisible, !node.isHidden, !node.tag.isFurniture,
        !BlockHint.isFurniture(node.hint)
      else { continue }
      var siblingScore = isCandidate[child] ? score[child] : 0
      if !node.hint.isEmpty && node.hint == nodes[best].hint { siblingScore += bestScore * 0.2 }
      let characters = stats.characterCount[child]
      let density = stats.linkDensity(child)
      let isProse =
        characters >= 40
        ? density < 0.25 : characters > 0 && density == 0 && stats.sentenceEndCount[child] > 0
      if siblingScore >= threshold || isProse { ranges.append(child..<end) }
    }
    var selected: [Int] = []
    var r = 0
    for i in lines.indices {
      let node = Int(lines[i].node)
      while r < ranges.count && ranges[r].upperBound <= node { r += 1 }
      guard r < ranges.count else { break }
      let line = lines[i]
      guard ranges[r].contains(node), !line.isFurniture else { continue }
      // Lists of links inside the article (related reading, previous and next).
      if line.linkCharacterCount * 2 > line.characterCount && line.sentenceEndCount == 0 {
        continue
      }
      selected.append(i)
    }
    return selected
  }

  static func tagBonus(_ tag: HTMLTag) -> Double {
    switch tag {
    case .article: 10
    case .div, .section, .main: 5
    case .td, .pre, .blockquote: 3
    case .address, .ol, .ul, .dl, .dd, .dt, .li, .form: -3
    case .h1, .h2, .h3, .h4, .h5, .h6, .th: -5
    default: 0
    }
  }

  /// A short line that credits someone (责任编辑, 记者, 通讯员…) or names the source.
  static func isNearbyCredit(_ line: PageLines.Line) -> Bool {
    guard !line.isFurniture, line.characterCount <= 60 else { return false }
    return line.text.containsUTF8(anyOf: creditMarkers)
  }

  static let creditMarkers = [
    "责任编辑", "编辑", "记者", "通讯员", "审核", "责编", "摄影", "供稿", "作者", "来源", "稿源",
  ]
}

/// The text without white space (ASCII, U+3000, U+00A0), for comparing a line with the
/// headline; on UTF-8 bytes, since it runs on every line.
func compactKey(_ text: String) -> String {
  var text = text
  return text.withUTF8 { bytes in
    String(unsafeUninitializedCapacity: bytes.count) { out in
      var n = 0
      var i = 0
      while i < bytes.count {
        let b = bytes[i]
        if isHTMLSpace(b) {
          i += 1
        } else if b == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0xA0 {
          i += 2
        } else if b == 0xE3, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0x80 {
          i += 3
        } else {
          out[n] = b
          n += 1
          i += 1
        }
      }
      return n
    }
  }
}

/// Character counts per element, over its whole subtree.
struct BlockStats {
  var characterCount: [Int32]
  var linkCharacterCount: [Int32]
  var hanCount: [Int32]
  var sentenceEndCount: [Int32]

  init(_ tree: HTMLTree, _ lines: [PageLines.Line]) {
    let count = tree.nodes.count
    characterCount = Array(repeating: 0, count: count)
    linkCharacterCount = characterCount
    hanCount = characterCount
    sentenceEndCount = characterCount
    for line in lines where line.block >= 0 {
      let b = Int(line.block)
      characterCount[b] += line.characterCount
      linkCharacterCount[b] += line.linkCharacterCount
      hanCount[b] += line.hanCount
      sentenceEndCount[b] += line.sentenceEndCount
    }
    // Children come after their parents: one backward pass sums subtrees.
    for i in stride(from: count - 1, through: 0, by: -1) {
      let p = Int(tree.nodes[i].parent)
      guard p >= 0 else { continue }
      characterCount[p] += characterCount[i]
      linkCharacterCount[p] += linkCharacterCount[i]
      hanCount[p] += hanCount[i]
      sentenceEndCount[p] += sentenceEndCount[i]
    }
  }

  func linkDensity(_ i: Int) -> Double {
    characterCount[i] == 0 ? 0 : Double(linkCharacterCount[i]) / Double(characterCount[i])
  }
}
