/// One statement as written: an optional `EXPLAIN` or `PROFILE`, then a query.
///
/// Every syntax tree node carries the `SourceSpan` it was parsed from; equality
/// and hashing ignore spans (see `IgnoredInEquality`), so a statement equals its
/// pretty-printed and re-parsed self.
///
/// Example: `EXPLAIN MATCH (p:Person) RETURN p.name` has `mode == .explain`.
public struct ParsedStatement: Hashable, Sendable {
  public enum Mode: String, Hashable, Sendable {
    case run, explain, profile
  }

  public var mode: Mode
  public var query: ParsedQuery
  @IgnoredInEquality public var span: SourceSpan

  public init(mode: Mode, query: ParsedQuery, span: SourceSpan) {
    self.mode = mode
    self.query = query
    self.span = span
  }
}

/// A query: single queries joined by `UNION` or `UNION ALL`.
///
/// Example: `MATCH (p:Person) RETURN p.name AS n UNION MATCH (o:Organization) RETURN o.name AS n`
/// has two `parts` and `unions == [.distinct]`.
public struct ParsedQuery: Hashable, Sendable {
  public enum Union: Hashable, Sendable {
    /// `UNION`: duplicates removed.
    case distinct
    /// `UNION ALL`: duplicates kept.
    case all
  }

  /// The single queries, in order; never empty.
  public var parts: [ParsedSingleQuery]
  /// How each part after the first joins the ones before it: `unions.count == parts.count - 1`.
  public var unions: [Union]
  @IgnoredInEquality public var span: SourceSpan

  public init(parts: [ParsedSingleQuery], unions: [Union], span: SourceSpan) {
    self.parts = parts
    self.unions = unions
    self.span = span
  }
}

/// A sequence of clauses, such as `MATCH … WITH … RETURN …`.
public struct ParsedSingleQuery: Hashable, Sendable {
  public var clauses: [ParsedClause]
  @IgnoredInEquality public var span: SourceSpan

  public init(clauses: [ParsedClause], span: SourceSpan) {
    self.clauses = clauses
    self.span = span
  }
}

/// One clause of a query.
///
/// Example: `OPTIONAL MATCH (p)-[:HOLDS]->(o) WHERE o.name ENDS WITH '委'` is
/// `.match(Match(isOptional: true, pattern: …, predicate: …))`.
public enum ParsedClause: Hashable, Sendable {
  case match(Match)
  case unwind(Unwind)
  case with(With)
  case `return`(Return)
  case create(Create)
  case merge(Merge)
  case set(SetClause)
  case remove(Remove)
  case delete(Delete)

  /// `[OPTIONAL] MATCH pattern [WHERE predicate]`.
  public struct Match: Hashable, Sendable {
    public var isOptional: Bool
    public var pattern: ParsedPattern
    public var predicate: ParsedExpression?
    @IgnoredInEquality public var span: SourceSpan

    public init(
      isOptional: Bool, pattern: ParsedPattern, predicate: ParsedExpression?, span: SourceSpan
    ) {
      self.isOptional = isOptional
      self.pattern = pattern
      self.predicate = predicate
      self.span = span
    }
  }

  /// `UNWIND expression AS variable`.
  public struct Unwind: Hashable, Sendable {
    public var expression: ParsedExpression
    public var variable: ParsedName
    @IgnoredInEquality public var span: SourceSpan

    public init(expression: ParsedExpression, variable: ParsedName, span: SourceSpan) {
      self.expression = expression
      self.variable = variable
      self.span = span
    }
  }

  /// `WITH projection [WHERE predicate]`.
  public struct With: Hashable, Sendable {
    public var projection: ParsedProjection
    public var predicate: ParsedExpression?
    @IgnoredInEquality public var span: SourceSpan

    public init(projection: ParsedProjection, predicate: ParsedExpression?, span: SourceSpan) {
      self.projection = projection
      self.predicate = predicate
      self.span = span
    }
  }

  /// `RETURN projection`.
  public struct Return: Hashable, Sendable {
    public var projection: ParsedProjection
    @IgnoredInEquality public var span: SourceSpan

    public init(projection: ParsedProjection, span: SourceSpan) {
      self.projection = projection
      self.span = span
    }
  }

  /// `CREATE pattern`.
  public struct Create: Hashable, Sendable {
    public var pattern: ParsedPattern
    @IgnoredInEquality public var span: SourceSpan

