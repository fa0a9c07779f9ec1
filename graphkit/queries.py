"""Stock queries: "who is linked to whom", answered the same way on every backend.

Each query has a name (the CLI contract), parameters and a one-line description. The Cypher
text for Neo4j lives in the top-level ``queries/NAME.cypher`` (shipped in the wheel as
``graphkit/_queries``); the NetworkX twin is the function of the same name below, taking the
graph ``G`` first (networkx style). ``run(name, backend, **params)`` returns plain data: a list
of dicts with stable keys, sorted deterministically.

The analytics Neo4j Community lacks without plugins (``central``, ``communities``, ``search``)
are marked ``graph_only``: they always run here, in Python, over the backend's graph (the same
MultiDiGraph from either backend), with a fixed seed, so every backend gives the same answer.

The embedded store answers every query over its query index
(:class:`graphkit.store.index.GraphIndex`: CSR arrays, memory-mapped) instead of a MultiDiGraph:
each twin given an index either computes the same rows with numpy/SciPy (``neighbors``,
``central``, the BFS of ``path``) or selects the links the answer is made of and runs itself on
that small subgraph, exactly as the Neo4j backend does with what its Cypher selects.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("PERSON:a", name="A", type="PERSON", aliases=[])
>>> G.add_node("PERSON:b", name="B", type="PERSON", aliases=[])
>>> G.add_edge("PERSON:a", "PERSON:b", key="MET_WITH", relation="MET_WITH", weight=1,
...            articles=1, evidence=[], first_seen=None, last_seen=None, contested=False,
...            denied_by=[], predicates=["meet"])
'MET_WITH'
>>> [r["neighbor"] for r in neighbors(G, "a")]
['B']
>>> [r["entity"] for r in central(G, by="degree")]
['A', 'B']
"""

from __future__ import annotations

import re
import weakref
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from graphkit.errors import EntityNotFoundError, QueryError
from graphkit.gcpause import GCPaused
from graphkit.store.index import GraphIndex
from graphkit.store.snapshot import CONTESTED

#: fixed seed of the randomised analytics (Louvain, label propagation, sampled betweenness)
SEED = 42
#: betweenness is exact up to this many nodes, sampled (``samples`` sources, ``seed``) above
EXACT_BETWEENNESS_MAX_NODES = 5000
#: decimals kept in float scores, so that equal scores compare equal on every backend
SCORE_DECIMALS = 8

# ---------------------------------------------------------------------------------------------
# query files


def query_dir():
    """Where the ``.cypher`` files are: inside the installed package, or the source checkout."""
    packaged = resources.files("graphkit").joinpath("_queries")
    if packaged.is_dir():
        return packaged
    source = Path(__file__).resolve().parent.parent / "queries"
    if source.is_dir():
        return source
    raise QueryError("the stock query files are missing from this installation (graphkit/_queries)")


def query_text(name: str) -> str:
    """The Cypher text of stock query ``name`` (read from the package, never the cwd)."""
    path = query_dir().joinpath(f"{name}.cypher")
    if not path.is_file():
        raise QueryError(f"no Cypher file for query {name!r}")
    return path.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# entity lookup (index cached per graph object)


class _Index:
    """casefolded label → keys, and the label list for fuzzy matching, of one graph."""

    def __init__(self, G):
        self.size = len(G)
        self.generation = G.graph.get("generation")
        self.by_label: dict[str, list[str]] = {}
        self.labels: dict[str, list[str]] = {}  # label as written → keys
        if isinstance(G, GraphIndex):  # straight from the index's lists
            nodes = zip(G.keys, G.names, G.aliases)
        else:
            nodes = ((k, d.get("name"), d.get("aliases")) for k, d in G.nodes(data=True))
        for key, name, aliases in nodes:
            for label in {key, name or "", *(aliases or [])}:
                if label:
                    self.by_label.setdefault(label.casefold(), []).append(key)
                    if label != key:
                        self.labels.setdefault(label, []).append(key)
        self.label_list = sorted(self.labels)

    def fresh(self, G) -> bool:
        return self.size == len(G) and self.generation == G.graph.get("generation")


_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _index(G, *, rebuild: bool = False) -> _Index:
    idx = None if rebuild else _INDEXES.get(G)
    if idx is None or not idx.fresh(G):
        idx = _Index(G)
        _INDEXES[G] = idx
    return idx


def entity_index(G) -> dict[str, list[str]]:
    """casefolded name/alias/key → entity keys."""
    return _index(G).by_label


def _labels_of(G, key: str) -> set[str]:
    data = G.nodes[key]
    return {x.casefold() for x in {key, data.get("name") or "", *(data.get("aliases") or [])} if x}


def suggest(G, name: str, limit: int = 5) -> list[str]:
    """Nearest known entity names (rapidfuzz WRatio over names and aliases)."""
    from rapidfuzz import fuzz, process

    idx = _index(G)
    hits = process.extract(
        name, idx.label_list, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=50
    )
    hits.sort(key=lambda h: (-h[1], h[0]))
    out: list[str] = []
    for label, _score, _ in hits:
        for key in sorted(idx.labels[label]):
            display = G.nodes[key].get("name") or key
            if display not in out:
                out.append(display)
    return out[:limit]


def find_entity(G, name: str) -> str:
    """The key of the entity called ``name`` (key, name or alias, case-insensitive).

    Raises EntityNotFoundError with suggestions, or QueryError when the name is ambiguous.
    """
    if not isinstance(name, str) or not name.strip():
        raise QueryError("an entity name is needed")
    if name in G:
        return name
    folded = name.strip().casefold()
    if isinstance(G, GraphIndex):
        keys = G.lookup(folded)  # binary search over label hashes: no name dictionary to build
    else:
        keys = sorted(set(_index(G).by_label.get(folded, [])))
        if not keys or any(k not in G or folded not in _labels_of(G, k) for k in keys):
            keys = sorted(set(_index(G, rebuild=True).by_label.get(folded, [])))  # graph changed
    if len(keys) == 1:
        return keys[0]
    if len(keys) > 1:
        # prefer the entity whose display name matches exactly
        exact = [k for k in keys if (G.nodes[k].get("name") or "").casefold() == folded]
        if len(exact) == 1:
            return exact[0]
        names = ", ".join(f"{G.nodes[k].get('name')} ({k})" for k in keys)
        raise QueryError(f"{name!r} is ambiguous: {names}; use the entity key")
    raise EntityNotFoundError(name, suggest(G, name))


def _name(G, key: str) -> str:
    return G.nodes[key].get("name") or key


# ---------------------------------------------------------------------------------------------
# helpers


def _edges_between(G, u: str, v: str):
    """(source, relation, target, data) of every edge between u and v, either direction."""
    out = []
    for s, t in ((u, v), (v, u)):
        if G.has_edge(s, t):
            for rel, data in G[s][t].items():
                out.append((s, rel, t, data))
    return sorted(out, key=lambda e: (-e[3].get("weight", 0), e[1], e[0], e[2]))


