/* EXPLAIN shows the plan without running the query. */
EXPLAIN
MATCH (m:Meeting)
WHERE m.date STARTS WITH '2023-07' AND m.name =~ '.*常委会.*'
RETURN m.name, m.date
SKIP 0 LIMIT 10
