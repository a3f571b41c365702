import Foundation
import GuanxiGraph
import GuanxiQuery
import Testing

/// One case of a `Cases/*.txt` file: a query, then the rows it returns (`>` lines,
/// cells joined by ` | `, compared sorted unless the query has ORDER BY) or the error
/// it raises (`! Code at line:column`).
struct QueryCase: Sendable, CustomTestStringConvertible {
  var file: String
  var query: String
  var rows: [String]
  var error: (code: String, line: Int, column: Int)?
  var testDescription: String { "\(file): \(query.replacingOccurrences(of: "\n", with: " "))" }

  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Cases")

  /// Every case of every file, files in name order.
  static let all: [QueryCase] = {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return files.filter { $0.hasSuffix(".txt") }.sorted().flatMap { name -> [QueryCase] in
      guard
        let text = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
      else { return [] }
      return parse(text, file: name)
    }
  }()

  static func parse(_ text: String, file: String) -> [QueryCase] {
    var cases: [QueryCase] = []
    var query: [String] = []
    var rows: [String] = []
    var error: (String, Int, Int)? = nil
    func flush() {
      if !query.isEmpty {
        cases.append(
          QueryCase(file: file, query: query.joined(separator: "\n"), rows: rows, error: error))
      }
      query = []
      rows = []
      error = nil
    }
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = String(raw)
      if line.hasPrefix("#") { continue }
      if line.trimmingCharacters(in: .whitespaces).isEmpty {
        flush()
      } else if line.hasPrefix("> ") || line == ">" {
        rows.append(String(line.dropFirst(2)))
      } else if line.hasPrefix("! ") {
        // ! Code at line:column
        let parts = line.dropFirst(2).split(separator: " ")
        let position = parts.last?.split(separator: ":").compactMap { Int($0) } ?? []
        error = (String(parts[0]), position.first ?? 0, position.last ?? 0)
      } else {
        query.append(line)
      }
    }
    flush()
    return cases
  }
}

