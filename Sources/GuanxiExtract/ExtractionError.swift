/// A document that could not be read or extracted.
///
/// Extraction never stops on a bad file: the pipeline reports one `ExtractionError` per
/// skipped file, naming it, and goes on with the others. Match on `code`, never on
/// `message`.
///
/// ```swift
/// let report = ExtractionPipeline().extract(paths: ["docs/"], into: graph)
/// for skipped in report.skipped { print(skipped.path ?? "", skipped.code) }  // "a.bin" BinaryFile
/// ```
public struct ExtractionError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A stable identifier of what went wrong.
  public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// The file or directory does not exist or cannot be opened.
    public static let unreadable = Code(rawValue: "UnreadableFile")
    /// The file holds no text (zero bytes, or only white space after decoding).
    public static let empty = Code(rawValue: "EmptyFile")
    /// The file is neither UTF-8 nor GB18030 text, or contains control bytes of a binary.
    public static let binary = Code(rawValue: "BinaryFile")
    /// Another file of the same name, later in the same run, replaces this one's facts
    /// (a document's name is its identity in the graph).
    public static let duplicateName = Code(rawValue: "DuplicateName")
    /// Writing the extracted facts into the graph failed.
    public static let graph = Code(rawValue: "GraphWriteFailed")
  }

  public var code: Code
  /// Lower-case, no final period, the user's text in ''.
  public var message: String
  /// The file the error is about.
  public var path: String?

  public init(_ code: Code, _ message: String, path: String? = nil) {
    self.code = code
    self.message = message
    self.path = path
  }

  public var description: String {
    (path.map { "\($0): " } ?? "") + message + " [\(code)]"
  }
}
