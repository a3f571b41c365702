import Foundation
import GuanxiGraph
import TestSupport
import Testing

@testable import GuanxiExport

/// A small graph for the person networks, ids in the comments.
///
/// People 0 甲, 1 乙, 2 丙, 3 丁 (no meeting, no post), and 9 an Organization that
/// "attended" a meeting (not a person, so never in the network). Meetings: 4 常委会
/// (2023-03-01), 5 务虚会 (2023-03-01, same day), 6 座谈会 (undated), 7 年会
/// (2022-12-31). 甲 presided over and attended 常委会 (counted once), 乙 spoke there, 丙
/// attended it; 甲 and 丙 attended 务虚会; 甲 and 乙 attended 座谈会 and 年会. Posts: 甲 and
/// 乙 in 合肥市 (8) twice each (two titles), 丙 in 合肥市 and 9, 丁 in 9.
enum NetworkFixture {
  static func graph() throws -> Graph {
    let g = Graph()
    let L = Schema.Label.self
    let K = Schema.Key.self
    let T = Schema.RelationshipType.self
    let people = ["甲", "乙", "丙", "丁"].map {
      g.createNode(labels: [L.person], properties: [K.name: .string($0)])
    }
    func meeting(_ name: String, _ date: String?) -> NodeID {
      var properties: [String: Value] = [K.name: .string(name)]
      if let date { properties[K.date] = Fixture.date(date) }
      return g.createNode(labels: [L.meeting], properties: properties)
    }
    let standing = meeting("常委会", "2023-03-01")
    let retreat = meeting("务虚会", "2023-03-01")
    let forum = meeting("座谈会", nil)
    let annual = meeting("年会", "2022-12-31")
    let hefei = g.createNode(labels: [L.place], properties: [K.name: "合肥市"])
    let org = g.createNode(labels: [L.organization], properties: [K.name: "市委"])
    let links: [(Int, String, NodeID)] = [
      (0, T.presided, standing), (0, T.attended, standing), (1, T.spoke, standing),
      (2, T.attended, standing), (0, T.attended, retreat), (2, T.attended, retreat),
      (0, T.attended, forum), (1, T.attended, forum), (0, T.attended, annual),
      (1, T.attended, annual),
    ]
    for (person, type, target) in links {
      try g.createRelationship(from: people[person], to: target, type: type)
    }
    try g.createRelationship(from: org, to: standing, type: T.attended)
    let posts: [(Int, String, NodeID)] = [
      (0, "市长", hefei), (0, "副书记", hefei), (1, "书记", hefei), (1, "主任", hefei),
      (2, "副市长", hefei), (2, "常委", org), (3, "秘书长", org),
    ]
    for (person, title, target) in posts {
      try g.createRelationship(
        from: people[person], to: target, type: T.holds, properties: [K.title: .string(title)])
    }
    try g.checkInvariants()
    return g
  }
}

@Suite struct PersonNetworkTests {
  struct EdgeCase: Sendable, CustomTestStringConvertible {
    var kind: PersonNetwork.Kind
    /// (person, other, shared text)
    var edges: [(UInt32, UInt32, String)]
    var testDescription: String { kind.rawValue }
  }

  @Test(arguments: [
    EdgeCase(
      kind: .coAttendance,
      edges: [
        // Each meeting once per pair whatever the roles; by date, then name, undated last.
        (0, 1, "2022-12-31 年会; 2023-03-01 常委会; 座谈会"),
        (0, 2, "2023-03-01 务虚会; 2023-03-01 常委会"),
        (1, 2, "2023-03-01 常委会"),
      ]),
    EdgeCase(
      kind: .coOffice,
      edges: [(0, 1, "合肥市"), (0, 2, "合肥市"), (1, 2, "合肥市"), (2, 3, "市委")]),
  ])
  func linksPeopleOncePerSharedMeetingOrPlace(_ c: EdgeCase) throws {
    let network = PersonNetwork(graph: try NetworkFixture.graph(), kind: c.kind)
    let edges = network.edges()
    #expect(edges.map { [$0.person.rawValue, $0.other.rawValue] } == c.edges.map { [$0.0, $0.1] })
    #expect(edges.map(network.sharedText) == c.edges.map(\.2))
    #expect(edges.map(\.weight) == c.edges.map { $0.2.components(separatedBy: "; ").count })
  }

  @Test func everyPersonIsANodeLinkedOrNot() throws {
    let network = PersonNetwork(graph: try NetworkFixture.graph(), kind: .coAttendance)
    var people: [NodeID] = []
    try network.forEachPerson { people.append($0) }
    #expect(people == [0, 1, 2, 3].map { NodeID(UInt32($0)) })
  }

  @Test func aSubgraphCountsOnlyItsRelationships() throws {
    let g = try NetworkFixture.graph()
    // 甲 and 乙 at 座谈会 only: the other meetings and 丙 are outside the selection.
    let forumLinks = g.allRelationships().filter {
      g.endNode(of: $0) == NodeID(6) && g.typeName(of: $0) == Schema.RelationshipType.attended
    }
    let selection = GraphSelection.subgraph(of: g, nodes: [], relationships: forumLinks)
    let network = PersonNetwork(graph: g, kind: .coAttendance, selection: selection)
    #expect(network.edges().map(network.sharedText) == ["座谈会"])
    #expect(network.linkCount() == 2)
    // People alone, without their relationships: nodes but no edges.
    let peopleOnly = GraphSelection.subgraph(
      of: g, nodes: [NodeID(0), NodeID(1), NodeID(6)], relationships: [])
    let bare = PersonNetwork(graph: g, kind: .coAttendance, selection: peopleOnly)
    #expect(bare.edges().isEmpty)
    #expect(bare.linkCount() == 0)
  }

  @Test func aGraphWithoutPeopleHasNoNodesOrEdges() throws {
    for kind in PersonNetwork.Kind.allCases {
      let network = PersonNetwork(graph: Graph(), kind: kind)
      var people = 0
      try network.forEachPerson { _ in people += 1 }
      #expect(people == 0)
      #expect(network.edges().isEmpty)
    }
  }

  @Test func theExporterFixtureLinksTheTwoPeopleAtItsMeeting() throws {
    // 韩俊 (0) presided over and attended the meeting (4); the odd reporter (8) spoke.
    let fixture = PersonNetwork(graph: try Fixture.graph(), kind: .coAttendance)
    #expect(
      fixture.edges() == [
        PersonNetwork.Edge(person: NodeID(0), other: NodeID(8), shared: [NodeID(4)])
      ])
    #expect(fixture.entry(for: NodeID(4)) == "2023-07-20 省委常委会会议")
  }

  @Test func aLargeMeetingGivesEveryPairOnce() throws {
    let g = Graph()
    let meetings = (0..<3).map { k in
      g.createNode(
        labels: [Schema.Label.meeting],
        properties: [
          Schema.Key.name: .string("会\(k)"), Schema.Key.date: Fixture.date("2024-01-0\(k + 1)"),
        ])
    }
    let people = (0..<40).map { _ in g.createNode(labels: [Schema.Label.person]) }
    for person in people {
      for meeting in meetings {
        try g.createRelationship(from: person, to: meeting, type: Schema.RelationshipType.attended)
      }
    }
    let edges = PersonNetwork(graph: g, kind: .coAttendance).edges()
    #expect(edges.count == 40 * 39 / 2)
    #expect(edges.allSatisfy { $0.weight == 3 && $0.person < $0.other && $0.shared == meetings })
    #expect(Set(edges.map { [$0.person, $0.other] }).count == edges.count)
  }
}
