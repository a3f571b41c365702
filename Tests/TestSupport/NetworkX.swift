import Foundation

/// Reads our GraphML and GEXF back with networkx (`nx.read_graphml`, `nx.read_gexf`), the
/// library analysts use, so the tests check what a reader sees rather than our own text.
public enum NetworkX {
  /// A graph as networkx read it. Attribute values are `[type, text]`: `int`, `float`
  /// (Python's `repr`, which matches Swift's `description`), `bool` (`True`/`False`) or
  /// `str`, so a test can tell `1` from `1.0` from `"1"`.
  public struct Graph: Sendable {
    public var isDirected: Bool
    public var isMultigraph: Bool
    public var nodes: [String: [String: [String]]]
    public var edges: [Edge]

    public struct Edge: Sendable {
      public var source: String
      public var target: String
      public var attributes: [String: [String]]
    }
  }

  static let script = """
    import json, sys
    import networkx as nx
    path, kind = sys.argv[1], sys.argv[2]
    g = nx.read_graphml(path) if kind == "graphml" else nx.read_gexf(path)
    def typed(v):
        if isinstance(v, bool): return ["bool", str(v)]
        if isinstance(v, int): return ["int", str(v)]
        if isinstance(v, float): return ["float", repr(v)]
        return ["str", str(v)]
    def attrs(d): return {k: typed(v) for k, v in d.items()}
    print(json.dumps({
        "directed": g.is_directed(), "multigraph": g.is_multigraph(),
        "nodes": {n: attrs(d) for n, d in g.nodes(data=True)},
        "edges": [[u, v, attrs(d)] for u, v, d in g.edges(data=True)]}))
    """

  /// Reads `path` (`kind` is `graphml` or `gexf`) with networkx.
  ///
  /// - Throws: `NetworkXMissing` when Python 3 or networkx is not installed, or
  ///   `NetworkXFailed` with Python's message when networkx cannot read the file.
  public static func read(_ path: String, kind: String) throws -> Graph {
    let errorsURL = FileManager.default.temporaryDirectory
      .appendingPathComponent("guanxi-networkx-\(UUID().uuidString).txt")
    _ = FileManager.default.createFile(atPath: errorsURL.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errorsURL) }
    let errors = try FileHandle(forWritingTo: errorsURL)
    defer { try? errors.close() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, path, kind]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let message = (try? String(contentsOf: errorsURL, encoding: .utf8)) ?? ""
    if message.contains("No module named 'networkx'") || process.terminationStatus == 127 {
      throw NetworkXMissing()
    }
    guard process.terminationStatus == 0,
      let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { throw NetworkXFailed(message: message) }
    let nodes = (json["nodes"] as? [String: [String: [String]]]) ?? [:]
    let edges = ((json["edges"] as? [[Any]]) ?? []).compactMap { item -> Graph.Edge? in
      guard item.count == 3, let source = item[0] as? String, let target = item[1] as? String,
        let attributes = item[2] as? [String: [String]]
      else { return nil }
      return Graph.Edge(source: source, target: target, attributes: attributes)
    }
    return Graph(
      isDirected: json["directed"] as? Bool ?? false,
      isMultigraph: json["multigraph"] as? Bool ?? false, nodes: nodes, edges: edges)
  }
}

/// networkx is needed by a test and is not installed.
public struct NetworkXMissing: Error, CustomStringConvertible {
  public init() {}
  public var description: String {
    "networkx is not installed: pip install networkx, or apt-get install python3-networkx (.ci/run installs it)"
  }
}

/// networkx could not read a file: Python's message.
public struct NetworkXFailed: Error, CustomStringConvertible {
  public var message: String
  public var description: String { "networkx could not read the file: \(message)" }
}
