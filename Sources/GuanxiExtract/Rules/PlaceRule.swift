import GuanxiGraph

/// One place name found in a sentence, before context picks its division.
struct PlaceMention {
  var sentence: Int
  /// Compact offsets within the sentence.
  var range: Range<Int>
  /// Candidate divisions; empty for a township.
  var candidates: [Int32]
  var isShort: Bool
  /// For townships and streets (大杨镇, 逍遥津街道): the name.
  var township: String?
  /// The division chosen in context.
  var chosen: Int32 = -1
  var isAccepted = true
  /// A short form right after its province (`云南屏边`), which settles what it names.
  var isAnchored = false
}

/// Places: division names from the gazetteer, their short forms in context, runs of
/// province abbreviations, and townships and streets by suffix.
///
/// - Full names (合肥市, 庐阳区) are taken as they come; a name shared by several divisions
///   (长安区, 鼓楼区) goes to the one whose city or province the document also names.
/// - Short forms of provinces and prefecture cities (安徽, 合肥) are taken unless they are
///   ordinary words (中山, 大庆) or begin a road (长江路, 梅岭路); short forms of districts
///   and counties (庐阳) only when the document also writes the full name.
/// - `沪苏浙` names three provinces; a run needs three abbreviations (or is 川渝, 京津).
/// - `大杨镇`, `逍遥津街道`: two or three characters before 镇, 乡 or 街道, in the document's
///   district.
///
/// Example: `赴沪苏浙学习` mentions 上海市, 江苏省 and 浙江省.
extension ExtractionContext {
  static let shortFormStopWords: Set<String> = [
    "中山", "长治", "大庆", "安康", "吉安", "开封", "黄山", "大同", "东方", "白山", "海东", "三明",
    "永州", "合作", "和平", "新华", "城关", "城中", "城东", "城西", "城南", "城北", "市中", "郊区",
    "矿区", "新城", "白云", "朝阳", "海港", "江北", "江南", "河东", "河西", "山南", "铁西", "桥东",
    "桥西", "永安", "高新", "长安", "鼓楼", "青山", "南山", "红旗", "先锋", "团结", "前进", "胜利",
    "解放", "建设", "普洱", "共和", "平安", "太平", "中原", "东区", "西区", "南区", "北区", "西湖",
    "泰山", "龙华", "华安", "安定", "安远", "长寿", "新兴", "龙门", "大方", "永定", "和顺", "东海",
    "南海", "北海", "江东", "兴业", "文明", "民权", "宁安", "怀远", "德化", "大理", "临夏", "海北",
    "来宾", "未来", "东坡", "和田", "金山", "宝山", "青阳", "石门", "清河", "江山", "白银",
  ]
  /// A place name followed by one of these names an outlet (扬州网, 云南日报), not a place.
  static let outletSuffixes = ScalarTrie<Bool>(
    ["网", "日报", "商报", "晚报", "电视台", "广播电视台", "新闻网", "融媒"].map { ($0, true) })
  /// District names that are also ordinary words; they count only after their city.
  static let genericDistrictNames: Set<String> = [
    "城区", "郊区", "矿区", "东区", "西区", "南区", "北区", "老城区", "新城区", "城中区", "城东区", "城西区",
    "城南区", "城北区", "市中区", "新区", "开发区", "高新区", "中心区", "河东区", "河西区", "新华区",
  ]
  /// The two lists above as tries, read on the matched scalars without building a String.
  /// (Gazetteer names hold no scalar with a canonical decomposition, so matching scalar
  /// for scalar agrees with String equality.)
  static let shortFormStopTrie = ScalarTrie(shortFormStopWords.map { ($0, true) })
  static let genericDistrictTrie = ScalarTrie(genericDistrictNames.map { ($0, true) })
  /// A short form followed by one of these is part of a street or site name (长江路, 青山路).
  static let roadSuffixes: ScalarSet = ["路", "街", "巷", "桥", "道", "湖", "河", "江", "山", "里", "港"]
  static let townshipStopChars: ScalarSet = [
    "以", "在", "和", "与", "及", "对", "到", "赴", "把", "将", "从", "向", "于", "至", "由", "经", "为", "是",
    "的", "了", "各", "全", "本", "该", "每", "个", "等", "乡", "村", "市", "重", "名", "小",
    "古", "强", "区", "县", "省", "要", "按", "照", "审", "议", "造", "示", "表", "做", "作", "好", "就",
    "有", "最", "后", "压", "实", "届", "我", "样", "板", "色", "业", "政", "进", "推", "选",
  ]
  /// Words after a township's name that show it is one: its organs and what it does.
  static let townshipFollowers = ScalarTrie<Bool>(
    [
      "党委", "政府", "人民政府", "人大", "党工委", "办事处", "召开", "举行", "开展", "组织", "纪委", "街道",
      "党委书记", "镇长", "乡长", "在", "各", "全体", "干部", "境内", "辖区", "位于",
    ].map { ($0, true) })

