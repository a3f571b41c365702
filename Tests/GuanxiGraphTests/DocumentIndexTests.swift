import Foundation
import Testing

@testable import GuanxiGraph

/// The `doc` index behind re-extraction, and stored evidence through snapshot and journal.
@Suite struct DocumentIndexTests {
  @Test func relationshipsOfADocumentFollowEveryChange() throws {
    let g = Graph()
    let a = g.createNode(labels: ["Person"], properties: ["name": "甲"])
    let b = g.createNode(labels: ["Place"], properties: ["name": "乙"])
    let r0 = try g.createRelationship(from: a, to: b, type: "HOLDS", properties: ["doc": "x.txt"])
    #expect(g.relationships(ofDocument: "x.txt") == [r0])
    // Built; now maintained as relationships come, move and go.
    let r1 = try g.createRelationship(
      from: b, to: a, type: "MENTIONS", properties: ["doc": "x.txt"])
    let r2 = try g.createRelationship(from: a, to: a, type: "SPOKE", properties: ["doc": "y.txt"])
    #expect(g.relationships(ofDocument: "x.txt") == [r0, r1])
    try g.setProperty("doc", to: "y.txt", of: r1)
    try g.setProperty("title", to: "县长", of: r1)
    #expect(g.relationships(ofDocument: "x.txt") == [r0])
    #expect(g.relationships(ofDocument: "y.txt") == [r1, r2])
    try g.deleteRelationship(r2)
    #expect(g.relationships(ofDocument: "y.txt") == [r1])
    g.rollBackCreation(of: r2)
    let r3 = try g.createRelationship(from: a, to: b, type: "HOLDS", properties: ["doc": "y.txt"])
    #expect(g.relationships(ofDocument: "y.txt") == [r1, r3])
    #expect(g.relationships(ofDocument: "never.txt").isEmpty)
    #expect(g.hasRelationships(a))
    try g.deleteRelationship(r0)
    try g.deleteRelationship(r1)
    try g.deleteRelationship(r3)
    #expect(!g.hasRelationships(a))
    try g.checkInvariants()
  }

  /// A document extracted again and again keeps one entry per live fact in the index.
  @Test func reextractedDocumentsDoNotPileUpIds() throws {
    let g = Graph()
    let a = g.createNode(labels: ["Person"], properties: ["name": "甲"])
    var previous = try g.createRelationship(from: a, to: a, type: "HOLDS", properties: ["doc": "z"])
    #expect(g.relationships(ofDocument: "z") == [previous])
    for _ in 0..<50 {
      try g.deleteRelationship(previous)
      previous = try g.createRelationship(from: a, to: a, type: "HOLDS", properties: ["doc": "z"])
      #expect(g.relationships(ofDocument: "z") == [previous])
    }
    let symbol = try #require(g.existingSymbol("z"))
    #expect((g.relationshipsByDoc?.recent[symbol.rawValue]?.count ?? 0) <= 1)
  }

  @Test func evidenceRoundTripsThroughSnapshotAndJournal() throws {
    let directory = try TemporaryDirectory()
    let text = Array("会议由沈一帆主持。其他内容。".unicodeScalars)
    let file = try GraphFile.open(directory.file("g.gx"), mode: .readWrite, createIfMissing: true)
    file.graph.setEvidence(DocumentEvidence(text: text, spans: [0..<9]), ofDocument: "a.txt")
    try file.checkpoint()
    file.graph.setEvidence(DocumentEvidence(text: text, spans: [9..<14]), ofDocument: "b.txt")
    try file.commit()
    file.close()
    let reopened = try GraphFile.open(directory.file("g.gx"), mode: .readOnly)
    defer { reopened.close() }
    let g = reopened.graph
    #expect(g.evidenceSentence(doc: "a.txt", scalarStart: 0, scalarEnd: 9) == "会议由沈一帆主持。")
    #expect(g.evidenceSentence(doc: "b.txt", scalarStart: 9, scalarEnd: 14) == "其他内容。")
    #expect(g.evidenceSentence(doc: "a.txt", scalarStart: 9, scalarEnd: 14) == nil)
  }

  /// A snapshot from before the evidence section (or one that drops it) still loads.
  @Test func aSnapshotWithoutEvidenceLoads() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("g.gx")
    let g = Graph()
    g.createNode(labels: ["Person"], properties: ["name": "甲"])
    try GraphFile.create(path, from: g).close()
    let sections = try SnapshotReader.readHeaderAndSections(path: path).sections
    let evidence = try #require(sections.first { $0.tag == SectionTag.documentEvidence.rawValue })
    var bytes = try readBytes(path)
    let length = 20 + evidence.payloadByteCount
    bytes.removeSubrange(evidence.byteOffset..<(evidence.byteOffset + length))
    let fileLength = UInt64(bytes.count)
    withUnsafeBytes(of: fileLength.littleEndian) { bytes.replaceSubrange(32..<40, with: $0) }
    let checksum = bytes.withUnsafeBytes {
      Checksum.hash(UnsafeRawBufferPointer(rebasing: $0[0..<40]))
    }
    withUnsafeBytes(of: checksum.littleEndian) { bytes.replaceSubrange(40..<48, with: $0) }
    try writeBytes(bytes, to: path)
    let loaded = try SnapshotReader.load(path: path).graph
    #expect(loaded.nodeCount == 1)
    #expect(loaded.storedEvidence.isEmpty)
  }
}
