import Dispatch
import Foundation

/// Estimated heap sizes of runtime values, in bytes, for the statement's memory budget.
///
/// The figures follow Swift's layout on 64-bit Linux closely enough to stop a statement
/// long before the machine runs out of memory: a list is its header and one slot per
/// element, a string longer than 15 UTF-8 bytes (shorter ones live inside the slot) is
/// a header and its bytes, a map is a hash table about twice its count. Arithmetic
/// saturates at `Int.max`, so a size computed from a number the user wrote never traps.
enum MemorySize {
  /// One `RuntimeValue` slot of a list or row.
  static let slot = MemoryLayout<RuntimeValue>.stride
  /// The header of an array or string buffer.
  static let header = 32

  /// A new list of `count` elements (the elements' own heap bytes not included).
  static func list(_ count: Int) -> Int {
    header.addingSaturating(count.multipliedSaturating(slot))
  }

  /// A new string of `utf8Count` bytes.
  static func string(_ utf8Count: Int) -> Int {
    utf8Count <= 15 ? 0 : header.addingSaturating(utf8Count)
  }

  /// A new map of `count` entries (keys and slots, at a load factor of one half).
  static func map(_ count: Int) -> Int {
    (2 * header).addingSaturating(count.multipliedSaturating(2 * (16 + slot)))
  }

  /// `bytes` for people: `512 B`, `64.0 KB`, `12.0 GB`.
  static func describe(_ bytes: Int) -> String {
    let units = ["B", "KB", "MB", "GB", "TB", "PB", "EB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
  }
}

extension Int {
  @inline(__always)
  func addingSaturating(_ other: Int) -> Int {
    let (sum, overflow) = addingReportingOverflow(other)
    return overflow ? (other > 0 ? .max : .min) : sum
  }

  @inline(__always)
  func multipliedSaturating(_ other: Int) -> Int {
    let (product, overflow) = multipliedReportingOverflow(by: other)
    return overflow ? ((self < 0) == (other < 0) ? .max : .min) : product
  }
}

extension RuntimeValue {
  /// The heap bytes this value owns beyond its own slot, counted until the total passes
  /// `cap` (so a huge value costs at most `cap / slot` steps to measure).
  func estimatedBytes(cap: Int = .max) -> Int {
    var total = 0
    var pending: [RuntimeValue] = [self]
    while let v = pending.popLast() {
      switch v {
      case .string(let s): total = total.addingSaturating(MemorySize.string(s.utf8.count))
      case .path(let p):
        total = total.addingSaturating(
          2 * MemorySize.header + 4 * (p.nodes.count + p.relationships.count))
      case .list(let items):
        total = total.addingSaturating(MemorySize.list(items.count))
        for item in items {
          switch item {
          case .string(let s): total = total.addingSaturating(MemorySize.string(s.utf8.count))
          case .list, .map, .path: pending.append(item)
          default: break
          }
          if total > cap { return total }
        }
      case .map(let entries):
        total = total.addingSaturating(MemorySize.map(entries.count))
        for (key, item) in entries {
          total = total.addingSaturating(MemorySize.string(key.utf8.count))
          switch item {
          case .string, .list, .map, .path: pending.append(item)
          default: break
          }
        }
      default: break
      }
      if total > cap { return total }
    }
    return total
  }
}

/// The limits one run of a statement is held to, besides its step budget: memory, time
/// and cancellation.
///
/// Memory is a running estimate in two parts. Values built while rows are evaluated
/// (lists, strings, maps: `range()`, `+`, `collect` arguments, comprehensions) are
/// *transient*: each producer of rows (a scan, an expansion, UNWIND, a sort's output)
/// releases what its consumers built for one row when the next row comes. Buffers that
/// outlive a row (ORDER BY, aggregation and `collect`, DISTINCT, rows waiting for a write,
/// the result) are *retained* until their operator finishes (the result: until the
/// statement ends). Every charge is checked before the allocation it stands for, against
/// `memoryLimit`, so no operator allocates in proportion to a number the user wrote
/// without asking first.
extension ExecutionContext {
  /// Charges `bytes` for a value about to be built while evaluating the current row.
  ///
  /// - Throws: `MemoryLimitExceeded` at `span` (nothing is charged then).
  @inline(__always)
  func allocate(_ bytes: Int, span: SourceSpan?, _ what: @autoclosure () -> String) throws {
    try ensureRoom(for: bytes, span: span, what())
    transientBytes = transientBytes.addingSaturating(bytes)
  }

