// Curating: fix a misspelt name and drop a wrong relationship.
MATCH (p:Person {name: '韩峻'})
SET p.name = '韩俊', p += {corrected: true}
WITH p
MATCH (p)-[r:MENTIONS|CREDITED]-(:Person)
DELETE r
