// entity: profile of an entity: type, aliases, counts, relation types, top neighbours
// params: $key (entity key)
// Neo4j selects the entity's links; graphkit pulls them with their evidence and builds the
// profile with graphkit.queries.entity (relation counts, neighbours ranked by summed weight).
MATCH (e:Entity {key: $key})-[r]-(n:Entity)
WHERE n <> e
RETURN DISTINCT r.edge AS edge
