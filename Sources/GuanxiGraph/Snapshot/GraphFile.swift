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
/// Every file is named after the snapshot's *real* path (symbolic links resolved), so a
/// graph opened through a link and through its target shares one lock and one journal,
/// and a checkpoint replaces the target, never the link. Only regular files are opened:
/// a named pipe or a device is refused instead of read, and an existing file that is not
/// a Guanxi snapshot is refused before anything (even the lock file) is written beside it.
///
/// Crash safety, step by step: a commit is one `write` and one `fdatasync`; a torn last
/// record is ignored on the next open, a damaged complete one is reported (see
/// `Journal`). A checkpoint commits, writes the new snapshot (new generation, naming the
/// old one as its parent) to a temporary file, flushes it, renames it over the old one,
/// and only then starts an empty journal for the new generation the same way. A crash
/// before the snapshot's rename leaves the old snapshot and its full journal (and a
/// temporary file, which the next read-write open removes); a crash after it leaves the
/// new snapshot with the old journal, which names the snapshot's parent and is therefore
/// known to be folded in already and is dropped, never replayed twice.
///
/// The graph in memory always equals what is durable: a commit that fails reloads the
/// graph from the snapshot and journal, so the failed changes are gone from memory too
/// and can never ride along with a later commit.
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

  /// What a path holds, as the commands that write graphs need to know before they touch
  /// it.
  public enum StoredKind: Sendable, Hashable {
    /// Nothing is there yet.
    case missing
    /// A Guanxi snapshot (it starts with the snapshot magic).
    case graph
    /// A Guanxi journal (it starts with the journal magic).
    case journal
    /// An empty regular file.
    case emptyFile
    /// A regular file that is neither a snapshot nor a journal.
    case otherFile
    /// A directory.
    case folder
    /// A named pipe, a device or a socket; the text names it ("a named pipe").
    case special(String)
  }

  /// The snapshot's path, as given to `open`; messages name it.
  public let path: String
  /// The snapshot's real path: `path` with every symbolic link resolved. The journal,
  /// the lock and the temporary files are named after it.
  public let realPath: String
  public let mode: Mode
  /// The graph; in read-write mode with `isRecordingChanges` on. A failed commit
  /// replaces it with the graph reloaded from disk.
  public private(set) var graph: Graph
  /// The generation of the snapshot the journal continues.
  public private(set) var generation: UInt64

  private var lock: FileLock?
  private var journal: JournalWriter?
  /// Set when a checkpoint wrote its snapshot but could not start the new journal.
  private var needsNewJournal = false
  private var isClosed = false
  /// For tests: the next journal append writes this many bytes, then fails.
  var injectedJournalFailure: Int?

  /// The journal's path: `NAME.gx.wal` beside the real snapshot.
  public var journalPath: String { realPath + ".wal" }

  private init(path: String, realPath: String, mode: Mode, graph: Graph, generation: UInt64) {
    self.path = path
    self.realPath = realPath
    self.mode = mode
    self.graph = graph
    self.generation = generation
  }

  deinit { close() }

  // MARK: Paths

  /// `path` with every symbolic link resolved (for a file not there yet, its folder's);
  /// two names of one graph give the same real path.
  ///
  /// - Throws: `GraphError` `.io` naming a symbolic-link loop as a loop, or a folder on
  ///   the way that does not exist.
  public static func realPath(of path: String) throws(GraphError) -> String {
    try FileSystem.realPath(path)
  }

  /// Every file the graph whose snapshot's real path is `realPath` keeps on disk: the
  /// snapshot, the journal, the lock, and the temporary files of a checkpoint.
  public static func ownFiles(ofGraphAt realPath: String) -> [String] {
    [realPath, realPath + ".wal", realPath + ".lock", realPath + ".tmp", realPath + ".wal.tmp"]
  }

  /// What `path` holds, following symbolic links, told by its first bytes; a named pipe
  /// is never opened for reading.
  ///
  /// - Throws: `GraphError` `.io` for a symbolic-link loop or a path that cannot be
  ///   examined.
  public static func kind(of path: String) throws(GraphError) -> StoredKind {
    switch try FileSystem.kind(path) {
    case .missing: return .missing
    case .directory: return .folder
    case .special(let what): return .special(what)
    case .regular(let byteCount):
      if byteCount == 0 { return .emptyFile }
      guard let head = FileSystem.prefix(of: path, count: 8) else {
        throw GraphError.system("cannot read", path: path)
      }
      if head == SnapshotFormat.magic { return .graph }
      if head == Journal.magic { return .journal }
      return .otherFile
    }
  }

  /// Refuses to open `path` as a graph unless it holds a snapshot (or nothing, when
  /// `allowsMissing`); nothing is written before this check.
  private static func requireGraphOrNothing(_ path: String, realPath: String, allowsMissing: Bool)
    throws(GraphError)
  {
    switch try kind(of: realPath) {
    case .graph: return
    case .missing:
      if allowsMissing { return }
      throw missing(path)
    case .folder:
      throw GraphError(.io, "'\(path)' is a folder, not a graph file", path: path)
    case .special(let what):
      throw GraphError(.io, "'\(path)' is \(what), not a graph file", path: path)
    case .journal:
      throw GraphError(
        .notAGraph, "'\(path)' is a Guanxi journal, not a graph; open the .gx file beside it",
        path: path, byteOffset: 0)
    case .emptyFile, .otherFile:
      throw GraphError(
        .notAGraph,
        "'\(path)' exists and is not a Guanxi graph (bad magic); it was left as it was",
        path: path, byteOffset: 0)
    }
  }

  /// Removes what a killed checkpoint left: the temporary snapshot and journal. Only
  /// with the lock held, so no live checkpoint is writing them.
  private static func removeLeftovers(_ realPath: String) {
    for leftover in [realPath + ".tmp", realPath + ".wal.tmp"] {
      if case .regular = (try? FileSystem.kind(leftover)) ?? .missing {
        FileSystem.remove(leftover)
      }
    }
  }

  // MARK: Opening

  /// Opens the graph at `path`: loads the snapshot and replays the journal.
  ///
  /// - Parameters:
  ///   - mode: `.readWrite` takes the writer's lock and journals commits; it also removes
  ///     the temporary files of an interrupted checkpoint.
  ///   - createIfMissing: in read-write mode, create an empty graph when `path` does not
  ///     exist.
  /// - Throws: `GraphError`: `.locked` naming the process that holds the graph;
  ///   `.notAGraph` for a file that is not a snapshot (left untouched), `.newerFormat`,
  ///   `.truncated` or `.corrupt` (with path and byte offset) for a damaged snapshot or
  ///   journal; `.journalMismatch` for a journal that belongs to another snapshot; `.io`
  ///   when a file cannot be read or written, does not exist, is not a regular file, or
  ///   sits behind a symbolic-link loop.
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
  /// - Throws: `GraphError` `.notAGraph` when `path` holds a file that is not a graph
  ///   (it is never overwritten), `.locked` when another writer holds `path`, or `.io`.
  /// - Complexity: O(graph size).
  public static func create(_ path: String, from graph: Graph) throws(GraphError) -> GraphFile {
    let realPath = try FileSystem.realPath(path)
    try requireGraphOrNothing(path, realPath: realPath, allowsMissing: true)
    let lock = try FileLock.acquire(graphPath: realPath, displayPath: path)
    removeLeftovers(realPath)
    let journalPath = realPath + ".wal"
    let previous = (try? Journal.read(path: journalPath))??.generation ?? 0
    let generation = newGeneration(after: previous)
    graph.isRecordingChanges = false
    _ = graph.takeRecordedChanges()
    try SnapshotWriter.write(
      graph, to: realPath, generation: generation, parentGeneration: previous)
    try Journal.create(path: journalPath, generation: generation)
    let file = GraphFile(
      path: path, realPath: realPath, mode: .readWrite, graph: graph, generation: generation)
    file.lock = lock
    file.journal = try JournalWriter(path: journalPath, byteCount: Journal.headerByteCount)
    graph.isRecordingChanges = true
    return file
  }

  private static func openForWriting(_ path: String, createIfMissing: Bool) throws(GraphError)
    -> GraphFile
  {
    let realPath = try FileSystem.realPath(path)
    try requireGraphOrNothing(path, realPath: realPath, allowsMissing: createIfMissing)
    let lock = try FileLock.acquire(graphPath: realPath, displayPath: path)
    removeLeftovers(realPath)
    let journalPath = realPath + ".wal"
    if try FileSystem.kind(realPath) == .missing {
      guard try FileSystem.kind(journalPath) == .missing else {
        throw GraphError(
          .journalMismatch, "'\(journalPath)' has no snapshot '\(path)' to belong to",
          path: journalPath)
      }
      let generation = newGeneration(after: 0)
      try SnapshotWriter.write(Graph(), to: realPath, generation: generation, parentGeneration: 0)
      try Journal.create(path: journalPath, generation: generation)
    }
    let file = GraphFile(
      path: path, realPath: realPath, mode: .readWrite, graph: Graph(), generation: 0)
    file.lock = lock
    try file.loadForWriting()
    return file
  }

  /// Loads the snapshot, replays its journal and opens the journal for appending: what
  /// opening for writing does, and what a failed commit does to return the graph in
  /// memory to what is durable. A version 1 journal with records is folded into a new
  /// snapshot, so appends always go to a current-format journal.
  private func loadForWriting() throws(GraphError) {
    journal = nil
    let snapshot = try SnapshotReader.load(path: realPath)
    graph.isRecordingChanges = false
    graph = snapshot.graph
    generation = snapshot.header.generation
    needsNewJournal = false
    switch try GraphFile.journalState(journalPath, snapshot: snapshot.header) {
    case .current(let contents):
      try Journal.replay(contents, onto: graph, path: journalPath)
      if contents.version == Journal.version {
        journal = try JournalWriter(path: journalPath, byteCount: contents.goodByteCount)
      } else if contents.records.isEmpty {
        try startJournal()
      } else {
        try writeSnapshot()
        try startJournal()
      }
    case .missing, .folded:
      try startJournal()
    case .mismatched(let found):
      throw GraphFile.mismatch(journalPath, found: found, snapshot: snapshot.header)
    }
    graph.isRecordingChanges = true
  }

  private static func openForReading(_ path: String) throws(GraphError) -> GraphFile {
    let realPath = try FileSystem.realPath(path)
    try requireGraphOrNothing(path, realPath: realPath, allowsMissing: false)
    let journalPath = realPath + ".wal"
    // A checkpoint in another process can replace the snapshot and then the journal
    // between our two reads; reading again then sees a matching pair.
    var attempt = 0
    while true {
      attempt += 1
      let snapshot = try SnapshotReader.load(path: realPath)
      switch try journalState(journalPath, snapshot: snapshot.header) {
      case .current(let contents):
        try Journal.replay(contents, onto: snapshot.graph, path: journalPath)
      case .missing, .folded: break
      case .mismatched(let found):
        if attempt < 3 { continue }
        throw mismatch(journalPath, found: found, snapshot: snapshot.header)
      }
      return GraphFile(
        path: path, realPath: realPath, mode: .readOnly, graph: snapshot.graph,
        generation: snapshot.header.generation)
    }
  }

  enum JournalState {
    case missing
    case current(Journal.Contents)
    /// Left by a checkpoint that stopped before starting the new journal.
    case folded(Journal.Contents)
    case mismatched(generation: UInt64)
  }

  static func journalState(_ journalPath: String, snapshot: SnapshotHeader) throws(GraphError)
    -> JournalState
  {
    guard let contents = try Journal.read(path: journalPath) else { return .missing }
    if contents.generation == snapshot.generation { return .current(contents) }
    if snapshot.parentGeneration != 0 && contents.generation == snapshot.parentGeneration {
      return .folded(contents)
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

  /// A generation as 16 hexadecimal digits, as messages and `guanxi check` show it.
  public static func hex(_ generation: UInt64) -> String {
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
  /// When it returns, the changes survive any crash. When it throws, none of them is in
  /// the journal and the graph is reloaded from disk (`graph` is then a new object
  /// holding exactly what was committed before), so the in-memory graph never holds a
  /// change that is not durable. A batch too large for one journal record (2 GiB
  /// encoded, as a bulk load with recording on may make) is committed by writing a
  /// snapshot instead.
  /// - Throws: `GraphError` `.io` (its message says the changes were rolled back, or
  ///   that the graph could not be reloaded and was closed), or `.io` when the file is
  ///   read-only or closed.
  /// - Complexity: O(size of the changes); O(graph size) when it fails.
  public func commit() throws(GraphError) {
    try requireWritable()
    let changes = graph.takeRecordedChanges()
    guard !changes.isEmpty else { return }
    do throws(GraphError) {
      try append(changes)
    } catch {
      throw rollBack(after: error)
    }
  }

  private func append(_ changes: [GraphChange]) throws(GraphError) {
    if needsNewJournal { try startJournal() }
    guard let journal else { throw GraphError(.io, "'\(path)' has no open journal", path: path) }
    let payload = BinaryWriter.batch(changes)
    if payload.count > Journal.maximumPayloadByteCount {
      // Too big for one record: a snapshot holds the batch just as atomically.
      try writeSnapshot()
      try startJournal()
      return
    }
    journal.injectedFailure = injectedJournalFailure
    injectedJournalFailure = nil
    try journal.append(payload: payload)
  }

  /// Returns the graph in memory to what is durable after a failed commit, and the error
  /// to report.
  private func rollBack(after failure: GraphError) -> GraphError {
    do throws(GraphError) {
      try loadForWriting()
      return GraphError(
        failure.code,
        "\(failure.message); nothing of the change was saved and it was rolled back in memory",
        path: failure.path, byteOffset: failure.byteOffset)
    } catch {
      close()
      return GraphError(
        failure.code,
        "\(failure.message); nothing of the change was saved, and the graph could not be reloaded (\(error.description)), so it was closed",
        path: failure.path, byteOffset: failure.byteOffset)
    }
  }

  /// Commits, then folds the journal into a new snapshot and starts an empty journal.
  ///
  /// Also compacts the graph in memory (property records and adjacency lists). Safe
  /// against a crash at any step; see the type's discussion. When the snapshot cannot be
  /// written, what was committed stays safe in the journal.
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
    try SnapshotWriter.write(graph, to: realPath, generation: next, parentGeneration: generation)
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
      snapshotBytes: FileSystem.size(realPath) ?? 0,
      journalBytes: FileSystem.size(journalPath) ?? 0)
  }
}
