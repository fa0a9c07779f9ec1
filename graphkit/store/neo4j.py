"""The Neo4j backend: the same records, resolution and answers as the embedded store.

Graph model (all names and text travel as parameters; relationship types come only from the
relation vocabulary)::

    (:Article {doc_id UNIQUE, path, external_id, title, url, publisher, published, lang,
               extractor, status: 'ingested'|'removed', grp, n_triples, digest, ingested_at,
               minhash, lsh0 … lsh13})
    (:Article)-[:NEAR_DUP {similarity}]->(:Article)     near-duplicates, smaller doc id first
    (:Local {id UNIQUE, doc_id, type, local, name, aliases, block, key, mentions})
        an article-local entity; ``key`` is its global entity key (graphkit.resolve)
    (:Evidence {id UNIQUE, doc_id, relation, predicate, sentence, char_start, char_end,
                attributed_to, negated, denied_by, confidence, extractor, event_time,
                event_date, subj_type, subj_local, obj_type, obj_local, subj_lid, obj_lid,
                subject, object, subj_key, obj_key, edge, seq})-[:FROM]->(:Article)
    (:Entity {key UNIQUE, name, type, aliases, articles, mentions, lookup, tally})
        ``tally``: JSON ``[[name, type, locals], …]`` of its locals' names, so that locals
        joining an entity update it without re-reading the locals it already has
    (:Entity)-[:MET_WITH|ACCUSED|…|RELATED_TO {edge, relation, predicates, weight, articles,
               evidence_count, first_seen, last_seen, contested, negated, denied_by,
               confidence, symmetric, first_sentence, first_doc_id}]->(:Entity)
    (:GraphkitMeta {id: 'store', schema_version, generation, overrides})
    (:Failure {source, line, kind, reason, at})

``Local`` and ``Evidence`` are the store of record (one article's contribution, replaced as a
whole on re-load); ``Entity`` nodes and the typed relationships are derived from them after
every batch, by the same algorithm as the embedded store: keys per distinct (type, name) of a
touched block (:func:`graphkit.resolve.base_keys`, :func:`graphkit.resolve.apply_overrides`),
only locals whose key changes are updated, only entities whose membership changed are refreshed
(aggregates computed in Cypher), and only links whose evidence changed are recomputed
(:func:`graphkit.store.graph.edge_attrs`), so both backends give the same entities, links and
evidence. One relationship per (subject key, relation, object
key); symmetric relations run from the smaller key to the larger. ``edge`` (on Evidence and on
the relationship) is the JSON list ``[subject key, relation, object key]`` identifying the link.
A relation outside the vocabulary is stored as ``RELATED_TO`` with ``relation`` kept.

Independent sources (:mod:`graphkit.dedup`): an article's MinHash signature (hex) and its LSH band
keys (``lsh0``…, one index each) live on its Article node; a new article looks its band keys up,
compares the candidates' signatures and records ``NEAR_DUP`` pairs; the groups of the touched
components are recomputed in the same transaction (``grp``: the smallest doc id of the group,
null for the group's namesake and for an article alone) and the links whose weights change are
refreshed. Same decisions and group ids as the embedded store, in any arrival order.

Each batch of articles is one ``execute_write`` transaction (the driver retries it on transient
errors): a failure rolls the whole batch back, and re-running the load completes it without
duplicates.
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import networkx as nx

from graphkit import dedup
from graphkit.config import load_vocabulary
from graphkit.errors import (
    BackendUnavailableError,
    ConfigError,
    GraphkitError,
    QueryError,
    StoreError,
)
from graphkit.resolve import Overrides, apply_overrides, base_keys
from graphkit.store.base import (
    ARTICLE_FIELDS,
    EVIDENCE_FIELDS,
    DocRecord,
    LoadReport,
    Store,
    entity_name,
    iter_batches,
)
from graphkit.store.graph import build_graph, edge_attrs

__all__ = ["Neo4jStore", "SyncReport", "sync", "SCHEMA", "SCHEMA_VERSION"]

SCHEMA_VERSION = 2  # 2: near-duplicate signatures (Article.minhash, lsh0…, NEAR_DUP); no
# indexes on Evidence.subj_lid/obj_lid
TYPE_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
FALLBACK_TYPE = "RELATED_TO"
#: Bolt URI schemes (``+s``: TLS with verified certificates, ``+ssc``: self-signed accepted)
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

#: Indexes of older schema versions that cost writes and serve no query any more
SCHEMA_DROPS = (
    "DROP INDEX graphkit_evidence_subj_lid IF EXISTS",
    "DROP INDEX graphkit_evidence_obj_lid IF EXISTS",
)

#: Article properties holding the LSH band keys of its MinHash signature (one index each, so a
#: new article finds its candidate copies by index seeks; see graphkit.dedup)
LSH_PROPS = tuple(f"lsh{i}" for i in range(dedup.BANDS))

#: Idempotent schema set-up, run once per database (recorded on the GraphkitMeta node).
SCHEMA = (
    "CREATE CONSTRAINT graphkit_entity_key IF NOT EXISTS FOR (n:Entity) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT graphkit_article_doc_id IF NOT EXISTS"
    " FOR (n:Article) REQUIRE n.doc_id IS UNIQUE",
    "CREATE CONSTRAINT graphkit_evidence_id IF NOT EXISTS FOR (n:Evidence) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT graphkit_local_id IF NOT EXISTS FOR (n:Local) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT graphkit_meta_id IF NOT EXISTS FOR (n:GraphkitMeta) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX graphkit_entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)",
    # exact (keyword-analysed) look-up of a case-folded name or alias in Entity.lookup
    "CREATE FULLTEXT INDEX graphkit_entity_lookup IF NOT EXISTS FOR (n:Entity) ON EACH [n.lookup]"
    " OPTIONS {indexConfig: {`fulltext.analyzer`: 'keyword'}}",
    "CREATE INDEX graphkit_local_block IF NOT EXISTS FOR (n:Local) ON (n.block)",
    "CREATE INDEX graphkit_local_key IF NOT EXISTS FOR (n:Local) ON (n.key)",
    "CREATE INDEX graphkit_local_doc IF NOT EXISTS FOR (n:Local) ON (n.doc_id)",
    "CREATE INDEX graphkit_evidence_doc IF NOT EXISTS FOR (n:Evidence) ON (n.doc_id)",
    "CREATE INDEX graphkit_evidence_edge IF NOT EXISTS FOR (n:Evidence) ON (n.edge)",
    "CREATE INDEX graphkit_article_status IF NOT EXISTS FOR (n:Article) ON (n.status)",
    *(
        f"CREATE INDEX graphkit_article_{p} IF NOT EXISTS FOR (n:Article) ON (n.{p})"
        for p in LSH_PROPS
    ),
)

# --------------------------------------------------------------------------------------------
# Cypher used by the loader (parameters only; the one relationship type placeholder is filled
# from the vocabulary after a second regex check, see _rel_type)

Q_INGESTED = """
MATCH (a:Article) WHERE a.doc_id IN $docs AND a.status = $status RETURN a.doc_id AS doc_id
"""
Q_DIGESTS = """
MATCH (a:Article) WHERE a.doc_id IN $docs AND a.status = 'ingested'
RETURN a.doc_id AS doc_id, a.digest AS digest
"""
Q_OLD_LOCALS = """
UNWIND $docs AS doc
MATCH (l:Local {doc_id: doc})
RETURN DISTINCT l.block AS block, l.key AS key
"""
Q_OLD_EDGES = """
UNWIND $docs AS doc
MATCH (ev:Evidence {doc_id: doc}) USING INDEX ev:Evidence(doc_id) WHERE ev.edge IS NOT NULL
RETURN DISTINCT ev.edge AS edge
"""
Q_DELETE_EVIDENCE = "UNWIND $docs AS doc MATCH (ev:Evidence {doc_id: doc}) DETACH DELETE ev"
Q_DELETE_LOCALS = "UNWIND $docs AS doc MATCH (l:Local {doc_id: doc}) DETACH DELETE l"
# the distinct names of blocks with the keys their stored locals hold (split articles' locals
# are resolved one by one, see Q_SPLIT_LOCALS)
Q_BLOCK_NAMES = """
UNWIND $blocks AS block
MATCH (l:Local {block: block})
RETURN block, l.type AS type, l.name AS name,
       collect(DISTINCT CASE WHEN l.doc_id IN $split THEN null ELSE l.key END) AS keys
"""
Q_SET_NAME_KEYS = """
UNWIND $rows AS row
MATCH (l:Local {block: row.block})
WHERE l.type = row.type AND l.name = row.name AND l.key <> row.key AND NOT l.doc_id IN $split
SET l.key = row.key
RETURN l.id AS id, row.key AS key
"""
Q_SPLIT_LOCALS = """
UNWIND $split AS doc
MATCH (l:Local {doc_id: doc}) WHERE l.block IN $blocks
RETURN l.id AS id, l.doc_id AS doc_id, l.type AS type, l.name AS name, l.key AS key,
       l.block AS block
