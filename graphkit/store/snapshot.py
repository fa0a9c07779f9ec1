"""The query index of the embedded store: the graph as flat arrays, quick to load and to scan.

A query on a big store must not rebuild (or unpickle) a Python graph of millions of objects.
Instead, for each store generation N, ``DIR/cache/index-N/`` holds the graph in the form the
stock queries need, written once and memory-mapped by every later process:

``meta.json``
    ``format`` (:data:`FORMAT`), ``generation``, the counts, the symmetric relation types the
    index was built with, and the string tables: ``relations`` and ``types`` (sorted, so ids
    compare like the strings), ``dates`` (every publication date, sorted) and ``strings``
    (predicates, deniers and event dates of the links).
``nodes.json``
    per entity, in key order (entity id = position): ``keys``, ``names``, ``types``,
    ``aliases``, ``articles``, ``mentions``.
``*.npy`` (``numpy.load(..., mmap_mode="r")``)
    nodes: ``name_rank`` (rank of (display name, key): the queries' tie-break order),
    ``node_type``, ``node_order`` (the order :func:`~graphkit.store.graph.build_graph` adds
    nodes in); links, one per (subject, relation, object), sorted by those keys so the links of
    one subject are contiguous: ``src``, ``dst``, ``rel``, ``weight`` (independent sources),
    ``articles``, ``n_evidence``, ``first_seen``/``last_seen`` (ids into ``dates``, -1 for none),
    ``flags`` (1 contested, 2 negated), ``confidence``; ``out_ptr`` (CSR over ``src``),
    ``in_ptr``/``in_edges`` (the same by ``dst``); ``ev_ptr``/``ev_ids`` (the SQLite rowids of
    each link's evidence, in the evidence order); ``predicates_*``, ``denied_by_*``,
    ``event_dates_*`` (``_ptr``/``_ids``: CSR lists of string ids); and the undirected simple
    graph the analytics use (``u_ptr``, ``u_idx``, ``u_w``: distinct neighbours in id order and
    the summed weight of every link between the pair; a symmetric CSR matrix); ``nb_ptr`` /
    ``nb_edge`` / ``nb_dir`` (each entity's links in the order ``neighbors`` lists them, with
    their direction: the query slices instead of sorting); ``label_hash``
    / ``label_node`` (64-bit hashes of every casefolded key, name and alias, sorted, and their
    entity: a name is found by binary search without building a dictionary of all names).

Evidence text stays in SQLite and is read by rowid when a query shows it. The directory is
written under a temporary name and renamed into place, so a crash mid-write never leaves a
half-written index under the final name; a reader that finds one that does not match its
``meta.json`` (or any other format, generation or vocabulary) builds a new one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from graphkit.errors import StoreError
from graphkit.gcpause import GCPaused

FORMAT = 2

#: SQLite rows the index is built from: one per piece of evidence of an ingested article
AGG_SELECT = """
SELECT e.id, e.relation, e.predicate, e.char_start, e.negated, e.denied_by, e.confidence,
       e.event_date, ls.key, lo.key, e.doc_id, a.published, COALESCE(a.grp, a.doc_id)
