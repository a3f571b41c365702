// The pretty-printer: canonical query text whose parse equals the tree printed.
//
// Keywords are upper-case, each clause starts a line, names are back-quoted only
// when they must be, and parentheses appear only where precedence needs them.

extension ParsedStatement: CustomStringConvertible {
  /// The statement as canonical query text; parsing it gives an equal statement.
  public var description: String {
    switch mode {
    case .run: query.description
    case .explain: "EXPLAIN " + query.description
    case .profile: "PROFILE " + query.description
    }
  }
}

extension ParsedQuery: CustomStringConvertible {
  /// The query as canonical text, one clause a line; parsing it gives an equal query.
  ///
  /// Example: `match (p:Person)-->(m) where m.date>'2023' return p.name` prints as
  /// ```
  /// MATCH (p:Person)-->(m)
  /// WHERE m.date > '2023'
  /// RETURN p.name
  /// ```
  public var description: String {
    var lines: [String] = []
    for (i, part) in parts.enumerated() {
      if i > 0 { lines.append(unions[i - 1] == .all ? "UNION ALL" : "UNION") }
      lines.append(part.description)
    }
    return lines.joined(separator: "\n")
  }
}

extension ParsedSingleQuery: CustomStringConvertible {
  public var description: String {
    clauses.map(\.description).joined(separator: "\n")
  }
}

extension ParsedClause: CustomStringConvertible {
  public var description: String {
    switch self {
    case .match(let c):
      return keyword + " " + c.pattern.description
        + (c.predicate.map { "\nWHERE " + $0.description } ?? "")
    case .unwind(let c):
      return "UNWIND \(c.expression) AS \(Printer.variable(c.variable.text))"
    case .with(let c):
      return "WITH " + c.projection.description
        + (c.predicate.map { "\nWHERE " + $0.description } ?? "")
    case .return(let c):
      return "RETURN " + c.projection.description
    case .create(let c):
      return "CREATE " + c.pattern.description
    case .merge(let c):
      var text = "MERGE " + c.path.description
      for action in c.actions {
        text +=
          "\nON \(action.trigger.rawValue) SET "
          + action.items.map(\.description).joined(separator: ", ")
      }
      return text
    case .set(let c):
      return "SET " + c.items.map(\.description).joined(separator: ", ")
    case .remove(let c):
      return "REMOVE " + c.items.map(\.description).joined(separator: ", ")
    case .delete(let c):
      return keyword + " " + c.expressions.map(\.description).joined(separator: ", ")
    }
  }
}

extension ParsedProjection: CustomStringConvertible {
  public var description: String {
    var text = isDistinct ? "DISTINCT " : ""
    var columns: [String] = includesAll ? ["*"] : []
    for item in items {
      columns.append(
        item.expression.description
          + (item.alias.map { " AS " + Printer.variable($0.text) } ?? ""))
    }
    text += columns.joined(separator: ", ")
    if !orderBy.isEmpty {
      text +=
        "\nORDER BY "
        + orderBy.map { $0.expression.description + ($0.isDescending ? " DESC" : "") }
        .joined(separator: ", ")
    }
    if let skip { text += "\nSKIP \(skip)" }
    if let limit { text += "\nLIMIT \(limit)" }
    return text
  }
}

extension ParsedSetItem: CustomStringConvertible {
  public var description: String {
    switch self {
    case .property(let target, let value, _): "\(target) = \(value)"
    case .replaceProperties(let v, let value, _): "\(Printer.variable(v.text)) = \(value)"
    case .mergeProperties(let v, let value, _): "\(Printer.variable(v.text)) += \(value)"
    case .labels(let v, let labels, _): Printer.variable(v.text) + Printer.labels(labels)
    }
  }
}

extension ParsedRemoveItem: CustomStringConvertible {
  public var description: String {
    switch self {
    case .labels(let v, let labels, _): Printer.variable(v.text) + Printer.labels(labels)
    case .property(let target, _): target.description
    }
  }
}

extension ParsedPattern: CustomStringConvertible {
  public var description: String { parts.map(\.description).joined(separator: ", ") }
}

extension ParsedPatternPart: CustomStringConvertible {
  public var description: String {
    let prefix = variable.map { Printer.variable($0.text) + " = " } ?? ""
    switch selector {
    case .all: return prefix + element.description
    case .shortestPath: return prefix + "shortestPath(\(element))"
    case .allShortestPaths: return prefix + "allShortestPaths(\(element))"
    }
  }
}

extension ParsedPatternElement: CustomStringConvertible {
  public var description: String {
    var text = start.description
    for step in steps { text += step.relationship.description + step.node.description }
    return text
  }
}

