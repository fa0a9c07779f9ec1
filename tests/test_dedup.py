"""Independent sources: near-duplicate articles are grouped; weight counts groups."""

from __future__ import annotations

import random

import pytest

from graphkit import dedup
from graphkit.queries import run
from graphkit.store.embedded import EmbeddedStore


def edited_copies(text: str) -> tuple[str, str]:
    """Two lightly edited copies of the sample: words changed, a sentence dropped."""
    a = (
        text.replace("world's richest man", "richest person on Earth")
        .replace("yesterday", "on Thursday", 1)
        .replace("Underscoring that point, ", "")
    )
    b = text.replace(' But Putin is currently "one of America\'s chief adversaries."', "").replace(
        "top U.S. defense contractor", "major U.S. defence contractor"
    )
    assert a != text and b != text and a != b
    return a, b


@pytest.fixture(scope="module")
def copies_dir(tmp_path_factory, sample_text):
    d = tmp_path_factory.mktemp("wire")
    a, b = edited_copies(sample_text)
    (d / "original.txt").write_text(sample_text, encoding="utf-8")
    (d / "syndicated-a.txt").write_text(a, encoding="utf-8")
    (d / "syndicated-b.txt").write_text(b, encoding="utf-8")
    (d / "other.txt").write_text(
        "Vladimir Putin met Xi Jinping in Beijing on Tuesday. Elon Musk was not there.",
        encoding="utf-8",
    )
    return d


@pytest.fixture(scope="module")
def records(nlp, copies_dir):
    from graphkit.extract import extract_article
    from graphkit.ingest import read_articles
    from graphkit.store.base import DocRecord

    arts = sorted(read_articles([str(copies_dir)]), key=lambda a: a.path)
    return [DocRecord.build(a, extract_article(nlp, a)) for a in arts]


def test_lsh_bands_are_datasketch_optimum():
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=dedup.THRESHOLD, num_perm=dedup.NUM_PERM, weights=dedup._WEIGHTS)
    assert (lsh.b, lsh.r) == (dedup.BANDS, dedup.ROWS)


@pytest.mark.parametrize(
    ("text", "k", "expected"),
    [
        ("One two three", 2, {b"one two", b"two three"}),
        ("Short", 5, {b"short"}),
        ("  ...  ", 5, set()),
        ("Ünïcode Words Here", 3, {"ünïcode words here".encode()}),
    ],
)
def test_shingles(text, k, expected):
    assert dedup.shingles(text, k=k) == expected


def test_copies_are_similar_and_other_articles_are_not(sample_text):
    a, b = edited_copies(sample_text)
    s0, sa, sb = (dedup.signature(t) for t in (sample_text, a, b))
    assert dedup.similarity(s0, sa) >= dedup.THRESHOLD
    assert dedup.similarity(s0, sb) >= dedup.THRESHOLD
    other = dedup.signature("Vladimir Putin met Xi Jinping in Beijing on Tuesday.")
    assert dedup.similarity(s0, other) < 0.1
    assert dedup.signature("") is None
    assert set(dedup.band_keys(s0)) & set(dedup.band_keys(sa))


def test_groups_are_components_named_by_smallest_id():
    pairs = [("c", "a"), ("b", "c"), ("x", "y")]
    assert dedup.groups(["c", "a", "b", "d", "x", "y"], pairs) == {
        "a": "a",
        "b": "a",
        "c": "a",
        "d": "d",
        "x": "x",
        "y": "x",
    }


def musk_putin(store):
    (edge,) = [
        e
        for e in store.edges()
        if e["relation"] == "IN_CONTACT_WITH"
        and {e["source"], e["target"]} == {"PERSON:elon musk", "PERSON:vladimir putin"}
    ]
    return edge


