import Dispatch
import Foundation
import GuanxiGraph

/// Loads the synthetic graphs of `shared/bench/gen_graph.py` (`nodes.csv`, `edges.csv`)
/// into a new graph, fast: the 10M-edge graph (872 MB of CSV) in a few seconds on two
/// cores.
///
/// `nodes.csv` has `id,label,name,props`; each node gets its label, `name`, an integer
/// `id` property (the CSV id, which the bench queries match as `p.id`) and the members
/// of `props`. `edges.csv` has `src,type,dst,props`; each relationship gets its type and
/// the members of `props`, except that `doc` and `span` become provenance: `span`'s
/// `"start-end"` text is stored as the list `[start, end]` of SCHEMA.md, and an empty
/// `doc` or `span` means none. Strings of the form `YYYY-MM-DD` under `dateKeys`
/// (Meeting `date`/`endDate`, Document `date`, HOLDS `asOf`) become dates. Nodes get
/// ids in file order. After loading, `id` is indexed (`createIndex(on: "id")`).
///
/// How: both files are memory-mapped and cut at newlines into chunks that
/// `DispatchQueue.concurrentPerform` parses in parallel, each into columns with a string
/// table of its own. A sequential merge then interns each chunk's distinct strings into
/// the graph, maps CSV ids to node ids through an array (a dictionary when the ids are
/// sparse), and appends the columns with `Graph.appendNodes`/`appendRelationships`.
/// Rows may not contain raw newlines (gen_graph.py never writes them), so a chunk
/// boundary is always a row boundary. Lines end in `\n` or `\r\n`, and a UTF-8 byte
/// order mark before the header is skipped, so files saved by Windows tools load. Bytes
/// are not checked for valid UTF-8.
///
/// Nothing is half-loaded: the graph is returned only when both files were read
/// without error.
///
/// ```swift
/// let graph = try BenchCSVReader().read(directory: "/work/data/1m")
/// graph.indexedNodes(key: graph.symbol("id"), equalTo: 42)
/// ```
public struct BenchCSVReader {
  /// How many chunks parse at once; by default one per active processor.
  public var concurrency: Int
  /// Keys whose `YYYY-MM-DD` string values become dates.
  public var dateKeys: [String] = [Schema.Key.date, Schema.Key.endDate, Schema.Key.asOf]

  /// The smallest chunk worth a task of its own (tests lower it to exercise merging).
  var minimumChunkBytes = 4 << 20

  public static let nodesHeader = "id,label,name,props"
  public static let edgesHeader = "src,type,dst,props"

  public init(concurrency: Int = ProcessInfo.processInfo.activeProcessorCount) {
    self.concurrency = max(1, concurrency)
  }

  /// Reads `directory/nodes.csv` and `directory/edges.csv`.
  ///
  /// - Throws: `ExportError` `.io` when a file cannot be read, `.malformedRow` with path,
  ///   line and column for a bad header or row, `.duplicateID` for a node id given
  ///   twice, `.undefinedNode` for an edge naming an id `nodes.csv` does not define.
  public func read(directory: String) throws(ExportError) -> Graph {
    let url = URL(fileURLWithPath: directory)
    return try read(
      nodesPath: url.appendingPathComponent("nodes.csv").path,
      edgesPath: url.appendingPathComponent("edges.csv").path)
  }

