import Foundation
import GuanxiGraph

#if canImport(Glibc)
  import Glibc
#endif

/// Compiles bound expressions into closures over row slots.
///
/// Parameters are known when a statement runs, so they are folded in as constants,
/// and so are pure functions of constants (`date($from)` is computed once). Equality
/// of a node's string property with a constant compares interned symbols; a string the
/// graph has never interned makes the comparison false without reading the node.
struct ExpressionCompiler {
  let context: ExecutionContext
  /// Plans and compiles subqueries (pattern predicates, EXISTS, pattern comprehensions).
  let subqueryCompiler: (BoundSubquery) throws -> any Operator

  func compile(_ e: BoundExpression) throws -> Evaluator {
    if folding, let v = try constantValue(e) { return { _ in v } }
    let ctx = context
    switch e {
    case .constant(let v): return { _ in v }
    case .parameter(let i, _):
      let v = ctx.parameters[i]
      return { _ in v }
    case .slot(let s): return { row in row[s] }
    case .property(let base, let key, let span):
      if case .slot(let s) = base {
        let cache = KeyCache(key)
        if let view = ctx.view {
          return { row in
            switch row[s] {
            case .node(let n):
              if let k = cache.symbol(ctx), let v = view.property(k, of: n) {
                return RuntimeValue(v)
              }
              try ctx.requireLive(n, span: span)
              return .null
            case .null: return .null
            case let other: return try ctx.propertyValue(other, key: key, span: span)
            }
          }
        }
        return { row in
          switch row[s] {
          case .node(let n):
            if let k = cache.symbol(ctx), let v = ctx.graph.property(k, of: n) {
              return RuntimeValue(v)
            }
            try ctx.requireLive(n, span: span)
            return .null
          case .null: return .null
          case let other: return try ctx.propertyValue(other, key: key, span: span)
          }
        }
      }
      let b = try compile(base)
      return { row in try ctx.propertyValue(try b(&row), key: key, span: span) }
    case .subscript(let base, let index, let span):
      let b = try compile(base)
      let i = try compile(index)
      return { row in
        try ExpressionCompiler.subscriptValue(try b(&row), try i(&row), ctx, span: span)
      }
    case .slice(let base, let from, let to, let span):
      let b = try compile(base)
      let f = try from.map(compile)
      let t = try to.map(compile)
      return { row in
        let list = try b(&row)
        let lo = try f?(&row)
        let hi = try t?(&row)
        if list.isNull || lo?.isNull == true || hi?.isNull == true { return .null }
        guard case .list(let items) = list else {
          throw runtimeError(.invalidArgumentType, "cannot slice a \(list.typeName)", span: span)
        }
        func index(_ v: RuntimeValue?, _ default: Int) throws -> Int {
          guard let v else { return `default` }
          guard case .int(let i) = v else {
            throw runtimeError(
              .invalidArgumentType, "list slice bounds must be integers", span: span)
          }
          let n = Int64(items.count)
          let j = i < 0 ? max(0, n + i) : min(i, n)
          return Int(j)
        }
        let start = try index(lo, 0)
        let end = try index(hi, items.count)
        guard start < end else { return .list([]) }
        try ctx.allocate(MemorySize.list(end - start), span: span, "a list slice")
        return .list(Array(items[start..<end]))
      }
    case .hasLabels(let base, let labels, let span):
      let b = try compile(base)
      return { row in
        switch try b(&row) {
        case .null: return .null
        case .node(let n):
          for label in labels {
            guard let s = ctx.symbol(label), ctx.graph.hasLabel(n, s) else { return .bool(false) }
          }
          return .bool(true)
        case let other:
          throw runtimeError(
            .invalidArgumentType, "cannot test labels of a \(other.typeName)", span: span)
        }
      }
    case .not(let a, let span):
      let x = try compile(a)
      return { row in
        switch try x(&row) {
        case .bool(let b): return .bool(!b)
        case .null: return .null
        case let other:
          throw runtimeError(
            .invalidArgumentType, "NOT expects a boolean, not \(other.typeName)", span: span)
        }
      }
    case .negate(let a, let span):
      let x = try compile(a)
      return { row in
        switch try x(&row) {
        case .int(let i):
          if i == .min { throw runtimeError(.integerOverflow, "integer overflow", span: span) }
          return .int(-i)
        case .float(let d): return .float(-d)
        case .null: return .null
        case let other:
          throw runtimeError(.invalidArgumentType, "cannot negate a \(other.typeName)", span: span)
        }
      }
    case .and(let a, let b, let span):
      let x = try compile(a)
      let y = try compile(b)
      return { row in
        let l = try ExpressionCompiler.truth(try x(&row), span: span)
        if l == false { return .bool(false) }
        let r = try ExpressionCompiler.truth(try y(&row), span: span)
        if r == false { return .bool(false) }
        if l == nil || r == nil { return .null }
        return .bool(true)
      }
    case .or(let a, let b, let span):
      let x = try compile(a)
      let y = try compile(b)
      return { row in
        let l = try ExpressionCompiler.truth(try x(&row), span: span)
        if l == true { return .bool(true) }
        let r = try ExpressionCompiler.truth(try y(&row), span: span)
        if r == true { return .bool(true) }
        if l == nil || r == nil { return .null }
        return .bool(false)
      }
    case .xor(let a, let b, let span):
      let x = try compile(a)
      let y = try compile(b)
      return { row in
        let l = try ExpressionCompiler.truth(try x(&row), span: span)
        let r = try ExpressionCompiler.truth(try y(&row), span: span)
        guard let l, let r else { return .null }
        return .bool(l != r)
      }
    case .compare(let op, let a, let b):
      if let fast = try compileSymbolEquality(op, a, b) { return fast }
      let x = try compile(a)
      let y = try compile(b)
      return { row in ExpressionCompiler.compare(op, try x(&row), try y(&row)) }
    case .arithmetic(let op, let a, let b, let span):
      let x = try compile(a)
      let y = try compile(b)
      return { row in
        try ExpressionCompiler.arithmetic(op, try x(&row), try y(&row), ctx, span: span)
      }
    case .stringMatch(let op, let a, let b):
      if let fast = try compileContains(op, a, b) { return fast }
      let x = try compile(a)
      let y = try compile(b)
      return { row in
        let l = try x(&row)
        let r = try y(&row)
        guard case .string(let s) = l, case .string(let t) = r else { return .null }
        switch op {
        case .startsWith: return .bool(s.utf8.starts(with: t.utf8))
        case .endsWith: return .bool(s.utf8.reversed().starts(with: t.utf8.reversed()))
        case .contains: return .bool(t.isEmpty || ExpressionCompiler.utf8Contains(s, t))
        }
      }
    case .regex(let a, let b, let span):
      let x = try compile(a)
      let y = try compile(b)
      var cache: (String, NSRegularExpression)? = nil
      return { row in
        guard case .string(let s) = try x(&row), case .string(let pattern) = try y(&row) else {
          return .null
        }
        let regex: NSRegularExpression
        if let c = cache, c.0 == pattern {
          regex = c.1
        } else {
          guard
            let r = try? NSRegularExpression(
              pattern: "^(?:" + pattern + ")$", options: [.dotMatchesLineSeparators])
          else {
            throw runtimeError(
              .invalidArgumentValue, "invalid regular expression '\(pattern)'", span: span)
          }
          regex = r
          cache = (pattern, r)
        }
        return .bool(try ExpressionCompiler.matches(regex, s, ctx))
      }
    case .inList(let a, let b, let span):
      let x = try compile(a)
      if case .constant(.list(let items)) = b, !items.isEmpty,
        items.allSatisfy({
          if case .int = $0 { true } else if case .string = $0 { true } else { false }
        })
      {
        let set = Set(items.map { GroupKey(value: $0) })
        return { row in
          let v = try x(&row)
          if v.isNull { return .null }
          return .bool(set.contains(GroupKey(value: v)) && RuntimeValue.equals(v, v) == true)
        }
      }
      let y = try compile(b)
      return { row in
        let v = try x(&row)
        let list = try y(&row)
        switch list {
        case .null: return .null
        case .list(let items):
          var sawNull = false
          for item in items {
            switch RuntimeValue.equals(v, item) {
            case true?: return .bool(true)
            case nil: sawNull = true
            case false?: break
            }
          }
          return sawNull ? .null : .bool(false)
        default:
          throw runtimeError(
            .invalidArgumentType, "IN expects a list, not \(list.typeName)", span: span)
        }
      }
    case .isNull(let a, let negated):
      let x = try compile(a)
      return { row in .bool(try x(&row).isNull != negated) }
    case .function(let f, let args, let span):
      let compiled = try args.map(compile)
      if f == .coalesce {
        return { row in
          for c in compiled {
            let v = try c(&row)
            if !v.isNull { return v }
          }
          return .null
        }
      }
      if f == .label, compiled.count == 1 {
        let c = compiled[0]
        return { row in
          guard case .node(let n) = try c(&row) else {
            return try ctx.call(f, [try c(&row)], span: span)
          }
          return ExpressionCompiler.labelValue(n, ctx)
        }
      }
      return { row in
        var values: [RuntimeValue] = []
        values.reserveCapacity(compiled.count)
        for c in compiled { values.append(try c(&row)) }
        return try ctx.call(f, values, span: span)
      }
    case .aggregate:
      throw runtimeError("Internal", "an aggregate was left in an expression", span: nil)
    case .caseExpression(let subject, let alternatives, let elseValue, let span):
      let s = try subject.map(compile)
      let alts = try alternatives.map { (try compile($0.0), try compile($0.1)) }
      let other = try elseValue.map(compile)
      return { row in
        if let s {
          let v = try s(&row)
          for (w, t) in alts where RuntimeValue.equals(v, try w(&row)) == true {
            return try t(&row)
          }
        } else {
          for (w, t) in alts
          where try ExpressionCompiler.truthLenient(try w(&row), span: span) == true {
            return try t(&row)
          }
        }
        return try other?(&row) ?? .null
      }
    case .list(let items, let span):
      let compiled = try items.map(compile)
      let bytes = MemorySize.list(items.count)
      return { row in
        try ctx.allocate(bytes, span: span, "a list")
        var values: [RuntimeValue] = []
        values.reserveCapacity(compiled.count)
        var isNested = false
        for c in compiled {
          let v = try c(&row)
          switch v {
          case .list, .map: isNested = true
          default: break
          }
          values.append(v)
        }
        if isNested { try RuntimeValue.checkNesting(.list(values), span: span) }
        return .list(values)
      }
    case .map(let entries, let span):
      let compiled = try entries.map { ($0.0, try compile($0.1)) }
      let bytes = MemorySize.map(entries.count)
      return { row in
        try ctx.allocate(bytes, span: span, "a map")
        var m: [String: RuntimeValue] = [:]
        var isNested = false
        for (k, c) in compiled {
          let v = try c(&row)
          switch v {
          case .list, .map: isNested = true
          default: break
          }
          m[k] = v
        }
        if isNested { try RuntimeValue.checkNesting(.map(m), span: span) }
        return .map(m)
      }
    case .mapProjection(let base, let items, let span):
      let b = try compile(base)
      let compiledItems: [(BoundMapProjectionItem, Evaluator?)] = try items.map { item in
        if case .entry(_, let e) = item { return (item, try compile(e)) }
        return (item, nil)
      }
      return { row in
        let v = try b(&row)
        if v.isNull { return .null }
        var m: [String: RuntimeValue] = [:]
        try ctx.allocate(MemorySize.map(compiledItems.count), span: span, "a map projection")
        for (item, c) in compiledItems {
          switch item {
          case .property(let k): m[k] = try ctx.propertyValue(v, key: k, span: span)
          case .allProperties: m.merge(try ctx.allProperties(v, span: span)) { _, new in new }
          case .entry(let k, _): m[k] = try c?(&row) ?? .null
          }
        }
        return .map(m)
      }
    case .listComprehension(let slot, let source, let predicate, let projection, let span):
      let s = try compile(source)
      let p = try predicate.map(compile)
      let f = try projection.map(compile)
      return { row in
        let list = try s(&row)
        guard case .list(let items) = list else {
          if list.isNull { return .null }
          throw runtimeError(
            .invalidArgumentType, "expected a list, not \(list.typeName)", span: span)
        }
        var result: [RuntimeValue] = []
        try ctx.allocate(MemorySize.list(items.count), span: span, "a list comprehension")
        for item in items {
          try ctx.charge()
          row[slot] = item
          if let p {
            // What the predicate builds is dropped with its answer.
            let mark = ctx.transientBytes
            let keep = try ExpressionCompiler.truth(try p(&row), span: span)
            ctx.transientBytes = mark
            if keep != true { continue }
          }
          result.append(try f?(&row) ?? item)
        }
        return .list(result)
      }
    case .quantifier(let q, let slot, let source, let predicate, let span):
      let s = try compile(source)
      let p = try predicate.map(compile)
      return { row in
        let list = try s(&row)
        guard case .list(let items) = list else {
          if list.isNull { return .null }
          throw runtimeError(
            .invalidArgumentType, "expected a list, not \(list.typeName)", span: span)
        }
        var trues = 0
        var falses = 0
        var nulls = 0
        let mark = ctx.transientBytes
        defer { ctx.transientBytes = mark }
        for item in items {
          try ctx.charge()
          row[slot] = item
          ctx.transientBytes = mark
          switch try p.map({ try ExpressionCompiler.truth(try $0(&row), span: span) }) ?? true {
          case true?: trues += 1
          case false?: falses += 1
          case nil: nulls += 1
          }
        }
        switch q {
        case .all: return falses > 0 ? .bool(false) : nulls > 0 ? .null : .bool(true)
        case .any: return trues > 0 ? .bool(true) : nulls > 0 ? .null : .bool(false)
        case .none: return trues > 0 ? .bool(false) : nulls > 0 ? .null : .bool(true)
        case .single:
          if trues > 1 { return .bool(false) }
          if nulls > 0 { return .null }
          return .bool(trues == 1)
        }
      }
    case .reduce(let acc, let initial, let slot, let source, let expression, let span):
      let i = try compile(initial)
      let s = try compile(source)
      let x = try compile(expression)
      return { row in
        var value = try i(&row)
        let list = try s(&row)
        guard case .list(let items) = list else {
          if list.isNull { return .null }
          throw runtimeError(
            .invalidArgumentType, "expected a list, not \(list.typeName)", span: span)
        }
        // Each step's garbage is released: what stays charged is the accumulator.
        let mark = ctx.transientBytes
        for item in items {
          try ctx.charge()
          row[acc] = value
          row[slot] = item
          value = try x(&row)
          switch value {
          case .list, .map: try RuntimeValue.checkNesting(value, span: span)
          default: break
          }
          ctx.transientBytes = mark
          try ctx.allocate(try ctx.measure(value), span: span, "reduce()")
        }
        return value
      }
    case .patternComprehension(let sub, let projection, let span):
      let op = try subqueryCompiler(sub)
      let p = try compile(projection)
      return { row in
        var result: [RuntimeValue] = []
        var copy = row
        // The matcher releases what each match built, so the kept values are counted
        // here and charged once the matching is done.
        var kept = 0
        try op.run(&copy) { inner in
          let v = try p(&inner)
          kept = kept.addingSaturating(MemorySize.slot).addingSaturating(try ctx.measure(v))
          try ctx.ensureRoom(for: kept, span: span, "a pattern comprehension")
          result.append(v)
        }
        try ctx.allocate(
          kept.addingSaturating(MemorySize.header), span: span, "a pattern comprehension")
        return .list(result)
      }
    case .exists(let sub):
      let op = try subqueryCompiler(sub)
      let token = StopToken()
      return { row in
        var copy = row
        do {
          try op.run(&copy) { _ in throw StopSignal(token: token) }
        } catch let stop as StopSignal where stop.token === token {
          return .bool(true)
        }
        return .bool(false)
      }
    case .pathOf(let elements):
      return { row in try ExpressionCompiler.buildPath(elements, row, ctx) }
    }
  }

