"""The Neo4j backend against a real Neo4j server: same entities, links and evidence as the
embedded store, idempotent loads, retraction, injection-proof writes, clear connection errors,
and a load interrupted by a dying server that a re-run completes without duplicates."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.errors import BackendUnavailableError, ConfigError
from graphkit.model import Triple
from graphkit.resolve import entity_key
from graphkit.store.base import DocRecord
from graphkit.store.embedded import EmbeddedStore
from graphkit.store.neo4j import Neo4jStore, redact_uri, sync
from tests.neo4j_server import free_port, start_server

pytestmark = pytest.mark.neo4j

INJECTION = "}]->() DETACH DELETE n //"


def open_neo4j(handle, **kw) -> Neo4jStore:
    user, password = handle.auth if handle.auth else (None, None)
    return Neo4jStore(handle.uri, user=user, password=password, max_retry_time=2, **kw)


def snapshot(store) -> tuple:
    """Everything both backends must agree on (Article nodes are not entities)."""
    s = store.stats()
    counts = {k: v for k, v in s.items() if k not in ("store", "backend", "generation")}
    rows = sorted(
        store.evidence_rows(), key=lambda r: (r["doc_id"], r["char_start"], r["relation"])
    )
    return store.entities(), store.edges(), rows, counts


def db_counts(handle) -> dict:
    with handle.driver() as drv:
        rec = drv.execute_query(
            "CALL { MATCH (n) RETURN count(n) AS nodes }"
            " CALL { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, rels"
        ).records[0]
    return {"nodes": rec["nodes"], "rels": rec["rels"]}


def record(doc_id: str, triples: list[dict], **meta) -> DocRecord:
    base = {"doc_id": doc_id, "path": f"{doc_id}.txt", **meta}
    return DocRecord.build(None, [Triple.from_dict({**base, **t}) for t in triples])


def t(subj, rel, obj, sentence, start=0, **kw) -> dict:
    return {
        "subject": subj,
        "subject_type": kw.pop("st", "PERSON"),
        "relation": rel,
        "object": obj,
        "object_type": kw.pop("ot", "PERSON"),
        "sentence": sentence,
        "char_start": start,
        "char_end": start + len(sentence),
        **kw,
    }


# ---------------------------------------------------------------------------------------------
# parity with the embedded store on the real corpus


def test_corpus_matches_embedded_and_reload_changes_nothing(tmp_path, neo4j_clean, corpus_records):
    assert len(corpus_records) == 17
    with EmbeddedStore(tmp_path / "emb") as emb, open_neo4j(neo4j_clean, batch_size=5) as neo:
        emb.load(corpus_records)
        report = neo.load(corpus_records)
        assert (report.loaded, report.triples) == (17, sum(len(r.rows) for r in corpus_records))
        want = snapshot(emb)
        got = snapshot(neo)
        assert want[3]["entities"] > 50 and want[3]["edges"] > 50  # a real comparison
        assert got[0] == want[0]  # entities: keys, names, types, aliases, counts
        assert got[1] == want[1]  # links: aggregates read from the relationships + evidence
        assert got[2] == want[2]  # evidence rows with keys and article metadata
        assert got[3] == want[3]
        before = db_counts(neo4j_clean)

        neo.load(corpus_records)  # load twice → identical
        neo.load(corpus_records[:3], batch_size=1)
        assert snapshot(neo) == got
        assert db_counts(neo4j_clean) == before


def test_arrival_order_and_batching_do_not_matter(tmp_path, neo4j_clean, corpus_records):
    """One article per transaction, shuffled, gives the graph of the whole batch at once."""
    records = corpus_records[:8]
    with EmbeddedStore(tmp_path / "emb") as emb:
        emb.load(records)
        want = snapshot(emb)
    order = records[:]
    random.Random(5).shuffle(order)
    with open_neo4j(neo4j_clean, batch_size=1) as neo:
        neo.load(order)
        assert snapshot(neo) == want


def test_remove_retracts_and_matches_embedded(tmp_path, neo4j_clean, corpus_records):
    records = corpus_records[:6]
    gone = [records[0].doc_id, records[3].doc_id, "sha256:not-there"]
    with EmbeddedStore(tmp_path / "emb") as emb, open_neo4j(neo4j_clean) as neo:
        emb.load(records)
        neo.load(records)
        assert neo.remove(gone) == emb.remove(gone) == 2
        assert snapshot(neo) == snapshot(emb)
        assert neo.ingested(gone, status="removed") == set(gone[:2])
        assert not neo.ingested(gone)
        with neo4j_clean.driver() as drv:
            left = drv.execute_query(
                "MATCH (ev:Evidence) WHERE ev.doc_id IN $d RETURN count(ev) AS n", d=gone
            ).records[0]["n"]
        assert left == 0


def test_resolution_across_articles_and_relation_outside_vocabulary(tmp_path, neo4j_clean):
    a = record("d1", [t("Musk", "CRITICIZED", "Vladimir Putin", "Musk criticized Putin.")])
    b = record(
        "d2",
        [
            t("Elon Musk", "MET_WITH", "Vladimir Putin", "Elon Musk met Putin."),
            t("Elon Musk", "ZAPPED", "Kimbal Musk", "Elon Musk zapped Kimbal Musk.", 30),
        ],
        published="2024-05-01",
    )
    with EmbeddedStore(tmp_path / "emb") as emb, open_neo4j(neo4j_clean) as neo:
        for st in (emb, neo):
            st.load([a])
            st.load([b])  # "Musk" becomes ambiguous (Elon, Kimbal): it keeps its own key
        assert snapshot(neo) == snapshot(emb)
        keys = {e["key"] for e in neo.entities()}
        assert {"PERSON:musk", "PERSON:elon musk", "PERSON:kimbal musk"} <= keys
        with neo4j_clean.driver() as drv:
            rels = drv.execute_query(
                "MATCH (:Entity)-[r]->(:Entity) RETURN type(r) AS t, r.relation AS rel"
            ).records
        assert ("RELATED_TO", "ZAPPED") in {(r["t"], r["rel"]) for r in rels}
        assert ("MET_WITH", "MET_WITH") in {(r["t"], r["rel"]) for r in rels}


def test_cypher_injection_loads_as_plain_data(tmp_path, neo4j_clean, corpus_records):
    evil = f'Robert"); MATCH (n) DETACH DELETE n; // `{INJECTION}'
    evil_org = f"Acme` {INJECTION} ' \" \\"
    rec = record(
        "sha256:evil",
        [
            t(
                evil,
                "FUNDED",
                evil_org,
                f"{evil} funded {evil_org}.",
                ot="ORG",
                predicate=f"fund `{INJECTION}",
                attributed_to=f"'{INJECTION}",
            ),
            t(
                evil,
                "RELATED_TO",
                "Mallory",
                f"{INJECTION} {evil}",
                99,
                predicate=f"') {INJECTION}",
                denied_by=f"`{INJECTION}`",
            ),
        ],
        title=f"title {INJECTION}",
        published="2024-01-01",
    )
    with EmbeddedStore(tmp_path / "emb") as emb, open_neo4j(neo4j_clean) as neo:
        emb.load(corpus_records[:2])
        neo.load(corpus_records[:2])
        before = db_counts(neo4j_clean)
        neo.load([rec])
        after = db_counts(neo4j_clean)
        assert after["nodes"] > before["nodes"] and after["rels"] > before["rels"]
        emb.load([rec])
        assert snapshot(neo) == snapshot(emb)  # nothing deleted, names kept byte for byte
        names = {e["name"] for e in neo.entities()}
        assert {evil, evil_org, "Mallory"} <= names
        rows = [r for r in neo.evidence_rows() if r["doc_id"] == "sha256:evil"]
        assert {r["predicate"] for r in rows} == {f"fund `{INJECTION}", f"') {INJECTION}"}
        # the name look-up (a Lucene phrase on the look-up index) takes the names as they are
        assert neo.find_entity(evil.upper()) == emb_key(emb, evil)
        assert neo.find_entity(evil_org) == emb_key(emb, evil_org)
        neo.remove(["sha256:evil"])
        assert db_counts(neo4j_clean)["nodes"] == before["nodes"] + 1  # the retracted Article


def emb_key(st, name: str) -> str:
    from graphkit.queries import find_entity

    return find_entity(st.graph(), name)


def test_name_lookup_uses_the_index_and_matches_the_embedded_store(
    tmp_path, neo4j_clean, corpus_records
):
    """Names, aliases and keys resolve by index seeks (no scan of every entity), with the
    embedded store's answers (case-insensitive; unknown names give the same suggestions)."""
    from graphkit.errors import QueryError
    from graphkit.store.neo4j import Q_LOOKUP

    with EmbeddedStore(tmp_path / "emb") as emb, open_neo4j(neo4j_clean) as neo:
        emb.load(corpus_records)
        neo.load(corpus_records)
        G = emb.graph()
        probes = ["Elon Musk", "putin", "PUTIN", "PERSON:elon musk", "Kremlin"]
        probes += [a for _, d in list(G.nodes(data=True))[:40] for a in d["aliases"][:1]]
        for name in probes:
            assert neo.find_entity(name) == emb_key(emb, name), name
        for name in ("Vladimir Putn", "nobody at all"):
            with pytest.raises(QueryError) as want:
                emb_key(emb, name)
            with pytest.raises(QueryError) as got:
                neo.find_entity(name)
            assert str(got.value) == str(want.value)
        with neo4j_clean.driver() as drv:
            plan = drv.execute_query(
                "EXPLAIN " + Q_LOOKUP, name="putin", folded="putin", phrase='"putin"'
            ).summary.plan
        ops = []
        todo = [plan]
        while todo:
            p = todo.pop()
            ops.append(p["operatorType"].split("@")[0])
            todo += p.get("children", [])
        assert "NodeUniqueIndexSeek" in ops and "ProcedureCall" in ops
        assert not any("Scan" in op for op in ops), ops