  /// Reads the two files at the given paths.
  ///
  /// - Throws: as `read(directory:)`.
  public func read(nodesPath: String, edgesPath: String) throws(ExportError) -> Graph {
    let nodesFile = try MappedFile(path: nodesPath)
    let edgesFile = try MappedFile(path: edgesPath)
    let nodesStart = try bodyStart(nodesFile, header: BenchCSVReader.nodesHeader)
    let edgesStart = try bodyStart(edgesFile, header: BenchCSVReader.edgesHeader)
    let nodeBounds = nodesFile.lineAlignedSplits(
      from: nodesStart, parts: chunkCount(nodesFile.count - nodesStart))
    let edgeBounds = edgesFile.lineAlignedSplits(
      from: edgesStart, parts: chunkCount(edgesFile.count - edgesStart))
    let nodeChunkCount = nodeBounds.count - 1
    let edgeChunkCount = edgeBounds.count - 1

    // Parse every chunk of both files in parallel.
    let nodeSlots = Slots<NodeChunk>(nodeChunkCount)
    let edgeSlots = Slots<EdgeChunk>(edgeChunkCount)
    let keys = dateKeys
    DispatchQueue.concurrentPerform(iterations: nodeChunkCount + edgeChunkCount) { k in
      if k < nodeChunkCount {
        var parser = BenchCSVParser(
          file: nodesFile, range: nodeBounds[k]..<nodeBounds[k + 1], dateKeys: keys)
        nodeSlots[k] = parser.parseNodes()
        parser.deallocate()
      } else {
        let e = k - nodeChunkCount
        var parser = BenchCSVParser(
          file: edgesFile, range: edgeBounds[e]..<edgeBounds[e + 1], dateKeys: keys)
        edgeSlots[e] = parser.parseEdges()
        parser.deallocate()
      }
    }
    var nodeChunks = nodeSlots.take()
    var edgeChunks = edgeSlots.take()
    for chunk in nodeChunks { if let error = chunk.error { throw located(error, nodesFile) } }
    for chunk in edgeChunks { if let error = chunk.error { throw located(error, edgesFile) } }

    let graph: Graph
    switch BenchCSVReader.assemble(&nodeChunks, &edgeChunks) {
    case .success(let assembled): graph = assembled
    case .failure(.duplicateID(let chunk, let row, let csvID)):
      var error = ExportError(.duplicateID, "node id \(csvID) is defined twice", path: nodesPath)
      error.line = nodesFile.location(of: nodeBounds[chunk]).line + row
      throw error
    case .failure(.undefinedNode(let chunk, let row, let message)):
      var located = ExportError(.undefinedNode, message, path: edgesPath)
      located.line = edgesFile.location(of: edgeBounds[chunk]).line + row
      throw located
    case .failure(.store(let message)):
      throw ExportError(.store, message, path: edgesPath)
    }
    graph.createIndex(on: "id", expectedDistinctValues: graph.nodeCount)
    return graph
  }

  /// Why parsed chunks did not make a graph; chunk and row say where.
  enum AssemblyFailure: Error {
    case duplicateID(chunk: Int, row: Int, csvID: UInt32)
    case undefinedNode(chunk: Int, row: Int, message: String)
    case store(String)
  }

