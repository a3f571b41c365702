import GuanxiGraph

/// Named physical projects: facilities, sites, parks, zones, lines, buildings and
/// site-specific pilots.
///
/// A project name ends in a facility word (产业园, 陆港, 号线, 大厦, 公园, 校区, 地块, 试点,
/// …项目) and is bounded on the right by punctuation, a phase (二期, 北段) or a verb
/// (建设, 开工, 投用), on the left by punctuation or a verb (加快, 推进, 保障, 打造, 以).
/// Items listed with it (`A、B、C等N个项目`) are projects too. Left out: generic heads
/// (社区服务中心, 全省特色产业园), goals (…重要基地), organisations (…公司, …基金), and
/// programmes (…行动, …计划). Road names count only inside such lists.
///
/// Example: `加快推进创新小镇(北区)建设` → 创新小镇; `梅岭路、湖滨路等9条道路建成通车`
/// → 梅岭路, 湖滨路.
extension ExtractionContext {
  static let projectSuffixes: ScalarTrie<Int> = ScalarTrie(
    [
      "产业园", "科创园", "物流园", "创新园", "转化园", "园区", "公园", "陆港", "号线", "高速", "大厦", "大楼",
      "办公楼", "办公区", "广场", "街区", "步行街", "大街", "校区", "文化馆", "记忆馆", "博物馆", "图书馆",
      "体育馆", "书院", "高架", "高架桥", "大桥", "通道", "地块", "新村", "家园", "片区", "新区", "开发区",
      "经开区", "保护区", "示范带", "试点", "集中区", "科学城", "小镇", "驿站", "孵化空间", "地下空间",
      "实验室", "班列", "硅谷", "天地", "万象汇", "中心", "基地", "工程", "项目", "加工厂", "产业带", "港区",
      "机场", "火车站", "高铁站", "医院", "小学", "中学", "隧道", "码头", "路", "馆", "园", "岛",
      "生产线", "综合体", "教育城", "古镇", "体育场", "影剧院", "示范园", "示范区", "新线", "改建工程",
      "养护工程",
    ].map { ($0, $0.unicodeScalars.count) })
  static let projectLeftStops = SuffixSet([
    "加快", "推进", "推动", "保障", "建设", "建成", "完成", "启动", "实施", "打造", "依托", "支持", "服务", "开工",
    "签约", "改造", "新开工", "新签约", "新改造", "开展", "深化", "融入", "纳入", "对接", "参与", "围绕", "聚力",
    "跟进", "做好", "以", "在", "和", "与", "及", "等", "的", "了", "为", "是", "将", "把", "对", "向", "从", "由",
    "至", "到", "赴", "入驻", "落户", "落地", "引入", "引进", "建立", "设立", "成立", "发布", "举办", "承办",
    "开放", "交付", "投用", "运营", "揭牌", "获评", "荣获", "入选", "作为", "其中", "全力", "加速", "力推",
    "合力", "攻坚", "盘活", "鼓励", "确保", "争创", "创建", "提升", "优化", "积极", "大力", "着力", "持续",
    "规划", "谋划", "布局", "抢抓", "主动", "加强", "发挥", "联动", "共建", "构建", "培育", "形成", "推广",
    "建好", "建优", "做大", "做强", "做优", "一批", "承接", "参观", "用活", "用好", "亮相", "打造成", "成为",
    "有效", "保持", "聚焦", "突出", "坚持", "落实", "探索", "整合", "利用", "新建", "扩建", "改扩建", "建",
    "含", "包括", "如", "即", "指", "打通", "完善", "配套", "紧扣", "重点", "新增", "发放", "组织", "定期",
    "关于", "安排", "加大", "深入", "扎实", "进一步", "全面", "一体化", "招引", "强化", "加紧", "促进",
    "提高", "拓展", "稳住", "走出", "走进", "专注于", "专注", "鼓励", "争取", "引导", "带动", "延伸", "优先",
    "助力", "深度", "合作", "面向", "对标", "看齐", "依靠", "通过", "按照", "结合", "领衔", "牵头", "携手",
    "举行", "设于", "位于", "了解", "查看", "视察", "观摩", "来到", "深入", "主会场", "现场", "察看", "走进",
    "分别是", "分别为",
  ])
  static let projectRightStops: ScalarTrie<Bool> = ScalarTrie(
    [
      "建设", "开工", "投用", "投入", "使用", "运营", "运行", "开放", "交付", "竣工", "建成", "落地", "落户",
      "揭牌", "改造", "提升", "征迁", "扫尾", "配套", "发展", "合作", "为", "等", "和", "与", "及", "即将",
      "正式", "已", "于", "在", "获", "荣获", "入选", "成功", "蓬勃", "亮相", "对外", "建成", "规划", "招商",
      "主体", "项目", "的", "作为", "顺利", "如期", "全面", "挂牌", "申建", "整体", "加快", "完成", "启动",
      "按期", "等项目", "周边", "内", "沿线", "片区", "园区", "一期", "二期", "三期", "四期", "北段", "南段",
      "东段", "西段", "东区", "西区", "南区", "北区", "争创", "交付使用", "投入使用", "即将", "取得", "陆续",
      "保护", "提前", "贯通", "修缮", "通车", "打通", "提质", "提档", "升级", "增效", "扩容",
      "举行", "召开", "施工", "现场", "场地", "管理委员会", "工委", "总体", "打造成", "“", "消防",
    ].map { ($0, true) })
  static let genericProjectStarts = [
    "社区", "全区", "全市", "全省", "全国", "各类", "各级", "重点", "特色", "示范", "国家", "省级", "市级",
    "区级", "一批", "公共", "综合", "服务", "相关", "现代", "新型", "大型", "中小", "本地", "当地", "城市",
    "世界", "国际", "这个", "该", "此", "有关", "区域", "乡村", "农村", "智慧", "基层", "标准", "老旧",
    "街头", "重大", "更多", "各", "中部", "南部", "北部", "东部", "西部", "市博", "县博", "区博",
  ]
  /// Leading adverbs and verbs that a name never starts with; stripped when the left edge
  /// ran past them.
  static let leadingModifiers = ["高标准", "高质量", "高水平", "加快", "推进", "全力", "着力", "大力", "积极"]
  /// Words that never occur inside a project name.
  static let notInProjectNames = [
    "重要", "重点", "的", "精神", "优美", "不断", "一流", "高品质", "高水平", "先行", "全域", "一张", "之路",
    "走出", "走进", "活动", "更多", "融资", "思路", "出路", "细分", "稳住",
  ]
  static let organisationEndings = [
    "公司", "集团", "基金", "银行", "研究院", "大学", "学院", "委员会", "管委会", "联盟", "协会", "科技",
    "区域总部", "运营总部", "行动", "计划", "机制", "平台", "体系", "工作", "活动", "品牌", "服务中心",
    "指挥中心", "政务中心", "培训中心", "监测中心", "调度中心", "数据中心", "创新中心", "交易中心",
    "融媒体中心", "新闻中心", "照料中心", "金融中心", "产业带", "高速公路",
  ]