"""
Q_KEYS_OF_BLOCKS = """
UNWIND $blocks AS block
MATCH (l:Local {block: block})
RETURN DISTINCT l.key AS key
"""
# props carry grp (null: its own group, fixed by the regrouping that follows) and the MinHash
# signature properties (null when the record has no text: any old signature goes)
Q_ARTICLES = """
UNWIND $rows AS row
MERGE (a:Article {doc_id: row.doc_id})
SET a += row.props, a.status = 'ingested', a.ingested_at = $now
"""
# near-duplicate pairs of articles being replaced or retracted: dropped, the other side kept as
# a seed for regrouping
Q_OLD_NEAR_DUPS = """
UNWIND $docs AS doc
MATCH (:Article {doc_id: doc})-[r:NEAR_DUP]-(b:Article)
WITH collect(DISTINCT r) AS rels, collect(DISTINCT b.doc_id) AS others
FOREACH (r IN rels | DELETE r)
RETURN others
"""
# candidate copies: ingested articles sharing an LSH band key with a new signature (one index
# seek per band; the property names come from LSH_PROPS, never from data)
Q_NEAR_DUP_CANDIDATES = (
    "UNWIND $rows AS row\nCALL {\n"
    + "\n  UNION\n".join(
        f"  WITH row MATCH (a:Article) WHERE a.{p} = row.{p} RETURN a" for p in LSH_PROPS
    )
    + "\n}\nWITH row, a WHERE a.doc_id <> row.doc_id AND a.status = 'ingested'\n"
    "RETURN row.doc_id AS doc_id, a.doc_id AS other, a.minhash AS minhash"
)
Q_CREATE_NEAR_DUPS = """
UNWIND $rows AS row
MATCH (a:Article {doc_id: row.a})
MATCH (b:Article {doc_id: row.b})
CREATE (a)-[:NEAR_DUP {similarity: row.similarity}]->(b)
"""
Q_NEAR_DUP_NEIGHBOURS = """
UNWIND $docs AS doc
MATCH (:Article {doc_id: doc})-[:NEAR_DUP]-(b:Article)
RETURN doc, b.doc_id AS other
"""
Q_GROUPS_OF = """
UNWIND $docs AS doc
MATCH (a:Article {doc_id: doc})
RETURN doc, a.grp AS grp
"""
Q_SET_GROUPS = """
UNWIND $rows AS row
MATCH (a:Article {doc_id: row.doc_id})
SET a.grp = row.grp
"""
# CREATE with the properties spelled out ({PROPS}: see _create_props) rather than SET n = row,
# which makes the planner materialise all rows first (Eager)
Q_LOCALS = "UNWIND $rows AS row CREATE (l:Local {PROPS})"
Q_EVIDENCE = """
UNWIND $rows AS row
MATCH (a:Article {doc_id: row.doc_id})
CREATE (ev:Evidence {PROPS})-[:FROM]->(a)
"""
Q_SET_LOCAL_KEYS = "UNWIND $rows AS row MATCH (l:Local {id: row.id}) SET l.key = row.key"
# evidence naming re-keyed locals, found through their article (rows: {doc, lids}): an
# article's evidence is few nodes, and no index on subj_lid/obj_lid has to be kept up to date
Q_EVIDENCE_OF_LOCALS = """
UNWIND $rows AS row
MATCH (ev:Evidence {doc_id: row.doc})
WHERE ev.subj_lid IN row.lids OR ev.obj_lid IN row.lids
RETURN ev.id AS id, ev.subj_lid AS subj_lid, ev.obj_lid AS obj_lid,
       ev.subj_key AS subj_key, ev.obj_key AS obj_key, ev.relation AS relation, ev.edge AS edge
"""
Q_SET_EVIDENCE_KEYS = """
UNWIND $rows AS row
MATCH (ev:Evidence {id: row.id})
SET ev.subj_key = row.subj_key, ev.obj_key = row.obj_key, ev.edge = row.edge
"""
# entity aggregates, computed by the database: names with counts, distinct aliases, distinct
# articles, mentions (an unknown key gives no names: the entity is gone)
# (one pass over the locals of each key; Python flattens the lists)
Q_ENTITY_AGGREGATES = """
UNWIND $keys AS k
MATCH (l:Local {key: k})
WITH k, l.name AS name, l.type AS type, count(*) AS n,
     collect(coalesce(l.aliases, [])) AS aliases, collect(DISTINCT l.doc_id) AS docs,
     sum(coalesce(l.mentions, 0)) AS mentions
RETURN k AS key, collect([name, type, n]) AS names, collect(aliases) AS aliases,
       collect(docs) AS docs, sum(mentions) AS mentions
"""
# what an entity holds of its locals (Q_ENTITY_AGGREGATES's figures) for adding new ones;
# an entity written before ``tally`` existed is recomputed from its locals instead
Q_ENTITY_STATE = """
UNWIND $keys AS k
MATCH (e:Entity {key: k}) WHERE e.tally IS NOT NULL
RETURN k AS key, e.name AS name, e.aliases AS aliases, e.articles AS articles,
       e.mentions AS mentions, e.tally AS tally
"""
Q_DELETE_ENTITIES = "UNWIND $keys AS k MATCH (e:Entity {key: k}) DETACH DELETE e"
Q_ENTITIES = "UNWIND $rows AS row MERGE (e:Entity {key: row.key}) SET e += row"
Q_EDGE_EVIDENCE = """
UNWIND $edges AS edge
MATCH (ev:Evidence {edge: edge})-[:FROM]->(a:Article)
USING INDEX ev:Evidence(edge)
WHERE a.status = 'ingested'
RETURN edge, ev.doc_id AS doc_id, ev.predicate AS predicate, ev.sentence AS sentence,
       ev.char_start AS char_start, ev.negated AS negated, ev.denied_by AS denied_by,
       ev.confidence AS confidence, ev.event_date AS event_date, a.published AS published,
       coalesce(a.grp, a.doc_id) AS `group`, ev.seq AS seq
ORDER BY doc_id, seq
"""
Q_EDGE_EVIDENCE_COUNT = """
UNWIND $edges AS edge
MATCH (ev:Evidence {edge: edge})
USING INDEX ev:Evidence(edge)
RETURN edge, count(ev) AS n
"""
Q_EDGES_WITH_EVIDENCE = """
UNWIND $edges AS edge
WITH edge WHERE EXISTS { MATCH (ev:Evidence {edge: edge}) USING INDEX ev:Evidence(edge) }
RETURN edge
"""
Q_DELETE_EDGES = """
UNWIND $rows AS row
MATCH (:Entity {key: row.s})-[r {edge: row.edge}]->(:Entity {key: row.o})
DELETE r
"""
# {TYPE} is replaced by a vocabulary type that matched ^[A-Z][A-Z0-9_]*$ (never by data), or
# on servers that take dynamic types (5.26+) by $(row.type), row.type being such a type
Q_MERGE_EDGES = """
UNWIND $rows AS row
MATCH (s:Entity {key: row.s})
MATCH (o:Entity {key: row.o})
MERGE (s)-[r:{TYPE} {edge: row.edge}]->(o)
SET r = row.props
"""
# a link known not to exist yet (no evidence of it before this transaction)
Q_CREATE_EDGES = """
UNWIND $rows AS row
MATCH (s:Entity {key: row.s})
MATCH (o:Entity {key: row.o})
CREATE (s)-[r:{TYPE} {PROPS}]->(o)
"""
Q_BUMP = """
MERGE (m:GraphkitMeta {id: 'store'})
SET m.generation = coalesce(m.generation, 0) + 1
"""
# a retracted article leaves its group and its signature goes ($gone: those properties → null)
Q_ARTICLES_REMOVE = """
MATCH (a:Article) WHERE a.doc_id IN $docs
SET a += $gone, a.status = 'removed', a.n_triples = 0
RETURN count(a) AS n
"""
Q_ARTICLES_RECORD_REMOVED = """
UNWIND $docs AS doc
MERGE (a:Article {doc_id: doc})
ON CREATE SET a.ingested_at = $now
WITH a WHERE coalesce(a.status, '') <> 'removed'
SET a += $gone, a.status = 'removed', a.n_triples = 0
RETURN count(a) AS n
"""

# reads
Q_ENTITIES_ALL = """
MATCH (e:Entity)
RETURN e.key AS key, e.name AS name, e.type AS type, e.aliases AS aliases,
       e.articles AS articles, e.mentions AS mentions
ORDER BY key
"""
Q_EVIDENCE_ALL = """
MATCH (ev:Evidence)-[:FROM]->(a:Article {status: 'ingested'})
RETURN ev.doc_id AS doc_id, ev.relation AS relation, ev.predicate AS predicate,
       ev.sentence AS sentence, ev.char_start AS char_start, ev.char_end AS char_end,
       ev.attributed_to AS attributed_to, ev.negated AS negated, ev.denied_by AS denied_by,
       ev.confidence AS confidence, ev.extractor AS extractor, ev.event_time AS event_time,
       ev.event_date AS event_date, ev.subj_key AS subj_key, ev.obj_key AS obj_key,
       ev.subject AS subject, ev.object AS object, a.path AS path, a.title AS title,
       a.url AS url, a.publisher AS publisher, a.published AS published,
       coalesce(a.grp, a.doc_id) AS `group`
