// Who presided over meetings held in 合肥市, with the evidence document.
MATCH (p:Person)-[r:PRESIDED]->(m:Meeting)-[:HELD_IN]->(:Place {name: '合肥市'})
RETURN p.name AS 主持人, m.name AS 会议, r.doc AS 出处
