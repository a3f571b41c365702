import GuanxiGraph

/// A statement after name resolution: every variable is a slot of one row layout.
struct BoundStatement: Sendable {
  var mode: ParsedStatement.Mode
  var query: BoundQuery
  var parameterNames: [String]
  /// Where each parameter is first used, by index.
  var parameterSpans: [SourceSpan]
  /// The number of slots a row needs.
  var slotCount: Int
  var warnings: [QueryWarning]
  var isUpdating: Bool
}

/// Single queries joined by UNION.
struct BoundQuery: Sendable {
  var parts: [BoundSingleQuery]
  /// For each part after the first: whether it is `UNION ALL`.
  var isUnionAll: [Bool]
  var columns: [String]
}

struct BoundSingleQuery: Sendable {
  var clauses: [BoundClause]
  /// The RETURN columns; empty for a query that ends in an update clause.
  var columns: [String]
  /// Column slots in column order.
  var columnSlots: [Int]
}

enum BoundClause: Sendable {
  case match(BoundMatch)
  case unwind(BoundExpression, slot: Int)
  case projection(BoundProjection)
  case create(BoundPattern)
  case merge(BoundMerge)
  case set([BoundSetItem])
  case remove([BoundRemoveItem])
  /// The targets, each with its span (where a target that cannot be deleted is reported).
  case delete([(expression: BoundExpression, span: SourceSpan)], isDetach: Bool, span: SourceSpan)
}

struct BoundMatch: Sendable {
  var isOptional: Bool
  var pattern: BoundPattern
  var predicate: BoundExpression?
  /// Slots the clause binds for the first time (set to null by OPTIONAL MATCH misses).
  var newSlots: [Int]
}

struct BoundPattern: Sendable {
  var parts: [BoundPatternPart]
}

struct BoundPatternPart: Sendable {
  var pathSlot: Int?
  var selector: ParsedPatternPart.Selector
  var nodes: [BoundNodePattern]
  /// `relationships[i]` joins `nodes[i]` and `nodes[i + 1]`.
  var relationships: [BoundRelationshipPattern]
  var span: SourceSpan

  var pathElements: [BoundExpression.PathElement] {
    var elements: [BoundExpression.PathElement] = [.node(nodes[0].slot)]
    for (i, r) in relationships.enumerated() {
      elements.append(r.length == nil ? .relationship(r.slot) : .relationships(r.slot))
      elements.append(.node(nodes[i + 1].slot))
    }
    return elements
  }
}

struct BoundNodePattern: Sendable {
  var slot: Int
  var labels: [String]
  /// A map-valued expression (literal map or parameter).
  var properties: BoundExpression?
  /// Whether the variable was bound before this pattern (by an earlier clause or part).
  var isBound: Bool
  var hasVariable: Bool
  var span: SourceSpan
}

struct BoundRelationshipPattern: Sendable {
  var slot: Int
  var types: [String]
  var direction: ParsedRelationshipPattern.Direction
  /// Hop bounds for variable length; nil for exactly one hop.
  var length: (minimum: Int, maximum: Int?)?
  var properties: BoundExpression?
  var isBound: Bool
  var hasVariable: Bool
  var span: SourceSpan
}

struct BoundProjection: Sendable {
  struct Item: Sendable {
    var expression: BoundExpression
    var slot: Int
    var name: String
    var containsAggregate: Bool
  }
  struct SortItem: Sendable {
    var expression: BoundExpression
    var isDescending: Bool
  }

  var items: [Item]
  var aggregates: [BoundAggregate]
  var isDistinct: Bool
  var orderBy: [SortItem]
  var skip: BoundCount?
  var limit: BoundCount?
  /// WITH … WHERE.
  var predicate: BoundExpression?
  var isReturn: Bool

  var isAggregating: Bool { !aggregates.isEmpty }
}

/// A SKIP or LIMIT count: literals and parameters only, so it is checked (a
/// non-negative integer) when the statement runs, and reported at `span`.
struct BoundCount: Sendable {
  var expression: BoundExpression
  var span: SourceSpan
}

struct BoundMerge: Sendable {
  var pattern: BoundPattern
  var onCreate: [BoundSetItem]
  var onMatch: [BoundSetItem]
  var newSlots: [Int]
}

/// A SET item. Runtime errors point at `targetSpan` (`n.key`, for a target that is
/// not a live node or relationship), at `valueSpan` (a value that cannot be stored)
/// or at the whole item.
enum BoundSetItem: Sendable {
  case property(
    target: BoundExpression, key: String, value: BoundExpression, targetSpan: SourceSpan,
    valueSpan: SourceSpan)
  case replaceProperties(slot: Int, value: BoundExpression, span: SourceSpan, valueSpan: SourceSpan)
  case mergeProperties(slot: Int, value: BoundExpression, span: SourceSpan, valueSpan: SourceSpan)
  case labels(slot: Int, labels: [String], span: SourceSpan)
}

/// A REMOVE item; `span` is the item as written (`n.key` or `n:Label`).
enum BoundRemoveItem: Sendable {
  case property(target: BoundExpression, key: String, span: SourceSpan)
  case labels(slot: Int, labels: [String], span: SourceSpan)
}

/// A non-fatal remark about a query, such as a label the graph has never seen.
///
/// Example: `MATCH (m:Meting)` runs (and finds nothing) with the warning
/// "unknown label ':Meting'" and the suggestion ":Meeting".
public struct QueryWarning: Hashable, Sendable, CustomStringConvertible {
  public var code: String
  public var message: String
  public var span: SourceSpan?
  public var suggestion: String?

  public init(code: String, message: String, span: SourceSpan?, suggestion: String? = nil) {
    self.code = code
    self.message = message
    self.span = span
    self.suggestion = suggestion
  }

  public var description: String {
    message + (suggestion.map { "; did you mean \($0)?" } ?? "")
  }
}