  func findProjects() {
    var listed: [(Int, Range<Int>, String)] = []
    let suffixes = ExtractionContext.projectSuffixes
    for (index, sentence) in sentences.enumerated()
    where !sentence.isDebris || sentence.compact.first == "图" {
      let s = text[sentence.range]
      var i = s.startIndex
      while i < s.endIndex {
        guard suffixes.mayStart(s[i]), let suffix = suffixes.longestMatch(in: s, at: i)
        else {
          i += 1
          continue
        }
        if let (range, name) = projectCandidate(in: s, suffixStart: i, suffixEnd: suffix.end) {
          listed.append((index, range, name))
        }
        i += 1
      }
      listMembers(in: s, sentence: index, found: &listed)
      projectList(in: s, sentence: index, found: &listed)
      projectLine(in: s, sentence: index, found: &listed)
    }
    // A name that runs on from another project (科创走廊核心区梅岭路) is the rest of it.
    let names = ScalarTrie(listed.map { ($0.2, true) }, compact: true)
    projectIndexByName.reserveCapacity(projectIndexByName.count + listed.count)
    for (index, range, name) in listed {
      var rest = name
      let scalars = Array(name.unicodeScalars)
      for prefix in names.allMatches(in: scalars[...], at: 0) where scalars.count - prefix.end >= 3
      {
        let endsInLongSuffix = (2...4).contains { k in
          k <= prefix.end
            && ExtractionContext.projectSuffixes.longestMatch(
              in: scalars[..<prefix.end], at: prefix.end - k)?.end == prefix.end
        }
        if endsInLongSuffix, scalars[prefix.end].isHan {
          rest = scalars.string(prefix.end..<scalars.count)
        }
      }
      addProject(
        rest,
        range: rest == name
          ? range : (range.upperBound - rest.unicodeScalars.count)..<range.upperBound,
        sentence: index)
    }
  }

