import Foundation
import GuanxiQuery
import Testing

/// SplitMix64: a small deterministic generator, so every run fuzzes the same inputs.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Mutates known-good queries and checks the front end's contract on each:
/// a tree that prints and re-parses to itself, or a `QueryError` whose span lies
/// inside the text. Never a crash, a hang or a span out of bounds.
@Suite struct ParserFuzzTests {
  static let fragments: [String] = [
    "(", ")", "[", "]", "{", "}", ",", ".", "..", ":", ";", "|", "-", "->", "<-", "--", "*",
    "=", "<>", "=~", "+=", "$p", "'s'", "\"s\"", "`q`", "0x1F", "1.5", ".5", "1e9", "-1",
    "MATCH", "OPTIONAL", "WHERE", "RETURN", "WITH", "UNWIND", "AS", "CREATE", "MERGE", "ON",
    "SET", "REMOVE", "DELETE", "DETACH", "UNION", "ALL", "ORDER BY", "SKIP", "LIMIT", "NOT",
    "AND", "OR", "XOR", "IN", "IS NULL", "STARTS WITH", "CASE", "WHEN", "THEN", "ELSE", "END",
    "EXISTS", "count(*)", "shortestPath", "reduce", "any", "DISTINCT", "null", "true",
    "人员", "`任职`", "'韩俊'", "（", "）", "：", "，", "“", "’", "!=", "/*", "//", "\\u", "'\\",
    "\u{3000}", "e\u{301}", "😀", "\u{0}", "\n",
  ]

  static let chinese: [Character] = Array("韩俊王清宪杨丙红合肥市庐阳区安徽省会议主持讲话记者")

  static func corpus() throws -> [String] {
    var texts: [String] = []
    for name in GrammarFiles.examples {
      texts.append(try GrammarFiles.text("examples", name))
    }
    var seen: Set<String> = []
    for query in TCK.queries where seen.insert(query.text).inserted {
      texts.append(query.text)
    }
    return texts
  }

  static func mutate(_ text: String, using rng: inout SplitMix64) -> String {
    var bytes = Array(text.utf8)
    let tokens = Lexer.tokenize(utf8: bytes).dropLast()
    func randomOffset() -> Int { bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &rng) }
    switch Int.random(in: 0..<9, using: &rng) {
    case 0:  // delete a token
      if let token = tokens.randomElement(using: &rng) {
        bytes.removeSubrange(token.span.utf8Start..<token.span.utf8End)
      }
    case 1:  // insert a fragment
      let fragment = fragments.randomElement(using: &rng) ?? "("
      bytes.insert(contentsOf: Array((" " + fragment + " ").utf8), at: randomOffset())
    case 2:  // swap two tokens
      if tokens.count >= 2, let a = tokens.randomElement(using: &rng),
        let b = tokens.randomElement(using: &rng), a.span.utf8End <= b.span.utf8Start
      {
        let first = Array(bytes[a.span.utf8Start..<a.span.utf8End])
        let second = Array(bytes[b.span.utf8Start..<b.span.utf8End])
        bytes.replaceSubrange(b.span.utf8Start..<b.span.utf8End, with: first)
        bytes.replaceSubrange(a.span.utf8Start..<a.span.utf8End, with: second)
      }
    case 3:  // delete bytes
      if !bytes.isEmpty {
        let start = Int.random(in: 0..<bytes.count, using: &rng)
        let end = min(bytes.count, start + Int.random(in: 1...4, using: &rng))
        bytes.removeSubrange(start..<end)
      }
    case 4:  // insert or overwrite a random byte
      let byte = UInt8.random(in: 0...255, using: &rng)
      let offset = randomOffset()
      if offset < bytes.count, Bool.random(using: &rng) {
        bytes[offset] = byte
      } else {
        bytes.insert(byte, at: offset)
      }
    case 5:  // random Chinese characters
      let word = String(
        (0..<Int.random(in: 1...4, using: &rng)).compactMap { _ in
          chinese.randomElement(using: &rng)
        })
      bytes.insert(contentsOf: Array(word.utf8), at: randomOffset())
    case 6:  // truncate
      bytes.removeSubrange(randomOffset()..<bytes.count)
    case 7:  // deep nesting
      let opener = ["(", "[", "NOT ", "-", "{a: ", "[x IN "].randomElement(using: &rng) ?? "("
      let depth = Int.random(in: 150...260, using: &rng)
      let prefix = "RETURN " + String(repeating: opener, count: depth)
      bytes = Array(prefix.utf8) + bytes
    default:  // replace a token with a fragment
      if let token = tokens.randomElement(using: &rng) {
        let fragment = fragments.randomElement(using: &rng) ?? ")"
        bytes.replaceSubrange(token.span.utf8Start..<token.span.utf8End, with: Array(fragment.utf8))
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  @Test func mutatedQueriesParseOrFailInsideTheText() throws {
    let corpus = try Self.corpus()
    try #require(!corpus.isEmpty)
    var rng = SplitMix64(seed: 0x6775_616E_7869)  // "guanxi"
    var parsed = 0
    var failed = 0
    for _ in 0..<4000 {
      var text = corpus.randomElement(using: &rng) ?? ""
      for _ in 0..<Int.random(in: 1...3, using: &rng) {
        text = Self.mutate(text, using: &rng)
      }
      do {
        let statement = try Parser.parseStatement(text)
        parsed += 1
        let printed = statement.description
        let reparsed = try? Parser.parseStatement(printed, checkingShape: false)
        #expect(reparsed == statement, "input:\n\(text)\nprinted:\n\(printed)")
      } catch {
        failed += 1
        let span = error.span ?? SourceSpan(at: -1)
        #expect(span.isInside(utf8Count: text.utf8.count), "\(error) for:\n\(text)")
        #expect(!Diagnostics.render(error, source: text).isEmpty)
      }
    }
    print("fuzz: \(parsed) parsed, \(failed) rejected")
    #expect(parsed > 100 && failed > 1000)
  }

  @Test func scriptsOfMutatedQueriesKeepSpansInside() throws {
    let corpus = try Self.corpus()
    var rng = SplitMix64(seed: 42)
    for _ in 0..<300 {
      let parts = (0..<Int.random(in: 1...4, using: &rng)).map { _ in
        Self.mutate(corpus.randomElement(using: &rng) ?? "", using: &rng)
      }
      let text = parts.joined(separator: ";\n")
      let count = text.utf8.count
      for statement in Parser.parseScript(text) {
        #expect(statement.span.isInside(utf8Count: count))
        if case .failure(let error) = statement.result {
          #expect(error.span.map { $0.isInside(utf8Count: count) } == true, "\(error)")
        }
      }
    }
  }
}
