"""The embedded store: idempotent loads, order independence, retraction, the NetworkX view."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graphkit import load_graph
from graphkit.errors import StoreError
from graphkit.model import Article
from graphkit.store.base import DocRecord
from graphkit.store.embedded import EmbeddedStore

ARTICLES = [
    "Elon Musk met Donald Trump in Florida on Tuesday. Musk praised Trump.",
    "Kremlin spokesperson Dmitry Peskov said Vladimir Putin would meet Xi Jinping. Putin criticized NATO.",
    "Musk criticized Putin, the Washington Post reported.",
    "Boris Johnson met Emmanuel Macron in Paris. Johnson thanked Macron.",
    "Dustin Johnson beat Rory McIlroy at the Masters. Johnson thanked his caddie.",
]


def snapshot(store):
    ents = [(e["key"], e["name"], e["type"], tuple(e["aliases"])) for e in store.entities()]
    edges = [
        (
            e["source"],
            e["relation"],
            e["target"],
            e["weight"],
            tuple((v["doc_id"], v["char_start"], v["predicate"]) for v in e["evidence"]),
        )
        for e in store.edges()
    ]
    return ents, edges


@pytest.fixture(scope="module")
def records(nlp):
    from graphkit.extract import extract_article

    out = []
    for text in ARTICLES:
        art = Article(text, path=f"a{len(out)}.txt")
        out.append(DocRecord.build(art, extract_article(nlp, art)))
    return out


def test_reload_is_count_for_count_identical(tmp_path, records):
    with EmbeddedStore(tmp_path / "s") as st:
        st.load(records)
        first = snapshot(st), st.stats()["evidence"]
        st.load(records)
        st.load(records[:2])
        assert (snapshot(st), st.stats()["evidence"]) == first


def test_graph_does_not_depend_on_arrival_order(tmp_path, records):
    with EmbeddedStore(tmp_path / "a") as a:
        a.load(records)
        want = snapshot(a)
    rng = random.Random(3)
    for i in range(3):
        order = records[:]
        rng.shuffle(order)
        with EmbeddedStore(tmp_path / f"b{i}") as b:
            for r in order:  # one article per transaction
                b.load([r])
            assert snapshot(b) == want


def test_short_name_joins_the_only_full_name_across_articles(tmp_path, nlp):
    from graphkit.extract import extract_article

    a1 = Article("Musk criticized Vladimir Putin on Monday.")
    a2 = Article("Elon Musk met Vladimir Putin in Moscow.")
    with EmbeddedStore(tmp_path / "s") as st:
        st.load([DocRecord.build(a1, extract_article(nlp, a1))])
        st.load([DocRecord.build(a2, extract_article(nlp, a2))])
        keys = {e["key"] for e in st.entities()}
    assert "PERSON:elon musk" in keys and "PERSON:musk" not in keys


def test_retract_equals_never_loaded(tmp_path, records):
    with EmbeddedStore(tmp_path / "full") as full, EmbeddedStore(tmp_path / "part") as part:
        full.load(records)
        full.remove([records[2].doc_id])
        part.load(records[:2] + records[3:])
        assert snapshot(full) == snapshot(part)
        assert full.ingested([records[2].doc_id], status="removed") == {records[2].doc_id}


def test_load_graph_returns_a_multidigraph(tmp_path, records):
    with EmbeddedStore(tmp_path / "s") as st:
        st.load(records)
        n = st.stats()["edges"]
    G = load_graph(tmp_path / "s")
    assert isinstance(G, nx.MultiDiGraph) and G.number_of_edges() == n > 0
    for _, _, data in G.edges(data=True):
        assert data["evidence"] and data["weight"] >= 1


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no graphkit store"):
        EmbeddedStore(tmp_path / "nope", create=False)


def test_corrupt_store_is_a_clear_error(tmp_path):
    d = tmp_path / "bad"
    d.mkdir()
    (d / "graphkit.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError):
        EmbeddedStore(d)


def test_graph_keeps_evidence_by_reference_and_reads_it_back(tmp_path, records):
    """The graph's evidence lists are read from SQLite on first use and equal a fresh build."""
    from graphkit.store.graph import build_graph, edges_as_dicts
    from graphkit.store.snapshot import LazyEvidence

    with EmbeddedStore(tmp_path / "s") as st:
        st.load(records)
        G = st.graph()
        lazies = [d["evidence"] for _, _, d in G.edges(data=True)]
        assert lazies and all(isinstance(ev, LazyEvidence) and ev._items is None for ev in lazies)
        assert [len(ev) for ev in lazies] == [len(list(ev)) for ev in lazies]
        fresh = build_graph(st.entities(), st.evidence_rows(), st.symmetric)
        assert edges_as_dicts(G) == edges_as_dicts(fresh)
        assert st.edges() == edges_as_dicts(fresh)
