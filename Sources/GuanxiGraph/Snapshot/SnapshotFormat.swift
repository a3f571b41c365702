/// The snapshot file format (`NAME.gx`), version 1.
///
/// Little-endian throughout. A file is a fixed 48-byte header, then sections, the last
/// of which is the end section:
///
/// ```
/// offset  size  field
///      0     8  magic "GUANXI\0\x1A"
///      8     4  u32 format version (1)
///     12     4  u32 flags (0; a reader of version 1 refuses other values)
///     16     8  u64 generation: random, new for every snapshot written
///     24     8  u64 parent generation: the generation this snapshot replaced (0: none)
///     32     8  u64 file length in bytes, header and end section included
///     40     8  u64 header checksum (`Checksum.hash` of bytes 0..<40)
///     48        sections
/// ```
///
/// The magic and the version word keep their places in every future version, so a reader
/// can always tell "not a graph" from "a graph from a newer Guanxi". Recording the file
/// length lets a reader tell a truncated file (shorter than recorded) from a corrupt one.
///
/// A section is `u32 tag`, `u64 byteCount`, `byteCount` bytes of payload, then a `u64`
/// checksum: `Checksum.hash(payload, seed: Checksum.sectionSeed(tag:byteCount:))`, so the
/// tag and length are covered too. Sections follow each other without padding; arrays
/// are stored as their elements' raw little-endian bytes, which is what lets a reader
/// `pread` each one straight into a Swift array.
///
/// Section tags. Stored in files, so never renumber. A tag with bit 31 set
/// (`SectionTag.skippableBit`) is optional: a reader that does not know it checks its
/// checksum and skips it, which is how a later version adds information old readers may
/// ignore. An unknown tag without that bit is corruption (a newer writer that needs
/// readers to understand a section must raise the format version instead). Every tag
/// below is required in version 1 and appears exactly once; the order in which they are
/// written is the order listed, but readers accept any order.
///
/// | tag | section | payload |
/// | --- | --- | --- |
/// | 0 | end | empty; must be last and end the file |
/// | 1 | counts | `u64` × 4: node id limit, relationship id limit, live nodes, live relationships |
/// | 2 | string bytes | `u8`: the UTF-8 of every interned string, back to back |
/// | 3 | string offsets | `u32` × (strings + 1): `StringTable.offsets` |
/// | 4 | label sets | `u32` words: per set `count` then its symbols ascending; set 0 is empty |
/// | 5 | node label sets | `u32` per node id: index into the label sets, `0xFFFFFFFF` for a hole |
/// | 6 | node property offsets | `u32` per node id: record offset in the node arena or `0xFFFFFFFF` |
/// | 7 | node arena words | `u32`: `PropertyArena.words` after compaction |
/// | 8 | node arena values | `u32 count` then tagged values (`BinaryWriter`): the arena's lists and maps |
/// | 9 | relationship starts | `u32` per relationship id |
/// | 10 | relationship ends | `u32` per relationship id |
/// | 11 | relationship types | `u16` per relationship id: index into the type symbols, `0xFFFF` for a hole |
/// | 12 | relationship property offsets | `u32` per relationship id |
/// | 13 | relationship docs | `u32` per relationship id: `doc` symbol or `0xFFFFFFFF` |
/// | 14 | relationship span starts | `u32` per relationship id, `0xFFFFFFFF` when no span |
/// | 15 | relationship span ends | `u32` per relationship id |
/// | 16 | type symbols | `u32` per relationship type |
/// | 17 | relationship arena words | `u32` |
/// | 18 | relationship arena values | as tag 8 |
/// | 19 | outgoing offsets | `u32` × (node id limit + 1): CSR offsets, no `recent` overflow |
/// | 20 | outgoing entries | `u32` relationship ids, per node by (type, id) |
/// | 21 | incoming offsets | as tag 19 |
/// | 22 | incoming entries | as tag 20 |
/// | `0x80000017` | document evidence (optional, skippable) | `u32 count`, then per document ascending by symbol: `u32` name symbol, `u32 byteCount`, the bytes of `DocumentEvidence.encoded` |
/// | `0x80000018` | index definitions (optional) | `u32 count`, then per index its name, label and key as `BinaryWriter` strings, by name |
///
/// Document evidence came after version 1's first files, so it has the skippable bit: an
/// older reader skips it, and a file without it loads with no evidence. It is always
/// written, empty or not.
/// Not stored, rebuilt on load: the string hash slots, the label set and type code
/// dictionaries, the label index, the name index, and the property index behind each
/// stored index definition. The index definitions section is skippable, so a reader
/// that predates it opens the file without the indexes, and a file without it (written
/// before it existed) opens with none.
enum SnapshotFormat {
  static let magic: [UInt8] = Array("GUANXI".utf8) + [0, 0x1A]
  static let version: UInt32 = 1
  static let headerByteCount = 48
  /// Bytes around a payload: tag, length, checksum.
  static let sectionOverhead = 4 + 8 + 8
}

