// common: common connections of two or more entities, with the links to each
// params: $keys (list of ≥ 2 entity keys, in the order given), $relation (graphkit relation or null)
// Neo4j finds the entities linked to every one of $keys and the links between them; graphkit
// pulls those links with their evidence and shapes one row per common neighbour with
// graphkit.queries.common ("A -REL-> N", "-REL-" for symmetric types).
MATCH (first:Entity {key: $keys[0]})-[r0]-(n:Entity)
WHERE NOT n.key IN $keys
  AND ($relation IS NULL OR r0.relation = $relation)
WITH DISTINCT n
WHERE all(k IN $keys WHERE EXISTS {
        MATCH (:Entity {key: k})-[rk]-(n)
        WHERE $relation IS NULL OR rk.relation = $relation
      })
MATCH (e:Entity)-[r]-(n)
WHERE e.key IN $keys AND ($relation IS NULL OR r.relation = $relation)
RETURN DISTINCT r.edge AS edge
