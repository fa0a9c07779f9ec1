"""Neo4j load throughput: the batched loader vs a naive one-transaction-per-triple loader.

    python benchmarks/neo4j_load.py [--triples 20000] [--naive 1000] [--batch-size 500]

Runs against ``$NEO4J_URI`` (``NEO4J_USER``/``NEO4J_PASSWORD``) or, without it, a Neo4j 5.26
server started from ``tests/neo4j`` (Java 17 + Maven). The database is emptied first. The server
it starts runs with ``--server production`` settings by default (:data:`PRODUCTION_JVM`: C2 JIT,
parallel GC, 2 GiB heap, 1 GiB page cache — what a Neo4j deployment on this machine would use);
``--server test`` gives the test suite's fast-start server (C1 JIT, serial GC, 64 MiB page cache).
``GRAPHKIT_NEO4J_JVM_OPTS`` is passed too (before these). The output says which settings ran, the
load average, and whether the driver packs with its Rust extension (``neo4j-rust-ext``) or in
pure Python.

Both loaders write the same synthetic triples (10 per article, 3,000 people/organisations,
relation types from the vocabulary) with their evidence. The batched loader is
``Neo4jStore.load`` (one ``execute_write`` per batch of articles, ``UNWIND $rows``, resolution
and link aggregates recomputed). The naive loader is what one writes first: per triple one
transaction with MERGE subject, MERGE object, MERGE article, CREATE evidence, MERGE the typed
relationship and bump its count. It is run on the first ``--naive`` triples and its rate is
extrapolated to the whole set (said in the output). Both rates are relationships (with their
evidence) per second, measured in this one process; the ratio is the figure to read.

Before the measured loads the server is warmed up with ``--warmup`` (default 2) full batched loads
of the same records and 200 naive triples after each (all wiped): the first load into a fresh
server also pays for the JIT compiling the write path (about twice the server CPU). ``--warmup 0``
gives that cold figure.

``--profile`` times every statement of the batched load (from ``run`` until its result is read,
i.e. the server's work plus the round trip) and prints the totals per statement, largest first,
with the server CPU seconds of the whole load: where the loader's time goes.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphkit.config import load_vocabulary  # noqa: E402
from graphkit.model import Triple  # noqa: E402
from graphkit.store.base import DocRecord  # noqa: E402
from graphkit.store.neo4j import Neo4jStore  # noqa: E402

#: JVM options for ``--server production`` (after the launcher's defaults, so these win)
PRODUCTION_JVM = (
    "-XX:-UseSerialGC",
    "-XX:+UseParallelGC",
    "-XX:TieredStopAtLevel=4",
    "-Xms2g",
    "-Xmx2g",
    "-Dgraphkit.pagecache=1g",
)

FIRST = "Ada Ben Cleo Dan Eva Finn Gil Hana Ivo Jade Kai Lea Max Nia Omar Pia Quin Rosa Sam Tia"
LAST_SYL = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "za", "de", "po", "qu", "ri", "xe"]


def synthetic(n_triples: int, *, per_article: int = 10, seed: int = 7) -> list[DocRecord]:
    """The synthetic articles (a list; :func:`iter_synthetic` gives the same ones lazily)."""
    return list(iter_synthetic(n_triples, per_article=per_article, seed=seed))


def iter_synthetic(n_triples: int, *, per_article: int = 10, seed: int = 7) -> Iterator[DocRecord]:
    """``n_triples`` synthetic triples in articles of ``per_article``, one record at a time."""
    rng = random.Random(seed)
    first = FIRST.split()
    people = set()
    while len(people) < 2000:
        last = "".join(rng.choice(LAST_SYL) for _ in range(3)).capitalize()
        people.add(f"{rng.choice(first)} {last}")
    # one-word organisation names: a shared last word ("Corp") would put every organisation in
    # one resolution block, which measures graphkit.resolve rather than the loader
    orgs: set[str] = set()
    while len(orgs) < 1000:
        orgs.add("".join(rng.choice(LAST_SYL) for _ in range(4)).capitalize())
    ents = [(p, "PERSON") for p in sorted(people)] + [(o, "ORG") for o in sorted(orgs)]
    rels = sorted(t for t in load_vocabulary() if t != "RELATED_TO")
    for a in range(0, n_triples, per_article):
        doc = f"sha256:bench{a // per_article:06d}"
        triples = []
        for i in range(min(per_article, n_triples - a)):
            (s, st), (o, ot) = rng.sample(ents, 2)
            rel = rng.choice(rels)
            sentence = f"{s} {rel.lower().replace('_', ' ')} {o} in sentence {i}."
            triples.append(
                Triple(
                    subject=s, subject_type=st, relation=rel, predicate=rel.lower(), object=o,
                    object_type=ot, doc_id=doc, sentence=sentence, char_start=i * 100,
                    char_end=i * 100 + len(sentence), path=f"bench/{doc[-6:]}.txt",
                    published=f"2024-{1 + a % 12:02d}-{1 + a % 28:02d}", confidence=0.8,
                    attributed_to="Reuters" if i % 3 == 0 else None,
                    denied_by="Someone Else" if i % 17 == 0 else None,
                )
            )  # fmt: skip
        yield DocRecord.build(None, triples)


NAIVE = """
MERGE (s:Entity {key: $s}) ON CREATE SET s.name = $sname, s.type = $stype
MERGE (o:Entity {key: $o}) ON CREATE SET o.name = $oname, o.type = $otype
MERGE (a:Article {doc_id: $doc}) ON CREATE SET a.path = $path, a.published = $published,
      a.status = 'ingested'