    public init(pattern: ParsedPattern, span: SourceSpan) {
      self.pattern = pattern
      self.span = span
    }
  }

  /// `MERGE path { ON CREATE SET … | ON MATCH SET … }`.
  public struct Merge: Hashable, Sendable {
    public var path: ParsedPatternPart
    public var actions: [Action]
    @IgnoredInEquality public var span: SourceSpan

    public init(path: ParsedPatternPart, actions: [Action], span: SourceSpan) {
      self.path = path
      self.actions = actions
      self.span = span
    }

    /// `ON CREATE SET items` or `ON MATCH SET items`.
    public struct Action: Hashable, Sendable {
      public enum Trigger: String, Hashable, Sendable {
        case create = "CREATE"
        case match = "MATCH"
      }
      public var trigger: Trigger
      public var items: [ParsedSetItem]
      @IgnoredInEquality public var span: SourceSpan

      public init(trigger: Trigger, items: [ParsedSetItem], span: SourceSpan) {
        self.trigger = trigger
        self.items = items
        self.span = span
      }
    }
  }

  /// `SET item, …`.
  public struct SetClause: Hashable, Sendable {
    public var items: [ParsedSetItem]
    @IgnoredInEquality public var span: SourceSpan

    public init(items: [ParsedSetItem], span: SourceSpan) {
      self.items = items
      self.span = span
    }
  }

  /// `REMOVE item, …`.
  public struct Remove: Hashable, Sendable {
    public var items: [ParsedRemoveItem]
    @IgnoredInEquality public var span: SourceSpan

    public init(items: [ParsedRemoveItem], span: SourceSpan) {
      self.items = items
      self.span = span
    }
  }

  /// `[DETACH] DELETE expression, …`.
  public struct Delete: Hashable, Sendable {
    public var isDetach: Bool
    public var expressions: [ParsedExpression]
    @IgnoredInEquality public var span: SourceSpan

    public init(isDetach: Bool, expressions: [ParsedExpression], span: SourceSpan) {
      self.isDetach = isDetach
      self.expressions = expressions
      self.span = span
    }
  }

  /// The span of the whole clause, from its first keyword.
  public var span: SourceSpan {
    switch self {
    case .match(let c): c.span
    case .unwind(let c): c.span
    case .with(let c): c.span
    case .return(let c): c.span
    case .create(let c): c.span
    case .merge(let c): c.span
    case .set(let c): c.span
    case .remove(let c): c.span
    case .delete(let c): c.span
    }
  }

  /// The clause's leading keywords as the pretty-printer spells them: `OPTIONAL MATCH`.
  public var keyword: String {
    switch self {
    case .match(let c): c.isOptional ? "OPTIONAL MATCH" : "MATCH"
    case .unwind: "UNWIND"
    case .with: "WITH"
    case .return: "RETURN"
    case .create: "CREATE"
    case .merge: "MERGE"
    case .set: "SET"
    case .remove: "REMOVE"
    case .delete(let c): c.isDetach ? "DETACH DELETE" : "DELETE"
    }
  }

  /// Whether the clause changes the graph.
  public var isUpdating: Bool {
    switch self {
    case .create, .merge, .set, .remove, .delete: true
    case .match, .unwind, .with, .return: false
    }
  }
}

/// The body of `WITH` and `RETURN`: what to project, then sorting and paging.
///
/// Example: `RETURN DISTINCT p.name AS name ORDER BY name DESC SKIP 5 LIMIT 10`.
public struct ParsedProjection: Hashable, Sendable {
  public var isDistinct: Bool
  /// Whether the items start with `*` (every variable in scope).
  public var includesAll: Bool
  public var items: [Item]
  public var orderBy: [SortItem]
  public var skip: ParsedExpression?
  public var limit: ParsedExpression?
  @IgnoredInEquality public var span: SourceSpan

  public init(
    isDistinct: Bool, includesAll: Bool, items: [Item], orderBy: [SortItem],
    skip: ParsedExpression?, limit: ParsedExpression?, span: SourceSpan
  ) {
    self.isDistinct = isDistinct
    self.includesAll = includesAll
    self.items = items
    self.orderBy = orderBy
    self.skip = skip
    self.limit = limit
    self.span = span
  }

  /// `expression [AS alias]`.
  ///
  /// Without an alias, the column is named by the expression's source text:
  /// slice it from the query with `expression.span` (openCypher keeps the text
  /// as written, spaces and all, so `count( * )` names a column `count( * )`).
  public struct Item: Hashable, Sendable {
    public var expression: ParsedExpression
    public var alias: ParsedName?
    @IgnoredInEquality public var span: SourceSpan

