import GuanxiGraph
import Testing

@testable import GuanxiExtract

/// The ways real local news states its facts (`shared/corpus/PATTERNS.md`), one invented
/// text each: names, companies and most places are made up, so no case is keyed to a page
/// the rules were measured on.
@Suite struct RealNewsPatternTests {
  static let posts: [RuleCase] = [
    RuleCase(
      text: "县委书记马文涛主持会议。", expected: ["HOLDS 马文涛 县委书记 某县委"]),
    RuleCase(
      text: "省委书记方正平在调研时强调,要抓好落实。", expected: ["HOLDS 方正平 省委书记 某省委"]),
    RuleCase(
      text: "大柳镇召开全体干部大会。大柳镇党委书记周伟、镇长陈丽出席会议。",
      expected: ["HOLDS 周伟 党委书记 大柳镇", "HOLDS 陈丽 镇长 大柳镇"]),
    RuleCase(
      text: "街道党工委书记、办事处主任黄涛讲话。",
      expected: ["HOLDS 黄涛 街道党工委书记 某街道党工委", "HOLDS 黄涛 办事处主任 某办事处"]),
    RuleCase(
      text: "县政协主席刘成,副主席王立、赵静,秘书长吴飞出席。",
      expected: [
        "HOLDS 刘成 县政协主席 某县政协", "HOLDS 王立 副主席 某县政协", "HOLDS 赵静 副主席 某县政协",
        "HOLDS 吴飞 秘书长 某县政协",
      ]),
    RuleCase(
      text: "县委常委、常务副县长、县经开区党工委书记李强出席。",
      expected: [
        "HOLDS 李强 县委常委 某县委", "HOLDS 李强 常务副县长 某县政府",
        "HOLDS 李强 县经开区党工委书记 某县经开区党工委",
      ]),
    RuleCase(
      text: "市委常委、组织部部长许青出席会议。",
      expected: ["HOLDS 许青 市委常委 某市委", "HOLDS 许青 市委组织部部长 某市委组织部"]),
    RuleCase(
      text: "云岭投资集团党委书记、董事长钱明出席签约仪式。",
      expected: ["HOLDS 钱明 云岭投资集团党委书记 云岭投资集团", "HOLDS 钱明 董事长 云岭投资集团"]),
    RuleCase(
      text: "县委常委甘青、庹文林、郑方出席会议。",
      expected: [
        "HOLDS 甘青 县委常委 某县委", "HOLDS 庹文林 县委常委 某县委", "HOLDS 郑方 县委常委 某县委",
      ]),
    RuleCase(
      text: "长江建设总公司总经理、党组成员,长江建设股份公司总经理钱立出席签约仪式。",
      expected: ["HOLDS 钱立 长江建设股份公司总经理 长江建设股份公司"]),
    RuleCase(
      text: "上届县政协副主席孙海、周平出席会议。", expected: [],
      unexpected: ["HOLDS 孙海 副主席 某县政协"]),
    RuleCase(
      text: "大会执行主席李强主持会议。", expected: []),
    RuleCase(
      text: "会议选举郑凯为副县长。决定免去孙涛的副县长职务。",
      expected: ["HOLDS 郑凯 副县长 某县政府"], unexpected: ["HOLDS 孙涛 副县长 某县政府"]),
    RuleCase(
      text: "周明、吴平2名同志当选大柳镇人民政府副镇长。",
      expected: ["HOLDS 周明 人民政府副镇长 大柳镇", "HOLDS 吴平 人民政府副镇长 大柳镇"]),
    RuleCase(
      text: "王海(县委副书记)出席。", expected: ["HOLDS 王海 县委副书记 某县委"]),
    RuleCase(
      text: "会上,周明书记强调,要狠抓落实。", expected: ["HOLDS 周明 书记 某党委"]),
    RuleCase(
      text: "钱明与九江市副市长周平共同签署协议。", expected: ["HOLDS 周平 副市长 九江市"],
      unexpected: ["HOLDS 周平 市副市长 九江市"]),
    RuleCase(
      text: "要贯彻省委工作会议决策部署和省委书记马涛讲话精神。", expected: ["HOLDS 马涛 省委书记 某省委"]),
    RuleCase(
      text: "地委书记程山主持会议。", expected: ["HOLDS 程山 地委书记 某地委"]),
    RuleCase(
      text: "临湘市召开会议。市委书记程山主持,市长吴平出席。",
      expected: ["HOLDS 程山 市委书记 临湘市", "HOLDS 吴平 市长 临湘市"]),
  ]

