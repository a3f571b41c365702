/// A graph stored on disk: the snapshot `NAME.gx`, the journal `NAME.gx.wal` of the
/// changes committed since, and the writer's lock `NAME.gx.lock`.
///
/// Opening loads the snapshot and replays the journal. In read-write mode the graph
/// records its changes; `commit()` appends them to the journal as one record and flushes
/// it before returning, so a crash at any later moment keeps them. `checkpoint()` folds
/// the journal into a new snapshot. One read-write open at a time, in any process, is
/// enforced with the lock; read-only opens take no lock and see what was committed when
/// they opened.
///
/// ```swift
/// let file = try GraphFile.open("anhui.gx", mode: .readWrite, createIfMissing: true)
/// let han = file.graph.createNode(labels: ["Person"], properties: ["name": "韩俊"])
/// try file.commit()      // durable from here on
/// try file.checkpoint()  // anhui.gx now holds han; anhui.gx.wal is empty
/// file.close()
/// ```
///
/// Crash safety, step by step: a commit is one `write` and one `fdatasync`; a torn last
/// record is ignored on the next open. A checkpoint commits, writes the new snapshot
/// (new generation, naming the old one as its parent) to a temporary file, flushes it,
/// renames it over the old one, and only then starts an empty journal for the new
/// generation the same way. A crash before the snapshot's rename leaves the old snapshot
/// and its full journal; a crash after it leaves the new snapshot with the old journal,
/// which names the snapshot's parent and is therefore known to be folded in already and
/// is dropped, never replayed twice.
///
/// Bulk loads may switch `graph.isRecordingChanges` off and end with `checkpoint()`,
/// which stores the whole graph whether or not its changes were recorded.
public final class GraphFile {
  /// How a graph file is opened.
  public enum Mode: Sendable, Hashable {
    /// Changes are recorded, journalled by `commit()`; the writer's lock is taken.
    case readWrite
    /// The graph may still be changed in memory, but nothing is written and no lock is
    /// taken.
    case readOnly
  }

  /// The bytes a graph takes on disk.
  public struct Sizes: Sendable, Hashable {
    public var snapshotBytes: Int
    public var journalBytes: Int
  }

  /// The snapshot's path, as given to `open`.
  public let path: String
  public let mode: Mode
  /// The graph; in read-write mode with `isRecordingChanges` on.
  public let graph: Graph
  /// The generation of the snapshot the journal continues.
  public private(set) var generation: UInt64

  private var lock: FileLock?
  private var journal: JournalWriter?
  /// Taken from the graph but not yet in the journal (a commit that failed).
  private var pendingChanges: [GraphChange] = []
  /// Set when a checkpoint wrote its snapshot but could not start the new journal.
  private var needsNewJournal = false
  private var isClosed = false

  /// The journal's path: `NAME.gx.wal`.
  public var journalPath: String { path + ".wal" }

  private init(path: String, mode: Mode, graph: Graph, generation: UInt64) {
    self.path = path
    self.mode = mode
    self.graph = graph
    self.generation = generation
  }

  deinit { close() }

  // MARK: Opening

  /// Opens the graph at `path`: loads the snapshot and replays the journal.
  ///
  /// - Parameters:
  ///   - mode: `.readWrite` takes the writer's lock and journals commits.
  ///   - createIfMissing: in read-write mode, create an empty graph when `path` does not
  ///     exist.
  /// - Throws: `GraphError`: `.locked` naming the process that holds the graph;
  ///   `.notAGraph`, `.newerFormat`, `.truncated` or `.corrupt` (with path and byte
  ///   offset) for a damaged snapshot or journal; `.journalMismatch` for a journal that
  ///   belongs to another snapshot; `.io` when a file cannot be read or written or does
  ///   not exist.
  /// - Complexity: O(snapshot size + journal size).
  public static func open(_ path: String, mode: Mode = .readWrite, createIfMissing: Bool = false)
    throws(GraphError) -> GraphFile
  {
    switch mode {
    case .readWrite: return try openForWriting(path, createIfMissing: createIfMissing)
    case .readOnly: return try openForReading(path)
    }
  }