ORDER BY doc_id, ev.seq
"""
# an entity by key, or by a case-folded name/alias: index seeks ($phrase: the folded name as a
# quoted Lucene phrase, matched whole by the keyword analyser; the WHERE re-checks it exactly)
Q_LOOKUP = """
CALL {
  MATCH (e:Entity {key: $name}) RETURN e
  UNION
  CALL db.index.fulltext.queryNodes('graphkit_entity_lookup', $phrase) YIELD node
  WITH node AS e WHERE $folded IN e.lookup
  RETURN e
}
RETURN e.key AS key, e.name AS name, e.type AS type, e.aliases AS aliases
"""
# the same by scanning, for a database whose schema predates the look-up index
Q_LOOKUP_SCAN = """
MATCH (e:Entity) WHERE e.key = $name OR $folded IN e.lookup
RETURN e.key AS key, e.name AS name, e.type AS type, e.aliases AS aliases
"""
Q_NAMES = """
MATCH (e:Entity) RETURN e.key AS key, e.name AS name, e.type AS type, e.aliases AS aliases
"""
Q_EVIDENCE_OF_EDGES = Q_EVIDENCE_ALL.replace(
    "MATCH (ev:Evidence)-[:FROM]->(a:Article {status: 'ingested'})",
    "UNWIND $edges AS edge MATCH (ev:Evidence {edge: edge})-[:FROM]->(a:Article)"
    " USING INDEX ev:Evidence(edge) WHERE a.status = 'ingested'",
)
Q_ENTITIES_OF_KEYS = Q_ENTITIES_ALL.replace(
    "MATCH (e:Entity)", "MATCH (e:Entity) WHERE e.key IN $keys"
)
Q_RELATIONSHIPS_ALL = """
MATCH (s:Entity)-[r]->(o:Entity)
RETURN s.key AS source, o.key AS target, properties(r) AS props
"""


#: the evidence fields a link's aggregates need (with the article's published date and group)
EDGE_EVIDENCE_FIELDS = (
    "doc_id",
    "predicate",
    "sentence",
    "char_start",
    "negated",
    "denied_by",
    "confidence",
    "event_date",
    "seq",
)

PROP_RE = re.compile(r"^[a-z_][a-z0-9_]*$")


def _create_props(query: str, names: Iterable[str], var: str = "row") -> str:
    """``query`` with ``{PROPS}`` replaced by ``{name: row.name, …}`` for code-defined names."""
    names = sorted(names)
    if not all(PROP_RE.match(n) for n in names):  # names come from code, never from data
        raise StoreError(f"invalid property names {names!r}")
    return query.replace("{PROPS}", "{" + ", ".join(f"{n}: {var}.{n}" for n in names) + "}")


def entity_tally(names: dict[tuple[str, str], int]) -> str:
    """An entity's ``tally`` property: its locals' (name, type) with counts, as sorted JSON."""
    return json.dumps(
        sorted([n, t, c] for (n, t), c in names.items()), ensure_ascii=False, separators=(",", ":")
    )


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


#: json.dumps(x, ensure_ascii=False, separators=(",", ":")) without building an encoder per call
_compact_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _jid(*parts: Any) -> str:
    """An unambiguous identifier from parts (a JSON list; names may contain any character)."""
    return _compact_json(list(parts))


def _rows(result) -> list[dict]:
    """A result's records as dicts, like ``Result.data()`` for the loader's queries, which
    return only plain values (no nodes, relationships or paths to convert): ``data()``
    inspects every value recursively, a sixth of the client's time in a load."""
    keys = result.keys()
    return [dict(zip(keys, rec.values())) for rec in result]


def signature_props(sig: bytes | None) -> dict[str, Any]:
    """The Article properties holding a MinHash signature (hex) and its LSH band keys; all
    None without a signature (an article loaded without its text)."""
    if sig is None:
        return {"minhash": None, **dict.fromkeys(LSH_PROPS)}
    return {"minhash": sig.hex(), **dict(zip(LSH_PROPS, dedup.band_keys(sig), strict=True))}


def _digest(rec: DocRecord, sig: bytes | None = None) -> str:
    """A content hash of an article's record (what a re-load would write), its signature too."""
    meta = {k: rec.meta.get(k) for k in ARTICLE_FIELDS}
    # a named group counts only without a signature (with one, the group is computed)
    meta["grp"] = rec.meta.get("grp") if sig is None else None
    body = [
        meta,
        sig.hex() if sig is not None else None,
        rec.extractor,
        sorted(
            [list(k), v["name"], sorted(v["aliases"]), v["block"]] for k, v in rec.locals.items()
        ),
        rec.rows,
    ]
    data = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _edge_of(s: str | None, rel: str, o: str | None, symmetric: frozenset[str]) -> str | None:
    """The link id of evidence (subject key, relation, object key), or None when not drawn."""
    if s is None or o is None or s == o:
        return None
    if rel in symmetric and o < s:
        s, o = o, s
    return _jid(s, rel, o)


def _takes_dynamic_types(version: str) -> bool:
    """Whether a Neo4j server version takes relationship types as ``$(expr)`` (5.26 and later).

    >>> [_takes_dynamic_types(v) for v in ("5.26.3", "5.25.1", "2025.01.0", "4.4.9", "")]
    [True, False, True, False, False]
    """
    m = re.match(r"^(\d+)\.(\d+)", version or "")
    return bool(m) and (int(m.group(1)), int(m.group(2))) >= (5, 26)


def redact_uri(uri: str) -> str:
    """A URI safe to print: any ``user:password@`` part is dropped."""
    try:
        parts = urllib.parse.urlsplit(uri)
    except ValueError:
        return "<invalid URI>"
    if parts.username or parts.password:
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
        parts = parts._replace(netloc=host)
    return urllib.parse.urlunsplit(parts)


