// Every meeting, with its place when known.
MATCH (m:Meeting)
OPTIONAL MATCH (m)-[:HELD_IN]->(place:Place)
RETURN m.name, coalesce(place.name, '未知') AS place