extension ParsedNodePattern: CustomStringConvertible {
  public var description: String {
    var text = "(" + (variable.map { Printer.variable($0.text) } ?? "") + Printer.labels(labels)
    if let properties {
      text += (text.count > 1 ? " " : "") + properties.description
    }
    return text + ")"
  }
}

extension ParsedRelationshipPattern: CustomStringConvertible {
  public var description: String {
    var detail = variable.map { Printer.variable($0.text) } ?? ""
    if !types.isEmpty {
      detail += ":" + types.map { Printer.schemaName($0.text) }.joined(separator: "|")
    }
    if let length {
      detail += "*"
      switch (length.minimum, length.maximum) {
      case (nil, nil): break
      case (let lo?, let hi?) where lo == hi: detail += "\(lo)"
      case (let lo, let hi):
        detail += (lo.map(String.init) ?? "") + ".." + (hi.map(String.init) ?? "")
      }
    }
    if let properties { detail += (detail.isEmpty ? "" : " ") + properties.description }
    let body = detail.isEmpty ? "--" : "-[\(detail)]-"
    switch direction {
    case .outgoing: return body + ">"
    case .incoming: return "<" + body
    case .undirected: return body
    }
  }
}

extension ParsedExpression: CustomStringConvertible {
  /// The expression as canonical text, parenthesised only where precedence needs it.
  public var description: String { Printer.expression(self) }
}

/// Canonical spelling of names, literals and expressions.
enum Printer {
  /// Binding strength of what `e` prints as; parenthesise below what the context needs.
  static func level(_ e: ParsedExpression) -> Int {
    switch e.kind {
    case .binary(let op, _, _):
      switch op {
      case .or: 1
      case .xor: 2
      case .and: 3
      case .equal, .notEqual, .lessThan, .greaterThan, .lessThanOrEqual, .greaterThanOrEqual: 5
      case .regexMatch, .in, .startsWith, .endsWith, .contains: 6
      case .add, .subtract: 7
      case .multiply, .divide, .modulo: 8
      case .power: 9
      }
    case .unary(.not, _): 4
    case .unary: 10
    case .comparisonChain: 5
    case .isNull: 6
    case .literal(.integer(let v)) where v < 0: 10
    case .literal(.float(let v)) where v.sign == .minus: 10
    default: 11
    }
  }

  static func expression(_ e: ParsedExpression, atLeast minimum: Int) -> String {
    let text = expression(e)
    return level(e) < minimum ? "(\(text))" : text
  }

  /// The operand of a postfix operator: an atom, never a label test.
  static func postfixBase(_ e: ParsedExpression) -> String {
    if case .hasLabels = e.kind { return "(\(expression(e)))" }
    return expression(e, atLeast: 11)
  }

