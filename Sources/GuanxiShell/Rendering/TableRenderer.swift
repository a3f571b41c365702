import GuanxiQuery

/// Draws rows as a table whose columns line up on a terminal, Chinese text included.
///
/// Column widths are measured with `DisplayWidth`, so 韩俊 takes four cells and every
/// border lines up under it. Cells longer than `maxColumnWidth` are cut with '…'; when
/// `totalWidth` is given (the terminal's width), the widest columns shrink until the
/// table fits, so the terminal never wraps a row. Numbers are right-aligned by the caller
/// marking the column. Newlines, tabs and other control characters in a cell print as
/// escapes (\n), since a raw newline would break the row.
///
/// ```
/// ┌──────┬──────────┬───────┐
/// │ name │ title    │ count │
/// ├──────┼──────────┼───────┤
/// │ 韩俊 │ 省委书记 │    12 │
/// └──────┴──────────┴───────┘
/// ```
public struct TableRenderer: Sendable {
  /// Box-drawing lines, or ASCII `+`, `-` and `|` for terminals that draw box characters
  /// two cells wide (CJK "ambiguous-wide" settings) or fonts without them.
  public enum Border: Sendable { case box, ascii }

  public var border: Border
  /// The widest a column may be, in cells.
  public var maxColumnWidth: Int
  /// The width of the whole table at most, in cells, or nil for no limit.
  public var totalWidth: Int?

  public init(border: Border = .box, maxColumnWidth: Int = 48, totalWidth: Int? = nil) {
    self.border = border
    self.maxColumnWidth = max(3, maxColumnWidth)
    self.totalWidth = totalWidth
  }

  /// The narrowest a column shrinks to when fitting `totalWidth`.
  static let minimumColumnWidth = 6

  /// The table, one line per table row, each ending in a newline.
  ///
  /// - Parameter rightAligned: per column, whether to align its cells right (numbers);
  ///   missing entries mean left.
  public func render(header: [String], rows: [[String]], rightAligned: [Bool] = []) -> String {
    let columnCount = max(header.count, rows.map(\.count).max() ?? 0)
    guard columnCount > 0 else { return "" }
    let ellipsis = border == .box ? "…" : "~"
    func clean(_ row: [String]) -> [String] {
      (0..<columnCount).map { $0 < row.count ? Self.escapingControls(row[$0]) : "" }
    }
    let head = clean(header)
    let body = rows.map(clean)

    var widths = (0..<columnCount).map { column in
      let natural = ([head] + body).map { DisplayWidth.of($0[column]) }.max() ?? 0
      return max(1, min(maxColumnWidth, natural))
    }
    if let totalWidth {
      // Each column costs its width plus 3 cells (a border and two spaces), plus one edge.
      while widths.reduce(0, +) + 3 * columnCount + 1 > totalWidth,
        let widest = widths.indices.max(by: { widths[$0] < widths[$1] }),
        widths[widest] > Self.minimumColumnWidth
      {
        widths[widest] -= 1
      }
    }

    let (h, v) = border == .box ? ("─", "│") : ("-", "|")
    func rule(_ left: String, _ middle: String, _ right: String) -> String {
      left + widths.map { String(repeating: h, count: $0 + 2) }.joined(separator: middle) + right
        + "\n"
    }
    func line(_ cells: [String], aligned: Bool) -> String {
      let parts = cells.enumerated().map { column, cell in
        let fitted = DisplayWidth.truncate(cell, toWidth: widths[column], ellipsis: ellipsis)
        let right = aligned && column < rightAligned.count && rightAligned[column]
        return " " + DisplayWidth.pad(fitted, toWidth: widths[column], alignRight: right) + " "
      }
      return v + parts.joined(separator: v) + v + "\n"
    }

    var out = border == .box ? rule("┌", "┬", "┐") : rule("+", "+", "+")
    out += line(head, aligned: false)
    out += border == .box ? rule("├", "┼", "┤") : rule("+", "+", "+")
    for row in body { out += line(row, aligned: true) }
    out += border == .box ? rule("└", "┴", "┘") : rule("+", "+", "+")
    return out
  }

  /// The cell text with control characters written as escapes, so each cell is one line.
  static func escapingControls(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
      return text
    }
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          out += "\\u" + ValueFormatter.hex4(scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }
}
