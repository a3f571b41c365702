// guanxi-extract-bench: extraction throughput on one core, beside jieba's posseg on the
// same text in the same run (issue: at least 20 MB/s of Chinese text).
//
//   swift run -c release guanxi-extract-bench [DOCS] [--mb 50] [--no-jieba]
//   swift run -c release guanxi-extract-bench --scale 10000 [DOCS…]
//   swift run -c release guanxi-extract-bench --evidence DOCS…
//
// --scale: linking as the graph grows (see `scale` below). --evidence: bytes per document
// of the evidence the graph stores, against storing the whole text, each raw (UTF-8) and
// compressed with the same codec.
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
import GuanxiGraph

func threadCPUSeconds() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()
var arguments = Array(CommandLine.arguments.dropFirst())
if let i = arguments.firstIndex(of: "--scale"), i + 1 < arguments.count,
  let n = Int(arguments[i + 1])
{
  arguments.removeSubrange(i...(i + 1))
  let folders =
    arguments.isEmpty
    ? [
      package.appendingPathComponent("../shared/corpus/docs").standardized.path,
      package.appendingPathComponent("Graphs/samples").path,
    ] : arguments
  try scale(documents: n, folders: folders)
  exit(0)
}
if let i = arguments.firstIndex(of: "--evidence") {
  arguments.remove(at: i)
  try evidenceBytes(folders: arguments)
  exit(0)
}
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

/// Linking as the graph grows: extracts `documents` copies of the files in `folders` under
/// distinct names, then applies them to one graph a thousand at a time, timing each
/// thousand (thread CPU), and at the end re-extracts one document into the full graph.
func scale(documents: Int, folders: [String]) throws {
  var files: [String] = []
  for folder in folders {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
      !$0.hasPrefix(".")
    }.sorted()
    files += names.map { folder + "/" + $0 }
  }
  // Each source extracted once; copies differ by name only, as files copied under new
  // names would.
  let sources: [ExtractedDocument] = files.compactMap {
    try? ExtractionPipeline.extractFile($0).get()
  }
  var extracted: [ExtractedDocument] = []
  extracted.reserveCapacity(documents)
  for i in 0..<documents {
    var copy = sources[i % sources.count]
    copy.name = "r\(i / sources.count)_\(copy.name)"
    extracted.append(copy)
  }
  let graph = Graph()
  var chunks: [[String: Any]] = []
  var total = 0.0
  for start in stride(from: 0, to: documents, by: 1000) {
    let chunk = Array(extracted[start..<min(start + 1000, documents)])
    let before = threadCPUSeconds()
    let result = ExtractionPipeline().apply(chunk, to: graph)
    let seconds = threadCPUSeconds() - before
    total += seconds
    chunks.append([
      "documents_before": start, "apply_cpu_s": seconds, "facts": result.factsAdded,
      "relationships_after": graph.relationshipCount,
    ])
  }
  let again = extracted[documents / 2]
  let before = threadCPUSeconds()
  let replaced = ExtractionPipeline().apply([again], to: graph)
  let reextract = threadCPUSeconds() - before
  // Again: the graph's doc index is built now, so this is the steady cost.
  let beforeAgain = threadCPUSeconds()
  _ = ExtractionPipeline().apply([again], to: graph)
  let reextractAgain = threadCPUSeconds() - beforeAgain
  let report: [String: Any] = [
    "documents": documents, "sources": sources.count, "apply_cpu_s_total": total,
    "chunks_of_1000": chunks, "nodes": graph.nodeCount, "relationships": graph.relationshipCount,
    "reextract_one_cpu_s": reextract, "reextract_facts_replaced": replaced.factsReplaced,
    "reextract_one_again_cpu_s": reextractAgain,
  ]
  let json = try JSONSerialization.data(
    withJSONObject: report, options: [.sortedKeys, .prettyPrinted])
  FileHandle.standardOutput.write(json + Data([0x0A]))
}

/// Bytes per document of each way to keep evidence: the whole normalised text or only the
/// sentences the facts point at, each as UTF-8 and compressed (`DocumentEvidence`).
func evidenceBytes(folders: [String]) throws {
  var rows: [String: Any] = [:]
  for folder in folders {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
      !$0.hasPrefix(".")
    }.sorted()
    var totals: [String: Int] = [:]
    var count = 0
    for name in names {
      guard let document = try? ExtractionPipeline.extractFile(folder + "/" + name).get(),
        let data = FileManager.default.contents(atPath: folder + "/" + name)
      else { continue }
      let text = Normalizer.normalizedScalars(String(decoding: data, as: UTF8.self))
      guard text.count == document.scalarCount else { continue }  // not UTF-8: skip
      count += 1
      let kept = DocumentEvidence(text: text, spans: document.factSpans)
      let keptScalars = kept.keptRanges.flatMap { text[$0] }
      totals["text_utf8", default: 0] += String(String.UnicodeScalarView(text)).utf8.count
      totals["text_compressed", default: 0] +=
        DocumentEvidence(text: text, spans: [0..<text.count]).encoded.count
      totals["evidence_utf8", default: 0] +=
        String(String.UnicodeScalarView(keptScalars)).utf8.count
      totals["evidence_compressed_stored", default: 0] += kept.encoded.count
    }
    var row: [String: Any] = ["documents": count]
    for (key, total) in totals {
      row[key + "_per_document"] = Double(total) / Double(max(count, 1))
    }
    rows[folder] = row
  }
  let json = try JSONSerialization.data(
    withJSONObject: rows, options: [.sortedKeys, .prettyPrinted])
  FileHandle.standardOutput.write(json + Data([0x0A]))
}
