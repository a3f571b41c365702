// error: InvalidRelationshipPattern at 2:29
MATCH (a:Place)-[:LOCATED_IN..3]->(b:Place)
RETURN b
