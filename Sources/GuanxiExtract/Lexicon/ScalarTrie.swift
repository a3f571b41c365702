/// A trie over Unicode scalars for longest-match and all-matches lookups in scalar arrays.
///
/// Built once from a word list; lookups allocate nothing (except `allMatches`). The
/// root's transitions are a flat table, so a scan skips most positions with one array
/// read.
struct ScalarTrie<Payload: Sendable>: Sendable {
  /// Each node's children below the root as (scalar, node) pairs sorted by scalar: most
  /// nodes have one or two, where a linear scan beats hashing.
  private var children: [[(UInt32, Int32)]] = [[]]
  private var rootWide: [UInt32: Int32] = [:]
  private var payloads: [Payload?] = [nil]
  /// The root's children by BMP scalar value (-1: none), so the first step, where most
  /// lookups end, costs one array read instead of a hash.
  private var rootChildren = [Int32](repeating: -1, count: 0x10000)
  /// A Bloom-style bitmap of the first two scalars of the words, and whether some word
  /// has one scalar only: most positions fail the pair test without walking the trie.
  private var pairBits = [UInt64](repeating: 0, count: 1 << 14)
  private var hasSingleScalarWords = false

  init() {}

  init(_ words: [(String, Payload)]) {
    for (word, payload) in words { insert(word, payload) }
  }

  /// Adds `word`; a later insert of the same word replaces the payload.
  mutating func insert(_ word: String, _ payload: Payload) {
    let scalars = Array(word.unicodeScalars)
    if scalars.count >= 2 {
      let bit = ScalarTrie.pairHash(scalars[0], scalars[1])
      pairBits[bit >> 6] |= 1 << UInt64(bit & 63)
    } else {
      hasSingleScalarWords = true
    }
    var node = 0
    for scalar in word.unicodeScalars {
      if let next = child(node, scalar.value) {
        node = next
      } else {
        children.append([])
        payloads.append(nil)
        let created = Int32(children.count - 1)
        if node == 0 {
          if scalar.value < 0x10000 { rootChildren[Int(scalar.value)] = created } else { rootWide[scalar.value] = created }
        } else {
          children[node].append((scalar.value, created))
          children[node].sort { $0.0 < $1.0 }
        }
        node = Int(created)
      }
    }
    payloads[node] = payload
  }

  @inline(__always)
  private func child(_ node: Int, _ value: UInt32) -> Int? {
    if node == 0 {
      if value < 0x10000 {
        let next = rootChildren[Int(value)]
        return next < 0 ? nil : Int(next)
      }
      return rootWide[value].map(Int.init)
    }
    let list = children[node]
    if list.count <= 8 {
      for (scalar, next) in list where scalar == value { return Int(next) }
      return nil
    }
    var low = 0
    var high = list.count
    while low < high {
      let mid = (low + high) / 2
      if list[mid].0 < value { low = mid + 1 } else { high = mid }
    }
    return low < list.count && list[low].0 == value ? Int(list[low].1) : nil
  }

  @inline(__always)
  private static func pairHash(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Int {
    Int(truncatingIfNeeded: (a.value &* 0x9E37_79B1 ^ b.value &* 0x85EB_CA77) >> 12) & ((1 << 20) - 1)
  }

  /// Whether some word may begin at `start` (false positives possible, no false negatives).
  @inline(__always)
  func mayStart(in text: ArraySlice<Unicode.Scalar>, at start: Int) -> Bool {
    guard mayStart(text[start]) else { return false }
    if hasSingleScalarWords || start + 1 >= text.endIndex { return true }
    let bit = ScalarTrie.pairHash(text[start], text[start + 1])
    return pairBits[bit >> 6] & (1 << UInt64(bit & 63)) != 0
  }

  /// Whether some word begins with `scalar`.
  @inline(__always)
  func mayStart(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x10000 ? rootChildren[Int(scalar.value)] >= 0 : rootWide[scalar.value] != nil
  }

  /// The longest word starting at `start` (its end index and payload), or nil.
  func longestMatch(in text: ArraySlice<Unicode.Scalar>, at start: Int) -> (end: Int, payload: Payload)? {
    guard start < text.endIndex, mayStart(in: text, at: start) else { return nil }
    var node = 0
    var bestNode = -1
    var bestEnd = start
    var i = start
    while i < text.endIndex, let next = child(node, text[i].value) {
      node = next
      i += 1
      if payloads[node] != nil {
        bestNode = node
        bestEnd = i
      }
    }
    guard bestNode >= 0, let payload = payloads[bestNode] else { return nil }
    return (bestEnd, payload)
  }

  /// Every word starting at `start`, shortest first.
  func allMatches(in text: ArraySlice<Unicode.Scalar>, at start: Int) -> [(end: Int, payload: Payload)] {
    guard start < text.endIndex, mayStart(in: text, at: start) else { return [] }
    var node = 0
    var found: [(end: Int, payload: Payload)] = []
    var i = start
    while i < text.endIndex, let next = child(node, text[i].value) {
      node = next
      i += 1
      if let payload = payloads[node] { found.append((i, payload)) }
    }
    return found
  }

  /// The length of the longest word that, read backwards from `end - 1`, is in the trie.
  /// (A trie of reversed words answers "which word ends here?".)
  func longestReversedMatch(in text: ArraySlice<Unicode.Scalar>, endingBefore end: Int) -> Int {
    var node = 0
    var best = 0
    var i = end - 1
    while i >= text.startIndex, let next = child(node, text[i].value) {
      node = next
      if payloads[node] != nil { best = end - i }
      i -= 1
    }
    return best
  }

  /// Whether a word starts at `start`.
  func hasMatch(in text: ArraySlice<Unicode.Scalar>, at start: Int) -> Bool {
    guard start < text.endIndex, mayStart(in: text, at: start) else { return false }
    var node = 0
    var i = start
    while i < text.endIndex, let next = child(node, text[i].value) {
      node = next
      i += 1
      if payloads[node] != nil { return true }
    }
    return false
  }
}

/// A set of words matched as suffixes: does some word end at a position?
struct SuffixSet: Sendable {
  private var reversed: ScalarTrie<Bool>

