import Foundation
import GuanxiQuery
import Testing

/// How much of the openCypher TCK the front end accepts, and how well it rejects.
@Suite(.enabled(if: TCK.isUsable, "needs ../shared/tck, which is absent"))
struct TCKParseRateTests {
  /// At least 95% of the queries not expecting a SyntaxError parse and pass the scope-free checks.
  @Test func acceptsQueriesNotExpectingSyntaxErrors() {
    let queries = TCK.queries.filter { $0.expectedSyntaxError == nil }
    var failures: [String] = []
    for query in queries {
      do {
        _ = try Parser.parseStatement(query.text)
      } catch {
        failures.append("\(query)\n  \(indented(query.text))\n  → \(error)")
      }
    }
    let rate = Double(queries.count - failures.count) / Double(max(1, queries.count))
    print(
      "TCK: \(queries.count - failures.count)/\(queries.count) queries without an expected SyntaxError parse (\(percent(rate)))"
    )
    for failure in failures { print("TCK parse failure: \(failure)") }
    #expect(queries.count > 1000)
    #expect(rate >= 0.95)
  }

  /// Every TCK query that parses prints to text that parses back to an equal tree.
  @Test func parsedQueriesRoundTrip() {
    var checked = 0
    for query in TCK.queries {
      guard let statement = try? Parser.parseStatement(query.text, checkingShape: false) else {
        continue
      }
      checked += 1
      let printed = statement.description
      do {
        let reparsed = try Parser.parseStatement(printed, checkingShape: false)
        #expect(reparsed == statement, "\(query)\n\(query.text)\nprinted as:\n\(printed)")
      } catch {
        Issue.record("\(query)\n\(query.text)\nprinted as:\n\(printed)\n→ \(error)")
      }
    }
    #expect(checked > 2000)
  }

  /// Reports how often a query expecting a SyntaxError fails with exactly that code.
  ///
  /// Codes the binder owns (UndefinedVariable, VariableTypeConflict, …) cannot match
  /// here, so the floor is on the front end's own share.
  @Test func rejectsQueriesExpectingSyntaxErrors() {
    let queries = TCK.queries.filter { $0.expectedSyntaxError != nil }
    var matched = 0
    var rejected = 0
    var byCode: [String: (matched: Int, total: Int)] = [:]
    for query in queries {
      let code = query.expectedSyntaxError ?? ""
      var entry = byCode[code] ?? (0, 0)
      entry.total += 1
      do {
        _ = try Parser.parseStatement(query.text)
        print("TCK accepted (expected \(code)): \(query)\n  \(indented(query.text))")
      } catch {
        rejected += 1
        if error.code.rawValue == code {
          matched += 1
          entry.matched += 1
        } else {
          print(
            "TCK wrong code (expected \(code)): \(query)\n  \(indented(query.text))\n  → \(error)")
        }
      }
      byCode[code] = entry
    }
    let total = max(1, queries.count)
    print(
      "TCK: \(matched)/\(queries.count) expected SyntaxErrors matched by code (\(percent(Double(matched) / Double(total)))), \(rejected) rejected"
    )
    for (code, entry) in byCode.sorted(by: { $0.key < $1.key }) {
      print("TCK code \(code): \(entry.matched)/\(entry.total)")
    }
    #expect(queries.count > 100)
  }

  func indented(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: "\n  ") }

  func percent(_ rate: Double) -> String { String(format: "%.1f%%", rate * 100) }
}
