// guanxi-extract-bench: extraction throughput on one core, beside jieba's posseg on the
// same text in the same run (issue: at least 20 MB/s of Chinese text).
//
//   swift run -c release guanxi-extract-bench [DOCS] [--mb 50] [--no-jieba]
//
// DOCS defaults to ../shared/corpus/docs next to the package. The documents are
// extracted again and again on this thread until at least --mb megabytes of UTF-8 have
// gone through (as `DocumentExtractor.extract`, decoding and normalisation included);
// both wall time and this thread's CPU time are reported, since on a shared machine the
// wall clock also counts other processes. Then ../shared/bench/jieba_speed.py tags the
// same files and the ratio of characters per second is printed. One JSON object goes to
// standard output.
import Foundation
import GuanxiExtract

func threadCPUSeconds() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()
var arguments = Array(CommandLine.arguments.dropFirst())
var megabytes = 50
var runsJieba = true
if let i = arguments.firstIndex(of: "--mb"), i + 1 < arguments.count, let n = Int(arguments[i + 1])
{
  megabytes = n
  arguments.removeSubrange(i...(i + 1))
}
if let i = arguments.firstIndex(of: "--no-jieba") {
  runsJieba = false
  arguments.remove(at: i)
}
let docs =
  arguments.first ?? package.appendingPathComponent("../shared/corpus/docs").standardized.path
let names = try FileManager.default.contentsOfDirectory(atPath: docs).filter {
  $0.hasSuffix(".txt")
}.sorted()
let texts = try names.map { try String(contentsOfFile: docs + "/" + $0, encoding: .utf8) }
// Counted once, outside the timed loop.
let byteCounts = texts.map { $0.utf8.count }
let characterCounts = texts.map { $0.unicodeScalars.count }
guard !texts.isEmpty else {
  FileHandle.standardError.write(Data("no .txt documents in \(docs)\n".utf8))
  exit(1)
}

var bytes = 0
var characters = 0
var facts = 0
let cpuStart = threadCPUSeconds()
let wallStart = Date()
var round = 0
while bytes < megabytes * 1_000_000 {
  for (i, text) in texts.enumerated() {
    let document = DocumentExtractor.extract(text, name: "\(round)-\(i).txt")
    facts += document.holds.count + document.projects.count + document.places.count
    bytes += byteCounts[i]
    characters += characterCounts[i]
  }
  round += 1
}
let wall = Date().timeIntervalSince(wallStart)
let cpu = threadCPUSeconds() - cpuStart

var report: [String: Any] = [
  "documents": docs, "bytes": bytes, "characters": characters, "facts": facts,
  "wall_s": wall, "cpu_s": cpu,
  "mb_per_s_wall": Double(bytes) / wall / 1e6, "mb_per_s_cpu": Double(bytes) / cpu / 1e6,
  "chars_per_s_cpu": Double(characters) / cpu,
]

if runsJieba {
  let script = package.appendingPathComponent("../shared/bench/jieba_speed.py").standardized.path
  let output = NSTemporaryDirectory() + "jieba-\(getpid()).json"
  let python = Process()
  python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  python.arguments = ["python3", script, "--docs", docs, "--json", output]
  python.standardOutput = FileHandle.standardError
  try python.run()
  python.waitUntilExit()
  if let data = FileManager.default.contents(atPath: output),
    let jieba = try JSONSerialization.jsonObject(with: data) as? [String: Any],
    let anchor = (jieba["posseg"] as? [String: Any])?["chars_per_s"] as? Double
  {
    report["jieba_posseg_chars_per_s"] = anchor
    report["ratio_guanxi_over_jieba"] = Double(characters) / cpu / anchor
  } else {
    report["jieba"] = "jieba_speed.py failed (pip install jieba)"
  }
  try? FileManager.default.removeItem(atPath: output)
}
let json = try JSONSerialization.data(
  withJSONObject: report, options: [.sortedKeys, .prettyPrinted])
FileHandle.standardOutput.write(json + Data([0x0A]))