def test_syndicated_copies_count_as_one_source(tmp_path, nlp, copies_dir):
    from graphkit.pipeline import ingest

    with EmbeddedStore(tmp_path / "s") as st:
        ingest([str(copies_dir)], st, nlp=nlp)
        edge = musk_putin(st)
        docs = {ev["doc_id"] for ev in edge["evidence"]}
        groups = {ev["group"] for ev in edge["evidence"]}
        assert edge["weight"] == 1
        assert edge["articles"] == 3 and len(docs) == 3
        assert groups == {min(docs)}
        assert {ev["copies"] for ev in edge["evidence"]} == {3}
        # the unrelated article is its own source
        other = [a for a in st.articles() if a["path"].endswith("other.txt")][0]
        assert other["grp"] == other["doc_id"]
        (g,) = st.groups()
        assert g["articles"] == 3 and g["min_similarity"] >= dedup.THRESHOLD
        # the evidence query shows the copies folded under one group
        rows = run("evidence", st, a="Elon Musk", b="Vladimir Putin", relation="IN_CONTACT_WITH")
        assert {(r["group"], r["copies"]) for r in rows} == {(min(docs), 3)}
        lead = [r for r in rows if "in regular contact with Russian President" in r["sentence"]]
        assert len(lead) == 3 and {r["doc_id"] for r in lead} == docs  # one per copy


def test_groups_do_not_depend_on_arrival_order(tmp_path, records):
    def snapshot(st):
        return sorted((a["doc_id"], a["grp"]) for a in st.articles()), [
            (e["source"], e["relation"], e["target"], e["weight"]) for e in st.edges()
        ]

    with EmbeddedStore(tmp_path / "all") as st:
        st.load(records)
        want = snapshot(st)
    rng = random.Random(7)
    for i in range(2):
        order = records[:]
        rng.shuffle(order)
        with EmbeddedStore(tmp_path / f"one-by-one-{i}") as st:
            for r in order:
                st.load([r])
            assert snapshot(st) == want


def test_removing_a_copy_regroups_the_rest(tmp_path, records):
    with EmbeddedStore(tmp_path / "s") as st:
        st.load(records)
        copies = sorted(d for d, g in ((a["doc_id"], a["grp"]) for a in st.articles()) if g != d)
        group = {a["grp"] for a in st.articles() if a["doc_id"] in copies}.pop()
        st.remove([group])  # the group's namesake goes: the others are still one group
        left = {a["doc_id"]: a["grp"] for a in st.articles() if a["doc_id"] in copies}
        assert set(left.values()) == {min(left)}
        assert musk_putin(st)["weight"] == 1 and musk_putin(st)["articles"] == 2


def test_signatures_are_rebuilt_for_an_older_store(tmp_path, records):
    """A store written before signatures existed gets them (and its groups) when opened."""
    with EmbeddedStore(tmp_path / "s") as st:
        st.load(records)
        want = sorted((a["doc_id"], a["grp"]) for a in st.articles())
        st.conn.execute("DELETE FROM signatures")
        st.conn.execute("DELETE FROM near_dups")
        st.conn.execute("UPDATE articles SET grp = doc_id")
        st.conn.execute("DELETE FROM meta WHERE key = 'dedup'")
    with EmbeddedStore(tmp_path / "s") as st:
        assert sorted((a["doc_id"], a["grp"]) for a in st.articles()) == want


# ------------------------------------------------------------------------------------------
# the same grouping on a real Neo4j server


def open_neo4j(handle):
    from graphkit.store.neo4j import Neo4jStore

    user, password = handle.auth if handle.auth else (None, None)
    return Neo4jStore(handle.uri, user=user, password=password, max_retry_time=2)


def groups_and_links(st):
    """Article groups, link weights and the evidence rows with their groups."""
    evidence = sorted(
        (r["doc_id"], r["char_start"], r["relation"], r["group"]) for r in st.evidence_rows()
    )
    return (
        sorted((a["doc_id"], a["status"], a["grp"]) for a in st.articles()),
        [(e["source"], e["relation"], e["target"], e["weight"], e["articles"]) for e in st.edges()],
        evidence,
        st.groups(),
    )