  // MARK: - Constant folding

  /// The value of an expression that does not depend on the row, or nil.
  func constantValue(_ e: BoundExpression) throws -> RuntimeValue? {
    switch e {
    case .constant(let v): return v
    case .parameter(let i, _): return context.parameters[i]
    case .slot, .aggregate, .exists, .patternComprehension, .pathOf: return nil
    default:
      guard e.isConstant else { return nil }
      var foldable = true
      e.visit { x in
        if case .function(let f, _, _) = x, f == .rand || f == .date {
          foldable = foldable && f == .date
        }
        if case .listComprehension = x { foldable = false }
        if case .quantifier = x { foldable = false }
        if case .reduce = x { foldable = false }
      }
      guard foldable else { return nil }
      // Evaluate once on an empty row; errors surface when the statement runs.
      var noRow: Row = []
      let compiled = try ExpressionCompiler(
        context: context, subqueryCompiler: subqueryCompiler, folding: false
      ).compile(e)
      do {
        return try compiled(&noRow)
      } catch {
        return nil
      }
    }
  }

  let folding: Bool

  init(
    context: ExecutionContext, subqueryCompiler: @escaping (BoundSubquery) throws -> any Operator,
    folding: Bool = true
  ) {
    self.context = context
    self.subqueryCompiler = subqueryCompiler
    self.folding = folding
  }