  func findPlaces() {
    let names = gazetteer.names
    for (index, sentence) in sentences.enumerated() where !sentence.isDebris {
      let s = sentence.compact[...]
      var i = s.startIndex
      while i < s.endIndex {
        let scalar = s[i]
        if names.mayStart(in: s, at: i), let match = names.longestMatch(in: s, at: i) {
          let full = match.payload.filter { !$0.isShort }.map(\.division)
          let short = match.payload.filter(\.isShort).map(\.division)
          let isShort = full.isEmpty
          var ok = true
          if isShort {
            if match.end < s.endIndex && ExtractionContext.roadSuffixes.contains(s[match.end]) {
              ok = false
            }
            if match.end - i < 2 { ok = false }
            if ExtractionContext.shortFormStopTrie.isWord(s[i..<match.end]) { ok = false }
            if ExtractionContext.outletSuffixes.hasMatch(in: s, at: match.end) { ok = false }
            if ok {
              // `云南屏边`: a county's short form right after its province's name.
              let previous = placeMentions.last
              let isAnchored =
                previous.map { p in
                  p.sentence == index && p.range.upperBound == i
                    && short.contains { c in p.candidates.contains { gazetteer.isWithin(c, $0) } }
                } ?? false
              placeMentions.append(
                PlaceMention(
                  sentence: index, range: i..<match.end, candidates: short, isShort: true,
                  township: nil, isAnchored: isAnchored))
            }
          } else {
            // Two-character full names (和县, 萧县) only where they cannot be a word split;
            // generic district names (城区, 东区) only right after their city.
            if match.end - i == 2 && i > s.startIndex && s[i - 1].isHan { ok = false }
            // `…和县委…`: a conjunction before the county committee, not the county 和县.
            if match.end - i == 2, "和与及".unicodeScalars.contains(s[i]),
              match.end < s.endIndex, s[match.end] == "委" || s.has("政府", at: match.end)
            {
              ok = false
            }
            if ExtractionContext.outletSuffixes.hasMatch(in: s, at: match.end) { ok = false }
            if ExtractionContext.genericDistrictTrie.isWord(s[i..<match.end]) {
              // Only as a child of the place named just before it: 大同市城区.
              if let previous = placeMentions.last, previous.sentence == index,
                previous.range.upperBound == i
              {
                ok = full.contains { c in
                  previous.candidates.contains { gazetteer.division(c).parent == $0 }
                }
              } else {
                ok = false
              }
            }
            if ok {
              placeMentions.append(
                PlaceMention(
                  sentence: index, range: i..<match.end, candidates: full, isShort: false,
                  township: nil))
            }
          }
          i = match.end
          continue
        }
        if scalar == "镇" || scalar == "乡"
          || (scalar == "街" && i + 1 < s.endIndex && s[i + 1] == "道")
        {
          // 镇, 乡 and 街道 end township names.
          if let mention = township(in: s, at: i, sentence: index) { placeMentions.append(mention) }
        }
        if gazetteer.abbreviatedProvince(scalar) != nil,
          let provinces = abbreviationRun(in: s, at: i)
        {
          for (k, division) in provinces.enumerated() {
            placeMentions.append(
              PlaceMention(
                sentence: index, range: (i + k)..<(i + k + 1), candidates: [division],
                isShort: true,
                township: nil, chosen: division))
          }
          i += provinces.count
          continue
        }
        i += 1
      }
    }
    settleTownships()
    resolvePlaces()
    var townshipCounts: [String: Int] = [:]
    for (k, m) in placeMentions.enumerated() where m.isAccepted {
      mentionsBySentence[m.sentence].append(k)
      chosenDivisions.insert(m.chosen)
      if let name = m.township { townshipCounts[name, default: 0] += 1 }
    }
    homeTownship =
      townshipCounts.max { a, b in a.value == b.value ? a.key > b.key : a.value < b.value }?.key
  }

