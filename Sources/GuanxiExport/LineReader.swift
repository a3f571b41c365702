#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a file line by line in large chunks, without holding the whole file.
///
/// Lines end at `\n`; a `\r` before it is dropped, and so is a UTF-8 byte order mark
/// at the start of the file. A line longer than the buffer grows the buffer. Line
/// numbers start at 1.
struct LineReader {
  static let chunkSize = 4 << 20

  /// Calls `body` with each line of the file at `path` and its number.
  static func forEachLine(
    path: String,
    _ body: (UnsafeBufferPointer<UInt8>, Int) throws(ExportError) -> Void
  ) throws(ExportError) {
    let fd = try openRegularFile(path)
    defer { close(fd) }
    var capacity = chunkSize
    var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    defer { buffer.deallocate() }
    var start = 0
    var end = 0
    var scan = 0
    var lineNumber = 0
    var isAtEOF = false
    while true {
      if let newline = memchr(buffer + scan, 0x0A, end - scan) {
        let nl = buffer.distance(to: newline.assumingMemoryBound(to: UInt8.self))
        lineNumber += 1
        try body(trimmed(buffer, start, nl, isFirst: lineNumber == 1), lineNumber)
        start = nl + 1
        scan = start
        continue
      }
      if isAtEOF {
        if start < end {
          lineNumber += 1
          try body(trimmed(buffer, start, end, isFirst: lineNumber == 1), lineNumber)
        }
        return
      }
      // Keep the partial line, make room, read more.
      if start > 0 {
        if end > start { memmove(buffer, buffer + start, end - start) }
        end -= start
        start = 0
      }
      if end == capacity {
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
        bigger.update(from: buffer, count: end)
        buffer.deallocate()
        buffer = bigger
        capacity *= 2
      }
      scan = end
      let n = read(fd, buffer + end, capacity - end)
      if n < 0 {
        if errno == EINTR { continue }
        throw ExportError(.io, "cannot read: \(String(cString: strerror(errno)))", path: path)
      }
      if n == 0 { isAtEOF = true }
      end += n
    }
  }

  /// Calls `body` with each line of `bytes` and its number.
  static func forEachLine(
    bytes: [UInt8],
    _ body: (UnsafeBufferPointer<UInt8>, Int) throws(ExportError) -> Void
  ) throws(ExportError) {
    try bytes.withUnsafeBufferPointer { all throws(ExportError) in
      guard let base = all.baseAddress else { return }
      let buffer = UnsafeMutablePointer(mutating: base)
      var start = 0
      var lineNumber = 0
      while start < all.count {
        var nl = start
        while nl < all.count && all[nl] != 0x0A { nl += 1 }
        lineNumber += 1
        try body(trimmed(buffer, start, nl, isFirst: lineNumber == 1), lineNumber)
        start = nl + 1
      }
    }
  }

  private static func trimmed(
    _ buffer: UnsafeMutablePointer<UInt8>, _ start: Int, _ end: Int, isFirst: Bool
  ) -> UnsafeBufferPointer<UInt8> {
    var s = start
    var e = end
    if e > s && buffer[e - 1] == 0x0D { e -= 1 }
    if isFirst && e - s >= 3 && buffer[s] == 0xEF && buffer[s + 1] == 0xBB && buffer[s + 2] == 0xBF
    {
      s += 3
    }
    return UnsafeBufferPointer(start: buffer + s, count: e - s)
  }
}
