import GuanxiGraph

/// Who attended, presided and spoke.
///
/// Read clause by clause (clauses end at `,;:`): a role verb in a clause applies to the
/// people named in it and to those listed in the clauses before it that had no verb of
/// their own, so `区委书记甲,区长乙,区委委员等出席` gives both ATTENDED. People are found by
/// their title (OfficialRule), in lists (`出席会议的有甲、乙、丙`, `县领导甲、乙等参加`, names
/// set apart by spaces), and once known by their bare name or by surname and title
/// (`马书记强调`). The meeting is the last one the document reported as an event up to that
/// sentence (or its first).
///
/// Verbs: 主持 → PRESIDED; 讲话, 作…报告, 通报, 说明, 发言, 致辞, 宣读, 传达, 解读, 总结,
/// 强调, 指出, 要求, 表示 → SPOKE; 出席, 参加, 列席, 陪同, 就座, 到会, 带队 → ATTENDED.
/// Whoever presided or spoke also attended. 宣布开工 alone is no speech.
///
/// Example: `省委常委、组织部部长林秀英主持会议。` → 林秀英 PRESIDED and ATTENDED.
extension ExtractionContext {
  static let clauseEnders: ScalarSet = [",", ";", ":", "。", "!", "?"]
  static let presideVerbs = ["主持"]
  static let speakVerbs = [
    "讲话", "通报", "说明", "发言", "强调", "指出", "致辞", "宣读", "作报告", "作了报告", "作工作报告", "作的工作报告",
    "致欢迎辞", "致辞", "传达", "解读", "总结", "讲意见", "要求", "表示", "讲党课", "授课", "主讲", "作动员",
    "培训", "领学", "辅导", "建言献策", "交流发言", "作交流", "汇报", "介绍",
  ]
  static let attendVerbs = [
    "出席", "参加", "列席", "参会", "与会", "陪同", "就座", "就坐", "到会", "莅临", "带队", "率队", "一同", "一起",
    "参与", "会见", "执行主席", "主席台",
  ]

  /// Speech verbs that a listener's clause also holds (`听取…汇报`).
  static let reportVerbs: Set<String> = ["汇报", "介绍", "通报", "说明"]
  /// Words after a name that cite what the person said elsewhere (`王明书记讲话精神`).
  static let citedWords = ["精神", "重要指示", "批示", "重要论述", "思想"]

