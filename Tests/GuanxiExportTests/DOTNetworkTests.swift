import Foundation
import GuanxiGraph
import TestSupport
import Testing

@testable import GuanxiExport

/// Person networks as undirected DOT: golden files and the real Graphviz.
@Suite struct DOTNetworkTests {
  @Test(arguments: PersonNetwork.Kind.allCases)
  func writesNetworksAsGoldenThatGraphvizDraws(_ kind: PersonNetwork.Kind) throws {
    let network = PersonNetwork(graph: try NetworkFixture.graph(), kind: kind)
    let bytes = DOTWriter(network: network).bytes()
    Golden.check(bytes, "network-\(kind.rawValue).dot")
    let text = String(decoding: bytes, as: UTF8.self)
    #expect(text.contains("graph \"\(kind.rawValue)\" {"))
    #expect(!text.contains("->"))
    let rendering = try Graphviz.renderSVG(text)
    #expect(rendering.status == 0)
    #expect(rendering.messages == "")
    #expect(rendering.svg.contains("<svg"))
  }

  @Test func edgesCarryWeightPenwidthAndTheSharedMeetings() throws {
    let network = PersonNetwork(graph: try NetworkFixture.graph(), kind: .coAttendance)
    let lines = String(decoding: DOTWriter(network: network).bytes(), as: UTF8.self)
      .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    #expect(
      lines.filter { $0.contains(" -- ") } == [
        #"n0 -- n1 [weight="3", label="3", penwidth="2.50", tooltip="meetings:\n2022-12-31 年会\n2023-03-01 常委会\n座谈会"];"#,
        #"n0 -- n2 [weight="2", label="2", penwidth="1.75", tooltip="meetings:\n2023-03-01 务虚会\n2023-03-01 常委会"];"#,
        #"n1 -- n2 [weight="1", penwidth="1.00", tooltip="meetings:\n2023-03-01 常委会"];"#,
      ])
  }

  @Test func aNamedGraphKeepsItsName() throws {
    let network = PersonNetwork(graph: try NetworkFixture.graph(), kind: .coOffice)
    let text = String(
      decoding: DOTWriter(network: network, options: DOTOptions(graphName: "合肥")).bytes(),
      as: UTF8.self)
    #expect(text.contains("graph \"合肥\" {"))
  }
}
