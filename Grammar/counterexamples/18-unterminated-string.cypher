// error: UnexpectedSyntax at 2:33
MATCH (p:Person) WHERE p.name = '韩俊
RETURN p
