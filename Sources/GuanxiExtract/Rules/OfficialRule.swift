import GuanxiGraph

/// Officials: a title chain followed by a name, `区委副书记、区长林晓东`, optionally after the
/// place's proper name (`江西省委书记方明远`, `合肥市庐阳区委书记…`), and `习近平总书记`.
///
/// Each piece of the chain is one post: 林晓东 holds 区委副书记 and 区长. The title keeps
/// its level word and drops the place name; the jurisdiction is the named place, or the
/// document's place at that level (区 → its district). A later piece without a level
/// inherits the first piece's party organ: `省委常委、组织部部长` gives 省委组织部部长.
///
/// Example: `江西省委副书记、省长方明远通报…` → (方明远, 省委副书记, 江西省), (方明远, 省长, 江西省).
extension ExtractionContext {
  /// One post of a title chain, as compact ranges; the text is built only for a chain
  /// that ends in a name.
  struct TitlePiece {
    /// The piece's own words (区委书记, 组织部部长).
    var range: Range<Int>
    /// Where its organ words are (委, 人大常委会, 组织部), if any.
    var organRange: Range<Int>?
    /// The level word and party organ (省委) a later piece inherits; for an inheriting
    /// piece, the inherited one.
    var partyOrgan: Range<Int>?
    var level: Unicode.Scalar?
    var inheritsPartyOrgan = false

    func text(_ s: ArraySlice<Unicode.Scalar>) -> String {
      guard inheritsPartyOrgan, let partyOrgan else { return String(scalars: s[range]) }
      return String(scalars: s[partyOrgan] + s[range])
    }

    func organ(_ s: ArraySlice<Unicode.Scalar>) -> String {
      var scalars: [Unicode.Scalar] = []
      if inheritsPartyOrgan, let partyOrgan { scalars += s[partyOrgan] }
      if let organRange { scalars += s[organRange] }
      return String(scalars: scalars)
    }
  }

  func findOfficials() {
    for (index, sentence) in sentences.enumerated() where !sentence.isDebris {
      let s = sentence.compact[...]
      // Every title ends in one of these characters (书记, 常委, 主任, 主席, 区长, 委员…).
      let heads = s.indices.filter { Titles.headLastScalars.contains(s[$0]) }
      guard !heads.isEmpty else { continue }
      var nextHead = 0
      var i = s.startIndex
      while i < s.endIndex {
        // A title ends within 24 scalars of where it starts.
        while nextHead < heads.count && heads[nextHead] < i { nextHead += 1 }
        guard nextHead < heads.count else { break }
        if heads[nextHead] - i > 24 {
          i = heads[nextHead] - 24
          continue
        }
        if let end = officialChain(in: s, at: i, sentence: index) {
          i = end
          continue
        }
        if s[i] == "总", s.has("总书记", at: i),
          let end = generalSecretary(in: s, at: i, sentence: index)
        {
          i = end
          continue
        }
        i += 1
      }
    }
    officialNames = Array(Set(document.holds.map { document.persons[$0.person].name })).sorted()
  }

  /// `NAME总书记` with the name just before `i`.
  private func generalSecretary(in s: ArraySlice<Unicode.Scalar>, at i: Int, sentence: Int) -> Int?
  {
    for length in [3, 2] where i - length >= s.startIndex {
      let start = i - length
      guard Surnames.single.contains(s[start]), s[start..<i].allSatisfy(\.isHan) else { continue }
      let name = String(scalars: s[start..<i])
      guard !Titles.notNames.contains(name) else { continue }
      let span = sentences[sentence].span
      let p = person(name, span: span)
      let org = organization(named: "中共中央", place: nil, span: span)
      addHolds(
        ExtractedDocument.Holds(person: p, title: "总书记", place: nil, organization: org, span: span))
      return i + 3
    }
    return nil
  }

  /// Parses a title chain and name at `i`; records the facts and returns the end.
  private func officialChain(in s: ArraySlice<Unicode.Scalar>, at i: Int, sentence: Int) -> Int? {
    let first = s[i]
    guard Titles.trie.mayStart(first) || gazetteer.names.mayStart(first) || first == "中" else {
      return nil
    }
    var start = i
    if s.has("中共", at: start) { start += 2 }
    let gazetteerNames = gazetteer.names
    // Neither a place name nor a title starts here (most calls): stop before allocating.
    guard
      start < s.endIndex && gazetteerNames.mayStart(in: s, at: start)
        || Titles.trie.mayStart(s[safe: start] ?? " ")
    else { return nil }
    // Optional place names before the title: 安徽, 合肥市庐阳.
    var places: [Int32] = []
    var j = start
    var attempts: [(Int, [Int32])] = [(j, [])]
    while j < s.endIndex, gazetteerNames.mayStart(s[j]), places.count < 3 {
      let matches = gazetteerNames.allMatches(in: s, at: j)
      guard let longest = matches.last else { break }
      // Try each reading of the name: a short form leaves the level word to the title.
      for match in matches.reversed() where match.end - j >= 2 {
        attempts.append((match.end, places + match.payload.map(\.division)))
      }
      places += longest.payload.map(\.division)
      j = longest.end
    }
    guard Titles.trie.mayStart(s[safe: start] ?? " ") || attempts.count > 1 else { return nil }
    for (titleStart, candidates) in attempts.reversed() {
      guard let (pieces, nameStart) = titleChain(in: s, at: titleStart) else { continue }
      guard let length = nameLength(in: s, at: nameStart) else { continue }
      let name = String(scalars: s[nameStart..<(nameStart + length)])
      record(name: name, pieces: pieces, in: s, namedPlaces: candidates, sentence: sentence)
      if i == s.startIndex && nameStart + length == s.endIndex, let p = personIndexByName[name] {
        bylines[sentence] = p
      }
      return nameStart + length
    }
    return nil
  }