  /// Makes `graph` the content of a new graph file at `path`, replacing any graph there,
  /// and returns it open for writing. `graph` is owned by the file from now on.
  ///
  /// The new snapshot names the generation of any journal already at `path` as its
  /// parent, so a crash before the new journal replaces that one leaves a journal that
  /// is dropped as folded rather than replayed onto the wrong graph.
  /// - Throws: `GraphError` `.locked` when another writer holds `path`, or `.io`.
  /// - Complexity: O(graph size).
  public static func create(_ path: String, from graph: Graph) throws(GraphError) -> GraphFile {
    let lock = try FileLock.acquire(graphPath: path)
    let journalPath = path + ".wal"
    let previous = (try? Journal.read(path: journalPath))??.generation ?? 0
    let generation = newGeneration(after: previous)
    graph.isRecordingChanges = false
    _ = graph.takeRecordedChanges()
    try SnapshotWriter.write(
      graph, to: path, generation: generation, parentGeneration: previous)
    try Journal.create(path: journalPath, generation: generation)
    let file = GraphFile(path: path, mode: .readWrite, graph: graph, generation: generation)
    file.lock = lock
    file.journal = try JournalWriter(path: file.journalPath, byteCount: Journal.headerByteCount)
    graph.isRecordingChanges = true
    return file
  }

  private static func openForWriting(_ path: String, createIfMissing: Bool) throws(GraphError)
    -> GraphFile
  {
    let lock = try FileLock.acquire(graphPath: path)
    let journalPath = path + ".wal"
    if !FileSystem.exists(path) {
      guard createIfMissing else { throw missing(path) }
      guard !FileSystem.exists(journalPath) else {
        throw GraphError(
          .journalMismatch, "'\(journalPath)' has no snapshot '\(path)' to belong to",
          path: journalPath)
      }
      let generation = newGeneration(after: 0)
      try SnapshotWriter.write(Graph(), to: path, generation: generation, parentGeneration: 0)
      try Journal.create(path: journalPath, generation: generation)
    }
    let snapshot = try SnapshotReader.load(path: path)
    let generation = snapshot.header.generation
    let file = GraphFile(
      path: path, mode: .readWrite, graph: snapshot.graph, generation: generation)
    file.lock = lock
    var journalByteCount = Journal.headerByteCount
    switch try journalState(journalPath, snapshot: snapshot.header) {
    case .current(let contents):
      try Journal.replay(contents, onto: snapshot.graph, path: journalPath)
      journalByteCount = contents.goodByteCount
    case .missing, .folded:
      try Journal.create(path: journalPath, generation: generation)
    case .mismatched(let found):
      throw mismatch(journalPath, found: found, snapshot: snapshot.header)
    }
    file.journal = try JournalWriter(path: journalPath, byteCount: journalByteCount)
    snapshot.graph.isRecordingChanges = true
    return file
  }

  private static func openForReading(_ path: String) throws(GraphError) -> GraphFile {
    guard FileSystem.exists(path) else { throw missing(path) }
    let journalPath = path + ".wal"
    // A checkpoint in another process can replace the snapshot and then the journal
    // between our two reads; reading again then sees a matching pair.
    var attempt = 0
    while true {
      attempt += 1
      let snapshot = try SnapshotReader.load(path: path)
      switch try journalState(journalPath, snapshot: snapshot.header) {
      case .current(let contents):
        try Journal.replay(contents, onto: snapshot.graph, path: journalPath)
      case .missing, .folded: break
      case .mismatched(let found):
        if attempt < 3 { continue }
        throw mismatch(journalPath, found: found, snapshot: snapshot.header)
      }
      return GraphFile(
        path: path, mode: .readOnly, graph: snapshot.graph,
        generation: snapshot.header.generation)
    }
  }

  enum JournalState {
    case missing
    case current(Journal.Contents)
    /// Left by a checkpoint that stopped before starting the new journal.
    case folded
    case mismatched(generation: UInt64)
  }

