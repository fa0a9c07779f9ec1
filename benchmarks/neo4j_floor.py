"""The floor: what Neo4j itself can write on this machine for the benchmark's triples.

    python benchmarks/neo4j_floor.py [--triples 20000] [--batch 20000] [--repeat 3]
                                     [--variants a,b,c,...] [--server production|test]

``benchmarks/neo4j_load.py`` measures graphkit's loader; this script measures the best any
loader could do with the same 20k synthetic triples (same generator, same evidence text) and
the simplest Cypher, so the loader's figure can be read against a ceiling. Each variant is run
``--repeat`` times on an emptied database (after one warm-up run) and the best and median runs
are printed: wall-clock rel/s, server CPU seconds (``/proc/<pid>/stat`` of the java process,
all threads) and rel per server CPU-s. Rows are prepared before the clock starts; the client
only sends them (one ``execute_write`` per ``--batch`` rows).

Variants (entities are pre-created with a uniqueness constraint on ``key`` where it says so):

``a``   entities pre-created; ``UNWIND $rows MATCH (a:Entity {key}) MATCH (b:Entity {key})
        CREATE (a)-[:TYPE {evidence props}]->(b)`` (one statement per relationship type)
``a1``  the same with the dynamic type ``$(row.type)`` (one statement for all types)
``b``   ``a1`` plus one ``Evidence`` node per triple (``id`` unique) linked ``FROM`` its
        (pre-created) article
``b3``  ``b`` with the evidence indexes graphkit keeps (``id`` unique, ``doc_id``, ``edge``)
``c``   ``MERGE`` entities (none pre-created) and ``MERGE`` the relationship on its link id,
        ``SET`` its properties (one statement per relationship type)
``c2``  ``c`` plus ``MERGE`` of the evidence node on its id (an idempotent loader, no Locals)
``cd``  ``c`` with the dynamic type ``MERGE (a)-[r:$(row.type) {edge}]->(b)``: on 5.26, with
        the entities MERGEd in the same statement, 622 rel/s for 2,000 triples, and 20,000 did
        not finish in 10 minutes (try ``--triples 2000``). The loader's own MERGE of links
        (entities MATCHed first) plans an ``Expand(Into)`` with either kind of type.
``m``   graphkit's model without its reads: the articles, one ``Local`` per (article,
        entity) with graphkit's four ``Local`` indexes, one ``Evidence`` per triple with its three
        indexes, entity nodes and one relationship per link, all ``CREATE``. What the real
        loader writes, with none of the look-ups it does to resolve and aggregate.

Runs against ``$NEO4J_URI`` (a database it may empty) or starts a server from ``tests/neo4j``
as ``neo4j_load.py`` does (``--server production`` by default).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.neo4j_load import PRODUCTION_JVM, server_cpu, synthetic  # noqa: E402
from graphkit.store.base import iter_batches  # noqa: E402

VARIANTS = ("a", "a1", "b", "b3", "c", "c2", "cd", "m")
#: evidence properties written on the relationship (a) or on the Evidence node (b, m)
EV_PROPS = (
    "predicate", "sentence", "char_start", "char_end", "attributed_to", "denied_by",
    "confidence", "doc_id", "relation",
)  # fmt: skip
ALL_INDEXES = ("floor_entity", "floor_ev_id", "floor_ev_doc", "floor_ev_edge", "floor_article")


def _props(names, var="row"):
    return "{" + ", ".join(f"{n}: {var}.{n}" for n in names) + "}"


def prepare(records) -> dict:
    """Plain rows for every variant, built before any clock starts."""
    triples, entities, locals_, articles = [], {}, [], []
    for rec in records:
        articles.append({"doc_id": rec.doc_id, "path": rec.meta.get("path")})
        for (t, local), ent in rec.locals.items():
            key = f"{t}:{ent['name']}"
            entities[key] = {"key": key, "name": ent["name"], "type": t}
            locals_.append(
                {
                    "id": json.dumps([rec.doc_id, t, local]), "doc_id": rec.doc_id, "type": t,
                    "local": local, "name": ent["name"], "aliases": list(ent["aliases"]),
                    "block": ent["block"], "key": key, "mentions": 1,
                }
            )  # fmt: skip
        for seq, row in enumerate(rec.rows):
            s = rec.locals[(row["subj_type"], row["subj_local"])]
            o = rec.locals[(row["obj_type"], row["obj_local"])]
            sk, ok = f"{row['subj_type']}:{s['name']}", f"{row['obj_type']}:{o['name']}"
            triples.append(
                {
                    "s": sk, "o": ok, "type": row["relation"], "id": f"{rec.doc_id}|{seq}",
                    "edge": json.dumps([sk, row["relation"], ok]),
                    "subj_lid": json.dumps([rec.doc_id, row["subj_type"], row["subj_local"]]),
                    "obj_lid": json.dumps([rec.doc_id, row["obj_type"], row["obj_local"]]),
                    **{k: row.get(k) for k in EV_PROPS if k not in ("doc_id", "relation")},
                    "doc_id": rec.doc_id, "relation": row["relation"],
                }
            )  # fmt: skip
    return {
        "triples": triples,
        "entities": list(entities.values()),
        "locals": locals_,
        "articles": articles,
    }


def schema(session, variant: str) -> None:
    for name in (*ALL_INDEXES, "floor_local_id", "floor_local_block", "floor_local_key",
                 "floor_local_doc"):  # fmt: skip
        session.run(f"DROP CONSTRAINT {name} IF EXISTS").consume()
        session.run(f"DROP INDEX {name} IF EXISTS").consume()
    stmts = ["CREATE CONSTRAINT floor_entity FOR (n:Entity) REQUIRE n.key IS UNIQUE"]
    if variant in ("b", "b3", "c2", "m"):
        stmts.append("CREATE CONSTRAINT floor_ev_id FOR (n:Evidence) REQUIRE n.id IS UNIQUE")
        stmts.append("CREATE CONSTRAINT floor_article FOR (n:Article) REQUIRE n.doc_id IS UNIQUE")
    if variant in ("b3", "m"):
        stmts.append("CREATE INDEX floor_ev_doc FOR (n:Evidence) ON (n.doc_id)")
        stmts.append("CREATE INDEX floor_ev_edge FOR (n:Evidence) ON (n.edge)")
    if variant == "m":
        stmts += [
            "CREATE CONSTRAINT floor_local_id FOR (n:Local) REQUIRE n.id IS UNIQUE",
            "CREATE INDEX floor_local_block FOR (n:Local) ON (n.block)",
            "CREATE INDEX floor_local_key FOR (n:Local) ON (n.key)",
            "CREATE INDEX floor_local_doc FOR (n:Local) ON (n.doc_id)",
        ]
    for s in stmts:
        session.run(s).consume()
    session.run("CALL db.awaitIndexes(300)").consume()


def wipe(session) -> None:
    session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def setup(session, variant: str, data: dict) -> None:
    """What exists before the clock starts (entities, articles)."""
    if variant in ("a", "a1", "b", "b3"):
        for part in iter_batches(data["entities"], 10000):
            session.run(
                "UNWIND $rows AS row CREATE (:Entity {key: row.key, name: row.name,"
                " type: row.type})",
                rows=part,
            ).consume()
    if variant in ("b", "b3"):
        session.run(
            "UNWIND $rows AS row CREATE (:Article {doc_id: row.doc_id, path: row.path})",
            rows=data["articles"],
        ).consume()


def statements(variant: str, data: dict, batch: int):
    """[(query, rows)] per transaction, in order."""
    triples = data["triples"]
    ev = _props(("id", "edge", *EV_PROPS))
    rel_props = _props(EV_PROPS)
    txs = []
    dyn_create = (
        "UNWIND $rows AS row MATCH (a:Entity {key: row.s}) MATCH (b:Entity {key: row.o})"
        f" CREATE (a)-[:$(row.type) {rel_props}]->(b)"
    )
    merge = (
        "UNWIND $rows AS row"
        " MERGE (a:Entity {key: row.s}) ON CREATE SET a.name = row.s"
        " MERGE (b:Entity {key: row.o}) ON CREATE SET b.name = row.o"
        " MERGE (a)-[r:{TYPE} {edge: row.edge}]->(b)"
        " SET r.evidence_count = coalesce(r.evidence_count, 0) + 1,"
        " r.sentence = row.sentence, r.predicate = row.predicate,"
        " r.confidence = row.confidence, r.doc_id = row.doc_id"
    )
    merge_ev = (
        " WITH row MERGE (art:Article {doc_id: row.doc_id})"
        f" MERGE (e:Evidence {{id: row.id}}) ON CREATE SET e = {ev}"
        " MERGE (e)-[:FROM]->(art)"
    )
    create_ev = (
        " WITH row MATCH (art:Article {doc_id: row.doc_id})"
        f" CREATE (:Evidence {ev})-[:FROM]->(art)"
    )

    def per_type(query: str):
        out = []
        for part in iter_batches(triples, batch):
            by_type = defaultdict(list)
            for t in part:
                by_type[t["type"]].append(t)
            stmts = []
            for rtype, rows in sorted(by_type.items()):
                assert rtype.isidentifier() and rtype.isupper()  # from the vocabulary
                stmts.append((query.replace("{TYPE}", rtype), rows))
            out.append(stmts)
        return out

    if variant == "a":
        txs = per_type(
            "UNWIND $rows AS row MATCH (a:Entity {key: row.s})"
            f" MATCH (b:Entity {{key: row.o}}) CREATE (a)-[:{{TYPE}} {rel_props}]->(b)"
        )
    elif variant == "a1":
        txs = [[(dyn_create, part)] for part in iter_batches(triples, batch)]
    elif variant in ("b", "b3"):
        txs = [[(dyn_create + create_ev, part)] for part in iter_batches(triples, batch)]
    elif variant in ("c", "c2"):
        txs = per_type(merge + (merge_ev if variant == "c2" else ""))
    elif variant == "cd":
        q = merge.replace("{TYPE}", "$(row.type)")
        txs = [[(q, part)] for part in iter_batches(triples, batch)]
    elif variant == "m":
        # batch = triples per transaction; whole articles (10 triples each)
        loc_by_doc = defaultdict(list)
        for loc in data["locals"]:
            loc_by_doc[loc["doc_id"]].append(loc)
        tri_by_doc = defaultdict(list)
        for t in triples:
            tri_by_doc[t["doc_id"]].append(t)
        docs = [a["doc_id"] for a in data["articles"]]
        per = max(1, batch // 10)
        art_of = {a["doc_id"]: a for a in data["articles"]}
        seen_ent: set[str] = set()
        seen_edge: set[str] = set()
        lp = _props(("id", "doc_id", "type", "local", "name", "aliases", "block", "key",
                     "mentions"))  # fmt: skip
        for part in iter_batches(docs, per):
            arts = [art_of[d] for d in part]
            locs = [loc for d in part for loc in loc_by_doc[d]]
            trs = [t for d in part for t in tri_by_doc[d]]
            keys = {t["s"] for t in trs} | {t["o"] for t in trs}
            ents = [{"key": k, "name": k.split(":", 1)[1], "type": k.split(":", 1)[0]}
                    for k in sorted(keys - seen_ent)]  # fmt: skip
            seen_ent |= keys
            new_links = []
            for t in trs:
                if t["edge"] not in seen_edge:
                    seen_edge.add(t["edge"])
                    new_links.append(t)
            txs.append(
                [
                    ("UNWIND $rows AS row CREATE (:Article {doc_id: row.doc_id, path: row.path})",
                     arts),
                    (f"UNWIND $rows AS row CREATE (:Local {lp})", locs),
                    ("UNWIND $rows AS row MATCH (art:Article {doc_id: row.doc_id})"
                     f" CREATE (:Evidence {ev})-[:FROM]->(art)", trs),
                    ("UNWIND $rows AS row CREATE (:Entity {key: row.key, name: row.name,"
                     " type: row.type})", ents),
                    ("UNWIND $rows AS row MATCH (a:Entity {key: row.s})"
                     " MATCH (b:Entity {key: row.o})"
                     f" CREATE (a)-[:$(row.type) {rel_props}]->(b)", new_links),
                ]
            )  # fmt: skip
    else:
        raise ValueError(variant)
    return txs


def run_once(driver, handle, variant: str, data: dict, batch: int) -> dict:
    with driver.session() as session:
        wipe(session)
        setup(session, variant, data)
    txs = statements(variant, data, batch)
    t0, c0 = time.perf_counter(), server_cpu(handle)
    with driver.session() as session:
        for stmts in txs:

            def work(tx, stmts=stmts):
                for q, rows in stmts:
                    if rows:
                        tx.run(q, rows=rows).consume()

            session.execute_write(work)
    wall = time.perf_counter() - t0
    cpu = (server_cpu(handle) or 0) - (c0 or 0) if handle is not None else None
    with driver.session() as session:
        n = session.run("MATCH ()-[r]->() WHERE NOT r:FROM RETURN count(r) AS n").single()["n"]
    return {"wall": wall, "cpu": cpu, "rels": n}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=20000)
    ap.add_argument("--batch", type=int, default=20000, help="triples per transaction")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--server", choices=("production", "test"), default="production")
    args = ap.parse_args()
    variants = [v for v in args.variants.split(",") if v]
    if unknown := set(variants) - set(VARIANTS):
        ap.error(f"unknown variants {sorted(unknown)}; known: {', '.join(VARIANTS)}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    import neo4j

    handle = None
    uri = os.environ.get("NEO4J_URI")
    if uri:
        auth = (os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""))
    else:
        from tests.neo4j_server import start_server

        auth = ("neo4j", "bench-pass-1234")
        jvm = PRODUCTION_JVM if args.server == "production" else ()
        handle = start_server(tempfile.mkdtemp(prefix="gk-neo4j-floor-"), auth=auth, jvm_opts=jvm)
        uri = handle.uri
        print(f"started Neo4j 5.26 ({args.server}: {' '.join(jvm) or 'test defaults'})")
    try:
        data = prepare(synthetic(args.triples))
        n = len(data["triples"])
        n_links = len({t["edge"] for t in data["triples"]})
        print(f"{n} triples, {len(data['entities'])} entities, {n_links} distinct links,"
              f" {len(data['locals'])} article-local entities; {args.batch} triples/tx")  # fmt: skip
        with neo4j.GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF") as driver:
            for variant in variants:
                with driver.session() as session:
                    wipe(session)
                    schema(session, variant)
                run_once(driver, handle, variant, data, args.batch)  # warm-up (plans, JIT)
                runs = [
                    run_once(driver, handle, variant, data, args.batch) for _ in range(args.repeat)
                ]
                runs.sort(key=lambda r: r["wall"])
                best, med = runs[0], runs[len(runs) // 2]
                rate = n / best["wall"]
                cpu = (
                    f"server {best['cpu']:.2f} CPU-s = {n / best['cpu']:,.0f} rel per server"
                    f" CPU-s (median run {n / med['wall']:,.0f} rel/s,"
                    f" {statistics.median(r['cpu'] for r in runs):.2f} CPU-s)"
                    if best["cpu"]
                    else f"median run {n / med['wall']:,.0f} rel/s"
                )
                print(f"  {variant:3s} {rate:9,.0f} rel/s ({best['wall']:.2f} s; {cpu});"
                      f" {best['rels']} relationships; load"
                      f" {os.getloadavg()[0]:.2f}", flush=True)  # fmt: skip
    finally:
        if handle is not None:
            handle.stop()
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