    public init(expression: ParsedExpression, alias: ParsedName?, span: SourceSpan) {
      self.expression = expression
      self.alias = alias
      self.span = span
    }
  }

  /// `expression [ASC | DESC]`.
  public struct SortItem: Hashable, Sendable {
    public var expression: ParsedExpression
    public var isDescending: Bool
    @IgnoredInEquality public var span: SourceSpan

    public init(expression: ParsedExpression, isDescending: Bool, span: SourceSpan) {
      self.expression = expression
      self.isDescending = isDescending
      self.span = span
    }
  }
}

/// One item of `SET` (also of `ON CREATE SET` and `ON MATCH SET`).
///
/// Example: `SET r.title = '区长', p:Official, p += {source: '新华网'}`.
public enum ParsedSetItem: Hashable, Sendable {
  /// `n.key = value`; `target` is a property access expression.
  case property(target: ParsedExpression, value: ParsedExpression, span: SourceSpan)
  /// `n = map`: replaces all properties.
  case replaceProperties(variable: ParsedName, value: ParsedExpression, span: SourceSpan)
  /// `n += map`: adds and overwrites properties.
  case mergeProperties(variable: ParsedName, value: ParsedExpression, span: SourceSpan)
  /// `n:A:B`: adds labels.
  case labels(variable: ParsedName, labels: [ParsedName], span: SourceSpan)

  public var span: SourceSpan {
    switch self {
    case .property(_, _, let span), .replaceProperties(_, _, let span),
      .mergeProperties(_, _, let span), .labels(_, _, let span):
      span
    }
  }

  public static func == (lhs: Self, rhs: Self) -> Bool {
    switch (lhs, rhs) {
    case (.property(let a, let b, _), .property(let c, let d, _)): a == c && b == d
    case (.replaceProperties(let a, let b, _), .replaceProperties(let c, let d, _)):
      a == c && b == d
    case (.mergeProperties(let a, let b, _), .mergeProperties(let c, let d, _)): a == c && b == d
    case (.labels(let a, let b, _), .labels(let c, let d, _)): a == c && b == d
    default: false
    }
  }

  public func hash(into hasher: inout Hasher) {
    switch self {
    case .property(let a, let b, _):
      hasher.combine(0)
      hasher.combine(a)
      hasher.combine(b)
    case .replaceProperties(let a, let b, _):
      hasher.combine(1)
      hasher.combine(a)
      hasher.combine(b)
    case .mergeProperties(let a, let b, _):
      hasher.combine(2)
      hasher.combine(a)
      hasher.combine(b)
    case .labels(let a, let b, _):
      hasher.combine(3)
      hasher.combine(a)
      hasher.combine(b)
    }
  }
}

/// One item of `REMOVE`.
///
/// Example: `REMOVE p:Official, r.asOf`.
public enum ParsedRemoveItem: Hashable, Sendable {
  /// `n:A:B`: removes labels.
  case labels(variable: ParsedName, labels: [ParsedName], span: SourceSpan)
  /// `n.key`: removes a property; `target` is a property access expression.
  case property(target: ParsedExpression, span: SourceSpan)

  public var span: SourceSpan {
    switch self {
    case .labels(_, _, let span), .property(_, let span): span
    }
  }

  public static func == (lhs: Self, rhs: Self) -> Bool {
    switch (lhs, rhs) {
    case (.labels(let a, let b, _), .labels(let c, let d, _)): a == c && b == d
    case (.property(let a, _), .property(let b, _)): a == b
    default: false
    }
  }

  public func hash(into hasher: inout Hasher) {
    switch self {
    case .labels(let a, let b, _):
      hasher.combine(0)
      hasher.combine(a)
      hasher.combine(b)
    case .property(let a, _):
      hasher.combine(1)
      hasher.combine(a)
    }
  }
}

/// A name as written: a variable, label, relationship type, property key,
/// parameter or function name, with back quotes removed.
///
/// Example: `` `人员` `` and `人员` both give `ParsedName(text: "人员")`.
public struct ParsedName: Hashable, Sendable, CustomStringConvertible {
  public var text: String
  @IgnoredInEquality public var span: SourceSpan

  public init(_ text: String, span: SourceSpan) {
    self.text = text
    self.span = span
  }

  public var description: String { text }
}
