// How two officials are connected, through at most six relationships.
MATCH path = shortestPath((a:Person {name: '韩俊'})-[*..6]-(b:Person {name: '王清宪'}))
RETURN [n IN nodes(path) | n.name] AS chain, length(path) AS hops
