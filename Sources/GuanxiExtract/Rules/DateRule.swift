import GuanxiGraph

/// The document's date, title and outlet, and the dates of sentences.
///
/// Document date, first found of:
/// 1. a speech subtitle `——2022年12月21日在…会议上`: the day the speech was given;
/// 2. a publication stamp `2023-07-21 09:33` in the first lines, outside page debris;
/// 3. a full date `2023年7月21日` in the first lines;
/// 4. the first `M月D日` of the text, its year inferred (`inferredYear`).
///
/// Example: `来源:江西日报 | 2024-05-08 10:12:30` gives 2024-05-08 and the outlet 江西日报.
extension ExtractionContext {
  func readMetadata() {
    document.title = findTitle()
    document.source = findSource()
    document.date = findDocumentDate()
  }

  private func findTitle() -> String {
    for sentence in sentences where !sentence.isDebris {
      var scalars = Array(text[sentence.range])
      if scalars.first == "[", let close = scalars.firstIndex(of: "]") {
        scalars.removeSubrange(0...close)
        while let first = scalars.first, first.isSpaceLike { scalars.removeFirst() }
      }
      if scalars.count > 60 { scalars = Array(scalars[0..<40]) }
      return scalars.string(0..<scalars.count)
    }
    return ""
  }

  private func findSource() -> String? {
    // The outlet line sits at the top or the bottom of a page.
    for sentence in sentences.prefix(40) + sentences.suffix(40) {
      let s = sentence.compact[...]
      // Every key holds 源: one pass rules most lines out.
      guard s.contains(where: { $0 == "源" }) else { continue }
      for key in ["来源:", "来源|", "稿源:"] {
        if let at = s.find(key, from: s.startIndex) {
          var end = at + key.unicodeScalars.count
          let start = end
          while end < s.endIndex && (s[end].isHan || s[end].isASCIILetter) { end += 1 }
          if end > start { return sentence.compact.string(start..<end) }
        }
      }
    }
    // A byline: an outlet glued to a publication stamp, `长安区人民政府2023-01-05 10:30`.
    for sentence in sentences.prefix(12) {
      let s = text[sentence.range]
      var i = s.startIndex
      while i < s.endIndex {
        if isoDate(in: s, at: i) != nil {
          var start = i
          while start > s.startIndex && s[start - 1].isHan { start -= 1 }
          if i - start >= 2 { return text.string(start..<i) }
          break
        }
        i += 1
      }
    }
    return nil
  }

  private func findDocumentDate() -> LocalDate? {
    for sentence in sentences.prefix(60) where !sentence.isDebris {
      let s = sentence.compact[...]
      guard s.first == "—", s.contains("在") else { continue }
      var i = s.startIndex
      while i < s.endIndex {
        if let (date, _) = chineseDate(in: s, at: i, defaultYear: nil) { return date }
        i += 1
      }
    }
    // Header lines: prose, or a bare time stamp (a line without Han characters).
    let header = sentences.prefix(40).filter {
      $0.line < 15 && (!$0.isDebris || !$0.compact.contains(where: \.isHan))
    }
    for sentence in header {
      let s = text[sentence.range]
      for i in s.indices { if let date = isoDate(in: s, at: i) { return date } }
    }
    for sentence in header {
      let s = sentence.compact[...]
      var i = s.startIndex
      while i < s.endIndex {
        if s[i].isASCIIDigit, let (date, hasYear) = chineseDate(in: s, at: i, defaultYear: nil),
          hasYear
        {
          return date
        }
        i += 1
      }
    }
    let year = inferredYear()
    for sentence in sentences where !sentence.isDebris {
      let s = sentence.compact[...]
      var i = s.startIndex
      while i < s.endIndex {
        if s[i].isASCIIDigit, let (date, _) = chineseDate(in: s, at: i, defaultYear: year) {
          return date
        }
        i += 1
      }
    }
    return nil
  }

