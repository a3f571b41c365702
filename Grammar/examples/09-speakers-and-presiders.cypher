// Who spoke or presided, with a role column built by CASE.
MATCH (p:Person)-[r:SPOKE|PRESIDED]->(m:Meeting)
RETURN p.name, m.name,
       CASE type(r) WHEN 'PRESIDED' THEN '主持' ELSE '讲话' END AS role