  init(_ words: [String]) {
    reversed = ScalarTrie(words.map { (String(String.UnicodeScalarView($0.unicodeScalars.reversed())), true) })
  }

  /// The length of the longest word that ends just before `end` in `text`, or 0.
  func longestEnding(in text: ArraySlice<Unicode.Scalar>, before end: Int) -> Int {
    guard end > text.startIndex, reversed.mayStart(text[end - 1]) else { return 0 }
    return reversed.longestReversedMatch(in: text, endingBefore: end)
  }
}

extension Unicode.Scalar {
  /// A Han ideograph (CJK unified ideographs, extension A, compatibility ideographs, and
  /// the supplementary planes).
  @inline(__always)
  var isHan: Bool {
    let v = value
    return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v)
      || (0xF900...0xFAFF).contains(v) || (0x20000...0x3FFFF).contains(v) || v == 0x3007
  }

  @inline(__always)
  var isASCIIDigit: Bool { value >= 0x30 && value <= 0x39 }

  @inline(__always)
  var isASCIILetter: Bool { (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A }

  @inline(__always)
  var isSpaceLike: Bool { value == 0x20 || value == 0x09 || value == 0x3000 || value == 0xA0 }
}

extension Array where Element == Unicode.Scalar {
  /// The scalars of `range` as a String.
  func string(_ range: Range<Int>) -> String {
    var view = String.UnicodeScalarView()
    view.append(contentsOf: self[range])
    return String(view)
  }
}

extension ArraySlice where Element == Unicode.Scalar {
  /// Whether `word` occurs at `index`.
  func has(_ word: String, at index: Int) -> Bool {
    var i = index
    for scalar in word.unicodeScalars {
      guard i < endIndex, i >= startIndex, self[i] == scalar else { return false }
      i += 1
    }
    return true
  }

  /// Whether `word` ends just before `index`.
  func has(_ word: String, endingAt index: Int) -> Bool {
    let count = word.unicodeScalars.count
    return index - count >= startIndex && has(word, at: index - count)
  }

  /// The first index at or after `from` (below `to`) where `word` occurs.
  func find(_ word: String, from: Int, to: Int? = nil) -> Int? {
    let limit = to ?? endIndex
    guard let first = word.unicodeScalars.first else { return nil }
    var i = Swift.max(from, startIndex)
    while i < limit {
      if self[i] == first && has(word, at: i) { return i }
      i += 1
    }
    return nil
  }

  /// Whether `word` occurs anywhere.
  func contains(_ word: String) -> Bool { find(word, from: startIndex) != nil }
}

/// A set of scalars with a bitmap over the Basic Multilingual Plane, so `contains` is one
/// array read instead of a hash (the rules ask it for nearly every scalar).
struct ScalarSet: Sendable, ExpressibleByArrayLiteral {
  private var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
  private var wide: Set<UInt32> = []

  init<S: Sequence>(_ scalars: S) where S.Element == Unicode.Scalar {
    for scalar in scalars { insert(scalar) }
  }

  init(arrayLiteral elements: Unicode.Scalar...) { self.init(elements) }

  mutating func insert(_ scalar: Unicode.Scalar) {
    let v = scalar.value
    if v < 0x10000 { bits[Int(v >> 6)] |= 1 << UInt64(v & 63) } else { wide.insert(v) }
  }

  @inline(__always)
  func contains(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    if v < 0x10000 { return bits[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0 }
    return wide.contains(v)
  }
}
