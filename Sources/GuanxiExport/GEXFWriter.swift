import Foundation
import GuanxiGraph

/// Writes a graph, a subgraph, or a person-to-person network as GEXF 1.2, the format
/// Gephi opens (and networkx reads with `nx.read_gexf`).
///
/// The document is `version="1.2"` in the `http://www.gexf.net/1.2draft` namespace,
/// `mode="static"`. A graph is `defaultedgetype="directed"`: node `n12` is the node of id
/// 12, with its `name` as `label` (without one, its first label and id, `Meeting n4`);
/// edge `e40` is the relationship of id 40, with its type as `label` (Gephi's Label
/// column; networkx's `label`). Node attributes are `labels` (`:Person:Reporter`, as in
/// GraphML) and every property; edge attributes every property. Attributes are typed
/// per (name, type) as `AttributeKeys` describes, with GEXF 1.2's types: `long`,
/// `double`, `boolean`, `string`. GEXF 1.2 has no list of numbers and no date type
/// (`liststring` came first, list types in 1.3), so, as in GraphML, dates are
/// `YYYY-MM-DD` strings and lists and maps their JSON text (`span` is `[120,188]`). A
/// node property called `label` or an edge property called `label` or `id`, which
/// networkx would overwrite with the element's own, is declared with `_` appended.
///
/// A network (`PersonNetwork`) is `defaultedgetype="undirected"`: people as above, and
/// edges `e0`, `e1`… with GEXF's own `weight` and the shared meetings (`meetings`) or
/// places (`offices`) as one string attribute, entries joined by `"; "`.
///
/// ```xml
/// <node id="n0" label="韩俊"><attvalues><attvalue for="d0" value=":Person"/>…</attvalues></node>
/// <edge id="e0" source="n0" target="n1" label="HOLDS"><attvalues>…</attvalues></edge>
/// ```
///
/// Text is escaped as `OutputBuffer+XML` describes. Output streams like `GraphMLWriter`'s
/// and the same graph always gives the same bytes.
public struct GEXFWriter: StreamingExporter {
  let source: ExportSource

  /// A writer for `selection` (by default the whole graph) of `graph`.
  public init(graph: any GraphReading, selection: GraphSelection = .all) {
    source = .graph(graph, selection)
  }

  /// A writer for a person-to-person network.
  public init(network: PersonNetwork) { source = .network(network) }

  /// Writes to a file, creating or truncating it.
  ///
  /// - Throws: `ExportError` `.io` when the file cannot be created or written.
  public func write(toFile path: String) throws(ExportError) { try writeFile(path) }

  /// Writes to an open file handle, which stays open.
  ///
  /// - Throws: `ExportError` `.io` when writing fails.
  public func write(to handle: FileHandle) throws(ExportError) { try writeHandle(handle) }

  /// The whole output in memory, for small graphs and tests.
  public func bytes() -> [UInt8] { collectBytes() }

