/// One thing the user did at the keyboard, decoded from the bytes the terminal sent.
public enum KeyEvent: Equatable, Sendable {
  /// Typed text: one character, or, when a terminal without bracketed paste sends a
  /// burst, several.
  case insert(String)
  /// Text pasted with bracketed paste, newlines included, to be inserted for editing.
  case paste(String)
  /// Enter (CR or LF).
  case enter
  /// Alt-Enter: a newline inside the statement, never a submit.
  case newline
  case left, right, home, end
  /// Alt-B, Ctrl-Left, Alt-Left.
  case wordLeft
  /// Alt-F, Ctrl-Right, Alt-Right.
  case wordRight
  case up, down
  case backspace
  /// Delete, and Ctrl-D on a non-empty line.
  case delete
  /// Ctrl-K: to the end of the line.
  case killToEnd
  /// Ctrl-U: to the start of the line.
  case killToStart
  /// Ctrl-W and Alt-Backspace.
  case killWordBackward
  /// Alt-D.
  case killWordForward
  /// Ctrl-Y: insert the last killed text.
  case yank
  /// Ctrl-T: swap the two characters before the cursor.
  case transpose
  /// Ctrl-L.
  case clearScreen
  /// Ctrl-R.
  case reverseSearch
  case tab
  /// Ctrl-C.
  case interrupt
  /// Ctrl-D.
  case endOfInput
  /// A lone Escape.
  case escape
  /// Ctrl-G: abandon a search.
  case cancel
}

/// Turns the bytes a terminal sends into key events, one byte at a time.
///
/// Input arrives in pieces: a Chinese character is three UTF-8 bytes that an input method
/// or a paste may deliver across two reads, an escape sequence may be split, and a
/// bracketed paste may span many reads. The decoder keeps the partial state between calls
/// and emits a character only when all of its bytes are in, so a half character is never
/// echoed. Invalid UTF-8 becomes U+FFFD.
///
/// A lone ESC cannot be told from the start of a sequence until the next byte arrives or
/// time passes; the terminal driver calls `flushPendingEscape()` after a short wait.
///
/// ```swift
/// var decoder = KeyDecoder()
/// decoder.feed([0xE9, 0x9F])        // []
/// decoder.feed([0xA9, 0x1B, 0x5B])  // [.insert("韩")]
/// decoder.feed([0x44])              // [.left]
/// ```
public struct KeyDecoder: Sendable {
  enum State: Sendable {
    case ground
    case escape
    /// Inside `ESC [`, with the parameter bytes so far.
    case controlSequence([UInt8])
    /// After `ESC O`.
    case singleShift
    /// Inside a multi-byte UTF-8 sequence: the bytes so far and how many it needs.
    case utf8([UInt8], needed: Int)
    /// Between `ESC [200~` and `ESC [201~`: the raw bytes so far.
    case paste([UInt8])
  }

  var state = State.ground
  /// Whether the last byte was CR, so that the LF of a CRLF pair is not a second Enter.
  var afterCarriageReturn = false

  public init() {}

  /// Whether a lone ESC is waiting to learn whether a sequence follows.
  public var hasPendingEscape: Bool {
    if case .escape = state { true } else { false }
  }

  /// Resolves a pending lone ESC as the Escape key.
  public mutating func flushPendingEscape() -> [KeyEvent] {
    guard hasPendingEscape else { return [] }
    state = .ground
    return [.escape]
  }

  /// The events completed by `bytes`, in order.
  public mutating func feed(_ bytes: some Sequence<UInt8>) -> [KeyEvent] {
    var events: [KeyEvent] = []
    for byte in bytes { feed(byte, into: &events) }
    // Merge runs of typed characters so that a burst redraws once.
    var merged: [KeyEvent] = []
    for event in events {
      if case .insert(let text) = event, case .insert(let previous)? = merged.last {
        merged[merged.count - 1] = .insert(previous + text)
      } else {
        merged.append(event)
      }
    }
    return merged
  }

