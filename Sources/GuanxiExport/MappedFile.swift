#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A read-only memory map of a whole file, which parsing threads share.
///
/// Parsers call `release(_:)` behind themselves, so that the pages they have finished
/// with leave the process's resident set (the page cache keeps them): mapping an 872 MB
/// file then costs a few tens of MB of RSS, not 872.
final class MappedFile: @unchecked Sendable {
  let path: String
  /// The bytes; nil for an empty file.
  let base: UnsafePointer<UInt8>?
  let count: Int
  private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

  init(path: String) throws(ExportError) {
    self.path = path
    let fd = try openRegularFile(path)
    defer { close(fd) }
    var status = stat()
    guard fstat(fd, &status) == 0 else {
      throw ExportError(.io, "cannot stat: \(String(cString: strerror(errno)))", path: path)
    }
    count = Int(status.st_size)
    if count == 0 {
      base = nil
      return
    }
    guard let mapped = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
      throw ExportError(.io, "cannot map: \(String(cString: strerror(errno)))", path: path)
    }
    _ = madvise(mapped, count, MADV_SEQUENTIAL)
    base = UnsafePointer(mapped.assumingMemoryBound(to: UInt8.self))
  }

  deinit {
    if let base { munmap(UnsafeMutableRawPointer(mutating: base), count) }
  }

  /// Drops the whole pages inside `range` from the resident set; reading them again
  /// faults them back in from the page cache.
  func release(_ range: Range<Int>) {
    guard let base else { return }
    let page = MappedFile.pageSize
    let start = (range.lowerBound + page - 1) / page * page
    let end = range.upperBound / page * page
    guard end > start else { return }
    _ = madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
  }

  /// The 1-based line and column (in Characters) of byte `offset`.
  func location(of offset: Int) -> (line: Int, column: Int) {
    guard let base else { return (1, 1) }
    let offset = min(offset, count)
    var line = 1
    var lineStart = 0
    var i = 0
    while i < offset, let hit = memchr(base + i, 0x0A, offset - i) {
      let nl = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
      line += 1
      lineStart = nl + 1
      i = nl + 1
    }
    let prefix = UnsafeBufferPointer(start: base + lineStart, count: offset - lineStart)
    return (line, String(decoding: prefix, as: UTF8.self).count + 1)
  }

  /// Byte offsets where `parts` pieces of `start..<count` begin, each (but the first)
  /// just after a newline, ascending and ending with `count`; pieces may be empty.
  func lineAlignedSplits(from start: Int, parts: Int) -> [Int] {
    var bounds = [start]
    guard let base else { return [start, count] }
    let size = count - start
    for k in 1..<max(parts, 1) {
      var cut = max(start + size / parts * k, bounds[bounds.count - 1])
      if cut < count, let hit = memchr(base + cut, 0x0A, count - cut) {
        cut = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit)) + 1
      } else {
        cut = count
      }
      bounds.append(cut)
    }
    bounds.append(count)
    return bounds
  }
}

/// Opens `path` for reading when it is a regular file. A named pipe, a device or a
/// folder is refused instead of read: reading a pipe with no writer blocks for ever.
///
/// - Throws: `ExportError` `.io` naming the path and what it is.
func openRegularFile(_ path: String) throws(ExportError) -> Int32 {
  let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
  guard fd >= 0 else {
    let reason =
      errno == ELOOP
      ? "its symbolic links form a loop (or a chain longer than 40 links)"
      : String(cString: strerror(errno))
    throw ExportError(.io, "cannot open: \(reason)", path: path)
  }
  var status = stat()
  guard fstat(fd, &status) == 0 else {
    let reason = String(cString: strerror(errno))
    close(fd)
    throw ExportError(.io, "cannot stat: \(reason)", path: path)
  }
  let kind: String
  switch status.st_mode & S_IFMT {
  case S_IFREG: return fd
  case S_IFDIR: kind = "a folder"
  case S_IFIFO: kind = "a named pipe"
  case S_IFCHR, S_IFBLK: kind = "a device"
  default: kind = "a socket"
  }
  close(fd)
  throw ExportError(.io, "is \(kind), not a regular file; only regular files are read", path: path)
}
