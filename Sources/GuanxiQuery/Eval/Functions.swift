import Foundation
import GuanxiGraph

/// The built-in scalar functions, by their lower-cased openCypher names.
///
/// Example: `size('高强')` is 2: string functions count Characters, not bytes.
enum BuiltinFunction: String, Sendable, CaseIterable {
  case id, elementId = "elementid", labels, label, type, properties, keys, size, length, nodes,
    relationships, startNode = "startnode", endNode = "endnode", coalesce, head, last, tail,
    range, reverse, toLower = "tolower", toUpper = "toupper", trim, lTrim = "ltrim",
    rTrim = "rtrim", replace, substring, left, right, split, toString = "tostring",
    toInteger = "tointeger", toFloat = "tofloat", toBoolean = "toboolean",
    toStringOrNull = "tostringornull", toIntegerOrNull = "tointegerornull",
    toFloatOrNull = "tofloatornull", toBooleanOrNull = "tobooleanornull", abs, ceil, floor,
    round, sign, sqrt, exp, log, log10, rand, e, pi, sin, cos, tan, asin, acos, atan, atan2,
    degrees, radians, date, evidence, exists, isEmpty = "isempty", isNaN = "isnan",
    charLength = "char_length", characterLength = "character_length",
    /// Internal: whether an entity has every property of a map (pattern property maps
    /// given as parameters).
    matchesProperties = " matchesproperties"

  /// Functions whose wrong argument types the TCK reports as InvalidArgumentValue.
  static let valueCheckedFunctions: Set<BuiltinFunction> = [
    .labels, .type, .toInteger, .toFloat, .toString, .toBoolean,
  ]

  init?(name: String) {
    switch name {
    case "upper": self = .toUpper
    case "lower": self = .toLower
    case "tointeger", "toint": self = .toInteger
    default:
      guard let f = BuiltinFunction(rawValue: name), f != .matchesProperties else { return nil }
      self = f
    }
  }

  var arity: ClosedRange<Int> {
    switch self {
    case .rand, .e, .pi: 0...0
    case .coalesce: 1...64
    case .range: 2...3
    case .replace: 3...3
    case .substring: 2...3
    case .left, .right, .split, .atan2, .matchesProperties: 2...2
    case .round: 1...3
    case .date: 0...1
    default: 1...1
    }
  }

  var arityDescription: String {
    arity.lowerBound == arity.upperBound
      ? "\(arity.lowerBound) argument\(arity.lowerBound == 1 ? "" : "s")"
      : "\(arity.lowerBound) to \(arity.upperBound) arguments"
  }
}

/// A runtime error, reported at `span`: the expression (or clause item) that failed.
///
/// The span is nil only for errors of the statement as a whole: `BudgetExceeded`,
/// `Cancelled`, `ReadOnlyGraph` and internal errors.
func runtimeError(_ code: QueryError.Code, _ message: String, span: SourceSpan?) -> QueryError {
  QueryError(stage: .runtime, code: code, message: message, span: span)
}

