// error: CreatingVarLength at 2:29
CREATE (a:Person)-[:ATTENDED*2]->(m:Meeting)
