import GuanxiGraph

/// Meetings the document reports as events, with their dates and venues.
///
/// A meeting name ends in a meeting word (会议, 全会, 大会, 座谈会…) and reaches left over
/// name characters, quoted slogans and `(扩大)` up to a verb (召开, 举行, 在, 出席…) or
/// punctuation. It is an event of this document when it is the subject of 召开/举行
/// (`…全体会议召开`, `…会议在合肥召开`), the object of 召开/举行 (`区委召开…会议`), or the
/// place of a speech (`在…会议上`). Cited meetings (`…会议精神`, `《…会议决议》`) are not.
/// A bare generic name after 举行 takes its organiser: `区委常委会举行扩大会议` is
/// 区委常委会扩大会议, with the district's name in front when the document names it.
///
/// The date is the sentence's `M月D日`, the year from the document; the venue is the
/// place of `在X召开`, else the most specific place in the name, else the document's.
///
/// Example: `5月8日,江西省设区市市委书记、市长一季度工作会议在南昌召开。` → the meeting
/// 江西省设区市市委书记、市长一季度工作会议, 5 May of the document's year, held in 南昌市.
extension ExtractionContext {
  static let meetingHeads = ScalarTrie<Bool>(
    [
      "会议", "全会", "大会", "座谈会", "推进会", "调度会", "现场会", "动员会", "部署会", "汇报会", "联席会",
      "办公会", "交流会", "观摩会", "协调会", "分析会", "评议会", "讲评会", "务虚会", "报告会", "常委会会议",
      "仪式", "典礼", "讲座", "例会", "年会", "对接会", "过堂会", "专题会", "工作会", "征求意见会", "培训会",
      "恳谈会", "见面会", "说明会", "推介会", "发布会", "研讨会", "茶话会", "联谊会", "碰头会", "点评会",
      "会商会", "听证会", "评审会", "宣讲会", "总结会", "表彰会", "启动会", "誓师会", "论坛", "洽谈会",
      "专题会议", "动员大会", "誓师大会", "开幕式", "签约仪式", "开工仪式", "揭牌仪式", "奠基仪式",
      "集体学习", "专题学习", "学习会", "专题学习会", "读书班",
    ].map { ($0, true) })
  /// Words that make an 活动 an event rather than a campaign: 观摩活动, 视察活动, 开工活动.
  static let eventWords = [
    "观摩", "视察", "调研", "考察", "开工", "竣工", "投产", "签约", "揭牌", "启动", "督查", "检查", "讲评",
    "评议", "仪式", "奠基", "开园", "开业", "通车",
  ]
  /// Heads that name an event only after 召开/举行/举办/开展 or before `在…举行`: 活动.
  static let anchoredHeads = ScalarTrie<Bool>([("活动", true)])
  /// Verbs that report a meeting as held, with the name after them: `区委召开…会议`.
  static let anchorVerbs = ScalarTrie<Bool>(
    ["召开", "举行", "举办", "开展", "召开了", "举行了", "举办了", "开展了", "隆重召开", "隆重举行"].map {
      ($0, true)
    })
  static let meetingLeftStops = SuffixSet([
    "召开", "举行", "举办", "出席", "主持", "参加", "列席", "在", "于", "到", "传达", "学习", "贯彻", "落实",
    "日", "上午", "下午", "晚上", "期间", "由", "以", "和", "与", "是", "的", "了", "听取", "审议", "通过",
    "根据", "按照", "围绕", "此次", "本次", "这次", "作为", "关于", "参与", "开好", "筹备", "精神", "及",
    "宣布", "并", "双方", "随后", "首先", "期间",
  ])
  /// Last characters of an organ that organises a meeting: 区委常委会, 县政府, 市政协.
  static let organiserEnds = ScalarSet("委会府协大局部组院厅办".unicodeScalars)
  static let citedFollowers = [
    "精神", "决议", "决定", "报告", "公报", "部署", "要求", "》", "的", "、", "和", "以来", "提出", "强调",
    "指出", "明确", "审议", "通过", "期间", "文件",
  ]
  static let eventVerbs = [
    "召开", "举行", "开幕", "闭幕", "举办", "隆重召开", "胜利召开", "隆重开幕", "隆重举行", "顺利召开", "顺利举行",
    "圆满结束", "胜利闭幕",
  ]

  /// Verbs of a visit reported as the event, longest first.
  static let visitVerbs = ["考察调研", "实地调研", "视察调研", "调研", "视察", "考察", "督查", "观摩", "检查"]

