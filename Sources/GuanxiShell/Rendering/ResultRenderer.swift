import GuanxiGraph
import GuanxiQuery

/// How the shell prints results (`:format`, `--format`).
public enum OutputFormat: String, CaseIterable, Sendable {
  /// An aligned table with box-drawing borders.
  case table
  /// The same table with `+`, `-` and `|` borders.
  case ascii
  /// One JSON array of row objects.
  case json
  /// One JSON object per row.
  case jsonl
  /// RFC 4180 CSV with a header row.
  case csv
}

/// Renders a whole `QueryResult` in one of the output formats, cut at a row limit, and
/// writes the summary line under it.
///
/// ```
/// ┌──────┬──────────┐
/// │ name │ title    │
/// ├──────┼──────────┤
/// │ 韩俊 │ 省委书记 │
/// └──────┴──────────┘
/// … 1,234 more rows; :limit N to change
/// 1,235 rows, 1.2 ms
/// ```
public struct ResultRenderer {
  public var graph: any GraphReading
  public var format: OutputFormat
  /// The most rows printed, or nil for all of them.
  public var rowLimit: Int?
  public var table: TableRenderer

  public init(
    graph: any GraphReading, format: OutputFormat = .table, rowLimit: Int? = nil,
    table: TableRenderer = TableRenderer()
  ) {
    self.graph = graph
    self.format = format
    self.rowLimit = rowLimit
    self.table = table
  }

  /// The rows in the chosen format, then the note on rows left out (if any).
  ///
  /// A result without columns (a statement that only writes) renders as nothing.
  public func render(_ result: QueryResult) -> String {
    guard !result.columns.isEmpty else { return "" }
    let shown = rowLimit.map { min($0, result.rows.count) } ?? result.rows.count
    let rows = result.rows.prefix(shown)
    var out: String
    switch format {
    case .table, .ascii:
      var renderer = table
      renderer.border = format == .table ? .box : .ascii
      let formatter = ValueFormatter(graph: graph, hidesProvenance: true)
      let numeric = result.columns.indices.map { column in
        var sawNumber = false
        for row in rows where column < row.count {
          switch row[column] {
          case .value(.int), .value(.float): sawNumber = true
          case .value(.null): continue
          default: return false
          }
        }
        return sawNumber
      }
      out = renderer.render(
        header: result.columns, rows: rows.map { $0.map(formatter.text) }, rightAligned: numeric)
    case .json: out = JSONRenderer(graph: graph).render(columns: result.columns, rows: rows)
    case .jsonl: out = JSONLinesRenderer(graph: graph).render(columns: result.columns, rows: rows)
    case .csv: out = CSVRenderer(graph: graph).render(columns: result.columns, rows: rows)
    }
    let hidden = result.rows.count - shown
    if hidden > 0 {
      out += "… \(Self.grouped(hidden)) more \(hidden == 1 ? "row" : "rows"); :limit N to change\n"
    }
    return out
  }

  /// "3 rows, 1.2 ms", with what a writing statement changed: "0 rows, 2 nodes created, 1.0 ms".
  ///
  /// - Parameter elapsed: the time the statement took, or nil to leave it out (`:timing off`).
  public static func summary(
    rowCount: Int, statistics: WriteStatistics = .init(), elapsed: Duration? = nil
  ) -> String {
    var parts = ["\(grouped(rowCount)) \(rowCount == 1 ? "row" : "rows")"]
    let changes: [(Int, String, String)] = [
      (statistics.nodesCreated, "node", "created"),
      (statistics.nodesDeleted, "node", "deleted"),
      (statistics.relationshipsCreated, "relationship", "created"),
      (statistics.relationshipsDeleted, "relationship", "deleted"),
      (statistics.propertiesSet, "property", "set"),
      (statistics.labelsAdded, "label", "added"),
      (statistics.labelsRemoved, "label", "removed"),
    ]
    for (count, noun, verb) in changes where count > 0 {
      let plural = count == 1 ? noun : (noun == "property" ? "properties" : noun + "s")
      parts.append("\(grouped(count)) \(plural) \(verb)")
    }
    if let elapsed { parts.append(duration(elapsed)) }
    return parts.joined(separator: ", ")
  }

  /// 0.04 ms, 12.5 ms, 1.23 s, 2 min 5 s.
  public static func duration(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
    if milliseconds < 1 { return format(milliseconds, decimals: 2) + " ms" }
    if milliseconds < 1000 { return format(milliseconds, decimals: 1) + " ms" }
    if milliseconds < 60_000 { return format(milliseconds / 1000, decimals: 2) + " s" }
    let total = Int(milliseconds / 1000)
    return "\(total / 60) min \(total % 60) s"
  }

  static func format(_ value: Double, decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = Int((value * scale).rounded())
    let whole = scaled / Int(scale)
    var fraction = String(scaled % Int(scale))
    fraction = String(repeating: "0", count: max(0, decimals - fraction.count)) + fraction
    return "\(whole).\(fraction)"
  }

  /// An integer with thousands separators: 1,234,567.
  public static func grouped(_ number: Int) -> String {
    let digits = String(number.magnitude)
    var out = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
      out.append(digit)
    }
    return (number < 0 ? "-" : "") + out
  }
}
