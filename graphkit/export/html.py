"""The interactive relationship map: one self-contained, offline HTML page per graph.

Input is plain lists of node and edge dicts (see :func:`render_map`), so this module does not
depend on any store; the caller turns a store or a query result into those lists.

Why not pyvis's own ``Network.write_html``
------------------------------------------
pyvis 0.3.2 is kept for users who want a :class:`pyvis.network.Network` object to tweak
(:func:`to_pyvis`), but its stock HTML output is not used, because:

* it loads Bootstrap (and, outside ``cdn_resources="in_line"``, vis-network and tom-select)
  from a CDN in every mode, so the page is neither offline nor self-contained;
* its Jinja2 environment has no autoescaping, so a heading or a title taken from an article is
  injected into the page as markup;
* as soon as one node title contains the substring ``href``, its template switches every node
  tooltip to ``innerHTML``, which turns article text into live HTML (script injection);
* ``write_html`` opens the file without an explicit encoding (mojibake or ``UnicodeEncodeError``
  on a non-UTF-8 locale), and ``add_node``/``add_edge`` scan lists, so building a graph is
  quadratic.

This module therefore renders its own template (``templates/map.html`` + ``static/map.js``)
with the vis-network standalone build vendored beside it (``static/vis-network.min.js``,
vis-network 9.1.13 from npm, unmodified; licence in ``static/LICENSE-vis-network``; the
standalone build injects its own CSS, so no stylesheet is needed). The page references no URL:
everything is inlined, and a Content-Security-Policy (``default-src 'none'``, scripts allowed
only by the SHA-256 of the two inline scripts) makes the browser refuse any other script, any
inline event handler and any network request.

How text is kept inert
----------------------
* The graph goes into ``<script type="application/json" id="graph-data">`` as JSON with ``<``,
  ``>``, ``&``, U+2028 and U+2029 written as ``\\uXXXX`` escapes (so no ``</script>`` or
  comment opener can end the block), and the page reads it with ``JSON.parse``.
* The page script shows every article-derived string through ``textContent`` or DOM nodes it
  builds itself (tooltips, side panel, legend, search list); it never assigns data to
  ``innerHTML``. Links to articles are made only for ``http:``/``https:`` URLs. Labels on the
  canvas are drawn as text by vis-network. Tooltips are the page's own DOM element, not
  vis-network's ``title`` popup, so they are built lazily on hover (cheap for big maps).
* The title and the header are the only strings placed in the HTML itself; they go through
  :func:`html.escape`. The template is filled by plain string building rather than Jinja2:
  there are exactly four kinds of insertion (escaped text, escaped JSON, vendored script,
  a CSP hash), each with its own escaping function, the fill is a single pass (inserted text is
  never scanned again for markers), and there is no template engine whose autoescape setting
  could be left off by mistake, as it is in pyvis.

Big maps
--------
Up to :data:`PHYSICS_NODE_LIMIT` nodes the browser lays the graph out with a tuned Barnes-Hut
simulation. Above it, positions are computed in Python by :func:`layout_positions` and physics
starts switched off (the page has a toggle), so a map of thousands of nodes is interactive in
seconds. ``layout.improvedLayout`` is always off (it is quadratic in vis-network).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import pathlib
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from graphkit.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pyvis.network

__all__ = [
    "PHYSICS_NODE_LIMIT",
    "SIZE_BY",
    "TYPE_COLORS",
    "layout_positions",
    "render_map",
    "to_pyvis",
    "write_map",
]

#: Above this many nodes the map starts with precomputed positions and physics off.
PHYSICS_NODE_LIMIT = 300

#: Fill colours of the node types (shared by the page and :func:`to_pyvis`).
TYPE_COLORS = {"PERSON": "#3b6fb6", "ORG": "#e0812b", "GPE": "#2f9a62"}
#: What a node's size can follow, with the legend's wording.
SIZE_BY = {"degree": "number of links drawn", "mentions": "mentions in the articles"}
_TYPE_SHAPES = {"PERSON": "dot", "ORG": "square", "GPE": "triangle"}
_OTHER_COLOR = "#8a94a3"

_EVIDENCE_FIELDS = (
    "sentence",
    "title",
    "published",
    "doc_id",
    "path",
    "url",
    "attributed_to",
    "denied_by",
)
_MARKER = re.compile(r"\{\{(\w+)\}\}")
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")

# Components up to this size are laid out by networkx's spring layout; bigger ones by the
# cut-off force layout below (networkx's needs O(n^2) work per iteration).
_NX_SPRING_MAX = 150


# --------------------------------------------------------------------------------------------
# page assembly


def _asset(*parts: str) -> str:
    return resources.files("graphkit.export").joinpath(*parts).read_text(encoding="utf-8")


@cache
def _assets() -> tuple[str, str, str]:
    """Return the template, the vis-network bundle and the page script (read once)."""
    template = _asset("templates", "map.html")
    vis_js = _asset("static", "vis-network.min.js")
    app_js = _asset("static", "map.js")
    for name, text in (("vis-network.min.js", vis_js), ("map.js", app_js)):
        if re.search(r"</script|<!--", text, re.IGNORECASE):  # would end the inline block
            raise RuntimeError(f"{name} cannot be inlined: it contains '</script' or '<!--'")
    return template, vis_js, app_js


def check_size_by(size_by: str) -> str:
    """Return ``size_by`` if it is a key of :data:`SIZE_BY`, else raise :class:`InputError`."""
    if size_by not in SIZE_BY:
        raise InputError(f"--size-by must be one of {', '.join(SIZE_BY)}, got {size_by!r}")
    return size_by


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def json_for_script(value: Any) -> str:
    """Serialise ``value`` as JSON that is safe inside an HTML ``<script>`` element.

    Parameters
    ----------
    value
        Any JSON-serialisable value.

    Returns
    -------
    str
        Compact JSON in which ``<``, ``>``, ``&``, U+2028 and U+2029 are ``\\uXXXX`` escapes,
        so the text can neither close the element nor open an HTML comment; ``JSON.parse``
        returns the original strings.

    Examples
    --------
    >>> json_for_script({"s": "</script>&"})
    '{"s":"\\\\u003c/script\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return str(value)


