// contested: links denied or negated somewhere, with who denies them
// params: $relation (graphkit relation or null), $key (entity key or null: only links of that entity)
// r.contested is kept on the link by the loader (some evidence negated or denied). graphkit
// pulls the selected links with their evidence and shapes the rows (deniers, first contested
// sentence and its attribution) with graphkit.queries.contested.
MATCH (s:Entity)-[r]->(t:Entity)
WHERE r.contested
  AND ($relation IS NULL OR r.relation = $relation)
  AND ($key IS NULL OR $key IN [s.key, t.key])
RETURN r.edge AS edge
