/// How the command line and the shell spell a statement's limits: a time (`--timeout`,
/// `:timeout`) and a memory budget (`--max-memory`).
///
/// ```swift
/// StatementLimits.duration("1.5")   // 1.5 seconds
/// StatementLimits.duration("500ms") // 0.5 seconds
/// StatementLimits.bytes("2G")       // 2 GiB
/// ```
public enum StatementLimits {
  /// A time: a positive number of seconds (`30`, `0.5`), or with a unit `ms`, `s`, `m`,
  /// `h`; nil when the text is none of these.
  public static func duration(_ text: String) -> Duration? {
    let units: [(suffix: String, seconds: Double)] = [
      ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("", 1),
    ]
    let lowered = text.lowercased()
    for unit in units where lowered.hasSuffix(unit.suffix) {
      guard let number = Double(lowered.dropLast(unit.suffix.count)), number.isFinite,
        number > 0, number * unit.seconds <= 366 * 86_400
      else { continue }
      return .nanoseconds(Int64((number * unit.seconds * 1e9).rounded()))
    }
    return nil
  }

  /// A size in bytes: a positive whole number with an optional unit `K`, `M`, `G`, `T`
  /// (powers of 1024; `KB`, `MiB` and the like too; `512M`, `2G`, `1.5G`); nil when the
  /// text is none of these.
  public static func bytes(_ text: String) -> Int? {
    var digits = Substring(text.uppercased())
    for suffix in ["IB", "B"] where digits.hasSuffix(suffix) {
      digits = digits.dropLast(suffix.count)
      break
    }
    var scale = 1.0
    if let last = digits.last, let power = ["K", "M", "G", "T"].firstIndex(of: String(last)) {
      scale = Double(1 << (10 * (power + 1)))
      digits = digits.dropLast()
    }
    guard let number = Double(digits), number.isFinite, number > 0, number * scale < 9e18
    else { return nil }
    return Int(number * scale)
  }

  /// The time as people read it: `500 ms`, `30 s`.
  static func describe(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let total = Double(seconds) + Double(attoseconds) / 1e18
    if total < 1 { return "\(Int((total * 1000).rounded())) ms" }
    return (total == total.rounded() ? String(Int(total)) : String(total)) + " s"
  }
}

extension Arguments {
  /// `--NAME S` as a time limit (see `StatementLimits.duration`).
  ///
  /// - Throws: `UsageError` naming the option and the text.
  func duration(_ name: String) throws(UsageError) -> Duration? {
    guard let text = value(name) else { return nil }
    guard let duration = StatementLimits.duration(text) else {
      throw UsageError(
        "option '--\(name)' needs a time in seconds (30, 0.5, 500ms, 5m), not '\(text)'")
    }
    return duration
  }

  /// `--NAME SIZE` as bytes (see `StatementLimits.bytes`).
  ///
  /// - Throws: `UsageError` naming the option and the text.
  func byteCount(_ name: String) throws(UsageError) -> Int? {
    guard let text = value(name) else { return nil }
    guard let bytes = StatementLimits.bytes(text) else {
      throw UsageError("option '--\(name)' needs a size (4G, 512M, 1048576), not '\(text)'")
    }
    return bytes
  }
}
