import Foundation
import GuanxiGraph
import Testing

@testable import GuanxiExtract

/// Test pages written in the layouts government and news sites use, each beside the same
/// article as a reader would copy it into a text file.
enum TestPages {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Pages").path

  struct Page: Sendable, CustomTestStringConvertible {
    /// The page's file in `Pages/`.
    var file: String
    /// The article as plain text, in `Pages/` (UTF-8).
    var plain: String
    /// The page's metadata.
    var title: String
    var date: String?
    var source: String?
    /// Facts the page must yield (`RuleCase.render`).
    var facts: [String]
    /// Names from the page's furniture, scripts and comments: never people.
    var absentNames: [String]
    var testDescription: String { file }
  }

  static let pages: [Page] = [
    Page(
      file: "cms_left_menu.html", plain: "cms_left_menu.txt", title: "吴兴区召开区委常委会扩大会议",
      date: "2024-05-08", source: "吴兴区人民政府办公室",
      facts: [
        "HOLDS 沈立衡 区委书记 吴兴区", "PRESIDED 沈立衡", "HOLDS 顾文卿 区长 吴兴区", "PROJECT 织里童装产业园",
        "CREDITED 姚思远 责编",
      ],
      absentNames: ["张三", "李四", "王五", "赵六"]),
    Page(
      file: "nested_tables.htm", plain: "nested_tables.txt", title: "临湘市召开2024年防汛工作会议",
      date: nil, source: nil,
      facts: ["PRESIDED 邹明杰", "SPOKE 欧阳振华", "CREDITED 方晓东 记者", "CREDITED 黎明 通讯员"],
      absentNames: ["王某"]),
    Page(
      file: "gbk_zoom.shtml", plain: "gbk_zoom.txt", title: "南通市通州区政府召开第二十三次常务会议",
      date: "2024-06-13", source: "通州区人民政府办公室",
      facts: ["HOLDS 陶喆 区长 通州区", "PRESIDED 陶喆", "HOLDS 施建平 副区长 通州区"],
      absentNames: []),
    Page(
      file: "big5_traditional.html", plain: "big5_traditional.txt", title: "莆田市召開2024年招商引資工作推進會",
      date: "2024-03-15", source: "莆田新聞網",
      facts: ["HOLDS 许振国 市委书记 莆田市", "PRESIDED 蔡文渊", "HOLDS 蔡文渊 市长 莆田市"],
      absentNames: ["某某"]),
  ]

  static func bytes(_ file: String) throws -> [UInt8] {
    let path = directory + "/" + file
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
    }
    return [UInt8](data)
  }

  static func decoded(_ file: String) throws -> DecodedDocument {
    try DocumentDecoder.decode(bytes(file), name: file).get()
  }
}

@Suite struct HTMLArticleTests {
  /// The page yields the article as a reader copies it: headline, date line, paragraphs.
  @Test(arguments: TestPages.pages) func yieldsTheArticle(_ page: TestPages.Page) throws {
    let decoded = try TestPages.decoded(page.file)
    let plain = try #require(String(bytes: TestPages.bytes(page.plain), encoding: .utf8))
    #expect(decoded.isHTML)
    #expect(lines(decoded.text) == lines(plain))
    #expect(decoded.metadata.title == page.title)
    #expect(decoded.metadata.date?.description == page.date)
    #expect(decoded.metadata.source == page.source)
  }

  /// Lines compared without white space (`&nbsp;` and indentation are the reader's).
  func lines(_ text: String) -> [String] {
    text.split(separator: "\n").map { compactKey(String($0)) }.filter { !$0.isEmpty }
  }

