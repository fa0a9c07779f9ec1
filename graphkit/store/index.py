"""The graph of one embedded-store generation, served from its index (:mod:`.snapshot`).

:class:`GraphIndex` answers what the stock queries ask of a graph without building one: node
lookups (``key in G``, ``G.nodes[key]``, ``len(G)``, as on a networkx graph), the links of an
entity as array slices, the undirected adjacency as a SciPy CSR matrix, and small
:class:`networkx.MultiDiGraph` subgraphs of selected links built exactly like the full graph
(:func:`graphkit.store.graph.build_graph`), with their evidence read from SQLite by rowid.
:meth:`GraphIndex.to_networkx` builds the whole graph (``graphkit.load_graph``). Since an
index never changes, it also remembers, bounded, what repeated queries would compute again:
name lookups, and the rows of the entities with many links (:meth:`GraphIndex.kept_rows`).
"""

from __future__ import annotations

import bisect
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator

import networkx as nx
import numpy as np

from graphkit.store.snapshot import (
    ARRAYS,
    CONTESTED,
    NEGATED,
    LazyEvidence,
    fetch_evidence,
)


class KeyIds:
    """Read-only mapping of entity key → id over the sorted key list."""

    def __init__(self, keys: list[str]):
        self._keys = keys

    def get(self, key, default=None):
        if not isinstance(key, str):
            return default
        i = bisect.bisect_left(self._keys, key)
        return i if i < len(self._keys) and self._keys[i] == key else default

    def __getitem__(self, key) -> int:
        i = self.get(key)
        if i is None:
            raise KeyError(key)
        return i

    def __contains__(self, key) -> bool:
        return self.get(key) is not None


class NodeView:
    """``G.nodes`` of a :class:`GraphIndex`: ``G.nodes[key]`` and ``G.nodes(data=True)``."""

    def __init__(self, ix: GraphIndex):
        self._ix = ix

    def __getitem__(self, key: str) -> dict:
        return self._ix.node_data(self._ix.key_id[key])

    def __contains__(self, key) -> bool:
        return key in self._ix

    def __len__(self) -> int:
        return len(self._ix)

    def __iter__(self) -> Iterator[str]:
        return iter(self._ix.keys)

    def __call__(self, data: bool = False):
        if not data:
            return iter(self._ix.keys)
        return ((k, self._ix.node_data(i)) for i, k in enumerate(self._ix.keys))


