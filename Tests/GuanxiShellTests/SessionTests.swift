import Foundation
import GuanxiGraph
import GuanxiQuery
import Testing

@testable import GuanxiShell

@Test func interactiveTranscript() throws {
  let (session, _, _, sink) = try makeSession([
    "MATCH (p:Person)-[h:HOLDS]->(x)",
    "RETURN p.name, h.title, n;",
    ":format csv",
    "MATCH (p:Person) RETURN 1;",
    ":format bogus",
    "fail here;",
    "CREATE (n {name: 'x'});",
    ":quit",
    "RETURN 1;",
  ])
  #expect(session.run() == 0)  // errors on a terminal do not fail the session
  #expect(
    sink.transcript == """
      Guanxi shell on 'sample': 4 nodes, 3 relationships.
      End a statement with ';' or an empty line. :help for help, :quit to leave.
      ┌────────┬──────────┬────┐
      │ p.name │ h.title  │ n  │
      ├────────┼──────────┼────┤
      │ 韩俊   │ 省委书记 │ 12 │
      │ 王清宪 │ 省长     │  3 │
      └────────┴──────────┴────┘
      2 rows
      p.name,h.title,n\r
      韩俊,省委书记,12\r
      王清宪,省长,3\r
      2 rows
      ! error: unknown format 'bogus'; expected table, ascii, json, jsonl, csv
      ! error: syntax error near 'fail'
      0 rows, 1 node created, 1 property set

      """)
}

@Test func promptsNameTheGraphAndContinuationLinesAlign() throws {
  let (session, backend, source, _) = try makeSession(["MATCH (n)", "RETURN n;"])
  session.run()
  #expect(source.prompts == ["guanxi(sample)> ", "           ...> ", "guanxi(sample)> "])
  #expect(DisplayWidth.of(source.prompts[0]) == DisplayWidth.of(source.prompts[1]))
  #expect(backend.statements.map(\.0) == ["MATCH (n)\nRETURN n"])
  #expect(source.remembered == ["MATCH (n)\nRETURN n;"])
}

@Test func blankLineRunsOnATerminalButNotInAScript() throws {
  let (interactive, backend, _, _) = try makeSession(["MATCH (n)", "RETURN n", "", "RETURN 1;"])
  interactive.run()
  #expect(backend.statements.map(\.0) == ["MATCH (n)\nRETURN n", "RETURN 1"])

  let (script, scriptBackend, source, sink) = try makeSession(
    ["MATCH (n)", "", "RETURN n;", "RETURN 1;", "RETURN 'last'"], interactive: false)
  #expect(script.run() == 0)
  #expect(
    scriptBackend.statements.map(\.0) == ["MATCH (n)\n\nRETURN n", "RETURN 1", "RETURN 'last'"])
  #expect(source.prompts.allSatisfy { $0.isEmpty })
  #expect(!sink.transcript.contains("Guanxi shell"))
  #expect(!sink.standardOutput.contains("\u{1B}"))
  #expect(sink.standardError.isEmpty)
}

@Test func severalStatementsOnOneLineRunInTurn() throws {
  let (session, backend, _, _) = try makeSession(["RETURN 1; RETURN 'a;b'; // done"])
  session.run()
  #expect(backend.statements.map(\.0) == ["RETURN 1", "RETURN 'a;b'"])
}

@Test func scriptsStopAtTheFirstError() throws {
  let (session, backend, _, sink) = try makeSession(
    ["RETURN 1;", "fail;", "RETURN 2;"], interactive: false)
  #expect(session.run() == 1)
  #expect(backend.statements.map(\.0) == ["RETURN 1", "fail"])
  #expect(sink.standardError == "error: syntax error near 'fail'\n")
  #expect(sink.standardOutput.hasPrefix("┌───┐"))
}

@Test func ctrlCAtThePromptDropsTheInput() throws {
  let (session, backend, _, _) = try makeSession(["MATCH (n)", "^C", "RETURN 1;"])
  session.run()
  #expect(backend.statements.map(\.0) == ["RETURN 1"])
}

