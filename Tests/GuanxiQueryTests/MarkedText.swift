/// Query text with position markers (1️⃣, 2️⃣, …) taken out.
///
/// `MarkedText("MATCH (p) RETURN 1️⃣m")` has `text == "MATCH (p) RETURN m"` and
/// `markers["1️⃣"] == 17`, a UTF-8 offset like every query span.
struct MarkedText {
  static let markerCharacters: Set<Character> = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣"]

  var text = ""
  var markers: [String: Int] = [:]

  init(_ marked: String) {
    for character in marked {
      if MarkedText.markerCharacters.contains(character) {
        markers[String(character)] = text.utf8.count
      } else {
        text.append(character)
      }
    }
  }
}