# ---------------------------------------------------------------------------------------------
# connection and credential failures


def test_wrong_password_is_one_clear_error_without_the_password(neo4j_server):
    if neo4j_server.auth is None:
        pytest.skip("external server without auth")
    user, password = neo4j_server.auth
    secret = password + "-WRONG-s3cr3t"
    with pytest.raises(BackendUnavailableError) as exc:
        Neo4jStore(neo4j_server.uri, user=user, password=secret)
    msg = str(exc.value)
    assert "refused the credentials" in msg and "NEO4J_PASSWORD" in msg
    assert secret not in msg and password not in msg


@pytest.mark.parametrize(
    ("uri", "error", "message"),
    [
        (f"bolt://127.0.0.1:{free_port()}", BackendUnavailableError, "cannot reach Neo4j"),
        ("http://127.0.0.1:7474", ConfigError, "invalid Neo4j URI"),
    ],
)
def test_unreachable_or_invalid_uri(uri, error, message):
    with pytest.raises(error) as exc:
        Neo4jStore(uri, password="hunter2-secret", connection_timeout=3, max_retry_time=1)
    assert message in str(exc.value)
    assert "hunter2-secret" not in str(exc.value)


def test_redact_uri_drops_credentials():
    assert redact_uri("neo4j+s://bob:pw@db.example.com:7687") == "neo4j+s://db.example.com:7687"
    assert redact_uri("bolt://localhost:7687") == "bolt://localhost:7687"


