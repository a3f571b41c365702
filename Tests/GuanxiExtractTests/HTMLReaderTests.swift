import Testing

@testable import GuanxiExtract

/// The tolerant reader: the lines a browser would show, whatever the markup's state.
@Suite struct HTMLReaderTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var html: String
    var lines: [String]
    var testDescription: String { html }
  }

  /// The visible lines of a page.
  static func lines(_ html: String) -> [String] {
    PageLines(HTMLReader.read(html)).lines.map(\.text)
  }

  static let cases: [Case] = [
    // Blocks and <br> end lines; inline elements do not.
    Case(html: "<p>区委书记<b>王伟</b>主持<br>会议强调</p><div>第二段</div>", lines: ["区委书记王伟主持", "会议强调", "第二段"]),
    Case(html: "<span>甲</span><font color=red>乙</font><a href=x>丙</a>", lines: ["甲乙丙"]),
    Case(html: "<ul><li>一<li>二</ul><table><tr><td>左<td>右</table>", lines: ["一", "二", "左", "右"]),
    // White space collapses, except in <pre>; &nbsp; and U+3000 stay.
    Case(html: "<p>  区委\n   书记  </p><pre>甲  乙\n丙</pre>", lines: ["区委 书记", "甲  乙", "丙"]),
    Case(html: "<p>&nbsp;&nbsp;</p><p>　　正文</p>", lines: ["　　正文"]),
    // Attributes: double, single, no quotes, none; upper case; `>` inside quotes.
    Case(
      html: "<DIV CLASS=\"a>b\" id='c' data-x=1 hidden-not>甲</DIV><P Align=center>乙",
      lines: ["甲", "乙"]),
    // Scripts, styles, comments, doctype, CDATA, processing instructions: dropped.
    Case(
      html:
        "<!DOCTYPE html><?xml version=\"1.0\"?><script>var s = \"<p>县长李四</p>\"; if (a<b) {}</script>"
        + "<style>p{color:red}</style><!-- 注释 --><![CDATA[数据]]><p>正文</p>",
      lines: ["正文"]),
    Case(html: "<script>s = '</div>' + '</scr';</SCRIPT ><p>后文</p>", lines: ["后文"]),
    Case(html: "<p>前文</p><!-- 没有结束的注释 <p>被吃掉</p>", lines: ["前文"]),
    Case(html: "<p>甲<!---->乙<!-->丙</p>", lines: ["甲乙丙"]),
    // A `<` that opens no tag is text; a tag cut off by the end of the file is dropped.
    Case(html: "<p>a < b 且 3<5</p><p>尾<a href=\"x", lines: ["a < b 且 3<5", "尾"]),
    // Hidden elements, head content, form controls: not shown.
    Case(
      html:
        "<div style=\"display: none\">隐藏</div><div hidden>也隐藏</div><select><option>选项</select>"
        + "<textarea>输入</textarea><p>可见</p>",
      lines: ["可见"]),
    // Unclosed and misnested tags, stray end tags, text after </body>.
    Case(html: "<p>一<p>二<div>三</span></p>四</b>", lines: ["一", "二", "三", "四"]),
    Case(html: "甲</p>乙</br>丙", lines: ["甲", "乙", "丙"]),
    Case(html: "<body><p>正文</p></body></html><p>页尾</p>", lines: ["正文", "页尾"]),
    Case(html: "<table><tr><td>格<div>内</td><td>外</td></tr></table>", lines: ["格", "内", "外"]),
    // Character references in text and in the title.
    Case(html: "<p>&ldquo;项目为王&rdquo;&#x4E2D;</p>", lines: ["“项目为王”中"]),
  ]

  @Test(arguments: cases) func showsLines(_ c: Case) {
    #expect(Self.lines(c.html) == c.lines)
  }

  @Test func readsTitleAndMetaTags() {
    let tree = HTMLReader.read(
      "<html><head><TITLE>标题&amp;副题</TITLE><meta name=PubDate content=\"2024-05-08\">"
        + "<meta property='og:site_name' content=网站></head><body>x</body></html>")
    #expect(tree.title == "标题&副题")
    #expect(tree.metas.map(\.key) == ["pubdate", "og:site_name"])
    #expect(tree.metas.map(\.content) == ["2024-05-08", "网站"])
  }

  @Test func closesImpliedElements() {
    // <table> closes an open <p>; a <td> closes the cell before it and the <p> in it.
    let tree = HTMLReader.read("<p>外<table><tr><td><p>一<td>二</table>尾")
    let tags = tree.nodes.filter { !$0.isText }.map(\.tag)
    #expect(tags == [.p, .table, .tr, .td, .p, .td])
    let table = tree.nodes.firstIndex { $0.tag == .table } ?? -1
    let cells = tree.nodes.indices.filter { tree.nodes[$0].tag == .td }
    #expect(cells.allSatisfy { Int(tree.nodes[$0].parent) == table + 1 })
    HTMLTreeCheck.check(tree)
  }

  /// Nesting past the bound is flattened, not recursed into; deep garbage reads in time.
  @Test(arguments: ["<div>", "<b>", "<table><tr><td>", "<p><span>", "<ul><li>"])
  func boundsNesting(_ open: String) {
    let depth = 5_000
    let html =
      String(repeating: open, count: depth) + "正文" + String(repeating: "</div>", count: depth)
    let tree = HTMLReader.read(html)
    HTMLTreeCheck.check(tree)
    #expect(Self.lines(html) == ["正文"])
  }

  @Test func unmatchedEndTagsAreIgnored() {
    let html = "<div><table><tr><td>" + String(repeating: "</div></span></p>", count: 10_000) + "格"
    #expect(Self.lines(html) == ["格"])
  }
}

/// Structural invariants of a tree: parents before children, subtrees nested and in range.
enum HTMLTreeCheck {
  static func check(_ tree: HTMLTree, sourceLocation: SourceLocation = #_sourceLocation) {
    let count = tree.nodes.count
    var broken: [Int] = []
    for (i, node) in tree.nodes.enumerated() {
      let parent = Int(node.parent)
      let isNested =
        Int(node.subtreeEnd) > i && Int(node.subtreeEnd) <= count
        && (parent < 0 || (parent < i && tree.nodes[parent].subtreeEnd >= node.subtreeEnd))
      let hasText =
        !node.isText || (node.textStart <= node.textEnd && Int(node.textEnd) <= tree.text.count)
      if !isNested || !hasText { broken.append(i) }
    }
    #expect(broken.isEmpty, "nodes breaking the tree's invariants", sourceLocation: sourceLocation)
  }
}