  static let participation: [RuleCase] = [
    RuleCase(
      text: "5月8日,临江县召开县委常委会会议。县委书记罗林主持。县领导韩斌、张洁、李强等出席。",
      expected: [
        "PRESIDED 罗林", "ATTENDED 韩斌", "ATTENDED 张洁", "ATTENDED 李强",
      ],
      unexpected: ["HOLDS 韩斌 县领导 临江县"]),
    RuleCase(
      text: "3月2日,县委召开全体会议。出席会议的有:县委书记马文涛,县长韩斌。",
      expected: ["ATTENDED 马文涛", "ATTENDED 韩斌"]),
    RuleCase(
      text: "3月2日,县委召开全体会议。县长韩斌作政府工作报告,县委副书记张洁宣读表彰决定。",
      expected: ["SPOKE 韩斌", "SPOKE 张洁", "ATTENDED 韩斌", "ATTENDED 张洁"]),
    RuleCase(
      text: "3月2日,县委召开全体会议。县委书记马文涛主持会议。马书记强调,要抓好落实。",
      expected: ["SPOKE 马文涛", "PRESIDED 马文涛"]),
    RuleCase(
      text: "3月2日,临江县举行重大项目集中开工仪式。县委书记马文涛宣布开工。",
      expected: ["MEETING 重大项目集中开工仪式"], unexpected: ["SPOKE 马文涛"]),
    RuleCase(
      text: "县委召开座谈会\n马文涛主持 韩斌 刘明华等出席\n3月2日,县委召开座谈会。县委书记马文涛、县长韩斌出席。",
      expected: ["ATTENDED 刘明华", "ATTENDED 韩斌", "PRESIDED 马文涛"]),
    RuleCase(
      text: "3月2日,县委召开座谈会。陈勇、王卓、叶信等5位同志围绕发展积极建言献策。",
      expected: ["SPOKE 陈勇", "SPOKE 王卓", "SPOKE 叶信"]),
  ]

  static let meetings: [RuleCase] = [
    RuleCase(
      text: "5月8日,区长林涛主持召开区政府第十二次常务会议。",
      expected: ["MEETING 区政府第十二次常务会议", "PRESIDED 林涛"]),
    RuleCase(
      text: "签约前,云岭投资集团董事长钱明会见了市委书记马涛。",
      expected: ["MEETING 会见", "ATTENDED 钱明", "ATTENDED 马涛"]),
    RuleCase(
      text: "4月10日,县委书记马文涛带队赴县发改委开展工作调研。",
      expected: ["MEETING 工作调研", "ATTENDED 马文涛"]),
    RuleCase(
      text: "4月10日,双方召开座谈会并交流了经验。", expected: ["MEETING 座谈会"]),
    RuleCase(
      text: "9月21日,大柳镇召开传达学习县委全会精神专题会。", expected: ["MEETING 传达学习县委全会精神专题会"]),
    RuleCase(
      text: "会议传达学习了县长在全县座谈会上的讲话精神。", expected: []),
    RuleCase(
      text: "9月21日,县文旅局开展“三服务”活动。", expected: []),
    RuleCase(
      text: "9月21日,经开区开展一季度重点项目观摩讲评活动。", expected: ["MEETING 一季度重点项目观摩讲评活动"]),
    RuleCase(
      text: "3月5日,县委理论学习中心组举行2024年第三次集体学习。县委书记罗林主持。",
      expected: ["MEETING 县委理论学习中心组2024年第三次集体学习", "PRESIDED 罗林"]),
    RuleCase(
      text: "3月5日,全省防汛视频会议召开后,我县紧接着召开会议,县长韩斌主持会议。",
      expected: ["MEETING 会议", "PRESIDED 韩斌"], unexpected: ["MEETING 全省防汛视频会议"]),
  ]

