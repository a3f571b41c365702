// error: UnexpectedSyntax at 2:17
MATCH (p:Person RETURN p.name
