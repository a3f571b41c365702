import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Bytes on their way to a file descriptor (in chunks of `chunkSize`) or into memory.
///
/// Writers format straight into one fixed buffer and hand it to `write(2)` when it is
/// full, so an export uses constant memory whatever the size of the graph. Appending
/// never throws: the first write failure is kept in `error`, later output is dropped,
/// and writers check `error` after each record and at the end.
final class OutputBuffer {
  static let chunkSize = 1 << 20

  private let storage: UnsafeMutablePointer<UInt8>
  private(set) var count = 0
  private let fileDescriptor: Int32
  private let path: String?
  /// Everything written, when the buffer collects into memory (`fileDescriptor < 0`).
  private(set) var collected: [UInt8] = []
  /// The first write failure.
  private(set) var error: ExportError?
  /// Bytes handed on so far, plus those still buffered.
  var totalBytes: Int { flushedBytes + count }
  private var flushedBytes = 0

  /// A buffer flushing to `fileDescriptor` (which the caller owns and closes).
  init(fileDescriptor: Int32, path: String?) {
    self.fileDescriptor = fileDescriptor
    self.path = path
    storage = .allocate(capacity: OutputBuffer.chunkSize)
  }

  /// A buffer collecting into `collected`.
  convenience init() { self.init(fileDescriptor: -1, path: nil) }

  deinit { storage.deallocate() }

  /// Room for at least `n` more bytes without a flush; `n` must not exceed `chunkSize`.
  @inline(__always) func ensure(_ n: Int) {
    if OutputBuffer.chunkSize - count < n { flush() }
  }

  @inline(__always) func byte(_ b: UInt8) {
    if count == OutputBuffer.chunkSize { flush() }
    storage[count] = b
    count += 1
  }

  /// Appends without checking for room: call `ensure` first.
  @inline(__always) func byteUnchecked(_ b: UInt8) {
    storage[count] = b
    count += 1
  }

  func bytes(_ source: UnsafeRawBufferPointer) {
    guard let base = source.baseAddress, source.count > 0 else { return }
    if source.count > OutputBuffer.chunkSize - count {
      flush()
      if source.count >= OutputBuffer.chunkSize {
        emit(base, source.count)
        return
      }
    }
    (storage + count).update(from: base.assumingMemoryBound(to: UInt8.self), count: source.count)
    count += source.count
  }

  @inline(__always) func bytes(_ source: UnsafeBufferPointer<UInt8>) {
    bytes(UnsafeRawBufferPointer(source))
  }

  func bytes(_ source: [UInt8]) { source.withUnsafeBytes { bytes($0) } }

  func ascii(_ text: StaticString) {
    bytes(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  func string(_ text: String) {
    var text = text
    text.withUTF8 { bytes($0) }
  }

  /// A decimal integer.
  func decimal(_ value: Int64) {
    ensure(20)
    if value < 0 {
      storage[count] = UInt8(ascii: "-")
      count += 1
    }
    var magnitude = value.magnitude
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch
    let written = withUnsafeMutableBytes(of: &digits) { scratch -> Int in
      var i = 24
      repeat {
        i -= 1
        scratch[i] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 48
        magnitude /= 10
      } while magnitude > 0
      (storage + count).update(
        from: scratch.baseAddress!.assumingMemoryBound(to: UInt8.self) + i, count: 24 - i)
      return 24 - i
    }
    count += written
  }

  /// A decimal integer padded with zeros to `width` digits (for dates).
  @inline(__always) func paddedDecimal(_ value: Int, width: Int) {
    ensure(width + 12)
    var v = value
    if v < 0 {
      byteUnchecked(UInt8(ascii: "-"))
      v = -v
    }
    var digits = 1
    var limit = 10
    while v >= limit && digits < 12 {
      digits += 1
      limit *= 10
    }
    let n = max(width, digits)
    for i in stride(from: n - 1, through: 0, by: -1) {
      storage[count + i] = UInt8(truncatingIfNeeded: v % 10) &+ 48
      v /= 10
    }
    count += n
  }

  /// Writes the buffered bytes out (or into `collected`).
  func flush() {
    guard count > 0 else { return }
    emit(UnsafeRawPointer(storage), count)
    count = 0
  }

  private func emit(_ base: UnsafeRawPointer, _ n: Int) {
    flushedBytes += n
    guard error == nil else { return }
    if fileDescriptor < 0 {
      collected.append(contentsOf: UnsafeRawBufferPointer(start: base, count: n))
      return
    }
    var done = 0
    while done < n {
      let result = write(fileDescriptor, base + done, n - done)
      if result < 0 {
        if errno == EINTR { continue }
        error = ExportError(.io, "cannot write: \(String(cString: strerror(errno)))", path: path)
        return
      }
      done += result
    }
  }

  /// Throws the first write failure, if any.
  func check() throws(ExportError) {
    if let error { throw error }
  }

  /// Flushes and throws the first write failure, if any.
  func finish() throws(ExportError) {
    flush()
    try check()
  }

  /// Runs `body` with a buffer writing to a file created (or truncated) at `path`.
  static func withFile(
    _ path: String, _ body: (OutputBuffer) throws(ExportError) -> Void
  ) throws(ExportError) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw ExportError(.io, "cannot create file: \(String(cString: strerror(errno)))", path: path)
    }
    defer { close(fd) }
    let out = OutputBuffer(fileDescriptor: fd, path: path)
    try body(out)
    try out.finish()
  }

  /// Runs `body` with a buffer writing to `handle` (left open).
  static func withHandle(
    _ handle: FileHandle, _ body: (OutputBuffer) throws(ExportError) -> Void
  ) throws(ExportError) {
    let out = OutputBuffer(fileDescriptor: handle.fileDescriptor, path: nil)
    try body(out)
    try out.finish()
  }

  /// Runs `body` with a buffer collecting into memory and returns the bytes.
  static func collecting(_ body: (OutputBuffer) throws(ExportError) -> Void) rethrows -> [UInt8] {
    let out = OutputBuffer()
    try body(out)
    out.flush()
    return out.collected
  }
}
