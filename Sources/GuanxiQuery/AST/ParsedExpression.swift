/// An expression as written, before names are resolved.
///
/// Example: `p.name STARTS WITH '王' AND size(labels(p)) > 1` is
/// `.binary(.and, .binary(.startsWith, …), .binary(.greaterThan, …))`.
public struct ParsedExpression: Hashable, Sendable {
  public var kind: Kind
  @IgnoredInEquality public var span: SourceSpan

  public init(_ kind: Kind, span: SourceSpan) {
    self.kind = kind
    self.span = span
  }

  public indirect enum Kind: Hashable, Sendable {
    /// `null`, `true`, `42`, `0x2A`, `1.5e3`, `'韩俊'`.
    case literal(Literal)
    /// `$name` or `$0`.
    case parameter(String)
    /// A variable reference.
    case variable(String)
    /// `expression.key`.
    case property(ParsedExpression, key: ParsedName)
    /// `list[index]` or `map[key]`.
    case `subscript`(ParsedExpression, index: ParsedExpression)
    /// `list[from..to]`, either bound optional.
    case slice(ParsedExpression, from: ParsedExpression?, to: ParsedExpression?)
    /// `n:Label:Label`, true when the node has every label.
    case hasLabels(ParsedExpression, labels: [ParsedName])
    case unary(UnaryOperator, ParsedExpression)
    case binary(BinaryOperator, ParsedExpression, ParsedExpression)
    /// `a < b <= c`: two or more comparisons, meaning `a < b AND b <= c`.
    /// A single comparison is a `.binary`.
    case comparisonChain(ParsedExpression, [ComparisonStep])
    /// `expression IS NULL` (`isNegated == false`) or `IS NOT NULL`.
    case isNull(ParsedExpression, isNegated: Bool)
    /// `name(arguments)`, `namespace.name(arguments)`, `count(DISTINCT x)`.
    case function(FunctionCall)
    /// `count(*)`.
    case countStar
    /// `CASE [subject] WHEN … THEN … [ELSE …] END`.
    case caseExpression(CaseExpression)
    /// `[a, b, c]`.
    case list([ParsedExpression])
    /// `{key: value, …}`.
    case map([MapEntry])
    /// `n {.name, key: value, .*, variable}`.
    case mapProjection(ParsedName, [MapProjectionItem])
    /// `[x IN list WHERE predicate | projection]`.
    case listComprehension(Comprehension)
    /// `[p = (a)-->(b) WHERE predicate | projection]`.
    case patternComprehension(PatternComprehension)
    /// `all(x IN list WHERE predicate)`, and `any`, `none`, `single`.
    case quantifier(Quantifier, Comprehension)
    /// `reduce(accumulator = initial, x IN list | expression)`.
    case reduce(Reduce)
    /// `EXISTS { pattern [WHERE predicate] }` or `EXISTS { query }`.
    case exists(ExistsSubquery)
    /// `(a)-[:R]->(b)` used as a predicate (in WHERE only).
    case patternPredicate(ParsedPatternElement)
  }

