/// Normalises decoded text into the form every span counts in.
///
/// The rules, applied scalar by scalar so the output is a deterministic function of the
/// input (the shell re-reads a document and normalises it again to show evidence):
/// - a byte order mark is dropped; CR LF becomes LF and a lone CR becomes LF;
/// - full-width ASCII (U+FF01–U+FF5E) becomes ASCII: `，：（２０２３）` → `,:(2023)`;
///   the ideographic space and no-break space become a space; `。、“”《》` stay;
/// - Traditional characters become Simplified when the text is in Traditional script
///   (two or more Han characters, and at least one in twenty, have a Simplified form): `區委書記` → `区委书记`,
///   by words where a character's reading depends on its word (`乾隆` stays, `乾淨` → `干净`).
///   Simplified text is left alone, so a stray `著` or `乾` in it survives.
///
/// Spans are offsets in Unicode scalars of the normalised text, which is what Python's
/// string indices count.
public enum Normalizer {
  /// The normalised form of `text`.
  public static func normalize(_ text: String) -> String {
    String(scalars: normalizedScalars(text))
  }

  /// The normalised form of `text` as scalars.
  public static func normalizedScalars(_ text: String) -> [Unicode.Scalar] {
    var text = text
    return text.withUTF8(normalizedScalars(utf8:))
  }

  /// The normalised scalars of well-formed UTF-8 (a Swift string's storage), decoded and
  /// mapped in one pass over the bytes.
  private static func normalizedScalars(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [Unicode.Scalar]
  {
    var han = 0
    var traditional = 0
    let base = HantHans.base
    // Every scalar takes at least one byte, so the byte count bounds the output.
    var out = HantHans.table.withUnsafeBufferPointer { table in
      [Unicode.Scalar](unsafeUninitializedCapacity: bytes.count) { out, count in
        var n = 0
        var previousWasCR = false
        var i = 0
        while i < bytes.count {
          // Decode one scalar.
          let b0 = UInt32(bytes[i])
          var value: UInt32
          if b0 < 0x80 {
            value = b0
            i += 1
          } else if b0 < 0xE0 {
            value = (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
            i += 2
          } else if b0 < 0xF0 {
            value =
              (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
            i += 3
          } else {
            value =
              (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F)
              << 6
              | UInt32(bytes[i + 3] & 0x3F)
            i += 4
          }
          // Map it.
          if value == 0x0D {
            out[n] = "\n"
            n += 1
            previousWasCR = true
            continue
          }
          if value == 0x0A && previousWasCR {
            previousWasCR = false
            continue
          }
          previousWasCR = false
          switch value {
          case 0xFEFF: continue
          case 0xFF01...0xFF5E: value -= 0xFEE0
          case 0x3000, 0x00A0: value = 0x20
          case 0x3400...0xFAFF:
            han += 1
            if table[Int(value - base)] != 0 { traditional += 1 }
          default: break
          }
          out[n] = Unicode.Scalar(value) ?? "\u{FFFD}"
          n += 1
        }
        count = n
      }
    }
    if traditional >= 2 && traditional * 20 >= han { HantHans.convert(&out) }
    return out
  }
}
