import Foundation
import GuanxiGraph
import Testing

@testable import GuanxiExtract

@Suite struct NormalizerTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var input: String
    var output: String
    var testDescription: String { input }
  }

  static let cases: [Case] = [
    Case(input: "（２０２３）年，会议：", output: "(2023)年,会议:"),
    Case(input: "區委書記劉建華主持會議", output: "区委书记刘建华主持会议"),
    Case(input: "著名的科学家", output: "著名的科学家"),
    Case(input: "\u{FEFF}第一行\r\n第二行\r第三行", output: "第一行\n第二行\n第三行"),
    Case(input: "区\u{3000}长", output: "区 长"),
  ]

  @Test(arguments: cases) func normalizes(_ c: Case) {
    #expect(Normalizer.normalize(c.input) == c.output)
  }

  @Test func decodesGB18030AndRejectsBinary() throws {
    let gbk: [UInt8] = [0xBA, 0xCF, 0xB7, 0xCA, 0xCA, 0xD0]  // 合肥市
    guard case .success(let text) = TextDecoder.decode(gbk) else {
      Issue.record("GBK did not decode")
      return
    }
    #expect(text == "合肥市")
    guard case .failure(.binary) = TextDecoder.decode([0x00, 0x01, 0x02, 0xFF]) else {
      Issue.record("binary bytes decoded")
      return
    }
    guard case .failure(.empty) = TextDecoder.decode([0xEF, 0xBB, 0xBF, 0x20, 0x0A]) else {
      Issue.record("blank file decoded")
      return
    }
  }
}

@Suite struct PipelineTests {
  static let doc =
    "来源:江淮日报 2024-04-10 08:00\n4月9日,黄山市屯溪区委常委会举行扩大会议。区委书记沈一帆主持会议并讲话。\n(江淮日报 记者 王小明)\n"

  func makeDirectory() throws -> String {
    let dir = NSTemporaryDirectory() + "guanxi-extract-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try Self.doc.write(toFile: dir + "/a.txt", atomically: true, encoding: .utf8)
    let gbk = Self.doc.replacingOccurrences(of: "沈一帆", with: "沈一凡").data(using: TextDecoder.gb18030)
    _ = FileManager.default.createFile(atPath: dir + "/b.txt", contents: gbk)
    _ = FileManager.default.createFile(
      atPath: dir + "/c.bin", contents: Data([0, 1, 2, 3, 0xFF, 0]))
    _ = FileManager.default.createFile(atPath: dir + "/d.txt", contents: Data())
    return dir
  }

  @Test func readsDirectorySkipsBadFilesAndReplacesOnReextraction() throws {
    let dir = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let graph = Graph()
    let first = ExtractionPipeline().extract(paths: [dir, dir + "/missing.txt"], into: graph)
    #expect(first.documents == ["a.txt", "b.txt"])
    #expect(first.skipped.map(\.code) == [.unreadable, .binary, .empty])
    #expect(
      first.skipped.map { ($0.path as NSString?)?.lastPathComponent } == [
        "missing.txt", "c.bin", "d.txt",
      ])
    #expect(first.factsAdded > 0)
    #expect(!graph.nodes(label: Schema.Label.person, name: "沈一凡").isEmpty)
    let relationships = graph.relationshipCount
    let nodes = graph.nodeCount

    let again = ExtractionPipeline().extract(paths: [dir + "/a.txt"], into: graph)
    #expect(again.factsReplaced == again.factsAdded)
    #expect(graph.relationshipCount == relationships)
    #expect(graph.nodeCount == nodes)
    #expect(throws: Never.self) { try graph.checkInvariants() }
    // The same official in two documents is one node.
    #expect(graph.nodes(label: Schema.Label.person, name: "王小明").count == 1)
  }

  @Test func showsEvidenceSentences() throws {
    let dir = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let graph = Graph()
    _ = ExtractionPipeline().extract(paths: [dir + "/a.txt"], into: graph)
    let holds = graph.allRelationships().filter {
      graph.typeName(of: $0) == Schema.RelationshipType.holds
    }
    #expect(holds.count == 1)
    for r in holds { #expect(evidence(of: r, in: graph) == "区委书记沈一帆主持会议并讲话。") }
  }

  @Test func keepsNamesakesInDifferentPlacesApart() {
    let a = DocumentExtractor.extract("2024年1月2日,宿松县召开大会。县长王伟出席。", name: "a.txt")
    let b = DocumentExtractor.extract("2024年1月3日,怀宁县召开大会。县长王伟出席。", name: "b.txt")
    let c = DocumentExtractor.extract("2024年1月4日,宿松县召开会议。县长王伟讲话。", name: "c.txt")
    let graph = Graph()
    _ = ExtractionPipeline().apply([a, b, c], to: graph)
    #expect(graph.nodes(label: Schema.Label.person, name: "王伟").count == 2)
  }
}
