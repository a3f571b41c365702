/// The pieces of a post title: level words, organs and heads.
///
/// A title is `[level] organ* head`: 区 委 书记, 区 人大常委会 主任, 省 委 常委,
/// 省 政协 主席. Some heads carry their level (省长, 区长, 副市长); in a chain
/// (`省委常委、组织部部长`) a later piece without a level inherits the first one's
/// party organ (省委组织部部长).
enum TitleToken: Sendable, Hashable {
  case level(Unicode.Scalar)
  /// An organ; `isParty` for the party committee itself (委, 党委), whose name a later
  /// piece of a chain inherits.
  case organ(isParty: Bool)
  /// A head; `level` when it carries one (区长 → 区).
  case head(level: Unicode.Scalar?)
  /// 总书记: the Party's general secretary, no jurisdiction.
  case generalSecretary
}

enum Titles {
  static let levels = ["省", "市", "区", "县", "州", "镇", "乡", "自治区", "自治州", "自治县", "街道", "盟", "旗"]
  static let partyOrgans = ["委", "党委", "党工委", "工委", "地委"]
  static let organs = [
    "人大常委会", "人大", "政协", "政府", "人民政府", "纪委", "监委", "纪委监委", "组织部", "宣传部", "统战部",
    "政法委", "常委会", "党组", "高院", "法院", "中院", "人民法院", "中级人民法院", "高级人民法院", "检察院",
    "人民检察院", "公安厅", "公安局", "管委会", "委员会", "办公室", "办公厅", "发改委", "发展改革委", "教育局",
    "教育厅", "财政局", "财政厅", "住建局", "卫健委", "人社局", "自然资源局", "生态环境局", "交通运输局",
    "商务局", "应急管理局", "市场监管局", "审计局", "民政局", "司法局", "农业农村局", "水利局", "文旅局",
    "统计局", "国资委", "科技局", "经信局", "总工会", "团委", "妇联", "工商联", "科协", "军分区", "人武部",
    "编办", "信访局", "机关工委", "网信办", "政研室", "直属机关工委", "办", "委办", "政府办", "人大常委",
    "经开区", "高新区", "开发区", "经济开发区", "经济技术开发区", "示范区", "新区", "园区", "管理局",
    "巡察组", "领导小组", "省军区", "军分区", "武警总队", "人民代表大会", "主席团", "人大主席团", "监察委",
    "纪工委", "党组", "政府党组", "党支部", "村委会", "居委会", "办事处", "街道办", "街道办事处",
    "全面深化改革委员会", "财经委员会", "民宗局", "公安分局", "派出所", "中心", "地区",
  ]
  /// Party departments: after `省委常委、` they inherit the party organ (组织部部长 →
  /// 省委组织部部长).
  static let partyDepartments = [
    "组织部", "宣传部", "统战部", "政法委", "纪委", "纪委监委", "办公室", "办", "政研室", "编办", "网信办",
    "机关工委", "直属机关工委", "巡察办", "秘书长",
  ]
  static let heads = [
    "书记", "副书记", "常务副书记", "常委", "委员", "候补委员", "常务委员", "主任", "副主任", "常务副主任",
    "主席", "副主席", "常务副主席", "部长", "副部长", "常务副部长", "秘书长", "副秘书长", "院长", "副院长",
    "检察长", "副检察长", "局长", "副局长", "厅长", "副厅长", "主任委员", "党组书记", "政委", "司令员",
    "副主任委员", "第一副主任", "组长", "副组长", "党组成员", "党委委员", "党委副书记", "组织委员", "宣传委员",
    "纪检委员", "统战委员", "武装部长", "董事长", "副董事长", "总经理", "副总经理", "执行总经理", "总裁",
    "副总裁", "总经济师", "总工程师", "总会计师", "首席信息官", "巡视员", "副巡视员", "总队长", "队长",
    "所长", "站长", "处长", "副处长", "会长", "副会长", "理事长", "行长", "副行长", "第一书记", "专职副主席",
    "政治委员", "党组副书记", "党委书记", "主任科员", "调研员",
  ]
  /// Heads that make a post on their own, without an organ or a level: a company's
  /// 董事长 with the company named elsewhere.
  static let standaloneHeads = ScalarTrie(
    ["董事长", "总经理", "副总经理", "总裁", "副总裁", "副董事长"].map { ($0, true) })
  /// Heads that may follow a full name: `周明书记强调`, `吴平镇长指出`.
  static let afterNameHeads = ScalarTrie(
    [
      "书记", "副书记", "镇长", "乡长", "县长", "区长", "市长", "州长", "旗长", "省长", "主任", "主席",
      "董事长", "总经理",
    ].map { ($0, true) })
  /// Words after which a name may start inside a run of Han characters.
  static let nameOpeners = SuffixSet([
    "学习", "传达", "由", "和", "与", "及", "是", "听取", "选举", "任命", "选举了", "任命了", "会上", "随后",
    "最后", "同时", "期间", "邀请", "会见",
  ])
  /// The prefix of an organ whose place the document does not name: 某县委 ("a county's
  /// party committee"). Never the start of a title, so a post's title reads whole against it.
  static let unnamedPrefix = "某"
  /// Words before a title that make it a former post: 上届省政协副主席, 原县长.
  static let formerMarkers = SuffixSet(["上届", "原", "前任", "时任", "老"])
  /// Roles of a meeting, not posts: 大会执行主席, 主席团常务主席.
  static func isMeetingRole(_ title: String) -> Bool {
    title.contains("执行主席") || title.contains("主席团") || title.hasPrefix("大会")
  }
  /// Words after which a list of names begins: `县领导甲、乙`, `出席会议的有甲、乙`.
  static let listOpeners = SuffixSet([
    "领导", "的有", "有:", "包括", "以及", "及", "和", "与", "同志", "负责同志", "负责人", "成员",
  ])
  /// Characters that end an organ name: a run ending in one may be an organ (霞光集团).
  static let organLastScalars = ScalarSet("局部厅委办院会组队所站司团区处行社校馆园心".unicodeScalars)
  /// Characters never inside an organ's name: function words and verbs of the report.
  static let genericOrganStops = ScalarSet(
    "的了在是由对向为与及等把将从到于并同有就被让使持讲席参列指强要表说召举请邀出任当选免".unicodeScalars)
  /// Words never inside an organ's name: a run holding one is prose (`会议决策部署和省委`).
  static let notInOrganNames = ScalarTrie<Bool>(
    ["会议", "部署", "决策", "精神", "要求", "讲话", "贯彻", "落实", "学习", "传达", "工作会", "重要"].map {
      ($0, true)
    })
  /// An organ ending in one of these followed by 长 is a post: 组织部长, 公安局长.
  static let shortHeadOrganEnds = ScalarSet("部局厅".unicodeScalars)
  static let organTrie = ScalarTrie((organs + partyOrgans).map { ($0, true) })

