import GuanxiQuery

/// The text `:help` prints, overall and per topic.
enum HelpText {
  static let topics = ["commands", "keys", "queries", "format", "param", "limit", "timing"]

  /// The shell's own commands.
  static let builtins = [
    ShellCommandHelp(
      name: "help", usage: ":help [topic]",
      summary: "this text; topics: " + topics.joined(separator: ", ")),
    ShellCommandHelp(
      name: "format", usage: ":format table|ascii|json|jsonl|csv", summary: "how results print"),
    ShellCommandHelp(
      name: "param", usage: ":param NAME VALUE",
      summary:
        "set $NAME for queries (VALUE: 12, 'text', [1, 2], {k: 'v'}, date('2023-07-20'); "
        + "what is no complete literal is text as written)"),
    ShellCommandHelp(
      name: "params", usage: ":params [clear]", summary: "list (or clear) the parameters"),
    ShellCommandHelp(
      name: "timing", usage: ":timing on|off", summary: "show how long each statement took"),
    ShellCommandHelp(
      name: "limit", usage: ":limit N|off", summary: "print at most N rows of a result"),
    ShellCommandHelp(
      name: "quit", usage: ":quit", summary: "leave (also :exit, or Ctrl-D on an empty line)"),
  ]

  static func overview(backend: [ShellCommandHelp]) -> String {
    """
    Type a query and end it with ';' (or press Enter on an empty line) to run it:
      MATCH (p:Person)-[h:HOLDS]->(x) WHERE p.name = '韩俊' RETURN h.title, x.name;
    Statements may span lines; Up and Down recall whole statements, Ctrl-R searches them.

    """ + commandList(backend: backend)
      + "\nMore: :help keys (editing), :help queries (examples), :help COMMAND.\n"
  }

  static func commandList(backend: [ShellCommandHelp]) -> String {
    let all = builtins + backend
    let width = all.map { DisplayWidth.of($0.usage) }.max() ?? 0
    return "Commands:\n"
      + all.map { "  " + DisplayWidth.pad($0.usage, toWidth: width) + "  " + $0.summary + "\n" }
      .joined()
  }

  static let keys = """
    Editing keys:
      Left/Right, Ctrl-B/F       move by character     Home/End, Ctrl-A/E   start/end of line
      Alt-B/F, Ctrl-Left/Right   move by word          Up/Down              line above/below, else history
      Backspace, Delete          delete a character    Ctrl-K / Ctrl-U      delete to end / start of line
      Ctrl-W, Alt-Backspace      delete word before    Alt-D                delete word after
      Ctrl-Y                     paste what was deleted
      Ctrl-R                     search history (again: older match; Enter runs it, Esc keeps editing)
      Tab                        complete keywords, labels, types, property keys, commands, files
      Enter                      run if the statement ends with ';' or the line is empty, else new line
      Alt-Enter                  new line without running
      Ctrl-L                     clear the screen      Ctrl-C               drop the input / cancel a query
      Ctrl-D                     leave (on an empty line)
    Pasted text (with newlines) is inserted for editing, not run.

    """

  static let queries = """
    Examples:
      MATCH (p:Person {name: '韩俊'})-[h:HOLDS]->(x) RETURN h.title, x.name;
      MATCH (p:Person)-[:PRESIDED]->(m:Meeting) RETURN p.name, m.name, m.date ORDER BY m.date;
      MATCH (a:Person)-[:ATTENDED]->(m)<-[:ATTENDED]-(b:Person) WHERE a.name < b.name
        RETURN a.name, b.name, count(m) AS meetings ORDER BY meetings DESC LIMIT 10;
      :param name '韩俊'
      MATCH (p:Person {name: $name}) RETURN p;

    """

  /// The help for `topic`, or nil when there is no such topic.
  static func text(topic: String, backend: [ShellCommandHelp]) -> String? {
    let topic = topic.hasPrefix(":") ? String(topic.dropFirst()) : topic
    switch topic {
    case "commands": return commandList(backend: backend)
    case "keys": return keys
    case "queries", "examples": return queries
    default:
      if let command = (builtins + backend).first(where: { $0.name == topic }) {
        return command.usage + "\n  " + command.summary + "\n"
      }
      return nil
    }
  }
}