  static let credits: [RuleCase] = [
    RuleCase(text: "本报讯(记者周明通讯员吴霞)近日,全县经济稳中向好。", expected: ["CREDITED 周明 记者", "CREDITED 吴霞 通讯员"]),
    RuleCase(
      text: "编辑(一审):王芳\n责编(二审):刘洋\n审核(三审):高原",
      expected: [
        "CREDITED 王芳 编辑", "CREDITED 王芳 审核", "CREDITED 刘洋 责编", "CREDITED 刘洋 审核",
        "CREDITED 高原 审核",
      ]),
    RuleCase(
      text: "图为会议现场。(本报记者 周明摄)", expected: ["CREDITED 周明 摄影"],
      unexpected: ["CREDITED 周明 记者"]),
    RuleCase(
      text: "本报讯 记者周明、见习记者吴霞报道:昨日上午,全县召开大会,部署全年工作任务,动员全县上下真抓实干。",
      expected: ["CREDITED 周明 记者", "CREDITED 吴霞 记者"]),
    RuleCase(text: "摄影:次仁卓嘎", expected: ["CREDITED 次仁卓嘎 摄影"]),
  ]

  static let places: [RuleCase] = [
    RuleCase(
      text: "来自贵州台江、云南绿春的代表参加交流。",
      expected: ["PLACE 台江县 county 黔东南苗族侗族自治州", "PLACE 绿春县 county 红河哈尼族彝族自治州"]),
    RuleCase(
      text: "楚雄州召开会议。", expected: ["PLACE 楚雄彝族自治州 city 云南省"]),
    RuleCase(
      text: "大柳镇党委召开会议。会上,要按照镇里部署推进工作,有大柳镇的干部发言。",
      expected: ["PLACE 大柳镇 township -"],
      unexpected: ["PLACE 按照镇 township -", "PLACE 有大柳镇 township -"]),
    RuleCase(text: "来源:扬州网", expected: [], unexpected: ["PLACE 扬州市 city 江苏省"]),
  ]

  static let projects: [RuleCase] = [
    RuleCase(
      text: "调研组先后深入青峰包装公司二期生产线、城东镇美丽乡村及精准扶贫、文旅综合体等项目现场。",
      expected: ["PROJECT 青峰包装公司二期生产线", "PROJECT 城东镇美丽乡村", "PROJECT 文旅综合体"],
      unexpected: ["PROJECT 精准扶贫"]),
    RuleCase(
      text: "代表们对东湖水厂改造项目、安和新材料项目、南山路道路改造工程三个项目进行了详细了解。",
      expected: ["PROJECT 东湖水厂改造项目", "PROJECT 安和新材料项目", "PROJECT 南山路道路改造工程"]),
    RuleCase(text: "红星水泥第二条生产线项目开工", expected: ["PROJECT 红星水泥第二条生产线项目"]),
  ]

  @Test(arguments: posts + participation + meetings + credits + places + projects)
  func readsThePattern(_ c: RuleCase) {
    let facts = RuleCase.render(DocumentExtractor.extract(c.text, name: "t.txt"))
    for fact in c.expected { #expect(facts.contains(fact), "missing \(fact) in \(facts.sorted())") }
    for fact in c.unexpected { #expect(!facts.contains(fact), "unexpected \(fact)") }
    if c.expected.isEmpty && c.unexpected.isEmpty {
      #expect(
        !facts.contains { $0.hasPrefix("HOLDS") || $0.hasPrefix("MEETING") }, "\(facts.sorted())")
    }
  }

  @Test func convertsTraditionalByWords() {
    let text = Normalizer.normalize("乾隆年間的著名園林,縣委書記黃建國主持召開縣委常委會議,環境乾淨整潔。")
    #expect(text.contains("乾隆年间"))
    #expect(text.contains("著名"))
    #expect(text.contains("干净"))
    let facts = RuleCase.render(
      DocumentExtractor.extract("縣委書記黃建國主持召開縣委常委會議。", name: "t.txt"))
    #expect(facts.contains("HOLDS 黄建国 县委书记 某县委"), "\(facts.sorted())")
  }
}