@Suite struct ExecutorTests {
  @Test(arguments: QueryCase.all)
  func queryCase(_ c: QueryCase) throws {
    let graph = try ExecutorFixture.make()
    do {
      let query = try PreparedQuery(c.query, graph: graph)
      let result = try query.run(
        on: graph, parameters: ["name": "高强", "from": "2023-01-01", "skip": 3])
      if let error = c.error {
        Issue.record("expected error \(error.code), got \(result.rows.count) rows")
        return
      }
      var rows = result.rows.map {
        $0.map { ExecutorFixture.render($0, graph) }.joined(separator: " | ")
      }
      var expected = c.rows
      if !c.query.uppercased().contains("ORDER BY") {
        rows.sort()
        expected.sort()
      }
      #expect(rows == expected)
    } catch {
      guard let expected = c.error else {
        Issue.record("unexpected error \(error)")
        return
      }
      #expect(error.code.rawValue == expected.code)
      // Every error has a place, runtime errors included.
      let position = error.span.map {
        Diagnostics.lineAndColumn(utf8Offset: $0.utf8Start, in: c.query)
      }
      #expect(
        position?.line == expected.line && position?.column == expected.column,
        "at \(String(describing: position))")
    }
  }

  @Test func caseFilesAreFound() {
    #expect(QueryCase.all.count > 60)
  }

  @Test func failedStatementLeavesGraphUnchanged() throws {
    let graph = try ExecutorFixture.make()
    let before = (
      graph.nodeCount, graph.relationshipCount, graph.nodeIDLimit, graph.relationshipIDLimit
    )
    graph.isRecordingChanges = true
    // Creates and deletes, then fails on a connected node.
    let text = """
      MATCH (p:Person {name: '李明'})
      CREATE (x:Person {name: '临时'})-[:ATTENDED]->(:Meeting {name: '临时会议'})
      SET p.name = '改名'
      WITH p
      MATCH (m:Meeting {name: '省委常委会会议'})
      DELETE m
      """
    #expect(throws: QueryError.self) { try PreparedQuery(text, graph: graph).run(on: graph) }
    #expect(
      (graph.nodeCount, graph.relationshipCount, graph.nodeIDLimit, graph.relationshipIDLimit)
        == before)
    #expect(graph.nodes(label: "Person", name: "李明").count == 1)
    #expect(graph.nodes(label: "Person", name: "改名").isEmpty)
    #expect(graph.recordedChanges.isEmpty)
    try graph.checkInvariants()
  }

  @Test func deletesAreUndoneWithTheirIDs() throws {
    let graph = try ExecutorFixture.make()
    let han = try #require(graph.nodes(label: "Person", name: "韩俊").first)
    let text =
      "MATCH (p:Person {name: '韩俊'}) DETACH DELETE p WITH 1 AS one UNWIND [1, 0] AS x RETURN 1 / x"
    #expect(throws: QueryError.self) { try PreparedQuery(text, graph: graph).run(on: graph) }
    #expect(graph.contains(han))
    #expect(graph.degree(of: han, direction: .both, type: nil) == 4)
    let r = try PreparedQuery(
      "MATCH (p {name: '韩俊'})-[h:HOLDS]->(x) RETURN evidence(h), x.name", graph: graph
    ).run(on: graph)
    #expect(r.rows.count == 1)
    try graph.checkInvariants()
  }

  /// `evidence(r)` carries the sentence when the graph stores the document's evidence,
  /// and a null `sentence` (no error) when it does not.
  @Test func evidenceGivesTheStoredSentence() throws {
    let graph = try ExecutorFixture.make()
    let query = "MATCH (p {name: '韩俊'})-[h:HOLDS]->(x) RETURN evidence(h).sentence, evidence(h).doc"
    let before = try PreparedQuery(query, graph: graph).run(on: graph)
    #expect(before.rows.count == 1)
    #expect(before.rows.first?.first == .value(.null))
    let text = Array("安徽省委书记韩俊主持会议。".unicodeScalars)
    graph.setEvidence(DocumentEvidence(text: text, spans: [0..<12]), ofDocument: "d00000001.txt")
    let after = try PreparedQuery(query, graph: graph).run(on: graph)
    #expect(after.rows.first?.first == .value(.string("安徽省委书记韩俊主持会议")))
  }

  @Test func writesReportStatistics() throws {
    let graph = try ExecutorFixture.make()
    let r = try PreparedQuery(
      "CREATE (p:Person:Official {name: '张三', age: 50})-[:HOLDS {title: '副省长'}]->(:Place {name: '芜湖市'})",
      graph: graph
    ).run(on: graph)
    #expect(r.statistics.nodesCreated == 2)
    #expect(r.statistics.relationshipsCreated == 1)
    #expect(r.statistics.labelsAdded == 3)
    #expect(r.statistics.propertiesSet == 4)
  }

  @Test func explainAndProfileReturnThePlan() throws {
    let graph = try ExecutorFixture.make()
    let text =
      "MATCH (p:Person {name: $name})-[:ATTENDED]->(m:Meeting) RETURN m.name ORDER BY m.name"
    let plain = try PreparedQuery(text, graph: graph)
    #expect(plain.plan.description.contains("NodeIndexSeek"))
    #expect(!plain.plan.description.contains("AllNodesScan"))
    let explain = try PreparedQuery("EXPLAIN " + text, graph: graph).run(
      on: graph, parameters: ["name": "高强"])
    #expect(explain.columns == ["operator", "details", "estimated rows"])
    #expect(explain.rows.count > 3)
    let profile = try PreparedQuery("PROFILE " + text, graph: graph).run(
      on: graph, parameters: ["name": "高强"])
    #expect(profile.columns == ["operator", "details", "rows", "time (ms)"])
    // ProduceResults produced the two meetings 高强 attended.
    #expect(profile.rows.first?[2] == .value(.int(2)))
  }

  @Test func unknownNamesWarnWithSuggestions() throws {
    let graph = try ExecutorFixture.make()
    let q = try PreparedQuery("MATCH (m:Meting)-[:HELD_INN]->(p) RETURN m.nam", graph: graph)
    let suggestions = q.warnings.compactMap(\.suggestion)
    #expect(suggestions.contains(":Meeting"))
    #expect(suggestions.contains(":HELD_IN"))
    #expect(suggestions.contains("name"))
    #expect(try q.run(on: graph).rows.isEmpty)
  }

  /// A label, type or key the statement itself writes is not unknown (issue 11): only
  /// names that nothing in the statement creates are warned about.
  @Test(arguments: [
    ("CREATE (n:Tmp {rank: 1}) RETURN n.rank", [String]()),
    ("MATCH (p:Person) SET p.rank = 1 RETURN p.rank", []),
    ("MATCH (p:Person) WHERE p.rank > 0 SET p.rank = 1", []),
    ("MERGE (t:Tmp {code: 'x'})-[:NEXT_TO {km: 3}]->(u:Tmp2) RETURN t.code", []),
    ("MATCH (p:Person) SET p += {rank: 1}, p:Reviewed RETURN p.rank", []),
    (
      "MATCH (p:Person:Reviewd) SET p.rank = 1 RETURN p.rnk",
      ["UnknownLabel", "UnknownPropertyKey"]
    ),
    (
      "CREATE (n:Tmp {rank: 1}) WITH n MATCH (m:Meeting) RETURN m.rank, m.ranks",
      ["UnknownPropertyKey"]
    ),
  ])
  func writtenNamesAreNotUnknown(_ text: String, _ codes: [String]) throws {
    let graph = try ExecutorFixture.make()
    let query = try PreparedQuery(text, graph: graph)
    #expect(query.warnings.map(\.code) == codes, "\(query.warnings)")
  }

  @Test func readOnlyPathRefusesWrites() throws {
    let graph = try ExecutorFixture.make()
    let reading: any GraphReading = graph
    let q = try PreparedQuery("CREATE (:Person {name: 'x'})", graph: graph)
    #expect(throws: QueryError.self) { try q.run(reading: reading) }
    let r = try PreparedQuery("MATCH (p:Person) RETURN count(*)", graph: graph).run(
      reading: reading)
    #expect(r.rows == [[.value(.int(4))]])
  }

  @Test func deepValuesAreErrorsNotCrashes() throws {
    let graph = try ExecutorFixture.make()
    let text = "RETURN reduce(acc = [], x IN range(1, 5000) | [acc]) AS deep"
    let error = #expect(throws: QueryError.self) {
      try PreparedQuery(text, graph: graph).run(on: graph)
    }
    #expect(error?.code == .nestingTooDeep)
  }

  @Test func budgetStopsRunawayQueries() throws {
    let graph = try ExecutorFixture.make()
    let text = "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*)"
    let error = #expect(throws: QueryError.self) {
      try PreparedQuery(text, graph: graph).run(on: graph, options: .init(budget: 100_000))
    }
    #expect(error?.code.rawValue == "BudgetExceeded")
  }

  @Test func randIsSeedable() throws {
    let graph = try ExecutorFixture.make()
    let q = try PreparedQuery("RETURN rand() AS r", graph: graph)
    let a = try q.run(on: graph, options: .init(seed: 7)).rows
    let b = try q.run(on: graph, options: .init(seed: 7)).rows
    let c = try q.run(on: graph, options: .init(seed: 8)).rows
    #expect(a == b)
    #expect(a != c)
  }
}
