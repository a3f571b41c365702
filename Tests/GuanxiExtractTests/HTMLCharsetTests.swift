import Foundation
import Testing

@testable import GuanxiExtract

/// A page's encoding: byte order mark, then `<meta>`, then the bytes themselves.
@Suite struct HTMLCharsetTests {
  static let gbk = CharsetSniffer.gb18030
  static let big5 = CharsetSniffer.big5

  static func bytes(_ text: String, _ encoding: String.Encoding) -> [UInt8] {
    [UInt8](text.data(using: encoding) ?? Data())
  }

  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var text: String
    var testDescription: String { name }
  }

  static let page = "<p>区长陶喆主持会议</p>"  // 喆 is in GBK, not in GB2312.
  static let traditional = "<p>市委書記許振國主持會議，強調要加快發展。</p>"

  static let cases: [Case] = [
    Case(name: "UTF-8 BOM", bytes: [0xEF, 0xBB, 0xBF] + bytes(page, .utf8), text: page),
    Case(name: "UTF-16 LE BOM", bytes: [0xFF, 0xFE] + bytes(page, .utf16LittleEndian), text: page),
    Case(name: "UTF-16 BE BOM", bytes: [0xFE, 0xFF] + bytes(page, .utf16BigEndian), text: page),
    Case(
      name: "meta charset=gb2312 reads GBK as GB18030",
      bytes: bytes("<meta charset=\"gb2312\">" + page, gbk),
      text: "<meta charset=\"gb2312\">" + page),
    Case(
      name: "http-equiv content type",
      bytes: bytes("<META HTTP-EQUIV=Content-Type CONTENT='text/html; charset=GBK'>" + page, gbk),
      text: "<META HTTP-EQUIV=Content-Type CONTENT='text/html; charset=GBK'>" + page),
    Case(
      name: "meta charset=big5",
      bytes: bytes("<meta charset=big5>" + traditional, big5),
      text: "<meta charset=big5>" + traditional),
    Case(name: "no declaration, UTF-8", bytes: bytes(page, .utf8), text: page),
    Case(name: "no declaration, GBK", bytes: bytes(page, gbk), text: page),
    Case(name: "no declaration, Big5", bytes: bytes(traditional, big5), text: traditional),
    Case(
      name: "declared gb2312 but saved as UTF-8",
      bytes: bytes("<meta charset=gb2312>" + page, .utf8), text: "<meta charset=gb2312>" + page),
    Case(
      name: "declared utf-8 but saved as GBK",
      bytes: bytes("<meta charset=utf-8>" + page, gbk), text: "<meta charset=utf-8>" + page),
    Case(
      name: "a declaration in a comment does not count",
      bytes: bytes("<!-- <meta charset=big5> -->" + page, gbk),
      text: "<!-- <meta charset=big5> -->" + page),
    Case(
      name: "unknown label: the bytes decide",
      bytes: bytes("<meta charset=x-unknown>" + page, gbk), text: "<meta charset=x-unknown>" + page),
  ]

  @Test(arguments: cases) func decodes(_ c: Case) {
    #expect(CharsetSniffer.decode(c.bytes) == c.text)
  }

  @Test func foundationOnLinuxHasBig5() {
    let text = "中華民國區委書記"
    let encoded = text.data(using: Self.big5)
    #expect(
      encoded.map { Array($0) } == [
        0xA4, 0xA4, 0xB5, 0xD8, 0xA5, 0xC1, 0xB0, 0xEA, 0xB0, 0xCF, 0xA9, 0x65, 0xAE, 0xD1, 0xB0,
        0x4F,
      ])
  }

  /// A bad byte costs one character, not the line or the page.
  @Test func replacesInvalidBytesOneByOne() {
    let good = Self.bytes("<meta charset=gbk><p>合肥市</p>\n<p>庐阳区</p>", Self.gbk)
    var badTrail = good
    badTrail[badTrail.firstIndex(of: 0xCA) ?? 0] = 0xFF  // 肥 is B7 CA
    #expect(CharsetSniffer.decode(badTrail) == "<meta charset=gbk><p>合\u{FFFD}市</p>\n<p>庐阳区</p>")
    var badLead = good
    badLead[badLead.firstIndex(of: 0xBA) ?? 0] = 0xFF  // 合 is BA CF; CF is a lead then
    // A lost lead byte leaves its trail to pair with the next byte, as in a browser; the
    // damage stops at the line's end.
    #expect(CharsetSniffer.decode(badLead).hasPrefix("<meta charset=gbk><p>\u{FFFD}"))
    #expect(CharsetSniffer.decode(badLead).hasSuffix("\n<p>庐阳区</p>"))
  }

  struct Label: Sendable, CustomTestStringConvertible {
    var label: String
    var encoding: String.Encoding?
    var testDescription: String { label }
  }

  @Test(arguments: [
    Label(label: "GB2312", encoding: gbk), Label(label: " gbk ", encoding: gbk),
    Label(label: "gb18030", encoding: gbk), Label(label: "x-gbk", encoding: gbk),
    Label(label: "Big5-HKSCS", encoding: big5), Label(label: "UTF-8", encoding: .utf8),
    Label(label: "utf-16", encoding: .utf8), Label(label: "iso-8859-1", encoding: .windowsCP1252),
    Label(label: "klingon", encoding: nil),
  ])
  func mapsLabels(_ l: Label) {
    #expect(CharsetSniffer.encoding(label: l.label) == l.encoding)
  }

  @Test func readsTheCharsetParameter() {
    #expect(CharsetSniffer.charsetParameter("text/html; charset=gb2312") == "gb2312")
    #expect(CharsetSniffer.charsetParameter("text/html;CHARSET = \"utf-8\"") == "utf-8")
    #expect(CharsetSniffer.charsetParameter("text/html") == nil)
  }
}
