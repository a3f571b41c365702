// Back-quoted and bare Chinese names for variables and aliases.
MATCH (`人员`:Person)-[`任职`:HOLDS]->(机构:Organization)
WHERE `任职`.title ENDS WITH '书记'
RETURN `人员`.name AS `姓名`, 机构.name AS 单位, `任职`.title AS 职务
