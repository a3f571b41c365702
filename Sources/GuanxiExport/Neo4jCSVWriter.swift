import Foundation
import GuanxiGraph

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a graph, or a subgraph, as the CSV files `neo4j-admin database import full`
/// reads: one file per node label and one per relationship type, plus
/// `neo4j-admin-import.sh` with the command that imports them.
///
/// ```text
/// Person.csv   id:ID,:LABEL,name
///              0,Person,"韩俊"
/// HOLDS.csv    :START_ID,:END_ID,:TYPE,asOf:date,doc,span:int[],title
///              0,1,HOLDS,2023-07-20,"002.txt",120;188,"省委书记"
/// ```
///
/// Layout and choices:
/// - A node goes in the file of its first label in SCHEMA.md order (then by name); its
///   `:LABEL` cell lists all its labels, `;`-separated. Nodes without labels go in
///   `_unlabelled.csv`. Relationships go in the file of their type. File names keep
///   ASCII letters, digits, `_` and `-` of the label or type and %-encode other bytes.
/// - `id:ID` holds the store's node id, which `:START_ID`/`:END_ID` refer to; all files
///   share one id space. When the nodes of a file have an `id` property of their own
///   (the bench graphs do), the column is `:ID` instead, so the two do not collide.
/// - Property columns follow the id columns, keys sorted by UTF-8 bytes, typed from the
///   values in that file: `:int` or `:long` (by range), `:double`, `:boolean`, `:date`,
///   no suffix for strings, `[]` for lists of one such type (`span:int[]`), elements
///   separated by `;`. A key whose values mix types, and any map or nested list, is a
///   string column: strings as they are, other values as JSON text. An empty list is
///   an empty cell, so it is not imported.
/// - Every string is quoted, with `"` doubled; a backslash is an ordinary character.
///   Strings may contain newlines, hence `--multiline-fields=true` in the script. An
///   absent property is an empty unquoted cell. Non-finite doubles are `NaN`,
///   `Infinity`, `-Infinity`, which Java parses.
/// - List elements and labels are separated by the array delimiter, `;` unless a string
///   list element or a label contains one: then the first of `|`, `^`, `~`, `#` that
///   none contains, and the script passes it as `--array-delimiter`. neo4j-admin splits
///   on it even inside quotes, so a value holding every candidate is refused
///   (`.unrepresentable`, naming the node or relationship and the key) rather than split.
/// - Rows by ascending id; the same graph always gives the same bytes.
public struct Neo4jCSVWriter {
  public var graph: any GraphReading
  public var selection: GraphSelection

  public init(graph: any GraphReading, selection: GraphSelection = .all) {
    self.graph = graph
    self.selection = selection
  }

  /// The name of the script written beside the CSV files.
  public static let scriptName = "neo4j-admin-import.sh"

