import Glibc

/// Writes a graph as a snapshot file (format: `SnapshotFormat`).
///
/// The file is written to `NAME.gx.tmp`, flushed, renamed over `NAME.gx`, and the
/// directory is flushed, so at every moment `NAME.gx` is either the old snapshot or the
/// complete new one.
enum SnapshotWriter {
  /// Compacts `graph` and writes it to `path` atomically.
  ///
  /// - Parameters:
  ///   - generation: the new snapshot's identity, which its journal will name.
  ///   - parentGeneration: the generation of the snapshot (and journal) this one folds in.
  /// - Returns: the size of the file written, in bytes.
  /// - Throws: `GraphError` `.io` when the file cannot be written; `path` is then unchanged.
  /// - Complexity: O(nodes + relationships + arena words + string bytes).
  @discardableResult
  static func write(
    _ graph: Graph, to path: String, generation: UInt64, parentGeneration: UInt64
  ) throws(GraphError) -> Int {
    graph.compactForSnapshot()
    let columns = graph.columns
    let temporaryPath = path + ".tmp"
    let fd = try FileDescriptor.open(temporaryPath, flags: O_WRONLY | O_CREAT | O_TRUNC)
    var isWritten = false
    defer {
      fd.close()
      if !isWritten { FileSystem.remove(temporaryPath) }
    }
    var sink = SectionSink(fd: fd)
    try sink.placeholderHeader()
    try sink.sections(columns)
    try sink.section(.indexDefinitions, IndexDefinitionCoding.encoded(graph.indexDefinitions))
    try sink.section(.end, [UInt8]())
    let header = SnapshotHeader(
      generation: generation, parentGeneration: parentGeneration,
      fileByteCount: UInt64(sink.byteOffset))
    try header.encoded().withBytes { (raw) throws(GraphError) in try fd.write(raw, at: 0) }
    try fd.sync()
    try FileSystem.replace(path, with: temporaryPath)
    isWritten = true
    return sink.byteOffset
  }
}

/// Appends checksummed sections to a file, counting bytes.
private struct SectionSink {
  let fd: FileDescriptor
  var byteOffset = 0

  init(fd: FileDescriptor) { self.fd = fd }

  mutating func placeholderHeader() throws(GraphError) {
    try fd.write([UInt8](repeating: 0, count: SnapshotFormat.headerByteCount))
    byteOffset = SnapshotFormat.headerByteCount
  }

  mutating func section<T: FixedWidthInteger>(_ tag: SectionTag, _ elements: [T])
    throws(GraphError)
  {
    try elements.withBytes { (payload) throws(GraphError) in
      try section(tag.rawValue, payload)
    }
  }

  mutating func section(_ tag: UInt32, _ payload: UnsafeRawBufferPointer) throws(GraphError) {
    var head = BinaryWriter()
    head.u32(tag)
    head.u64(UInt64(payload.count))
    try fd.write(head.bytes)
    try fd.write(payload)
    let seed = Checksum.sectionSeed(tag: tag, byteCount: UInt64(payload.count))
    var tail = BinaryWriter()
    tail.u64(Checksum.hash(payload, seed: seed))
    try fd.write(tail.bytes)
    byteOffset += SnapshotFormat.sectionOverhead + payload.count
  }

  /// Every required section, in tag order.
  mutating func sections(_ c: GraphColumns) throws(GraphError) {
    try section(
      .counts,
      [
        UInt64(c.nodeLabelSet.count), UInt64(c.relFrom.count), UInt64(c.liveNodeCount),
        UInt64(c.liveRelationshipCount),
      ])
    try section(.stringBytes, c.strings.bytes)
    try section(.stringOffsets, c.strings.offsets)
    var labelWords: [UInt32] = []
    for set in c.labelSets {
      labelWords.append(UInt32(set.count))
      labelWords.append(contentsOf: set.map(\.rawValue))
    }
    try section(.labelSets, labelWords)
    try section(.nodeLabelSets, c.nodeLabelSet)
    try section(.nodeProperties, c.nodeProperties)
    try section(.nodeArenaWords, c.nodeArena.words)
    try section(.nodeArenaValues, BinaryWriter.valueTable(c.nodeArena.complexValues))
    try section(.relationshipStarts, c.relFrom)
    try section(.relationshipEnds, c.relTo)
    try section(.relationshipTypes, c.relType)
    try section(.relationshipProperties, c.relProperties)
    try section(.relationshipDocs, c.relDoc)
    try section(.relationshipSpanStarts, c.relSpanStart)
    try section(.relationshipSpanEnds, c.relSpanEnd)
    try section(.typeSymbols, c.typeSymbols.map(\.rawValue))
    try section(.relationshipArenaWords, c.relArena.words)
    try section(.relationshipArenaValues, BinaryWriter.valueTable(c.relArena.complexValues))
    try section(.outgoingOffsets, c.outgoing.offsets)
    try section(.outgoingEntries, c.outgoing.entries)
    try section(.incomingOffsets, c.incoming.offsets)
    try section(.incomingEntries, c.incoming.entries)
    try section(.documentEvidence, c.evidenceSection)
  }
}