  func write(into out: OutputBuffer) throws(ExportError) {
    let graph = source.graph
    var fixed: [(domain: AttributeKeys.Domain, name: String, type: AttributeKeys.XMLType)] = [
      (.node, "labels", .string)
    ]
    if case .network(let network) = source {
      fixed.append((.edge, network.kind.sharedKey, .string))
    }
    let keys = try AttributeKeys.collect(
      source, fixed: fixed, reserved: [.node: ["labels", "label"], .edge: ["label", "id"]])
    let texts = XMLElementTexts(graph: graph)
    let valueTags = keys.keys.map { key in
      OutputBuffer.collecting {
        $0.ascii("<attvalue for=\"")
        $0.string(key.id)
        $0.ascii("\" value=\"")
      }
    }
    let isNetwork: Bool
    if case .network = source { isNetwork = true } else { isNetwork = false }
    out.ascii(
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <gexf xmlns="http://www.gexf.net/1.2draft" \
      xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
      xsi:schemaLocation="http://www.gexf.net/1.2draft \
      http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">
        <meta>
          <creator>Guanxi</creator>
          <description>
      """)
    switch source {
    case .graph: out.ascii("a graph of Chinese government news")
    case .network(let network):
      out.string(network.kind.rawValue)
      out.ascii(" network of a graph of Chinese government news")
    }
    out.ascii(
      """
      ; lists and maps are JSON text, dates YYYY-MM-DD</description>
        </meta>

      """)
    out.ascii(
      isNetwork
        ? "  <graph mode=\"static\" defaultedgetype=\"undirected\">\n"
        : "  <graph mode=\"static\" defaultedgetype=\"directed\">\n")
    for domain in AttributeKeys.Domain.allCases {
      let declared = keys.keys.filter { $0.domain == domain }
      guard !declared.isEmpty else { continue }
      out.ascii("    <attributes class=\"")
      out.string(domain.name)
      out.ascii("\" mode=\"static\">\n")
      for key in declared {
        out.ascii("      <attribute id=\"")
        out.string(key.id)
        out.ascii("\" title=\"")
        out.xmlText(key.name)
        out.ascii("\" type=\"")
        out.string(key.type.name)
        out.ascii("\"/>\n")
      }
      out.ascii("    </attributes>\n")
    }
    func attvalues(_ entries: [(key: Symbol, value: Value)], _ domain: AttributeKeys.Domain) {
      for entry in entries {
        guard let index = keys.index(domain, entry.key, entry.value) else { continue }
        out.bytes(valueTags[index])
        out.xmlValue(entry.value)
        out.ascii("\"/>")
      }
    }
    out.ascii("    <nodes>\n")
    func node(_ node: NodeID) throws(ExportError) {
      let properties = texts.sortedProperties(of: node)
      out.ascii("      <node id=\"n")
      out.decimal(Int64(node.rawValue))
      out.ascii("\" label=\"")
      texts.displayLabel(of: node, properties: properties, into: out)
      out.ascii("\"><attvalues>")
      out.bytes(valueTags[keys.fixed(.node, "labels")])
      out.bytes(texts.labels(of: node))
      out.ascii("\"/>")
      attvalues(properties, .node)
      out.ascii("</attvalues></node>\n")
      try out.check()
    }
    func edgeStart(_ id: Int64, _ source: NodeID, _ target: NodeID) {
      out.ascii("      ")
      out.xmlEdgeStart(id, source, target)
    }
    switch source {
    case .graph(_, let selection):
      try selection.forEachNode(in: graph) { n throws(ExportError) in try node(n) }
      out.ascii("    </nodes>\n    <edges>\n")
      try selection.forEachRelationship(in: graph) { r throws(ExportError) in
        edgeStart(Int64(r.rawValue), graph.startNode(of: r), graph.endNode(of: r))
        out.ascii("\" label=\"")
        out.bytes(texts.type(of: r))
        let properties = texts.sortedProperties(of: r)
        if properties.isEmpty {
          out.ascii("\"/>\n")
        } else {
          out.ascii("\"><attvalues>")
          attvalues(properties, .edge)
          out.ascii("</attvalues></edge>\n")
        }
        try out.check()
      }
    case .network(let network):
      try network.forEachPerson { n throws(ExportError) in try node(n) }
      out.ascii("    </nodes>\n    <edges>\n")
      let sharedTag = valueTags[keys.fixed(.edge, network.kind.sharedKey)]
      var count: Int64 = 0
      try network.walk { edge, walk throws(ExportError) in
        edgeStart(count, edge.person, edge.other)
        count += 1
        out.ascii("\" weight=\"")
        out.decimal(Int64(edge.weight))
        out.ascii("\"><attvalues>")
        out.bytes(sharedTag)
        out.xmlShared(edge, walk)
        out.ascii("\"/></attvalues></edge>\n")
        try out.check()
      }
    }
    out.ascii("    </edges>\n  </graph>\n</gexf>\n")
  }
}