# ---------------------------------------------------------------------------------------------
# the CLI: load, sync, errors


runner = CliRunner()


def _env(handle) -> dict:
    user, password = handle.auth if handle.auth else ("neo4j", "")
    return {"NEO4J_USER": user, "NEO4J_PASSWORD": password}


def test_cli_load_sync_and_bad_password(tmp_path, neo4j_clean, corpus_records):
    records = corpus_records[:4]
    src = tmp_path / "emb"
    with EmbeddedStore(src) as emb:
        emb.load(records)
        emb.remove([records[1].doc_id])
        want = snapshot(emb)
    env = _env(neo4j_clean)
    res = runner.invoke(
        app, ["sync", "--store", str(src), "--neo4j", neo4j_clean.uri, "--batch-size", "2"], env=env
    )
    assert res.exit_code == 0, res.output
    assert "3 article(s)" in res.output and "1 retracted" in res.output
    with open_neo4j(neo4j_clean) as neo:
        got = snapshot(neo)
    assert got[:3] == want[:3]
    assert got[3]["entities"] == want[3]["entities"] and got[3]["edges"] == want[3]["edges"]
    res = runner.invoke(app, ["sync", "--store", str(src), "--neo4j", neo4j_clean.uri], env=env)
    assert res.exit_code == 0, res.output
    with open_neo4j(neo4j_clean) as neo:
        assert snapshot(neo)[:3] == got[:3]  # syncing twice changes nothing

    # graphkit load TRIPLES --neo4j, then a query on Neo4j from the CLI
    triples = tmp_path / "t.jsonl"
    triples.write_text(
        json.dumps({"doc_id": "sha256:x", **t("Ann Lee", "MET_WITH", "Bob Ray", "Ann met Bob.")})
        + "\n"
    )
    res = runner.invoke(app, ["load", str(triples), "--neo4j", neo4j_clean.uri], env=env)
    assert res.exit_code == 0, res.output
    res = runner.invoke(
        app,
        ["query", "neighbors", "Ann Lee", "--neo4j", neo4j_clean.uri, "--format", "json"],
        env=env,
    )
    assert res.exit_code == 0, res.output
    assert [r["neighbor"] for r in json.loads(res.stdout)] == ["Bob Ray"]

    if neo4j_clean.auth is not None:
        bad = {**env, "NEO4J_PASSWORD": "not-the-Password-42"}
        res = runner.invoke(app, ["load", str(triples), "--neo4j", neo4j_clean.uri], env=bad)
        assert res.exit_code == BackendUnavailableError.exit_code
        assert "refused the credentials" in res.output
        assert "not-the-Password-42" not in res.output


