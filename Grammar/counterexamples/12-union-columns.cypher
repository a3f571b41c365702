// error: DifferentColumnsInUnion at 4:1
MATCH (p:Person) RETURN p.name AS name
UNION
RETURN '韩俊' AS person
