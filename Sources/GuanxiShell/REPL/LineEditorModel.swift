/// What the terminal driver should do after a key event.
public enum EditorAction: Equatable, Sendable {
  /// Nothing visible changed.
  case none
  /// Redraw the edit area.
  case redraw
  /// The statement is complete: here is the text to run.
  case submit(String)
  /// Ctrl-C: the input was abandoned.
  case interrupt
  /// Ctrl-D on an empty line.
  case endOfInput
  /// Tab: ask the completer, then call `applyCompletion`.
  case complete
  /// Ctrl-L: clear the screen and redraw.
  case clearScreen
  /// Nothing to do for that key (ring the bell, if anything).
  case bell
}

/// What a completer proposes for the word before the cursor.
public struct Completion: Equatable, Sendable {
  /// Where the word being completed starts, in characters from the start of the text.
  public var characterOffset: Int
  /// Whole replacements for that word, best first.
  public var candidates: [String]

  public init(characterOffset: Int, candidates: [String]) {
    self.characterOffset = characterOffset
    self.candidates = candidates
  }
}

/// The line editor without a terminal: an edit buffer, history browsing, incremental
/// reverse search and completion, driven by `KeyEvent`s.
///
/// It never reads or writes a terminal, so every key's effect is unit-tested; the
/// `LineEditor` feeds it decoded keys and draws `display`.
///
/// Enter submits when `isComplete` accepts the text (a statement ending in ';', a ':'
/// command, a blank line after input) and otherwise starts a new line in the same
/// buffer, so a multi-line statement stays one editable text and one history entry.
///
/// ```swift
/// var model = LineEditorModel(history: ["MATCH (n) RETURN n;"], isComplete: { $0.hasSuffix(";") })
/// model.handle(.up)     // .redraw; the text is now the history entry
/// model.handle(.enter)  // .submit("MATCH (n) RETURN n;")
/// ```
public struct LineEditorModel {
  /// An incremental reverse search in progress (Ctrl-R).
  public struct Search: Equatable, Sendable {
    public var query = ""
    /// The history index of the current match, or nil when nothing matches.
    public var matchIndex: Int?
    /// The text to go back to when the search is abandoned.
    var original: EditBuffer
  }

  public var buffer = EditBuffer()
  public private(set) var search: Search?
  let history: [String]
  /// Which history entry is shown: `history.count` means the user's own text.
  var historyIndex: Int
  /// The user's own text, kept while browsing history.
  var draft: String?
  var isComplete: (String) -> Bool

  public init(history: [String], isComplete: @escaping (String) -> Bool) {
    self.history = history
    self.historyIndex = history.count
    self.isComplete = isComplete
  }

  /// The prompt to draw instead of the usual one (during a search), the text and where
  /// the cursor is in it.
  public var display: (promptOverride: String?, text: [Character], cursor: Int) {
    guard let search else { return (nil, buffer.characters, buffer.cursor) }
    let label =
      search.matchIndex == nil && !search.query.isEmpty
      ? "failed reverse-i-search" : "reverse-i-search"
    let prompt = "(\(label))'\(search.query)': "
    guard let index = search.matchIndex else { return (prompt, buffer.characters, buffer.cursor) }
    let match = Array(history[index])
    let position = Self.firstMatch(of: search.query, in: history[index]) ?? match.count
    return (prompt, match, position)
  }

  /// Applies one key and says what to do next.
  public mutating func handle(_ event: KeyEvent) -> EditorAction {
    if search != nil { return handleSearch(event) }
    switch event {
    case .insert(let text), .paste(let text):
      buffer.insert(Self.printable(text))
    case .newline: buffer.insert("\n")
    case .enter:
      let text = buffer.text
      if isComplete(text) { return .submit(text) }
      buffer.insert("\n")
    case .left: buffer.moveLeft()
    case .right: buffer.moveRight()
    case .home: buffer.moveToLineStart()
    case .end: buffer.moveToLineEnd()
    case .wordLeft: buffer.moveWordLeft()
    case .wordRight: buffer.moveWordRight()
    case .up:
      if !buffer.moveLine(by: -1) { return showHistory(historyIndex - 1) }
    case .down:
      if !buffer.moveLine(by: 1) { return showHistory(historyIndex + 1) }
    case .backspace: buffer.deleteBackward()
    case .delete: buffer.deleteForward()
    case .killToEnd: buffer.killToLineEnd()
    case .killToStart: buffer.killToLineStart()
    case .killWordBackward: buffer.killWordBackward()
    case .killWordForward: buffer.killWordForward()
    case .yank: buffer.yank()
    case .transpose: buffer.transpose()
    case .clearScreen: return .clearScreen
    case .reverseSearch:
      search = Search(matchIndex: nil, original: buffer)
    case .tab: return .complete
    case .interrupt: return .interrupt
    case .endOfInput:
      if buffer.isEmpty { return .endOfInput }
      buffer.deleteForward()
    case .escape, .cancel: return .none
    }
    return .redraw
  }

