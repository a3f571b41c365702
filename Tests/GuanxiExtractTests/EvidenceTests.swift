import Foundation
import GuanxiGraph
import Testing

@testable import GuanxiExtract

/// Evidence travels with the graph: the sentence behind a fact is stored in the graph
/// file, so it is still there after the file is copied elsewhere and the sources deleted,
/// and no path of the extracting machine is kept.
@Suite struct EvidenceTests {
  static let doc =
    "来源:江淮日报 2024-04-10 08:00\n4月9日,黄山市屯溪区委常委会举行扩大会议。区委书记沈一帆主持会议并讲话。\n(江淮日报 记者 王小明)\n"

  /// A fresh directory per test, with the document in `sources/`.
  func makeDirectory() throws -> String {
    let dir = NSTemporaryDirectory() + "guanxi-evidence-\(UUID().uuidString)"
    try FileManager.default.createDirectory(
      atPath: dir + "/sources", withIntermediateDirectories: true)
    try Self.doc.write(toFile: dir + "/sources/a.txt", atomically: true, encoding: .utf8)
    return dir
  }

  func holds(in graph: Graph) -> [RelationshipID] {
    graph.allRelationships().filter { graph.typeName(of: $0) == Schema.RelationshipType.holds }
  }

  @Test func showsTheSentenceWithoutItsSource() throws {
    let dir = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let graph = Graph()
    _ = ExtractionPipeline().extract(paths: [dir + "/sources"], into: graph)
    try FileManager.default.removeItem(atPath: dir + "/sources")
    let facts = holds(in: graph)
    #expect(facts.count == 1)
    for r in facts { #expect(evidence(of: r, in: graph) == "区委书记沈一帆主持会议并讲话。") }
  }

  /// Checkpointed, copied to another folder, sources deleted: `:why` still works. And
  /// journalled only (no checkpoint): the replayed journal brings the evidence back.
  @Test(arguments: [true, false]) func evidenceSurvivesTheFileBeingMoved(checkpoints: Bool) throws {
    let dir = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let file = try GraphFile.open(dir + "/g.gx", mode: .readWrite, createIfMissing: true)
    _ = ExtractionPipeline().extract(paths: [dir + "/sources"], into: file.graph)
    try file.commit()
    if checkpoints { try file.checkpoint() }
    file.close()
    try FileManager.default.removeItem(atPath: dir + "/sources")
    try FileManager.default.createDirectory(
      atPath: dir + "/elsewhere", withIntermediateDirectories: true)
    for suffix in ["", ".wal"] where FileManager.default.fileExists(atPath: dir + "/g.gx" + suffix)
    {
      try FileManager.default.moveItem(
        atPath: dir + "/g.gx" + suffix, toPath: dir + "/elsewhere/g.gx" + suffix)
    }
    let moved = try GraphFile.open(dir + "/elsewhere/g.gx", mode: .readOnly)
    defer { moved.close() }
    let facts = holds(in: moved.graph)
    #expect(facts.count == 1)
    for r in facts { #expect(evidence(of: r, in: moved.graph) == "区委书记沈一帆主持会议并讲话。") }
    try moved.graph.checkInvariants()
  }

  @Test func noPathOfTheExtractingMachineIsStored() throws {
    let dir = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let graph = Graph()
    // A graph from before: its Document node carried the absolute path.
    let old = graph.createNode(
      labels: [Schema.Label.document],
      properties: [Schema.Key.name: "a.txt", Schema.Key.path: .string(dir + "/sources/a.txt")])
    _ = ExtractionPipeline().extract(paths: [dir + "/sources"], into: graph)
    #expect(graph.nodes(label: Schema.Label.document, name: "a.txt") == [old])
    for node in graph.allNodes() {
      for (_, value) in graph.properties(of: node) {
        #expect(!(value.stringValue ?? "").contains(dir), "\(value)")
      }
    }
    for r in graph.allRelationships() {
      for (_, value) in graph.properties(of: r) {
        #expect(!(value.stringValue ?? "").contains(dir), "\(value)")
      }
    }
  }

  /// The graph file itself (snapshot and journal) holds no byte of the sources' folder.
  @Test func theGraphFileHoldsNoPath() throws {
    let dir = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let file = try GraphFile.open(dir + "/g.gx", mode: .readWrite, createIfMissing: true)
    _ = ExtractionPipeline().extract(paths: [dir + "/sources/a.txt"], into: file.graph)
    try file.commit()
    let journal = try Data(contentsOf: URL(fileURLWithPath: dir + "/g.gx.wal"))
    try file.checkpoint()
    file.close()
    let snapshot = try Data(contentsOf: URL(fileURLWithPath: dir + "/g.gx"))
    let needle = Data("guanxi-evidence-".utf8)
    #expect(journal.count > 100)
    #expect(journal.range(of: needle) == nil)
    #expect(snapshot.range(of: needle) == nil)
    #expect(snapshot.range(of: Data("a.txt".utf8)) != nil)
  }

  /// Re-extraction replaces the stored evidence; removing a document's facts removes it.
  @Test func reextractionReplacesEvidence() throws {
    let dir = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let graph = Graph()
    _ = ExtractionPipeline().extract(paths: [dir + "/sources"], into: graph)
    try Self.doc.replacingOccurrences(of: "沈一帆", with: "沈一凡").write(
      toFile: dir + "/sources/a.txt", atomically: true, encoding: .utf8)
    _ = ExtractionPipeline().extract(paths: [dir + "/sources"], into: graph)
    for r in holds(in: graph) { #expect(evidence(of: r, in: graph) == "区委书记沈一凡主持会议并讲话。") }
    ExtractionPipeline.removeFacts(of: ["a.txt"], from: graph)
    #expect(graph.evidence(ofDocument: "a.txt") == nil)
    #expect(graph.relationships(ofDocument: "a.txt").isEmpty)
  }

  /// A relationship whose document has no stored evidence (an imported graph, or a fact a
  /// query made) gives nil, not an error.
  @Test func missingEvidenceIsNil() {
    let graph = Graph()
    let a = graph.createNode(labels: [Schema.Label.person], properties: [Schema.Key.name: "甲"])
    let r = try? graph.createRelationship(
      from: a, to: a, type: Schema.RelationshipType.holds,
      properties: [Schema.Key.doc: "imported.txt", Schema.Key.span: [0, 5]])
    #expect(r.map { evidence(of: $0, in: graph) } == .some(nil))
    #expect(evidenceSentence(doc: "imported.txt", span: [5, 1], in: graph) == nil)
  }
}

/// The evidence codec: what goes in comes out, and damaged bytes give nil, never a trap.
@Suite struct DocumentEvidenceTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var text: String
    var spans: [Range<Int>]
    var testDescription: String { String(text.prefix(12)) }
  }

  static let cases: [Case] = [
    Case(text: "会议由沈一帆主持。其他内容。", spans: [0..<9]),
    Case(text: "“高质量发展”——ASCII 1 2 3,《报告》、é 😀 结束。", spans: [0..<5, 3..<20, 25..<31]),
    Case(
      text: String(repeating: "习近平新时代中国特色社会主义思想。", count: 40), spans: [0..<300, 400..<680]),
    Case(text: "", spans: []),
  ]

  @Test(arguments: cases) func keepsEveryCoveredScalar(_ c: Case) {
    let scalars = Array(c.text.unicodeScalars)
    let evidence = DocumentEvidence(text: scalars, spans: c.spans)
    for span in c.spans {
      let expected = String(String.UnicodeScalarView(scalars[span]))
      #expect(
        evidence.sentence(scalarStart: span.lowerBound, scalarEnd: span.upperBound) == expected)
    }
    // Text outside every span is not kept.
    if let last = c.spans.last, last.upperBound < scalars.count {
      #expect(evidence.sentence(scalarStart: last.upperBound, scalarEnd: scalars.count) == nil)
    }
  }

