import Foundation
import GuanxiGraph
import GuanxiQuery

/// The small graph every executor case runs on: officials, places, meetings and
/// documents of the extraction vocabulary, with provenance on the facts.
enum ExecutorFixture {
  static let script = """
    CREATE (anhui:Place {name: '安徽省', level: 'province'}),
           (hefei:Place {name: '合肥市', level: 'city'}),
           (shushan:Place {name: '蜀山区', level: 'district'}),
           (gao:Person {name: '高强'}),
           (han:Person {name: '韩俊'}),
           (wang:Person {name: '王清宪'}),
           (li:Person {name: '李明'}),
           (m1:Meeting {name: '省委常委会会议', date: date('2023-07-20')}),
           (m2:Meeting {name: '合肥市委常委会会议', date: date('2023-08-02')}),
           (m3:Meeting {name: '蜀山区安全生产推进会', date: date('2024-01-15')}),
           (doc:Document {name: 'd00000001.txt', title: '省委常委会召开会议', date: date('2023-07-21')}),
           (hefei)-[:LOCATED_IN]->(anhui),
           (shushan)-[:LOCATED_IN]->(hefei),
           (han)-[:HOLDS {title: '省委书记', doc: 'd00000001.txt', span: [0, 12]}]->(anhui),
           (wang)-[:HOLDS {title: '省长'}]->(anhui),
           (gao)-[:HOLDS {title: '市长'}]->(hefei),
           (li)-[:HOLDS {title: '区长'}]->(shushan),
           (m1)-[:HELD_IN]->(anhui),
           (m2)-[:HELD_IN]->(hefei),
           (m3)-[:HELD_IN]->(shushan),
           (han)-[:PRESIDED]->(m1),
           (han)-[:ATTENDED {doc: 'd00000001.txt', span: [13, 40]}]->(m1),
           (wang)-[:ATTENDED]->(m1),
           (gao)-[:ATTENDED]->(m1),
           (gao)-[:ATTENDED]->(m2),
           (gao)-[:PRESIDED]->(m2),
           (li)-[:ATTENDED]->(m2),
           (li)-[:ATTENDED]->(m3),
           (doc)-[:MENTIONS]->(m1),
           (doc)-[:MENTIONS]->(han)
    """

  /// A fresh copy of the fixture (cases may write).
  static func make() throws -> Graph {
    let graph = Graph()
    _ = try PreparedQuery(script, graph: graph).run(on: graph)
    graph.createIndex(on: "name")
    return graph
  }

  /// One cell as the case files spell it: `'text'`, `42`, `1.5`, `null`, `[…]`,
  /// `{k: v}`, a node as `(name)` (or `(:Label)` without a name), `[:TYPE]`.
  static func render(_ value: QueryValue, _ graph: Graph) -> String {
    switch value {
    case .value(let v): return render(v)
    case .node(let n):
      if let name = graph.property("name", of: n), case .string(let s) = name { return "(\(s))" }
      return "(" + graph.labelNames(of: n).map { ":" + $0 }.joined() + ")"
    case .relationship(let r): return "[:\(graph.contains(r) ? graph.typeName(of: r) : "?")]"
    case .path(let nodes, let rels):
      var s = "<" + render(.node(nodes[0]), graph)
      for (i, r) in rels.enumerated() {
        s += "-" + render(.relationship(r), graph) + "-" + render(.node(nodes[i + 1]), graph)
      }
      return s + ">"
    case .list(let items):
      return "[" + items.map { render($0, graph) }.joined(separator: ", ") + "]"
    case .map(let m):
      return "{" + m.keys.sorted().map { "\($0): \(render(m[$0]!, graph))" }.joined(separator: ", ")
        + "}"
    }
  }

  static func render(_ v: Value) -> String {
    switch v {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .float(let d):
      return d.isNaN
        ? "NaN" : (d == d.rounded() && abs(d) < 1e15 ? String(format: "%.1f", d) : "\(d)")
    case .string(let s): return "'\(s)'"
    case .date(let d): return "date('\(d)')"
    case .list(let items): return "[" + items.map(render).joined(separator: ", ") + "]"
    case .map(let m):
      return "{" + m.keys.sorted().map { "\($0): \(render(m[$0]!))" }.joined(separator: ", ") + "}"
    }
  }
}