  func findMeetings() {
    findMeetingCandidates()
    findAudiences()
    findVisit(qualifiedOnly: !document.meetings.isEmpty)
    // A headline restates the lead: an undated meeting from the first line, when the text
    // reports a dated one, is that meeting (中共某区委三届六次全会 = 中国共产党…第六次全体会议).
    if document.meetings.count > 1, document.meetings.contains(where: { $0.date != nil }) {
      var keep: [Int] = []
      for (i, meeting) in document.meetings.enumerated()
      where !(meeting.date == nil && sentences[meetingSentence[i]].line == 0) {
        keep.append(i)
      }
      if keep.count < document.meetings.count {
        document.meetings = keep.map { document.meetings[$0] }
        meetingSentence = keep.map { meetingSentence[$0] }
        meetingKeys = keep.map { meetingKeys[$0] }
      }
    }
  }

  /// `召开X会`, `举行X仪式`, `开展X活动`: the name runs from the verb to the last meeting
  /// head before the clause ends (`召开传达学习…精神专题会,`).
  private func anchoredMeetings(in s: ArraySlice<Unicode.Scalar>, sentence: Int) {
    var i = s.startIndex
    while i < s.endIndex {
      guard ExtractionContext.anchorVerbs.mayStart(s[i]),
        let verb = ExtractionContext.anchorVerbs.longestMatch(in: s, at: i)
      else {
        i += 1
        continue
      }
      let isOpen = s.has("开展", at: i)
      var j = verb.end
      var best: Int? = nil
      var bestIsActivity = false
      var depth = 0
      while j < s.endIndex, j - verb.end < 48 {
        let c = s[j]
        if c == "“" || c == "(" || c == "《" { depth += 1 }
        if c == "”" || c == ")" || c == "》" { depth = Swift.max(0, depth - 1) }
        if depth == 0 && (c == "," || c == "。" || c == ";" || c == ":" || c == "!" || c == "?") {
          break
        }
        if let head = ExtractionContext.meetingHeads.longestMatch(in: s, at: j)
          ?? ExtractionContext.anchoredHeads.longestMatch(in: s, at: j)
        {
          let isActivity =
            ExtractionContext.anchoredHeads.hasMatch(in: s, at: j)
            && ExtractionContext.meetingHeads.longestMatch(in: s, at: j) == nil
          if (!isOpen || isActivity) && isMeetingEnd(s, head.end) {
            best = head.end
            bestIsActivity = isActivity
          }
          j = head.end
          continue
        }
        j += 1
      }
      var nameStart = verb.end
      // `召开的座谈会`: the particle is not part of the name.
      if nameStart < s.endIndex, s[nameStart] == "的" { nameStart += 1 }
      let isCounted =
        nameStart + 1 < s.endIndex && s[nameStart + 1] == "次"
        && !s[nameStart].isASCIIDigit && s[nameStart] != "第"
      // `县委理论学习中心组举行第三次集体学习`: a study group's session carries its name.
      var studyGroup = ""
      if let at = s[Swift.max(s.startIndex, i - 14)..<i].lastIndex(where: { isBoundary($0) })
        ?? Optional(
          Swift.max(s.startIndex, i - 14)),
        s.has("中心组", endingAt: i)
      {
        studyGroup = String(scalars: s[(isBoundary(s[at]) ? at + 1 : at)..<i])
      }
      if let end = best, end - nameStart >= 2, !isCounted,
        !bestIsActivity
          || ExtractionContext.eventWords.contains(where: { s[nameStart..<end].contains($0) })
      {
        let name = studyGroup + String(scalars: s[nameStart..<end])
        let descriptorless =
          ExtractionContext.meetingHeads.longestMatch(in: s, at: nameStart)?.end == end
        if !descriptorless || end - nameStart > 2, !name.hasPrefix("了") {
          var venue: Int32 = -1
          // `在合肥召开`: the venue before the verb.
          if let at = s[Swift.max(s.startIndex, i - 12)..<i].lastIndex(of: "在"),
            let mention = placeMention(sentence: sentence, startingAt: at + 1)
          {
            venue = mention.chosen
          }
          let isExplicit = venue >= 0
          if venue < 0 { venue = venueFromName(name) }
          if !descriptorless {
            addMeeting(
              MeetingCandidate(name: name, venue: venue, isVenueExplicit: isExplicit),
              sentence: sentence)
          }
        }
        i = end
        continue
      }
      i = verb.end
    }
  }

