// The evidence behind each post: document and character span of the sentence.
MATCH (p:Person {name: $name})-[h:HOLDS]->(o)
RETURN o.name AS jurisdiction, h.title AS title, h.asOf AS asOf, h.doc AS doc, h.span AS span
