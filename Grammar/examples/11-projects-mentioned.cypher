// Which projects a district's documents keep mentioning.
MATCH (d:Document)-[:MENTIONS]->(pr:Project)-[:LOCATED_IN]->(:Place {name: '庐阳区'})
WITH pr, count(DISTINCT d) AS documents
WHERE documents >= 2
RETURN pr.name AS project, documents
ORDER BY documents DESC, project