  /// Whether a meeting name may end at `end`: the clause ends, or a word that follows
  /// meeting names comes (上, 在, 于, 暨 joins two names and does not end them).
  private func isMeetingEnd(_ s: ArraySlice<Unicode.Scalar>, _ end: Int) -> Bool {
    guard end < s.endIndex else { return true }
    let c = s[end]
    if c == "暨" || c == "(" { return false }
    if isBoundary(c) { return true }
    return ["上", "在", "于", "并", "开", "期", "现", "召", "举", "结", "中", "后", "前", "时", "由", "正", "的"]
      .contains(String(c))
  }

  /// `董事长钱明会见了市委书记马涛`: an audience reported as held is a meeting, 会见.
  private func findAudiences() {
    for (index, sentence) in sentences.enumerated() where !sentence.isDebris {
      let s = sentence.compact[...]
      guard let at = s.find("会见", from: s.startIndex), at > s.startIndex,
        s[at - 1].isHan, !s.has("会见会", at: at)
      else { continue }
      let before = s[s.startIndex..<at]
      guard document.persons.contains(where: { before.contains($0.name) }) else { continue }
      addMeeting(MeetingCandidate(name: "会见", venue: venueFromName("")), sentence: index)
    }
  }

  /// A visit reported as the event (`…带队赴区发改委开展工作调研`, `…视察了重点项目`), read
  /// (beside a reported meeting, only one named as a visit: 工作调研, 考察调研): the first visit verb after a person or
  /// a delegation, named as the text names it (工作调研, 集中视察, 考察调研).
  private func findVisit(qualifiedOnly: Bool) {
    // A visit reported as the event is in the lead, not in paragraph twenty.
    for (index, sentence) in sentences.enumerated().prefix(24) where !sentence.isDebris {
      let s = sentence.compact[...]
      for verb in ExtractionContext.visitVerbs {
        guard let at = s.find(verb, from: s.startIndex) else { continue }
        let before = s[s.startIndex..<at]
        guard
          document.persons.contains(where: { before.contains($0.name) })
            || before.contains("委员") || before.contains("代表") || before.contains("调研组")
        else { continue }
        var start = at
        // `开展工作调研`, `集中视察`: a two-character qualifier before the verb.
        for qualifier in ["开展", "进行"] {
          if at - 4 >= s.startIndex, s.has(qualifier, at: at - 4),
            s[(at - 2)..<at].allSatisfy(\.isHan)
          {
            start = at - 2
          }
        }
        for qualifier in ["集中", "实地", "专题", "联合"] where s.has(qualifier, endingAt: at) {
          start = at - 2
        }
        let end = at + verb.unicodeScalars.count
        // Beside a reported meeting, only a visit named as one (工作调研, 考察调研) is an event.
        if qualifiedOnly && end - start < 4 { return }
        let name = String(scalars: s[start..<end])
        addMeeting(MeetingCandidate(name: name, venue: venueFromName("")), sentence: index)
        return
      }
    }
  }

  private func findMeetingCandidates() {
    for (index, sentence) in sentences.enumerated() where !sentence.isDebris {
      anchoredMeetings(in: sentence.compact[...], sentence: index)
    }
    for (index, sentence) in sentences.enumerated() where !sentence.isDebris {
      let s = sentence.compact[...]
      var i = s.startIndex
      while i < s.endIndex {
        guard ExtractionContext.meetingHeads.mayStart(s[i]),
          let head = ExtractionContext.meetingHeads.longestMatch(in: s, at: i)
        else {
          i += 1
          continue
        }
        // 大会议 is 大 + 会议: a head that runs into 议 is not a head.
        if head.end < s.endIndex, s[head.end] == "议" {
          i += 1
          continue
        }
        var headEnd = head.end
        // `常委会(扩大)会议`: the parenthesis continues the name.
        if headEnd < s.endIndex, s[headEnd] == "(",
          let close = s[headEnd...].prefix(6).firstIndex(of: ")"),
          ExtractionContext.meetingHeads.longestMatch(in: s, at: close + 1) != nil
        {
          headEnd =
            ExtractionContext.meetingHeads.longestMatch(in: s, at: close + 1)?.end ?? headEnd
        }
        if let meeting = meetingCandidate(in: s, headStart: i, headEnd: headEnd, sentence: index) {
          addMeeting(meeting, sentence: index)
        }
        i = headEnd
      }
    }
  }

  struct MeetingCandidate {
    var name: String
    var venue: Int32
    /// Whether the venue was written (`在合肥召开`) rather than guessed from the name.
    var isVenueExplicit = false
  }