/// The tag of a snapshot section; see `SnapshotFormat` for the table.
enum SectionTag: UInt32, CaseIterable {
  case end = 0
  case counts = 1
  case stringBytes = 2
  case stringOffsets = 3
  case labelSets = 4
  case nodeLabelSets = 5
  case nodeProperties = 6
  case nodeArenaWords = 7
  case nodeArenaValues = 8
  case relationshipStarts = 9
  case relationshipEnds = 10
  case relationshipTypes = 11
  case relationshipProperties = 12
  case relationshipDocs = 13
  case relationshipSpanStarts = 14
  case relationshipSpanEnds = 15
  case typeSymbols = 16
  case relationshipArenaWords = 17
  case relationshipArenaValues = 18
  case outgoingOffsets = 19
  case outgoingEntries = 20
  case incomingOffsets = 21
  case incomingEntries = 22
  case documentEvidence = 0x8000_0017
  case indexDefinitions = 0x8000_0018

  /// Set in the tag of a section readers may skip when they do not know it.
  static let skippableBit: UInt32 = 1 << 31

  /// The size of one element of the section's payload.
  var elementByteCount: Int {
    switch self {
    case .end, .stringBytes, .nodeArenaValues, .relationshipArenaValues, .documentEvidence,
      .indexDefinitions:
      1
    case .relationshipTypes: 2
    case .counts: 8
    default: 4
    }
  }

  /// A name for reports and messages: "string offsets".
  var name: String {
    switch self {
    case .end: "end"
    case .counts: "counts"
    case .stringBytes: "string bytes"
    case .stringOffsets: "string offsets"
    case .labelSets: "label sets"
    case .nodeLabelSets: "node label sets"
    case .nodeProperties: "node property offsets"
    case .nodeArenaWords: "node arena words"
    case .nodeArenaValues: "node arena values"
    case .relationshipStarts: "relationship starts"
    case .relationshipEnds: "relationship ends"
    case .relationshipTypes: "relationship types"
    case .relationshipProperties: "relationship property offsets"
    case .relationshipDocs: "relationship docs"
    case .relationshipSpanStarts: "relationship span starts"
    case .relationshipSpanEnds: "relationship span ends"
    case .typeSymbols: "type symbols"
    case .relationshipArenaWords: "relationship arena words"
    case .relationshipArenaValues: "relationship arena values"
    case .outgoingOffsets: "outgoing offsets"
    case .outgoingEntries: "outgoing entries"
    case .incomingOffsets: "incoming offsets"
    case .incomingEntries: "incoming entries"
    case .documentEvidence: "document evidence"
    case .indexDefinitions: "index definitions"
    }
  }
}

/// The fixed header of a snapshot.
struct SnapshotHeader: Equatable {
  var version: UInt32 = SnapshotFormat.version
  var flags: UInt32 = 0
  var generation: UInt64
  var parentGeneration: UInt64
  var fileByteCount: UInt64

  /// The 48 bytes as written.
  func encoded() -> [UInt8] {
    var writer = BinaryWriter()
    writer.bytes = SnapshotFormat.magic
    writer.u32(version)
    writer.u32(flags)
    writer.u64(generation)
    writer.u64(parentGeneration)
    writer.u64(fileByteCount)
    let checksum = writer.bytes.withUnsafeBytes { Checksum.hash($0) }
    writer.u64(checksum)
    return writer.bytes
  }
}
