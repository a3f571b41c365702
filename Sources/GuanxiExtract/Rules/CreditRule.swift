import GuanxiGraph

/// Credits: the people named for the article.
///
/// A credit is a role word (记者, 见习记者, 通讯员, 编辑, 责任编辑, 责编, 审核, 一审/二审/三审,
/// 供稿, 摄影, 文/图) followed by names, with or without `:`, `|` or spaces between, in a short
/// line, a parenthesis (`(记者 周明 通讯员 吴霞)`, `(记者周明编辑吴霞)`), or the dateline of a
/// long line (`本报讯 记者周明、见习记者吴霞报道:`). A name ends at a separator, the next role
/// word, 报道, or 摄 (`(本报记者 周明摄)` credits a photograph: 摄影, not 记者). 责任编辑 is
/// recorded as 责编, 一审/二审/三审 as 审核; `编辑(一审):王芳` gives 王芳 编辑 and 审核. A
/// bracketed name with no role is no credit.
///
/// Example: `(江西日报 通讯员 周悦 记者 吴振华 孙磊)` → 周悦 通讯员, 吴振华 记者, 孙磊 记者.
extension ExtractionContext {
  static let creditRoles: ScalarTrie<String> = ScalarTrie(
    [
      ("记者", "记者"), ("见习记者", "记者"), ("通讯员", "通讯员"), ("编辑", "编辑"), ("责任编辑", "责编"),
      ("责编", "责编"), ("审核", "审核"), ("审校", "审核"), ("一审", "审核"), ("二审", "审核"),
      ("三审", "审核"), ("终审", "审核"), ("供稿", "供稿"), ("摄影", "摄影"), ("摄影记者", "摄影"),
      ("图片", "摄影"), ("撰稿", "供稿"), ("文/图", "记者"), ("图/文", "记者"), ("文图", "记者"),
    ])
  /// Words that end a credited name: 报道, 摄 (a photograph), /文.
  static let creditNameEnds = ScalarTrie<Bool>(
    ["报道", "摄", "/文", "/图", "文/图", "讯", "供图"].map { ($0, true) })

  func findCredits() {
    for (index, sentence) in sentences.enumerated() {
      let line = text[sentence.range]
      if line.count <= 80 {
        creditsIn(line, sentence: index, isLoose: line.count <= 24)
        photoCredit(line, sentence: index)
      }
      var i = line.startIndex
      while i < line.endIndex {
        // A parenthesised credit: `…(江西日报 记者 吴振华)`, `(记者吴振华编辑李敏)`.
        if line[i] == "(", let close = line[i...].prefix(62).firstIndex(of: ")") {
          let inner = line[(i + 1)..<close]
          if ExtractionContext.creditRoles.hasMatch(in: inner, at: inner.startIndex)
            || inner.contains(where: \.isSpaceLike) || inner.contains(":")
            || inner.first.map({ !$0.isHan }) == true || startsWithOutletCredit(inner)
          {
            creditsIn(inner, sentence: index, isLoose: true)
          }
          i = close
        }
        i += 1
      }
      // The dateline: `本报讯 记者周明 通讯员吴霞报道:`, `【某某网讯】记者 周明`.
      let head = line.prefix(48)
      if let end = head.find("报道", from: head.startIndex) {
        creditsIn(head[head.startIndex..<end], sentence: index, isLoose: true)
      }
    }
  }

  /// `江西日报记者 吴振华`: an outlet, then a role word.
  private func startsWithOutletCredit(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
    var k = s.startIndex
    while k < s.endIndex, k - s.startIndex < 12 {
      if ExtractionContext.creditRoles.hasMatch(in: s, at: k) { return true }
      k += 1
    }
    return false
  }