  private func projectCandidate(in s: ArraySlice<Unicode.Scalar>, suffixStart: Int, suffixEnd: Int)
    -> (Range<Int>, String)?
  {
    // Right boundary, after an optional phase or parenthesis.
    var end = suffixEnd
    if end < s.endIndex, s[end] == "(", let close = s[end...].prefix(10).firstIndex(of: ")") {
      end = close + 1
    }
    let suffix = s[suffixStart..<suffixEnd]
    guard
      end == s.endIndex || isBoundary(s[end]) && s[end] != "“"
        || ExtractionContext.projectRightStops.hasMatch(in: s, at: end)
        || s[end] == "”" || s[end].isASCIIDigit
    else { return nil }
    // `桂花巷改造项目`, `…排水管网完善工程`: the works verb belongs to the name.
    var verbInName = 0
    if suffix.isEqual(to: "项目") || suffix.isEqual(to: "工程") {
      for verb in ["改造", "完善", "整治", "提升"] where s.has(verb, endingAt: suffixStart) {
        verbInName = 2
      }
    }
    // Left extension.
    var start = suffixStart
    while start > s.startIndex && suffixEnd - start < 32 {
      let previous = s[start - 1]
      if previous == "”" {
        guard let open = s[Swift.max(s.startIndex, start - 16)..<(start - 1)].lastIndex(of: "“"),
          open > s.startIndex,
          !isBoundary(s[open - 1]) || start - 1 == suffixStart
        else { break }
        start = open
        continue
      }
      if previous == ")" {
        guard let open = s[Swift.max(s.startIndex, start - 8)..<(start - 1)].lastIndex(of: "(")
        else { break }
        start = open
        continue
      }
      guard previous.isHan || previous.isASCIIDigit || previous.isASCIILetter else { break }
      if (start < suffixStart || suffix.count > 1) && suffixStart - start >= verbInName {
        let stop = ExtractionContext.projectLeftStops.longestEnding(in: s, before: start)
        // A pilot names its works: 老旧小区改造省级试点.
        let isWorksVerb =
          suffix.isEqual(to: "试点") && stop == 2
          && ["改造", "提升"].contains { s.has($0, endingAt: start) }
        if stop > 0 && !isWorksVerb { break }
      }
      start -= 1
    }
    // An opening quote belongs to the name only when the quote closes inside it.
    if start < suffixStart, s[start] == "“", !s[start..<suffixStart].contains("”") { start += 1 }
    if start < suffixStart, s[start] == "(" { start += 1 }
    for modifier in ExtractionContext.leadingModifiers where s.has(modifier, at: start) {
      start += modifier.unicodeScalars.count
    }
    guard start < suffixStart else { return nil }
    if end < s.endIndex && s[end] == ":" { return nil }
    let descriptor = suffixStart - start
    let nameEnd =
      s[suffixStart..<end].last == ")" && !s[start..<suffixStart].contains("(") ? suffixEnd : end
    guard descriptor >= 1,
      acceptsProject(
        s[start..<nameEnd], suffix: s[suffixStart..<suffixEnd], descriptor: descriptor, in: s,
        end: end)
    else { return nil }
    let name = String(scalars: s[start..<nameEnd])
    return (start..<nameEnd, name)
  }

  static let genericStartTrie = ScalarTrie(genericProjectStarts.map { ($0, true) })
  static let organisationEndingSet = SuffixSet(organisationEndings)
  static let notInNamesTrie = ScalarTrie(notInProjectNames.map { ($0, true) })
  static let notInListedTrie = ScalarTrie(
    ["重要", "的", "精神", "行动", "建设", "发展", "产业", "服务", "管理", "保护", "治理", "改革", "思路", "方法"].map {
      ($0, true)
    })
  static let worksEndings = SuffixSet(["改造项目", "完善工程", "改造工程", "整治工程", "建设项目"])
  /// Facility heads of two characters or more: `赣州国际陆港项目`, `…示范基地项目` name a facility.
  static let facilityEndings = SuffixSet([
    "产业园", "科创园", "物流园", "园区", "公园", "陆港", "号线", "大厦", "广场", "街区", "校区", "基地", "中心",
    "新区", "开发区", "小镇", "高架", "大桥", "通道", "片区", "地块",
  ])
  static let numerals = ScalarSet("一二三四五六七八九十两".unicodeScalars)
  static let countClassifiers = ScalarSet("个所处座条家批宗项级大".unicodeScalars)

