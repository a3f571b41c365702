import Testing

@testable import GuanxiExtract

/// A 5 MB page goes through in one linear pass and still yields its article. Time is not
/// asserted here (the figure is `guanxi-html-bench`'s, in BENCHMARKS.md); a quadratic step
/// would show as a test that does not finish.
@Suite struct HTMLLargePageTests {
  static let paragraph =
    "<p style=\"text-indent:2em\">会议指出，要坚持&ldquo;项目为王&rdquo;，加快推进产业园建设，"
    + "确保年内竣工投用&hellip;&hellip;各部门要压实责任，抓好落实。</p>\n"

  /// A page of at least `bytes` bytes: a header, a left menu of a thousand links in
  /// nested tables, the article of `paragraphCount(bytes)` paragraphs with comments and a
  /// script between them, and a footer.
  static func page(bytes: Int) -> (html: String, paragraphs: Int) {
    let menu = (0..<1_000).map { "<tr><td><a href=\"/n/\($0).html\">栏目\($0)</a></td></tr>" }
      .joined()
    let head = """
      <!DOCTYPE html><html><head><meta charset="utf-8"><title>区政府召开全体会议_某区人民政府</title>
      <script>var s = "<p>区长张三</p>";</script></head><body>
      <div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a></div>
      <table><tr><td class="left"><table>\(menu)</table></td><td class="right">
      <h1>区政府召开全体会议</h1><div class="info">发布时间：2024-01-05 来源：区政府办</div>
      <div id="zoom">
      """
    let tail = "</div></td></tr></table><div class=\"footer\">版权所有 某区人民政府</div></body></html>"
    var html = head
    var paragraphs = 0
    while html.utf8.count < bytes - tail.utf8.count {
      html += paragraphs % 100 == 99 ? "<!-- 分页 --><script>var n = \(paragraphs);</script>" : ""
      html += paragraph
      paragraphs += 1
    }
    return (html + tail, paragraphs)
  }

  @Test func readsAFiveMegabytePage() {
    let (html, paragraphs) = Self.page(bytes: 5_000_000)
    #expect(html.utf8.count >= 5_000_000)
    let page = HTMLPage(html: html)
    let lines = page.text.split(separator: "\n")
    #expect(lines.count == paragraphs + 2)
    #expect(lines.first == "区政府召开全体会议")
    #expect(lines.dropFirst().first == "发布时间：2024-01-05 来源：区政府办")
    #expect(lines.last == "会议指出，要坚持“项目为王”，加快推进产业园建设，确保年内竣工投用……各部门要压实责任，抓好落实。")
    #expect(!page.text.contains("栏目"))
  }
}