class Neo4jStore(Store):
    """A graphkit store in a Neo4j database (5.x; Community is enough).

    Parameters
    ----------
    uri : ``bolt://``, ``neo4j://``, ``bolt+s://``, ``neo4j+s://`` … (passed to the driver).
    user, password : credentials; ``password=None`` connects without authentication.
    database : database name (default: the server's default database).
    batch_size : at most this many articles per write transaction.
    vocabulary_path : the relation vocabulary (default: the packaged one).
    max_retry_time : seconds the driver keeps retrying a transaction on transient errors.
    connection_timeout : seconds to wait for a connection.
    create : accepted for parity with the embedded store (the schema is set up on first write).
    """

    backend = "neo4j"

    def __init__(
        self,
        uri: str,
        *,
        user: str | None = "neo4j",
        password: str | None = None,
        database: str | None = None,
        batch_size: int = 500,
        vocabulary_path: str | None = None,
        max_retry_time: float = 15.0,
        connection_timeout: float = 15.0,
        create: bool = True,
        **_ignored: Any,
    ):
        try:
            import neo4j
        except ImportError as exc:  # pragma: no cover - a dependency of graphkit
            raise ConfigError("the 'neo4j' Python driver is not installed") from exc
        if batch_size < 1:
            raise ConfigError("batch size must be at least 1")
        self.uri = uri
        self.display_uri = redact_uri(uri)
        self.user = user or "neo4j"
        self._secret = password or ""
        self.database = database or None
        self.batch_size = batch_size
        vocab = load_vocabulary(vocabulary_path)
        self.symmetric = frozenset(r.type for r in vocab.values() if r.symmetric)
        self.rel_types = frozenset(t for t in vocab if TYPE_RE.match(t))
        self._schema_ready = False
        self._dynamic_types = False  # set with the schema: the server takes $(type) (5.26+)
        self._graph_cache: tuple[int, nx.MultiDiGraph] | None = None
        auth = (self.user, password) if password is not None else None
        scheme = urllib.parse.urlsplit(uri).scheme if "://" in uri else ""
        if scheme not in SCHEMES:
            raise ConfigError(
                f"invalid Neo4j URI {self.display_uri!r}: use one of"
                f" {', '.join(s + '://' for s in SCHEMES)}"
            )
        try:
            self.driver = neo4j.GraphDatabase.driver(
                uri,
                auth=auth,
                max_transaction_retry_time=max_retry_time,
                connection_timeout=connection_timeout,
                connection_acquisition_timeout=connection_timeout * 2,
                user_agent="graphkit",
                notifications_min_severity="OFF",
            )
        except (ValueError, neo4j.exceptions.ConfigurationError) as exc:
            raise ConfigError(
                f"invalid Neo4j URI {self.display_uri!r}: {self._clean(exc)}"
                " (use bolt://, neo4j://, bolt+s:// or neo4j+s://)"
            ) from None
        with self._guard("connecting"), self._session(read=True) as session:
            session.run("RETURN 1").consume()

    # -- plumbing ------------------------------------------------------------------------------
    def _clean(self, exc: BaseException) -> str:
        """An exception's message without the password (never printed, never logged)."""
        msg = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        msg = " ".join(str(msg).split())
        if self._secret:
            msg = msg.replace(self._secret, "***")
        return msg

    @contextmanager
    def _guard(self, what: str):
        """Turn driver errors into one clear graphkit error (no traceback, no password)."""
        from neo4j import exceptions as nx4

        where = f"Neo4j at {self.display_uri}" + (
            f" (database {self.database!r})" if self.database else ""
        )
        try:
            yield
        except GraphkitError:
            raise
        except nx4.AuthError:
            raise BackendUnavailableError(
                f"{where} refused the credentials of user {self.user!r} while {what}"
                " (set NEO4J_USER / NEO4J_PASSWORD)"
            ) from None
        except nx4.ClientError as exc:
            code = getattr(exc, "code", "") or ""
            if "DatabaseNotFound" in code:
                raise BackendUnavailableError(
                    f"{where}: no database {self.database!r} ({self._clean(exc)})"
                ) from None
            if "Forbidden" in code or "Security" in code:
                raise BackendUnavailableError(
                    f"{where} refused {what}: {self._clean(exc)}"
                ) from None
            raise StoreError(f"{where} rejected a query while {what}: {self._clean(exc)}") from None
        except (
            nx4.ServiceUnavailable,
            nx4.SessionExpired,
            nx4.TransientError,
            nx4.ConnectionPoolError,
            nx4.IncompleteCommit,
            OSError,
        ) as exc:
            raise BackendUnavailableError(
                f"cannot reach {where} while {what}: {self._clean(exc)}"
            ) from None
        except (nx4.Neo4jError, nx4.DriverError) as exc:
            raise StoreError(f"{where} failed while {what}: {self._clean(exc)}") from None

    def _session(self, *, read: bool = False):
        import neo4j

        return self.driver.session(
            database=self.database,
            default_access_mode=neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS,
        )

    def _read(self, query: str, what: str = "reading", **params) -> list[dict]:
        with self._guard(what), self._session(read=True) as session:
            return session.execute_read(lambda tx: tx.run(query, params).data())

    def _write(self, fn: Callable, what: str, *args):
        self._ensure_schema()
        with self._guard(what), self._session() as session:
            return session.execute_write(fn, *args)

    def _ensure_schema(self) -> None:
        if self._schema_ready:
            return
        with self._guard("setting up the schema"), self._session() as session:
            self._dynamic_types = self._server_takes_dynamic_types(session)
            rec = session.run(
                "OPTIONAL MATCH (m:GraphkitMeta {id: 'store'}) RETURN m.schema_version AS v"
            ).single()
            version = rec["v"] if rec else None
            if version is not None and version > SCHEMA_VERSION:
                raise StoreError(
                    f"Neo4j at {self.display_uri} holds graphkit schema {version};"
                    f" this graphkit writes schema {SCHEMA_VERSION}"
                )
            if version != SCHEMA_VERSION:
                for stmt in (*SCHEMA_DROPS, *SCHEMA):
                    session.run(stmt).consume()
                session.run("CALL db.awaitIndexes(300)").consume()
                session.run(
                    "MERGE (m:GraphkitMeta {id: 'store'})"
                    " SET m.schema_version = $v, m.generation = coalesce(m.generation, 0)",
                    v=SCHEMA_VERSION,
                ).consume()
        self._schema_ready = True

    @staticmethod
    def _server_takes_dynamic_types(session) -> bool:
        from neo4j.exceptions import Neo4jError

        try:
            rec = session.run(
                "CALL dbms.components() YIELD versions RETURN versions[0] AS v"
            ).single()
        except Neo4jError:  # not allowed to ask: one statement per relationship type
            return False
        return _takes_dynamic_types(rec["v"] if rec else "")

    def close(self) -> None:
        try:
            self.driver.close()
        except Exception:  # noqa: BLE001 - closing a dead connection must not raise
            pass

    def _rel_type(self, relation: str) -> str:
        """The relationship type for a graphkit relation: from the vocabulary, else RELATED_TO."""
        rtype = relation if relation in self.rel_types else FALLBACK_TYPE
        if not TYPE_RE.match(rtype):  # checked again right before it becomes Cypher text
            rtype = FALLBACK_TYPE
        return rtype

    # -- overrides (curation decisions live in the database, so every client resolves alike) ---
    def overrides(self) -> Overrides:
        rows = self._read(
            "OPTIONAL MATCH (m:GraphkitMeta {id: 'store'}) RETURN m.overrides AS o",
            "reading the overrides",
        )
        return _overrides_from_json(rows[0]["o"] if rows else None)

    def set_overrides(self, overrides: Overrides, *, reresolve: bool = True) -> None:
        """Store curation decisions in the database and (by default) re-resolve everything."""
        text = _overrides_to_json(overrides)

        def work(tx):
            tx.run("MERGE (m:GraphkitMeta {id: 'store'}) SET m.overrides = $o", o=text).consume()

        self._write(work, "saving the overrides")
        if reresolve:
            self.reresolve()

    # -- writes ------------------------------------------------------------------------------
    def load(
        self,
        records: Iterable[DocRecord],
        *,
        replace: bool = True,
        batch_size: int | None = None,
    ) -> LoadReport:
        """Write articles in batches, one transaction each; re-resolve the touched blocks.

        With ``replace`` (the default) an article already stored is replaced by the new record
        (so re-loading changes nothing); without it, articles in the ledger are skipped. If a
        batch fails (server gone, credentials revoked) it is rolled back and
        BackendUnavailableError/StoreError is raised, saying how many articles were stored
        before; ``.report`` on the error holds the LoadReport so far.
        """
        report = LoadReport()
        size = batch_size or self.batch_size
        for done_batches, batch in enumerate(iter_batches(records, size)):
            try:
                loaded, skipped, triples = self._write(
                    self._tx_apply, f"writing batch {done_batches + 1}", batch, (), replace
                )
            except GraphkitError as exc:
                first = batch[0].meta.get("path") or batch[0].doc_id
                msg = (
                    f"{exc}; the batch of {len(batch)} article(s) starting with {first} was"
                    f" rolled back ({report.loaded} article(s) in {done_batches} earlier"
                    " batch(es) are stored); re-run the same command to complete the load"
                    " (nothing is duplicated)"
                )
                err = type(exc)(msg)
                err.report = report  # type: ignore[attr-defined]
                raise err from None
            report.loaded += loaded
            report.skipped += skipped
            report.triples += triples
        return report

    def remove(self, doc_ids: Iterable[str], *, record_unknown: bool = False) -> int:
        """Retract articles: status 'removed', their evidence gone, orphaned entities/links gone.

        Returns how many articles were retracted. Unknown ids are ignored, or with
        ``record_unknown`` entered in the ledger as removed (so a later ingest skips them).
        """
        total = 0
        for batch in iter_batches(doc_ids, self.batch_size):
            total += self._write(
                self._tx_apply, "removing articles", [], batch, True, record_unknown
            )[0]
        return total

    def reresolve(self, blocks: Iterable[str] | None = None) -> None:
        """Re-run resolution (after the overrides changed); all blocks when None."""
        blocks = None if blocks is None else sorted(set(blocks))
        self._write(self._tx_reresolve, "re-resolving entities", blocks)

    def set_groups(self, groups: dict[str, str]) -> None:
        """Assign independent-source groups (syndicated copies share one group id)."""

        def work(tx):
            rows = [{"doc_id": d, "grp": g} for d, g in groups.items()]
            tx.run(
                "UNWIND $rows AS row MATCH (a:Article {doc_id: row.doc_id}) SET a.grp = row.grp",
                rows=rows,
            ).consume()
            edges = {r["edge"] for r in tx.run(Q_OLD_EDGES, docs=list(groups)).data()}
            self._refresh_edges(tx, edges)
            tx.run(Q_BUMP).consume()

        self._write(work, "setting article groups")

    def record_failures(self, failures: Iterable[tuple[str, int | None, str, str]]) -> None:
        rows = [
            {"source": s, "line": line, "kind": kind, "reason": reason, "at": _now()}
            for s, line, kind, reason in failures
        ]
        if not rows:
            return

        def work(tx):
            tx.run("UNWIND $rows AS row CREATE (f:Failure) SET f = row", rows=rows).consume()

        self._write(work, "recording failures")

    def _tx_apply(
        self,
        tx,
        records: list[DocRecord],
        removed: Iterable[str],
        replace: bool,
        record_unknown: bool = False,
    ):
        """One batch: replace articles' records (and retract ``removed``), re-derive the graph."""
        overrides = _overrides_from_json(
            tx.run(
                "OPTIONAL MATCH (m:GraphkitMeta {id: 'store'}) RETURN m.overrides AS o"
            ).single()["o"]
        )
        removed = list(dict.fromkeys(removed))
        skipped = 0
        if not replace and records:
            done = {
                r["doc_id"]
                for r in _rows(
                    tx.run(Q_INGESTED, docs=[r.doc_id for r in records], status="ingested")
                )
            }
            skipped = sum(1 for r in records if r.doc_id in done)
            records = [r for r in records if r.doc_id not in done]
        by_doc = {r.doc_id: r for r in records}  # a doc twice in one batch: the last one wins
        sigs = {d: dedup.signature(r.text) for d, r in by_doc.items()}
        digests = {d: _digest(r, sigs[d]) for d, r in by_doc.items()}
        if by_doc:  # an article stored with the very same record: nothing to do
            for r in _rows(tx.run(Q_DIGESTS, docs=list(by_doc))):
                if r["digest"] == digests.get(r["doc_id"]):
                    del by_doc[r["doc_id"]]
        docs = list(by_doc) + [d for d in removed if d not in by_doc]

        # 1. what the articles contributed before, then drop it
        old_blocks: set[str] = set()
        affected: set[str] = set()
        edges: set[str] = set()
        regroup: set[str] = set()  # articles whose near-duplicate group may change
        old_edges: set[str] = set()  # links that had evidence (a relationship) before
        if docs:
            for r in _rows(tx.run(Q_OLD_NEAR_DUPS, docs=docs)):
                regroup.update(r["others"])
            for r in _rows(tx.run(Q_OLD_LOCALS, docs=docs)):
                old_blocks.add(r["block"])
                if r["key"] is not None:
                    affected.add(r["key"])
            # evidence always comes with its article's locals: no locals, nothing stored
            if old_blocks:
                edges = {r["edge"] for r in _rows(tx.run(Q_OLD_EDGES, docs=docs))}
                old_edges |= edges
                tx.run(Q_DELETE_EVIDENCE, docs=docs).consume()
                tx.run(Q_DELETE_LOCALS, docs=docs).consume()
        n_removed = 0
        if removed:
            n_removed = tx.run(
                Q_ARTICLES_RECORD_REMOVED if record_unknown else Q_ARTICLES_REMOVE,
                docs=removed,
                now=_now(),
                gone={"grp": None, **signature_props(None)},
            ).single()["n"]

        # 2. resolve the touched blocks over the other articles' locals + the new ones
        new_locals = [row for rec in by_doc.values() for row in local_node_rows(rec)]
        blocks = old_blocks | {loc["block"] for loc in new_locals}
        new_keys: set[str] = set()  # keys of the new locals
        key_of = self._resolve_blocks(tx, blocks, overrides, affected, new_locals, new_keys)
        changed = list(key_of)  # stored locals whose key changed
        key_of.update((loc["id"], loc["key"]) for loc in new_locals)
        # the entity aggregates before the new locals are written: recomputed from the stored
        # locals for entities that lost or changed locals (``affected`` so far), taken from the
        # entity node (its tally) for those that only gain new ones; the new locals are added
        # in Python (_add_locals) and the entities written at the end
        aggregates = self._entity_aggregates(tx, affected, gaining=new_keys - affected)
        affected |= new_keys

        # 3. write the articles, their locals (with keys) and evidence (with keys and link ids)
        now = _now()
        arts = []
        for rec in by_doc.values():
            props = {k: rec.meta.get(k) for k in ARTICLE_FIELDS}
            sig = sigs[rec.doc_id]
            props.update(
                extractor=rec.extractor or None,
                n_triples=len(rec.rows),
                digest=digests[rec.doc_id],
                # without a signature an article is its own group, unless the record names one
                # (graphkit sync from a store that did not keep the text)
                grp=None if sig is not None else rec.meta.get("grp"),
                **signature_props(sig),
            )
            arts.append({"doc_id": rec.doc_id, "props": props})
        if arts:
            tx.run(Q_ARTICLES, rows=arts, now=now).consume()
        # near-duplicates of the new signatures, then the groups of everything they touch
        regroup |= self._index_signatures(tx, {d: s for d, s in sigs.items() if s is not None})
        named = {d: r.meta.get("grp") for d, r in by_doc.items() if sigs[d] is None}
        final_grp: dict[str, str | None] = dict(named)
        regrouped = self._regroup(tx, regroup, named, final_grp) - set(by_doc)
        if new_locals:
            tx.run(_create_props(Q_LOCALS, new_locals[0]), rows=new_locals).consume()

        # 4. evidence of other articles' locals whose key changed (their old link ids join
        # old_edges: links that had evidence before this transaction); only stored evidence is
        # re-keyed, so this runs before the new evidence is written
        if changed:
            edges |= self._rekey_evidence(tx, key_of, changed, old_edges)
        # links of other articles whose group changed: their weights change
        if regrouped:
            for part in iter_batches(sorted(regrouped), 5000):
                edges.update(r["edge"] for r in _rows(tx.run(Q_OLD_EDGES, docs=part)))

        evs = []
        # the evidence written here, in Q_EDGE_EVIDENCE's shape: links supported by it alone
        # are computed without reading it back
        fresh: dict[str, list[dict]] = defaultdict(list)
        for rec in by_doc.values():
            published = rec.meta.get("published")
            group = final_grp.get(rec.doc_id) or rec.doc_id
            for seq, row in enumerate(rec.rows):
                ev = evidence_node_row(rec, seq, row, key_of, self.symmetric)
                if ev["edge"] is not None:
                    edges.add(ev["edge"])
                    fresh[ev["edge"]].append(
                        {k: ev[k] for k in EDGE_EVIDENCE_FIELDS}
                        | {"published": published, "group": group}
                    )
                evs.append(ev)
        # links whose only evidence is the one written here (no stored evidence names them,
        # asked before it is written): computed from ``fresh`` without reading it back
        only_fresh = set(fresh) - self._stored_edges(tx, fresh)
        for part in iter_batches(evs, 20000):
            tx.run(_create_props(Q_EVIDENCE, part[0]), rows=part).consume()

        # 5. derived entities and links
        self._write_entities(tx, affected, self._add_locals(aggregates, new_locals))
        self._refresh_edges(tx, edges, old_edges, fresh, only_fresh)
        tx.run(Q_BUMP).consume()
        if not records:
            return n_removed, skipped, 0
        return len(records), skipped, sum(len(r.rows) for r in records)

    def _index_signatures(self, tx, sigs: dict[str, bytes]) -> set[str]:
        """Record the near-duplicates of freshly written articles (``sigs``: their signatures,
        already stored with their band keys) as ``NEAR_DUP`` relationships, smaller doc id first.

        Candidates are the ingested articles sharing a band key (index seeks), compared as the
        embedded store compares them (:func:`graphkit.dedup.similarity`). Returns the articles
        written and their near-duplicates (the seeds for regrouping).
        """
        if not sigs:
            return set()
        seeds = set(sigs)
        pairs: dict[tuple[str, str], float] = {}
        rows = [
            {"doc_id": d, **{k: v for k, v in signature_props(sig).items() if k in LSH_PROPS}}
            for d, sig in sorted(sigs.items())
        ]
        for part in iter_batches(rows, 1000):
            for r in _rows(tx.run(Q_NEAR_DUP_CANDIDATES, rows=part)):
                if not r["minhash"]:
                    continue
                sim = dedup.similarity(sigs[r["doc_id"]], bytes.fromhex(r["minhash"]))
                if sim >= dedup.THRESHOLD:
                    a, b = sorted((r["doc_id"], r["other"]))
                    pairs[(a, b)] = sim
                    seeds.add(r["other"])
        new = [{"a": a, "b": b, "similarity": sim} for (a, b), sim in sorted(pairs.items())]
        for part in iter_batches(new, 10000):
            tx.run(Q_CREATE_NEAR_DUPS, rows=part).consume()
        return seeds

    def _regroup(
        self, tx, seeds: set[str], named: dict[str, str | None], final: dict[str, str | None]
    ) -> set[str]:
        """Recompute the near-duplicate groups of ``seeds``' components (over ``NEAR_DUP``) as
        the embedded store does: the group id is the smallest doc id of a component
        (:func:`graphkit.dedup.groups`), stored as ``grp`` on the other members (``grp`` null
        means "its own group": the namesake, an article alone); an article alone may keep the
        group ``named`` gives it (written without a signature, its record naming its group).
        Returns the articles whose group changed; ``final`` receives every visited article's
        ``grp``."""
        if not seeds:
            return set()
        seen, frontier = set(seeds), sorted(seeds)
        pairs: set[tuple[str, str]] = set()
        while frontier:
            nxt: set[str] = set()
            for part in iter_batches(frontier, 5000):
                for r in _rows(tx.run(Q_NEAR_DUP_NEIGHBOURS, docs=part)):
                    a, b = sorted((r["doc"], r["other"]))
                    pairs.add((a, b))
                    if r["other"] not in seen:
                        seen.add(r["other"])
                        nxt.add(r["other"])
            frontier = sorted(nxt)
        group = dedup.groups(seen, pairs)
        size: dict[str, int] = defaultdict(int)
        for g in group.values():
            size[g] += 1
        changed = set()
        rows = []
        for part in iter_batches(sorted(seen), 5000):
            for r in _rows(tx.run(Q_GROUPS_OF, docs=part)):
                d = r["doc"]
                # the group's namesake keeps grp null, as the bulk import writes it
                new = group[d] if size[group[d]] > 1 and group[d] != d else named.get(d)
                final[d] = new
                if r["grp"] != new:
                    changed.add(d)
                    rows.append({"doc_id": d, "grp": new})
        for part in iter_batches(rows, 10000):
            tx.run(Q_SET_GROUPS, rows=part).consume()
        return changed

    def _resolve_blocks(
        self,
        tx,
        blocks: set[str],
        overrides: Overrides,
        affected: set[str],
        new_locals: list[dict] = (),  # type: ignore[assignment]
        new_keys: set[str] | None = None,
    ) -> dict[str, str]:
        """Resolve ``blocks`` (stored locals + ``new_locals``, not yet written) as the embedded
        store does: keys per distinct (type, name) of a block (:func:`graphkit.resolve.base_keys`),
        split decisions per article; only stored locals whose key changes are updated.

        New locals get their ``key`` in place (their keys go into ``new_keys``, or into
        ``affected`` without it). Old and new keys of every change go into ``affected``.
        Returns {local id: new key} for the stored locals that changed.
        """
        if not blocks:
            return {}
        split = sorted({doc for _key, doc in overrides.splits})
        names: dict[str, set[tuple[str, str]]] = defaultdict(set)
        stored: list[dict] = []
        for part in iter_batches(sorted(blocks), 5000):
            for r in _rows(tx.run(Q_BLOCK_NAMES, blocks=part, split=split)):
                names[r["block"]].add((r["type"], r["name"]))
                stored.append(r)
        for loc in new_locals:
            names[loc["block"]].add((loc["type"], loc["name"]))
        base: dict[tuple[str, str, str], str] = {}
        for block, tn in names.items():
            for (t, n), key in base_keys(tn).items():
                base[(block, t, n)] = key

        key_of: dict[str, str] = {}
        rows = []
        for r in stored:
            final = overrides.final(base[(r["block"], r["type"], r["name"])])
            old = set(r["keys"]) - {final}
            if old:
                affected.update(k for k in old if k is not None)
                affected.add(final)
                rows.append(
                    {"block": r["block"], "type": r["type"], "name": r["name"], "key": final}
                )
        for part in iter_batches(rows, 10000):
            for r in _rows(tx.run(Q_SET_NAME_KEYS, rows=part, split=split)):
                key_of[r["id"]] = r["key"]
        if split:
            changes = []
            for part in iter_batches(sorted(blocks), 5000):
                for r in _rows(tx.run(Q_SPLIT_LOCALS, split=split, blocks=part)):
                    key = apply_overrides(
                        base[(r["block"], r["type"], r["name"])], r["doc_id"], overrides
                    )
                    if key != r["key"]:
                        affected.update(k for k in (r["key"], key) if k is not None)
                        changes.append({"id": r["id"], "key": key})
                        key_of[r["id"]] = key
            for part in iter_batches(changes, 10000):
                tx.run(Q_SET_LOCAL_KEYS, rows=part).consume()
        for loc in new_locals:
            loc["key"] = apply_overrides(
                base[(loc["block"], loc["type"], loc["name"])], loc["doc_id"], overrides
            )
            (affected if new_keys is None else new_keys).add(loc["key"])
        return key_of

    def _rekey_evidence(
        self, tx, key_of: dict[str, str], lids: list[str], prior: set[str] | None = None
    ) -> set[str]:
        """Give the evidence of re-keyed locals their new keys; return old and new link ids
        (the old ones are also added to ``prior``)."""
        edges: set[str] = set()
        rows = []
        by_doc: dict[str, list[str]] = defaultdict(list)
        for lid in sorted(lids):
            by_doc[json.loads(lid)[0]].append(lid)  # a local's id starts with its doc id
        docs = [{"doc": d, "lids": ls} for d, ls in sorted(by_doc.items())]
        for part in iter_batches(docs, 2000):
            for r in _rows(tx.run(Q_EVIDENCE_OF_LOCALS, rows=part)):
                s = key_of.get(r["subj_lid"], r["subj_key"])
                o = key_of.get(r["obj_lid"], r["obj_key"])
                edge = _edge_of(s, r["relation"], o, self.symmetric)
                if r["edge"] is not None:
                    edges.add(r["edge"])
                    if prior is not None:
                        prior.add(r["edge"])
                if edge is not None:
                    edges.add(edge)
                rows.append({"id": r["id"], "subj_key": s, "obj_key": o, "edge": edge})
        for part in iter_batches(rows, 20000):
            tx.run(Q_SET_EVIDENCE_KEYS, rows=part).consume()
        return edges

    def _refresh_entities(self, tx, keys: set[str]) -> None:
        """Recompute Entity nodes of ``keys`` from their locals (same rule as the embedded store).

        The aggregates run in Cypher (:meth:`_entity_aggregates`); Python picks the display
        name and writes the nodes (:meth:`_write_entities`). A key without locals is gone.
        """
        self._write_entities(tx, keys, self._entity_aggregates(tx, keys))

    def _entity_aggregates(
        self,
        tx,
        keys: set[str],
        gaining: set[str] = frozenset(),  # type: ignore[assignment]
    ) -> dict[str, dict]:
        """{key: {"names": {(name, type): locals}, "aliases", "docs", "articles", "mentions"}}
        over the stored locals of ``keys`` and ``gaining`` (keys without locals are left out);
        an entity has ``articles + len(docs)`` articles.

        ``keys``: one UNWIND over the keys per 5,000 and one pass over their locals (names with
        counts, aliases, articles, mentions); Python flattens the alias and article lists.
        ``gaining``: entities whose stored locals are unchanged (new locals may join them):
        their figures are read from the entity node (its ``tally``, aliases and display name
        give back the names and aliases of its locals); those without a node or a tally are
        aggregated from their locals as ``keys`` are.
        """
        keys.discard(None)  # type: ignore[arg-type]
        out: dict[str, dict] = {}
        full = set(keys)
        for part in iter_batches(sorted(set(gaining) - full), 5000):
            full.update(part)
            for r in _rows(tx.run(Q_ENTITY_STATE, keys=part)):
                full.discard(r["key"])
                out[r["key"]] = {
                    "names": {(n, t): c for n, t, c in json.loads(r["tally"])},
                    # what the entity's locals name it: its aliases and display name
                    "aliases": {*(r["aliases"] or ()), r["name"]},
                    "docs": set(),
                    "articles": r["articles"],
                    "mentions": r["mentions"],
                }
        for part in iter_batches(sorted(full), 5000):
            for r in _rows(tx.run(Q_ENTITY_AGGREGATES, keys=part)):
                out[r["key"]] = {
                    "names": {(name, etype): n for name, etype, n in r["names"]},
                    "aliases": {a for per_name in r["aliases"] for al in per_name for a in al},
                    "docs": {d for per_name in r["docs"] for d in per_name},
                    "articles": 0,
                    "mentions": r["mentions"],
                }
        return out

    @staticmethod
    def _add_locals(aggregates: dict[str, dict], new_locals: Iterable[dict]) -> dict[str, dict]:
        """``aggregates`` (of :meth:`_entity_aggregates`) with locals not yet read added in."""
        for loc in new_locals:
            agg = aggregates.setdefault(
                loc["key"],
                {"names": {}, "aliases": set(), "docs": set(), "articles": 0, "mentions": 0},
            )
            tn = (loc["name"], loc["type"])
            agg["names"][tn] = agg["names"].get(tn, 0) + 1
            agg["aliases"].update(loc["aliases"] or ())
            agg["docs"].add(loc["doc_id"])
            agg["mentions"] += loc["mentions"] or 0
        return aggregates

    def _write_entities(self, tx, keys: set[str], aggregates: dict[str, dict]) -> None:
        """Write the Entity nodes of ``keys`` from their aggregates; delete those without any."""
        keys.discard(None)  # type: ignore[arg-type]
        if not keys:
            return
        rows = []
        for key in sorted(keys & aggregates.keys()):
            agg = aggregates[key]
            ns = [(name, etype, n) for (name, etype), n in agg["names"].items()]
            name, aliases = entity_name(key, ns, agg["aliases"])
            lookup = {key.casefold(), name.casefold(), *(a.casefold() for a in aliases)}
            rows.append(
                {
                    "key": key,
                    "name": name,
                    # the type follows the key (a merge across types keeps the survivor's)
                    "type": key.split(":", 1)[0],
                    "aliases": sorted(aliases),
                    "articles": agg["articles"] + len(agg["docs"]),
                    "mentions": agg["mentions"],
                    "lookup": sorted(lookup),
                    "tally": entity_tally(agg["names"]),
                }
            )
        gone = sorted(keys - aggregates.keys())
        for part in iter_batches(gone, 10000):
            tx.run(Q_DELETE_ENTITIES, keys=part).consume()
        for part in iter_batches(rows, 10000):
            tx.run(Q_ENTITIES, rows=part).consume()

    @staticmethod
    def _stored_edges(tx, edges: Iterable[str]) -> set[str]:
        """The links among ``edges`` that some stored evidence names (index seeks, each
        stopping at the first hit)."""
        found: set[str] = set()
        for part in iter_batches(sorted(edges), 10000):
            found.update(r["edge"] for r in _rows(tx.run(Q_EDGES_WITH_EVIDENCE, edges=part)))
        return found

    def _refresh_edges(
        self,
        tx,
        edges: set[str],
        old_edges: set[str] | None = None,
        fresh: dict[str, list[dict]] | None = None,
        only_fresh: set[str] | None = None,
    ) -> None:
        """Recompute the typed relationships of the given links from their evidence.

        ``fresh``: the evidence written in this transaction per link, in Q_EDGE_EVIDENCE's
        shape. A link whose stored evidence is exactly that (``only_fresh``, found by the
        caller before writing it, or else by an index count) is computed from it without
        reading it back; when it is also not in ``old_edges`` (links
        that had evidence before this transaction) it had no relationship, so it is CREATEd
        rather than MERGEd (graphkit writes a database from one loader at a time: two loaders
        bringing the same new link concurrently could both create it). Without ``old_edges``
        every link is MERGEd.
        """
        edges.discard(None)  # type: ignore[arg-type]
        if not edges:
            return
        fresh = fresh or {}
        evidence: dict[str, list[dict]] = {}
        if only_fresh is None:  # count the stored evidence: is it all in ``fresh``?
            only_fresh = set()
            for part in iter_batches(sorted(e for e in edges if e in fresh), 10000):
                for r in _rows(tx.run(Q_EDGE_EVIDENCE_COUNT, edges=part)):
                    if r["n"] == len(fresh[r["edge"]]):
                        only_fresh.add(r["edge"])
        only_fresh = only_fresh & edges & fresh.keys()
        for edge in only_fresh:
            evidence[edge] = [dict(e) for e in fresh[edge]]
        todo = sorted(edges - only_fresh)
        for part in iter_batches(todo, 5000):
            for r in _rows(tx.run(Q_EDGE_EVIDENCE, edges=part)):
                r["negated"] = bool(r["negated"])
                evidence.setdefault(r.pop("edge"), []).append(r)
        by_mode: dict[tuple[str, bool], list[dict]] = defaultdict(list)
        gone = []
        for edge in sorted(edges):
            s, rel, o = json.loads(edge)
            evs = evidence.get(edge)
            if not evs:
                gone.append({"s": s, "o": o, "edge": edge})
                continue
            props = link_props(edge, rel, evs, symmetric=rel in self.symmetric)
            new = old_edges is not None and edge not in old_edges and edge in only_fresh
            rtype = self._rel_type(rel)
            # one statement for all types where the server takes the type as a parameter
            by_mode[("" if self._dynamic_types else rtype, new)].append(
                {"s": s, "o": o, "edge": edge, "type": rtype, "props": props}
            )
        if gone:
            for part in iter_batches(gone, 10000):
                tx.run(Q_DELETE_EDGES, rows=part).consume()
        for (rtype, new), rows in sorted(by_mode.items()):
            if new:
                query = _create_props(Q_CREATE_EDGES, rows[0]["props"], "row.props")
            else:
                query = Q_MERGE_EDGES
            # {TYPE}: a vocabulary type that matched ^[A-Z][A-Z0-9_]*$ (never data), or the
            # dynamic type expression, whose value is such a type passed as a parameter
            query = query.replace("{TYPE}", rtype or "$(row.type)")
            for part in iter_batches(rows, 10000):
                tx.run(query, rows=part).consume()

    def _tx_reresolve(self, tx, blocks: list[str] | None) -> None:
        overrides = _overrides_from_json(
            tx.run(
                "OPTIONAL MATCH (m:GraphkitMeta {id: 'store'}) RETURN m.overrides AS o"
            ).single()["o"]
        )
        if blocks is None:
            blocks = [r["b"] for r in _rows(tx.run("MATCH (l:Local) RETURN DISTINCT l.block AS b"))]
        affected: set[str] = set()
        for part in iter_batches(sorted(blocks), 5000):
            affected.update(
                r["key"] for r in _rows(tx.run(Q_KEYS_OF_BLOCKS, blocks=part)) if r["key"]
            )
        key_of = self._resolve_blocks(tx, set(blocks), overrides, affected)
        edges: set[str] = set()
        if key_of:
            edges = self._rekey_evidence(tx, key_of, list(key_of))
        self._refresh_entities(tx, affected)
        self._refresh_edges(tx, edges)
        tx.run(Q_BUMP).consume()

    # -- reads -------------------------------------------------------------------------------
    @property
    def generation(self) -> int:
        rows = self._read(
            "OPTIONAL MATCH (m:GraphkitMeta {id: 'store'}) RETURN m.generation AS g",
            "reading the store generation",
        )
        return int(rows[0]["g"] or 0) if rows else 0

    def ingested(
        self, doc_ids: Iterable[str] | None = None, *, status: str = "ingested"
    ) -> set[str]:
        if doc_ids is None:
            rows = self._read(
                "MATCH (a:Article {status: $status}) RETURN a.doc_id AS doc_id",
                "reading the ledger",
                status=status,
            )
            return {r["doc_id"] for r in rows}
        out: set[str] = set()
        for part in iter_batches(doc_ids, 5000):
            rows = self._read(Q_INGESTED, "reading the ledger", docs=part, status=status)
            out.update(r["doc_id"] for r in rows)
        return out

    def articles(self) -> list[dict]:
        rows = self._read(
            "MATCH (a:Article) RETURN a.doc_id AS doc_id, a.path AS path,"
            " a.external_id AS external_id, a.title AS title, a.url AS url,"
            " a.publisher AS publisher, a.published AS published, a.lang AS lang,"
            " a.extractor AS extractor, a.status AS status, coalesce(a.n_triples, 0) AS n_triples,"
            " coalesce(a.grp, a.doc_id) AS grp ORDER BY doc_id",
            "reading articles",
        )
        return rows

    def groups(self, *, min_size: int = 2) -> list[dict]:
        """Independent-source groups with at least ``min_size`` articles (as the embedded store)."""
        by_group: dict[str, list[dict]] = defaultdict(list)
        for r in self._read(
            "MATCH (a:Article {status: 'ingested'})"
            " RETURN a.doc_id AS doc_id, a.path AS path, a.title AS title,"
            " a.published AS published, coalesce(a.grp, a.doc_id) AS grp ORDER BY doc_id",
            "reading article groups",
        ):
            by_group[r.pop("grp")].append(r)
        sims = {
            (r["a"], r["b"]): r["similarity"]
            for r in self._read(
                "MATCH (a:Article)-[r:NEAR_DUP]->(b:Article)"
                " RETURN a.doc_id AS a, b.doc_id AS b, r.similarity AS similarity",
                "reading near-duplicates",
            )
        }
        return dedup.group_summaries(by_group, sims, min_size)

    def doc_edges(self, doc_id: str) -> set[tuple[str, str, str]]:
        """The links (subject key, relation, object key) an ingested article has evidence for."""
        rows = self._read(
            "MATCH (a:Article {doc_id: $doc, status: 'ingested'})"
            " MATCH (ev:Evidence {doc_id: $doc}) WHERE ev.edge IS NOT NULL"
            " RETURN DISTINCT ev.edge AS edge",
            "reading an article's links",
            doc=doc_id,
        )
        return {tuple(json.loads(r["edge"])) for r in rows}  # type: ignore[misc]

    def set_extractor(self, doc_ids: Iterable[str], extractor: str) -> int:
        """Record another extractor for articles (and their evidence); for tests and repairs."""
        ids = list(dict.fromkeys(doc_ids))

        def work(tx):
            n = tx.run(
                # the digest goes too: a re-load by the real extractor must rewrite the article
                "UNWIND $docs AS doc MATCH (a:Article {doc_id: doc})"
                " SET a.extractor = $x, a.digest = null RETURN count(a) AS n",
                docs=ids,
                x=extractor,
            ).single()["n"]
            tx.run(
                "UNWIND $docs AS doc MATCH (ev:Evidence {doc_id: doc}) SET ev.extractor = $x",
                docs=ids,
                x=extractor,
            ).consume()
            tx.run(Q_BUMP).consume()
            return n

        return self._write(work, "recording the extractor")

    def entities(self) -> list[dict]:
        rows = self._read(Q_ENTITIES_ALL, "reading entities")
        for r in rows:
            r["aliases"] = list(r["aliases"] or [])
        return rows

    def evidence_rows(self) -> list[dict]:
        """Evidence of ingested articles with keys and article metadata (as the embedded store)."""
        return self._read(Q_EVIDENCE_ALL, "reading evidence")

    def graph(self) -> nx.MultiDiGraph:
        """The store as a :class:`networkx.MultiDiGraph`, pulled from Neo4j (cached per generation)."""
        gen = self.generation
        if self._graph_cache is not None and self._graph_cache[0] == gen:
            return self._graph_cache[1]
        G = build_graph(self.entities(), self.evidence_rows(), self.symmetric)
        G.graph.update({"store": self.display_uri, "generation": gen, "backend": "neo4j"})
        self._graph_cache = (gen, G)
        return G

    def edges(self) -> list[dict]:
        """Links as stored in Neo4j (relationship properties), each with its evidence list.

        Same shape as the embedded store's ``edges()``; the aggregates are read from the
        relationships, not recomputed, so parity tests check what Neo4j holds.
        """
        G = self.graph()
        out = []
        for r in self._read(Q_RELATIONSHIPS_ALL, "reading links"):
            p = dict(r["props"])
            rel = p.pop("relation")
            data = G.get_edge_data(r["source"], r["target"], rel) or {}
            for k in ("edge", "evidence_count", "first_sentence", "first_doc_id"):
                p.pop(k, None)
            p.setdefault("first_seen", None)
            p.setdefault("last_seen", None)
            p["predicates"] = list(p.get("predicates") or [])
            p["denied_by"] = list(p.get("denied_by") or [])
            out.append(
                {
                    "source": r["source"],
                    "relation": rel,
                    "target": r["target"],
                    **p,
                    "evidence": data.get("evidence", []),
                }
            )
        out.sort(key=lambda e: (e["source"], e["relation"], e["target"]))
        return out

    def stats(self) -> dict:
        counts = self._read(
            """
            CALL { MATCH (a:Article {status: 'ingested'}) RETURN count(a) AS articles }
            CALL { MATCH (a:Article {status: 'removed'}) RETURN count(a) AS removed }
            CALL { MATCH (ev:Evidence) RETURN count(ev) AS evidence }
            CALL { MATCH (f:Failure) RETURN count(f) AS failures }
            RETURN articles, removed, evidence, failures
            """,
            "counting",
        )[0]
        by_type = {
            r["type"]: r["n"]
            for r in self._read(
                "MATCH (e:Entity) RETURN e.type AS type, count(*) AS n ORDER BY type", "counting"
            )
        }
        by_rel = {
            r["relation"]: r["n"]
            for r in self._read(
                "MATCH (:Entity)-[r]->(:Entity) RETURN r.relation AS relation, count(*) AS n"
                " ORDER BY relation",
                "counting",
            )
        }
        return {
            "store": self.display_uri + (f" ({self.database})" if self.database else ""),
            "backend": "neo4j",
            "generation": self.generation,
            "articles": counts["articles"],
            "removed_articles": counts["removed"],
            "entities": sum(by_type.values()),
            "entities_by_type": by_type,
            "edges": sum(by_rel.values()),
            "edges_by_relation": by_rel,
            "evidence": counts["evidence"],
            "failures": counts["failures"],
        }

    # -- stock queries -----------------------------------------------------------------------
    def run_query(self, name: str, /, **params) -> list[dict]:
        """Run stock query ``name``; the rows are those of its NetworkX twin on the same data.

        neighbors, path, common, evidence, new, contested and entity run natively: the Cypher
        in ``queries/NAME.cypher`` looks the entities up and selects the links the answer is
        made of (index seeks, traversal, ``allShortestPaths``); those links are pulled with all
        their evidence into a small graph built exactly like the full one
        (:func:`graphkit.store.graph.build_graph`), and the twin shapes and orders the rows.
        The graph-only analytics (central, communities, search) run the twin over
        :meth:`graph`, pulled from Neo4j.
        """
        from graphkit import queries as q

        spec, params = q.prepare(name, params)
        select = getattr(self, f"_select_{name}", None)
        if select is None or spec.graph_only:
            args = [params.pop(p.name) for p in spec.params if p.required]
            return spec.func(self.graph(), *args, **params)
        with self._guard(f"running query {name!r}"):
            H, params = select(**params)
        args = [params.pop(p.name) for p in spec.params if p.required]
        return spec.func(H, *args, **params)

    def _cypher(self, name: str, part: str = "main") -> str:
        """The statement ``part`` of ``queries/NAME.cypher`` (parts start at ``// @part NAME``)."""
        from graphkit import queries as q

        parts: dict[str, list[str]] = {"main": []}
        current = "main"
        for line in q.query_text(name).splitlines():
            m = re.match(r"^//\s*@part\s+(\w+)\s*$", line)
            if m:
                current = m.group(1)
                parts[current] = []
            else:
                parts[current].append(line)
        if part not in parts:
            raise QueryError(f"queries/{name}.cypher has no part {part!r}")
        return "\n".join(parts[part])

    def _q(self, query: str, **params) -> list[dict]:
        with self._session(read=True) as session:
            return session.execute_read(lambda tx: tx.run(query, params).data())

    def _edges_of(self, name: str, part: str = "main", **params) -> set[str]:
        return {r["edge"] for r in self._q(self._cypher(name, part), **params) if r["edge"]}

    def subgraph(self, edges: Iterable[str], keys: Iterable[str] = ()) -> nx.MultiDiGraph:
        """The links ``edges`` (link ids) with all their evidence, their end entities and the
        entities ``keys``, as a MultiDiGraph built exactly like :meth:`graph`."""
        edges = sorted(set(edges))
        rows: list[dict] = []
        for part in iter_batches(edges, 5000):
            rows += self._q(Q_EVIDENCE_OF_EDGES, edges=part)
        wanted = set(keys)
        for r in rows:
            wanted.update((r["subj_key"], r["obj_key"]))
        ents: list[dict] = []
        for part in iter_batches(sorted(wanted), 5000):
            ents += self._q(Q_ENTITIES_OF_KEYS, keys=part)
        for e in ents:
            e["aliases"] = list(e["aliases"] or [])
        G = build_graph(ents, rows, self.symmetric)
        G.graph.update({"store": self.display_uri, "backend": "neo4j", "subgraph": True})
        return G

    def find_entity(self, name: str) -> str:
        """The key of the entity called ``name`` (key, name or alias, case-insensitive).

        Same answer and same errors (ambiguity, suggestions) as graphkit.queries.find_entity
        over the whole graph: candidates are looked up in Neo4j and judged by that function.
        """
        from graphkit import queries as q

        if not isinstance(name, str) or not name.strip():
            raise QueryError("an entity name is needed")
        from neo4j.exceptions import ClientError

        folded = name.strip().casefold()
        phrase = '"' + folded.replace("\\", "\\\\").replace('"', '\\"') + '"'
        try:
            rows = self._q(Q_LOOKUP, name=name, folded=folded, phrase=phrase)
        except ClientError:  # no look-up index (older schema): scan
            rows = self._q(Q_LOOKUP_SCAN, name=name, folded=folded)
        if not rows:  # unknown: suggestions need every name
            rows = self._q(Q_NAMES)
        G = nx.MultiDiGraph()
        for r in rows:
            G.add_node(r["key"], name=r["name"], type=r["type"], aliases=r["aliases"] or [])
        return q.find_entity(G, name)

    @staticmethod
    def _rel(relation: str | None) -> str | None:
        return relation.upper() if relation else None

    def _select_neighbors(self, name: str, **params):
        from graphkit import queries as q

        direction = params.get("direction", "both")
        q._check_choice("direction", direction, ("out", "in", "both"))
        key = self.find_entity(name)
        edges = self._edges_of(
            "neighbors", key=key, relation=self._rel(params.get("relation")), direction=direction
        )
        return self.subgraph(edges, [key]), {"name": key, **params}

    def _select_path(self, source: str, target: str, **params):
        from graphkit import queries as q

        max_hops = q._check_positive("max_hops", params.get("max_hops", 6))
        a, b = self.find_entity(source), self.find_entity(target)
        edges: set[str] = set()
        if a != b:
            query = self._cypher("path").replace("__MAX_HOPS__", str(int(max_hops)))
            pairs = {
                tuple(sorted(pair))
                for r in self._q(query, source=a, target=b)
                for pair in zip(r["keys"], r["keys"][1:])
            }
            if pairs:
                edges = self._edges_of("path", "hops", pairs=[list(p) for p in sorted(pairs)])
        return self.subgraph(edges, [a, b]), {"source": a, "target": b, **params}

    def _select_common(self, names: list[str], **params):
        keys = [self.find_entity(n) for n in ([names] if isinstance(names, str) else names)]
        edges = set()
        if len(keys) >= 2 and len(set(keys)) == len(keys):
            edges = self._edges_of("common", keys=keys, relation=self._rel(params.get("relation")))
        return self.subgraph(edges, keys), {"names": keys, **params}

    def _select_evidence(self, a: str, b: str, **params):
        ka, kb = self.find_entity(a), self.find_entity(b)
        edges = set()
        if ka != kb:
            edges = self._edges_of(
                "evidence", a=ka, b=kb, relation=self._rel(params.get("relation"))
            )
        return self.subgraph(edges, [ka, kb]), {"a": ka, "b": kb, **params}

    def _select_new(self, since: str, **params):
        from graphkit import queries as q

        since_ok = q._check_date("--since", since)
        until = params.get("until")
        until_ok = q._check_date("--until", until) if until else None
        edges = self._edges_of(
            "new", since=since_ok, until=until_ok, relation=self._rel(params.get("relation"))
        )
        return self.subgraph(edges), {"since": since, **params}

    def _select_contested(self, **params):
        name = params.get("name")
        key = self.find_entity(name) if name else None
        edges = self._edges_of("contested", key=key, relation=self._rel(params.get("relation")))
        if key is not None:
            params["name"] = key
        return self.subgraph(edges, [key] if key else []), params

    def _select_entity(self, name: str, **params):
        key = self.find_entity(name)
        return self.subgraph(self._edges_of("entity", key=key), [key]), {"name": key, **params}