  // MARK: - Fast paths

  /// `n.key = 'text'` on a node compares interned symbols.
  func compileSymbolEquality(_ op: ComparisonOperator, _ a: BoundExpression, _ b: BoundExpression)
    throws
    -> Evaluator?
  {
    guard op == .equal || op == .notEqual else { return nil }
    var property = a
    var other = b
    if case .property(.slot, _, _) = b, try constantValue(b) == nil { property = b; other = a }
    guard case .property(.slot(let s), let key, let span) = property,
      let constant = try constantValue(other),
      case .string(let text) = constant
    else { return nil }
    let ctx = context
    let cache = KeyCache(key)
    let isEqual = op == .equal
    return { row in
      guard case .node(let n) = row[s] else {
        let v = try ctx.propertyValue(row[s], key: key, span: span)
        return ExpressionCompiler.compare(op, v, constant)
      }
      guard let k = cache.symbol(ctx) else { return .null }
      if let sym = ctx.graph.stringSymbol(k, of: n) {
        let target = cache.valueSymbol(text, ctx)
        return .bool((target == sym) == isEqual)
      }
      guard let v = ctx.graph.property(k, of: n) else { return .null }
      return ExpressionCompiler.compare(op, RuntimeValue(v), constant)
    }
  }

  /// `n.key CONTAINS 'text'` (and STARTS/ENDS WITH) on a node reads the interned bytes
  /// without building a String.
  func compileContains(_ op: StringOperator, _ a: BoundExpression, _ b: BoundExpression) throws
    -> Evaluator?
  {
    guard let store = context.store, case .property(.slot(let s), let key, let span) = a,
      let constant = try constantValue(b), case .string(let needle) = constant
    else { return nil }
    let ctx = context
    let cache = KeyCache(key)
    let needleBytes = Array(needle.utf8)
    return { row in
      guard case .node(let n) = row[s] else {
        let v = try ctx.propertyValue(row[s], key: key, span: span)
        guard case .string(let str) = v else { return .null }
        switch op {
        case .startsWith: return .bool(str.hasPrefix(needle))
        case .endsWith: return .bool(str.hasSuffix(needle))
        case .contains: return .bool(needle.isEmpty || ExpressionCompiler.utf8Contains(str, needle))
        }
      }
      guard let k = cache.symbol(ctx) else { return .null }
      guard let sym = store.stringSymbol(k, of: n) else { return .null }
      let found = store.strings.withUTF8(sym) { hay -> Bool in
        needleBytes.withUnsafeBufferPointer { nb in ExpressionCompiler.bytesMatch(op, hay, nb) }
      }
      return .bool(found)
    }
  }

