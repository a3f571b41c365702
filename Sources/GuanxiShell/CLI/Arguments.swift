/// A hand-written command-line parser: options declared per subcommand, `--name value`,
/// `--name=value`, `-o value`, repeated options, `--` ending options, and a usage error
/// that names the offending argument.
///
/// ```swift
/// var args = try Arguments(["g.gx", "--format", "json"], spec: [.value("format")])
/// args.positionals  // ["g.gx"]
/// args.value("format")  // "json"
/// ```
public struct Arguments: Sendable {
  /// How one option is spelled and whether it takes a value.
  public struct Option: Sendable {
    public var name: String
    public var short: Character?
    public var takesValue: Bool
    public var isRepeatable: Bool

    /// An option with a value: `--name VALUE`.
    public static func value(_ name: String, short: Character? = nil, repeatable: Bool = false)
      -> Option
    {
      Option(name: name, short: short, takesValue: true, isRepeatable: repeatable)
    }
    /// A flag: `--name`.
    public static func flag(_ name: String, short: Character? = nil) -> Option {
      Option(name: name, short: short, takesValue: false, isRepeatable: false)
    }
  }

  public private(set) var positionals: [String] = []
  private var values: [String: [String]] = [:]
  private var flags: Set<String> = []

  /// Parses `arguments` (without the program and subcommand names).
  ///
  /// - Throws: `UsageError` for an unknown option, a missing value, or a value given twice.
  public init(_ arguments: [String], spec: [Option]) throws(UsageError) {
    let specs = spec + [.flag("help", short: "h")]
    var i = 0
    var isOptionsEnded = false
    while i < arguments.count {
      let argument = arguments[i]
      i += 1
      if isOptionsEnded || argument == "-" || !argument.hasPrefix("-") {
        positionals.append(argument)
        continue
      }
      if argument == "--" {
        isOptionsEnded = true
        continue
      }
      var name: String
      var inlineValue: String? = nil
      if argument.hasPrefix("--") {
        name = String(argument.dropFirst(2))
        if let eq = name.firstIndex(of: "=") {
          inlineValue = String(name[name.index(after: eq)...])
          name = String(name[..<eq])
        }
      } else {
        guard argument.count == 2, let letter = argument.dropFirst().first,
          let match = specs.first(where: { $0.short == letter })
        else { throw UsageError("unknown option '\(argument)'") }
        name = match.name
      }
      guard let option = specs.first(where: { $0.name == name }) else {
        throw UsageError("unknown option '\(argument)'")
      }
      if option.takesValue {
        let value: String
        if let inlineValue {
          value = inlineValue
        } else {
          guard i < arguments.count else { throw UsageError("option '--\(name)' needs a value") }
          value = arguments[i]
          i += 1
        }
        if !option.isRepeatable && values[name] != nil {
          throw UsageError("option '--\(name)' is given twice")
        }
        values[name, default: []].append(value)
      } else {
        guard inlineValue == nil else { throw UsageError("option '--\(name)' takes no value") }
        flags.insert(name)
      }
    }
  }

  /// The value of an option given once, or nil.
  public func value(_ name: String) -> String? { values[name]?.last }
  /// Every value of a repeatable option, in order.
  public func values(_ name: String) -> [String] { values[name] ?? [] }
  /// Whether a flag was given.
  public func flag(_ name: String) -> Bool { flags.contains(name) }

  /// The value of an option as an integer in `range`.
  public func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
    guard let text = value(name) else { return nil }
    guard let number = Int(text), range.contains(number) else {
      throw UsageError(
        "option '--\(name)' needs a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'"
      )
    }
    return number
  }

  /// The value of an option that must be one of `choices`.
  public func choice(_ name: String, of choices: [String]) throws(UsageError) -> String? {
    guard let text = value(name) else { return nil }
    guard choices.contains(text) else {
      throw UsageError(
        "option '--\(name)' must be one of \(choices.joined(separator: ", ")), not '\(text)'")
    }
    return text
  }
}

/// A mistake in how a command was called: exit status 2 and a pointer to `--help`.
public struct UsageError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