@Test func ctrlCDuringAStatementCancelsIt() throws {
  let (session, backend, _, sink) = try makeSession(["sleep;", "RETURN 1;"])
  let interrupts = session.interrupts
  let started = backend.started
  DispatchQueue.global().async {
    started.wait()
    interrupts.trigger()
  }
  session.run()
  #expect(backend.cancelCount == 1)
  #expect(backend.statements.map(\.0) == ["sleep", "RETURN 1"])
  #expect(sink.standardError == "cancelling…\ncancelled\n")
  #expect(sink.standardOutput.hasSuffix("1 row\n"))
}

struct ParameterCase: Sendable, CustomTestStringConvertible {
  var command: String
  var name: String
  var value: Value
  var testDescription: String { command }
}

@Test(arguments: [
  ParameterCase(command: ":param name '韩俊'", name: "name", value: "韩俊"),
  ParameterCase(command: ":param name 韩俊", name: "name", value: "韩俊"),
  ParameterCase(command: ":param n 12", name: "n", value: 12),
  ParameterCase(command: ":param x -2.5e1", name: "x", value: .float(-25)),
  ParameterCase(command: ":param ok true", name: "ok", value: true),
  ParameterCase(command: ":param none null", name: "none", value: .null),
  ParameterCase(command: ":param names ['韩俊', \"王清宪\"]", name: "names", value: ["韩俊", "王清宪"]),
  ParameterCase(
    command: ":param m {name: '韩俊', \"level\": 2, list: []}", name: "m",
    value: .map(["name": "韩俊", "level": 2, "list": []])),
  ParameterCase(
    command: ":param since date('2023-07-20')", name: "since",
    value: .date(LocalDate(daysSinceEpoch: 19558))),
  ParameterCase(command: ":param $q => 'it\\'s'", name: "q", value: "it's"),
  ParameterCase(command: ":param q: '\\u97E9'", name: "q", value: "韩"),
])
func parametersReachTheBackend(_ c: ParameterCase) throws {
  let (session, backend, _, _) = try makeSession([c.command, "RETURN 1;"])
  session.run()
  #expect(backend.statements.first?.1 == [c.name: c.value])
}

@Test(arguments: [
  ":param", ":param x date('2023-02-30')", ":param x 99999999999999999999",
  ":param x [1, 99999999999999999999]", ":param y",
])
func badParametersAreReported(_ command: String) throws {
  let (session, _, _, sink) = try makeSession([command, "RETURN 1;"])
  session.run()
  #expect(sink.standardError.hasPrefix("error: "))
  #expect(sink.standardOutput.hasSuffix("1 row\n"))  // and the session went on
}

/// What does not parse completely as a literal is text; when it starts like one (a
/// bracket, a brace, a quote), the shell says so, since it may be a typo.
@Test(arguments: [
  (":param x [1, 2", "[1, 2", true), (":param x {a 1}", "{a 1}", true),
  (":param x 'open", "'open", true), (":param x 1 2", "1 2", false),
  (":param x “西部强区再扬帆,2023怎么干”务虚工作会议", "“西部强区再扬帆,2023怎么干”务虚工作会议", false),
  (":param x 2023年工作会议", "2023年工作会议", false),
])
func incompleteLiteralsAreText(_ command: String, _ text: String, _ notes: Bool) throws {
  let (session, backend, _, sink) = try makeSession([command, "RETURN 1;"])
  session.run()
  #expect(backend.statements.first?.1 == ["x": .string(text)])
  #expect(sink.standardError.hasPrefix("note: $x is the text") == notes, "\(sink.standardError)")
}

@Test func paramsListsAndClears() throws {
  let (session, _, _, sink) = try makeSession([
    ":params", ":param b 2", ":param a 'x'", ":params", ":param a", ":params clear", ":params",
  ])
  session.run()
  #expect(
    sink.standardOutput.hasSuffix(
      """
      no parameters; set one with :param NAME VALUE
      $a = 'x'
      $b = 2
      $a = 'x'
      no parameters; set one with :param NAME VALUE

      """))
}

