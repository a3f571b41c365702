import GuanxiGraph

/// What a document's source says about it besides its text: from a web page, the
/// headline, and the date and outlet its `<meta>` tags give.
///
/// The extractor puts these on the Document node only where the text's own heuristics
/// (`DateRule`) found nothing, before the rules date the document's meetings.
///
/// Example: `<meta name="PubDate" content="2024-05-08 10:30">` on a page whose text has
/// no full date gives the document the date 2024-05-08.
public struct PageMetadata: Sendable, Hashable {
  public var title: String?
  public var date: LocalDate?
  /// The outlet (来源).
  public var source: String?

  public init(title: String? = nil, date: LocalDate? = nil, source: String? = nil) {
    self.title = title
    self.date = date
    self.source = source
  }
}

/// A saved web page reduced to its article: the text the extractor reads, and the
/// page's metadata.
///
/// ```swift
/// let page = HTMLPage(bytes: [UInt8](FileManager.default.contents(atPath: "a.html")!))
/// page.text               // "区委常委会召开会议\n发布时间：2024-05-08 来源：区委办\n5月7日，…"
/// page.metadata.date      // 2024-05-08, from <meta name="PubDate">
/// ```
public struct HTMLPage: Sendable {
  /// The headline, then the date and source line, then the body's paragraphs, one per
  /// line (`\n` between them).
  public var text: String
  public var metadata: PageMetadata

  init(text: String, metadata: PageMetadata) {
    self.text = text
    self.metadata = metadata
  }

  /// Reads a page from its bytes: its encoding (`CharsetSniffer`), its elements
  /// (`HTMLReader`) and its article (`ArticleExtractor`).
  public init(bytes: [UInt8]) {
    self.init(html: CharsetSniffer.decode(bytes))
  }

  /// Reads a page already decoded.
  public init(html: String) {
    self = ArticleExtractor.extract(HTMLReader.read(html))
  }
}
