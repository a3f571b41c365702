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
/// UTF-8). The same graph always gives the same bytes.
///
/// A NaN or an infinity, which JSON cannot express (APOC would read `null` and drop the
/// property), is refused with `.unrepresentable` naming the node or relationship and the
/// key; the CSV export carries them (`NaN`, `Infinity`). Written to a file, nothing of a
/// refused export is left: the output goes to a temporary file renamed into place.
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

  /// Writes to a file, creating or replacing it; on failure the file is left as it was.
  ///
  /// - Throws: `ExportError` `.io` when the file cannot be created or written,
  ///   `.unrepresentable` for a NaN or infinity.
  public func write(toFile path: String) throws(ExportError) {
    try OutputBuffer.withFile(path) { out throws(ExportError) in try write(into: out) }
  }

  /// Writes to an open file handle, which stays open.
  ///
  /// - Throws: `ExportError` `.io` when writing fails, `.unrepresentable` for a NaN or
  ///   infinity (the records before it are written).
  public func write(to handle: FileHandle) throws(ExportError) {
    try OutputBuffer.withHandle(handle) { out throws(ExportError) in try write(into: out) }
  }

  /// The whole output in memory, for small graphs and tests.
  ///
  /// - Throws: `ExportError` `.unrepresentable` for a NaN or infinity.
  public func bytes() throws(ExportError) -> [UInt8] {
    try OutputBuffer.collecting { out throws(ExportError) in try write(into: out) }
  }

  func write(into out: OutputBuffer) throws(ExportError) {
    let encoder = JSONRecordEncoder(graph: graph, out: out)
    try selection.forEachNode(in: graph) { node throws(ExportError) in
      try encoder.node(node)
      try out.check()
    }
    try selection.forEachRelationship(in: graph) { relationship throws(ExportError) in
      try encoder.relationship(relationship)
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

  func node(_ node: NodeID) throws(ExportError) {
    let entries = graph.properties(of: node)
    try refuseNonFinite(entries) { "node \(node.rawValue)" }
    out.ascii("{\"type\":\"node\",\"id\":\"")
    out.decimal(Int64(node.rawValue))
    out.ascii("\",\"labels\":")
    labels(of: node)
    properties(entries)
    out.ascii("}\n")
  }

  func relationship(_ relationship: RelationshipID) throws(ExportError) {
    let entries = graph.properties(of: relationship)
    try refuseNonFinite(entries) { "relationship \(relationship.rawValue)" }
    out.ascii("{\"type\":\"relationship\",\"id\":\"")
    out.decimal(Int64(relationship.rawValue))
    out.ascii("\",")
    out.bytes(typeText(graph.type(of: relationship)))
    properties(entries)
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

  /// Throws for the first property holding a NaN or infinity, before anything of the
  /// record is written.
  private func refuseNonFinite(
    _ entries: [(key: Symbol, value: Value)], owner: () -> String
  ) throws(ExportError) {
    for entry in entries {
      guard let bad = OutputBuffer.nonFiniteFloat(in: entry.value) else { continue }
      throw ExportError(
        .unrepresentable,
        "\(owner()) has \(bad) in property '\(graph.string(entry.key))', which JSON cannot express (APOC would read null and drop it); set it to null or a finite number, or export as csv, which keeps it"
      )
    }
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
