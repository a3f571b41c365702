// error: UnexpectedSyntax at 2:8
MATCH (match:Person)
RETURN 1