  /// A page yields the facts of its article given as plain text, each with the same
  /// evidence sentence; only the offsets may differ.
  @Test(arguments: TestPages.pages) func yieldsTheFactsOfItsPlainText(_ page: TestPages.Page) throws
  {
    let decoded = try TestPages.decoded(page.file)
    let fromPage = DocumentExtractor.extract(decoded.text, name: "p", page: decoded.metadata)
    let plain = try #require(String(bytes: TestPages.bytes(page.plain), encoding: .utf8))
    let fromText = DocumentExtractor.extract(plain, name: "p")
    let pageFacts = RuleCase.render(fromPage)
    #expect(pageFacts == RuleCase.render(fromText))
    #expect(
      factsWithEvidence(fromPage, Normalizer.normalizedScalars(decoded.text))
        == factsWithEvidence(fromText, Normalizer.normalizedScalars(plain)))
    for fact in page.facts {
      #expect(pageFacts.contains(fact), "missing \(fact) in \(pageFacts.sorted())")
    }
    let people = Set(fromPage.persons.map(\.name))
    for name in page.absentNames { #expect(!people.contains(name), "\(name) from page furniture") }
    #expect(fromPage.title == fromText.title)
    #expect(fromPage.date == fromText.date)
  }

  /// Each fact with its evidence sentence, white space removed.
  func factsWithEvidence(_ d: ExtractedDocument, _ text: [Unicode.Scalar]) -> Set<String> {
    var out: Set<String> = []
    func sentence(_ span: ScalarSpan) -> String {
      compactKey(text.string(span.scalarStart..<min(span.scalarEnd, text.count)))
    }
    for h in d.holds {
      out.insert("HOLDS \(d.persons[h.person].name) \(h.title) " + sentence(h.span))
    }
    for p in d.participations {
      out.insert(
        "\(p.role) \(d.persons[p.person].name) \(d.meetings[p.meeting].name) " + sentence(p.span))
    }
    for c in d.credits { out.insert("CREDIT \(d.persons[c.person].name) " + sentence(c.span)) }
    for m in d.meetings { out.insert("MEETING \(m.name) " + sentence(m.span)) }
    return out
  }

  /// The date of a page whose text has none comes from its `<meta>` tags, before the rules
  /// date its meetings.
  @Test func datesAPageFromItsMetaTags() throws {
    let html = """
      <html><head><title>区政府召开常务会议_庐阳区人民政府</title>
      <meta name="PubDate" content="2023-11-21 09:00"><meta name="ContentSource" content="庐阳区政府办"></head>
      <body><h1>区政府召开常务会议</h1><div class="content">
      <p>11月20日，庐阳区政府召开第四十次常务会议。区长孙明远主持会议并讲话。</p></div></body></html>
      """
    let decoded = try DocumentDecoder.decode(Array(html.utf8), name: "a.html").get()
    let document = DocumentExtractor.extract(decoded.text, name: "a.html", page: decoded.metadata)
    #expect(document.date?.description == "2023-11-21")
    #expect(document.source == "庐阳区政府办")
    #expect(document.title == "区政府召开常务会议")
    #expect(RuleCase.render(document).contains("DATE 庐阳区政府第四十次常务会议 2023-11-20"))
  }

  struct Detection: Sendable, CustomTestStringConvertible {
    var name: String
    var content: String
    var isHTML: Bool
    var testDescription: String { name + ": " + content.prefix(30) }
  }

  @Test(arguments: [
    Detection(name: "a.html", content: "<p>区长王伟</p>", isHTML: true),
    Detection(name: "a.HTM", content: "区长王伟", isHTML: true),
    Detection(name: "a.shtml", content: "<p>区长王伟", isHTML: true),
    Detection(name: "a.xhtml", content: "<p>区长王伟", isHTML: true),
    Detection(name: "a.txt", content: "\u{FEFF}  <!DOCTYPE HTML><p>区长王伟", isHTML: true),
    Detection(
      name: "saved", content: "<!-- saved from url=(0030)http://x/ -->\n<html><p>区长王伟", isHTML: true
    ),
    Detection(name: "a.asp", content: "<?xml version=\"1.0\"?>\n<html><body>区长王伟", isHTML: true),
    Detection(name: "a.php", content: "<div>\n<meta charset=utf-8><p>区长王伟</div>", isHTML: true),
    Detection(name: "a.txt", content: "区长王伟主持会议。<p>不是网页</p>", isHTML: false),
    Detection(name: "a.txt", content: "<p>区长王伟</p>", isHTML: false),
    Detection(name: "html.txt", content: "区长王伟", isHTML: false),
    Detection(name: "dir.html/a", content: "区长王伟", isHTML: false),
  ])
  func detectsPages(_ d: Detection) throws {
    let decoded = try DocumentDecoder.decode(Array(d.content.utf8), name: d.name).get()
    #expect(decoded.isHTML == d.isHTML)
    #expect(decoded.text.contains("区长王伟"))
  }

