"""Filters of maps and file exports (graphkit.export.maps) on a hand-built store graph."""

from __future__ import annotations

import html
from typing import Any

import networkx as nx
import pytest

from graphkit.errors import EntityNotFoundError, InputError, QueryError
from graphkit.export.maps import describe, export_html, map_lists, select, to_network
from graphkit.store.graph import edge_attrs

A, B, C, D, E, F = (
    "PERSON:alice adams",
    "PERSON:bob brown",
    "ORG:corp",
    "GPE:dland",
    "PERSON:eve",
    "ORG:far",
)
EVIL = '<script>window.__pwned=1</script> <img src=x onerror="alert(1)"> href'


def _ev(doc: str, published: str, **kw: Any) -> dict[str, Any]:
    ev = {
        "doc_id": doc,
        "sentence": f"Sentence of {doc}.",
        "char_start": 0,
        "char_end": 10,
        "predicate": "p",
        "published": published,
        "negated": False,
        "denied_by": None,
        "group": doc,
    }
    ev.update(kw)
    return ev


def store_graph() -> nx.MultiDiGraph:
    """Two components; a multi-edge pair (A–B) with contested links; dates 2017–2023.

    Undirected link weights: A 5 (A–B 3, A–C 2), B 6 (A–B 3, B–D 3), C 3, D 4, E 1, F 1.
    """
    G = nx.MultiDiGraph(store="hand-built")
    for key, name, typ, aliases, mentions in (
        (A, "Alice Adams", "PERSON", ["Alice"], 9),
        (B, "Bob Brown", "PERSON", [], 2),
        (C, "Corp", "ORG", [EVIL], 4),
        (D, "Dland", "GPE", [], 1),
        (E, "Eve", "PERSON", [], 1),
        (F, "Far", "ORG", [], 1),
    ):
        G.add_node(key, name=name, type=typ, aliases=aliases, articles=1, mentions=mentions)
    edges = [
        (A, "FUNDED", C, [_ev("d1", "2020-01-01", sentence=EVIL), _ev("d2", "2021-06-01")]),
        (A, "MET_WITH", B, [_ev("d3", "2019-05-05", negated=True), _ev("d4", "2021-02-02")]),
        (A, "IN_CONTACT_WITH", B, [_ev("d5", "2022-01-01", denied_by="Bob Brown")]),
        (B, "BASED_IN", D, [_ev("d6", "2018-01-01"), _ev("d7", "2018-02-02"), _ev("d8", "2018")]),
        (C, "BASED_IN", D, [_ev("d9", "2023-03-03")]),
        (E, "EMPLOYEE_OF", F, [_ev("d10", "2017-07-07")]),
    ]
    for s, rel, t, ev in edges:
        G.add_edge(s, t, key=rel, relation=rel, **edge_attrs(ev))
    return G


ALL_NODES = {A, B, C, D, E, F}
ALL_EDGES = {
    (A, "FUNDED", C),
    (A, "MET_WITH", B),
    (A, "IN_CONTACT_WITH", B),
    (B, "BASED_IN", D),
    (C, "BASED_IN", D),
    (E, "EMPLOYEE_OF", F),
}


def _edges(H: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(s, k, t) for s, t, k in H.edges(keys=True)}


