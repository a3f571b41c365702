import Testing

@testable import GuanxiGraph

@Suite struct GraphTests {
  /// A small meeting graph: two officials, a place, a meeting.
  func meetingGraph() throws -> (Graph, han: NodeID, wang: NodeID, anhui: NodeID, meeting: NodeID) {
    let g = Graph()
    let han = g.createNode(labels: ["Person"], properties: ["name": "韩俊"])
    let wang = g.createNode(labels: ["Person"], properties: ["name": "王清宪"])
    let anhui = g.createNode(labels: ["Place"], properties: ["name": "安徽省", "level": "province"])
    let meeting = g.createNode(
      labels: ["Meeting"],
      properties: ["name": "省委常委会会议", "date": .date(LocalDate(iso: "2023-07-20")!)])
    try g.createRelationship(
      from: han, to: anhui, type: "HOLDS",
      properties: ["title": "省委书记", "doc": "a.txt", "span": [3, 40]])
    try g.createRelationship(from: han, to: meeting, type: "PRESIDED")
    try g.createRelationship(from: han, to: meeting, type: "ATTENDED")
    try g.createRelationship(from: wang, to: meeting, type: "ATTENDED")
    try g.createRelationship(from: meeting, to: anhui, type: "HELD_IN")
    try g.checkInvariants()
    return (g, han, wang, anhui, meeting)
  }

  @Test func createsAndReadsNodesAndRelationships() throws {
    let (g, han, _, anhui, meeting) = try meetingGraph()
    #expect(g.nodeCount == 4)
    #expect(g.relationshipCount == 5)
    #expect(g.labelNames(of: han) == ["Person"])
    #expect(g.property("name", of: han) == "韩俊")
    #expect(g.property("level", of: anhui) == "province")
    #expect(g.property("date", of: meeting) == .date(LocalDate(year: 2023, month: 7, day: 20)!))
    var holds: [(RelationshipID, NodeID)] = []
    g.forEachRelationship(of: han, direction: .outgoing, type: g.symbol("HOLDS")) {
      holds.append(($0, $1))
    }
    #expect(holds.count == 1)
    #expect(holds.first?.1 == anhui)
    let r = try #require(holds.first?.0)
    #expect(g.property("title", of: r) == "省委书记")
    #expect(g.property("doc", of: r) == "a.txt")
    #expect(g.property("span", of: r) == [3, 40])
    #expect(g.properties(of: r).map { g.string($0.key) }.sorted() == ["doc", "span", "title"])
  }

  @Test func adjacencyIsTheSameBeforeAndAfterCompaction() throws {
    let (g, han, _, _, meeting) = try meetingGraph()
    func snapshot() -> [[UInt32]] {
      [han, meeting].flatMap { n in
        [Direction.outgoing, .incoming, .both].map { d in
          var ids: [UInt32] = []
          g.forEachRelationship(of: n, direction: d) { r, _ in ids.append(r.rawValue) }
          return ids.sorted()
        }
      }
    }
    let before = snapshot()
    g.compactAdjacency()
    try g.checkInvariants()
    #expect(snapshot() == before)
    #expect(g.degree(of: meeting, direction: .incoming, type: g.symbol("ATTENDED")) == 2)
  }

  @Test func indexesFollowUpdatesAndDeletes() throws {
    let (g, han, wang, _, meeting) = try meetingGraph()
    #expect(g.nodes(label: "Person", name: "韩俊") == [han])
    #expect(g.nodes(label: "Place", name: "韩俊").isEmpty)
    try g.setProperty("name", to: "王清宪", of: han)
    try g.checkInvariants()
    #expect(g.nodes(label: "Person", name: "王清宪") == [han, wang])
    #expect(g.nodes(name: "韩俊").isEmpty)
    try g.addLabel("Official", to: wang)
    try g.checkInvariants()
    #expect(g.nodes(label: "Official") == [wang])
    try g.removeLabel("Official", from: wang)
    #expect(g.nodes(label: "Official").isEmpty)
    #expect(throws: GraphError.self) { try g.deleteNode(meeting) }
    try g.detachDelete(meeting)
    try g.checkInvariants()
    #expect(g.nodeCount == 3)
    #expect(g.relationshipCount == 1)
    #expect(g.degree(of: wang, direction: .both) == 0)
    try g.deleteNode(wang)
    try g.checkInvariants()
    #expect(g.nodes(name: "王清宪") == [han])
    #expect(!g.contains(wang))
  }

  @Test func propertyIndexAnswersEquality() throws {
    let g = Graph()
    let a = g.createNode(labels: ["Person"], properties: ["id": 7])
    let b = g.createNode(labels: ["Person"], properties: ["id": 7])
    g.createNode(labels: ["Person"], properties: ["id": 8])
    g.createIndex(on: "id")
    #expect(g.indexedNodes(key: g.symbol("id"), equalTo: 7) == [a, b])
    try g.setProperty("id", to: 9, of: a)
    #expect(g.indexedNodes(key: g.symbol("id"), equalTo: 7) == [b])
    #expect(g.indexedNodes(key: g.symbol("id"), equalTo: 9) == [a])
    #expect(g.indexedNodes(key: g.symbol("missing"), equalTo: 9) == nil)
  }

  @Test func everyValueTypeSurvivesTheArena() throws {
    let values: [Value] = [
      true, false, 0, -1, 2_147_483_648, .int(.min), 3.25, -0.0, "", "合肥市庐阳区",
      .date(LocalDate(year: 1949, month: 10, day: 1)!), [1, 2, 3], ["a", 1, nil, 2.5],
      .map(["省": "安徽", "n": 1]), [],
    ]
    let g = Graph()
    for (i, value) in values.enumerated() {
      let n = g.createNode(properties: ["v": value])
      #expect(g.property("v", of: n) == value, "value \(i)")
    }
    try g.checkInvariants()
  }

  @Test func recordedChangesReplayToTheSameGraph() throws {
    let g = Graph()
    g.isRecordingChanges = true
    let a = g.createNode(labels: ["Person"], properties: ["name": "甲"])
    let b = g.createNode(labels: ["Place"], properties: ["name": "乙区"])
    let r = try g.createRelationship(from: a, to: b, type: "HOLDS", properties: ["title": "区长"])
    try g.setProperty("asOf", to: .date(LocalDate(iso: "2024-01-02")!), of: r)
    try g.addLabel("Official", to: a)
    try g.deleteRelationship(r)
    try g.deleteNode(b)
    let replay = Graph()
    for change in g.takeRecordedChanges() { try replay.apply(change) }
    try replay.checkInvariants()
    #expect(replay.nodeCount == 1)
    #expect(replay.labelNames(of: a).sorted() == ["Official", "Person"])
    #expect(!replay.contains(r))
    #expect(throws: GraphError.self) {
      try replay.apply(.createNode(NodeID(0), labels: [], properties: [:]))
    }
  }

  @Test func datesConvertBothWays() {
    for text in ["1970-01-01", "2000-02-29", "2023-07-20", "1900-03-01", "0001-01-01"] {
      #expect(LocalDate(iso: text)?.description == text)
    }
    #expect(LocalDate(iso: "2023-02-29") == nil)
    #expect(LocalDate(iso: "2023-7-20") == nil)
    #expect(LocalDate(iso: "20230720")?.description == "2023-07-20")
  }
}
