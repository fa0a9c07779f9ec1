"""Maps and file exports made FROM A STORE with the real pipeline and the real CLI.

Stores: the sample article ingested with ``graphkit ingest``; three Wikinews articles with
publication dates (from the folder's ``index.json``); and a hostile store loaded with
``graphkit load`` from triples whose names, predicates, sentences, titles and URLs carry
script-injection payloads. Browser tests run in Debian's headless Chromium (``browser``
fixture in ``tests/export/conftest.py``).
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

import graphkit
from graphkit.cli import app
from graphkit.export.maps import select
from graphkit.store.graph import edge_id
from tests.conftest import ROOT, SAMPLE
from tests.export.browser import ARTIFACTS, Loaded

runner = CliRunner()
WIKINEWS = ROOT / "tests" / "fixtures" / "ingest" / "wikinews"
MUSK, PUTIN = "PERSON:elon musk", "PERSON:vladimir putin"
CONTACT = edge_id(MUSK, "IN_CONTACT_WITH", PUTIN)
WROTE = re.compile(r"wrote (.+) \((\d+) entities, (\d+) links\)")

P_SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
P_IMG = '<img src=x onerror="window.__pwned=2;alert(2)">'
P_JS = "javascript:window.__pwned=3;alert(3)"
P_QUOTES = "\"quoted\" and 'single' </script><!--"


def gk(*args: str) -> str:
    res = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert res.exit_code == 0, res.output + (res.stderr if res.stderr_bytes else "")
    return res.stdout


def export(kind: str, store: Path, out: Path, *opts: str) -> tuple[int, int]:
    """Run ``graphkit export KIND`` and return the counts it printed."""
    m = WROTE.search(gk("export", kind, "--store", store, "-o", out, *opts))
    assert m, "export did not report what it wrote"
    return int(m.group(2)), int(m.group(3))


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    store = tmp_path_factory.mktemp("sample") / "store"
    gk("ingest", SAMPLE, "--store", store, "--quiet")
    return store


@pytest.fixture(scope="module")
def news_store(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    """asylum (2015-05-18), flag (2015-05-07) and clock (2015-09-22), dated by index.json."""
    src = tmp_path_factory.mktemp("news")
    for name in ("asylum.txt", "flag.txt", "clock.txt", "index.json"):
        shutil.copy(WIKINEWS / name, src / name)
    store = src / "store"
    gk("ingest", src, "--store", store, "--quiet", "--glob", "*.txt")
    return store


def hostile_rows() -> list[dict[str, Any]]:
    subj, obj = f"Evil {P_SCRIPT} Person", f"Bad {P_IMG} Corp"
    rows = []
    for i, (s, st, rel, o, ot, extra) in enumerate(
        [
            (subj, "PERSON", "FUNDED", obj, "ORG", {"denied_by": f"Denier {P_IMG}"}),
            (subj, "PERSON", "MET_WITH", f"Vladimir {P_QUOTES}", "PERSON", {}),
        ]
    ):
        sentence = f"{s} funded {o}; {P_QUOTES} {P_JS} ({i})."
        rows.append(
            {
                "subject": s,
                "subject_type": st,
                "relation": rel,
                "predicate": P_SCRIPT,
                "object": o,
                "object_type": ot,
                "doc_id": f"sha256:hostile{i}",
                "sentence": sentence,
                "char_start": 0,
                "char_end": len(sentence),
                "title": f"Title {P_SCRIPT} {P_QUOTES}",
                "url": P_JS,
                "published": "2024-01-02",
                "attributed_to": P_IMG,
                "negated": False,
                **extra,
            }
        )
    return rows


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("hostile")
    triples = d / "hostile.jsonl"
    triples.write_text("".join(json.dumps(r) + "\n" for r in hostile_rows()), encoding="utf-8")
    res = runner.invoke(app, ["load", str(triples), "--store", str(d / "store")])
    assert res.exit_code == 0, res.stderr
    return d / "store"


# ------------------------------------------------------------------------------------------
# browser: the sample map


@pytest.fixture(scope="module")
def sample_map(sample_store: Path, browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("map") / "musk-putin.html"
    counts = export("html", sample_store, out, "--title", "Musk and Putin")
    loaded = Loaded(browser, out)
    yield loaded, counts
    loaded.page.close()


@pytest.mark.browser
def test_sample_map_offline_and_counts(sample_map: Any, sample_store: Path) -> None:
    loaded, (n, e) = sample_map
    page = loaded.page
    G = graphkit.load_graph(sample_store)
    assert (n, e) == (G.number_of_nodes(), G.number_of_edges())  # small store: all drawn
    assert loaded.requests == [] and loaded.errors == []
    assert (loaded.count("nodes"), loaded.count("edges")) == (n, e)
    header = page.inner_text("#gk-header")
    assert f"{n} entities, {e} links" in header
    assert str(sample_store) in header and "Filters\nnone" in header
    assert re.search(r"Generated\s*\d{4}-\d{2}-\d{2}", header)
    assert page.inner_text("h1") == "Musk and Putin"
    assert page.evaluate("typeof window.network.fit") == "function"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "store_map_sample.png"))


@pytest.mark.browser
def test_sample_map_contested_edge_shows_evidence(sample_map: Any) -> None:
    loaded, _ = sample_map
    page = loaded.page
    loaded.stop_physics()
    drawn = page.evaluate("(id) => window.network.body.data.edges.get(id)", CONTACT)
    assert drawn["dashes"] and drawn["label"] == "IN_CONTACT_WITH"
    plain = page.evaluate(
        "(id) => window.network.body.data.edges.get(id).dashes",
        edge_id(PUTIN, "ASKED", MUSK),
    )
    assert plain is False
    text = loaded.hover_edge(CONTACT)
    assert "has been in regular contact with Russian President Vladimir Putin" in text
    assert "according to The Wall Street Journal" in text
    assert "denied by Dmitry Peskov" in text
    page.screenshot(path=str(ARTIFACTS / "store_map_tooltip.png"))
    page.mouse.move(5, 300)
    contested = page.inner_text("#gk-contested")
    assert "Elon Musk → Vladimir Putin" in contested and "denied by Dmitry Peskov" in contested
    page.click("#gk-contested li:has-text('Vladimir Putin')")
    assert page.evaluate("window.network.getSelectedEdges()") == [CONTACT]
    details = page.inner_text("#gk-details")
    assert "Kremlin spokesperson Dmitry Peskov denied" in details


@pytest.mark.browser
def test_sample_map_controls(sample_map: Any) -> None:
    loaded, _ = sample_map
    page = loaded.page
    # legend: the three types, links, contested, what the size means
    legend = page.inner_text("#gk-legend")
    for word in ("Person", "Organisation", "Place", "Contested", "Node size = number of links"):
        assert word in legend
    # search box: an alias finds the entity and selects it
    page.fill("#gk-search", "Putin")
    page.press("#gk-search", "Enter")
    assert page.evaluate("window.network.getSelectedNodes()") == [PUTIN]
    assert "Vladimir Putin" in page.inner_text("#gk-details")
    # physics toggle drives the vis-network instance
    was = page.evaluate("window.network.physics.options.enabled")
    page.click("#gk-physics")
    assert page.evaluate("window.network.physics.options.enabled") is (not was)
    page.click("#gk-physics")
    assert page.evaluate("window.network.physics.options.enabled") is was
    # size by degree: Musk has the most links, so the biggest node
    sizes = page.evaluate(
        "Object.fromEntries(window.network.body.data.nodes.get().map(n => [n.id, n.size]))"
    )
    assert sizes[MUSK] == max(sizes.values()) > sizes["PERSON:dmitry peskov"]


@pytest.mark.browser
@pytest.mark.parametrize("size_by", ["degree", "mentions"])
def test_size_by(sample_store: Path, browser: Any, tmp_path: Path, size_by: str) -> None:
    out = tmp_path / "m.html"
    export("html", sample_store, out, "--size-by", size_by, "--types", "PERSON")
    loaded = Loaded(browser, out)
    try:
        page = loaded.page
        nodes = page.evaluate("window.graphkitData.nodes")
        sizes = page.evaluate(
            "Object.fromEntries(window.network.body.data.nodes.get().map(n => [n.id, n.size]))"
        )
        by_value = sorted(nodes, key=lambda n: n[size_by])
        # sizes follow the chosen value: same order, strictly bigger for a bigger value
        for a, b in zip(by_value, by_value[1:]):
            if a[size_by] < b[size_by]:
                assert sizes[a["id"]] < sizes[b["id"]], (a, b)
            else:
                assert sizes[a["id"]] == sizes[b["id"]]
        words = "number of links" if size_by == "degree" else "mentions in the articles"
        assert words in page.inner_text("#gk-size-note")
    finally:
        loaded.page.close()


# ------------------------------------------------------------------------------------------
# browser: hostile store


@pytest.mark.browser
def test_hostile_store_map_runs_nothing(hostile_store: Path, browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "hostile.html"
    n, e = export("html", hostile_store, out, "--title", f"Map {P_SCRIPT} {P_IMG}")
    loaded = Loaded(browser, out)
    page = loaded.page
    try:
        assert (loaded.count("nodes"), loaded.count("edges")) == (n, e) == (3, 2)
        loaded.stop_physics()
        edges = page.evaluate("window.graphkitData.edges")
        funded = next(x for x in edges if x["relation"] == "FUNDED")
        tip = loaded.hover_edge(funded["id"])
        assert hostile_rows()[0]["sentence"] in tip
        assert f"according to {P_IMG}" in tip and f"denied by Denier {P_IMG}" in tip
        x, y = loaded.edge_point(funded["id"])
        page.mouse.click(x, y)
        details = page.inner_text("#gk-details")
        assert f"Title {P_SCRIPT} {P_QUOTES}" in details and P_JS in details
        for node in page.evaluate("window.graphkitData.nodes"):
            page.evaluate("(id) => window.graphkitFocus(id)", node["id"])
            assert node["label"] in page.inner_text("#gk-details")
        page.fill("#gk-search", P_QUOTES)
        page.press("#gk-search", "Enter")
        assert P_SCRIPT in page.inner_text("h1") and P_IMG in page.inner_text("h1")
        assert f"Evil {P_SCRIPT} Person" in page.inner_text("#gk-contested")
        page.screenshot(path=str(ARTIFACTS / "store_map_hostile.png"))
        page.wait_for_timeout(300)
        assert loaded.dialogs == []
        assert page.evaluate("window.__pwned") is None
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        assert page.evaluate("document.scripts.length") == 3
        assert page.evaluate("document.querySelectorAll('a[href^=\"javascript\"]').length") == 0
        assert loaded.requests == [] and loaded.errors == []
    finally:
        page.close()


# ------------------------------------------------------------------------------------------
# filters end to end


@pytest.mark.browser
def test_filtered_map_header_and_counts(news_store: Path, browser: Any, tmp_path: Path) -> None:
    G = graphkit.load_graph(news_store)
    H = select(G, since="2015-09-01", types=["PERSON", "ORG"], limit=5)
    assert 0 < H.number_of_nodes() <= 5 < G.number_of_nodes()
    out = tmp_path / "since.html"
    opts = ("--since", "2015-09-01", "--types", "PERSON,ORG", "--limit", "5")
    n, e = export("html", news_store, out, *opts)
    assert (n, e) == (H.number_of_nodes(), H.number_of_edges())
    loaded = Loaded(browser, out)
    try:
        page = loaded.page
        assert (loaded.count("nodes"), loaded.count("edges")) == (n, e)
        assert set(page.evaluate("window.network.body.data.nodes.getIds()")) == set(H.nodes)
        header = page.inner_text("#gk-header")
        assert f"{n} entities, {e} links" in header
        assert f"{G.number_of_nodes()} entities, {G.number_of_edges()} links" in header
        assert "since 2015-09-01" in header and "types ORG,PERSON" in header
        assert "Evidence dated" in header and "2015-09-22" in header
        assert "2015-05" not in header  # the older articles were filtered out
        assert loaded.requests == [] and loaded.errors == []
    finally:
        loaded.page.close()


def test_focus_depth_map(news_store: Path, tmp_path: Path) -> None:
    G = graphkit.load_graph(news_store)
    hub = max(G, key=G.degree)
    name = G.nodes[hub]["name"]
    for depth in (0, 1, 2):
        out = tmp_path / f"focus{depth}.html"
        n, e = export("html", news_store, out, "--focus", name, "--depth", str(depth))
        H = select(G, focus=name, depth=depth)
        assert (n, e) == (H.number_of_nodes(), H.number_of_edges())
        assert hub in H and (n == 1 if depth == 0 else n > 1)
        page = out.read_text(encoding="utf-8")
        assert f"focus {name} (depth {depth})" in page
        data = json.loads(re.search(r'id="graph-data">(.*?)</script>', page, re.S).group(1))
        assert {x["id"] for x in data["nodes"]} == set(H)
    ego = {hub} | set(G.successors(hub)) | set(G.predecessors(hub))
    assert set(select(G, focus=name, depth=1)) == ego


def test_bad_filter_is_one_line(news_store: Path, tmp_path: Path) -> None:
    for opts, words in (
        (("--since", "yesterday"), "YYYY-MM-DD"),
        (("--types", "PLANET"), "unknown type"),
        (("--focus", "Nobody Atall"), "Nobody Atall"),
        (("--size-by", "fame"), "--size-by"),
    ):
        res = runner.invoke(
            app,
            ["export", "html", "--store", str(news_store), "-o", str(tmp_path / "x.html"), *opts],
        )
        assert res.exit_code != 0
        assert res.stderr.startswith("graphkit: error:") and words in res.stderr
        assert len(res.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.html").exists()


# ------------------------------------------------------------------------------------------
# file exports with the same filters

FILTERS = {
    "since+types": (
        ["--since", "2015-09-01", "--types", "PERSON,ORG"],
        {"since": "2015-09-01", "types": ["PERSON", "ORG"]},
    ),
    "relations+min-weight": (
        ["--relations", "LEADER_OF,EMPLOYEE_OF", "--min-weight", "1"],
        {"relations": ["LEADER_OF", "EMPLOYEE_OF"]},
    ),
    "focus+depth+limit": (
        ["--focus", "Ahmed Mohamed", "--depth", "2", "--limit", "4"],
        {"focus": "Ahmed Mohamed", "depth": 2, "limit": 4},
    ),
}


def _read_back(kind: str, out: Path) -> tuple[set[str], set[tuple[str, str, str]]]:
    """Entity keys (names for JSONL) and (source, relation, target) of an exported file."""
    if kind in ("graphml", "gexf"):
        F = nx.read_graphml(out) if kind == "graphml" else nx.read_gexf(out)
        return set(F.nodes), {(s, d["relation"], t) for s, t, d in F.edges(data=True)}
    if kind == "csv":
        with open(out / "nodes.csv", encoding="utf-8", newline="") as fh:
            nodes = {r["key"] for r in csv.DictReader(fh)}
        with open(out / "edges.csv", encoding="utf-8", newline="") as fh:
            edges = {(r["source"], r["relation"], r["target"]) for r in csv.DictReader(fh)}
        return nodes, edges
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    names = {r["subject"] for r in rows} | {r["object"] for r in rows}
    return names, {(r["subject"], r["relation"], r["object"]) for r in rows}


@pytest.mark.parametrize("kind", ["graphml", "gexf", "csv", "jsonl"])
@pytest.mark.parametrize("which", sorted(FILTERS))
def test_file_export_filters(news_store: Path, tmp_path: Path, kind: str, which: str) -> None:
    opts, kwargs = FILTERS[which]
    G = graphkit.load_graph(news_store)
    H = select(G, **{"limit": None, **kwargs})
    assert 0 < H.number_of_edges() < G.number_of_edges()
    out = tmp_path / ("out" if kind == "csv" else f"g.{kind}")
    n, e = export(kind, news_store, out, *opts)
    assert (n, e) == (H.number_of_nodes(), H.number_of_edges())
    nodes, edges = _read_back(kind, out)
    if kind == "jsonl":  # names, one line per evidence; isolated entities have no line
        name = {k: H.nodes[k]["name"] for k in H}
        assert edges == {(name[s], k, name[t]) for s, t, k in H.edges(keys=True)}
        lines = len(out.read_text(encoding="utf-8").splitlines())
        assert lines == sum(len(d["evidence"]) for _, _, d in H.edges(data=True))
    else:
        assert nodes == set(H.nodes)
        assert edges == {(s, k, t) for s, t, k in H.edges(keys=True)}


def test_jsonl_export_reloads_to_the_same_graph(news_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    export("jsonl", news_store, out)
    other = tmp_path / "reloaded"
    res = runner.invoke(app, ["load", str(out), "--store", str(other)])
    assert res.exit_code == 0, res.stderr
    G, R = graphkit.load_graph(news_store), graphkit.load_graph(other)

    def edges(X: nx.MultiDiGraph) -> dict:
        keep = ("doc_id", "sentence", "char_start", "char_end", "published", "title", "denied_by")
        return {
            (s, k, t): (
                d["weight"],
                d["contested"],
                sorted(tuple(ev.get(f) for f in keep) for ev in d["evidence"]),
            )
            for s, t, k, d in X.edges(keys=True, data=True)
        }

    linked = {n for n in G if G.degree(n)}  # entities without links have no triple to carry
    assert set(R.nodes) == linked
    assert {n: G.nodes[n]["type"] for n in linked} == {n: R.nodes[n]["type"] for n in R}
    assert {n: G.nodes[n]["name"] for n in linked} == {n: R.nodes[n]["name"] for n in R}
    assert edges(R) == edges(G)
