import Dispatch

/// Runs independent pieces of work on the machine's cores and waits for all of them.
///
/// Loading a large snapshot is bound by memory traffic and page faults, which two cores
/// divide almost perfectly; this is the one place the store uses threads.
enum ParallelWork {
  /// `transform` applied to every element, on up to as many threads as there are cores
  /// when `isWorthThreads`, else on this thread; results in the order of `elements`.
  /// Thread `t` of `n` takes elements `t`, `t + n`, …, so put the largest pieces first
  /// and neighbours of similar size.
  static func map<Element: Sendable, Result: Sendable>(
    _ elements: [Element], isWorthThreads: Bool = true,
    _ transform: @escaping @Sendable (Element) -> Result
  ) -> [Result] {
    // Handing small pieces to other threads costs more than it saves, most of all on a
    // busy machine.
    guard isWorthThreads else { return elements.map(transform) }
    let slots = Slots<Result>(count: elements.count)
    let workers = min(elements.count, max(1, sysconfCores()))
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      for i in stride(from: worker, to: elements.count, by: workers) {
        slots.set(i, transform(elements[i]))
      }
    }
    return slots.values()
  }

  private static func sysconfCores() -> Int {
    #if canImport(Glibc)
      return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    #else
      return 2
    #endif
  }
}

#if canImport(Glibc)
  import Glibc
#endif

/// One slot per piece of work; each slot is written by exactly one thread, and read
/// only after `concurrentPerform` has returned, which orders the writes before the reads.
private final class Slots<T>: @unchecked Sendable {
  private let buffer: UnsafeMutableBufferPointer<T?>

  init(count: Int) {
    buffer = .allocate(capacity: count)
    buffer.initialize(repeating: nil)
  }

  deinit {
    buffer.deinitialize()
    buffer.deallocate()
  }

  func set(_ i: Int, _ value: T) { buffer[i] = value }

  func values() -> [T] { buffer.map { $0! } }
}
