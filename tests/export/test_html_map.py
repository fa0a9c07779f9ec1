"""The interactive relationship map (graphkit.export.html), in a real headless Chromium.

Browser tests are marked ``browser``; they skip (with the reason) when /usr/bin/chromium is
missing, except in CI (``CI=true``), where a missing browser fails them (the ``browser`` fixture
in ``tests/export/conftest.py``).
"""

from __future__ import annotations

import json
import pathlib
import re
from collections.abc import Iterator
from typing import Any

import pytest

from graphkit.errors import InputError
from graphkit.export.html import (
    json_for_script,
    layout_positions,
    render_map,
    to_pyvis,
    write_map,
)
from tests.export.browser import ARTIFACTS, Loaded

WSJ = (
    "Elon Musk, the world's richest man, has been in regular contact with Russian President "
    "Vladimir Putin since late 2022, according to current and former officials."
)
PESKOV = (
    "Kremlin spokesperson Dmitry Peskov denied that Musk and Putin had been in regular contact."
)
ASK = "Putin asked Musk to avoid activating Starlink over Taiwan as a favour to Xi Jinping."

MUSK, PUTIN, PESKOV_ID = "PERSON:elon musk", "PERSON:vladimir putin", "PERSON:dmitry peskov"

# the hostile payloads; each would set window.__pwned if it ever ran
P_SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
P_IMG = '<img src=x onerror="window.__pwned=2;alert(2)">'
P_JS = "javascript:window.__pwned=3;alert(3)"
P_QUOTES = "\"quoted\" and 'single' </script><!--"
HOSTILE = f"{P_SCRIPT} {P_IMG} {P_QUOTES}"


def _evidence(sentence: str, **kw: Any) -> dict[str, Any]:
    item = {
        "sentence": sentence,
        "title": "Musk in secret talks with Putin",
        "published": "2024-10-24",
        "doc_id": "sha256:0123",
        "path": "data/samples/musk-putin.txt",
        "url": "https://example.org/musk-putin",
        "attributed_to": None,
        "denied_by": None,
        "negated": False,
    }
    item.update(kw)
    return item


def _edge(eid: str, src: str, dst: str, relation: str, evidence: list, **kw: Any) -> dict:
    edge = {
        "id": eid,
        "from": src,
        "to": dst,
        "relation": relation,
        "predicates": [relation.lower().replace("_", " ")],
        "weight": 1,
        "contested": False,
        "denied_by": [],
        "evidence": evidence,
    }
    edge.update(kw)
    return edge


def _with_degree(nodes: list[dict], edges: list[dict]) -> list[dict]:
    degree: dict[str, int] = {}
    for e in edges:
        for end in (e["from"], e["to"]):
            degree[end] = degree.get(end, 0) + 1
    return [dict(n, degree=degree.get(n["id"], 0)) for n in nodes]


def _node(nid: str, label: str, ntype: str, aliases: list[str], articles: int = 1) -> dict:
    return {
        "id": nid,
        "label": label,
        "type": ntype,
        "aliases": aliases,
        "articles": articles,
        "mentions": articles * 2,
    }


def musk_graph() -> tuple[list[dict], list[dict]]:
    """A small map resembling the Musk/Putin/Peskov story (one contested link)."""
    nodes = [
        _node(MUSK, "Elon Musk", "PERSON", ["Musk"], 3),
        _node(PUTIN, "Vladimir Putin", "PERSON", ["Putin"], 3),
        _node(PESKOV_ID, "Dmitry Peskov", "PERSON", ["Peskov"]),
        _node("PERSON:xi jinping", "Xi Jinping", "PERSON", []),
        _node("ORG:kremlin", "Kremlin", "ORG", []),
        _node("ORG:spacex", "SpaceX", "ORG", ["Starlink"], 2),
        _node("GPE:russia", "Russia", "GPE", [], 2),
        _node("GPE:china", "China", "GPE", ["Chinese"]),
        _node("GPE:taiwan", "Taiwan", "GPE", []),
    ]
    edges = [
        _edge(
            "contact",
            MUSK,
            PUTIN,
            "IN_CONTACT_WITH",
            [
                _evidence(WSJ, attributed_to="The Wall Street Journal"),
                _evidence(PESKOV, denied_by="Dmitry Peskov", title="Kremlin denies report"),
            ],
            weight=2,
            contested=True,
            denied_by=["Dmitry Peskov"],
        ),
        _edge("asked", PUTIN, MUSK, "ASKED", [_evidence(ASK)]),
        _edge("spox", PESKOV_ID, "ORG:kremlin", "SPOKESPERSON_FOR", [_evidence(PESKOV)]),
        _edge("leads-ru", PUTIN, "GPE:russia", "LEADER_OF", [_evidence(WSJ)], weight=3),
        _edge("owns", MUSK, "ORG:spacex", "OWNER_OF", [_evidence("Musk's SpaceX runs it.")]),
        _edge("leads-cn", "PERSON:xi jinping", "GPE:china", "LEADER_OF", [_evidence(ASK)]),
        _edge("over", "ORG:spacex", "GPE:taiwan", "RELATED_TO", [_evidence(ASK)]),
    ]
    return _with_degree(nodes, edges), edges


