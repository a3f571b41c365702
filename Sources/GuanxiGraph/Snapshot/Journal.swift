import Glibc

/// The write-ahead journal (`NAME.gx.wal`), version 1: every committed batch of changes
/// since the snapshot, appended and flushed before the commit returns.
///
/// Little-endian. A 32-byte header, then records back to back:
///
/// ```
/// header   0   8  magic "GXJRNL\0\x1A"
///          8   4  u32 format version (1)
///         12   4  u32 flags (0)
///         16   8  u64 generation of the snapshot the journal continues
///         24   8  u64 header checksum (`Checksum.hash` of bytes 0..<24)
/// record   0   4  u32 payload length in bytes
///          4   4  u32 bitwise NOT of the length, so a damaged length is seen as damage
///          8   8  u64 checksum: `Checksum.hash(payload, seed: length)`
///         16   n  payload: one committed batch (`BinaryWriter.batch`)
/// ```
///
/// Reading: every complete record with a good checksum is replayed in order. The last
/// record may be torn by a crash during its append: cut short, or complete with a bad
/// checksum and nothing after it, or followed only by zero bytes; it was never reported
/// as committed, so it is ignored, and the next read-write open truncates the file back
/// to the last good record. A bad record with more data after it cannot come from a
/// crash and is reported as `.corrupt` at the record's offset.
///
/// The generation ties the journal to one snapshot. A journal naming the snapshot's
/// *parent* generation is one a checkpoint already folded into that snapshot (the
/// process stopped between writing the snapshot and starting the new journal); it is
/// ignored and replaced. Any other generation is `.journalMismatch`.
enum Journal {
  static let magic: [UInt8] = Array("GXJRNL".utf8) + [0, 0x1A]
  static let version: UInt32 = 1
  static let headerByteCount = 32
  static let recordHeaderByteCount = 16
  /// The largest payload a record takes; the length field would allow 4 GiB.
  static let maximumPayloadByteCount = 1 << 31

  /// One good record.
  struct Record {
    var byteOffset: Int
    var changes: [GraphChange]
  }

  /// What a journal file holds.
  struct Contents {
    var generation: UInt64
    var records: [Record]
    /// The end of the last good record: the length the file should have.
    var goodByteCount: Int
    /// Bytes after it that were ignored as a torn last record.
    var tornByteCount: Int
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

  /// The bytes of one record holding `payload`.
  static func recordBytes(payload: [UInt8]) -> [UInt8] {
    var writer = BinaryWriter()
    writer.bytes.reserveCapacity(recordHeaderByteCount + payload.count)
    let length = UInt32(payload.count)
    writer.u32(length)
    writer.u32(~length)
    writer.u64(payload.withUnsafeBytes { Checksum.hash($0, seed: UInt64(length)) })
    writer.bytes.append(contentsOf: payload)
    return writer.bytes
  }

  /// Reads and checks the journal at `path`; nil when there is no such file.
  ///
  /// - Throws: `GraphError` `.notAGraph`, `.newerFormat`, `.truncated` (a header cut
  ///   short), `.corrupt` (with the offset of the bad record) or `.io`.
  /// - Complexity: O(file size).
  static func read(path: String) throws(GraphError) -> Contents? {
    guard FileSystem.exists(path) else { return nil }
    let fd = try FileDescriptor.open(path, flags: O_RDONLY)
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
    guard littleEndian(UInt64.self, bytes, at: 24) == expected,
      littleEndian(UInt32.self, bytes, at: 8) == version,
      littleEndian(UInt32.self, bytes, at: 12) == 0
    else {
      throw GraphError(.corrupt, "the journal header is damaged", path: path, byteOffset: 0)
    }
    var contents = Contents(
      generation: littleEndian(UInt64.self, bytes, at: 16), records: [],
      goodByteCount: headerByteCount, tornByteCount: 0)
    var position = headerByteCount
    func corrupt(_ message: String) -> GraphError {
      GraphError(.corrupt, message, path: path, byteOffset: position)
    }
    while position < bytes.count {
      let left = bytes.count - position
      guard left >= recordHeaderByteCount else { break }
      let length = littleEndian(UInt32.self, bytes, at: position)
      guard littleEndian(UInt32.self, bytes, at: position + 4) == ~length else {
        if bytes[position...].allSatisfy({ $0 == 0 }) { break }
        throw corrupt("the journal record's length is damaged")
      }
      let payloadStart = position + recordHeaderByteCount
      guard Int(length) <= bytes.count - payloadStart else { break }
      let payloadEnd = payloadStart + Int(length)
      let stored = littleEndian(UInt64.self, bytes, at: position + 8)
      let actual = bytes.withUnsafeBytes {
        Checksum.hash(
          UnsafeRawBufferPointer(rebasing: $0[payloadStart..<payloadEnd]), seed: UInt64(length))
      }
      guard stored == actual else {
        if payloadEnd == bytes.count || bytes[payloadEnd...].allSatisfy({ $0 == 0 }) { break }
        throw corrupt("the journal record fails its checksum")
      }
      do throws(DecodingFailure) {
        let changes = try BinaryReader.batch(Array(bytes[payloadStart..<payloadEnd]))
        contents.records.append(Record(byteOffset: position, changes: changes))
      } catch {
        throw corrupt(
          "the journal record does not decode: \(error.reason) at byte \(payloadStart + error.byteOffset)"
        )
      }
      position = payloadEnd
      contents.goodByteCount = position
    }
    contents.tornByteCount = bytes.count - contents.goodByteCount
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

/// Appends records to an open journal.
final class JournalWriter {
  let path: String
  private let fd: FileDescriptor
  /// The journal's length: where the next record goes.
  private(set) var byteCount: Int

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
  /// On failure the file is cut back to its previous length, so a later append does not
  /// follow a partial record.
  /// - Throws: `GraphError` `.io`.
  func append(payload: [UInt8]) throws(GraphError) {
    let record = Journal.recordBytes(payload: payload)
    do throws(GraphError) {
      try record.withBytes { (raw) throws(GraphError) in try fd.write(raw, at: byteCount) }
      while fdatasync(fd.rawValue) != 0 {
        if errno == EINTR { continue }
        throw GraphError.system("cannot flush", path: path)
      }
    } catch {
      try? fd.truncate(to: byteCount)
      throw error
    }
    byteCount += record.count
  }
}
