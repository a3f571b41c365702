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

func now() -> Double { Date().timeIntervalSince1970 }

func residentMB(_ field: String = "VmRSS") -> Double {
  let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
  for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
    return Double(line.split(separator: " ").dropFirst().first ?? "0").map { $0 / 1024 } ?? 0
  }
  return 0
}

/// A JSON reply line: the harness reads exactly one per request.
func reply(_ object: [String: Any]) {
  let data = (try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes]))
    ?? Data(#"{"error":"reply could not be encoded"}"#.utf8)
  FileHandle.standardOutput.write(data)
  FileHandle.standardOutput.write(Data([0x0A]))
}

/// A result cell as the harness wants it: ids as integers, dates as ISO strings.
func json(_ value: QueryValue, graph: Graph) -> Any {
  switch value {
  case .value(let v): return json(v)
  case .node(let n): return Int(n.rawValue)
  case .relationship(let r): return Int(r.rawValue)
  case .path(_, let relationships): return relationships.count
  case .list(let items): return items.map { json($0, graph: graph) }
  case .map(let map): return map.mapValues { json($0, graph: graph) }
  }
}

func json(_ value: Value) -> Any {
  switch value {
  case .null: return NSNull()
  case .bool(let b): return b
  case .int(let i): return i
  case .float(let d): return d
  case .string(let s): return s
  case .date(let d): return d.description
  case .list(let items): return items.map(json)
  case .map(let map): return map.mapValues(json)
  }
}

func serve() {
  var graph = Graph()
  var statements: [String: PreparedQuery] = [:]
  while let line = readLine(strippingNewline: true) {
    guard !line.isEmpty else { continue }
    do {
      guard case .map(let request) = try JSONValue.parse(line), case .string(let op)? = request["op"]
      else {
        reply(["error": "a request is a JSON object with an \"op\""])
        continue
      }
      switch op {
      case "hello":
        reply(["name": "guanxi", "version": version])
      case "load":
        guard case .string(let directory)? = request["dir"] else {
          throw GraphError(.io, "load needs \"dir\"")
        }
        let started = now()
        graph = try BenchCSVReader().read(directory: directory)
        var answer: [String: Any] = ["nodes": graph.nodeCount, "edges": graph.relationshipCount]
        if request["storage"] == "disk" {
          let folder = (request["tmp"]?.stringValue ?? NSTemporaryDirectory()) + "/guanxi-\(getpid())"
          try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
          let file = try GraphFile.create(folder + "/bench.gx", from: graph)
          answer["disk_mb"] = Double(file.sizes.snapshotBytes) / 1_048_576
          file.close()
        }
        answer["elapsed_s"] = now() - started
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
        let rows = result.rows.map { $0.map { json($0, graph: graph) } }
        reply(["columns": result.columns, "rows": rows, "elapsed_s": now() - started])
      case "quit":
        reply(["ok": true])
        return
      default:
        reply(["error": "unknown op '\(op)'"])
      }
    } catch {
      reply(["error": "\(error)"])
    }
  }
}

/// Loads DIR, saves a snapshot in TMP, and times opening it in a fresh process.
func persistence(directory: String, temporary: String) throws {
  let baseline = residentMB()
  var started = now()
  let graph = try BenchCSVReader().read(directory: directory)
  let loadSeconds = now() - started
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
  let openReport = (try? JSONSerialization.jsonObject(with: opened)) as? [String: Any] ?? [:]
  try? FileManager.default.removeItem(atPath: path)
  try? FileManager.default.removeItem(atPath: path + ".wal")
  try? FileManager.default.removeItem(atPath: path + ".lock")
  reply([
    "directory": directory, "nodes": graph.nodeCount, "relationships": graph.relationshipCount,
    "load_s": loadSeconds, "rss_loaded_mb": loadedMB,
    "bytes_per_relationship_loaded": loadedMB * 1_048_576 / Double(max(1, graph.relationshipCount)),
    "save_s": saveSeconds, "snapshot_mb": Double(snapshotBytes) / 1_048_576,
    "open": openReport,
  ])
}

/// Opens a snapshot read-only and reports the time and the memory it took.
func open(path: String) throws {
  let baseline = residentMB()
  let started = now()
  let file = try GraphFile.open(path, mode: .readOnly)
  let seconds = now() - started
  let heldMB = residentMB() - baseline
  reply([
    "open_s": seconds, "rss_mb": heldMB, "peak_rss_mb": residentMB("VmHWM"),
    "bytes_per_relationship": heldMB * 1_048_576 / Double(max(1, file.graph.relationshipCount)),
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
