import Foundation
import TestSupport

/// The query texts of the openCypher TCK scenarios in `shared/tck/features`.
///
/// Reads Gherkin just far enough: scenarios and scenario outlines (with their
/// `Examples:` rows substituted), the docstrings of `When executing query:`,
/// `And having executed:` and `Given having executed:`, and the expected
/// compile-time SyntaxError code if any.
struct TCKQuery: Sendable, CustomStringConvertible {
  var file: String
  var scenario: String
  var text: String
  /// Whether this is a setup query (`having executed`) rather than the scenario's query.
  var isSetup: Bool
  /// The code of `a SyntaxError should be raised at compile time: CODE`, for the main query.
  var expectedSyntaxError: String?

  var description: String { "\(file): \(scenario)" }
}

enum TCK {
  /// `shared/tck/features` (`SharedFolder`), or `$GUANXI_TCK_FEATURES`; nil when absent.
  static let featuresDirectory: URL? = {
    if let override = ProcessInfo.processInfo.environment["GUANXI_TCK_FEATURES"] {
      return URL(fileURLWithPath: override)
    }
    let candidate = SharedFolder.url?.appendingPathComponent("tck/features")
    return candidate.flatMap { FileManager.default.fileExists(atPath: $0.path) ? $0 : nil }
  }()

  /// For `.enabled(if:)`: the features are there, or CI requires them (and the suite
  /// then fails).
  static var isUsable: Bool { featuresDirectory != nil || SharedFolder.isRequired }

  /// Every query of every feature file, files in path order.
  static let queries: [TCKQuery] = {
    guard let root = featuresDirectory,
      let enumerator = FileManager.default.enumerator(atPath: root.path)
    else { return [] }
    var paths: [String] = []
    while let path = enumerator.nextObject() as? String {
      if path.hasSuffix(".feature") { paths.append(path) }
    }
    return paths.sorted().flatMap { path -> [TCKQuery] in
      guard let text = try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
      else { return [] }
      return parseFeature(text, file: path)
    }
  }()

  static func parseFeature(_ text: String, file: String) -> [TCKQuery] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var result: [TCKQuery] = []
    var scenario = ""
    var steps: [(text: String, isSetup: Bool)] = []
    var expected: String?
    var examples: [[String: String]] = []
    var header: [String]?
    var inExamples = false

    func flush() {
      guard !steps.isEmpty else { return }
      let rows = examples.isEmpty ? [[:]] : examples
      for (n, row) in rows.enumerated() {
        for step in steps {
          var query = step.text
          for (key, value) in row {
            query = query.replacingOccurrences(of: "<\(key)>", with: value)
          }
          result.append(
            TCKQuery(
              file: file, scenario: rows.count > 1 ? "\(scenario) #\(n + 1)" : scenario,
              text: query, isSetup: step.isSetup,
              expectedSyntaxError: step.isSetup ? nil : expected))
        }
      }
      steps = []
      expected = nil
      examples = []
      header = nil
      inExamples = false
    }

    var i = 0
    var pendingDocstring: Bool?  // whether the step waiting for a docstring is a setup step
    while i < lines.count {
      let trimmed = lines[i].trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("Scenario:") || trimmed.hasPrefix("Scenario Outline:") {
        flush()
        scenario = trimmed
      } else if trimmed.hasPrefix("Examples:") {
        inExamples = true
        header = nil
      } else if trimmed.hasPrefix("\"\"\""), let isSetup = pendingDocstring {
        var body: [String] = []
        i += 1
        while i < lines.count, !lines[i].trimmingCharacters(in: .whitespaces).hasPrefix("\"\"\"") {
          body.append(lines[i])
          i += 1
        }
        let indent =
          body.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
          .map { $0.prefix { $0 == " " || $0 == "\t" }.count }.min() ?? 0
        let query = body.map { String($0.dropFirst(min(indent, $0.count))) }
          .joined(separator: "\n")
        steps.append((query, isSetup))
        pendingDocstring = nil
      } else if trimmed.hasSuffix("executing query:") {
        pendingDocstring = false
      } else if trimmed.hasSuffix("having executed:") {
        pendingDocstring = true
      } else if let range = trimmed.range(of: "a SyntaxError should be raised at compile time: ") {
        expected = String(trimmed[range.upperBound...]).trimmingCharacters(in: .whitespaces)
      } else if inExamples, trimmed.hasPrefix("|") {
        let cells = splitRow(trimmed)
        if let header {
          examples.append(Dictionary(zip(header, cells), uniquingKeysWith: { a, _ in a }))
        } else {
          header = cells
        }
      }
      i += 1
    }
    flush()
    return result
  }

  /// The cells of a Gherkin table row; `\|` stands for a bar inside a cell.
  static func splitRow(_ row: String) -> [String] {
    var cells: [String] = []
    var cell = ""
    var escaped = false
    for character in row.dropFirst() {
      if escaped {
        if character != "|" { cell.append("\\") }
        cell.append(character)
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if character == "|" {
        cells.append(cell.trimmingCharacters(in: .whitespaces))
        cell = ""
      } else {
        cell.append(character)
      }
    }
    return cells
  }
}
