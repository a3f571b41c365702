import GuanxiQuery

/// The interactive line editor: reads keys from a raw-mode terminal, edits with a
/// `LineEditorModel`, and redraws the prompt and text after each burst of input.
///
/// Each redraw goes back to the first row of the edit area, clears to the end of the
/// screen and writes the rows `ScreenLayout` computed, then puts the cursor on its cell,
/// all in one write. The escape sequences used are few (CR, LF, `CSI n A`, `CSI n C`,
/// `CSI J`, `CSI H`, `CSI 2J`), so any VT100-compatible terminal draws it right.
///
/// ```swift
/// if let terminal = Terminal() {
///   let editor = LineEditor(terminal: terminal, history: History.standard())
///   let input = editor.readInput(prompt: "guanxi> ", continuationPrompt: "   ...> ",
///                                isComplete: { $0.hasSuffix(";") })
/// }
/// ```
public final class LineEditor: LineSource {
  public let terminal: Terminal
  public let history: History
  /// Proposes completions for (text, cursor as a character offset).
  public var completer: ((String, Int) -> Completion)?
  var decoder = KeyDecoder()
  /// Keys that arrived after a submit in the same read (a paste without bracketed
  /// paste), kept for the next statement.
  var pendingEvents: [KeyEvent] = []
  /// The row of the edit area the cursor was left on, counted from its first row.
  var previousCursorRow = 0
  /// The most candidates a Tab lists.
  static let listLimit = 120

  public init(terminal: Terminal, history: History, completer: ((String, Int) -> Completion)? = nil)
  {
    self.terminal = terminal
    self.history = history
    self.completer = completer
  }

  public func remember(_ entry: String) { history.add(entry) }

  public func readInput(
    prompt: String, continuationPrompt: String, isComplete: @escaping (String) -> Bool
  ) -> LineInput {
    terminal.enterRawMode()
    // Not back to the original settings: keys typed while the statement runs stay unechoed
    // in the input queue for the next call. The session's end restores the terminal.
    defer { terminal.enterWaitingMode() }
    var model = LineEditorModel(history: history.entries, isComplete: isComplete)
    previousCursorRow = 0
    let draw = { (model: LineEditorModel, cursorAtEnd: Bool) in
      self.render(
        model, prompt: prompt, continuationPrompt: continuationPrompt, cursorAtEnd: cursorAtEnd)
    }
    draw(model, false)
    while true {
      var events = pendingEvents
      pendingEvents = []
      if events.isEmpty {
        switch terminal.read(timeoutMilliseconds: decoder.hasPendingEscape ? 50 : -1) {
        case .bytes(let bytes): events = decoder.feed(bytes)
        case .timeout: events = decoder.flushPendingEscape()
        case .endOfFile:
          draw(model, true)
          terminal.write("\r\n")
          return .end
        }
      }
      var needsRedraw = false
      for (index, event) in events.enumerated() {
        switch model.handle(event) {
        case .none, .bell: break
        case .redraw: needsRedraw = true
        case .submit(let text):
          pendingEvents = Array(events[(index + 1)...])
          draw(model, true)
          terminal.write("\r\n")
          return .text(text)
        case .interrupt:
          draw(model, true)
          terminal.write("^C\r\n")
          return .interrupt
        case .endOfInput:
          terminal.write("\r\n")
          return .end
        case .clearScreen:
          terminal.write("\u{1B}[H\u{1B}[2J")
          previousCursorRow = 0
          needsRedraw = true
        case .complete:
          guard let completer else { break }
          let completion = completer(model.buffer.text, model.buffer.cursor)
          switch model.applyCompletion(completion) {
          case .inserted: needsRedraw = true
          case .none: break
          case .list(let candidates):
            draw(model, true)
            terminal.write("\r\n" + Self.columns(candidates, width: terminal.width))
            previousCursorRow = 0
            needsRedraw = true
          }
        }
      }
      if needsRedraw { draw(model, false) }
    }
  }

  func render(
    _ model: LineEditorModel, prompt: String, continuationPrompt: String, cursorAtEnd: Bool
  ) {
    let display = model.display
    let layout = ScreenLayout(
      prompt: display.promptOverride ?? prompt, continuationPrompt: continuationPrompt,
      text: display.text, cursor: cursorAtEnd ? display.text.count : display.cursor,
      width: terminal.width)
    var out = ""
    if previousCursorRow > 0 { out += "\u{1B}[\(previousCursorRow)A" }
    out += "\r\u{1B}[J"
    out += layout.rows.joined(separator: "\r\n")
    let up = layout.endRow - layout.cursorRow
    if up > 0 { out += "\u{1B}[\(up)A" }
    out += "\r"
    if layout.cursorColumn > 0 { out += "\u{1B}[\(layout.cursorColumn)C" }
    terminal.write(out)
    previousCursorRow = layout.cursorRow
  }

  /// Candidates in columns across the terminal, each line ending in CR LF.
  static func columns(_ candidates: [String], width: Int) -> String {
    let shown = Array(candidates.prefix(listLimit))
    let cell = (shown.map { DisplayWidth.of($0) }.max() ?? 0) + 2
    let perRow = max(1, width / max(cell, 1))
    var out = ""
    for start in stride(from: 0, to: shown.count, by: perRow) {
      let row = shown[start..<min(start + perRow, shown.count)]
      var line = row.map { DisplayWidth.pad($0, toWidth: cell) }.joined()
      while line.last == " " { line.removeLast() }
      out += line + "\r\n"
    }
    if candidates.count > shown.count {
      out += "… and \(candidates.count - shown.count) more\r\n"
    }
    return out
  }
}
