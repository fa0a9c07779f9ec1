"""The embedded default store: SQLite (WAL) on disk as the store of record, NetworkX as the engine.

Layout of ``--store DIR``::

    DIR/graphkit.sqlite      articles (the ledger), article-local entities, evidence, entities
    DIR/overrides.tsv        curation decisions (merge/split), plain text for review in git
    DIR/cache/graph-N.pickle the NetworkX snapshot for store generation N (rebuilt on change)

Every write is one transaction: a crash or SIGKILL loses at most the batch in flight, and the
store stays readable. Loading an article replaces whatever that article contributed before, so
loads are idempotent. Global entity keys live only on the article-local entities
(``locals.key``) and are recomputed per resolution block (:mod:`graphkit.resolve`) whenever a
block changes, which makes the final graph independent of arrival order.
"""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

from graphkit.errors import StoreError
from graphkit.resolve import LocalEntity, Overrides, display_name, entity_key, resolve_block
from graphkit.store.base import DocRecord, LoadReport, Store, dumps, symmetric_types
from graphkit.store.graph import build_graph, edges_as_dicts

SCHEMA_VERSION = 1
DB_NAME = "graphkit.sqlite"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
  doc_id TEXT PRIMARY KEY, path TEXT, external_id TEXT, title TEXT, url TEXT, publisher TEXT,
  published TEXT, lang TEXT, extractor TEXT, status TEXT NOT NULL, ingested_at TEXT NOT NULL,
  n_triples INTEGER NOT NULL DEFAULT 0, grp TEXT, text TEXT
);
CREATE TABLE IF NOT EXISTS locals (
  doc_id TEXT NOT NULL, type TEXT NOT NULL, local TEXT NOT NULL, name TEXT NOT NULL,
  aliases TEXT NOT NULL, block TEXT NOT NULL, key TEXT,
  PRIMARY KEY (doc_id, type, local)
);
CREATE INDEX IF NOT EXISTS locals_block ON locals(block);
CREATE INDEX IF NOT EXISTS locals_key ON locals(key);
CREATE TABLE IF NOT EXISTS evidence (
  id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL,
  subj_type TEXT NOT NULL, subj_local TEXT NOT NULL, relation TEXT NOT NULL,
  obj_type TEXT NOT NULL, obj_local TEXT NOT NULL,
  predicate TEXT, sentence TEXT NOT NULL, char_start INTEGER NOT NULL, char_end INTEGER NOT NULL,
  attributed_to TEXT, negated INTEGER NOT NULL DEFAULT 0, denied_by TEXT, confidence REAL,
  extractor TEXT, event_time TEXT, event_date TEXT,
  UNIQUE (doc_id, subj_type, subj_local, relation, obj_type, obj_local, char_start, predicate)
);
CREATE INDEX IF NOT EXISTS evidence_subj ON evidence(doc_id, subj_type, subj_local);
CREATE INDEX IF NOT EXISTS evidence_obj ON evidence(doc_id, obj_type, obj_local);
CREATE TABLE IF NOT EXISTS entities (
  key TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, aliases TEXT NOT NULL,
  articles INTEGER NOT NULL, mentions INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (
  id INTEGER PRIMARY KEY, source TEXT NOT NULL, line INTEGER, kind TEXT, reason TEXT NOT NULL,
  at TEXT NOT NULL
);
"""

EVIDENCE_COLUMNS = (
    "doc_id",
    "subj_type",
    "subj_local",
    "relation",
    "obj_type",
    "obj_local",
    "predicate",
    "sentence",
    "char_start",
    "char_end",
    "attributed_to",
    "negated",
    "denied_by",
    "confidence",
    "extractor",
    "event_time",
    "event_date",
)

EVIDENCE_SELECT = """
SELECT e.doc_id, e.relation, e.predicate, e.sentence, e.char_start, e.char_end,
       e.attributed_to, e.negated, e.denied_by, e.confidence, e.extractor, e.event_time,
       e.event_date, ls.key AS subj_key, lo.key AS obj_key, ls.name AS subject, lo.name AS object,
       a.path, a.title, a.url, a.publisher, a.published, COALESCE(a.grp, a.doc_id) AS "group"
FROM evidence e
JOIN locals ls ON ls.doc_id = e.doc_id AND ls.type = e.subj_type AND ls.local = e.subj_local
JOIN locals lo ON lo.doc_id = e.doc_id AND lo.type = e.obj_type AND lo.local = e.obj_local
JOIN articles a ON a.doc_id = e.doc_id
WHERE a.status = 'ingested'
"""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class EmbeddedStore(Store):
    """SQLite store of record under ``path`` with a NetworkX query view.

    Parameters
    ----------
    path : directory of the store (created when ``create`` is true).
    create : create the store if missing; otherwise a missing store raises StoreError.
    overrides_path : the curation file; default ``path/overrides.tsv``.
    keep_text : keep article text in the store (for ``reextract``); default True.
    """

    backend = "embedded"

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        create: bool = True,
        overrides_path: str | os.PathLike | None = None,
        keep_text: bool = True,
        vocabulary_path: str | None = None,
    ):
        self.path = Path(path)
        self.db_path = self.path / DB_NAME
        if not self.db_path.exists():
            if not create:
                raise StoreError(
                    f"no graphkit store at {self.path} (create one with: graphkit ingest PATH --store {self.path})"
                )
            try:
                self.path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create store directory {self.path}: {exc.strerror or exc}"
                ) from exc
        elif not self.path.is_dir():
            raise StoreError(f"{self.path} is not a directory")
        self.overrides_path = (
            Path(overrides_path) if overrides_path else self.path / "overrides.tsv"
        )
        self.keep_text = keep_text
        self._dropped_keys: set[str] = set()
        self.symmetric = symmetric_types(vocabulary_path)
        try:
            self.conn = sqlite3.connect(self.db_path, isolation_level=None, timeout=30)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.executescript(SCHEMA)
            version = self._meta("schema_version")
            if version is None:
                self._set_meta("schema_version", str(SCHEMA_VERSION))
                self._set_meta("generation", "0")
            elif int(version) > SCHEMA_VERSION:
                raise StoreError(
                    f"store {self.path} has schema {version}; this graphkit reads up to {SCHEMA_VERSION}"
                )
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc

    # -- small helpers -------------------------------------------------------------------
    def _meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    @property
    def generation(self) -> int:
        return int(self._meta("generation") or 0)

    def _bump(self) -> None:
        self.conn.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'"
        )

    def close(self) -> None:
        try:
            self.conn.close()
        except sqlite3.Error:
            pass

    def overrides(self) -> Overrides:
        return Overrides.load(self.overrides_path)

    # -- writes ----------------------------------------------------------------------------
    def load(self, records: Iterable[DocRecord], *, replace: bool = True) -> LoadReport:
        """Write articles' local entities and evidence in one transaction; re-resolve blocks.

        With ``replace`` (the default) an article already in the store is replaced by the new
        record (idempotent re-loads); without it, articles in the ledger are skipped.
        """
        report = LoadReport()
        records = list(records)
        if not records:
            return report
        c = self.conn
        try:
            c.execute("BEGIN IMMEDIATE")
            touched: set[str] = set()
            for rec in records:
                if not replace and self.ingested([rec.doc_id]):
                    report.skipped += 1
                    continue
                touched.update(self._delete_doc(rec.doc_id))
                m = rec.meta
                c.execute(
                    "INSERT OR REPLACE INTO articles(doc_id, path, external_id, title, url, publisher,"
                    " published, lang, extractor, status, ingested_at, n_triples, grp, text)"
                    " VALUES (?,?,?,?,?,?,?,?,?,'ingested',?,?,"
                    " (SELECT grp FROM articles WHERE doc_id = ?), ?)",
                    (
                        rec.doc_id,
                        m.get("path"),
                        m.get("external_id"),
                        m.get("title"),
                        m.get("url"),
                        m.get("publisher"),
                        m.get("published"),
                        m.get("lang"),
                        rec.extractor,
                        _now(),
                        len(rec.rows),
                        rec.doc_id,
                        rec.text if self.keep_text else None,
                    ),
                )
                c.executemany(
                    "INSERT INTO locals(doc_id, type, local, name, aliases, block) VALUES (?,?,?,?,?,?)",
                    [
                        (rec.doc_id, t, loc, e["name"], dumps(e["aliases"]), e["block"])
                        for (t, loc), e in rec.locals.items()
                    ],
                )
                c.executemany(
                    f"INSERT OR REPLACE INTO evidence({', '.join(EVIDENCE_COLUMNS)})"
                    f" VALUES ({', '.join('?' * len(EVIDENCE_COLUMNS))})",
                    [
                        tuple(int(r[k]) if k == "negated" else r[k] for k in EVIDENCE_COLUMNS)
                        for r in rec.rows
                    ],
                )
                touched.update(e["block"] for e in rec.locals.values())
                report.loaded += 1
                report.triples += len(rec.rows)
            self._resolve_blocks(touched)
            self._bump()
            c.execute("COMMIT")
        except BaseException as exc:
            if c.in_transaction:
                c.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"writing to {self.path} failed: {exc}") from exc
            raise
        return report

    def _delete_doc(self, doc_id: str) -> set[str]:
        """Delete an article's locals and evidence; return their blocks (keys are remembered)."""
        rows = self.conn.execute(
            "SELECT block, key FROM locals WHERE doc_id = ?", (doc_id,)
        ).fetchall()
        blocks = {r[0] for r in rows}
        self._dropped_keys.update(r[1] for r in rows if r[1] is not None)
        self.conn.execute("DELETE FROM evidence WHERE doc_id = ?", (doc_id,))
        self.conn.execute("DELETE FROM locals WHERE doc_id = ?", (doc_id,))
        return blocks

    def remove(self, doc_ids: Iterable[str]) -> int:
        """Retract articles: their evidence goes, entities/edges left without evidence vanish.

        The ledger keeps them as ``removed`` so a later ingest can skip them.
        """
        c = self.conn
        n = 0
        try:
            c.execute("BEGIN IMMEDIATE")
            touched: set[str] = set()
            for doc_id in doc_ids:
                row = c.execute(
                    "SELECT status FROM articles WHERE doc_id = ?", (doc_id,)
                ).fetchone()
                if row is None:
                    continue
                touched.update(self._delete_doc(doc_id))
                c.execute(
                    "UPDATE articles SET status = 'removed', n_triples = 0 WHERE doc_id = ?",
                    (doc_id,),
                )
                n += 1
            self._resolve_blocks(touched)
            self._bump()
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise
        return n

    def reresolve(self, blocks: Iterable[str] | None = None) -> None:
        """Re-run resolution (after the overrides file changed); all blocks when None."""
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            if blocks is None:
                blocks = [r[0] for r in c.execute("SELECT DISTINCT block FROM locals")]
            self._resolve_blocks(set(blocks), force=True)
            self._bump()
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def _resolve_blocks(self, blocks: set[str], *, force: bool = False) -> None:
        if not blocks and not self._dropped_keys:
            return
        overrides = self.overrides()
        c = self.conn
        affected: set[str] = set()
        blocks_l = sorted(blocks)
        for i in range(0, len(blocks_l), 500):
            part = blocks_l[i : i + 500]
            rows = c.execute(
                f"SELECT doc_id, type, local, name, key, block FROM locals WHERE block IN ({','.join('?' * len(part))})",
                part,
            ).fetchall()
            by_block: dict[str, list] = defaultdict(list)
            for r in rows:
                by_block[r["block"]].append(r)
            changes = []
            for brows in by_block.values():
                ents = {LocalEntity(r["doc_id"], r["type"], r["name"]): r for r in brows}
                mapping = resolve_block(ents, overrides)
                for ent, key in mapping.items():
                    r = ents[ent]
                    if r["key"] is not None:
                        affected.add(r["key"])
                    affected.add(key)
                    if r["key"] != key or force:
                        changes.append((key, r["doc_id"], r["type"], r["local"]))
            c.executemany(
                "UPDATE locals SET key = ? WHERE doc_id = ? AND type = ? AND local = ?", changes
            )
        affected.update(self._dropped_keys)
        self._dropped_keys.clear()
        self._refresh_entities(affected)

    def _refresh_entities(self, keys: set[str]) -> None:
        c = self.conn
        for key in sorted(keys):
            rows = c.execute(
                "SELECT l.doc_id, l.name, l.type, l.aliases, l.local FROM locals l WHERE l.key = ?",
                (key,),
            ).fetchall()
            if not rows:
                c.execute("DELETE FROM entities WHERE key = ?", (key,))
                continue
            base = key.split("#", 1)[0]
            full = [r["name"] for r in rows if entity_key(r["type"], r["name"]) == base]
            name = display_name(full or [r["name"] for r in rows])
            aliases = set()
            for r in rows:
                aliases.add(r["name"])
                aliases.update(json.loads(r["aliases"]))
            aliases.discard(name)
            docs = {r["doc_id"] for r in rows}
            mentions = 0
            for r in rows:
                mentions += c.execute(
                    "SELECT COUNT(*) FROM evidence WHERE doc_id = ? AND ((subj_type = ? AND subj_local = ?) OR (obj_type = ? AND obj_local = ?))",
                    (r["doc_id"], r["type"], r["local"], r["type"], r["local"]),
                ).fetchone()[0]
            c.execute(
                "INSERT OR REPLACE INTO entities(key, name, type, aliases, articles, mentions) VALUES (?,?,?,?,?,?)",
                (key, name, rows[0]["type"], dumps(sorted(aliases)), len(docs), mentions),
            )

    def record_failures(self, failures: Iterable[tuple[str, int | None, str, str]]) -> None:
        rows = [(s, line, kind, reason, _now()) for s, line, kind, reason in failures]
        if rows:
            self.conn.executemany(
                "INSERT INTO failures(source, line, kind, reason, at) VALUES (?,?,?,?,?)", rows
            )

    def set_groups(self, groups: dict[str, str]) -> None:
        """Assign independent-source groups (syndicated copies share one group id)."""
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        c.executemany(
            "UPDATE articles SET grp = ? WHERE doc_id = ?", [(g, d) for d, g in groups.items()]
        )
        self._bump()
        c.execute("COMMIT")

    # -- reads -----------------------------------------------------------------------------
    def ingested(
        self, doc_ids: Iterable[str] | None = None, *, status: str = "ingested"
    ) -> set[str]:
        if doc_ids is None:
            return {
                r[0]
                for r in self.conn.execute(
                    "SELECT doc_id FROM articles WHERE status = ?", (status,)
                )
            }
        ids = list(doc_ids)
        out: set[str] = set()
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            out.update(
                r[0]
                for r in self.conn.execute(
                    f"SELECT doc_id FROM articles WHERE status = ? AND doc_id IN ({','.join('?' * len(part))})",
                    [status, *part],
                )
            )
        return out

    def articles(self) -> list[dict]:
        rows = self.conn.execute(
            "SELECT doc_id, path, external_id, title, url, publisher, published, lang, extractor, status,"
            " n_triples, COALESCE(grp, doc_id) AS grp FROM articles ORDER BY doc_id"
        ).fetchall()
        return [dict(r) for r in rows]

    def article_text(self, doc_id: str) -> str | None:
        row = self.conn.execute("SELECT text FROM articles WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def entities(self) -> list[dict]:
        rows = self.conn.execute(
            "SELECT key, name, type, aliases, articles, mentions FROM entities ORDER BY key"
        ).fetchall()
        return [dict(r, aliases=json.loads(r["aliases"])) for r in rows]

    def evidence_rows(self) -> list[dict]:
        return [dict(r) for r in self.conn.execute(EVIDENCE_SELECT)]

    def graph(self):
        """The store as a :class:`networkx.MultiDiGraph` (cached per store generation)."""
        gen = self.generation
        cache = self.path / "cache" / f"graph-{gen}.pickle"
        if cache.exists():
            try:
                with open(cache, "rb") as fh:
                    return pickle.load(fh)
            except (OSError, pickle.UnpicklingError, EOFError):
                pass
        G = build_graph(self.entities(), self.evidence_rows(), self.symmetric)
        G.graph.update({"store": str(self.path), "generation": gen, "backend": "embedded"})
        try:
            cache.parent.mkdir(exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(G, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(cache)
            for old in cache.parent.glob("graph-*.pickle"):
                if old != cache:
                    old.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only store still answers queries
        return G

    def edges(self) -> list[dict]:
        return edges_as_dicts(self.graph())

    def stats(self) -> dict:
        c = self.conn
        G = self.graph()
        by_type: dict[str, int] = defaultdict(int)
        for _, d in G.nodes(data=True):
            by_type[d.get("type", "?")] += 1
        by_rel: dict[str, int] = defaultdict(int)
        for _, _, k in G.edges(keys=True):
            by_rel[k] += 1
        return {
            "store": str(self.path),
            "backend": "embedded",
            "generation": self.generation,
            "articles": c.execute(
                "SELECT COUNT(*) FROM articles WHERE status='ingested'"
            ).fetchone()[0],
            "removed_articles": c.execute(
                "SELECT COUNT(*) FROM articles WHERE status='removed'"
            ).fetchone()[0],
            "entities": G.number_of_nodes(),
            "entities_by_type": dict(sorted(by_type.items())),
            "edges": G.number_of_edges(),
            "edges_by_relation": dict(sorted(by_rel.items())),
            "evidence": c.execute("SELECT COUNT(*) FROM evidence").fetchone()[0],
            "failures": c.execute("SELECT COUNT(*) FROM failures").fetchone()[0],
        }
