import Glibc

/// The names completion draws on, taken from the open graph and the session.
public struct CompletionVocabulary: Sendable {
  public var labels: [String]
  public var relationshipTypes: [String]
  public var propertyKeys: [String]
  public var parameters: [String]
  /// `:` commands, with the colon.
  public var commands: [String]

  public init(
    labels: [String] = [], relationshipTypes: [String] = [], propertyKeys: [String] = [],
    parameters: [String] = [], commands: [String] = []
  ) {
    self.labels = labels
    self.relationshipTypes = relationshipTypes
    self.propertyKeys = propertyKeys
    self.parameters = parameters
    self.commands = commands
  }
}

/// Proposes completions for the word before the cursor from what surrounds it.
///
/// - after `:` or `|` inside `(…)`: labels; inside `[…]`: relationship types
/// - after `.`, or at a key inside `{…}`: property keys; after `$`: parameters
/// - elsewhere in a query: keywords (in the case the word was started in), functions
///   (with their opening parenthesis) and the variables the query has bound
/// - on a `:` line: command names, then their arguments, file paths for `:load`, `:open`,
///   `:save` and `:export FORMAT`
/// - nothing inside strings and comments
///
/// ```swift
/// let completer = Completer(vocabulary: CompletionVocabulary(labels: ["Person", "Place"]))
/// completer.complete("MATCH (p:Pe", cursor: 11)  // offset 9, ["Person"]
/// completer.complete("mat", cursor: 3)           // offset 0, ["match"]
/// ```
public struct Completer: Sendable {
  public var vocabulary: CompletionVocabulary
  /// The entries of a directory (names only), for path completion; tests replace it.
  public var listDirectory: @Sendable (String) -> [String]

  public init(
    vocabulary: CompletionVocabulary,
    listDirectory: @escaping @Sendable (String) -> [String] = Completer.directoryEntries
  ) {
    self.vocabulary = vocabulary
    self.listDirectory = listDirectory
  }

  /// Keywords and the phrases they start, as openCypher spells them.
  public static let keywords = [
    "MATCH", "OPTIONAL MATCH", "WHERE", "RETURN", "WITH", "UNWIND", "CREATE", "MERGE",
    "ON CREATE SET", "ON MATCH SET", "SET", "REMOVE", "DELETE", "DETACH DELETE", "ORDER BY",
    "SKIP", "LIMIT", "DISTINCT", "UNION", "UNION ALL", "AS", "AND", "OR", "XOR", "NOT", "IN",
    "STARTS WITH", "ENDS WITH", "CONTAINS", "IS NULL", "IS NOT NULL", "CASE", "WHEN", "THEN",
    "ELSE", "END", "EXPLAIN", "PROFILE", "ASC", "DESC", "TRUE", "FALSE", "NULL", "BY", "ALL",
  ]

  /// Built-in functions, as the query engine names them.
  public static let functions = [
    "abs", "avg", "coalesce", "collect", "count", "date", "endNode", "evidence", "exists",
    "head", "id", "keys", "labels", "last", "length", "max", "min", "nodes", "properties",
    "range", "relationships", "replace", "reverse", "round", "shortestPath", "size", "split",
    "startNode", "substring", "sum", "tail", "toFloat", "toInteger", "toLower", "toString",
    "toUpper", "trim", "type",
  ]

  /// Values some commands take as their first argument.
  static let commandArguments: [String: [String]] = [
    "format": OutputFormat.allCases.map(\.rawValue),
    "timing": ["on", "off"],
    "limit": ["off", "20", "100", "1000"],
    "export": ["dot", "jsonl", "csv", "graphml", "gexf"],
    "help": HelpText.topics,
  ]

  /// Commands whose arguments are files; `export` takes a format first.
  static let fileCommands: Set<String> = ["load", "open", "save", "source", "export"]

