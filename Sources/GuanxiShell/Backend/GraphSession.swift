import Foundation
import GuanxiExport
import GuanxiExtract
import GuanxiGraph
import GuanxiQuery

/// An open graph file and everything done to it from the command line or the shell:
/// running statements (journalling what they write before returning), extracting
/// documents, exporting, checkpointing and showing evidence.
///
/// It is the one `ShellBackend` the executable uses; `guanxi query`, `guanxi export
/// --query` and the REPL all go through it, so a write reported as done is always in
/// the journal.
///
/// ```swift
/// let session = try GraphSession(path: "anhui.gx", access: .readWrite)
/// let result = try session.run(statement: "MATCH (p:Person) RETURN count(p)", parameters: [:])
/// ```
public final class GraphSession {
  /// How the graph file is opened.
  public enum Access: Sendable {
    /// Take the writer's lock; fail if another process holds it.
    case readWrite
    /// No lock; writing statements fail with `ReadOnlyGraph`.
    case readOnly
    /// Take the lock if it is free, else open read-only and say so in `notice`.
    case preferWrite
  }

  public private(set) var file: GraphFile
  /// Set when the graph was opened read-only because another process writes it.
  public private(set) var notice: String?
  /// The relationships of the last result, for `:why`.
  var lastRelationships: [RelationshipID] = []
  /// Set to stop the running statement (Ctrl-C); cleared when a statement ends.
  public let cancellation: CancellationFlag
  /// How long a statement may run before it stops with `Timeout` (`--timeout`, `:timeout`).
  public var timeLimit: Duration?
  /// The memory budget of a statement (`--max-memory`); half the physical memory by default.
  public var memoryLimit = PreparedQuery.RunOptions.defaultMemoryLimit
  private var prepared: [String: PreparedQuery] = [:]

  /// Opens the graph at `path`; `cancellation` stops its statements (a signal handler's).
  public init(
    path: String, access: Access, createIfMissing: Bool = false,
    cancellation: CancellationFlag = CancellationFlag()
  ) throws {
    (file, notice) = try GraphSession.open(path, access: access, createIfMissing: createIfMissing)
    self.cancellation = cancellation
  }

  private static func open(_ path: String, access: Access, createIfMissing: Bool) throws
    -> (GraphFile, String?)
  {
    switch access {
    case .readWrite:
      return (try GraphFile.open(path, mode: .readWrite, createIfMissing: createIfMissing), nil)
    case .readOnly:
      return (try GraphFile.open(path, mode: .readOnly), nil)
    case .preferWrite:
      let writable = Result { () throws(GraphError) -> GraphFile in
        try GraphFile.open(path, mode: .readWrite, createIfMissing: createIfMissing)
      }
      switch writable {
      case .success(let file): return (file, nil)
      case .failure(let error) where error.code == .locked:
        return (try GraphFile.open(path, mode: .readOnly), "\(error.message); opened read-only")
      case .failure(let error): throw error
      }
    }
  }

  /// The open graph.
  public var graph: Graph { file.graph }
  /// The graph's file name without `.gx`, for prompts.
  public var graphName: String {
    let name = (file.path as NSString).lastPathComponent
    return name.hasSuffix(".gx") ? String(name.dropLast(3)) : name
  }
  /// Whether statements may write.
  public var isWritable: Bool { file.mode == .readWrite }

  /// Prepares (or reuses) and runs one statement; a writing statement's changes are in
  /// the journal when this returns.
  ///
  /// - Throws: `QueryError`, or `GraphError` when the journal cannot be written: the
  ///   statement is then rolled back in memory too (the graph is reloaded from disk), so
  ///   what the session shows is always what is durable and a later statement never
  ///   commits it.
  public func run(statement: String, parameters: [String: Value]) throws -> QueryResult {
    // Cleared when the statement ends, not when it starts: a Ctrl-C that arrives between
    // Enter and the first step must still stop it.
    defer { cancellation.reset() }
    if let schema = try SchemaStatement.parse(statement) { return try run(schema: schema) }
    let query = try prepare(statement)
    let options = PreparedQuery.RunOptions(
      cancellation: cancellation, memoryLimit: memoryLimit, timeLimit: timeLimit)
    let result = try execute(query, parameters: parameters, options: options)
    if isWritable && query.isUpdating { try commit() }
    lastRelationships = GraphSession.relationships(in: result)
    return result
  }

