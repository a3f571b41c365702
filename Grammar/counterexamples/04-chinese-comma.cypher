// error: UnexpectedSyntax at 3:14
MATCH (p:Person)-[:HOLDS]->(o)
RETURN p.name，o.name
