// error: NegativeIntegerArgument at 3:7
MATCH (p:Person) RETURN p.name
LIMIT -1
