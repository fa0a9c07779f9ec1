"""Stock queries: "who is linked to whom", answered the same way on every backend.

Each query has a name (the CLI contract), parameters and a one-line description. The Cypher
text for Neo4j lives in the top-level ``queries/NAME.cypher`` (shipped in the wheel as
``graphkit/_queries``); the NetworkX twin is the function of the same name below, taking the
graph ``G`` first (networkx style). ``run(name, backend, **params)`` returns plain data: a list
of dicts with stable keys, sorted deterministically.

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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit.errors import EntityNotFoundError, QueryError

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
    path = query_dir().joinpath(f"{name}.cypher")
    if not path.is_file():
        raise QueryError(f"no Cypher file for query {name!r}")
    return path.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# entity lookup


def entity_index(G) -> dict[str, list[str]]:
    """casefolded name/alias/key → entity keys."""
    idx: dict[str, list[str]] = {}
    for key, data in G.nodes(data=True):
        for label in {key, data.get("name", ""), *data.get("aliases", [])}:
            if label:
                idx.setdefault(label.casefold(), []).append(key)
    return idx


def suggest(G, name: str, limit: int = 5) -> list[str]:
    """Nearest known entity names (rapidfuzz WRatio over names and aliases)."""
    from rapidfuzz import fuzz, process

    choices = {}
    for key, data in G.nodes(data=True):
        for label in {data.get("name", ""), *data.get("aliases", [])}:
            if label:
                choices.setdefault(label, data.get("name", key))
    hits = process.extract(
        name, list(choices), scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=50
    )
    out: list[str] = []
    for label, _score, _ in hits:
        display = choices[label]
        if display not in out:
            out.append(display)
    return out[:limit]


def find_entity(G, name: str) -> str:
    """The key of the entity called ``name`` (key, name or alias, case-insensitive).

    Raises EntityNotFoundError with suggestions, or QueryError when the name is ambiguous.
    """
    if name in G:
        return name
    keys = sorted(set(entity_index(G).get(name.casefold(), [])))
    if len(keys) == 1:
        return keys[0]
    if len(keys) > 1:
        # prefer the entity whose display name matches exactly
        exact = [k for k in keys if G.nodes[k].get("name", "").casefold() == name.casefold()]
        if len(exact) == 1:
            return exact[0]
        names = ", ".join(f"{G.nodes[k].get('name')} ({k})" for k in keys)
        raise QueryError(f"{name!r} is ambiguous: {names}; use the entity key")
    raise EntityNotFoundError(name, suggest(G, name))


# ---------------------------------------------------------------------------------------------
# the NetworkX twins


def _edges_between(G, u: str, v: str):
    """(source, relation, target, data) of every edge between u and v, either direction."""
    out = []
    for s, t in ((u, v), (v, u)):
        if G.has_edge(s, t):
            for rel, data in G[s][t].items():
                out.append((s, rel, t, data))
    return sorted(out, key=lambda e: (-e[3].get("weight", 0), e[1], e[0], e[2]))


def neighbors(
    G, name: str, *, relation: str | None = None, direction: str = "both", limit: int | None = None
) -> list[dict]:
    """Neighbours of an entity with link counts and first/last seen dates.

    One row per (neighbour, relation, direction). ``direction``: out, in or both; symmetric
    relations count as both.
    """
    if direction not in ("out", "in", "both"):
        raise QueryError("direction must be out, in or both")
    key = find_entity(G, name)
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
                "entity": G.nodes[key].get("name"),
                "neighbor": G.nodes[other].get("name"),
                "neighbor_key": other,
                "neighbor_type": G.nodes[other].get("type"),
                "relation": rel,
                "direction": d,
                "weight": data.get("weight", 0),
                "evidence": len(data.get("evidence", [])),
                "first_seen": data.get("first_seen"),
                "last_seen": data.get("last_seen"),
                "contested": bool(data.get("contested")),
            }
        )
    rows.sort(
        key=lambda r: (-r["weight"], -r["evidence"], r["neighbor"], r["relation"], r["direction"])
    )
    return rows[:limit] if limit else rows


def path(G, source: str, target: str, *, all: bool = False, max_hops: int = 6) -> list[dict]:  # noqa: A002
    """Shortest paths between two entities (links followed in either direction).

    One row per hop: ``path`` (index), ``step``, ``source``, ``relation``, ``target`` (as the
    link is stored), and the first evidence sentence. Paths are sorted by their names so the
    answer is deterministic; without ``all`` only the first is returned.
    """
    a, b = find_entity(G, source), find_entity(G, target)
    if a == b:
        raise QueryError("source and target are the same entity")
    U = nx.Graph()
    U.add_nodes_from(G.nodes)
    U.add_edges_from((s, t) for s, t in G.edges() if s != t)
    try:
        paths = list(nx.all_shortest_paths(U, a, b)) if all else [nx.shortest_path(U, a, b)]
    except nx.NetworkXNoPath:
        return []
    if len(paths[0]) - 1 > max_hops:
        return []
    if not all:
        # deterministic choice among equally short paths
        paths = sorted(
            nx.all_shortest_paths(U, a, b), key=lambda p: [G.nodes[n].get("name", n) for n in p]
        )[:1]
    else:
        paths.sort(key=lambda p: [G.nodes[n].get("name", n) for n in p])
    rows = []
    for i, p in enumerate(paths, 1):
        for step, (u, v) in enumerate(zip(p, p[1:]), 1):
            s, rel, t, data = _edges_between(G, u, v)[0]
            ev = data.get("evidence") or [{}]
            rows.append(
                {
                    "path": i,
                    "step": step,
                    "source": G.nodes[s].get("name"),
                    "relation": rel,
                    "target": G.nodes[t].get("name"),
                    "weight": data.get("weight", 0),
                    "sentence": ev[0].get("sentence"),
                    "doc_id": ev[0].get("doc_id"),
                }
            )
    return rows


def evidence(G, a: str, b: str, *, relation: str | None = None) -> list[dict]:
    """Every sentence behind the links between two entities, with source and stance."""
    ka, kb = find_entity(G, a), find_entity(G, b)
    rows = []
    for s, rel, t, data in _edges_between(G, ka, kb):
        if relation and rel != relation.upper():
            continue
        for ev in data.get("evidence", []):
            rows.append(
                {
                    "source": G.nodes[s].get("name"),
                    "relation": rel,
                    "target": G.nodes[t].get("name"),
                    "predicate": ev.get("predicate"),
                    "sentence": ev.get("sentence"),
                    "doc_id": ev.get("doc_id"),
                    "title": ev.get("title"),
                    "path": ev.get("path"),
                    "url": ev.get("url"),
                    "published": ev.get("published"),
                    "char_start": ev.get("char_start"),
                    "char_end": ev.get("char_end"),
                    "attributed_to": ev.get("attributed_to"),
                    "negated": bool(ev.get("negated")),
                    "denied_by": ev.get("denied_by"),
                    "event_time": ev.get("event_time"),
                    "confidence": ev.get("confidence"),
                    "group": ev.get("group"),
                }
            )
    rows.sort(
        key=lambda r: (
            r["relation"],
            r["source"],
            r["published"] or "",
            r["doc_id"],
            r["char_start"],
        )
    )
    return rows


# ---------------------------------------------------------------------------------------------
# registry


@dataclass(frozen=True)
class Param:
    name: str
    kind: type = str
    required: bool = True
    help: str = ""
    default: Any = None


@dataclass(frozen=True)
class QuerySpec:
    name: str
    description: str
    func: Callable
    params: tuple[Param, ...] = field(default_factory=tuple)


QUERIES: dict[str, QuerySpec] = {}


def register(name: str, description: str, *params: Param):
    def deco(func):
        QUERIES[name] = QuerySpec(name, description, func, params)
        return func

    return deco


register(
    "neighbors",
    "Neighbours of an entity, by relation and direction, with link counts and first/last seen",
    Param("name", help="entity name, alias or key"),
    Param("relation", required=False, help="only this relation type"),
    Param("direction", required=False, default="both", help="out, in or both"),
    Param("limit", int, required=False, help="at most this many rows"),
)(neighbors)
register(
    "path",
    "Shortest paths between two entities, each hop with its relation and one evidence sentence",
    Param("source", help="entity A"),
    Param("target", help="entity B"),
    Param("all", bool, required=False, default=False, help="all shortest paths"),
    Param("max_hops", int, required=False, default=6, help="longest path considered"),
)(path)
register(
    "evidence",
    "Every sentence behind the links between two entities: article, date, attribution, denial",
    Param("a", help="entity A"),
    Param("b", help="entity B"),
    Param("relation", required=False, help="only this relation type"),
)(evidence)


def graph_of(backend) -> Any:
    """The NetworkX graph of a backend (a store object, or a graph already)."""
    if isinstance(backend, nx.Graph):
        return backend
    return backend.graph()


def run(name: str, backend, /, **params) -> list[dict]:
    """Run stock query ``name`` on a backend (store or graph) and return plain rows."""
    spec = QUERIES.get(name)
    if spec is None:
        raise QueryError(f"unknown query {name!r}; known: {', '.join(sorted(QUERIES))}")
    known = {p.name for p in spec.params}
    unknown = set(params) - known
    if unknown:
        raise QueryError(f"query {name!r} takes no parameter(s) {', '.join(sorted(unknown))}")
    positional = [p for p in spec.params if p.required]
    missing = [p.name for p in positional if params.get(p.name) in (None, "")]
    if missing:
        raise QueryError(f"query {name!r} needs {', '.join(missing)}")
    runner = getattr(backend, "run_query", None)
    if runner is not None:
        return runner(name, **params)
    args = [params.pop(p.name) for p in positional]
    kwargs = {k: v for k, v in params.items() if v is not None}
    return spec.func(graph_of(backend), *args, **kwargs)