  static func bytesMatch(
    _ op: StringOperator, _ hay: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>
  ) -> Bool {
    let h = hay.count
    let m = needle.count
    if m == 0 { return true }
    if m > h { return false }
    guard let hb = hay.baseAddress, let nb = needle.baseAddress else { return false }
    switch op {
    case .startsWith: return memcmp(hb, nb, m) == 0
    case .endsWith: return memcmp(hb + (h - m), nb, m) == 0
    case .contains:
      // Scan for the needle's last byte: in UTF-8 it varies more than a lead byte.
      let lastByte = nb[m - 1]
      var i = m - 1
      while i < h {
        guard let p = memchr(hb + i, Int32(lastByte), h - i) else { return false }
        let j = UnsafePointer<UInt8>(p.assumingMemoryBound(to: UInt8.self)) - hb
        if memcmp(hb + (j - m + 1), nb, m) == 0 { return true }
        i = j + 1
      }
      return false
    }
  }

  static func utf8Contains(_ s: String, _ t: String) -> Bool {
    var s = s
    var t = t
    return s.withUTF8 { hs in t.withUTF8 { ts in bytesMatch(.contains, hs, ts) } }
  }

  // MARK: - Semantics

  /// A boolean operand: true, false or null; anything else is a type error of the
  /// expression at `span`.
  @inline(__always)
  static func truth(_ v: RuntimeValue, span: SourceSpan) throws -> Bool? {
    switch v {
    case .bool(let b): return b
    case .null: return nil
    default:
      throw runtimeError(.invalidArgumentType, "expected a boolean, not \(v.typeName)", span: span)
    }
  }

