// Reporters and editors credited on documents from one outlet.
MATCH (p:Person)-[c:CREDITED]->(d:Document)
WHERE c.role IN ['记者', '编辑', '通讯员'] AND d.source CONTAINS '合肥'
RETURN p.name, c.role, d.title
