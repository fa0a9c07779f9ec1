"""Benchmark of the stock queries on a synthetic embedded store (default 1M triples).

What it measures, and the goals from issue 6:

* **build**: writing the synthetic articles into the SQLite store of record with the store's own
  ``load()`` (resolution included), in batches; then building the query index
  (``cache/index-N``, :mod:`graphkit.store.snapshot`) from scratch. No goal; reported.
* **cold start**: a fresh ``graphkit query neighbors HUB --format json`` process on the
  unchanged store (interpreter start, imports, index load, query, printing 7,000 rows).
  Goal ≤ 5 s. Also the index load alone in this process, and the index's size.
* **warm latency** in this process, over the index (``queries.run(name, store)``), measured
  before the full graph is loaded for the baseline (millions of Python objects slow every
  allocation-heavy query through the garbage collector):
  ``neighbors`` (the biggest hub, whole and one page of 100; a typical entity; goal ≤ 10 ms;
  repeated, so the hub's rows are kept in the index and copied, and, for comparison, the hub
  with its rows built afresh each time, as a one-off query does; wall medians and the
  median CPU time of this process, which a loaded machine does not inflate as much),
  ``path`` (random pairs; goal ≤ 100 ms), ``central --by pagerank`` (goal ≤ 10 s),
  ``central --by degree`` and ``--by betweenness`` (``--samples`` sources, seed 42; no goal),
  and, for reference, ``search``, ``common``, ``new``, ``contested``, ``communities``.

Baseline in the same process: the same queries answered by the NetworkX twins over the full
``MultiDiGraph`` (``graphkit.load_graph``: what every query ran on before the index), printed
as index/baseline ratios; for paths also ``networkx.shortest_path`` on the undirected view;
for the cold start, loading the pickled MultiDiGraph (the snapshot format before the index;
``--no-pickle`` skips it).

The synthetic corpus: ``--triples`` triples in articles of 10, over ``triples / 10`` entities
(60 % PERSON, 30 % ORG, 10 % GPE, one name each, unique surnames so resolution keeps them
apart), subjects and objects drawn with Zipf-like weights (news-like hubs), relation types from
the vocabulary, dates 2015–2024, ~1 % denied and ~1 % negated evidence, ~130-character
sentences.

Run: ``python benchmarks/queries.py [--triples 1000000] [--dir DIR] [--keep]``
(``--dir`` reuses a store built before with the same ``--triples``).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pathlib
import pickle
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from graphkit import queries
from graphkit.extract.entities import norm
from graphkit.resolve import block_of
from graphkit.store.base import DocRecord
from graphkit.store.embedded import EmbeddedStore

SEED = 7
PER_DOC = 10
RELATIONS = (
    "IN_CONTACT_WITH",
    "MET_WITH",
    "ASKED",
    "TOLD",
    "SUPPORTS",
    "OPPOSES",
    "CRITICIZED",
    "ACCUSED",
    "FUNDED",
    "EMPLOYEE_OF",
    "LEADER_OF",
    "MEMBER_OF",
    "OWNER_OF",
    "BASED_IN",
    "RELATED_TO",
)
FIRST = ("Anna", "Boris", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas")
SYL = ("ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "do", "fa", "gu", "ha", "ji", "ko")


def surname(i: int) -> str:
    """A unique pronounceable surname for entity ``i`` (base-15 syllables)."""
    out = []
    i += 15**3  # at least four syllables
    while i:
        i, r = divmod(i, len(SYL))
        out.append(SYL[r])
    return "".join(out).capitalize()


def entities(n: int) -> list[tuple[str, str]]:
    """(type, name) of ``n`` synthetic entities."""
    out = []
    for i in range(n):
        x = i % 10
        if x < 6:
            out.append(("PERSON", f"{FIRST[i % len(FIRST)]} {surname(i)}"))
        elif x < 9:
            out.append(("ORG", f"{surname(i)} Group"))
        else:
            out.append(("GPE", f"{surname(i)}land"))
    return out


def records(n_triples: int, seed: int = SEED):
    """DocRecords of the synthetic corpus, ``PER_DOC`` triples each (a generator)."""
    rnd = random.Random(seed)
    ents = entities(max(10, n_triples // 10))
    cum = []
    total = 0.0
    for rank in range(len(ents)):
        total += 1.0 / (rank + 20) ** 0.9
        cum.append(total)
    order = list(range(len(ents)))
    rnd.shuffle(order)  # hubs spread over the types
    extractor = "graphkit bench / synthetic"
    for d in range(0, n_triples, PER_DOC):
        doc_id = f"sha256:bench{d // PER_DOC:09d}"
        published = (
            f"{2015 + rnd.randrange(10)}-{1 + rnd.randrange(12):02d}-{1 + rnd.randrange(28):02d}"
        )
        locals_: dict[tuple[str, str], dict] = {}
        rows = []
        for k in range(min(PER_DOC, n_triples - d)):
            si, oi = (order[j] for j in rnd.choices(range(len(ents)), cum_weights=cum, k=2))
            if si == oi:
                oi = (
                    order[(order.index(si) + 1) % len(ents)]
                    if len(ents) < 1000
                    else (oi + 1) % len(ents)
                )
            (st, sn), (ot, on) = ents[si], ents[oi]
            for t, n in ((st, sn), (ot, on)):
                locals_.setdefault(
                    (t, norm(n)), {"name": n, "aliases": [], "block": block_of(t, n)}
                )
            rel = rnd.choice(RELATIONS)
            sentence = (
                f"{sn} {rel.lower().replace('_', ' ')} {on}, officials said on the record in a "
                f"statement published on {published} (item {k})."
            )
            r = rnd.random()
            rows.append(
                {
                    "doc_id": doc_id,
                    "subj_type": st,
                    "subj_local": norm(sn),
                    "relation": rel,
                    "obj_type": ot,
                    "obj_local": norm(on),
                    "predicate": rel.lower().replace("_", " "),
                    "sentence": sentence,
                    "char_start": k * 200,
                    "char_end": k * 200 + len(sentence),
                    "attributed_to": "Officials" if r < 0.3 else None,
                    "negated": r > 0.99,
                    "denied_by": ents[order[rnd.randrange(50)]][1] if r < 0.01 else None,
                    "confidence": 0.8,
                    "extractor": extractor,
                    "event_time": None,
                    "event_date": None,
                }
            )
        meta = {"doc_id": doc_id, "path": f"bench/{doc_id[-9:]}.txt", "published": published}
        yield DocRecord(doc_id, meta, locals_, rows, extractor, None)


def build(path: pathlib.Path, n_triples: int, batch: int = 5000) -> dict:
    """Write the corpus into a fresh store; return timings."""
    t0 = time.perf_counter()
    loaded = 0
    with EmbeddedStore(path, keep_text=False) as st:
        buf = []
        for rec in records(n_triples):
            buf.append(rec)
            if len(buf) >= batch:
                loaded += st.load(buf).triples
                buf = []
                print(f"  … {loaded:,} triples in {time.perf_counter() - t0:.0f} s", flush=True)
        if buf:
            loaded += st.load(buf).triples
    t_load = time.perf_counter() - t0
    return {"triples": loaded, "load_s": t_load}


def median_ms(fn, reps: int) -> tuple[float, float, float]:
    """Median and best (min) wall time of ``fn()`` over ``reps`` runs, and the median CPU time
    of this process (``time.process_time``: what the query itself costs, without the waits
    for a CPU that a loaded machine adds to the wall time), in ms."""
    times, cpu = [], []
    for _ in range(reps):
        c = time.process_time()
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(times), min(times), statistics.median(cpu)


def rows_built_afresh(fn):
    """``fn`` with nothing kept between queries: ``neighbors`` builds every row each time
    (as the first queries about an entity do), instead of copying the rows a hub keeps."""

    def run(b):
        kept = queries.NEIGHBOR_ROWS_KEPT_FROM
        queries.NEIGHBOR_ROWS_KEPT_FROM = 1 << 62
        try:
            return fn(b)
        finally:
            queries.NEIGHBOR_ROWS_KEPT_FROM = kept

    return run


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--dir", help="store directory (reused when it holds a store)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary store")
    ap.add_argument("--samples", type=int, default=20, help="betweenness sources")
    ap.add_argument("--skip-communities", action="store_true")
    ap.add_argument("--no-pickle", action="store_true", help="skip the unpickling baseline")
    ap.add_argument(
        "--no-betweenness-baseline", action="store_true", help="skip the slow NetworkX betweenness"
    )
    args = ap.parse_args(argv)

    tmp = None
    if args.dir:
        path = pathlib.Path(args.dir)
    else:
        tmp = tempfile.mkdtemp(prefix="graphkit-bench-")
        path = pathlib.Path(tmp) / "store"
    results: list[tuple[str, float, float | None, str]] = []  # name, value, goal, unit
    load_warm = None
    try:
        if not (path / "graphkit.sqlite").exists():
            print(f"building a store of {args.triples:,} triples at {path}", flush=True)
            b = build(path, args.triples)
            results.append(("build: load() into SQLite", b["load_s"], None, "s"))
        st = EmbeddedStore(path, create=False)
        cache = path / "cache"
        for old in cache.glob("index-*") if cache.is_dir() else ():
            shutil.rmtree(old)
        t = time.perf_counter()
        ix = st.index()
        results.append(
            ("build: query index from SQLite (cache/index-N)", time.perf_counter() - t, None, "s")
        )
        where = cache / f"index-{ix.generation}"
        size = sum(f.stat().st_size for f in where.iterdir())
        print(
            f"graph: {len(ix):,} entities, {ix.number_of_edges():,} links, "
            f"{ix.meta['evidence']:,} evidence; index {size / 1e6:.0f} MB",
            flush=True,
        )
        t = time.perf_counter()
        with EmbeddedStore(path, create=False) as fresh:
            fresh.index()
        results.append(
            (
                "index load alone (memory-mapped, another store object)",
                time.perf_counter() - t,
                None,
                "s",
            )
        )

        degree = np.asarray(ix.degree())
        order = np.lexsort((np.arange(len(ix)), -degree))
        hub = ix.keys[order[0]]
        second = ix.keys[order[1]]
        hub_name = ix.names[order[0]]
        tname = ix.names[order[len(order) // 2]]

        # cold start: a fresh process on the unchanged store
        exe = shutil.which("graphkit") or str(pathlib.Path(sys.executable).parent / "graphkit")
        cold = []
        for _ in range(3):
            t = time.perf_counter()
            res = subprocess.run(
                [exe, "query", "neighbors", hub_name, "--store", str(path), "--format", "json"],
                capture_output=True,
                text=True,
                check=False,
            )
            cold.append(time.perf_counter() - t)
            if res.returncode != 0:
                raise SystemExit(f"graphkit query failed: {res.stderr}")
        results.append(
            (
                f"cold start: graphkit query neighbors HUB --format json ({len(json.loads(res.stdout))} rows, median of 3)",
                statistics.median(cold),
                5.0,
                "s",
            )
        )
        t = time.perf_counter()
        subprocess.run([exe, "--version"], capture_output=True, check=True)
        results.append(
            (
                "  of which: interpreter + CLI import (graphkit --version)",
                time.perf_counter() - t,
                None,
                "s",
            )
        )

        # 1. over the index, in a process without the full graph (as a CLI query runs)
        cases = [  # label, query, reps, goal, unit
            (
                f"neighbors hub, every row ({len(ix.neighbours(order[0]))} neighbours)",
                lambda b: queries.run("neighbors", b, name=hub_name),
                50,
                10.0,
                "ms",
            ),
            (
                "neighbors hub, every row, built afresh each time (nothing kept: one-off queries)",
                rows_built_afresh(lambda b: queries.run("neighbors", b, name=hub_name)),
                50,
                None,
                "ms",
            ),
            (
                "neighbors hub, one page (--limit 100 --offset 100)",
                lambda b: queries.run("neighbors", b, name=hub_name, limit=100, offset=100),
                20,
                10.0,
                "ms",
            ),
            (
                f"neighbors typical ({len(ix.neighbours(order[len(order) // 2]))} neighbours)",
                lambda b: queries.run("neighbors", b, name=tname),
                50,
                10.0,
                "ms",
            ),
            ("central --by degree", lambda b: queries.run("central", b, by="degree"), 1, None, "s"),
            (
                "central --by pagerank",
                lambda b: queries.run("central", b, by="pagerank"),
                1,
                10.0,
                "s",
            ),
            (
                f"central --by betweenness (--samples {args.samples}, seed 42)",
                lambda b: queries.run("central", b, by="betweenness", samples=args.samples),
                1,
                None,
                "s",
            ),
        ]
        answers, timed, best, cpu = [], [], [], []
        for _label, fn, reps, _goal, unit in cases:
            answers.append(fn(st))
            ms, low, cpu_ms = median_ms(lambda fn=fn: fn(st), reps)
            timed.append(ms if unit == "ms" else ms / 1000)
            best.append(low)
            cpu.append(cpu_ms)
        load_warm = os.getloadavg()  # the machine's load while the latencies were measured
        rnd = random.Random(3)
        nodes = ix.keys
        pairs = [(rnd.choice(nodes), rnd.choice(nodes)) for _ in range(30)]
        pairs = [(a, b) for a, b in pairs if a != b]
        queries.run("path", st, source=hub, target=second)  # warm-up: opens the evidence reader
        times, lengths, paths = [], [], []
        for a, b in pairs:
            t = time.perf_counter()
            rows = queries.run("path", st, source=a, target=b)
            times.append((time.perf_counter() - t) * 1000)
            lengths.append(max((r["step"] for r in rows), default=0))
            paths.append(rows)
        t = time.perf_counter()
        queries.run("path", st, source=pairs[0][0], target=pairs[0][1], all=True)
        t_all = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        queries.run("search", st, text=tname.split()[-1].lower()[:6])
        t_search = (time.perf_counter() - t) * 1000
        t_common = median_ms(lambda: queries.run("common", st, names=[hub, second]), 5)[0]
        t_entity = median_ms(lambda: queries.run("entity", st, name=hub), 3)[0]
        t = time.perf_counter()
        queries.run("new", st, since="2024-12-01")
        t_new = time.perf_counter() - t
        t = time.perf_counter()
        queries.run("contested", st)
        t_contested = time.perf_counter() - t
        t_communities = None
        if not args.skip_communities:
            t = time.perf_counter()
            queries.run("communities", st)
            t_communities = time.perf_counter() - t

        # 2. the baseline: the full MultiDiGraph, as every query used before the index
        t = time.perf_counter()
        G = st.graph()
        results.append(
            (
                "baseline: load_graph() (full MultiDiGraph from the index)",
                time.perf_counter() - t,
                None,
                "s",
            )
        )
        if not args.no_pickle:
            with tempfile.TemporaryDirectory() as d:
                snap = pathlib.Path(d) / "graph.pickle"
                with open(snap, "wb") as fh:
                    pickle.dump(G, fh, protocol=pickle.HIGHEST_PROTOCOL)
                t = time.perf_counter()
                gc.disable()
                try:
                    with open(snap, "rb") as fh:
                        pickle.load(fh)
                finally:
                    gc.enable()
                results.append(
                    (
                        f"baseline: unpickling that graph ({snap.stat().st_size / 1e6:.0f} MB; the old cold start)",
                        time.perf_counter() - t,
                        None,
                        "s",
                    )
                )
        for (label, fn, reps, goal, unit), got, new, low, cpu_ms in zip(
            cases, answers, timed, best, cpu
        ):
            if "betweenness" in label and args.no_betweenness_baseline:
                results.append((label, new, goal, unit))
                continue
            if fn(G) != got:
                raise SystemExit(f"{label}: the index and the NetworkX twin disagree")
            ms = median_ms(lambda fn=fn: fn(G), max(1, reps // 4))[0]
            old = ms if unit == "ms" else ms / 1000
            if label.startswith("neighbors hub, one page"):
                label = label.replace(")", f" of {got.total})")
            results.append((label, new, goal, unit))
            if unit == "ms":
                results.append((f"  the median above is of {reps} runs; best run", low, None, unit))
                results.append(("  CPU time of this process per run (median)", cpu_ms, None, unit))
            results.append(
                (
                    f"  baseline (twin on the MultiDiGraph): {old:.3g} {unit}; index/baseline",
                    new / old,
                    None,
                    "×",
                )
            )
        base = []
        for (a, b), rows in zip(pairs, paths):
            t = time.perf_counter()
            if queries.run("path", G, source=a, target=b) != rows:
                raise SystemExit("path: the index and the NetworkX twin disagree")
            base.append((time.perf_counter() - t) * 1000)
        results.append(
            (
                f"path: median of {len(pairs)} random pairs (hops {min(lengths)}–{max(lengths)})",
                statistics.median(times),
                100.0,
                "ms",
            )
        )
        results.append(("path: slowest pair", max(times), 100.0, "ms"))
        results.append(
            (
                f"  baseline (twin on the MultiDiGraph): {statistics.median(base):.3g} ms median;"
                " index/baseline",
                statistics.median(times) / statistics.median(base),
                None,
                "×",
            )
        )
        import networkx as nx

        V = G.to_undirected(as_view=True)
        nxt = []
        for a, b in pairs:
            t = time.perf_counter()
            nx.shortest_path(V, a, b)
            nxt.append((time.perf_counter() - t) * 1000)
        results.append(
            (
                "  baseline: nx.shortest_path on undirected view (median)",
                statistics.median(nxt),
                None,
                "ms",
            )
        )
        results.append(("path --all (first pair, ≤ 25 paths)", t_all, None, "ms"))
        results.append(("search (fuzzy over all names)", t_search, None, "ms"))
        results.append(("common (two biggest hubs)", t_common, None, "ms"))
        results.append(("entity (the biggest hub)", t_entity, None, "ms"))
        results.append(("new --since 2024-12-01 (full scan)", t_new, None, "s"))
        results.append(("contested (full scan)", t_contested, None, "s"))
        if t_communities is not None:
            results.append(("communities (Louvain, seed 42)", t_communities, None, "s"))
        st.close()
    finally:
        if tmp and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        elif tmp:
            print(f"store kept at {path}")

    print()
    if load_warm is not None:
        print(f"load average after the warm latencies: {', '.join(f'{x:.2f}' for x in load_warm)}")
    print(f"load average (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'measure':<88} {'value':>10} {'goal':>8} {'value/goal':>10}")
    for name, value, goal, unit in results:
        ratio = f"{value / goal:.3f}" if goal else ""
        g = f"{goal:g} {unit}" if goal else ""
        print(f"{name:<88} {value:>8.3g} {unit:<2} {g:>7} {ratio:>10}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