  /// Charges `bytes` for a buffer that outlives the current row; `release` gives it back.
  ///
  /// - Throws: `MemoryLimitExceeded` at `span` (nothing is charged then).
  @inline(__always)
  func retain(_ bytes: Int, span: SourceSpan?, _ what: @autoclosure () -> String) throws {
    try ensureRoom(for: bytes, span: span, what())
    retainedBytes = retainedBytes.addingSaturating(bytes)
  }

  /// Checks that `bytes` more would fit, without charging them.
  ///
  /// - Throws: `MemoryLimitExceeded` at `span`.
  @inline(__always)
  func ensureRoom(for bytes: Int, span: SourceSpan?, _ what: @autoclosure () -> String) throws {
    if transientBytes.addingSaturating(retainedBytes).addingSaturating(bytes) > memoryLimit {
      throw memoryError(bytes, span: span, what())
    }
  }

  /// The heap bytes of `value`, measured only as far as the budget has room (a value
  /// larger than that fails its charge anyway); the walk is charged as steps, so a long
  /// one still sees cancellation and the time limit.
  func measure(_ value: RuntimeValue) throws -> Int {
    switch value {
    case .string(let s): return MemorySize.string(s.utf8.count)
    case .list, .map, .path:
      let room = memoryLimit.addingSaturating(-transientBytes).addingSaturating(-retainedBytes)
      let bytes = value.estimatedBytes(cap: Swift.max(0, room))
      try charge(1 + bytes / 1024)
      return bytes
    default: return 0
    }
  }

  /// Sorts `array`, checking for cancellation and the time limit as it goes (sorting
  /// ten million rows takes seconds).
  func sort<T>(_ array: inout [T], by areInIncreasingOrder: (T, T) -> Bool) throws {
    var comparisons = 0
    try array.sort { a, b in
      comparisons &+= 1
      if comparisons & 0xFFFF == 0 { try checkInterruption() }
      return areInIncreasingOrder(a, b)
    }
  }

  /// The bytes a buffer holding `values` (a row, or the keys of one) needs: its slots and
  /// what its values own.
  func measure(row values: some Collection<RuntimeValue>) throws -> Int {
    var total = MemorySize.list(values.count)
    for v in values {
      switch v {
      case .string, .list, .map, .path: total = total.addingSaturating(try measure(v))
      default: break
      }
    }
    return total
  }

  /// Gives back bytes a finished buffer had retained.
  @inline(__always)
  func release(_ bytes: Int) { retainedBytes = Swift.max(0, retainedBytes - bytes) }

  func memoryError(_ bytes: Int, span: SourceSpan?, _ what: String) -> QueryError {
    runtimeError(
      .memoryLimitExceeded,
      "the statement needs more memory than its limit of \(MemorySize.describe(memoryLimit)) "
        + "(\(what) asked for \(MemorySize.describe(bytes)) more)", span: span)
  }

  /// Throws `Cancelled` or `Timeout` when the statement has been asked to stop or has
  /// run past its time limit; called every few thousand steps and from long loops.
  func checkInterruption() throws {
    if cancellation?.isCancelled == true {
      throw runtimeError(.cancelled, "the statement was cancelled", span: nil)
    }
    if let deadline, DispatchTime.now().uptimeNanoseconds >= deadline {
      throw runtimeError(
        .timeout,
        "the statement ran longer than its time limit of \(ExecutionContext.describe(timeLimit))",
        span: nil)
    }
  }

  static func describe(_ duration: Duration?) -> String {
    guard let duration else { return "none" }
    let seconds =
      Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    return seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : String(format: "%g s", seconds)
  }
}

/// The default memory budget of a statement: half of the machine's physical memory,
/// leaving the rest to the graph itself and to the estimate's error.
public func defaultStatementMemoryLimit() -> Int {
  Int(clamping: ProcessInfo.processInfo.physicalMemory / 2)
}