  /// The organ a post with none written belongs to: a 县长 to the 县政府, a 书记 to the 委.
  static func defaultOrgan(of title: String) -> String {
    if title.hasSuffix("长") || title.hasSuffix("主席") { return "政府" }
    if title.contains("书记") || title.contains("常委") || title.contains("委员") {
      return "委"
    }
    return ""
  }

  /// Whether an organ name is made of lexicon words only (人大常委会, 管委会): it names no one
  /// body without its place.
  static func isGenericOrgan(_ organ: String) -> Bool {
    let scalars = Array(organ.unicodeScalars)
    var i = 0
    while i < scalars.count {
      guard let match = organTrie.longestMatch(in: scalars[...], at: i) else { return false }
      i = match.end
    }
    return true
  }
  static let leveledHeads: [(String, Unicode.Scalar)] = {
    var list: [(String, Unicode.Scalar)] = []
    for (word, level) in [
      ("省长", "省"), ("市长", "市"), ("区长", "区"), ("县长", "县"), ("镇长", "镇"), ("乡长", "乡"), ("州长", "州"),
      ("旗长", "旗"),
    ] as [(String, Unicode.Scalar)] {
      for prefix in ["", "副", "常务副", "代", "代理"] { list.append((prefix + word, level)) }
      list.append((word + "助理", level))
    }
    return list
  }()

  /// The last characters of all heads: a sentence without any of them has no title.
  static let headLastScalars = ScalarSet(
    (heads + leveledHeads.map(\.0) + ["总书记"]).compactMap { $0.unicodeScalars.last })

  static let trie: ScalarTrie<TitleToken> = {
    var words: [(String, TitleToken)] = []
    for word in levels {
      let level: Unicode.Scalar =
        switch word {
        case "自治区": "区"
        case "自治州": "州"
        case "自治县": "县"
        case "街道": "镇"
        default: word.unicodeScalars.first ?? "省"
        }
      words.append((word, .level(level)))
    }
    for word in organs { words.append((word, .organ(isParty: false))) }
    for word in partyOrgans { words.append((word, .organ(isParty: true))) }
    for word in heads { words.append((word, .head(level: nil))) }
    for (word, level) in leveledHeads { words.append((word, .head(level: level))) }
    words.append(("总书记", .generalSecretary))
    return ScalarTrie(words)
  }()

