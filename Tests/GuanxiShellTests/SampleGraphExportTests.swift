import Foundation
import TestSupport
import Testing

@testable import GuanxiShell

/// The sample graph, built from Graphs/samples as `guanxi demo` builds it, exported to DOT
/// by the command line and rendered by the real Graphviz: any warning or error fails.
@Suite struct SampleGraphExportTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var arguments: [String]
    var testDescription: String {
      arguments.isEmpty ? "whole graph" : arguments.joined(separator: " ")
    }
  }

  static let cases: [Case] = [
    Case(arguments: []),
    Case(arguments: ["--cluster", "place", "--rankdir", "TB"]),
    Case(arguments: [
      "--cluster", "place", "--query",
      "MATCH (p:Person)-[r:PRESIDED|ATTENDED]->(m:Meeting)-[h:HELD_IN]->(pl:Place) RETURN p, r, m, h, pl",
    ]),
  ]

  @Test(arguments: cases) func graphvizRendersTheSampleExport(_ c: Case) throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("guanxi-sample-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let graph = directory.appendingPathComponent("sample.gx").path
    try SampleGraph.build(at: graph, console: Console.capturing())
    let dot = directory.appendingPathComponent("sample.dot").path
    let console = Console.capturing()
    let status = GuanxiCommand.main(
      ["export", graph, "--format", "dot", "-o", dot] + c.arguments, console: console)
    #expect(status == 0, "\(console.captured?.error ?? "")")
    let text = try String(contentsOfFile: dot, encoding: .utf8)
    #expect(text.contains("Noto Sans CJK SC"))
    #expect(text.contains("PRESIDED"))
    let rendering = try Graphviz.renderSVG(text)
    #expect(rendering.status == 0)
    #expect(rendering.messages == "")
    #expect(rendering.svg.contains("<svg"))
  }
}
