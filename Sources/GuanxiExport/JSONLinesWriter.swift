import Foundation
import GuanxiGraph

/// Writes a graph as JSON Lines in the shape of Neo4j APOC's `apoc.export.json.all`,
/// which `apoc.import.json` and `JSONLinesReader` read back.
///
/// One record a line: every selected node by ascending id, then every selected
/// relationship by ascending id. Ids are the store's ids as strings; labels are sorted
/// by name; property keys are sorted by their UTF-8 bytes; a record with no properties
/// has no `"properties"` member, as APOC writes it. Values follow the JSON choices of
/// the exporters (dates as `"YYYY-MM-DD"`, `span` as `[start,end]`, non-ASCII as
/// UTF-8, non-finite floats as `null`). The same graph always gives the same bytes.
///
/// ```json
/// {"type":"node","id":"12","labels":["Person"],"properties":{"name":"韩俊"}}
/// {"type":"relationship","id":"40","label":"HOLDS","properties":{"doc":"002.txt","span":[120,188],"title":"省委书记"},"start":{"id":"12","labels":["Person"]},"end":{"id":"3","labels":["Place"]}}
/// ```
///
/// Output streams through a 1 MiB buffer, so memory stays constant however large the
/// graph is.
public struct JSONLinesWriter {
  public var graph: any GraphReading
  public var selection: GraphSelection

  /// A writer for `selection` (by default the whole graph) of `graph`.
  public init(graph: any GraphReading, selection: GraphSelection = .all) {
    self.graph = graph
    self.selection = selection
  }

  /// Writes to a file, creating or truncating it.
  ///
  /// - Throws: `ExportError` `.io` when the file cannot be created or written.
  public func write(toFile path: String) throws(ExportError) {
    try OutputBuffer.withFile(path) { out throws(ExportError) in try write(into: out) }
  }

  /// Writes to an open file handle, which stays open.
  ///
  /// - Throws: `ExportError` `.io` when writing fails.
  public func write(to handle: FileHandle) throws(ExportError) {
    try OutputBuffer.withHandle(handle) { out throws(ExportError) in try write(into: out) }
  }

  /// The whole output in memory, for small graphs and tests.
  public func bytes() -> [UInt8] {
    // Collecting into memory cannot fail.
    (try? OutputBuffer.collecting { out throws(ExportError) in try write(into: out) }) ?? []
  }

  func write(into out: OutputBuffer) throws(ExportError) {
    let encoder = JSONRecordEncoder(graph: graph, out: out)
    try selection.forEachNode(in: graph) { node throws(ExportError) in
      encoder.node(node)
      try out.check()
    }
    try selection.forEachRelationship(in: graph) { relationship throws(ExportError) in
      encoder.relationship(relationship)
      try out.check()
    }
  }
}

/// Formats APOC records, caching the JSON text of labels and keys, which repeat on
/// every line.
final class JSONRecordEncoder {
  let graph: any GraphReading
  let out: OutputBuffer

  private let names: SymbolNames
  /// Per node id: index into `labelTexts`, -1 until first needed.
  private var nodeLabelText: [Int32]
  /// `["A","B"]` per distinct label set.
  private var labelTexts: [[UInt8]] = []
  private var labelSetSlots: [[Symbol]: Int32] = [:]
  /// `"label":"TYPE"` per relationship type symbol.
  private var typeTexts: [Symbol: [UInt8]] = [:]

  init(graph: any GraphReading, out: OutputBuffer) {
    self.graph = graph
    self.out = out
    names = SymbolNames(graph: graph)
    nodeLabelText = [Int32](repeating: -1, count: graph.nodeIDLimit)
  }

  func node(_ node: NodeID) {
    out.ascii("{\"type\":\"node\",\"id\":\"")
    out.decimal(Int64(node.rawValue))
    out.ascii("\",\"labels\":")
    labels(of: node)
    properties(graph.properties(of: node))
    out.ascii("}\n")
  }

  func relationship(_ relationship: RelationshipID) {
    out.ascii("{\"type\":\"relationship\",\"id\":\"")
    out.decimal(Int64(relationship.rawValue))
    out.ascii("\",")
    out.bytes(typeText(graph.type(of: relationship)))
    properties(graph.properties(of: relationship))
    let start = graph.startNode(of: relationship)
    let end = graph.endNode(of: relationship)
    out.ascii(",\"start\":{\"id\":\"")
    out.decimal(Int64(start.rawValue))
    out.ascii("\",\"labels\":")
    labels(of: start)
    out.ascii("},\"end\":{\"id\":\"")
    out.decimal(Int64(end.rawValue))
    out.ascii("\",\"labels\":")
    labels(of: end)
    out.ascii("}}\n")
  }

  /// `,"properties":{...}` with keys in UTF-8 order, or nothing when there are none.
  func properties(_ entries: [(key: Symbol, value: Value)]) {
    guard !entries.isEmpty else { return }
    var entries = entries
    names.sortByName(&entries)
    out.ascii(",\"properties\":{")
    for (k, entry) in entries.enumerated() {
      if k > 0 { out.byte(UInt8(ascii: ",")) }
      out.bytes(names.jsonKeys[names.slot(entry.key)])
      out.jsonValue(entry.value)
    }
    out.byte(UInt8(ascii: "}"))
  }

  private func typeText(_ type: Symbol) -> [UInt8] {
    if let text = typeTexts[type] { return text }
    let name = graph.string(type)
    let text = OutputBuffer.collecting {
      $0.ascii("\"label\":")
      $0.jsonString(name)
    }
    typeTexts[type] = text
    return text
  }

  /// `["A","B"]`: the node's labels sorted by name.
  func labels(of node: NodeID) {
    let index = node.index < nodeLabelText.count ? Int(nodeLabelText[node.index]) : -1
    if index >= 0 {
      out.bytes(labelTexts[index])
      return
    }
    let symbols = graph.labels(of: node)
    let slot: Int32
    if let known = labelSetSlots[symbols] {
      slot = known
    } else {
      let names = symbols.map(graph.string).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
      labelTexts.append(
        OutputBuffer.collecting { out in
          out.byte(UInt8(ascii: "["))
          for (i, name) in names.enumerated() {
            if i > 0 { out.byte(UInt8(ascii: ",")) }
            out.jsonString(name)
          }
          out.byte(UInt8(ascii: "]"))
        })
      slot = Int32(labelTexts.count - 1)
      labelSetSlots[symbols] = slot
    }
    if node.index < nodeLabelText.count { nodeLabelText[node.index] = slot }
    out.bytes(labelTexts[Int(slot)])
  }
}