  /// Words that may follow a name directly: verbs of the meeting report, conjunctions,
  /// 同志, 等.
  static let followers: ScalarTrie<Bool> = ScalarTrie(
    [
      "主持", "出席", "参加", "列席", "讲话", "在", "于", "指出", "强调", "通报", "说明", "作", "做", "表示",
      "等", "同志", "率", "会见", "调研", "带队", "就", "向", "和", "与", "及", "一行", "到", "赴", "来",
      "深入", "宣布", "介绍", "汇报", "发言", "代表", "受", "对", "为", "要求", "提出", "传达", "致辞", "以",
      "是", "也", "还", "分别", "先后", "陪同", "参观", "察看", "检查", "考察", "视察", "听取", "看望",
      "慰问", "认为", "说", "主讲", "总结", "部署", "宣读", "当选", "任", "兼", "被", "已", "的", "同",
      "共同", "一起", "带领", "亲切", "围绕", "出任", "同时", "现场", "专程", "首先", "随后", "最后", "关于", "调度", "督查",
      "督导", "安排", "领学",
      "领读", "解读", "莅临", "应邀", "讲意见", "指导", "前往", "来到", "针对", "结合", "希望", "肯定", "及",
      "出面", "签署", "签订", "致欢迎辞", "率队", "走访", "实地", "作出", "作了", "对此", "原原本本",
      "近期", "日前", "近日",
    ].map { ($0, true) })

  /// Two-character words that look like a surname and a given name but are ordinary
  /// words after a title (区长强调, 书记高度重视).
  static let notNames: Set<String> = [
    "强调", "全面", "国家", "相关", "来自", "都是", "成员", "成为", "于是", "向前", "和平", "时代", "时期",
    "公开", "明确", "海外", "水平", "平台", "信息", "利用", "元旦", "门户", "云端", "展开", "但是", "原则",
    "原来", "安全", "高度", "文明", "文化", "应急", "常态", "常务", "马上", "方面", "方式", "任务", "左右",
    "关于", "管理", "经济", "程序", "高质", "党组", "宣传", "严格", "严肃", "周边", "金融", "田间", "江南",
    "万元", "于此", "从严", "包括", "协调", "强化", "高效", "高新", "高端", "连续", "将来", "单位", "齐心",
    "商务", "杨柳", "向上", "向好", "好的", "和谐", "和美", "武装", "尚未", "席位", "秦岭", "邓小平",
    "关心", "方法", "支持", "方向", "代理", "常务", "全体", "各位", "同时", "任务", "项目", "干部", "党员",
    "成果", "单位", "代表", "应邀", "于今", "管委", "高层", "同志", "建设", "机制", "完善", "事项", "发言",
    "观摩", "参加", "发生", "经验", "影响力", "紧迫感",
  ]

  /// Characters that do not occur in given names: function words and institution words.
  static let notInGivenNames = ScalarSet(
    "的了是在与等或会委省市区县乡部局厅院处科室组队员记主任席议届次年月日号个项条作出持讲话为对就于到将把被从以这那各每该而且并".unicodeScalars)
}

extension ExtractionContext {
  /// The length of a person name starting at `i` (2–4 scalars), or nil.
  ///
  /// A name is a surname and one or two given-name characters, followed by a boundary
  /// (punctuation, the end) or by a word that follows names (`Titles.followers`). When
  /// both lengths fit, the shorter wins if its next character itself begins a follower.
  func nameLength(in s: ArraySlice<Unicode.Scalar>, at i: Int) -> Int? {
    guard i < s.endIndex else { return nil }
    var surname = 0
    if Surnames.compoundTrie.mayStart(s[i]),
      Surnames.compoundTrie.longestMatch(in: s, at: i)?.end == i + 2
    {
      surname = 2
    } else if Surnames.single.contains(s[i]) {
      surname = 1
    } else {
      return nil
    }
    func fits(_ length: Int) -> Bool {
      let end = i + length
      guard end <= s.endIndex else { return false }
      for k in (i + surname)..<end {
        guard s[k].isHan, !Titles.notInGivenNames.contains(s[k]) else { return false }
      }
      if length == 2 && Titles.notNames.contains(String(scalars: s[i..<end])) { return false }
      if length == 3 && Titles.notNames.contains(String(scalars: s[i..<end])) { return false }
      return end == s.endIndex || isBoundary(s[end]) || s[end].isASCIIDigit
        || Titles.followers.hasMatch(in: s, at: end)
        || Titles.trie.hasMatch(in: s, at: end) && !s[end].isHan
    }
    let short = surname + 1
    let long = surname + 2
    let shortFits = fits(short)
    let longFits = fits(long)
    if shortFits && longFits {
      // `石德和,`: punctuation right after the longer reading settles it.
      if i + long < s.endIndex, isBoundary(s[i + long]) { return long }
      return Titles.followers.hasMatch(in: s, at: i + short) ? short : long
    }
    if longFits { return long }
    if shortFits { return short }
    return nil
  }
}
