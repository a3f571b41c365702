import GuanxiQuery

@testable import GuanxiShell

/// What a terminal would show after some output: a grid of cells, interpreted from the
/// subset of VT100 that the line editor and ordinary programs emit.
///
/// Handled: printable text (double-width characters take two cells and wrap whole,
/// combining marks join the cell before), CR, LF (scrolling at the bottom), BS, TAB,
/// `CSI n A/B/C/D/G/H/f/J/K`, autowrap with the pending-wrap state of real terminals;
/// SGR colours, mode switches (`CSI ? … h/l`) and OSC strings are ignored.
struct TerminalScreen {
  let rowCount: Int
  let columnCount: Int
  /// Cells by row; nil marks the right half of a double-width character.
  private(set) var grid: [[Character?]]
  private(set) var row = 0
  private(set) var column = 0
  private var pendingWrap = false
  /// Rows that scrolled off the top, oldest first.
  private(set) var scrolledOff: [String] = []
  private var pendingBytes: [UInt8] = []

  init(rows: Int = 24, columns: Int = 80) {
    rowCount = rows
    columnCount = columns
    grid = Array(repeating: Array(repeating: " ", count: columns), count: rows)
  }

  /// The rows as text, trailing blanks removed.
  var lines: [String] { grid.map(Self.text) }

  /// Every row ever shown: the scrolled-off ones, then the screen.
  var allLines: [String] { scrolledOff + lines }

  var cursor: (row: Int, column: Int) { (row, column) }

  /// The text of the row the cursor is on.
  var cursorLine: String { lines[row] }

  static func text(_ cells: [Character?]) -> String {
    var line = String(cells.compactMap { $0 })
    while line.last == " " { line.removeLast() }
    return line
  }

  mutating func feed(_ bytes: [UInt8]) {
    let all = pendingBytes + bytes
    pendingBytes = []
    var index = 0
    while index < all.count {
      let byte = all[index]
      if byte == 0x1B {
        guard let consumed = escape(all, from: index) else {
          pendingBytes = Array(all[index...])
          return
        }
        index += consumed
        continue
      }
      if byte >= 0x80 {
        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
        guard index + length <= all.count else {
          pendingBytes = Array(all[index...])
          return
        }
        for scalar in String(decoding: all[index..<index + length], as: UTF8.self).unicodeScalars {
          put(scalar)
        }
        index += length
        continue
      }
      control(byte)
      index += 1
    }
  }

  private mutating func control(_ byte: UInt8) {
    switch byte {
    case 0x0D:
      column = 0
      pendingWrap = false
    case 0x0A:
      lineFeed()
      pendingWrap = false
    case 0x08:
      column = max(0, column - 1)
      pendingWrap = false
    case 0x09:
      column = min(columnCount - 1, (column / 8 + 1) * 8)
    case 0x20..<0x7F:
      put(Unicode.Scalar(byte))
    default: break
    }
  }

  private mutating func lineFeed() {
    if row + 1 < rowCount {
      row += 1
    } else {
      scrolledOff.append(Self.text(grid.removeFirst()))
      grid.append(Array(repeating: " ", count: columnCount))
    }
  }

  private mutating func put(_ scalar: Unicode.Scalar) {
    let width = DisplayWidth.of(scalar)
    if width == 0 {
      // A combining mark joins the character before the cursor.
      var c = column - (pendingWrap ? 0 : 1)
      while c > 0 && grid[row][c] == nil { c -= 1 }
      if c >= 0, let base = grid[row][c] {
        grid[row][c] = Character(String(base) + String(Character(scalar)))
      }
      return
    }
    if pendingWrap {
      column = 0
      lineFeed()
      pendingWrap = false
    }
    if column + width > columnCount {
      column = 0
      lineFeed()
    }
    clearHalf(at: column)
    if width == 2 { clearHalf(at: column + 1) }
    grid[row][column] = Character(scalar)
    if width == 2 { grid[row][column + 1] = nil }
    column += width
    if column >= columnCount {
      column = columnCount - 1
      pendingWrap = true
    }
  }

  /// Blanks the other half of a double-width character that `column` overwrites.
  private mutating func clearHalf(at column: Int) {
    guard column < columnCount else { return }
    if grid[row][column] == nil && column > 0 { grid[row][column - 1] = " " }
    if column + 1 < columnCount && grid[row][column + 1] == nil { grid[row][column + 1] = " " }
    grid[row][column] = " "
  }

  /// Interprets an escape sequence at `start`; the bytes it used, or nil when incomplete.
  private mutating func escape(_ bytes: [UInt8], from start: Int) -> Int? {
    guard start + 1 < bytes.count else { return nil }
    switch bytes[start + 1] {
    case UInt8(ascii: "["):
      var index = start + 2
      while index < bytes.count && (0x20...0x3F).contains(bytes[index]) { index += 1 }
      guard index < bytes.count else { return nil }
      let parameters = String(decoding: bytes[(start + 2)..<index], as: UTF8.self)
      controlSequence(parameters, final: bytes[index])
      return index - start + 1
    case UInt8(ascii: "]"):
      var index = start + 2
      while index < bytes.count {
        if bytes[index] == 0x07 { return index - start + 1 }
        if bytes[index] == 0x1B && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\\")
        {
          return index - start + 2
        }
        index += 1
      }
      return nil
    default:
      return 2
    }
  }

  private mutating func controlSequence(_ parameters: String, final: UInt8) {
    if parameters.hasPrefix("?") { return }
    let numbers = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
    let n = max(1, (numbers.first ?? nil) ?? 1)
    let raw = (numbers.first ?? nil) ?? 0
    switch final {
    case UInt8(ascii: "A"): row = max(0, row - n)
    case UInt8(ascii: "B"): row = min(rowCount - 1, row + n)
    case UInt8(ascii: "C"): column = min(columnCount - 1, column + n)
    case UInt8(ascii: "D"): column = max(0, column - n)
    case UInt8(ascii: "G"): column = min(columnCount - 1, n - 1)
    case UInt8(ascii: "H"), UInt8(ascii: "f"):
      row = min(rowCount - 1, n - 1)
      let c = numbers.count > 1 ? max(1, numbers[1] ?? 1) : 1
      column = min(columnCount - 1, c - 1)
    case UInt8(ascii: "J"):
      if raw == 2 || raw == 3 {
        for r in 0..<rowCount { clearRow(r, from: 0) }
      } else {
        clearRow(row, from: column)
        for r in (row + 1)..<rowCount { clearRow(r, from: 0) }
      }
    case UInt8(ascii: "K"):
      clearRow(row, from: raw == 2 ? 0 : column)
    default: return  // SGR and the rest change nothing we check
    }
    pendingWrap = false
  }

  private mutating func clearRow(_ r: Int, from c: Int) {
    guard c < columnCount else { return }
    if c > 0 && grid[r][c] == nil { grid[r][c - 1] = " " }
    for index in c..<columnCount { grid[r][index] = " " }
  }
}
