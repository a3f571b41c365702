import GuanxiGraph

/// Credits: the people named for the article.
///
/// In a short line (at most 80 scalars) or a parenthesis at the end of a paragraph, a
/// role word (记者, 通讯员, 编辑, 责任编辑, 责编, 审核, 供稿, 摄影) followed by names
/// separated by spaces, with or without `:`/`|` between: `记者 吴振华 孙磊` gives two
/// 记者. A photo caption ends in `NAME 摄`. 责任编辑 is recorded as 责编, 摄 as 摄影.
///
/// Example: `(江西日报 通讯员 周悦 记者 吴振华 孙磊)` → 周悦 通讯员, 吴振华 记者, 孙磊 记者.
extension ExtractionContext {
  static let creditRoles: ScalarTrie<String> = ScalarTrie(
    [
      ("记者", "记者"), ("通讯员", "通讯员"), ("编辑", "编辑"), ("责任编辑", "责编"), ("责编", "责编"),
      ("审核", "审核"), ("审校", "审核"), ("供稿", "供稿"), ("摄影", "摄影"), ("摄影记者", "摄影"),
      ("图片", "摄影"), ("撰稿", "供稿"),
    ])

  func findCredits() {
    for (index, sentence) in sentences.enumerated() {
      let line = text[sentence.range]
      if line.count <= 80 {
        creditsIn(line, sentence: index)
        photoCredit(line, sentence: index)
      } else {
        // A parenthesised credit at the end: `…(江西日报 记者 吴振华)`.
        var i = line.startIndex
        while i < line.endIndex {
          if line[i] == "(", let close = line[i...].firstIndex(of: ")"), close - i <= 60 {
            let inner = line[(i + 1)..<close]
            if inner.contains(where: \.isSpaceLike) || inner.contains(":") {
              creditsIn(inner, sentence: index)
            }
            i = close
          }
          i += 1
        }
      }
    }
  }

  private func creditsIn(_ s: ArraySlice<Unicode.Scalar>, sentence: Int) {
    var i = s.startIndex
    while i < s.endIndex {
      guard ExtractionContext.creditRoles.mayStart(s[i]),
        let match = ExtractionContext.creditRoles.longestMatch(in: s, at: i)
      else {
        i += 1
        continue
      }
      var j = match.end
      var names: [String] = []
      var sawSeparator = false
      while j < s.endIndex {
        let c = s[j]
        if c.isSpaceLike || c == ":" || c == "|" || c == "/" || c == "," || c == "、" {
          sawSeparator = true
          j += 1
          continue
        }
        if ExtractionContext.creditRoles.hasMatch(in: s, at: j) { break }
        var k = j
        while k < s.endIndex && s[k].isHan { k += 1 }
        let length = k - j
        guard length >= 2, length <= 4, k == s.endIndex || !s[k].isHan else { break }
        let token = s[j..<k]
        let hasSurname =
          Surnames.single.contains(token[j])
          || (length >= 3 && Surnames.compound.contains(String(scalars: token.prefix(2))))
        guard hasSurname,
          length <= 3 || Surnames.compound.contains(String(scalars: token.prefix(2)))
        else { break }
        names.append(String(scalars: token))
        j = k
        // Names end at the line's end, a separator, a closing bracket or the next role.
        if j < s.endIndex
          && !(s[j].isSpaceLike || s[j] == ")" || s[j] == "," || s[j] == "、" || s[j] == "|"
            || s[j] == "/")
        {
          break
        }
      }
      // A role word with nothing between it and the name (记者吴振华) is too loose in prose.
      if sawSeparator || s.count <= 20 {
        let span = sentences[sentence].span
        for name in names where !Titles.notNames.contains(name) {
          addCredit(name: name, role: match.payload, span: span)
        }
      }
      i = Swift.max(j, match.end)
    }
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