  static func journalState(_ journalPath: String, snapshot: SnapshotHeader) throws(GraphError)
    -> JournalState
  {
    guard let contents = try Journal.read(path: journalPath) else { return .missing }
    if contents.generation == snapshot.generation { return .current(contents) }
    if snapshot.parentGeneration != 0 && contents.generation == snapshot.parentGeneration {
      return .folded
    }
    return .mismatched(generation: contents.generation)
  }

  private static func mismatch(_ journalPath: String, found: UInt64, snapshot: SnapshotHeader)
    -> GraphError
  {
    GraphError(
      .journalMismatch,
      "'\(journalPath)' belongs to snapshot generation \(hex(found)), not to \(hex(snapshot.generation))",
      path: journalPath, byteOffset: 16)
  }

  private static func missing(_ path: String) -> GraphError {
    GraphError(.io, "'\(path)' does not exist", path: path)
  }

  static func hex(_ generation: UInt64) -> String {
    let digits = String(generation, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }

  static func newGeneration(after previous: UInt64) -> UInt64 {
    var generation: UInt64
    repeat { generation = UInt64.random(in: 1...UInt64.max) } while generation == previous
    return generation
  }

  // MARK: Writing

  /// Appends the changes recorded since the last commit to the journal as one record
  /// and flushes it; nothing happens when there are none.
  ///
  /// When it returns, the changes survive any crash. When it throws, they are kept and
  /// the next commit tries again. A batch too large for one journal record (2 GiB
  /// encoded, as a bulk load with recording on may make) is committed by writing a
  /// snapshot instead.
  /// - Throws: `GraphError` `.io`, or `.io` when the file is read-only or closed.
  /// - Complexity: O(size of the changes).
  public func commit() throws(GraphError) {
    try requireWritable()
    pendingChanges.append(contentsOf: graph.takeRecordedChanges())
    guard !pendingChanges.isEmpty else { return }
    if needsNewJournal { try startJournal() }
    guard let journal else { throw GraphError(.io, "'\(path)' has no open journal", path: path) }
    let payload = BinaryWriter.batch(pendingChanges)
    if payload.count > Journal.maximumPayloadByteCount {
      // Too big for one record: a snapshot holds the batch just as atomically.
      try writeSnapshot()
      pendingChanges = []
      try startJournal()
      return
    }
    try journal.append(payload: payload)
    pendingChanges = []
  }

  /// Commits, then folds the journal into a new snapshot and starts an empty journal.
  ///
  /// Also compacts the graph in memory (property records and adjacency lists). Safe
  /// against a crash at any step; see the type's discussion.
  /// - Throws: `GraphError` `.io`, or `.io` when the file is read-only or closed.
  /// - Complexity: O(graph size).
  public func checkpoint() throws(GraphError) {
    try commit()
    if needsNewJournal {
      try startJournal()
      return
    }
    try writeSnapshot()
    try startJournal()
  }

  /// Writes the graph as the snapshot of a new generation; the journal must be replaced
  /// next (`startJournal()`).
  private func writeSnapshot() throws(GraphError) {
    let next = GraphFile.newGeneration(after: generation)
    try SnapshotWriter.write(graph, to: path, generation: next, parentGeneration: generation)
    generation = next
    needsNewJournal = true
  }

  /// Replaces the journal with an empty one for the current generation.
  private func startJournal() throws(GraphError) {
    journal = nil
    try Journal.create(path: journalPath, generation: generation)
    journal = try JournalWriter(path: journalPath, byteCount: Journal.headerByteCount)
    needsNewJournal = false
  }

  private func requireWritable() throws(GraphError) {
    guard !isClosed else { throw GraphError(.io, "'\(path)' is closed", path: path) }
    guard mode == .readWrite else {
      throw GraphError(.io, "'\(path)' is open read-only", path: path)
    }
  }

  /// Releases the lock and the journal. Changes not committed are not saved. Idempotent.
  public func close() {
    guard !isClosed else { return }
    isClosed = true
    graph.isRecordingChanges = false
    journal = nil
    lock?.release()
    lock = nil
  }

  /// The current sizes of the snapshot and the journal.
  public var sizes: Sizes {
    Sizes(
      snapshotBytes: FileSystem.size(path) ?? 0, journalBytes: FileSystem.size(journalPath) ?? 0)
  }
}