@pytest.mark.parametrize(
    ("filters", "nodes", "edges"),
    [
        ({}, ALL_NODES, ALL_EDGES),
        # node filter: entities of other types and their links go; E stays (a PERSON)
        ({"types": ["person"]}, {A, B, E}, {(A, "MET_WITH", B), (A, "IN_CONTACT_WITH", B)}),
        ({"types": ["ORG", "GPE"]}, {C, D, F}, {(C, "BASED_IN", D)}),
        # edge filters drop the entities left without links
        ({"relations": ["based_in"]}, {B, C, D}, {(B, "BASED_IN", D), (C, "BASED_IN", D)}),
        (
            {"min_weight": 2},
            {A, B, C, D},
            {(A, "FUNDED", C), (A, "MET_WITH", B), (B, "BASED_IN", D)},
        ),
        ({"min_weight": 3}, {B, D}, {(B, "BASED_IN", D)}),
        (
            {"since": "2021-01-01"},
            {A, B, C, D},
            {(A, "FUNDED", C), (A, "MET_WITH", B), (A, "IN_CONTACT_WITH", B), (C, "BASED_IN", D)},
        ),
        ({"since": "2022"}, {A, B, C, D}, {(A, "IN_CONTACT_WITH", B), (C, "BASED_IN", D)}),
        (
            {"include_contested": False},
            {A, B, C, D, E, F},
            {(A, "FUNDED", C), (B, "BASED_IN", D), (C, "BASED_IN", D), (E, "EMPLOYEE_OF", F)},
        ),
        # ego networks, by name, alias or key, either direction
        (
            {"focus": "Alice Adams"},
            {A, B, C},
            {(A, "FUNDED", C), (A, "MET_WITH", B), (A, "IN_CONTACT_WITH", B)},
        ),
        ({"focus": "alice", "depth": 2}, {A, B, C, D}, ALL_EDGES - {(E, "EMPLOYEE_OF", F)}),
        ({"focus": "Dland", "depth": 1}, {B, C, D}, {(B, "BASED_IN", D), (C, "BASED_IN", D)}),
        ({"focus": "bob brown", "depth": 0}, {B}, set()),
        ({"focus": F, "depth": 3}, {E, F}, {(E, "EMPLOYEE_OF", F)}),
        # focus over what the other filters left
        ({"focus": "Alice", "depth": 2, "relations": ["FUNDED"]}, {A, C}, {(A, "FUNDED", C)}),
        (
            {"focus": "Alice", "depth": 2, "types": ["PERSON", "ORG"]},
            {A, B, C},
            ALL_EDGES - {(B, "BASED_IN", D), (C, "BASED_IN", D), (E, "EMPLOYEE_OF", F)},
        ),
        # limit: top N by weighted degree (B 6 > A 5 > D 4 > C 3 > E = F 1), ties by PageRank
        # (equal for the isolated pair E–F) then key ("ORG:far" < "PERSON:eve"). PageRank alone would rank the pair
        # (.17 each) above D (.15) and C (.12) of the main story.
        ({"limit": 1}, {B}, set()),
        (
            {"limit": 3},
            {A, B, D},
            {(A, "MET_WITH", B), (A, "IN_CONTACT_WITH", B), (B, "BASED_IN", D)},
        ),
        ({"limit": 5}, {A, B, C, D, F}, ALL_EDGES - {(E, "EMPLOYEE_OF", F)}),
        # the focus entity is always kept, even when it would not make the cut
        (
            {"limit": 1, "focus": "Alice", "depth": 2},
            {A, B},
            {(A, "MET_WITH", B), (A, "IN_CONTACT_WITH", B)},
        ),
        # combined: types + since
        (
            {"types": ["PERSON", "ORG"], "since": "2021-01-01"},
            {A, B, C},
            {(A, "FUNDED", C), (A, "MET_WITH", B), (A, "IN_CONTACT_WITH", B)},
        ),
    ],
)
def test_select(filters: dict, nodes: set, edges: set) -> None:
    G = store_graph()
    H = select(G, **{"limit": None, **filters})
    assert set(H.nodes) == nodes
    assert _edges(H) == edges
    assert G.number_of_edges() == len(ALL_EDGES)  # the input is not modified
    for n in H:
        assert H.nodes[n] == G.nodes[n]


def test_since_recomputes_weight_and_contested() -> None:
    G = store_graph()
    H = select(G, since="2021-01-01", limit=None)
    funded = H.edges[A, C, "FUNDED"]
    assert funded["weight"] == 1 and [e["doc_id"] for e in funded["evidence"]] == ["d2"]
    assert funded["first_seen"] == "2021-06-01"
    met = H.edges[A, B, "MET_WITH"]
    assert G.edges[A, B, "MET_WITH"]["contested"] is True  # the negated 2019 sentence
    assert met["contested"] is False and met["weight"] == 1
    assert H.edges[A, B, "IN_CONTACT_WITH"]["denied_by"] == ["Bob Brown"]