  /// Writes the files into `path` (created if missing; files of the same names are
  /// replaced, others left alone) and returns their names, nodes first, then
  /// relationships, then the script.
  ///
  /// - Throws: `ExportError` `.io` when the directory or a file cannot be written.
  @discardableResult
  public func write(toDirectory path: String) throws(ExportError) -> [String] {
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw ExportError(.io, "cannot create directory: \(error.localizedDescription)", path: path)
    }
    let plan = try makePlan()
    var names: [String] = []
    let directory = URL(fileURLWithPath: path)
    try writeFiles(plan, in: directory, isNodes: true)
    try writeFiles(plan, in: directory, isNodes: false)
    names = plan.nodeFiles.map(\.fileName) + plan.relationshipFiles.map(\.fileName)
    let script = scriptText(plan)
    let scriptPath = directory.appendingPathComponent(Neo4jCSVWriter.scriptName).path
    try OutputBuffer.withFile(scriptPath) { out throws(ExportError) in out.string(script) }
    _ = chmod(scriptPath, 0o755)
    return names + [Neo4jCSVWriter.scriptName]
  }

  // MARK: Planning

  /// The type of a column, as neo4j-admin spells it after the `:`.
  enum ColumnType: Hashable {
    case int, long, double, boolean, date, string
    /// A string column holding JSON text (mixed types, maps, nested lists).
    case json
    indirect case array(ColumnType)

    var suffix: String {
      switch self {
      case .int: ":int"
      case .long: ":long"
      case .double: ":double"
      case .boolean: ":boolean"
      case .date: ":date"
      case .string, .json: ""
      case .array(let element): (element.suffix.isEmpty ? ":string" : element.suffix) + "[]"
      }
    }

    /// The narrowest type holding `value`; nil for null.
    init?(of value: Value) {
      switch value {
      case .null: return nil
      case .bool: self = .boolean
      case .int(let i): self = Int32(exactly: i) != nil ? .int : .long
      case .float: self = .double
      case .string: self = .string
      case .date: self = .date
      case .map: self = .json
      case .list(let items):
        var element: ColumnType? = nil
        for item in items {
          guard let t = ColumnType(of: item) else { continue }
          if case .array = t {
            self = .json
            return
          }
          element = element.map { $0.merged(with: t) } ?? t
        }
        guard let element, element != .json else {
          self = items.isEmpty ? .array(.string) : .json
          return
        }
        self = .array(element)
      }
    }

    /// The type of a column holding values of both types.
    func merged(with other: ColumnType) -> ColumnType {
      if self == other { return self }
      switch (self, other) {
      case (.int, .long), (.long, .int): return .long
      case (.int, .double), (.double, .int), (.long, .double), (.double, .long): return .double
      case (.array(let a), .array(let b)):
        let element = a.merged(with: b)
        return element == .json ? .json : .array(element)
      default: return .json
      }
    }
  }

  /// One output file: its name, the label set or type it holds, its columns.
  struct FileSpec {
    var fileName: String
    /// The label (nodes) or type (relationships) symbol; nil for unlabelled nodes.
    var symbol: Symbol?
    var columns: [(key: Symbol, type: ColumnType)] = []
    var hasOwnIDProperty = false
  }

  struct Plan {
    /// Between list elements and labels in a cell; see the type's discussion.
    var arrayDelimiter = UInt8(ascii: ";")
    var nodeFiles: [FileSpec] = []
    var relationshipFiles: [FileSpec] = []
    /// Per node: index into `nodeFiles`.
    var nodeFile: [Int32] = []
    /// Per type symbol: index into `relationshipFiles`.
    var relationshipFile: [Symbol: Int] = [:]
  }

  /// The file index of each label set, picking the first label in schema order.
  private func primaryLabel(_ labels: [Symbol], order: [Symbol: Int]) -> Symbol? {
    labels.min {
      (order[$0] ?? Int.max, graph.string($0)) < (order[$1] ?? Int.max, graph.string($1))
    }
  }

  /// The array delimiters neo4j-admin may use, in order of preference.
  static let arrayDelimiters: [UInt8] = Array(";|^~#".utf8)

  func makePlan() throws(ExportError) -> Plan {
    var plan = Plan()
    var census = ValueCensus(graph: graph)
    plan.nodeFile = [Int32](repeating: -1, count: graph.nodeIDLimit)
    var schemaOrder: [Symbol: Int] = [:]
    for (k, label) in Schema.Label.all.enumerated() {
      if let symbol = graph.existingSymbol(label) { schemaOrder[symbol] = k }
    }
    var fileOfLabelSet: [[Symbol]: Int] = [:]
    var fileOfPrimary: [Symbol?: Int] = [:]
    var columnTypes: [[Symbol: ColumnType]] = []
    let idKey = graph.existingSymbol("id")
    try selection.forEachNode(in: graph) { node throws(ExportError) in
      let labels = graph.labels(of: node)
      let file: Int
      if let known = fileOfLabelSet[labels] {
        file = known
      } else {
        let primary = primaryLabel(labels, order: schemaOrder)
        if let known = fileOfPrimary[primary] {
          file = known
        } else {
          file = plan.nodeFiles.count
          plan.nodeFiles.append(FileSpec(fileName: "", symbol: primary))
          columnTypes.append([:])
          fileOfPrimary[primary] = file
        }
        fileOfLabelSet[labels] = file
      }
      plan.nodeFile[node.index] = Int32(file)
      census.count(labels: labels, of: node)
      for (key, value) in graph.properties(of: node) {
        census.count(value, key: key, file: file, isNode: true) { "node \(node.rawValue)" }
        guard let type = ColumnType(of: value) else { continue }
        columnTypes[file][key] = columnTypes[file][key].map { $0.merged(with: type) } ?? type
      }
    }
    for k in plan.nodeFiles.indices {
      plan.nodeFiles[k].columns = sortedColumns(columnTypes[k])
      plan.nodeFiles[k].hasOwnIDProperty = idKey.map { columnTypes[k][$0] != nil } ?? false
      try census.checkJSONColumns(of: plan.nodeFiles[k], file: k, isNode: true)
    }
    columnTypes = []
    try selection.forEachRelationship(in: graph) { relationship throws(ExportError) in
      let type = graph.type(of: relationship)
      let file: Int
      if let known = plan.relationshipFile[type] {
        file = known
      } else {
        file = plan.relationshipFiles.count
        plan.relationshipFiles.append(FileSpec(fileName: "", symbol: type))
        columnTypes.append([:])
        plan.relationshipFile[type] = file
      }
      for (key, value) in graph.properties(of: relationship) {
        census.count(value, key: key, file: file, isNode: false) {
          "relationship \(relationship.rawValue)"
        }
        guard let type = ColumnType(of: value) else { continue }
        columnTypes[file][key] = columnTypes[file][key].map { $0.merged(with: type) } ?? type
      }
    }
    for k in plan.relationshipFiles.indices {
      plan.relationshipFiles[k].columns = sortedColumns(columnTypes[k])
      try census.checkJSONColumns(of: plan.relationshipFiles[k], file: k, isNode: false)
    }
    plan.arrayDelimiter = try census.delimiter()
    // File names, in a stable order: nodes by schema order then name; types by name.
    func name(_ symbol: Symbol?) -> String { symbol.map(graph.string) ?? "" }
    plan.nodeFiles.sort {
      let a = ($0.symbol.flatMap { schemaOrder[$0] } ?? Int.max, name($0.symbol))
      let b = ($1.symbol.flatMap { schemaOrder[$0] } ?? Int.max, name($1.symbol))
      return a.0 != b.0 ? a.0 < b.0 : a.1.utf8.lexicographicallyPrecedes(b.1.utf8)
    }
    plan.relationshipFiles.sort {
      name($0.symbol).utf8.lexicographicallyPrecedes(name($1.symbol).utf8)
    }
    var used: Set<String> = [Neo4jCSVWriter.scriptName.lowercased()]
    func unique(_ base: String) -> String {
      var candidate = base + ".csv"
      var n = 2
      // Compared without case: the files may land on a case-insensitive disk.
      while used.contains(candidate.lowercased()) {
        candidate = "\(base)-\(n).csv"
        n += 1
      }
      used.insert(candidate.lowercased())
      return candidate
    }
    for k in plan.nodeFiles.indices {
      plan.nodeFiles[k].fileName = unique(
        plan.nodeFiles[k].symbol.map { safeFileName(graph.string($0)) } ?? "_unlabelled")
    }
    for k in plan.relationshipFiles.indices {
      plan.relationshipFiles[k].fileName = unique(
        safeFileName(name(plan.relationshipFiles[k].symbol)))
    }
    // Re-point nodes and types at the sorted files.
    var nodeRemap: [Int32] = []
    var symbolToFile: [Symbol?: Int32] = [:]
    for (k, file) in plan.nodeFiles.enumerated() { symbolToFile[file.symbol] = Int32(k) }
    for (primary, old) in fileOfPrimary.sorted(by: { $0.value < $1.value }) {
      precondition(nodeRemap.count == old)
      nodeRemap.append(symbolToFile[primary] ?? -1)
    }
    for n in plan.nodeFile.indices where plan.nodeFile[n] >= 0 {
      plan.nodeFile[n] = nodeRemap[Int(plan.nodeFile[n])]
    }
    plan.relationshipFile = [:]
    for (k, file) in plan.relationshipFiles.enumerated() {
      if let symbol = file.symbol { plan.relationshipFile[symbol] = k }
    }
    return plan
  }

  private func sortedColumns(_ types: [Symbol: ColumnType]) -> [(key: Symbol, type: ColumnType)] {
    types.map { (key: $0.key, type: $0.value) }.sorted {
      graph.string($0.key).utf8.lexicographicallyPrecedes(graph.string($1.key).utf8)
    }
  }

  /// `name` with bytes other than ASCII letters, digits, `_` and `-` %-encoded.
  func safeFileName(_ name: String) -> String {
    var result = ""
    for b in name.utf8 {
      switch b {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
        result.unicodeScalars.append(Unicode.Scalar(b))
      default:
        result += "%" + String(b, radix: 16, uppercase: true).leftPadded(to: 2)
      }
    }
    return result.isEmpty ? "_" : result
  }

  // MARK: Writing

  private func writeFiles(_ plan: Plan, in directory: URL, isNodes: Bool) throws(ExportError) {
    let files = isNodes ? plan.nodeFiles : plan.relationshipFiles
    guard !files.isEmpty else { return }
    var descriptors: [Int32] = []
    defer { for fd in descriptors { close(fd) } }
    var outputs: [OutputBuffer] = []
    let capacity = files.count <= 16 ? OutputBuffer.chunkSize : 1 << 16
    for file in files {
      let path = directory.appendingPathComponent(file.fileName).path
      let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
      guard fd >= 0 else {
        throw ExportError(
          .io, "cannot create file: \(String(cString: strerror(errno)))", path: path)
      }
      descriptors.append(fd)
      let out = OutputBuffer(fileDescriptor: fd, path: path, capacity: capacity)
      outputs.append(out)
      header(file, isNodes: isNodes, delimiter: plan.arrayDelimiter, out)
    }
    let encoder = CSVEncoder(graph: graph, arrayDelimiter: plan.arrayDelimiter)
    if isNodes {
      try selection.forEachNode(in: graph) { node throws(ExportError) in
        let k = Int(plan.nodeFile[node.index])
        guard k >= 0 else { return }
        let out = outputs[k]
        let file = files[k]
        out.decimal(Int64(node.rawValue))
        out.byte(UInt8(ascii: ","))
        encoder.labels(of: node, out)
        encoder.cells(graph.properties(of: node), file.columns, out)
        out.byte(0x0A)
        try out.check()
      }
    } else {
      try selection.forEachRelationship(in: graph) { relationship throws(ExportError) in
        guard let k = plan.relationshipFile[graph.type(of: relationship)] else { return }
        let out = outputs[k]
        out.decimal(Int64(graph.startNode(of: relationship).rawValue))
        out.byte(UInt8(ascii: ","))
        out.decimal(Int64(graph.endNode(of: relationship).rawValue))
        out.byte(UInt8(ascii: ","))
        encoder.csvString(graph.string(graph.type(of: relationship)), out, quoteAlways: false)
        encoder.cells(graph.properties(of: relationship), files[k].columns, out)
        out.byte(0x0A)
        try out.check()
      }
    }
    for out in outputs { try out.finish() }
  }

  private func header(_ file: FileSpec, isNodes: Bool, delimiter: UInt8, _ out: OutputBuffer) {
    let encoder = CSVEncoder(graph: graph, arrayDelimiter: delimiter)
    if isNodes {
      out.ascii(file.hasOwnIDProperty ? ":ID,:LABEL" : "id:ID,:LABEL")
    } else {
      out.ascii(":START_ID,:END_ID,:TYPE")
    }
    for column in file.columns {
      out.byte(UInt8(ascii: ","))
      encoder.csvString(graph.string(column.key) + column.type.suffix, out, quoteAlways: false)
    }
    out.byte(0x0A)
  }

  private func scriptText(_ plan: Plan) -> String {
    var lines = [
      "#!/bin/sh",
      "# Imports these files into a new Neo4j database (default name: neo4j).",
      "# Written by Guanxi; run from this directory with neo4j-admin on PATH and the database stopped.",
      "set -e",
      "cd \"$(dirname \"$0\")\"",
      "neo4j-admin database import full \\",
    ]
    for file in plan.nodeFiles { lines.append("  --nodes=\(file.fileName) \\") }
    for file in plan.relationshipFiles { lines.append("  --relationships=\(file.fileName) \\") }
    let delimiter = Character(Unicode.Scalar(plan.arrayDelimiter))
    lines.append(
      "  --multiline-fields=true --array-delimiter='\(delimiter)' --overwrite-destination=true \\")
    lines.append("  \"${1:-neo4j}\"")
    return lines.joined(separator: "\n") + "\n"
  }
}

