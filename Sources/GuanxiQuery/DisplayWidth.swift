/// How many terminal cells text takes: East Asian wide characters take two.
///
/// Han, kana, Hangul, CJK punctuation, full-width forms and emoji take 2 cells;
/// combining marks, zero-width joiners, variation selectors and control
/// characters take 0; everything else takes 1. Widths are summed per Character,
/// and a Character takes the widest of its scalars, so `e\u{301}` is 1 and a Han
/// character with a variation selector is 2.
///
/// Example: `DisplayWidth.of("韩俊 (Han Jun)") == 14`.
public enum DisplayWidth {
  /// The number of cells `text` takes in a monospaced terminal.
  public static func of(_ text: Substring) -> Int {
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
    var width = 0
    for character in text {
      var widest = 0
      for scalar in character.unicodeScalars {
        widest = max(widest, of(scalar))
      }
      width += widest
    }
    return width
  }

  /// The number of cells `text` takes in a monospaced terminal.
  public static func of(_ text: String) -> Int { of(text[...]) }

  /// The number of cells one scalar takes on its own.
  public static func of(_ scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
    if v < 0x300 { return 1 }
    if isZeroWidth(v) { return 0 }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: break
    }
    return isWide(v) ? 2 : 1
  }

  static func isZeroWidth(_ v: UInt32) -> Bool {
    (0x200B...0x200F).contains(v) || (0xFE00...0xFE0F).contains(v) || v == 0x2060
      || (0xE0100...0xE01EF).contains(v)
  }

  /// East Asian Wide (W) and Fullwidth (F) ranges, plus the common emoji blocks.
  static func isWide(_ v: UInt32) -> Bool {
    switch v {
    case 0x1100...0x115F,  // Hangul Jamo initial consonants
      0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
      0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1,
      0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA,
      0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C,
      0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C,
      0x2B50, 0x2B55,
      0x2E80...0x303E,  // CJK radicals, Kangxi, CJK symbols and punctuation
      0x3041...0x33FF,  // kana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK compatibility
      0x3400...0x4DBF,  // CJK extension A
      0x4E00...0x9FFF,  // CJK unified ideographs
      0xA000...0xA4CF,  // Yi
      0xA960...0xA97F,  // Hangul Jamo extended A
      0xAC00...0xD7A3,  // Hangul syllables
      0xF900...0xFAFF,  // CJK compatibility ideographs
      0xFE10...0xFE19,  // vertical forms
      0xFE30...0xFE6F,  // CJK compatibility forms, small form variants
      0xFF00...0xFF60,  // full-width forms
      0xFFE0...0xFFE6,  // full-width signs
      0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,  // Tangut, kana supplement
      0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251,
      0x1F300...0x1F64F,  // pictographs, emoticons
      0x1F680...0x1F6FF,  // transport and map symbols
      0x1F7E0...0x1F7EB, 0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF,
      0x20000...0x2FFFD,  // CJK extensions B–F
      0x30000...0x3FFFD:  // CJK extension G and beyond
      return true
    default:
      return false
    }
  }
}