def _adjacent(G, n: str) -> set[str]:
    """Neighbours of n, links followed in either direction (no self)."""
    out = set(G._succ[n])
    out.update(G._pred[n])
    out.discard(n)
    return out


def _simple_graph(G) -> nx.Graph:
    """Undirected simple graph of G, nodes and edges inserted in sorted order (deterministic).

    ``weight`` of a pair = the sum of the weights of every link between them.
    """
    if isinstance(G, GraphIndex):
        U = nx.Graph()
        U.add_nodes_from(G.keys)
        src = np.repeat(np.arange(len(G)), np.diff(G.u_ptr))
        up = src < np.asarray(G.u_idx)  # each pair once, in (key, key) order
        keys = G.keys
        U.add_weighted_edges_from(
            (keys[a], keys[b], x)
            for a, b, x in zip(
                src[up].tolist(), np.asarray(G.u_idx)[up].tolist(), np.asarray(G.u_w)[up].tolist()
            )
        )
        return U
    w: dict[tuple[str, str], float] = defaultdict(float)
    for s, t, data in G.edges(data=True):
        if s == t:
            continue
        pair = (s, t) if s < t else (t, s)
        w[pair] += data.get("weight") or 1
    U = nx.Graph()
    U.add_nodes_from(sorted(G.nodes))
    U.add_weighted_edges_from((s, t, x) for (s, t), x in sorted(w.items()))
    return U


