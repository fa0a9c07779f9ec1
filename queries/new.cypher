// new: links first seen on or after a date (newest first)
// params: $since (date 'YYYY[-MM[-DD]]'), $until (date or null), $relation (graphkit relation or null)
// "First seen" is the earliest publication date among a link's evidence, kept on the link by the
// loader; undated links are never new. graphkit pulls the selected links with their evidence
// and orders the rows with graphkit.queries.new.
MATCH (s:Entity)-[r]->(t:Entity)
WHERE r.first_seen IS NOT NULL AND r.first_seen >= $since
  AND ($until IS NULL OR substring(r.first_seen, 0, size($until)) <= $until)
  AND ($relation IS NULL OR r.relation = $relation)
RETURN r.edge AS edge
