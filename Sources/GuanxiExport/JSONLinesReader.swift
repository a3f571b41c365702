import GuanxiGraph

/// Reads APOC JSON Lines (as `JSONLinesWriter` and `apoc.export.json.all` write them)
/// into a new graph.
///
/// Each line is one record, `{"type":"node","id":…,"labels":[…],"properties":{…}}` or
/// `{"type":"relationship","label":…,"properties":{…},"start":{"id":…},"end":{"id":…}}`.
/// Ids may be strings or integers; they only link relationships to nodes, and each
/// node gets a fresh `NodeID` in file order (so a file written from a graph without
/// deleted nodes gets its ids back). APOC writes every node before any relationship,
/// and the reader requires that: a relationship naming a node that no earlier line
/// defined is an `.undefinedNode` error. `start.labels`, `end.labels` and the
/// relationship `id` are read and ignored. Blank lines are skipped.
///
/// Dates: JSON has no date type and APOC writes dates as strings, so a string value of
/// the form `YYYY-MM-DD` under one of `dateKeys` (`date`, `endDate`, `asOf` by default)
/// becomes a `Value.date`. That makes export → import → export byte-identical. A date
/// stored under another key comes back as a string, and a date-shaped string under a
/// date key comes back as a date.
///
/// Nothing is half-imported: records go into a graph of their own, which is returned
/// only when the whole file has been read. On the first bad line the reader throws an
/// `ExportError` with the path, line and column and drops that graph. A caller that
/// wants the data in an existing graph adopts the returned one.
///
/// ```swift
/// let graph = try JSONLinesReader().read(path: "anhui.jsonl")
/// // error: anhui.jsonl:7:31: expected ',' or '}' in object, found ']'
/// ```
/// - Complexity: O(file size); memory is the graph plus one line plus a dictionary
///   from file ids to nodes.
public struct JSONLinesReader {
  /// Keys whose `YYYY-MM-DD` string values become dates.
  public var dateKeys: Set<String> = [Schema.Key.date, Schema.Key.endDate, Schema.Key.asOf]

  public init() {}

  /// Reads the file at `path` into a new graph.
  ///
  /// - Throws: `ExportError`: `.io` when the file cannot be read, `.syntax` for a line
  ///   that is not JSON, `.invalidRecord` for JSON that is not a record, `.duplicateID`,
  ///   `.undefinedNode`, `.store`; with path, line and column.
  public func read(path: String) throws(ExportError) -> Graph {
    // Files of the plain shape parse in parallel straight into columns; anything else
    // (and every error) goes through the general parser below.
    if let graph = JSONLinesFastPath.read(path: path, dateKeys: dateKeys) { return graph }
    var loader = Loader(path: path, dateKeys: dateKeys)
    try LineReader.forEachLine(path: path) { line, number throws(ExportError) in
      try loader.add(line: line, number: number)
    }
    return loader.finish()
  }

  /// Reads JSON Lines from memory into a new graph; `path` names the source in errors.
  public func read(bytes: [UInt8], path: String? = nil) throws(ExportError) -> Graph {
    var loader = Loader(path: path, dateKeys: dateKeys)
    try LineReader.forEachLine(bytes: bytes) { line, number throws(ExportError) in
      try loader.add(line: line, number: number)
    }
    return loader.finish()
  }

  /// Builds the graph one record at a time.
  struct Loader {
    let path: String?
    let dateKeys: Set<String>
    let graph = Graph()
    var nodeIDs: [String: NodeID] = [:]
    var hasRelationships = false

    init(path: String?, dateKeys: Set<String>) {
      self.path = path
      self.dateKeys = dateKeys
      graph.beginBulkLoad()
    }

    func finish() -> Graph {
      graph.finishBulkLoad()
      return graph
    }

    /// One parsed member of a record and where its value began.
    struct Member {
      var value: Value
      var byteOffset: Int
    }

    /// The members of a record that the reader uses, by name.
    struct Members {
      var type, id, labels, label, properties, start, end: Member?
      subscript(_ key: String) -> Member? {
        get {
          switch key {
          case "type": type
          case "id": id
          case "labels": labels
          case "label": label
          case "properties": properties
          case "start": start
          case "end": end
          default: nil
          }
        }
        set {
          switch key {
          case "type": type = newValue
          case "id": id = newValue
          case "labels": labels = newValue
          case "label": label = newValue
          case "properties": properties = newValue
          case "start": start = newValue
          case "end": end = newValue
          default: break
          }
        }
      }
    }

