import Foundation
import GuanxiGraph
import GuanxiQuery

/// Runs openCypher TCK feature files against the query engine.
///
/// Each scenario starts on a fresh `Graph`. A scenario passes when every `Then` step
/// holds; it is "unsupported" when the engine reports a feature it does not support
/// (`UnsupportedFeature`), and failed otherwise.
///
/// ```swift
/// let report = TCKRunner(graphsFolder: graphs).run(folders: [features])
/// print(report.summary)   // "1180 passed, 90 failed, 20 unsupported"
/// ```
public struct TCKRunner: Sendable {
  public enum Outcome: String, Sendable {
    case passed, failed, unsupported
  }

  public struct ScenarioResult: Sendable {
    public var feature: String
    public var folder: String
    public var scenario: String
    public var outcome: Outcome
    /// Why it failed.
    public var reason: String
  }

  public struct Report: Sendable {
    public var results: [ScenarioResult] = []

    public func count(_ o: Outcome) -> Int { results.filter { $0.outcome == o }.count }

    /// `N passed, N failed, N unsupported`.
    public var summary: String {
      "\(count(.passed)) passed, \(count(.failed)) failed, \(count(.unsupported)) unsupported"
    }

    /// Passed / failed / unsupported per folder, sorted by folder.
    public var byFolder: [(folder: String, passed: Int, failed: Int, unsupported: Int)] {
      var table: [String: (Int, Int, Int)] = [:]
      for r in results {
        var e = table[r.folder] ?? (0, 0, 0)
        switch r.outcome {
        case .passed: e.0 += 1
        case .failed: e.1 += 1
        case .unsupported: e.2 += 1
        }
        table[r.folder] = e
      }
      return table.keys.sorted().map {
        (folder: $0, passed: table[$0]!.0, failed: table[$0]!.1, unsupported: table[$0]!.2)
      }
    }
  }

  /// Where `Given the <name> graph` scripts live (`<name>/<name>.cypher`).
  public var graphsFolder: String
  /// Step budget per statement, so a runaway query fails instead of hanging.
  public var budget: Int

  public init(graphsFolder: String, budget: Int = 20_000_000) {
    self.graphsFolder = graphsFolder
    self.budget = budget
  }

