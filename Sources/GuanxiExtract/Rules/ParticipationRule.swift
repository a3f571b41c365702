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
/// Example: `省委常委、组织部部长丁向群主持会议。` → 丁向群 PRESIDED and ATTENDED.
extension ExtractionContext {
  static let presideVerbs = ["主持"]
  static let speakVerbs = ["讲话", "通报", "说明", "发言", "强调", "指出", "致辞", "宣读", "作报告", "作了报告", "作工作报告", "作的工作报告"]
  static let attendVerbs = ["出席", "参加", "列席", "参会", "与会"]

  func findParticipation() {
    guard !document.meetings.isEmpty, !officialNames.isEmpty else { return }
    let nameTrie = ScalarTrie(officialNames.map { ($0, $0) })
    for (index, sentence) in sentences.enumerated() where !sentence.isDebris {
      let s = sentence.compact[...]
      let meeting = meetingFor(sentence: index)
      var pending: [String] = []
      var clauseStart = s.startIndex
      var i = s.startIndex
      while i <= s.endIndex {
        if i == s.endIndex || [",", ";", ":", "。"].contains(s[i]) {
          let clause = s[clauseStart..<i]
          var names: [String] = []
          var k = clause.startIndex
          while k < clause.endIndex {
            if nameTrie.mayStart(clause[k]), let match = nameTrie.longestMatch(in: clause, at: k) {
              names.append(match.payload)
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
              for role in roles { addParticipation(person: p, meeting: meeting, role: role, span: sentence.span) }
              addParticipation(person: p, meeting: meeting, role: .attended, span: sentence.span)
            }
            pending = []
          }
          clauseStart = i + 1
        }
        i += 1
      }
    }
  }

  private func rolesIn(_ clause: ArraySlice<Unicode.Scalar>) -> [ExtractedDocument.Role] {
    var roles: [ExtractedDocument.Role] = []
    if ExtractionContext.presideVerbs.contains(where: { clause.contains($0) }) && !clause.contains("主持日常工作") {
      roles.append(.presided)
    }
    var spoke = ExtractionContext.speakVerbs.contains { clause.contains($0) }
    if !spoke, let at = clause.find("作", from: clause.startIndex), clause[at...].contains("报告") { spoke = true }
    if spoke { roles.append(.spoke) }
    if ExtractionContext.attendVerbs.contains(where: { clause.contains($0) }) { roles.append(.attended) }
    return roles
  }

  private func meetingFor(sentence: Int) -> Int {
    var chosen = 0
    for (i, first) in meetingSentence.enumerated() where first <= sentence { chosen = i }
    return chosen
  }

  private func addParticipation(person: Int, meeting: Int, role: ExtractedDocument.Role, span: ScalarSpan) {
    if document.participations.contains(where: { $0.person == person && $0.meeting == meeting && $0.role == role }) {
      return
    }
    document.participations.append(ExtractedDocument.Participation(person: person, meeting: meeting, role: role, span: span))
  }
}