  /// Builds a graph from parsed chunks: nodes in chunk order (their CSV ids mapped to
  /// node ids), then the relationships, their ends mapped through those ids.
  /// The chunks are emptied as they are used, so their memory goes as the graph grows.
  static func assemble(_ nodeChunks: inout [NodeChunk], _ edgeChunks: inout [EdgeChunk])
    -> Result<Graph, AssemblyFailure>
  {
    let edgeChunkCount = edgeChunks.count
    let graph = Graph()
    let nodeTotal = nodeChunks.reduce(0) { $0 + $1.csvIDs.count }
    let edgeTotal = edgeChunks.reduce(0) { $0 + $1.batch.count }
    graph.beginBulkLoad(expectedNodes: nodeTotal, expectedRelationships: edgeTotal)
    graph.reserveStrings(
      count: (nodeChunks.map(\.strings.count) + edgeChunks.map(\.strings.count)).reduce(0, +),
      byteCount: (nodeChunks.map(\.strings.bytes.count) + edgeChunks.map(\.strings.bytes.count))
        .reduce(0, +))

    // Nodes, in file order; CSV ids to node ids.
    let maximumID = nodeChunks.reduce(0) { max($0, Int($1.maximumID)) }
    var idMap = CSVIDMap(maximumID: maximumID, count: nodeTotal)
    for k in 0..<nodeChunks.count {
      var chunk = nodeChunks[k]
      nodeChunks[k] = NodeChunk()
      let symbols = BenchCSVReader.globalSymbols(of: chunk.strings, in: graph)
      for r in 0..<chunk.batch.labels.count {
        chunk.batch.labels[r] = symbols[chunk.batch.labels[r].index]
      }
      BenchCSVReader.remap(&chunk.batch.properties, symbols)
      let first = graph.appendNodes(chunk.batch)
      for (row, csvID) in chunk.csvIDs.enumerated() {
        guard idMap.insert(csvID, UInt32(first.index + row)) else {
          return .failure(.duplicateID(chunk: k, row: row, csvID: csvID))
        }
      }
    }

    // Edges: intern each chunk's strings (sequential), map ids and symbols (parallel),
    // append (sequential).
    let edgeSymbols = edgeChunks.map { BenchCSVReader.globalSymbols(of: $0.strings, in: graph) }
    let remapSlots = Slots<EdgeChunk>(edgeChunkCount)
    for k in 0..<edgeChunkCount {
      remapSlots[k] = edgeChunks[k]
      edgeChunks[k] = EdgeChunk()
    }
    let ids = idMap
    DispatchQueue.concurrentPerform(iterations: edgeChunkCount) { k in
      remapSlots.update(k) { chunk in
        BenchCSVReader.remapEdges(&chunk, edgeSymbols[k], ids)
      }
    }
    edgeChunks = remapSlots.take()
    for k in 0..<edgeChunkCount {
      if let error = edgeChunks[k].error {
        return .failure(.undefinedNode(chunk: k, row: error.byteOffset, message: error.message))
      }
    }
    for k in 0..<edgeChunkCount {
      let chunk = edgeChunks[k]
      edgeChunks[k] = EdgeChunk()
      do {
        try graph.appendRelationships(chunk.batch)
      } catch {
        return .failure(.store(error.message))
      }
    }
    graph.finishBulkLoad()
    return .success(graph)
  }

  /// Chunks for `size` bytes: enough to keep every core busy and balanced, at least
  /// 4 MiB each.
  private func chunkCount(_ size: Int) -> Int {
    max(1, min(size / max(minimumChunkBytes, 1), concurrency * 8))
  }

  /// The offset after the header line, which must be `header`.
  private func bodyStart(_ file: MappedFile, header: String) throws(ExportError) -> Int {
    guard let base = file.base else {
      throw ExportError(
        .malformedRow, "empty file; expected the header '\(header)'", path: file.path, line: 1)
    }
    // A UTF-8 byte order mark, as Windows tools write before CRLF lines, is skipped.
    let start = file.count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF ? 3 : 0
    var end = start
    while end < file.count && base[end] != 0x0A { end += 1 }
    var lineEnd = end
    if lineEnd > start && base[lineEnd - 1] == 0x0D { lineEnd -= 1 }
    let found = String(
      decoding: UnsafeBufferPointer(start: base + start, count: lineEnd - start), as: UTF8.self)
    guard found == header else {
      throw ExportError(
        .malformedRow, "expected the header '\(header)', found '\(found.prefix(80))'",
        path: file.path,
        line: 1, column: 1)
    }
    return min(end + 1, file.count)
  }

  private func located(_ error: ChunkError, _ file: MappedFile) -> ExportError {
    let (line, column) = file.location(of: error.byteOffset)
    return ExportError(.malformedRow, error.message, path: file.path, line: line, column: column)
  }

  /// Each local symbol's symbol in `graph`, interning the strings.
  static func globalSymbols(of table: StringTable, in graph: Graph) -> [Symbol] {
    var result = [Symbol]()
    result.reserveCapacity(table.count)
    table.bytes.withUnsafeBufferPointer { bytes in
      for s in 0..<table.count {
        let start = Int(table.offsets[s])
        let end = Int(table.offsets[s + 1])
        result.append(graph.intern(utf8: UnsafeBufferPointer(rebasing: bytes[start..<end])))
      }
    }
    return result
  }

