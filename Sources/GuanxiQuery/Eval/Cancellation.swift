import Synchronization

/// Lets another thread stop a running statement: the shell sets it on Ctrl-C, and the
/// executor checks it every few thousand steps and then throws `Cancelled`.
public final class CancellationFlag: Sendable {
  private let state = Atomic<Bool>(false)

  public init() {}

  /// Asks the statement to stop.
  public func cancel() { state.store(true, ordering: .relaxed) }
  /// Clears the request before the next statement.
  public func reset() { state.store(false, ordering: .relaxed) }
  /// Whether a stop was asked for.
  public var isCancelled: Bool { state.load(ordering: .relaxed) }
}
