import Foundation
import TestSupport
import Testing

@testable import GuanxiExtract

/// Garbage never crashes the HTML stage: mutated test pages and random bytes, seeded.
@Suite struct HTMLFuzzTests {
  static let fragments: [[UInt8]] = [
    "<", ">", "\"", "'", "=", "&", "&#", "&#x", "&nbsp", "<!--", "-->", "</", "<script>",
    "</script>", "<style>", "<title>", "<table>", "<tr>", "<td>", "</td>", "<p>", "</p>",
    "<div class=content>", "</div>", "<br>", "<![CDATA[", "<?", "<a href=\"", "<meta charset=big5>",
    "<meta charset=utf-8>", "来源：", "发布时间：2024-01-01", "\u{FEFF}", "<h1>", "<pre>",
  ].map { Array($0.utf8) }

  static let mutationsPerPage = 150

  static func mutate(_ page: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
    var bytes = page
    for _ in 0..<Int.random(in: 1...6, using: &random) {
      guard !bytes.isEmpty else { break }
      let at = Int.random(in: 0..<bytes.count, using: &random)
      switch Int.random(in: 0..<6, using: &random) {
      case 0: bytes[at] = UInt8.random(in: 0...255, using: &random)
      case 1:
        bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...200, using: &random)))
      case 2: bytes.insert(contentsOf: fragments.randomElement(using: &random) ?? [], at: at)
      case 3:
        let end = min(bytes.count, at + Int.random(in: 1...300, using: &random))
        bytes.insert(
          contentsOf: bytes[at..<end], at: Int.random(in: 0...bytes.count, using: &random))
      case 4: bytes.removeSubrange(at...)
      default:
        // A run of one kind of tag, deep.
        let tag = fragments[Int.random(in: 12..<25, using: &random)]
        bytes.insert(contentsOf: Array(repeating: tag, count: 500).joined(), at: at)
      }
    }
    return bytes
  }

  @Test(arguments: TestPages.pages.map(\.file))
  func mutatedPagesNeverCrash(_ file: String) throws {
    let page = try TestPages.bytes(file)
    var random = SeededRandom(seed: UInt64(file.utf8.count) &* 7919)
    var decodedCount = 0
    for _ in 0..<Self.mutationsPerPage {
      let bytes = Self.mutate(page, &random)
      let tree = HTMLReader.read(CharsetSniffer.decode(bytes))
      HTMLTreeCheck.check(tree)
      let page = ArticleExtractor.extract(tree)
      guard case .success(let text) = TextDecoder.check(page.text) else { continue }
      decodedCount += 1
      let document = DocumentExtractor.extract(text, name: file, page: page.metadata)
      let spans = document.holds.map(\.span) + document.participations.map(\.span)
      #expect(
        spans.allSatisfy { $0.scalarStart <= $0.scalarEnd && $0.scalarEnd <= document.scalarCount })
    }
    // Most mutations leave some text to read.
    #expect(decodedCount * 3 > Self.mutationsPerPage * 2)
  }

  @Test(arguments: [1, 2, 3]) func randomBytesNeverCrash(_ seed: Int) {
    var random = SeededRandom(seed: UInt64(seed))
    for _ in 0..<10 {
      let count = Int.random(in: 0..<20_000, using: &random)
      var bytes = (0..<count).map { _ in UInt8.random(in: 1...255, using: &random) }
      bytes.insert(contentsOf: Array("<html>".utf8), at: 0)
      let result = DocumentDecoder.decode(bytes, name: "r.html")
      if case .success(let decoded) = result { #expect(!decoded.text.isEmpty) }
      HTMLTreeCheck.check(HTMLReader.read(CharsetSniffer.decode(bytes)))
    }
  }
}
