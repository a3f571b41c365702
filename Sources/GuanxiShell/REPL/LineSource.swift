import Glibc

/// What a line source hands the session.
public enum LineInput: Equatable, Sendable {
  /// A line, or from a line editor a whole statement that may span lines.
  case text(String)
  /// Ctrl-C at the prompt: drop what was typed and ask again.
  case interrupt
  /// End of input (Ctrl-D on an empty line, or the end of a piped script).
  case end
}

/// Where the session's input comes from: the line editor on a terminal, standard input
/// when it is piped, or a script in tests.
public protocol LineSource: AnyObject {
  /// Reads the next input.
  ///
  /// A plain source returns one line at a time and the session joins lines until
  /// `isComplete` holds; a line editor may use `isComplete` to keep editing a multi-line
  /// statement in one buffer and return it whole.
  /// - Parameters:
  ///   - prompt: shown before the first line of a statement (empty when not interactive)
  ///   - continuationPrompt: shown before each further line
  func readInput(
    prompt: String, continuationPrompt: String, isComplete: @escaping (String) -> Bool
  ) -> LineInput

  /// Keeps a statement that was run for history (a no-op where there is none).
  func remember(_ entry: String)
}

/// Where the session writes: results and notes to one place, errors to another.
public protocol OutputSink: AnyObject {
  /// Results, tables, help text.
  func write(_ text: String)
  /// Errors and warnings (standard error when scripted).
  func writeError(_ text: String)
}

/// Reads standard input line by line, for piped scripts (`echo 'MATCH …;' | guanxi`).
public final class StandardInputLineSource: LineSource {
  public init() {}

  public func readInput(
    prompt: String, continuationPrompt: String, isComplete: @escaping (String) -> Bool
  ) -> LineInput {
    guard let line = readLine(strippingNewline: true) else { return .end }
    return .text(line)
  }

  public func remember(_ entry: String) {}
}

/// Writes results to standard output and errors to standard error, unbuffered, so the
/// two interleave in the order they happened.
public final class StandardOutputSink: OutputSink {
  public init() {}
  public func write(_ text: String) { writeAll(text, to: STDOUT_FILENO) }
  public func writeError(_ text: String) { writeAll(text, to: STDERR_FILENO) }
}
