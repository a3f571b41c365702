import Dispatch
import GuanxiGraph

/// One row of slots; slot numbers come from the binder.
typealias Row = [RuntimeValue]
/// Evaluates an expression against a row (the row is inout because comprehensions
/// bind their variables in slots of their own).
typealias Evaluator = (inout Row) throws -> RuntimeValue

/// Everything one execution of a statement shares: the graph, the parameters, the
/// random generator, the write log, the step budget and the limits on memory and time
/// (see `MemoryBudget.swift`).
final class ExecutionContext {
  let graph: any GraphReading
  /// The same graph when it can be written (and read through its fast paths).
  let store: Graph?
  var parameters: [RuntimeValue]
  var random: SeededRandom
  var statistics = WriteStatistics()
  var undo = UndoLog()
  /// Rows and steps left before the statement is stopped; `Int.max` when unlimited.
  var budget: Int
  var profiler: Profiler?
  /// Checked every 4,096 steps; see `CancellationFlag`.
  var cancellation: CancellationFlag?
  /// The time limit, and the uptime in nanoseconds when it is reached; checked with
  /// `cancellation`.
  var timeLimit: Duration?
  var deadline: UInt64?
  /// The memory budget in bytes, and the running estimate against it (see `allocate`).
  var memoryLimit: Int = .max
  var retainedBytes = 0
  var transientBytes = 0
  private var stepsUntilInterruptionCheck = 4096
  /// Fast column access for read-only statements on a `Graph`.
  var view: GraphReadView?
  private var symbolCache: [String: Symbol] = [:]

  init(
    graph: any GraphReading, store: Graph?, parameters: [RuntimeValue], seed: UInt64, budget: Int
  ) {
    self.graph = graph
    self.store = store
    self.parameters = parameters
    self.random = SeededRandom(state: seed)
    self.budget = budget
  }

  /// Charges `steps` to the budget; every 4,096 steps, checks for cancellation and the
  /// time limit.
  @inline(__always)
  func charge(_ steps: Int = 1) throws {
    // Steps are never negative and the budget throws as soon as it is, so neither
    // subtraction can wrap.
    budget &-= steps
    if budget < 0 {
      throw runtimeError(.budgetExceeded, "the statement exceeded its step budget", span: nil)
    }
    stepsUntilInterruptionCheck &-= steps
    if stepsUntilInterruptionCheck <= 0 {
      stepsUntilInterruptionCheck = 4096
      try checkInterruption()
    }
  }

  /// The symbol of a label, type or key, or nil when the graph has never seen it.
  func symbol(_ text: String) -> Symbol? {
    if let s = symbolCache[text] { return s }
    guard let s = graph.existingSymbol(text) else { return nil }
    symbolCache[text] = s
    return s
  }

  func requireLive(_ node: NodeID, span: SourceSpan?) throws {
    if !graph.contains(node) {
      throw runtimeError(.deletedEntityAccess, "node \(node.rawValue) has been deleted", span: span)
    }
  }

  /// A relationship's type, also for one this statement deleted.
  func typeName(of r: RelationshipID, span: SourceSpan?) throws -> String {
    if graph.contains(r) { return graph.string(graph.type(of: r)) }
    for case .deletedRelationship(let x, let type, _) in undo.entries.reversed() where x == r {
      return type
    }
    throw runtimeError(
      .deletedEntityAccess, "relationship \(r.rawValue) has been deleted", span: span)
  }

  /// `value.key` for nodes, relationships and maps; null for null.
  func propertyValue(_ value: RuntimeValue, key: String, span: SourceSpan?) throws -> RuntimeValue {
    switch value {
    case .null: return .null
    case .node(let n):
      guard let k = symbol(key) else {
        try requireLive(n, span: span)
        return .null
      }
      if let v = graph.property(k, of: n) { return RuntimeValue(v) }
      try requireLive(n, span: span)
      return .null
    case .relationship(let r):
      guard let k = symbol(key), let v = graph.property(k, of: r) else {
        if !graph.contains(r) {
          throw runtimeError(
            .deletedEntityAccess, "relationship \(r.rawValue) has been deleted", span: span)
        }
        return .null
      }
      return RuntimeValue(v)
    case .map(let m): return m[key] ?? .null
    case .date(let d):
      let (y, m, day) = d.components
      switch key {
      case "year": return .int(Int64(y))
      case "month": return .int(Int64(m))
      case "day": return .int(Int64(day))
      case "quarter": return .int(Int64((m - 1) / 3 + 1))
      case "dayOfWeek", "weekDay":
        // 1970-01-01 was a Thursday (ISO day 4).
        let dow = ((Int(d.daysSinceEpoch) % 7) + 7 + 3) % 7 + 1
        return .int(Int64(dow))
      default: return .null
      }
    default:
      throw runtimeError(
        .invalidArgumentType, "cannot read property '\(key)' of a \(value.typeName)", span: span)
    }
  }

  /// Every property of a node, relationship or map, as a map.
  func allProperties(_ value: RuntimeValue, span: SourceSpan?) throws -> [String: RuntimeValue] {
    switch value {
    case .node(let n):
      var m: [String: RuntimeValue] = [:]
      for (k, v) in graph.properties(of: n) { m[graph.string(k)] = RuntimeValue(v) }
      return m
    case .relationship(let r):
      var m: [String: RuntimeValue] = [:]
      for (k, v) in graph.properties(of: r) { m[graph.string(k)] = RuntimeValue(v) }
      return m
    case .map(let m): return m
    default:
      throw runtimeError(
        .invalidArgumentType, "expected a map, not a \(value.typeName)", span: span)
    }
  }
}

/// Self time and rows per plan operator, for PROFILE.
final class Profiler {
  var rows: [Int]
  var nanoseconds: [UInt64]
  var current = -1
  var lastSwitch: UInt64

  init(count: Int) {
    rows = Array(repeating: 0, count: count)
    nanoseconds = Array(repeating: 0, count: count)
    lastSwitch = Profiler.now()
  }

  static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

  /// Charges the time since the last switch to the current operator and makes `id` current.
  @inline(__always)
  func switchTo(_ id: Int) {
    let t = Profiler.now()
    if current >= 0 { nanoseconds[current] &+= t &- lastSwitch }
    lastSwitch = t
    current = id
  }
}
