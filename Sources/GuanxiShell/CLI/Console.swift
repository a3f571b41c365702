#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a command writes: results to standard output, messages to standard error.
///
/// Output is buffered and written in large blocks, so printing a million rows does
/// not make a million system calls. Commands take a `Console` instead of calling
/// `print`, so tests can capture both streams.
public final class Console {
  private let outputDescriptor: Int32
  private let errorDescriptor: Int32
  private var buffer: [UInt8] = []
  /// Captured output when the console was made for a test.
  public private(set) var captured: (output: String, error: String)?

  /// A console on the process's standard output and standard error.
  public init() {
    outputDescriptor = 1
    errorDescriptor = 2
  }

  /// A console that keeps what is written, for tests.
  public static func capturing() -> Console {
    let console = Console(output: -1, error: -1)
    console.captured = ("", "")
    return console
  }

  private init(output: Int32, error: Int32) {
    outputDescriptor = output
    errorDescriptor = error
  }

  /// Whether this console writes to the process's standard output and error (not a
  /// test's capture): only then may a command take over signals.
  public var isStandardIO: Bool { captured == nil && outputDescriptor == 1 }

  /// Whether standard output is a terminal.
  public var isOutputTerminal: Bool { outputDescriptor >= 0 && isatty(outputDescriptor) == 1 }

  /// Writes to standard output (buffered).
  public func write(_ text: String) {
    if captured != nil {
      captured?.output += text
      return
    }
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= 1 << 16 { flush() }
  }

  /// Writes a line to standard output.
  public func line(_ text: String = "") { write(text + "\n") }

  /// Writes a message line to standard error, after flushing standard output.
  public func error(_ text: String) {
    flush()
    if captured != nil {
      captured?.error += text + "\n"
      return
    }
    Console.writeAll(errorDescriptor, Array((text + "\n").utf8))
  }

  /// Sends buffered output to standard output.
  public func flush() {
    guard !buffer.isEmpty, outputDescriptor >= 0 else { return }
    Console.writeAll(outputDescriptor, buffer)
    buffer.removeAll(keepingCapacity: true)
  }

  private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
    bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          return
        }
        offset += n
      }
    }
  }

  deinit { flush() }
}
