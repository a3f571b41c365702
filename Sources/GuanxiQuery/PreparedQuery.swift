import Dispatch
import GuanxiGraph

/// A statement parsed, checked and planned against a graph, ready to run (many times,
/// with different parameters).
///
/// ```swift
/// let query = try PreparedQuery("MATCH (p:Person {name: $name})-[h:HOLDS]->(x) RETURN h.title, x.name", graph: graph)
/// let result = try query.run(on: graph, parameters: ["name": "韩俊"])
/// result.rows        // [[.value("省委书记"), .value("安徽省")]]
/// query.warnings     // unknown labels, types and keys, with suggestions
/// print(query.plan)  // the operator tree
/// ```
///
/// A statement that fails at runtime leaves the graph as it was: the executor logs
/// the inverse of every write and applies them before rethrowing.
public struct PreparedQuery: Sendable {
  /// The query text.
  public let text: String
  /// The plan; `plan.description` prints it as an indented tree.
  public let plan: PlanNode
  /// Result column names (for EXPLAIN and PROFILE, those of the plan table).
  public let columns: [String]
  /// Labels, types and property keys the graph has never seen, with suggestions.
  public let warnings: [QueryWarning]
  /// Whether the statement can change the graph.
  public let isUpdating: Bool
  public let mode: ParsedStatement.Mode
  let bound: BoundStatement
  let names: [Int: String]

  /// Lexes, parses, binds and plans `text` for `graph`.
  ///
  /// - Throws: `QueryError` with stage `.syntax` or `.semantic`.
  public init(_ text: String, graph: some GraphReading) throws(QueryError) {
    let statement = try Parser.parseStatement(text, checkingShape: false)  // lex + parse
    var binder = Binder(source: text, graph: graph)
    let bound = try PreparedQuery.bindThenCheckShape(statement, text: text, binder: &binder)
    let planner = Planner(graph: graph, names: binder.slotNames)
    self.plan = planner.plan(bound.query)  // operators, index choice, filter placement
    self.text = text
    self.bound = bound
    self.names = binder.slotNames
    self.warnings = bound.warnings
    self.isUpdating = bound.isUpdating
    self.mode = statement.mode
    switch statement.mode {
    case .run: columns = bound.query.columns
    case .explain: columns = PreparedQuery.explainColumns
    case .profile: columns = PreparedQuery.profileColumns
    }
  }

  /// Binds (names → slots, scoping and type rules), then runs the parser's shape checks.
  ///
  /// A scoping error (an undefined, rebound or retyped variable) is reported before a shape
  /// error of the same statement, as openCypher's TCK expects; any other binder error
  /// comes after the shape checks.
  static func bindThenCheckShape(
    _ statement: ParsedStatement, text: String, binder: inout Binder
  ) throws(QueryError) -> BoundStatement {
    let result = Result { () throws(QueryError) -> BoundStatement in try binder.bind(statement) }
    switch result {
    case .success(let bound):
      try Parser.checkShape(statement, source: text)
      return bound
    case .failure(let error):
      if !scopingErrors.contains(error.code) { try Parser.checkShape(statement, source: text) }
      throw error
    }
  }

  static let scopingErrors: Set<QueryError.Code> = [
    .undefinedVariable, .variableAlreadyBound, .variableTypeConflict,
  ]

  static let explainColumns = ["operator", "details", "estimated rows"]
  static let profileColumns = ["operator", "details", "rows", "time (ms)"]

  /// Options for one run.
  ///
  /// A statement stopped by any of the limits fails with its code (`BudgetExceeded`,
  /// `MemoryLimitExceeded`, `Timeout`, `Cancelled`) and leaves the graph as it was.
  public struct RunOptions: Sendable {
    /// Rows and steps the statement may take before it fails with `BudgetExceeded`.
    public var budget: Int
    /// Seeds `rand()`.
    public var seed: UInt64
    /// When set by another thread, the statement stops with `Cancelled`.
    public var cancellation: CancellationFlag?
    /// The bytes the statement may hold, by the executor's running estimate of the values
    /// and buffers it builds, before it fails with `MemoryLimitExceeded`; by default half
    /// of the machine's physical memory (`defaultMemoryLimit`).
    public var memoryLimit: Int
    /// How long the statement may run before it fails with `Timeout`; nil for no limit.
    public var timeLimit: Duration?

    /// Half of the machine's physical memory.
    public static let defaultMemoryLimit = defaultStatementMemoryLimit()

    public init(
      budget: Int = .max, seed: UInt64 = 0x6775_616E_7869, cancellation: CancellationFlag? = nil,
      memoryLimit: Int = RunOptions.defaultMemoryLimit, timeLimit: Duration? = nil
    ) {
      self.budget = budget
      self.seed = seed
      self.cancellation = cancellation
      self.memoryLimit = memoryLimit
      self.timeLimit = timeLimit
    }
  }

  /// Runs the statement on a graph it may write to.
  ///
  /// Parameters are named without `$`: `["name": "韩俊", "from": "2019-01-01"]`.
  /// - Throws: `QueryError` with stage `.runtime`, its span on the expression or clause
  ///   item that failed (nil only for `BudgetExceeded` and `Cancelled`); the graph is
  ///   then unchanged.
  public func run(
    on graph: Graph, parameters: [String: Value] = [:], options: RunOptions = RunOptions()
  )
    throws(QueryError) -> QueryResult
  {
    try execute(
      graph: graph, store: graph, parameters: parameters.mapValues(RuntimeValue.init),
      options: options)
  }

