import GuanxiQuery

/// The text being edited, as grapheme clusters, with a cursor and a kill ring.
///
/// Working in `Character`s means the cursor can never stop inside a Chinese character, a
/// combining sequence or an emoji, and one Backspace removes what the user sees as one
/// character. The text may hold newlines (a pasted or recalled multi-line statement);
/// Home, End, Ctrl-K and Ctrl-U act on the line the cursor is in.
///
/// ```swift
/// var buffer = EditBuffer("MATCH (p {name: '韩'})")
/// buffer.cursor = 18          // after 韩
/// buffer.insert("俊")         // MATCH (p {name: '韩俊'})
/// buffer.deleteBackward()     // MATCH (p {name: '韩'})
/// ```
public struct EditBuffer: Equatable, Sendable {
  public private(set) var characters: [Character]
  /// Index into `characters`: 0 is before the first, `characters.count` after the last.
  public var cursor: Int {
    didSet { cursor = min(max(cursor, 0), characters.count) }
  }
  /// Killed text, the most recent last; Ctrl-Y inserts the last.
  public private(set) var killRing: [String] = []
  /// Whether the last edit was a kill, so that a run of kills collects into one entry.
  var lastEditWasKill = false

  static let killRingLimit = 16

  public init(_ text: String = "") {
    characters = Array(text)
    cursor = characters.count
  }

  public var text: String { String(characters) }
  public var isEmpty: Bool { characters.isEmpty }

  /// Replaces the whole text and puts the cursor at its end.
  public mutating func replace(with text: String) {
    characters = Array(text)
    cursor = characters.count
    lastEditWasKill = false
  }

  /// Inserts text at the cursor and moves the cursor past it.
  ///
  /// Characters are rebuilt around the insertion point, so a combining mark typed after
  /// 'e' joins it (é) instead of standing alone.
  public mutating func insert(_ text: String) {
    lastEditWasKill = false
    guard !text.isEmpty else { return }
    let before = String(characters[..<cursor]) + text
    let after = String(characters[cursor...])
    let beforeCharacters = Array(before)
    characters = Array(before + after)
    cursor = min(beforeCharacters.count, characters.count)
  }

  // MARK: Moving

  public mutating func moveLeft() { cursor -= 1 }
  public mutating func moveRight() { cursor += 1 }

  /// The index where the cursor's line starts.
  var lineStart: Int {
    var index = cursor
    while index > 0 && characters[index - 1] != "\n" { index -= 1 }
    return index
  }

  /// The index where the cursor's line ends (at its newline or the end of the text).
  var lineEnd: Int {
    var index = cursor
    while index < characters.count && characters[index] != "\n" { index += 1 }
    return index
  }

  public mutating func moveToLineStart() { cursor = lineStart }
  public mutating func moveToLineEnd() { cursor = lineEnd }

  /// Which line the cursor is on, counting from 0, and how many lines there are.
  public var cursorLine: (index: Int, count: Int) {
    let index = characters[..<cursor].count { $0 == "\n" }
    return (index, characters.count { $0 == "\n" } + 1)
  }

  /// Moves to the line above (by -1) or below (by 1), keeping the display column where
  /// it can; false when there is no such line.
  public mutating func moveLine(by delta: Int) -> Bool {
    let (line, count) = cursorLine
    guard line + delta >= 0, line + delta < count else { return false }
    let column = DisplayWidth.of(String(characters[lineStart..<cursor]))
    var index = delta < 0 ? lineStart - 1 : lineEnd + 1
    cursor = index
    index = lineStart
    var used = 0
    while index < characters.count && characters[index] != "\n" {
      let width = DisplayWidth.of(characters[index])
      if used + width > column { break }
      used += width
      index += 1
    }
    cursor = index
    return true
  }

  enum CharacterClass { case space, punctuation, word, ideograph }

  static func characterClass(_ character: Character) -> CharacterClass {
    if character.isWhitespace { return .space }
    if DisplayWidth.of(character) == 2 && character.isLetter { return .ideograph }
    if character.isLetter || character.isNumber || character == "_" { return .word }
    return .punctuation
  }

  /// Where the word before the cursor starts: skip spaces and punctuation, then one run
  /// of letters, digits and '_', or of Chinese characters.
  var previousWordStart: Int {
    var index = cursor
    while index > 0, [.space, .punctuation].contains(Self.characterClass(characters[index - 1])) {
      index -= 1
    }
    guard index > 0 else { return 0 }
    let kind = Self.characterClass(characters[index - 1])
    while index > 0 && Self.characterClass(characters[index - 1]) == kind { index -= 1 }
    return index
  }

  /// Where the word after the cursor ends.
  var nextWordEnd: Int {
    var index = cursor
    while index < characters.count,
      [.space, .punctuation].contains(Self.characterClass(characters[index]))
    {
      index += 1
    }
    guard index < characters.count else { return index }
    let kind = Self.characterClass(characters[index])
    while index < characters.count && Self.characterClass(characters[index]) == kind {
      index += 1
    }
    return index
  }

  public mutating func moveWordLeft() { cursor = previousWordStart }
  public mutating func moveWordRight() { cursor = nextWordEnd }

  // MARK: Deleting

  public mutating func deleteBackward() {
    lastEditWasKill = false
    guard cursor > 0 else { return }
    characters.remove(at: cursor - 1)
    cursor -= 1
  }

  public mutating func deleteForward() {
    lastEditWasKill = false
    guard cursor < characters.count else { return }
    characters.remove(at: cursor)
  }

  /// Removes `range` into the kill ring; consecutive kills join into one entry.
  mutating func kill(_ range: Range<Int>) {
    guard !range.isEmpty else { return }
    let isBackward = range.upperBound == cursor && range.lowerBound < cursor
    let killed = String(characters[range])
    characters.removeSubrange(range)
    cursor = range.lowerBound
    if lastEditWasKill, let last = killRing.popLast() {
      // Killing backwards puts the new text before the old, forwards after.
      killRing.append(isBackward ? killed + last : last + killed)
    } else {
      killRing.append(killed)
      if killRing.count > Self.killRingLimit { killRing.removeFirst() }
    }
    lastEditWasKill = true
  }

  /// Ctrl-K: to the end of the line, or the newline itself when already there.
  public mutating func killToLineEnd() {
    let end = lineEnd
    kill(cursor..<(end == cursor && end < characters.count ? end + 1 : end))
  }

  /// Ctrl-U: to the start of the line.
  public mutating func killToLineStart() { kill(lineStart..<cursor) }

  public mutating func killWordBackward() { kill(previousWordStart..<cursor) }
  public mutating func killWordForward() { kill(cursor..<nextWordEnd) }

  /// Ctrl-Y: inserts the most recently killed text.
  public mutating func yank() {
    guard let last = killRing.last else { return }
    insert(last)
  }

  /// Ctrl-T: swaps the characters before and at the cursor (the last two at the end).
  public mutating func transpose() {
    lastEditWasKill = false
    guard characters.count >= 2, cursor > 0 else { return }
    let right = cursor == characters.count ? cursor - 1 : cursor
    characters.swapAt(right - 1, right)
    cursor = right + 1
  }
}
