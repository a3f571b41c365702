import Foundation
import GuanxiGraph
import Testing

@testable import GuanxiExtract

/// Entity linking across documents, measured on the fixtures in `Linking/` (their README
/// lists who is who) and on hand-made extractions for the cases no sentence pattern
/// isolates.
@Suite struct LinkingTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Linking").path

  /// The fixtures extracted into one graph, in name order.
  func fixtureGraph(order: [String]? = nil) throws -> Graph {
    let graph = Graph()
    let files = try (order ?? FileManager.default.contentsOfDirectory(atPath: Self.fixtures))
      .filter { $0.hasSuffix(".txt") }.sorted().map { Self.fixtures + "/" + $0 }
    let report = ExtractionPipeline().extract(paths: files, into: graph)
    #expect(report.skipped.isEmpty)
    #expect(report.documents.count == 4)
    try graph.checkInvariants()
    return graph
  }

  func persons(_ name: String, in graph: Graph) -> [NodeID] {
    graph.nodes(label: Schema.Label.person, name: name)
  }

  func targets(of node: NodeID, _ type: String, in graph: Graph) -> Set<NodeID> {
    var ends: Set<NodeID> = []
    graph.forEachRelationship(of: node, direction: .outgoing, type: graph.symbol(type)) {
      ends.insert($1)
    }
    return ends
  }

  func names(_ nodes: Set<NodeID>, in graph: Graph) -> Set<String> {
    Set(nodes.compactMap { graph.property(Schema.Key.name, of: $0)?.stringValue })
  }

  struct PersonCase: Sendable, CustomTestStringConvertible {
    var name: String
    var nodes: Int
    var why: String
    var testDescription: String { "\(name): \(why)" }
  }

  static let personCases: [PersonCase] = [
    PersonCase(name: "李明远", nodes: 1, why: "promoted within 宿松县 from 县长 to 县委书记"),
    PersonCase(name: "王建国", nodes: 2, why: "县长 of 宿松县 and 县长 of 怀宁县 are namesakes"),
    PersonCase(name: "周文涛", nodes: 2, why: "reporters link by name and outlet"),
    PersonCase(name: "赵志强", nodes: 1, why: "one document"),
  ]

  @Test(arguments: personCases) func personNodes(_ c: PersonCase) throws {
    let graph = try fixtureGraph()
    #expect(persons(c.name, in: graph).count == c.nodes)
  }

  @Test func promotedOfficialHoldsBothPostsOnOneNode() throws {
    let graph = try fixtureGraph()
    let li = try #require(persons("李明远", in: graph).first)
    var titles: Set<String> = []
    graph.forEachRelationship(
      of: li, direction: .outgoing, type: graph.symbol(Schema.RelationshipType.holds)
    ) { r, _ in
      if let title = graph.property(Schema.Key.title, of: r)?.stringValue { titles.insert(title) }
    }
    #expect(titles.isSuperset(of: ["县长", "县委书记"]))
    #expect(names(targets(of: li, Schema.RelationshipType.holds, in: graph), in: graph) == ["宿松县"])
  }

  @Test func namesakesEachHoldTheirOwnCounty() throws {
    let graph = try fixtureGraph()
    let counties = persons("王建国", in: graph).map {
      names(targets(of: $0, Schema.RelationshipType.holds, in: graph), in: graph)
    }
    #expect(Set(counties) == [["宿松县"], ["怀宁县"]])
  }

  @Test func sameNamedMeetingsOfTwoCountiesOnOneDayStayApart() throws {
    let graph = try fixtureGraph()
    let meetings = graph.nodes(label: Schema.Label.meeting, name: "县委常委会会议")
    #expect(meetings.count == 3)
    let may8 = meetings.filter {
      graph.property(Schema.Key.date, of: $0) == .date(LocalDate(year: 2024, month: 5, day: 8)!)
    }
    #expect(may8.count == 2)
    for meeting in meetings {
      // One place each, and the name as shown tells whose meeting it is.
      let places = names(targets(of: meeting, Schema.RelationshipType.heldIn, in: graph), in: graph)
      #expect(places.count == 1)
      #expect(graph.property(Schema.Key.heldBy, of: meeting)?.stringValue == places.first)
    }
  }

  struct PresidedCase: Sendable, CustomTestStringConvertible {
    var person: String
    var county: String
    var meetings: Int
    var testDescription: String { "\(person) presided over \(meetings) meetings of \(county)" }
  }

  static let presidedCases: [PresidedCase] = [
    PresidedCase(person: "李明远", county: "宿松县", meetings: 2),
    PresidedCase(person: "赵志强", county: "怀宁县", meetings: 1),
  ]

  /// Each PRESIDED edge points at the meeting of the presider's own county: the
  /// same-day meeting of the other county is not theirs.
  @Test(arguments: presidedCases) func presidedPointsAtTheirOwnMeeting(_ c: PresidedCase) throws {
    let graph = try fixtureGraph()
    let person = try #require(persons(c.person, in: graph).first)
    let presided = targets(of: person, Schema.RelationshipType.presided, in: graph)
    #expect(presided.count == c.meetings)
    for meeting in presided {
      #expect(
        names(targets(of: meeting, Schema.RelationshipType.heldIn, in: graph), in: graph) == [
          c.county
        ])
    }
  }

  @Test func theSameMeetingReportedByTwoOutletsIsOneNode() throws {
    let graph = try fixtureGraph()
    let li = try #require(persons("李明远", in: graph).first)
    let may8 = targets(of: li, Schema.RelationshipType.presided, in: graph).filter {
      graph.property(Schema.Key.date, of: $0) == .date(LocalDate(year: 2024, month: 5, day: 8)!)
    }
    #expect(may8.count == 1)
    let meeting = try #require(may8.first)
    var documents: Set<String> = []
    graph.forEachRelationship(
      of: meeting, direction: .incoming, type: graph.symbol(Schema.RelationshipType.presided)
    ) { r, _ in
      if let doc = graph.property(Schema.Key.doc, of: r)?.stringValue { documents.insert(doc) }
    }
    #expect(documents == ["2024-05-08_susong_anqing.txt", "2024-05-08_susong_susongnews.txt"])
  }

  /// Linking does not depend on the order documents arrive in.
  @Test func orderDoesNotChangeIdentities() throws {
    let reversed = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures)
      .filter { $0.hasSuffix(".txt") }.sorted().reversed()
    let graph = Graph()
    for file in reversed {
      _ = ExtractionPipeline().extract(paths: [Self.fixtures + "/" + file], into: graph)
    }
    for c in Self.personCases { #expect(persons(c.name, in: graph).count == c.nodes, "\(c.name)") }
    #expect(graph.nodes(label: Schema.Label.meeting, name: "县委常委会会议").count == 3)
  }

  /// Re-extracting a document into a graph that holds the others keeps every identity.
  @Test func reextractionKeepsIdentities() throws {
    let graph = try fixtureGraph()
    let nodes = graph.nodeCount
    let relationships = graph.relationshipCount
    let again = ExtractionPipeline().extract(
      paths: [Self.fixtures + "/2024-05-08_susong_anqing.txt"], into: graph)
    #expect(again.factsReplaced == again.factsAdded)
    #expect(graph.nodeCount == nodes)
    #expect(graph.relationshipCount == relationships)
    try graph.checkInvariants()
    #expect(persons("李明远", in: graph).count == 1)
  }

  // MARK: Cases built by hand

  static func document(
    _ name: String, meeting: String, date: LocalDate?, place: String?, source: String? = nil
  ) -> ExtractedDocument {
    var d = ExtractedDocument(name: name, path: "/x/" + name, title: "", scalarCount: 40)
    d.source = source
    let span = ScalarSpan(0, 10)
    if let place {
      d.places.append(
        .init(
          name: place, level: Schema.PlaceLevel.county, parent: nil, isMentioned: true, span: span))
    }
    d.meetings.append(.init(name: meeting, date: date, place: place == nil ? nil : 0, span: span))
    d.persons.append(.init(name: "王伟", span: span))
    d.participations.append(.init(person: 0, meeting: 0, role: .attended, span: span))
    return d
  }

  struct MeetingCase: Sendable, CustomTestStringConvertible {
    var what: String
    var date: LocalDate?
    var place: String?
    var nodes: Int
    var testDescription: String { what }
  }

  static let may8 = LocalDate(year: 2024, month: 5, day: 8)

  static let meetingCases: [MeetingCase] = [
    MeetingCase(what: "undated, no place: one per document", date: nil, place: nil, nodes: 2),
    MeetingCase(
      what: "dated, no place or body: one per document", date: may8, place: nil, nodes: 2),
    MeetingCase(what: "undated in one place: one per document", date: nil, place: "宿松县", nodes: 2),
    MeetingCase(what: "dated in one place: one node", date: may8, place: "宿松县", nodes: 1),
  ]

  @Test(arguments: meetingCases) func genericMeetingsMergeOnlyWithDateAndPlace(_ c: MeetingCase) {
    let graph = Graph()
    let a = Self.document("a.txt", meeting: "座谈会", date: c.date, place: c.place)
    let b = Self.document("b.txt", meeting: "座谈会", date: c.date, place: c.place)
    _ = ExtractionPipeline().apply([a, b], to: graph)
    #expect(graph.nodes(label: Schema.Label.meeting, name: "座谈会").count == c.nodes)
    // 王伟 has no post: one per document, whatever the meeting does.
    #expect(graph.nodes(label: Schema.Label.person, name: "王伟").count == 2)
  }

  @Test func meetingsOfOneBodyLinkWhenOnlyTheBodyIsGiven() {
    func held(by body: String, isGeneric: Bool, in name: String) -> ExtractedDocument {
      var d = Self.document(name, meeting: "常委会会议", date: Self.may8, place: nil)
      d.organizations.append(
        .init(name: body, place: nil, span: ScalarSpan(0, 5), isGeneric: isGeneric))
      d.meetings[0].organization = 0
      return d
    }
    let graph = Graph()
    _ = ExtractionPipeline().apply(
      [
        held(by: "宿松县委常委会", isGeneric: false, in: "a.txt"),
        held(by: "宿松县委常委会", isGeneric: false, in: "b.txt"),
        held(by: "县委常委会", isGeneric: true, in: "c.txt"),
        held(by: "县委常委会", isGeneric: true, in: "d.txt"),
      ], to: graph)
    let meetings = graph.nodes(label: Schema.Label.meeting, name: "常委会会议")
    // a and b share a named body; c and d name a generic one, which stays with its document.
    #expect(meetings.count == 3)
    #expect(graph.nodes(label: Schema.Label.organization, name: "县委常委会").count == 2)
    #expect(
      Set(meetings.compactMap { graph.property(Schema.Key.heldBy, of: $0)?.stringValue }) == [
        "宿松县委常委会", "县委常委会",
      ])
  }

  @Test func townshipsWithoutACountyStayWithTheirDocument() {
    func township(_ doc: String, parent: Bool) -> ExtractedDocument {
      var d = ExtractedDocument(name: doc, path: doc, title: "", scalarCount: 10)
      let span = ScalarSpan(0, 5)
      if parent {
        d.places.append(
          .init(
            name: "宿松县", level: Schema.PlaceLevel.county, parent: nil, isMentioned: true, span: span
          ))
      }
      d.places.append(
        .init(
          name: "城关镇", level: Schema.PlaceLevel.township, parent: parent ? 0 : nil,
          isMentioned: true, span: span))
      return d
    }
    let graph = Graph()
    _ = ExtractionPipeline().apply(
      [
        township("a", parent: false), township("b", parent: false), township("c", parent: true),
        township("d", parent: true),
      ], to: graph)
    // a and b: one each; c and d: one 城关镇 of 宿松县.
    #expect(graph.nodes(label: Schema.Label.place, name: "城关镇").count == 3)
    #expect(graph.nodes(label: Schema.Label.place, name: "宿松县").count == 1)
  }

  /// Linking stays constant-time per document: extracting the fixtures again under new
  /// names into a graph that already holds many copies touches no more nodes than the
  /// first time (identities are found in hash tables, not by walking growing lists).
  @Test func repeatedCopiesLinkToTheSameNodes() throws {
    let texts = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures)
      .filter { $0.hasSuffix(".txt") }.sorted().map {
        try String(contentsOfFile: Self.fixtures + "/" + $0, encoding: .utf8)
      }
    let graph = Graph()
    var counts: [Int] = []
    for copy in 0..<20 {
      let documents = texts.enumerated().map {
        DocumentExtractor.extract($0.element, name: "copy\(copy)-\($0.offset).txt")
      }
      _ = ExtractionPipeline().apply(documents, to: graph)
      counts.append(graph.nodes(label: Schema.Label.person, name: "李明远").count)
    }
    #expect(counts.allSatisfy { $0 == 1 })
    #expect(graph.nodes(label: Schema.Label.meeting, name: "县委常委会会议").count == 3)
    #expect(graph.nodes(label: Schema.Label.person, name: "王建国").count == 2)
    #expect(graph.nodes(label: Schema.Label.person, name: "周文涛").count == 2)
    try graph.checkInvariants()
  }
}
