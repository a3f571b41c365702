import GuanxiGraph

/// Who attended, presided and spoke.
///
/// Read clause by clause (clauses end at `,;:`): a role verb in a clause applies to the
/// officials named in it and to those listed in the clauses before it that had no verb
/// of their own, so `区委书记甲,区长乙,区委委员等出席` gives both ATTENDED. Officials are
/// found by their title (OfficialRule) or, once known, by their bare name. The meeting is
/// the last one the document reported as an event up to that sentence (or its first).
///
/// Verbs: 主持 → PRESIDED; 讲话, 通报, 说明, 发言, 强调, 指出, 致辞, 作…报告 → SPOKE;
/// 出席, 参加, 列席 → ATTENDED. Whoever presided or spoke also attended.
///
/// Example: `省委常委、组织部部长林秀英主持会议。` → 林秀英 PRESIDED and ATTENDED.
extension ExtractionContext {
  static let clauseEnders: ScalarSet = [",", ";", ":", "。"]
  static let presideVerbs = ["主持"]
  static let speakVerbs = [
    "讲话", "通报", "说明", "发言", "强调", "指出", "致辞", "宣读", "作报告", "作了报告", "作工作报告", "作的工作报告",
  ]
  static let attendVerbs = ["出席", "参加", "列席", "参会", "与会"]

  func findParticipation() {
    guard !document.meetings.isEmpty, !officialNames.isEmpty else { return }
    // A speech's byline (`区长 陈卫东` under `——…在…会议上`): the speaker.
    for (m, first) in meetingSentence.enumerated() where sentences[first].compact.first == "—" {
      for next in (first + 1)...(first + 2) {
        guard let p = bylines[next] else { continue }
        addParticipation(person: p, meeting: m, role: .spoke, span: sentences[next].span)
        addParticipation(person: p, meeting: m, role: .attended, span: sentences[next].span)
      }
    }
    let nameTrie = ScalarTrie(officialNames.map { ($0, $0) }, compact: true)
    for (index, sentence) in sentences.enumerated() where !sentence.isDebris {
      let s = sentence.compact[...]
      guard
        s.indices.contains(where: { nameTrie.mayStart(s[$0]) && nameTrie.hasMatch(in: s, at: $0) })
      else { continue }
      let meeting = meetingFor(sentence: index)
      var pending: [String] = []
      var clauseStart = s.startIndex
      var i = s.startIndex
      var gaps = sentence.gaps[...]
      while i <= s.endIndex {
        let isGap = gaps.first == i
        if isGap { gaps = gaps.dropFirst() }
        if i == s.endIndex || isGap || ExtractionContext.clauseEnders.contains(s[i]) {
          let clause = s[clauseStart..<i]
          var names: [String] = []
          var k = clause.startIndex
          while k < clause.endIndex {
            if nameTrie.mayStart(clause[k]), let match = nameTrie.longestMatch(in: clause, at: k) {
              // `习近平总书记…讲话精神` quotes the leader; he is not at the meeting.
              if !clause.has("总书记", at: match.end) { names.append(match.payload) }
              k = match.end
            } else {
              k += 1
            }
          }
          let roles = rolesIn(clause)
          if roles.isEmpty {
            pending += names
          } else {
            for name in pending + names {
              guard let p = personIndexByName[name] else { continue }
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

  /// The first scalars of all the verbs above (and of 作…报告): a clause with none of
  /// them has no role, and is not searched verb by verb.
  static let roleVerbStarts = ScalarSet(
    (presideVerbs + speakVerbs + attendVerbs + ["作"]).compactMap { $0.unicodeScalars.first })

  private func rolesIn(_ clause: ArraySlice<Unicode.Scalar>) -> [ExtractedDocument.Role] {
    var roles: [ExtractedDocument.Role] = []
    guard clause.contains(where: { ExtractionContext.roleVerbStarts.contains($0) }) else {
      return roles
    }
    if ExtractionContext.presideVerbs.contains(where: { clause.contains($0) })
      && !clause.contains("主持日常工作")
    {
      roles.append(.presided)
    }
    var spoke = ExtractionContext.speakVerbs.contains { verb in
      // `重要讲话精神` cites a speech; it is not one.
      guard let at = clause.find(verb, from: clause.startIndex) else { return false }
      return !clause.has("精神", at: at + verb.unicodeScalars.count)
    }
    if !spoke, let at = clause.find("作", from: clause.startIndex), clause[at...].contains("报告") {
      spoke = true
    }
    if spoke { roles.append(.spoke) }
    if ExtractionContext.attendVerbs.contains(where: { clause.contains($0) }) {
      roles.append(.attended)
    }
    return roles
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
