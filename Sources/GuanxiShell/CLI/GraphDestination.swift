import GuanxiGraph

/// The check `import` and `extract` make on their `-o G.gx` before they touch anything:
/// a command writes graphs, so it writes only where there is a graph or nothing.
///
/// ```swift
/// try GraphDestination.check("notes.txt", inputs: [])  // UsageError: not a Guanxi graph
/// ```
enum GraphDestination {
  /// Refuses `output` unless it is missing or a Guanxi graph, and when it is one of
  /// `inputs` or one of them is a file of its graph (by real path, so links count).
  ///
  /// - Returns: whether a graph is there already.
  /// - Throws: `UsageError` naming the path and what it holds; `GraphError` `.io` for a
  ///   symbolic-link loop or a folder on the way that does not exist.
  @discardableResult
  static func check(_ output: String, inputs: [String]) throws -> Bool {
    let realPath = try GraphFile.realPath(of: output)
    let ownFiles = GraphFile.ownFiles(ofGraphAt: realPath)
    for input in inputs {
      guard let inputPath = try? GraphFile.realPath(of: input), ownFiles.contains(inputPath)
      else { continue }
      throw UsageError(
        inputPath == realPath
          ? "'\(output)' is also the input; writing the graph there would destroy it (choose another output path)"
          : "'\(input)' is a file of the output graph '\(output)'; choose another output path")
    }
    let refusal: String
    switch try GraphFile.kind(of: realPath) {
    case .missing: return false
    case .graph: return true
    case .journal: refusal = "is a Guanxi journal; name its graph, the .gx file beside it"
    case .folder: refusal = "is a folder; name a graph file inside it (for example G.gx)"
    case .special(let what): refusal = "is \(what), not a graph file"
    case .emptyFile, .otherFile: refusal = "exists and is not a Guanxi graph"
    }
    throw UsageError("'\(output)' \(refusal); it was left as it was")
  }
}