  /// WHERE and CASE WHEN: only `true` passes.
  static func truthLenient(_ v: RuntimeValue, span: SourceSpan) throws -> Bool? {
    if case .bool(let b) = v { return b }
    if v.isNull { return nil }
    throw runtimeError(.invalidArgumentType, "expected a boolean, not \(v.typeName)", span: span)
  }

  static func compare(_ op: ComparisonOperator, _ l: RuntimeValue, _ r: RuntimeValue)
    -> RuntimeValue
  {
    switch op {
    case .equal: return RuntimeValue.equals(l, r).map { .bool($0) } ?? .null
    case .notEqual: return RuntimeValue.equals(l, r).map { .bool(!$0) } ?? .null
    default:
      guard let c = RuntimeValue.compare(l, r) else {
        // NaN is a number: ordering it against a number is false, not unknown.
        if let x = l.doubleValue, let y = r.doubleValue, x.isNaN || y.isNaN { return .bool(false) }
        return .null
      }
      switch op {
      case .less: return .bool(c < 0)
      case .greater: return .bool(c > 0)
      case .lessOrEqual: return .bool(c <= 0)
      default: return .bool(c >= 0)
      }
    }
  }

  /// `l op r`; an error is reported at `span`, the whole operation. A concatenation is
  /// charged to the memory budget before it is built.
  static func arithmetic(
    _ op: ArithmeticOperator, _ l: RuntimeValue, _ r: RuntimeValue, _ ctx: ExecutionContext,
    span: SourceSpan
  ) throws
    -> RuntimeValue
  {
    if l.isNull || r.isNull { return .null }
    if op == .add, let bytes = concatenationBytes(l, r) {
      try ctx.allocate(bytes, span: span, "'+'")
    }
    switch (op, l, r) {
    case (.add, .string(let a), .string(let b)): return .string(a + b)
    case (.add, .string(let a), .int(let b)): return .string(a + String(b))
    case (.add, .int(let a), .string(let b)): return .string(String(a) + b)
    case (.add, .string(let a), .float(let b)): return .string(a + ExecutionContext.formatFloat(b))
    case (.add, .float(let a), .string(let b)): return .string(ExecutionContext.formatFloat(a) + b)
    case (.add, .list(let a), .list(let b)): return .list(a + b)
    case (.add, .list(let a), _):
      let v = RuntimeValue.list(a + [r])
      if case .list = r {
        try RuntimeValue.checkNesting(v, span: span)
      } else if case .map = r {
        try RuntimeValue.checkNesting(v, span: span)
      }
      return v
    case (.add, _, .list(let b)):
      let v = RuntimeValue.list([l] + b)
      if case .list = l {
        try RuntimeValue.checkNesting(v, span: span)
      } else if case .map = l {
        try RuntimeValue.checkNesting(v, span: span)
      }
      return v
    case (_, .int(let a), .int(let b)):
      switch op {
      case .add:
        let (v, o) = a.addingReportingOverflow(b)
        if o { throw runtimeError(.integerOverflow, "integer overflow in \(a) + \(b)", span: span) }
        return .int(v)
      case .subtract:
        let (v, o) = a.subtractingReportingOverflow(b)
        if o { throw runtimeError(.integerOverflow, "integer overflow in \(a) - \(b)", span: span) }
        return .int(v)
      case .multiply:
        let (v, o) = a.multipliedReportingOverflow(by: b)
        if o { throw runtimeError(.integerOverflow, "integer overflow in \(a) * \(b)", span: span) }
        return .int(v)
      case .divide:
        if b == 0 { throw runtimeError("DivisionByZero", "division by zero", span: span) }
        if a == .min && b == -1 {
          throw runtimeError(.integerOverflow, "integer overflow", span: span)
        }
        return .int(a / b)
      case .modulo:
        if b == 0 { throw runtimeError("DivisionByZero", "division by zero", span: span) }
        if b == -1 { return .int(0) }
        return .int(a % b)
      case .power: return .float(Foundation.pow(Double(a), Double(b)))
      }
    default:
      guard let a = l.doubleValue, let b = r.doubleValue else {
        throw runtimeError(
          .invalidArgumentType, "cannot apply '\(op.rawValue)' to \(l.typeName) and \(r.typeName)",
          span: span)
      }
      switch op {
      case .add: return .float(a + b)
      case .subtract: return .float(a - b)
      case .multiply: return .float(a * b)
      case .divide: return .float(a / b)
      case .modulo: return .float(Foundation.fmod(a, b))
      case .power: return .float(Foundation.pow(a, b))
      }
    }
  }