  @Test func compressesRepetitiveChinese() {
    let scalars = Array(String(repeating: "习近平新时代中国特色社会主义思想。", count: 40).unicodeScalars)
    let evidence = DocumentEvidence(text: scalars, spans: [0..<scalars.count])
    #expect(evidence.encoded.count * 10 < scalars.count * 3)
  }

  @Test func damagedBytesGiveNil() {
    let scalars = Array(String(repeating: "区委书记沈一帆主持会议并讲话。会议强调,要抓好重大项目。", count: 6).unicodeScalars)
    let evidence = DocumentEvidence(text: scalars, spans: [0..<scalars.count])
    let bytes = evidence.encoded
    for length in 0..<bytes.count {
      let cut = DocumentEvidence(encoded: Array(bytes[0..<length]))
      #expect(cut.sentence(scalarStart: 0, scalarEnd: 5) == nil)
    }
    for i in bytes.indices {
      for flip: UInt8 in [0x01, 0x80, 0xFF] {
        var damaged = bytes
        damaged[i] ^= flip
        // Either nil or text of the length asked for: never a trap, never a wrong length.
        let text = DocumentEvidence(encoded: damaged).sentence(
          scalarStart: 0, scalarEnd: scalars.count)
        #expect(text == nil || text?.unicodeScalars.count == scalars.count)
      }
    }
  }
}
