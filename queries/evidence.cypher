// evidence: every sentence behind the links between two entities: article, date, attribution, denial
// params: $a, $b (entity keys), $relation (graphkit relation or null)
// Neo4j selects the links between the two entities; graphkit pulls their Evidence nodes
// (ev.edge = r.edge, (:Evidence)-[:FROM]->(:Article {status: 'ingested'})) and shapes the rows
// with graphkit.queries.evidence (source/target as the link is stored).
MATCH (x:Entity {key: $a})-[r]-(y:Entity {key: $b})
WHERE $relation IS NULL OR r.relation = $relation
RETURN DISTINCT r.edge AS edge
