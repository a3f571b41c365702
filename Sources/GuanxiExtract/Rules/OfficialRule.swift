import GuanxiGraph

/// Officials: a title chain followed by one or more names, `区委副书记、区长林晓东`,
/// `县委常委陈立、龚平、蒋文`, optionally after the place's proper name (`江西省委书记方明远`,
/// `合肥市庐阳区委书记…`, `大杨镇党委书记…`), and `习近平总书记`.
///
/// Each piece of the chain is one post: 林晓东 holds 区委副书记 and 区长. The title is written
/// as the text has it without the place's proper name. Where the post belongs:
/// - a piece with a level word (区委书记, 副县长, 镇党委书记) belongs to the named place at that
///   level, else to the document's place at that level, else to nobody named: the post is
///   kept on an organ of the document with no place (`县委`), never dropped;
/// - a piece with an organ but no level (霞光集团董事长, 管委会主任) belongs to that organ;
/// - a bare piece (副主席, 秘书长) after `县政协主席甲,` takes the organ of the post before it
///   in the sentence: `县政协主席甲,副主席乙、丙` gives 乙 and 丙 县政协's 副主席.
/// A later piece without a level inherits the first piece's party organ: `省委常委、组织部部长`
/// gives 省委组织部部长.
///
/// Also read: a title after the name (`周明书记强调`, `王海(县委副书记)`), and elections and
/// appointments (`选举周明为镇长`, `周明、吴平当选副乡长`). A removal (`免去周明的副县长职务`)
/// gives no post.
///
/// Example: `江西省委副书记、省长方明远通报…` → (方明远, 省委副书记, 江西省), (方明远, 省长, 江西省).
extension ExtractionContext {
  /// One post of a title chain, as compact ranges.
  struct TitlePiece {
    /// The piece's own words (区委书记, 组织部部长), without a place name before them.
    var range: Range<Int>
    /// Where its organ words are (委, 人大常委会, 组织部, 霞光集团), if any.
    var organRange: Range<Int>?
    /// The level word and party organ (省委) a later piece inherits; for an inheriting
    /// piece, the inherited one.
    var partyOrgan: Range<Int>?
    var level: Unicode.Scalar?
    /// The written level word (自治区, 街道, 县).
    var levelRange: Range<Int>?
    var inheritsPartyOrgan = false
    /// Places named just before this piece (`城步县委书记` after `、`).
    var places: [Int32] = []
    var township: String?

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

    /// A piece that is nothing but a head (副主席, 秘书长): its organ comes from context.
    var isBare: Bool { level == nil && organRange == nil && !inheritsPartyOrgan }
  }

  /// Where the last post of a sentence belongs, for bare pieces after it.
  struct OrganContext {
    var place: Int?
    var organization: Int?
  }

