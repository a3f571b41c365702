import Dispatch
import Foundation
import Glibc
import GuanxiGraph

/// What an extraction run did.
public struct ExtractionReport: Sendable {
  /// Documents read and applied, in input order.
  public var documents: [String] = []
  /// Relationships written.
  public var factsAdded = 0
  /// Relationships removed because their document was extracted again.
  public var factsReplaced = 0
  /// One error per file that was skipped, naming it.
  public var skipped: [ExtractionError] = []

  public init() {}
}

/// Reads documents, extracts them in parallel and writes their facts into a graph.
///
/// Files and directories (read recursively, hidden files skipped, in name order) are
/// decoded (`DocumentDecoder`: text, or a web page's article), normalised and extracted
/// on all cores with `DispatchQueue.concurrentPerform`; each extraction is a pure
/// function of one text.
/// The results are then applied to the graph on the calling thread, in input order.
///
/// Extracting a document again replaces its facts: every relationship whose `doc` is the
/// document's name (its MENTIONS and CREDITED included) is deleted first, and entity
/// nodes left with no relationship at all are removed.
///
/// Entity linking (the rules are in the module README, "Linking"): the same thing is one
/// node across documents only when the evidence says so. People link by name and a
/// place or organisation they hold a post on (方明远 省委书记 江西省 twice is one node; two
/// 王伟 in different counties are two; a 王伟 with no post stays with his document);
/// reporters by name and outlet. Meetings link by name, date and whose meeting it is
/// (place or organising body), places by name and parent, projects by name and place,
/// organisations by name.
///
/// Evidence: each document's evidence sentences (the stretches of its normalised text
/// that its facts' spans cover) are stored in the graph, compressed
/// (`DocumentEvidence`), so `evidenceSentence(doc:span:in:)` needs no source file and
/// works on a graph copied elsewhere. No path of the extracting machine is stored.
///
/// ```swift
/// let graph = Graph()
/// let report = ExtractionPipeline().extract(paths: ["corpus/docs"], into: graph)
/// print(report.documents.count, report.factsAdded, report.skipped.map(\.code))
/// ```
public struct ExtractionPipeline: Sendable {
  public init() {}

  /// Reads, extracts and applies every document under `paths`.
  public func extract(paths: [String], into graph: Graph) -> ExtractionReport {
    var report = ExtractionReport()
    let (files, missing) = Self.listFiles(paths)
    report.skipped += missing
    let results = extractFiles(files)
    var documents: [ExtractedDocument] = []
    for result in results {
      switch result {
      case .success(let document): documents.append(document)
      case .failure(let error): report.skipped.append(error)
      }
    }
    let applied = apply(documents, to: graph)
    report.documents = applied.documents
    report.factsAdded = applied.factsAdded
    report.factsReplaced = applied.factsReplaced
    report.skipped += applied.skipped
    return report
  }

  /// Reads and extracts `files` in parallel; results in input order.
  public func extractFiles(_ files: [String]) -> [Result<ExtractedDocument, ExtractionError>] {
    let slots = ResultSlots(count: files.count)
    DispatchQueue.concurrentPerform(iterations: files.count) { i in
      slots.set(i, Self.extractFile(files[i]))
    }
    return slots.results()
  }

  /// Reads and extracts one file.
  public static func extractFile(_ path: String) -> Result<ExtractedDocument, ExtractionError> {
    let name = (path as NSString).lastPathComponent
    guard let bytes = readFile(path) else {
      return .failure(ExtractionError(.unreadable, "cannot read '\(path)'", path: path))
    }
    switch DocumentDecoder.decode(bytes, name: path) {
    case .failure(.empty):
      return .failure(ExtractionError(.empty, "'\(name)' holds no text", path: path))
    case .failure(.binary):
      return .failure(
        ExtractionError(.binary, "'\(name)' is not UTF-8 or GB18030 text", path: path))
    case .success(let decoded):
      return .success(
        DocumentExtractor.extract(decoded.text, name: name, path: path, page: decoded.metadata))
    }
  }

  /// The bytes of the file at `path`, read with one `read` call per chunk straight into the
  /// array (Foundation's `contents(atPath:)` reads into `Data`, which then has to be
  /// copied); nil when it cannot be opened or read, or is not a regular file.
  static func readFile(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var status = stat()
    guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
    var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
    var filled = 0
    while true {
      if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: 4096)) }
      let n = bytes.withUnsafeMutableBytes { buffer in
        read(fd, buffer.baseAddress! + filled, buffer.count - filled)
      }
      if n < 0 && errno == EINTR { continue }
      guard n >= 0 else { return nil }
      if n == 0 { break }
      filled += n
    }
    bytes.removeSubrange(filled...)
    return bytes
  }

  /// The files under `paths` and an error for each path that does not exist, and for
  /// each entry of a folder that cannot be read (a symbolic link to nothing).
  public static func listFiles(_ paths: [String]) -> ([String], [ExtractionError]) {
    var files: [String] = []
    var errors: [ExtractionError] = []
    let manager = FileManager.default
    for path in paths {
      var isDirectory: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
        errors.append(
          ExtractionError(.unreadable, "no such file or directory '\(path)'", path: path))
        continue
      }
      guard isDirectory.boolValue else {
        files.append(path)
        continue
      }
      guard let enumerator = manager.enumerator(atPath: path) else {
        errors.append(ExtractionError(.unreadable, "cannot list directory '\(path)'", path: path))
        continue
      }
      var found: [String] = []
      var broken: [String] = []
      while let relative = enumerator.nextObject() as? String {
        let full = (path as NSString).appendingPathComponent(relative)
        if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
        var isDir: ObjCBool = false
        if manager.fileExists(atPath: full, isDirectory: &isDir) {
          if !isDir.boolValue { found.append(full) }
        } else {
          // Listed but not there to read: a symbolic link to nothing. Name it, never drop it.
          broken.append(full)
        }
      }
      files += found.sorted()
      errors += broken.sorted().map {
        ExtractionError(.unreadable, "cannot read '\($0)'", path: $0)
      }
    }
    return (files, errors)
  }
}

/// Slots that concurrent iterations fill, one each.
private final class ResultSlots: @unchecked Sendable {
  private var slots: [Result<ExtractedDocument, ExtractionError>?]
  private let lock = NSLock()

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ i: Int, _ result: Result<ExtractedDocument, ExtractionError>) {
    lock.lock()
    slots[i] = result
    lock.unlock()
  }

  func results() -> [Result<ExtractedDocument, ExtractionError>] {
    lock.lock()
    defer { lock.unlock() }
    return slots.map { $0 ?? .failure(ExtractionError(.unreadable, "not extracted")) }
  }
}