class GraphIndex:
    """The store's graph at one generation, as memory-mapped arrays.

    Parameters
    ----------
    meta, nodes, arrays : what :func:`graphkit.store.snapshot.build` or ``load`` returns.
    db : path of the SQLite store (evidence is read from it by rowid).
    store : the store directory (``G.graph["store"]``).
    """

    def __init__(self, meta: dict, nodes: dict, arrays: dict, *, db: str, store: str):
        self.meta = meta
        self.generation = meta["generation"]
        self.db = db
        self.graph = {"store": store, "generation": self.generation, "backend": "embedded"}
        self.keys: list[str] = nodes["keys"]
        self.names: list[str] = nodes["names"]
        self.types: list[str] = nodes["types"]
        # tuples, not lists: the cyclic GC stops tracking tuples of strings, so 100,000 entities'
        # aliases do not make every collection of a query's rows walk them again
        self.aliases: list[tuple[str, ...]] = [tuple(a) for a in nodes["aliases"]]
        self.node_articles: list[int] = nodes["articles"]
        self.node_mentions: list[int] = nodes["mentions"]
        self.arrays = arrays  # numpy.memmap when loaded from disk
        for name in ARRAYS:  # plain ndarray views of the same memory (no per-item memmap cost)
            setattr(self, name, np.asarray(arrays[name]))
        self.relations: list[str] = meta["relations"]
        self.rel_id = {r: i for i, r in enumerate(self.relations)}
        self.symmetric = frozenset(meta["symmetric"])
        self.rel_symmetric = np.array([r in self.symmetric for r in self.relations], dtype=bool)
        self.type_id = {t: i for i, t in enumerate(meta["types"])}
        self.dates: list[str] = meta["dates"]
        self.strings: list[str] = meta["strings"]
        self.nodes = NodeView(self)
        self._kid: KeyIds | None = None
        self._adj = None
        self._objects: dict[str, np.ndarray] | None = None
        self._rows: OrderedDict[tuple[str, int], tuple[object, int]] = OrderedDict()
        self._rows_held = 0
        self._rows_lock = threading.Lock()
        self._lookups: dict[str, tuple[str, ...]] = {}

    # -- nodes ---------------------------------------------------------------------------------
    @property
    def key_id(self) -> KeyIds:
        """key → entity id (binary search in the sorted keys: nothing to build at start-up)."""
        if self._kid is None:
            self._kid = KeyIds(self.keys)
        return self._kid

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, key) -> bool:
        return isinstance(key, str) and key in self.key_id

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys)

    def number_of_nodes(self) -> int:
        return len(self.keys)

    def number_of_edges(self) -> int:
        return len(self.src)

    def node_data(self, i: int) -> dict:
        return {
            "name": self.names[i],
            "type": self.types[i],
            "aliases": list(self.aliases[i]),
            "articles": self.node_articles[i],
            "mentions": self.node_mentions[i],
        }

    #: at most this many answers of :meth:`lookup` are remembered (then all are forgotten)
    LOOKUPS_KEPT = 4096

    def lookup(self, folded: str) -> list[str]:
        """Keys of the entities with a key, name or alias that casefolds to ``folded``.

        Remembered (the index never changes): a repeated query finds its entity without the
        binary search over the memory-mapped hashes, whose pages a big answer's rows have
        pushed out of the CPU caches meanwhile (~0.1 ms of the repeated hub query).
        """
        hit = self._lookups.get(folded)
        if hit is not None:
            return list(hit)
        from graphkit.store.snapshot import label_hash

        h = label_hash(folded)
        lo, hi = np.searchsorted(self.label_hash, [h, h + 1]) if h < 2**63 - 1 else (0, 0)
        out = set()
        for i in self.label_node[lo:hi].tolist():
            labels = (self.keys[i], self.names[i] or "", *self.aliases[i])
            if any(x and x.casefold() == folded for x in labels):  # not just the same hash
                out.add(self.keys[i])
        if len(self._lookups) >= self.LOOKUPS_KEPT:
            self._lookups.clear()
        self._lookups[folded] = tuple(sorted(out))
        return sorted(out)

    def object_columns(self) -> dict[str, np.ndarray]:
        """Node, relation and date strings as object arrays (built once): fancy indexing then
        ``tolist()`` gathers the strings of many rows without a Python loop. ``dates`` has
        None first, so ``dates[date_id + 1]`` maps the -1 of "no date" to None;
        ``type_names`` is indexed by ``node_type`` (its -1, no type, is the last: None)."""
        if self._objects is None:

            def arr(values) -> np.ndarray:
                out = np.empty(len(values), dtype=object)
                out[:] = values
                return out

            self._objects = {
                "display": arr([n or k for n, k in zip(self.names, self.keys)]),
                "keys": arr(self.keys),
                "types": arr(self.types),
                "type_names": arr([*self.meta["types"], None]),  # by node_type (-1: None)
                "relations": arr(self.relations),
                "directions": arr(["both", "in", "out"]),
                "dates": arr([None, *self.dates]),
            }
        return self._objects

    def display(self, i: int) -> str:
        return self.names[i] or self.keys[i]

    # -- rows kept for repeated queries -------------------------------------------------------
    #: at most this many rows are kept by :meth:`kept_rows` (least recently used dropped first)
    KEPT_ROWS = 100_000
    #: and at most this many entities are remembered (kept, or asked about once)
    KEPT_ENTITIES = 10_000

    def kept_rows(
        self, kind: str, i: int, build: Callable[[], object] | None = None, rows: int = 0
    ):
        """What query ``kind`` keeps about entity ``i`` between calls (say, its rows), or None.

        With ``build`` (which returns the value, ``rows`` rows' worth): the first call for an
        entity only remembers that it was asked (a one-off query pays nothing for keeping);
        the next one builds the value, keeps it and returns it. Without: only looks.

        The index is one generation's and never changes, so nothing kept goes stale (a new
        generation is a new index). At most :attr:`KEPT_ROWS` rows and :attr:`KEPT_ENTITIES`
        entities, the least recently used dropped first. Thread-safe (two threads may both
        build; the first one's value is kept).
        """
        key = (kind, i)
        with self._rows_lock:
            hit = self._rows.get(key)
            if hit is not None:
                self._rows.move_to_end(key)
                if hit[0] is not None:
                    return hit[0]
            if build is None or rows > self.KEPT_ROWS:
                return None
            if hit is None:  # the first time: remember it, build nothing
                self._keep(key, None, 0)
                return None
        value = build()
        with self._rows_lock:
            hit = self._rows.get(key)
            if hit is not None and hit[0] is not None:
                return hit[0]
            self._keep(key, value, rows)
        return value

    def _keep(self, key: tuple[str, int], value, rows: int) -> None:
        old = self._rows.pop(key, None)
        if old is not None:
            self._rows_held -= old[1]
        self._rows[key] = (value, rows)
        self._rows_held += rows
        while self._rows_held > self.KEPT_ROWS or len(self._rows) > self.KEPT_ENTITIES:
            self._rows_held -= self._rows.popitem(last=False)[1][1]

    # -- links ---------------------------------------------------------------------------------
    def out_edges(self, i: int) -> np.ndarray:
        return np.arange(self.out_ptr[i], self.out_ptr[i + 1])

    def in_edges_of(self, i: int) -> np.ndarray:
        return np.asarray(self.in_edges[self.in_ptr[i] : self.in_ptr[i + 1]], dtype=np.int64)

    def incident(self, i: int) -> np.ndarray:
        """Ids of the links from or to node ``i``."""
        return np.concatenate([self.out_edges(i), self.in_edges_of(i)])

    def between(self, pairs: Iterable[tuple[int, int]]) -> np.ndarray:
        """Ids of every link between the node pairs (either direction), sorted."""
        pairs = {(min(u, v), max(u, v)) for u, v in pairs}
        if not pairs:
            return np.zeros(0, dtype=np.int64)
        n = max(len(self.keys), 1)
        want = np.fromiter((u * n + v for u, v in pairs), dtype=np.int64, count=len(pairs))
        ends = sorted({u for p in pairs for u in p})
        cand = np.concatenate([self.out_edges(u) for u in ends])
        s, t = self.src[cand].astype(np.int64), self.dst[cand].astype(np.int64)
        code = np.minimum(s, t) * n + np.maximum(s, t)
        return np.sort(cand[np.isin(code, want)])

    def neighbours(self, i: int) -> np.ndarray:
        """Distinct neighbours of node ``i`` (links in either direction), in id order."""
        return self.u_idx[self.u_ptr[i] : self.u_ptr[i + 1]]

    def degree(self) -> np.ndarray:
        return np.diff(self.u_ptr)

    def adjacency(self):
        """The undirected simple graph as a SciPy CSR matrix (summed link weights), cached."""
        if self._adj is None:
            from scipy import sparse

            n = len(self.keys)
            self._adj = sparse.csr_array(
                (np.asarray(self.u_w), np.asarray(self.u_idx), np.asarray(self.u_ptr)),
                shape=(n, n),
            )
            self._adj.has_sorted_indices = True
        return self._adj

    def date(self, i: int) -> str | None:
        return self.dates[i] if i >= 0 else None

    def _strs(self, name: str, e: int) -> list[str]:
        ptr = getattr(self, f"{name}_ptr")
        ids = getattr(self, f"{name}_ids")
        return [self.strings[j] for j in ids[ptr[e] : ptr[e + 1]].tolist()]

    def edge_key(self, e: int) -> tuple[str, str, str]:
        return (self.keys[self.src[e]], self.relations[self.rel[e]], self.keys[self.dst[e]])

    def edge_data(self, e: int, evidence=None) -> dict:
        """The attributes of link ``e`` as :func:`~graphkit.store.graph.build_graph` sets them
        (``evidence`` read lazily unless given)."""
        e = int(e)
        s, rel, o = self.edge_key(e)
        sym = bool(self.rel_symmetric[self.rel[e]])
        if evidence is None:
            ids = self.ev_ids[self.ev_ptr[e] : self.ev_ptr[e + 1]].tolist()
            evidence = LazyEvidence(
                self.db, (s, rel, o, sym), int(self.n_evidence[e]), ids, self.generation
            )
        flags = int(self.flags[e])
        return {
            "relation": rel,
            "symmetric": sym,
            "evidence": evidence,
            "weight": int(self.weight[e]),
            "articles": int(self.articles[e]),
            "predicates": self._strs("predicates", e),
            "first_seen": self.date(int(self.first_seen[e])),
            "last_seen": self.date(int(self.last_seen[e])),
            "contested": bool(flags & CONTESTED),
            "denied_by": self._strs("denied_by", e),
            "negated": bool(flags & NEGATED),
            "confidence": float(self.confidence[e]),
            "event_dates": self._strs("event_dates", e),
        }

    def evidence_of(self, edges: Iterable[int]) -> dict[int, list[dict]]:
        """The evidence lists of links (as in the full graph), read in one pass by rowid."""
        from graphkit.store.graph import edge_attrs, group_edges

        edges = sorted({int(e) for e in edges})
        ids = [i for e in edges for i in self.ev_ids[self.ev_ptr[e] : self.ev_ptr[e + 1]].tolist()]
        grouped = group_edges(fetch_evidence(self.db, self.generation, ids), self.symmetric)
        return {e: edge_attrs(grouped.get(self.edge_key(e), []))["evidence"] for e in edges}

    def edges_data(self, edges: np.ndarray | None = None, evidence: dict | None = None):
        """(source key, target key, relation, data) of links ``edges`` (default: all, in key
        order), ``data`` as :func:`~graphkit.store.graph.build_graph` sets it; evidence lazy
        unless ``evidence`` maps the link id to its list. Columns are gathered in bulk."""
        ids = np.arange(len(self.src)) if edges is None else np.asarray(edges, dtype=np.int64)
        keys, rels, strings, dates = self.keys, self.relations, self.strings, self.dates
        sym = self.rel_symmetric.tolist()
        evidence = evidence or {}

        def lists(name: str) -> list[list[str]]:
            ptr, idx = getattr(self, f"{name}_ptr"), getattr(self, f"{name}_ids")
            starts, ends = ptr[ids].tolist(), ptr[ids + 1].tolist()
            flat = idx[ptr[0] : ptr[-1]].tolist() if edges is None else None
            if flat is not None:
                return [[strings[j] for j in flat[a:b]] for a, b in zip(starts, ends)]
            return [
                [strings[j] for j in idx[a:b].tolist()] if a != b else []
                for a, b in zip(starts, ends)
            ]

        ev_ptr = self.ev_ptr[ids].tolist(), self.ev_ptr[ids + 1].tolist()
        ev_ids = self.ev_ids.tolist() if edges is None else None
        cols = zip(
            ids.tolist(),
            self.src[ids].tolist(),
            self.dst[ids].tolist(),
            self.rel[ids].tolist(),
            self.weight[ids].tolist(),
            self.articles[ids].tolist(),
            self.n_evidence[ids].tolist(),
            self.first_seen[ids].tolist(),
            self.last_seen[ids].tolist(),
            self.flags[ids].tolist(),
            self.confidence[ids].tolist(),
            lists("predicates"),
            lists("denied_by"),
            lists("event_dates"),
            *ev_ptr,
        )
        for e, s, o, r, w, a, nev, fs, ls, fl, conf, preds, deniers, edates, ea, eb in cols:
            rel = rels[r]
            ev = evidence.get(e)
            if ev is None:
                ids_e = ev_ids[ea:eb] if ev_ids is not None else self.ev_ids[ea:eb].tolist()
                ev = LazyEvidence(
                    self.db, (keys[s], rel, keys[o], sym[r]), nev, ids_e, self.generation
                )
            data = {
                "relation": rel,
                "symmetric": sym[r],
                "evidence": ev,
                "weight": w,
                "articles": a,
                "predicates": preds,
                "first_seen": dates[fs] if fs >= 0 else None,
                "last_seen": dates[ls] if ls >= 0 else None,
                "contested": bool(fl & CONTESTED),
                "denied_by": deniers,
                "negated": bool(fl & NEGATED),
                "confidence": conf,
                "event_dates": edates,
            }
            yield keys[s], keys[o], rel, data

    def subgraph(
        self, edges: Iterable[int], keys: Iterable[str] = (), *, evidence: bool = False
    ) -> nx.MultiDiGraph:
        """The links ``edges``, their ends and the entities ``keys`` as a MultiDiGraph built like
        the full graph; ``evidence``: read the links' evidence now (one pass) instead of lazily."""
        edges = np.unique(
            np.asarray(list(edges) if not isinstance(edges, np.ndarray) else edges, dtype=np.int64)
        )
        wanted = {self.key_id[k] for k in keys}
        wanted.update(self.src[edges].tolist())
        wanted.update(self.dst[edges].tolist())
        ev = self.evidence_of(edges.tolist()) if evidence else None
        H = nx.MultiDiGraph()
        H.graph.update(self.graph, subgraph=True)
        H.add_nodes_from((self.keys[i], self.node_data(i)) for i in sorted(wanted))
        H.add_edges_from(self.edges_data(edges, ev))
        return H

    def to_networkx(self) -> nx.MultiDiGraph:
        """The whole graph as :func:`graphkit.store.graph.build_graph` makes it (lazy evidence)."""
        G = nx.MultiDiGraph()
        G.graph.update(self.graph)
        G.add_nodes_from((self.keys[i], self.node_data(i)) for i in self.node_order.tolist())
        G.add_edges_from(self.edges_data())
        return G
