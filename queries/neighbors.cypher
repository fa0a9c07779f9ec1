// neighbors: neighbours of an entity, by relation and direction, with link counts and first/last seen
// params: $key (entity key), $relation (graphkit relation or null), $direction ('out' | 'in' | 'both')
// Neo4j selects the entity's links (r.relation is the graphkit relation: a type outside the
// vocabulary is stored as RELATED_TO with the relation kept); graphkit pulls those links with
// their evidence and shapes the rows with graphkit.queries.neighbors, so both backends agree.
MATCH (e:Entity {key: $key})-[r]-(n:Entity)
WHERE ($relation IS NULL OR r.relation = $relation) AND n <> e
WITH r, CASE WHEN r.symmetric THEN 'both' WHEN startNode(r) = e THEN 'out' ELSE 'in' END AS direction
WHERE $direction = 'both' OR direction IN [$direction, 'both']
RETURN DISTINCT r.edge AS edge
