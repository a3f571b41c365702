// Every named thing in one column.
MATCH (p:Person) RETURN p.name AS name
UNION
MATCH (o:Organization) RETURN o.name AS name