  /// Runs every `.feature` file under `folders`.
  public func run(folders: [String]) -> Report {
    var report = Report()
    for folder in folders {
      for path in TCKRunner.featureFiles(under: folder) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
        let feature = Gherkin.parse(text, path: path)
        let relative = path.hasPrefix(folder) ? String(path.dropFirst(folder.count)) : path
        let group = (relative.split(separator: "/").dropLast().joined(separator: "/"))
        for scenario in feature.scenarios {
          let (outcome, reason) = run(scenario)
          report.results.append(
            ScenarioResult(
              feature: feature.name, folder: group.isEmpty ? "." : group, scenario: scenario.name,
              outcome: outcome, reason: reason))
        }
      }
    }
    return report
  }

  static func featureFiles(under folder: String) -> [String] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
      return []
    }
    if !isDirectory.boolValue { return folder.hasSuffix(".feature") ? [folder] : [] }
    let enumerator = FileManager.default.enumerator(atPath: folder)
    var files: [String] = []
    while let item = enumerator?.nextObject() as? String {
      if item.hasSuffix(".feature") {
        files.append((folder as NSString).appendingPathComponent(item))
      }
    }
    return files.sorted()
  }

  // MARK: - One scenario

  struct Failure: Error {
    var outcome: Outcome
    var reason: String
  }

  /// What the last query did.
  enum Execution {
    case result(QueryResult)
    case error(QueryError)
  }

  public func run(_ scenario: Scenario) -> (Outcome, String) {
    let graph = Graph()
    var parameters: [String: Value] = [:]
    var last: Execution? = nil
    var before: GraphState? = nil
    var after: GraphState? = nil
    do {
      for step in scenario.steps {
        let text = step.text
        if text == "an empty graph" || text == "any graph" {
          continue
        } else if text.hasPrefix("the "), text.hasSuffix(" graph") {
          let name = String(text.dropFirst(4).dropLast(6))
          let path = (graphsFolder as NSString).appendingPathComponent("\(name)/\(name).cypher")
          guard let script = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Failure(outcome: .failed, reason: "missing graph \(name)")
          }
          try execute(setup: script, graph: graph)
        } else if text.hasPrefix("having executed") {
          try execute(setup: step.docString ?? "", graph: graph)
        } else if text.hasPrefix("parameters are") {
          for row in step.table ?? [] where row.count >= 2 {
            parameters[row[0]] = try parse(row[1]).parameterValue
          }
        } else if text.hasPrefix("executing query") || text.hasPrefix("executing control query") {
          let isControl = text.hasPrefix("executing control")
          if !isControl { before = GraphState(graph) }
          last = run(step.docString ?? "", graph: graph, parameters: parameters)
          if !isControl { after = GraphState(graph) }
        } else if text.hasPrefix("the result should be empty") {
          let result = try requireResult(last)
          if !result.rows.isEmpty {
            throw Failure(outcome: .failed, reason: "expected no rows, got \(result.rows.count)")
          }
        } else if text.hasPrefix("the result should be") {
          let result = try requireResult(last)
          try compare(
            result, expected: step.table ?? [], inOrder: text.contains("in order"),
            unorderedLists: text.contains("ignoring element order for lists"), graph: graph)
        } else if text.contains("should be raised") {
          try checkError(last, text)
        } else if text == "no side effects" {
          if let before, let after {
            let diff = before.difference(to: after)
            if !diff.isEmpty {
              throw Failure(outcome: .failed, reason: "unexpected side effects \(diff)")
            }
          }
        } else if text.hasPrefix("the side effects should be") {
          guard let before, let after else { continue }
          let diff = before.difference(to: after)
          var expected: [String: Int] = [:]
          for row in step.table ?? [] where row.count >= 2 { expected[row[0]] = Int(row[1]) ?? 0 }
          let actual = diff.filter { $0.value != 0 }
          if actual != expected.filter({ $0.value != 0 }) {
            throw Failure(
              outcome: .failed,
              reason:
                "side effects \(actual.sorted { $0.key < $1.key }) expected \(expected.sorted { $0.key < $1.key })"
            )
          }
        }
      }
    } catch let f as Failure {
      return (f.outcome, f.reason)
    } catch {
      return (.failed, "\(error)")
    }
    return (.passed, "")
  }

  func parse(_ text: String) throws -> TCKValue {
    do {
      return try TCKValueParser.parse(text)
    } catch {
      throw Failure(outcome: .failed, reason: "cannot read TCK value \(text)")
    }
  }

  func execute(setup: String, graph: Graph) throws {
    switch run(setup, graph: graph, parameters: [:]) {
    case .result: return
    case .error(let e):
      throw Failure(
        outcome: isUnsupported(e) ? .unsupported : .failed, reason: "setup failed: \(e)")
    }
  }

  func run(_ text: String, graph: Graph, parameters: [String: Value]) -> Execution {
    do {
      let query = try PreparedQuery(text, graph: graph)
      return .result(
        try query.run(on: graph, parameters: parameters, options: .init(budget: budget)))
    } catch {
      return .error(error)
    }
  }

  func isUnsupported(_ e: QueryError) -> Bool { e.code.rawValue == "UnsupportedFeature" }

  func requireResult(_ execution: Execution?) throws -> QueryResult {
    switch execution {
    case .result(let r)?: return r
    case .error(let e)?:
      throw Failure(
        outcome: isUnsupported(e) ? .unsupported : .failed, reason: "unexpected error \(e)")
    case nil: throw Failure(outcome: .failed, reason: "no query was run")
    }
  }

  func compare(
    _ result: QueryResult, expected table: [[String]], inOrder: Bool, unorderedLists: Bool,
    graph: Graph
  ) throws {
    guard let header = table.first else { return }
    if result.columns != header {
      throw Failure(outcome: .failed, reason: "columns \(result.columns) expected \(header)")
    }
    let expected = try table.dropFirst().map { try $0.map(parse) }
    let actual = result.rows.map { $0.map { TCKValue($0, graph: graph) } }
    func rowMatches(_ a: [TCKValue], _ e: [TCKValue]) -> Bool {
      a.count == e.count && zip(a, e).allSatisfy { $0.matches($1, unorderedLists: unorderedLists) }
    }
    let mismatch = Failure(
      outcome: .failed,
      reason:
        "rows \(actual.map { $0.map(\.description) }) expected \(expected.map { $0.map(\.description) })"
    )
    guard actual.count == expected.count else { throw mismatch }
    if inOrder {
      for (a, e) in zip(actual, expected) where !rowMatches(a, e) { throw mismatch }
    } else {
      var remaining = expected
      for a in actual {
        guard let i = remaining.firstIndex(where: { rowMatches(a, $0) }) else { throw mismatch }
        remaining.remove(at: i)
      }
    }
  }

  func checkError(_ execution: Execution?, _ text: String) throws {
    // "a TypeError should be raised at runtime: InvalidArgumentType"
    let code = text.components(separatedBy: ": ").last ?? ""
    let atCompileTime = text.contains("compile time")
    switch execution {
    case .result?:
      throw Failure(outcome: .failed, reason: "expected error \(code), got a result")
    case .error(let e)?:
      if isUnsupported(e) { throw Failure(outcome: .unsupported, reason: "\(e)") }
      if code != "*" && e.code.rawValue != code {
        throw Failure(outcome: .failed, reason: "expected error \(code), got \(e)")
      }
      if atCompileTime && e.stage == .runtime {
        throw Failure(
          outcome: .failed, reason: "expected \(code) at compile time, got it at runtime")
      }
    case nil:
      throw Failure(outcome: .failed, reason: "no query was run")
    }
  }
}

/// What the TCK's side effects count: nodes, relationships, label names in use and
/// (entity, key, value) properties.
struct GraphState {
  var nodes: Set<UInt32> = []
  var relationships: Set<UInt32> = []
  var labels: Set<String> = []
  var properties: Set<String> = []

  init(_ graph: Graph) {
    for n in graph.allNodes() {
      nodes.insert(n.rawValue)
      for l in graph.labelNames(of: n) { labels.insert(l) }
      for (k, v) in graph.properties(of: n) {
        properties.insert("n\(n.rawValue).\(graph.string(k))=\(v)")
      }
    }
    for r in graph.allRelationships() {
      relationships.insert(r.rawValue)
      for (k, v) in graph.properties(of: r) {
        properties.insert("r\(r.rawValue).\(graph.string(k))=\(v)")
      }
    }
  }

  func difference(to after: GraphState) -> [String: Int] {
    var d: [String: Int] = [:]
    func put(_ k: String, _ v: Int) { if v != 0 { d[k] = v } }
    put("+nodes", after.nodes.subtracting(nodes).count)
    put("-nodes", nodes.subtracting(after.nodes).count)
    put("+relationships", after.relationships.subtracting(relationships).count)
    put("-relationships", relationships.subtracting(after.relationships).count)
    put("+labels", after.labels.subtracting(labels).count)
    put("-labels", labels.subtracting(after.labels).count)
    put("+properties", after.properties.subtracting(properties).count)
    put("-properties", properties.subtracting(after.properties).count)
    return d
  }
}