/// Formats CSV cells for neo4j-admin.
final class CSVEncoder {
  let graph: any GraphReading
  /// Between list elements and labels.
  let arrayDelimiter: UInt8
  private var labelTexts: [[Symbol]: [UInt8]] = [:]

  init(graph: any GraphReading, arrayDelimiter: UInt8 = UInt8(ascii: ";")) {
    self.graph = graph
    self.arrayDelimiter = arrayDelimiter
  }

  /// `"text"` with quotes doubled; unquoted when `quoteAlways` is false and the text
  /// needs no quotes.
  func csvString(_ text: String, _ out: OutputBuffer, quoteAlways: Bool = true) {
    var text = text
    text.withUTF8 { utf8 in
      let needsQuotes =
        quoteAlways || utf8.isEmpty
        || utf8.contains {
          $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D
            || $0 == UInt8(ascii: ";") || $0 == arrayDelimiter
        }
      if !needsQuotes {
        out.bytes(utf8)
        return
      }
      out.byte(UInt8(ascii: "\""))
      var runStart = 0
      for i in 0..<utf8.count where utf8[i] == UInt8(ascii: "\"") {
        out.bytes(UnsafeBufferPointer(rebasing: utf8[runStart...i]))
        out.byte(UInt8(ascii: "\""))
        runStart = i + 1
      }
      out.bytes(UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
      out.byte(UInt8(ascii: "\""))
    }
  }

  /// The `:LABEL` cell: the node's labels by name, separated by the array delimiter.
  func labels(of node: NodeID, _ out: OutputBuffer) {
    let symbols = graph.labels(of: node)
    if let text = labelTexts[symbols] {
      out.bytes(text)
      return
    }
    let names = symbols.map(graph.string).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    let text = OutputBuffer.collecting { buffer in
      let separator = String(Character(Unicode.Scalar(self.arrayDelimiter)))
      if !names.isEmpty {
        self.csvString(names.joined(separator: separator), buffer, quoteAlways: false)
      }
    }
    labelTexts[symbols] = text
    out.bytes(text)
  }

  /// `,cell` per column, in column order.
  func cells(
    _ entries: [(key: Symbol, value: Value)],
    _ columns: [(key: Symbol, type: Neo4jCSVWriter.ColumnType)],
    _ out: OutputBuffer
  ) {
    // Both are small; entries are sorted by symbol, columns by name.
    for column in columns {
      out.byte(UInt8(ascii: ","))
      guard let entry = entries.first(where: { $0.key == column.key }), !entry.value.isNull else {
        continue
      }
      cell(entry.value, column.type, out)
    }
  }

  private func cell(_ value: Value, _ type: Neo4jCSVWriter.ColumnType, _ out: OutputBuffer) {
    switch (type, value) {
    case (.json, .string(let s)): csvString(s, out)
    case (.json, _):
      let json = OutputBuffer.collecting { $0.jsonValue(value) }
      csvString(String(decoding: json, as: UTF8.self), out)
    case (.string, .string(let s)): csvString(s, out)
    case (.array(let element), .list(let items)):
      guard items.contains(where: { !$0.isNull }) else { return }
      let isText = element == .string
      if isText { out.byte(UInt8(ascii: "\"")) }
      var isFirst = true
      for item in items where !item.isNull {
        if !isFirst { out.byte(arrayDelimiter) }
        isFirst = false
        if isText, case .string(let s) = item {
          var s = s
          s.withUTF8 { utf8 in
            for b in utf8 {
              out.byte(b)
              if b == UInt8(ascii: "\"") { out.byte(b) }
            }
          }
        } else {
          scalar(item, out)
        }
      }
      if isText { out.byte(UInt8(ascii: "\"")) }
    default: scalar(value, out)
    }
  }

  private func scalar(_ value: Value, _ out: OutputBuffer) {
    switch value {
    case .null: break
    case .bool(let b): out.ascii(b ? "true" : "false")
    case .int(let i): out.decimal(i)
    case .float(let d):
      if d.isNaN {
        out.ascii("NaN")
      } else if d.isInfinite {
        out.ascii(d < 0 ? "-Infinity" : "Infinity")
      } else {
        out.string(d.description)
      }
    case .date(let d): out.isoDate(d)
    case .string(let s): csvString(s, out)
    case .list, .map:
      csvString(
        String(decoding: OutputBuffer.collecting { $0.jsonValue(value) }, as: UTF8.self), out)
    }
  }
}

/// What the planner must know about the values of an export beyond their types: which
/// array delimiters the values and labels contain, so the writer can pick one that splits
/// nothing it should not, and where NaN and infinities sit, which a JSON text column
/// cannot carry.
struct ValueCensus {
  struct ColumnKey: Hashable {
    var isNode: Bool
    var file: Int
    var key: Symbol
  }

