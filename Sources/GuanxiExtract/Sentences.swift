/// One sentence of a document: its span in the normalised text, and the same scalars
/// with white space removed, which the rules read (`区  长  陈卫东` reads as `区长陈卫东`).
struct Sentence: Sendable {
  /// Scalar offsets of the sentence in the normalised text.
  var range: Range<Int>
  /// The line (paragraph) the sentence belongs to, counting from 0.
  var line: Int
  /// Page furniture (share buttons, forum chrome, image prompts): read only for credits.
  var isDebris: Bool
  /// The sentence without white space.
  var compact: [Unicode.Scalar]
  /// Compact offsets where white space was removed (`方明远通报 刘志刚…` has one at 刘).
  var gaps: [Int] = []

  var span: ScalarSpan { ScalarSpan(range.lowerBound, range.upperBound) }
}

/// Splits normalised text into lines and sentences and marks page debris.
///
/// A sentence ends at `。！？!?` or at a line break; leading and trailing white space is
/// not part of it. A line is debris when it is short (60 scalars at most) and carries a
/// marker of web furniture (打开…查看精彩图片, 分享, 版权所有, 返回顶部, forum
/// counters…), or has no Han character.
enum SentenceSplitter {
  static let debrisMarkers: [String] = [
    "查看精彩图片", "打开网易新闻", "分享:", "分享到", "版权所有", "Copyright", "copyright", "©",
    "返回顶部", "返回列表", "快速回复", "设为首页", "收藏本站", "回复:", "每日心情", "签到天数", "立即注册", "登录 |", "阅读模式", "显示全部楼层",
    "复制链接", "客服中心", "在线咨询",
    "联系电话", "扫一扫", "扫码", "关注我们", "点击查看", "阅读原文", "上一篇", "下一篇", "网站首页",
    "当前位置", "首页 >", "首页>", "> 正文", ">正文", "字号:", "打印本页", "关闭窗口", "栏目排行",
    "全站排行", "最新推荐", "相关阅读", "相关新闻", "热点推荐", "免责声明", "Powered by",
    "本版积分", "Rank:", "ICP备", "公网安备", "微信公众号", "长按识别", "• end •",
  ]
  static let markerTrie = ScalarTrie(debrisMarkers.map { ($0, true) })

  @inline(__always)
  static func isSentenceEnd(_ s: Unicode.Scalar) -> Bool {
    s == "。" || s == "！" || s == "？" || s == "!" || s == "?"
  }

  /// Characters that end a line of prose where it ends by itself.
  static let lineEnders: Set<Unicode.Scalar> = [
    "。", "!", "?", "！", "？", ";", ":", "”", ")", "」", "…", "》",
  ]

  /// The offsets of line breaks that only wrap a paragraph: text cut at a fixed width (a
  /// name may be cut in two, `何\n建平`). A break wraps when its line runs to the width that
  /// at least two other lines share (30 scalars or more), ends without punctuation, and the
  /// next line goes on with a character.
  static func wrappedLineEnds(_ text: UnsafeBufferPointer<Unicode.Scalar>) -> Set<Int> {
    var lines: [(start: Int, end: Int, length: Int)] = []
    var start = 0
    for i in 0...text.count where i == text.count || text[i] == "\n" {
      var length = 0
      for k in start..<i where !text[k].isSpaceLike { length += 1 }
      lines.append((start, i, length))
      start = i + 1
    }
    var counts: [Int: Int] = [:]
    for l in lines where l.length >= 30 { counts[l.length, default: 0] += 1 }
    guard let width = counts.filter({ $0.value >= 3 }).max(by: { $0.key < $1.key })?.key else {
      return []
    }
    var wraps: Set<Int> = []
    for (k, l) in lines.enumerated() where k + 1 < lines.count && l.end < text.count {
      guard l.length >= width - 1, l.length <= width + 1 else { continue }
      var last = l.end - 1
      while last > l.start && text[last].isSpaceLike { last -= 1 }
      guard last >= l.start, !lineEnders.contains(text[last]) else { continue }
      let next = lines[k + 1]
      guard next.start < next.end, text[next.start].isHan || text[next.start].isASCIIDigit else {
        continue
      }
      wraps.insert(l.end)
    }
    return wraps
  }

  static func split(_ text: [Unicode.Scalar]) -> [Sentence] {
    text.withUnsafeBufferPointer { split(text[...], $0) }
  }

  /// `slice` and `text` are the same scalars: the slice for the marker trie, the buffer
  /// for the per-scalar loops.
  private static func split(
    _ slice: ArraySlice<Unicode.Scalar>, _ text: UnsafeBufferPointer<Unicode.Scalar>
  ) -> [Sentence] {
    var sentences: [Sentence] = []
    var lineStart = 0
    var line = 0
    let markers = markerTrie
    let wrapped = wrappedLineEnds(text)
    while lineStart < text.count {
      var lineEnd = lineStart
      while lineEnd < text.count && (text[lineEnd] != "\n" || wrapped.contains(lineEnd)) {
        lineEnd += 1
      }
      var hasHan = false
      var isDebris = false
      var i = lineStart
      while i < lineEnd {
        let s = text[i]
        if !hasHan && s.isHan { hasHan = true }
        if !isDebris && markers.mayStart(s) && markers.hasMatch(in: slice, at: i) {
          isDebris = true
        }
        i += 1
      }
      // A marker in a long line of prose (老字号, 关注) is not furniture.
      isDebris = (isDebris && lineEnd - lineStart <= 60) || !hasHan
      var start = lineStart
      i = lineStart
      while i <= lineEnd {
        if i == lineEnd || isSentenceEnd(text[i]) {
          let end = i == lineEnd ? i : i + 1
          var a = start
          var b = end
          while a < b && text[a].isSpaceLike { a += 1 }
          while b > a && text[b - 1].isSpaceLike { b -= 1 }
          if a < b {
            var gaps: [Int] = []
            let compact = [Unicode.Scalar](unsafeUninitializedCapacity: b - a) { compact, count in
              var n = 0
              for k in a..<b {
                if text[k] == "\n" { continue }
                if text[k].isSpaceLike {
                  if gaps.last != n { gaps.append(n) }
                } else {
                  compact[n] = text[k]
                  n += 1
                }
              }
              count = n
            }
            sentences.append(
              Sentence(range: a..<b, line: line, isDebris: isDebris, compact: compact, gaps: gaps))
          }
          start = end
        }
        i += 1
      }
      lineStart = lineEnd + 1
      line += 1
    }
    return sentences
  }
}
