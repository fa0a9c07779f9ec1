// path: shortest paths between two entities, each hop with its relation and one evidence sentence
// params: $source, $target (entity keys); max_hops, an integer validated in Python, replaces
// __MAX_HOPS__ (Cypher takes no parameter for a variable-length bound); the "hops" part: $pairs
// Links are followed in either direction. Neo4j finds every shortest path (allShortestPaths);
// the "hops" part selects every link between consecutive entities of those paths; graphkit
// pulls them with their evidence and orders paths and picks each hop's link with
// graphkit.queries.path (lexicographic by name and key; highest weight, then relation).
MATCH (a:Entity {key: $source}), (b:Entity {key: $target})
MATCH p = allShortestPaths((a)-[*..__MAX_HOPS__]-(b))
RETURN DISTINCT [n IN nodes(p) | n.key] AS keys
// @part hops
UNWIND $pairs AS pair
MATCH (u:Entity {key: pair[0]})-[r]-(v:Entity {key: pair[1]})
RETURN DISTINCT r.edge AS edge
