import Foundation
import Testing

@testable import GuanxiShell

/// A fresh directory for one test's files.
func temporaryDirectory() throws -> String {
  let path = NSTemporaryDirectory() + "guanxi-shell-" + UUID().uuidString
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

struct EncodeCase: Sendable, CustomTestStringConvertible {
  var entry: String
  var line: String
  var testDescription: String { line }
}

@Test(arguments: [
  EncodeCase(entry: "MATCH (n) RETURN n;", line: "MATCH (n) RETURN n;"),
  EncodeCase(
    entry: "MATCH (p {name: '韩俊'})\nRETURN p;", line: "MATCH (p {name: '韩俊'})\\nRETURN p;"),
  EncodeCase(entry: "RETURN 'a\\nb';", line: "RETURN 'a\\\\nb';"),
  EncodeCase(entry: "a\\\nb", line: "a\\\\\\nb"),
  EncodeCase(entry: "x\r\ny", line: "x\\r\\ny"),
])
func encodesOneEntryPerLine(_ c: EncodeCase) {
  #expect(History.encode(c.entry) == c.line)
  #expect(!History.encode(c.entry).contains("\n"))
  #expect(History.decode(Substring(c.line)) == c.entry)
}

@Test func historyPersistsAcrossSessions() throws {
  let path = try temporaryDirectory() + "/history"
  let first = History(path: path)
  first.add("MATCH (p:Person)\nRETURN p.name;")
  first.add(":format json")
  first.add(":format json")  // a repeat of the newest is not added
  first.add("   ")
  let second = History(path: path)
  #expect(second.entries == ["MATCH (p:Person)\nRETURN p.name;", ":format json"])
  let text = try String(contentsOfFile: path, encoding: .utf8)
  #expect(text == "MATCH (p:Person)\\nRETURN p.name;\n:format json\n")
  #expect(!FileManager.default.fileExists(atPath: path + ".tmp\(getpid())"))
}

@Test func twoOpenSessionsKeepBothEntries() throws {
  let path = try temporaryDirectory() + "/history"
  let a = History(path: path)
  let b = History(path: path)
  a.add("RETURN 1;")
  b.add("RETURN 2;")
  #expect(History(path: path).entries == ["RETURN 1;", "RETURN 2;"])
  #expect(b.entries == ["RETURN 2;"])  // each session browses what it loaded and ran
}

@Test func historyIsBounded() throws {
  let path = try temporaryDirectory() + "/history"
  let history = History(path: path, limit: 3)
  for n in 1...5 { history.add("RETURN \(n);") }
  #expect(history.entries == ["RETURN 3;", "RETURN 4;", "RETURN 5;"])
  #expect(History(path: path, limit: 3).entries == history.entries)
  #expect(History(path: path, limit: 2).entries == ["RETURN 4;", "RETURN 5;"])
}

@Test func historyPathComesFromTheEnvironment() {
  #expect(
    History.standardPath(environment: { ["GUANXI_HISTORY": "/tmp/h", "HOME": "/home/u"][$0] })
      == "/tmp/h")
  #expect(
    History.standardPath(environment: { ["GUANXI_HISTORY": "", "HOME": "/home/u"][$0] }) == nil)
  #expect(
    History.standardPath(environment: { ["HOME": "/home/u"][$0] }) == "/home/u/.guanxi_history")
  #expect(History.standardPath(environment: { _ in nil }) == nil)
  #expect(History(path: nil).entries.isEmpty)
}

@Test func missingOrUnwritableFilesDoNotStopTheSession() {
  let history = History(path: "/nonexistent-dir/history")
  history.add("RETURN 1;")
  #expect(history.entries == ["RETURN 1;"])
}