  /// Commits what the graph recorded; on failure the graph file has reloaded the
  /// committed graph, so what was prepared against the old one is dropped.
  private func commit() throws {
    do {
      try file.commit()
    } catch {
      prepared = [:]
      lastRelationships = []
      throw error
    }
  }

  /// Runs `CREATE INDEX`, `DROP INDEX` or `SHOW INDEXES`; a change is journalled.
  private func run(schema: SchemaStatement) throws -> QueryResult {
    if schema.isUpdating && !isWritable {
      throw QueryError(
        stage: .runtime, code: "ReadOnlyGraph",
        message: "this graph is read-only; CREATE INDEX and DROP INDEX need a writable graph",
        span: nil)
    }
    let result = try schema.run(on: graph)
    if schema.isUpdating {
      prepared = [:]
      try commit()
    }
    lastRelationships = []
    return result
  }

  private func execute(
    _ query: PreparedQuery, parameters: [String: Value], options: PreparedQuery.RunOptions
  ) throws(QueryError) -> QueryResult {
    if isWritable { return try query.run(on: graph, parameters: parameters, options: options) }
    return try query.run(reading: graph, parameters: parameters, options: options)
  }

  /// The prepared form of `statement`, cached while the graph's schema does not change.
  public func prepare(_ statement: String) throws(QueryError) -> PreparedQuery {
    if let cached = prepared[statement] { return cached }
    let query = try PreparedQuery(statement, graph: graph)
    if !query.isUpdating { prepared[statement] = query } else { prepared = [:] }
    return query
  }

  /// Asks a running statement to stop; it throws `Cancelled` soon after.
  public func cancel() { cancellation.cancel() }

  /// Extracts documents into the graph and journals the result as one commit.
  ///
  /// The graph's own files (snapshot, journal, lock, temporary files, by real path) are
  /// never read as documents, nor are named pipes and devices (which could block for
  /// ever): each is reported as skipped, naming it (`extractDocuments`).
  /// - Throws: `GraphError` when the journal cannot be written; nothing of the run is
  ///   then in the graph.
  public func extract(paths: [String]) throws -> ExtractionReport {
    let report = GraphSession.extractDocuments(
      paths, into: graph, excluding: GraphFile.ownFiles(ofGraphAt: file.realPath),
      graphName: file.path)
    prepared = [:]
    if isWritable { try commit() }
    return report
  }

  /// Runs the extraction pipeline on the files under `paths`, skipping (and naming)
  /// those it must not read: the files in `excluded` (real paths: a graph's own files),
  /// named pipes and devices. A symbolic-link loop is named as a loop.
  static func extractDocuments(
    _ paths: [String], into graph: Graph, excluding excluded: [String], graphName: String
  ) -> ExtractionReport {
    let (files, listed) = ExtractionPipeline.listFiles(paths)
    // The listing calls a symbolic-link loop missing; say what it is.
    let unlisted = listed.map { error in
      var info = stat()
      guard let path = error.path, lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK
      else { return error }
      do throws(GraphError) {
        _ = try GraphFile.realPath(of: path)
        return error
      } catch {
        return ExtractionError(.unreadable, error.message, path: path)
      }
    }
    var refused: [ExtractionError] = []
    let readable = files.filter { path in
      guard let reason = refusal(ofDocument: path, excluding: excluded, graphName: graphName)
      else { return true }
      refused.append(ExtractionError(.unreadable, reason, path: path))
      return false
    }
    var report = ExtractionPipeline().extract(paths: readable, into: graph)
    report.skipped = unlisted + refused + report.skipped
    return report
  }