@Test func limitAndTiming() throws {
  let (session, _, _, sink) = try makeSession([
    ":limit 1", "MATCH (p:Person);", ":timing on", "RETURN 1;", ":limit", ":timing", ":limit -3",
  ])
  session.run()
  #expect(sink.standardOutput.contains("… 1 more row; :limit N to change\n2 rows\n"))
  #expect(sink.standardOutput.contains(#/1 row, \d+\.\d+ (ms|s)\n/#))
  #expect(sink.standardOutput.contains("limit: 1\ntiming: on\n"))
  #expect(sink.standardError.hasPrefix("error: expected ':limit N'"))
}

@Test func formatsOfNodes() throws {
  let (session, _, _, sink) = try makeSession([
    ":format jsonl", "MATCH (p);", ":format json", "MATCH (p);", ":format ascii", "MATCH (p);",
    ":format",
  ])
  session.run()
  #expect(
    sink.standardOutput.contains(
      """
      {"p":{"type":"node","id":"0","labels":["Person"],"properties":{"name":"韩俊"}}}
      {"p":{"type":"node","id":"2","labels":["Person"],"properties":{"name":"王清宪"}}}
      2 rows
      [
      {"p":{"type":"node","id":"0","labels":["Person"],"properties":{"name":"韩俊"}}},
      {"p":{"type":"node","id":"2","labels":["Person"],"properties":{"name":"王清宪"}}}
      ]
      2 rows
      +----------------------------+
      | p                          |
      +----------------------------+
      | (:Person {name: '韩俊'})   |
      | (:Person {name: '王清宪'}) |
      +----------------------------+
      2 rows
      format: ascii

      """))
}

@Test func otherCommandsGoToTheBackend() throws {
  let (session, backend, _, sink) = try makeSession([
    ":stats", ":save", ":open 'my graph.gx'", ":lod docs/*.txt", "RETURN 1;",
  ])
  session.run()
  #expect(backend.commandsRun.map(\.0) == ["stats", "save", "open", "lod"])
  #expect(backend.commandsRun[2].1 == ["my graph.gx"])
  #expect(sink.standardOutput.contains("4 nodes, 3 relationships\n"))
  #expect(
    sink.standardError == """
      error: cannot open 'my graph.gx': no such file
      error: unknown command ':lod'; :help lists the commands

      """)
}

@Test func helpTopics() throws {
  let (session, _, _, sink) = try makeSession([
    ":help", ":help keys", ":help format", ":help nothing",
  ])
  session.run()
  #expect(sink.standardOutput.contains(":load DOCS…"))
  #expect(sink.standardOutput.contains("Ctrl-R"))
  #expect(sink.standardOutput.contains(":format table|ascii|json|jsonl|csv\n  how results print\n"))
  #expect(sink.standardError.hasPrefix("error: no help on 'nothing'"))
}

@Test func completionVocabularyComesFromTheGraph() throws {
  let (session, _, _, _) = try makeSession([":param who '韩俊'"])
  session.run()
  let vocabulary = session.completionVocabulary
  #expect(vocabulary.labels == ["Meeting", "Person", "Place"])
  #expect(vocabulary.relationshipTypes == ["HOLDS", "PRESIDED"])
  #expect(vocabulary.propertyKeys == ["asOf", "date", "doc", "level", "name", "span", "title"])
  #expect(vocabulary.parameters == ["who"])
  #expect(vocabulary.commands.contains(":export"))
  #expect(vocabulary.commands.contains(":format"))
}

@Test func endOfInputRunsWhatIsLeftInAScript() throws {
  let (session, backend, _, _) = try makeSession(["RETURN 1"], interactive: false)
  #expect(session.run() == 0)
  #expect(backend.statements.map(\.0) == ["RETURN 1"])
}
