import Foundation
import GuanxiGraph

/// The sentence behind a fact: the text of `span` in the normalised text of the document
/// named `doc`, re-read from the Document node's `path` and normalised again
/// (`Normalizer` is deterministic, so the offsets still fit).
///
/// Returns nil when the graph has no such document, its file cannot be read, or the
/// span does not fit the text.
///
/// Example: `evidenceSentence(doc: "jiangxi.txt", span: [120, 145], in: graph)` →
/// `"江西省委副书记、省长方明远通报一季度重点工作情况。"`.
public func evidenceSentence(doc: String, span: [Int], in graph: Graph) -> String? {
  guard span.count == 2, span[0] >= 0, span[0] <= span[1] else { return nil }
  guard let node = graph.nodes(label: Schema.Label.document, name: doc).first,
    let path = graph.property(ExtractionPipeline.pathKey, of: node)?.stringValue,
    let data = FileManager.default.contents(atPath: path),
    case .success(let text) = DocumentDecoder.decode([UInt8](data), name: path).map(\.text)
  else { return nil }
  let scalars = Normalizer.normalizedScalars(text)
  guard span[1] <= scalars.count else { return nil }
  return scalars.string(span[0]..<span[1])
}

/// The evidence sentence of a relationship from its `doc` and `span` properties.
public func evidence(of relationship: RelationshipID, in graph: Graph) -> String? {
  guard case .string(let doc)? = graph.property(Schema.Key.doc, of: relationship),
    case .list(let bounds)? = graph.property(Schema.Key.span, of: relationship), bounds.count == 2,
    let start = bounds[0].intValue, let end = bounds[1].intValue
  else { return nil }
  return evidenceSentence(doc: doc, span: [Int(start), Int(end)], in: graph)
}
