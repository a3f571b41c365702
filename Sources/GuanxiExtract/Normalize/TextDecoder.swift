import Foundation

/// Turns the bytes of a file into text: UTF-8 (with or without a byte order mark),
/// UTF-16 with a byte order mark, or GB18030 (which includes GBK and GB2312).
///
/// Example: the GBK bytes `BA CF B7 CA` decode to `合肥`.
enum TextDecoder {
  /// GB18030-2000 as Foundation numbers it (`kCFStringEncodingGB_18030_2000` = 0x0632, as an
  /// `NSStringEncoding`), spelled out because Linux Foundation does not export the CF names.
  static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

  enum Failure: Error { case empty, binary }

  /// The decoded text, or why there is none.
  static func decode(_ bytes: [UInt8]) -> Result<String, Failure> {
    var body = bytes[...]
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    if body.isEmpty { return .failure(.empty) }
    if body.starts(with: [0xFF, 0xFE]) || body.starts(with: [0xFE, 0xFF]) {
      guard let text = String(data: Data(body), encoding: .utf16) else { return .failure(.binary) }
      return check(text)
    }
    if body.contains(0) { return .failure(.binary) }
    if let text = String(validating: body, as: UTF8.self) { return check(text) }
    if let text = String(data: Data(body), encoding: gb18030) { return check(text) }
    return .failure(.binary)
  }

  /// Rejects text that is blank or that is mostly control characters (a binary file that
  /// happens to decode).
  static func check(_ text: String) -> Result<String, Failure> {
    var controls = 0
    var visible = 0
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x09, 0x0A, 0x0C, 0x0D, 0x20, 0x3000, 0xFEFF: continue
      case 0..<0x20, 0x7F, 0xFFFD: controls += 1
      default: visible += 1
      }
    }
    if visible == 0 && controls == 0 { return .failure(.empty) }
    if controls * 20 > visible { return .failure(.binary) }
    return .success(text)
  }
}