  struct Failure: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var code: ExtractionError.Code
    var testDescription: String { name }
  }

  /// A page with nothing to read, or a binary file named `.html`, is skipped and named.
  @Test(arguments: [
    Failure(
      name: "empty.html",
      bytes: Array("<html><head><title></title></head><body> </body></html>".utf8), code: .empty),
    Failure(
      name: "script.htm", bytes: Array("<script>var a = '区长王伟';</script>".utf8), code: .empty),
    Failure(name: "zero.html", bytes: [], code: .empty),
    Failure(
      name: "image.html", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D],
      code: .binary),
  ])
  func skipsPagesWithoutText(_ f: Failure) throws {
    let dir = NSTemporaryDirectory() + "guanxi-html-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    _ = FileManager.default.createFile(atPath: dir + "/" + f.name, contents: Data(f.bytes))
    let report = ExtractionPipeline().extract(paths: [dir], into: Graph())
    #expect(report.documents.isEmpty)
    #expect(report.skipped.map(\.code) == [f.code])
    #expect(report.skipped.first?.path == dir + "/" + f.name)
  }

  /// Through the pipeline: the page's facts in the graph, and evidence shows the sentence
  /// as the page showed it (spans count in the text the page yields).
  @Test func showsEvidenceFromThePage() throws {
    let dir = NSTemporaryDirectory() + "guanxi-html-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    for page in TestPages.pages {
      _ = FileManager.default.createFile(
        atPath: dir + "/" + page.file, contents: Data(try TestPages.bytes(page.file)))
    }
    let graph = Graph()
    let report = ExtractionPipeline().extract(paths: [dir], into: graph)
    #expect(report.skipped.isEmpty)
    #expect(report.documents.sorted() == TestPages.pages.map(\.file).sorted())
    let document = try #require(
      graph.nodes(label: Schema.Label.document, name: "gbk_zoom.shtml").first)
    #expect(graph.property(Schema.Key.title, of: document) == "南通市通州区政府召开第二十三次常务会议")
    #expect(graph.property(Schema.Key.source, of: document) == "通州区人民政府办公室")
    let presided = graph.allRelationships().filter {
      graph.typeName(of: $0) == Schema.RelationshipType.presided
        && graph.property(Schema.Key.doc, of: $0) == "gbk_zoom.shtml"
    }
    #expect(presided.count == 1)
    for r in presided { #expect(evidence(of: r, in: graph) == "区委副书记、区长陶喆主持会议。") }
    #expect(graph.nodes(label: Schema.Label.person, name: "张三").isEmpty)
    #expect(throws: Never.self) { try graph.checkInvariants() }
  }
}

/// The web page among the demo's samples yields its article's facts and none of its
/// side bar's.
@Suite struct HTMLSampleTests {
  static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Graphs/samples/10_page_yuhang.html").path

  @Test func samplePageYieldsItsArticle() throws {
    let document = try ExtractionPipeline.extractFile(Self.path).get()
    let facts = RuleCase.render(document)
    for fact in [
      "HOLDS 卢建峰 区委书记 余杭区", "PRESIDED 鲍晓雯", "SPOKE 卢建峰", "CREDITED 钟文涛 记者",
      "PROJECT 未来科技城数字产业园", "HELD_IN 余杭区数字经济高质量发展推进会 余杭区",
    ] {
      #expect(facts.contains(fact), "missing \(fact) in \(facts.sorted())")
    }
    #expect(document.title == "余杭区召开数字经济高质量发展推进会")
    #expect(document.date?.description == "2024-09-19")
    #expect(document.source == "余杭晨报")
    let decoded = try DocumentDecoder.decode(
      [UInt8](FileManager.default.contents(atPath: Self.path) ?? Data()), name: Self.path
    ).get()
    #expect(!decoded.text.containsUTF8(anyOf: ["调研重点项目", "分享到", "上一篇", "字体", "浏览次数", "ICP"]))
  }
}
