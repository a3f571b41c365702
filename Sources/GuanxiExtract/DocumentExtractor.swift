import GuanxiGraph

/// Extracts the facts of one document: a pure function from text to `ExtractedDocument`.
///
/// The stages, in order (each a file under `Rules/`):
/// 1. normalise (`Normalizer`) and split into sentences, marking page debris;
/// 2. the document's date, title and outlet (`DateRule`);
/// 3. places, resolved against the gazetteer in the document's context (`PlaceRule`);
/// 4. officials: title chains followed by a name (`OfficialRule`);
/// 5. meetings the document reports as events, with dates and venues (`MeetingRule`);
/// 6. who attended, presided and spoke (`ParticipationRule`);
/// 7. named physical projects (`ProjectRule`);
/// 8. credit lines (`CreditRule`).
///
/// Example: `DocumentExtractor.extract("5月8日,江西省委书记方明远出席会议。", name: "a.txt")`
/// gives 方明远 holding 省委书记 on 江西省.
public enum DocumentExtractor {
  /// Extracts the facts of `text` (decoded, not yet normalised); `page` gives the title,
  /// date and outlet where the text states none (a web page's headline and meta tags).
  public static func extract(
    _ text: String, name: String, path: String = "", page: PageMetadata = PageMetadata()
  ) -> ExtractedDocument {
    let scalars = Normalizer.normalizedScalars(text)
    return extract(normalized: scalars, name: name, path: path, page: page)
  }

  /// Extracts the facts of already normalised text.
  static func extract(
    normalized scalars: [Unicode.Scalar], name: String, path: String,
    page: PageMetadata = PageMetadata()
  ) -> ExtractedDocument {
    let context = ExtractionContext(scalars: scalars, name: name, path: path)
    context.page = page
    context.run()
    var document = context.document
    document.evidence = DocumentEvidence(text: scalars, spans: document.factSpans)
    return document
  }
}

/// The working state of one extraction. Local to one call, so extraction stays a pure
/// function of the text.
final class ExtractionContext {
  let text: [Unicode.Scalar]
  let sentences: [Sentence]
  var document: ExtractedDocument
  let gazetteer = Gazetteer.shared
  /// What the document's page says of its title, date and outlet.
  var page = PageMetadata()

  // Places
  var placeMentions: [PlaceMention] = []
  /// Indexes into `placeMentions` by sentence, and the divisions chosen anywhere.
  var mentionsBySentence: [[Int]]
  var chosenDivisions: Set<Int32> = []
  var homeProvince: Int32 = -1
  var homeCity: Int32 = -1
  var homeDistrict: Int32 = -1
  /// The township or street the document names most often (镇党委书记 → it).
  var homeTownship: String? = nil
  /// The people's names as a trie, built on first use once people are known.
  var personNameTrie: ScalarTrie<Bool>? = nil
  /// Division index → index in `document.places`.
  var placeIndexByDivision: [Int32: Int] = [:]
  var placeIndexByTownship: [String: Int] = [:]

  // People and meetings
  var personIndexByName: [String: Int] = [:]
  /// Names of the people who hold a post in this document (read bare later on).
  var officialNames: [String] = []
  var meetingIndexByName: [String: Int] = [:]
  /// Sentences that are nothing but a title and a name (a speech's byline), with the person.
  var bylines: [Int: Int] = [:]
  /// The sentence at which each meeting is first reported as an event.
  var meetingSentence: [Int] = []
  /// `meetingKey` of each meeting's name.
  var meetingKeys: [String] = []
  var organizationIndexByName: [String: Int] = [:]
  var projectIndexByName: [String: Int] = [:]
  /// Compact ranges per sentence taken by project names (place names inside do not count).
  var projectRanges: [Int: [Range<Int>]] = [:]

  init(scalars: [Unicode.Scalar], name: String, path: String) {
    text = scalars
    sentences = SentenceSplitter.split(scalars)
    mentionsBySentence = Array(repeating: [], count: sentences.count)
    document = ExtractedDocument(name: name, path: path, title: "", scalarCount: scalars.count)
  }

  func run() {
    readMetadata()
    if document.title.isEmpty { document.title = page.title ?? "" }
    document.date = document.date ?? page.date
    document.source = document.source ?? page.source
    findPlaces()
    findOfficials()
    findMeetings()
    findCredits()
    findParticipation()
    findProjects()
    finishPlaces()
  }

  // MARK: Shared helpers

  /// The person named `name`, added on first sight.
  func person(_ name: String, span: ScalarSpan) -> Int {
    if let i = personIndexByName[name] { return i }
    document.persons.append(ExtractedDocument.Person(name: name, span: span))
    personIndexByName[name] = document.persons.count - 1
    return document.persons.count - 1
  }

  /// The index in `document.places` of a division, adding it and its ancestors.
  func place(division: Int32, span: ScalarSpan, mentioned: Bool) -> Int {
    if let i = placeIndexByDivision[division] {
      if mentioned && !document.places[i].isMentioned {
        document.places[i].isMentioned = true
        document.places[i].span = span
      }
      return i
    }
    let d = gazetteer.division(division)
    let parent = d.parent >= 0 ? place(division: d.parent, span: span, mentioned: false) : nil
    document.places.append(
      ExtractedDocument.Place(
        name: d.name, level: d.placeLevel, parent: parent, isMentioned: mentioned, span: span))
    placeIndexByDivision[division] = document.places.count - 1
    return document.places.count - 1
  }

  /// The home place at a title's level word (区 → the document's district).
  func homePlace(forLevel level: Unicode.Scalar) -> Int32 {
    switch level {
    case "省": return homeProvince
    case "市":
      // A county-level city's own 市委 and 市长 (临湘市 under 岳阳市) are the document's.
      if homeDistrict >= 0, gazetteer.division(homeDistrict).name.hasSuffix("市") {
        return homeDistrict
      }
      if homeCity >= 0 { return homeCity }
      if homeProvince >= 0, gazetteer.division(homeProvince).name.hasSuffix("市") {
        return homeProvince
      }
      return -1
    case "区":
      if homeDistrict >= 0 { return homeDistrict }
      if homeProvince >= 0, gazetteer.division(homeProvince).name.hasSuffix("自治区") {
        return homeProvince
      }
      return -1
    case "县": return homeDistrict
    case "州": return homeCity
    default: return -1
    }
  }
}

/// Characters that end a name or a phrase: punctuation and symbols.
@inline(__always)
func isBoundary(_ s: Unicode.Scalar) -> Bool {
  !(s.isHan || s.isASCIIDigit || s.isASCIILetter)
}