def hostile_graph() -> tuple[list[dict], list[dict]]:
    """Names, aliases, sentences, titles and URLs carrying script-injection payloads."""
    evil_id = "PERSON:" + HOSTILE.lower()
    nodes = [
        _node(evil_id, "Evil " + HOSTILE, "PERSON", [P_SCRIPT, P_IMG, P_JS, P_QUOTES]),
        _node("ORG:" + P_IMG, P_IMG, "ORG", [P_QUOTES]),
        _node(PUTIN, "Vladimir Putin", "PERSON", [P_JS]),
    ]
    edges = [
        _edge(
            "evil-edge",
            evil_id,
            PUTIN,
            "IN_CONTACT_WITH",
            [
                _evidence(
                    "Sentence " + HOSTILE,
                    title=P_SCRIPT,
                    published=P_IMG,
                    url=P_JS,
                    path=P_QUOTES,
                    attributed_to=P_IMG,
                    denied_by=P_SCRIPT,
                    negated=True,
                )
            ],
            predicates=[P_SCRIPT, P_IMG],
            contested=True,
            denied_by=[P_IMG, P_SCRIPT],
        ),
        _edge("evil-2", "ORG:" + P_IMG, PUTIN, "FUNDED", [_evidence(P_QUOTES, url=P_JS)]),
    ]
    return _with_degree(nodes, edges), edges


def big_graph(n: int, seed: int = 3) -> tuple[list[dict], list[dict]]:
    """A synthetic graph of ``n`` nodes and 1.5 n edges (deterministic)."""
    import random

    rng = random.Random(seed)
    types = ["PERSON", "ORG", "GPE"]
    nodes = [_node(f"N:{i}", f"Entity {i}", types[i % 3], []) for i in range(n)]
    edges = []
    for k in range(int(1.5 * n)):
        a = rng.randrange(n)
        b = rng.randrange(max(1, a)) if a and rng.random() < 0.8 else rng.randrange(n)
        if a == b:
            b = (a + 1) % n
        edges.append(_edge(f"e{k}", f"N:{a}", f"N:{b}", "RELATED_TO", [_evidence(f"s{k}")]))
    return _with_degree(nodes, edges), edges


# ------------------------------------------------------------------------------------------
# pure Python