  /// Whether `regex` (anchored at both ends) matches `text`. The matcher reports progress
  /// while it backtracks, so a pattern that takes exponential time (`(a*)*b`) is charged
  /// steps and stops on cancellation, the time limit or the step budget.
  static func matches(_ regex: NSRegularExpression, _ text: String, _ ctx: ExecutionContext)
    throws -> Bool
  {
    var found = false
    var stopped: (any Error)? = nil
    let range = NSRange(text.startIndex..<text.endIndex, in: text)
    regex.enumerateMatches(in: text, options: [.reportProgress], range: range) {
      result, _, stop in
      if result != nil {
        found = true
        stop.pointee = true
        return
      }
      do {
        try ctx.charge(1024)
        try ctx.checkInterruption()
      } catch {
        stopped = error
        stop.pointee = true
      }
    }
    if let stopped { throw stopped }
    return found
  }

  /// The bytes `l + r` builds when it concatenates strings or lists, else nil.
  static func concatenationBytes(_ l: RuntimeValue, _ r: RuntimeValue) -> Int? {
    switch (l, r) {
    case (.string(let a), .string(let b)):
      return MemorySize.string(a.utf8.count.addingSaturating(b.utf8.count))
    case (.string(let a), _): return MemorySize.string(a.utf8.count.addingSaturating(24))
    case (_, .string(let b)): return MemorySize.string(b.utf8.count.addingSaturating(24))
    case (.list(let a), .list(let b)): return MemorySize.list(a.count.addingSaturating(b.count))
    case (.list(let a), _): return MemorySize.list(a.count.addingSaturating(1))
    case (_, .list(let b)): return MemorySize.list(b.count.addingSaturating(1))
    default: return nil
    }
  }

