/// Traditional → Simplified conversion, one scalar to one scalar.
///
/// The table comes from Foundation's ICU transform `Hant-Hans` applied to every single
/// character of the CJK blocks (`Scripts/make_hant_hans.swift`). Mapping scalar by scalar
/// keeps every offset of the input, so spans need no remapping, and costs a table
/// lookup instead of an ICU call.
///
/// Example: `劉建華主持會議` becomes `刘建华主持会议`.
enum HantHans {
  /// The first scalar value the table covers.
  static let base: UInt32 = 0x3400
  /// Simplified scalar value per Traditional one, indexed from `base`; 0 where unchanged.
  static let table: [UInt32] = {
    var table = [UInt32](repeating: 0, count: Int(0xFB00 - base))
    var pending: UInt32? = nil
    for scalar in pairText.unicodeScalars where !scalar.properties.isWhitespace {
      if let traditional = pending {
        if traditional >= base && traditional < 0xFB00 {
          table[Int(traditional - base)] = scalar.value
        }
        pending = nil
      } else {
        pending = scalar.value
      }
    }
    return table
  }()

  /// The Simplified form of `scalar`, or nil when it has none.
  @inline(__always)
  static func simplified(_ value: UInt32) -> UInt32? {
    guard value >= base, value < 0xFB00 else { return nil }
    let mapped = table[Int(value - base)]
    return mapped == 0 ? nil : mapped
  }
}