  /// Shows history entry `index` (or the draft at `history.count`).
  ///
  /// Going back puts the cursor at the end of the entry's first line, going forward at
  /// the end of its last, so that repeated Up and Down walk through multi-line entries
  /// without stopping inside them.
  mutating func showHistory(_ index: Int) -> EditorAction {
    guard index >= 0, index <= history.count, index != historyIndex else { return .bell }
    if historyIndex == history.count { draft = buffer.text }
    let goingBack = index < historyIndex
    historyIndex = index
    buffer.replace(with: index == history.count ? draft ?? "" : history[index])
    if goingBack {
      buffer.cursor = 0
      buffer.moveToLineEnd()
    }
    return .redraw
  }

  mutating func handleSearch(_ event: KeyEvent) -> EditorAction {
    guard var current = search else { return .none }
    switch event {
    case .insert(let text), .paste(let text):
      current.query += text
      current.matchIndex = Self.search(
        history, for: current.query, from: current.matchIndex ?? history.count - 1)
    case .reverseSearch:
      let start = (current.matchIndex ?? history.count) - 1
      if !current.query.isEmpty, let found = Self.search(history, for: current.query, from: start) {
        current.matchIndex = found
      } else if !current.query.isEmpty {
        return .bell
      }
    case .backspace:
      guard !current.query.isEmpty else { return .bell }
      current.query.removeLast()
      current.matchIndex =
        current.query.isEmpty
        ? nil : Self.search(history, for: current.query, from: history.count - 1)
    case .interrupt, .cancel, .escape:
      buffer = current.original
      search = nil
      return .redraw
    default:
      // Any other key takes the match into the buffer and then does its usual job.
      accept(current)
      return handle(event)
    }
    search = current
    return .redraw
  }

  /// Ends the search, leaving its match (if any) as the text, cursor where it matched.
  mutating func accept(_ search: Search) {
    self.search = nil
    guard let index = search.matchIndex else { return }
    buffer.replace(with: history[index])
    historyIndex = index
    buffer.cursor = Self.firstMatch(of: search.query, in: history[index]) ?? buffer.characters.count
  }

  /// The newest entry at or before `start` that contains `query`.
  static func search(_ history: [String], for query: String, from start: Int) -> Int? {
    guard !query.isEmpty, start >= 0 else { return nil }
    return stride(from: min(start, history.count - 1), through: 0, by: -1).first {
      history[$0].contains(query)
    }
  }

  /// The character offset of the first occurrence of `query` in `text`.
  static func firstMatch(of query: String, in text: String) -> Int? {
    guard let range = text.firstRange(of: query) else { return nil }
    return text.distance(from: text.startIndex, to: range.lowerBound)
  }

  /// Typed or pasted text without control characters other than newline.
  static func printable(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" }) else {
      return text
    }
    return String(
      String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\n" }))
  }

  /// What a completion did.
  public enum CompletionOutcome: Equatable, Sendable {
    /// The word was extended (or replaced).
    case inserted
    /// No candidate can be chosen yet: show these.
    case list([String])
    /// Nothing completes the word.
    case none
  }

  /// Applies a completer's proposal to the word before the cursor.
  ///
  /// One candidate replaces the word. Several extend it to their longest common prefix
  /// when that is longer than the word, and are listed otherwise.
  public mutating func applyCompletion(_ completion: Completion) -> CompletionOutcome {
    let start = min(max(0, completion.characterOffset), buffer.cursor)
    let word = String(buffer.characters[start..<buffer.cursor])
    let candidates = completion.candidates
    guard let first = candidates.first else { return .none }
    if candidates.count == 1 {
      replaceWord(from: start, with: first)
      return .inserted
    }
    var prefix = Array(first)
    for candidate in candidates.dropFirst() {
      let characters = Array(candidate)
      var length = 0
      while length < prefix.count && length < characters.count
        && prefix[length] == characters[length]
      {
        length += 1
      }
      prefix.removeSubrange(length...)
    }
    if prefix.count > word.count {
      replaceWord(from: start, with: String(prefix))
      return .inserted
    }
    return .list(candidates)
  }

  mutating func replaceWord(from start: Int, with replacement: String) {
    let before = String(buffer.characters[..<start])
    let after = String(buffer.characters[buffer.cursor...])
    buffer.replace(with: before + replacement + after)
    buffer.cursor = Array(before + replacement).count
  }
}
