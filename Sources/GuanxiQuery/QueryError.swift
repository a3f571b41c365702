/// An error found while parsing, checking or evaluating a query.
///
/// Tests and callers match on `code` and `span`, never on `message`, which may be
/// reworded. Codes reuse the openCypher TCK's error names so a TCK scenario that
/// expects `SyntaxError … UndefinedVariable` can be checked directly.
///
/// Example: parsing `MATCH (p:Person RETURN p` throws
/// `QueryError(stage: .syntax, code: .unexpectedSyntax, message: "expected ')' to close
/// the node pattern", span: 16..<22, expected: ["')'"])`.
public struct QueryError: Error, Hashable, Sendable, CustomStringConvertible {
  /// When the error was found.
  public enum Stage: String, Hashable, Sendable {
    /// While lexing or parsing, before any name is looked up.
    case syntax
    /// While checking names, scopes and the shape of clauses (still before running).
    case semantic
    /// While running the query.
    case runtime
  }

  /// A stable error code, spelled as the openCypher TCK spells it.
  ///
  /// A struct rather than an enum, so adding a code breaks no caller's `switch`.
  public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
  {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    public static let ambiguousAggregationExpression: Code = "AmbiguousAggregationExpression"
    /// The statement took more steps than its budget allowed.
    public static let budgetExceeded: Code = "BudgetExceeded"
    /// The statement was stopped from outside (Ctrl-C).
    public static let cancelled: Code = "Cancelled"
    public static let columnNameConflict: Code = "ColumnNameConflict"
    public static let creatingVarLength: Code = "CreatingVarLength"
    public static let deletedEntityAccess: Code = "DeletedEntityAccess"
    public static let differentColumnsInUnion: Code = "DifferentColumnsInUnion"
    public static let floatingPointOverflow: Code = "FloatingPointOverflow"
    public static let integerOverflow: Code = "IntegerOverflow"
    public static let invalidAggregation: Code = "InvalidAggregation"
    public static let invalidArgumentType: Code = "InvalidArgumentType"
    public static let invalidArgumentValue: Code = "InvalidArgumentValue"
    public static let invalidClauseComposition: Code = "InvalidClauseComposition"
    public static let invalidDelete: Code = "InvalidDelete"
    public static let invalidNumberLiteral: Code = "InvalidNumberLiteral"
    public static let invalidParameterUse: Code = "InvalidParameterUse"
    public static let invalidPropertyType: Code = "InvalidPropertyType"
    public static let invalidRelationshipPattern: Code = "InvalidRelationshipPattern"
    public static let invalidUnicodeLiteral: Code = "InvalidUnicodeLiteral"
    /// The statement needed more memory than its budget (`RunOptions.memoryLimit`).
    public static let memoryLimitExceeded: Code = "MemoryLimitExceeded"
    public static let negativeIntegerArgument: Code = "NegativeIntegerArgument"
    public static let nestedAggregation: Code = "NestedAggregation"
    public static let nestingTooDeep: Code = "NestingTooDeep"
    public static let noExpressionAlias: Code = "NoExpressionAlias"
    public static let noSingleRelationshipType: Code = "NoSingleRelationshipType"
    public static let noVariablesInScope: Code = "NoVariablesInScope"
    public static let nonConstantExpression: Code = "NonConstantExpression"
    public static let numberOutOfRange: Code = "NumberOutOfRange"
    /// The statement ran past its time limit (`RunOptions.timeLimit`).
    public static let timeout: Code = "Timeout"
    public static let requiresDirectedRelationship: Code = "RequiresDirectedRelationship"
    public static let undefinedVariable: Code = "UndefinedVariable"
    public static let unexpectedSyntax: Code = "UnexpectedSyntax"
    public static let unknownFunction: Code = "UnknownFunction"
    public static let variableAlreadyBound: Code = "VariableAlreadyBound"
    public static let variableTypeConflict: Code = "VariableTypeConflict"
  }

  public var stage: Stage
  public var code: Code
  /// Lower-case, no final period, the user's text in '': "variable 'm' is not defined".
  public var message: String
  /// Where in the query text the error is: for a runtime error, the expression or
  /// clause item that failed (`1 / 0`, the `p` of `DELETE p`). Nil only for errors
  /// of a statement as a whole: `BudgetExceeded`, `Cancelled`, `Timeout`, `ReadOnlyGraph`,
  /// and `MemoryLimitExceeded` when a buffer of the whole statement (sorting, DISTINCT,
  /// the result rows) outgrew the budget; a value that would (`range(1, 1e10)`, a
  /// string built in `reduce`) has the span of its expression.
  public var span: SourceSpan?
  /// What would have been accepted at `span`, in the order the grammar tries them.
  public var expected: [String]
  /// A likely fix: the nearest known name, or the ASCII form of a full-width symbol.
  public var suggestion: String?

  public init(
    stage: Stage, code: Code, message: String, span: SourceSpan?, expected: [String] = [],
    suggestion: String? = nil
  ) {
    self.stage = stage
    self.code = code
    self.message = message
    self.span = span
    self.expected = expected
    self.suggestion = suggestion
  }

  /// `error[Code] at 3..<7: message`, for logs and test failures; users see `Diagnostics.render`.
  public var description: String {
    "error[\(code)]" + (span.map { " at \($0)" } ?? "") + ": " + message
  }
}
