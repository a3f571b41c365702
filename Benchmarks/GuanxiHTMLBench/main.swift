// guanxi-html-bench: throughput of the HTML stage (encoding, reader, article finder) on
// one core, and of the HTML stage followed by extraction.
//
//   swift run -c release guanxi-html-bench [PAGES…] [--mb 50]
//
// PAGES default to the test pages in Tests/GuanxiExtractTests/Pages next to the package.
// Each page is read with `HTMLPage(bytes:)` again and again on this thread until --mb
// megabytes of page bytes have gone through; then the page with the most paragraphs,
// its article's paragraphs repeated to 5 MB, is read five times. Wall time and this thread's CPU time
// are reported (on a shared machine the wall clock also counts other processes). One
// JSON object goes to standard output.
import Foundation
import GuanxiExtract

func threadCPUSeconds() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// Runs `body` until `bytes` page bytes have gone through; MB/s by wall and CPU time.
func measure(_ pages: [[UInt8]], bytes target: Int, _ body: ([UInt8]) -> Int) -> [String: Any] {
  var bytes = 0
  var sink = 0
  let cpuStart = threadCPUSeconds()
  let wallStart = Date()
  while bytes < target {
    for page in pages {
      sink &+= body(page)
      bytes += page.count
    }
  }
  let wall = Date().timeIntervalSince(wallStart)
  let cpu = threadCPUSeconds() - cpuStart
  return [
    "bytes": bytes, "wall_s": wall, "cpu_s": cpu, "mb_per_s_wall": Double(bytes) / wall / 1e6,
    "mb_per_s_cpu": Double(bytes) / cpu / 1e6, "output_check": sink,
  ]
}

let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()
var arguments = Array(CommandLine.arguments.dropFirst())
var megabytes = 50
if let i = arguments.firstIndex(of: "--mb"), i + 1 < arguments.count, let n = Int(arguments[i + 1])
{
  megabytes = n
  arguments.removeSubrange(i...(i + 1))
}
var paths = arguments
if paths.isEmpty {
  let folder = package.appendingPathComponent("Tests/GuanxiExtractTests/Pages").path
  let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
  paths = names.filter { !$0.hasSuffix(".txt") && !$0.hasPrefix(".") }.sorted().map {
    folder + "/" + $0
  }
}
let pages = paths.compactMap { FileManager.default.contents(atPath: $0).map { [UInt8]($0) } }
guard let first = pages.first else {
  FileHandle.standardError.write(Data("no pages to read\n".utf8))
  exit(1)
}

// A large page: the page with the most paragraphs of prose (lines with `<p` and `。`),
// those lines repeated to 5 MB.
func paragraphLines(_ page: [UInt8]) -> (lines: [Substring], paragraphs: [Int]) {
  let lines = String(decoding: page, as: UTF8.self).split(
    separator: "\n", omittingEmptySubsequences: false)
  return (lines, lines.indices.filter { lines[$0].contains("<p") && lines[$0].contains("。") })
}
let base = pages.max { paragraphLines($0).paragraphs.count < paragraphLines($1).paragraphs.count }
var large = base ?? first
let (lines, paragraphs) = paragraphLines(large)
if let last = paragraphs.last {
  let block = Array(paragraphs.map { lines[$0] + "\n" }.joined().utf8)
  let before = Array(lines[...last].joined(separator: "\n").utf8) + [0x0A]
  let after = Array(lines[(last + 1)...].joined(separator: "\n").utf8)
  var middle: [UInt8] = []
  while before.count + middle.count + after.count < 5_000_000 { middle += block }
  large = before + middle + after
}

var report: [String: Any] = ["pages": paths]
report["html_stage"] = measure(pages, bytes: megabytes * 1_000_000) {
  HTMLPage(bytes: $0).text.utf8.count
}
report["html_stage_then_extraction"] = measure(pages, bytes: megabytes * 1_000_000 / 5) {
  let page = HTMLPage(bytes: $0)
  let document = DocumentExtractor.extract(page.text, name: "p.html", page: page.metadata)
  return document.holds.count + document.participations.count
}
report["large_page_bytes"] = large.count
report["large_page_lines"] = HTMLPage(bytes: large).text.split(separator: "\n").count
report["large_page"] = measure([large], bytes: large.count * 5) {
  HTMLPage(bytes: $0).text.utf8.count
}
let json = try JSONSerialization.data(
  withJSONObject: report, options: [.sortedKeys, .prettyPrinted])
FileHandle.standardOutput.write(json + Data([0x0A]))