  /// The year of a text that states none: the year of the latest Party plenum it cites
  /// (二十届三中全会 → 2024) or else its most cited `YYYY年`.
  func inferredYear() -> Int? {
    var plenumYear: Int? = nil
    var years: [Int: Int] = [:]
    let plenums: [String: [Int]] = [
      "十八届": [2012, 2013, 2013, 2014, 2015, 2016, 2017],
      "十九届": [2017, 2018, 2018, 2019, 2020, 2021, 2022],
      "二十届": [2022, 2023, 2024, 2025, 2026, 2027, 2027],
    ]
    let numerals: [Unicode.Scalar] = ["一", "二", "三", "四", "五", "六", "七"]
    for sentence in sentences where !sentence.isDebris {
      let s = sentence.compact[...]
      var i = s.startIndex
      while i < s.endIndex {
        if s[i] == "中", i + 2 < s.endIndex, s[i + 1] == "全", s[i + 2] == "会", i > s.startIndex,
          let n = numerals.firstIndex(of: s[i - 1])
        {
          for (term, table) in plenums {
            let from = Swift.max(s.startIndex, i - 12)
            if s[from..<i].contains(term) { plenumYear = Swift.max(plenumYear ?? 0, table[n]) }
          }
        }
        if s[i] == "年", i - 4 >= s.startIndex, i - 5 < s.startIndex || !s[i - 5].isASCIIDigit {
          let digits = s[(i - 4)..<i]
          if digits.allSatisfy(\.isASCIIDigit) {
            let y = digits.reduce(0) { $0 * 10 + Int($1.value - 48) }
            if (1990...2100).contains(y) { years[y, default: 0] += 1 }
          }
        }
        i += 1
      }
    }
    if let plenumYear {
      let near = years.keys.filter { $0 >= plenumYear && $0 <= plenumYear + 1 }
      return near.max() ?? plenumYear
    }
    return years.max { a, b in a.value == b.value ? a.key > b.key : a.value < b.value }?.key
  }

  /// `2023-07-21` or `2023-6-6` at `i`.
  func isoDate(in s: ArraySlice<Unicode.Scalar>, at i: Int) -> LocalDate? {
    guard i == s.startIndex || !s[i - 1].isASCIIDigit else { return nil }
    var j = i
    func number(maxDigits: Int) -> Int? {
      var value = 0
      var count = 0
      while j < s.endIndex, s[j].isASCIIDigit, count < maxDigits {
        value = value * 10 + Int(s[j].value - 48)
        j += 1
        count += 1
      }
      return count == 0 ? nil : value
    }
    guard let year = number(maxDigits: 4), j - i == 4, j < s.endIndex,
      s[j] == "-" || s[j] == "/" || s[j] == "."
    else {
      return nil
    }
    let separator = s[j]
    j += 1
    guard let month = number(maxDigits: 2), j < s.endIndex, s[j] == separator else { return nil }
    j += 1
    guard let day = number(maxDigits: 2), (1990...2100).contains(year) else { return nil }
    if j < s.endIndex && s[j].isASCIIDigit { return nil }
    return LocalDate(year: year, month: month, day: day)
  }

  /// `[YYYY年]M月D日` starting at `i`, with whether the year was written.
  func chineseDate(in s: ArraySlice<Unicode.Scalar>, at i: Int, defaultYear: Int?) -> (
    LocalDate, Bool
  )? {
    guard s[i].isASCIIDigit, i == s.startIndex || !s[i - 1].isASCIIDigit else { return nil }
    var j = i
    func number() -> Int? {
      var value = 0
      var count = 0
      while j < s.endIndex, s[j].isASCIIDigit, count < 4 {
        value = value * 10 + Int(s[j].value - 48)
        j += 1
        count += 1
      }
      return count == 0 ? nil : value
    }
    guard var first = number(), j < s.endIndex else { return nil }
    var year: Int? = nil
    if s[j] == "年" {
      guard (1990...2100).contains(first) else { return nil }
      year = first
      j += 1
      guard j < s.endIndex, let m = number() else { return nil }
      first = m
    }
    guard j < s.endIndex, s[j] == "月" else { return nil }
    j += 1
    guard let day = number(), j < s.endIndex, s[j] == "日" || s[j] == "号" else { return nil }
    guard let y = year ?? defaultYear, let date = LocalDate(year: y, month: first, day: day) else {
      return nil
    }
    return (date, year != nil)
  }

  /// The first date written in a sentence, its year completed from the document date.
  func sentenceDate(_ sentence: Sentence) -> LocalDate? {
    let s = sentence.compact[...]
    let docYear = document.date?.components.year ?? inferredYear()
    var i = s.startIndex
    while i < s.endIndex {
      if s[i].isASCIIDigit,
        let (date, hasYear) = chineseDate(in: s, at: i, defaultYear: docYear ?? 0)
      {
        if hasYear { return date }
        guard docYear != nil else { return nil }
        // A meeting reported in January on 28 December belongs to the year before.
        let (y, m, d) = date.components
        if let docMonth = document.date?.components.month, m > docMonth + 1 {
          return LocalDate(year: y - 1, month: m, day: d)
        }
        return date
      }
      i += 1
    }
    return nil
  }
}
