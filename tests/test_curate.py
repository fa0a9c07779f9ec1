"""Curation: retract, merge/split (overrides file), versions (reextract), event time in queries."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from graphkit import curate
from graphkit.cli import app
from graphkit.errors import InputError, QueryError
from graphkit.queries import run
from graphkit.store.embedded import EmbeddedStore
from tests.conftest import SAMPLE

runner = CliRunner()

CORPUS = {
    "a.txt": "Elon Musk met Vladimir Putin in Moscow on Tuesday.",
    "b.txt": "Mr. Musk criticized Joe Biden in 2019.",
    "c.txt": "Kimbal Musk praised Joe Biden last week.",
    "d.txt": "Mohammed bin Salman met Joe Biden in Jeddah.",
    "e.txt": "Crown Prince MBS met Joe Biden in Jeddah.",
    "f.txt": "Former footballer John Smith met Gary Lineker in London.",
    "g.txt": "Senator John Smith criticized Joe Biden in Washington.",
}


def gk(*args, code=0):
    res = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert res.exit_code == code, res.output
    return res


def snapshot(st):
    """Everything a reader sees: entities, edges (with evidence) and evidence rows."""
    evidence = sorted(st.evidence_rows(), key=lambda r: json.dumps(r, sort_keys=True))
    return st.entities(), st.edges(), evidence


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    for name, text in CORPUS.items():
        (d / name).write_text(text, encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def records(nlp, corpus):
    """name → DocRecord, extracted once."""
    from graphkit.extract import extract_article
    from graphkit.ingest import read_articles
    from graphkit.store.base import DocRecord

    return {
        a.path.rsplit("/", 1)[-1]: DocRecord.build(a, extract_article(nlp, a))
        for a in read_articles([str(corpus)])
    }


def keys(st):
    return {e["key"] for e in st.entities()}


# ------------------------------------------------------------------------------------------
# retract


@pytest.mark.parametrize("gone", ["c.txt", "a.txt", "e.txt"])
def test_retract_equals_the_graph_built_without_the_article(tmp_path, records, corpus, gone):
    with EmbeddedStore(tmp_path / "full") as full, EmbeddedStore(tmp_path / "part") as part:
        full.load(records.values())
        rep = curate.retract(full, [str(corpus / gone)])
        assert [r["doc_id"] for r in rep.removed] == [records[gone].doc_id]
        part.load([r for n, r in records.items() if n != gone])
        assert snapshot(full) == snapshot(part)
        assert full.ingested([records[gone].doc_id], status="removed") == {records[gone].doc_id}


def test_retract_frees_a_short_name_to_join_the_full_name(tmp_path, records, corpus):
    """Without Kimbal Musk, "Musk" is no longer ambiguous and joins Elon Musk."""
    with EmbeddedStore(tmp_path / "s") as st:
        st.load(records.values())
        assert "PERSON:musk" in keys(st)
        curate.retract(st, [records["c.txt"].doc_id[:20]])  # a doc id prefix
        assert "PERSON:musk" not in keys(st) and "PERSON:kimbal musk" not in keys(st)
        rows = run("neighbors", st, name="Elon Musk")
        assert {r["neighbor"] for r in rows} == {"Vladimir Putin", "Joe Biden"}


def test_retract_reports_unknown_targets_and_goes_on(tmp_path, records, corpus):
    with EmbeddedStore(tmp_path / "s") as st:
        st.load(records.values())
        rep = curate.retract(st, ["nope.txt", "sha256:0000", str(corpus / "a.txt")])
        assert len(rep.removed) == 1
        assert len(rep.problems) == 2 and "nope.txt" in rep.problems[0]
        again = curate.retract(st, [str(corpus / "a.txt")])
        assert again.removed == [] and again.already == [records["a.txt"].doc_id]


def test_removed_articles_stay_out_of_later_ingests(tmp_path, nlp, corpus):
    store = tmp_path / "s"
    gk("ingest", corpus, "--store", store, "--quiet")
    with EmbeddedStore(store) as st:
        before = snapshot(st)
    res = gk("remove", corpus / "b.txt", "--store", store, "--format", "json")
    assert len(json.loads(res.stdout)["removed"]) == 1
    gk("ingest", corpus, "--store", store, "--quiet")  # the removal holds
    with EmbeddedStore(store) as st:
        assert len(st.ingested()) == len(CORPUS) - 1
        assert len(st.ingested(status="removed")) == 1
    gk("ingest", corpus, "--store", store, "--quiet", "--include-removed")
    with EmbeddedStore(store) as st:
        assert len(st.ingested()) == len(CORPUS)
        assert snapshot(st) == before
    res = gk("remove", "missing.txt", "--store", store, code=2)
    assert "no article in the store" in res.output


# ------------------------------------------------------------------------------------------
# merge and split


def test_merge_across_blocks_moves_edges_and_survives_reingest(tmp_path, records):
    ov = tmp_path / "curation" / "overrides.tsv"
    with EmbeddedStore(tmp_path / "s", overrides_path=ov) as st:
        st.load(records.values())
        res = curate.merge(st, "Mohammed bin Salman", "Crown Prince MBS")
        assert res["decision"] == "merge\tPERSON:mohammed bin salman\tPERSON:crown prince mbs"
        assert "PERSON:crown prince mbs" not in keys(st)
        (mbs,) = [e for e in st.entities() if e["key"] == "PERSON:mohammed bin salman"]
        assert "Crown Prince MBS" in mbs["aliases"] and mbs["articles"] == 2
        (row,) = run("neighbors", st, name="Crown Prince MBS", relation="MET_WITH")
        assert (row["neighbor"], row["weight"], row["evidence"]) == ("Joe Biden", 2, 2)
        merged = snapshot(st)
        st.load(records.values())  # re-ingest the same articles
        assert snapshot(st) == merged
    assert "merge\tPERSON:mohammed bin salman\tPERSON:crown prince mbs\n" in ov.read_text()
    # the store remembers the file; a new store pointed at it, loaded in another order, agrees
    with EmbeddedStore(tmp_path / "s") as st:
        assert st.overrides_path == ov.resolve()
    with EmbeddedStore(tmp_path / "fresh", overrides_path=ov) as st:
        for r in reversed(list(records.values())):
            st.load([r])
        assert snapshot(st)[:2] == merged[:2]


def test_merge_survives_reextraction(tmp_path, nlp, corpus):
    store = tmp_path / "s"
    gk("ingest", corpus, "--store", store, "--quiet")
    gk("entity", "merge", "Mohammed bin Salman", "Crown Prince MBS", "--store", store)
    gk("ingest", corpus, "--store", store, "--quiet", "--force")  # extract everything again
    with EmbeddedStore(store) as st:
        assert "PERSON:crown prince mbs" not in keys(st)
        assert "PERSON:mohammed bin salman" in keys(st)


def test_merges_do_not_depend_on_decision_order(tmp_path, records):
    a, b, c = "Mohammed bin Salman", "Crown Prince MBS", "Gary Lineker"
    results = []
    for i, order in enumerate([[(a, b), (a, c)], [(a, c), (a, b)], [(b, c), (a, b)]]):
        with EmbeddedStore(tmp_path / f"s{i}") as st:
            st.load(records.values())
            for keep, gone in order:
                curate.merge(st, keep, gone)
            results.append(snapshot(st)[:2])
    assert results[0] == results[1] == results[2]
    assert "PERSON:gary lineker" not in {e["key"] for e in results[0][0]}


def test_merge_refuses_nonsense(tmp_path, records):
    with EmbeddedStore(tmp_path / "s") as st:
        st.load(records.values())
        with pytest.raises(QueryError, match="already one entity"):
            curate.merge(st, "Elon Musk", "Elon Musk")
        with pytest.raises(QueryError, match="no entity named"):
            curate.merge(st, "Elon Musk", "Nobody Atall")


def test_unmerge_restores_the_entity(tmp_path, records):
    with EmbeddedStore(tmp_path / "s") as st:
        st.load(records.values())
        before = snapshot(st)
        curate.merge(st, "Mohammed bin Salman", "Crown Prince MBS")
        res = curate.unmerge(st, "Crown Prince MBS")
        assert res["removed"] == ["merge\tPERSON:mohammed bin salman\tPERSON:crown prince mbs"]
        assert snapshot(st) == before
        with pytest.raises(QueryError, match="no merge decision"):
            curate.unmerge(st, "Crown Prince MBS")


def test_split_keeps_two_people_apart_across_reingest(tmp_path, records):
    ov = tmp_path / "overrides.tsv"
    senator = records["g.txt"].doc_id
    with EmbeddedStore(tmp_path / "s", overrides_path=ov) as st:
        st.load(records.values())
        (smith,) = [e for e in st.entities() if e["name"] == "John Smith"]
        assert smith["articles"] == 2
        res = curate.split(st, "John Smith", [senator[:16]])
        new = res["new_entity"]
        assert new == f"PERSON:john smith#{senator[7:17]}"
        people = {e["key"]: e for e in st.entities() if e["name"] == "John Smith"}
        assert set(people) == {"PERSON:john smith", new}
        assert [r["neighbor"] for r in run("neighbors", st, name=new)] == ["Joe Biden"]
        assert [r["neighbor"] for r in run("neighbors", st, name="PERSON:john smith")] == [
            "Gary Lineker"
        ]
        split_state = snapshot(st)
        st.load(records.values())  # re-ingest
        assert snapshot(st) == split_state
    with EmbeddedStore(tmp_path / "fresh", overrides_path=ov) as st:
        for r in reversed(list(records.values())):
            st.load([r])
        assert snapshot(st)[:2] == split_state[:2]
        with pytest.raises(InputError, match="nothing would remain"):
            curate.split(st, "PERSON:john smith", [records["f.txt"].doc_id])
        with pytest.raises(InputError, match="not mentioned"):
            curate.split(st, "PERSON:john smith", [records["a.txt"].doc_id])
        curate.unsplit(st, new)
        assert [e["articles"] for e in st.entities() if e["name"] == "John Smith"] == [2]


def test_entity_commands_on_the_cli(tmp_path, nlp, corpus):
    store, ov = tmp_path / "s", tmp_path / "team" / "overrides.tsv"
    gk("ingest", corpus, "--store", store, "--quiet")
    gk(
        "entity",
        "merge",
        "Mohammed bin Salman",
        "Crown Prince MBS",
        "--store",
        store,
        "--overrides",
        ov,
    )
    res = gk("entity", "split", "John Smith", "--doc", corpus / "g.txt", "--store", store)
    assert "into PERSON:john smith#" in res.stdout
    shown = json.loads(
        gk("entity", "show", "Crown Prince MBS", "--store", store, "--format", "json").stdout
    )
    assert shown["key"] == "PERSON:mohammed bin salman"
    assert shown["aliases"] == ["Crown Prince MBS"] and shown["types_seen"] == ["PERSON"]
    assert {a["path"].rsplit("/", 1)[-1] for a in shown["articles"]} == {"d.txt", "e.txt"}
    assert shown["decisions"] == ["merge\tPERSON:mohammed bin salman\tPERSON:crown prince mbs"]
    assert shown["overrides"] == str(ov.resolve())
    text = ov.read_text()
    assert text.startswith("# graphkit overrides") and "split\tPERSON:john smith\tsha256:" in text
    table = gk("entity", "show", "PERSON:john smith", "--store", store).stdout
    assert "1 article(s)" in table and "aliases: —" in table
    res = gk("entity", "show", "Nobody Atall", "--store", store, code=5)
    assert "no entity named" in res.output
    # a hand edit of the file is applied by 'entity apply'
    ov.write_text(text.replace("merge\t", "# merge\t"))
    gk("entity", "apply", "--store", store)
    with EmbeddedStore(store) as st:
        assert "PERSON:crown prince mbs" in keys(st)
    ov.write_text("merge\tnot a key\tPERSON:x\n")
    res = gk("entity", "apply", "--store", store, code=3)
    assert "not an entity key" in res.output


# ------------------------------------------------------------------------------------------
# versions


OLDER_EXTRACTOR = "graphkit 0.0.9 / en_core_web_sm 3.7.0"


def _load_older_sample(nlp, tmp_path, run):
    """Load the sample as an older graphkit extracted it: another extractor, its ASKED link
    missing, loaded from triples (so no stored text: reextract reads the original path).
    ``run`` runs a graphkit command against the store; returns the dropped triple."""
    from graphkit.extract import extract_article
    from graphkit.model import Article

    triples = extract_article(nlp, Article(SAMPLE.read_text(encoding="utf-8"), path=str(SAMPLE)))
    dropped = next(t for t in triples if t.relation == "ASKED")
    lines = [
        json.dumps({**t.to_dict(), "extractor": OLDER_EXTRACTOR})
        for t in triples
        if t is not dropped
    ]
    (tmp_path / "old.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run("load", tmp_path / "old.jsonl")
    return dropped


def _reextract_outdated(run, outdated, dropped):
    """``reextract --outdated`` lists (dry run) and re-extracts exactly ``outdated``, and the
    sample, re-read from its path, gains the dropped link; returns the JSON report."""
    listed = json.loads(run("reextract", "--outdated", "--dry-run", "-f", "json").stdout)
    assert {a["doc_id"] for a in listed["articles"]} == outdated
    rep = json.loads(run("reextract", "--outdated", "--format", "json").stdout)
    assert {a["doc_id"] for a in rep["articles"]} == outdated
    by_path = {a["path"]: a for a in rep["articles"]}
    sample = by_path[str(SAMPLE)]
    assert sample["source"] == "path" and sample["removed"] == []
    assert {"source": dropped.subject, "relation": "ASKED", "target": dropped.object} in sample[
        "added"
    ]
    return rep


def test_reextract_outdated_reextracts_exactly_the_outdated_articles(tmp_path, nlp, corpus):
    store = tmp_path / "s"
    gk("ingest", corpus, "--store", store, "--quiet")
    dropped = _load_older_sample(nlp, tmp_path, lambda *a: gk(*a, "--store", store))
    with EmbeddedStore(store) as st:  # and one ingested article marked as older too
        st.set_extractor([st.articles()[0]["doc_id"]], OLDER_EXTRACTOR)
        outdated = {a["doc_id"] for a in st.articles() if a["extractor"] == OLDER_EXTRACTOR}
    assert len(outdated) == 2

    rep = _reextract_outdated(lambda *a: gk(*a, "--store", store), outdated, dropped)
    assert rep["edges_added"] >= 1
    with EmbeddedStore(store) as st:
        assert {a["extractor"] for a in st.articles()} == {rep["extractor"]}
    again = json.loads(gk("reextract", "--outdated", "--store", store, "--format", "json").stdout)
    assert again["reextracted"] == 0


def test_reextract_reports_an_unreadable_article_and_goes_on(tmp_path, nlp, corpus):
    src = tmp_path / "src"
    shutil.copytree(corpus, src)
    store = tmp_path / "s"
    gk("ingest", src, "--store", store, "--quiet")
    with EmbeddedStore(store, keep_text=False) as st:
        st.conn.execute("UPDATE articles SET text = NULL")
        st.set_extractor([a["doc_id"] for a in st.articles()], "graphkit 0.0.1 / old")
    (src / "a.txt").write_text("Changed since.", encoding="utf-8")
    res = gk("reextract", "--outdated", "--store", store, "--format", "json", code=2)
    assert "no longer holds this article" in res.output
    with EmbeddedStore(store) as st:
        left = [a for a in st.articles() if a["extractor"] == "graphkit 0.0.1 / old"]
    assert [a["path"] for a in left] == [str(src / "a.txt")]


# ------------------------------------------------------------------------------------------
# event time in queries and filters


def test_event_dates_reach_queries_and_the_since_filter(tmp_path, nlp):
    from graphkit.export.maps import select

    store = tmp_path / "s"
    gk("ingest", SAMPLE, "--store", store, "--quiet")
    with EmbeddedStore(store) as st:
        rows = run("evidence", st, a="Elon Musk", b="Vladimir Putin", relation="IN_CONTACT_WITH")
        dated = [r for r in rows if r["event_time"] == "since late 2022"]
        assert dated and {r["event_date"] for r in dated} == {"2022-10-01/.."}
        (nb,) = [
            r
            for r in run("neighbors", st, name="Elon Musk", relation="IN_CONTACT_WITH")
            if r["neighbor"] == "Vladimir Putin"
        ]
        assert nb["event_dates"] == ["2022-10-01/.."]
        G = st.graph()
    # the sample has no publication date: only the event date can keep the link after 2023
    H = select(G, since="2023-01-01", limit=None)
    assert H.has_edge("PERSON:elon musk", "PERSON:vladimir putin", key="IN_CONTACT_WITH")
    assert all(ev.get("event_date") for _, _, ev in H.edges(data="evidence") for ev in ev)


# ------------------------------------------------------------------------------------------
# the same curation on a real Neo4j server


def open_neo4j(handle):
    from graphkit.store.neo4j import Neo4jStore

    user, password = handle.auth if handle.auth else (None, None)
    return Neo4jStore(handle.uri, user=user, password=password, max_retry_time=2)


@pytest.mark.neo4j
def test_neo4j_retract_merge_split_match_the_embedded_store(tmp_path, records, corpus, neo4j_clean):
    gone = records["c.txt"].doc_id
    senator = records["g.txt"].doc_id
    with open_neo4j(neo4j_clean) as neo, EmbeddedStore(tmp_path / "emb") as emb:
        neo.load(records.values())
        # retract = the graph built without the article
        rep = curate.retract(neo, [str(corpus / "c.txt")])
        assert [r["doc_id"] for r in rep.removed] == [gone]
        emb.load([r for r in records.values() if r.doc_id != gone])
        assert snapshot(neo) == snapshot(emb)
        assert neo.ingested([gone], status="removed") == {gone}
        # merge and split, decisions kept in the database: same answers as the embedded store
        for st in (neo, emb):
            curate.merge(st, "Mohammed bin Salman", "Crown Prince MBS")
            curate.split(st, "John Smith", [senator])
        assert "PERSON:crown prince mbs" not in keys(neo)
        assert snapshot(neo) == snapshot(emb)
        curated = snapshot(neo)
        # a re-load of the same articles keeps both decisions
        neo.load([r for r in records.values() if r.doc_id != gone])
        assert snapshot(neo) == curated
        shown = curate.show(neo, "Crown Prince MBS")
        assert shown["decisions"] == ["merge\tPERSON:mohammed bin salman\tPERSON:crown prince mbs"]
        assert {a["doc_id"] for a in shown["articles"]} == {
            records["d.txt"].doc_id,
            records["e.txt"].doc_id,
        }


@pytest.mark.neo4j
def test_neo4j_reextract_outdated_reextracts_exactly_the_outdated_articles(
    tmp_path, nlp, corpus, neo4j_clean
):
    """The embedded test above, on Neo4j (no stored text there: both articles are re-read from
    their paths); afterwards the graph equals a fresh embedded ingest of the same files."""
    user, password = neo4j_clean.auth if neo4j_clean.auth else ("neo4j", "")
    env = {"NEO4J_USER": user, "NEO4J_PASSWORD": password}

    def gk4(*args, code=0):
        res = runner.invoke(
            app, [*map(str, args), "--neo4j", neo4j_clean.uri], env=env, catch_exceptions=False
        )
        assert res.exit_code == code, res.output
        return res

    gk4("ingest", corpus, "--quiet")
    dropped = _load_older_sample(nlp, tmp_path, gk4)
    with open_neo4j(neo4j_clean) as neo:
        assert neo.set_extractor([neo.articles()[0]["doc_id"]], OLDER_EXTRACTOR) == 1
        outdated = {a["doc_id"] for a in neo.articles() if a["extractor"] == OLDER_EXTRACTOR}
        unchanged = {
            a["doc_id"]: a for a in neo.articles() if a["doc_id"] not in outdated
        }  # the others must not be touched
    assert len(outdated) == 2

    rep = _reextract_outdated(gk4, outdated, dropped)
    with open_neo4j(neo4j_clean) as neo:
        assert {a["extractor"] for a in neo.articles()} == {rep["extractor"]}
        assert {a["doc_id"]: a for a in neo.articles() if a["doc_id"] in unchanged} == unchanged
        store = tmp_path / "fresh"
        gk("ingest", corpus, SAMPLE, "--store", store, "--quiet")
        with EmbeddedStore(store) as emb:
            assert snapshot(neo) == snapshot(emb)
    again = json.loads(gk4("reextract", "--outdated", "--format", "json").stdout)
    assert again["reextracted"] == 0


@pytest.mark.neo4j
def test_a_merge_whose_keys_move_is_repaired_by_merging_again(tmp_path, neo4j_clean):
    """README, "When an entity's key moves": a fuller name moves the survivor's or the merged
    entity's key; the old decision then covers only part of the mentions. Merging again by
    the current names chains onto it. Both backends agree at every step."""
    from graphkit.model import Triple
    from graphkit.store.base import DocRecord

    def rec(doc, subj, obj):
        sentence = f"{subj} met {obj}."
        t = {
            "doc_id": doc,
            "path": f"{doc}.txt",
            "subject": subj,
            "subject_type": "PERSON",
            "relation": "MET_WITH",
            "object": obj,
            "object_type": "PERSON",
            "sentence": sentence,
            "char_start": 0,
            "char_end": len(sentence),
        }
        return DocRecord.build(None, [Triple.from_dict(t)])

    def people(st):
        return {
            e["key"]: (e["name"], e["aliases"]) for e in st.entities() if "biden" not in e["key"]
        }

    with EmbeddedStore(tmp_path / "emb") as emb, open_neo4j(neo4j_clean) as neo:
        both = (emb, neo)
        for st in both:
            st.load([rec("d1", "Bin Salman", "Joe Biden"), rec("d2", "MBS", "Joe Biden")])
            curate.merge(st, "Bin Salman", "MBS")
            st.load([rec("d3", "Mohammed bin Salman", "Rishi Sunak")])  # survivor's key moves
        assert people(neo) == people(emb)
        assert people(neo)["PERSON:bin salman"] == ("MBS", [])  # MBS left under the old key
        assert people(neo)["PERSON:mohammed bin salman"] == ("Mohammed bin Salman", ["Bin Salman"])
        for st in both:
            curate.merge(st, "Mohammed bin Salman", "MBS")
        assert snapshot(neo) == snapshot(emb)
        assert people(neo)["PERSON:mohammed bin salman"][1] == ["Bin Salman", "MBS"]
        for st in both:
            st.load([rec("d4", "Crown Prince MBS", "Rishi Sunak")])  # merged entity's key moves
        assert people(neo) == people(emb)
        assert people(neo)["PERSON:crown prince mbs"] == ("Crown Prince MBS", ["MBS"])
        for st in both:
            curate.merge(st, "Mohammed bin Salman", "MBS")
        assert snapshot(neo) == snapshot(emb)
        (survivor,) = [k for k in people(neo) if "rishi" not in k]
        assert people(neo)[survivor] == (
            "Mohammed bin Salman",
            ["Bin Salman", "Crown Prince MBS", "MBS"],
        )
