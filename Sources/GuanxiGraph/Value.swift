/// A property value or a query result value: the openCypher value types Guanxi stores.
///
/// Maps keep their keys sorted, so printing and comparing them never depends on
/// hashing order. `Value` is ordered by `Value.orderingCompare(_:_:)` (openCypher's
/// ORDER BY order) and compared by `==` structurally (openCypher equality, where
/// null is unknown, lives in the query engine).
public enum Value: Hashable, Sendable {
  case null
  case bool(Bool)
  case int(Int64)
  case float(Double)
  case string(String)
  case date(LocalDate)
  case list([Value])
  case map([String: Value])

  /// The map entries sorted by key: the one order Guanxi prints and stores maps in.
  public static func sortedEntries(_ map: [String: Value]) -> [(key: String, value: Value)] {
    map.sorted { $0.key < $1.key }
  }

  /// The openCypher name of the value's type, as error messages spell it.
  public var typeName: String {
    switch self {
    case .null: "Null"
    case .bool: "Boolean"
    case .int: "Integer"
    case .float: "Float"
    case .string: "String"
    case .date: "Date"
    case .list: "List"
    case .map: "Map"
    }
  }

  public var isNull: Bool { if case .null = self { true } else { false } }
  public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
  public var intValue: Int64? { if case .int(let i) = self { i } else { nil } }
}

/// A calendar day without time zone (openCypher `date`), stored as days since 1970-01-01.
///
/// Example: `LocalDate(iso: "2023-07-20")?.description == "2023-07-20"`.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Days since 1970-01-01 in the proleptic Gregorian calendar.
  public var daysSinceEpoch: Int32

  public init(daysSinceEpoch: Int32) { self.daysSinceEpoch = daysSinceEpoch }

  /// A date from its fields, or nil when the day does not exist (2023-02-30).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(month: month, year: year),
      (-9999...9999).contains(year)
    else { return nil }
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    daysSinceEpoch = Int32(era * 146097 + doe - 719468)
  }

  /// Parses `YYYY-MM-DD` (also `YYYYMMDD`), the forms the interchange formats use.
  public init?(iso text: some StringProtocol) {
    let digits = text.utf8.filter { $0 != UInt8(ascii: "-") }
    guard digits.count == 8, digits.allSatisfy({ (48...57).contains($0) }),
      text.utf8.count == 8 || text.utf8.count == 10
    else { return nil }
    func number(_ range: Range<Int>) -> Int {
      digits[range].reduce(0) { $0 * 10 + Int($1 - 48) }
    }
    if text.utf8.count == 10 {
      let bytes = Array(text.utf8)
      guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
    }
    self.init(year: number(0..<4), month: number(4..<6), day: number(6..<8))
  }

  /// The (year, month, day) fields.
  public var components: (year: Int, month: Int, day: Int) {
    let z = Int(daysSinceEpoch) + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  public static func < (a: LocalDate, b: LocalDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

  /// ISO 8601: `2023-07-20`.
  public var description: String {
    let (y, m, d) = components
    func pad(_ v: Int, _ width: Int) -> String {
      let s = String(abs(v))
      return (v < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - s.count)) + s
    }
    return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }
}
