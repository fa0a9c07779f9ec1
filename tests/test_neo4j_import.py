"""Bulk-import CSVs, loaded by Neo4j's own importer, equal the online load (and MERGE with it)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.export.neo4j_import import (
    finish_neo4j_import,
    import_arguments,
)
from graphkit.store.embedded import EmbeddedStore
from graphkit.store.neo4j import Neo4jStore
from tests.neo4j_server import neo4j_admin, start_server

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
WIKINEWS = ROOT / "tests" / "fixtures" / "ingest" / "wikinews"
FIRST = [ROOT / "data" / "samples" / "musk-putin.txt"] + [
    WIKINEWS / f for f in ("asylum.txt", "hackers.txt", "imprisoned.txt")
]
LATER = WIKINEWS / "stampede.txt"
LABELS = ("Entity", "Article", "Evidence", "Local")
KEYS = {"Entity": "key", "Article": "doc_id", "Evidence": "id", "Local": "id"}


def _records(nlp, paths):
    from graphkit.extract import extract_article
    from graphkit.ingest import read_articles
    from graphkit.model import Article
    from graphkit.store.base import DocRecord

    arts = [a for a in read_articles([str(p) for p in paths]) if isinstance(a, Article)]
    return [DocRecord.build(a, extract_article(nlp, a)) for a in arts]


def _typed(value):
    """A value with its type, so 1 (long) and 1.0 (double) differ."""
    if isinstance(value, list):
        return ("list", tuple(_typed(v) for v in value))
    return (type(value).__name__, value)


def _props(props: dict) -> tuple:
    return tuple(sorted((k, _typed(v)) for k, v in props.items() if k != "ingested_at"))


def dump(driver) -> dict:
    """Every graphkit node and relationship with all properties (load time left out)."""
    out = {}
    for label in LABELS:
        rows, _, _ = driver.execute_query(
            f"MATCH (n:{label}) RETURN labels(n) AS labels, properties(n) AS p"
        )
        out[label] = sorted((tuple(r["labels"]), _props(r["p"])) for r in rows)
    rows, _, _ = driver.execute_query(
        "MATCH (s:Entity)-[r]->(o:Entity) RETURN s.key AS s, type(r) AS t, o.key AS o,"
        " properties(r) AS p"
    )
    out["links"] = sorted((r["s"], r["t"], r["o"], _props(r["p"])) for r in rows)
    rows, _, _ = driver.execute_query(
        "MATCH (e)-[r]->(a) WHERE NOT e:Entity RETURN labels(e) AS le, e.id AS e, type(r) AS t,"
        " labels(a) AS la, a.doc_id AS a, properties(r) AS p"
    )
    out["other_rels"] = sorted(
        (tuple(r["le"]), r["e"], r["t"], tuple(r["la"]), r["a"], _props(r["p"])) for r in rows
    )
    rows, _, _ = driver.execute_query(
        "MATCH (m:GraphkitMeta) RETURN m.id AS id, m.schema_version AS v, m.overrides AS o"
    )
    out["meta"] = sorted((r["id"], r["v"], r["o"] or '{"merges": {}, "splits": []}') for r in rows)
    rows, _, _ = driver.execute_query(
        "SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties RETURN name, labelsOrTypes,"
        " properties ORDER BY name"
    )
    out["constraints"] = [tuple(map(str, r.values())) for r in rows]
    return out


def _diff(part: str, imported: list, online: list) -> str:
    only_a = [x for x in imported if x not in online][:3]
    only_b = [x for x in online if x not in imported][:3]
    return f"{part}: only imported {only_a}\nonly online {only_b}"


def test_bulk_import_equals_online_load(nlp, tmp_path, neo4j_clean):
    from tests.test_dedup import edited_copies

    # an edited copy of the sample: signatures, groups and NEAR_DUP pairs travel too
    copy = tmp_path / "copy-of-sample.txt"
    copy.write_text(edited_copies(FIRST[0].read_text(encoding="utf-8"))[0], encoding="utf-8")
    records = _records(nlp, [*FIRST, copy])
    later = _records(nlp, [LATER])
    assert len(records) == 5 and len(later) == 1
    store = EmbeddedStore(tmp_path / "store")
    store.load(records)

    store.close()
    res = CliRunner().invoke(
        app,
        ["export", "neo4j-import", "--store", str(tmp_path / "store"), "-o", str(tmp_path / "csv")],
    )
    assert res.exit_code == 0, res.output
    assert "neo4j-admin database import full neo4j --nodes=" in res.output
    paths = sorted((tmp_path / "csv").iterdir())
    header = (tmp_path / "csv" / "links.header.csv").read_text().strip().split(",")
    assert header[:3] == [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"]
    assert {"weight:long", "predicates:string[]", "contested:boolean", "confidence:double"} <= set(
        header
    )

    home = tmp_path / "imported-home"
    t0 = time.perf_counter()
    out = neo4j_admin(
        home,
        [*import_arguments(paths), "--threads=2", "--max-off-heap-memory=256m"],
        heap="1g",
    )
    seconds = time.perf_counter() - t0
    assert "IMPORT DONE" in out.stdout, out.stdout[-2000:]
    print(f"neo4j-admin import of {len(records)} articles: {seconds:.1f} s wall")

    auth = ("neo4j", "bulk-import-pw")
    imported = start_server(tmp_path / "server", home=home, auth=auth)
    try:
        bulk = Neo4jStore(imported.uri, password=auth[1], max_retry_time=2)
        online = Neo4jStore(neo4j_clean.uri, user=neo4j_clean.auth[0], password=neo4j_clean.auth[1])
        try:
            res = CliRunner().invoke(
                app,
                ["neo4j-finish-import", str(tmp_path / "csv"), "--neo4j", imported.uri],
                env={"NEO4J_USER": auth[0], "NEO4J_PASSWORD": auth[1]},
            )
            assert res.exit_code == 0, res.output
            assert finish_neo4j_import(bulk, tmp_path / "csv") > 0  # idempotent
            online.load(records)
            with imported.driver() as d1, neo4j_clean.driver() as d2:
                a, b = dump(d1), dump(d2)
                assert len(a["Evidence"]) > 20 and len(a["links"]) > 10
                assert any(p for *_, p in a["links"] if ("denied_by", ("list", ())) in p)
                assert [r[2] for r in a["other_rels"]].count("NEAR_DUP") == 1
                assert sum(1 for _, p in a["Article"] if dict(p).get("grp")) == 1
                for part in a:
                    assert a[part] == b[part], _diff(part, a[part], b[part])

                # an incremental online load MERGEs onto the imported graph
                bulk.load(later)
                online.load(later)
                a, b = dump(d1), dump(d2)
                for part in a:
                    assert a[part] == b[part], _diff(part, a[part], b[part])
                for label, key in KEYS.items():
                    rows, _, _ = d1.execute_query(
                        f"MATCH (n:{label}) RETURN count(n) AS n, count(DISTINCT n.{key}) AS k"
                    )
                    assert rows[0]["n"] == rows[0]["k"] > 0, label
                rows, _, _ = d1.execute_query(
                    "MATCH (a:Article) RETURN count(a) AS n, collect(a.doc_id) AS ids"
                )
                assert rows[0]["n"] == 6 and later[0].doc_id in rows[0]["ids"]
        finally:
            bulk.close()
            online.close()
    finally:
        imported.stop()