  /// Credits in `s`: role words and the names after each. `isLoose`: a name may follow its
  /// role word with nothing between (a parenthesis, a short line, a dateline).
  private func creditsIn(_ s: ArraySlice<Unicode.Scalar>, sentence: Int, isLoose: Bool) {
    var i = s.startIndex
    var roles: [String] = []
    while i < s.endIndex {
      guard ExtractionContext.creditRoles.mayStart(s[i]),
        let match = ExtractionContext.creditRoles.longestMatch(in: s, at: i)
      else {
        i += 1
        continue
      }
      roles = [match.payload]
      var j = match.end
      // `编辑(一审):`: the bracketed second role applies too.
      if j < s.endIndex, s[j] == "(", let close = s[j...].prefix(6).firstIndex(of: ")"),
        let second = ExtractionContext.creditRoles.longestMatch(in: s, at: j + 1),
        second.end == close
      {
        roles.append(second.payload)
        j = close + 1
      }
      var names: [Range<Int>] = []
      var sawSeparator = false
      var isPhoto = false
      while j < s.endIndex {
        let c = s[j]
        if c.isSpaceLike || c == ":" || c == "|" || c == "/" || c == "," || c == "、" {
          sawSeparator = true
          j += 1
          continue
        }
        if ExtractionContext.creditRoles.hasMatch(in: s, at: j) { break }
        guard let length = creditNameLength(in: s, at: j) else { break }
        names.append(j..<(j + length))
        j += length
        if j < s.endIndex, s[j] == "摄" {
          isPhoto = true
          j += 1
          break
        }
        if j < s.endIndex, ExtractionContext.creditNameEnds.hasMatch(in: s, at: j) { break }
      }
      if sawSeparator || isLoose {
        let span = sentences[sentence].span
        for name in names {
          let text = String(scalars: s[name])
          guard !Titles.notNames.contains(text) else { continue }
          for role in isPhoto ? ["摄影"] : roles { addCredit(name: text, role: role, span: span) }
        }
      }
      i = Swift.max(j, match.end)
    }
  }

  /// The length of a credited name at `i`: a surname and one or two characters (a compound
  /// surname or a Tibetan name may be longer) that end at a separator, a role word, 报道 or
  /// 摄, or nil.
  private func creditNameLength(in s: ArraySlice<Unicode.Scalar>, at i: Int) -> Int? {
    guard i < s.endIndex, s[i].isHan else { return nil }
    let isCompound = Surnames.compoundTrie.longestMatch(in: s, at: i)?.end == i + 2
    let isTibetan = Surnames.tibetanStarts.longestMatch(in: s, at: i)?.end == i + 2
    guard Surnames.single.contains(s[i]) || isCompound || isTibetan else { return nil }
    // How surely a name ends at `end`: a role word or `摄` closing the credit comes first
    // (`周明通讯员` is 周明 before 通讯员), then punctuation, then 报道 and the like.
    func endScore(_ end: Int) -> Int {
      if end >= s.endIndex { return 2 }
      if ExtractionContext.creditRoles.hasMatch(in: s, at: end) { return 3 }
      if s[end] == "摄", end + 1 >= s.endIndex || !s[end + 1].isHan { return 3 }
      if !s[end].isHan { return 2 }
      return ExtractionContext.creditNameEnds.hasMatch(in: s, at: end) ? 1 : 0
    }
    let lengths = isCompound || isTibetan ? [4, 3, 2] : [3, 2]
    var best: (length: Int, score: Int)? = nil
    for length in lengths where i + length <= s.endIndex {
      guard s[i..<(i + length)].allSatisfy(\.isHan) else { continue }
      let score = endScore(i + length)
      if score > 0, score > (best?.score ?? 0) { best = (length, score) }
    }
    return best?.length
  }

  /// `图| 湖滨新区风貌 许国强 摄`: the name before a final 摄.
  private func photoCredit(_ s: ArraySlice<Unicode.Scalar>, sentence: Int) {
    var end = s.endIndex
    while end > s.startIndex && s[end - 1].isSpaceLike { end -= 1 }
    guard end - 1 > s.startIndex, s[end - 1] == "摄" else { return }
    var k = end - 1
    while k > s.startIndex && s[k - 1].isSpaceLike { k -= 1 }
    var start = k
    while start > s.startIndex && s[start - 1].isHan { start -= 1 }
    guard k - start >= 2, k - start <= 3,
      start == s.startIndex || s[start - 1].isSpaceLike || s[start - 1] == ":",
      Surnames.single.contains(s[start])
    else { return }
    addCredit(name: String(scalars: s[start..<k]), role: "摄影", span: sentences[sentence].span)
  }

  private func addCredit(name: String, role: String, span: ScalarSpan) {
    let p = person(name, span: span)
    if document.credits.contains(where: { $0.person == p && $0.role == role }) { return }
    document.credits.append(ExtractedDocument.Credit(person: p, role: role, span: span))
  }
}
