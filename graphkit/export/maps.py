"""From a store graph to what a map or a file export draws: filters, focus, limits.

:func:`select` applies the analyst's filters (``--focus/--depth``, ``--types``,
``--relations``, ``--min-weight``, ``--since``, ``--limit``) to a
:class:`networkx.MultiDiGraph` as built by :mod:`graphkit.store.graph`; :func:`map_lists`
turns the result into the node and edge lists :mod:`graphkit.export.html` renders;
:func:`describe` writes the map's header (store, filters, counts, dates); :func:`export_html`
does all three and writes the page; :func:`to_network` gives the same selection as a
:class:`pyvis.network.Network` for users who want pyvis's API. The file exports
(:mod:`graphkit.export.files`) take the same :func:`select` output.

Example
-------
>>> import graphkit                                                   # doctest: +SKIP
>>> G = graphkit.load_graph("graphkit-store")                         # doctest: +SKIP
>>> export_html(G, "map.html", focus="Elon Musk", depth=2)            # doctest: +SKIP
>>> net = to_network(G, focus="Elon Musk", depth=2)                   # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timezone
from pathlib import Path

import networkx as nx

from graphkit.errors import InputError, QueryError
from graphkit.queries import find_entity
from graphkit.store.graph import edge_attrs, edge_id
from graphkit.timeparse import on_or_after

DEFAULT_LIMIT = 300
#: Entity types a map can filter on (the extraction contract); types found in the graph also count.
KNOWN_TYPES = frozenset({"PERSON", "ORG", "GPE"})
_RELATION_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _check_since(since: str) -> str:
    since = since.strip()
    if not _DATE_RE.match(since):
        raise InputError(f"--since needs a date YYYY-MM-DD (or YYYY-MM, YYYY), got {since!r}")
    parts = [int(p) for p in since.split("-")] + [1, 1]
    try:
        date(parts[0], parts[1], parts[2])
    except ValueError:
        raise InputError(f"--since: {since!r} is not a valid date") from None
    return since


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
    """The part of ``G`` a map or a file export should draw.

    Parameters
    ----------
    G
        A store graph (:func:`graphkit.load_graph`): nodes keyed by entity key with ``type``,
        edges keyed by relation with ``evidence`` and ``weight``.
    focus
        Name, alias or key of an entity: keep only its ego network (``depth`` hops, either
        direction, over the links left by the other filters).
    depth
        Hops around ``focus`` (0 = the entity alone).
    types
        Entity types to keep (``PERSON``, ``ORG``, ``GPE``; case-insensitive).
    relations
        Relation types to keep (case-insensitive).
    min_weight
        Keep links stated by at least this many independent sources.
    since
        ``YYYY-MM-DD`` (or ``YYYY-MM``, ``YYYY``): keep only evidence published, or dated by
        its event time, on or after it; a link keeps its evidence from that date on and its
        weight, contested flag and dates are recomputed from it.
    limit
        Keep the ``limit`` best-connected entities: the most independent-source link weight
        (weighted degree), ties by PageRank over those weights, then by key. Weighted degree
        keeps the centre of the story; PageRank alone shares its mass among components by
        size, so the two ends of an isolated pair could outrank a hub's neighbours. The focus
        entity is always kept. ``None``: no limit.
    include_contested
        Keep links that are denied or negated.

    Returns
    -------
    networkx.MultiDiGraph
        A new graph. ``graph["selection"]`` records what was applied: ``filters`` (the
        options that changed anything from the defaults) and ``before_limit`` (the number of
        entities before ``limit`` cut, or ``None`` when it did not).

    Raises
    ------
    QueryError
        A bad ``depth``/``limit``/``min_weight``, an unknown type or relation name, a ``focus``
        that is unknown (with suggestions), ambiguous or filtered out by ``types``.
    InputError
        ``since`` is not a date.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("PERSON:a", name="A", type="PERSON")
    >>> G.add_node("ORG:b", name="B", type="ORG")
    >>> G.add_edge("PERSON:a", "ORG:b", key="FUNDED", weight=2, evidence=[])
    'FUNDED'
    >>> sorted(select(G, types=["person"]).nodes)
    ['PERSON:a']
    """
    if depth < 0:
        raise QueryError("--depth must be ≥ 0")
    if limit is not None and limit < 1:
        raise QueryError("--limit must be ≥ 1")
    if min_weight < 1:
        raise QueryError("--min-weight must be ≥ 1")
    rels = {r.strip().upper() for r in relations if r.strip()} if relations else None
    for r in sorted(rels or ()):
        if not _RELATION_RE.match(r):
            raise QueryError(f"--relations: {r!r} is not a relation type (e.g. IN_CONTACT_WITH)")
    typs = {t.strip().upper() for t in types if t.strip()} if types else None
    if typs:
        known = KNOWN_TYPES | {d.get("type") for _, d in G.nodes(data=True)}
        bad = sorted(typs - known)
        if bad:
            raise QueryError(
                f"--types: unknown type {', '.join(bad)} (known: {', '.join(sorted(known))})"
            )
    if since is not None:
        since = _check_since(since)
    focus_key = find_entity(G, focus) if focus is not None else None

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
        if since:
            ev = [
                e
                for e in d.get("evidence", [])
                if (e.get("published") or "") >= since or on_or_after(e.get("event_date"), since)
            ]
            if not ev:
                continue
            d = {**d, **edge_attrs([_complete(e) for e in ev])}
        if d.get("weight", 1) < min_weight:
            continue
        H.add_edge(s, t, key=k, **d)
    if focus_key is not None:
        if focus_key not in H:
            raise QueryError(f"{focus!r} is filtered out by --types")
        U = H.to_undirected(as_view=True)
        keep = nx.single_source_shortest_path_length(U, focus_key, cutoff=depth)
        H = H.subgraph(keep).copy()
    elif rels is not None or min_weight > 1 or since or not include_contested:
        # entities whose every link was filtered out are not part of the picture
        H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0])
    before_limit = None
    if limit is not None and H.number_of_nodes() > limit:
        before_limit = H.number_of_nodes()
        strength, rank = _rank(H)
        ordered = sorted(H, key=lambda n: (-strength[n], -rank.get(n, 0.0), n))
        keep = set(ordered[:limit])
        if focus_key is not None:
            keep.add(focus_key)
        H = H.subgraph(keep).copy()
    applied = {
        "focus": focus,
        "depth": depth if focus is not None else None,
        "types": sorted(typs) if typs else None,
        "relations": sorted(rels) if rels else None,
        "min_weight": min_weight if min_weight > 1 else None,
        "since": since,
        "limit": limit if before_limit is not None else None,
        "include_contested": False if not include_contested else None,
    }
    H.graph["selection"] = {
        "filters": {k: v for k, v in applied.items() if v is not None},
        "before_limit": before_limit,
    }
    return H


def _complete(ev: dict) -> dict:
    """A copy of an evidence dict with the keys :func:`edge_attrs` needs."""
    out = dict(ev)
    out.setdefault("doc_id", "")
    out.setdefault("char_start", 0)
    out["negated"] = bool(out.get("negated"))
    out["group"] = out.get("group") or out["doc_id"]
    return out


def _rank(H: nx.MultiDiGraph) -> tuple[dict[str, float], dict[str, float]]:
    """Weighted degree and PageRank of each entity over undirected link weights (no loops)."""
    S = nx.Graph()
    S.add_nodes_from(H)
    for s, t, d in H.edges(data=True):
        if s != t:
            w = S[s][t]["weight"] + d.get("weight", 1) if S.has_edge(s, t) else d.get("weight", 1)
            S.add_edge(s, t, weight=w)
    strength = dict(S.degree(weight="weight"))
    if S.number_of_edges() == 0:
        return strength, {n: 0.0 for n in S}
    return strength, nx.pagerank(S, weight="weight")


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


def describe(G: nx.MultiDiGraph, H: nx.MultiDiGraph, *, source: str = "") -> dict[str, str]:
    """The header of a map: what was drawn from which store, with which filters, when.

    Parameters
    ----------
    G
        The whole store graph.
    H
        What :func:`select` kept of it.
    source
        The store's description (directory or Neo4j URI).

    Returns
    -------
    dict[str, str]
        Ordered label → text pairs (``Store``, ``Drawn``, ``In store``, ``Filters``,
        ``Evidence dated``, ``Generated``).
    """
    sel = H.graph.get("selection", {})
    filters = dict(sel.get("filters", {}))
    parts = []
    if "focus" in filters:
        parts.append(f"focus {filters.pop('focus')} (depth {filters.pop('depth', 1)})")
    if "limit" in filters:
        parts.append(
            f"top {filters.pop('limit')} of {sel.get('before_limit')} entities by link weight"
        )
    if filters.pop("include_contested", True) is False:
        parts.append("contested links left out")
    for k, v in filters.items():
        parts.append(f"{k.replace('_', '-')} {','.join(v) if isinstance(v, list) else v}")
    header = {
        "Store": source or str(G.graph.get("store", "")) or "(graph)",
        "Drawn": f"{H.number_of_nodes()} entities, {H.number_of_edges()} links",
        "In store": f"{G.number_of_nodes()} entities, {G.number_of_edges()} links",
        "Filters": "; ".join(parts) if parts else "none",
    }
    dates = [
        e["published"]
        for _, _, d in H.edges(data=True)
        for e in d.get("evidence", [])
        if e.get("published")
    ]
    if dates:
        lo, hi = min(dates), max(dates)
        header["Evidence dated"] = lo if lo == hi else f"{lo} to {hi}"
    header["Generated"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return header


def export_html(
    G: nx.MultiDiGraph,
    out: str | Path,
    *,
    title: str | None = None,
    source: str = "",
    size_by: str = "degree",
    physics: bool | None = None,
    **filters,
) -> tuple[Path, int, int]:
    """Write the interactive map of ``G`` (after :func:`select` filters) to ``out``.

    Parameters
    ----------
    G
        A store graph (:func:`graphkit.load_graph`).
    out
        The HTML file to write (parent directories are created).
    title
        Page title (default "graphkit relationship map").
    source
        The store's description for the header.
    size_by
        ``degree`` (number of links drawn) or ``mentions`` (mentions in the articles).
    physics
        Start with the force layout on (default: on up to
        :data:`graphkit.export.html.PHYSICS_NODE_LIMIT` nodes; above, positions are computed
        in Python and physics starts off).
    **filters
        Keyword arguments of :func:`select`.

    Returns
    -------
    tuple[pathlib.Path, int, int]
        The path written, the number of entities and of links drawn.
    """
    from graphkit.export.html import PHYSICS_NODE_LIMIT, check_size_by, layout_positions, write_map

    check_size_by(size_by)
    H = select(G, **filters)
    nodes, edges = map_lists(H)
    big = len(nodes) > PHYSICS_NODE_LIMIT if physics is None else not physics
    # starting positions even with physics on: components start apart and untangled, so the
    # simulation settles into the same legible picture every time
    # (packed tight when physics is on: the simulation then spreads them to its own scale)
    positions = layout_positions(nodes, edges, spacing=150.0 if big else 60.0)
    path = write_map(
        out,
        nodes,
        edges,
        title=title or "graphkit relationship map",
        header=describe(G, H, source=source),
        positions=positions,
        physics=not big,
        size_by=size_by,
    )
    return path, len(nodes), len(edges)


def to_network(
    G: nx.MultiDiGraph, *, title: str | None = None, network_kw: dict | None = None, **filters
):
    """A :class:`pyvis.network.Network` of ``G`` after the :func:`select` filters.

    For users who want pyvis's API (``show_buttons``, ``set_options``, notebooks). Every link
    is kept (the network is directed, and parallel links of different relation types between
    the same two entities stay separate), tooltips are plain text and the heading is
    HTML-escaped. To share a map, prefer :func:`export_html`: pyvis's own ``write_html`` loads
    its assets from CDNs (see :mod:`graphkit.export.html`).

    Parameters
    ----------
    G
        A store graph (:func:`graphkit.load_graph`).
    title
        Heading of the pyvis page.
    network_kw
        Keyword arguments of :class:`pyvis.network.Network` (``directed`` is always True).
    **filters
        Keyword arguments of :func:`select`.

    Returns
    -------
    pyvis.network.Network
    """
    from graphkit.export.html import to_pyvis

    nodes, edges = map_lists(select(G, **filters))
    return to_pyvis(nodes, edges, title=title, **(network_kw or {}))