  let graph: any GraphReading
  /// Per candidate of `Neo4jCSVWriter.arrayDelimiters`: where it first appears.
  private var firstUse: [UInt8: String] = [:]
  private var seenLabelSets: Set<[Symbol]> = []
  /// Per column: the first value holding a NaN or an infinity.
  private var nonFinite: [ColumnKey: String] = [:]

  init(graph: any GraphReading) { self.graph = graph }

  /// Notes the candidates inside the labels of `node`.
  mutating func count(labels: [Symbol], of node: NodeID) {
    guard seenLabelSets.insert(labels).inserted else { return }
    let graph = self.graph
    for label in labels {
      note(graph.string(label)) { "the label '\(graph.string(label))' of node \(node.rawValue)" }
    }
  }

  /// Notes the candidates inside the string elements of a list property, and a NaN or
  /// infinity anywhere in the value.
  mutating func count(
    _ value: Value, key: Symbol, file: Int, isNode: Bool, owner: () -> String
  ) {
    if case .float(let d) = value, d.isFinite { return }
    let column = ColumnKey(isNode: isNode, file: file, key: key)
    if nonFinite[column] == nil, let bad = OutputBuffer.nonFiniteFloat(in: value) {
      nonFinite[column] = "\(owner()) has \(bad) in property '\(graph.string(key))'"
    }
    guard case .list(let items) = value else { return }
    let graph = self.graph
    for case .string(let text) in items {
      note(text) { "\(owner()) property '\(graph.string(key))' (element '\(text.prefix(40))')" }
    }
  }

