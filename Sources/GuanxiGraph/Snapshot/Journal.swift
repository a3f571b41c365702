import Glibc

/// The write-ahead journal (`NAME.gx.wal`), version 2: every committed batch of changes
/// since the snapshot, appended and flushed before the commit returns.
///
/// Little-endian. A 32-byte header, then records back to back:
///
/// ```
/// header   0   8  magic "GXJRNL\0\x1A"
///          8   4  u32 format version (2)
///         12   4  u32 flags (0)
///         16   8  u64 generation of the snapshot the journal continues
///         24   8  u64 header checksum (`Checksum.hash` of bytes 0..<24)
/// record   0   4  u32 payload length n in bytes
///          4   4  u32 bitwise NOT of n
///          8   8  u64 payload checksum: `Checksum.hash(payload, seed: n)`
///         16   8  u64 record header checksum: `Checksum.hash` of the record's bytes
///                 0..<16, seeded with the record's byte offset in the file
///         24   n  payload: one committed batch (`BinaryWriter.batch`)
///       24+n   8  commit marker "GXCOMMIT" (no zero byte in it)
/// ```
///
/// Reading tells a torn record from a damaged one. A record is *torn* when its append
/// never finished: the file ends inside it (cut short), or everything from some point
/// in it to the end of the file is zero bytes and that includes its commit marker, or
/// at least its last two bytes from a 512-byte sector boundary on (the file grew but the
/// data never landed, whole sectors at a time). It was never reported as committed, so it is
/// ignored, and the next read-write open truncates the file back to the last good record.
/// Any other record that fails a check is *damaged*: its header checksum vouches for
/// its length and the file holds all of it, so it was written completely, flushed and
/// reported committed, and something changed it since. That is reported as `.corrupt`
/// at the record's offset, by `guanxi check` and on every open, and the file is never
/// truncated. A flipped byte cannot pass for a torn write: the commit marker has no
/// zero byte, so zeroing the end of a complete record takes at least two changed bytes.
///
/// Version 1 (records of a 16-byte header, the first three fields above, then the
/// payload, no marker) is still read: a record cut short is torn, a complete one that
/// fails its checksum is damaged. A read-write open upgrades it by checkpointing.
///
/// The generation ties the journal to one snapshot. A journal naming the snapshot's
/// *parent* generation is one a checkpoint already folded into that snapshot (the
/// process stopped between writing the snapshot and starting the new journal); it is
/// ignored and replaced. Any other generation is `.journalMismatch`.
enum Journal {
  static let magic: [UInt8] = Array("GXJRNL".utf8) + [0, 0x1A]
  static let version: UInt32 = 2
  static let headerByteCount = 32
  static let recordHeaderByteCount = 24
  static let commitMarker: [UInt8] = Array("GXCOMMIT".utf8)
  /// Bytes a record takes besides its payload.
  static let recordOverhead = recordHeaderByteCount + 8
  /// The largest payload a record takes; the length field would allow 4 GiB.
  static let maximumPayloadByteCount = 1 << 31

  /// One good record.
  struct Record {
    var byteOffset: Int
    var changes: [GraphChange]
  }

  /// What a journal file holds.
  struct Contents {
    var version: UInt32
    var generation: UInt64
    var records: [Record]
    /// The end of the last good record: the length the file should have.
    var goodByteCount: Int
    /// Bytes after it that were ignored as a torn last record.
    var tornByteCount: Int
    /// Why those bytes are a torn record and not a damaged one, for `guanxi check`.
    var tornReason: String?
  }

  static func headerBytes(generation: UInt64) -> [UInt8] {
    var writer = BinaryWriter()
    writer.bytes = magic
    writer.u32(version)
    writer.u32(0)
    writer.u64(generation)
    writer.u64(writer.bytes.withUnsafeBytes { Checksum.hash($0) })
    return writer.bytes
  }

