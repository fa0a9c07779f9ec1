// evidence: every sentence behind the links between two entities: article, date, attribution, denial
// params: $a, $b (entity keys), $relation (type or null)
MATCH (ev:Evidence)-[:FROM]->(art:Article {status: 'ingested'})
WHERE ((ev.subj_key = $a AND ev.obj_key = $b) OR (ev.subj_key = $b AND ev.obj_key = $a))
  AND ($relation IS NULL OR ev.relation = $relation)
RETURN ev, art