  private func remap(_ properties: inout [BatchProperty], _ symbols: [Symbol]) {
    BenchCSVReader.remap(&properties, symbols)
  }

  static func remap(_ properties: inout [BatchProperty], _ symbols: [Symbol]) {
    for p in 0..<properties.count {
      properties[p].key = symbols[properties[p].key.index]
      if case .string(let s) = properties[p].value {
        properties[p].value = .string(symbols[s.index])
      }
    }
  }

  /// Maps an edge chunk to graph symbols and node ids; an unknown CSV id sets `error`
  /// (with the row in `byteOffset`).
  static func remapEdges(_ chunk: inout EdgeChunk, _ symbols: [Symbol], _ ids: CSVIDMap) {
    let n = chunk.batch.count
    symbols.withUnsafeBufferPointer { symbols in
      chunk.batch.from.withUnsafeMutableBufferPointer { from in
        chunk.batch.to.withUnsafeMutableBufferPointer { to in
          for r in 0..<n {
            let start = ids[from[r]]
            let end = ids[to[r]]
            if start == RelationshipBatch.none || end == RelationshipBatch.none {
              let missing = start == RelationshipBatch.none ? from[r] : to[r]
              chunk.error = ChunkError(
                message: "edge names node id \(missing), which nodes.csv does not define",
                byteOffset: r)
              return
            }
            from[r] = start
            to[r] = end
          }
        }
      }
      chunk.batch.types.withUnsafeMutableBufferPointer { types in
        for r in 0..<n { types[r] = symbols[types[r].index] }
      }
      chunk.batch.docs.withUnsafeMutableBufferPointer { docs in
        for r in 0..<n where docs[r] != RelationshipBatch.none {
          docs[r] = symbols[Int(docs[r])].rawValue
        }
      }
    }
    remap(&chunk.batch.properties, symbols)
  }
}

/// CSV node ids to node ids: an array when the ids are dense, else a dictionary.
struct CSVIDMap: Sendable {
  private var dense: [UInt32] = []
  private var sparse: [UInt32: UInt32] = [:]
  private let isDense: Bool

  init(maximumID: Int, count: Int) {
    isDense = maximumID <= 2 * count + (1 << 20)
    if isDense { dense = [UInt32](repeating: RelationshipBatch.none, count: maximumID + 1) }
  }

  /// Records `csvID` → `node`; false when `csvID` was already there.
  mutating func insert(_ csvID: UInt32, _ node: UInt32) -> Bool {
    if isDense {
      guard dense[Int(csvID)] == RelationshipBatch.none else { return false }
      dense[Int(csvID)] = node
      return true
    }
    return sparse.updateValue(node, forKey: csvID) == nil
  }

  /// The node of `csvID`, or `RelationshipBatch.none`.
  subscript(_ csvID: UInt32) -> UInt32 {
    if isDense { return Int(csvID) < dense.count ? dense[Int(csvID)] : RelationshipBatch.none }
    return sparse[csvID] ?? RelationshipBatch.none
  }
}

/// Result slots that parallel tasks fill, each task its own index.
final class Slots<T>: @unchecked Sendable {
  private let items: UnsafeMutablePointer<T?>
  let count: Int

  init(_ count: Int) {
    self.count = count
    items = .allocate(capacity: max(count, 1))
    items.initialize(repeating: nil, count: count)
  }

  deinit {
    items.deinitialize(count: count)
    items.deallocate()
  }

  subscript(_ k: Int) -> T? {
    get { items[k] }
    set { items[k] = newValue }
  }

  /// Mutates slot `k` in place.
  func update(_ k: Int, _ body: (inout T) -> Void) {
    guard var item = items[k] else { return }
    items[k] = nil
    body(&item)
    items[k] = item
  }

  /// Moves the results out, leaving the slots empty.
  func take() -> [T] {
    var result: [T] = []
    result.reserveCapacity(count)
    for k in 0..<count {
      if let item = items[k] { result.append(item) }
      items[k] = nil
    }
    return result
  }
}