  private func abbreviationRun(in s: ArraySlice<Unicode.Scalar>, at i: Int) -> [Int32]? {
    guard gazetteer.abbreviatedProvince(s[i]) != nil, i + 2 < s.endIndex,
      gazetteer.abbreviatedProvince(s[i + 1]) != nil,
      i == s.startIndex || gazetteer.abbreviatedProvince(s[i - 1]) == nil
    else { return nil }
    var run: [Int32] = []
    var j = i
    while j < s.endIndex, let division = gazetteer.abbreviatedProvince(s[j]) {
      run.append(division)
      j += 1
    }
    if run.count >= 3 && run.count <= 6 { return run }
    if run.count == 2 {
      let pair = String(scalars: s[i..<j])
      if pair == "川渝" || pair == "京津" { return run }
    }
    return nil
  }

  private func township(in s: ArraySlice<Unicode.Scalar>, at i: Int, sentence: Int) -> PlaceMention?
  {
    let suffixLength = s[i] == "街" ? 2 : 1
    let end = i + suffixLength
    if s[i] == "乡" {
      // 乡 ends a township only before a boundary or an institution word.
      guard
        end >= s.endIndex || isBoundary(s[end])
          || ExtractionContext.townshipFollowers.hasMatch(in: s, at: end)
      else { return nil }
    }
    if s[i] == "镇", end < s.endIndex, "化村街长区域级内外".unicodeScalars.contains(s[end]) {
      return nil
    }
    var start = i
    // `阳和土家族乡`: an ethnic group's name inside a township's name.
    let limit = i >= s.startIndex + 1 && s[i - 1] == "族" ? 6 : 4
    while start > s.startIndex && i - start < limit {
      let previous = s[start - 1]
      // A street's name may hold 城区 (平庄城区街道).
      let isStreetWord = suffixLength == 2 && (previous == "城" || previous == "区")
      guard previous.isHan, !ExtractionContext.townshipStopChars.contains(previous) || isStreetWord
      else { break }
      if start < i && ExtractionContext.projectLeftStops.longestEnding(in: s, before: start) > 0 {
        break
      }
      start -= 1
    }
    guard i - start >= 2 else { return nil }
    let name = String(scalars: s[start..<end])
    // 城镇 is a word (towns), not a town's name.
    if s[i] == "镇", s[i - 1] == "城" { return nil }
    return PlaceMention(
      sentence: sentence, range: start..<end, candidates: [], isShort: false, township: name)
  }

