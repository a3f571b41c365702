import GuanxiGraph
import Testing

@testable import GuanxiExtract

/// One short invented text and the facts a rule must (and must not) take from it.
struct RuleCase: Sendable, CustomTestStringConvertible {
  var text: String
  /// Expected facts, each rendered by `RuleCase.render`.
  var expected: [String]
  /// Facts that must not appear.
  var unexpected: [String] = []
  var testDescription: String { text }

  /// Every fact of a document as one line each: `HOLDS 王建国 市委书记 南昌市`.
  static func render(_ d: ExtractedDocument) -> Set<String> {
    var lines: Set<String> = []
    for h in d.holds {
      let target =
        h.place.map { d.places[$0].name } ?? h.organization.map { d.organizations[$0].name } ?? "-"
      lines.insert("HOLDS \(d.persons[h.person].name) \(h.title) \(target)")
    }
    for m in d.meetings {
      lines.insert("MEETING \(m.name)")
      if let date = m.date { lines.insert("DATE \(m.name) \(date)") }
      if let p = m.place { lines.insert("HELD_IN \(m.name) \(d.places[p].name)") }
    }
    for p in d.participations {
      lines.insert("\(p.role.relationshipType) \(d.persons[p.person].name)")
    }
    for p in d.places where p.isMentioned {
      lines.insert("PLACE \(p.name) \(p.level) \(p.parent.map { d.places[$0].name } ?? "-")")
    }
    for p in d.projects { lines.insert("PROJECT \(p.name)") }
    for c in d.credits { lines.insert("CREDITED \(d.persons[c.person].name) \(c.role)") }
    return lines
  }
}

@Suite struct OfficialRuleTests {
  static let cases: [RuleCase] = [
    RuleCase(
      text: "2023年5月8日,中共南昌市委召开全体会议。市委书记王建国主持会议。",
      expected: ["HOLDS 王建国 市委书记 南昌市"]),
    RuleCase(
      text: "江西省委副书记、省长李明华在南昌出席活动。",
      expected: ["HOLDS 李明华 省委副书记 江西省", "HOLDS 李明华 省长 江西省"]),
    RuleCase(
      text: "湖南省委常委、宣传部部长欧阳春出席会议。",
      expected: ["HOLDS 欧阳春 省委常委 湖南省", "HOLDS 欧阳春 省委宣传部部长 湖南省"]),
    RuleCase(
      text: "宿松县召开大会。县人大常委会主任孙立新,县政协主席周晓梅出席。",
      expected: ["HOLDS 孙立新 县人大常委会主任 宿松县", "HOLDS 周晓梅 县政协主席 宿松县"]),
    RuleCase(
      text: "要牢记习近平总书记的嘱托。", expected: ["HOLDS 习近平 总书记 中共中央"]),
    RuleCase(
      text: "南昌市开通市长热线。区委委员、区委候补委员列席了会议。", expected: [],
      unexpected: ["HOLDS 热线 市长 南昌市"]),
  ]

