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
  static let partyOrgans = ["委", "党委", "党工委"]
  static let organs = [
    "人大常委会", "人大", "政协", "政府", "人民政府", "纪委", "监委", "纪委监委", "组织部", "宣传部", "统战部",
    "政法委", "常委会", "党组", "高院", "法院", "中院", "人民法院", "中级人民法院", "高级人民法院", "检察院",
    "人民检察院", "公安厅", "公安局", "管委会", "委员会", "办公室", "办公厅", "发改委", "发展改革委", "教育局",
    "教育厅", "财政局", "财政厅", "住建局", "卫健委", "人社局", "自然资源局", "生态环境局", "交通运输局",
    "商务局", "应急管理局", "市场监管局", "审计局", "民政局", "司法局", "农业农村局", "水利局", "文旅局",
    "统计局", "国资委", "科技局", "经信局", "总工会", "团委", "妇联", "工商联", "科协", "军分区", "人武部",
    "编办", "信访局", "机关工委", "网信办", "政研室", "直属机关工委",
  ]
  static let heads = [
    "书记", "副书记", "常务副书记", "常委", "委员", "候补委员", "常务委员", "主任", "副主任", "常务副主任",
    "主席", "副主席", "常务副主席", "部长", "副部长", "常务副部长", "秘书长", "副秘书长", "院长", "副院长",
    "检察长", "副检察长", "局长", "副局长", "厅长", "副厅长", "主任委员", "党组书记", "政委", "司令员",
  ]
  static let leveledHeads: [(String, Unicode.Scalar)] = {
    var list: [(String, Unicode.Scalar)] = []
    for (word, level) in [
      ("省长", "省"), ("市长", "市"), ("区长", "区"), ("县长", "县"), ("镇长", "镇"), ("乡长", "乡"), ("州长", "州"),
    ] as [(String, Unicode.Scalar)] {
      for prefix in ["", "副", "常务副", "代"] { list.append((prefix + word, level)) }
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
      "共同", "一起", "带领", "亲切", "围绕", "出任", "同时", "现场", "专程", "首先", "随后", "最后", "关于",
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
      return end == s.endIndex || isBoundary(s[end]) || Titles.followers.hasMatch(in: s, at: end)
        || Titles.trie.hasMatch(in: s, at: end) && !s[end].isHan
    }
    let short = surname + 1
    let long = surname + 2
    let shortFits = fits(short)
    let longFits = fits(long)
    if shortFits && longFits {
      return Titles.followers.hasMatch(in: s, at: i + short) ? short : long
    }
    if longFits { return long }
    if shortFits { return short }
    return nil
  }
}