  /// Settles each township mention's left edge by how the document writes the name: of
  /// `有斜桥镇`, `斜桥镇` and `桥镇`, the longest that occurs as often as the shortest; keeps
  /// a township the document names twice, or once before an institution word (镇党委,
  /// 乡政府, 召开), after its county, or at the start of a phrase.
  private func settleTownships() {
    var counts: [String: Int] = [:]
    var forms: [[String]] = []
    for m in placeMentions {
      guard let name = m.township else {
        forms.append([])
        continue
      }
      let scalars = Array(name.unicodeScalars)
      let suffix = scalars.last == "道" ? 2 : 1
      var list: [String] = []
      for length in stride(from: scalars.count, through: suffix + 2, by: -1) {
        list.append(String(scalars: scalars[(scalars.count - length)...]))
      }
      for form in Set(list) { counts[form, default: 0] += 1 }
      forms.append(list)
    }
    for k in placeMentions.indices {
      guard placeMentions[k].township != nil, let shortest = forms[k].last else { continue }
      let floor = counts[shortest] ?? 1
      // `土家族乡`, `回族镇` alone are no names.
      let chosen =
        forms[k].first { (counts[$0] ?? 0) >= floor && !$0.hasPrefix("族") && !isEthnicOnly($0) }
        ?? forms[k][0]
      let m = placeMentions[k]
      let length = chosen.unicodeScalars.count
      let range = (m.range.upperBound - length)..<m.range.upperBound
      placeMentions[k].range = range
      placeMentions[k].township = chosen
      let s = sentences[m.sentence].compact[...]
      let followed = ExtractionContext.townshipFollowers.hasMatch(in: s, at: range.upperBound)
      let afterDivision = placeMentions.contains {
        $0.sentence == m.sentence && $0.township == nil && $0.range.upperBound == range.lowerBound
      }
      let atStart =
        range.lowerBound == s.startIndex || isBoundary(s[range.lowerBound - 1])
        || sentences[m.sentence].gaps.contains(range.lowerBound)
        || "在到赴从于至以和与及对".unicodeScalars.contains(s[range.lowerBound - 1])
      if (counts[chosen] ?? 0) < 2 && !followed && !afterDivision && !atStart {
        placeMentions[k].isAccepted = false
      }
    }
  }

  private func isEthnicOnly(_ name: String) -> Bool {
    let scalars = Array(name.unicodeScalars)
    return scalars.count <= 5 && scalars.dropLast().last == "族"
      && !(scalars.count == 5 && !scalars.contains("家"))
  }

  /// Picks each mention's division, drops unsupported short forms and settles the
  /// document's home province, city and district.
  private func resolvePlaces() {
    // Every division any mention may denote, with the ancestors of each.
    var named: Set<Int32> = []
    var namedFull: Set<Int32> = []
    for m in placeMentions {
      for c in m.candidates {
        named.insert(c)
        if !m.isShort { namedFull.insert(c) }
      }
    }
    func score(_ c: Int32) -> Int {
      var total = 0
      for (k, a) in gazetteer.ancestry(c).enumerated() where k > 0 && named.contains(a) {
        total += 3 - k
      }
      // Children named in the text support a province or city too.
      return total
    }
    var counts: [Int32: Int] = [:]
    for k in placeMentions.indices where placeMentions[k].township == nil {
      let m = placeMentions[k]
      var candidates = m.candidates
      if m.isShort {
        // District and county short forms need their full name somewhere in the text.
        candidates = candidates.filter {
          let level = gazetteer.division($0).level
          return level == "province" || level == "city" || namedFull.contains($0) || m.isAnchored
        }
      }
      guard !candidates.isEmpty else {
        placeMentions[k].isAccepted = false
        continue
      }
      if placeMentions[k].chosen < 0 {
        // Prefer the candidate whose ancestors the text names, then the higher level.
        placeMentions[k].chosen =
          candidates.max { a, b in
            let sa = score(a)
            let sb = score(b)
            if sa != sb { return sa < sb }
            return rank(a) > rank(b)
          } ?? candidates[0]
      }
      counts[placeMentions[k].chosen, default: 0] += 1
    }
    func top(_ levels: Set<String>, within ancestor: Int32 = -1) -> Int32 {
      var best: Int32 = -1
      var bestCount = 0
      for (division, count) in counts.sorted(by: { $0.key < $1.key })
      where levels.contains(gazetteer.division(division).level) {
        if ancestor >= 0 && !gazetteer.isWithin(division, ancestor) { continue }
        if count > bestCount {
          best = division
          bestCount = count
        }
      }
      return best
    }
    homeDistrict = top(["district", "county"])
    if homeDistrict >= 0 {
      let chain = gazetteer.ancestry(homeDistrict)
      homeCity = chain.first { gazetteer.division($0).level == "city" } ?? -1
      homeProvince = chain.last ?? -1
    } else {
      homeCity = top(["city"])
      homeProvince = homeCity >= 0 ? (gazetteer.ancestry(homeCity).last ?? -1) : top(["province"])
    }
    if homeCity < 0 && homeProvince >= 0 { homeCity = top(["city"], within: homeProvince) }
  }