  func findParticipation() {
    findListedPersons()
    guard !document.meetings.isEmpty, !document.persons.isEmpty else { return }
    // A speech's byline (`区长 陈卫东` under `——…在…会议上`): the speaker.
    for (m, first) in meetingSentence.enumerated() where sentences[first].compact.first == "—" {
      for next in (first + 1)...(first + 2) {
        guard let p = bylines[next] else { continue }
        addParticipation(person: p, meeting: m, role: .spoke, span: sentences[next].span)
        addParticipation(person: p, meeting: m, role: .attended, span: sentences[next].span)
      }
    }
    let credited = Set(document.credits.map(\.person))
    var words: [(String, Int)] = []
    for (i, person) in document.persons.enumerated() where !credited.contains(i) {
      words.append((person.name, i))
    }
    // `马书记`: a surname and the head of a post of exactly one person.
    var bySurnameTitle: [String: [Int]] = [:]
    for holds in document.holds {
      let name = document.persons[holds.person].name
      guard let surname = name.unicodeScalars.first, name.unicodeScalars.count <= 3 else {
        continue
      }
      for head in ["书记", "县长", "市长", "区长", "镇长", "乡长", "主任", "主席", "省长", "州长", "部长", "局长"]
      where holds.title.hasSuffix(head) && !holds.title.hasSuffix("副" + head) {
        let key = String(surname) + head
        if !(bySurnameTitle[key] ?? []).contains(holds.person) {
          bySurnameTitle[key, default: []].append(holds.person)
        }
      }
    }
    for (key, people) in bySurnameTitle
    where people.count == 1 && !words.contains(where: { $0.0 == key }) {
      words.append((key, people[0]))
    }
    let nameTrie = ScalarTrie(words, compact: true)
    for (index, sentence) in sentences.enumerated() where !sentence.isDebris {
      let s = sentence.compact[...]
      guard
        s.indices.contains(where: { nameTrie.mayStart(s[$0]) && nameTrie.hasMatch(in: s, at: $0) })
      else { continue }
      let meeting = meetingFor(sentence: index)
      var pending: [Int] = []
      var carried: [ExtractedDocument.Role] = []
      var clauseStart = s.startIndex
      var i = s.startIndex
      var gaps = sentence.gaps[...]
      while i <= s.endIndex {
        let isGap = gaps.first == i
        if isGap { gaps = gaps.dropFirst() }
        if i == s.endIndex || isGap || ExtractionContext.clauseEnders.contains(s[i]) {
          let clause = s[clauseStart..<i]
          var people: [Int] = []
          var k = clause.startIndex
          while k < clause.endIndex {
            if nameTrie.mayStart(clause[k]), let match = nameTrie.longestMatch(in: clause, at: k) {
              // `习近平总书记…讲话精神` quotes the leader; he is not at the meeting, nor is
              // one whose speech is only studied (`传达学习王明书记讲话精神`).
              let quoted =
                clause.has("总书记", at: match.end) || clause.has("新时代", at: match.end)
                || ExtractionContext.citedWords.contains {
                  clause[match.end...].prefix(12).contains($0)
                }
              if !quoted { people.append(match.payload) }
              k = match.end
            } else {
              k += 1
            }
          }
          var roles = rolesIn(clause)
          if roles.isEmpty { roles = carried }
          // `应邀出席大会的省领导有:甲,乙`: the verb comes first, the people after it.
          if !roles.isEmpty, clause.last == "有" || clause.has("还有", endingAt: clause.endIndex),
            clause.contains("的")
          {
            carried = roles
          }
          if roles.isEmpty {
            pending += people
          } else {
            for p in pending + people {
              for role in roles {
                addParticipation(person: p, meeting: meeting, role: role, span: sentence.span)
              }
              addParticipation(person: p, meeting: meeting, role: .attended, span: sentence.span)
            }
            pending = []
          }
          clauseStart = isGap ? i : i + 1
        }
        i += 1
      }
    }
  }

  /// People named without a title: lists of two or more names (`甲、乙、丙`), names after
  /// `市领导`, and names set apart by spaces in a headline or a line of its own.
  private func findListedPersons() {
    let surnames = Surnames.single
    let compoundSurnames = Surnames.compoundTrie
    let listOpeners = Titles.listOpeners
    for (index, sentence) in sentences.enumerated() where !sentence.isDebris {
      let s = sentence.compact[...]
      // Listed people matter where someone attends, speaks or is listed as a leader.
      guard s.count <= 30 || mayHoldRole(s) || s.contains("领导") else { continue }
      var i = s.startIndex
      while i < s.endIndex {
        // Every name of such a list starts with a surname.
        guard surnames.contains(s[i]) || compoundSurnames.mayStart(s[i]) else {
          i += 1
          continue
        }
        let afterLeaders = listOpeners.longestEnding(in: s, before: i) > 0
        let atStart =
          afterLeaders || i == s.startIndex || isBoundary(s[i - 1]) || sentence.gaps.contains(i)
        guard atStart, !Titles.trie.hasMatch(in: s, at: i) else {
          i += 1
          continue
        }
        let names = nameList(in: s, at: i, sentence: index)
        let known = names.contains { personIndexByName[String(scalars: s[$0])] != nil }
        if names.count >= 3 || (names.count == 2 && (known || afterLeaders))
          || (names.count == 1 && afterLeaders)
        {
          for name in names {
            let text = String(scalars: s[name])
            guard !Titles.notNames.contains(text) else { continue }
            _ = person(text, span: sentence.span)
          }
          i = names.last?.upperBound ?? i + 1
          continue
        }
        i += 1
      }
      spacedNames(in: sentence)
    }
  }

