import Foundation
import GuanxiGraph
import TestSupport
import Testing

@testable import GuanxiShell

/// `guanxi export --format graphml|gexf` and `--network`, and the shell's `:export` of the
/// same, on the sample graph built as `guanxi demo` builds it, each test in a fresh folder.
@Suite struct NetworkExportTests {
  /// The README's picture command, as arguments after the graph path.
  static let pictureArguments = [
    "--format", "dot", "--network", "co-attendance", "--query",
    "MATCH (p:Person)-[r:ATTENDED|PRESIDED|SPOKE]->(m:Meeting) RETURN p, r, m",
  ]

  static var repository: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  static func sampleGraph(in workspace: Workspace) throws -> String {
    let path = workspace.file("sample.gx")
    try SampleGraph.build(at: path, console: Console.capturing())
    return path
  }

  @Test func theCommittedCoAttendancePictureIsWhatTheReadmeCommandMakes() throws {
    let workspace = try Workspace()
    let graph = try Self.sampleGraph(in: workspace)
    let output = workspace.file("co-attendance.dot")
    let run = guanxi(["export", graph] + Self.pictureArguments + ["-o", output])
    #expect(run.status == ExitStatus.success, "\(run.error)")
    let graphs = Self.repository.appendingPathComponent("Graphs")
    let committed = try String(
      contentsOf: graphs.appendingPathComponent("sample-co-attendance.dot"), encoding: .utf8)
    #expect(try String(contentsOfFile: output, encoding: .utf8) == committed)
    let svg = try String(
      contentsOf: graphs.appendingPathComponent("sample-co-attendance.svg"), encoding: .utf8)
    #expect(svg.contains("<svg") && svg.contains("蒋若溪"))
  }

  @Test(arguments: ["graphml", "gexf"]) func networkxReadsTheSampleGraph(_ format: String) throws {
    let workspace = try Workspace()
    let graph = try Self.sampleGraph(in: workspace)
    let output = workspace.file("sample.\(format)")
    let run = guanxi("export", graph, "--format", format, "-o", output)
    #expect(run.status == ExitStatus.success, "\(run.error)")
    let read = try NetworkX.read(output, kind: format)
    let session = try GraphSession(path: graph, access: .readOnly)
    #expect(read.isDirected)
    #expect(read.nodes.count == session.graph.nodeCount)
    #expect(read.edges.count == session.graph.relationshipCount)
    let names = Set(read.nodes.values.compactMap { $0["name"]?.last })
    #expect(names.isSuperset(of: ["蒋若溪", "秦海峰", "九江市一季度经济运行调度会"]))
  }

  struct NetworkCase: Sendable, CustomTestStringConvertible {
    var format: String
    var network: String
    var testDescription: String { "\(format) \(network)" }
  }

  @Test(arguments: [
    NetworkCase(format: "graphml", network: "co-attendance"),
    NetworkCase(format: "gexf", network: "co-office"),
  ])
  func networksOfTheSampleAreUndirectedWeightedAndAboutPeople(_ c: NetworkCase) throws {
    let workspace = try Workspace()
    let graph = try Self.sampleGraph(in: workspace)
    let output = workspace.file("network.\(c.format)")
    let run = guanxi("export", graph, "--format", c.format, "--network", c.network, "-o", output)
    #expect(run.status == ExitStatus.success, "\(run.error)")
    #expect(run.error.isEmpty)
    let read = try NetworkX.read(output, kind: c.format)
    let people = try column("MATCH (p:Person) RETURN toString(count(p))", in: graph)
    #expect(!read.isDirected)
    #expect(["\(read.nodes.count)"] == people)
    #expect(read.nodes.values.allSatisfy { $0["labels"]?.last?.contains(":Person") == true })
    #expect(!read.edges.isEmpty)
    #expect(
      read.edges.allSatisfy { ($0.attributes["weight"]?.last).flatMap(Double.init) ?? 0 >= 1 })
    let shared = c.network == "co-attendance" ? "meetings" : "offices"
    #expect(read.edges.allSatisfy { $0.attributes[shared]?.last?.isEmpty == false })
  }

  @Test func aQueryWithoutRelationshipsWarnsThatTheNetworkHasNoEdges() throws {
    let workspace = try Workspace()
    let graph = try Self.sampleGraph(in: workspace)
    let output = workspace.file("people.graphml")
    let run = guanxi(
      "export", graph, "--format", "graphml", "--network", "co-attendance", "-o", output,
      "--query", "MATCH (p:Person)-[:ATTENDED]->(m:Meeting) RETURN p, m")
    #expect(run.status == ExitStatus.success)
    #expect(run.error.contains("warning:") && run.error.contains("RETURN p, r, m"), "\(run.error)")
    let read = try NetworkX.read(output, kind: "graphml")
    #expect(!read.nodes.isEmpty)
    #expect(read.edges.isEmpty)
  }

  struct UsageCase: Sendable, CustomTestStringConvertible {
    var arguments: [String]
    var mentions: [String]
    var testDescription: String { arguments.joined(separator: " ") }
  }

  @Test(arguments: [
    UsageCase(
      arguments: ["--format", "jsonl", "--network", "co-attendance"],
      mentions: ["'jsonl'", "graphml", "gexf", "dot"]),
    UsageCase(
      arguments: ["--format", "csv", "-o", "out", "--network", "co-office"],
      mentions: ["'csv'", "graphml"]),
    UsageCase(
      arguments: ["--format", "gexf", "--network", "friends"],
      mentions: ["'friends'", "co-attendance"]),
    UsageCase(
      arguments: ["--format", "dot", "--network", "co-office", "--cluster", "place"],
      mentions: ["'--cluster'"]),
    UsageCase(arguments: ["--format", "xml"], mentions: ["'xml'", "graphml", "gexf"]),
  ])
  func networkOptionsMisusedAreUsageErrors(_ c: UsageCase) throws {
    let workspace = try Workspace()
    let graph = try workspace.fixtureGraph()
    let run = guanxi(["export", graph] + c.arguments)
    #expect(run.status == ExitStatus.usage)
    for mention in c.mentions { #expect(run.error.contains(mention), "\(run.error)") }
    #expect(!FileManager.default.fileExists(atPath: workspace.file("out")))
  }

  @Test func theShellExportsFormatsAndNetworks() throws {
    let workspace = try Workspace()
    let graph = try Self.sampleGraph(in: workspace)
    let backend = SessionBackend(session: try GraphSession(path: graph, access: .readOnly))
    let gexf = workspace.file("whole.gexf")
    #expect(try backend.command("export", arguments: ["gexf", gexf]) == "wrote \(gexf)")
    #expect(try NetworkX.read(gexf, kind: "gexf").isDirected)
    let network = workspace.file("office.graphml")
    let reply = try backend.command(
      "export",
      arguments: [
        "graphml", "--network", "co-office", network, "MATCH", "(p:Person)-[r:HOLDS]->(x)",
        "RETURN", "p,", "r,", "x",
      ])
    #expect(reply == "wrote \(network)")
    let read = try NetworkX.read(network, kind: "graphml")
    #expect(!read.isDirected && !read.edges.isEmpty)
    for arguments in [
      ["jsonl", "--network", "co-office", "x.jsonl"], ["gexf"], ["dot", "--network"],
    ] {
      let error = #expect(throws: ShellError.self) {
        try backend.command("export", arguments: arguments)
      }
      #expect(error?.code == .usage, "\(arguments)")
    }
  }
}
