// central: the most central entities by degree, PageRank or betweenness (fixed seed)
// params: none ($type, $top, $by, $samples, $seed are applied in Python)
// graph_only: PageRank and betweenness need the GDS plugin, which Neo4j Community lacks, so
// graphkit computes every "central" ranking in Python (graphkit.queries.central) over the
// graph pulled from the backend (Store.graph()), with a fixed seed: the same answer on every
// backend. This query pulls what the analytics use: the undirected link list with summed
// weights (independent sources), and every entity (isolated ones too).
MATCH (e:Entity)
OPTIONAL MATCH (e)-[r]-(n:Entity)
WHERE e.key < n.key
WITH e, n, sum(r.weight) AS weight
RETURN e.key AS key, e.name AS name, e.type AS type, n.key AS neighbor_key, weight
ORDER BY key, neighbor_key
