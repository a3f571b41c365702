/// The 64-bit checksum of snapshot sections and journal records.
///
/// Word-at-a-time: four independent lanes each take one little-endian 64-bit word per
/// step (`lane = xorshift((lane ^ word) * K)`), so the multiplies of neighbouring words
/// overlap in the pipeline and a 400 MB snapshot checksums in well under a tenth of a
/// second. Every step is a bijection of the lane for a fixed word and of the word for a
/// fixed lane, and the lanes are folded one after another with bijective mixes, so any
/// change confined to one 8-byte word (every single flipped byte, every flipped bit) is
/// always detected; other damage escapes with probability about 2⁻⁶⁴. The length and a
/// caller's seed (the section's tag and length) go into the starting state, so a prefix
/// never shares a checksum with the whole.
///
/// This is not a cryptographic hash and does not need to be: it guards against disks and
/// crashes, not against adversaries.
enum Checksum {
  static let k1: UInt64 = 0x9E37_79B9_7F4A_7C15
  static let k2: UInt64 = 0xBF58_476D_1CE4_E5B9
  static let k3: UInt64 = 0x94D0_49BB_1331_11EB

  @inline(__always)
  static func step(_ lane: UInt64, _ word: UInt64) -> UInt64 {
    let x = (lane ^ word) &* k2
    return x ^ (x >> 29)
  }

  @inline(__always)
  static func finish(_ value: UInt64) -> UInt64 {
    var x = value
    x = (x ^ (x >> 31)) &* k3
    x = (x ^ (x >> 29)) &* k2
    return x ^ (x >> 32)
  }

  /// The checksum of `bytes`, started from `seed`.
  ///
  /// - Complexity: O(bytes), about one multiply per 8 bytes.
  static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
    let n = bytes.count
    var a = seed ^ k1
    var b = seed &+ k2
    var c = seed ^ k3 ^ UInt64(truncatingIfNeeded: n)
    var d = (seed &* k1) ^ 0x5851_F42D_4C95_7F2D
    var i = 0
    if let base = bytes.baseAddress {
      while i + 32 <= n {
        a = step(a, base.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian)
        b = step(b, base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self).littleEndian)
        c = step(c, base.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self).littleEndian)
        d = step(d, base.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self).littleEndian)
        i += 32
      }
      while i + 8 <= n {
        a = step(a, base.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian)
        i += 8
      }
      if i < n {
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
          tail |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << shift
          shift += 8
          i += 1
        }
        b = step(b, tail)
      }
    }
    var h = finish(a ^ UInt64(truncatingIfNeeded: n))
    h = finish(h ^ b)
    h = finish(h ^ c)
    h = finish(h ^ d)
    return h
  }

  /// The checksum of the bytes of `array`'s elements.
  static func hash<T>(_ array: [T], seed: UInt64 = 0) -> UInt64 {
    array.withUnsafeBytes { hash($0, seed: seed) }
  }

  /// The seed of a section: its tag and length, so a damaged section header fails the
  /// section's checksum just as a damaged payload does.
  static func sectionSeed(tag: UInt32, byteCount: UInt64) -> UInt64 {
    finish(UInt64(tag) &* k1 ^ finish(byteCount ^ k3))
  }
}