def _check_choice(what: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise QueryError(f"{what} must be one of {', '.join(choices)}; got {value!r}")
    return value


def _check_positive(what: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise QueryError(f"{what} must be a whole number ≥ 1; got {value!r}")
    return value


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _check_date(what: str, value: str) -> str:
    if not isinstance(value, str) or not _DATE.match(value.strip()):
        raise QueryError(f"{what} must be a date YYYY-MM-DD (or YYYY-MM, YYYY); got {value!r}")
    value = value.strip()
    parts = [int(x) for x in value.split("-")]
    if len(parts) > 1 and not 1 <= parts[1] <= 12 or len(parts) > 2 and not 1 <= parts[2] <= 31:
        raise QueryError(f"{what}: {value!r} is not a valid date")
    return value


class Rows(list):
    """Query rows (a plain list) that also know ``total``: how many rows the whole answer has
    when they are one page of it (``limit``/``offset``)."""

    def __init__(self, rows=(), *, total: int | None = None):
        super().__init__(rows)
        self.total = len(self) if total is None else total


def _score(x: float) -> float:
    return round(float(x), SCORE_DECIMALS)


# ---------------------------------------------------------------------------------------------
# the NetworkX twins


def neighbors(
    G,
    name: str,
    *,
    relation: str | None = None,
    direction: str = "both",
    limit: int | None = None,
    offset: int = 0,
) -> Rows:
    """Neighbours of an entity with link counts and first/last seen dates.

    One row per (neighbour, relation, direction). ``direction``: out, in or both; symmetric
    relations count as both. ``limit``/``offset`` give one page of the rows (strongest links
    first); the result's ``total`` says how many rows there are in all.
    """
    _check_choice("direction", direction, ("out", "in", "both"))
    if limit is not None:
        _check_positive("limit", limit)
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise QueryError(f"offset must be a whole number ≥ 0; got {offset!r}")
    key = find_entity(G, name)
    if isinstance(G, GraphIndex):
        return _neighbors_index(G, key, relation, direction, limit, offset)
    rows = []
    for s, t, rel, data in [
        (key, t, r, d) for t, rels in G.succ[key].items() for r, d in rels.items()
    ] + [(s, key, r, d) for s, rels in G.pred[key].items() for r, d in rels.items()]:
        if relation and rel != relation.upper():
            continue
        if s == key and t == key:
            continue
        other = t if s == key else s
        d = "both" if data.get("symmetric") else ("out" if s == key else "in")
        if direction != "both" and d not in (direction, "both"):
            continue
        rows.append(
            {
                "entity": _name(G, key),
                "neighbor": _name(G, other),
                "neighbor_key": other,
                "neighbor_type": G.nodes[other].get("type"),
                "relation": rel,
                "direction": d,
                "weight": data.get("weight", 0),
                "evidence": len(data.get("evidence", [])),
                "first_seen": data.get("first_seen"),
                "last_seen": data.get("last_seen"),
                "contested": bool(data.get("contested")),
                "event_dates": list(data.get("event_dates") or []),
            }
        )
    rows.sort(
        key=lambda r: (
            -r["weight"],
            -r["evidence"],
            r["neighbor"],
            r["neighbor_key"],
            r["relation"],
            r["direction"],
        )
    )
    return Rows(rows[offset : offset + limit] if limit else rows[offset:], total=len(rows))


#: entities with at least this many links keep their ``neighbors`` row templates in the index
#: (:meth:`GraphIndex.kept_rows`) once asked for all their rows twice; later queries copy them
NEIGHBOR_ROWS_KEPT_FROM = 500


def _neighbors_index(
    G: GraphIndex, key: str, relation: str | None, direction: str, limit: int | None, offset: int
) -> Rows:
    """:func:`neighbors` over the query index: the same rows, in the order the index stores
    each entity's links in (``nb_*``, :mod:`graphkit.store.snapshot`), so nothing is sorted.

    The rows of a big entity (a hub: thousands) asked for more than once are built once and
    kept in the index as templates (:meth:`GraphIndex.kept_rows`); each query then returns
    copies: ``dict.copy`` of a key-sharing dict runs in C, and with the row's own
    ``event_dates`` list costs under half of building the row in Python (the 7,159-row hub:
    about a third of the CPU time). Pages and filters pick from the kept templates, if any.
    """
    i = G.key_id[key]
    lo, hi = int(G.nb_ptr[i]), int(G.nb_ptr[i + 1])
    pos = None  # positions (from lo) of the answer's links in the stored list; None: all
    if relation or direction != "both":  # a filter keeps the stored order
        keep = np.ones(hi - lo, dtype=bool)
        e, code = G.nb_edge[lo:hi], G.nb_dir[lo:hi]
        if relation:
            rid = G.rel_id.get(relation.upper())
            keep &= G.rel[e] == (-1 if rid is None else rid)
        if direction != "both":
            keep &= (code == 0) | (code == (2 if direction == "out" else 1))
        pos = np.flatnonzero(keep)
    total = hi - lo if pos is None else len(pos)
    stop = offset + limit if limit else None
    whole = pos is None and not offset and not limit
    with GCPaused():  # thousands of fresh, acyclic dicts: nothing for the cyclic GC to find
        kept = None
        if hi - lo >= NEIGHBOR_ROWS_KEPT_FROM:  # a hub's rows, kept once asked for twice
            kept = G.kept_rows(
                "neighbors",
                i,
                (lambda: _neighbor_templates(G, i, slice(lo, hi))) if whole else None,
                hi - lo,
            )
        if kept is None:
            if pos is None:
                at = slice(lo + offset, hi if stop is None else min(hi, lo + stop))
            else:
                at = lo + pos[offset:stop]
            return Rows(_neighbor_templates(G, i, at, fresh=True)[0], total=total)
        templates, dated, dates = kept
        if pos is None:
            sel = None if whole else np.arange(hi - lo)[offset:stop]
            picked = templates if whole else templates[offset:stop]
        else:
            sel = pos[offset:stop]
            picked = [templates[j] for j in sel.tolist()]
        rows = Rows(map(dict.copy, picked), total=total)
        for row in rows:  # each row's own list (None in the templates: last, so in key order)
            row["event_dates"] = []
        for j in np.flatnonzero(dated if sel is None else dated[sel]).tolist():
            rows[j]["event_dates"] = list(dates[j if sel is None else int(sel[j])])
        return rows


def _neighbor_templates(
    G: GraphIndex, i: int, at: slice | np.ndarray, *, fresh: bool = False
) -> tuple[list[dict], np.ndarray, dict[int, tuple[str, ...]]]:
    """The ``neighbors`` rows of entity ``i`` for the entries ``at`` (a slice or positions) of
    its stored links (``nb_*``); which rows have event dates (a boolean array), and theirs
    (row position → tuple). ``fresh``: the rows are the answer, each with its own
    ``event_dates`` list; else templates, with None there.

    Strings are gathered per column from object arrays (in C); the rows are key-sharing
    dicts (:class:`_NeighborRow`). Call with the cyclic GC paused.
    """
    e, code = G.nb_edge[at], G.nb_dir[at]
    other = G.src[e].astype(np.int64) + G.dst[e] - i  # the end that is not the entity
    me = G.display(i)
    objs = G.object_columns()  # per-node/relation/date strings as object arrays: gathered in C
    rows = []
    append = rows.append
    new = _NeighborRow
    for name, k, t, r, d, w, n, fs, ls, c in zip(
        objs["display"][other].tolist(),
        objs["keys"][other].tolist(),
        objs["type_names"][G.node_type[other]].tolist(),
        objs["relations"][G.rel[e]].tolist(),
        objs["directions"][code].tolist(),
        G.weight[e].tolist(),
        G.n_evidence[e].tolist(),
        objs["dates"][G.first_seen[e] + 1].tolist(),
        objs["dates"][G.last_seen[e] + 1].tolist(),
        (G.flags[e] & CONTESTED).astype(bool).tolist(),
    ):
        row = new()  # attributes set in the order of the row's keys
        row.entity = me
        row.neighbor = name
        row.neighbor_key = k
        row.neighbor_type = t
        row.relation = r
        row.direction = d
        row.weight = w
        row.evidence = n
        row.first_seen = fs
        row.last_seen = ls
        row.contested = c
        row.event_dates = [] if fresh else None
        append(row.__dict__)
    a, b = G.event_dates_ptr[e], G.event_dates_ptr[e + 1]
    dated = a != b
    strings, ids = G.strings, G.event_dates_ids
    dates = {}
    for j in np.flatnonzero(dated).tolist():  # the few links with event dates
        dates[j] = tuple(strings[x] for x in ids[a[j] : b[j]].tolist())
        if fresh:
            rows[j]["event_dates"] = list(dates[j])
    return rows, dated, dates


class _NeighborRow:
    """Builds one ``neighbors`` row: the row is the instance's attribute dict (``__dict__``).

    A plain ``dict`` like any other, keys in the order the attributes are set; but CPython
    builds it as a key-sharing dict (PEP 412) from attribute stores, which for the 7,000 rows
    of a hub is about a third faster than dict displays and makes each row 168 bytes instead
    of 464 (less to allocate, free and walk). The instance itself is dropped at once. Its
    ``dict.copy()`` is key-sharing too.
    """


def _gather(ptr, idx, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(neighbour, owner) of every CSR entry of ``nodes``: the rows concatenated, vectorised."""
    nodes = np.asarray(nodes, dtype=np.int64)
    starts = np.asarray(ptr[nodes], dtype=np.int64)
    lens = np.asarray(ptr[nodes + 1], dtype=np.int64) - starts
    total = int(lens.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    offsets = np.repeat(starts - (np.cumsum(lens) - lens), lens) + np.arange(total)
    return np.asarray(idx[offsets], dtype=np.int64), np.repeat(nodes, lens)


def _distinct(values: np.ndarray, n: int) -> np.ndarray:
    """Sorted distinct node ids in ``values`` (< n): a bitmap for big sets, sorting for small."""
    if len(values) * 16 < n:
        return np.unique(values)
    seen = np.zeros(n, dtype=bool)
    seen[values] = True
    return np.flatnonzero(seen)


def _path_edges(G: GraphIndex, a: str, b: str, max_hops: int) -> np.ndarray:
    """Ids of every link on a shortest path between keys a and b (at most ``max_hops``).

    The level-synchronous bidirectional BFS of :func:`shortest_paths`, on the CSR adjacency:
    it finds the same distance and the same meeting layer, then walks back from it to both
    ends; the links between consecutive layers are all the links of all shortest paths.
    """
    ptr, idx = G.u_ptr, G.u_idx
    ia, ib = G.key_id[a], G.key_id[b]
    dist = {0: np.full(len(G), -1, dtype=np.int32), 1: np.full(len(G), -1, dtype=np.int32)}
    dist[0][ia], dist[1][ib] = 0, 0
    front = {0: np.array([ia]), 1: np.array([ib])}
    level = {0: 0, 1: 0}
    meet = None
    while front[0].size and front[1].size:
        if level[0] + level[1] >= max_hops:
            return np.zeros(0, dtype=np.int64)
        side = 0 if front[0].size <= front[1].size else 1
        d = dist[side]
        nb, _ = _gather(ptr, idx, front[side])
        new = _distinct(nb[d[nb] < 0], len(G))
        level[side] += 1
        d[new] = level[side]
        front[side] = new
        hits = new[dist[1 - side][new] >= 0]
        if hits.size:
            total = dist[0][hits] + dist[1][hits]
            meet = hits[total == total.min()]
            break
    if meet is None:
        return np.zeros(0, dtype=np.int64)
    pairs: set[tuple[int, int]] = set()
    for side in (0, 1):
        cur = meet
        for lv in range(level[side], 0, -1):
            nb, owner = _gather(ptr, idx, cur)
            on = dist[side][nb] == lv - 1
            pairs.update(zip(nb[on].tolist(), owner[on].tolist()))
            cur = _distinct(nb[on], len(G))
    return G.between(pairs)


def _bfs_layers(G, seen: dict[str, int], preds: dict[str, list[str]], frontier):
    """Expand one BFS level: new nodes get distance+1 and all their predecessors."""
    nxt: list[str] = []
    for u in frontier:
        du = seen[u]
        for w in _adjacent(G, u):
            dw = seen.get(w)
            if dw is None:
                seen[w] = du + 1
                preds[w] = [u]
                nxt.append(w)
            elif dw == du + 1:
                preds[w].append(u)
    return nxt


def shortest_paths(G, a: str, b: str, *, max_hops: int = 6) -> Iterator[list[str]]:
    """Every shortest path between keys a and b (links in either direction), lexicographic by
    the entities' (name, key), as a generator; nothing when longer than ``max_hops``.

    Level-synchronous bidirectional BFS: the side with the smaller frontier grows one level at a
    time, so only the neighbourhoods of the two ends are visited on a large graph.
    """
    if a == b:
        return
    da: dict[str, int] = {a: 0}
    db: dict[str, int] = {b: 0}
    pa: dict[str, list[str]] = {a: []}
    pb: dict[str, list[str]] = {b: []}
    fa, fb = [a], [b]
    la = lb = 0
    meet: list[str] = []
    while fa and fb:
        if la + lb >= max_hops:
            return
        if len(fa) <= len(fb):
            fa = _bfs_layers(G, da, pa, fa)
            la += 1
            hits = [v for v in fa if v in db]
        else:
            fb = _bfs_layers(G, db, pb, fb)
            lb += 1
            hits = [v for v in fb if v in da]
        if hits:
            d = min(da[v] + db[v] for v in hits)
            meet = [v for v in hits if da[v] + db[v] == d]
            break
    if not meet:
        return
    # forward DAG from a to the meeting nodes (A side), then on to b (B side: preds towards b)
    on_a: set[str] = set()
    stack = list(meet)
    while stack:
        v = stack.pop()
        if v in on_a:
            continue
        on_a.add(v)
        stack.extend(pa[v])
    children: dict[str, list[str]] = defaultdict(list)
    for v in on_a:
        for u in pa[v]:
            children[u].append(v)
    meet_set = set(meet)

    def order(keys):
        return sorted(keys, key=lambda k: (_name(G, k), k))

    def tail(v: str, acc: list[str]) -> Iterator[list[str]]:
        if v == b:
            yield acc
            return
        for w in order(pb[v]):
            yield from tail(w, acc + [w])

    def head(u: str, acc: list[str]) -> Iterator[list[str]]:
        if u in meet_set:
            yield from tail(u, acc)
            return
        for w in order(children[u]):
            yield from head(w, acc + [w])

    yield from head(a, [a])


def path(
    G,
    source: str,
    target: str,
    *,
    all: bool = False,  # noqa: A002
    max_hops: int = 6,
    limit: int = 25,
) -> list[dict]:
    """Shortest paths between two entities (links followed in either direction).

    One row per hop: ``path`` (index), ``step``, ``from_entity`` → ``to_entity`` (walking
    order), ``source``, ``relation``, ``target`` (as the link is stored), the link's weight and
    its first evidence sentence. Paths come in
    lexicographic order of their entity names; without ``all`` only the first, with ``all`` at
    most ``limit``. No rows when there is no path of at most ``max_hops`` links.
    """
    _check_positive("max_hops", max_hops)
    _check_positive("limit", limit)
    a, b = find_entity(G, source), find_entity(G, target)
    if isinstance(G, GraphIndex):
        H = G.subgraph(_path_edges(G, a, b, max_hops) if a != b else (), [a, b])
        return path(H, a, b, all=all, max_hops=max_hops, limit=limit)
    if a == b:
        raise QueryError("source and target are the same entity")
    rows = []
    for i, p in enumerate(shortest_paths(G, a, b, max_hops=max_hops), 1):
        if i > (limit if all else 1):
            break
        for step, (u, v) in enumerate(zip(p, p[1:]), 1):
            s, rel, t, data = _edges_between(G, u, v)[0]
            ev = data.get("evidence") or [{}]
            rows.append(
                {
                    "path": i,
                    "step": step,
                    "from_entity": _name(G, u),
                    "to_entity": _name(G, v),
                    "source": _name(G, s),
                    "relation": rel,
                    "target": _name(G, t),
                    "weight": data.get("weight", 0),
                    "sentence": ev[0].get("sentence"),
                    "doc_id": ev[0].get("doc_id"),
                }
            )
    return rows


def common(G, names: list[str], *, relation: str | None = None) -> list[dict]:
    """Entities linked to every one of two or more entities, with the links to each.

    One row per common neighbour: ``relations`` lists each link as ``"A -REL-> N"`` (``-REL-``
    for symmetric types), in the order the entities were given; ``weight`` sums their weights.
    """
    if isinstance(names, str):
        names = [names]
    if len(names) < 2:
        raise QueryError("common needs at least two entities")
    keys = [find_entity(G, n) for n in names]
    if isinstance(G, GraphIndex):
        return common(G.subgraph(_common_edges(G, keys, relation), keys), keys, relation=relation)
    if len(set(keys)) < len(keys):
        raise QueryError("common: the same entity was given twice")
    rel = relation.upper() if relation else None

    def linked(k: str) -> set[str]:
        if rel is None:
            return _adjacent(G, k)
        out = {t for t, rels in G._succ[k].items() if rel in rels}
        out.update(s for s, rels in G._pred[k].items() if rel in rels)
        out.discard(k)
        return out

    shared = set.intersection(*(linked(k) for k in keys)) - set(keys)
    rows = []
    for n in shared:
        links: list[str] = []
        weight = 0
        for k in keys:
            for s, r, t, data in sorted(_edges_between(G, k, n), key=lambda e: (e[1], e[0])):
                if rel and r != rel:
                    continue
                arrow = f" -{r}- " if data.get("symmetric") else f" -{r}-> "
                links.append(f"{_name(G, s)}{arrow}{_name(G, t)}")
                weight += data.get("weight", 0)
        rows.append(
            {
                "neighbor": _name(G, n),
                "neighbor_key": n,
                "neighbor_type": G.nodes[n].get("type"),
                "entities": [_name(G, k) for k in keys],
                "links": len(links),
                "weight": weight,
                "relations": links,
            }
        )
    rows.sort(key=lambda r: (-r["weight"], -r["links"], r["neighbor"], r["neighbor_key"]))
    return rows


def _common_edges(G: GraphIndex, keys: list[str], relation: str | None) -> np.ndarray:
    """Ids of the links between the entities ``keys`` and the neighbours they all share."""
    if len(set(keys)) < len(keys):
        return np.zeros(0, dtype=np.int64)
    ids = [G.key_id[k] for k in keys]
    rid = G.rel_id.get(relation.upper(), -1) if relation else None

    def linked(i: int) -> set[int]:
        if rid is None:
            return set(G.neighbours(i).tolist())
        e = G.incident(i)
        e = e[np.asarray(G.rel[e]) == rid]
        return set(np.concatenate([G.src[e], G.dst[e]]).tolist())

    shared = set.intersection(*(linked(i) for i in ids)) - set(ids)
    return G.between((i, n) for i in ids for n in shared)


def central(
    G,
    *,
    by: str = "degree",
    type: str | None = None,  # noqa: A002
    top: int = 10,
    samples: int = 100,
    seed: int = SEED,
) -> list[dict]:
    """The most central entities of the whole graph (links taken as undirected).

    ``degree``: number of distinct neighbours; ``pagerank``: PageRank over link weights
    (independent sources); ``betweenness``: shortest-path betweenness (normalised), exact up to
    ``EXACT_BETWEENNESS_MAX_NODES`` nodes, above that estimated from ``samples`` source nodes
    drawn with ``seed`` — the ``method`` column says which. ``type`` filters the ranking, not
    the graph. Ties are broken by name, then key.
    """
    _check_choice("--by", by, ("degree", "pagerank", "betweenness"))
    _check_positive("top", top)
    _check_positive("samples", samples)
    method = by
    if isinstance(G, GraphIndex):
        return _central_index(G, by, type, top, samples, seed)
    if by == "degree":
        scores: dict[str, float] = {n: len(_adjacent(G, n)) for n in G}
    else:
        U = _simple_graph(G)
        if U.number_of_nodes() == 0:
            return []
        if by == "pagerank":
            scores = nx.pagerank(U, weight="weight")
        else:
            n = U.number_of_nodes()
            if n <= EXACT_BETWEENNESS_MAX_NODES or samples >= n:
                scores = nx.betweenness_centrality(U)
                method = "betweenness (exact)"
            else:
                scores = nx.betweenness_centrality(U, k=samples, seed=seed)
                method = f"betweenness (sampled: {samples} of {n} nodes, seed {seed})"
    want = type.upper() if type else None
    ranked = sorted(
        (
            (_score(s), _name(G, k), k)
            for k, s in scores.items()
            if want is None or G.nodes[k].get("type") == want
        ),
        key=lambda x: (-x[0], x[1], x[2]),
    )[:top]
    return [
        {
            "rank": i,
            "entity": name,
            "key": k,
            "type": G.nodes[k].get("type"),
            "score": int(s) if by == "degree" else s,
            "degree": len(_adjacent(G, k)),
            "method": method,
        }
        for i, (s, name, k) in enumerate(ranked, 1)
    ]


def _central_index(
    G: GraphIndex,
    by: str,
    type: str | None,
    top: int,
    samples: int,
    seed: int,  # noqa: A002
) -> list[dict]:
    """:func:`central` over the query index: scores from the CSR adjacency, same rows."""
    n = len(G)
    degree = G.degree()
    method = by
    if by == "degree":
        scores = degree
    elif n == 0:
        return []
    elif by == "pagerank":
        scores = pagerank_csr(G.adjacency())
    elif n <= EXACT_BETWEENNESS_MAX_NODES or samples >= n:
        scores = betweenness_csr(G.u_ptr, G.u_idx, None)
        method = "betweenness (exact)"
    else:
        import random

        sources = random.Random(seed).sample(range(n), samples)  # = sample(sorted keys, k)
        scores = betweenness_csr(G.u_ptr, G.u_idx, sources)
        method = f"betweenness (sampled: {samples} of {n} nodes, seed {seed})"
    want = type.upper() if type else None
    if want is None:
        cand = np.arange(n)
    else:
        cand = np.nonzero(np.asarray(G.node_type) == G.type_id.get(want, -2))[0]
    vals = np.asarray(scores, dtype=np.float64)
    if len(cand) > top:  # only what can reach the top after rounding goes to the exact sort
        kth = np.partition(vals[cand], len(cand) - top)[len(cand) - top]
        cand = cand[vals[cand] >= kth - 10.0**-SCORE_DECIMALS]
    ranked = sorted(
        ((_score(scores[i]), G.display(i), G.keys[i], i) for i in cand.tolist()),
        key=lambda x: (-x[0], x[1], x[2]),
    )[:top]
    return [
        {
            "rank": r,
            "entity": name,
            "key": k,
            "type": G.types[i],
            "score": int(s) if by == "degree" else s,
            "degree": int(degree[i]),
            "method": method,
        }
        for r, (s, name, k, i) in enumerate(ranked, 1)
    ]


def pagerank_csr(A, alpha: float = 0.85, max_iter: int = 100, tol: float = 1.0e-6) -> np.ndarray:
    """PageRank of a weighted adjacency matrix (SciPy CSR, rows = nodes in key order).

    The power iteration of ``networkx.pagerank`` (its SciPy implementation, same defaults,
    same operations in the same order), so the scores equal those of ``nx.pagerank`` on the
    graph the matrix was made from.
    """
    from scipy import sparse

    N = A.shape[0]
    S = A.sum(axis=1)
    S[S != 0] = 1.0 / S[S != 0]
    Q = sparse.dia_array((S.T, 0), shape=A.shape).tocsr()
    A = Q @ A
    x = np.repeat(1.0 / N, N)
    p = np.repeat(1.0 / N, N)
    is_dangling = np.where(S == 0)[0]
    for _ in range(max_iter):
        xlast = x
        x = alpha * (x @ A + sum(x[is_dangling]) * p) + (1 - alpha) * p
        if np.absolute(x - xlast).sum() < N * tol:
            return x
    raise QueryError(f"PageRank did not converge in {max_iter} iterations")


def betweenness_csr(ptr, idx, sources: list[int] | None) -> np.ndarray:
    """Normalised shortest-path betweenness of an undirected graph given as CSR adjacency.

    Brandes' algorithm one BFS level at a time (path counts forward, dependencies backward,
    each level a vectorised gather), from every node (``sources`` None) or from the sampled
    ``sources``, rescaled as ``networkx.betweenness_centrality`` does (endpoints excluded).
    """
    n = len(ptr) - 1
    bc = np.zeros(n)
    for s in range(n) if sources is None else sources:
        dist = np.full(n, -1, dtype=np.int64)
        sigma = np.zeros(n)
        dist[s], sigma[s] = 0, 1.0
        levels = [np.array([s])]
        while True:
            nb, owner = _gather(ptr, idx, levels[-1])
            fresh = dist[nb] < 0
            nb, owner = nb[fresh], owner[fresh]
            if not nb.size:
                break
            new = _distinct(nb, n)
            dist[new] = len(levels)
            sigma += np.bincount(nb, weights=sigma[owner], minlength=n)
            levels.append(new)
        delta = np.zeros(n)
        for lv in range(len(levels) - 1, 0, -1):
            w = levels[lv]
            coeff = np.zeros(n)
            coeff[w] = (1.0 + delta[w]) / sigma[w]
            nb, owner = _gather(ptr, idx, w)
            back = dist[nb] == lv - 1
            delta += sigma * np.bincount(nb[back], weights=coeff[owner[back]], minlength=n)
        delta[s] = 0.0
        bc += delta
    # rescaling of networkx (normalized, undirected, endpoints excluded)
    m = n - 1
    if m < 2:
        return bc
    if sources is None:
        return bc * (1 / (m * (m - 1)))
    k = len(sources)
    scale = np.full(n, 1 / (k * (m - 1)))
    scale[list(sources)] = 1 / ((k - 1) * (m - 1)) if k > 1 else np.nan
    return bc * scale


def communities(
    G,
    *,
    method: str = "louvain",
    min_size: int = 2,
    resolution: float = 1.0,
    seed: int = SEED,
) -> list[dict]:
    """Communities of the graph (links undirected, weighted by independent sources).

    ``louvain`` (``resolution``, ``seed``) or ``label_propagation`` (asynchronous, ``seed``).
    One row per community of at least ``min_size`` members, largest first; members ordered by
    degree, then name. Communities are numbered after sorting, so numbers are stable.
    """
    _check_choice("--method", method, ("louvain", "label_propagation"))
    _check_positive("min_size", min_size)
    U = _simple_graph(G)
    if U.number_of_nodes() == 0:
        return []
    if method == "louvain":
        parts = nx.community.louvain_communities(
            U, weight="weight", resolution=resolution, seed=seed
        )
    else:
        parts = nx.community.asyn_lpa_communities(U, weight="weight", seed=seed)
    out = []
    for members in parts:
        if len(members) < min_size:
            continue
        ordered = sorted(members, key=lambda k: (-U.degree(k), _name(G, k), k))
        internal = U.subgraph(members).number_of_edges()
        types = Counter(G.nodes[k].get("type") for k in members)
        out.append(
            {
                "size": len(members),
                "links": internal,
                "types": ", ".join(f"{t} {c}" for t, c in sorted(types.items(), key=str)),
                "members": [_name(G, k) for k in ordered],
                "member_keys": ordered,
            }
        )
    out.sort(key=lambda r: (-r["size"], -r["links"], r["members"][0], r["member_keys"][0]))
    return [{"community": i, **r} for i, r in enumerate(out, 1)]


def search(G, text: str, *, limit: int = 10, type: str | None = None) -> list[dict]:  # noqa: A002
    """Entities by partial or fuzzy name and alias ("putin" finds "Vladimir Putin").

    The score of an entity is its best over its name and aliases: 100 for an exact
    (case-insensitive) match, else rapidfuzz WRatio (which scores a word contained in a longer
    name at 90). Ties go to the entity with more mentions, then by name and key.
    """
    from rapidfuzz import fuzz, process, utils

    if not isinstance(text, str) or not text.strip():
        raise QueryError("search needs some text")
    _check_positive("limit", limit)
    idx = _index(G)
    query = text.strip()
    folded = query.casefold()
    best: dict[str, tuple[float, str]] = {}
    hits = process.extract(
        query,
        idx.label_list,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=None,
        score_cutoff=70,
    )
    for label, score, _ in hits:
        score = 100.0 if label.casefold() == folded else min(float(score), 99.0)
        for key in idx.labels[label]:
            cur = best.get(key)
            if cur is None or (score, cur[1]) > (cur[0], label):
                best[key] = (score, label)
    want = type.upper() if type else None
    rows = []
    for key, (score, label) in best.items():
        data = G.nodes[key]
        if want and data.get("type") != want:
            continue
        rows.append(
            {
                "entity": _name(G, key),
                "key": key,
                "type": data.get("type"),
                "matched": label,
                "score": round(score, 1),
                "aliases": sorted(data.get("aliases") or []),
                "mentions": data.get("mentions") or 0,
            }
        )
    rows.sort(key=lambda r: (-r["score"], -r["mentions"], r["entity"], r["key"]))
    return [{"rank": i, **r} for i, r in enumerate(rows[:limit], 1)]


def _link_row(G, s: str, rel: str, t: str, data: dict) -> dict:
    return {
        "source": _name(G, s),
        "relation": rel,
        "target": _name(G, t),
        "source_key": s,
        "target_key": t,
        "weight": data.get("weight", 0),
        "evidence": len(data.get("evidence", [])),
        "first_seen": data.get("first_seen"),
        "last_seen": data.get("last_seen"),
    }


def new(
    G,
    since: str,
    *,
    until: str | None = None,
    relation: str | None = None,
) -> list[dict]:
    """Links first seen on or after ``since`` (and, with ``until``, on or before it).

    "First seen" is the earliest publication date among a link's evidence; links whose articles
    have no date are never "new". Newest first, then by names.
    """
    since = _check_date("--since", since)
    until = _check_date("--until", until) if until else None
    rel = relation.upper() if relation else None
    if isinstance(G, GraphIndex):
        ok = [d >= since and (not until or d[: len(until)] <= until) for d in G.dates]
        first = np.asarray(G.first_seen)
        mask = first >= 0
        mask[mask] = np.array(ok, dtype=bool)[first[mask]]
        if rel:
            mask &= np.asarray(G.rel) == G.rel_id.get(rel, -1)
        H = G.subgraph(np.nonzero(mask)[0], evidence=True)
        return new(H, since, until=until, relation=relation)
    rows = []
    for s, t, r, data in G.edges(keys=True, data=True):
        first = data.get("first_seen")
        if not first or first < since or (rel and r != rel):
            continue
        if until and first[: len(until)] > until:
            continue
        ev = data.get("evidence") or [{}]
        row = _link_row(G, s, r, t, data)
        row["sentence"] = ev[0].get("sentence")
        row["doc_id"] = ev[0].get("doc_id")
        rows.append(row)
    rows.sort(key=lambda r: (r["source"], r["relation"], r["target"], r["source_key"]))
    rows.sort(key=lambda r: r["first_seen"], reverse=True)  # stable: newest first
    return rows


def contested(G, *, relation: str | None = None, name: str | None = None) -> list[dict]:
    """Links that are denied or negated somewhere, with who denies them.

    One row per link: ``denied_by`` (everyone who denies it), ``negated`` (some sentence
    negates it), how many of its sentences are contested, and the first such sentence with its
    attribution. ``name`` keeps the links of one entity.
    """
    rel = relation.upper() if relation else None
    only = find_entity(G, name) if name else None
    if isinstance(G, GraphIndex):
        mask = (np.asarray(G.flags) & 1).astype(bool)
        if rel:
            mask &= np.asarray(G.rel) == G.rel_id.get(rel, -1)
        if only:
            i = G.key_id[only]
            mask &= (np.asarray(G.src) == i) | (np.asarray(G.dst) == i)
        H = G.subgraph(np.nonzero(mask)[0], [only] if only else [], evidence=True)
        return contested(H, relation=relation, name=only)
    rows = []
    for s, t, r, data in G.edges(keys=True, data=True):
        if not data.get("contested") or (rel and r != rel) or (only and only not in (s, t)):
            continue
        evs = [e for e in data.get("evidence", []) if e.get("negated") or e.get("denied_by")]
        first = evs[0] if evs else {}
        row = _link_row(G, s, r, t, data)
        row.update(
            {
                "denied_by": sorted({e["denied_by"] for e in evs if e.get("denied_by")}),
                "negated": any(bool(e.get("negated")) for e in evs),
                "contested_evidence": len(evs),
                "sentence": first.get("sentence"),
                "attributed_to": first.get("attributed_to"),
                "doc_id": first.get("doc_id"),
            }
        )
        rows.append(row)
    rows.sort(
        key=lambda r: (
            -len(r["denied_by"]),
            -r["contested_evidence"],
            r["source"],
            r["relation"],
            r["target"],
            r["source_key"],
        )
    )
    return rows


def evidence(G, a: str, b: str, *, relation: str | None = None) -> list[dict]:
    """Every sentence behind the links between two entities, with source and stance."""
    ka, kb = find_entity(G, a), find_entity(G, b)
    if isinstance(G, GraphIndex):
        edges = G.between([(G.key_id[ka], G.key_id[kb])]) if ka != kb else ()
        return evidence(G.subgraph(edges, [ka, kb], evidence=True), ka, kb, relation=relation)
    if ka == kb:
        raise QueryError("evidence needs two different entities")
    rows = []
    for s, rel, t, data in _edges_between(G, ka, kb):
        if relation and rel != relation.upper():
            continue
        for ev in data.get("evidence", []):
            rows.append(
                {
                    "source": _name(G, s),
                    "relation": rel,
                    "target": _name(G, t),
                    "predicate": ev.get("predicate"),
                    "sentence": ev.get("sentence"),
                    "doc_id": ev.get("doc_id"),
                    "title": ev.get("title"),
                    "path": ev.get("path"),
                    "url": ev.get("url"),
                    "publisher": ev.get("publisher"),
                    "published": ev.get("published"),
                    "char_start": ev.get("char_start"),
                    "char_end": ev.get("char_end"),
                    "attributed_to": ev.get("attributed_to"),
                    "negated": bool(ev.get("negated")),
                    "denied_by": ev.get("denied_by"),
                    "event_time": ev.get("event_time"),
                    "event_date": ev.get("event_date"),
                    "confidence": ev.get("confidence"),
                    "group": ev.get("group"),
                    "copies": ev.get("copies", 1),
                }
            )
    rows.sort(
        key=lambda r: (
            r["relation"],
            r["source"],
            r["published"] or "",
            r["doc_id"],
            r["char_start"],
            r["predicate"] or "",
        )
    )
    return rows


def entity(G, name: str, *, top: int = 5) -> list[dict]:
    """Profile of one entity: type, aliases, counts, relation types and top neighbours."""
    _check_positive("top", top)
    key = find_entity(G, name)
    if isinstance(G, GraphIndex):
        return entity(G.subgraph(G.incident(G.key_id[key]), [key]), key, top=top)
    data = G.nodes[key]
    rels: Counter = Counter()
    strength: Counter = Counter()
    links = 0
    for other in _adjacent(G, key):
        for _s, r, _t, d in _edges_between(G, key, other):
            rels[r] += 1
            strength[other] += d.get("weight", 0)
            links += 1
    dates = [
        d[x]
        for _, _, d in [*G.out_edges(key, data=True), *G.in_edges(key, data=True)]
        for x in ("first_seen", "last_seen")
        if d.get(x)
    ]
    topn = sorted(strength, key=lambda k: (-strength[k], _name(G, k), k))[:top]
    return [
        {
            "entity": _name(G, key),
            "key": key,
            "type": data.get("type"),
            "aliases": sorted(data.get("aliases") or []),
            "articles": data.get("articles") or 0,
            "mentions": data.get("mentions") or 0,
            "neighbors": len(strength),
            "links": links,
            "relations": [f"{r} {c}" for r, c in sorted(rels.items(), key=lambda x: (-x[1], x[0]))],
            "top_neighbors": [_name(G, k) for k in topn],
            "first_seen": min(dates) if dates else None,
            "last_seen": max(dates) if dates else None,
        }
    ]


# ---------------------------------------------------------------------------------------------
# registry


@dataclass(frozen=True)
class Param:
    """A query parameter: required ones are positional on the CLI, the others ``--name``."""

    name: str
    kind: type = str
    required: bool = True
    help: str = ""
    default: Any = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuerySpec:
    """A stock query: its name, description, NetworkX twin, parameters and table columns.

    ``graph_only``: computed in Python over ``backend.graph()`` on every backend (analytics
    Neo4j Community lacks). ``columns``: what a terminal table shows (JSON/CSV keep all keys).
    """

    name: str
    description: str
    func: Callable
    params: tuple[Param, ...] = field(default_factory=tuple)
    columns: tuple[str, ...] = ()
    graph_only: bool = False


QUERIES: dict[str, QuerySpec] = {}


def register(
    name: str,
    description: str,
    *params: Param,
    columns: tuple[str, ...] = (),
    graph_only: bool = False,
):
    def deco(func):
        QUERIES[name] = QuerySpec(name, description, func, params, columns, graph_only)
        return func

    return deco


_REL = Param("relation", required=False, help="only this relation type")
_TYPE = Param("type", required=False, help="only entities of this type (PERSON, ORG, GPE)")

register(
    "neighbors",
    "Neighbours of an entity, by relation and direction, with link counts and first/last seen",
    Param("name", help="entity name, alias or key"),
    _REL,
    Param("direction", required=False, default="both", choices=("out", "in", "both")),
    Param("limit", int, required=False, help="at most this many rows (one page)"),
    Param("offset", int, required=False, default=0, help="skip this many rows (next pages)"),
    columns=(
        "neighbor",
        "neighbor_type",
        "relation",
        "direction",
        "weight",
        "evidence",
        "first_seen",
        "last_seen",
        "contested",
    ),
)(neighbors)
register(
    "path",
    "Shortest paths between two entities, each hop with its relation and one evidence sentence",
    Param("source", help="entity A"),
    Param("target", help="entity B"),
    Param("all", bool, required=False, default=False, help="all shortest paths"),
    Param("max_hops", int, required=False, default=6, help="longest path considered"),
    Param("limit", int, required=False, default=25, help="at most this many paths with --all"),
    columns=(
        "path",
        "step",
        "from_entity",
        "to_entity",
        "source",
        "relation",
        "target",
        "sentence",
    ),
)(path)
register(
    "common",
    "Common connections of two or more entities, with the links to each",
    Param("names", list, help="two or more entities"),
    _REL,
    columns=("neighbor", "neighbor_type", "links", "weight", "relations"),
)(common)
register(
    "central",
    "The most central entities by degree, PageRank or betweenness (fixed seed)",
    Param("by", required=False, default="degree", choices=("degree", "pagerank", "betweenness")),
    _TYPE,
    Param("top", int, required=False, default=10, help="how many"),
    Param("samples", int, required=False, default=100, help="betweenness sources on big graphs"),
    Param("seed", int, required=False, default=SEED, help="random seed"),
    columns=("rank", "entity", "type", "score", "degree", "method"),
    graph_only=True,
)(central)
register(
    "communities",
    "Communities (Louvain or label propagation, fixed seed) with their members",
    Param("method", required=False, default="louvain", choices=("louvain", "label_propagation")),
    Param("min_size", int, required=False, default=2, help="smallest community shown"),
    Param("resolution", float, required=False, default=1.0, help="Louvain resolution"),
    Param("seed", int, required=False, default=SEED, help="random seed"),
    columns=("community", "size", "links", "types", "members"),
    graph_only=True,
)(communities)
register(
    "evidence",
    "Every sentence behind the links between two entities: article, date, attribution, denial",
    Param("a", help="entity A"),
    Param("b", help="entity B"),
    _REL,
    columns=(
        "source",
        "relation",
        "target",
        "sentence",
        "published",
        "title",
        "attributed_to",
        "negated",
        "denied_by",
    ),
)(evidence)
register(
    "search",
    "Entities by partial or fuzzy name and alias ('putin' finds Vladimir Putin)",
    Param("text", help="part of a name"),
    Param("limit", int, required=False, default=10, help="how many"),
    _TYPE,
    columns=("rank", "entity", "type", "matched", "score", "mentions", "aliases"),
    graph_only=True,
)(search)
register(
    "new",
    "Links first seen on or after a date (newest first)",
    Param("since", help="date YYYY-MM-DD"),
    Param("until", required=False, help="date YYYY-MM-DD"),
    _REL,
    columns=("first_seen", "source", "relation", "target", "weight", "evidence", "sentence"),
)(new)
register(
    "contested",
    "Links denied or negated somewhere, with who denies them",
    _REL,
    Param("name", required=False, help="only links of this entity"),
    columns=(
        "source",
        "relation",
        "target",
        "denied_by",
        "negated",
        "contested_evidence",
        "evidence",
        "sentence",
    ),
)(contested)
register(
    "entity",
    "Profile of an entity: type, aliases, counts, relation types, top neighbours",
    Param("name", help="entity name, alias or key"),
    Param("top", int, required=False, default=5, help="how many top neighbours"),
    columns=(
        "entity",
        "type",
        "aliases",
        "articles",
        "mentions",
        "neighbors",
        "links",
        "relations",
        "top_neighbors",
    ),
)(entity)


def graph_of(backend) -> Any:
    """The graph of a backend: a store's, or a NetworkX graph or query index as given."""
    if isinstance(backend, (nx.Graph, GraphIndex)):
        return backend
    graph = getattr(backend, "query_view", None) or getattr(backend, "graph", None)
    if graph is None:
        raise QueryError(f"cannot query a {type(backend).__name__}: not a graph or a store")
    return graph()


def _coerce(spec: QuerySpec, p: Param, value: Any) -> Any:
    if value is None:
        return None
    if p.kind is list:
        if isinstance(value, str):
            return [value]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise QueryError(f"{spec.name}: {p.name} must be a list of names")
        return list(value)
    if p.kind in (int, float):
        if isinstance(value, bool):
            raise QueryError(f"{spec.name}: {p.name} must be a number, got {value!r}")
        try:
            out = p.kind(value)
        except (TypeError, ValueError):
            raise QueryError(f"{spec.name}: {p.name} must be a number, got {value!r}") from None
        if p.kind is int and isinstance(value, float) and value != out:
            raise QueryError(f"{spec.name}: {p.name} must be a whole number, got {value!r}")
        return out
    if p.kind is bool:
        if isinstance(value, str):
            return value.lower() in ("1", "true", "yes", "y")
        return bool(value)
    if not isinstance(value, str):
        raise QueryError(f"{spec.name}: {p.name} must be text, got {value!r}")
    if p.choices and value not in p.choices:
        raise QueryError(
            f"{spec.name}: {p.name} must be one of {', '.join(p.choices)}; got {value!r}"
        )
    return value


def prepare(name: str, params: dict) -> tuple[QuerySpec, dict]:
    """Validate a query name and its parameters; return the spec and the coerced parameters.

    Backends that answer a query natively (Neo4j) call this too, so every backend accepts and
    rejects the same parameters.
    """
    spec = QUERIES.get(name)
    if spec is None:
        raise QueryError(f"unknown query {name!r}; known: {', '.join(sorted(QUERIES))}")
    by_name = {p.name: p for p in spec.params}
    unknown = set(params) - set(by_name)
    if unknown:
        raise QueryError(f"query {name!r} takes no parameter(s) {', '.join(sorted(unknown))}")
    missing = [p.name for p in spec.params if p.required and params.get(p.name) in (None, "")]
    if missing:
        raise QueryError(f"query {name!r} needs {', '.join(missing)}")
    out = {k: _coerce(spec, by_name[k], v) for k, v in params.items() if v is not None}
    return spec, out


def run(name: str, backend, /, **params) -> list[dict]:
    """Run stock query ``name`` on a backend (store or graph) and return plain rows.

    Parameters
    ----------
    name : a key of :data:`QUERIES` (``graphkit query --list``).
    backend : a ``networkx.MultiDiGraph`` from :func:`graphkit.load_graph`, a store, or an
        embedded store's query index (:class:`graphkit.store.index.GraphIndex`). A store with
        ``run_query(name, /, **params)`` (``name`` positional-only, since queries have a
        ``name`` parameter) answers the other queries: Neo4j natively (Cypher), the embedded
        store over its query index. ``graph_only`` queries always run here, over
        ``backend.query_view()`` when the store has one (the index), else ``backend.graph()``.
    **params : the query's parameters by name.
    """
    spec, params = prepare(name, params)
    runner = getattr(backend, "run_query", None)
    if (
        runner is not None
        and not spec.graph_only
        and not isinstance(backend, (nx.Graph, GraphIndex))
    ):
        return runner(name, **params)
    args = [params.pop(p.name) for p in spec.params if p.required]
    return spec.func(graph_of(backend), *args, **params)
