import Foundation

/// A writer that formats into an `OutputBuffer`; the file, handle and in-memory forms of
/// its output come from here, so each writer's public `write(toFile:)`, `write(to:)`
/// and `bytes()` are one line.
protocol StreamingExporter {
  func write(into out: OutputBuffer) throws(ExportError)
}

extension StreamingExporter {
  func writeFile(_ path: String) throws(ExportError) {
    try OutputBuffer.withFile(path) { out throws(ExportError) in try write(into: out) }
  }

  func writeHandle(_ handle: FileHandle) throws(ExportError) {
    try OutputBuffer.withHandle(handle) { out throws(ExportError) in try write(into: out) }
  }

  /// Collecting into memory cannot fail, so this returns the bytes, never throws.
  func collectBytes() -> [UInt8] {
    (try? OutputBuffer.collecting { out throws(ExportError) in try write(into: out) }) ?? []
  }
}
