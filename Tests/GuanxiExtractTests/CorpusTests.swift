import Foundation
import GuanxiGraph
import TestSupport
import Testing

@testable import GuanxiExtract

/// Extracts `shared/corpus/docs` and scores the graph against `shared/corpus/gold` with the
/// matching rules of `shared/tools/score_extraction.py`, so the test needs no Python.
/// The floors only rise.
@Suite(
  .enabled(if: SharedFolder.isUsable, "needs ../shared (the corpus and its gold), which is absent"))
struct CorpusTests {
  /// Per-category F1 floors; raise them as the extractor improves, never lower them.
  static let floors: [String: Double] = [
    "officials": 0.99, "meetings": 0.99, "participation": 0.99, "places": 0.99, "projects": 0.90,
    "credits": 0.99,
  ]
  static let totalFloor = 0.98

  @Test func corpusMeetsFloors() throws {
    let docs = try #require(SharedFolder.path("corpus/docs"), "no ../shared, and CI requires it")
    let goldDir = try #require(SharedFolder.path("corpus/gold"))
    guard FileManager.default.fileExists(atPath: docs) else {
      Issue.record("no corpus at \(docs)")
      return
    }
    let graph = Graph()
    let report = ExtractionPipeline().extract(paths: [docs], into: graph)
    #expect(report.skipped.isEmpty)
    if let out = ProcessInfo.processInfo.environment["GUANXI_CORPUS_JSONL"] {
      try CorpusScorer.jsonLines(graph).write(toFile: out, atomically: true, encoding: .utf8)
    }
    let scores = try CorpusScorer.score(graph: graph, goldDirectory: goldDir)
    var total = 0.0
    for category in CorpusScorer.categories {
      let s = scores[category] ?? CorpusScorer.Counts()
      print(
        "corpus \(category): gold \(s.gold) predicted \(s.predicted) P \(fmt(s.precision)) R \(fmt(s.recall)) F1 \(fmt(s.f1))"
      )
      total += s.f1
      #expect(s.f1 >= (Self.floors[category] ?? 0), "\(category) F1 \(s.f1) fell below its floor")
    }
    total /= Double(CorpusScorer.categories.count)
    print("corpus total F1 (macro): \(fmt(total))")
    #expect(total >= Self.totalFloor)
  }

  private func fmt(_ x: Double) -> String { String(format: "%.3f", x) }
}
