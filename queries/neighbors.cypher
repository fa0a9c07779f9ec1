// neighbors: neighbours of an entity, by relation and direction, with link counts and first/last seen
// params: $key (entity key), $relation (type or null), $direction ('out' | 'in' | 'both')
MATCH (e:Entity {key: $key})-[r]-(n:Entity)
WHERE ($relation IS NULL OR type(r) = $relation) AND n <> e
WITH e, n, r,
     CASE WHEN r.symmetric THEN 'both' WHEN startNode(r) = e THEN 'out' ELSE 'in' END AS direction
WHERE $direction = 'both' OR direction IN [$direction, 'both']
RETURN e.name AS entity, n.name AS neighbor, n.key AS neighbor_key, n.type AS neighbor_type,
       type(r) AS relation, direction, r.weight AS weight, r.evidence_count AS evidence,
       r.first_seen AS first_seen, r.last_seen AS last_seen, r.contested AS contested
