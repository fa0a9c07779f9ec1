"""The embedded store's query index: same answers as the NetworkX graph, safe on disk.

Every stock query runs twice on real stores — over the index (``run(name, store)``) and over
the full MultiDiGraph the store's own builder makes from the evidence rows (the NetworkX
twins) — and must give identical rows. The stores: the sample article and the 16 Wikinews
articles through the real pipeline, and a synthetic store with hubs, symmetric and directed
links both ways, syndicated copies, undated articles, denials and event dates.
"""

from __future__ import annotations

import json
import os
import random
import shutil

import networkx as nx
import numpy as np
import pytest

from graphkit import load_graph, queries
from graphkit.errors import GraphkitError
from graphkit.extract.entities import norm
from graphkit.gcpause import GCPaused
from graphkit.resolve import block_of
from graphkit.store import snapshot
from graphkit.store.base import DocRecord
from graphkit.store.embedded import EmbeddedStore
from graphkit.store.graph import build_graph, edges_as_dicts
from graphkit.store.index import GraphIndex

RELATIONS = ("MET_WITH", "IN_CONTACT_WITH", "TOLD", "FUNDED", "CRITICIZED", "EMPLOYEE_OF")


def synthetic_records(n_docs: int, n_entities: int, seed: int = 5) -> list[DocRecord]:
    """Articles of 6 triples over Zipf-weighted entities (hubs), some copies and no dates."""
    rnd = random.Random(seed)
    ents = []
    for i in range(n_entities):
        t = ("PERSON", "ORG", "GPE")[i % 3]
        ents.append((t, f"{'ABCDEFGH'[i % 8]}{i:03d} {'Zed' if i % 7 else 'Ann'}"))
    weights = [1.0 / (r + 2) for r in range(n_entities)]
    out = []
    for d in range(n_docs):
        doc_id = f"sha256:syn{d:06d}"
        published = None if d % 9 == 0 else f"20{15 + d % 8}-{1 + d % 12:02d}-{1 + d % 27:02d}"
        locals_, rows = {}, []
        for k in range(6):
            (st, sn), (ot, on) = rnd.choices(ents, weights=weights, k=2)
            if sn == on:
                continue
            for t, n in ((st, sn), (ot, on)):
                locals_.setdefault(
                    (t, norm(n)), {"name": n, "aliases": [n.split()[0]], "block": block_of(t, n)}
                )
            rel = rnd.choice(RELATIONS)
            r = rnd.random()
            sentence = f"{sn} {rel.lower()} {on} (story {d}, item {k})."
            rows.append(
                {
                    "doc_id": doc_id,
                    "subj_type": st,
                    "subj_local": norm(sn),
                    "relation": rel,
                    "obj_type": ot,
                    "obj_local": norm(on),
                    "predicate": rnd.choice((rel.lower(), None, "say")),
                    "sentence": sentence,
                    "char_start": k * 100,
                    "char_end": k * 100 + len(sentence),
                    "attributed_to": "Officials" if r < 0.3 else None,
                    "negated": r > 0.93,
                    "denied_by": rnd.choice(ents)[1] if r < 0.08 else None,
                    "confidence": round(rnd.random(), 2),
                    "extractor": "test",
                    "event_time": "last week" if r > 0.85 else None,
                    "event_date": f"2020-0{1 + d % 9}" if r > 0.85 else None,
                }
            )
        meta = {"doc_id": doc_id, "path": f"syn/{d}.txt", "published": published}
        out.append(DocRecord(doc_id, meta, locals_, rows, "test", None))
    return out


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    st = EmbeddedStore(tmp_path_factory.mktemp("index") / "syn")
    recs = synthetic_records(400, 90)
    st.load(recs)
    # syndicated copies: groups of three articles count as one source
    st.set_groups({r.doc_id: recs[i - i % 3].doc_id for i, r in enumerate(recs[:60])})
    yield st
    st.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, corpus_records):
    st = EmbeddedStore(tmp_path_factory.mktemp("index") / "corpus")
    st.load(corpus_records)
    yield st
    st.close()


def twin_graph(store: EmbeddedStore) -> nx.MultiDiGraph:
    """The graph the NetworkX twins run on, built from the raw rows (no index involved)."""
    G = build_graph(store.entities(), store.evidence_rows(), store.symmetric)
    G.graph["generation"] = store.generation
    return G