  /// `刘明 陈平 王  伟等出席`: names set apart by spaces, in a line with a role verb.
  private func spacedNames(in sentence: Sentence) {
    guard sentence.gaps.count >= 1 else { return }
    let s = sentence.compact[...]
    guard mayHoldRole(s) || s.count <= 30 else { return }
    var bounds = [s.startIndex] + sentence.gaps.map { s.startIndex + $0 } + [s.endIndex]
    bounds = Array(Set(bounds)).sorted()
    var tokens: [Range<Int>] = []
    for k in 0..<(bounds.count - 1) where bounds[k] < bounds[k + 1] {
      tokens.append(bounds[k]..<bounds[k + 1])
    }
    // `王  伟`: a surname alone, then one character, is one padded name.
    var merged: [Range<Int>] = []
    var k = 0
    while k < tokens.count {
      let t = tokens[k]
      if t.count == 1, k + 1 < tokens.count, Surnames.single.contains(s[t.lowerBound]),
        tokens[k + 1].count >= 1, s[tokens[k + 1].lowerBound].isHan
      {
        let next = tokens[k + 1]
        let nameEnd = next.lowerBound + 1
        merged.append(t.lowerBound..<nameEnd)
        if nameEnd < next.upperBound { merged.append(nameEnd..<next.upperBound) }
        k += 2
        continue
      }
      merged.append(t)
      k += 1
    }
    var found: [String] = []
    for token in merged {
      // The token's leading name: `刘安民等出席` gives 刘安民.
      guard let length = nameLength(in: s[..<token.upperBound], at: token.lowerBound) else {
        continue
      }
      let whole = token.count >= 2 && token.count <= 4 && s[token].allSatisfy(\.isHan)
      if length == token.count || (whole && length >= 2) || found.count > 0 {
        found.append(String(scalars: s[token.lowerBound..<(token.lowerBound + length)]))
      }
    }
    guard found.count >= 2 else { return }
    for name in found where !Titles.notNames.contains(name) {
      _ = person(name, span: sentence.span)
    }
  }

  /// The first scalars of all the verbs above (and of 作…报告): a clause with none of
  /// them has no role, and is not searched verb by verb.
  static let roleVerbStarts = ScalarSet(
    (presideVerbs + speakVerbs + attendVerbs + ["作"]).compactMap { $0.unicodeScalars.first })

  /// Every role verb with its role, read in one pass over a clause.
  static let roleVerbTrie: ScalarTrie<ExtractedDocument.Role> = ScalarTrie(
    presideVerbs.map { ($0, .presided) } + speakVerbs.map { ($0, .spoke) }
      + attendVerbs.map { ($0, .attended) })

  private func rolesIn(_ clause: ArraySlice<Unicode.Scalar>) -> [ExtractedDocument.Role] {
    var presided = false
    var spoke = false
    var attended = false
    let trie = ExtractionContext.roleVerbTrie
    var listens = false
    var k = clause.startIndex
    while k < clause.endIndex {
      let c = clause[k]
      if c == "听", clause.has("听取", at: k) { listens = true }
      // `作…报告`: a report given.
      if !spoke, c == "作", clause[k...].prefix(16).contains("报告") { spoke = true }
      guard trie.mayStart(c), let match = trie.longestMatch(in: clause, at: k) else {
        k += 1
        continue
      }
      switch match.payload {
      case .presided:
        // `主持日常工作` is a post's duty, not the chair of this meeting.
        if !clause.has("主持日常工作", at: k) && !clause.has("主持工作", at: k) { presided = true }
      case .spoke:
        let verb = String(scalars: clause[k..<match.end])
        // `重要讲话精神` cites a speech; `听取…汇报`: who hears a report does not give it.
        if !clause.has("精神", at: match.end)
          && !(listens && ExtractionContext.reportVerbs.contains(verb))
        {
          spoke = true
        }
      case .attended:
        attended = true
      }
      k = match.end
    }
    var roles: [ExtractedDocument.Role] = []
    if presided { roles.append(.presided) }
    if spoke { roles.append(.spoke) }
    if attended { roles.append(.attended) }
    return roles
  }

  /// Whether a sentence may hold a role verb at all (one pass, no allocation).
  private func mayHoldRole(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
    let starts = ExtractionContext.roleVerbStarts
    return s.contains { starts.contains($0) }
  }

  private func meetingFor(sentence: Int) -> Int {
    var chosen = 0
    for (i, first) in meetingSentence.enumerated() where first <= sentence { chosen = i }
    return chosen
  }

  private func addParticipation(
    person: Int, meeting: Int, role: ExtractedDocument.Role, span: ScalarSpan
  ) {
    if document.participations.contains(where: {
      $0.person == person && $0.meeting == meeting && $0.role == role
    }) {
      return
    }
    document.participations.append(
      ExtractedDocument.Participation(person: person, meeting: meeting, role: role, span: span))
  }
}
