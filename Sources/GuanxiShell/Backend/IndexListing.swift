import GuanxiGraph

/// The lines `:schema` and `guanxi stats` print about a graph's indexes.
enum IndexListing {
  /// `indexes:` then one line per index, each the statement that would create it;
  /// `indexes: none` when there is none.
  static func lines(_ graph: Graph) -> [String] {
    let indexes = graph.indexes
    if indexes.isEmpty { return ["indexes: none (CREATE INDEX name FOR (n:Label) ON (n.key))"] }
    return ["indexes:"] + indexes.map { "  \($0.name)  :\($0.label)(\($0.key))" }
  }
}