  /// The bytes of one record holding `payload`, to be written at `byteOffset`.
  static func recordBytes(payload: [UInt8], at byteOffset: Int) -> [UInt8] {
    var writer = BinaryWriter()
    writer.bytes.reserveCapacity(recordOverhead + payload.count)
    let length = UInt32(payload.count)
    writer.u32(length)
    writer.u32(~length)
    writer.u64(payload.withUnsafeBytes { Checksum.hash($0, seed: UInt64(length)) })
    writer.u64(writer.bytes.withUnsafeBytes { Checksum.hash($0, seed: UInt64(byteOffset)) })
    writer.bytes.append(contentsOf: payload)
    writer.bytes.append(contentsOf: commitMarker)
    return writer.bytes
  }

  /// Reads and checks the journal at `path`; nil when there is no such file.
  ///
  /// - Throws: `GraphError` `.notAGraph`, `.newerFormat`, `.truncated` (a header cut
  ///   short), `.corrupt` (with the offset of the damaged record) or `.io`.
  /// - Complexity: O(file size).
  static func read(path: String) throws(GraphError) -> Contents? {
    guard try FileSystem.kind(path) != .missing else { return nil }
    let fd = try FileDescriptor.openRegular(path, what: "a journal")
    defer { fd.close() }
    let size = try fd.size()
    var bytes = [UInt8](repeating: 0, count: size)
    let n = try bytes.withMutableBytes { (raw) throws(GraphError) in try fd.read(into: raw, at: 0) }
    bytes.removeLast(size - n)
    return try parse(bytes, path: path)
  }

  static func parse(_ bytes: [UInt8], path: String) throws(GraphError) -> Contents {
    guard zip(bytes, magic).allSatisfy({ $0 == $1 }) else {
      throw GraphError(
        .notAGraph, "'\(path)' is not a Guanxi journal (bad magic)", path: path, byteOffset: 0)
    }
    if bytes.count >= 12 {
      let version = littleEndian(UInt32.self, bytes, at: 8)
      if version > Journal.version {
        throw GraphError(
          .newerFormat,
          "'\(path)' has journal format version \(version), but this Guanxi reads version \(Journal.version) at most",
          path: path, byteOffset: 8)
      }
    }
    guard bytes.count >= headerByteCount else {
      throw GraphError(
        .truncated, "'\(path)' is truncated: \(bytes.count) bytes, shorter than a journal header",
        path: path, byteOffset: bytes.count)
    }
    let expected = bytes.withUnsafeBytes {
      Checksum.hash(UnsafeRawBufferPointer(rebasing: $0[0..<24]))
    }
    let version = littleEndian(UInt32.self, bytes, at: 8)
    guard littleEndian(UInt64.self, bytes, at: 24) == expected, version == 1 || version == 2,
      littleEndian(UInt32.self, bytes, at: 12) == 0
    else {
      throw GraphError(.corrupt, "the journal header is damaged", path: path, byteOffset: 0)
    }
    var scan = RecordScan(bytes: bytes, path: path, isVersion1: version == 1)
    var contents = Contents(
      version: version, generation: littleEndian(UInt64.self, bytes, at: 16), records: [],
      goodByteCount: headerByteCount, tornByteCount: 0)
    while let record = try scan.next() {
      contents.records.append(record)
      contents.goodByteCount = scan.position
    }
    contents.tornByteCount = bytes.count - contents.goodByteCount
    contents.tornReason = scan.tornReason
    return contents
  }

  /// Applies every record to `graph`, in order.
  ///
  /// - Throws: `GraphError` `.journalMismatch` or `.corrupt` with the offset of the first
  ///   record that does not apply (the graph is then half-changed and must be dropped).
  static func replay(_ contents: Contents, onto graph: Graph, path: String) throws(GraphError) {
    for record in contents.records {
      do throws(GraphError) {
        for change in record.changes { try graph.apply(change) }
      } catch {
        throw GraphError(
          error.code == .journalMismatch ? .journalMismatch : .corrupt,
          "the journal record does not apply to the snapshot: \(error.message)", path: path,
          byteOffset: record.byteOffset)
      }
    }
  }

