// Every shortest connection through shared meetings only.
MATCH p = allShortestPaths((a:Person {name: '韩俊'})-[:ATTENDED*]-(b:Person {name: '虞爱华'}))
RETURN p