  /// `base[index]`; an error is reported at `span`, the whole subscript.
  static func subscriptValue(
    _ base: RuntimeValue, _ index: RuntimeValue, _ ctx: ExecutionContext, span: SourceSpan
  )
    throws -> RuntimeValue
  {
    if base.isNull || index.isNull { return .null }
    switch (base, index) {
    case (.list(let items), .int(let i)):
      let n = Int64(items.count)
      let j = i < 0 ? n + i : i
      return j >= 0 && j < n ? items[Int(j)] : .null
    case (.list, _):
      throw runtimeError(
        .invalidArgumentType, "list index must be an integer, not \(index.typeName)", span: span)
    case (.map(let m), .string(let k)): return m[k] ?? .null
    case (.node, .string(let k)), (.relationship, .string(let k)):
      return try ctx.propertyValue(base, key: k, span: span)
    case (.map, _), (.node, _), (.relationship, _):
      throw runtimeError(
        .invalidArgumentType, "map key must be a string, not \(index.typeName)", span: span)
    default:
      throw runtimeError(.invalidArgumentType, "cannot index a \(base.typeName)", span: span)
    }
  }

  static func labelValue(_ n: NodeID, _ ctx: ExecutionContext) -> RuntimeValue {
    guard let first = ctx.graph.labels(of: n).first else { return .null }
    return .string(ctx.graph.string(first))
  }

