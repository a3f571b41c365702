import Foundation
import GuanxiGraph

/// A person-to-person network as an undirected DOT `graph`.
///
/// People are drawn as in the graph (`n12`, label and tooltip as `DOTWriter` writes a
/// Person); each edge is `n1 -- n2` with `weight` (the number of shared meetings or
/// places, which also pulls the pair together in `dot` and `neato`), the same number as
/// its `label` when above 1, a `penwidth` that grows with it (1 + 0.75 per extra
/// meeting, at most 6), and the shared meetings (places) in its `tooltip`, one a line. The graph asks
/// `neato` and `fdp` for no overlapping nodes and curved edges; `dot` ignores that.
///
/// ```dot
/// graph "co-attendance" {
///   n0 [label="韩俊", shape="ellipse", fillcolor="#fde2c8", tooltip=":Person"];
///   n0 -- n8 [weight="1", penwidth="1.00", tooltip="meetings:\n2023-07-20 省委常委会会议"];
/// }
/// ```
extension DOTWriter {
  /// A writer for a person-to-person network; the graph's name is the network's kind
  /// (`co-attendance`) unless `options` names another.
  public init(network: PersonNetwork, options: DOTOptions = DOTOptions()) {
    self.init(graph: network.graph, selection: network.selection, options: options)
    if options.graphName == DOTOptions().graphName {
      self.options.graphName = network.kind.rawValue
    }
    self.network = network
  }

  func write(_ network: PersonNetwork, into out: OutputBuffer) throws(ExportError) {
    let encoder = DOTEncoder(graph: graph, out: out)
    writeHeader(
      encoder, keyword: "graph ", name: options.graphName,
      graphAttributes: "overlap=\"false\", splines=\"true\", sep=\"+8\"", edgeAttributes: "")
    try network.forEachPerson { node throws(ExportError) in
      out.ascii("  ")
      encoder.node(node)
      try out.check()
    }
    let sharedKey = network.kind.sharedKey
    try network.walk { edge, walk throws(ExportError) in
      out.ascii("  n")
      out.decimal(Int64(edge.person.rawValue))
      out.ascii(" -- n")
      out.decimal(Int64(edge.other.rawValue))
      out.ascii(" [weight=\"")
      out.decimal(Int64(edge.weight))
      if edge.weight > 1 {
        out.ascii("\", label=\"")
        out.decimal(Int64(edge.weight))
      }
      out.ascii("\", penwidth=\"")
      out.string(String(format: "%.2f", min(1 + 0.75 * Double(edge.weight - 1), 6)))
      out.ascii("\", tooltip=\"")
      out.string(sharedKey)
      out.byte(UInt8(ascii: ":"))
      for hub in edge.shared {
        out.ascii("\\n")
        walk.entry(hub).withUnsafeBufferPointer { encoder.escaped(utf8: $0) }
      }
      out.ascii("\"];\n")
      try out.check()
    }
    out.ascii("}\n")
  }
}