def test_selection_is_recorded_and_described() -> None:
    G = store_graph()
    H = select(G, focus="alice", depth=2, types=["person", "org"], since="2019", limit=2)
    sel = H.graph["selection"]
    assert sel["before_limit"] == 3
    assert sel["filters"] == {
        "focus": "alice",
        "depth": 2,
        "types": ["ORG", "PERSON"],
        "since": "2019",
        "limit": 2,
    }
    head = describe(G, H, source="store-dir")
    assert head["Store"] == "store-dir"
    assert head["Drawn"] == f"{H.number_of_nodes()} entities, {H.number_of_edges()} links"
    assert head["In store"] == "6 entities, 6 links"
    assert head["Filters"] == (
        "focus alice (depth 2); top 2 of 3 entities by link weight; types ORG,PERSON; since 2019"
    )
    assert head["Evidence dated"] == "2019-05-05 to 2022-01-01"
    assert head["Generated"].endswith("UTC")
    plain = describe(G, select(G, limit=None))
    assert plain["Filters"] == "none" and plain["Store"] == "hand-built"


@pytest.mark.parametrize(
    ("filters", "error", "message"),
    [
        ({"depth": -1}, QueryError, "--depth"),
        ({"limit": 0}, QueryError, "--limit"),
        ({"min_weight": 0}, QueryError, "--min-weight"),
        ({"types": ["PLANET"]}, QueryError, "unknown type PLANET"),
        ({"relations": ["met with"]}, QueryError, "not a relation type"),
        ({"since": "last week"}, InputError, "YYYY-MM-DD"),
        ({"since": "2021-02-30"}, InputError, "not a valid date"),
        ({"focus": "Alice Adamz"}, EntityNotFoundError, "Alice Adams"),
        ({"focus": "Dland", "types": ["PERSON"]}, QueryError, "filtered out by --types"),
    ],
)
def test_bad_filters_are_clear_errors(filters: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        select(store_graph(), **filters)


def test_map_lists_keeps_every_link() -> None:
    nodes, edges = map_lists(select(store_graph(), limit=None))
    assert {n["id"] for n in nodes} == ALL_NODES
    assert {(e["from"], e["relation"], e["to"]) for e in edges} == ALL_EDGES
    assert len({e["id"] for e in edges}) == len(edges)
    alice = next(n for n in nodes if n["id"] == A)
    assert (alice["degree"], alice["mentions"], alice["aliases"]) == (3, 9, ["Alice"])
    contact = next(e for e in edges if e["relation"] == "IN_CONTACT_WITH")
    assert contact["contested"] and contact["denied_by"] == ["Bob Brown"]


def test_to_network_keeps_multi_edges_and_escapes() -> None:
    G = store_graph()
    net = to_network(G, title=EVIL, limit=None)
    assert net.directed
    assert {n["id"] for n in net.nodes} == ALL_NODES
    pairs = [(e["from"], e["to"]) for e in net.edges]
    assert len(net.edges) == len(ALL_EDGES)
    assert pairs.count((A, B)) == 2  # MET_WITH and IN_CONTACT_WITH, same direction
    assert net.heading == html.escape(EVIL)
    titles = [x["title"] for x in net.nodes + net.edges]
    assert not any("href" in t.lower() for t in titles)  # pyvis would switch to innerHTML
    assert any("<script>" in t for t in titles)  # plain text, shown as text by vis-network
    page = net.generate_html()
    assert "<script>window.__pwned" not in page.split("</h1>")[0]
    focused = to_network(G, focus="Eve", network_kw={"height": "400px"})
    assert {n["id"] for n in focused.nodes} == {E, F} and focused.height == "400px"


def test_export_html_header_and_counts(tmp_path) -> None:
    G = store_graph()
    path, n, e = export_html(
        G, tmp_path / "m.html", title="T", source="s", types=["PERSON"], size_by="mentions"
    )
    page = path.read_text(encoding="utf-8")
    assert (n, e) == (3, 2)
    assert "3 entities, 2 links" in page and "types PERSON" in page
    assert '"sizeBy":"mentions"' in page and "Node size = mentions in the articles" in page
    with pytest.raises(InputError, match="--size-by"):
        export_html(G, tmp_path / "x.html", size_by="fame")
