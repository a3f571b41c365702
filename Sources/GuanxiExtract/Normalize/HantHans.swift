/// Traditional → Simplified conversion, one scalar to one scalar, by words where a
/// character's reading depends on its word.
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

  /// Words whose characters convert otherwise than one by one, Traditional → Simplified,
  /// of equal length so that offsets hold: 乾隆 stays 乾隆 (乾 alone becomes 干), 著名 stays
  /// 著名 (著 alone becomes 着), 瞭望 stays 瞭望, 狼藉 stays 狼藉.
  static let words: [(String, String)] = [
    ("乾隆", "乾隆"), ("乾坤", "乾坤"), ("乾元", "乾元"), ("乾陵", "乾陵"), ("乾縣", "乾县"), ("乾安", "乾安"),
    ("乾清", "乾清"), ("乾卦", "乾卦"), ("乾嘉", "乾嘉"), ("乾道", "乾道"), ("著名", "著名"), ("著作", "著作"),
    ("著稱", "著称"), ("顯著", "显著"), ("卓著", "卓著"), ("著述", "著述"), ("著者", "著者"), ("名著", "名著"),
    ("論著", "论著"), ("專著", "专著"), ("巨著", "巨著"), ("原著", "原著"), ("編著", "编著"), ("著錄", "著录"),
    ("土著", "土著"), ("瞭望", "瞭望"), ("狼藉", "狼藉"), ("慰藉", "慰藉"), ("蘊藉", "蕴藉"), ("昭著", "昭著"),
  ]
  static let wordTrie = ScalarTrie(
    words.map { ($0.0, Array($0.1.unicodeScalars)) })

  /// Converts Traditional `text` in place, words first, then scalar by scalar.
  static func convert(_ text: inout [Unicode.Scalar]) {
    var i = 0
    while i < text.count {
      if wordTrie.mayStart(text[i]), let match = wordTrie.longestMatch(in: text[...], at: i) {
        for (k, scalar) in match.payload.enumerated() { text[i + k] = scalar }
        i = match.end
        continue
      }
      if let simple = simplified(text[i].value), let s = Unicode.Scalar(simple) { text[i] = s }
      i += 1
    }
  }

  /// The Simplified form of `scalar`, or nil when it has none.
  @inline(__always)
  static func simplified(_ value: UInt32) -> UInt32? {
    guard value >= base, value < 0xFB00 else { return nil }
    let mapped = table[Int(value - base)]
    return mapped == 0 ? nil : mapped
  }
}