URL_ATTR = re.compile(r"""\b(?:src|href|action|data)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def test_page_references_no_url() -> None:
    page = render_map(*musk_graph(), title="Musk map", header={"store": "x"})
    assert not URL_ATTR.search(page)
    assert "<link" not in page.lower()
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert "default-src 'none'" in html_unescape(page)


def test_hostile_text_is_escaped_not_raw() -> None:
    nodes, edges = hostile_graph()
    page = render_map(nodes, edges, title="T " + HOSTILE, header={P_SCRIPT: P_IMG})
    for raw in (P_SCRIPT, P_IMG, "</script><!--"):
        assert raw not in page
    assert html_escape(P_SCRIPT) in page  # title and header, HTML-escaped
    assert html_escape(P_IMG) in page
    assert "\\u003cscript\\u003ewindow.__pwned=1;alert(1)\\u003c/script\\u003e" in page
    # exactly the three script elements of the template, and the data round-trips
    assert page.lower().count("<script") == 3
    blob = re.search(
        r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.DOTALL
    )
    assert blob is not None
    data = json.loads(blob.group(1))
    assert data["nodes"][0]["aliases"] == [P_SCRIPT, P_IMG, P_JS, P_QUOTES]
    assert data["edges"][0]["evidence"][0]["sentence"] == "Sentence " + HOSTILE


def html_escape(text: str) -> str:
    import html

    return html.escape(text)


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_json_for_script_escapes_separators() -> None:
    text = json_for_script({"a": "x\u2028y\u2029<>&"})
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"a": "x\u2028y\u2029<>&"}


def test_write_map_is_utf8(tmp_path: pathlib.Path) -> None:
    nodes = [_node("PERSON:zoë", "Zoë Ångström — 習近平", "PERSON", ["Владимир"])]
    out = write_map(tmp_path / "sub" / "map.html", nodes, [], title="Zoë ✓")
    text = out.read_bytes().decode("utf-8")
    assert "Zoë ✓" in text and "習近平" in text


def test_bad_input_is_an_input_error() -> None:
    nodes, edges = musk_graph()
    with pytest.raises(InputError, match="unknown node"):
        render_map(nodes[:1], edges, title="x")
    with pytest.raises(InputError, match="duplicate node id"):
        render_map(nodes + nodes[:1], [], title="x")


def test_physics_default_depends_on_size() -> None:
    small = render_map(*musk_graph(), title="s")
    assert '"physics":true' in small
    big = render_map(*big_graph(320), title="b")
    assert '"physics":false' in big and '"x":' in big


def test_layout_positions_deterministic_and_spaced() -> None:
    import numpy as np
    from scipy.spatial import cKDTree

    nodes, edges = big_graph(600)
    nodes.append(_node("lonely", "Lonely", "GPE", []))
    pos = layout_positions(nodes, edges)
    assert pos == layout_positions(nodes, edges)
    assert set(pos) == {n["id"] for n in nodes}
    pts = np.array(list(pos.values()))
    dist, _ = cKDTree(pts).query(pts, k=2)
    assert dist[:, 1].min() > 40  # vis pixels: nodes do not overlap


def test_to_pyvis_keeps_all_edges_directed() -> None:
    nodes, edges = musk_graph()
    net = to_pyvis(nodes, edges, title=P_SCRIPT)
    assert net.directed
    assert len(net.nodes) == len(nodes)
    assert len(net.edges) == len(edges)  # the Musk->Putin and Putin->Musk pair both kept
    assert net.heading == html_escape(P_SCRIPT)
    hostile = to_pyvis(*hostile_graph())
    assert not any("href" in (n.get("title") or "").lower() for n in hostile.nodes)


# ------------------------------------------------------------------------------------------
# browser


@pytest.fixture(scope="module")
def musk_page(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    nodes, edges = musk_graph()
    path = write_map(
        tmp_path_factory.mktemp("map") / "musk.html",
        nodes,
        edges,
        title="Musk – Putin: who talks to whom",
        header={"store": "data/store", "focus": "Elon Musk", "depth": "2", "nodes": "9"},
    )
    loaded = Loaded(browser, path)
    yield loaded
    loaded.page.close()


@pytest.mark.browser
def test_map_loads_offline_with_all_data(musk_page: Loaded) -> None:
    nodes, edges = musk_graph()
    page = musk_page.page
    assert musk_page.requests == []
    assert musk_page.errors == []
    assert page.evaluate("window.network.body.data.nodes.length") == len(nodes)
    assert page.evaluate("window.network.body.data.edges.length") == len(edges)
    assert page.evaluate("window.graphkitData.nodes.length") == len(nodes)
    assert "Musk – Putin" in page.inner_text("h1")
    assert "focus" in page.inner_text("#gk-header")
    contested = page.inner_text("#gk-contested")
    assert "Elon Musk → Vladimir Putin" in contested and "Dmitry Peskov" in contested
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "html_map.png"))


@pytest.mark.browser
def test_physics_toggle(musk_page: Loaded) -> None:
    page = musk_page.page
    assert page.evaluate("window.network.physics.options.enabled") is True
    assert page.inner_text("#gk-physics") == "Physics: on"
    page.click("#gk-physics")
    assert page.evaluate("window.network.physics.options.enabled") is False
    assert page.inner_text("#gk-physics") == "Physics: off"
    page.click("#gk-physics")
    assert page.evaluate("window.network.physics.options.enabled") is True
    musk_page.stop_physics()


@pytest.mark.browser
def test_hover_edge_shows_evidence(musk_page: Loaded) -> None:
    musk_page.stop_physics()
    text = musk_page.hover_edge("contact")
    assert WSJ in text
    assert "The Wall Street Journal" in text and "denied by Dmitry Peskov" in text
    text = musk_page.hover_edge("spox")
    assert PESKOV in text
    ARTIFACTS.mkdir(exist_ok=True)
    musk_page.hover_edge("contact")
    musk_page.page.screenshot(path=str(ARTIFACTS / "html_map_tooltip.png"))
    musk_page.page.mouse.move(5, 300)


@pytest.mark.browser
def test_click_edge_and_node_show_details(musk_page: Loaded) -> None:
    page = musk_page.page
    musk_page.stop_physics()
    x, y = musk_page.edge_point("contact")
    page.mouse.click(x, y)
    details = page.inner_text("#gk-details")
    assert WSJ in details and PESKOV in details and "IN_CONTACT_WITH" in details
    assert page.locator("#gk-details a[href='https://example.org/musk-putin']").count() == 2
    page.click("#gk-contested li >> nth=0")
    assert page.evaluate("window.network.getSelectedEdges()") == ["contact"]


@pytest.mark.browser
def test_search_focuses_node(musk_page: Loaded) -> None:
    page = musk_page.page
    page.fill("#gk-search", "peskov")
    page.press("#gk-search", "Enter")
    assert page.evaluate("window.network.getSelectedNodes()") == [PESKOV_ID]
    page.wait_for_timeout(700)  # the focus animation
    view, pos = page.evaluate(
        "(id) => [window.network.getViewPosition(), window.network.getPositions([id])[id]]",
        PESKOV_ID,
    )
    assert abs(view["x"] - pos["x"]) < 2 and abs(view["y"] - pos["y"]) < 2
    details = page.inner_text("#gk-details")
    assert "Dmitry Peskov" in details and "Peskov" in details and "PERSON" in details
    page.fill("#gk-search", "nobody at all")
    page.press("#gk-search", "Enter")
    assert page.inner_text("#gk-search-status") == "No match"


@pytest.mark.browser
def test_hostile_text_stays_text(browser: Any, tmp_path: pathlib.Path) -> None:
    nodes, edges = hostile_graph()
    path = write_map(
        tmp_path / "hostile.html",
        nodes,
        edges,
        title="Map " + HOSTILE,
        header={P_SCRIPT: P_IMG, "url": P_JS},
    )
    loaded = Loaded(browser, path)
    page = loaded.page
    try:
        loaded.stop_physics()
        text = loaded.hover_edge("evil-edge")
        assert "Sentence " + HOSTILE in text
        x, y = loaded.edge_point("evil-edge")
        page.mouse.click(x, y)
        page.evaluate("window.graphkitFocus(window.graphkitData.nodes[0].id)")
        details = page.inner_text("#gk-details")
        for payload in (P_SCRIPT, P_IMG, P_JS):
            assert payload in details
        assert P_SCRIPT in page.inner_text("h1")
        assert P_IMG in page.inner_text("#gk-header")
        assert P_IMG in page.inner_text("#gk-contested")
        page.click("#gk-contested li >> nth=0")
        assert "Sentence " + HOSTILE in page.inner_text("#gk-details")
        page.wait_for_timeout(300)
        assert loaded.dialogs == []
        assert page.evaluate("window.__pwned") is None
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        assert page.evaluate("document.scripts.length") == 3
        assert page.evaluate("document.querySelectorAll('a[href^=\"javascript\"]').length") == 0
        assert loaded.requests == []
        assert loaded.errors == []
    finally:
        page.close()


@pytest.mark.browser
def test_big_map_starts_with_fixed_layout(browser: Any, tmp_path: pathlib.Path) -> None:
    nodes, edges = big_graph(400)
    path = write_map(tmp_path / "big.html", nodes, edges, title="Big")
    loaded = Loaded(browser, path)
    try:
        page = loaded.page
        assert page.evaluate("window.network.body.data.nodes.length") == 400
        assert page.evaluate("window.network.body.data.edges.length") == 600
        assert page.evaluate("window.network.physics.options.enabled") is False
        assert page.inner_text("#gk-physics") == "Physics: off"
        assert loaded.requests == [] and loaded.errors == []
    finally:
        loaded.page.close()