  private func meetingCandidate(
    in s: ArraySlice<Unicode.Scalar>, headStart: Int, headEnd: Int, sentence: Int
  )
    -> MeetingCandidate?
  {
    // Extend left.
    var start = headStart
    var stop = 0
    while start > s.startIndex && headEnd - start < 60 {
      let previous = s[start - 1]
      if previous == "”" || previous == "\"" {
        guard
          let open = s[Swift.max(s.startIndex, start - 40)..<(start - 1)].lastIndex(where: {
            $0 == "“" || $0 == "\""
          })
        else { break }
        start = open
        continue
      }
      if previous == ")" {
        guard let open = s[Swift.max(s.startIndex, start - 6)..<(start - 1)].lastIndex(of: "(")
        else { break }
        start = open
        continue
      }
      if previous == "、" {
        start -= 1
        continue
      }
      guard previous.isHan || previous.isASCIIDigit || previous.isASCIILetter else { break }
      stop = ExtractionContext.meetingLeftStops.longestEnding(in: s, before: start)
      if stop > 0 { break }
      start -= 1
    }
    // A 、 right after an earlier meeting word separates two meetings: keep the last.
    var k = headStart - 1
    while k >= start {
      if s[k] == "、" {
        if ExtractionContext.meetingHeads.longestMatch(in: s, at: Swift.max(start, k - 2)) != nil
          || s[start..<k].contains("会议") || s[start..<k].contains("全会")
        {
          start = k + 1
          break
        }
      }
      k -= 1
    }
    while start < headStart, s[start] == "、" { start += 1 }
    let stopWord = stop > 0 ? String(scalars: s[(start - stop)..<start]) : ""
    if start > s.startIndex && s[start - 1] == "《" { return nil }
    // Is it an event?
    let after = s[headEnd...]
    for word in ExtractionContext.citedFollowers where after.has(word, at: headEnd) { return nil }
    // `全省视频会议召开后,我县紧接着召开会议`: the meeting before is the occasion, not the event.
    if after.has("召开后", at: headEnd) || after.has("结束后", at: headEnd) { return nil }
    // `在…座谈会上的讲话精神`: a speech cited from another meeting.
    if let clauseEnd = after.firstIndex(where: { $0 == "," || $0 == "。" || $0 == ";" })
      ?? Optional(
        after.endIndex),
      after[headEnd..<clauseEnd].contains("精神")
    {
      return nil
    }
    var isEvent = false
    var venue: Int32 = -1
    if ["召开", "举行", "举办"].contains(stopWord) { isEvent = true }
    for verb in ExtractionContext.eventVerbs where after.has(verb, at: headEnd) { isEvent = true }
    if after.has("在", at: headEnd) {
      // `…会议在合肥召开`
      let limit = Swift.min(s.endIndex, headEnd + 14)
      for verb in ExtractionContext.eventVerbs {
        if let at = s.find(verb, from: headEnd + 1, to: limit) {
          isEvent = true
          if let mention = placeMention(sentence: sentence, startingAt: headEnd + 1) {
            venue = mention.chosen
          }
          _ = at
          break
        }
      }
    }
    if stopWord == "在" && after.has("上", at: headEnd) { isEvent = true }
    // `出席…会议的委员`: a meeting attended was held.
    if ["出席", "参加", "列席"].contains(stopWord)
      && (headStart > start || headEnd - headStart >= 3)
    {
      isEvent = true
    }
    // `汇报会上,…`: a meeting opening its sentence as the scene of what follows.
    if start == s.startIndex && after.has("上", at: headEnd) && headEnd + 1 < s.endIndex
      && s[headEnd + 1] == ","
    {
      isEvent = true
    }
    guard isEvent else { return nil }
    var nameStart = start
    while nameStart < headStart && (s[nameStart] == "," || s[nameStart] == "、") { nameStart += 1 }
    var name = String(scalars: s[nameStart..<headEnd])
    let descriptor = headStart - nameStart
    // A bare head is a meeting of its own only when a verb reports it (召开座谈会, 出席签约
    // 仪式) or it opens the sentence as the scene (`汇报会上,`); `会议指出` is not one.
    if descriptor == 0 && !["召开", "举行"].contains(stopWord) {
      let isNamedHead = headEnd - headStart >= 3
      let opensSentence = start == s.startIndex && after.has("上", at: headEnd)
      guard isNamedHead && (["出席", "参加", "在"].contains(stopWord) || opensSentence) else {
        return nil
      }
    }
    // A generic name (扩大会议, 全体会议) takes the organiser before 举行/召开.
    if ["召开", "举行"].contains(stopWord) && !name.contains("“")
      && (headEnd - nameStart <= 6 || s[nameStart] == "第")
    {
      var organiserStart = start - stop
      let organiserEnd = organiserStart
      while organiserStart > s.startIndex && s[organiserStart - 1].isHan
        && organiserEnd - organiserStart < 12
      {
        organiserStart -= 1
      }
      // Trim a leading time word: 上午, 下午.
      var organiser = String(scalars: s[organiserStart..<organiserEnd])
      for time in ["上午", "下午", "晚上", "日"] {
        if let r = organiser.range(of: time, options: .backwards) {
          organiser = String(organiser[r.upperBound...])
        }
      }
      // Only an organ organises (区委常委会, 县政府); `并召开座谈会` keeps the bare name.
      if let last = organiser.unicodeScalars.last,
        !ExtractionContext.organiserEnds.contains(last) || organiser.unicodeScalars.count < 2
      {
        organiser = ""
      }
      if organiser.isEmpty && descriptor == 0 {
        let venue = venueFromName(name)
        return MeetingCandidate(name: name, venue: venue, isVenueExplicit: false)
      }
      if let first = organiser.unicodeScalars.first, "省市区县".unicodeScalars.contains(first),
        organiser.unicodeScalars.dropFirst().first == "委"
      {
        let home = homePlace(forLevel: first)
        if home >= 0 {
          let placeName = gazetteer.division(home).name
          organiser = String(placeName.dropLast()) + organiser
        }
      }
      name = organiser + name
    }
    let isExplicit = venue >= 0
    if venue < 0 { venue = venueFromName(name) }
    return MeetingCandidate(name: name, venue: venue, isVenueExplicit: isExplicit)
  }

