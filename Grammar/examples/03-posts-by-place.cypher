// Every post held in a place, by title.
MATCH (p:Person)-[h:HOLDS]->(place:Place {name: '庐阳区'})
RETURN h.title AS title, collect(DISTINCT p.name) AS holders
ORDER BY title
