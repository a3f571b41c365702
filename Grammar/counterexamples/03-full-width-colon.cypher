// error: UnexpectedSyntax at 2:22
MATCH (p:Person {name：'韩俊'})
RETURN p
