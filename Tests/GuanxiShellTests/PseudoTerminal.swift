import Foundation
import Glibc

/// A child process on a pseudo-terminal of our own: the test types into it and reads
/// what its screen shows.
///
/// The child is started with `posix_spawn` (no `fork` in a multi-threaded test runner)
/// in a new session whose controlling terminal is the pty, so it sees `isatty` true, can
/// switch to raw mode, and receives SIGINT when the line discipline sees Ctrl-C. Output
/// goes through `TerminalScreen`. The child is killed (by its pid) if still running when
/// the object goes away.
///
/// ```swift
/// let pty = try PseudoTerminal(executable: "/bin/cat", arguments: [])
/// pty.send("韩俊\n")
/// #expect(pty.waitFor { $0.lines.prefix(2) == ["韩俊", "韩俊"] })
/// ```
final class PseudoTerminal {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  let master: Int32
  let pid: pid_t
  private(set) var screen: TerminalScreen
  /// Every byte the child wrote.
  private(set) var output: [UInt8] = []
  private(set) var exitStatus: Int32?
  private var isClosed = false

  init(
    executable: String, arguments: [String], environment: [String: String] = [:],
    rows: Int = 24, columns: Int = 80
  ) throws {
    // posix_openpt, unlockpt and ptsname as Linux implements them (Glibc's module map
    // leaves the XSI functions out): /dev/ptmx, TIOCSPTLCK and TIOCGPTN.
    let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
    var unlock: Int32 = 0
    var number: UInt32 = 0
    let setLock: UInt = 0x4004_5431  // TIOCSPTLCK = _IOW('T', 0x31, int)
    let getNumber: UInt = 0x8004_5430  // TIOCGPTN = _IOR('T', 0x30, unsigned int)
    guard master >= 0, ioctl(master, setLock, &unlock) == 0, ioctl(master, getNumber, &number) == 0
    else {
      if master >= 0 { close(master) }
      throw Failure(description: "cannot open a pseudo-terminal: errno \(errno)")
    }
    let slavePath = "/dev/pts/\(number)"
    var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
    _ = ioctl(master, UInt(TIOCSWINSZ), &size)

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // After setsid, opening the pty's slave makes it the controlling terminal.
    posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
    posix_spawn_file_actions_adddup2(&actions, 0, 1)
    posix_spawn_file_actions_adddup2(&actions, 0, 2)

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    let setsid: Int32 = 0x80  // POSIX_SPAWN_SETSID (glibc 2.26)
    posix_spawnattr_setflags(
      &attributes, Int16(setsid | Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK)))
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigdefault(&attributes, &all)
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)

    var env = ProcessInfo.processInfo.environment
    env["TERM"] = "xterm-256color"
    for (key, value) in environment { env[key] = value }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    guard result == 0 else {
      close(master)
      throw Failure(description: "cannot start \(executable): error \(result)")
    }
    self.master = master
    self.pid = pid
    screen = TerminalScreen(rows: rows, columns: columns)
  }

  deinit {
    if exitStatus == nil {
      kill(pid, SIGKILL)
      var status: Int32 = 0
      waitpid(pid, &status, 0)
    }
    close(master)
  }

  /// Types text (UTF-8) into the terminal.
  func send(_ text: String) { send(bytes: Array(text.utf8)) }

  func send(bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
      let n = bytes[offset...].withUnsafeBytes { Glibc.write(master, $0.baseAddress, $0.count) }
      if n <= 0 { return }
      offset += n
    }
  }

  /// Reads output until `condition` holds for the screen or `timeout` passes.
  @discardableResult
  func waitFor(timeout: Duration = .seconds(20), _ condition: (TerminalScreen) -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while true {
      if condition(screen) { return true }
      let left = deadline - ContinuousClock.now
      guard left > .zero, !isClosed else { return condition(screen) }
      readOnce(milliseconds: Int32(min(200, max(1, left.components.seconds * 1000 + 1))))
    }
  }

  /// Reads what is there within `milliseconds`.
  func readOnce(milliseconds: Int32) {
    var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
    guard poll(&descriptor, 1, milliseconds) > 0 else { return }
    var buffer = [UInt8](repeating: 0, count: 8192)
    let n = Glibc.read(master, &buffer, buffer.count)
    if n <= 0 {
      isClosed = true  // EIO: the child closed its end
      return
    }
    output += buffer[..<n]
    screen.feed(Array(buffer[..<n]))
  }

  /// Waits for the child to end, reading its output meanwhile; its exit status, or nil.
  func waitForExit(timeout: Duration = .seconds(20)) -> Int32? {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      var status: Int32 = 0
      let done = waitpid(pid, &status, WNOHANG)
      if done == pid {
        while !isClosed {
          let before = output.count
          readOnce(milliseconds: 50)
          if output.count == before { break }
        }
        let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        exitStatus = code
        return code
      }
      readOnce(milliseconds: 50)
    }
    return nil
  }

  /// The screen as text, for failure messages.
  var dump: String { screen.allLines.joined(separator: "\n") }
}