  /// A chain of title pieces joined by 、 starting at `i`, and where the name starts.
  private func titleChain(in s: ArraySlice<Unicode.Scalar>, at i: Int) -> ([TitlePiece], Int)? {
    var pieces: [TitlePiece] = []
    var j = i
    while true {
      guard let (piece, end) = titlePiece(in: s, at: j, inherit: pieces.first) else { return nil }
      pieces.append(piece)
      j = end
      if j < s.endIndex && s[j] == "、" && Titles.trie.hasMatch(in: s, at: j + 1) {
        j += 1
        continue
      }
      return (pieces, j)
    }
  }

  private func titlePiece(in s: ArraySlice<Unicode.Scalar>, at i: Int, inherit: TitlePiece?) -> (
    TitlePiece, Int
  )? {
    var j = i
    var level: Unicode.Scalar? = nil
    var partyOrgan: Range<Int>? = nil
    var organStart: Int? = nil
    while let match = Titles.trie.longestMatch(in: s, at: j) {
      switch match.payload {
      case .level(let l):
        guard level == nil, organStart == nil else { return nil }
        level = l
      case .organ(let isParty):
        if isParty && organStart == nil { partyOrgan = i..<match.end }
        if organStart == nil { organStart = j }
      case .head(let headLevel):
        let organRange = organStart.map { $0..<j }
        let end = match.end
        if let headLevel, level == nil { level = headLevel }
        if level == nil {
          // `组织部部长` after `省委常委、`: the first piece's party organ is implied.
          let isSecretaryGeneral = s[j..<end].isEqual(to: "秘书长")
          guard let inherit, inherit.partyOrgan != nil, organStart != nil || isSecretaryGeneral
          else { return nil }
          return (
            TitlePiece(
              range: i..<end, organRange: organRange, partyOrgan: inherit.partyOrgan,
              level: inherit.level, inheritsPartyOrgan: true),
            end
          )
        }
        if organStart == nil && headLevel == nil { return nil }
        return (
          TitlePiece(range: i..<end, organRange: organRange, partyOrgan: partyOrgan, level: level),
          end
        )
      case .generalSecretary:
        return nil
      }
      j = match.end
    }
    return nil
  }

  private func record(
    name: String, pieces: [TitlePiece], in s: ArraySlice<Unicode.Scalar>, namedPlaces: [Int32],
    sentence: Int
  ) {
    let span = sentences[sentence].span
    let p = person(name, span: span)
    for piece in pieces {
      var jurisdiction: Int32 = -1
      if let level = piece.level {
        // The named place whose level word matches; else the document's own.
        jurisdiction = namedPlaces.last { gazetteer.levelScalars(of: $0).contains(level) } ?? -1
        if jurisdiction < 0 { jurisdiction = homePlace(forLevel: level) }
      }
      guard jurisdiction >= 0 else { continue }
      let placeIndex = place(division: jurisdiction, span: span, mentioned: false)
      let organ = piece.organ(s)
      if !organ.isEmpty, let level = piece.level {
        // The organ as an Organization in the place: 庐阳区人大常委会, 安徽省委组织部.
        let placeName = gazetteer.division(jurisdiction).name
        let organName = organ.unicodeScalars.first == level ? organ : String(level) + organ
        let full =
          placeName.unicodeScalars.last == level
          ? String(placeName.dropLast()) + organName : placeName + organ
        _ = organizationIndex(named: full, place: placeIndex, span: span)
      }
      addHolds(
        ExtractedDocument.Holds(
          person: p, title: piece.text(s), place: placeIndex, organization: nil, span: span))
    }
  }

  func addHolds(_ holds: ExtractedDocument.Holds) {
    if document.holds.contains(where: {
      $0.person == holds.person && $0.title == holds.title && $0.place == holds.place
        && $0.organization == holds.organization
    }) {
      return
    }
    document.holds.append(holds)
  }

  func organization(named name: String, place: Int?, span: ScalarSpan) -> Int {
    organizationIndex(named: name, place: place, span: span)
  }

  private func organizationIndex(named name: String, place: Int?, span: ScalarSpan) -> Int {
    if let i = organizationIndexByName[name] { return i }
    document.organizations.append(
      ExtractedDocument.Organization(name: name, place: place, span: span))
    organizationIndexByName[name] = document.organizations.count - 1
    return document.organizations.count - 1
  }
}

extension ArraySlice {
  subscript(safe index: Int) -> Element? {
    index >= startIndex && index < endIndex ? self[index] : nil
  }
}