  /// Runs a read-only statement on any graph.
  ///
  /// - Throws: `QueryError` `ReadOnlyGraph` when the statement writes.
  public func run(
    reading graph: any GraphReading, parameters: [String: Value] = [:],
    options: RunOptions = RunOptions()
  )
    throws(QueryError) -> QueryResult
  {
    if isUpdating, mode != .explain {
      throw QueryError(
        stage: .runtime, code: "ReadOnlyGraph",
        message: "this graph is read-only; writing clauses need a writable graph",
        span: nil)
    }
    return try execute(
      graph: graph, store: graph as? Graph, parameters: parameters.mapValues(RuntimeValue.init),
      options: options)
  }

  /// Runs with parameters that may hold graph references (nodes from an earlier result).
  public func run(
    on graph: Graph, queryParameters: [String: QueryValue], options: RunOptions = RunOptions()
  )
    throws(QueryError) -> QueryResult
  {
    try execute(
      graph: graph, store: graph, parameters: queryParameters.mapValues(RuntimeValue.init),
      options: options)
  }

  func execute(
    graph: any GraphReading, store: Graph?, parameters: [String: RuntimeValue], options: RunOptions
  )
    throws(QueryError) -> QueryResult
  {
    var values: [RuntimeValue] = []
    for (name, span) in zip(bound.parameterNames, bound.parameterSpans) {
      guard let v = parameters[name] else {
        throw QueryError(
          stage: .runtime, code: "ParameterMissing", message: "parameter '$\(name)' has no value",
          span: span)
      }
      if v.isTooDeep {
        throw QueryError(
          stage: .runtime, code: .nestingTooDeep,
          message:
            "parameter '$\(name)' nests lists or maps more than \(RuntimeValue.maximumNesting) levels deep",
          span: span)
      }
      values.append(v)
    }
    if mode == .explain {
      var result = QueryResult(columns: columns, rows: planRows(profile: nil))
      result.warnings = warnings
      return result
    }
    let ctx = ExecutionContext(
      graph: graph, store: store, parameters: values, seed: options.seed, budget: options.budget)
    ctx.cancellation = options.cancellation
    ctx.memoryLimit = options.memoryLimit
    if let limit = options.timeLimit {
      ctx.timeLimit = limit
      let (seconds, attoseconds) = limit.components
      let nanoseconds = Int(max(0, seconds)).multipliedSaturating(1_000_000_000)
        .addingSaturating(Int(max(0, attoseconds) / 1_000_000_000))
      let (deadline, overflow) = DispatchTime.now().uptimeNanoseconds.addingReportingOverflow(
        UInt64(nanoseconds))
      ctx.deadline = overflow ? .max : deadline
    }
    if !isUpdating, let store { ctx.view = store.readView }
    let executor = Executor(
      ctx: ctx, planner: Planner(graph: graph, names: names), slotCount: bound.slotCount)
    if mode == .profile {
      let nodes = plan.preorder
      ctx.profiler = Profiler(count: nodes.count)
      for (i, n) in nodes.enumerated() { executor.profileIDs[ObjectIdentifier(n)] = i }
    }
    let recordedBefore = store?.recordedChanges.count ?? 0
    do {
      let (_, rows) = try executor.run(plan)
      ctx.profiler?.switchTo(-1)
      var result = QueryResult(columns: columns, rows: rows, statistics: ctx.statistics)
      if mode == .profile, let profiler = ctx.profiler { result.rows = planRows(profile: profiler) }
      result.warnings = warnings
      return result
    } catch {
      if let store, ctx.undo.count > 0 {
        ctx.undo.rollBack(store)
        // The failed statement's changes must not reach the journal.
        store.discardRecordedChanges(after: recordedBefore)
      }
      if let e = error as? QueryError { throw e }
      if error is StopSignal { return QueryResult(columns: columns, rows: []) }
      throw QueryError(stage: .runtime, code: "Internal", message: "\(error)", span: nil)
    }
  }

  /// The plan as table rows: operator (indented by depth), details, then estimates or profile figures.
  func planRows(profile: Profiler?) -> [[QueryValue]] {
    var rows: [[QueryValue]] = []
    var index = 0
    func walk(_ n: PlanNode, _ depth: Int) {
      let name = QueryValue.value(.string(String(repeating: "  ", count: depth) + n.name))
      let detail = QueryValue.value(.string(n.detail))
      if let profile {
        let ms = Double(profile.nanoseconds[index]) / 1e6
        rows.append([
          name, detail, .value(.int(Int64(profile.rows[index]))),
          .value(.float((ms * 1000).rounded() / 1000)),
        ])
      } else {
        // An estimate can reach infinity (or NaN, from infinity × 0): shown as the largest.
        let estimate = n.estimatedRows.isNaN ? 9e18 : min(max(n.estimatedRows, 0), 9e18)
        rows.append([name, detail, .value(.int(Int64(estimate.rounded())))])
      }
      index += 1
      for c in n.children { walk(c, depth + 1) }
      if let i = n.input { walk(i, depth + 1) }
    }
    walk(plan, 0)
    return rows
  }
}