  /// The filters every project name passes, on its scalars `name` (a slice of the
  /// sentence `s`, which holds the name's context).
  private func acceptsProject(
    _ name: ArraySlice<Unicode.Scalar>, suffix: ArraySlice<Unicode.Scalar>, descriptor: Int,
    in s: ArraySlice<Unicode.Scalar>, end: Int
  ) -> Bool {
    let count = name.count
    let start = name.startIndex
    guard count >= 3, count <= 30 else { return false }
    let asciiDescriptor = s[start..<(start + descriptor)].allSatisfy {
      $0.isASCIILetter || $0.isASCIIDigit
    }
    if descriptor < 2 && !asciiDescriptor { return false }
    let isItem = suffix.isEqual(to: "项目")
    if asciiDescriptor && (!isItem || (start > s.startIndex && s[start - 1] == "等")) {
      return false
    }
    let inList =
      (end < s.endIndex && (s[end] == "、" || s[end] == "等"))
      || (start > s.startIndex && s[start - 1] == "、")
    // Three-character names on a one-character head: roads in lists and islands only.
    if suffix.count == 1 && count < 4 && !(suffix.first == "岛" || suffix.first == "路" && inList) {
      return false
    }
    // Roads only in lists: `梅岭路、湖滨路等`.
    if suffix.count == 1 && suffix.first == "路" && !inList { return false }
    // A project called …项目 or …工程 names its works (桂花巷改造项目), not a kind of thing.
    if (isItem || suffix.isEqual(to: "工程")) && !asciiDescriptor
      && ExtractionContext.worksEndings.longestEnding(in: name, before: name.endIndex) == 0
      && ExtractionContext.facilityEndings.longestEnding(in: name, before: name.endIndex - 2) == 0
    {
      return false
    }
    // Numbered slogans (一城三园, 一核一地一中心) and counts (6所校园, 三级医院).
    var runs = 0
    var previousWasNumeral = false
    for scalar in name {
      let isNumeral = ExtractionContext.numerals.contains(scalar)
      if isNumeral && !previousWasNumeral { runs += 1 }
      previousWasNumeral = isNumeral
    }
    if runs >= 2 && count <= 7 { return false }
    let afterCount = name.drop { $0.isASCIIDigit || ExtractionContext.numerals.contains($0) }
    if afterCount.count < count, let next = afterCount.first,
      ExtractionContext.countClassifiers.contains(next)
    {
      return false
    }
    if ExtractionContext.genericStartTrie.hasMatch(in: name, at: start) { return false }
    if ExtractionContext.organisationEndingSet.longestEnding(in: name, before: name.endIndex) > 0 {
      return false
    }
    if name.containsAny(ExtractionContext.notInNamesTrie) { return false }
    return true
  }