  func findOfficials() {
    for (index, sentence) in sentences.enumerated() where !sentence.isDebris {
      let s = sentence.compact[...]
      // Every title ends in one of these characters (书记, 常委, 主任, 主席, 区长, 委员…).
      let heads = s.indices.filter { Titles.headLastScalars.contains(s[$0]) }
      guard !heads.isEmpty else { continue }
      var context: OrganContext? = nil
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
        if let end = officialChain(in: s, at: i, sentence: index, context: &context) {
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
    findTitlesAfterNames()
    findElections()
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

  /// Whether a phrase may begin at `i`: the sentence's start, after punctuation or a gap.
  private func isPhraseStart(_ s: ArraySlice<Unicode.Scalar>, _ i: Int, sentence: Int) -> Bool {
    i == s.startIndex || isBoundary(s[i - 1]) || sentences[sentence].gaps.contains(i)
  }

  /// Parses a title chain and names at `i`; records the facts and returns the end.
  private func officialChain(
    in s: ArraySlice<Unicode.Scalar>, at i: Int, sentence: Int, context: inout OrganContext?
  ) -> Int? {
    let first = s[i]
    let startsWord = Titles.trie.mayStart(first) || gazetteer.names.mayStart(first) || first == "中"
    let atPhraseStart = isPhraseStart(s, i, sentence: sentence)
    guard startsWord || atPhraseStart else { return nil }
    // At a phrase start nothing of the lexicon begins: only a township or an organ's own
    // name (霞光集团…) can start a title here; most phrases stop before any allocation.
    if !startsWord && townshipMention(sentence: sentence, startingAt: i) == nil
      && genericOrgan(in: s, at: i) == nil
    {
      return nil
    }
    var start = i
    if s.has("中共", at: start) { start += 2 }
    guard start < s.endIndex else { return nil }
    // `上届省政协副主席`, `原县长`: a former post is no post; the people are read, not the post.
    let isFormer = Titles.formerMarkers.longestEnding(in: s, before: i) > 0
    // `委员会主任` inside a longer name: the title starts earlier or not at all.
    if !atPhraseStart, s[i] == "委" { return nil }
    let prefixes = placePrefixes(in: s, at: start, sentence: sentence)
    let allowGeneric = atPhraseStart || start > i
    for (titleStart, candidates, township) in prefixes.reversed() {
      guard
        let (pieces, nameStart) = titleChain(
          in: s, at: titleStart, allowGenericOrgan: allowGeneric || titleStart > start,
          sentence: sentence)
      else { continue }
      let names = nameList(in: s, at: nameStart, sentence: sentence, afterTitle: true)
      guard let last = names.last else { continue }
      // A title alone in front of a bare piece's name is too weak without context.
      if pieces.count == 1, pieces[0].isBare, context == nil, candidates.isEmpty, township == nil,
        !Titles.standaloneHeads.isWord(s[pieces[0].range])
      {
        continue
      }
      // A title that starts inside a word (…公司总经理) starts at a level, a place or a head,
      // or after a word that opens a title (由党委书记…).
      if !atPhraseStart, titleStart == i, !isFormer,
        Titles.formerMarkers.longestEnding(in: s, before: i) == 0,
        Titles.nameOpeners.longestEnding(in: s, before: i) == 0,
        case .organ? = Titles.trie.longestMatch(in: s, at: i)?.payload
      {
        continue
      }
      var chain = pieces.filter { !Titles.isMeetingRole(String(scalars: s[$0.range])) }
      if chain.isEmpty || isFormer {
        for name in names { _ = person(String(scalars: s[name]), span: sentences[sentence].span) }
        return last.upperBound
      }
      if let township, chain[0].township == nil { chain[0].township = township }
      if chain[0].places.isEmpty { chain[0].places = candidates }
      for name in names {
        let text = String(scalars: s[name])
        context = record(
          name: text, pieces: chain, in: s, sentence: sentence, context: context)
      }
      if names.count == 1, i == s.startIndex, last.upperBound == s.endIndex,
        let p = personIndexByName[String(scalars: s[last])]
      {
        bylines[sentence] = p
      }
      return last.upperBound
    }
    return nil
  }

  /// The readings of place names at `j`: where a title may start after them, with the
  /// divisions named and a township named.
  private func placePrefixes(in s: ArraySlice<Unicode.Scalar>, at start: Int, sentence: Int)
    -> [(Int, [Int32], String?)]
  {
    var attempts: [(Int, [Int32], String?)] = [(start, [], nil)]
    var places: [Int32] = []
    var j = start
    let gazetteerNames = gazetteer.names
    while j < s.endIndex, places.count < 3 {
      if gazetteerNames.mayStart(s[j]), let longest = gazetteerNames.longestMatch(in: s, at: j) {
        let matches = gazetteerNames.allMatches(in: s, at: j)
        // Try each reading of the name: a short form leaves the level word to the title.
        for match in matches.reversed() where match.end - j >= 2 {
          let full = match.payload.filter { !$0.isShort }
          if full.isEmpty && ExtractionContext.shortFormStopTrie.isWord(s[j..<match.end]) {
            continue
          }
          attempts.append((match.end, places + match.payload.map(\.division), nil))
        }
        places += longest.payload.map(\.division)
        j = longest.end
        continue
      }
      if let township = townshipMention(sentence: sentence, startingAt: j) {
        attempts.append((township.range.upperBound, places, township.township))
        j = township.range.upperBound
      }
      break
    }
    return attempts
  }

  /// A chain of title pieces joined by 、 starting at `i`, and where the name starts.
  private func titleChain(
    in s: ArraySlice<Unicode.Scalar>, at i: Int, allowGenericOrgan: Bool, sentence: Int
  ) -> ([TitlePiece], Int)? {
    var pieces: [TitlePiece] = []
    var j = i
    while true {
      guard
        let (piece, end) = titlePiece(
          in: s, at: j, inherit: pieces.first, allowGenericOrgan: allowGenericOrgan || j > i,
          sentence: sentence)
      else { return pieces.isEmpty ? nil : (pieces, j - 1) }
      pieces.append(piece)
      j = end
      if j < s.endIndex && s[j] == "、" && !startsName(in: s, at: j + 1) {
        j += 1
        continue
      }
      // `总公司总经理、党组成员,股份公司总经理某`: posts of one person across a comma.
      if j < s.endIndex && s[j] == "," && !startsName(in: s, at: j + 1),
        let (more, nameStart) = titleChain(
          in: s, at: j + 1, allowGenericOrgan: true, sentence: sentence),
        startsName(in: s, at: nameStart)
      {
        return (pieces + more, nameStart)
      }
      return (pieces, j)
    }
  }

  /// Whether a name (not a title) starts at `i`.
  private func startsName(in s: ArraySlice<Unicode.Scalar>, at i: Int) -> Bool {
    guard i < s.endIndex, !Titles.trie.hasMatch(in: s, at: i) else { return false }
    return nameLength(in: s, at: i) != nil
  }

  /// One piece: `[place] [level] organ* head`, where an organ is a word of the lexicon or,
  /// at the start of a phrase, a run of characters ending in an organ's last character
  /// (霞光集团, 经开区, 监察和司法委员会).
  private func titlePiece(
    in s: ArraySlice<Unicode.Scalar>, at i: Int, inherit: TitlePiece?, allowGenericOrgan: Bool,
    sentence: Int
  ) -> (TitlePiece, Int)? {
    var pieceStart = i
    var places: [Int32] = []
    var township: String? = nil
    // A later piece may name its own place: `…党委书记、城步县委书记`.
    if inherit != nil {
      let prefixes = placePrefixes(in: s, at: i, sentence: sentence)
      if let (titleStart, candidates, name) = prefixes.last, titleStart > i,
        Titles.trie.hasMatch(in: s, at: titleStart)
      {
        pieceStart = titleStart
        places = candidates
        township = name
      }
    }
    var j = pieceStart
    var level: Unicode.Scalar? = nil
    var levelRange: Range<Int>? = nil
    var partyOrgan: Range<Int>? = nil
    var organStart: Int? = nil
    var organEnd: Int? = nil
    var tokens = 0
    while j < s.endIndex {
      guard let match = Titles.trie.longestMatch(in: s, at: j) else {
        // `组织部长`, `公安局长`: an organ ending in 部/局/厅 followed by 长.
        if let organEnd, organEnd == j, s[j] == "长", j > s.startIndex,
          Titles.shortHeadOrganEnds.contains(s[j - 1]), isTitleEnd(s, j + 1)
        {
          return finish(end: j + 1, headLevel: nil)
        }
        if (tokens == 0 && allowGenericOrgan) || tokens > 0,
          let end = genericOrgan(in: s, at: j)
        {
          if organStart == nil { organStart = j }
          organEnd = end
          j = end
          tokens += 1
          continue
        }
        return nil
      }
      tokens += 1
      switch match.payload {
      case .level(let l):
        guard level == nil, organStart == nil else { return nil }
        level = l
        levelRange = j..<match.end
      case .organ(let isParty):
        if isParty && organStart == nil { partyOrgan = pieceStart..<match.end }
        if organStart == nil { organStart = j }
        organEnd = match.end
      case .head(let headLevel):
        // A longer organ may hide behind a head word (委员会 after 委员).
        if let organMatch = Titles.organTrie.longestMatch(in: s, at: j),
          organMatch.end > match.end, Titles.trie.hasMatch(in: s, at: organMatch.end)
        {
          if organStart == nil { organStart = j }
          organEnd = organMatch.end
          j = organMatch.end
          continue
        }
        // `南昌市副市长` reads 南昌市 + 副市长, not 南昌 + 市 + 副市长: a level word is never
        // followed straight by a head that carries its own.
        if headLevel != nil, let levelRange, levelRange.upperBound == j { return nil }
        return finish(end: match.end, headLevel: headLevel)
      case .generalSecretary:
        return nil
      }
      j = match.end
    }
    return nil

    func finish(end: Int, headLevel: Unicode.Scalar?) -> (TitlePiece, Int)? {
      let organRange = organStart.map { $0..<(organEnd ?? $0) }
      var pieceLevel = level
      if let headLevel, pieceLevel == nil { pieceLevel = headLevel }
      if pieceLevel == nil, organRange == nil, let inherit, inherit.partyOrgan != nil,
        s[(end - 3 >= pieceStart ? end - 3 : pieceStart)..<end].isEqual(to: "秘书长")
      {
        // `省委常委、秘书长`: the first piece's party organ is implied.
        return (
          TitlePiece(
            range: pieceStart..<end, organRange: nil, partyOrgan: inherit.partyOrgan,
            level: inherit.level, levelRange: inherit.levelRange, inheritsPartyOrgan: true,
            places: places, township: township),
          end
        )
      }
      if pieceLevel == nil, organRange != nil, let inherit, inherit.partyOrgan != nil,
        Titles.partyDepartments.contains(where: { s[organRange!].isEqual(to: $0) })
      {
        // `组织部部长` after `省委常委、`.
        return (
          TitlePiece(
            range: pieceStart..<end, organRange: organRange, partyOrgan: inherit.partyOrgan,
            level: inherit.level, levelRange: inherit.levelRange, inheritsPartyOrgan: true,
            places: places, township: township),
          end
        )
      }
      return (
        TitlePiece(
          range: pieceStart..<end, organRange: organRange, partyOrgan: partyOrgan,
          level: pieceLevel, levelRange: levelRange, places: places, township: township),
        end
      )
    }
  }

  /// Whether a title may end before `j` (a name, 、 or punctuation follows).
  private func isTitleEnd(_ s: ArraySlice<Unicode.Scalar>, _ j: Int) -> Bool {
    j >= s.endIndex || !s[j].isHan || Surnames.single.contains(s[j])
      || Surnames.compoundTrie.mayStart(s[j])
  }

  /// A run of 2–10 characters at `i` that ends in an organ's last character and is followed
  /// by an organ or a head of the lexicon: 霞光集团, 经开区, 第一巡察组, 监察和司法委员会.
  private func genericOrgan(in s: ArraySlice<Unicode.Scalar>, at i: Int) -> Int? {
    var k = i
    while k < s.endIndex, k - i < 12 {
      let c = s[k]
      guard c.isHan || c.isASCIIDigit || c.isASCIILetter, !Titles.genericOrganStops.contains(c)
      else { return nil }
      k += 1
      // Cheap tests first: an organ's last character, then a title word starting after it.
      guard k - i >= 2, k < s.endIndex, Titles.organLastScalars.contains(c),
        Titles.trie.mayStart(s[k]), let match = Titles.trie.longestMatch(in: s, at: k)
      else { continue }
      switch match.payload {
      case .head, .organ:
        // An organ's name holds no prose (`会议决策部署和省委` is none).
        for m in i..<k where Titles.notInOrganNames.hasMatch(in: s, at: m) { return nil }
        return k
      default: continue
      }
    }
    return nil
  }

  /// Names at `i`: `NAME(、NAME)*`, each name 2–4 characters; a list stops at a title.
  /// `afterTitle`: the list follows a title, so a name the surname table does not know is
  /// read too where separators mark it.
  func nameList(
    in s: ArraySlice<Unicode.Scalar>, at i: Int, sentence: Int, afterTitle: Bool = false
  ) -> [Range<Int>] {
    var names: [Range<Int>] = []
    var j = i
    // The first name of a list read without the surname table must be followed by 、.
    while let length = nameLength(in: s, at: j)
      ?? (afterTitle ? listedNameLength(in: s, at: j, first: names.isEmpty) : nil)
    {
      // `周明同志`: the honorific is not part of the list separator.
      names.append(j..<(j + length))
      j += length
      if s.has("同志", at: j) { j += 2 }
      guard j < s.endIndex, s[j] == "、",
        startsName(in: s, at: j + 1) || afterTitle && listedNameLength(in: s, at: j + 1) != nil
      else { break }
      j += 1
    }
    return names
  }

  /// A name whose surname is not in the table (庹, 伍席源 with 席), read only where a list
  /// marks it: two or three characters between list separators.
  private func listedNameLength(
    in s: ArraySlice<Unicode.Scalar>, at i: Int, first: Bool = false
  ) -> Int? {
    guard i < s.endIndex, !Titles.trie.hasMatch(in: s, at: i) else { return nil }
    for length in [3, 2] where i + length <= s.endIndex {
      let token = s[i..<(i + length)]
      guard token.allSatisfy(\.isHan), !token.contains(where: { isFunctionScalar($0) }) else {
        continue
      }
      let end = i + length
      let separated =
        first
        ? end < s.endIndex && s[end] == "、"
        : end == s.endIndex || s[end] == "、" || s[end] == "," || s[end] == "。" || s[end] == ";"
          || s.has("等", at: end) || s.has("及", at: end)
      if separated && !Titles.notNames.contains(String(scalars: token)) { return length }
    }
    return nil
  }

  private func isFunctionScalar(_ c: Unicode.Scalar) -> Bool {
    "的了是在与等或会委省市区县乡镇部局厅院处科室组队员记任作出持讲话为对就于到将把被从以这那各每该而且并和及"
      .unicodeScalars.contains(c)
  }

  private func record(
    name: String, pieces: [TitlePiece], in s: ArraySlice<Unicode.Scalar>, sentence: Int,
    context: OrganContext?
  ) -> OrganContext? {
    let span = sentences[sentence].span
    let p = person(name, span: span)
    var lastContext = context
    var namedPlaces = pieces.first?.places ?? []
    for piece in pieces {
      if !piece.places.isEmpty { namedPlaces = piece.places }
      var placeIndex: Int? = nil
      var organizationIndex: Int? = nil
      let township = piece.township ?? pieces.first?.township
      if piece.isBare, let context = lastContext {
        placeIndex = context.place
        organizationIndex = context.organization
      } else if piece.level == nil, let township {
        // `大柳镇党委书记`: the township named before the post.
        placeIndex = self.township(named: township, span: span)
        if let organRange = piece.organRange {
          _ = organizationIndexNamed(
            township + String(scalars: s[organRange]), place: placeIndex, span: span)
        }
      } else if let level = piece.level {
        var jurisdiction = namedPlaces.last { gazetteer.levelScalars(of: $0).contains(level) } ?? -1
        if jurisdiction < 0 && (level == "镇" || level == "乡") {
          if let township = township ?? homeTownship {
            placeIndex = self.township(named: township, span: span)
          }
        } else if jurisdiction < 0 {
          jurisdiction = homePlace(forLevel: level)
        }
        if jurisdiction >= 0 {
          placeIndex = place(division: jurisdiction, span: span, mentioned: false)
        }
        let organ = piece.organ(s)
        if let placeIndex, !organ.isEmpty {
          // The organ as an Organization in the place: 庐阳区人大常委会, 安徽省委组织部.
          let placeName = document.places[placeIndex].name
          let organName = organ.unicodeScalars.first == level ? organ : String(level) + organ
          let full =
            placeName.unicodeScalars.last == level
            ? String(placeName.dropLast()) + organName : placeName + organ
          _ = organizationIndexNamed(full, place: placeIndex, span: span)
        }
        if placeIndex == nil {
          // No place named at this level: the post stays, on an organ of this document.
          let levelWord = piece.levelRange.map { String(scalars: s[$0]) } ?? String(level)
          let organName = organ.isEmpty ? levelWord + Titles.defaultOrgan(of: piece.text(s)) : organ
          let full = organName.hasPrefix(levelWord) ? organName : levelWord + organName
          organizationIndex = organizationIndexNamed(
            Titles.unnamedPrefix + full, place: nil, span: span, isGeneric: true)
        }
      } else if piece.organRange != nil {
        let organ = piece.organ(s)
        let home = namedPlaces.last.map { place(division: $0, span: span, mentioned: false) }
        let prefix = home.map { document.places[$0].name } ?? ""
        let isGeneric =
          home == nil && Titles.isGenericOrgan(organ)
          || home == nil && organ.unicodeScalars.count <= 4
        organizationIndex = organizationIndexNamed(
          (isGeneric ? Titles.unnamedPrefix : "") + prefix + organ, place: home, span: span,
          isGeneric: isGeneric)
      } else {
        continue
      }
      lastContext = OrganContext(place: placeIndex, organization: organizationIndex)
      addHolds(
        ExtractedDocument.Holds(
          person: p, title: piece.text(s), place: placeIndex, organization: organizationIndex,
          span: span))
    }
    return lastContext
  }

  /// `周明书记强调`, `王海(县委副书记)`: a title written after a name.
  private func findTitlesAfterNames() {
    // Read once: a static's accessor costs a `swift_once` check on every scalar.
    let heads = Titles.afterNameHeads
    let surnames = Surnames.single
    let compoundSurnames = Surnames.compoundTrie
    for (index, sentence) in sentences.enumerated() where !sentence.isDebris {
      let s = sentence.compact[...]
      let hasParenthesis = s.contains("(")
      var i = s.startIndex
      while i < s.endIndex {
        // `NAME书记…` or `NAME(…`: a head two or three scalars on, or a parenthesis.
        let mayHaveHead =
          (i + 2 < s.endIndex && heads.mayStart(s[i + 2]))
          || (i + 3 < s.endIndex && heads.mayStart(s[i + 3]))
        guard mayHaveHead || hasParenthesis,
          surnames.contains(s[i]) || compoundSurnames.mayStart(s[i]),
          i == s.startIndex || isBoundary(s[i - 1]) || precededByOpener(s, i)
        else {
          i += 1
          continue
        }
        // `NAME(chain)`
        for length in 2...4
        where hasParenthesis && i + length < s.endIndex && s[i + length] == "(" {
          let name = s[i..<(i + length)]
          guard name.allSatisfy(\.isHan), nameLength(in: s[..<(i + length)], at: i) == length
          else { continue }
          var context: OrganContext? = nil
          let open = i + length + 1
          guard let close = s[open...].prefix(30).firstIndex(of: ")"),
            let (pieces, end) = titleChain(
              in: s[..<close], at: open, allowGenericOrgan: true, sentence: index),
            end == close
          else { continue }
          context = record(
            name: String(scalars: name), pieces: pieces, in: s, sentence: index, context: context)
          _ = context
        }
        // `NAME书记强调`: a head right after a full name, then a follower.
        for length in stride(from: 3, through: 2, by: -1)
        where mayHaveHead && i + length < s.endIndex {
          guard s[i..<(i + length)].allSatisfy(\.isHan),
            let head = heads.longestMatch(in: s, at: i + length)
          else { continue }
          let after = head.end
          guard
            after == s.endIndex || isBoundary(s[after])
              || Titles.followers.hasMatch(in: s, at: after)
              || s[after] == "、"
          else { continue }
          let name = String(scalars: s[i..<(i + length)])
          guard nameLength(in: s[..<(i + length)], at: i) == length, !Titles.notNames.contains(name)
          else { continue }
          let title = String(scalars: s[(i + length)..<after])
          let p = person(name, span: sentence.span)
          let hasIt = document.holds.contains {
            $0.person == p && $0.title.hasSuffix(title)
          }
          if !hasIt {
            addHolds(
              ExtractedDocument.Holds(
                person: p, title: title, place: nil,
                organization: organizationIndexNamed(
                  Titles.unnamedPrefix + "党" + Titles.defaultOrgan(of: title), place: nil,
                  span: sentence.span, isGeneric: true),
                span: sentence.span))
          }
          break
        }
        i += 1
      }
    }
  }

  private func precededByOpener(_ s: ArraySlice<Unicode.Scalar>, _ i: Int) -> Bool {
    Titles.nameOpeners.longestEnding(in: s, before: i) > 0
  }

  static let electionWords = ScalarTrie(["当选", "选举", "任命"].map { ($0, true) })

  /// `选举周明为镇长`, `任命周明为代理县长`, `周明、吴平当选副乡长`.
  private func findElections() {
    for (index, sentence) in sentences.enumerated() where !sentence.isDebris {
      let s = sentence.compact[...]
      guard s.containsAny(ExtractionContext.electionWords) else { continue }
      var i = s.startIndex
      while i < s.endIndex {
        guard startsName(in: s, at: i),
          i == s.startIndex || !s[i - 1].isHan || precededByOpener(s, i)
        else {
          i += 1
          continue
        }
        let names = nameList(in: s, at: i, sentence: index)
        guard let last = names.last else {
          i += 1
          continue
        }
        var j = last.upperBound
        // `4名同志`, `同志`
        while j < s.endIndex, s[j].isASCIIDigit || "名位同志".unicodeScalars.contains(s[j]) { j += 1 }
        var titleStart: Int? = nil
        if s.has("当选为", at: j) {
          titleStart = j + 3
        } else if s.has("当选", at: j) {
          titleStart = j + 2
        } else if s.has("为", at: j),
          s[s.startIndex..<names[0].lowerBound].contains("选举")
            || s[s.startIndex..<names[0].lowerBound].contains("任命")
        {
          titleStart = j + 1
        }
        guard let titleStart, !s.has("免去", endingAt: names[0].lowerBound) else {
          i = last.upperBound
          continue
        }
        var prefixes = placePrefixes(in: s, at: titleStart, sentence: index)
        // `当选阳和某族乡人民政府乡长`: a township the place rule did not keep.
        for skip in 2...8 where titleStart + skip < s.endIndex {
          let at = titleStart + skip
          let skipped = s[titleStart..<at]
          if let last = skipped.last,
            "乡镇".unicodeScalars.contains(last) || skipped.has("街道", endingAt: skipped.endIndex),
            Titles.trie.hasMatch(in: s, at: at)
          {
            prefixes.append((at, [], String(scalars: skipped)))
            break
          }
        }
        for (start, candidates, township) in prefixes.reversed() {
          guard
            let (pieces, _) = titleChain(
              in: s, at: start, allowGenericOrgan: true, sentence: index)
          else { continue }
          var chain = pieces
          if let township, chain[0].township == nil { chain[0].township = township }
          if chain[0].places.isEmpty { chain[0].places = candidates }
          for name in names {
            _ = record(
              name: String(scalars: s[name]), pieces: chain, in: s, sentence: index, context: nil)
          }
          break
        }
        i = last.upperBound
      }
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
    organizationIndexNamed(name, place: place, span: span)
  }

  func organizationIndexNamed(
    _ name: String, place: Int?, span: ScalarSpan, isGeneric: Bool = false
  ) -> Int {
    if let i = organizationIndexByName[name] { return i }
    document.organizations.append(
      ExtractedDocument.Organization(name: name, place: place, span: span, isGeneric: isGeneric))
    organizationIndexByName[name] = document.organizations.count - 1
    return document.organizations.count - 1
  }
}

extension ArraySlice {
  subscript(safe index: Int) -> Element? {
    index >= startIndex && index < endIndex ? self[index] : nil
  }
}
