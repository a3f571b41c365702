/// The payload of the snapshot's index definitions section (`SectionTag.indexDefinitions`):
/// `u32 count`, then per definition its name, label and key as `BinaryWriter` strings,
/// by ascending name. Names are unique, and so are (label, key) pairs.
enum IndexDefinitionCoding {
  static func encoded(_ definitions: [IndexDefinition]) -> [UInt8] {
    var writer = BinaryWriter()
    writer.u32(UInt32(definitions.count))
    for d in definitions.sorted() {
      writer.string(d.name)
      writer.string(d.label)
      writer.string(d.key)
    }
    return writer.bytes
  }

  /// - Throws: `DecodingFailure` on a short payload, invalid UTF-8, a repeated name or
  ///   (label, key) pair, or bytes after the last definition.
  static func decoded(_ bytes: [UInt8]) throws(DecodingFailure) -> [IndexDefinition] {
    var reader = BinaryReader(bytes)
    let n = try reader.count(minimumBytes: 12)
    var definitions: [IndexDefinition] = []
    var names: Set<String> = []
    var pairs: Set<[String]> = []
    for _ in 0..<n {
      let start = reader.position
      let name = try reader.string()
      let label = try reader.string()
      let key = try reader.string()
      guard names.insert(name).inserted, pairs.insert([label, key]).inserted else {
        reader.position = start
        throw reader.failure("index '\(name)' is defined twice")
      }
      definitions.append(IndexDefinition(name: name, label: label, key: key))
    }
    guard reader.isAtEnd else { throw reader.failure("unexpected bytes after the last index") }
    return definitions
  }
}