  /// Items listed with a project (`A、B、C等`) or before `等N个…项目`.
  private func listMembers(
    in s: ArraySlice<Unicode.Scalar>, sentence: Int, found: inout [(Int, Range<Int>, String)]
  ) {
    var i = s.startIndex
    while i < s.endIndex {
      defer { i += 1 }
      guard s[i] == "等" else { continue }
      // `等N个重点工程`, `等6个项目`, `等“难安置”项目`, `等项目`.
      var j = i + 1
      while j < s.endIndex && (s[j].isASCIIDigit || "个处所座宗条家批".unicodeScalars.contains(s[j])) {
        j += 1
      }
      // An optional quoted or one-word modifier, then the kind of thing listed.
      if j < s.endIndex, s[j] == "“", let close = s[j...].prefix(10).firstIndex(of: "”") {
        j = close + 1
      }
      for modifier in ["重点", "重大", "优质", "市政", "民生", "基础设施"] where s.has(modifier, at: j) {
        j += modifier.unicodeScalars.count
      }
      let window = s[j..<Swift.min(s.endIndex, j + 10)]
      let itemsEndHere = ["项目", "工程", "道路", "楼宇", "园区", "校园", "安置房", "断头路", "市政道路"].contains {
        window.has($0, at: j)
      }
      let knownLast = found.contains { $0.0 == sentence && $0.1.upperBound == i }
      guard itemsEndHere || knownLast else { continue }
      guard !window.contains("土地"), !window.contains("招商引资") else { continue }
      var end = i
      var items: [(Range<Int>, String)] = []
      while end > s.startIndex {
        var start = end
        while start > s.startIndex && end - start < 14 {
          let previous = s[start - 1]
          if previous == "”" {
            guard let open = s[Swift.max(s.startIndex, start - 12)..<(start - 1)].lastIndex(of: "“")
            else { break }
            start = open
            continue
          }
          if previous == ")" {
            guard let open = s[Swift.max(s.startIndex, start - 8)..<(start - 1)].lastIndex(of: "(")
            else { break }
            start = open
            continue
          }
          guard previous.isHan || previous.isASCIIDigit || previous.isASCIILetter else { break }
          if ExtractionContext.projectLeftStops.longestEnding(in: s, before: start) > 0 { break }
          start -= 1
        }
        while start < end, s[start] == "“" { start += 1 }
        let known = found.contains { $0.0 == sentence && $0.1.overlaps(start..<end) }
        // `美丽乡村及精准扶贫`: what 及 joins to a project is a project only if it names one.
        let isJoined = start > s.startIndex && (s[start - 1] == "及" || s[start - 1] == "和")
        if !known, end - start >= 3, end - start <= 14, acceptsListed(s[start..<end]),
          !isJoined || isProjectItem(s[start..<end])
        {
          items.append((start..<end, String(scalars: s[start..<end])))
        }
        guard start > s.startIndex, s[start - 1] == "、" else { break }
        end = start - 1
      }
      if items.count >= 1 && (itemsEndHere || items.count >= 2) {
        for (range, name) in items
        where !found.contains(where: { $0.0 == sentence && $0.1 == range }) {
          found.append((sentence, range, name))
        }
      }
    }
  }

  private func acceptsListed(_ name: ArraySlice<Unicode.Scalar>) -> Bool {
    // `美丽乡村及精准扶贫`: a programme joined to a project is no project.
    if let and = name.firstIndex(where: { $0 == "及" || $0 == "和" }),
      !isProjectItem(name[(and + 1)...])
    {
      return false
    }
    if ExtractionContext.genericStartTrie.hasMatch(in: name, at: name.startIndex) { return false }
    if ExtractionContext.organisationEndingSet.longestEnding(in: name, before: name.endIndex) > 0 {
      return false
    }
    return !name.containsAny(ExtractionContext.notInListedTrie)
  }

  /// Words that make a listed item a physical project: a facility, a site or works on one
  /// (生产线, 产业园, 古镇, 改造, 旅游开发); `道路交通`, `教育提升` have none.
  static let projectItemWords = [
    "改造", "开发", "项目", "工程", "生产线", "综合体", "文旅", "基地", "产业园", "古镇", "美丽乡村", "片区",
    "新区", "大厦", "广场", "码头", "机场", "水库", "医院", "学校", "中学", "小学", "技改", "仓储", "酒店",
    "景区", "体育场", "剧院", "教育城", "科学城", "新城", "号线", "新线", "一级路", "公路", "国道", "省道",
    "大桥", "校区", "农产品加工",
  ]
  static let projectItemTrie = ScalarTrie(projectItemWords.map { ($0, true) })
  /// One-character facility heads an item may end in: 铝产业园, 一分厂, 108国道新线.
  static let projectItemLastScalars = ScalarSet("园厂港站馆城桥".unicodeScalars)
  /// Verbs a first list item may start with, cut off: `视察了A、B`.
  static let projectItemLeadVerbs = SuffixSet([
    "了", "视察", "深入", "来到", "到", "查看", "察看", "观摩", "走进", "调研", "对", "包括",
  ])

  private func isProjectItem(_ slice: ArraySlice<Unicode.Scalar>) -> Bool {
    guard let last = slice.last else { return false }
    return slice.containsAny(ExtractionContext.projectItemTrie)
      || ExtractionContext.projectItemLastScalars.contains(last)
  }
  /// Words before a list of projects: `先后深入A、B等项目现场`, `分别是A、B、C`.
  static let projectListOpeners = SuffixSet([
    "包括", "分别是", "分别为", "深入", "来到", "视察", "观摩", "察看", "查看", "走进", "先后到",
  ])

