import GuanxiGraph

/// The sentence behind a fact: the text of `span` in the normalised text of the document
/// named `doc`, from the evidence the graph stores with that document
/// (`Graph.evidenceSentence`). No source file is read, so it works on a graph copied to
/// another machine after its sources were deleted.
///
/// Returns nil when the graph keeps no evidence for that document or span: a graph
/// imported from JSON Lines, or a relationship a query created with a `doc` and `span`
/// of its own.
///
/// Example: `evidenceSentence(doc: "jiangxi.txt", span: [120, 145], in: graph)` →
/// `"江西省委副书记、省长方明远通报一季度重点工作情况。"`.
public func evidenceSentence(doc: String, span: [Int], in graph: Graph) -> String? {
  guard span.count == 2, span[0] >= 0, span[0] <= span[1] else { return nil }
  return graph.evidenceSentence(doc: doc, scalarStart: span[0], scalarEnd: span[1])
}

/// The evidence sentence of a relationship from its `doc` and `span` properties.
public func evidence(of relationship: RelationshipID, in graph: Graph) -> String? {
  guard case .string(let doc)? = graph.property(Schema.Key.doc, of: relationship),
    case .list(let bounds)? = graph.property(Schema.Key.span, of: relationship), bounds.count == 2,
    let start = bounds[0].intValue, let end = bounds[1].intValue,
    let from = Int(exactly: start), let to = Int(exactly: end)
  else { return nil }
  return evidenceSentence(doc: doc, span: [from, to], in: graph)
}
