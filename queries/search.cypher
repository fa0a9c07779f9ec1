// search: entities by partial or fuzzy name and alias ('putin' finds Vladimir Putin)
// params: none ($text, $limit, $type are applied in Python)
// graph_only: fuzzy ranking (rapidfuzz WRatio, exact matches first, ties by mentions then
// name) runs in Python (graphkit.queries.search) so that every backend ranks the same way;
// Neo4j's full-text index scores differently. This query pulls the names it ranks.
MATCH (e:Entity)
RETURN e.key AS key, e.name AS name, e.type AS type, coalesce(e.aliases, []) AS aliases,
       coalesce(e.mentions, 0) AS mentions
ORDER BY key
