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