  /// Writes an empty journal for `generation` atomically (temporary file, flush, rename,
  /// directory flush), replacing any journal at `path`.
  static func create(path: String, generation: UInt64) throws(GraphError) {
    let temporaryPath = path + ".tmp"
    let fd = try FileDescriptor.open(temporaryPath, flags: O_WRONLY | O_CREAT | O_TRUNC)
    do throws(GraphError) {
      try fd.write(headerBytes(generation: generation))
      try fd.sync()
      fd.close()
      try FileSystem.replace(path, with: temporaryPath)
    } catch {
      fd.close()
      FileSystem.remove(temporaryPath)
      throw error
    }
  }
}

/// Walks the records of a journal, telling the torn last record (stop) from a damaged
/// one (throw); see `Journal` for the rules.
private struct RecordScan {
  let bytes: [UInt8]
  let path: String
  let isVersion1: Bool
  /// Where the next record starts.
  private(set) var position = Journal.headerByteCount
  /// Set when the scan stopped at a torn record.
  private(set) var tornReason: String?
  /// The start of the run of zero bytes that ends the file (`bytes.count` when the last
  /// byte is not zero).
  private let zeroTailStart: Int

  init(bytes: [UInt8], path: String, isVersion1: Bool) {
    self.bytes = bytes
    self.path = path
    self.isVersion1 = isVersion1
    var start = bytes.count
    while start > Journal.headerByteCount && bytes[start - 1] == 0 { start -= 1 }
    zeroTailStart = start
  }

  private var headerByteCount: Int { isVersion1 ? 16 : Journal.recordHeaderByteCount }
  private var markerByteCount: Int { isVersion1 ? 0 : Journal.commitMarker.count }

  private mutating func torn(_ reason: String) -> Journal.Record? {
    tornReason = reason
    return nil
  }

  private func damaged(_ what: String) -> GraphError {
    GraphError(
      .corrupt,
      "the journal record at byte \(position) is damaged (\(what)); it was written in full, so it was committed and is not dropped: keep a copy of '\(path)', then cut it with 'truncate -s \(position)' to open the graph without this record and those after it",
      path: path, byteOffset: position)
  }

  /// The next good record, nil at the end or at a torn record.
  mutating func next() throws(GraphError) -> Journal.Record? {
    guard position < bytes.count else { return nil }
    if position >= zeroTailStart {
      return torn("only zero bytes follow the last record: an append whose data never landed")
    }
    guard bytes.count - position >= headerByteCount else {
      return torn("the file ends inside a record header: an append cut short")
    }
    let length = littleEndian(UInt32.self, bytes, at: position)
    let isHeaderGood: Bool
    if isVersion1 {
      isHeaderGood = littleEndian(UInt32.self, bytes, at: position + 4) == ~length
    } else {
      let stored = littleEndian(UInt64.self, bytes, at: position + 16)
      let actual = bytes.withUnsafeBytes {
        Checksum.hash(
          UnsafeRawBufferPointer(rebasing: $0[position..<(position + 16)]),
          seed: UInt64(position))
      }
      isHeaderGood =
        stored == actual && littleEndian(UInt32.self, bytes, at: position + 4) == ~length
    }
    guard isHeaderGood else {
      if zeroTailStart < position + headerByteCount {
        return torn("the record header runs into zero bytes at the end: an append cut short")
      }
      throw damaged("its header fails its checksum")
    }
    let payloadStart = position + headerByteCount
    let payloadEnd = payloadStart + Int(length)
    let end = payloadEnd + markerByteCount
    guard end <= bytes.count else {
      return torn(
        "the file ends \(end - bytes.count) bytes before the end of its last record: an append cut short"
      )
    }
    let isMarked = bytes[payloadEnd..<end].elementsEqual(isVersion1 ? [] : Journal.commitMarker)
    let stored = littleEndian(UInt64.self, bytes, at: position + 8)
    let actual = bytes.withUnsafeBytes {
      Checksum.hash(
        UnsafeRawBufferPointer(rebasing: $0[payloadStart..<payloadEnd]), seed: UInt64(length))
    }
    guard isMarked && stored == actual else {
      if !isVersion1 && zeroTailStart <= payloadEnd {
        return torn(
          "the last record's commit marker is zero bytes: an append whose data never landed")
      }
      if !isVersion1 && zeroTailStart % 512 == 0 && end - zeroTailStart >= 2 {
        return torn(
          "the last record's commit marker ends in a zero sector: an append whose data never landed"
        )
      }
      if isVersion1 && zeroTailStart <= payloadStart {
        return torn("the last record's payload is zero bytes: an append whose data never landed")
      }
      throw damaged(isMarked ? "its payload fails its checksum" : "its commit marker is damaged")
    }
    do throws(DecodingFailure) {
      let changes = try BinaryReader.batch(Array(bytes[payloadStart..<payloadEnd]))
      let record = Journal.Record(byteOffset: position, changes: changes)
      position = end
      return record
    } catch {
      throw GraphError(
        .corrupt,
        "the journal record does not decode: \(error.reason) at byte \(payloadStart + error.byteOffset)",
        path: path, byteOffset: position)
    }
  }
}

