import Glibc

// State the signal handlers read. A handler may only make async-signal-safe calls
// (tcsetattr, write, sigaction, raise) and must not allocate, lock or touch reference
// counts, so everything it needs lives in raw memory set up before the handlers are
// installed.
nonisolated(unsafe) private let savedTermios = UnsafeMutablePointer<termios>.allocate(capacity: 1)
nonisolated(unsafe) private let previousActions = UnsafeMutablePointer<sigaction>.allocate(
  capacity: 65)
/// "Bracketed paste off", written when a signal ends the process in raw mode.
nonisolated(unsafe) private let resetSequence: UnsafeMutablePointer<UInt8> = {
  let bytes = Array("\u{1B}[?2004l\r\n".utf8)
  let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count)
  pointer.initialize(from: bytes, count: bytes.count)
  return pointer
}()
private let resetSequenceLength = 10
nonisolated(unsafe) private var terminalFD: Int32 = -1
/// 1 while the terminal is in raw mode, so a crash knows to restore it.
nonisolated(unsafe) private var isRawModeActive: Int32 = 0
/// The write end of the interrupt pipe, or -1.
nonisolated(unsafe) private var interruptPipeFD: Int32 = -1
nonisolated(unsafe) private var areHandlersInstalled = false

/// The signals after which the process is gone and the terminal must be left usable.
private let fatalSignals: [Int32] = [
  SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP,
]

/// Restores the saved terminal settings, then lets the signal do what it did before.
private func restoreTerminalAndResignal(_ signal: Int32) {
  if isRawModeActive != 0 {
    _ = tcsetattr(terminalFD, TCSANOW, savedTermios)
    _ = Glibc.write(terminalFD, resetSequence, resetSequenceLength)
    isRawModeActive = 0
  }
  // Reinstall the previous action (Swift's backtracer, or the default) and send the
  // signal again; for a fault it is also delivered again when the instruction reruns.
  _ = sigaction(signal, previousActions + Int(signal), nil)
  _ = raise(signal)
}

/// Ctrl-C while a statement runs: one byte into the interrupt pipe.
private func noteInterrupt(_ signal: Int32) {
  guard interruptPipeFD >= 0 else { return }
  let saved = errno
  var byte: UInt8 = 1
  _ = Glibc.write(interruptPipeFD, &byte, 1)
  errno = saved
}

/// A pipe that a Ctrl-C (SIGINT) writes a byte into, so that the thread waiting for a
/// statement can wake up with `poll` and cancel it.
///
/// Tests call `trigger()` to play the part of the user pressing Ctrl-C.
public final class InterruptSignal: @unchecked Sendable {
  let readFD: Int32
  let writeFD: Int32

  public init() {
    var fds: [Int32] = [-1, -1]
    if pipe(&fds) == 0 {
      for fd in fds {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
      }
    }
    readFD = fds[0]
    writeFD = fds[1]
  }

  deinit {
    if interruptPipeFD == writeFD { interruptPipeFD = -1 }
    close(readFD)
    close(writeFD)
  }

  /// Records one interrupt.
  public func trigger() {
    var byte: UInt8 = 1
    _ = Glibc.write(writeFD, &byte, 1)
  }

  /// Waits up to `milliseconds` for interrupts, takes them, and returns how many came.
  public func wait(milliseconds: Int32) -> Int {
    var descriptor = pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)
    guard poll(&descriptor, 1, milliseconds) > 0 else { return 0 }
    return drain()
  }

  /// Takes the interrupts recorded so far and returns how many there were.
  @discardableResult
  public func drain() -> Int {
    var buffer = [UInt8](repeating: 0, count: 64)
    var count = 0
    while true {
      let n = Glibc.read(readFD, &buffer, buffer.count)
      if n <= 0 { break }
      count += n
    }
    return count
  }

  /// Routes SIGINT to this pipe (instead of ending the process).
  public func installAsSIGINTHandler() {
    interruptPipeFD = writeFD
    var action = sigaction()
    action.__sigaction_handler.sa_handler = noteInterrupt
    sigemptyset(&action.sa_mask)
    action.sa_flags = SA_RESTART
    _ = sigaction(SIGINT, &action, nil)
  }
}

/// The controlling terminal: raw mode on and off, its width, unbuffered reads and writes.
///
/// Raw mode turns off echo, line buffering, signal keys and output processing so that
/// every key reaches the editor as bytes and the editor draws everything itself. Between
/// statements the terminal stays without echo (`Mode.waiting`), so keys typed while a
/// query runs neither appear in its output nor get lost. The settings in force before are
/// restored by `leaveRawMode()`, when the object goes away,
/// and, through signal handlers that make only async-signal-safe calls, when the process
/// is killed or crashes (SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGFPE,
/// SIGABRT, SIGTRAP), so a crash never leaves the user typing blind.
public final class Terminal {
  public let inputFD: Int32
  public let outputFD: Int32
  private var original = termios()

