/// An error from an exporter or importer: a file that cannot be written or read, or
/// input that is not in the format it claims.
///
/// `code` is stable and what callers and tests match on; `message` is for people
/// (lower-case, no final period, saying what was expected). Input errors carry the
/// file's `path`, the 1-based `line` and, where the problem sits at a place in the
/// line, the 1-based `column` counted in Characters.
///
/// ```swift
/// do { _ = try JSONLinesReader().read(path: "graph.jsonl") } catch {
///   print(error)  // graph.jsonl:7:31: expected ',' or '}' in object
/// }
/// ```
public struct ExportError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A stable error code.
  public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// Opening, reading or writing a file failed.
    public static let io = Code(rawValue: "IOError")
    /// A line is not well-formed JSON.
    public static let syntax = Code(rawValue: "SyntaxError")
    /// A line is JSON but not a record of the format (a field missing or of the wrong type).
    public static let invalidRecord = Code(rawValue: "InvalidRecord")
    /// A relationship names a node that no earlier line defined.
    public static let undefinedNode = Code(rawValue: "UndefinedNode")
    /// Two records define the same id.
    public static let duplicateID = Code(rawValue: "DuplicateID")
    /// A CSV row has the wrong number of fields or a field that does not parse.
    public static let malformedRow = Code(rawValue: "MalformedRow")
    /// The store refused a change (for example too many relationship types).
    public static let store = Code(rawValue: "StoreError")
    /// A value the format cannot carry unchanged (NaN in JSON, a list element holding
    /// every usable CSV array delimiter); refused rather than silently altered.
    public static let unrepresentable = Code(rawValue: "UnrepresentableValue")
  }

  public var code: Code
  public var message: String
  /// The file the error is about, when there is one.
  public var path: String?
  /// 1-based line in that file.
  public var line: Int?
  /// 1-based column in that line, in Characters.
  public var column: Int?

  public init(
    _ code: Code, _ message: String, path: String? = nil, line: Int? = nil, column: Int? = nil
  ) {
    self.code = code
    self.message = message
    self.path = path
    self.line = line
    self.column = column
  }

  /// `path:line:column: message`, or as much of it as is known.
  public var description: String {
    var location = path ?? ""
    if let line {
      location += location.isEmpty ? "line \(line)" : ":\(line)"
      if let column { location += ":\(column)" }
    }
    return location.isEmpty ? message : "\(location): \(message)"
  }
}