/// Appends records to an open journal.
final class JournalWriter {
  let path: String
  private let fd: FileDescriptor
  /// The journal's length: where the next record goes.
  private(set) var byteCount: Int
  /// Set when a failed append could not be cut off the file; no append is safe then.
  private(set) var isBroken = false
  /// For tests: the next append writes this many bytes of its record, then fails as a
  /// full disk would.
  var injectedFailure: Int?

  /// Opens the journal at `path` for appending after its first `byteCount` bytes, cutting
  /// off anything beyond them (a torn last record) durably first.
  init(path: String, byteCount: Int) throws(GraphError) {
    self.path = path
    self.fd = try FileDescriptor.open(path, flags: O_WRONLY)
    self.byteCount = byteCount
    do throws(GraphError) {
      if try fd.size() != byteCount {
        try fd.truncate(to: byteCount)
        try fd.sync()
      }
    } catch {
      fd.close()
      throw error
    }
  }

  deinit { fd.close() }

  /// Appends one record and flushes it to the disk before returning.
  ///
  /// On failure the file is cut back to its previous length, so the failed record never
  /// reads as committed and a later append does not follow part of it. When even that
  /// fails, its commit marker is zeroed (so it reads as torn) and the writer refuses
  /// further appends (`isBroken`).
  /// - Throws: `GraphError` `.io`.
  func append(payload: [UInt8]) throws(GraphError) {
    guard !isBroken else {
      throw GraphError(
        .io, "'\(path)' could not be cut back after a failed write; reopen the graph", path: path)
    }
    let record = Journal.recordBytes(payload: payload, at: byteCount)
    do throws(GraphError) {
      if let injected = injectedFailure {
        injectedFailure = nil
        try record.withBytes { (raw) throws(GraphError) in
          try fd.write(UnsafeRawBufferPointer(rebasing: raw.prefix(injected)), at: byteCount)
        }
        throw GraphError(.io, "cannot write '\(path)': no space left on device", path: path)
      }
      try record.withBytes { (raw) throws(GraphError) in try fd.write(raw, at: byteCount) }
      while fdatasync(fd.rawValue) != 0 {
        if errno == EINTR { continue }
        throw GraphError.system("cannot flush", path: path)
      }
    } catch {
      cutBack(recordByteCount: record.count)
      throw error
    }
    byteCount += record.count
  }

  /// Removes a failed record from the end of the file.
  private func cutBack(recordByteCount: Int) {
    if (try? fd.truncate(to: byteCount)) != nil { return }
    // Overwriting blocks already written needs no new space.
    let zeros = [UInt8](repeating: 0, count: Journal.commitMarker.count)
    let markerOffset = byteCount + recordByteCount - zeros.count
    _ = try? zeros.withBytes { (raw) throws(GraphError) in try fd.write(raw, at: markerOffset) }
    isBroken = true
  }
}
