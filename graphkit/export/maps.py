"""From a graph to what a map or a file export draws: filters, focus, limits.

:func:`select` applies the analyst's filters to a :class:`networkx.MultiDiGraph` (as built by
:mod:`graphkit.store.graph`) and returns the subgraph; :func:`map_lists` turns it into the node
and edge lists :mod:`graphkit.export.html` renders; :func:`export_html` does both and writes
the page.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

import networkx as nx

from graphkit.errors import QueryError
from graphkit.queries import find_entity
from graphkit.store.graph import edge_id

DEFAULT_LIMIT = 300


def select(
    G: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    depth: int = 1,
    types: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
    min_weight: int = 1,
    since: str | None = None,
    limit: int | None = DEFAULT_LIMIT,
    include_contested: bool = True,
) -> nx.MultiDiGraph:
    """The part of ``G`` a map should draw.

    Edge filters first (relation types, ``min_weight`` independent sources, evidence published
    on or after ``since``), then node filters (entity ``types``), then the ego network of
    ``focus`` within ``depth`` hops, then the ``limit`` most central nodes (PageRank, fixed
    order for ties) — the focus entity is always kept.
    """
    if depth < 0:
        raise QueryError("--depth must be ≥ 0")
    if limit is not None and limit < 1:
        raise QueryError("--limit must be ≥ 1")
    rels = {r.upper() for r in relations} if relations else None
    typs = {t.upper() for t in types} if types else None
    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    for n, d in G.nodes(data=True):
        if typs is None or d.get("type") in typs:
            H.add_node(n, **d)
    for s, t, k, d in G.edges(keys=True, data=True):
        if s not in H or t not in H:
            continue
        if rels is not None and k not in rels:
            continue
        if not include_contested and d.get("contested"):
            continue
        ev = d.get("evidence", [])
        if since:
            ev = [
                e
                for e in ev
                if (e.get("published") or "") >= since or (e.get("event_date") or "") >= since
            ]
            if not ev:
                continue
            d = dict(d, evidence=ev, weight=len({e.get("group") or e["doc_id"] for e in ev}))
        if d.get("weight", 0) < min_weight:
            continue
        H.add_edge(s, t, key=k, **d)
    if focus is not None:
        key = find_entity(G, focus)
        if key not in H:
            raise QueryError(f"{focus!r} is filtered out by --types")
        U = H.to_undirected(as_view=True)
        keep = nx.single_source_shortest_path_length(U, key, cutoff=depth)
        H = H.subgraph(keep).copy()
    elif rels is not None or min_weight > 1 or since:
        H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0])
    if limit is not None and H.number_of_nodes() > limit:
        rank = _rank(H)
        ordered = sorted(H, key=lambda n: (-rank.get(n, 0.0), n))
        keep = set(ordered[:limit])
        if focus is not None:
            keep.add(find_entity(G, focus))
        H = H.subgraph(keep).copy()
    return H


def _rank(H: nx.MultiDiGraph) -> dict[str, float]:
    S = nx.Graph()
    S.add_nodes_from(H)
    for s, t, d in H.edges(data=True):
        if s != t:
            w = S[s][t]["weight"] + d.get("weight", 1) if S.has_edge(s, t) else d.get("weight", 1)
            S.add_edge(s, t, weight=w)
    if S.number_of_edges() == 0:
        return {n: 0.0 for n in S}
    return nx.pagerank(S, weight="weight")


def map_lists(H: nx.MultiDiGraph) -> tuple[list[dict], list[dict]]:
    """Node and edge dicts for :func:`graphkit.export.html.render_map`."""
    nodes = []
    for n, d in sorted(H.nodes(data=True)):
        nodes.append(
            {
                "id": n,
                "label": d.get("name", n),
                "type": d.get("type"),
                "aliases": list(d.get("aliases", [])),
                "articles": d.get("articles", 0),
                "mentions": d.get("mentions", 0),
                "degree": H.degree(n),
            }
        )
    edges = []
    for s, t, k, d in sorted(H.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        edges.append(
            {
                "id": edge_id(s, k, t),
                "from": s,
                "to": t,
                "relation": k,
                "predicates": d.get("predicates", []),
                "weight": d.get("weight", 1),
                "contested": bool(d.get("contested")),
                "denied_by": d.get("denied_by", []),
                "evidence": d.get("evidence", []),
            }
        )
    return nodes, edges


def export_html(
    G: nx.MultiDiGraph, out: str | Path, *, title: str | None = None, source: str = "", **filters
) -> tuple[Path, int, int]:
    """Write the interactive map of ``G`` (after :func:`select` filters) to ``out``.

    Returns (path, nodes drawn, edges drawn).
    """
    from graphkit.export.html import PHYSICS_NODE_LIMIT, layout_positions, write_map

    H = select(G, **filters)
    nodes, edges = map_lists(H)
    header = {
        "Store": source or str(G.graph.get("store", "")),
        "Drawn": f"{len(nodes)} entities, {len(edges)} links",
    }
    total = f"{G.number_of_nodes()} entities, {G.number_of_edges()} links"
    header["In store"] = total
    shown = {
        k: v
        for k, v in filters.items()
        if v not in (None, False, [], ()) and not (k == "depth" and filters.get("focus") is None)
    }
    if shown:
        header["Filters"] = ", ".join(
            f"{k.replace('_', '-')}={','.join(v) if isinstance(v, (list, tuple)) else v}"
            for k, v in sorted(shown.items())
        )
    header["Generated"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    positions = layout_positions(nodes, edges) if len(nodes) > PHYSICS_NODE_LIMIT else None
    path = write_map(
        out,
        nodes,
        edges,
        title=title or "graphkit relationship map",
        header=header,
        positions=positions,
    )
    return path, len(nodes), len(edges)
