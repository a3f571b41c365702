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
  private let cancellation = CancellationFlag()
  private var prepared: [String: PreparedQuery] = [:]

  /// Opens the graph at `path`.
  public init(path: String, access: Access, createIfMissing: Bool = false) throws {
    (file, notice) = try GraphSession.open(path, access: access, createIfMissing: createIfMissing)
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
  /// - Throws: `QueryError`, or `GraphError` when the journal cannot be written (the
  ///   statement's changes are then still in memory and the next commit retries them).
  public func run(statement: String, parameters: [String: Value]) throws -> QueryResult {
    // Cleared when the statement ends, not when it starts: a Ctrl-C that arrives between
    // Enter and the first step must still stop it.
    defer { cancellation.reset() }
    if let schema = try SchemaStatement.parse(statement) { return try run(schema: schema) }
    let query = try prepare(statement)
    let options = PreparedQuery.RunOptions(cancellation: cancellation)
    let result = try execute(query, parameters: parameters, options: options)
    if isWritable && query.isUpdating { try file.commit() }
    lastRelationships = GraphSession.relationships(in: result)
    return result
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
      try file.commit()
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
  public func extract(paths: [String]) throws -> ExtractionReport {
    let report = ExtractionPipeline().extract(paths: paths, into: graph)
    prepared = [:]
    if isWritable { try file.commit() }
    return report
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