  /// Why `path` must not be read as a document, or nil when it may.
  private static func refusal(
    ofDocument path: String, excluding excluded: [String], graphName: String
  )
    -> String?
  {
    do {
      let realPath = try GraphFile.realPath(of: path)
      if excluded.contains(realPath) {
        return "'\(path)' is a file of the graph being written ('\(graphName)'), not a document"
      }
      if case .special(let what) = try GraphFile.kind(of: realPath) {
        return "'\(path)' is \(what), not a document"
      }
      return nil
    } catch {
      return error.description
    }
  }

  /// Whether `path` names the graph this session has open (by real path).
  public func isOpen(_ path: String) -> Bool {
    (try? GraphFile.realPath(of: path)) == file.realPath
  }

  /// Folds the journal into a new snapshot.
  public func checkpoint() throws {
    guard isWritable else {
      throw GraphError(.locked, "the graph is open read-only; nothing to save")
    }
    try file.checkpoint()
  }

  /// Closes this graph and opens another in its place.
  public func reopen(path: String, access: Access) throws {
    let next = try GraphSession(path: path, access: access, createIfMissing: false)
    file.close()
    file = next.file
    notice = next.notice
    prepared = [:]
    lastRelationships = []
  }

  /// The subgraph a query returns: every node, relationship and path in its rows
  /// (relationships bring their end nodes).
  ///
  /// - Throws: `QueryError` when the query fails or returns only scalar values.
  public func subgraph(of statement: String, parameters: [String: Value] = [:]) throws
    -> GraphSelection
  {
    let result = try run(statement: statement, parameters: parameters)
    var nodes: [NodeID] = []
    var relationships: [RelationshipID] = []
    for row in result.rows {
      for value in row { GraphSession.collect(value, nodes: &nodes, relationships: &relationships) }
    }
    if nodes.isEmpty && relationships.isEmpty {
      throw QueryError(
        stage: .runtime, code: "NoGraphValues",
        message: result.rows.isEmpty
          ? "the query returned no rows, so there is nothing to export"
          : "the query returns only scalar values; return nodes, relationships or paths to export them (for example RETURN p, r, m)",
        span: nil)
    }
    return GraphSelection.subgraph(of: graph, nodes: nodes, relationships: relationships)
  }

  /// The evidence sentences of relationships: (relationship, document, sentence).
  public func evidence(for relationships: [RelationshipID]) -> [(RelationshipID, String, String?)] {
    relationships.map { r in
      let doc = graph.property(Schema.Key.doc, of: r)?.stringValue ?? "?"
      return (r, doc, GuanxiExtract.evidence(of: r, in: graph))
    }
  }

  /// A query error drawn against its statement with a caret; other errors as their
  /// description.
  public func describe(_ error: any Error, statement: String, fileName: String? = nil) -> String {
    if let error = error as? QueryError {
      return Diagnostics.render(error, source: statement, fileName: fileName)
    }
    return String(describing: error)
  }

  static func relationships(in result: QueryResult) -> [RelationshipID] {
    var nodes: [NodeID] = []
    var found: [RelationshipID] = []
    for row in result.rows.prefix(10_000) {
      for value in row { collect(value, nodes: &nodes, relationships: &found) }
    }
    return found
  }

  /// Adds the graph references inside `value` to `nodes` and `relationships`.
  static func collect(
    _ value: QueryValue, nodes: inout [NodeID], relationships: inout [RelationshipID]
  ) {
    var pending = [value]
    while let next = pending.popLast() {
      switch next {
      case .value: break
      case .node(let n): nodes.append(n)
      case .relationship(let r): relationships.append(r)
      case .path(let ns, let rs):
        nodes.append(contentsOf: ns)
        relationships.append(contentsOf: rs)
      case .list(let items): pending.append(contentsOf: items)
      case .map(let map): pending.append(contentsOf: map.values)
      }
    }
  }

}