FROM evidence e
JOIN locals ls ON ls.doc_id = e.doc_id AND ls.type = e.subj_type AND ls.local = e.subj_local
JOIN locals lo ON lo.doc_id = e.doc_id AND lo.type = e.obj_type AND lo.local = e.obj_local
JOIN articles a ON a.doc_id = e.doc_id
WHERE a.status = 'ingested'
"""

ARRAYS = (
    "name_rank",
    "node_type",
    "node_order",
    "src",
    "dst",
    "rel",
    "weight",
    "articles",
    "n_evidence",
    "first_seen",
    "last_seen",
    "flags",
    "confidence",
    "out_ptr",
    "in_ptr",
    "in_edges",
    "ev_ptr",
    "ev_ids",
    "predicates_ptr",
    "predicates_ids",
    "denied_by_ptr",
    "denied_by_ids",
    "event_dates_ptr",
    "event_dates_ids",
    "u_ptr",
    "u_idx",
    "u_w",
    "nb_ptr",
    "nb_edge",
    "nb_dir",
    "label_hash",
    "label_node",
)
CONTESTED, NEGATED = 1, 2
LISTS = ("predicates", "denied_by", "event_dates")


def label_hash(label: str) -> int:
    """The 64-bit hash of a casefolded label (stable across processes, unlike ``hash``)."""
    digest = hashlib.blake2b(label.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def _labels(keys: list[str], attrs: list[tuple]) -> dict[str, np.ndarray]:
    pairs = sorted(
        {
            (label_hash(x.casefold()), i)
            for i, (k, a) in enumerate(zip(keys, attrs))
            for x in (k, a[0] or "", *a[2])
            if x
        }
    )
    return {
        "label_hash": np.array([h for h, _ in pairs], dtype=np.int64),
        "label_node": np.array([i for _, i in pairs], dtype=np.int32),
    }


def _csr(lists: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    ptr = np.zeros(len(lists) + 1, dtype=np.int64)
    ptr[1:] = np.cumsum([len(x) for x in lists])
    ids = np.fromiter((i for x in lists for i in x), dtype=np.int32, count=int(ptr[-1]))
    return ptr, ids


def build(conn: sqlite3.Connection, symmetric: frozenset[str]) -> tuple[dict, dict, dict]:
    """Read the store (one read transaction) and compute the index: (meta, nodes, arrays).

    The aggregates are exactly :func:`graphkit.store.graph.edge_attrs` of each link's
    evidence (weight = distinct groups, first/last seen = min/max publication date, …).
    Built with the cyclic GC paused: the millions of tuples and lists are acyclic, and the
    collections their allocation triggered took a quarter of the build at 1M triples.
    """
    with GCPaused():
        return _build(conn, symmetric)


def _build(conn: sqlite3.Connection, symmetric: frozenset[str]) -> tuple[dict, dict, dict]:
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        generation = int(row[0]) if row else 0
        ents = conn.execute(
            "SELECT key, name, type, aliases, articles, mentions FROM entities ORDER BY key"
        ).fetchall()
        links: dict[tuple[str, str, str], list[tuple]] = {}
        for r in conn.execute(AGG_SELECT):
            s, o, rel = r[8], r[9], r[1]
            if s == o or s is None or o is None:
                continue  # a merge can make both ends one entity: kept as evidence, not drawn
            if rel in symmetric and o < s:
                s, o = o, s
            links.setdefault((s, rel, o), []).append(r)
    finally:
        if own:
            conn.execute("COMMIT")

    # nodes: the entities, then link ends without an entity row (as build_graph adds them)
    node_attrs: dict[str, tuple] = {}
    for key, name, etype, aliases, articles, mentions in ents:
        node_attrs[key] = (name, etype, json.loads(aliases), articles, mentions)
    edge_keys = sorted(links)
    for s, _rel, o in edge_keys:
        for n in (s, o):
            if n not in node_attrs:
                node_attrs[n] = (n.split(":", 1)[-1], n.split(":", 1)[0], [], 0, 0)
    insertion = list(node_attrs)
    keys = sorted(node_attrs)
    kid = {k: i for i, k in enumerate(keys)}
    attrs = [node_attrs[k] for k in keys]
    display = [a[0] or k for k, a in zip(keys, attrs)]
    name_rank = np.empty(len(keys), dtype=np.int32)
    name_rank[sorted(range(len(keys)), key=lambda i: (display[i], keys[i]))] = np.arange(
        len(keys), dtype=np.int32
    )
    types = sorted({a[1] for a in attrs if a[1] is not None})
    tid = {t: i for i, t in enumerate(types)}
    relations = sorted({k[1] for k in edge_keys})
    rid = {r: i for i, r in enumerate(relations)}

    # links, in (subject, relation, object) key order
    dates_set: set[str] = set()
    strings: dict[str, int] = {}
    E = len(edge_keys)
    weight: list[int] = []
    n_articles: list[int] = []
    n_evidence: list[int] = []
    flag_list: list[int] = []
    confidence: list[float] = []
    first: list[str | None] = []
    last: list[str | None] = []
    ev_lists: list[list[int]] = []
    lists: dict[str, list[list[int]]] = {k: [] for k in LISTS}
    preds, deniers, edates = (lists[k] for k in LISTS)

    def sid(x: str) -> int:
        i = strings.get(x)
        if i is None:
            i = strings[x] = len(strings)
        return i

    for k in edge_keys:
        evs = links[k]
        if len(evs) == 1:  # most links: one sentence, nothing to sort or count
            r = evs[0]
            ev_lists.append([r[0]])
            weight.append(1)
            n_articles.append(1)
            n_evidence.append(1)
            first.append(r[11] or None)
            last.append(r[11] or None)
            flag_list.append((CONTESTED if r[4] or r[5] else 0) | (NEGATED if r[4] else 0))
            confidence.append(r[6] or 0.0)
            preds.append([sid(r[2])] if r[2] else [])
            deniers.append([sid(r[5])] if r[5] else [])
            edates.append([sid(r[7])] if r[7] else [])
            continue
        # the evidence order of edge_attrs: (published, doc_id, char_start, predicate)
        evs.sort(key=lambda r: (r[11] or "", r[10], r[3], r[2] or ""))
        ev_lists.append([r[0] for r in evs])
        weight.append(len({r[12] or r[10] for r in evs}))
        n_articles.append(len({r[10] for r in evs}))
        n_evidence.append(len(evs))
        dates = [r[11] for r in evs if r[11]]
        first.append(min(dates) if dates else None)
        last.append(max(dates) if dates else None)
        flag_list.append(
            (CONTESTED if any(r[4] or r[5] for r in evs) else 0)
            | (NEGATED if any(r[4] for r in evs) else 0)
        )
        confidence.append(max((r[6] or 0.0) for r in evs))
        preds.append([sid(x) for x in sorted({r[2] for r in evs if r[2]})])
        deniers.append([sid(x) for x in sorted({r[5] for r in evs if r[5]})])
        edates.append([sid(x) for x in sorted({r[7] for r in evs if r[7]})])
    dates_set.update(d for d in first if d)
    dates_set.update(d for d in last if d)
    dates_table = sorted(dates_set)
    did = {d: i for i, d in enumerate(dates_table)}

    n = len(keys)
    src = np.fromiter((kid[k[0]] for k in edge_keys), dtype=np.int32, count=E)
    dst = np.fromiter((kid[k[2]] for k in edge_keys), dtype=np.int32, count=E)
    arrays: dict[str, np.ndarray] = {
        "name_rank": name_rank,
        "node_type": np.array([tid.get(a[1], -1) for a in attrs], dtype=np.int16),
        "node_order": np.array([kid[k] for k in insertion], dtype=np.int32),
        "src": src,
        "dst": dst,
        "rel": np.fromiter((rid[k[1]] for k in edge_keys), dtype=np.int16, count=E),
        "weight": np.array(weight, dtype=np.int32),
        "articles": np.array(n_articles, dtype=np.int32),
        "n_evidence": np.array(n_evidence, dtype=np.int32),
        "first_seen": np.array([did[d] if d else -1 for d in first], dtype=np.int32),
        "last_seen": np.array([did[d] if d else -1 for d in last], dtype=np.int32),
        "flags": np.array(flag_list, dtype=np.uint8),
        "confidence": np.array(confidence, dtype=np.float64),
        "out_ptr": np.searchsorted(src, np.arange(n + 1), side="left").astype(np.int64),
    }
    in_edges = np.argsort(dst, kind="stable").astype(np.int32)
    arrays["in_edges"] = in_edges
    arrays["in_ptr"] = np.searchsorted(dst[in_edges], np.arange(n + 1), side="left").astype(
        np.int64
    )
    arrays["ev_ptr"], ev_ids = _csr(ev_lists)
    arrays["ev_ids"] = ev_ids.astype(np.int64)
    for name in LISTS:
        arrays[f"{name}_ptr"], arrays[f"{name}_ids"] = _csr(lists[name])
    arrays.update(_undirected(n, src, dst, arrays["weight"]))
    rel_symmetric = np.array([r in symmetric for r in relations], dtype=bool)
    arrays.update(_incidence(n, arrays, rel_symmetric))
    arrays.update(_labels(keys, attrs))
    meta = {
        "format": FORMAT,
        "generation": generation,
        "symmetric": sorted(symmetric),
        "nodes": n,
        "edges": E,
        "evidence": int(arrays["ev_ptr"][-1]),
        "relations": relations,
        "types": types,
        "dates": dates_table,
        "strings": list(strings),
    }
    nodes = {
        "keys": keys,
        "names": [a[0] for a in attrs],
        "types": [a[1] for a in attrs],
        "aliases": [a[2] for a in attrs],
        "articles": [a[3] for a in attrs],
        "mentions": [a[4] for a in attrs],
    }
    return meta, nodes, arrays


def _undirected(n: int, src: np.ndarray, dst: np.ndarray, weight: np.ndarray) -> dict:
    """The undirected simple graph as a symmetric CSR matrix (summed link weights)."""
    from scipy import sparse

    a = np.minimum(src, dst).astype(np.int64)
    b = np.maximum(src, dst).astype(np.int64)
    pair, inv = np.unique(a * max(n, 1) + b, return_inverse=True)
    w = np.bincount(inv.ravel(), weights=weight.astype(np.float64), minlength=len(pair))
    pa, pb = pair // max(n, 1), pair % max(n, 1)
    m = sparse.coo_array(
        (np.concatenate([w, w]), (np.concatenate([pa, pb]), np.concatenate([pb, pa]))),
        shape=(n, n),
    ).tocsr()
    m.sort_indices()
    return {
        "u_ptr": m.indptr.astype(np.int64),
        "u_idx": m.indices.astype(np.int32),
        "u_w": m.data.astype(np.float64),
    }


def _incidence(n: int, arrays: dict, rel_symmetric: np.ndarray) -> dict:
    """Every entity's links in the order ``neighbors`` lists them, with their direction.

    ``nb_ptr``/``nb_edge``: CSR over entities of the ids of the links from or to them (each
    link once under each end; there are no self-links), sorted like the rows of
    :func:`graphkit.queries.neighbors`: weight and evidence count descending, then the
    neighbour's (display name, key), relation, direction. ``nb_dir``: the direction of each
    entry as seen from its entity, coded so the codes sort like the strings: 0 both (a
    symmetric relation), 1 in, 2 out. A query then slices (and, with a relation or direction
    filter, masks) instead of sorting; the order key is unique per row, so the order is the
    one sorting the query's rows would give.
    """
    src = np.asarray(arrays["src"], dtype=np.int64)
    dst = np.asarray(arrays["dst"], dtype=np.int64)
    rel = np.asarray(arrays["rel"], dtype=np.int64)
    E = len(src)
    edge = np.concatenate([np.arange(E, dtype=np.int64)] * 2)
    owner = np.concatenate([src, dst])
    other = np.concatenate([dst, src])
    sym = rel_symmetric[rel]
    code = np.concatenate([np.where(sym, 0, 2), np.where(sym, 0, 1)]).astype(np.int8)
    order = np.lexsort(
        (
            code,
            rel[edge],
            np.asarray(arrays["name_rank"], dtype=np.int64)[other],
            -np.asarray(arrays["n_evidence"], dtype=np.int64)[edge],
            -np.asarray(arrays["weight"], dtype=np.int64)[edge],
            owner,
        )
    )
    return {
        "nb_ptr": np.searchsorted(owner[order], np.arange(n + 1), side="left").astype(np.int64),
        "nb_edge": edge[order].astype(np.int32),
        "nb_dir": code[order],
    }


# ---------------------------------------------------------------------------------------------
# on disk


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def save(cache: Path, meta: dict, nodes: dict, arrays: dict) -> Path:
    """Write an index as ``cache/index-N`` (N = its generation): temp directory, then rename."""
    cache.mkdir(parents=True, exist_ok=True)
    final = cache / f"index-{meta['generation']}"
    tmp = cache / f".index-{meta['generation']}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        for name in ARRAYS:
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(arrays[name]), allow_pickle=False)
        (tmp / "nodes.json").write_text(json.dumps(nodes, ensure_ascii=False), encoding="utf-8")
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        for f in tmp.iterdir():
            _fsync(f)
        _fsync(tmp)
        try:
            tmp.rename(final)
        except OSError:
            if not final.is_dir():
                raise
            theirs = load(final)
            if theirs is None or theirs[0] != meta:  # damaged or stale: move it aside
                aside = cache / f".index-{meta['generation']}.old-{os.getpid()}"
                final.rename(aside)
                tmp.rename(final)
                shutil.rmtree(aside, ignore_errors=True)
            # else a concurrent writer got there first with the same index
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _fsync(cache)
    _clean(cache, keep=final)
    return final


def _clean(cache: Path, keep: Path) -> None:
    """Remove older indexes, left-over temp directories of dead processes, old pickles."""
    for p in cache.iterdir():
        try:
            if p.name.startswith("index-") and p != keep:
                shutil.rmtree(p, ignore_errors=True)
            elif p.name.startswith(".index-") and (".tmp-" in p.name or ".old-" in p.name):
                pid = int(p.name.rsplit("-", 1)[1])
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    shutil.rmtree(p, ignore_errors=True)
                except PermissionError:
                    pass
            elif p.name.startswith("graph-") and p.suffix == ".pickle":
                p.unlink()  # the snapshot format before the index
        except (OSError, ValueError):
            pass


def load(path: Path) -> tuple[dict, dict, dict] | None:
    """The index at ``path`` (arrays memory-mapped), or None when it is missing or inconsistent."""
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            return None
        arrays = {
            name: np.load(path / f"{name}.npy", mmap_mode="r", allow_pickle=False)
            for name in ARRAYS
        }
        nodes = json.loads((path / "nodes.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError):
        return None
    n, E = meta["nodes"], meta["edges"]
    sizes = {
        "name_rank": n,
        "node_type": n,
        "node_order": n,
        "out_ptr": n + 1,
        "in_ptr": n + 1,
        "u_ptr": n + 1,
        "nb_ptr": n + 1,
        "nb_edge": 2 * E,
        "nb_dir": 2 * E,
        "in_edges": E,
        "ev_ptr": E + 1,
        "ev_ids": meta["evidence"],
        **{k: E for k in ("src", "dst", "rel", "weight", "articles", "n_evidence")},
        **{k: E for k in ("first_seen", "last_seen", "flags", "confidence")},
        **{f"{k}_ptr": E + 1 for k in LISTS},
    }
    if any(len(arrays[k]) != v for k, v in sizes.items()) or len(nodes.get("keys", ())) != n:
        return None
    if len(arrays["u_idx"]) != arrays["u_ptr"][-1] or len(arrays["u_w"]) != len(arrays["u_idx"]):
        return None
    if len(arrays["label_hash"]) != len(arrays["label_node"]):
        return None
    return meta, nodes, arrays


# ---------------------------------------------------------------------------------------------
# evidence, read back from SQLite by rowid

_READERS: dict[str, sqlite3.Connection] = {}
_READER_LOCK = threading.Lock()  # one reader connection per store, shared by threads


def _reader(db: str) -> sqlite3.Connection:
    conn = _READERS.get(db)
    if conn is None:
        try:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the store {db}: {exc}") from exc
        conn.row_factory = sqlite3.Row
        _READERS[db] = conn
    return conn


class StaleIndex(StoreError):
    """The store changed after the index was loaded (its evidence ids may no longer hold)."""


def fetch_evidence(db: str, generation: int, ids: Iterable[int]) -> list[dict]:
    """Evidence rows (``EVIDENCE_SELECT`` columns) with these rowids, read at ``generation``.

    Raises StaleIndex when the store is at another generation.
    """
    from graphkit.store.embedded import EVIDENCE_SELECT

    ids = sorted({int(i) for i in ids})
    out: list[dict] = []
    try:
        with _READER_LOCK:
            conn = _reader(db)
            conn.execute("BEGIN")  # the generation and the rows from one snapshot of the store
            try:
                row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
                if int(row[0]) != generation:
                    raise StaleIndex(f"the store changed (generation {generation} → {row[0]})")
                for i in range(0, len(ids), 500):
                    part = ids[i : i + 500]
                    marks = ",".join("?" * len(part))
                    out += [
                        dict(r)
                        for r in conn.execute(EVIDENCE_SELECT + f" AND e.id IN ({marks})", part)
                    ]
            finally:
                conn.execute("COMMIT")
    except sqlite3.Error as exc:
        raise StoreError(f"reading evidence from {db} failed: {exc}") from exc
    return out


class LazyEvidence(Sequence):
    """A link's evidence list, read from SQLite on first use (``len`` needs no read).

    Holds the evidence rowids of the index it came from; if the store has moved on since, it
    reads the link's current evidence by its keys instead. Behaves like a list of dicts.
    """

    __slots__ = ("db", "edge", "n", "ids", "generation", "_items")

    def __init__(self, db, edge, n, ids=(), generation=None, items=None):
        self.db, self.edge, self.n = db, tuple(edge), n
        self.ids, self.generation, self._items = tuple(ids), generation, items

    def __reduce__(self):  # pickled as a reference
        return (LazyEvidence, (self.db, self.edge, self.n, self.ids, self.generation))

    def _get(self) -> list[dict]:
        if self._items is None:
            from graphkit.store.graph import edge_attrs, group_edges

            source, relation, target, symmetric = self.edge
            sym = frozenset({relation}) if symmetric else frozenset()
            try:
                rows = fetch_evidence(self.db, self.generation, self.ids)
            except StaleIndex:
                rows = _edge_rows(self.db, source, relation, target, symmetric)
            evidence = group_edges(rows, sym).get((source, relation, target), [])
            self._items = edge_attrs(evidence)["evidence"]
        return self._items

    def __len__(self) -> int:
        return self.n if self._items is None else len(self._items)

    def __getitem__(self, i):
        return self._get()[i]

    def __iter__(self):
        return iter(self._get())

    def __eq__(self, other) -> bool:
        if isinstance(other, (list, tuple, LazyEvidence)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # a mutable-looking sequence, like list

    def __repr__(self) -> str:
        return f"LazyEvidence({self.edge[0]!r} {self.edge[1]} {self.edge[2]!r}, n={self.n})"


def _edge_rows(db: str, source: str, relation: str, target: str, symmetric: bool) -> list[dict]:
    """The current evidence rows of one link, by its keys."""
    from graphkit.store.embedded import EVIDENCE_SELECT

    q = EVIDENCE_SELECT + " AND e.relation = ? AND ls.key = ? AND lo.key = ?"
    try:
        with _READER_LOCK:
            conn = _reader(db)
            rows = [dict(r) for r in conn.execute(q, (relation, source, target))]
            if symmetric:
                rows += [dict(r) for r in conn.execute(q, (relation, target, source))]
    except sqlite3.Error as exc:
        raise StoreError(f"reading evidence from {db} failed: {exc}") from exc
    return rows