  @Test(arguments: cases) func extractsOfficials(_ c: RuleCase) {
    let facts = RuleCase.render(DocumentExtractor.extract(c.text, name: "t.txt"))
    for fact in c.expected { #expect(facts.contains(fact), "missing \(fact) in \(facts.sorted())") }
    for fact in c.unexpected { #expect(!facts.contains(fact)) }
    if c.expected.isEmpty { #expect(!facts.contains { $0.hasPrefix("HOLDS") }) }
  }
}

@Suite struct MeetingRuleTests {
  static let cases: [RuleCase] = [
    RuleCase(
      text: "2023年3月2日,中共芜湖市委十三届五次全体会议在芜湖召开。",
      expected: [
        "MEETING 中共芜湖市委十三届五次全体会议", "DATE 中共芜湖市委十三届五次全体会议 2023-03-02",
        "HELD_IN 中共芜湖市委十三届五次全体会议 芜湖市",
      ]),
    RuleCase(text: "2023年3月2日,会议传达学习了省委经济工作会议精神。", expected: []),
    RuleCase(
      text: "来源:江淮日报 2024-04-10 08:00\n4月9日,黄山市屯溪区委常委会举行扩大会议。区委书记沈一帆主持会议并讲话,区长邵明出席。",
      expected: [
        "MEETING 黄山市屯溪区委常委会扩大会议", "DATE 黄山市屯溪区委常委会扩大会议 2024-04-09",
        "HOLDS 沈一帆 区委书记 屯溪区", "HOLDS 邵明 区长 屯溪区",
        "PRESIDED 沈一帆", "SPOKE 沈一帆", "ATTENDED 沈一帆", "ATTENDED 邵明",
      ],
      unexpected: ["PRESIDED 邵明", "SPOKE 邵明"]),
    RuleCase(
      text: "——2021年1月6日在东营市垦利区第三届人民代表大会第五次会议上\n区  长  范志刚\n各位代表:",
      expected: [
        "MEETING 东营市垦利区第三届人民代表大会第五次会议", "SPOKE 范志刚", "ATTENDED 范志刚",
        "HOLDS 范志刚 区长 垦利区",
      ]),
  ]

  @Test(arguments: cases) func extractsMeetings(_ c: RuleCase) {
    let facts = RuleCase.render(DocumentExtractor.extract(c.text, name: "t.txt"))
    for fact in c.expected { #expect(facts.contains(fact), "missing \(fact) in \(facts.sorted())") }
    for fact in c.unexpected { #expect(!facts.contains(fact)) }
    if c.expected.isEmpty { #expect(!facts.contains { $0.hasPrefix("MEETING") }) }
  }
}

@Suite struct PlaceRuleTests {
  static let cases: [RuleCase] = [
    RuleCase(
      text: "选派干部到沪苏浙挂职锻炼。",
      expected: ["PLACE 上海市 province -", "PLACE 江苏省 province -", "PLACE 浙江省 province -"]),
    RuleCase(text: "西安市长安区推进城市更新。", expected: ["PLACE 长安区 district 西安市", "PLACE 西安市 city 陕西省"]),
    RuleCase(text: "石家庄市长安区加快发展。", expected: ["PLACE 长安区 district 石家庄市"]),
    RuleCase(text: "长丰路沿线完成整治。", expected: [], unexpected: ["PLACE 长丰县 county 合肥市"]),
    RuleCase(
      text: "合肥市长丰县以双凤镇为核心区域。", expected: ["PLACE 双凤镇 township 长丰县", "PLACE 长丰县 county 合肥市"]),
  ]

  @Test(arguments: cases) func findsPlaces(_ c: RuleCase) {
    let facts = RuleCase.render(DocumentExtractor.extract(c.text, name: "t.txt"))
    for fact in c.expected { #expect(facts.contains(fact), "missing \(fact) in \(facts.sorted())") }
    for fact in c.unexpected { #expect(!facts.contains(fact)) }
    if c.expected.isEmpty { #expect(!facts.contains { $0.hasPrefix("PLACE") }) }
  }
}

@Suite struct CreditRuleTests {
  static let cases: [RuleCase] = [
    RuleCase(text: "会议要求狠抓落实。(江淮日报 记者 王小明 陈静)", expected: ["CREDITED 王小明 记者", "CREDITED 陈静 记者"]),
    RuleCase(text: "责任编辑：刘洋", expected: ["CREDITED 刘洋 责编"]),
    RuleCase(text: "图| 湖边夜景 张帆 摄", expected: ["CREDITED 张帆 摄影"]),
    RuleCase(text: "审核 | 唐文 责编 | 贺兰", expected: ["CREDITED 唐文 审核", "CREDITED 贺兰 责编"]),
    RuleCase(text: "记者从会上获悉,全市经济稳中向好。", expected: []),
  ]

  @Test(arguments: cases) func readsCredits(_ c: RuleCase) {
    let facts = RuleCase.render(DocumentExtractor.extract(c.text, name: "t.txt"))
    for fact in c.expected { #expect(facts.contains(fact), "missing \(fact) in \(facts.sorted())") }
    if c.expected.isEmpty { #expect(!facts.contains { $0.hasPrefix("CREDITED") }) }
  }
}

@Suite struct ProjectRuleTests {
  static let cases: [RuleCase] = [
    RuleCase(text: "加快推进滨江科创园建设。", expected: ["PROJECT 滨江科创园"]),
    RuleCase(text: "青松路、白杨路等5条道路建成通车。", expected: ["PROJECT 青松路", "PROJECT 白杨路"]),
    RuleCase(text: "保障地铁9号线北段如期开通。", expected: ["PROJECT 地铁9号线"]),
    RuleCase(text: "深入实施乡村振兴行动,构建“一核两翼三园”发展格局。", expected: []),
    RuleCase(text: "全县八成以上的社区卫生服务中心开设了中医科。", expected: []),
  ]

  @Test(arguments: cases) func findsProjects(_ c: RuleCase) {
    let facts = RuleCase.render(DocumentExtractor.extract(c.text, name: "t.txt"))
    for fact in c.expected { #expect(facts.contains(fact), "missing \(fact) in \(facts.sorted())") }
    if c.expected.isEmpty { #expect(!facts.contains { $0.hasPrefix("PROJECT") }) }
  }
}