def answer(backend, name, params):
    try:
        return ("rows", queries.run(name, backend, **params))
    except GraphkitError as exc:
        return (type(exc).__name__, str(exc))


def cases(store: EmbeddedStore, G: nx.MultiDiGraph) -> list[tuple[str, dict]]:
    """A parameter table over the store's own entities: hubs, leaves, names and aliases."""
    by_degree = sorted(G, key=lambda n: (-len(set(G.succ[n]) | set(G.pred[n])), n))
    hub, mid, leaf = by_degree[0], by_degree[len(G) // 2], by_degree[-1]
    name = G.nodes[mid]["name"]

    def adj(n):
        return (set(G.succ[n]) | set(G.pred[n])) - {n}

    # the entity sharing most neighbours with the hub, and the hub's strongest link
    second = max(sorted(set(G) - {hub}), key=lambda n: len(adj(n) & adj(hub)))
    linked = max(
        sorted(adj(hub)), key=lambda n: len(G.succ[hub].get(n, {})) + len(G.pred[hub].get(n, {}))
    )
    rnd = random.Random(1)
    nodes = sorted(G)
    out: list[tuple[str, dict]] = [
        ("neighbors", {"name": hub}),
        ("neighbors", {"name": name}),
        ("neighbors", {"name": name.lower(), "direction": "out"}),
        ("neighbors", {"name": hub, "direction": "in", "limit": 7}),
        ("neighbors", {"name": hub, "limit": 5, "offset": 4}),
        ("neighbors", {"name": hub, "offset": 10_000}),
        ("neighbors", {"name": hub, "relation": "met_with"}),
        ("neighbors", {"name": hub, "relation": "NO_SUCH"}),
        ("neighbors", {"name": leaf}),
        ("neighbors", {"name": "Zzzz Qqqq"}),
        ("common", {"names": [hub, second]}),
        ("common", {"names": [hub, second, mid]}),
        ("common", {"names": [hub, second], "relation": "TOLD"}),
        ("common", {"names": [hub, hub]}),
        ("evidence", {"a": hub, "b": linked}),
        ("evidence", {"a": hub, "b": second}),
        ("evidence", {"a": hub, "b": mid, "relation": "FUNDED"}),
        ("new", {"since": "2019"}),
        ("new", {"since": "2016-03-01", "until": "2017-06"}),
        ("new", {"since": "2015", "relation": "IN_CONTACT_WITH"}),
        ("contested", {}),
        ("contested", {"name": hub}),
        ("contested", {"relation": "MET_WITH"}),
        ("entity", {"name": hub}),
        ("entity", {"name": name, "top": 2}),
        ("central", {}),
        ("central", {"by": "degree", "type": "ORG", "top": 20}),
        ("central", {"by": "pagerank", "top": 30}),
        ("central", {"by": "pagerank", "type": "GPE"}),
        ("central", {"by": "betweenness", "top": 15}),
        ("central", {"by": "betweenness", "type": "NOPE"}),
        ("communities", {}),
        ("communities", {"method": "label_propagation", "min_size": 1}),
        ("search", {"text": name.split()[0]}),
        ("search", {"text": "zed", "type": "PERSON", "limit": 20}),
    ]
    for _ in range(25):
        a, b = rnd.choice(nodes), rnd.choice(nodes)
        out.append(("path", {"source": a, "target": b, "all": True, "limit": 40}))
    out += [
        # pairs that are linked whatever the random draws give: a neighbour, a shared neighbour
        ("path", {"source": linked, "target": hub}),
        ("path", {"source": second, "target": hub, "all": True}),
        ("path", {"source": hub, "target": leaf}),
        ("path", {"source": leaf, "target": mid, "max_hops": 2, "all": True}),
        ("path", {"source": hub, "target": hub}),
    ]
    return out


@pytest.mark.parametrize("which", ["synthetic", "corpus"])
def test_index_answers_every_query_like_the_networkx_twins(request, which):
    store = request.getfixturevalue(which)
    G = twin_graph(store)
    table = cases(store, G)
    assert {n for n, _ in table} == set(queries.QUERIES)
    nonempty = set()
    for name, params in table:
        got, want = answer(store, name, params), answer(G, name, params)
        assert got == want, (name, params)
        if name == "neighbors" and got[0] == "rows":  # same page, same total
            assert got[1].total == want[1].total >= len(got[1])
        if got[0] == "rows" and got[1]:
            nonempty.add(name)
    assert nonempty == set(queries.QUERIES)  # the comparison is not vacuous


def test_load_graph_equals_the_graph_built_from_the_rows(synthetic):
    G = load_graph(synthetic.path)
    want = twin_graph(synthetic)
    assert list(G.nodes(data=True)) == list(want.nodes(data=True))
    assert edges_as_dicts(G) == edges_as_dicts(want)
    assert [(s, t, k) for s, t, k in G.edges(keys=True)] == list(want.edges(keys=True))


def test_pagerank_and_betweenness_equal_networkx(synthetic):
    ix = synthetic.index()
    U = queries._simple_graph(twin_graph(synthetic))
    assert list(U) == ix.keys
    pr = queries.pagerank_csr(ix.adjacency())
    assert dict(zip(ix.keys, pr.tolist())) == nx.pagerank(U, weight="weight")
    exact = nx.betweenness_centrality(U)
    got = queries.betweenness_csr(ix.u_ptr, ix.u_idx, None)
    assert np.allclose(got, [exact[k] for k in ix.keys], rtol=1e-12, atol=1e-15)
    sources = random.Random(9).sample(range(len(ix)), 12)
    sampled = nx.betweenness_centrality(U, k=12, seed=9)
    got = queries.betweenness_csr(ix.u_ptr, ix.u_idx, sources)
    assert np.allclose(got, [sampled[k] for k in ix.keys], rtol=1e-12, atol=1e-15)
    assert got.max() > 0


def test_sampled_betweenness_ranks_like_networkx(tmp_path, monkeypatch):
    """Above the exact-betweenness size the index samples the same sources as networkx."""
    with EmbeddedStore(tmp_path / "s") as st:
        st.load(synthetic_records(200, 60, seed=2))
        monkeypatch.setattr(queries, "EXACT_BETWEENNESS_MAX_NODES", 10)
        got = queries.run("central", st, by="betweenness", samples=8, top=12, seed=3)
        want = queries.run(
            "central", load_graph(st.path), by="betweenness", samples=8, top=12, seed=3
        )
    assert got == want and got[0]["method"].startswith("betweenness (sampled: 8 of")


def index_dirs(store: EmbeddedStore) -> list[str]:
    return sorted(p.name for p in (store.path / "cache").iterdir())


def test_index_is_written_once_per_generation_and_replaced_on_change(tmp_path):
    recs = synthetic_records(30, 20)
    with EmbeddedStore(tmp_path / "s") as st:
        st.load(recs[:20])
        gen = st.generation
        ix = st.index()
        assert index_dirs(st) == [f"index-{gen}"]
        stamp = (st.path / "cache" / f"index-{gen}" / "meta.json").stat().st_mtime_ns
    with EmbeddedStore(tmp_path / "s") as again:  # another process on the unchanged store
        ix2 = again.index()
        assert isinstance(ix2.arrays["src"], np.memmap)  # memory-mapped, not rebuilt
        assert (again.path / "cache" / f"index-{gen}" / "meta.json").stat().st_mtime_ns == stamp
        assert ix2.keys == ix.keys and np.array_equal(ix2.src, ix.src)
        again.load(recs[20:])
        assert again.index().generation == gen + 1 and again.index().number_of_edges() > len(ix.src)
        assert index_dirs(again) == [f"index-{gen + 1}"]  # the old one is gone


@pytest.mark.parametrize("damage", ["truncated-array", "bad-meta", "missing-nodes", "no-meta"])
def test_a_damaged_index_is_rebuilt_not_used(tmp_path, damage):
    with EmbeddedStore(tmp_path / "s") as st:
        st.load(synthetic_records(40, 25))
        want = queries.run("central", st, by="pagerank", top=50)
        gen = st.generation
        d = st.path / "cache" / f"index-{gen}"
    if damage == "truncated-array":
        src = d / "src.npy"
        src.write_bytes(src.read_bytes()[:-8])
    elif damage == "bad-meta":
        meta = json.loads((d / "meta.json").read_text())
        meta["edges"] += 1
        (d / "meta.json").write_text(json.dumps(meta))
    elif damage == "missing-nodes":
        (d / "nodes.json").unlink()
    else:
        (d / "meta.json").write_text("{not json")
    with EmbeddedStore(tmp_path / "s") as st:
        assert queries.run("central", st, by="pagerank", top=50) == want
        assert st.index().number_of_edges() == len(load_graph(st.path).edges)
    repaired = snapshot.load(d)  # the damaged index was replaced, not left for the next reader
    assert repaired is not None and repaired[0]["generation"] == gen
    with EmbeddedStore(tmp_path / "s") as st:
        assert isinstance(st.index().arrays["src"], np.memmap)


def test_a_crash_mid_write_leaves_no_index_under_the_final_name(tmp_path):
    """A writer killed mid-way leaves only its temp directory; readers build their own."""
    with EmbeddedStore(tmp_path / "s") as st:
        st.load(synthetic_records(40, 25))
        want = queries.run("neighbors", st, name=st.entities()[0]["key"])
        gen = st.generation
    cache = tmp_path / "s" / "cache"
    shutil.rmtree(cache / f"index-{gen}")
    # the state a SIGKILL during the write leaves: a partial temp dir of a dead process
    dead = max(int(p) for p in os.listdir("/proc") if p.isdigit()) + 1000
    partial = cache / f".index-{gen}.tmp-{dead}"
    partial.mkdir()
    (partial / "src.npy").write_bytes(b"\x93NUMPY partial")
    with EmbeddedStore(tmp_path / "s") as st:
        assert queries.run("neighbors", st, name=st.entities()[0]["key"]) == want
    assert index_dirs(st) == [f"index-{gen}"]  # rebuilt, and the dead writer's leftovers gone


def test_an_unwritable_cache_answers_from_memory(tmp_path):
    """When the index cannot be written (here ``cache`` is a file), queries still answer."""
    with EmbeddedStore(tmp_path / "s") as st:
        st.load(synthetic_records(20, 15))
        want = queries.run("central", st, by="pagerank")
    shutil.rmtree(tmp_path / "s" / "cache")
    (tmp_path / "s" / "cache").write_text("not a directory")
    with EmbeddedStore(tmp_path / "s") as st:
        assert queries.run("central", st, by="pagerank") == want
        assert st.index().generation == st.generation


def test_another_vocabulary_gets_its_own_index(tmp_path):
    """Which relations are symmetric decides the links: an index built with another vocabulary
    is not reused."""
    from graphkit.config import load_vocabulary

    vocab = tmp_path / "relations.tsv"
    vocab.write_text(
        "".join(
            f"{r.type}\t{'yes' if r.symmetric and r.type != 'MET_WITH' else 'no'}\n"
            for r in load_vocabulary(None).values()
        )
    )
    with EmbeddedStore(tmp_path / "s") as st:
        st.load(synthetic_records(60, 12))
        assert "MET_WITH" in st.index().symmetric
    with EmbeddedStore(tmp_path / "s", vocabulary_path=str(vocab)) as st:
        ix = st.index()
        assert "MET_WITH" not in ix.symmetric
        assert edges_as_dicts(ix.to_networkx()) == edges_as_dicts(twin_graph(st))
    with EmbeddedStore(tmp_path / "s") as st:
        assert "MET_WITH" in st.index().symmetric


def test_graph_from_an_older_generation_still_reads_its_evidence(tmp_path):
    recs = synthetic_records(30, 20)
    with EmbeddedStore(tmp_path / "s") as st:
        st.load(recs[:15])
        old = st.graph()
        st.load(recs[15:])  # evidence rows move on; the old graph falls back to link keys
        new = twin_graph(st)
        for s, t, k, data in old.edges(keys=True, data=True):
            assert list(data["evidence"]) == list(new[s][t][k]["evidence"])


def test_stats_come_from_the_index(synthetic):
    G = twin_graph(synthetic)
    stats = synthetic.stats()
    assert stats["entities"] == G.number_of_nodes()
    assert stats["edges"] == G.number_of_edges()
    assert sum(stats["edges_by_relation"].values()) == G.number_of_edges()
    assert isinstance(synthetic.index(), GraphIndex)


def test_a_write_by_another_process_is_seen_and_a_stale_index_refuses_to_mix(tmp_path):
    """Another store object (another process) writes after this one loaded its index: the
    store's next query uses the new generation; the old index object, asked for evidence,
    raises StaleIndex rather than mixing rows of two generations."""
    from graphkit.store.snapshot import StaleIndex

    recs = synthetic_records(40, 15)
    with EmbeddedStore(tmp_path / "s") as reader, EmbeddedStore(tmp_path / "s") as writer:
        writer.load(recs[:20])
        old = reader.index()
        hub = queries.run("central", reader, top=1)[0]["key"]
        writer.load(recs[20:])
        assert queries.run("neighbors", reader, name=hub) == queries.run(
            "neighbors", twin_graph(writer), name=hub
        )
        assert reader.index().generation == writer.generation != old.generation
        other = queries.run("neighbors", old, name=hub)[0]["neighbor_key"]
        with pytest.raises(StaleIndex, match="the store changed"):
            queries.run("evidence", old, a=hub, b=other)


def test_neighbors_leaves_the_garbage_collector_as_it_found_it(synthetic):
    """Rows are built with the cyclic GC paused; a caller's own setting survives the query."""
    import gc

    hub = queries.run("central", synthetic, top=1)[0]["key"]
    assert gc.isenabled()
    queries.run("neighbors", synthetic, name=hub)
    assert gc.isenabled()
    gc.disable()
    try:
        queries.run("neighbors", synthetic, name=hub)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_neighbors_of_every_entity_in_the_stored_order_equal_the_twins(synthetic):
    """The index stores each entity's links in the order ``neighbors`` sorts its rows in; every
    entity, with and without filters and pages, gives the twins' rows (and total)."""
    G = twin_graph(synthetic)
    for key in sorted(G):
        for params in (
            {},
            {"direction": "out"},
            {"direction": "in", "relation": "told"},
            {"limit": 3, "offset": 2},
        ):
            got = queries.run("neighbors", synthetic, name=key, **params)
            want = queries.run("neighbors", G, name=key, **params)
            assert got == want and got.total == want.total, (key, params)
            # the same keys in the same order (JSON output), plain dicts and lists
            assert [list(r) for r in got] == [list(r) for r in want]
            assert all(type(r) is dict and type(r["event_dates"]) is list for r in got)


def fresh_index(st: EmbeddedStore) -> GraphIndex:
    """A new index object of the store (nothing kept from earlier queries)."""
    loaded = snapshot.load(st.path / "cache" / f"index-{st.generation}")
    return GraphIndex(*loaded, db=str(st.db_path.resolve()), store=str(st.path))


def test_neighbors_rows_kept_for_repeated_queries_equal_the_twins(synthetic, monkeypatch):
    """Hubs keep their rows in the index once asked for twice, and later queries (pages and
    filters too) copy them: still the twins' rows, keys in order, plain dicts and lists."""
    monkeypatch.setattr(queries, "NEIGHBOR_ROWS_KEPT_FROM", 2)  # every entity with 2+ links
    synthetic.index()
    ix = fresh_index(synthetic)
    G = twin_graph(synthetic)
    for key in sorted(G):
        for _ in range(3):  # remembered, built and kept, copied
            got = queries.run("neighbors", ix, name=key)
            want = queries.run("neighbors", G, name=key)
            assert got == want and got.total == want.total, key
            assert [list(r) for r in got] == [list(r) for r in want]
            assert all(type(r) is dict and type(r["event_dates"]) is list for r in got)
        for params in (
            {"direction": "out"},
            {"direction": "in", "relation": "told"},
            {"limit": 3, "offset": 2},
            {"offset": 1},
            {"limit": 1000},
        ):
            got = queries.run("neighbors", ix, name=key, **params)
            want = queries.run("neighbors", G, name=key, **params)
            assert got == want and got.total == want.total, (key, params)
            assert [list(r) for r in got] == [list(r) for r in want]
    assert any(r["event_dates"] for k in G for r in queries.run("neighbors", ix, name=k))
    assert ix.kept_rows("neighbors", ix.key_id[sorted(G)[0]]) is not None


def test_kept_rows_are_copied_so_callers_may_change_theirs(synthetic, monkeypatch):
    monkeypatch.setattr(queries, "NEIGHBOR_ROWS_KEPT_FROM", 2)
    synthetic.index()
    ix = fresh_index(synthetic)
    hub = queries.run("central", ix, top=1)[0]["key"]
    want = json.dumps(queries.run("neighbors", ix, name=hub))
    for _ in range(3):
        rows = queries.run("neighbors", ix, name=hub)
        assert json.dumps(rows) == want
        rows[0]["weight"] = -1
        rows[0]["event_dates"].append("1999-01-01")
        rows[-1].clear()
    dated = [r for r in queries.run("neighbors", ix, name=hub) if r["event_dates"]]
    assert dated, "the synthetic hub has links with event dates"
    dated[0]["event_dates"].clear()
    assert json.dumps(queries.run("neighbors", ix, name=hub)) == want


def test_kept_rows_are_bounded_least_recently_used_first(synthetic, monkeypatch):
    synthetic.index()
    ix = fresh_index(synthetic)
    monkeypatch.setattr(ix, "KEPT_ROWS", 10)
    monkeypatch.setattr(ix, "KEPT_ENTITIES", 3)
    built = []

    def build(n):
        def f():
            built.append(n)
            return f"rows of {n}"

        return f

    assert ix.kept_rows("q", 1, build(1), 4) is None  # asked once: only remembered
    assert ix.kept_rows("q", 1) is None and built == []
    assert ix.kept_rows("q", 1, build(1), 4) == "rows of 1" and built == [1]
    assert ix.kept_rows("q", 1, build(1), 4) == "rows of 1" and built == [1]
    assert ix.kept_rows("q", 2, build(2), 11) is None  # more than KEPT_ROWS: never kept
    assert ix.kept_rows("q", 2, build(2), 11) is None and built == [1]
    for _ in range(2):
        ix.kept_rows("q", 3, build(3), 4)
    assert ix.kept_rows("q", 1) == "rows of 1"  # 8 rows held
    for _ in range(2):
        ix.kept_rows("q", 4, build(4), 4)  # 12 > 10: the least recently used (3) goes
    assert ix.kept_rows("q", 3) is None
    assert ix.kept_rows("q", 1) == "rows of 1" and ix.kept_rows("q", 4) == "rows of 4"
    for n in (5, 6, 7):  # remembering more than KEPT_ENTITIES forgets the oldest
        ix.kept_rows("q", n, build(n), 1)
    assert ix.kept_rows("q", 1) is None and len(ix._rows) == 3


def test_lookups_are_remembered_and_given_as_fresh_lists(synthetic, monkeypatch):
    synthetic.index()
    ix = fresh_index(synthetic)
    monkeypatch.setattr(ix, "LOOKUPS_KEPT", 2)
    name = ix.names[0]
    want = ix.lookup(name.casefold())
    assert want == [ix.keys[0]] or ix.keys[0] in want
    want.append("changed by the caller")
    assert ix.lookup(name.casefold()) == want[:-1] == ix.lookup(name.casefold())
    assert ix.lookup("no such entity") == [] == ix.lookup("no such entity")
    for i in range(5):  # more than LOOKUPS_KEPT: forgotten, still right
        assert ix.keys[i] in ix.lookup(ix.keys[i].casefold())
    assert queries.find_entity(ix, name.upper()) == queries.find_entity(ix, name)


def test_leaving_the_gc_pause_runs_no_collection():
    """Leaving the pause allocates nothing, so the collector does not walk the fresh rows
    inside the query (a generator-based context manager allocated StopIteration there)."""
    import gc

    calls: list[str] = []

    def seen(phase, info):
        calls.append(phase)

    threshold = gc.get_threshold()
    gc.callbacks.append(seen)
    gc.set_threshold(1)
    try:
        with GCPaused():
            before = len(calls)  # (entering may have collected: the threshold is 1)
            rows = [{"event_dates": []} for _ in range(1000)]
        n = len(calls) - before  # nothing allocated between leaving the block and here
    finally:
        gc.set_threshold(*threshold)
        gc.callbacks.remove(seen)
    assert gc.isenabled() and n == 0 and len(rows) == 1000


def test_the_index_build_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    import gc

    with EmbeddedStore(tmp_path / "s") as st:
        st.load(synthetic_records(20, 15))
        conn = st.conn
        assert gc.isenabled()
        snapshot.build(conn, st.symmetric)
        assert gc.isenabled()
        gc.disable()
        try:
            snapshot.build(conn, st.symmetric)
            assert not gc.isenabled()
        finally:
            gc.enable()
