/// The evidence sentences of one document, kept in the graph so that the sentence behind a
/// fact can be shown after the graph has moved to another machine and its sources are gone.
///
/// Only the stretches of the normalised text that some fact points at are kept (the union
/// of the facts' spans, each a sentence), with their offsets, so that a span still cuts
/// the same text out. They are stored compressed: measured on the shared corpus and 59
/// real pages, the evidence sentences are a quarter to a third of a text, and the codec
/// below halves them again (BENCHMARKS.md, "Evidence in the graph").
///
/// Encoding, version 1 (all lengths unsigned LEB128 varints):
///
/// ```
/// u8      version (1)
/// varint  segment count
/// per segment: varint gap (scalars since the previous segment's end), varint length
/// varint  byte count of the coded text
/// rest    the coded text of the segments back to back, compressed (`EvidenceCodec`)
/// ```
///
/// Example: the text `会议由沈一帆主持。其他内容。` with one fact spanning `[0, 9)` keeps one
/// segment, and `sentence(scalarStart: 0, scalarEnd: 9)` gives `会议由沈一帆主持。`; a span
/// outside the kept segments gives nil.
public struct DocumentEvidence: Hashable, Sendable {
  /// The encoded bytes: what snapshots and the journal store.
  public let encoded: [UInt8]

  /// Evidence from stored bytes; they are checked only when read (`sentence` returns nil
  /// for bytes that do not decode).
  public init(encoded: [UInt8]) { self.encoded = encoded }

  /// Keeps the parts of `text` that `spans` cover (half-open scalar ranges; ranges out of
  /// bounds are clipped, empty ones dropped).
  public init(text: [Unicode.Scalar], spans: [Range<Int>]) {
    var ranges = spans.compactMap { span -> Range<Int>? in
      let clipped = span.clamped(to: 0..<text.count)
      return clipped.isEmpty ? nil : clipped
    }
    ranges.sort { $0.lowerBound < $1.lowerBound }
    var merged: [Range<Int>] = []
    for range in ranges {
      if let last = merged.last, range.lowerBound <= last.upperBound {
        merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
      } else {
        merged.append(range)
      }
    }
    var writer = VarintWriter()
    writer.bytes.append(1)
    writer.varint(merged.count)
    var previousEnd = 0
    var kept: [Unicode.Scalar] = []
    kept.reserveCapacity(merged.reduce(0) { $0 + $1.count })
    for range in merged {
      writer.varint(range.lowerBound - previousEnd)
      writer.varint(range.count)
      previousEnd = range.upperBound
      kept.append(contentsOf: text[range])
    }
    let coded = EvidenceCodec.compress(EvidenceCodec.code(kept))
    writer.varint(coded.count)
    writer.bytes.append(contentsOf: coded)
    encoded = writer.bytes
  }

  /// The kept segments as half-open scalar ranges of the normalised text, ascending, and
  /// the coded text; nil when the bytes do not decode.
  private func segments() -> (ranges: [Range<Int>], coded: ArraySlice<UInt8>)? {
    var reader = VarintReader(bytes: encoded)
    guard reader.byte() == 1, let count = reader.varint(), count <= encoded.count else {
      return nil
    }
    var ranges: [Range<Int>] = []
    ranges.reserveCapacity(count)
    var end = 0
    for _ in 0..<count {
      guard let gap = reader.varint(), let length = reader.varint(),
        case (let start, false) = end.addingReportingOverflow(gap),
        case (let stop, false) = start.addingReportingOverflow(length)
      else { return nil }
      ranges.append(start..<stop)
      end = stop
    }
    guard let byteCount = reader.varint(), byteCount == encoded.count - reader.position else {
      return nil
    }
    return (ranges, encoded[reader.position...])
  }

