import GuanxiGraph

/// A half-open range of Unicode scalar offsets into a document's normalised text.
public struct ScalarSpan: Hashable, Sendable, CustomStringConvertible {
  public var scalarStart: Int
  public var scalarEnd: Int

  public init(_ scalarStart: Int, _ scalarEnd: Int) {
    self.scalarStart = scalarStart
    self.scalarEnd = scalarEnd
  }

  /// The `span` property value: `[start, end]`.
  public var value: Value { .list([.int(Int64(scalarStart)), .int(Int64(scalarEnd))]) }

  public var description: String { "[\(scalarStart), \(scalarEnd)]" }
}

/// What one document says, before it touches a graph: the pure result of
/// `DocumentExtractor.extract(_:name:path:)`.
///
/// Indexes (`person`, `place`, `meeting`…) point into this value's own arrays; entity
/// linking across documents happens when `ExtractionPipeline` applies it to a graph.
///
/// Example: from `区委书记郭建军主持会议。` come a person 郭建军, a HOLDS fact with title
/// 区委书记 on the document's district, and a PRESIDED fact when the document reports a
/// meeting.
public struct ExtractedDocument: Sendable {
  /// The file name, which is the Document node's `name` and every fact's `doc`.
  public var name: String
  /// The path the text was read from.
  public var path: String
  public var title: String
  public var date: LocalDate?
  /// The outlet (来源).
  public var source: String?
  /// Length of the normalised text in Unicode scalars.
  public var scalarCount: Int

  public var places: [Place] = []
  public var persons: [Person] = []
  public var organizations: [Organization] = []
  public var meetings: [Meeting] = []
  public var projects: [Project] = []
  public var holds: [Holds] = []
  public var participations: [Participation] = []
  public var credits: [Credit] = []
  /// The evidence sentences of the facts above, cut from the normalised text and
  /// compressed (`DocumentExtractor` fills it in); the graph keeps them.
  public var evidence: DocumentEvidence? = nil

  public init(name: String, path: String, title: String, scalarCount: Int) {
    self.name = name
    self.path = path
    self.title = title
    self.scalarCount = scalarCount
  }

  /// The spans of every fact above: what `evidence` keeps of the text.
  public var factSpans: [Range<Int>] {
    var spans: [ScalarSpan] = []
    spans += places.map(\.span)
    spans += persons.map(\.span)
    spans += organizations.map(\.span)
    spans += meetings.map(\.span)
    spans += projects.map(\.span)
    spans += holds.map(\.span)
    spans += participations.map(\.span)
    spans += credits.map(\.span)
    return spans.map { $0.scalarStart..<$0.scalarEnd }
  }

  /// A place: a named division or one of its ancestors.
  public struct Place: Sendable, Hashable {
    public var name: String
    /// A `Schema.PlaceLevel` value.
    public var level: String
    /// Index of the parent in `places`.
    public var parent: Int?
    /// Whether the text names it (ancestors added for the hierarchy are not mentioned).
    public var isMentioned: Bool
    public var span: ScalarSpan
  }

  public struct Person: Sendable, Hashable {
    public var name: String
    public var span: ScalarSpan
  }

  public struct Organization: Sendable, Hashable {
    public var name: String
    public var place: Int?
    public var span: ScalarSpan
    /// An organ named only by its level and kind (县委, 镇政府, 人大常委会) in a document that
    /// names no such place: it stands for one body of this document only, so linking never
    /// merges it with a namesake of another document.
    public var isGeneric: Bool = false
  }

  public struct Meeting: Sendable, Hashable {
    public var name: String
    public var date: LocalDate?
    public var place: Int?
    /// Index in `organizations` of the body whose meeting it is (县委常委会, 区政府), when
    /// the text says; entity linking uses it with the place to tell same-named meetings apart.
    public var organization: Int? = nil
    public var span: ScalarSpan
  }

  public struct Project: Sendable, Hashable {
    public var name: String
    public var place: Int?
    public var span: ScalarSpan
  }

  /// A post: the title without the place's proper name (区委书记), on a place or an
  /// organization.
  public struct Holds: Sendable, Hashable {
    public var person: Int
    public var title: String
    public var place: Int?
    public var organization: Int?
    public var span: ScalarSpan
  }

  public enum Role: String, Sendable, Hashable, CaseIterable {
    case attended, presided, spoke

    /// The relationship type.
    public var relationshipType: String {
      switch self {
      case .attended: Schema.RelationshipType.attended
      case .presided: Schema.RelationshipType.presided
      case .spoke: Schema.RelationshipType.spoke
      }
    }
  }

  public struct Participation: Sendable, Hashable {
    public var person: Int
    public var meeting: Int
    public var role: Role
    public var span: ScalarSpan
  }

  /// A credit line: 记者, 通讯员, 编辑, 摄影, 审核, 责编 or 供稿.
  public struct Credit: Sendable, Hashable {
    public var person: Int
    public var role: String
    public var span: ScalarSpan
  }
}