# --------------------------------------------------------------------------------------------
# overrides stored as JSON on the meta node


def local_node_rows(rec: DocRecord) -> list[dict]:
    """The (:Local) rows of one article, as the online loader and the bulk import write them."""
    return [
        {
            "id": _jid(rec.doc_id, etype, local),
            "doc_id": rec.doc_id,
            "type": etype,
            "local": local,
            "name": ent["name"],
            "aliases": list(ent["aliases"]),
            "block": ent["block"],
            "key": None,
            "mentions": n,
        }
        for (etype, local), ent, n in rec.local_rows()
    ]


def evidence_node_row(
    rec: DocRecord, seq: int, row: dict, key_of: dict[str, str], symmetric: frozenset[str]
) -> dict:
    """The (:Evidence) row of one evidence item, as the online loader and the bulk import write it.

    ``key_of`` maps local-entity ids to their resolved keys; ``edge`` is the id of the typed
    link the evidence supports (None for a self-link after a merge).
    """
    subj_lid = _jid(rec.doc_id, row["subj_type"], row["subj_local"])
    obj_lid = _jid(rec.doc_id, row["obj_type"], row["obj_local"])
    s, o = key_of[subj_lid], key_of[obj_lid]
    ev = {k: row.get(k) for k in EVIDENCE_FIELDS}
    ev.update(
        id=_jid(
            rec.doc_id,
            row["subj_type"],
            row["subj_local"],
            row["relation"],
            row["obj_type"],
            row["obj_local"],
            row["char_start"],
            row["predicate"],
        ),
        doc_id=rec.doc_id,
        seq=seq,
        relation=row["relation"],
        negated=bool(row["negated"]),
        subj_type=row["subj_type"],
        subj_local=row["subj_local"],
        obj_type=row["obj_type"],
        obj_local=row["obj_local"],
        subj_lid=subj_lid,
        obj_lid=obj_lid,
        subject=rec.locals[(row["subj_type"], row["subj_local"])]["name"],
        object=rec.locals[(row["obj_type"], row["obj_local"])]["name"],
        subj_key=s,
        obj_key=o,
        edge=_edge_of(s, row["relation"], o, symmetric),
    )
    return ev