  /// `A、B和C等项目`, `包括A、B、C`, `分别是A、B、C`: every item of a list of projects that
  /// names a facility or works on one.
  private func projectList(
    in s: ArraySlice<Unicode.Scalar>, sentence: Int, found: inout [(Int, Range<Int>, String)]
  ) {
    // A list has at least one 、.
    guard s.contains("、") else { return }
    var i = s.startIndex
    while i < s.endIndex {
      let openerLength = ExtractionContext.projectListOpeners.longestEnding(in: s, before: i)
      guard openerLength > 0 || i == s.startIndex || s[i - 1] == "," || s[i - 1] == ":" else {
        i += 1
        continue
      }
      // Items up to the end of the clause, split at 、 and a final 和/及 before 等.
      var items: [Range<Int>] = []
      var start = i
      var j = i
      var depth = 0
      var endsInProjects = false
      while j < s.endIndex {
        let c = s[j]
        if c == "“" || c == "(" { depth += 1 }
        if c == "”" || c == ")" { depth = Swift.max(0, depth - 1) }
        // `…改造工程八个项目`: a count of projects ends the list as 等 does.
        if depth == 0, c == "个" || c == "项", j > start,
          ExtractionContext.numerals.contains(s[j - 1]) || s[j - 1].isASCIIDigit,
          s.has("项目", at: j + 1) || s.has("重点项目", at: j + 1) || s.has("项目", at: j)
        {
          var k = j - 1
          while k > start, ExtractionContext.numerals.contains(s[k - 1]) || s[k - 1].isASCIIDigit {
            k -= 1
          }
          items.append(start..<k)
          endsInProjects = true
          break
        }
        if depth == 0 && (c == "、" || c == "," || c == "。" || c == ";" || c == ":") {
          items.append(start..<j)
          start = j + 1
          if c != "、" { break }
        } else if depth == 0 && c == "等" {
          items.append(start..<j)
          var k = j + 1
          while k < s.endIndex, s[k].isASCIIDigit || "个处所座宗条家批".unicodeScalars.contains(s[k]) {
            k += 1
          }
          for modifier in ["重点", "重大", "产业", "民生"] where s.has(modifier, at: k) {
            k += modifier.unicodeScalars.count
          }
          endsInProjects = s.has("项目", at: k) || s.has("工程", at: k) || s.has("项", at: k)
          break
        }
        j += 1
      }
      if j >= s.endIndex && start < j { items.append(start..<j) }
      let isList = items.count >= 3 || (items.count >= 2 && endsInProjects)
      guard isList, endsInProjects || openerLength > 0 else {
        i += 1
        continue
      }
      // The last item may hold a final `和`: `…新校区和库区移民`.
      // `政协委员视察了A、B`: the first item starts after the last verb before it.
      if let first = items.first {
        var k = first.upperBound - 3
        while k > first.lowerBound {
          if ExtractionContext.projectItemLeadVerbs.longestEnding(in: s, before: k) > 0 {
            items[0] = k..<first.upperBound
            break
          }
          k -= 1
        }
      }
      // `…种植基地实地调研`: a visit verb after the last item is no part of it.
      if let last = items.last {
        for verb in ["实地调研", "调研", "视察", "考察", "观摩"] where s.has(verb, endingAt: last.upperBound) {
          items[items.count - 1] = last.lowerBound..<(last.upperBound - verb.unicodeScalars.count)
          break
        }
      }
      // An item may join two at 和/及: `凤凰美丽乡村及精准扶贫` keeps the project half;
      // `山苍子和山桐子种植基地` is one name.
      var split: [Range<Int>] = []
      for item in items {
        if let and = s[item].firstIndex(where: { $0 == "和" || $0 == "及" }),
          and - item.lowerBound >= 3, item.upperBound - and > 3,
          isProjectItem(s[item.lowerBound..<and])
        {
          split.append(item.lowerBound..<and)
          if isProjectItem(s[(and + 1)..<item.upperBound]) {
            split.append((and + 1)..<item.upperBound)
          }
        } else {
          split.append(item)
        }
      }
      var accepted: [(Range<Int>, String)] = []
      for item in split {
        var name = item
        // `S213(街道)提升改造`: a bracketed note inside is no part of the name.
        while name.count > 0,
          !(s[name.lowerBound].isHan || s[name.lowerBound].isASCIIDigit
            || s[name.lowerBound].isASCIILetter || s[name.lowerBound] == "“")
        {
          name = (name.lowerBound + 1)..<name.upperBound
        }
        guard name.count >= 3, name.count <= 26 else { continue }
        let slice = s[name]
        guard isProjectItem(slice),
          !ExtractionContext.genericStartTrie.hasMatch(in: slice, at: slice.startIndex),
          ExtractionContext.organisationEndingSet.longestEnding(in: slice, before: slice.endIndex)
            == 0,
          !slice.containsAny(ExtractionContext.notInNamesTrie)
        else { continue }
        var text = String.UnicodeScalarView()
        var depth = 0
        for c in slice {
          if c == "(" { depth += 1 }
          if depth == 0 { text.append(c) }
          if c == ")" { depth = Swift.max(0, depth - 1) }
        }
        accepted.append((name, String(text)))
      }
      // A list item replaces the shorter readings inside it (`产业示范园` in a longer item).
      for (range, name) in accepted
      where !found.contains(where: {
        $0.0 == sentence && $0.1.overlaps(range) && $0.1.count > range.count
      }) {
        found.removeAll { $0.0 == sentence && $0.1.overlaps(range) }
        found.append((sentence, range, name))
      }
      i = j + 1
    }
  }

