// error: UnexpectedSyntax at 3:8
MATCH (p:Person)
RETURN (p)-[:HOLDS]->()
