import Glibc

#if !_endian(little)
  #error("Guanxi snapshots and journals are little-endian and written straight from memory")
#endif

/// A POSIX file descriptor with the few operations snapshots and journals need, each
/// retrying `EINTR` and short transfers and failing with a `GraphError` that names the
/// path.
///
/// Not `~Copyable` on purpose: owners (`GraphFile`, the snapshot reader and writer)
/// close it exactly once themselves.
struct FileDescriptor {
  let rawValue: Int32
  let path: String

  /// Opens `path` with `open(2)` flags (`O_CLOEXEC` is always added).
  ///
  /// - Throws: `GraphError` `.io` with the system's reason.
  static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) throws(GraphError)
    -> FileDescriptor
  {
    while true {
      let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
      if fd >= 0 { return FileDescriptor(rawValue: fd, path: path) }
      if errno == EINTR { continue }
      throw GraphError.system("cannot open", path: path)
    }
  }

  /// Opens an existing regular file for reading; anything else (a named pipe, a device, a
  /// folder) is refused rather than read, which could block for ever.
  ///
  /// - Parameter what: what the file should be, for the message ("a graph file").
  /// - Throws: `GraphError` `.io`.
  static func openRegular(_ path: String, what: String) throws(GraphError) -> FileDescriptor {
    let fd = try open(path, flags: O_RDONLY | O_NONBLOCK)
    var info = stat()
    guard fstat(fd.rawValue, &info) == 0 else {
      fd.close()
      throw GraphError.system("cannot stat", path: path)
    }
    guard info.st_mode & S_IFMT == S_IFREG else {
      fd.close()
      let kind = FileSystem.Kind(mode: info.st_mode, byteCount: 0)
      throw GraphError(.io, "'\(path)' is \(kind.description), not \(what)", path: path)
    }
    return fd
  }

  func close() { _ = Glibc.close(rawValue) }

  /// The file's size in bytes.
  func size() throws(GraphError) -> Int {
    var info = stat()
    guard fstat(rawValue, &info) == 0 else { throw GraphError.system("cannot stat", path: path) }
    return Int(info.st_size)
  }

  /// Reads exactly `buffer.count` bytes at `byteOffset`.
  ///
  /// - Returns: the number of bytes read, less than asked only at the end of the file.
  func read(into buffer: UnsafeMutableRawBufferPointer, at byteOffset: Int) throws(GraphError)
    -> Int
  {
    var done = 0
    while done < buffer.count {
      guard let base = buffer.baseAddress else { break }
      // Linux transfers at most about 2 GB per call.
      let chunk = min(buffer.count - done, 1 << 30)
      let n = pread(rawValue, base + done, chunk, off_t(byteOffset + done))
      if n < 0 {
        if errno == EINTR { continue }
        throw GraphError.system("cannot read", path: path, byteOffset: byteOffset + done)
      }
      if n == 0 { break }
      done += n
    }
    return done
  }

  /// Writes all of `bytes` at the current position.
  func write(_ bytes: UnsafeRawBufferPointer) throws(GraphError) {
    var done = 0
    while done < bytes.count {
      guard let base = bytes.baseAddress else { break }
      let chunk = min(bytes.count - done, 1 << 30)
      let n = Glibc.write(rawValue, base + done, chunk)
      if n < 0 {
        if errno == EINTR { continue }
        throw GraphError.system("cannot write", path: path)
      }
      done += n
    }
  }

  /// Writes all of `bytes` at `byteOffset`.
  func write(_ bytes: UnsafeRawBufferPointer, at byteOffset: Int) throws(GraphError) {
    var done = 0
    while done < bytes.count {
      guard let base = bytes.baseAddress else { break }
      let chunk = min(bytes.count - done, 1 << 30)
      let n = pwrite(rawValue, base + done, chunk, off_t(byteOffset + done))
      if n < 0 {
        if errno == EINTR { continue }
        throw GraphError.system("cannot write", path: path, byteOffset: byteOffset + done)
      }
      done += n
    }
  }

  func write(_ bytes: [UInt8]) throws(GraphError) {
    try bytes.withBytes { (raw) throws(GraphError) in try write(raw) }
  }

  /// Flushes the file's data and metadata to the disk.
  func sync() throws(GraphError) {
    while fsync(rawValue) != 0 {
      if errno == EINTR { continue }
      throw GraphError.system("cannot flush", path: path)
    }
  }

  func truncate(to byteCount: Int) throws(GraphError) {
    while ftruncate(rawValue, off_t(byteCount)) != 0 {
      if errno == EINTR { continue }
      throw GraphError.system("cannot truncate", path: path)
    }
  }

  func seek(to byteOffset: Int) throws(GraphError) {
    guard lseek(rawValue, off_t(byteOffset), SEEK_SET) >= 0 else {
      throw GraphError.system("cannot seek", path: path)
    }
  }
}