def _count(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value if v is not None and str(v)]


def _prepare(
    nodes: Sequence[Mapping[str, Any]],
    edges: Sequence[Mapping[str, Any]],
    positions: Mapping[str, tuple[float, float]] | None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Validate the input lists and reduce them to the fields the page uses."""
    out_nodes: list[dict[str, Any]] = []
    ids: set[str] = set()
    for i, node in enumerate(nodes):
        if "id" not in node or node["id"] is None:
            raise InputError(f"node #{i} has no 'id'")
        node_id = str(node["id"])
        if node_id in ids:
            raise InputError(f"duplicate node id {node_id!r}")
        ids.add(node_id)
        item: dict[str, Any] = {
            "id": node_id,
            "label": str(node.get("label") or node_id),
            "type": str(node.get("type") or ""),
            "aliases": _names(node.get("aliases")),
            "articles": _count(node.get("articles")),
            "mentions": _count(node.get("mentions")),
            "degree": _count(node.get("degree")),
        }
        if positions is not None and node_id in positions:
            x, y = positions[node_id]
            if math.isfinite(x) and math.isfinite(y):
                item["x"] = round(float(x), 1)
                item["y"] = round(float(y), 1)
        out_nodes.append(item)

    out_edges: list[dict[str, Any]] = []
    edge_ids: set[str] = set()
    for i, edge in enumerate(edges):
        edge_id = str(edge.get("id") if edge.get("id") is not None else f"e{i}")
        if edge_id in edge_ids:
            raise InputError(f"duplicate edge id {edge_id!r}")
        edge_ids.add(edge_id)
        src, dst = str(edge.get("from")), str(edge.get("to"))
        for end in (src, dst):
            if end not in ids:
                raise InputError(f"edge {edge_id!r} refers to unknown node {end!r}")
        evidence = []
        for ev in edge.get("evidence") or ():
            item = {key: _text(ev.get(key)) for key in _EVIDENCE_FIELDS}
            item["denied_by"] = _text(ev.get("denied_by"))
            item["negated"] = bool(ev.get("negated"))
            evidence.append(item)
        denied_by = _names(edge.get("denied_by"))
        out_edges.append(
            {
                "id": edge_id,
                "from": src,
                "to": dst,
                "relation": str(edge.get("relation") or "RELATED_TO"),
                "predicates": _names(edge.get("predicates")),
                "weight": max(_count(edge.get("weight")), 1),
                "contested": bool(edge.get("contested")) or bool(denied_by),
                "denied_by": denied_by,
                "evidence": evidence,
            }
        )
    return out_nodes, out_edges


def render_map(
    nodes: Sequence[Mapping[str, Any]],
    edges: Sequence[Mapping[str, Any]],
    *,
    title: str,
    header: Mapping[str, str] | None = None,
    physics: bool | None = None,
    positions: Mapping[str, tuple[float, float]] | None = None,
    size_by: str = "degree",
) -> str:
    """Render the interactive relationship map as one self-contained HTML page.

    Parameters
    ----------
    nodes
        Node dicts: ``id`` (required, unique, e.g. ``"PERSON:elon musk"``), ``label``, ``type``
        (``PERSON``/``ORG``/``GPE``; other values are drawn grey), ``aliases`` (list of str),
        ``articles``, ``mentions`` and ``degree`` (ints; the size of a node follows
        ``size_by``).
    edges
        Edge dicts: ``id``, ``from``, ``to`` (node ids), ``relation``, ``predicates``,
        ``weight`` (independent articles), ``contested`` (bool), ``denied_by`` (names) and
        ``evidence``: dicts with ``sentence``, ``title``, ``published``, ``doc_id``, ``path``,
        ``url``, ``attributed_to``, ``denied_by`` and ``negated``.
    title
        Shown at the top of the page and as the document title (escaped).
    header
        Ordered key/value pairs describing what was drawn (store, filters, counts, date),
        shown under the title (escaped).
    physics
        Start with the physics simulation on. ``None`` (default): on for maps of at most
        :data:`PHYSICS_NODE_LIMIT` nodes, off above that.
    positions
        Node id → ``(x, y)`` in vis-network coordinates. When physics is off and no positions
        are given, they are computed with :func:`layout_positions`.
    size_by
        ``"degree"`` or ``"mentions"``: the node field its size follows (square-root scale
        between the smallest and the largest value in the map).

    Returns
    -------
    str
        The HTML document. It loads nothing from the network.

    Raises
    ------
    InputError
        A node has no id, an id is duplicated, an edge refers to an unknown node, or
        ``size_by`` is unknown.
    """
    check_size_by(size_by)
    if physics is None:
        physics = len(nodes) <= PHYSICS_NODE_LIMIT
    if positions is None and not physics and nodes:
        positions = layout_positions(nodes, edges)
    node_items, edge_items = _prepare(nodes, edges, positions)
    data = {
        "nodes": node_items,
        "edges": edge_items,
        "physics": bool(physics),
        "sizeBy": size_by,
    }

    template, vis_js, app_js = _assets()
    header_html = "".join(
        '<div class="gk-meta-item"><dt>{}</dt><dd>{}</dd></div>'.format(
            html.escape(str(key)), html.escape("" if value is None else str(value))
        )
        for key, value in (header or {}).items()
    )
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; "
        "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    )
    parts = {
        "title": html.escape(title),
        "header": header_html,
        "csp": html.escape(csp),
        "data": json_for_script(data),
        "vis_js": vis_js,
        "app_js": app_js,
        "n_nodes": str(len(node_items)),
        "n_edges": str(len(edge_items)),
        "size_note": html.escape(f"Node size = {SIZE_BY[size_by]}"),
    }
    return _MARKER.sub(lambda m: parts[m.group(1)], template)


def write_map(
    path: str | pathlib.Path,
    nodes: Sequence[Mapping[str, Any]],
    edges: Sequence[Mapping[str, Any]],
    **kw: Any,
) -> pathlib.Path:
    """Render the map with :func:`render_map` and write it to ``path`` as UTF-8.

    Parameters
    ----------
    path
        The output file; its parent directories are created.
    nodes, edges
        As for :func:`render_map`.
    **kw
        Keyword arguments of :func:`render_map` (``title`` is required).

    Returns
    -------
    pathlib.Path
        The path written.
    """
    out = pathlib.Path(path)
    page = render_map(nodes, edges, **kw)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8", newline="\n")
    return out


# --------------------------------------------------------------------------------------------
# layout


def _edge_pairs(
    nodes: Sequence[Mapping[str, Any]], edges: Iterable[Mapping[str, Any]]
) -> tuple[list[str], list[tuple[str, str]]]:
    ids = [str(n["id"]) for n in nodes]
    known = set(ids)
    pairs = []
    for e in edges:
        a, b = str(e.get("from")), str(e.get("to"))
        if a != b and a in known and b in known:
            pairs.append((a, b))
    return ids, pairs


def _force_layout(n: int, src: np.ndarray, dst: np.ndarray, init: np.ndarray) -> np.ndarray:
    """Fruchterman-Reingold with repulsion cut off at 2.5 edge lengths (the "grid" variant).

    Neighbours within the cut-off come from a k-d tree, so one iteration is O(n log n) instead
    of networkx's O(n^2); the ideal edge length is 1.
    """
    import numpy as np
    from scipy.spatial import cKDTree

    pos = init.copy()
    cutoff = 2.5
    iterations = 80
    temp0 = max(math.sqrt(n) / 6.0, 1.0)
    for it in range(iterations):
        temp = temp0 * (1.0 - it / iterations) + 0.02
        pairs = cKDTree(pos).query_pairs(cutoff, output_type="ndarray")
        dx = np.zeros(n)
        dy = np.zeros(n)
        if len(pairs):
            i, j = pairs[:, 0], pairs[:, 1]
            d = pos[i] - pos[j]
            dist = np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-3)
            f = 3.0 * (1.0 - dist / cutoff) / (dist * dist)  # C k^2/d, faded at the cut-off
            fx, fy = d[:, 0] * f, d[:, 1] * f
            dx += np.bincount(i, fx, n) - np.bincount(j, fx, n)
            dy += np.bincount(i, fy, n) - np.bincount(j, fy, n)
        if len(src):
            d = pos[src] - pos[dst]
            dist = np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-3)
            f = np.sqrt(dist)  # d^1.5 (gentler than d^2/k: the layout does not implode)
            fx, fy = d[:, 0] * f, d[:, 1] * f
            dx += np.bincount(dst, fx, n) - np.bincount(src, fx, n)
            dy += np.bincount(dst, fy, n) - np.bincount(src, fy, n)
        length = np.maximum(np.hypot(dx, dy), 1e-9)
        step = np.minimum(length, temp) / length
        pos[:, 0] += dx * step
        pos[:, 1] += dy * step
    return pos


def _spectral(graph: Any, ids: list[str], rng: np.random.Generator) -> np.ndarray:
    """Seeded spectral layout (networkx's own draws ARPACK's start vector at random)."""
    import networkx as nx
    import numpy as np
    from scipy.sparse.linalg import ArpackError, eigsh

    n = len(ids)
    lap = nx.laplacian_matrix(graph, nodelist=ids).astype(float)
    try:
        _, vecs = eigsh(lap, k=3, which="SM", tol=1e-4, v0=rng.uniform(0.5, 1.0, n))
        init = vecs[:, 1:3]
    except (ArpackError, ValueError):  # no convergence: start from random positions
        init = rng.uniform(-1, 1, (n, 2))
    # rank-transform each axis: keeps the spectral order but spreads the nodes evenly over a
    # square of side sqrt(n) (one node per unit area), so no clump floods the neighbour search
    ranks = np.argsort(np.argsort(init, axis=0, kind="stable"), axis=0, kind="stable")
    return (ranks / max(n - 1, 1) - 0.5) * math.sqrt(n)


def _component_layout(graph: Any, ids: list[str], seed: int) -> np.ndarray:
    """Lay out one connected component with ideal edge length 1, centred on the origin."""
    import networkx as nx
    import numpy as np

    n = len(ids)
    if n == 1:
        return np.zeros((1, 2))
    sub = graph.subgraph(ids)
    index = {node: i for i, node in enumerate(ids)}
    src = np.array([index[a] for a, b in sub.edges()], dtype=np.intp)
    dst = np.array([index[b] for a, b in sub.edges()], dtype=np.intp)
    if n <= _NX_SPRING_MAX:
        pos_map = nx.spring_layout(sub, seed=seed, iterations=100, method="force")
        pos = np.array([pos_map[node] for node in ids], dtype=float)
    else:
        rng = np.random.default_rng(seed)
        init = _spectral(sub, ids, rng)
        init += rng.uniform(-0.3, 0.3, (n, 2))
        pos = _force_layout(n, src, dst, init)
    # unit = the median distance from a node to its nearest neighbour
    from scipy.spatial import cKDTree

    nearest, _ = cKDTree(pos).query(pos, k=2)
    scale = float(np.median(nearest[:, 1]))
    pos = pos / (scale if scale > 1e-9 else 1.0)
    return pos - pos.mean(axis=0)


def _separate(pos: np.ndarray, min_dist: float, rounds: int = 40) -> np.ndarray:
    """Push apart points closer than ``min_dist`` (a few relaxation rounds)."""
    import numpy as np
    from scipy.spatial import cKDTree

    n = len(pos)
    for _ in range(rounds):
        pairs = cKDTree(pos).query_pairs(min_dist, output_type="ndarray")
        if not len(pairs):
            break
        i, j = pairs[:, 0], pairs[:, 1]
        d = pos[i] - pos[j]
        dist = np.hypot(d[:, 0], d[:, 1])
        tiny = dist < 1e-6
        d[tiny] = np.column_stack([np.cos(i[tiny] * 2.4), np.sin(i[tiny] * 2.4)])
        dist[tiny] = 1.0
        push = (min_dist - np.minimum(dist, min_dist)) / 2 / dist
        mx, my = d[:, 0] * push, d[:, 1] * push
        pos[:, 0] += np.bincount(i, mx, n) - np.bincount(j, mx, n)
        pos[:, 1] += np.bincount(i, my, n) - np.bincount(j, my, n)
    return pos


def layout_positions(
    nodes: Sequence[Mapping[str, Any]],
    edges: Sequence[Mapping[str, Any]],
    *,
    seed: int = 7,
    spacing: float = 150.0,
) -> dict[str, tuple[float, float]]:
    """Compute fixed node positions for a big map (physics off).

    Each connected component is laid out on its own (networkx's spring layout for small ones,
    a cut-off Fruchterman-Reingold over a k-d tree, seeded by a spectral layout, for big ones)
    and scaled so that the median distance from a node to its nearest neighbour is ``spacing``;
    components are packed in rows, biggest first; finally nodes closer than
    ``0.7 * spacing`` are pushed apart, so nodes and their labels do not overlap.

    Parameters
    ----------
    nodes, edges
        As for :func:`render_map` (only ``id``, ``from`` and ``to`` are read).
    seed
        Seed of every random choice: the same input gives the same positions.
    spacing
        Typical distance between neighbouring nodes, in vis-network coordinates (pixels at
        zoom 1).

    Returns
    -------
    dict[str, tuple[float, float]]
        Node id → ``(x, y)``.
    """
    import networkx as nx
    import numpy as np

    ids, pairs = _edge_pairs(nodes, edges)
    if not ids:
        return {}
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    graph.add_edges_from(pairs)
    order = {node: i for i, node in enumerate(ids)}
    components = sorted(
        (sorted(c, key=order.__getitem__) for c in nx.connected_components(graph)),
        key=lambda c: (-len(c), order[c[0]]),
    )
    laid = []
    for comp in components:
        pos = _component_layout(graph, comp, seed)
        radius = float(np.hypot(pos[:, 0], pos[:, 1]).max()) + 0.6
        laid.append((comp, pos, radius))

    # shelf packing: rows of components in a landscape box (a browser window is wider than
    # tall), so small components sit beside the biggest one rather than in a row under it
    total_area = sum((2 * r) ** 2 for _, _, r in laid)
    width = max(math.sqrt(total_area * 1.6) * 1.1, 2 * laid[0][2])
    out_ids: list[str] = []
    chunks = []
    x = y = row_h = 0.0
    for comp, pos, r in laid:
        if x > 0 and x + 2 * r > width:
            x, y, row_h = 0.0, y + row_h, 0.0
        chunks.append(pos + np.array([x + r, y + r]))
        out_ids.extend(comp)
        x += 2 * r
        row_h = max(row_h, 2 * r)
    allpos = np.vstack(chunks)
    allpos -= (allpos.min(axis=0) + allpos.max(axis=0)) / 2
    allpos = _separate(allpos, 0.7)
    allpos *= spacing
    return {node: (float(px), float(py)) for node, (px, py) in zip(out_ids, allpos, strict=True)}


# --------------------------------------------------------------------------------------------
# pyvis


def _plain_title(lines: Iterable[str]) -> str:
    # pyvis's template renders *all* node titles with innerHTML once one of them contains
    # "href"; a word joiner inside the word keeps our text from flipping that switch.
    text = "\n".join(line for line in lines if line)
    return re.sub("href", "hr\u2060ef", text, flags=re.IGNORECASE)


def to_pyvis(
    nodes: Sequence[Mapping[str, Any]],
    edges: Sequence[Mapping[str, Any]],
    *,
    title: str | None = None,
    **network_kw: Any,
) -> pyvis.network.Network:
    """Build a :class:`pyvis.network.Network` from the same lists, for users who want pyvis.

    The network is directed and keeps every edge (parallel edges of different relations
    included). Nodes and edges are appended directly, in O(N + E), instead of through
    ``add_node``/``add_edge``, which scan lists. Tooltips are plain text. Prefer
    :func:`write_map` for a page to share: pyvis's own ``write_html`` loads assets from CDNs
    and does not escape what it embeds.

    Parameters
    ----------
    nodes, edges
        As for :func:`render_map`.
    title
        Heading of the pyvis page (HTML-escaped, since pyvis does not escape it).
    **network_kw
        Passed to :class:`pyvis.network.Network` (``directed`` is always True).

    Returns
    -------
    pyvis.network.Network
        The network, ready for ``show_buttons``, ``set_options`` or ``write_html``.
    """
    from pyvis.network import Network
    from pyvis.node import Node

    network_kw["directed"] = True
    if title is not None:
        network_kw.setdefault("heading", html.escape(title))
    net = Network(**network_kw)
    node_items, edge_items = _prepare(nodes, edges, None)
    labels = {}
    for n in node_items:
        labels[n["id"]] = n["label"]
        lines = [
            n["label"],
            n["type"],
            "aliases: " + ", ".join(n["aliases"]) if n["aliases"] else "",
            f"articles: {n['articles']}, mentions: {n['mentions']}, links: {n['degree']}",
        ]
        node = Node(
            n["id"],
            _TYPE_SHAPES.get(n["type"], "diamond"),
            label=n["label"],
            color=TYPE_COLORS.get(n["type"], _OTHER_COLOR),
            font_color=net.font_color,
            title=_plain_title(lines),
            size=10 + 5 * math.sqrt(n["degree"]),
        )
        net.nodes.append(node.options)
        net.node_ids.append(n["id"])
        net.node_map[n["id"]] = node.options
    for e in edge_items:
        lines = [f"{labels[e['from']]} {e['relation']} {labels[e['to']]}"]
        if e["denied_by"]:
            lines.append("denied by " + ", ".join(e["denied_by"]))
        lines.extend(ev["sentence"] for ev in e["evidence"][:5] if ev["sentence"])
        net.edges.append(
            {
                "from": e["from"],
                "to": e["to"],
                "arrows": "to",
                "label": e["relation"],
                "title": _plain_title(lines),
                "width": 1 + min(6.0, math.log2(1 + e["weight"]) * 1.4),
                "dashes": e["contested"],
            }
        )
    return net
