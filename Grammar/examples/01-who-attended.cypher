// Who attended which meeting, newest meetings first.
MATCH (p:Person)-[:ATTENDED]->(m:Meeting)
RETURN p.name AS person, m.name AS meeting, m.date AS date
ORDER BY m.date DESC, person
