// `guanxi import A.jsonl B.jsonl -o G.gx`: shards extracted apart, each numbering its
// ids from 0, make one graph; a bad line in any shard names that shard, line and column
// and writes nothing.

import Foundation
import GuanxiGraph
import Testing

@testable import GuanxiShell

@Suite struct ShardImportTests {
  static func shard(_ person: String, _ place: String) -> String {
    """
    {"type":"node","id":"0","labels":["Person"],"properties":{"name":"\(person)"}}
    {"type":"node","id":"1","labels":["Place"],"properties":{"name":"\(place)"}}
    {"type":"relationship","id":"0","label":"HOLDS","properties":{"doc":"a.txt","span":[1,9]},"start":{"id":"0"},"end":{"id":"1"}}

    """
  }

  @Test func shardsWithTheSameIdsMakeOneGraph() throws {
    let workspace = try Workspace()
    let a = try workspace.write("a.jsonl", Self.shard("韩俊", "安徽省"))
    let b = try workspace.write("b.jsonl", Self.shard("王清宪", "合肥市"))
    let graph = workspace.file("g.gx")
    let run = guanxi("import", a, b, "-o", graph)
    #expect(run.status == 0, "\(run.error)")
    let people = try column(
      "MATCH (p:Person)-[h:HOLDS]->(x) RETURN p.name + '@' + x.name + ':' + h.doc ORDER BY p.name",
      in: graph)
    #expect(people == ["王清宪@合肥市:a.txt", "韩俊@安徽省:a.txt"])
  }

  @Test func badLineInALaterShardNamesItAndWritesNothing() throws {
    let workspace = try Workspace()
    let a = try workspace.write("a.jsonl", Self.shard("韩俊", "安徽省"))
    let b = try workspace.write("b.jsonl", Self.shard("王清宪", "合肥市") + "{\"type\":\n")
    let graph = workspace.file("g.gx")
    let run = guanxi("import", a, b, "-o", graph)
    #expect(run.status == 1)
    #expect(run.error.contains("\(b):4:"), "\(run.error)")
    #expect(!FileManager.default.fileExists(atPath: graph))
  }
}
