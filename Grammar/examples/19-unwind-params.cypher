// Look up several people at once from a list parameter.
UNWIND $names AS name
MATCH (p:Person {name: name})-[:HOLDS]->(o)
RETURN name, collect(o.name) AS posts
