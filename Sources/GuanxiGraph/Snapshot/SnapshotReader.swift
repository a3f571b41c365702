import Glibc

/// Where one section sits in a snapshot file.
public struct SnapshotSection: Hashable, Sendable {
  /// The section's tag (see the format notes in `SnapshotFormat.swift`).
  public var tag: UInt32
  /// A readable name: "string offsets", or "unknown" for a skipped optional section.
  public var name: String
  /// The offset of the section's tag word from the start of the file.
  public var byteOffset: Int
  /// The length of the payload, without the tag, length and checksum around it.
  public var payloadByteCount: Int
}

/// A snapshot read, checked and turned into a graph.
struct LoadedSnapshot {
  var graph: Graph
  var header: SnapshotHeader
  var sections: [SnapshotSection]
  var fileByteCount: Int
}

/// Reads snapshot files: each section `pread` straight into an array of its element
/// type and checksummed, then every id, offset and symbol checked, and only then a
/// `Graph` built. Nothing is half-loaded: any problem throws before the graph exists.
///
/// Errors: a file that does not start with the magic is `.notAGraph`; one written by a
/// newer format version `.newerFormat`; one shorter than its header records
/// `.truncated`; anything else wrong (a checksum, a length, an id out of range) is
/// `.corrupt` with the byte offset of the damaged section. Damage is reported, never
/// trapped on.
struct SnapshotReader {
  let path: String
  private let fd: FileDescriptor
  private var header = SnapshotHeader(generation: 0, parentGeneration: 0, fileByteCount: 0)
  private var fileByteCount = 0
  private var sections: [SnapshotSection] = []
  private var payloads: [UInt32: (byteOffset: Int, data: SectionData)] = [:]
  private var endByteOffset = 0

  private enum SectionData: Sendable {
    case u8([UInt8])
    case u16([UInt16])
    case u32([UInt32])
    case u64([UInt64])
  }

  private init(path: String, fd: FileDescriptor) {
    self.path = path
    self.fd = fd
  }

  /// Reads, checks and builds the graph stored at `path`.
  ///
  /// - Throws: `GraphError` `.notAGraph`, `.newerFormat`, `.truncated`, `.corrupt` (with
  ///   `path` and `byteOffset`), or `.io`.
  /// - Complexity: O(file size); one `pread` per section, one pass over each column.
  static func load(path: String) throws(GraphError) -> LoadedSnapshot {
    let fd = try FileDescriptor.openRegular(path, what: "a graph file")
    defer { fd.close() }
    var reader = SnapshotReader(path: path, fd: fd)
    try reader.readHeader()
    try reader.readSections()
    let graph = Graph(validated: try reader.validatedColumns())
    graph.documentEvidence = try reader.validatedEvidence(stringCount: graph.strings.count)
    graph.restoreIndexes(try reader.indexDefinitions())
    return LoadedSnapshot(
      graph: graph, header: reader.header, sections: reader.sections,
      fileByteCount: reader.fileByteCount)
  }

  /// Reads the header and every section, checking checksums but not contents.
  static func readHeaderAndSections(path: String) throws(GraphError) -> (
    header: SnapshotHeader, sections: [SnapshotSection], fileByteCount: Int
  ) {
    let fd = try FileDescriptor.openRegular(path, what: "a graph file")
    defer { fd.close() }
    var reader = SnapshotReader(path: path, fd: fd)
    try reader.readHeader()
    try reader.readSections()
    return (reader.header, reader.sections, reader.fileByteCount)
  }

  /// Files at least this large are read and checked on several threads.
  static let parallelByteCount = 1 << 20

  private var isWorthThreads: Bool { fileByteCount >= SnapshotReader.parallelByteCount }

  // MARK: Header and sections

  private func error(_ code: GraphError.Code, _ message: String, at byteOffset: Int?)
    -> GraphError
  {
    GraphError(code, message, path: path, byteOffset: byteOffset)
  }