def link_props(edge: str, relation: str, evs: list[dict], *, symmetric: bool) -> dict:
    """Properties of one link's typed relationship: its aggregates over the evidence rows.

    The figures of :func:`graphkit.store.graph.edge_attrs` (weight, dates, flags …) plus the
    link's own id, relation, evidence count and first sentence. Shared by the loader and the
    bulk-import export, so an imported graph carries the same properties.
    """
    attrs = edge_attrs(evs)
    first = attrs["evidence"][0]
    props = {k: v for k, v in attrs.items() if k != "evidence"}
    props.update(
        edge=edge,
        relation=relation,
        symmetric=symmetric,
        evidence_count=len(evs),
        first_sentence=first["sentence"],
        first_doc_id=first["doc_id"],
    )
    return props


def _overrides_to_json(ov: Overrides) -> str:
    return json.dumps(
        {
            "merges": dict(sorted(ov.merges.items())),
            # (key, doc_id, new key): a split over several articles is one new entity
            "splits": [[k, d, new] for (k, d), new in sorted(ov.splits.items())],
        },
        ensure_ascii=False,
    )


def _overrides_from_json(text: str | None) -> Overrides:
    if not text:
        return Overrides()
    data = json.loads(text)
    return Overrides(
        merges=dict(data.get("merges", {})),
        splits=[tuple(item) for item in data.get("splits", [])],
    )


