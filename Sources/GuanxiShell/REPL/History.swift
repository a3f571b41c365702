import Glibc

/// The statements run in earlier sessions, kept in a file in the home directory.
///
/// The file is `~/.guanxi_history`, or the path in `GUANXI_HISTORY` (empty: keep history
/// in memory only). It holds one entry per line, newest last; an entry that spans lines
/// is still one line in the file, its newlines written as `\n` and backslashes as `\\`,
/// so recalling a multi-line statement brings back all of it. A repeat of the newest
/// entry is not added again, and only the newest `limit` entries are kept.
///
/// Each `add` rereads the file, appends, and writes a temporary file that is renamed over
/// the old one, so a crash never leaves a half-written history and two shells open at once
/// both keep what they ran. Failing to write the file loses history, never the session.
///
/// ```
/// MATCH (p:Person {name: '韩俊'})-[h:HOLDS]->(x)\n RETURN h.title, x.name;
/// :format json
/// ```
public final class History {
  public private(set) var entries: [String]
  /// The history file, or nil to keep history in memory only.
  public let path: String?
  public let limit: Int

  public init(path: String?, limit: Int = 1000) {
    self.path = path
    self.limit = max(1, limit)
    entries = path.map { Self.load($0) } ?? []
    if entries.count > self.limit { entries.removeFirst(entries.count - self.limit) }
  }

  /// The history file named by `GUANXI_HISTORY`, else `~/.guanxi_history`.
  public static func standard(limit: Int = 1000) -> History {
    History(path: standardPath(environment: environmentValue), limit: limit)
  }

  static func environmentValue(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }

  /// `GUANXI_HISTORY` if set (empty means none), else `$HOME/.guanxi_history`.
  static func standardPath(environment: (String) -> String?) -> String? {
    if let explicit = environment("GUANXI_HISTORY") { return explicit.isEmpty ? nil : explicit }
    guard let home = environment("HOME"), !home.isEmpty else { return nil }
    return home + (home.hasSuffix("/") ? "" : "/") + ".guanxi_history"
  }

  /// Adds a statement that was run and saves the history.
  ///
  /// Trailing spaces and newlines are dropped; empty entries and a repeat of the newest
  /// entry are not added.
  public func add(_ entry: String) {
    var entry = entry
    while let last = entry.last, last.isWhitespace { entry.removeLast() }
    guard !entry.isEmpty else { return }
    if entries.last != entry { entries.append(entry) }
    if entries.count > limit { entries.removeFirst(entries.count - limit) }
    guard let path else { return }
    var onDisk = Self.load(path)
    if onDisk.last != entry { onDisk.append(entry) }
    if onDisk.count > limit { onDisk.removeFirst(onDisk.count - limit) }
    Self.save(onDisk, to: path)
  }

  /// One entry as one line: backslash → `\\`, newline → `\n`, carriage return → `\r`.
  static func encode(_ entry: String) -> String {
    var out = ""
    for character in entry {
      switch character {
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\r\n": out += "\\r\\n"
      default: out.append(character)
      }
    }
    return out
  }

  static func decode(_ line: Substring) -> String {
    var out = ""
    var escaping = false
    for character in line {
      if escaping {
        switch character {
        case "n": out += "\n"
        case "r": out += "\r"
        default: out.append(character)
        }
        escaping = false
      } else if character == "\\" {
        escaping = true
      } else {
        out.append(character)
      }
    }
    return out
  }

  static func load(_ path: String) -> [String] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return [] }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = read(fd, &buffer, buffer.count)
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { break }
      bytes += buffer[..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
      .split(separator: "\n", omittingEmptySubsequences: true)
      .map(decode)
  }

  /// Writes the entries to a temporary file beside `path`, then renames it over `path`.
  static func save(_ entries: [String], to path: String) {
    let temporary = path + ".tmp\(getpid())"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return }
    writeAll(entries.map { encode($0) + "\n" }.joined(), to: fd)
    let synced = fsync(fd) == 0
    close(fd)
    if !synced || rename(temporary, path) != 0 { unlink(temporary) }
  }
}
