/// A trie over Unicode scalars for longest-match and all-matches lookups in scalar arrays.
///
/// Built once from a word list; lookups allocate nothing (except `allMatches`). The
/// edges are stored flat (one array for all nodes, no array per node), so a lookup step
/// reads plain integers and retains nothing. The root's transitions are a flat table
/// by scalar value, so a scan skips most positions with one array read; a `compact` trie
/// (built per document from a few dozen words) keeps them in a small hash map behind a
/// 1024-bit filter instead, since clearing the 256 KB table would cost more than it saves.
/// A class, so that reading a static trie retains one object and not each of its arrays.
final class ScalarTrie<Payload: Sendable>: Sendable {
  /// Node `n`'s children below the root are `edgeScalars[edgeStart[n]..<edgeStart[n + 1]]`
  /// (sorted by scalar) leading to the nodes in `edgeTargets` at the same offsets.
  private let edgeStart: [Int32]
  private let edgeScalars: [UInt32]
  private let edgeTargets: [Int32]
  /// Whether a word ends at a node, and its payload.
  private let isWordEnd: [Bool]
  private let payloads: [Payload?]
  /// The root's children by BMP scalar value (-1: none); empty in a compact trie.
  private let rootChildren: [Int32]
  /// A bit per BMP scalar that starts a word: `mayStart` reads these 8 KB, which stay in
  /// cache, rather than the 256 KB of `rootChildren`; empty in a compact trie.
  private let rootBits: [UInt64]
  /// The root's children not in `rootChildren`: beyond the BMP, or all of them when compact.
  private let rootOthers: [UInt32: Int32]
  /// Compact tries: a bitmap over `value & 1023` of the root's scalars.
  private let rootFilter: [UInt64]
  private let isCompact: Bool
  /// A Bloom-style bitmap of the first two scalars of the words (`pairMask + 1` bits), and
  /// whether some word has one scalar only: most positions fail the pair test without
  /// walking the trie.
  private let pairBits: [UInt64]
  private let pairMask: Int
  private let hasSingleScalarWords: Bool

  /// A trie of `words`; a word listed twice keeps its last payload. `compact`: for tries
  /// built per document (see the type's documentation).
  init(_ words: [(String, Payload)], compact: Bool = false) {
    // Build with a list of children per node, then flatten.
    var children: [[(UInt32, Int32)]] = [[]]
    var payloads: [Payload?] = [nil]
    var isWordEnd = [false]
    var rootChildren = compact ? [] : [Int32](repeating: -1, count: 0x10000)
    var rootBits = [UInt64](repeating: 0, count: compact ? 0 : 0x10000 / 64)
    var rootOthers: [UInt32: Int32] = [:]
    var rootFilter = [UInt64](repeating: 0, count: compact ? 16 : 0)
    // About 16 bits per word (a false positive rate near 6%), at most 32 KB: a bigger
    // filter would miss the cache more often than it saves trie walks.
    var pairBitCount = 1 << 12
    while pairBitCount < words.count * 16 && pairBitCount < 1 << 18 { pairBitCount <<= 1 }
    let pairMask = pairBitCount - 1
    var pairBits = [UInt64](repeating: 0, count: (pairMask + 1) / 64)
    var hasSingleScalarWords = false
    for (word, payload) in words {
      let scalars = Array(word.unicodeScalars)
      if scalars.count >= 2 {
        let bit = ScalarTrie.pairHash(scalars[0], scalars[1]) & pairMask
        pairBits[bit >> 6] |= 1 << UInt64(bit & 63)
      } else {
        hasSingleScalarWords = true
      }
      var node = 0
      for scalar in scalars {
        let value = scalar.value
        var next: Int32 = -1
        if node == 0 {
          if !compact && value < 0x10000 {
            next = rootChildren[Int(value)]
          } else {
            next = rootOthers[value] ?? -1
          }
        } else {
          next = children[node].first { $0.0 == value }?.1 ?? -1
        }
        if next < 0 {
          children.append([])
          payloads.append(nil)
          isWordEnd.append(false)
          next = Int32(children.count - 1)
          if node == 0 {
            if !compact && value < 0x10000 {
              rootChildren[Int(value)] = next
              rootBits[Int(value >> 6)] |= 1 << UInt64(value & 63)
            } else {
              rootOthers[value] = next
            }
            if compact { rootFilter[Int(value & 1023) >> 6] |= 1 << UInt64(value & 63) }
          } else {
            children[node].append((value, next))
            children[node].sort { $0.0 < $1.0 }
          }
        }
        node = Int(next)
      }
      payloads[node] = payload
      isWordEnd[node] = true
    }
    var edgeStart: [Int32] = []
    var edgeScalars: [UInt32] = []
    var edgeTargets: [Int32] = []
    edgeStart.reserveCapacity(children.count + 1)
    for list in children {
      edgeStart.append(Int32(edgeScalars.count))
      for (scalar, target) in list {
        edgeScalars.append(scalar)
        edgeTargets.append(target)
      }
    }
    edgeStart.append(Int32(edgeScalars.count))
    self.edgeStart = edgeStart
    self.edgeScalars = edgeScalars
    self.edgeTargets = edgeTargets
    self.isWordEnd = isWordEnd
    self.payloads = payloads
    self.rootChildren = rootChildren
    self.rootBits = rootBits
    self.rootOthers = rootOthers
    self.rootFilter = rootFilter
    self.isCompact = compact
    self.pairBits = pairBits
    self.pairMask = pairMask
    self.hasSingleScalarWords = hasSingleScalarWords
  }

