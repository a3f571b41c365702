// Paths of places where every step is a LOCATED_IN, and their total length.
MATCH p = (a:Place)-[:LOCATED_IN*]->(b:Place)
WHERE all(r IN relationships(p) WHERE r.doc IS NOT NULL)
RETURN a.name, b.name, reduce(total = 0, r IN relationships(p) | total + 1) AS steps
