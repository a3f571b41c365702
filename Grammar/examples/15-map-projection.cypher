// One map per official: name, posts and meetings.
MATCH (p:Person)
RETURN p {
  .name,
  posts: [(p)-[h:HOLDS]->(o) | h.title + '@' + o.name],
  meetings: size([(p)-[:ATTENDED]->(m) | m])
} AS official
