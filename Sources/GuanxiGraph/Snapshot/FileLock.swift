import Glibc

/// The one-writer lock of a graph: an exclusive `flock(2)` on `NAME.gx.lock`, whose
/// content names the holder ("1234 guanxi repl g.gx") so a refused writer can say who
/// holds it.
///
/// `flock` locks belong to an open file description, so a second open in the same
/// process is refused too, and the kernel drops the lock when the holder exits, however
/// it exits: a stale lock file (left by a crash) never blocks anyone. The file itself
/// is never deleted, because deleting a lock file races with processes opening it.
final class FileLock {
  let path: String
  private let fd: FileDescriptor
  private var isHeld = true

  private init(path: String, fd: FileDescriptor) {
    self.path = path
    self.fd = fd
  }

  /// Takes the lock for the graph whose snapshot's real path is `graphPath`, waiting at
  /// most 0.2 s for a holder to let go; messages name the graph as `displayPath`.
  ///
  /// - Throws: `GraphError` `.locked` naming the holder when another open holds it, or
  ///   `.io`.
  static func acquire(graphPath: String, displayPath: String? = nil) throws(GraphError)
    -> FileLock
  {
    let path = graphPath + ".lock"
    let graphPath = displayPath ?? graphPath
    let fd = try FileDescriptor.open(path, flags: O_RDWR | O_CREAT)
    var retries = 0
    while flock(fd.rawValue, LOCK_EX | LOCK_NB) != 0 {
      if errno == EINTR { continue }
      let isBusy = errno == EWOULDBLOCK
      // A child another thread is spawning holds a copy of every descriptor until it
      // calls exec, which closes the lock's (O_CLOEXEC); a lock released just before is
      // held that long by the child. Retrying for up to 0.2 s rides that out; a real
      // holder is still refused.
      if isBusy && retries < 100 {
        retries += 1
        usleep(2_000)
        continue
      }
      let failure =
        isBusy
        ? GraphError(
          .locked, "'\(graphPath)' is being written by \(holderDescription(fd: fd))",
          path: graphPath)
        : GraphError.system("cannot lock", path: path)
      fd.close()
      throw failure
    }
    let lock = FileLock(path: path, fd: fd)
    let line = Array("\(getpid()) \(commandLine())\n".utf8)
    do throws(GraphError) {
      try fd.truncate(to: 0)
      try line.withBytes { (raw) throws(GraphError) in try fd.write(raw, at: 0) }
    } catch {
      lock.release()
      throw error
    }
    return lock
  }

  /// Empties the holder line and releases the lock; idempotent.
  func release() {
    guard isHeld else { return }
    isHeld = false
    try? fd.truncate(to: 0)
    fd.close()
  }

  deinit { release() }

  /// "process 1234 (guanxi repl g.gx)" from the lock file, or "another process" when
  /// the holder has not written its line yet.
  private static func holderDescription(fd: FileDescriptor) -> String {
    var bytes = [UInt8](repeating: 0, count: 4096)
    let n =
      (try? bytes.withMutableBytes { (raw) throws(GraphError) in try fd.read(into: raw, at: 0) })
      ?? 0
    let text = String(decoding: bytes[0..<n], as: UTF8.self)
    let line = text.split(separator: "\n", maxSplits: 1).first ?? ""
    let parts = line.split(separator: " ", maxSplits: 1)
    guard let pid = parts.first.flatMap({ Int32($0) }) else { return "another process" }
    guard parts.count == 2 else { return "process \(pid)" }
    return "process \(pid) (\(parts[1]))"
  }

  /// The program's name and arguments, the program without its directory, cut to 200
  /// characters: a long `-e` statement must not make the lock file large (a file size
  /// limit would then refuse the lock itself).
  private static func commandLine() -> String {
    var arguments = CommandLine.arguments
    if let first = arguments.first, let slash = first.lastIndex(of: "/") {
      arguments[0] = String(first[first.index(after: slash)...])
    }
    let line = arguments.joined(separator: " ").replacingNewlines()
    return line.count <= 200 ? line : line.prefix(199) + "…"
  }
}

extension String {
  fileprivate func replacingNewlines() -> String {
    String(map { $0 == "\n" || $0 == "\r" ? " " : $0 })
  }
}