  /// A line that is a project and its milestone: `某某生产线项目开工`.
  private func projectLine(
    in s: ArraySlice<Unicode.Scalar>, sentence: Int, found: inout [(Int, Range<Int>, String)]
  ) {
    guard s.count <= 40, s.allSatisfy({ !ExtractionContext.clauseEnders.contains($0) }) else {
      return
    }
    for milestone in ["开工", "竣工", "投产", "签约", "开业", "通车"] {
      guard s.has(milestone, endingAt: s.endIndex) else { continue }
      let name = s.startIndex..<(s.endIndex - 2)
      // A headline of a collective start (`某县重大项目集中开工`) names no one project.
      guard name.count >= 4, isProjectItem(s[name]),
        !["集中", "宣布", "季度", "批", "重大项目"].contains(where: { s[name].contains($0) }),
        !document.persons.contains(where: { s[name].contains($0.name) })
      else { return }
      found.removeAll { $0.0 == sentence && $0.1.overlaps(name) }
      found.append((sentence, name, String(scalars: s[name])))
      return
    }
  }

  private func addProject(_ rawName: String, range: Range<Int>, sentence: Int) {
    var name = rawName
    // A phase belongs to its facility: 会展中心二期 is 会展中心.
    let scalars = Array(name.unicodeScalars)
    if scalars.count > 4, scalars.last == "期",
      let suffix = ExtractionContext.projectSuffixes.longestMatch(
        in: scalars[...], at: scalars.count - 4)
        ?? ExtractionContext.projectSuffixes.longestMatch(in: scalars[...], at: scalars.count - 5)
    {
      _ = suffix
      var cut = scalars.count - 1
      while cut > 0, "一二三四五六七八九十".unicodeScalars.contains(scalars[cut - 1]) { cut -= 1 }
      name = scalars.string(0..<cut)
    }
    guard projectIndexByName[name] == nil else { return }
    let span = sentences[sentence].span
    // Where: a place named at the start of the project name, else the document's place.
    var placeIndex: Int? = nil
    let compactStart = compactOffset(sentence: sentence, rawOffset: range.lowerBound)
    if let mention = placeMention(sentence: sentence, startingAt: compactStart),
      mention.township == nil
    {
      placeIndex = place(division: mention.chosen, span: span, mentioned: false)
    } else {
      let home = homeDistrict >= 0 ? homeDistrict : (homeCity >= 0 ? homeCity : homeProvince)
      if home >= 0 { placeIndex = place(division: home, span: span, mentioned: false) }
    }
    document.projects.append(ExtractedDocument.Project(name: name, place: placeIndex, span: span))
    projectIndexByName[name] = document.projects.count - 1
    let compactEnd = compactOffset(sentence: sentence, rawOffset: range.upperBound)
    projectRanges[sentence, default: []].append(compactStart..<compactEnd)
  }

  /// The compact offset (white space removed) of a raw offset in a sentence.
  func compactOffset(sentence: Int, rawOffset: Int) -> Int {
    var offset = 0
    var i = sentences[sentence].range.lowerBound
    while i < rawOffset {
      if !text[i].isSpaceLike { offset += 1 }
      i += 1
    }
    return offset
  }
}