  @inline(__always)
  private func child(_ node: Int, _ value: UInt32) -> Int? {
    if node == 0 {
      if !isCompact && value < 0x10000 {
        let next = rootChildren[Int(value)]
        return next < 0 ? nil : Int(next)
      }
      return rootOthers[value].map(Int.init)
    }
    var low = Int(edgeStart[node])
    var high = Int(edgeStart[node + 1])
    if high - low <= 8 {
      while low < high {
        if edgeScalars[low] == value { return Int(edgeTargets[low]) }
        low += 1
      }
      return nil
    }
    let end = high
    while low < high {
      let mid = (low + high) / 2
      if edgeScalars[mid] < value { low = mid + 1 } else { high = mid }
    }
    return low < end && edgeScalars[low] == value ? Int(edgeTargets[low]) : nil
  }

  @inline(__always)
  private static func pairHash(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Int {
    Int(truncatingIfNeeded: (a.value &* 0x9E37_79B1 ^ b.value &* 0x85EB_CA77) >> 12)
  }

  /// Whether some word may begin at `start` (false positives possible, no false negatives).
  @inline(__always)
  func mayStart(in text: ArraySlice<Unicode.Scalar>, at start: Int) -> Bool {
    guard mayStart(text[start]) else { return false }
    if hasSingleScalarWords || start + 1 >= text.endIndex { return true }
    let bit = ScalarTrie.pairHash(text[start], text[start + 1]) & pairMask
    return pairBits[bit >> 6] & (1 << UInt64(bit & 63)) != 0
  }

  /// Whether some word begins with `scalar`.
  @inline(__always)
  func mayStart(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    if isCompact {
      return rootFilter[Int(v & 1023) >> 6] & (1 << UInt64(v & 63)) != 0 && rootOthers[v] != nil
    }
    if v < 0x10000 { return rootBits[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0 }
    return !rootOthers.isEmpty && rootOthers[v] != nil
  }

  /// The longest word starting at `start` (its end index and payload), or nil.
  func longestMatch(in text: ArraySlice<Unicode.Scalar>, at start: Int) -> (
    end: Int, payload: Payload
  )? {
    guard start < text.endIndex, mayStart(in: text, at: start) else { return nil }
    var node = 0
    var bestNode = -1
    var bestEnd = start
    var i = start
    while i < text.endIndex, let next = child(node, text[i].value) {
      node = next
      i += 1
      if isWordEnd[node] {
        bestNode = node
        bestEnd = i
      }
    }
    guard bestNode >= 0, let payload = payloads[bestNode] else { return nil }
    return (bestEnd, payload)
  }

  /// Every word starting at `start`, shortest first.
  func allMatches(in text: ArraySlice<Unicode.Scalar>, at start: Int) -> [(
    end: Int, payload: Payload
  )] {
    guard start < text.endIndex, mayStart(in: text, at: start) else { return [] }
    var node = 0
    var found: [(end: Int, payload: Payload)] = []
    var i = start
    while i < text.endIndex, let next = child(node, text[i].value) {
      node = next
      i += 1
      if isWordEnd[node], let payload = payloads[node] { found.append((i, payload)) }
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
      if isWordEnd[node] { best = end - i }
      i -= 1
    }
    return best
  }

  /// Whether `text` is, scalar for scalar, one of the words.
  func isWord(_ text: ArraySlice<Unicode.Scalar>) -> Bool {
    var node = 0
    for scalar in text {
      guard let next = child(node, scalar.value) else { return false }
      node = next
    }
    return node != 0 && isWordEnd[node]
  }

  /// Whether a word starts at `start`.
  func hasMatch(in text: ArraySlice<Unicode.Scalar>, at start: Int) -> Bool {
    guard start < text.endIndex, mayStart(in: text, at: start) else { return false }
    var node = 0
    var i = start
    while i < text.endIndex, let next = child(node, text[i].value) {
      node = next
      i += 1
      if isWordEnd[node] { return true }
    }
    return false
  }
}

/// A set of words matched as suffixes: does some word end at a position?
struct SuffixSet: Sendable {
  private var reversed: ScalarTrie<Bool>

  init(_ words: [String]) {
    reversed = ScalarTrie(words.map { (String(scalars: $0.unicodeScalars.reversed()), true) })
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

extension String {
  /// The string of `scalars`, encoded straight into UTF-8 storage (appending to a
  /// `String.UnicodeScalarView` costs several times more per scalar).
  init<C: Collection>(scalars: C) where C.Element == Unicode.Scalar {
    var byteCount = 0
    for scalar in scalars { byteCount += UTF8.width(scalar) }
    self.init(unsafeUninitializedCapacity: byteCount) { buffer in
      var n = 0
      for scalar in scalars {
        let v = scalar.value
        switch v {
        case ..<0x80:
          buffer[n] = UInt8(v)
          n += 1
        case ..<0x800:
          buffer[n] = UInt8(0xC0 | v >> 6)
          buffer[n + 1] = UInt8(0x80 | v & 0x3F)
          n += 2
        case ..<0x1_0000:
          buffer[n] = UInt8(0xE0 | v >> 12)
          buffer[n + 1] = UInt8(0x80 | v >> 6 & 0x3F)
          buffer[n + 2] = UInt8(0x80 | v & 0x3F)
          n += 3
        default:
          buffer[n] = UInt8(0xF0 | v >> 18)
          buffer[n + 1] = UInt8(0x80 | v >> 12 & 0x3F)
          buffer[n + 2] = UInt8(0x80 | v >> 6 & 0x3F)
          buffer[n + 3] = UInt8(0x80 | v & 0x3F)
          n += 4
        }
      }
      return n
    }
  }
}

extension Array where Element == Unicode.Scalar {
  /// The scalars of `range` as a String.
  func string(_ range: Range<Int>) -> String { String(scalars: self[range]) }
}

/// Reads UTF-8 scalar by scalar from a buffer of well-formed UTF-8 (a Swift string's).
@inline(__always)
private func nextScalarValue(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt32 {
  let b0 = UInt32(bytes[i])
  if b0 < 0x80 {
    i += 1
    return b0
  }
  if b0 < 0xE0 {
    defer { i += 2 }
    return (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
  }
  if b0 < 0xF0 {
    defer { i += 3 }
    return (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
  }
  defer { i += 4 }
  return (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
    | UInt32(bytes[i + 3] & 0x3F)
}

extension ArraySlice where Element == Unicode.Scalar {
  /// Whether `word` occurs at `index`. (Reads the word's UTF-8 directly: iterating a
  /// String's `unicodeScalars` costs more than the comparison.)
  func has(_ word: String, at index: Int) -> Bool {
    let fast = word.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
      var i = index
      var b = 0
      while b < bytes.count {
        guard i < endIndex, i >= startIndex, self[i].value == nextScalarValue(bytes, &b) else {
          return false
        }
        i += 1
      }
      return true
    }
    if let fast { return fast }
    var i = index
    for scalar in word.unicodeScalars {
      guard i < endIndex, i >= startIndex, self[i] == scalar else { return false }
      i += 1
    }
    return true
  }

  /// Whether the slice is `word`, scalar for scalar.
  func isEqual(to word: String) -> Bool {
    var count = 0
    for byte in word.utf8 where byte & 0xC0 != 0x80 { count += 1 }
    return count == self.count && has(word, at: startIndex)
  }

  /// Whether `word` ends just before `index`.
  func has(_ word: String, endingAt index: Int) -> Bool {
    // The scalar count is the count of bytes that do not continue a sequence.
    var count = 0
    for byte in word.utf8 where byte & 0xC0 != 0x80 { count += 1 }
    return index - count >= startIndex && has(word, at: index - count)
  }

  /// The first index at or after `from` (below `to`) where `word` occurs.
  func find(_ word: String, from: Int, to: Int? = nil) -> Int? {
    let limit = to ?? endIndex
    let first =
      word.utf8.withContiguousStorageIfAvailable { bytes -> UInt32? in
        var b = 0
        return bytes.isEmpty ? nil : nextScalarValue(bytes, &b)
      } ?? word.unicodeScalars.first?.value
    guard let first else { return nil }
    var i = Swift.max(from, startIndex)
    while i < limit {
      if self[i].value == first && has(word, at: i) { return i }
      i += 1
    }
    return nil
  }

  /// Whether `word` occurs anywhere.
  func contains(_ word: String) -> Bool { find(word, from: startIndex) != nil }

  /// Whether some word of `words` occurs: one pass over the slice rather than one per word.
  func containsAny(_ words: ScalarTrie<Bool>) -> Bool {
    var i = startIndex
    while i < endIndex {
      if words.mayStart(self[i]) && words.hasMatch(in: self, at: i) { return true }
      i += 1
    }
    return false
  }
}

/// A set of scalars with a bitmap over the Basic Multilingual Plane, so `contains` is one
/// array read instead of a hash (the rules ask it for nearly every scalar). A class, so
/// that reading a static set retains one object and not each of its buffers.
final class ScalarSet: Sendable, ExpressibleByArrayLiteral {
  private let bits: [UInt64]
  private let wide: Set<UInt32>

  init<S: Sequence>(_ scalars: S) where S.Element == Unicode.Scalar {
    var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
    var wide: Set<UInt32> = []
    for scalar in scalars {
      let v = scalar.value
      if v < 0x10000 { bits[Int(v >> 6)] |= 1 << UInt64(v & 63) } else { wide.insert(v) }
    }
    self.bits = bits
    self.wide = wide
  }

  convenience init(arrayLiteral elements: Unicode.Scalar...) { self.init(elements) }

  @inline(__always)
  func contains(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    if v < 0x10000 { return bits[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0 }
    return !wide.isEmpty && wide.contains(v)
  }
}
