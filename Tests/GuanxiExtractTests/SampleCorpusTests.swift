import Foundation
import GuanxiGraph
import Testing

@testable import GuanxiExtract

/// The sample corpus in `Graphs/samples` loads completely and yields its key facts.
@Suite struct SampleCorpusTests {
  static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Graphs/samples").path

  struct Expectation: Sendable, CustomTestStringConvertible {
    var file: String
    var facts: [String]
    var testDescription: String { file }
  }

  static let expectations: [Expectation] = [
    Expectation(
      file: "01_plenum_jinghu.txt",
      facts: ["MEETING 中国共产党芜湖市镜湖区第三届委员会第六次全体会议", "HOLDS 方晓岚 区长 镜湖区", "SPOKE 周立新"]),
    Expectation(
      file: "02_work_meeting_jiujiang.txt",
      facts: ["PRESIDED 蒋若溪", "CREDITED 孔令杰 记者", "HELD_IN 九江市一季度经济运行调度会 九江市"]),
    Expectation(file: "03_congress_xiling.txt", facts: ["SPOKE 杜文博", "HOLDS 杜文博 区长 西陵区"]),
    Expectation(file: "04_cppcc_fucheng.txt", facts: ["PRESIDED 欧阳晓峰", "HOLDS 严瑾 区政协副主席 涪城区"]),
    Expectation(
      file: "05_inspection_lujiang.txt", facts: ["HOLDS 黄镇南 市长 合肥市", "PROJECT 庐江高新区新能源材料产业园"]),
    Expectation(
      file: "06_traditional_licheng.txt",
      facts: ["HOLDS 黄启明 区委书记 鲤城区", "PRESIDED 黄启明", "CREDITED 林晓 通讯员"]),
    Expectation(
      file: "07_page_debris.txt",
      facts: ["PRESIDED 聂文清", "PROJECT 红泥湾镇现代农业产业园", "HELD_IN 宛城区乡村振兴推进会 宛城区"]),
    Expectation(
      file: "08_credits_wuyuan.txt", facts: ["CREDITED 俞晓春 摄影", "CREDITED 程悦 记者", "CREDITED 江海 审核"]),
    Expectation(file: "09_gbk_kecheng.txt", facts: ["HOLDS 毛晓东 区长 柯城区", "PRESIDED 叶青"]),
  ]

  @Test(arguments: expectations) func yieldsKeyFacts(_ e: Expectation) throws {
    let result = ExtractionPipeline.extractFile(Self.samples + "/" + e.file)
    let document = try result.get()
    let facts = RuleCase.render(document)
    for fact in e.facts { #expect(facts.contains(fact), "missing \(fact) in \(facts.sorted())") }
  }

  @Test func everySampleLoads() {
    let graph = Graph()
    let report = ExtractionPipeline().extract(paths: [Self.samples], into: graph)
    #expect(report.skipped.isEmpty)
    #expect(report.documents.count >= 8)
    // Debris yields nothing: no person or place from the page furniture.
    #expect(graph.nodes(label: Schema.Label.person, name: "宛城融").isEmpty)
  }
}
