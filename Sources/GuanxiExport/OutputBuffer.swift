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

  /// This buffer's size: `chunkSize` unless asked for less (many files open at once).
  private let capacity: Int
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
  init(fileDescriptor: Int32, path: String?, capacity: Int = OutputBuffer.chunkSize) {
    self.fileDescriptor = fileDescriptor
    self.path = path
    self.capacity = max(capacity, 64)
    storage = .allocate(capacity: self.capacity)
  }

  /// A buffer collecting into `collected`.
  convenience init() { self.init(fileDescriptor: -1, path: nil, capacity: 1 << 12) }

  deinit { storage.deallocate() }

  /// Room for at least `n` more bytes without a flush; `n` must not exceed 64.
  @inline(__always) func ensure(_ n: Int) {
    if capacity - count < n { flush() }
  }

  @inline(__always) func byte(_ b: UInt8) {
    if count == capacity { flush() }
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
    if source.count > capacity - count {
      flush()
      if source.count >= capacity {
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
    var digits = 1
    var rest = magnitude / 10
    while rest > 0 {
      digits += 1
      rest /= 10
    }
    var i = count + digits
    repeat {
      i -= 1
      storage[i] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 48
      magnitude /= 10
    } while magnitude > 0
    count += digits
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

  /// Runs `body` with a buffer writing to a file created or replaced at `path`.
  ///
  /// A regular file (new or old) is written beside its destination under a temporary
  /// name and renamed over it only when everything was written, so a failed or refused
  /// export leaves the old file as it was and no partial one. A symbolic link is
  /// followed: the file it points to is replaced, the link stays. Anything else (a
  /// device such as `/dev/null`) is written in place.
  static func withFile(
    _ path: String, _ body: (OutputBuffer) throws(ExportError) -> Void
  ) throws(ExportError) {
    var target = path
    if let resolved = realpath(path, nil) {
      target = String(cString: resolved)
      free(resolved)
    }
    var status = stat()
    let isSpecial = stat(target, &status) == 0 && status.st_mode & S_IFMT != S_IFREG
    let slash = target.lastIndex(of: "/")
    let folder = slash.map { String(target[..<$0]) + "/" } ?? ""
    let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
    let temporary = isSpecial ? target : "\(folder).\(name).guanxi-\(getpid()).tmp"
    let flags = isSpecial ? O_WRONLY | O_CLOEXEC : O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
    let fd = open(temporary, flags, 0o644)
    guard fd >= 0 else {
      throw ExportError(.io, "cannot create file: \(String(cString: strerror(errno)))", path: path)
    }
    do throws(ExportError) {
      let out = OutputBuffer(fileDescriptor: fd, path: path)
      try body(out)
      try out.finish()
      close(fd)
    } catch {
      close(fd)
      if !isSpecial { unlink(temporary) }
      throw error
    }
    guard isSpecial || rename(temporary, target) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw ExportError(.io, "cannot replace the file: \(reason)", path: path)
    }
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
  static func collecting<Failure: Error>(_ body: (OutputBuffer) throws(Failure) -> Void)
    throws(Failure) -> [UInt8]
  {
    let out = OutputBuffer()
    try body(out)
    out.flush()
    return out.collected
  }
}