  mutating func feed(_ byte: UInt8, into events: inout [KeyEvent]) {
    let wasCR = afterCarriageReturn
    afterCarriageReturn = false
    switch state {
    case .ground:
      ground(byte, afterCarriageReturn: wasCR, into: &events)
    case .escape:
      state = .ground
      switch byte {
      case UInt8(ascii: "["): state = .controlSequence([])
      case UInt8(ascii: "O"): state = .singleShift
      case UInt8(ascii: "b"), UInt8(ascii: "B"): events.append(.wordLeft)
      case UInt8(ascii: "f"), UInt8(ascii: "F"): events.append(.wordRight)
      case UInt8(ascii: "d"), UInt8(ascii: "D"): events.append(.killWordForward)
      case 0x7F, 0x08: events.append(.killWordBackward)
      case 0x0D, 0x0A: events.append(.newline)
      case 0x1B:
        events.append(.escape)
        state = .escape
      default: break  // other Alt-keys do nothing
      }
    case .singleShift:
      state = .ground
      if let event = Self.cursorKey(byte, modifier: 1) { events.append(event) }
    case .controlSequence(var parameters):
      if (0x20...0x3F).contains(byte) {
        parameters.append(byte)
        state = parameters.count > 32 ? .ground : .controlSequence(parameters)
        return
      }
      state = .ground
      controlSequence(parameters, final: byte, into: &events)
    case .utf8(var pending, let needed):
      guard byte & 0xC0 == 0x80 else {
        events.append(.insert("\u{FFFD}"))
        state = .ground
        feed(byte, into: &events)
        return
      }
      pending.append(byte)
      if pending.count < needed {
        state = .utf8(pending, needed: needed)
      } else {
        state = .ground
        events.append(.insert(String(decoding: pending, as: UTF8.self)))
      }
    case .paste(var pending):
      pending.append(byte)
      let end: [UInt8] = [0x1B, 0x5B, 0x32, 0x30, 0x31, 0x7E]  // ESC [ 2 0 1 ~
      if pending.count >= end.count && pending.suffix(end.count).elementsEqual(end) {
        state = .ground
        events.append(.paste(Self.pastedText(pending.dropLast(end.count))))
      } else {
        state = .paste(pending)
      }
    }
  }

  mutating func ground(
    _ byte: UInt8, afterCarriageReturn wasCR: Bool, into events: inout [KeyEvent]
  ) {
    switch byte {
    case 0x01: events.append(.home)
    case 0x02: events.append(.left)
    case 0x03: events.append(.interrupt)
    case 0x04: events.append(.endOfInput)
    case 0x05: events.append(.end)
    case 0x06: events.append(.right)
    case 0x07: events.append(.cancel)
    case 0x08, 0x7F: events.append(.backspace)
    case 0x09: events.append(.tab)
    case 0x0A: if !wasCR { events.append(.enter) }
    case 0x0B: events.append(.killToEnd)
    case 0x0C: events.append(.clearScreen)
    case 0x0D:
      events.append(.enter)
      afterCarriageReturn = true
    case 0x0E: events.append(.down)
    case 0x10: events.append(.up)
    case 0x12: events.append(.reverseSearch)
    case 0x14: events.append(.transpose)
    case 0x15: events.append(.killToStart)
    case 0x17: events.append(.killWordBackward)
    case 0x19: events.append(.yank)
    case 0x1B: state = .escape
    case 0x20..<0x7F: events.append(.insert(String(UnicodeScalar(byte))))
    case 0xC2...0xDF: state = .utf8([byte], needed: 2)
    case 0xE0...0xEF: state = .utf8([byte], needed: 3)
    case 0xF0...0xF4: state = .utf8([byte], needed: 4)
    case 0x80...0xFF: events.append(.insert("\u{FFFD}"))
    default: break  // other control characters do nothing
    }
  }

  mutating func controlSequence(_ parameters: [UInt8], final: UInt8, into events: inout [KeyEvent])
  {
    let fields = String(decoding: parameters, as: UTF8.self).split(
      separator: ";", omittingEmptySubsequences: false)
    let first = fields.first.flatMap { Int($0) }
    let modifier = fields.count > 1 ? Int(fields[1]) ?? 1 : 1
    if final == UInt8(ascii: "~") {
      switch first {
      case 1, 7: events.append(.home)
      case 4, 8: events.append(.end)
      case 3: events.append(.delete)
      case 200: state = .paste([])
      default: break  // page keys, function keys, a stray paste end
      }
      return
    }
    if let event = Self.cursorKey(final, modifier: modifier) { events.append(event) }
  }

  /// Arrow, Home and End keys; with Ctrl (5) or Alt (3) the horizontal arrows move by word.
  static func cursorKey(_ final: UInt8, modifier: Int) -> KeyEvent? {
    let byWord = modifier == 3 || modifier == 5 || modifier == 9
    switch final {
    case UInt8(ascii: "A"): return .up
    case UInt8(ascii: "B"): return .down
    case UInt8(ascii: "C"): return byWord ? .wordRight : .right
    case UInt8(ascii: "D"): return byWord ? .wordLeft : .left
    case UInt8(ascii: "H"): return .home
    case UInt8(ascii: "F"): return .end
    default: return nil
    }
  }

  /// Pasted bytes as text: CRLF and CR become LF, a tab becomes four spaces, other
  /// control characters are dropped, invalid UTF-8 becomes U+FFFD.
  static func pastedText(_ bytes: some Collection<UInt8>) -> String {
    let text = String(decoding: bytes, as: UTF8.self)
    var out = String.UnicodeScalarView()
    var previousWasCR = false
    for scalar in text.unicodeScalars {
      defer { previousWasCR = scalar == "\r" }
      switch scalar {
      case "\r": out.append("\n")
      case "\n": if !previousWasCR { out.append("\n") }
      case "\t": out.append(contentsOf: "    ".unicodeScalars)
      default:
        if scalar.value >= 0x20 && scalar.value != 0x7F && !(0x80..<0xA0).contains(scalar.value) {
          out.append(scalar)
        }
      }
    }
    return String(out)
  }
}