  static func expression(_ e: ParsedExpression) -> String {
    switch e.kind {
    case .literal(let literal):
      return self.literal(literal)
    case .parameter(let name):
      return "$" + (isPlainName(name) || name.utf8.allSatisfy(Lexer.isDigit) ? name : quoted(name))
    case .variable(let name):
      return variable(name)
    case .property(let base, let key):
      return postfixBase(base) + "." + schemaName(key.text)
    case .subscript(let base, let index):
      return postfixBase(base) + "[\(expression(index))]"
    case .slice(let base, let from, let to):
      return postfixBase(base) + "[" + (from.map(expression) ?? "") + ".."
        + (to.map(expression) ?? "") + "]"
    case .hasLabels(let base, let labels):
      return postfixBase(base) + self.labels(labels)
    case .unary(.not, let operand):
      return "NOT " + expression(operand, atLeast: 4)
    case .unary(let op, let operand):
      let minimum: Int
      switch operand.kind {
      case .literal(.integer(let v)) where v >= 0: minimum = 12  // -(1) is not the literal -1
      case .literal(.float(let v)) where v.sign == .plus: minimum = 12
      default: minimum = 10
      }
      let inner = expression(operand, atLeast: minimum)
      return op.rawValue + (inner.hasPrefix("-") || inner.hasPrefix("+") ? " " : "") + inner
    case .binary(let op, let lhs, let rhs):
      let l = level(e)
      let (left, right): (Int, Int)
      switch l {
      case 5: (left, right) = (6, 6)
      case 6: (left, right) = (6, 7)
      case 9: (left, right) = (9, 10)
      default: (left, right) = (l, l + 1)
      }
      return expression(lhs, atLeast: left) + " \(op.rawValue) " + expression(rhs, atLeast: right)
    case .comparisonChain(let first, let steps):
      return
        ([expression(first, atLeast: 6)]
        + steps.map { "\($0.comparison.rawValue) " + expression($0.operand, atLeast: 6) })
        .joined(separator: " ")
    case .isNull(let operand, let isNegated):
      return expression(operand, atLeast: 6) + (isNegated ? " IS NOT NULL" : " IS NULL")
    case .function(let call):
      let name = (call.namespace + [call.name.text]).map(schemaName).joined(separator: ".")
      return name + "(" + (call.isDistinct ? "DISTINCT " : "")
        + call.arguments.map(expression).joined(separator: ", ") + ")"
    case .countStar:
      return "count(*)"
    case .caseExpression(let c):
      var text = "CASE"
      if let subject = c.subject { text += " " + expression(subject) }
      for alternative in c.alternatives {
        text += " WHEN \(expression(alternative.when)) THEN \(expression(alternative.then))"
      }
      if let elseValue = c.elseValue { text += " ELSE " + expression(elseValue) }
      return text + " END"
    case .list(let elements):
      return "[" + elements.map(expression).joined(separator: ", ") + "]"
    case .map(let entries):
      return map(entries)
    case .mapProjection(let name, let items):
      let body = items.map { item -> String in
        switch item {
        case .property(let key): "." + schemaName(key.text)
        case .allProperties: ".*"
        case .entry(let key, let value): schemaName(key.text) + ": " + expression(value)
        case .variable(let v): variable(v.text)
        }
      }
      return variable(name.text) + " {" + body.joined(separator: ", ") + "}"
    case .listComprehension(let c):
      return "[" + comprehension(c) + "]"
    case .patternComprehension(let c):
      var text = "["
      if let p = c.pathVariable { text += variable(p.text) + " = " }
      text += c.pattern.description
      if let predicate = c.predicate { text += " WHERE " + expression(predicate) }
      return text + " | " + expression(c.projection) + "]"
    case .quantifier(let q, let c):
      return q.rawValue + "(" + comprehension(c) + ")"
    case .reduce(let r):
      return "reduce(\(variable(r.accumulator.text)) = \(expression(r.initial)), "
        + "\(variable(r.variable.text)) IN \(expression(r.source)) | \(expression(r.expression)))"
    case .exists(.pattern(let pattern, let predicate)):
      return "EXISTS { \(pattern)" + (predicate.map { " WHERE " + expression($0) } ?? "") + " }"
    case .exists(.query(let query)):
      return "EXISTS { " + query.description.replacing("\n", with: " ") + " }"
    case .patternPredicate(let element):
      return element.description
    }
  }

  static func comprehension(_ c: ParsedExpression.Comprehension) -> String {
    var text = variable(c.variable.text) + " IN " + expression(c.source)
    if let predicate = c.predicate { text += " WHERE " + expression(predicate) }
    if let projection = c.projection { text += " | " + expression(projection) }
    return text
  }

  static func map(_ entries: [ParsedExpression.MapEntry]) -> String {
    "{"
      + entries.map { schemaName($0.key.text) + ": " + expression($0.value) }
      .joined(separator: ", ") + "}"
  }

  static func labels(_ labels: [ParsedName]) -> String {
    labels.map { ":" + schemaName($0.text) }.joined()
  }

  static func literal(_ literal: ParsedExpression.Literal) -> String {
    switch literal {
    case .null: "null"
    case .bool(let b): b ? "true" : "false"
    case .integer(let i): String(i)
    case .float(let d): d.description
    case .string(let s): string(s)
    }
  }

  /// A single-quoted string literal with `\` escapes for quotes, backslashes and controls.
  static func string(_ s: String) -> String {
    var text = "'"
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\\": text += "\\\\"
      case "'": text += "\\'"
      case "\n": text += "\\n"
      case "\t": text += "\\t"
      case "\r": text += "\\r"
      case "\u{08}": text += "\\b"
      case "\u{0C}": text += "\\f"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          text += "\\u" + hex4(scalar.value)
        } else {
          text.unicodeScalars.append(scalar)
        }
      }
    }
    return text + "'"
  }

  /// Whether `name` lexes as one plain word.
  static func isPlainName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first else { return false }
    guard
      first == "_"
        || (first.isASCII ? first.properties.isAlphabetic : Lexer.isIdentifierStart(first))
    else { return false }
    return name.unicodeScalars.allSatisfy { Lexer.isIdentifierPart($0) }
  }

  /// A variable: back-quoted when it is not a plain word or spells any keyword.
  static func variable(_ name: String) -> String {
    isPlainName(name) && Keyword.byUppercasedSpelling[name.uppercased()] == nil
      ? name : quoted(name)
  }

  /// A label, type, key or function name: keywords are fine unquoted here.
  static func schemaName(_ name: String) -> String {
    isPlainName(name) ? name : quoted(name)
  }

  static func quoted(_ name: String) -> String {
    "`" + name.replacing("`", with: "``") + "`"
  }
}
