import Foundation
import GuanxiGraph

/// A Swift port of the matching rules of `shared/tools/score_extraction.py`.
enum CorpusScorer {
  static let categories = [
    "officials", "meetings", "participation", "places", "projects", "credits",
  ]
  static let levelWords = [
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "街道", "地区", "省", "市", "区", "县", "镇", "乡", "州", "盟", "旗",
  ]

  struct Counts {
    var gold = 0, predicted = 0, goldMatched = 0, predictedMatched = 0
    var precision: Double {
      predicted > 0 ? Double(predictedMatched) / Double(predicted) : (gold == 0 ? 1 : 0)
    }
    var recall: Double { gold > 0 ? Double(goldMatched) / Double(gold) : 1 }
    var f1: Double { precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0 }
  }

  static func norm(_ text: String?) -> String {
    guard let text else { return "" }
    var t = text.precomposedStringWithCompatibilityMapping
    t.unicodeScalars.removeAll { " \t\r\n\u{3000}“”\"'‘’《》〈〉「」『』".unicodeScalars.contains($0) }
    return t.replacingOccurrences(of: "中国共产党", with: "中共")
  }

  static func normTitle(_ title: String?, _ jurisdiction: String?) -> String {
    var t = norm(title)
    if t.hasPrefix("中共") { t = String(t.dropFirst(2)) }
    let j = norm(jurisdiction)
    var stem = j
    for w in levelWords where j.hasSuffix(w) && j.count > w.count {
      stem = String(j.dropLast(w.count))
      break
    }
    if !stem.isEmpty && t.count > stem.count && t.hasPrefix(stem) {
      return String(t.dropFirst(stem.count))
    }
    return t
  }

  struct Pair: Hashable { var a: String, b: String }

  static func score(graph: Graph, goldDirectory: String) throws -> [String: Counts] {
    var totals: [String: Counts] = [:]
    let files = try FileManager.default.contentsOfDirectory(atPath: goldDirectory).filter {
      $0.hasSuffix(".json")
    }.sorted()
    for file in files {
      let data = try Data(
        contentsOf: URL(fileURLWithPath: goldDirectory).appendingPathComponent(file))
      guard let gold = try JSONSerialization.jsonObject(with: data) as? [String: Any],
        let doc = gold["doc"] as? String
      else { continue }
      let p = facts(graph: graph, doc: doc)
      func list(_ key: String) -> [[String: Any]] { gold[key] as? [[String: Any]] ?? [] }
      let gOfficials = Set(
        list("officials").map {
          Pair(
            a: norm($0["name"] as? String),
            b: normTitle($0["title"] as? String, $0["jurisdiction"] as? String))
        })
      let gParticipation = Set(
        list("participation").map {
          Pair(a: norm($0["person"] as? String), b: $0["role"] as? String ?? "")
        })
      let gCredits = Set(
        list("credits").map { Pair(a: norm($0["name"] as? String), b: norm($0["role"] as? String)) }
      )
      let gPlaces = Set(list("places").map { Pair(a: norm($0["name"] as? String), b: "") })
      for (category, g, q) in [
        ("officials", gOfficials, p.officials), ("participation", gParticipation, p.participation),
        ("credits", gCredits, p.credits), ("places", gPlaces, p.places),
      ] {
        var t = totals[category] ?? Counts()
        let tp = g.intersection(q).count
        t.gold += g.count; t.predicted += q.count; t.goldMatched += tp; t.predictedMatched += tp
        totals[category] = t
      }
      for (category, predicted) in [("meetings", p.meetings), ("projects", p.projects)] {
        let items = list(category).map { item -> Set<String> in
          Set(
            [norm(item["name"] as? String)]
              + ((item["aliases"] as? [String]) ?? []).map { norm($0) })
        }
        let accepted = items.reduce(into: Set<String>()) { $0.formUnion($1) }
        var t = totals[category] ?? Counts()
        t.gold += items.count
        t.predicted += predicted.count
        t.goldMatched += items.filter { !$0.isDisjoint(with: predicted) }.count
        t.predictedMatched += predicted.filter { accepted.contains($0) }.count
        totals[category] = t
      }
    }
    return totals
  }