  /// The kept text between two scalar offsets of the normalised text, or nil when that
  /// stretch was not kept (or the bytes are damaged).
  public func sentence(scalarStart: Int, scalarEnd: Int) -> String? {
    guard scalarStart <= scalarEnd, let (ranges, coded) = segments() else { return nil }
    var offset = 0
    for range in ranges {
      if range.lowerBound <= scalarStart && scalarEnd <= range.upperBound {
        guard let bytes = EvidenceCodec.decompress(coded),
          let scalars = EvidenceCodec.decode(bytes)
        else { return nil }
        let from = offset + scalarStart - range.lowerBound
        let to = offset + scalarEnd - range.lowerBound
        guard to <= scalars.count else { return nil }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[from..<to])
        return text
      }
      offset += range.count
    }
    return nil
  }

  /// The kept segments as half-open scalar ranges, ascending; empty when damaged.
  public var keptRanges: [Range<Int>] { segments()?.ranges ?? [] }
}

/// Unsigned LEB128 varints.
struct VarintWriter {
  var bytes: [UInt8] = []

  mutating func varint(_ value: Int) {
    var v = UInt64(max(0, value))
    while v >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(v))
  }
}

/// Reads what `VarintWriter` writes; nil past the end or on an overlong varint.
struct VarintReader {
  let bytes: [UInt8]
  var position = 0

  mutating func byte() -> UInt8? {
    guard position < bytes.count else { return nil }
    defer { position += 1 }
    return bytes[position]
  }

  mutating func varint() -> Int? {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while let b = byte() {
      value |= UInt64(b & 0x7F) << shift
      if b < 0x80 { return value <= UInt64(Int32.max) ? Int(value) : nil }
      shift += 7
      if shift > 35 { return nil }
    }
    return nil
  }
}

/// The text codec of `DocumentEvidence`: scalars to a compact byte code, then a small
/// LZ77 in the manner of LZ4's block format. No package, no tables.
///
/// The byte code keeps Chinese at two bytes a character (UTF-8 takes three):
///
/// | first byte | scalar |
/// | --- | --- |
/// | `00`-`7F` | that ASCII scalar |
/// | `80`-`DF`, then one byte | `0x4000` + 13-bit value: U+4000-U+9FFF (CJK ideographs) |
/// | `E0`-`FD`, then one byte | `0x2000` + value: U+2000-U+3DFF (punctuation, 、。《》) |
/// | `FE`, then three bytes | any other scalar, little-endian |
///
/// The LZ stage writes sequences: a token byte (high nibble literal count, low nibble match
/// length minus 4; 15 means more length bytes follow, each added, until one below 255),
/// the literals, then a two-byte little-endian distance back (1-65535) and the match. The
/// last sequence has literals only. Decoding checks every length and distance, so damaged
/// bytes give nil, never a trap.
enum EvidenceCodec {
  static let minimumMatch = 4

  static func code(_ scalars: [Unicode.Scalar]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(scalars.count * 2)
    for scalar in scalars {
      let v = scalar.value
      if v < 0x80 {
        out.append(UInt8(v))
      } else if v >= 0x4000 && v <= 0x9FFF {
        let x = v - 0x4000
        out.append(0x80 + UInt8(x >> 8))
        out.append(UInt8(truncatingIfNeeded: x))
      } else if v >= 0x2000 && v <= 0x3DFF {
        let x = v - 0x2000
        out.append(0xE0 + UInt8(x >> 8))
        out.append(UInt8(truncatingIfNeeded: x))
      } else {
        out.append(0xFE)
        out.append(UInt8(truncatingIfNeeded: v))
        out.append(UInt8(truncatingIfNeeded: v >> 8))
        out.append(UInt8(truncatingIfNeeded: v >> 16))
      }
    }
    return out
  }

