import GuanxiGraph
import GuanxiQuery

@testable import GuanxiShell

/// A small graph in the extraction vocabulary: two officials, a place, a meeting.
///
/// Node ids: 0 韩俊, 1 安徽省, 2 王清宪, 3 the meeting; relationship ids: 0 韩俊 HOLDS
/// 安徽省 (with provenance), 1 王清宪 HOLDS 安徽省, 2 韩俊 PRESIDED the meeting.
func makeFixtureGraph() throws -> Graph {
  let graph = Graph()
  let day = Value.date(LocalDate(daysSinceEpoch: 19558))  // 2023-07-20
  let han = graph.createNode(labels: ["Person"], properties: ["name": "韩俊"])
  let anhui = graph.createNode(
    labels: ["Place"], properties: ["name": "安徽省", "level": "province"])
  let wang = graph.createNode(labels: ["Person"], properties: ["name": "王清宪"])
  let meeting = graph.createNode(
    labels: ["Meeting"], properties: ["name": "省委常委会会议", "date": day])
  try graph.createRelationship(
    from: han, to: anhui, type: "HOLDS",
    properties: [
      "title": "省委书记", "doc": "002_df31f4454c7cdcdc.txt", "span": [120, 188], "asOf": day,
    ])
  try graph.createRelationship(from: wang, to: anhui, type: "HOLDS", properties: ["title": "省长"])
  try graph.createRelationship(from: han, to: meeting, type: "PRESIDED")
  return graph
}

/// The display columns at which a border character appears in a line.
func borderColumns(_ line: some StringProtocol) -> [Int] {
  let borders: Set<Character> = ["│", "|", "┼", "├", "┤", "┬", "┴", "┌", "┐", "└", "┘", "+"]
  var columns: [Int] = []
  var column = 0
  for character in line {
    if borders.contains(character) { columns.append(column) }
    column += DisplayWidth.of(character)
  }
  return columns
}
