import Foundation
import GuanxiQuery
import Testing

/// The files in `Grammar/`, found from this file's path (not the working directory).
enum GrammarFiles {
  static let directory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Grammar")

  static func cypherFiles(in folder: String) -> [String] {
    let url = directory.appendingPathComponent(folder)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
    return names.filter { $0.hasSuffix(".cypher") }.sorted()
  }

  static func text(_ folder: String, _ name: String) throws -> String {
    try String(
      contentsOf: directory.appendingPathComponent(folder).appendingPathComponent(name),
      encoding: .utf8)
  }

  static let examples = cypherFiles(in: "examples")
  static let counterexamples = cypherFiles(in: "counterexamples")
}

@Suite struct GrammarFilesTests {
  @Test func thereAreEnoughExamples() {
    #expect(GrammarFiles.examples.count >= 15)
    #expect(GrammarFiles.counterexamples.count >= 10)
  }

  @Test(arguments: GrammarFiles.examples)
  func exampleParsesAndRoundTrips(_ name: String) throws {
    let text = try GrammarFiles.text("examples", name)
    let statement = try Parser.parseStatement(text)
    let printed = statement.description
    #expect(try Parser.parseStatement(printed, checkingShape: false) == statement, "\(printed)")
  }

  @Test(arguments: GrammarFiles.counterexamples)
  func counterexampleFailsWithItsCodeAndPosition(_ name: String) throws {
    let text = try GrammarFiles.text("counterexamples", name)
    let header = try #require(text.split(separator: "\n").first.map(String.init))
    // `// error: CODE at LINE:COL`
    let parts = header.split(separator: " ")
    try #require(
      parts.count == 5 && parts[1] == "error:" && parts[3] == "at", "bad header: \(header)")
    let position = parts[4].split(separator: ":").compactMap { Int($0) }
    try #require(position.count == 2)
    let error = try #require(#expect(throws: QueryError.self) { try Parser.parseStatement(text) })
    let span = try #require(error.span)
    let (line, column) = Diagnostics.lineAndColumn(utf8Offset: span.utf8Start, in: text)
    #expect(error.code.rawValue == String(parts[2]), "\(error)")
    #expect(
      "\(line):\(column)" == String(parts[4]),
      "\(Diagnostics.render(error, source: text, fileName: name))")
  }
}
