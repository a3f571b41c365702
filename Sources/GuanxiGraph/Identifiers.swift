/// Identifies a node for the lifetime of a graph file: ids are never reused, so a
/// deleted node leaves a hole rather than shifting its neighbours.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var rawValue: UInt32
  @inlinable public init(_ rawValue: UInt32) { self.rawValue = rawValue }
  @inlinable public init(_ index: Int) { self.rawValue = UInt32(truncatingIfNeeded: index) }
  @inlinable public var index: Int { Int(rawValue) }
  @inlinable public static func < (a: NodeID, b: NodeID) -> Bool { a.rawValue < b.rawValue }
  public var description: String { "n\(rawValue)" }
}

/// Identifies a relationship; like `NodeID`, never reused within a graph file.
public struct RelationshipID: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var rawValue: UInt32
  @inlinable public init(_ rawValue: UInt32) { self.rawValue = rawValue }
  @inlinable public init(_ index: Int) { self.rawValue = UInt32(truncatingIfNeeded: index) }
  @inlinable public var index: Int { Int(rawValue) }
  @inlinable public static func < (a: RelationshipID, b: RelationshipID) -> Bool {
    a.rawValue < b.rawValue
  }
  public var description: String { "r\(rawValue)" }
}

/// An interned string (a label, a relationship type, a property key or a string value).
///
/// Tokens are dense and stable within one graph, so they index arrays directly.
public struct Symbol: Hashable, Comparable, Sendable {
  public var rawValue: UInt32
  @inlinable public init(_ rawValue: UInt32) { self.rawValue = rawValue }
  @inlinable public var index: Int { Int(rawValue) }
  @inlinable public static func < (a: Symbol, b: Symbol) -> Bool { a.rawValue < b.rawValue }
}

/// Which way to follow relationships from a node.
public enum Direction: Sendable, Hashable {
  /// Relationships that start at the node.
  case outgoing
  /// Relationships that end at the node.
  case incoming
  /// Both, each relationship once (a self-loop is reported once per end).
  case both
}

/// Marks "no entry" in the store's `UInt32` columns.
@usableFromInline let noEntry: UInt32 = .max
