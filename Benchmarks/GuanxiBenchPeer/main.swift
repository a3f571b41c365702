// guanxi-bench-peer: Guanxi as the `cmd` peer of ../shared/bench/peers.py, and the
// persistence benchmark of BENCHMARKS.md.
//
//   guanxi-bench-peer                      JSON lines on stdin/stdout (protocol below)
//   guanxi-bench-peer persistence DIR TMP  load DIR's CSVs, save a snapshot in TMP, open it
//                                          in a fresh process; prints one JSON object
//   guanxi-bench-peer open FILE.gx         (used by `persistence`) opens a snapshot
//
// Protocol (../shared/bench/README.md, "Adding the Swift store"):
//   {"op":"hello"}                             -> {"name":"guanxi","version":"…"}
//   {"op":"load","dir":D,"storage":S,"tmp":T}  -> {"nodes":N,"edges":M,"elapsed_s":s[,"disk_mb":x]}
//   {"op":"query","id":"Q5","cypher":C,"params":{…}} -> {"columns":[…],"rows":[[…]…],"elapsed_s":s}
//   {"op":"quit"}                              -> {"ok":true}
//   failure                                    -> {"error":"message"}
// Only replies go to standard output; anything else goes to standard error.
import Foundation
import GuanxiExport
import GuanxiGraph
import GuanxiQuery

let version = "0.1.0"

/// glibc's malloc_trim(3), which the Glibc module does not export: returns the free pages
/// at the top of the heap and inside it to the system.
@_silgen_name("malloc_trim") func mallocTrim(_ pad: Int) -> Int32

func now() -> Double { Date().timeIntervalSince1970 }

func residentMB(_ field: String = "VmRSS") -> Double {
  let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
  for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
    return Double(line.split(separator: " ").dropFirst().first ?? "0").map { $0 / 1024 } ?? 0
  }
  return 0
}

/// Writes one JSON reply line; the harness reads exactly one per request.
func reply(_ object: [String: Value]) {
  FileHandle.standardOutput.write(Data((JSONValue.encode(.map(object)) + "\n").utf8))
}

/// A result cell as the harness wants it: ids as integers, dates as ISO strings.
func plain(_ value: QueryValue) -> Value {
  switch value {
  case .value(let v): return v
  case .node(let n): return .int(Int64(n.rawValue))
  case .relationship(let r): return .int(Int64(r.rawValue))
  case .path(_, let relationships): return .int(Int64(relationships.count))
  case .list(let items): return .list(items.map(plain))
  case .map(let map): return .map(map.mapValues(plain))
  }
}

func serve() {
  var graph = Graph()
  var statements: [String: PreparedQuery] = [:]
  while let line = readLine(strippingNewline: true) {
    guard !line.isEmpty else { continue }
    do {
      guard case .map(let request) = try JSONValue.parse(line),
        case .string(let op)? = request["op"]
      else {
        reply(["error": "a request is a JSON object with an \"op\""])
        continue
      }
      switch op {
      case "hello":
        reply(["name": "guanxi", "version": .string(version)])
      case "load":
        guard case .string(let directory)? = request["dir"] else {
          throw GraphError(.io, "load needs \"dir\"")
        }
        let started = now()
        graph = try BenchCSVReader().read(directory: directory)
        // The loader's parse buffers are freed by now; give their pages back to the system.
        _ = mallocTrim(0)
        var answer: [String: Value] = [
          "nodes": .int(Int64(graph.nodeCount)), "edges": .int(Int64(graph.relationshipCount)),
        ]
        if request["storage"] == "disk" {
          let folder =
            (request["tmp"]?.stringValue ?? NSTemporaryDirectory()) + "/guanxi-\(getpid())"
          try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
          let file = try GraphFile.create(folder + "/bench.gx", from: graph)
          answer["disk_mb"] = .float(Double(file.sizes.snapshotBytes) / 1_048_576)
          file.close()
        }
        answer["elapsed_s"] = .float(now() - started)
        statements = [:]
        reply(answer)
      case "query":
        guard case .string(let text)? = request["cypher"] else {
          throw GraphError(.io, "query needs \"cypher\"")
        }
        var parameters: [String: Value] = [:]
        if case .map(let given)? = request["params"] { parameters = given }
        let started = now()
        let prepared = try statements[text] ?? PreparedQuery(text, graph: graph)
        statements[text] = prepared
        let result = try prepared.run(on: graph, parameters: parameters)
        let rows = Value.list(result.rows.map { .list($0.map(plain)) })
        reply([
          "columns": .list(result.columns.map(Value.string)), "rows": rows,
          "elapsed_s": .float(now() - started),
        ])
      case "quit":
        reply(["ok": .bool(true)])
        return
      default:
        reply(["error": .string("unknown op '\(op)'")])
      }
    } catch {
      reply(["error": .string("\(error)")])
    }
  }
}

