import GuanxiGraph

/// A page's headline, its date and source line, and the date and outlet of its `<meta>`
/// tags.
///
/// Headline, first found of:
/// 1. a visible line (in the first `searchedLines`, not a link) that matches a part of the
///    `<title>` (`titleParts`; the part with the most Han characters first): the same
///    text, or one holding the other and at least three fifths of its length; a heading
///    or an element whose class says `title` first;
/// 2. `<meta name="ArticleTitle">` (TRS sites), `og:title`, `<meta name="title">`;
/// 3. the first `<h1>` outside page furniture with two Han characters and no link;
/// 4. the first part of the `<title>` with four Han characters (else its longest part).
///
/// Date and source lines: the first line after the headline (else before it) and before
/// the article's first sentence that says 发布时间, 发布日期, 时间, 日期, 来源 or 稿源 and
/// carries a date or a named source, and up to two such lines right after it.
///
/// Example: `<title>某区召开大会_某区政府网</title>` and `<h1>某区召开大会</h1>` give the
/// headline `某区召开大会`, found at the `h1`'s line.
struct PageHeader {
  static let searchedLines = 2_000
  static let titleSeparators = ["_", " - ", " | ", "|", "－", " -- ", "｜"]

  var headline: String?
  /// Index in the page's lines of the headline, when the page shows it.
  var headlineLine: Int?
  /// Indexes of the date and source lines, in order.
  var metaLines: [Int] = []
  var metaDate: LocalDate?
  var metaSource: String?

  /// `firstProseLine`: the index of the article's first line with a sentence in it.
  init(tree: HTMLTree, lines: [PageLines.Line], firstProseLine: Int?) {
    findHeadline(tree, lines)
    findMetaLines(lines, firstProseLine: firstProseLine)
    readMetaTags(tree)
  }

  // MARK: Headline

  /// The parts of a `<title>` between separators (`_`, ` - `, `|`…), trimmed, without
  /// empty ones and without the site's name when a `<meta>` gives it
  /// (`区委常委会召开会议_工作动态_某区人民政府` → 区委常委会召开会议, 工作动态, 某区人民政府).
  static func titleParts(_ title: String, siteNames: [String] = []) -> [String] {
    var parts = [title]
    for separator in titleSeparators {
      parts = parts.flatMap { part in
        var pieces: [String] = []
        var rest = part
        while let offset = rest.utf8Offset(of: separator) {
          let utf8 = rest.utf8
          pieces.append(String(rest[..<utf8.index(utf8.startIndex, offsetBy: offset)]))
          rest = String(
            rest[utf8.index(utf8.startIndex, offsetBy: offset + separator.utf8.count)...])
        }
        return pieces + [rest]
      }
    }
    return parts.map(\.trimmingSpace).filter { !$0.isEmpty && !siteNames.contains($0) }
  }

  private mutating func findHeadline(_ tree: HTMLTree, _ lines: [PageLines.Line]) {
    let siteNames = tree.metas.filter {
      ["sitename", "og:site_name", "columnname"].contains($0.key)
    }
    .map(\.content.trimmingSpace)
    let parts = Self.titleParts(tree.title, siteNames: siteNames)
    // The part with the most Han characters first: the article's title is usually longer
    // than the site's or the column's name.
    let ranked = parts.enumerated().sorted { a, b in
      let (hanA, hanB) = (hanCount(a.element), hanCount(b.element))
      return hanA != hanB ? hanA > hanB : a.offset < b.offset
    }
    for (_, part) in ranked where hanCount(part) >= 2 {
      if let i = visibleLine(matching: compactKey(part), tree, lines) {
        headline = lines[i].text
        headlineLine = i
        return
      }
    }
    for key in ["articletitle", "og:title", "title", "dc.title"] {
      if let meta = tree.metas.first(where: { $0.key == key }), hanCount(meta.content) > 0 {
        headline = meta.content.trimmingSpace
        return
      }
    }
    for i in lines.indices.prefix(Self.searchedLines) {
      let line = lines[i]
      if !line.isFurniture, line.block >= 0, tree.nodes[Int(line.block)].tag == .h1,
        line.hanCount >= 2, line.linkCharacterCount == 0
      {
        headline = line.text
        headlineLine = i
        return
      }
    }
    if let part = parts.first(where: { hanCount($0) >= 4 }) ?? ranked.first?.element {
      headline = part
    }
  }

