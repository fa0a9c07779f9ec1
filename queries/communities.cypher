// communities: communities (Louvain or label propagation, fixed seed) with their members
// params: none ($method, $min_size, $resolution, $seed are applied in Python)
// graph_only: Louvain and label propagation need the GDS plugin, which Neo4j Community lacks,
// so graphkit runs them in Python (graphkit.queries.communities, networkx with seed 42) over
// the graph pulled from the backend (Store.graph()). This query pulls the weighted,
// undirected link list they use (one row per entity pair, smaller key first).
MATCH (a:Entity)-[r]-(b:Entity)
WHERE a.key < b.key
RETURN a.key AS source, b.key AS target, sum(r.weight) AS weight
ORDER BY source, target
