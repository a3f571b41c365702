/// The extraction vocabulary of `shared/corpus/SCHEMA.md`, spelled once.
///
/// Every other file names labels, relationship types and keys through these
/// constants, so a query written against one corpus works on every corpus.
public enum Schema {
  /// Node labels.
  public enum Label {
    public static let person = "Person"
    public static let place = "Place"
    public static let organization = "Organization"
    public static let meeting = "Meeting"
    public static let project = "Project"
    public static let document = "Document"
    public static let all = [person, place, organization, meeting, project, document]
  }

  /// Relationship types.
  public enum RelationshipType {
    public static let holds = "HOLDS"
    public static let attended = "ATTENDED"
    public static let presided = "PRESIDED"
    public static let spoke = "SPOKE"
    public static let heldIn = "HELD_IN"
    public static let locatedIn = "LOCATED_IN"
    public static let credited = "CREDITED"
    public static let mentions = "MENTIONS"
    public static let all = [
      holds, attended, presided, spoke, heldIn, locatedIn, credited, mentions,
    ]
  }

  /// Property keys.
  public enum Key {
    public static let name = "name"
    public static let level = "level"
    public static let date = "date"
    public static let endDate = "endDate"
    public static let title = "title"
    public static let source = "source"
    public static let asOf = "asOf"
    public static let role = "role"
    /// Provenance: the name of the document a relationship was read from.
    public static let doc = "doc"
    /// Provenance: `[start, end]` Unicode scalar offsets of the evidence sentence.
    public static let span = "span"
    /// Retired: Document nodes of graphs extracted before evidence was stored in the graph
    /// kept the absolute path of their source here. Extraction removes it from every
    /// Document it writes, so no path of the extracting machine stays in the graph.
    public static let path = "path"
    /// Guanxi's own addition on Meeting nodes (not in SCHEMA.md): whose meeting it is, the
    /// organising body's name when the text gives it (临江县委常委会), else the place's
    /// (临江县). `name` stays as written (县委常委会会议); `heldBy` tells two apart.
    public static let heldBy = "heldBy"
  }

  /// `Place.level` values.
  public enum PlaceLevel {
    public static let province = "province"
    public static let city = "city"
    public static let district = "district"
    public static let county = "county"
    public static let township = "township"
  }
}
