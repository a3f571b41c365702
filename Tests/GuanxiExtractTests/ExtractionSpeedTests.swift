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
    // Thread CPU time as well as wall time: on a shared machine the wall clock also
    // counts other processes.
    func threadCPUSeconds() -> Double {
      var t = timespec()
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
      return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
    let cpuStart = threadCPUSeconds()
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
    let cpu = threadCPUSeconds() - cpuStart
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(
      "extraction: \(bytes) bytes in \(String(format: "%.2f", seconds)) s wall = \(String(format: "%.1f", Double(bytes) / seconds / 1e6)) MB/s; "
        + "\(String(format: "%.2f", cpu)) s CPU = \(String(format: "%.1f", Double(bytes) / cpu / 1e6)) MB/s (\(facts) facts)")
  }
}