  struct Facts {
    var officials: Set<Pair> = [], participation: Set<Pair> = [], credits: Set<Pair> = []
    var places: Set<Pair> = [], meetings: Set<String> = [], projects: Set<String> = []
  }

  static func facts(graph: Graph, doc: String) -> Facts {
    var f = Facts()
    let docNode = graph.nodes(label: Schema.Label.document, name: doc).first
    func name(_ n: NodeID) -> String? { graph.property(Schema.Key.name, of: n)?.stringValue }
    func labels(_ n: NodeID) -> [String] { graph.labelNames(of: n) }
    for r in graph.allRelationships() {
      let type = graph.typeName(of: r)
      let start = graph.startNode(of: r)
      let end = graph.endNode(of: r)
      if type == Schema.RelationshipType.mentions, start == docNode {
        if labels(end).contains(Schema.Label.meeting) { f.meetings.insert(norm(name(end))) }
        if labels(end).contains(Schema.Label.place) {
          f.places.insert(Pair(a: norm(name(end)), b: ""))
        }
        if labels(end).contains(Schema.Label.project) { f.projects.insert(norm(name(end))) }
      }
      let rdoc = graph.property(Schema.Key.doc, of: r)?.stringValue
      guard rdoc == doc || (type == Schema.RelationshipType.credited && end == docNode) else {
        continue
      }
      switch type {
      case Schema.RelationshipType.holds:
        f.officials.insert(
          Pair(
            a: norm(name(start)),
            b: normTitle(graph.property(Schema.Key.title, of: r)?.stringValue, name(end))))
      case Schema.RelationshipType.attended, Schema.RelationshipType.presided,
        Schema.RelationshipType.spoke:
        f.participation.insert(Pair(a: norm(name(start)), b: type))
        f.meetings.insert(norm(name(end)))
      case Schema.RelationshipType.heldIn:
        f.meetings.insert(norm(name(start)))
      case Schema.RelationshipType.credited:
        f.credits.insert(
          Pair(a: norm(name(start)), b: norm(graph.property(Schema.Key.role, of: r)?.stringValue)))
      default: break
      }
    }
    f.meetings.remove("")
    return f
  }

  /// The graph as APOC-style JSON Lines, for cross-checking with the Python scorer.
  static func jsonLines(_ graph: Graph) -> String {
    func json(_ v: Value) -> Any {
      switch v {
      case .null: return NSNull()
      case .bool(let b): return b
      case .int(let i): return i
      case .float(let d): return d
      case .string(let s): return s
      case .date(let d): return d.description
      case .list(let l): return l.map(json)
      case .map(let m): return m.mapValues(json)
      }
    }
    var lines: [String] = []
    func line(_ object: [String: Any]) {
      if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]),
        let s = String(data: data, encoding: .utf8)
      {
        lines.append(s)
      }
    }
    for n in graph.allNodes() {
      var props: [String: Any] = [:]
      for (k, v) in graph.properties(of: n) { props[graph.string(k)] = json(v) }
      line([
        "type": "node", "id": "\(n.rawValue)", "labels": graph.labelNames(of: n),
        "properties": props,
      ])
    }
    for r in graph.allRelationships() {
      var props: [String: Any] = [:]
      for (k, v) in graph.properties(of: r) { props[graph.string(k)] = json(v) }
      let s = graph.startNode(of: r)
      let e = graph.endNode(of: r)
      line([
        "type": "relationship", "id": "\(r.rawValue)", "label": graph.typeName(of: r),
        "properties": props,
        "start": ["id": "\(s.rawValue)", "labels": graph.labelNames(of: s)],
        "end": ["id": "\(e.rawValue)", "labels": graph.labelNames(of: e)],
      ])
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
