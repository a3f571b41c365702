// Pairs of officials who attended the same meetings, most shared meetings first.
MATCH (a:Person)-[:ATTENDED]->(m:Meeting)<-[:ATTENDED]-(b:Person)
WHERE a.name < b.name
RETURN a.name, b.name, count(m) AS shared
ORDER BY shared DESC
LIMIT 20
