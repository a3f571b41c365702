// Curating: make sure a post exists, recording when it was confirmed.
MERGE (p:Person {name: '杨丙红'})
MERGE (d:Place {name: '庐阳区'})
MERGE (p)-[h:HOLDS {title: '区长'}]->(d)
ON CREATE SET h.asOf = date('2023-07-20'), h.doc = 'manual'
ON MATCH SET h.confirmed = true
RETURN p, h, d
