// Kùzu's spelling of a shortest path, accepted so that queries written for Kùzu run
// unchanged: the same search as shortestPath((a)-[:ATTENDED*1..10]-(b)).
MATCH p = (a:Person)-[:ATTENDED* SHORTEST 1..10]-(b:Person)
WHERE a.name = '韩俊' AND b.name = '王清宪'
RETURN length(p) AS rels
