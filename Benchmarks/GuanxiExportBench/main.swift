// Measures the interchange formats on a gen_graph.py graph:
//   swift run -c release guanxi-export-bench /work/data/1m /tmp/out [load|jsonl|jsonl-read|dot|csv|
//     graphml|gexf|co-attendance|co-office]...
// (co-attendance and co-office time the person network: building it alone, then as GraphML.)
// Prints one line per step: seconds, bytes, MB/s, and the process's peak RSS so far.
import Foundation
import GuanxiExport
import GuanxiGraph

func peakRSSMegabytes() -> Int {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
    return -1
  }
  for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
    return (Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0) / 1024
  }
  return -1
}

func fileSize(_ path: String) -> Int {
  (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
}

func directorySize(_ path: String) -> Int {
  let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
  return names.reduce(0) { $0 + fileSize(path + "/" + $1) }
}

func report(_ step: String, _ seconds: Double, bytes: Int? = nil) {
  var line = "\(step): \(String(format: "%.3f", seconds)) s"
  if let bytes {
    line += String(
      format: ", %.1f MB, %.0f MB/s", Double(bytes) / 1e6, Double(bytes) / 1e6 / seconds)
  }
  line += ", peak RSS \(peakRSSMegabytes()) MB"
  print(line)
}

func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
  let start = DispatchTime.now().uptimeNanoseconds
  let result = try body()
  return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
  FileHandle.standardError.write(
    Data("usage: guanxi-export-bench DATA_DIR OUT_DIR [steps...]\n".utf8))
  exit(2)
}
let data = arguments[1]
let out = arguments[2]
let steps =
  arguments.count > 3 ? Array(arguments[3...]) : ["load", "jsonl", "dot", "csv", "jsonl-read"]
try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
do {
  let (graph, loadSeconds) = try timed { try BenchCSVReader().read(directory: data) }
  report(
    "load \(graph.nodeCount) nodes, \(graph.relationshipCount) relationships", loadSeconds,
    bytes: fileSize(data + "/nodes.csv") + fileSize(data + "/edges.csv"))
  for step in steps {
    switch step {
    case "load": break
    case "jsonl":
      let path = out + "/graph.jsonl"
      let (_, seconds) = try timed { try JSONLinesWriter(graph: graph).write(toFile: path) }
      report("jsonl write", seconds, bytes: fileSize(path))
    case "jsonl-read":
      let path = out + "/graph.jsonl"
      let (back, seconds) = try timed { try JSONLinesReader().read(path: path) }
      report(
        "jsonl read \(back.nodeCount) nodes, \(back.relationshipCount) relationships", seconds,
        bytes: fileSize(path))
    case "dot":
      let path = out + "/graph.dot"
      let (_, seconds) = try timed { try DOTWriter(graph: graph).write(toFile: path) }
      report("dot write", seconds, bytes: fileSize(path))
    case "dot-clusters":
      let path = out + "/graph-clusters.dot"
      let options = DOTOptions(clustersByPlace: true)
      let (_, seconds) = try timed {
        try DOTWriter(graph: graph, options: options).write(toFile: path)
      }
      report("dot write, clusters by place", seconds, bytes: fileSize(path))
    case "csv":
      let path = out + "/neo4j"
      let (_, seconds) = try timed { try Neo4jCSVWriter(graph: graph).write(toDirectory: path) }
      report("neo4j csv write", seconds, bytes: directorySize(path))
    case "graphml":
      let path = out + "/graph.graphml"
      let (_, seconds) = try timed { try GraphMLWriter(graph: graph).write(toFile: path) }
      report("graphml write", seconds, bytes: fileSize(path))
    case "gexf":
      let path = out + "/graph.gexf"
      let (_, seconds) = try timed { try GEXFWriter(graph: graph).write(toFile: path) }
      report("gexf write", seconds, bytes: fileSize(path))
    case "co-attendance", "co-office":
      guard let kind = PersonNetwork.Kind(rawValue: step) else { break }
      let network = PersonNetwork(graph: graph, kind: kind)
      let ((edges, weights), walkSeconds) = timed {
        var edges = 0
        var weights = 0
        try? network.forEachEdge { edge in
          edges += 1
          weights += edge.weight
        }
        return (edges, weights)
      }
      report("\(step) network: \(edges) edges, total weight \(weights)", walkSeconds)
      let path = out + "/\(step).graphml"
      let (_, seconds) = try timed { try GraphMLWriter(network: network).write(toFile: path) }
      report("\(step) graphml write", seconds, bytes: fileSize(path))
    default:
      print("unknown step \(step)")
    }
  }
} catch {
  FileHandle.standardError.write(Data("error: \(error)\n".utf8))
  exit(1)
}