    mutating func add(line: UnsafeBufferPointer<UInt8>, number: Int) throws(ExportError) {
      var parser = JSONParser(line)
      parser.skipWhitespace()
      if parser.isAtEnd { return }
      let recordOffset = parser.position
      var members = Members()
      do {
        try parser.forEachMember(depth: 1) { p, key throws(JSONSyntaxError) in
          p.skipWhitespace()
          let offset = p.position
          switch key {
          case "properties":
            members["properties"] = Member(value: .map(try parseProperties(&p)), byteOffset: offset)
          case "start", "end":
            // Only the id matters; labels and anything else are checked as JSON and dropped.
            var endID: Value = .null
            if p.peek() == UInt8(ascii: "{") {
              try p.forEachMember(depth: 2) { q, endKey throws(JSONSyntaxError) in
                let value = try q.parseValue(depth: 2)
                if endKey == "id" { endID = value }
              }
              members[key] = Member(
                value: .map(endID.isNull ? [:] : ["id": endID]), byteOffset: offset)
            } else {
              members[key] = Member(value: try p.parseValue(depth: 1), byteOffset: offset)
            }
          case "type", "id", "labels", "label":
            members[key] = Member(value: try p.parseValue(depth: 1), byteOffset: offset)
          default:
            _ = try p.parseValue(depth: 1)
          }
        }
        try parser.expectEnd()
      } catch {
        throw located(.syntax, error.message, line, number, error.byteOffset)
      }
      func invalid(_ message: String, _ offset: Int?) -> ExportError {
        located(.invalidRecord, message, line, number, offset ?? recordOffset)
      }
      func string(_ key: String) throws(ExportError) -> String? {
        guard let member = members[key] else { return nil }
        guard case .string(let s) = member.value else {
          throw invalid("expected a string for '\(key)'", member.byteOffset)
        }
        return s
      }
      func id(_ member: Member?, _ what: String) throws(ExportError) -> String {
        switch member?.value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case nil: throw invalid("missing \(what)", nil)
        default: throw invalid("expected a string or integer for \(what)", member?.byteOffset)
        }
      }
      var properties: [String: Value] = [:]
      if let member = members["properties"] {
        guard case .map(let map) = member.value else {
          throw invalid("expected an object for 'properties'", member.byteOffset)
        }
        properties = map
      }
      switch try string("type") {
      case "node":
        if hasRelationships {
          throw invalid(
            "node after relationships; APOC writes every node first", members["type"]?.byteOffset)
        }
        let fileID = try id(members["id"], "'id'")
        var labels: [String] = []
        if let member = members["labels"] {
          guard case .list(let items) = member.value,
            let names = Optional(items.compactMap(\.stringValue)), names.count == items.count
          else { throw invalid("expected an array of strings for 'labels'", member.byteOffset) }
          labels = names
        }
        guard nodeIDs[fileID] == nil else {
          throw located(
            .duplicateID, "node id '\(fileID)' is defined twice", line, number,
            members["id"]?.byteOffset)
        }
        nodeIDs[fileID] = graph.createNode(labels: labels, properties: properties)
      case "relationship":
        hasRelationships = true
        guard let type = try string("label") else {
          throw invalid("missing 'label' (the relationship type)", nil)
        }
        func end(_ key: String) throws(ExportError) -> NodeID {
          guard let member = members[key] else { throw invalid("missing '\(key)'", nil) }
          guard case .map(let map) = member.value else {
            throw invalid("expected an object for '\(key)'", member.byteOffset)
          }
          let fileID = try id(
            map["id"].map { Member(value: $0, byteOffset: member.byteOffset) }, "'\(key).id'")
          guard let node = nodeIDs[fileID] else {
            throw located(
              .undefinedNode,
              "relationship \(key) node '\(fileID)' is not defined on an earlier line; APOC writes nodes before relationships",
              line, number, member.byteOffset)
          }
          return node
        }
        let from = try end("start")
        let to = try end("end")
        do {
          try graph.createRelationship(from: from, to: to, type: type, properties: properties)
        } catch {
          throw located(.store, error.message, line, number, recordOffset)
        }
      case let other?:
        throw invalid(
          "unknown record type '\(other)'; expected 'node' or 'relationship'",
          members["type"]?.byteOffset)
      case nil:
        throw invalid(
          "missing 'type'; expected \"type\":\"node\" or \"type\":\"relationship\"", nil)
      }
    }

    /// Parses a `properties` object, turning ISO date strings under date keys into dates.
    func parseProperties(_ p: inout JSONParser) throws(JSONSyntaxError) -> [String: Value] {
      try p.parseObject(depth: 2) { p, key throws(JSONSyntaxError) in
        let value = try p.parseValue(depth: 2)
        if dateKeys.contains(key), case .string(let text) = value, text.utf8.count == 10,
          let date = LocalDate(iso: text)
        {
          return .date(date)
        }
        return value
      }
    }

    func located(
      _ code: ExportError.Code, _ message: String, _ line: UnsafeBufferPointer<UInt8>,
      _ number: Int,
      _ byteOffset: Int?
    ) -> ExportError {
      var column: Int? = nil
      if let byteOffset {
        let prefix = UnsafeBufferPointer(rebasing: line[0..<min(byteOffset, line.count)])
        column = String(decoding: prefix, as: UTF8.self).count + 1
      }
      return ExportError(code, message, path: path, line: number, column: column)
    }
  }
}
