import Foundation
import Testing

@testable import GuanxiExtract

/// Extraction throughput on one core: the shared corpus repeated to `GUANXI_BENCH_MB`
/// megabytes of UTF-8 (default 50). Runs only when `GUANXI_BENCH` is set; measure with a
/// release build:
///
///     GUANXI_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter ExtractionSpeed
@Suite struct ExtractionSpeedTests {
  @Test func singleCoreThroughput() throws {
    guard ProcessInfo.processInfo.environment["GUANXI_BENCH"] != nil else { return }
    let megabytes = Int(ProcessInfo.processInfo.environment["GUANXI_BENCH_MB"] ?? "") ?? 50
    let docs = CorpusTests.shared.appendingPathComponent("corpus/docs").path
    let texts = try FileManager.default.contentsOfDirectory(atPath: docs).sorted().map {
      try String(contentsOfFile: docs + "/" + $0, encoding: .utf8)
    }
    var bytes = 0
    var facts = 0
    let clock = ContinuousClock()
    let elapsed = clock.measure {
      var round = 0
      while bytes < megabytes * 1_000_000 {
        for (i, text) in texts.enumerated() {
          let d = DocumentExtractor.extract(text, name: "\(round)-\(i).txt")
          facts += d.holds.count + d.projects.count + d.places.count
          bytes += text.utf8.count
        }
        round += 1
      }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print("extraction: \(bytes) bytes in \(String(format: "%.2f", seconds)) s = \(String(format: "%.1f", Double(bytes) / seconds / 1e6)) MB/s (\(facts) facts)")
  }
}
