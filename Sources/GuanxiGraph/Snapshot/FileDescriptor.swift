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
    let reason = String(cString: strerror(errno))
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
