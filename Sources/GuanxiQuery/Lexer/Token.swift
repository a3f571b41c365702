/// One lexical unit of a query: its kind, its span and, for words, its keyword.
///
/// Tokens carry no text; the parser slices it from the source by `span`. Words
/// are always `.identifier` tokens, with `keyword` set when the word spells a
/// keyword in any letter case, because openCypher lets most keywords also be
/// label, type and property names (`n.count`, `:Order`).
///
/// Example: `MATCH (人员:Person)` lexes to `identifier(MATCH)`, `leftParen`,
/// `identifier` (人员), `colon`, `identifier` (Person), `rightParen`, `end`.
public struct Token: Hashable, Sendable {
  public enum Kind: Hashable, Sendable {
    /// A word: a name or a keyword (see `Token.keyword`).
    case identifier
    /// A back-quoted name: `` `人员 名单` ``, with `` `` `` standing for one back quote.
    case quotedIdentifier
    /// A string literal in single or double quotes, escapes still undecoded.
    case string
    /// An integer literal: decimal, `0x` hexadecimal, `0o` or legacy `0` octal.
    case integer
    /// A decimal literal with a fraction or an exponent: `1.5`, `.5`, `1e3`.
    case float
    /// `$name`, `$0` or `` $`name` ``.
    case parameter
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, dot, dotDot, colon, semicolon, pipe
    case plus, minus, star, slash, percent, caret
    case equal, notEqual, lessThan, greaterThan, lessThanOrEqual, greaterThanOrEqual
    /// `=~`, the regular-expression match.
    case regexMatch
    /// `+=`, as in `SET n += {…}`.
    case plusEqual
    /// Text that is no token; the parser reports it with this reason.
    indirect case invalid(InvalidToken)
    /// The end of the input; always the last token.
    case end
  }

  public var kind: Kind
  public var span: SourceSpan
  /// The keyword this word spells, for `.identifier` tokens only.
  public var keyword: Keyword?

  public init(kind: Kind, span: SourceSpan, keyword: Keyword? = nil) {
    self.kind = kind
    self.span = span
    self.keyword = keyword
  }
}

/// Why some text is not a token, with the code the parser will report.
public struct InvalidToken: Hashable, Sendable {
  public var code: QueryError.Code
  public var message: String
  public var suggestion: String?

  public init(code: QueryError.Code, message: String, suggestion: String? = nil) {
    self.code = code
    self.message = message
    self.suggestion = suggestion
  }
}

/// The words the grammar gives a meaning to, matched case-insensitively.
///
/// `isReserved` words cannot be variable names; every keyword can still be a
/// label, relationship type, property key or map key.
public enum Keyword: String, CaseIterable, Hashable, Sendable {
  case all = "ALL"
  case allShortestPaths = "ALLSHORTESTPATHS"
  case and = "AND"
  case any = "ANY"
  case `as` = "AS"
  case asc = "ASC"
  case ascending = "ASCENDING"
  case by = "BY"
  case `case` = "CASE"
  case contains = "CONTAINS"
  case count = "COUNT"
  case create = "CREATE"
  case delete = "DELETE"
  case desc = "DESC"
  case descending = "DESCENDING"
  case detach = "DETACH"
  case distinct = "DISTINCT"
  case `else` = "ELSE"
  case end = "END"
  case ends = "ENDS"
  case exists = "EXISTS"
  case explain = "EXPLAIN"
  case `false` = "FALSE"
  case `in` = "IN"
  case `is` = "IS"
  case limit = "LIMIT"
  case match = "MATCH"
  case merge = "MERGE"
  case none = "NONE"
  case not = "NOT"
  case null = "NULL"
  case on = "ON"
  case optional = "OPTIONAL"
  case or = "OR"
  case order = "ORDER"
  case profile = "PROFILE"
  case reduce = "REDUCE"
  case remove = "REMOVE"
  case `return` = "RETURN"
  case set = "SET"
  case shortestPath = "SHORTESTPATH"
  case single = "SINGLE"
  case skip = "SKIP"
  case starts = "STARTS"
  case then = "THEN"
  case `true` = "TRUE"
  case union = "UNION"
  case unwind = "UNWIND"
  case when = "WHEN"
  case `where` = "WHERE"
  case with = "WITH"
  case xor = "XOR"

  /// Whether the word cannot name a variable (openCypher's reserved words).
  public var isReserved: Bool {
    switch self {
    case .any, .count, .none, .single, .shortestPath, .allShortestPaths, .reduce, .explain,
      .profile, .exists:
      false
    default:
      true
    }
  }

  static let byUppercasedSpelling: [String: Keyword] = Dictionary(
    uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })
}
