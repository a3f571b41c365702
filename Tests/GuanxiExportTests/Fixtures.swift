import Foundation
import GuanxiGraph
import Testing

/// The small graph the exporter tests share: the vocabulary of SCHEMA.md, Chinese names,
/// every value type, and strings that need escaping in JSON, DOT and CSV.
enum Fixture {
  static func date(_ text: String) -> Value {
    guard let date = LocalDate(iso: text) else { fatalError("bad fixture date \(text)") }
    return .date(date)
  }

  /// Node ids: 0 韩俊, 1 安徽省, 2 合肥市, 3 庐阳区, 4 the meeting, 5 the document,
  /// 6 the project, 7 an organization, 8 a person with awkward characters, 9 unlabelled.
  static func graph() throws -> Graph {
    let g = Graph()
    let L = Schema.Label.self
    let K = Schema.Key.self
    let T = Schema.RelationshipType.self
    let han = g.createNode(labels: [L.person], properties: [K.name: "韩俊"])
    let anhui = g.createNode(
      labels: [L.place], properties: [K.name: "安徽省", K.level: .string(Schema.PlaceLevel.province)])
    let hefei = g.createNode(
      labels: [L.place], properties: [K.name: "合肥市", K.level: .string(Schema.PlaceLevel.city)])
    let luyang = g.createNode(
      labels: [L.place],
      properties: [K.name: "庐阳区", K.level: .string(Schema.PlaceLevel.district)])
    let meeting = g.createNode(
      labels: [L.meeting],
      properties: [
        K.name: "省委常委会会议", K.date: date("2023-07-20"), K.endDate: date("2023-07-21"),
      ])
    let document = g.createNode(
      labels: [L.document],
      properties: [
        K.name: "002_df31f4454c7cdcdc.txt", K.title: "韩俊主持召开省委常委会会议", K.date: date("2023-07-20"),
        K.source: "安徽日报",
      ])
    let project = g.createNode(labels: [L.project], properties: [K.name: "合肥国际陆港"])
    let org = g.createNode(labels: [L.organization], properties: [K.name: "中共安徽省委"])
    let odd = g.createNode(
      labels: [L.person, "Reporter"],
      properties: [
        K.name: "王\"小\"明\\n<b>&amp;</b>\n第二行\t{x|y}",
        "int": 42, "big": .int(.min), "float": 3.25, "whole": 2.0, "tiny": 1e-7,
        "neg0": -0.0, "flag": true, "off": false, "list": ["a", 1, nil, 2.5],
        "ints": [1, 2, 3], "empty": [], "map": .map(["省": "安徽", "n": 1]),
        "ctrl": "\u{01}\u{1F}\u{7F}", "emoji": "😀", "dateLike": "2023-07-20",
      ])
    g.createNode()
    try g.createRelationship(
      from: han, to: anhui, type: T.holds,
      properties: [
        K.title: "省委书记", K.asOf: date("2023-07-20"), K.doc: "002_df31f4454c7cdcdc.txt",
        K.span: [120, 188],
      ])
    try g.createRelationship(
      from: han, to: meeting, type: T.presided,
      properties: [K.doc: "002_df31f4454c7cdcdc.txt", K.span: [0, 40]])
    try g.createRelationship(
      from: han, to: meeting, type: T.attended,
      properties: [K.doc: "002_df31f4454c7cdcdc.txt", K.span: [0, 40]])
    try g.createRelationship(from: odd, to: meeting, type: T.spoke)
    try g.createRelationship(from: meeting, to: hefei, type: T.heldIn)
    try g.createRelationship(from: hefei, to: anhui, type: T.locatedIn)
    try g.createRelationship(from: luyang, to: hefei, type: T.locatedIn)
    try g.createRelationship(from: project, to: luyang, type: T.locatedIn)
    try g.createRelationship(from: org, to: anhui, type: T.locatedIn)
    try g.createRelationship(
      from: odd, to: document, type: T.credited,
      properties: [K.role: "记者", K.doc: "002_df31f4454c7cdcdc.txt", K.span: [300, 320]])
    try g.createRelationship(from: document, to: meeting, type: T.mentions)
    try g.createRelationship(from: document, to: project, type: T.mentions)
    try g.checkInvariants()
    return g
  }
}

/// Golden files live in `Golden/` beside this file. `RECORD_GOLDEN=1` rewrites them and
/// fails the test, so a recording run never passes by accident.
enum Golden {
  static var directory: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
  }

  static func check(
    _ actual: [UInt8], _ name: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let url = directory.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
      try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      try? Data(actual).write(to: url)
      Issue.record(
        "recorded \(name); unset RECORD_GOLDEN and run again", sourceLocation: sourceLocation)
      return
    }
    guard let expected = try? Data(contentsOf: url) else {
      Issue.record(
        "missing golden file \(name); run with RECORD_GOLDEN=1", sourceLocation: sourceLocation)
      return
    }
    #expect(
      String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self),
      sourceLocation: sourceLocation)
  }
}

/// A fresh empty temporary directory, unique to the call: parallel cases of one test
/// never share it. It is removed when the test process exits.
func temporaryDirectory(_ name: String) throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("guanxi-export-\(name)-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  ScratchFolders.shared.add(url)
  return url
}

/// The folders `temporaryDirectory` made, removed at exit.
final class ScratchFolders: @unchecked Sendable {
  static let shared: ScratchFolders = {
    atexit { ScratchFolders.shared.removeAll() }
    return ScratchFolders()
  }()
  private let lock = NSLock()
  private var urls: [URL] = []

  func add(_ url: URL) { lock.withLock { urls.append(url) } }

  func removeAll() {
    for url in lock.withLock({ urls }) { try? FileManager.default.removeItem(at: url) }
  }
}
