import Foundation
import Testing

@testable import GuanxiExtract

/// Layouts the article finder meets on government and news sites, each small: the lines
/// it must yield, in order.
@Suite struct HTMLLayoutTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var html: String
    var lines: [String]
    var testDescription: String { name }
  }

  static let prose = [
    "5月7日，临江县委常委会召开会议，传达学习省委全会精神，研究部署下一阶段重点工作。",
    "会议强调，要坚持稳中求进，加快推进重点项目建设，确保全年目标任务顺利完成。",
    "县委书记罗林主持会议并讲话，县长韩斌通报一季度经济运行情况，县领导出席会议。",
  ]

  static let cases: [Case] = [
    Case(
      name: "paragraphs separated by <br> in a cell, beside a menu cell",
      html: """
        <title>临江县委常委会召开会议_临江县人民政府</title>
        <table><tr><td class=menu><a href=1>首页</a><br><a href=2>要闻</a><br><a href=3>公告</a>
        <td><b>临江县委常委会召开会议</b><br>\(prose[0])<br><br>\(prose[1])<br>\(prose[2])</table>
        """,
      lines: ["临江县委常委会召开会议"] + prose),
    Case(
      name: "date and source in two elements, a source line after the article left in place",
      html: """
        <h1>临江县委常委会召开会议</h1><div class=time>发布时间：2024-05-08</div>
        <div class=source>来源：临江县委办</div><div class=text><p>\(prose[0])</p><p>\(prose[1])</p>
        <p>\(prose[2])</p></div><div class=from>稿源：临江日报 责任编辑：陈静</div>
        """,
      lines: ["临江县委常委会召开会议", "发布时间：2024-05-08", "来源：临江县委办"] + prose + [
        "稿源：临江日报 责任编辑：陈静"
      ]),
    Case(
      name: "headline from ArticleTitle when no line matches the title",
      html: """
        <title>临江县人民政府</title><meta name="ArticleTitle" content="临江县委常委会召开会议">
        <div class=content><p>\(prose[0])</p><p>\(prose[1])</p></div>
        """,
      lines: ["临江县委常委会召开会议", prose[0], prose[1]]),
    Case(
      name: "a hidden copy, a share bar and a list of related links inside the article",
      html: """
        <h1>临江县委常委会召开会议</h1><div id=zoom><div style="display:none">\(prose[2])</div>
        <p>\(prose[0])</p><div class=share>分享到：<a>微信</a><a>微博</a></div><p>\(prose[1])</p>
        <ul><li><a href=1>临江县召开安全生产工作会议暨防汛工作部署会</a></ul></div>
        """,
      lines: ["临江县委常委会召开会议", prose[0], prose[1]]),
    Case(
      name: "a page with no prose keeps all its visible text",
      html: """
        <title>通知公告_临江县人民政府</title><div class=nav><a>首页</a></div>
        <ul class=list><li><a href=1>关于2024年防汛工作的通知</a><span>2024-05-08</span>
        <li><a href=2>关于开展安全生产检查的通知</a><span>2024-05-07</span></ul>
        """,
      lines: [
        "通知公告", "关于2024年防汛工作的通知2024-05-08", "关于开展安全生产检查的通知2024-05-07",
      ]),
    Case(
      name: "the headline in a link-free heading, not the same words in a side list",
      html: """
        <title>临江县委常委会召开会议-临江新闻网</title><div class=hot><a href=9>临江县委常委会召开会议</a></div>
        <div class=article><h2 class=bt>临江县委常委会召开会议</h2><p>\(prose[0])</p><p>\(prose[1])</p></div>
        """,
      lines: ["临江县委常委会召开会议", prose[0], prose[1]]),
  ]

  @Test func readsAFragmentWithoutHTMLOrBody() {
    let html = Self.prose.map { "<p>\($0)</p>" }.joined() + "<div class=footer>版权所有</div>"
    #expect(HTMLPage(html: html).text == Self.prose.joined(separator: "\n"))
  }

  @Test(arguments: cases) func yieldsLines(_ c: Case) {
    let page = HTMLPage(html: c.html)
    #expect(page.text.split(separator: "\n").map(String.init) == c.lines)
  }

  @Test func readsUTF16PagesWhateverTheirName() throws {
    let html = "<html><head><title>标题</title></head><body><p>\(Self.prose[0])</p></body></html>"
    let bytes = [0xFF, 0xFE] + [UInt8](html.data(using: .utf16LittleEndian) ?? Data())
    let decoded = try DocumentDecoder.decode(bytes, name: "page.txt").get()
    #expect(decoded.isHTML)
    #expect(decoded.text == "标题\n" + Self.prose[0])
  }
}