extension ExecutionContext {
  /// Calls a built-in function on evaluated arguments.
  func call(_ f: BuiltinFunction, _ args: [RuntimeValue], span: SourceSpan) throws -> RuntimeValue {
    func bad(_ what: String = "") -> QueryError {
      runtimeError(
        BuiltinFunction.valueCheckedFunctions.contains(f)
          ? .invalidArgumentValue : .invalidArgumentType,
        "\(f.rawValue)() cannot take \(args.map(\.typeName).joined(separator: ", "))\(what)",
        span: span)
    }
    let a = args.first ?? .null
    switch f {
    case .coalesce:
      return args.first { !$0.isNull } ?? .null
    case .rand:
      return .float(random.nextDouble())
    case .e: return .float(M_E)
    case .pi: return .float(Double.pi)
    case .exists:
      return .bool(!a.isNull)
    case .date:
      return try makeDate(args.first, span: span)
    case .matchesProperties:
      guard case .map(let m) = args[1] else { return args[1].isNull ? .bool(false) : .bool(true) }
      for (k, v) in m {
        guard RuntimeValue.equals(try propertyValue(a, key: k, span: span), v) == true else {
          return .bool(false)
        }
      }
      return .bool(true)
    default: break
    }
    if a.isNull && f != .toStringOrNull && f != .toIntegerOrNull && f != .toFloatOrNull
      && f != .toBooleanOrNull
    {
      return .null
    }
    switch f {
    case .id:
      switch a {
      case .node(let n): return .int(Int64(n.rawValue))
      case .relationship(let r): return .int(Int64(r.rawValue))
      default: throw bad()
      }
    case .elementId:
      switch a {
      case .node(let n): return .string("n\(n.rawValue)")
      case .relationship(let r): return .string("r\(r.rawValue)")
      default: throw bad()
      }
    case .labels:
      guard case .node(let n) = a else { throw bad() }
      try requireLive(n, span: span)
      return .list(graph.labels(of: n).map { .string(graph.string($0)) })
    case .label:
      guard case .node(let n) = a else { throw bad() }
      return graph.labels(of: n).first.map { .string(graph.string($0)) } ?? .null
    case .type:
      guard case .relationship(let r) = a else { throw bad() }
      return .string(try typeName(of: r, span: span))
    case .properties:
      switch a {
      case .node(let n):
        try requireLive(n, span: span)
        return .map(
          Dictionary(
            uniqueKeysWithValues: graph.properties(of: n).map {
              (graph.string($0.key), RuntimeValue($0.value))
            }))
      case .relationship(let r):
        return .map(
          Dictionary(
            uniqueKeysWithValues: graph.properties(of: r).map {
              (graph.string($0.key), RuntimeValue($0.value))
            }))
      case .map: return a
      default: throw bad()
      }
    case .keys:
      switch a {
      case .node(let n): return .list(graph.properties(of: n).map { .string(graph.string($0.key)) })
      case .relationship(let r):
        return .list(graph.properties(of: r).map { .string(graph.string($0.key)) })
      case .map(let m): return .list(m.keys.sorted().map { .string($0) })
      default: throw bad()
      }
    case .size:
      switch a {
      case .path:
        throw runtimeError(
          .invalidArgumentType, "size() cannot take a path; use length()", span: span)
      case .list(let items): return .int(Int64(items.count))
      case .string(let s): return .int(Int64(s.count))
      case .map(let m): return .int(Int64(m.count))
      default: throw bad()
      }
    case .charLength, .characterLength:
      guard case .string(let s) = a else { throw bad() }
      return .int(Int64(s.count))
    case .length:
      switch a {
      case .path(let p): return .int(Int64(p.relationships.count))
      case .list(let items): return .int(Int64(items.count))
      case .string(let s): return .int(Int64(s.count))
      default: throw bad()
      }
    case .nodes:
      guard case .path(let p) = a else { throw bad() }
      return .list(p.nodes.map { .node($0) })
    case .relationships:
      guard case .path(let p) = a else { throw bad() }
      return .list(p.relationships.map { .relationship($0) })
    case .startNode:
      guard case .relationship(let r) = a else { throw bad() }
      return .node(graph.startNode(of: r))
    case .endNode:
      guard case .relationship(let r) = a else { throw bad() }
      return .node(graph.endNode(of: r))
    case .head:
      guard case .list(let items) = a else { throw bad() }
      return items.first ?? .null
    case .last:
      guard case .list(let items) = a else { throw bad() }
      return items.last ?? .null
    case .tail:
      guard case .list(let items) = a else { throw bad() }
      try allocate(MemorySize.list(items.count), span: span, "tail()")
      return .list(Array(items.dropFirst()))
    case .isEmpty:
      switch a {
      case .list(let items): return .bool(items.isEmpty)
      case .string(let s): return .bool(s.isEmpty)
      case .map(let m): return .bool(m.isEmpty)
      default: throw bad()
      }
    case .range:
      guard let (start, end, step) = try rangeArguments(args, span: span) else { return .null }
      // The count is at most 2^64, so it is computed without overflow, and the list is
      // charged to the memory budget before any of it is allocated.
      let count = ExecutionContext.rangeCount(start: start, end: end, step: step)
      let length = Int(clamping: count)
      try allocate(MemorySize.list(length), span: span, "range()")
      try charge(length)
      var result: [RuntimeValue] = []
      result.reserveCapacity(length)
      var i = start
      for _ in 0..<length {
        result.append(.int(i))
        i &+= step
      }
      return .list(result)
    case .reverse:
      switch a {
      case .list(let items):
        try allocate(MemorySize.list(items.count), span: span, "reverse()")
        return .list(items.reversed())
      case .string(let s):
        try allocate(MemorySize.string(s.utf8.count), span: span, "reverse()")
        return .string(String(s.reversed()))
      default: throw bad()
      }
    case .toLower, .toUpper:
      guard case .string(let s) = a else { throw bad() }
      // Changing case can lengthen a character (ß to SS): at most three times.
      try allocate(
        MemorySize.string(s.utf8.count.multipliedSaturating(3)), span: span, "\(f.rawValue)()")
      return .string(f == .toLower ? s.lowercased() : s.uppercased())
    case .trim, .lTrim, .rTrim:
      guard case .string(let s) = a else { throw bad() }
      var chars = Substring(s)
      if f != .rTrim { chars = chars.drop(while: { $0.isWhitespace }) }
      if f != .lTrim { while let last = chars.last, last.isWhitespace { chars = chars.dropLast() } }
      return .string(String(chars))
    case .replace:
      guard case .string(let s) = a else { throw bad() }
      if args[1].isNull || args[2].isNull { return .null }
      guard case .string(let search) = args[1], case .string(let replacement) = args[2] else {
        throw bad()
      }
      // The longest result: every possible match replaced (one between every two
      // characters for an empty search), charged before the string is built.
      let matches =
        search.isEmpty ? s.count + 1 : s.utf8.count / max(1, search.utf8.count)
      try allocate(
        MemorySize.string(
          s.utf8.count.addingSaturating(matches.multipliedSaturating(replacement.utf8.count))),
        span: span, "replace()")
      try charge(matches)
      if search.isEmpty {
        var out = replacement
        for c in s { out += String(c) + replacement }
        return .string(out)
      }
      return .string(s.replacingOccurrences(of: search, with: replacement))
    case .substring:
      guard case .string(let s) = a else { throw bad() }
      if args[1].isNull { return .null }
      guard case .int(let start) = args[1] else { throw bad() }
      if start < 0 {
        throw runtimeError(
          .negativeIntegerArgument, "substring() start must not be negative", span: span)
      }
      var length = Int64.max
      if args.count == 3 {
        if args[2].isNull { return .null }
        guard case .int(let l) = args[2] else { throw bad() }
        if l < 0 {
          throw runtimeError(
            .negativeIntegerArgument, "substring() length must not be negative", span: span)
        }
        length = l
      }
      // Walks the characters instead of copying them into an array (16 bytes each).
      let from = s.dropFirst(Int(clamping: start))
      return .string(String(from.prefix(Int(clamping: length))))
    case .left, .right:
      guard case .string(let s) = a else { throw bad() }
      if args[1].isNull {
        throw runtimeError(
          .invalidArgumentValue, "\(f.rawValue)() length must not be null", span: span)
      }
      guard case .int(let n) = args[1] else { throw bad() }
      if n < 0 {
        throw runtimeError(
          .negativeIntegerArgument, "\(f.rawValue)() length must not be negative", span: span)
      }
      let k = Int(min(n, Int64(s.count)))
      return .string(f == .left ? String(s.prefix(k)) : String(s.suffix(k)))
    case .split:
      guard case .string(let s) = a else { throw bad() }
      if args[1].isNull { return .null }
      guard case .string(let sep) = args[1] else { throw bad() }
      // Each piece takes a slot; a piece longer than 15 bytes also its own buffer, which
      // all together hold at most the string's bytes.
      let pieces = sep.isEmpty ? s.count : s.utf8.count / max(1, sep.utf8.count) + 1
      try allocate(
        MemorySize.list(pieces).addingSaturating(MemorySize.string(s.utf8.count)), span: span,
        "split()")
      if sep.isEmpty { return .list(s.map { .string(String($0)) }) }
      return .list(s.components(separatedBy: sep).map { .string($0) })
    case .toString, .toStringOrNull:
      switch a {
      case .string: return a
      case .int(let i): return .string(String(i))
      case .float(let d): return .string(ExecutionContext.formatFloat(d))
      case .bool(let b): return .string(b ? "true" : "false")
      case .date(let d): return .string(d.description)
      case .null: return .null
      default: if f == .toStringOrNull { return .null } else { throw bad() }
      }
    case .toInteger, .toIntegerOrNull:
      switch a {
      case .int: return a
      case .float(let d):
        guard d.isFinite, abs(d) < 9.2e18 else {
          if f == .toIntegerOrNull { return .null }
          throw runtimeError(.numberOutOfRange, "\(d) does not fit an integer", span: span)
        }
        return .int(Int64(d.rounded(.towardZero)))
      case .string(let s):
        let t = s.trimmingCharacters(in: .whitespaces)
        if let i = Int64(t) { return .int(i) }
        if let d = Double(t), d.isFinite, abs(d) < 9.2e18 {
          return .int(Int64(d.rounded(.towardZero)))
        }
        return .null
      case .bool(let b): return .int(b ? 1 : 0)
      case .null: return .null
      default: if f == .toIntegerOrNull { return .null } else { throw bad() }
      }
    case .toFloat, .toFloatOrNull:
      switch a {
      case .float: return a
      case .int(let i): return .float(Double(i))
      case .string(let s):
        return Double(s.trimmingCharacters(in: .whitespaces)).map { .float($0) } ?? .null
      case .null: return .null
      default: if f == .toFloatOrNull { return .null } else { throw bad() }
      }
    case .toBoolean, .toBooleanOrNull:
      switch a {
      case .bool: return a
      case .string(let s):
        switch s.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: return .null
        }
      case .int(let i): return .bool(i != 0)
      case .null: return .null
      default: if f == .toBooleanOrNull { return .null } else { throw bad() }
      }
    case .abs:
      switch a {
      case .int(let i):
        if i == .min { throw runtimeError(.integerOverflow, "abs() overflows", span: span) }
        return .int(Swift.abs(i))
      case .float(let d): return .float(Swift.abs(d))
      default: throw bad()
      }
    case .sign:
      switch a {
      case .int(let i): return .int(i.signum())
      case .float(let d): return .int(d > 0 ? 1 : d < 0 ? -1 : 0)
      default: throw bad()
      }
    case .ceil, .floor, .sqrt, .exp, .log, .log10, .sin, .cos, .tan, .asin, .acos, .atan, .degrees,
      .radians:
      let d: Double
      switch a {
      case .int(let i): d = Double(i)
      case .float(let x): d = x
      default: throw bad()
      }
      let r: Double =
        switch f {
        case .ceil: d.rounded(.up)
        case .floor: d.rounded(.down)
        case .sqrt: d.squareRoot()
        case .exp: Foundation.exp(d)
        case .log: Foundation.log(d)
        case .log10: Foundation.log10(d)
        case .sin: Foundation.sin(d)
        case .cos: Foundation.cos(d)
        case .tan: Foundation.tan(d)
        case .asin: Foundation.asin(d)
        case .acos: Foundation.acos(d)
        case .atan: Foundation.atan(d)
        case .degrees: d * 180 / Double.pi
        default: d * Double.pi / 180
        }
      return .float(r)
    case .atan2:
      guard let y = a.doubleValue, let x = args[1].doubleValue else {
        if args[1].isNull { return .null }
        throw bad()
      }
      return .float(Foundation.atan2(y, x))
    case .round:
      guard let d = a.doubleValue else { throw bad() }
      if args.count == 1 {
        // openCypher rounds half up (towards positive infinity).
        return .float(d.isFinite ? Foundation.floor(d + 0.5) : d)
      }
      guard case .int(let precision) = args[1] else { throw bad() }
      let scale = Foundation.pow(10.0, Double(precision))
      return .float((d * scale).rounded(.toNearestOrAwayFromZero) / scale)
    case .isNaN:
      guard let d = a.doubleValue else { throw bad() }
      return .bool(d.isNaN)
    case .evidence:
      guard case .relationship(let r) = a else { throw bad() }
      guard let doc = graph.existingSymbol(Schema.Key.doc),
        let spanKey = graph.existingSymbol(Schema.Key.span)
      else { return .null }
      let d = graph.property(doc, of: r).map(RuntimeValue.init) ?? .null
      let s = graph.property(spanKey, of: r).map(RuntimeValue.init) ?? .null
      if d.isNull && s.isNull { return .null }
      var evidence: [String: RuntimeValue] = ["doc": d, "span": s]
      // The sentence itself when the graph stores it (an extracted graph does; an imported
      // one does not, and then `evidence(r).sentence` is null).
      if case .string(let name)? = graph.property(doc, of: r),
        case .list(let bounds)? = graph.property(spanKey, of: r), bounds.count == 2,
        let start = bounds[0].intValue.flatMap({ Int(exactly: $0) }),
        let end = bounds[1].intValue.flatMap({ Int(exactly: $0) }),
        let sentence = graph.evidenceSentence(doc: name, scalarStart: start, scalarEnd: end)
      {
        evidence["sentence"] = .string(sentence)
      }
      return .map(evidence)
    case .coalesce, .rand, .e, .pi, .exists, .date, .matchesProperties:
      return .null
    }
  }

  func makeDate(_ argument: RuntimeValue?, span: SourceSpan) throws -> RuntimeValue {
    guard let argument else {
      throw runtimeError(
        .invalidArgumentValue, "date() without an argument needs a clock; pass a date", span: span)
    }
    switch argument {
    case .null: return .null
    case .date: return argument
    case .string(let s):
      guard let d = LocalDate(iso: s) else {
        throw runtimeError(
          .invalidArgumentValue, "'\(s)' is not a date (expected YYYY-MM-DD)", span: span)
      }
      return .date(d)
    case .map(let m):
      guard case .int(let y)? = m["year"] else {
        throw runtimeError(.invalidArgumentValue, "date({…}) needs an integer year", span: span)
      }
      var month: Int64 = 1
      var day: Int64 = 1
      if case .int(let v)? = m["month"] { month = v }
      if case .int(let v)? = m["day"] { day = v }
      guard let d = LocalDate(year: Int(y), month: Int(month), day: Int(day)) else {
        throw runtimeError(.invalidArgumentValue, "\(y)-\(month)-\(day) is not a date", span: span)
      }
      return .date(d)
    default:
      throw runtimeError(
        .invalidArgumentType, "date() cannot take a \(argument.typeName)", span: span)
    }
  }

  /// The start, end and step of `range(start, end[, step])`, or nil when one is null.
  ///
  /// - Throws: `InvalidArgumentType` for a non-integer, `NumberOutOfRange` for step 0.
  func rangeArguments(_ args: [RuntimeValue], span: SourceSpan) throws
    -> (start: Int64, end: Int64, step: Int64)?
  {
    if args.contains(where: \.isNull) { return nil }
    guard case .int(let start) = args[0], case .int(let end) = args[1] else {
      throw runtimeError(
        .invalidArgumentType,
        "range() cannot take \(args.map(\.typeName).joined(separator: ", "))", span: span)
    }
    var step: Int64 = 1
    if args.count == 3 {
      guard case .int(let s) = args[2] else {
        throw runtimeError(
          .invalidArgumentType, "range() step must be an integer, not \(args[2].typeName)",
          span: span)
      }
      step = s
    }
    if step == 0 {
      throw runtimeError(.numberOutOfRange, "range() step must not be zero", span: span)
    }
    return (start, end, step)
  }

  /// How many values `range(start, end, step)` has (step not zero): up to 2^64, computed
  /// on magnitudes, so no bound overflows it.
  static func rangeCount(start: Int64, end: Int64, step: Int64) -> UInt64 {
    if step > 0 ? end < start : end > start { return 0 }
    let distance = step > 0 ? UInt64(bitPattern: end &- start) : UInt64(bitPattern: start &- end)
    let (count, overflow) = (distance / step.magnitude).addingReportingOverflow(1)
    return overflow ? .max : count
  }

  /// openCypher prints floats with a decimal point: `1.0`, `0.5`, `1.0E20`.
  static func formatFloat(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
    if d == d.rounded(), Swift.abs(d) < 1e15 { return String(format: "%.1f", d) }
    return "\(d)"
  }
}

extension RuntimeValue {
  var doubleValue: Double? {
    switch self {
    case .int(let i): Double(i)
    case .float(let d): d
    default: nil
    }
  }
}

/// A seedable pseudo-random generator (SplitMix64), so `rand()` can be reproduced.
struct SeededRandom: Sendable {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func nextDouble() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