  private mutating func readHeader() throws(GraphError) {
    let size = try fd.size()
    var bytes = [UInt8](repeating: 0, count: min(size, SnapshotFormat.headerByteCount))
    let n = try bytes.withMutableBytes { (raw) throws(GraphError) in
      try fd.read(into: raw, at: 0)
    }
    bytes.removeLast(bytes.count - n)
    let magic = SnapshotFormat.magic
    guard zip(bytes, magic).allSatisfy({ $0 == $1 }) else {
      throw error(.notAGraph, "'\(path)' is not a Guanxi graph (bad magic)", at: 0)
    }
    guard bytes.count >= 12 else {
      throw error(
        .truncated, "'\(path)' is truncated: \(bytes.count) bytes, shorter than a snapshot header",
        at: bytes.count)
    }
    // The magic and the version never move, so the version is read before the header
    // checksum, whose place a later version may change.
    let version = littleEndian(UInt32.self, bytes, at: 8)
    if version > SnapshotFormat.version {
      throw error(
        .newerFormat,
        "'\(path)' has snapshot format version \(version), but this Guanxi reads version \(SnapshotFormat.version) at most",
        at: 8)
    }
    guard version >= 1 else {
      throw error(.corrupt, "snapshot format version 0 does not exist", at: 8)
    }
    guard bytes.count == SnapshotFormat.headerByteCount else {
      throw error(
        .truncated, "'\(path)' is truncated: \(bytes.count) bytes, shorter than a snapshot header",
        at: bytes.count)
    }
    let expected = bytes.withUnsafeBytes {
      Checksum.hash(UnsafeRawBufferPointer(rebasing: $0[0..<40]))
    }
    guard littleEndian(UInt64.self, bytes, at: 40) == expected else {
      throw error(.corrupt, "the snapshot header fails its checksum", at: 0)
    }
    header.version = version
    header.flags = littleEndian(UInt32.self, bytes, at: 12)
    header.generation = littleEndian(UInt64.self, bytes, at: 16)
    header.parentGeneration = littleEndian(UInt64.self, bytes, at: 24)
    header.fileByteCount = littleEndian(UInt64.self, bytes, at: 32)
    guard header.flags == 0 else {
      throw error(.corrupt, "unknown header flags \(header.flags)", at: 12)
    }
    guard
      header.fileByteCount
        >= UInt64(SnapshotFormat.headerByteCount + SnapshotFormat.sectionOverhead),
      header.fileByteCount <= UInt64(Int.max)
    else {
      throw error(
        .corrupt, "the header records an impossible file length \(header.fileByteCount)", at: 32)
    }
    fileByteCount = Int(header.fileByteCount)
    if size < fileByteCount {
      throw error(
        .truncated, "'\(path)' is truncated: \(size) of \(fileByteCount) bytes are present",
        at: size)
    }
    if size > fileByteCount {
      throw error(
        .corrupt, "'\(path)' has \(size - fileByteCount) unexpected bytes after its end",
        at: fileByteCount)
    }
  }

  /// A section found by walking the headers, before its payload is read.
  private struct SectionEntry: Sendable {
    var tag: UInt32
    var known: SectionTag?
    var byteOffset: Int
    var byteCount: Int
    var name: String { known?.name ?? "unknown" }
  }

  /// Walks the section headers, then reads and checksums every payload, two sections at
  /// a time. Of several problems, the one earliest in the file is reported.
  private mutating func readSections() throws(GraphError) {
    var entries: [SectionEntry] = []
    do throws(GraphError) {
      try walkSections(into: &entries)
    } catch {
      // A damaged length makes the walk stumble over what follows; the damaged
      // section itself then fails its checksum, and is the one to report.
      for entry in entries {
        if case .failure(let earlier) = readPayload(entry) { throw earlier }
      }
      throw error
    }
    let walked = entries
    let bySize = walked.indices.sorted { walked[$0].byteCount > walked[$1].byteCount }
    let results = ParallelWork.map(bySize, isWorthThreads: isWorthThreads) { [self] i in
      (i, readPayload(walked[i]))
    }
    var payloadsByIndex = [Result<SectionData, GraphError>?](repeating: nil, count: entries.count)
    for (i, result) in results { payloadsByIndex[i] = result }
    for (i, entry) in entries.enumerated() {
      switch payloadsByIndex[i] {
      case .failure(let failure)?: throw failure
      case .success(let data)?:
        sections.append(
          SnapshotSection(
            tag: entry.tag, name: entry.name, byteOffset: entry.byteOffset,
            payloadByteCount: entry.byteCount))
        if let known = entry.known, known != .end {
          payloads[known.rawValue] = (entry.byteOffset, data)
        }
      case nil: break
      }
    }
  }

