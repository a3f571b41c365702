// Places inside 安徽省, up to three levels down.
MATCH (sub:Place)-[:LOCATED_IN*1..3]->(:Place {name: '安徽省'})
RETURN sub.level AS level, count(*) AS places
ORDER BY places DESC
