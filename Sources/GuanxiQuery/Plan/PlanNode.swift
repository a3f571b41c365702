import GuanxiGraph

/// One operator of a query plan; rows flow from `input` (and `children`) up to the root.
///
/// `description` prints the plan as an indented tree, the root first:
/// ```
/// ProduceResults id, name
///   Projection id = p.id, name = p.name
///     NodeIndexSeek p:Person name = $name
/// ```
public final class PlanNode: CustomStringConvertible, @unchecked Sendable {
  enum Operation {
    /// Emits the incoming row once: the leaf of every plan.
    case argument
    case allNodesScan(slot: Int, name: String)
    case labelScan(slot: Int, name: String, label: String)
    /// Nodes whose `key` equals the value (or, with `isList`, any value of the list).
    /// `span` is the predicate's, where a value that is not a list is reported.
    case indexSeek(
      slot: Int, name: String, labels: [String], key: String, value: BoundExpression, isList: Bool,
      span: SourceSpan)
    case expand(Expand)
    case shortestPath(ShortestPath)
    case filter(BoundExpression)
    /// OPTIONAL MATCH: runs `children[0]` per input row; a row with nulls in `newSlots` when it finds nothing.
    case optional(newSlots: [Int])
    /// Runs `children[0]` (reading the input row) for each input row.
    case apply
    case projection([(slot: Int, expression: BoundExpression)])
    case aggregate(keys: [(slot: Int, expression: BoundExpression)], aggregates: [BoundAggregate])
    case distinct(slots: [Int])
    case sort([BoundProjection.SortItem])
    /// ORDER BY with LIMIT: keeps the best `limit` (+ skip) rows.
    case top([BoundProjection.SortItem], limit: BoundCount, skip: BoundCount?)
    case skip(BoundCount)
    case limit(BoundCount)
    case unwind(BoundExpression, slot: Int)
    case produceResults(columns: [String], slots: [Int])
    /// UNION of `children`, each ending in ProduceResults.
    case union(isAll: [Bool])
    case create(BoundPattern)
    case merge(BoundMerge)
    case set([BoundSetItem])
    case remove([BoundRemoveItem])
    case delete([(expression: BoundExpression, span: SourceSpan)], isDetach: Bool)
    /// Materialises every input row before passing any on (before writes).
    case eager
  }

  struct Expand {
    var from: Int
    var relationship: Int
    var to: Int
    var types: [String]
    /// Relative to `from`.
    var direction: Direction
    var length: (minimum: Int, maximum: Int?)?
    /// Whether `to` is already bound (then the expansion checks it).
    var isInto: Bool
    /// Whether the relationship variable is already bound (then the expansion checks it).
    var isRelationshipBound: Bool
    /// Whether the expansion runs against the pattern's left-to-right order (then a
    /// variable-length list is reversed so it reads in pattern order).
    var isReversed: Bool
    var toLabels: [String]
    /// Property map every relationship must match (variable length only).
    var relationshipProperties: BoundExpression?
    /// Relationship slots (single and lists) of the same MATCH that must differ.
    var distinctFrom: [Int]
    var distinctFromLists: [Int]
    var names: (from: String, relationship: String, to: String)
    /// The relationship pattern, where a runtime error of the expansion is reported.
    var span: SourceSpan
  }

  struct ShortestPath {
    var from: Int
    var to: Int
    var relationship: Int
    var pathSlot: Int?
    var types: [String]
    var direction: Direction
    var minimum: Int
    var maximum: Int?
    var isAll: Bool
    var relationshipProperties: BoundExpression?
    var elementsFromStart: Bool
    /// The pattern part, where a runtime error of the search is reported.
    var span: SourceSpan
  }

  var operation: Operation
  var input: PlanNode?
  var children: [PlanNode]
  /// A short text for EXPLAIN, filled by the planner (names instead of slots).
  var detail: String
  /// The planner's estimate of rows produced.
  var estimatedRows: Double

  init(
    _ operation: Operation, input: PlanNode?, children: [PlanNode] = [], detail: String = "",
    estimatedRows: Double = 1
  ) {
    self.operation = operation
    self.input = input
    self.children = children
    self.detail = detail
    self.estimatedRows = estimatedRows
  }

  /// The operator's name, as EXPLAIN and PROFILE print it.
  public var name: String {
    switch operation {
    case .argument: "Argument"
    case .allNodesScan: "AllNodesScan"
    case .labelScan: "NodeByLabelScan"
    case .indexSeek: "NodeIndexSeek"
    case .expand(let e):
      e.length != nil
        ? "VarLengthExpand\(e.isInto ? "(Into)" : "(All)")"
        : "Expand\(e.isInto ? "(Into)" : "(All)")"
    case .shortestPath(let s): s.isAll ? "AllShortestPaths" : "ShortestPath"
    case .filter: "Filter"
    case .optional: "Optional"
    case .apply: "Apply"
    case .projection: "Projection"
    case .aggregate: "Aggregation"
    case .distinct: "Distinct"
    case .sort: "Sort"
    case .top: "Top"
    case .skip: "Skip"
    case .limit: "Limit"
    case .unwind: "Unwind"
    case .produceResults: "ProduceResults"
    case .union: "Union"
    case .create: "Create"
    case .merge: "Merge"
    case .set: "SetProperties"
    case .remove: "Remove"
    case .delete(_, let detach): detach ? "DetachDelete" : "Delete"
    case .eager: "Eager"
    }
  }

  /// The operators in pre-order (root first), the order PROFILE numbers them in.
  var preorder: [PlanNode] {
    var result: [PlanNode] = []
    func walk(_ n: PlanNode) {
      result.append(n)
      for c in n.children { walk(c) }
      if let i = n.input { walk(i) }
    }
    walk(self)
    return result
  }

  /// The plan as an indented tree, one operator a line.
  public var description: String {
    var lines: [String] = []
    func walk(_ n: PlanNode, _ depth: Int) {
      let pad = String(repeating: "  ", count: depth)
      lines.append(pad + n.name + (n.detail.isEmpty ? "" : " " + n.detail))
      for c in n.children { walk(c, depth + 1) }
      if let i = n.input { walk(i, depth + 1) }
    }
    walk(self, 0)
    return lines.joined(separator: "\n")
  }
}