  private func rank(_ division: Int32) -> Int {
    switch gazetteer.division(division).level {
    case "province": 0
    case "city": 1
    default: 2
    }
  }

  /// Adds the accepted mentions to the document, except names inside project names
  /// (洛阳 in 洛阳隋唐遗址保护区) unless the place is also named on its own.
  func finishPlaces() {
    var standalone: Set<Int32> = []
    var standaloneTownships: Set<String> = []
    for m in placeMentions where m.isAccepted {
      let inside =
        projectRanges[m.sentence]?.contains {
          $0.lowerBound <= m.range.lowerBound && m.range.upperBound <= $0.upperBound
        } ?? false
      // A township at the head of a project's name (某镇某村种植基地) is where it is.
      if inside && m.township == nil { continue }
      if let name = m.township {
        standaloneTownships.insert(name)
      } else {
        standalone.insert(m.chosen)
      }
    }
    for m in placeMentions where m.isAccepted {
      let span = sentences[m.sentence].span
      if overlapsPersonName(m) { continue }
      if let name = m.township {
        guard standaloneTownships.contains(name) else { continue }
        _ = township(named: name, span: span)
      } else if standalone.contains(m.chosen) {
        _ = place(division: m.chosen, span: span, mentioned: true)
      }
    }
  }

  /// Whether a place mention overlaps a person's name (市长黄镇南 is no 长黄镇, 龙长春 no 长春).
  private func overlapsPersonName(_ m: PlaceMention) -> Bool {
    if personNameTrie == nil {
      personNameTrie = ScalarTrie(document.persons.map { ($0.name, true) }, compact: true)
    }
    guard let trie = personNameTrie, !document.persons.isEmpty else { return false }
    let s = sentences[m.sentence].compact[...]
    // A name overlapping the mention starts at most four scalars before it.
    var k = Swift.max(s.startIndex, m.range.lowerBound - 4)
    while k < m.range.upperBound {
      if trie.mayStart(s[k]), let match = trie.longestMatch(in: s, at: k),
        (k..<match.end).overlaps(m.range)
      {
        return true
      }
      k += 1
    }
    return false
  }

  /// A township in the document's district (or city).
  func township(named name: String, span: ScalarSpan) -> Int {
    if let i = placeIndexByTownship[name] { return i }
    let home = homeDistrict >= 0 ? homeDistrict : homeCity
    let parent = home >= 0 ? place(division: home, span: span, mentioned: false) : nil
    document.places.append(
      ExtractedDocument.Place(
        name: name, level: Schema.PlaceLevel.township, parent: parent, isMentioned: true, span: span
      ))
    placeIndexByTownship[name] = document.places.count - 1
    return document.places.count - 1
  }

  /// The township or street mention starting at compact offset `start` of `sentence`.
  func townshipMention(sentence: Int, startingAt start: Int) -> PlaceMention? {
    for k in mentionsBySentence[sentence]
    where placeMentions[k].range.lowerBound == start && placeMentions[k].township != nil {
      return placeMentions[k]
    }
    return nil
  }

  /// The division a mention at compact `range` of `sentence` resolved to, if any.
  func placeMention(sentence: Int, startingAt start: Int) -> PlaceMention? {
    for k in mentionsBySentence[sentence] where placeMentions[k].range.lowerBound == start {
      return placeMentions[k]
    }
    return nil
  }
}