  static func buildPath(
    _ elements: [BoundExpression.PathElement], _ row: Row, _ ctx: ExecutionContext
  ) throws
    -> RuntimeValue
  {
    var nodes: [NodeID] = []
    var relationships: [RelationshipID] = []
    for element in elements {
      switch element {
      case .node(let s):
        guard case .node(let n) = row[s] else { return .null }
        if nodes.count == relationships.count { nodes.append(n) }
      case .relationship(let s):
        guard case .relationship(let r) = row[s], let current = nodes.last else { return .null }
        relationships.append(r)
        let start = ctx.graph.startNode(of: r)
        nodes.append(start == current ? ctx.graph.endNode(of: r) : start)
      case .relationships(let s):
        guard case .list(let items) = row[s], var current = nodes.last else { return .null }
        for item in items {
          guard case .relationship(let r) = item else { return .null }
          relationships.append(r)
          let start = ctx.graph.startNode(of: r)
          current = start == current ? ctx.graph.endNode(of: r) : start
          nodes.append(current)
        }
      }
    }
    return .path(PathValue(nodes: nodes, relationships: relationships))
  }
}

/// Resolves a property key (and a constant string value) to symbols. A string the
/// graph does not know is looked up again only after the statement has written.
final class KeyCache {
  let key: String
  var cached: Symbol?
  var keyGeneration = -1
  var cachedValue: Symbol?
  var valueGeneration = -1

  init(_ key: String) { self.key = key }

  @inline(__always)
  func symbol(_ ctx: ExecutionContext) -> Symbol? {
    if let cached { return cached }
    if keyGeneration == ctx.undo.count { return nil }
    keyGeneration = ctx.undo.count
    cached = ctx.graph.existingSymbol(key)
    return cached
  }

  @inline(__always)
  func valueSymbol(_ text: String, _ ctx: ExecutionContext) -> Symbol? {
    if let cachedValue { return cachedValue }
    if valueGeneration == ctx.undo.count { return nil }
    valueGeneration = ctx.undo.count
    cachedValue = ctx.graph.existingSymbol(text)
    return cachedValue
  }
}