  private func hanCount(_ text: String) -> Int { text.unicodeScalars.filter(\.isHan).count }

  /// The first line (a heading or title element first) that shows `head`: the same text
  /// without white space, or one holding the other and at least three fifths of its length;
  /// never a link (热点推荐 lists repeat headlines).
  private func visibleLine(matching head: String, _ tree: HTMLTree, _ lines: [PageLines.Line])
    -> Int?
  {
    let headCount = head.unicodeScalars.count
    var firstMatch: Int? = nil
    for i in lines.indices.prefix(Self.searchedLines) {
      if lines[i].linkCharacterCount * 2 > lines[i].characterCount { continue }
      let count = Int(lines[i].characterCount)
      guard min(count, headCount) * 5 >= max(count, headCount) * 3 else { continue }
      let key = compactKey(lines[i].text)
      let matches =
        key == head
        || (count >= 4 && headCount >= 4 && (key.containsUTF8(head) || head.containsUTF8(key)))
      guard matches else { continue }
      if isTitleElement(tree, lines[i]) { return i }
      if firstMatch == nil { firstMatch = i }
    }
    return firstMatch
  }

  /// Whether the line is in a heading or in an element whose class or id says title.
  private func isTitleElement(_ tree: HTMLTree, _ line: PageLines.Line) -> Bool {
    var node = Int(line.node)
    var steps = 0
    while node >= 0 && steps < 4 {
      let element = tree.nodes[node]
      if element.tag.isHeading || element.hint.containsUTF8(anyOf: ["title", "bt"]) {
        return true
      }
      node = Int(element.parent)
      steps += 1
    }
    return false
  }

  // MARK: Date and source lines

  static let metaKeys = ["发布时间", "发布日期", "时间:", "时间：", "日期:", "日期：", "来源", "稿源"]

  private mutating func findMetaLines(_ lines: [PageLines.Line], firstProseLine: Int?) {
    // Before the article's first sentence: a source line after it stays where it is.
    let end = min(lines.count, firstProseLine ?? Self.searchedLines)
    let start = min(headlineLine.map { $0 + 1 } ?? 0, end)
    guard
      let first = (start..<end).first(where: { Self.isMetaLine(lines[$0]) })
        ?? (0..<start).first(where: { Self.isMetaLine(lines[$0]) })
    else { return }
    metaLines = [first]
    var next = first + 1
    while next < end && metaLines.count < 3 && Self.isMetaLine(lines[next]) {
      metaLines.append(next)
      next += 1
    }
  }

  /// A short line naming a publication time or a source, with a date or a named source.
  static func isMetaLine(_ line: PageLines.Line) -> Bool {
    guard line.characterCount <= 150 else { return false }
    let text = line.text
    guard text.containsUTF8(anyOf: metaKeys) else { return false }
    return containsDate(text) || namesSource(text)
  }

  /// Whether `text` has a year of four digits followed by `-`, `/`, `.` or `年`.
  static func containsDate(_ text: String) -> Bool {
    let scalars = Array(text.unicodeScalars)
    var digits = 0
    for s in scalars {
      if s.isASCIIDigit {
        digits += 1
      } else {
        if digits == 4 && (s == "-" || s == "/" || s == "." || s == "年") { return true }
        digits = 0
      }
    }
    return false
  }