  public func complete(_ text: String, cursor: Int) -> Completion {
    let characters = Array(text)
    let cursor = min(max(cursor, 0), characters.count)
    let before = Array(characters[..<cursor])
    if Statements.isCommand(String(before)) { return completeCommand(before) }

    // Nothing to complete inside a string, a quoted name or a comment.
    var isCodeAtCursor = true
    let endState = Statements.scan(before) { _, _ in }
    if endState != .code { isCodeAtCursor = false }
    guard isCodeAtCursor else { return Completion(characterOffset: cursor, candidates: []) }

    var start = cursor
    while start > 0 && Self.isIdentifier(before[start - 1]) { start -= 1 }
    let word = String(before[start...])
    let previous: Character? = start > 0 ? before[start - 1] : nil

    func matching(_ names: [String]) -> Completion {
      Completion(characterOffset: start, candidates: Self.filter(names, prefix: word))
    }
    switch previous {
    case "$": return matching(vocabulary.parameters)
    case ".":
      let beforeDot: Character? = start > 1 ? before[start - 2] : nil
      guard let beforeDot, Self.isIdentifier(beforeDot) || beforeDot == ")" || beforeDot == "`"
      else { break }
      return matching(vocabulary.propertyKeys)
    case ":", "|":
      switch Self.innermostBracket(before[..<start]) {
      case "[": return matching(vocabulary.relationshipTypes)
      case "{": return Completion(characterOffset: start, candidates: [])
      default: return matching(vocabulary.labels)
      }
    default: break
    }
    if Self.innermostBracket(before[..<start]) == "{" {
      let lastCode = before[..<start].last { !$0.isWhitespace }
      if lastCode == "{" || lastCode == "," { return matching(vocabulary.propertyKeys) }
    }
    guard !word.isEmpty else { return Completion(characterOffset: start, candidates: []) }
    if let phrase = completePhrase(before, wordStart: start) { return phrase }

    let lowercase = word == word.lowercased()
    let keywords = Self.filter(Self.keywords, prefix: word).map { lowercase ? $0.lowercased() : $0 }
    let functions = Self.filter(Self.functions, prefix: word).map { $0 + "(" }
    let variables = Self.filter(Self.variables(in: characters), prefix: word).filter { $0 != word }
    return Completion(
      characterOffset: start, candidates: Self.unique(keywords + functions + variables))
  }

  /// A keyword phrase whose earlier words are already typed (`ORDER B` → `ORDER BY`).
  func completePhrase(_ before: [Character], wordStart: Int) -> Completion? {
    var start = wordStart
    var words = 1
    var best: Completion?
    while words < 3 {
      var index = start
      while index > 0 && before[index - 1] == " " { index -= 1 }
      guard index < start, index > 0, Self.isIdentifier(before[index - 1]) else { break }
      while index > 0 && Self.isIdentifier(before[index - 1]) { index -= 1 }
      start = index
      words += 1
      let typed = String(before[start...]).split(separator: " ").joined(separator: " ")
      let lowercase = typed == typed.lowercased()
      let phrases = Self.keywords.filter {
        $0.split(separator: " ").count >= words && $0.lowercased().hasPrefix(typed.lowercased())
      }
      if !phrases.isEmpty {
        best = Completion(
          characterOffset: start, candidates: phrases.map { lowercase ? $0.lowercased() : $0 })
      }
    }
    return best
  }

  func completeCommand(_ before: [Character]) -> Completion {
    let text = String(before)
    let words = Self.commandWords(text)
    let endsInSpace = before.last == " "
    let start = endsInSpace ? before.count : before.count - (words.last?.count ?? 0)
    let word = endsInSpace ? "" : words.last ?? ""
    // Still typing the command's name.
    if words.count <= 1 && !endsInSpace {
      return Completion(
        characterOffset: start, candidates: Self.filter(vocabulary.commands, prefix: word))
    }
    guard let first = words.first else { return Completion(characterOffset: start, candidates: []) }
    let name = String(first.dropFirst())
    let argumentIndex = words.count - (endsInSpace ? 1 : 2)
    if name == "param" && argumentIndex == 0 {
      return Completion(
        characterOffset: start, candidates: Self.filter(vocabulary.parameters, prefix: word))
    }
    if let values = Self.commandArguments[name], argumentIndex == 0 {
      return Completion(characterOffset: start, candidates: Self.filter(values, prefix: word))
    }
    if Self.fileCommands.contains(name) && (name != "export" || argumentIndex == 1) {
      return Completion(characterOffset: start, candidates: paths(matching: word))
    }
    return Completion(characterOffset: start, candidates: [])
  }

