import Foundation

/// This process's memory, read from `/proc/self/status`, for `guanxi stats` and the benchmarks.
public enum ProcessMemory {
  /// Resident set size now, in bytes (0 where `/proc` is missing).
  public static var residentBytes: Int { field("VmRSS") }
  /// The peak resident set size, in bytes.
  public static var peakResidentBytes: Int { field("VmHWM") }

  static func field(_ name: String) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
      return 0
    }
    for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
      let kilobytes = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first
      return (kilobytes.flatMap { Int($0) } ?? 0) * 1024
    }
    return 0
  }
}

/// Formats counts, sizes and durations for people: `1,234,567`, `12.3 MB`, `1.2 ms`.
enum Format {
  static func count(_ n: Int) -> String { ResultRenderer.grouped(n) }

  static func bytes(_ n: Int) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"]
    var value = Double(n)
    var unit = 0
    while value >= 1000 && unit < units.count - 1 {
      value /= 1000
      unit += 1
    }
    return unit == 0 ? "\(n) B" : String(format: "%.1f %@", value, units[unit])
  }

  static func duration(seconds: Double) -> String {
    ResultRenderer.duration(.nanoseconds(Int64(seconds * 1e9)))
  }
}
