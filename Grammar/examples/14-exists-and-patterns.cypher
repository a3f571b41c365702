// Officials who presided over a meeting but never spoke at one.
MATCH (p:Person)
WHERE EXISTS { (p)-[:PRESIDED]->(:Meeting) } AND NOT (p)-[:SPOKE]->(:Meeting)
RETURN p.name