def test_sync_carries_overrides(tmp_path, neo4j_clean):
    a = record("d1", [t("Elon Musk", "MET_WITH", "Vladimir Putin", "Elon Musk met Putin.")])
    b = record("d2", [t("E. Musk", "CRITICIZED", "Vladimir Putin", "E. Musk criticized Putin.")])
    with EmbeddedStore(tmp_path / "emb") as emb, open_neo4j(neo4j_clean) as neo:
        emb.load([a, b])
        short = entity_key("PERSON", "E. Musk")
        assert short in {e["key"] for e in emb.entities()}
        Path(emb.overrides_path).write_text(f"merge\tPERSON:elon musk\t{short}\n")
        emb.reresolve()
        assert short not in {e["key"] for e in emb.entities()}
        sync(emb, neo, batch_size=1)
        assert snapshot(neo) == snapshot(emb)


# ---------------------------------------------------------------------------------------------
# a server that goes away in the middle of a load


def test_server_killed_mid_load_then_rerun_completes(tmp_path, neo4j_server, corpus_records):
    if neo4j_server.external:
        pytest.skip("NEO4J_URI: cannot kill somebody else's server")
    records = corpus_records[:8]
    with EmbeddedStore(tmp_path / "emb") as emb:
        emb.load(records)
        want = snapshot(emb)
    auth = ("neo4j", "kill-test-pass-9")
    handle = start_server(tmp_path / "srv", auth=auth)
    try:
        store = open_neo4j(handle, batch_size=2)

        def feed():
            for i, rec in enumerate(records):
                if i == 5:  # batches 1 and 2 are committed, batch 3 is being built
                    handle.kill()
                yield rec

        with pytest.raises(BackendUnavailableError) as exc:
            store.load(feed())
        store.close()
        msg = str(exc.value)
        assert "cannot reach Neo4j" in msg and "rolled back" in msg and "re-run" in msg
        assert exc.value.report.loaded == 4
        assert auth[1] not in msg

        # restart on the same data directory: the two committed batches survived the SIGKILL
        handle = start_server(tmp_path / "srv2", auth=auth, home=handle.home)
        with open_neo4j(handle, batch_size=2) as store:
            assert len(store.ingested([r.doc_id for r in records])) == 4
            store.load(records)  # the re-run
            assert snapshot(store) == want
    finally:
        handle.stop()