  static func decode(_ bytes: [UInt8]) -> [Unicode.Scalar]? {
    var scalars: [Unicode.Scalar] = []
    scalars.reserveCapacity(bytes.count / 2)
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      var value: UInt32
      switch b {
      case 0x00...0x7F:
        value = UInt32(b)
        i += 1
      case 0x80...0xFD:
        guard i + 1 < bytes.count else { return nil }
        let base: UInt32 =
          b < 0xE0 ? 0x4000 + (UInt32(b - 0x80) << 8) : 0x2000 + (UInt32(b - 0xE0) << 8)
        value = base + UInt32(bytes[i + 1])
        i += 2
      case 0xFE:
        guard i + 3 < bytes.count else { return nil }
        value = UInt32(bytes[i + 1]) | UInt32(bytes[i + 2]) << 8 | UInt32(bytes[i + 3]) << 16
        i += 4
      default:
        return nil
      }
      guard let scalar = Unicode.Scalar(value) else { return nil }
      scalars.append(scalar)
    }
    return scalars
  }

  /// Greedy LZ77 with one hash candidate per position (LZ4's fast mode).
  static func compress(_ input: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(input.count / 2 + 16)
    let n = input.count
    input.withUnsafeBufferPointer { src in
      var table = [Int32](repeating: -1, count: 1 << 12)
      var anchor = 0
      var i = 0
      func hash(_ p: Int) -> Int {
        let word =
          UInt32(src[p]) | UInt32(src[p + 1]) << 8 | UInt32(src[p + 2]) << 16
          | UInt32(src[p + 3]) << 24
        return Int((word &* 2_654_435_761) >> 20)
      }
      while i + minimumMatch <= n {
        let h = hash(i)
        let candidate = Int(table[h])
        table[h] = Int32(i)
        guard candidate >= 0, i - candidate <= 65_535,
          src[candidate] == src[i], src[candidate + 1] == src[i + 1],
          src[candidate + 2] == src[i + 2], src[candidate + 3] == src[i + 3]
        else {
          i += 1
          continue
        }
        var length = minimumMatch
        while i + length < n && src[candidate + length] == src[i + length] { length += 1 }
        sequence(&out, literals: src[anchor..<i], match: length, distance: i - candidate)
        let end = i + length
        var k = i + 1
        while k < end && k + minimumMatch <= n {
          table[hash(k)] = Int32(k)
          k += 1
        }
        i = end
        anchor = end
      }
      sequence(&out, literals: src[anchor..<n], match: 0, distance: 0)
    }
    return out
  }

  private static func sequence(
    _ out: inout [UInt8], literals: Slice<UnsafeBufferPointer<UInt8>>, match: Int, distance: Int
  ) {
    let literalCount = literals.count
    let matchExtra = match == 0 ? 0 : match - minimumMatch
    out.append(UInt8(min(literalCount, 15) << 4 | min(matchExtra, 15)))
    if literalCount >= 15 { length(&out, literalCount - 15) }
    out.append(contentsOf: literals)
    guard match > 0 else { return }
    out.append(UInt8(truncatingIfNeeded: distance))
    out.append(UInt8(truncatingIfNeeded: distance >> 8))
    if matchExtra >= 15 { length(&out, matchExtra - 15) }
  }

  private static func length(_ out: inout [UInt8], _ value: Int) {
    var rest = value
    while rest >= 255 {
      out.append(255)
      rest -= 255
    }
    out.append(UInt8(rest))
  }

  /// The bytes `compress` was given, or nil when `input` is not a well-formed block.
  /// Output is capped at 64 MiB, so a damaged length cannot ask for more.
  static func decompress(_ input: ArraySlice<UInt8>) -> [UInt8]? {
    let limit = 64 << 20
    var out: [UInt8] = []
    out.reserveCapacity(input.count * 2)
    var i = input.startIndex
    let end = input.endIndex
    func extended(_ base: Int) -> Int? {
      var value = base
      while true {
        guard i < end else { return nil }
        let b = Int(input[i])
        i += 1
        value += b
        if value > limit { return nil }
        if b < 255 { return value }
      }
    }
    while i < end {
      let token = Int(input[i])
      i += 1
      var literals = token >> 4
      if literals == 15 {
        guard let more = extended(15) else { return nil }
        literals = more
      }
      guard literals <= end - i, out.count + literals <= limit else { return nil }
      out.append(contentsOf: input[i..<(i + literals)])
      i += literals
      if i == end { return token & 15 == 0 ? out : nil }
      guard end - i >= 2 else { return nil }
      let distance = Int(input[i]) | Int(input[i + 1]) << 8
      i += 2
      var match = (token & 15) + minimumMatch
      if token & 15 == 15 {
        guard let more = extended(15 + minimumMatch) else { return nil }
        match = more
      }
      guard distance > 0, distance <= out.count, out.count + match <= limit else { return nil }
      let from = out.count - distance
      for k in 0..<match { out.append(out[from + k]) }
    }
    return out
  }
}
