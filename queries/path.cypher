// path: shortest paths between two entities, each hop with its relation and one evidence sentence
// params: $source, $target (entity keys), $max_hops (int, inlined after validation as an integer)
MATCH (a:Entity {key: $source}), (b:Entity {key: $target})
MATCH p = allShortestPaths((a)-[*..15]-(b))
WHERE length(p) <= $max_hops
RETURN [n IN nodes(p) | n.key] AS keys,
       [r IN relationships(p) | {source: startNode(r).key, relation: type(r), target: endNode(r).key,
                                 weight: r.weight}] AS hops