  /// Whether `来源：` or `稿源：` is followed by a name.
  static func namesSource(_ text: String) -> Bool {
    for key in ["来源", "稿源"] {
      guard let offset = text.utf8Offset(of: key) else { continue }
      let after = text.utf8.index(text.utf8.startIndex, offsetBy: offset + key.utf8.count)
      let rest = text[after...].unicodeScalars.drop {
        $0 == ":" || $0 == "：" || $0.isSpaceLike
      }
      if let first = rest.first, first.isHan || first.isASCIILetter { return true }
    }
    return false
  }

  /// Page controls that share the date line: font size, print, close, share, counters.
  static let lineControls = [
    "字号", "【字体", "字体:", "字体：", "【打印", "打印本页", "打印", "【关闭", "关闭窗口", "分享到", "分享",
    "收藏", "浏览次数", "阅读次数", "点击数", "访问量", "【大", "[大",
  ]

  /// The date line without the page controls after its date and source.
  func trimmedMetaLine(_ text: String) -> String {
    guard
      let keyEnd = Self.metaKeys.compactMap({ key in
        text.utf8Offset(of: key).map { $0 + key.utf8.count }
      }).min()
    else { return text }
    let end = Self.lineControls.compactMap { text.utf8Offset(of: $0, from: keyEnd) }.min()
    var trimmed = text[..<text.utf8.index(text.utf8.startIndex, offsetBy: end ?? text.utf8.count)]
    while let last = trimmed.unicodeScalars.last,
      last.isSpaceLike || "|｜【[(（".unicodeScalars.contains(last)
    {
      trimmed = trimmed.dropLast()
    }
    return String(trimmed)
  }

  // MARK: Meta tags

  static let dateKeys = [
    "pubdate", "publishdate", "publish_date", "publishtime", "article:published_time",
    "og:release_date", "datepublished", "dc.date.issued", "dc.date", "firstpublishedtime",
    "releasedate", "date",
  ]
  static let sourceKeys = ["contentsource", "source", "og:site_name", "sitename"]

  private mutating func readMetaTags(_ tree: HTMLTree) {
    for key in Self.dateKeys {
      if let meta = tree.metas.first(where: { $0.key == key }),
        let date = Self.parseDate(meta.content)
      {
        metaDate = date
        break
      }
    }
    for key in Self.sourceKeys {
      if let meta = tree.metas.first(where: { $0.key == key }) {
        let value = meta.content.trimmingSpace
        if !value.isEmpty {
          metaSource = value
          break
        }
      }
    }
  }

  /// The first date in `text`: `2024-05-08`, `2024/5/8`, `2024年5月8日`, `20240508`, with
  /// or without a time after it.
  static func parseDate(_ text: String) -> LocalDate? {
    var numbers: [(value: Int, digits: Int)] = []
    var value = 0
    var digits = 0
    for s in text.unicodeScalars {
      if s.isASCIIDigit {
        value = value * 10 + Int(s.value - 48)
        digits += 1
        if digits > 8 { return nil }
      } else {
        if digits > 0 { numbers.append((value, digits)) }
        value = 0
        digits = 0
        if numbers.count == 3 { break }
      }
    }
    if digits > 0 { numbers.append((value, digits)) }
    if let first = numbers.first, first.digits == 8 {
      return LocalDate(
        year: first.value / 10000, month: first.value / 100 % 100, day: first.value % 100)
    }
    guard numbers.count >= 3, numbers[0].digits == 4, (1990...2100).contains(numbers[0].value)
    else { return nil }
    return LocalDate(year: numbers[0].value, month: numbers[1].value, day: numbers[2].value)
  }
}

extension String {
  /// The string without white space (also U+3000 and U+00A0) at either end.
  var trimmingSpace: String {
    let scalars = unicodeScalars
    let isSpace: (Unicode.Scalar) -> Bool = { $0.isSpaceLike || $0 == "\n" || $0 == "\r" }
    guard let first = scalars.firstIndex(where: { !isSpace($0) }),
      let last = scalars.lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(scalars[first...last])
  }
}
