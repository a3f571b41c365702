// error: NoExpressionAlias at 3:9
MATCH (p:Person)-[:ATTENDED]->(m:Meeting)
WITH p, count(m)
RETURN p