CREATE (ev:Evidence {id: $id, doc_id: $doc, relation: $rel, predicate: $predicate,
        sentence: $sentence, char_start: $char_start, char_end: $char_end,
        attributed_to: $attributed_to, denied_by: $denied_by, confidence: $confidence,
        subj_key: $s, obj_key: $o})-[:FROM]->(a)
MERGE (s)-[r:{TYPE}]->(o)
SET r.evidence_count = coalesce(r.evidence_count, 0) + 1, r.relation = $rel
"""


def naive_load(store: Neo4jStore, records: list[DocRecord], limit: int) -> int:
    n = 0
    with store.driver.session(database=store.database) as session:
        for rec in records:
            for row in rec.rows:
                if n >= limit:
                    return n
                s = rec.locals[(row["subj_type"], row["subj_local"])]
                o = rec.locals[(row["obj_type"], row["obj_local"])]
                params = {
                    "s": f"{row['subj_type']}:{row['subj_local']}",
                    "o": f"{row['obj_type']}:{row['obj_local']}",
                    "sname": s["name"], "oname": o["name"],
                    "stype": row["subj_type"], "otype": row["obj_type"],
                    "doc": rec.doc_id, "path": rec.meta.get("path"),
                    "published": rec.meta.get("published"),
                    "id": f"{rec.doc_id}|{n}", "rel": row["relation"],
                    **{k: row[k] for k in ("predicate", "sentence", "char_start", "char_end",
                                           "attributed_to", "denied_by", "confidence")},
                }  # fmt: skip
                query = NAIVE.replace("{TYPE}", store._rel_type(row["relation"]))
                session.execute_write(lambda tx, q=query, p=params: tx.run(q, p).consume())
                n += 1
    return n


class _TimedTx:
    """A transaction whose statements are timed (``--profile``): run → result read."""

    def __init__(self, tx, totals: dict):
        self._tx, self._totals = tx, totals

    def run(self, query, parameters=None, **kw):
        t0 = time.perf_counter()
        result = self._tx.run(query, parameters, **kw)
        return _TimedResult(result, " ".join(query.split())[:110], t0, self._totals)

    def __getattr__(self, name):
        return getattr(self._tx, name)


class _TimedResult:
    """A result that adds run → read time to its statement's total once it has been read."""

    def __init__(self, result, name: str, t0: float, totals: dict):
        self._result, self._name, self._t0, self._totals = result, name, t0, totals

    def _done(self) -> None:
        entry = self._totals.setdefault(self._name, [0, 0.0])
        entry[0] += 1
        entry[1] += time.perf_counter() - self._t0

    def __iter__(self):
        yield from self._result
        self._done()

    def keys(self):
        return self._result.keys()

    def consume(self):
        out = self._result.consume()
        self._done()
        return out

    def data(self, *keys):
        out = self._result.data(*keys)
        self._done()
        return out

    def single(self, *a, **k):
        out = self._result.single(*a, **k)
        self._done()
        return out

    def __getattr__(self, name):
        return getattr(self._result, name)


