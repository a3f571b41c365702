// error: UnexpectedSyntax at 3:1
MATCH (p:Person)
RETRUN p.name
