import GuanxiQuery

/// Where the prompt and the text land on a terminal of a given width.
///
/// The editor draws its whole area on every change, so the only hard part is knowing
/// which row and column each character lands on: a character two cells wide does not
/// fit in the last column and moves to the next row whole (as terminals draw it), a
/// newline in the text starts a row with the continuation prompt, and a row filled to
/// the last column moves the cursor to the start of the next. Rows are broken explicitly
/// (the driver writes CR LF between them) rather than left to the terminal's autowrap,
/// so what is drawn is exactly what this computes.
///
/// ```swift
/// let layout = ScreenLayout(prompt: "> ", continuationPrompt: ". ", text: Array("韩俊"),
///                           cursor: 1, width: 80)
/// layout.rows          // ["> 韩俊"]
/// layout.cursorColumn  // 4: after "> " (2 cells) and 韩 (2 cells)
/// ```
public struct ScreenLayout: Equatable, Sendable {
  /// The physical rows, without line ends; the last may be empty (cursor after a full row).
  public private(set) var rows: [String] = [""]
  public private(set) var cursorRow = 0
  public private(set) var cursorColumn = 0

  public init(
    prompt: String, continuationPrompt: String, text: [Character], cursor: Int, width: Int
  ) {
    let width = max(width, 2)
    var column = 0

    func place(_ character: Character) {
      let cells = DisplayWidth.of(character)
      if column + cells > width {
        rows.append("")
        column = 0
      }
      rows[rows.count - 1].append(character)
      column += cells
    }
    func endRowIfFull() {
      if column >= width {
        rows.append("")
        column = 0
      }
    }

    for character in prompt { place(character) }
    for (index, character) in text.enumerated() {
      endRowIfFull()
      if index == cursor {
        // The cursor sits where this character is drawn: on the next row when it wraps.
        let cells = DisplayWidth.of(character)
        if character != "\n" && column + cells > width {
          rows.append("")
          column = 0
        }
        cursorRow = rows.count - 1
        cursorColumn = column
      }
      if character == "\n" {
        rows.append("")
        column = 0
        for p in continuationPrompt { place(p) }
      } else {
        place(character)
      }
    }
    endRowIfFull()
    if cursor >= text.count {
      cursorRow = rows.count - 1
      cursorColumn = column
    }
  }

  /// The row the drawing ends on (the last row).
  public var endRow: Int { rows.count - 1 }
}