def profiled(store: Neo4jStore, totals: dict) -> None:
    """Make ``store`` time its write statements into ``totals`` {statement: [count, s]}."""
    write = store._write

    def _write(fn, what, *args):
        ends = []

        def timed_fn(tx, *a):
            out = fn(_TimedTx(tx, totals), *a)
            ends.append(time.perf_counter())
            return out

        out = write(timed_fn, what, *args)
        entry = totals.setdefault("(commit: end of the transaction function → committed)", [0, 0])
        entry[0] += 1
        entry[1] += time.perf_counter() - ends[-1]
        return out

    store._write = _write  # type: ignore[method-assign]


def server_cpu(handle) -> float | None:
    """CPU seconds (user + system, all threads) the server process has used, or None."""
    if handle is None or handle.pid is None:
        return None
    try:
        fields = Path(f"/proc/{handle.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wipe(store: Neo4jStore) -> None:
    with store.driver.session(database=store.database) as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


def measure_online(
    store: Neo4jStore,
    records: list[DocRecord],
    handle=None,
    *,
    warmup: int = 2,
    naive: int = 1000,
    profile: bool = False,
) -> dict:
    """Warm up, then time the batched loader and the naive one on ``records`` (see the module
    docstring). The database is wiped first. Returns the figures: ``n_rows``,
    ``batched_s``, ``batched_cpu`` (client, server CPU-s), ``reload_s``, ``stats`` (the graph
    the batched load wrote), ``n_naive``, ``naive_s``, ``naive_cpu``."""
    n_rows = sum(len(r.rows) for r in records)
    wipe(store)
    store._ensure_schema()

    # warm-up (query plans, JIT) on a separate small set, then wipe; then --warmup loads
    # of the whole set (a server that has run for a while: C2 compiles the write path during
    # the first loads, which costs the first measured load about twice the server CPU)
    store.load(synthetic(500, seed=99))
    naive_load(store, synthetic(200, seed=98), 200)
    wipe(store)
    for i in range(warmup):
        t0, s0 = time.perf_counter(), server_cpu(handle)
        store.load(records)
        print(f"warm-up load {i + 1}: {n_rows / (time.perf_counter() - t0):,.0f} rel/s"
              + (f", server {server_cpu(handle) - s0:.1f} CPU-s" if handle else ""))  # fmt: skip
        wipe(store)
        naive_load(store, synthetic(200, seed=98), 200)
        wipe(store)

    totals: dict[str, list] = {}
    if profile:
        profiled(store, totals)
    t0, c0, s0 = time.perf_counter(), time.process_time(), server_cpu(handle)
    store.load(records)
    batched_s = time.perf_counter() - t0
    batched_cpu = time.process_time() - c0, (server_cpu(handle) or 0) - (s0 or 0)
    if profile:
        store._write = type(store)._write.__get__(store)  # type: ignore[method-assign]
        print(f"per statement ({batched_s:.2f} s in all, server {batched_cpu[1]:.1f} CPU-s):")
        for name, (count, secs) in sorted(totals.items(), key=lambda kv: -kv[1][1]):
            print(f"  {secs:7.2f} s {100 * secs / batched_s:5.1f}% {count:5d}x  {name}")
    stats = store.stats()
    t0 = time.perf_counter()
    store.load(records)
    reload_s = time.perf_counter() - t0
    assert store.stats()["evidence"] == stats["evidence"] == n_rows
    wipe(store)

    t0, c0, s0 = time.perf_counter(), time.process_time(), server_cpu(handle)
    n_naive = naive_load(store, records, naive)
    naive_s = time.perf_counter() - t0
    naive_cpu = time.process_time() - c0, (server_cpu(handle) or 0) - (s0 or 0)
    return {
        "n_rows": n_rows,
        "batched_s": batched_s,
        "batched_cpu": batched_cpu,
        "reload_s": reload_s,
        "stats": stats,
        "n_naive": n_naive,
        "naive_s": naive_s,
        "naive_cpu": naive_cpu,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=20000)
    ap.add_argument("--naive", type=int, default=1000, help="triples for the naive loader")
    ap.add_argument("--batch-size", type=int, default=500, help="articles per transaction")
    ap.add_argument("--profile", action="store_true", help="time each statement of the load")
    ap.add_argument(
        "--warmup",
        type=int,
        default=2,
        help="full batched loads (then wiped) before the measured one: the server's JIT compiles"
        " during the first ones (0: only a 500-triple warm-up, the cold figure)",
    )
    ap.add_argument(
        "--server",
        choices=("production", "test"),
        default="production",
        help="JVM settings of the server this script starts (ignored with NEO4J_URI)",
    )
    args = ap.parse_args()
    try:
        from neo4j._codec.packstream.v1 import _rust_pack

        codec = "Rust extension" if _rust_pack is not None else "pure Python"
    except ImportError:
        codec = "pure Python"
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())};"
          f" driver codec: {codec}")  # fmt: skip

    handle = None
    uri = os.environ.get("NEO4J_URI")
    if uri:
        user, password = os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD")
    else:
        from tests.neo4j_server import start_server

        user, password = "neo4j", "bench-pass-1234"
        t0 = time.perf_counter()
        jvm = PRODUCTION_JVM if args.server == "production" else ()
        server_dir = tempfile.mkdtemp(prefix="gk-neo4j-bench-")
        handle = start_server(server_dir, auth=(user, password), jvm_opts=jvm)
        uri = handle.uri
        extra = " ".join(jvm) or "test defaults: C1 JIT, serial GC, 64 MiB page cache"
        print(f"started Neo4j 5.26 server ({args.server}: {extra}) at {uri}"
              f" in {time.perf_counter() - t0:.1f} s")  # fmt: skip
    try:
        records = synthetic(args.triples)
        store = Neo4jStore(uri, user=user, password=password, batch_size=args.batch_size)
        try:
            m = measure_online(
                store, records, handle, warmup=args.warmup, naive=args.naive, profile=args.profile
            )
        finally:
            store.close()
    finally:
        if handle is not None:
            handle.stop()
            shutil.rmtree(server_dir, ignore_errors=True)  # the server's database files

    n_rows, stats, batched_s, reload_s = m["n_rows"], m["stats"], m["batched_s"], m["reload_s"]
    n_naive, naive_s = m["n_naive"], m["naive_s"]
    batched_cpu, naive_cpu = m["batched_cpu"], m["naive_cpu"]
    batched = n_rows / batched_s
    naive = n_naive / naive_s
    print(f"synthetic: {n_rows} triples in {len(records)} articles; graph: "
          f"{stats['entities']} entities, {stats['edges']} links, {stats['evidence']} evidence")  # fmt: skip
    print(f"batched loader  ({args.batch_size} articles/tx): {n_rows} rel in {batched_s:.2f} s"
          f" = {batched:,.0f} rel/s (re-load of the same records: {reload_s:.2f} s)")  # fmt: skip
    print(f"naive loader    (1 tx/triple): {n_naive} rel in {naive_s:.2f} s = {naive:,.0f} rel/s"
          f" (measured on the first {n_naive} triples; {n_rows} would take"
          f" ~{n_rows / naive:.0f} s, extrapolated)")  # fmt: skip
    print(f"ratio batched / naive: {batched / naive:.1f}x  (goals: >= 20,000 rel/s, >= 20x)")
    if handle is not None:
        b_cpu, n_cpu = sum(batched_cpu), sum(naive_cpu)
        print(f"CPU seconds (client + server): batched {batched_cpu[0]:.1f} + {batched_cpu[1]:.1f}"
              f" = {n_rows / b_cpu:,.0f} rel per CPU-s; naive {naive_cpu[0]:.1f} +"
              f" {naive_cpu[1]:.1f} = {n_naive / n_cpu:,.0f} rel per CPU-s;"
              f" ratio {(n_rows / b_cpu) / (n_naive / n_cpu):.1f}x")  # fmt: skip
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
