// error: UnexpectedSyntax at 2:7
MATCH （p:Person）-[:ATTENDED]->(m)
RETURN p.name
