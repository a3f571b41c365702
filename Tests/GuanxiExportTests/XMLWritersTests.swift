import Foundation
import GuanxiGraph
import TestSupport
import Testing

@testable import GuanxiExport

/// GraphML and GEXF: golden files, escaping, and what networkx reads back.
@Suite struct XMLWritersTests {
  enum Format: String, CaseIterable, Sendable {
    case graphml, gexf
  }

  static func bytes(_ format: Format, _ graph: Graph, _ selection: GraphSelection = .all)
    -> [UInt8]
  {
    switch format {
    case .graphml: GraphMLWriter(graph: graph, selection: selection).bytes()
    case .gexf: GEXFWriter(graph: graph, selection: selection).bytes()
    }
  }

  static func bytes(_ format: Format, _ network: PersonNetwork) -> [UInt8] {
    switch format {
    case .graphml: GraphMLWriter(network: network).bytes()
    case .gexf: GEXFWriter(network: network).bytes()
    }
  }

  /// Writes `bytes` to a fresh file and reads it with networkx.
  static func readBack(_ bytes: [UInt8], _ format: Format) throws -> NetworkX.Graph {
    let directory = try temporaryDirectory("xml-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("g.\(format.rawValue)")
    try Data(bytes).write(to: url)
    return try NetworkX.read(url.path, kind: format.rawValue)
  }

  // MARK: Golden files

  @Test(arguments: Format.allCases) func writesTheFixtureAsGolden(_ format: Format) throws {
    Golden.check(Self.bytes(format, try Fixture.graph()), "fixture.\(format.rawValue)")
  }

  @Test(arguments: Format.allCases) func writesASubgraphAsGolden(_ format: Format) throws {
    let g = try Fixture.graph()
    let selection = GraphSelection.subgraph(
      of: g, nodes: [NodeID(8)], relationships: [RelationshipID(0), RelationshipID(4)])
    Golden.check(Self.bytes(format, g, selection), "fixture-subgraph.\(format.rawValue)")
  }

  @Test(arguments: Format.allCases, PersonNetwork.Kind.allCases)
  func writesNetworksAsGolden(_ format: Format, _ kind: PersonNetwork.Kind) throws {
    let network = PersonNetwork(graph: try NetworkFixture.graph(), kind: kind)
    Golden.check(Self.bytes(format, network), "network-\(kind.rawValue).\(format.rawValue)")
  }

  @Test(arguments: Format.allCases) func sameGraphGivesSameBytes(_ format: Format) throws {
    #expect(Self.bytes(format, try Fixture.graph()) == Self.bytes(format, try Fixture.graph()))
  }

  // MARK: Escaping

  struct EscapeCase: Sendable, CustomTestStringConvertible {
    var raw: String
    var xml: String
    var testDescription: String { xml }
  }

  @Test(arguments: [
    EscapeCase(raw: "王\"小\"明", xml: "王&quot;小&quot;明"),
    EscapeCase(raw: "<b>&amp;</b>", xml: "&lt;b&gt;&amp;amp;&lt;/b&gt;"),
    EscapeCase(raw: "it's", xml: "it's"),
    EscapeCase(raw: "第一行\n第二行\r\tend", xml: "第一行&#10;第二行&#13;&#9;end"),
    EscapeCase(
      raw: "\u{00}a\u{08}\u{0B}\u{0C}\u{1F}", xml: "\u{FFFD}a\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"),
    EscapeCase(raw: "\u{7F}\u{85}\u{FFFD}", xml: "\u{7F}\u{85}\u{FFFD}"),
    EscapeCase(raw: "x\u{FFFE}y\u{FFFF}z\u{FFFF}", xml: "x\u{FFFD}y\u{FFFD}z\u{FFFD}"),
    EscapeCase(raw: "合肥😀\u{EFBF}", xml: "合肥😀\u{EFBF}"),
  ])
  func escapesText(_ c: EscapeCase) {
    let bytes = OutputBuffer.collecting { $0.xmlText(c.raw) }
    #expect(String(decoding: bytes, as: UTF8.self) == c.xml)
  }

  struct ValueCase: Sendable, CustomTestStringConvertible {
    var value: Value
    var xml: String
    var testDescription: String { xml }
  }

  @Test(arguments: [
    ValueCase(value: true, xml: "true"),
    ValueCase(value: .int(.min), xml: "-9223372036854775808"),
    ValueCase(value: 2.0, xml: "2.0"),
    ValueCase(value: .float(.nan), xml: "NaN"),
    ValueCase(value: .float(.infinity), xml: "INF"),
    ValueCase(value: .float(-.infinity), xml: "-INF"),
    ValueCase(value: .date(LocalDate(year: 987, month: 1, day: 2)!), xml: "0987-01-02"),
    ValueCase(value: [120, 188], xml: "[120,188]"),
    ValueCase(value: [], xml: "[]"),
    ValueCase(value: ["a<b", 1, nil], xml: "[&quot;a&lt;b&quot;,1,null]"),
    ValueCase(
      value: .map(["省": "安徽", "n": [true]]),
      xml: "{&quot;n&quot;:[true],&quot;省&quot;:&quot;安徽&quot;}"),
    ValueCase(value: ["\u{01}"], xml: "[&quot;\\u0001&quot;]"),
  ])
  func writesValues(_ c: ValueCase) {
    let bytes = OutputBuffer.collecting { $0.xmlValue(c.value) }
    #expect(String(decoding: bytes, as: UTF8.self) == c.xml)
  }

  // MARK: Read back with networkx

  /// What networkx should read for a value: see `NetworkX.Graph`.
  static func expected(_ value: Value) -> [String]? {
    switch value {
    case .null: return nil
    case .bool(let b): return ["bool", b ? "True" : "False"]
    case .int(let i): return ["int", "\(i)"]
    case .float(let d): return ["float", d.description]
    case .string(let s): return ["str", Self.xmlSafe(s)]
    case .date(let d): return ["str", d.description]
    case .list, .map:
      let json = String(decoding: OutputBuffer.collecting { $0.jsonValue(value) }, as: UTF8.self)
      return ["str", Self.xmlSafe(json)]
    }
  }

  /// `text` with the characters XML 1.0 cannot hold replaced by U+FFFD.
  static func xmlSafe(_ text: String) -> String {
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      let v = scalar.value
      let isForbidden =
        (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0xFFFE || v == 0xFFFF
      scalars.append(isForbidden ? "\u{FFFD}" : scalar)
    }
    return String(scalars)
  }

  /// The attributes networkx should give each node and edge of `graph`.
  static func expectedGraph(_ graph: Graph, _ format: Format, renamed: [String: String] = [:])
    -> (nodes: [String: [String: [String]]], edges: [String])
  {
    var nodes: [String: [String: [String]]] = [:]
    for node in graph.allNodes() {
      let labels = graph.labels(of: node).map(graph.string).sorted()
      var attributes = ["labels": ["str", labels.map { ":" + $0 }.joined()]]
      for (key, value) in graph.properties(of: node) {
        let name = graph.string(key)
        attributes[renamed["node:" + name] ?? name] = expected(value)
      }
      if format == .gexf {
        let name = graph.property(Schema.Key.name, of: node)?.stringValue.map(xmlSafe)
        attributes["label"] = ["str", name ?? "\(labels.first ?? "node") n\(node.rawValue)"]
      }
      nodes["n\(node.rawValue)"] = attributes
    }
    let edges = graph.allRelationships().map { r in
      var attributes = ["label": ["str", graph.typeName(of: r)]]
      for (key, value) in graph.properties(of: r) {
        let name = graph.string(key)
        attributes[renamed["edge:" + name] ?? name] = expected(value)
      }
      return edgeText(
        "n\(graph.startNode(of: r).rawValue)", "n\(graph.endNode(of: r).rawValue)", attributes)
    }
    return (nodes, edges.sorted())
  }

  /// An edge as one comparable line, without networkx's `id`.
  static func edgeText(_ source: String, _ target: String, _ attributes: [String: [String]])
    -> String
  {
    let text = attributes.filter { $0.key != "id" }.sorted { $0.key < $1.key }
      .map { "\($0.key)=\($0.value.joined(separator: ":"))" }
    return "\(source)->\(target) " + text.joined(separator: " ")
  }

  static func check(
    _ read: NetworkX.Graph, against graph: Graph, _ format: Format,
    renamed: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let expected = expectedGraph(graph, format, renamed: renamed)
    #expect(read.isDirected, sourceLocation: sourceLocation)
    #expect(read.nodes.count == graph.nodeCount, sourceLocation: sourceLocation)
    #expect(read.edges.count == graph.relationshipCount, sourceLocation: sourceLocation)
    for (id, attributes) in expected.nodes {
      #expect(read.nodes[id] == attributes, "node \(id)", sourceLocation: sourceLocation)
    }
    let edges = read.edges.map { edgeText($0.source, $0.target, $0.attributes) }.sorted()
    #expect(edges == expected.edges, sourceLocation: sourceLocation)
  }

  @Test(arguments: Format.allCases) func networkxReadsTheFixtureBack(_ format: Format) throws {
    let g = try Fixture.graph()
    let read = try Self.readBack(Self.bytes(format, g), format)
    // 韩俊 PRESIDED and ATTENDED the same meeting: parallel edges, so a multigraph.
    #expect(read.isMultigraph)
    Self.check(read, against: g, format)
    let holds = try #require(read.edges.first { $0.attributes["label"] == ["str", "HOLDS"] })
    #expect(holds.source == "n0" && holds.target == "n1")
    let span = try #require(holds.attributes["span"]?.last)
    #expect(try JSONSerialization.jsonObject(with: Data(span.utf8)) as? [Int] == [120, 188])
  }

  /// Every character XML forbids, markup characters, Chinese and emoji; property names
  /// the formats reserve; one key with four types.
  static func awkwardGraph() throws -> Graph {
    let g = Graph()
    var nasty = ""
    for v in 0..<0x20 { nasty.unicodeScalars.append(Unicode.Scalar(UInt8(v))) }
    nasty += "\u{7F}\u{FFFE}\u{FFFF}&<>\"'&amp;]]> 关系😀"
    let a = g.createNode(
      labels: ["Person", "Reporter"],
      properties: [
        "name": .string(nasty), "labels": "x", "label": "y", "label_": 1, "v": 1,
        "tags": [.string(nasty), 2],
      ])
    let b = g.createNode(labels: ["Person"], properties: ["name": "乙", "v": "1"])
    let c = g.createNode(labels: ["Place"], properties: ["v": 1.5])
    let d = g.createNode(properties: ["v": true, "note": ""])
    try g.createRelationship(from: a, to: b, type: "A&B<C>", properties: ["label": "z", "id": 5])
    try g.createRelationship(from: c, to: d, type: "HOLDS", properties: ["v": .float(.infinity)])
    return g
  }

  @Test(arguments: Format.allCases) func awkwardTextAndNamesSurviveNetworkx(_ format: Format) throws
  {
    let g = try Self.awkwardGraph()
    let read = try Self.readBack(Self.bytes(format, g), format)
    let renamed: [String: String] =
      switch format {
      case .graphml: ["node:labels": "labels_", "edge:label": "label_", "edge:id": "id_"]
      case .gexf:
        [
          "node:labels": "labels_", "node:label": "label__", "edge:label": "label_",
          "edge:id": "id_",
        ]
      }
    Self.check(read, against: g, format, renamed: renamed)
    #expect(read.nodes["n0"]?["v"] == ["int", "1"])
    #expect(read.nodes["n1"]?["v"] == ["str", "1"])
    #expect(read.nodes["n2"]?["v"] == ["float", "1.5"])
    #expect(read.nodes["n3"]?["v"] == ["bool", "True"])
    #expect(read.nodes["n3"]?["note"] == ["str", ""])
  }

  @Test(arguments: Format.allCases) func networkxReadsASubgraph(_ format: Format) throws {
    let g = try Fixture.graph()
    let selection = GraphSelection.subgraph(
      of: g, nodes: [NodeID(9)], relationships: [RelationshipID(0), RelationshipID(3)])
    let read = try Self.readBack(Self.bytes(format, g, selection), format)
    #expect(Set(read.nodes.keys) == ["n0", "n1", "n4", "n8", "n9"])
    #expect(read.edges.compactMap { $0.attributes["label"]?.last }.sorted() == ["HOLDS", "SPOKE"])
  }

  @Test(arguments: Format.allCases, PersonNetwork.Kind.allCases)
  func networkxReadsNetworksBack(_ format: Format, _ kind: PersonNetwork.Kind) throws {
    let g = try NetworkFixture.graph()
    let network = PersonNetwork(graph: g, kind: kind)
    let read = try Self.readBack(Self.bytes(format, network), format)
    #expect(!read.isDirected)
    #expect(!read.isMultigraph)
    #expect(Set(read.nodes.keys) == ["n0", "n1", "n2", "n3"])
    #expect(read.nodes["n0"]?["name"] == ["str", "甲"])
    #expect(read.nodes["n0"]?["labels"] == ["str", ":Person"])
    let weight = { (w: Int) in format == .gexf ? ["float", "\(Double(w))"] : ["int", "\(w)"] }
    let expected = network.edges().map { edge in
      Self.edgeText(
        "n\(edge.person.rawValue)", "n\(edge.other.rawValue)",
        ["weight": weight(edge.weight), kind.sharedKey: ["str", network.sharedText(edge)]])
    }
    let edges = read.edges.map { edge in
      // networkx may give an undirected edge either way round.
      let (a, b) =
        edge.source < edge.target ? (edge.source, edge.target) : (edge.target, edge.source)
      return Self.edgeText(a, b, edge.attributes)
    }
    #expect(edges.sorted() == expected.sorted())
    #expect(!expected.isEmpty)
  }

  @Test(arguments: Format.allCases)
  func fileOutputEqualsMemoryOutputAcrossBufferFlushes(_ format: Format) throws {
    let g = Graph()
    let long = String(repeating: "合肥市<庐阳区>&\"", count: 30_000)  // ~ 700 KB escaped
    for i in 0..<4 {
      g.createNode(labels: ["Person"], properties: ["name": .string(long), "i": .int(Int64(i))])
    }
    let directory = try temporaryDirectory("xml-flush-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("g.\(format.rawValue)").path
    switch format {
    case .graphml: try GraphMLWriter(graph: g).write(toFile: path)
    case .gexf: try GEXFWriter(graph: g).write(toFile: path)
    }
    let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(written == Self.bytes(format, g))
    #expect(written.count > 2 * OutputBuffer.chunkSize)
    let read = try NetworkX.read(path, kind: format.rawValue)
    #expect(read.nodes["n3"]?["name"] == ["str", long])
  }

  @Test(arguments: Format.allCases) func reportsUnwritablePath(_ format: Format) throws {
    let path = "/nonexistent-dir/x.\(format.rawValue)"
    let error = #expect(throws: ExportError.self) {
      switch format {
      case .graphml: try GraphMLWriter(graph: Graph()).write(toFile: path)
      case .gexf: try GEXFWriter(graph: Graph()).write(toFile: path)
      }
    }
    #expect(error?.code == .io)
    #expect(error?.path == path)
  }
}
