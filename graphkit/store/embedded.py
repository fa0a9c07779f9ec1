"""The embedded default store: SQLite (WAL) on disk as the store of record, NetworkX as the engine.

Layout of ``--store DIR``::

    DIR/graphkit.sqlite      articles (the ledger), article-local entities, evidence, entities,
                             MinHash signatures + LSH bands + near-duplicate pairs (groups)
    DIR/overrides.tsv        curation decisions (merge/split), plain text for review in git
    DIR/cache/index-N/       the query index of store generation N (:mod:`graphkit.store.snapshot`:
                             CSR arrays + per-link aggregates; rebuilt when the store changes)

Every write is one transaction: a crash or SIGKILL loses at most the batch in flight, and the
store stays readable. Loading an article replaces whatever that article contributed before, so
loads are idempotent. Global entity keys live only on the article-local entities
(``locals.key``) and are recomputed per resolution block (:mod:`graphkit.resolve`) whenever a
block changes, which makes the final graph independent of arrival order.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from graphkit import dedup
from graphkit.errors import StoreError
from graphkit.store.base import (
    DocRecord,
    LoadReport,
    Store,
    dumps,
    entity_name,
    symmetric_types,
)
from graphkit.store.graph import edges_as_dicts, group_edges
from graphkit.store.snapshot import LazyEvidence, StaleIndex  # noqa: F401 (LazyEvidence: API)

if TYPE_CHECKING:  # resolution imports spaCy: imported where the write path needs it
    from graphkit.resolve import Overrides

SCHEMA_VERSION = 3  # 2: near-duplicate signatures (signatures, lsh_bands, near_dups)
# 3: locals.mentions (evidence rows per local entity) for set-based entity refreshes
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
  mentions INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (doc_id, type, local)
);
CREATE INDEX IF NOT EXISTS locals_block ON locals(block, type, name);
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
CREATE TABLE IF NOT EXISTS signatures (doc_id TEXT PRIMARY KEY, minhash BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS lsh_bands (
  band_key INTEGER NOT NULL, doc_id TEXT NOT NULL, PRIMARY KEY (band_key, doc_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS lsh_bands_doc ON lsh_bands(doc_id);
CREATE TABLE IF NOT EXISTS near_dups (
  a TEXT NOT NULL, b TEXT NOT NULL, similarity REAL NOT NULL, PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS near_dups_b ON near_dups(b);
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
    """SQLite store of record under ``path``; queries run over its index (:meth:`index`), and
    :meth:`graph` gives the NetworkX view.

    Parameters
    ----------
    path : directory of the store (created when ``create`` is true).
    create : create the store if missing; otherwise a missing store raises StoreError.
    overrides_path : the curation file. Given once, it is remembered in the store (so later
        ingests apply it without the option); default ``path/overrides.tsv``.
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
        self.keep_text = keep_text
        self._dropped_keys: set[str] = set()
        self._regroup_docs: set[str] = set()
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
                self._set_meta("dedup", dedup.params())
            elif int(version) < 3:
                self._migrate_mentions()
            elif int(version) > SCHEMA_VERSION:
                raise StoreError(
                    f"store {self.path} has schema {version}; this graphkit reads up to {SCHEMA_VERSION}"
                )
            if overrides_path:
                self.overrides_path = Path(overrides_path).resolve()
                if self._meta("overrides_path") != str(self.overrides_path):
                    self._set_meta("overrides_path", str(self.overrides_path))
            else:
                remembered = self._meta("overrides_path")
                self.overrides_path = (
                    Path(remembered) if remembered else self.path / "overrides.tsv"
                )
            if self._meta("dedup") != dedup.params():
                try:
                    self._rebuild_signatures()
                except StoreError:
                    pass  # a read-only store still answers queries with the groups it has
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc

    def _migrate_mentions(self) -> None:
        """Schema 3: add locals.mentions to an older store and fill it from the evidence."""
        cols = {r[1] for r in self.conn.execute("PRAGMA table_info(locals)")}
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            if "mentions" not in cols:
                c.execute("ALTER TABLE locals ADD COLUMN mentions INTEGER NOT NULL DEFAULT 0")
            c.execute(
                "UPDATE locals SET mentions = (SELECT COUNT(*) FROM evidence e WHERE e.doc_id ="
                " locals.doc_id AND ((e.subj_type = locals.type AND e.subj_local = locals.local)"
                " OR (e.obj_type = locals.type AND e.obj_local = locals.local)))"
            )
            self._set_meta("schema_version", str(SCHEMA_VERSION))
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

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
        """The curation decisions currently in the overrides file."""
        from graphkit.resolve import Overrides

        return Overrides.load(self.overrides_path)

    def _overrides_digest(self) -> str:
        try:
            return hashlib.sha256(self.overrides_path.read_bytes()).hexdigest()
        except FileNotFoundError:
            return ""
        except OSError as exc:
            raise StoreError(f"cannot read {self.overrides_path}: {exc.strerror or exc}") from exc

    def _transaction(self, work) -> None:
        """Run ``work()`` in one write transaction (rolled back on any error)."""
        c = self.conn
        try:
            c.execute("BEGIN IMMEDIATE")
            work()
            self._bump()
            c.execute("COMMIT")
        except BaseException as exc:
            if c.in_transaction:
                c.execute("ROLLBACK")
            self._dropped_keys.clear()
            self._regroup_docs.clear()
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"writing to {self.path} failed: {exc}") from exc
            raise

    def _all_blocks(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT DISTINCT block FROM locals")}

    def _with_override_changes(self, touched: set[str]) -> set[str]:
        """All blocks when the overrides file changed since the last resolution (hand edits)."""
        digest = self._overrides_digest()
        if digest != (self._meta("overrides_digest") or ""):
            self._set_meta("overrides_digest", digest)
            return touched | self._all_blocks()
        return touched

    # -- writes ----------------------------------------------------------------------------
    def load(self, records: Iterable[DocRecord], *, replace: bool = True) -> LoadReport:
        """Write articles' local entities and evidence in one transaction; re-resolve blocks.

        With ``replace`` (the default) an article already in the store is replaced by the new
        record (idempotent re-loads); without it, articles in the ledger are skipped. Near-
        duplicate groups (:mod:`graphkit.dedup`) are updated for the articles written.
        """
        report = LoadReport()
        records = list(records)
        if not records:
            return report
        c = self.conn

        def work() -> None:
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
                    " VALUES (?,?,?,?,?,?,?,?,?,'ingested',?,?,?,?)",
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
                    "INSERT INTO locals(doc_id, type, local, name, aliases, block, mentions)"
                    " VALUES (?,?,?,?,?,?,?)",
                    [
                        (rec.doc_id, t, loc, e["name"], dumps(e["aliases"]), e["block"], n)
                        for (t, loc), e, n in rec.local_rows()
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
                self._index_signature(rec.doc_id, dedup.signature(rec.text))
                touched.update(e["block"] for e in rec.locals.values())
                report.loaded += 1
                report.triples += len(rec.rows)
            self._resolve_blocks(self._with_override_changes(touched))
            self._regroup()

        self._transaction(work)
        return report

    def _delete_doc(self, doc_id: str) -> set[str]:
        """Delete an article's locals, evidence and signature; return its blocks.

        Its keys are remembered for the entity refresh, its near-duplicates for regrouping.
        """
        c = self.conn
        rows = c.execute("SELECT block, key FROM locals WHERE doc_id = ?", (doc_id,)).fetchall()
        blocks = {r[0] for r in rows}
        self._dropped_keys.update(r[1] for r in rows if r[1] is not None)
        c.execute("DELETE FROM evidence WHERE doc_id = ?", (doc_id,))
        c.execute("DELETE FROM locals WHERE doc_id = ?", (doc_id,))
        self._regroup_docs.update(
            r[0]
            for r in c.execute(
                "SELECT b FROM near_dups WHERE a = ? UNION SELECT a FROM near_dups WHERE b = ?",
                (doc_id, doc_id),
            )
        )
        c.execute("DELETE FROM near_dups WHERE a = ? OR b = ?", (doc_id, doc_id))
        c.execute("DELETE FROM lsh_bands WHERE doc_id = ?", (doc_id,))
        c.execute("DELETE FROM signatures WHERE doc_id = ?", (doc_id,))
        return blocks

    def _index_signature(self, doc_id: str, sig: bytes | None) -> None:
        """Store an article's MinHash signature and LSH bands; record its near-duplicates."""
        self._regroup_docs.add(doc_id)
        if sig is None:
            return
        c = self.conn
        keys = dedup.band_keys(sig)
        c.execute("INSERT OR REPLACE INTO signatures(doc_id, minhash) VALUES (?, ?)", (doc_id, sig))
        c.executemany(
            "INSERT OR IGNORE INTO lsh_bands(band_key, doc_id) VALUES (?, ?)",
            [(k, doc_id) for k in keys],
        )
        cands = c.execute(
            "SELECT DISTINCT s.doc_id, s.minhash FROM lsh_bands l"
            " JOIN signatures s ON s.doc_id = l.doc_id"
            " JOIN articles a ON a.doc_id = l.doc_id AND a.status = 'ingested'"
            f" WHERE l.band_key IN ({','.join('?' * len(keys))}) AND l.doc_id != ?",
            [*keys, doc_id],
        ).fetchall()
        for other, osig in cands:
            sim = dedup.similarity(sig, osig)
            if sim >= dedup.THRESHOLD:
                a, b = sorted((doc_id, other))
                c.execute(
                    "INSERT OR REPLACE INTO near_dups(a, b, similarity) VALUES (?, ?, ?)",
                    (a, b, sim),
                )

    def _regroup(self) -> None:
        """Recompute the near-duplicate groups of the articles touched in this transaction."""
        c = self.conn
        seeds, self._regroup_docs = self._regroup_docs, set()
        done: set[str] = set()
        for seed in sorted(seeds):
            if seed in done:
                continue
            comp, frontier = {seed}, [seed]
            while frontier:
                x = frontier.pop()
                for (y,) in c.execute(
                    "SELECT b FROM near_dups WHERE a = ? UNION SELECT a FROM near_dups WHERE b = ?",
                    (x, x),
                ):
                    if y not in comp:
                        comp.add(y)
                        frontier.append(y)
            group = min(comp)
            c.executemany(
                "UPDATE articles SET grp = ? WHERE doc_id = ?", [(group, d) for d in sorted(comp)]
            )
            done |= comp

    def _rebuild_signatures(self) -> None:
        """(Re)compute every signature from the stored texts (new store format or settings)."""
        c = self.conn

        def work() -> None:
            c.execute("DELETE FROM near_dups")
            c.execute("DELETE FROM lsh_bands")
            c.execute("DELETE FROM signatures")
            c.execute("UPDATE articles SET grp = doc_id")
            for doc_id, text in c.execute(
                "SELECT doc_id, text FROM articles WHERE status = 'ingested' AND text IS NOT NULL"
                " ORDER BY doc_id"
            ).fetchall():
                self._index_signature(doc_id, dedup.signature(text))
            self._regroup()
            self._set_meta("dedup", dedup.params())
            if int(self._meta("schema_version") or 0) < SCHEMA_VERSION:
                self._set_meta("schema_version", str(SCHEMA_VERSION))

        self._transaction(work)

    def remove(self, doc_ids: Iterable[str]) -> int:
        """Retract articles: their evidence goes, entities/edges left without evidence vanish.

        The ledger keeps them as ``removed`` so a later ingest can skip them. Returns how many
        articles were retracted (unknown or already removed ids are ignored).
        """
        c = self.conn
        n = 0

        def work() -> None:
            nonlocal n
            touched: set[str] = set()
            for doc_id in dict.fromkeys(doc_ids):
                row = c.execute(
                    "SELECT status FROM articles WHERE doc_id = ?", (doc_id,)
                ).fetchone()
                if row is None or row[0] == "removed":
                    continue
                touched.update(self._delete_doc(doc_id))
                c.execute(
                    "UPDATE articles SET status = 'removed', n_triples = 0, grp = doc_id"
                    " WHERE doc_id = ?",
                    (doc_id,),
                )
                n += 1
            self._resolve_blocks(self._with_override_changes(touched))
            self._regroup()

        self._transaction(work)
        return n

    def reresolve(
        self, blocks: Iterable[str] | None = None, *, keys: Iterable[str] | None = None
    ) -> None:
        """Re-run resolution after the overrides file changed.

        ``keys``: the blocks holding the local entities now under these entity keys (what a
        merge or split of those entities needs); ``blocks``: these blocks; neither: all.
        """
        c = self.conn

        def work() -> None:
            todo: set[str] = set(blocks or ())
            if keys is not None:
                ks = sorted(set(keys))
                for i in range(0, len(ks), 500):
                    part = ks[i : i + 500]
                    todo.update(
                        r[0]
                        for r in c.execute(
                            f"SELECT DISTINCT block FROM locals WHERE key IN ({','.join('?' * len(part))})",
                            part,
                        )
                    )
            if blocks is None and keys is None:
                todo = self._all_blocks()
            self._set_meta("overrides_digest", self._overrides_digest())
            self._resolve_blocks(todo)

        self._transaction(work)

    def _resolve_blocks(self, blocks: set[str]) -> None:
        """Recompute the keys of the local entities in ``blocks``; refresh changed entities.

        Set-based: keys are computed once per distinct (type, name) of a block
        (:func:`graphkit.resolve.base_keys`) and written with one UPDATE per name, touching only
        rows whose key changes (new rows have none yet); split decisions then pin the rows of
        their articles. Only entities whose membership changed are refreshed.
        """
        if not blocks and not self._dropped_keys:
            return
        from graphkit.resolve import apply_overrides, base_keys

        overrides = self.overrides()
        c = self.conn
        affected: set[str] = set(self._dropped_keys)
        self._dropped_keys.clear()
        split_docs = sorted({doc for _key, doc in overrides.splits})
        blocks_l = sorted(blocks)
        for i in range(0, len(blocks_l), 500):
            part = blocks_l[i : i + 500]
            marks = ",".join("?" * len(part))
            current: dict[tuple[str, str, str], set] = defaultdict(set)
            for r in c.execute(
                f"SELECT DISTINCT block, type, name, key FROM locals WHERE block IN ({marks})",
                part,
            ):
                current[(r[0], r[1], r[2])].add(r[3])
            names: dict[str, list[tuple[str, str]]] = defaultdict(list)
            for block, t, n in current:
                names[block].append((t, n))
            base: dict[tuple[str, str, str], str] = {}
            for block, tn in names.items():
                for (t, n), key in base_keys(tn).items():
                    base[(block, t, n)] = key
            for bkey, key in base.items():
                final = overrides.final(key)
                old = current[bkey] - {final}
                if old:
                    affected.update(k for k in old if k is not None)
                    affected.add(final)
                    c.execute(
                        "UPDATE locals SET key = ? WHERE block = ? AND type = ? AND name = ?"
                        " AND key IS NOT ?",
                        (final, *bkey, final),
                    )
            for j in range(0, len(split_docs), 400):
                docs = split_docs[j : j + 400]
                rows = c.execute(
                    f"SELECT doc_id, type, local, name, key, block FROM locals WHERE block IN ({marks})"
                    f" AND doc_id IN ({','.join('?' * len(docs))})",
                    [*part, *docs],
                ).fetchall()
                for r in rows:
                    key = apply_overrides(
                        base[(r["block"], r["type"], r["name"])], r["doc_id"], overrides
                    )
                    if key != r["key"]:
                        affected.update(k for k in (r["key"], key) if k is not None)
                        c.execute(
                            "UPDATE locals SET key = ? WHERE doc_id = ? AND type = ? AND local = ?",
                            (key, r["doc_id"], r["type"], r["local"]),
                        )
        self._refresh_entities(affected)

    def _refresh_entities(self, keys: set[str]) -> None:
        """Recompute the entity rows of ``keys`` from all their local entities (any block).

        Aggregates run in SQLite, 500 keys per query (names with counts, distinct aliases via
        json_each, article and mention counts), so even a key with 100,000 local entities costs
        a few index scans rather than a Python loop.
        """
        c = self.conn
        ks = sorted(keys)
        for i in range(0, len(ks), 500):
            part = ks[i : i + 500]
            marks = ",".join("?" * len(part))
            names: dict[str, list] = defaultdict(list)
            for r in c.execute(
                f"SELECT key, name, type, COUNT(*) FROM locals WHERE key IN ({marks})"
                " GROUP BY key, name, type",
                part,
            ):
                names[r[0]].append((r[1], r[2], r[3]))
            aliases: dict[str, set[str]] = defaultdict(set)
            for r in c.execute(
                f"SELECT DISTINCT l.key, j.value FROM locals l, json_each(l.aliases) j"
                f" WHERE l.key IN ({marks})",
                part,
            ):
                aliases[r[0]].add(r[1])
            counts = {
                r[0]: (r[1], r[2])
                for r in c.execute(
                    f"SELECT key, COUNT(DISTINCT doc_id), COALESCE(SUM(mentions), 0) FROM locals"
                    f" WHERE key IN ({marks}) GROUP BY key",
                    part,
                )
            }
            gone = [(k,) for k in part if k not in names]
            c.executemany("DELETE FROM entities WHERE key = ?", gone)
            rows = []
            for key, ns in names.items():
                name, als = entity_name(key, ns, aliases[key])
                docs, mentions = counts[key]
                # the type follows the key (a merge across types keeps the surviving entity's type)
                rows.append((key, name, key.split(":", 1)[0], dumps(sorted(als)), docs, mentions))
            c.executemany(
                "INSERT OR REPLACE INTO entities(key, name, type, aliases, articles, mentions)"
                " VALUES (?,?,?,?,?,?)",
                rows,
            )

    def record_failures(self, failures: Iterable[tuple[str, int | None, str, str]]) -> None:
        rows = [(s, line, kind, reason, _now()) for s, line, kind, reason in failures]
        if rows:
            self.conn.executemany(
                "INSERT INTO failures(source, line, kind, reason, at) VALUES (?,?,?,?,?)", rows
            )

    def set_groups(self, groups: dict[str, str]) -> None:
        """Assign independent-source groups by hand (syndicated copies share one group id).

        Groups are otherwise computed at load time from near-duplicate detection; a later load
        or removal touching these articles recomputes their groups.
        """
        c = self.conn

        def work() -> None:
            c.executemany(
                "UPDATE articles SET grp = ? WHERE doc_id = ?", [(g, d) for d, g in groups.items()]
            )

        self._transaction(work)

    def set_extractor(self, doc_ids: Iterable[str], extractor: str) -> int:
        """Record another extractor for articles (and their evidence); for tests and repairs."""
        c = self.conn
        ids = list(doc_ids)
        n = 0

        def work() -> None:
            nonlocal n
            for d in ids:
                n += c.execute(
                    "UPDATE articles SET extractor = ? WHERE doc_id = ?", (extractor, d)
                ).rowcount
                c.execute("UPDATE evidence SET extractor = ? WHERE doc_id = ?", (extractor, d))

        self._transaction(work)
        return n

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

    def groups(self, *, min_size: int = 2) -> list[dict]:
        """Independent-source groups with at least ``min_size`` articles (copies folded)."""
        by_group: dict[str, list[dict]] = defaultdict(list)
        for r in self.conn.execute(
            "SELECT doc_id, path, title, published, COALESCE(grp, doc_id) AS grp FROM articles"
            " WHERE status = 'ingested' ORDER BY doc_id"
        ):
            by_group[r["grp"]].append({k: r[k] for k in ("doc_id", "path", "title", "published")})
        sims = {
            (r[0], r[1]): r[2] for r in self.conn.execute("SELECT a, b, similarity FROM near_dups")
        }
        return dedup.group_summaries(by_group, sims, min_size)

    def entity_locals(self, key: str) -> list[dict]:
        """The article-local entities resolved to ``key``, with their article's metadata."""
        rows = self.conn.execute(
            "SELECT l.doc_id, l.type, l.local, l.name, l.aliases, l.block, a.path, a.title,"
            " a.published FROM locals l JOIN articles a ON a.doc_id = l.doc_id"
            " WHERE l.key = ? ORDER BY a.published, l.doc_id, l.type, l.local",
            (key,),
        ).fetchall()
        return [dict(r, aliases=json.loads(r["aliases"])) for r in rows]

    def doc_edges(self, doc_id: str) -> set[tuple[str, str, str]]:
        """The edges (subject key, relation, object key) an article contributes evidence to."""
        return set(group_edges(self.evidence_rows([doc_id]), self.symmetric))

    def iter_records(self, *, status: str = "ingested") -> Iterator[DocRecord]:
        """The stored articles as DocRecords, as they were loaded (for ``graphkit sync``).

        Yields one record per article with ``status``, in doc_id order; ``meta["grp"]`` is set
        when the article belongs to a group of syndicated copies.
        """
        arts = self.conn.execute(
            "SELECT doc_id, path, external_id, title, url, publisher, published, lang, extractor,"
            " grp FROM articles WHERE status = ? ORDER BY doc_id",
            (status,),
        ).fetchall()
        for a in arts:
            doc_id = a["doc_id"]
            meta = {k: a[k] for k in ("path", "external_id", "title", "url", "publisher")}
            meta.update(published=a["published"], lang=a["lang"], doc_id=doc_id)
            if a["grp"] and a["grp"] != doc_id:
                meta["grp"] = a["grp"]
            locals_ = {
                (r["type"], r["local"]): {
                    "name": r["name"],
                    "aliases": json.loads(r["aliases"]),
                    "block": r["block"],
                }
                for r in self.conn.execute(
                    "SELECT type, local, name, aliases, block FROM locals WHERE doc_id = ?"
                    " ORDER BY type, local",
                    (doc_id,),
                )
            }
            rows = [
                dict(r, negated=bool(r["negated"]))
                for r in self.conn.execute(
                    f"SELECT {', '.join(EVIDENCE_COLUMNS)} FROM evidence WHERE doc_id = ?"
                    " ORDER BY id",
                    (doc_id,),
                )
            ]
            yield DocRecord(doc_id, meta, locals_, rows, a["extractor"] or "", None)

    def entities(self) -> list[dict]:
        rows = self.conn.execute(
            "SELECT key, name, type, aliases, articles, mentions FROM entities ORDER BY key"
        ).fetchall()
        return [dict(r, aliases=json.loads(r["aliases"])) for r in rows]

    def evidence_rows(self, doc_ids: Iterable[str] | None = None) -> list[dict]:
        """Evidence of ingested articles (all, or of ``doc_ids``) with resolved keys and metadata."""
        if doc_ids is None:
            return [dict(r) for r in self.conn.execute(EVIDENCE_SELECT)]
        ids = list(doc_ids)
        out: list[dict] = []
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            out += [
                dict(r)
                for r in self.conn.execute(
                    EVIDENCE_SELECT + f" AND e.doc_id IN ({','.join('?' * len(part))})", part
                )
            ]
        return out

    def index(self):
        """The query index of the current generation (:class:`graphkit.store.index.GraphIndex`).

        Loaded (memory-mapped) from ``cache/index-N`` when present; otherwise built from the
        store in one read transaction and written there (temp directory + rename, so a crash
        never leaves a half-written index in place). A read-only store keeps it in memory.
        """
        from graphkit.store import snapshot
        from graphkit.store.index import GraphIndex

        gen = self.generation
        cached = getattr(self, "_index_cache", None)
        if cached is not None and cached.generation == gen:
            return cached
        cache = self.path / "cache"
        want = sorted(self.symmetric)  # a different vocabulary file makes other links symmetric
        loaded = snapshot.load(cache / f"index-{gen}")
        if loaded is None or loaded[0]["generation"] != gen or loaded[0]["symmetric"] != want:
            try:
                loaded = snapshot.build(self.conn, self.symmetric)
            except sqlite3.Error as exc:
                raise StoreError(f"reading {self.path} failed: {exc}") from exc
            try:
                saved = snapshot.load(snapshot.save(cache, *loaded))
            except OSError:
                saved = None  # a read-only store still answers queries (from memory)
            if saved is not None and saved[0] == loaded[0]:
                loaded = saved  # memory-mapped
        ix = GraphIndex(*loaded, db=str(self.db_path.resolve()), store=str(self.path))
        self._index_cache = ix
        return ix

    def query_view(self):
        """What the stock queries run over: :meth:`index`."""
        return self.index()

    def run_query(self, name: str, /, **params) -> list[dict]:
        """Run stock query ``name`` over the query index (same rows as over :meth:`graph`)."""
        from graphkit import queries as q

        spec, params = q.prepare(name, params)
        args = [params.pop(p.name) for p in spec.params if p.required]
        for attempt in range(3):
            try:
                return spec.func(self.index(), *args, **params)
            except StaleIndex:  # written to by another process meanwhile: use the new index
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def graph(self):
        """The store as a :class:`networkx.MultiDiGraph`, built from the query index.

        Evidence lists are read from SQLite when first used (:class:`LazyEvidence`).
        """
        return self.index().to_networkx()

    def edges(self) -> list[dict]:
        return edges_as_dicts(self.graph())

    def stats(self) -> dict:
        c = self.conn
        ix = self.index()
        by_type: dict[str, int] = defaultdict(int)
        for t in ix.types:
            by_type[t] += 1
        counts = np.bincount(np.asarray(ix.rel), minlength=len(ix.relations)).tolist()
        return {
            "store": str(self.path),
            "backend": "embedded",
            "generation": ix.generation,
            "articles": c.execute(
                "SELECT COUNT(*) FROM articles WHERE status='ingested'"
            ).fetchone()[0],
            "removed_articles": c.execute(
                "SELECT COUNT(*) FROM articles WHERE status='removed'"
            ).fetchone()[0],
            "entities": len(ix),
            "entities_by_type": dict(sorted(by_type.items())),
            "edges": ix.number_of_edges(),
            "edges_by_relation": {r: n for r, n in zip(ix.relations, counts) if n},
            "evidence": c.execute("SELECT COUNT(*) FROM evidence").fetchone()[0],
            "failures": c.execute("SELECT COUNT(*) FROM failures").fetchone()[0],
        }