  /// The terminal on `input`, or nil when `input` is not a terminal.
  public init?(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) {
    guard isatty(input) == 1, tcgetattr(input, &original) == 0 else { return nil }
    inputFD = input
    outputFD = output
    Self.installCrashHandlers()
  }

  deinit { leaveRawMode() }

  static func installCrashHandlers() {
    guard !areHandlersInstalled else { return }
    areHandlersInstalled = true
    _ = resetSequence  // initialise the lazy global now, never inside a handler
    for signal in fatalSignals {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = restoreTerminalAndResignal
      sigemptyset(&action.sa_mask)
      action.sa_flags = 0
      _ = sigaction(signal, &action, previousActions + Int(signal))
    }
  }

  /// What the terminal is set up for.
  public enum Mode: Sendable {
    /// The settings found at start.
    case original
    /// Raw: every key reaches the line editor as bytes, nothing is echoed or translated.
    case editing
    /// While a statement runs: no echo and no line buffering, so keys typed ahead wait
    /// unchanged (and unshown) for the editor, but Ctrl-C still sends SIGINT and output
    /// newlines still return the carriage.
    case waiting
  }

  public private(set) var mode = Mode.original

  /// Switches to raw mode for editing (and turns on bracketed paste).
  public func enterRawMode() { set(.editing) }

  /// Switches to the mode for waiting on a statement.
  public func enterWaitingMode() { set(.waiting) }

  /// Restores the settings in force before raw mode.
  public func leaveRawMode() { set(.original) }

  public var isRaw: Bool { mode == .editing }

  func set(_ newMode: Mode) {
    guard newMode != mode else { return }
    if newMode == .original {
      write("\u{1B}[?2004l")
      _ = tcsetattr(inputFD, TCSADRAIN, &original)
      isRawModeActive = 0
      mode = .original
      return
    }
    var settings = original
    settings.c_iflag &= ~tcflag_t(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON)
    settings.c_lflag &= ~tcflag_t(ECHO | ECHONL | ICANON | IEXTEN)
    settings.c_cflag &= ~tcflag_t(CSIZE | PARENB)
    settings.c_cflag |= tcflag_t(CS8)
    if newMode == .editing {
      settings.c_oflag &= ~tcflag_t(OPOST)
      settings.c_lflag &= ~tcflag_t(ISIG)
    }
    withUnsafeMutableBytes(of: &settings.c_cc) { cc in
      cc[Int(VMIN)] = 1
      cc[Int(VTIME)] = 0
    }
    savedTermios.pointee = original
    terminalFD = inputFD
    isRawModeActive = 1
    guard tcsetattr(inputFD, TCSADRAIN, &settings) == 0 else { return }
    if mode == .original { write("\u{1B}[?2004h") }
    mode = newMode
  }

  /// The width in cells (TIOCGWINSZ), or 80 when the terminal does not say.
  public var width: Int {
    var size = winsize()
    guard ioctl(outputFD, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else {
      guard ioctl(inputFD, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
      return Int(size.ws_col)
    }
    return Int(size.ws_col)
  }

  /// Writes all of `text`, retrying after interrupted or partial writes.
  public func write(_ text: String) {
    writeAll(text, to: outputFD)
  }

  public enum ReadResult: Equatable {
    case bytes([UInt8])
    case timeout
    case endOfFile
  }

  /// Waits up to `milliseconds` (forever when negative) and reads what has arrived.
  public func read(timeoutMilliseconds milliseconds: Int32) -> ReadResult {
    var descriptor = pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0)
    while true {
      let ready = poll(&descriptor, 1, milliseconds)
      if ready < 0 && errno == EINTR { continue }
      if ready == 0 { return .timeout }
      if ready < 0 { return .endOfFile }
      var buffer = [UInt8](repeating: 0, count: 4096)
      let n = Glibc.read(inputFD, &buffer, buffer.count)
      if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
      if n <= 0 { return .endOfFile }
      return .bytes(Array(buffer[..<n]))
    }
  }
}

/// Writes all of `text` to `fd`, retrying after interrupted or partial writes.
func writeAll(_ text: String, to fd: Int32) {
  let bytes = Array(text.utf8)
  var offset = 0
  while offset < bytes.count {
    let n = bytes.withUnsafeBytes { buffer -> Int in
      guard let base = buffer.baseAddress else { return 0 }
      return Glibc.write(fd, base + offset, buffer.count - offset)
    }
    if n > 0 {
      offset += n
    } else if n < 0 && (errno == EINTR || errno == EAGAIN) {
      continue
    } else {
      return
    }
  }
}