  /// Reads the section headers only: lengths inside the file and whole elements, known
  /// tags once each, unknown ones skippable, the empty end section last.
  private mutating func walkSections(into entries: inout [SectionEntry]) throws(GraphError) {
    var offset = SnapshotFormat.headerByteCount
    var seen: Set<UInt32> = []
    while true {
      guard offset + SnapshotFormat.sectionOverhead <= fileByteCount else {
        throw error(.corrupt, "the end section is missing", at: offset)
      }
      var head = [UInt8](repeating: 0, count: 12)
      try readExactly(&head, at: offset)
      let tag = littleEndian(UInt32.self, head, at: 0)
      let byteCount64 = littleEndian(UInt64.self, head, at: 4)
      let room = fileByteCount - offset - SnapshotFormat.sectionOverhead
      guard byteCount64 <= UInt64(room) else {
        throw error(
          .corrupt, "the section's length \(byteCount64) runs past the end of the file", at: offset)
      }
      let entry = SectionEntry(
        tag: tag, known: SectionTag(rawValue: tag), byteOffset: offset,
        byteCount: Int(byteCount64))
      let elementByteCount = entry.known?.elementByteCount ?? 1
      guard entry.byteCount % elementByteCount == 0 else {
        throw error(
          .corrupt,
          "the section's length \(entry.byteCount) is not a multiple of \(elementByteCount)",
          at: offset)
      }
      guard entry.known != nil || tag & SectionTag.skippableBit != 0 else {
        throw error(.corrupt, "unknown section tag \(tag)", at: offset)
      }
      guard entry.known == nil || seen.insert(tag).inserted else {
        throw error(.corrupt, "section '\(entry.name)' appears twice", at: offset)
      }
      let next = offset + SnapshotFormat.sectionOverhead + entry.byteCount
      if entry.known == .end {
        guard entry.byteCount == 0 else {
          throw error(.corrupt, "the end section is not empty", at: offset)
        }
        guard next == fileByteCount else {
          throw error(.corrupt, "data follows the end section", at: next)
        }
        endByteOffset = offset
        entries.append(entry)
        return
      }
      entries.append(entry)
      offset = next
    }
  }

  /// One section's payload, read straight into an array of its element type, checked
  /// against its checksum.
  private func readPayload(_ entry: SectionEntry) -> Result<SectionData, GraphError> {
    Result { () throws(GraphError) -> SectionData in
      let payloadOffset = entry.byteOffset + 12
      let byteCount = entry.byteCount
      let data: SectionData
      switch entry.known?.elementByteCount ?? 1 {
      case 2: data = .u16(try readArray(UInt16.self, byteCount: byteCount, at: payloadOffset))
      case 4: data = .u32(try readArray(UInt32.self, byteCount: byteCount, at: payloadOffset))
      case 8: data = .u64(try readArray(UInt64.self, byteCount: byteCount, at: payloadOffset))
      default: data = .u8(try readArray(UInt8.self, byteCount: byteCount, at: payloadOffset))
      }
      var tail = [UInt8](repeating: 0, count: 8)
      try readExactly(&tail, at: payloadOffset + byteCount)
      let stored = littleEndian(UInt64.self, tail, at: 0)
      let seed = Checksum.sectionSeed(tag: entry.tag, byteCount: UInt64(byteCount))
      let actual: UInt64
      switch data {
      case .u8(let a): actual = Checksum.hash(a, seed: seed)
      case .u16(let a): actual = Checksum.hash(a, seed: seed)
      case .u32(let a): actual = Checksum.hash(a, seed: seed)
      case .u64(let a): actual = Checksum.hash(a, seed: seed)
      }
      guard stored == actual else {
        throw error(.corrupt, "section '\(entry.name)' fails its checksum", at: entry.byteOffset)
      }
      return data
    }
  }

  private func readExactly(_ bytes: inout [UInt8], at byteOffset: Int) throws(GraphError) {
    let wanted = bytes.count
    let n = try bytes.withMutableBytes { (raw) throws(GraphError) in
      try fd.read(into: raw, at: byteOffset)
    }
    guard n == wanted else {
      throw error(.truncated, "'\(path)' ended while it was being read", at: byteOffset + n)
    }
  }