  private mutating func note(_ text: String, _ place: () -> String) {
    for b in text.utf8 where firstUse[b] == nil && Neo4jCSVWriter.arrayDelimiters.contains(b) {
      firstUse[b] = place()
    }
  }

  /// Refuses a column written as JSON text (mixed types, maps, nested lists) that holds
  /// a NaN or an infinity: JSON would make it null.
  func checkJSONColumns(of file: Neo4jCSVWriter.FileSpec, file index: Int, isNode: Bool)
    throws(ExportError)
  {
    for column in file.columns where column.type == .json {
      let key = ColumnKey(isNode: isNode, file: index, key: column.key)
      guard let place = nonFinite[key] else { continue }
      throw ExportError(
        .unrepresentable,
        "\(place), in a column of mixed values written as JSON text, which cannot express it; make the column's values one type, or set it to null or a finite number"
      )
    }
  }

  /// The first candidate no value contains.
  func delimiter() throws(ExportError) -> UInt8 {
    if let free = Neo4jCSVWriter.arrayDelimiters.first(where: { firstUse[$0] == nil }) {
      return free
    }
    let all = Neo4jCSVWriter.arrayDelimiters.map { String(Character(Unicode.Scalar($0))) }
    throw ExportError(
      .unrepresentable,
      "every array delimiter neo4j-admin could use (\(all.joined(separator: " "))) appears in a list element or label, ';' first in \(firstUse[UInt8(ascii: ";")] ?? "?"); neo4j-admin would split such a value, so the csv export is refused (the jsonl export keeps it)"
    )
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