# --------------------------------------------------------------------------------------------
# pushing an embedded store into Neo4j


@dataclass
class SyncReport(LoadReport):
    """LoadReport plus the number of retracted articles propagated."""

    removed: int = 0

    def to_dict(self) -> dict:
        return {**super().to_dict(), "removed": self.removed}


def sync(
    source,
    target: Store,
    *,
    batch_size: int = 500,
    progress: Callable[[int], None] | None = None,
) -> SyncReport:
    """Push an embedded store into another backend (Neo4j): its overrides, every ingested
    article's record (replacing what the target had for it) and its retractions.

    Idempotent: syncing twice leaves the target unchanged. Articles the target has but the
    source does not know are left alone.
    """
    report = SyncReport()
    if hasattr(target, "set_overrides"):
        target.set_overrides(source.overrides(), reresolve=False)
    records: Iterator[DocRecord] = source.iter_records()
    text_of = getattr(source, "article_text", None)
    for batch in iter_batches(records, batch_size):
        if text_of is not None:  # the text gives the target the signatures for grouping
            for rec in batch:
                if rec.text is None:
                    rec.text = text_of(rec.doc_id)
        res = (
            target.load(batch, batch_size=batch_size)
            if isinstance(target, Neo4jStore)
            else target.load(batch)
        )
        report.loaded += res.loaded
        report.triples += res.triples
        if progress is not None:
            progress(res.loaded)
    removed = sorted(source.ingested(status="removed"))
    if removed:
        if isinstance(target, Neo4jStore):
            report.removed = target.remove(removed, record_unknown=True)
        else:
            report.removed = target.remove(removed)
    if hasattr(target, "reresolve") and source.overrides().lines():
        target.reresolve()
    return report