/// File system operations on paths.
enum FileSystem {
  static func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }

  /// What a path names once its symbolic links are followed.
  enum Kind: Equatable {
    case missing
    case regular(byteCount: Int)
    case directory
    /// A named pipe, a device or a socket: reading one can block for ever, so graph files
    /// and documents never are one. The associated text names it ("a named pipe").
    case special(String)

    init(mode: mode_t, byteCount: Int) {
      switch mode & S_IFMT {
      case S_IFREG: self = .regular(byteCount: byteCount)
      case S_IFDIR: self = .directory
      case S_IFIFO: self = .special("a named pipe")
      case S_IFCHR: self = .special("a character device")
      case S_IFBLK: self = .special("a block device")
      case S_IFSOCK: self = .special("a socket")
      default: self = .special("not a regular file")
      }
    }

    /// "a folder", "a named pipe", for messages.
    var description: String {
      switch self {
      case .missing: "missing"
      case .regular: "a regular file"
      case .directory: "a folder"
      case .special(let what): what
      }
    }
  }

  /// The kind of file at `path`, following symbolic links.
  ///
  /// - Throws: `GraphError` `.io` for a symbolic-link loop or a path that cannot be
  ///   examined (no permission).
  static func kind(_ path: String) throws(GraphError) -> Kind {
    var info = stat()
    guard stat(path, &info) == 0 else {
      if errno == ENOENT || errno == ENOTDIR { return .missing }
      throw GraphError.system("cannot examine", path: path)
    }
    return Kind(mode: info.st_mode, byteCount: Int(info.st_size))
  }

  /// The absolute path of `path` with every symbolic link resolved. For a path that does
  /// not exist yet, the real path of its folder plus its name; a symbolic link to a
  /// missing file resolves to where its target would be.
  ///
  /// Two names of one file (a link and its target, `a/../b` and `b`) give the same real
  /// path, which is what locks and journals are named after.
  /// - Throws: `GraphError` `.io` naming a symbolic-link loop as a loop, or a folder on the
  ///   way that does not exist.
  static func realPath(_ path: String) throws(GraphError) -> String {
    var current = path
    // Linux's own limit on links followed while resolving one path.
    for _ in 0..<40 {
      if let resolved = realpath(current, nil) {
        defer { free(resolved) }
        return String(cString: resolved)
      }
      guard errno == ENOENT else { throw GraphError.system("cannot resolve", path: path) }
      guard let target = linkTarget(current) else {
        // Nothing at `current`: resolve its folder, keep its name.
        let folder = directoryName(current)
        guard let resolved = realpath(folder, nil) else {
          throw GraphError.system("cannot resolve the folder of", path: path)
        }
        defer { free(resolved) }
        let base = String(cString: resolved)
        return (base == "/" ? "" : base) + "/" + baseName(current)
      }
      // A link to a file not there yet: follow it by hand.
      current = target.hasPrefix("/") ? target : directoryName(current) + "/" + target
    }
    errno = ELOOP
    throw GraphError.system("cannot resolve", path: path)
  }

  /// The target of the symbolic link at `path`, or nil when it is not a link.
  private static func linkTarget(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let n = readlink(path, &buffer, buffer.count - 1)
    guard n >= 0 else { return nil }
    return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  static func baseName(_ path: String) -> String {
    guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
    return String(path[path.utf8.index(after: slash)...])
  }

  /// The first `count` bytes of the file at `path` (fewer when it is shorter), read
  /// without blocking on a named pipe; nil when it cannot be opened.
  static func prefix(of path: String, count: Int) -> [UInt8]? {
    let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard fd >= 0 else { return nil }
    defer { _ = Glibc.close(fd) }
    var bytes = [UInt8](repeating: 0, count: count)
    let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, 0) }
    guard n >= 0 else { return nil }
    return Array(bytes[0..<n])
  }

  /// The size of the file at `path`, or nil when there is none.
  static func size(_ path: String) -> Int? {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : nil
  }

  /// Renames `from` over `to` and flushes the directory, so the rename itself is durable.
  static func replace(_ to: String, with from: String) throws(GraphError) {
    guard rename(from, to) == 0 else {
      throw GraphError.system("cannot rename '\(from)' to", path: to)
    }
    try syncDirectory(of: to)
  }

  static func syncDirectory(of path: String) throws(GraphError) {
    let directory = directoryName(path)
    let fd = try FileDescriptor.open(directory, flags: O_RDONLY | O_DIRECTORY)
    defer { fd.close() }
    try fd.sync()
  }

  static func remove(_ path: String) { _ = unlink(path) }

  static func directoryName(_ path: String) -> String {
    guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
    if slash == path.utf8.startIndex { return "/" }
    return String(path[..<slash])
  }
}

extension GraphError {
  /// An `.io` error from `errno`: "cannot open 'g.gx': No such file or directory".
  static func system(_ what: String, path: String, byteOffset: Int? = nil) -> GraphError {
    // "Too many levels of symbolic links" is almost always a loop; say so.
    let reason =
      errno == ELOOP
      ? "its symbolic links form a loop (or a chain longer than 40 links)"
      : String(cString: strerror(errno))
    return GraphError(
      .io, "\(what) '\(path)': \(reason.lowercased())", path: path, byteOffset: byteOffset)
  }
}

extension Array {
  /// `withUnsafeBytes` for bodies that throw `GraphError` (the standard library's
  /// `rethrows` would widen the error to `any Error`).
  func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(GraphError) -> R) throws(GraphError)
    -> R
  {
    try withUnsafeBytes { raw in Result { () throws(GraphError) -> R in try body(raw) } }.get()
  }

  /// `withUnsafeMutableBytes` for bodies that throw `GraphError`.
  mutating func withMutableBytes<R>(
    _ body: (UnsafeMutableRawBufferPointer) throws(GraphError) -> R
  ) throws(GraphError) -> R {
    try withUnsafeMutableBytes { raw in Result { () throws(GraphError) -> R in try body(raw) } }
      .get()
  }
}
