// error: UnexpectedSyntax at 3:14
MATCH (p:Person)
WHERE p.name != '韩俊'
RETURN p