/// Loads DIR, saves a snapshot in TMP, and times opening it in a fresh process.
func persistence(directory: String, temporary: String) throws {
  let baseline = residentMB()
  var started = now()
  let graph = try BenchCSVReader().read(directory: directory)
  let loadSeconds = now() - started
  _ = mallocTrim(0)
  let loadedMB = residentMB() - baseline
  let path = temporary + "/bench-\(getpid()).gx"
  started = now()
  let file = try GraphFile.create(path, from: graph)
  let saveSeconds = now() - started
  let snapshotBytes = file.sizes.snapshotBytes
  file.close()
  let child = Process()
  child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
  child.arguments = ["open", path]
  let pipe = Pipe()
  child.standardOutput = pipe
  try child.run()
  let opened = pipe.fileHandleForReading.readDataToEndOfFile()
  child.waitUntilExit()
  let openReport = (try? JSONValue.parse(String(decoding: opened, as: UTF8.self))) ?? .null
  try? FileManager.default.removeItem(atPath: path)
  try? FileManager.default.removeItem(atPath: path + ".wal")
  try? FileManager.default.removeItem(atPath: path + ".lock")
  let relationships = Double(max(1, graph.relationshipCount))
  var report: [String: Value] = ["directory": .string(directory), "open": openReport]
  report["nodes"] = .int(Int64(graph.nodeCount))
  report["relationships"] = .int(Int64(graph.relationshipCount))
  report["load_s"] = .float(loadSeconds)
  report["rss_loaded_mb"] = .float(loadedMB)
  report["bytes_per_relationship_loaded"] = .float(loadedMB * 1_048_576 / relationships)
  report["save_s"] = .float(saveSeconds)
  report["snapshot_mb"] = .float(Double(snapshotBytes) / 1_048_576)
  reply(report)
}

/// Opens a snapshot read-only and reports the time and the memory it took.
func open(path: String) throws {
  let baseline = residentMB()
  let started = now()
  let file = try GraphFile.open(path, mode: .readOnly)
  let seconds = now() - started
  let heldMB = residentMB() - baseline
  let relationships = Double(max(1, file.graph.relationshipCount))
  reply([
    "open_s": .float(seconds), "rss_mb": .float(heldMB), "peak_rss_mb": .float(residentMB("VmHWM")),
    "bytes_per_relationship": .float(heldMB * 1_048_576 / relationships),
  ])
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
  switch arguments.first {
  case nil: serve()
  case "persistence" where arguments.count == 3:
    try persistence(directory: arguments[1], temporary: arguments[2])
  case "open" where arguments.count == 2: try open(path: arguments[1])
  default:
    FileHandle.standardError.write(
      Data("usage: guanxi-bench-peer [persistence DIR TMP | open FILE.gx]\n".utf8))
    exit(2)
  }
} catch {
  FileHandle.standardError.write(Data("guanxi-bench-peer: \(error)\n".utf8))
  exit(1)
}