@pytest.mark.neo4j
def test_neo4j_ingest_counts_syndicated_copies_once(tmp_path, copies_dir, neo4j_clean):
    """`graphkit ingest --neo4j` groups the sample and two edited copies: one source."""
    from typer.testing import CliRunner

    from graphkit.cli import app

    user, password = neo4j_clean.auth if neo4j_clean.auth else ("neo4j", "")
    env = {"NEO4J_USER": user, "NEO4J_PASSWORD": password}
    res = CliRunner().invoke(
        app, ["ingest", str(copies_dir), "--neo4j", neo4j_clean.uri, "--quiet"], env=env
    )
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(
        app, ["ingest", str(copies_dir), "--store", str(tmp_path / "emb"), "--quiet"]
    )
    assert res.exit_code == 0, res.output
    with open_neo4j(neo4j_clean) as neo, EmbeddedStore(tmp_path / "emb") as emb:
        edge = musk_putin(neo)
        docs = {ev["doc_id"] for ev in edge["evidence"]}
        assert edge["weight"] == 1  # read from the relationship Neo4j holds
        assert edge["articles"] == 3 and len(docs) == 3
        assert {(ev["group"], ev["copies"]) for ev in edge["evidence"]} == {(min(docs), 3)}
        rows = run("evidence", neo, a="Elon Musk", b="Vladimir Putin", relation="IN_CONTACT_WITH")
        assert {(r["group"], r["copies"]) for r in rows} == {(min(docs), 3)}
        lead = [r for r in rows if "in regular contact with Russian President" in r["sentence"]]
        assert len(lead) == 3 and {r["doc_id"] for r in lead} == docs
        (g,) = neo.groups()
        assert g["articles"] == 3 and g["min_similarity"] >= dedup.THRESHOLD
        # the same decisions, group ids and answers as the embedded store
        assert groups_and_links(neo) == groups_and_links(emb)
        assert rows == run(
            "evidence", emb, a="Elon Musk", b="Vladimir Putin", relation="IN_CONTACT_WITH"
        )
    res = CliRunner().invoke(
        app, ["groups", "--neo4j", neo4j_clean.uri, "--format", "json"], env=env
    )
    assert res.exit_code == 0, res.output
    import json

    assert [m["doc_id"] for m in json.loads(res.stdout)[0]["members"]] == sorted(docs)


@pytest.mark.neo4j
def test_neo4j_groups_match_embedded_in_any_order(tmp_path, records, neo4j_clean):
    with EmbeddedStore(tmp_path / "emb") as emb:
        emb.load(records)
        want = groups_and_links(emb)
    assert [g["articles"] for g in want[3]] == [3]
    rng = random.Random(11)
    with open_neo4j(neo4j_clean) as neo:
        for _ in range(3):
            order = records[:]
            rng.shuffle(order)
            neo.remove([r.doc_id for r in records])
            for r in order:  # one article per transaction, in another order each time
                neo.load([r])
            assert groups_and_links(neo) == want
            neo.load(order)  # re-loading changes nothing
            assert groups_and_links(neo) == want


@pytest.mark.neo4j
def test_neo4j_removing_a_copy_regroups_the_rest(tmp_path, records, neo4j_clean):
    with EmbeddedStore(tmp_path / "emb") as emb, open_neo4j(neo4j_clean) as neo:
        for st in (emb, neo):
            st.load(records)
        group = neo.groups()[0]["group"]
        for st in (emb, neo):
            st.remove([group])  # the group's namesake goes: the other two stay one group
        assert groups_and_links(neo) == groups_and_links(emb)
        assert musk_putin(neo)["weight"] == 1 and musk_putin(neo)["articles"] == 2
        # a copy re-loaded from its triples alone (no text, so no signature) leaves the group
        rest = neo.groups()[0]["members"]
        bare = [r for r in records if r.doc_id == rest[0]["doc_id"]][0]
        from graphkit.store.base import DocRecord

        bare = DocRecord(bare.doc_id, bare.meta, bare.locals, bare.rows, bare.extractor, None)
        for st in (emb, neo):
            st.load([bare])
        assert groups_and_links(neo) == groups_and_links(emb)
        assert neo.groups() == [] and musk_putin(neo)["weight"] == 2


@pytest.mark.neo4j
def test_neo4j_sync_carries_groups_and_later_copies_join_them(tmp_path, records, neo4j_clean):
    from graphkit.store.neo4j import sync

    copies = [r for r in records if not r.meta["path"].endswith("other.txt")]
    with EmbeddedStore(tmp_path / "emb") as emb, open_neo4j(neo4j_clean) as neo:
        emb.load(copies[:2])
        sync(emb, neo, batch_size=1)
        assert groups_and_links(neo) == groups_and_links(emb)
        assert musk_putin(neo)["weight"] == 1
        # a later copy ingested straight into Neo4j finds the synced ones (their signatures
        # came from the text the embedded store kept)
        for st in (emb, neo):
            st.load(copies[2:])
        assert groups_and_links(neo) == groups_and_links(emb)
        assert neo.groups()[0]["articles"] == 3