  /// The most specific division named inside a meeting name (庐阳区 in 中国共产党合肥市
  /// 庐阳区第五届委员会…), else the document's own place.
  private func venueFromName(_ name: String) -> Int32 {
    let scalars = Array(name.unicodeScalars)
    var best: Int32 = -1
    var i = 0
    while i < scalars.count {
      if let match = gazetteer.names.longestMatch(in: scalars[...], at: i) {
        // Only places the document names, or an unambiguous full name (乡村振兴 is no 振兴区).
        let candidates = match.payload.map(\.division)
        let full = match.payload.filter { !$0.isShort }.map(\.division)
        let known = candidates.first { chosenDivisions.contains($0) }
        if let c = known ?? (full.count == 1 ? full[0] : nil) {
          if best < 0 || gazetteer.isWithin(c, best) { best = c }
        }
        i = match.end
      } else {
        i += 1
      }
    }
    if best >= 0 { return best }
    // The organiser's level: 区委召开 → the district.
    if let first = scalars.first, "省市区县".unicodeScalars.contains(first) {
      let home = homePlace(forLevel: first)
      if home >= 0 { return home }
    }
    if homeDistrict >= 0 { return homeDistrict }
    if homeCity >= 0 { return homeCity }
    return homeProvince
  }

  private func addMeeting(_ candidate: MeetingCandidate, sentence: Int) {
    let span = sentences[sentence].span
    let date = sentenceDate(sentences[sentence])
    let key = Self.meetingKey(candidate.name)
    // The same meeting named twice, once in full and once shorter, is one meeting.
    for (i, other) in meetingKeys.enumerated() {
      if other.contains(key) || key.contains(other) {
        if key.count > other.count {
          document.meetings[i].name = candidate.name
          meetingKeys[i] = key
        }
        if document.meetings[i].date == nil { document.meetings[i].date = date }
        if document.meetings[i].place == nil || candidate.isVenueExplicit, candidate.venue >= 0 {
          document.meetings[i].place = place(
            division: candidate.venue, span: span, mentioned: false)
        }
        return
      }
    }
    let placeIndex =
      candidate.venue >= 0 ? place(division: candidate.venue, span: span, mentioned: false) : nil
    document.meetings.append(
      ExtractedDocument.Meeting(name: candidate.name, date: date, place: placeIndex, span: span))
    meetingSentence.append(sentence)
    meetingKeys.append(key)
    meetingIndexByName[candidate.name] = document.meetings.count - 1
  }

  /// A meeting name without punctuation, quotes or the Party's full name, for comparing.
  static func meetingKey(_ name: String) -> String {
    var key = String.UnicodeScalarView()
    for scalar in name.replacingOccurrences(of: "中国共产党", with: "中共").unicodeScalars
    where scalar.isHan || scalar.isASCIIDigit || scalar.isASCIILetter {
      key.append(scalar)
    }
    return String(key)
  }
}