  /// Files and directories whose path starts with `word`; directories end in '/'.
  func paths(matching word: String) -> [String] {
    let slash = word.lastIndex(of: "/")
    let directoryPart = slash.map { String(word[...$0]) } ?? ""
    let namePrefix = slash.map { String(word[word.index(after: $0)...]) } ?? word
    var directory = directoryPart.isEmpty ? "." : directoryPart
    if directory.hasPrefix("~/"), let home = History.environmentValue("HOME") {
      directory = home + directory.dropFirst()
    }
    return listDirectory(directory)
      .filter { $0.hasPrefix(namePrefix) && ($0.hasPrefix(".") == namePrefix.hasPrefix(".")) }
      .sorted()
      .map { directoryPart + $0 }
  }

  /// The names in a directory, directories with a trailing '/'.
  public static func directoryEntries(_ path: String) -> [String] {
    guard let directory = opendir(path) else { return [] }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name == "." || name == ".." { continue }
      var isDirectory = entry.pointee.d_type == UInt8(DT_DIR)
      if entry.pointee.d_type == UInt8(DT_UNKNOWN) || entry.pointee.d_type == UInt8(DT_LNK) {
        var info = stat()
        isDirectory = stat(path + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
      }
      names.append(isDirectory ? name + "/" : name)
    }
    return names
  }

  /// The words of a command line, split at spaces outside quotes, quotes kept.
  static func commandWords(_ text: String) -> [String] {
    var words: [String] = []
    var current = ""
    var quote: Character?
    for character in text.drop(while: { $0.isWhitespace }) {
      if let open = quote {
        current.append(character)
        if character == open { quote = nil }
      } else if character == " " || character == "\t" {
        if !current.isEmpty { words.append(current) }
        current = ""
      } else {
        if character == "'" || character == "\"" { quote = character }
        current.append(character)
      }
    }
    if !current.isEmpty { words.append(current) }
    return words
  }

  static func isIdentifier(_ character: Character) -> Bool {
    character == "_" || character.isLetter || character.isNumber
  }

  /// The innermost unclosed bracket among `(`, `[` and `{` in the code of `text`.
  static func innermostBracket(_ text: ArraySlice<Character>) -> Character? {
    let characters = Array(text)
    var stack: [Character] = []
    Statements.scan(characters) { index, isCode in
      guard isCode else { return }
      switch characters[index] {
      case "(", "[", "{": stack.append(characters[index])
      case ")", "]", "}": _ = stack.popLast()
      default: break
      }
    }
    return stack.last
  }

  /// Variables the query binds: names right after `(` or `[`, and after `AS`.
  static func variables(in characters: [Character]) -> [String] {
    var names: [String] = []
    var index = 0
    var previousWord = ""
    var previousCode: Character = " "
    while index < characters.count {
      let character = characters[index]
      if isIdentifier(character) && !character.isNumber {
        var end = index
        while end < characters.count && isIdentifier(characters[end]) { end += 1 }
        let word = String(characters[index..<end])
        if previousCode == "(" || previousCode == "[" || previousWord.uppercased() == "AS" {
          names.append(word)
        }
        previousWord = word
        previousCode = characters[end - 1]
        index = end
        continue
      }
      if !character.isWhitespace {
        previousCode = character
        previousWord = ""
      }
      index += 1
    }
    return names
  }

  /// The names starting with `prefix`, ignoring case, in their given order.
  static func filter(_ names: [String], prefix: String) -> [String] {
    let lowered = prefix.lowercased()
    return unique(names.filter { $0.lowercased().hasPrefix(lowered) })
  }

  static func unique(_ names: [String]) -> [String] {
    var seen = Set<String>()
    return names.filter { seen.insert($0).inserted }
  }
}