  public enum Literal: Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    /// Always finite: overflowing literals are rejected.
    case float(Double)
    case string(String)
  }

  public enum UnaryOperator: String, Hashable, Sendable {
    case not = "NOT"
    case minus = "-"
    case plus = "+"
  }

  public enum BinaryOperator: String, Hashable, Sendable {
    case or = "OR"
    case xor = "XOR"
    case and = "AND"
    case equal = "="
    case notEqual = "<>"
    case lessThan = "<"
    case greaterThan = ">"
    case lessThanOrEqual = "<="
    case greaterThanOrEqual = ">="
    case regexMatch = "=~"
    case `in` = "IN"
    case startsWith = "STARTS WITH"
    case endsWith = "ENDS WITH"
    case contains = "CONTAINS"
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case modulo = "%"
    case power = "^"

    /// Whether the operator compares and so may chain (`a < b < c`).
    public var isComparison: Bool {
      switch self {
      case .equal, .notEqual, .lessThan, .greaterThan, .lessThanOrEqual, .greaterThanOrEqual:
        true
      default:
        false
      }
    }
  }

  /// One `< b` of a comparison chain.
  public struct ComparisonStep: Hashable, Sendable {
    public var comparison: BinaryOperator
    public var operand: ParsedExpression

    public init(comparison: BinaryOperator, operand: ParsedExpression) {
      self.comparison = comparison
      self.operand = operand
    }
  }

  public struct FunctionCall: Hashable, Sendable {
    /// `["date"]` for `date.truncate(…)`; empty for most functions.
    public var namespace: [String]
    public var name: ParsedName
    public var isDistinct: Bool
    public var arguments: [ParsedExpression]

    public init(
      namespace: [String], name: ParsedName, isDistinct: Bool, arguments: [ParsedExpression]
    ) {
      self.namespace = namespace
      self.name = name
      self.isDistinct = isDistinct
      self.arguments = arguments
    }

    /// `namespace.name`, as written (letter case kept).
    public var qualifiedName: String { (namespace + [name.text]).joined(separator: ".") }
  }

  public struct CaseExpression: Hashable, Sendable {
    /// The value compared in a simple `CASE x WHEN 1 THEN …`; nil in a generic `CASE WHEN p THEN …`.
    public var subject: ParsedExpression?
    public var alternatives: [Alternative]
    public var elseValue: ParsedExpression?

    public init(
      subject: ParsedExpression?, alternatives: [Alternative], elseValue: ParsedExpression?
    ) {
      self.subject = subject
      self.alternatives = alternatives
      self.elseValue = elseValue
    }

    public struct Alternative: Hashable, Sendable {
      public var when: ParsedExpression
      public var then: ParsedExpression

      public init(when: ParsedExpression, then: ParsedExpression) {
        self.when = when
        self.then = then
      }
    }
  }

  public struct MapEntry: Hashable, Sendable {
    public var key: ParsedName
    public var value: ParsedExpression

    public init(key: ParsedName, value: ParsedExpression) {
      self.key = key
      self.value = value
    }
  }

  public enum MapProjectionItem: Hashable, Sendable {
    /// `.key`
    case property(ParsedName)
    /// `.*`
    case allProperties
    /// `key: value`
    case entry(ParsedName, ParsedExpression)
    /// `variable`, meaning `variable: variable`.
    case variable(ParsedName)
  }

  /// `x IN list [WHERE predicate] [| projection]`, shared by list comprehensions and quantifiers.
  public struct Comprehension: Hashable, Sendable {
    public var variable: ParsedName
    public var source: ParsedExpression
    public var predicate: ParsedExpression?
    /// Always nil in quantifiers.
    public var projection: ParsedExpression?

    public init(
      variable: ParsedName, source: ParsedExpression, predicate: ParsedExpression?,
      projection: ParsedExpression?
    ) {
      self.variable = variable
      self.source = source
      self.predicate = predicate
      self.projection = projection
    }
  }

  public struct PatternComprehension: Hashable, Sendable {
    public var pathVariable: ParsedName?
    public var pattern: ParsedPatternElement
    public var predicate: ParsedExpression?
    public var projection: ParsedExpression

    public init(
      pathVariable: ParsedName?, pattern: ParsedPatternElement, predicate: ParsedExpression?,
      projection: ParsedExpression
    ) {
      self.pathVariable = pathVariable
      self.pattern = pattern
      self.predicate = predicate
      self.projection = projection
    }
  }

  public enum Quantifier: String, Hashable, Sendable {
    case all, any, none, single
  }

  public struct Reduce: Hashable, Sendable {
    public var accumulator: ParsedName
    public var initial: ParsedExpression
    public var variable: ParsedName
    public var source: ParsedExpression
    public var expression: ParsedExpression

    public init(
      accumulator: ParsedName, initial: ParsedExpression, variable: ParsedName,
      source: ParsedExpression, expression: ParsedExpression
    ) {
      self.accumulator = accumulator
      self.initial = initial
      self.variable = variable
      self.source = source
      self.expression = expression
    }
  }

  public enum ExistsSubquery: Hashable, Sendable {
    /// `EXISTS { (a)-->(b), (b)-->(c) WHERE predicate }`.
    case pattern(ParsedPattern, predicate: ParsedExpression?)
    /// `EXISTS { MATCH … [RETURN …] }`.
    case query(ParsedQuery)
  }
}
