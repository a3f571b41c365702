/// Chinese surnames: the common single-character ones (about 500, from the
/// Hundred Family Surnames and modern frequency lists) and the compound ones.
///
/// A general linguistic resource, not tied to any corpus. A person name is a surname
/// followed by one or two given-name characters (two or three after a compound surname).
enum Surnames {
  static let single = ScalarSet(
    """
    王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁
    任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫
    孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童
    凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连
    芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖
    巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权
    强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘
    亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉
    植衡富尧闭由潭水谯叔仉督竺缑宦逄丘冒郦昌历揣钮赖阎萧凤铁桓靖竹矫凡禄英蔚郇
    蹇鄂萨訾乜过光达首淡宓滑代占么买次郗续钦操员逢帖贲蒯咸习洪汝邴羌杲字慈果
    """.unicodeScalars.filter { $0.properties.isIdeographic })

  static let compoundTrie = ScalarTrie(compound.map { ($0, true) })

  /// Common first halves of Tibetan names (次仁, 扎西), which run to four characters and
  /// have no surname.
  static let tibetanStarts = ScalarTrie(
    [
      "次仁", "扎西", "多吉", "格桑", "旦增", "索朗", "尼玛", "达瓦", "洛桑", "平措", "才旦", "德吉", "白玛", "拉巴",
      "边巴", "普布", "央金", "卓玛", "强巴", "顿珠", "土登", "嘎玛", "巴桑", "米玛", "益西", "向巴", "措姆",
    ].map { ($0, true) })

  static let compound: [String] = [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫", "西门", "万俟", "闻人", "澹台", "公冶", "宗政",
    "濮阳", "太史", "申屠", "钟离", "呼延", "赫连", "拓跋", "第五", "百里", "东郭", "司空", "左丘",
  ]
}
