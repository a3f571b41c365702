/// How many terminal cells text occupies, counting East Asian Wide characters as two.
///
/// Han characters, kana, Hangul, CJK punctuation (，。、《》), fullwidth forms (ＡＢ１) and
/// emoji take two cells; combining marks, zero-width joiners, variation selectors and
/// other format characters take none; everything else takes one. Width is measured per
/// grapheme cluster, so 'é' written as e + U+0301 is one cell and an emoji sequence joined
/// by U+200D is two, as modern terminals draw them. East Asian Ambiguous characters
/// (…, │, ①) count as one cell, which is what terminals do unless set to a CJK
/// "ambiguous is wide" mode; the ASCII table border is the way out there.
///
/// ```swift
/// DisplayWidth.of("韩俊")        // 4
/// DisplayWidth.of("省委书记 ok")  // 11
/// ```
public enum DisplayWidth {
  /// The cells a string occupies.
  public static func of(_ text: some StringProtocol) -> Int {
    var total = 0
    for character in text { total += of(character) }
    return total
  }

  /// The cells one grapheme cluster occupies: 0, 1 or 2.
  public static func of(_ character: Character) -> Int {
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return 0 }
    if scalars.count == 1 { return of(first) }
    // A cluster is as wide as its widest visible part: a base with combining marks is the
    // base's width, a Hangul syllable of jamo is 2, an emoji sequence (ZWJ, skin tone,
    // keycap, flag, or text symbol + U+FE0F) is 2.
    var width = 0
    for scalar in scalars {
      if scalar.value == 0xFE0F || (0x1F1E6...0x1F1FF).contains(scalar.value) { return 2 }
      width = max(width, of(scalar))
    }
    return width
  }

  /// The cells one Unicode scalar occupies when drawn alone: 0, 1 or 2.
  public static func of(_ scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value < 0x7F { return value >= 0x20 ? 1 : 0 }
    if value < 0xA0 { return 0 }  // DEL and C1 controls
    if value < 0x300 { return 1 }  // Latin-1 and Latin Extended: the common case, fast
    if isZeroWidth(scalar) { return 0 }
    return isWide(value) ? 2 : 1
  }

  /// Whether a scalar draws nothing by itself (combining marks, joiners, format characters).
  static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if (0x1160...0x11FF).contains(value) { return true }  // Hangul medial vowels and finals
    if value == 0x200B { return true }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format, .control: return true
    default: return false
    }
  }

  /// Whether a scalar is East Asian Wide or Fullwidth (EastAsianWidth.txt W and F).
  ///
  /// The ranges come from Unicode 14's EastAsianWidth property (generated with Python's
  /// `unicodedata.east_asian_width`, merging runs split only by unassigned code points;
  /// the CJK ideograph blocks and planes 2 and 3 are wide even where unassigned).
  static func isWide(_ value: UInt32) -> Bool {
    var low = 0
    var high = wideRanges.count
    while low < high {
      let mid = (low + high) / 2
      let range = wideRanges[mid]
      if value < range.lowerBound {
        high = mid
      } else if value > range.upperBound {
        low = mid + 1
      } else {
        return true
      }
    }
    return false
  }

  private static let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0,
    0x23F3...0x23F3, 0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F,
    0x2693...0x2693, 0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
    0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5,
    0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728,
    0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
    0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
    0x2E80...0x303E, 0x3041...0x3247, 0x3250...0x4DBF, 0x4E00...0xA4C6, 0xA960...0xA97C,
    0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6B, 0xFF01...0xFF60,
    0xFFE0...0xFFE6, 0x16FE0...0x1B2FB, 0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E,
    0x1F191...0x1F19A, 0x1F200...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C,
    0x1F37E...0x1F393, 0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0,
    0x1F3F4...0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440...0x1F440, 0x1F442...0x1F4FC,
    0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A...0x1F57A,
    0x1F595...0x1F596, 0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5,
    0x1F6CC...0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6DF, 0x1F6EB...0x1F6EC,
    0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7F0, 0x1F90C...0x1F93A, 0x1F93C...0x1F945,
    0x1F947...0x1F9FF, 0x1FA70...0x1FAF6, 0x20000...0x3FFFD,
  ]

  /// The longest prefix of `text` that fits in `width` cells, with `ellipsis` appended
  /// when anything was cut; never splits a grapheme cluster or a double-width character.
  public static func truncate(_ text: String, toWidth width: Int, ellipsis: String = "…")
    -> String
  {
    guard of(text) > width else { return text }
    let ellipsisWidth = of(ellipsis)
    guard width >= ellipsisWidth else { return String(repeating: ".", count: max(0, width)) }
    var kept = ""
    var used = 0
    for character in text {
      let w = of(character)
      if used + w > width - ellipsisWidth { break }
      kept.append(character)
      used += w
    }
    return kept + ellipsis
  }

  /// `text` padded with spaces to `width` cells, on the right (left-aligned) or on the left.
  public static func pad(_ text: String, toWidth width: Int, alignRight: Bool = false) -> String {
    let missing = width - of(text)
    guard missing > 0 else { return text }
    let spaces = String(repeating: " ", count: missing)
    return alignRight ? spaces + text : text + spaces
  }
}
