/// An error from the store, its snapshots or its journal.
///
/// `code` is stable and what tests and callers match on; `message` is for people.
/// File errors carry the path and, where the problem sits at a place in the file,
/// its byte offset.
public struct GraphError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A stable error code.
  public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let nodeNotFound = Code(rawValue: "NodeNotFound")
    public static let relationshipNotFound = Code(rawValue: "RelationshipNotFound")
    public static let deleteConnectedNode = Code(rawValue: "DeleteConnectedNode")
    public static let tooManyTypes = Code(rawValue: "TooManyRelationshipTypes")
    public static let journalMismatch = Code(rawValue: "JournalMismatch")
    public static let notAGraph = Code(rawValue: "NotAGraph")
    public static let newerFormat = Code(rawValue: "NewerFormat")
    public static let corrupt = Code(rawValue: "Corrupt")
    public static let truncated = Code(rawValue: "Truncated")
    public static let locked = Code(rawValue: "Locked")
    public static let io = Code(rawValue: "IOError")
    public static let invariant = Code(rawValue: "InvariantViolated")
  }

  public var code: Code
  public var message: String
  /// The file the error is about, when there is one.
  public var path: String?
  /// Where in that file, in bytes from its start.
  public var byteOffset: Int?

  public init(_ code: Code, _ message: String, path: String? = nil, byteOffset: Int? = nil) {
    self.code = code
    self.message = message
    self.path = path
    self.byteOffset = byteOffset
  }

  /// `path: at byte N: message`, or as much of it as is known.
  public var description: String {
    var parts: [String] = []
    if let path { parts.append(path) }
    if let byteOffset { parts.append("at byte \(byteOffset)") }
    parts.append(message)
    return parts.joined(separator: ": ")
  }
}
