import Foundation
import Testing

@testable import GuanxiShell

struct CompleteCase: Sendable, CustomTestStringConvertible {
  /// The input with `‸` at the cursor (or at the end when absent).
  var input: String
  var offset: Int
  var candidates: [String]
  var testDescription: String { input }
}

private let vocabulary = CompletionVocabulary(
  labels: ["Document", "Meeting", "Organization", "Person", "Place", "Project"],
  relationshipTypes: [
    "ATTENDED", "CREDITED", "HELD_IN", "HOLDS", "LOCATED_IN", "MENTIONS", "PRESIDED", "SPOKE",
  ],
  propertyKeys: ["asOf", "date", "level", "name", "role", "title"],
  parameters: ["name", "since"],
  commands: [
    ":exit", ":export", ":format", ":help", ":limit", ":load", ":open", ":param", ":params",
    ":quit",
  ])

private let files: [String: [String]] = [
  ".": ["docs/", "sample.gx", "notes.txt", ".hidden"],
  "docs/": ["002_df31.txt", "004_ab12.txt", "old/"],
]

private let completer = Completer(vocabulary: vocabulary, listDirectory: { files[$0] ?? [] })

@Test(arguments: [
  CompleteCase(input: "MATCH (p:Pe", offset: 9, candidates: ["Person"]),
  CompleteCase(input: "MATCH (p:P", offset: 9, candidates: ["Person", "Place", "Project"]),
  CompleteCase(input: "MATCH (p:person", offset: 9, candidates: ["Person"]),
  CompleteCase(
    input: "MATCH (:", offset: 8,
    candidates: ["Document", "Meeting", "Organization", "Person", "Place", "Project"]),
  CompleteCase(input: "MATCH (p)-[:HO", offset: 12, candidates: ["HOLDS"]),
  CompleteCase(input: "MATCH (p)-[r:ATTENDED|PR", offset: 22, candidates: ["PRESIDED"]),
  CompleteCase(input: "MATCH (p)-[:H]->(m:Me‸)", offset: 19, candidates: ["Meeting"]),
  CompleteCase(input: "MATCH (p) WHERE p.na", offset: 18, candidates: ["name"]),
  CompleteCase(
    input: "MATCH (p) RETURN p.", offset: 19,
    candidates: ["asOf", "date", "level", "name", "role", "title"]),
  CompleteCase(input: "MATCH (p:Person {na", offset: 17, candidates: ["name"]),
  CompleteCase(input: "MATCH (p:Person {name: 'x', ti", offset: 28, candidates: ["title"]),
  CompleteCase(input: "MATCH (p {name: $na", offset: 17, candidates: ["name"]),
  CompleteCase(input: "mat", offset: 0, candidates: ["match"]),
  CompleteCase(input: "MAT", offset: 0, candidates: ["MATCH"]),
  CompleteCase(input: "MATCH (p) RET", offset: 10, candidates: ["RETURN"]),
  CompleteCase(
    input: "MATCH (p) RETURN co", offset: 17,
    candidates: ["contains", "coalesce(", "collect(", "count("]),
  CompleteCase(input: "MATCH (p) RETURN p ORD", offset: 19, candidates: ["ORDER BY"]),
  CompleteCase(input: "MATCH (p) RETURN p ORDER B", offset: 19, candidates: ["ORDER BY"]),
  CompleteCase(input: "MATCH (p) WHERE p.name STARTS W", offset: 23, candidates: ["STARTS WITH"]),
  CompleteCase(
    input: "MATCH (p) WHERE p.name IS N", offset: 23, candidates: ["IS NULL", "IS NOT NULL"]),
  CompleteCase(input: "OPTIONAL M", offset: 0, candidates: ["OPTIONAL MATCH"]),
  CompleteCase(
    input: "MATCH (person:Person)-[hold:HOLDS]->(x) RETURN pe", offset: 47, candidates: ["person"]),
  CompleteCase(
    input: "MATCH (p) WITH count(p) AS total RETURN to", offset: 40,
    candidates: ["toFloat(", "toInteger(", "toLower(", "toString(", "toUpper(", "total"]),
  CompleteCase(input: "MATCH (p {name: 'Pe", offset: 19, candidates: []),
  CompleteCase(input: "MATCH (p) // Pe", offset: 15, candidates: []),
  CompleteCase(input: ":f", offset: 0, candidates: [":format"]),
  CompleteCase(input: ":p", offset: 0, candidates: [":param", ":params"]),
  CompleteCase(input: ":format j", offset: 8, candidates: ["json", "jsonl"]),
  CompleteCase(input: ":help ke", offset: 6, candidates: ["keys"]),
  CompleteCase(input: ":param n", offset: 7, candidates: ["name"]),
  CompleteCase(input: ":open ", offset: 6, candidates: ["docs/", "notes.txt", "sample.gx"]),
  CompleteCase(input: ":open sa", offset: 6, candidates: ["sample.gx"]),
  CompleteCase(
    input: ":load docs/0", offset: 6, candidates: ["docs/002_df31.txt", "docs/004_ab12.txt"]),
  CompleteCase(
    input: ":load docs/002_df31.txt docs/00", offset: 24,
    candidates: ["docs/002_df31.txt", "docs/004_ab12.txt"]),
  CompleteCase(input: ":export d", offset: 8, candidates: ["dot"]),
  CompleteCase(input: ":export g", offset: 8, candidates: ["graphml", "gexf"]),
  CompleteCase(input: ":export dot sam", offset: 12, candidates: ["sample.gx"]),
  CompleteCase(input: ":open .h", offset: 6, candidates: [".hidden"]),
])
func completesFromContext(_ c: CompleteCase) {
  var text = c.input
  var cursor = Array(text).count
  if let marker = Array(text).firstIndex(of: "‸") {
    cursor = marker
    text.remove(at: text.index(text.startIndex, offsetBy: marker))
  }
  let completion = completer.complete(text, cursor: cursor)
  #expect(completion.candidates == c.candidates)
  #expect(completion.characterOffset == c.offset)
}

@Test func listsRealDirectories() throws {
  let directory = try temporaryDirectory()
  try "x".write(toFile: directory + "/a.gx", atomically: true, encoding: .utf8)
  try FileManager.default.createDirectory(
    atPath: directory + "/docs", withIntermediateDirectories: true)
  #expect(Completer.directoryEntries(directory).sorted() == ["a.gx", "docs/"])
}
