import Foundation

/// The parts of Gherkin the openCypher TCK uses: Feature, Background, Scenario,
/// Scenario Outline with Examples, steps with doc strings (`"""`) and tables.
///
/// Example: a feature file with one outline of three example rows gives three
/// `Scenario` values, their `<placeholders>` filled in.
public struct Feature: Sendable {
  public var name: String
  public var path: String
  public var scenarios: [Scenario]
}

public struct Scenario: Sendable {
  public var name: String
  public var steps: [Step]
  /// The 1-based line of the `Scenario` keyword.
  public var line: Int
}

public struct Step: Sendable {
  /// `Given`, `When`, `Then`, `And`, `But`.
  public var keyword: String
  /// The text after the keyword.
  public var text: String
  public var docString: String?
  public var table: [[String]]?
}

public enum Gherkin {
  /// Parses a feature file; unknown lines are ignored.
  public static func parse(_ text: String, path: String) -> Feature {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      String($0).trimmingCharacters(in: [" ", "\t", "\r"])
    }
    var feature = Feature(name: "", path: path, scenarios: [])
    var background: [Step] = []
    var current: (name: String, steps: [Step], line: Int, isOutline: Bool)? = nil
    var examples: [[String]] = []
    var inBackground = false
    var i = 0

    func finish() {
      guard let c = current else { return }
      if c.isOutline, examples.count > 1 {
        let header = examples[0]
        for row in examples.dropFirst() {
          func fill(_ s: String) -> String {
            var out = s
            for (k, v) in zip(header, row) { out = out.replacingOccurrences(of: "<\(k)>", with: v) }
            return out
          }
          let steps = (background + c.steps).map { step in
            Step(
              keyword: step.keyword, text: fill(step.text), docString: step.docString.map(fill),
              table: step.table.map { $0.map { $0.map(fill) } })
          }
          feature.scenarios.append(
            Scenario(
              name: fill(c.name) + " " + row.joined(separator: ", "), steps: steps, line: c.line))
        }
      } else if !c.isOutline {
        feature.scenarios.append(Scenario(name: c.name, steps: background + c.steps, line: c.line))
      }
      current = nil
      examples = []
    }

    var collectingExamples = false
    while i < lines.count {
      let line = lines[i]
      if line.hasPrefix("#") || line.isEmpty {
        i += 1
        continue
      }
      if line.hasPrefix("Feature:") {
        feature.name = String(line.dropFirst("Feature:".count)).trimmingCharacters(in: .whitespaces)
      } else if line.hasPrefix("Background:") {
        finish()
        inBackground = true
        collectingExamples = false
      } else if line.hasPrefix("Scenario Outline:") || line.hasPrefix("Scenario:") {
        finish()
        inBackground = false
        collectingExamples = false
        let isOutline = line.hasPrefix("Scenario Outline:")
        let name = String(line.drop(while: { $0 != ":" }).dropFirst()).trimmingCharacters(
          in: .whitespaces)
        current = (name, [], i + 1, isOutline)
      } else if line.hasPrefix("Examples:") {
        collectingExamples = true
      } else if line.hasPrefix("|") {
        let row = parseRow(line)
        if collectingExamples {
          examples.append(row)
        } else if inBackground {
          if var last = background.popLast() {
            last.table = (last.table ?? []) + [row]
            background.append(last)
          }
        } else if var c = current, var last = c.steps.popLast() {
          last.table = (last.table ?? []) + [row]
          c.steps.append(last)
          current = c
        }
      } else if line.hasPrefix("\"\"\"") {
        var doc: [String] = []
        let indent = rawIndent(text: text, lineIndex: i)
        i += 1
        let raw = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while i < lines.count, !lines[i].hasPrefix("\"\"\"") {
          var l = raw[i]
          var dropped = 0
          while dropped < indent, let f = l.first, f == " " {
            l.removeFirst()
            dropped += 1
          }
          doc.append(l)
          i += 1
        }
        let docString = doc.joined(separator: "\n")
        if inBackground {
          if var last = background.popLast() {
            last.docString = docString
            background.append(last)
          }
        } else if var c = current, var last = c.steps.popLast() {
          last.docString = docString
          c.steps.append(last)
          current = c
        }
      } else if let keyword = ["Given", "When", "Then", "And", "But"].first(where: {
        line.hasPrefix($0 + " ")
      }) {
        let step = Step(
          keyword: keyword, text: String(line.dropFirst(keyword.count + 1)), docString: nil,
          table: nil)
        if inBackground { background.append(step) } else { current?.steps.append(step) }
      }
      i += 1
    }
    finish()
    return feature
  }

  static func rawIndent(text: String, lineIndex: Int) -> Int {
    let raw = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard lineIndex < raw.count else { return 0 }
    return raw[lineIndex].prefix(while: { $0 == " " }).count
  }

  /// `| a | 'b|c' |` → ["a", "'b|c'"]: pipes inside quotes do not split; Gherkin's
  /// escapes `\\`, `\|` and `\n` are decoded, others are kept for the value parser.
  static func parseRow(_ line: String) -> [String] {
    var cells: [String] = []
    var current = ""
    var quote: Character? = nil
    let chars = Array(line.dropFirst())
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if c == "\\", i + 1 < chars.count {
        let next = chars[i + 1]
        switch next {
        case "\\": current.append("\\")
        case "|": current.append("|")
        case "n": current.append("\n")
        default:
          current.append(c)
          current.append(next)
        }
        i += 2
        continue
      }
      if let q = quote {
        if c == q { quote = nil }
        current.append(c)
      } else if c == "'" || c == "\"" {
        quote = c
        current.append(c)
      } else if c == "|" {
        cells.append(current.trimmingCharacters(in: .whitespaces))
        current = ""
      } else {
        current.append(c)
      }
      i += 1
    }
    return cells
  }
}