  /// `byteCount` bytes at `byteOffset`, read straight into an array of `T`.
  private func readArray<T: FixedWidthInteger>(_: T.Type, byteCount: Int, at byteOffset: Int)
    throws(GraphError) -> [T]
  {
    let count = byteCount / MemoryLayout<T>.stride
    var failure: GraphError? = nil
    let array = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      do throws(GraphError) {
        let n = try fd.read(into: UnsafeMutableRawBufferPointer(buffer), at: byteOffset)
        if n == byteCount {
          initialized = count
        } else {
          failure = error(.truncated, "'\(path)' ended while it was being read", at: byteOffset + n)
          initialized = 0
        }
      } catch {
        failure = error
        initialized = 0
      }
    }
    if let failure { throw failure }
    return array
  }

  /// The optional index definitions section, decoded; empty when the file has none.
  func indexDefinitions() throws(GraphError) -> [IndexDefinition] {
    guard case .u8(let payload)? = payloads[SectionTag.indexDefinitions.rawValue]?.data else {
      return []
    }
    do {
      return try IndexDefinitionCoding.decoded(payload)
    } catch let failure {
      throw corrupt(
        .indexDefinitions, "byte \(failure.byteOffset) of the payload: \(failure.reason)")
    }
  }

  // MARK: Validation

  private func corrupt(_ tag: SectionTag, _ message: String) -> GraphError {
    error(.corrupt, message, at: payloads[tag.rawValue]?.byteOffset ?? endByteOffset)
  }

  private func missing(_ tag: SectionTag) -> GraphError {
    error(.corrupt, "section '\(tag.name)' is missing", at: endByteOffset)
  }

  private func bytes(_ tag: SectionTag) throws(GraphError) -> [UInt8] {
    guard case .u8(let a)? = payloads[tag.rawValue]?.data else { throw missing(tag) }
    return a
  }

  private func halfwords(_ tag: SectionTag) throws(GraphError) -> [UInt16] {
    guard case .u16(let a)? = payloads[tag.rawValue]?.data else { throw missing(tag) }
    return a
  }

  private func words(_ tag: SectionTag) throws(GraphError) -> [UInt32] {
    guard case .u32(let a)? = payloads[tag.rawValue]?.data else { throw missing(tag) }
    return a
  }

  private func longs(_ tag: SectionTag) throws(GraphError) -> [UInt64] {
    guard case .u64(let a)? = payloads[tag.rawValue]?.data else { throw missing(tag) }
    return a
  }

  private func valueTable(_ tag: SectionTag, _ payload: [UInt8]) throws(GraphError) -> [Value] {
    do {
      return try BinaryReader.valueTable(payload)
    } catch let failure {
      throw corrupt(tag, "byte \(failure.byteOffset) of the payload: \(failure.reason)")
    }
  }

  /// The optional document evidence section: names in the string table, lengths inside
  /// the payload (the encoded evidence itself is checked when read).
  private func validatedEvidence(stringCount: Int) throws(GraphError) -> [Symbol: DocumentEvidence]
  {
    guard case .u8(let payload)? = payloads[SectionTag.documentEvidence.rawValue]?.data else {
      return [:]
    }
    var reader = BinaryReader(payload)
    var evidence: [Symbol: DocumentEvidence] = [:]
    do throws(DecodingFailure) {
      let n = try reader.count(minimumBytes: 8)
      for _ in 0..<n {
        let symbol = try reader.u32()
        guard Int(symbol) < stringCount, evidence[Symbol(symbol)] == nil else {
          throw reader.failure("document symbol \(symbol) is out of range or repeats")
        }
        let length = try reader.count(minimumBytes: 1)
        evidence[Symbol(symbol)] = DocumentEvidence(encoded: try reader.bytes(length))
      }
      guard reader.isAtEnd else { throw reader.failure("unexpected bytes after the last document") }
    } catch {
      throw corrupt(.documentEvidence, "byte \(error.byteOffset) of the payload: \(error.reason)")
    }
    return evidence
  }

  /// Checks every section's contents against the others and returns the columns.
  ///
  /// The cheap checks (counts, column lengths, label sets, types) run first; then four
  /// independent passes run in parallel: each direction's adjacency, the relationship
  /// columns, and the strings with the property arenas. Of several problems, the one
  /// earliest in the file is reported.
  private func validatedColumns() throws(GraphError) -> GraphColumns {
    let counts = try longs(.counts)
    guard counts.count == 4, counts[0] < UInt64(noEntry), counts[1] < UInt64(noEntry),
      counts[2] <= counts[0], counts[3] <= counts[1]
    else { throw corrupt(.counts, "the counts section is malformed") }
    let nodeLimit = Int(counts[0])
    let relLimit = Int(counts[1])

    let stringBytes = try bytes(.stringBytes)
    let stringOffsets = try words(.stringOffsets)
    guard stringOffsets.count >= 4 else {
      throw corrupt(.stringOffsets, "the string table lacks 'name', 'doc' and 'span'")
    }
    let stringCount = stringOffsets.count - 1
    let labelSets = try validatedLabelSets(stringCount: stringCount)

    let nodeArenaWords = try words(.nodeArenaWords)
    let nodeArenaValues = try bytes(.nodeArenaValues)
    let nodeLabelSet = try words(.nodeLabelSets)
    let nodeProperties = try words(.nodeProperties)
    guard nodeLabelSet.count == nodeLimit else {
      throw corrupt(.nodeLabelSets, "\(nodeLabelSet.count) node label sets for \(nodeLimit) nodes")
    }
    guard nodeProperties.count == nodeLimit else {
      throw corrupt(
        .nodeProperties, "\(nodeProperties.count) node property offsets for \(nodeLimit) nodes")
    }

    let typeSymbols = try words(.typeSymbols)
    guard typeSymbols.count < Int(Graph.deletedType),
      typeSymbols.allSatisfy({ Int($0) < stringCount }), Set(typeSymbols).count == typeSymbols.count
    else { throw corrupt(.typeSymbols, "type symbols are out of range or repeat") }

    let relArenaWords = try words(.relationshipArenaWords)
    let relArenaValues = try bytes(.relationshipArenaValues)
    let relFrom = try words(.relationshipStarts)
    let relTo = try words(.relationshipEnds)
    let relType = try halfwords(.relationshipTypes)
    let relProperties = try words(.relationshipProperties)
    let relDoc = try words(.relationshipDocs)
    let relSpanStart = try words(.relationshipSpanStarts)
    let relSpanEnd = try words(.relationshipSpanEnds)
    let columns: [(SectionTag, Int)] = [
      (.relationshipStarts, relFrom.count), (.relationshipEnds, relTo.count),
      (.relationshipTypes, relType.count), (.relationshipProperties, relProperties.count),
      (.relationshipDocs, relDoc.count), (.relationshipSpanStarts, relSpanStart.count),
      (.relationshipSpanEnds, relSpanEnd.count),
    ]
    for (tag, count) in columns where count != relLimit {
      throw corrupt(tag, "\(count) entries for \(relLimit) relationships")
    }
    let outgoing = Adjacency(
      offsets: try words(.outgoingOffsets), entries: try words(.outgoingEntries), recent: [:])
    let incoming = Adjacency(
      offsets: try words(.incomingOffsets), entries: try words(.incomingEntries), recent: [:])

    enum Outcome: Sendable {
      case adjacency
      case relationships(live: Int)
      case stores(StringTable, nodes: PropertyArena, liveNodes: Int, relationships: PropertyArena)
    }
    let passes: [@Sendable () -> Result<Outcome, GraphError>] = [
      { [self] in
        Result { () throws(GraphError) in
          try validateAdjacency(
            outgoing, offsetsTag: .outgoingOffsets, entriesTag: .outgoingEntries, ends: relFrom,
            types: relType, nodeLimit: nodeLimit)
          return .adjacency
        }
      },
      { [self] in
        Result { () throws(GraphError) in
          try validateAdjacency(
            incoming, offsetsTag: .incomingOffsets, entriesTag: .incomingEntries, ends: relTo,
            types: relType, nodeLimit: nodeLimit)
          return .adjacency
        }
      },
      { [self] in
        Result { () throws(GraphError) in
          let live = try validateRelationships(
            from: relFrom, to: relTo, types: relType, docs: relDoc, nodeLabelSet: nodeLabelSet,
            typeCount: typeSymbols.count, stringCount: stringCount)
          return .relationships(live: live)
        }
      },
      { [self] in
        Result { () throws(GraphError) in
          guard let strings = StringTable(bytes: stringBytes, offsets: stringOffsets) else {
            throw corrupt(
              .stringOffsets,
              "string offsets are not ascending, overrun the bytes or repeat a string")
          }
          guard strings.string(Symbol(0)) == Schema.Key.name,
            strings.string(Symbol(1)) == Schema.Key.doc,
            strings.string(Symbol(2)) == Schema.Key.span
          else { throw corrupt(.stringBytes, "the first strings are not 'name', 'doc' and 'span'") }
          let nodeArena = PropertyArena(
            words: nodeArenaWords,
            complexValues: try valueTable(.nodeArenaValues, nodeArenaValues))
          var liveNodes = 0
          for n in 0..<nodeLimit {
            let set = nodeLabelSet[n]
            if set != noEntry {
              guard Int(set) < labelSets.count else {
                throw corrupt(
                  .nodeLabelSets, "node \(n) has label set \(set) of \(labelSets.count)")
              }
              liveNodes += 1
            }
            guard nodeArena.isWellFormed(at: nodeProperties[n], stringCount: stringCount) else {
              throw corrupt(.nodeArenaWords, "the property record of node \(n) is malformed")
            }
          }
          let relArena = PropertyArena(
            words: relArenaWords,
            complexValues: try valueTable(.relationshipArenaValues, relArenaValues))
          for r in 0..<relLimit {
            guard relArena.isWellFormed(at: relProperties[r], stringCount: stringCount) else {
              throw corrupt(
                .relationshipArenaWords, "the property record of relationship \(r) is malformed")
            }
          }
          return .stores(strings, nodes: nodeArena, liveNodes: liveNodes, relationships: relArena)
        }
      },
    ]
    let outcomes = ParallelWork.map(passes, isWorthThreads: isWorthThreads) { $0() }
    var failures: [GraphError] = []
    var liveRels = 0
    var stores: (StringTable, PropertyArena, Int, PropertyArena)? = nil
    for outcome in outcomes {
      switch outcome {
      case .failure(let failure): failures.append(failure)
      case .success(.relationships(let live)): liveRels = live
      case .success(.stores(let strings, let nodes, let liveNodes, let relationships)):
        stores = (strings, nodes, liveNodes, relationships)
      case .success(.adjacency): break
      }
    }
    if let first = failures.min(by: { ($0.byteOffset ?? 0) < ($1.byteOffset ?? 0) }) { throw first }
    guard let (strings, nodeArena, liveNodes, relArena) = stores else {
      throw corrupt(.counts, "the snapshot could not be checked")
    }
    guard liveNodes == Int(counts[2]) else {
      throw corrupt(.counts, "\(counts[2]) live nodes recorded but \(liveNodes) found")
    }
    guard liveRels == Int(counts[3]) else {
      throw corrupt(.counts, "\(counts[3]) live relationships recorded but \(liveRels) found")
    }
    // Each adjacency entry is a live relationship ending at its node, ascending within
    // the node, so none repeats; as many entries as live relationships means all are there.
    guard outgoing.entries.count == liveRels else {
      throw corrupt(
        .outgoingEntries, "\(outgoing.entries.count) entries for \(liveRels) relationships")
    }
    guard incoming.entries.count == liveRels else {
      throw corrupt(
        .incomingEntries, "\(incoming.entries.count) entries for \(liveRels) relationships")
    }

    return GraphColumns(
      strings: strings, labelSets: labelSets, nodeLabelSet: nodeLabelSet,
      nodeProperties: nodeProperties, nodeArena: nodeArena, relFrom: relFrom, relTo: relTo,
      relType: relType, relProperties: relProperties, relDoc: relDoc,
      relSpanStart: relSpanStart, relSpanEnd: relSpanEnd,
      typeSymbols: typeSymbols.map(Symbol.init), relArena: relArena, outgoing: outgoing,
      incoming: incoming, liveNodeCount: liveNodes, liveRelationshipCount: liveRels)
  }

  /// Label sets: set 0 empty, each set's symbols ascending and in range, no set twice.
  private func validatedLabelSets(stringCount: Int) throws(GraphError) -> [[Symbol]] {
    let labelWords = try words(.labelSets)
    var labelSets: [[Symbol]] = []
    var seen: Set<[Symbol]> = []
    var i = 0
    while i < labelWords.count {
      let n = Int(labelWords[i])
      guard n <= labelWords.count - i - 1 else {
        throw corrupt(.labelSets, "label set \(labelSets.count) runs past the section")
      }
      let set = labelWords[(i + 1)..<(i + 1 + n)].map(Symbol.init)
      for k in set.indices {
        guard set[k].index < stringCount, k == 0 || set[k - 1] < set[k] else {
          throw corrupt(.labelSets, "label set \(labelSets.count) is out of range or unsorted")
        }
      }
      guard seen.insert(set).inserted else {
        throw corrupt(.labelSets, "label set \(labelSets.count) repeats an earlier one")
      }
      labelSets.append(set)
      i += 1 + n
    }
    guard labelSets.first == [] else {
      throw corrupt(.labelSets, "label set 0 is not the empty set")
    }
    return labelSets
  }

  /// Live relationships have known types and live ends, and a `doc` symbol in range.
  private func validateRelationships(
    from: [UInt32], to: [UInt32], types: [UInt16], docs: [UInt32], nodeLabelSet: [UInt32],
    typeCount: Int, stringCount: Int
  ) throws(GraphError) -> Int {
    var live = 0
    var bad: (SectionTag, Int)? = nil
    from.withUnsafeBufferPointer { from in
      to.withUnsafeBufferPointer { to in
        types.withUnsafeBufferPointer { types in
          docs.withUnsafeBufferPointer { docs in
            nodeLabelSet.withUnsafeBufferPointer { sets in
              let nodeLimit = sets.count
              for r in 0..<types.count where types[r] != Graph.deletedType {
                live += 1
                if Int(types[r]) >= typeCount {
                  bad = (.relationshipTypes, r)
                } else if Int(from[r]) >= nodeLimit || sets[Int(from[r])] == noEntry {
                  bad = (.relationshipStarts, r)
                } else if Int(to[r]) >= nodeLimit || sets[Int(to[r])] == noEntry {
                  bad = (.relationshipEnds, r)
                } else if docs[r] != noEntry && Int(docs[r]) >= stringCount {
                  bad = (.relationshipDocs, r)
                }
                if bad != nil { return }
              }
            }
          }
        }
      }
    }
    if let (tag, r) = bad {
      throw corrupt(
        tag,
        "relationship \(r) has an out-of-range or deleted \(tag.name.split(separator: " ").last ?? "")"
      )
    }
    return live
  }

  /// One direction's CSR: offsets ascending from 0 to the entry count; each node's
  /// entries live relationships that end at it, strictly ascending by (type, id). The
  /// caller checks that there are as many entries as live relationships.
  private func validateAdjacency(
    _ adjacency: Adjacency, offsetsTag: SectionTag, entriesTag: SectionTag, ends: [UInt32],
    types: [UInt16], nodeLimit: Int
  ) throws(GraphError) {
    let offsets = adjacency.offsets
    let entries = adjacency.entries
    guard offsets.count == nodeLimit + 1, offsets[0] == 0, Int(offsets[nodeLimit]) == entries.count
    else { throw corrupt(offsetsTag, "the offsets do not cover the nodes and entries") }
    var badOffsets: Int? = nil
    var badEntry: Int? = nil
    offsets.withUnsafeBufferPointer { offsets in
      entries.withUnsafeBufferPointer { entries in
        ends.withUnsafeBufferPointer { ends in
          types.withUnsafeBufferPointer { types in
            let relLimit = types.count
            for n in 0..<nodeLimit {
              let start = Int(offsets[n])
              let end = Int(offsets[n + 1])
              guard start <= end, end <= entries.count else {
                badOffsets = n
                return
              }
              var previous: UInt64? = nil
              for i in start..<end {
                let r = Int(entries[i])
                guard r < relLimit, types[r] != Graph.deletedType, Int(ends[r]) == n else {
                  badEntry = i
                  return
                }
                let key = UInt64(types[r]) << 32 | UInt64(r)
                if let previous, key <= previous {
                  badEntry = i
                  return
                }
                previous = key
              }
            }
          }
        }
      }
    }
    if let n = badOffsets { throw corrupt(offsetsTag, "the offsets of node \(n) are out of order") }
    if let i = badEntry { throw corrupt(entriesTag, "entry \(i) is out of range or out of order") }
  }
}

/// The little-endian integer at `byteOffset` in `bytes`, which must hold it.
func littleEndian<T: FixedWidthInteger>(_: T.Type, _ bytes: [UInt8], at byteOffset: Int) -> T {
  var value: T = 0
  for k in 0..<MemoryLayout<T>.size { value |= T(bytes[byteOffset + k]) << (8 * k) }
  return value
}
