"""Neo4j bulk first load (offline importer) vs the online loaders, on the same synthetic triples.

    python benchmarks/neo4j_bulk.py [--sizes 20000,200000] [--online-triples 20000]
                                    [--naive 1000] [--warmup 2] [--import-heap 1g]
                                    [--import-off-heap 1g] [--keep DIR]

The bulk path of a first load, stage by stage, on the synthetic triples of
``benchmarks/neo4j_load.py`` (same generator, same seed), at each of ``--sizes``:

1. **store**: ``EmbeddedStore.load`` of the articles into graphkit's default SQLite store, in
   batches of ``--store-batch`` articles (where names are resolved, as ``graphkit ingest`` does;
   generating the synthetic records between the batches is not counted);
2. **export**: ``graphkit export neo4j-import`` (:func:`write_neo4j_import`) writes the CSVs;
3. **import**: ``neo4j-admin database import full`` into a fresh home (JVM start included; the
   importer's own "IMPORT DONE in" figure is printed too, with its phases);
4. **server + finish**: the Neo4j server started on the imported store with the production-like
   settings of ``neo4j_load.py`` (:data:`PRODUCTION_JVM`), then ``graphkit neo4j-finish-import``
   (:func:`finish_neo4j_import`: empty lists, constraints, indexes, schema version);
5. **check**: the imported graph's counts (articles, entities by type, typed links by relation,
   evidence) equal the store's, and, at the size the online loader ran, the online graph's.

Each stage prints wall and CPU seconds (this process; the importer's JVM; the server's JVM from
``/proc``) and rel/s (triples with their evidence per second). Then end-to-end rel/s of stages
1–4, and of stages 2–4 (when the store exists already, as after ``graphkit ingest``), with the
ratio against the batched online loader (``Neo4jStore.load``, 500 articles/tx) and the naive
one-transaction-per-triple loader, both measured first in this same process on
``--online-triples`` triples (``neo4j_load.measure_online``: a production-like server warmed up
by ``--warmup`` full loads; the naive rate on the first ``--naive`` triples). The online figures
are for ``--online-triples``; ratios at other sizes compare against that rate (the online loader
gets no faster on a bigger graph).

Only one heavy thing runs at a time: the online server is stopped before the bulk stages, and
each imported server is stopped before the next size. ``--keep DIR`` keeps the stores, CSVs and
homes under DIR (default: a temporary directory, removed at the end).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.neo4j_load import (  # noqa: E402
    PRODUCTION_JVM,
    iter_synthetic,
    measure_online,
    server_cpu,
    synthetic,
)
from graphkit.export.neo4j_import import (  # noqa: E402
    finish_neo4j_import,
    import_arguments,
    write_neo4j_import,
)
from graphkit.store.embedded import EmbeddedStore  # noqa: E402

AUTH = ("neo4j", "bench-pass-1234")
#: the counts that must agree between the store, the imported graph and the online graph
COUNTS = ("articles", "entities", "entities_by_type", "edges", "edges_by_relation", "evidence")


@dataclass
class Stage:
    """One timed stage: wall seconds and CPU seconds (by whom)."""

    name: str
    wall: float
    cpu: dict[str, float]
    note: str = ""

    def line(self, n: int) -> str:
        cpu = " + ".join(f"{who} {s:.1f}" for who, s in self.cpu.items())
        return (
            f"  {self.name:<22s} {self.wall:8.2f} s wall  {sum(self.cpu.values()):7.1f} CPU-s"
            f" ({cpu})  {n / self.wall:>10,.0f} rel/s" + (f"  {self.note}" if self.note else "")
        )


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def stage_store(path: Path, n_triples: int, batch: int = 5000) -> tuple[Stage, int]:
    """Load ``n_triples`` synthetic triples into a new embedded store at ``path``.

    Only opening the store and its ``load()`` calls are timed: the records are generated lazily
    between the calls (the online baseline gets them ready-made too); that time is in the note.
    """
    wall = cpu = 0.0
    loaded = 0
    t_all = time.perf_counter()

    def load(st: EmbeddedStore, buf: list) -> int:
        nonlocal wall, cpu
        t0, c0 = time.perf_counter(), time.process_time()
        n = st.load(buf).triples
        wall, cpu = wall + time.perf_counter() - t0, cpu + time.process_time() - c0
        return n

    t0, c0 = time.perf_counter(), time.process_time()
    with EmbeddedStore(path, keep_text=False) as st:
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        buf = []
        for rec in iter_synthetic(n_triples):
            buf.append(rec)
            if len(buf) >= batch:
                loaded += load(st, buf)
                buf = []
        if buf:
            loaded += load(st, buf)
    note = f"(+ {time.perf_counter() - t_all - wall:.1f} s generating the records, not counted)"
    return Stage("1 store load (SQLite)", wall, {"client": cpu}, note), loaded


def stage_export(store_path: Path, out: Path) -> tuple[Stage, list[Path]]:
    """``graphkit export neo4j-import --store store_path -o out``."""
    t0, c0 = time.perf_counter(), time.process_time()
    with EmbeddedStore(store_path, create=False) as st:
        paths = write_neo4j_import(st, out)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    size = sum(p.stat().st_size for p in paths)
    return Stage("2 export CSV", wall, {"client": cpu}, f"{size / 2**20:,.0f} MiB"), paths


def _duration(text: str) -> float:
    """Seconds of an importer duration such as ``1m 2s 345ms`` or ``3s 77ms``."""
    units = {"h": 3600, "m": 60, "s": 1, "ms": 0.001}
    return sum(float(v) * units[u] for v, u in re.findall(r"(\d+(?:\.\d+)?)(ms|h|m|s)\b", text))


def importer_phases(stdout: str) -> tuple[float | None, list[tuple[str, float]]]:
    """The importer's own total (``IMPORT DONE in …``) and its phases (``… COMPLETED in …``)."""
    total = None
    phases: list[tuple[str, float]] = []
    for line in stdout.splitlines():
        line = line.strip()
        if m := re.match(r"(.+) COMPLETED in (.+)$", line):
            phases.append((m.group(1), _duration(m.group(2))))
        elif line.startswith("IMPORT DONE in"):
            total = _duration(line.split(" in ", 1)[1].split(". ", 1)[0])
    return total, phases


def stage_import(
    home: Path, paths: list[Path], *, heap: str, off_heap: str, threads: int = 2
) -> tuple[Stage, str]:
    """``neo4j-admin database import full neo4j …`` into ``home`` (a new JVM)."""
    from tests.neo4j_server import neo4j_admin

    args = [*import_arguments(paths), f"--threads={threads}", f"--max-off-heap-memory={off_heap}"]
    t0, c0 = time.perf_counter(), _children_cpu()
    out = neo4j_admin(home, args, heap=heap, timeout=7200)
    wall, cpu = time.perf_counter() - t0, _children_cpu() - c0
    if "IMPORT DONE" not in out.stdout:
        raise RuntimeError(f"the importer did not finish:\n{out.stdout[-3000:]}")
    total, phases = importer_phases(out.stdout)
    note = ""
    if total is not None:
        note = f"importer's own figure {total:.2f} s; JVM start etc. {wall - total:.2f} s"
    stage = Stage("3 neo4j-admin import", wall, {"importer JVM": cpu}, note)
    stage.phases = phases  # type: ignore[attr-defined]
    stage.importer_total = total  # type: ignore[attr-defined]
    return stage, out.stdout


def stage_server(home: Path, tmp: Path, out: Path):
    """Start the production-like server on the imported ``home``; run finish-import.

    Returns (start stage, finish stage, handle, Neo4jStore) — the caller stops both.
    """
    from graphkit.store.neo4j import Neo4jStore
    from tests.neo4j_server import start_server

    t0 = time.perf_counter()
    handle = start_server(tmp, home=home, auth=AUTH, jvm_opts=PRODUCTION_JVM)
    start = Stage("4a server start", time.perf_counter() - t0, {"server": server_cpu(handle) or 0})
    store = Neo4jStore(handle.uri, user=AUTH[0], password=AUTH[1])
    t0, c0, s0 = time.perf_counter(), time.process_time(), server_cpu(handle) or 0
    n = finish_neo4j_import(store, out)
    finish = Stage(
        "4b finish-import",
        time.perf_counter() - t0,
        {"client": time.process_time() - c0, "server": (server_cpu(handle) or 0) - s0},
        f"{n} statements",
    )
    return start, finish, handle, store


def counts(stats: dict) -> dict:
    return {k: stats[k] for k in COUNTS}


def compare(name: str, a: dict, b: dict) -> list[str]:
    """Lines describing where the counts ``a`` and ``b`` differ (empty: equal)."""
    return [f"{name}: {k} {a[k]!r} != {b[k]!r}" for k in COUNTS if a[k] != b[k]]


def run_size(n_triples: int, root: Path, args, online: dict | None) -> dict:
    """Stages 1–5 at one size; returns the stages and the check's verdict."""
    root.mkdir(parents=True, exist_ok=True)
    store_path, csv_dir, home = root / "store", root / "csv", root / "imported-home"
    print(f"\n== {n_triples:,} triples; load average {_load()}", flush=True)
    s1, loaded = stage_store(store_path, n_triples, args.store_batch)
    print(s1.line(loaded), flush=True)
    with EmbeddedStore(store_path, create=False) as st:
        store_counts = counts(st.stats())
    s2, paths = stage_export(store_path, csv_dir)
    print(s2.line(loaded), flush=True)
    s3, stdout = stage_import(home, paths, heap=args.import_heap, off_heap=args.import_off_heap)
    print(s3.line(loaded), flush=True)
    for phase, secs in s3.phases:  # type: ignore[attr-defined]
        print(f"      importer {phase}: {secs:.2f} s")
    if args.verbose:
        print(stdout)
    s4a, s4b, handle, store = stage_server(home, root / "server", csv_dir)
    try:
        print(s4a.line(loaded), flush=True)
        print(s4b.line(loaded), flush=True)
        t0 = time.perf_counter()
        imported = counts(store.stats())
        problems = compare("imported vs store", imported, store_counts)
        if online is not None and online["n_rows"] == loaded:
            problems += compare("imported vs online", imported, counts(online["stats"]))
        check = time.perf_counter() - t0
    finally:
        store.close()
        handle.stop()
    stages = [s1, s2, s3, s4a, s4b]
    verdict = "; ".join(problems) or (
        "same counts as the store"
        + (" and the online load" if online is not None and online["n_rows"] == loaded else "")
        + f": {imported['articles']:,} articles, {imported['entities']:,} entities,"
        f" {imported['edges']:,} typed links, {imported['evidence']:,} evidence"
    )
    print(f"  5 check ({check:.1f} s): {verdict}", flush=True)
    return {"n": loaded, "stages": stages, "ok": not problems, "load": _load()}


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run_online(args) -> dict:
    """The batched and naive online loaders on ``--online-triples``, on a fresh production-like
    server that is stopped afterwards."""
    from graphkit.store.neo4j import Neo4jStore
    from tests.neo4j_server import start_server

    server_dir = tempfile.mkdtemp(prefix="gk-neo4j-bulk-online-")
    handle = start_server(server_dir, auth=AUTH, jvm_opts=PRODUCTION_JVM)
    try:
        store = Neo4jStore(handle.uri, user=AUTH[0], password=AUTH[1], batch_size=500)
        try:
            return measure_online(
                store, synthetic(args.online_triples), handle, warmup=args.warmup, naive=args.naive
            )
        finally:
            store.close()
    finally:
        handle.stop()
        shutil.rmtree(server_dir, ignore_errors=True)  # the server's database files


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--sizes",
        default="20000,200000",
        type=lambda s: [int(x) for x in s.split(",") if x],
        help="triples per bulk run, comma-separated",
    )
    ap.add_argument("--online-triples", type=int, default=20000, help="0: skip the online loaders")
    ap.add_argument("--naive", type=int, default=1000, help="triples for the naive loader")
    ap.add_argument("--warmup", type=int, default=2, help="full online loads before the measured")
    ap.add_argument("--store-batch", type=int, default=5000, help="articles per store load()")
    ap.add_argument("--import-heap", default="1g", help="the importer's -Xmx")
    ap.add_argument("--import-off-heap", default="1g", help="--max-off-heap-memory")
    ap.add_argument("--keep", type=Path, help="keep stores, CSVs and homes under this directory")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the importer's output")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    try:
        from neo4j._codec.packstream.v1 import _rust_pack

        codec = "Rust extension" if _rust_pack is not None else "pure Python"
    except ImportError:
        codec = "pure Python"
    print(f"load average before: {_load()}; driver codec: {codec};"
          f" server: {' '.join(PRODUCTION_JVM)}; importer: -Xmx{args.import_heap},"
          f" --max-off-heap-memory={args.import_off_heap}, --threads=2")  # fmt: skip

    online = None
    if args.online_triples:
        online = run_online(args)
        batched = online["n_rows"] / online["batched_s"]
        naive = online["n_naive"] / online["naive_s"]
        print(f"online, {online['n_rows']:,} triples: batched loader {online['batched_s']:.2f} s"
              f" = {batched:,.0f} rel/s (client {online['batched_cpu'][0]:.1f} + server"
              f" {online['batched_cpu'][1]:.1f} CPU-s); naive {naive:,.0f} rel/s (first"
              f" {online['n_naive']} triples); load average {_load()}", flush=True)  # fmt: skip

    root = args.keep or Path(tempfile.mkdtemp(prefix="gk-neo4j-bulk-"))
    results = []
    try:
        for n in args.sizes:
            results.append(run_size(n, root / f"t{n}", args, online))
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)

    print("\nbulk path, end to end (wall):")
    for r in results:
        n, st = r["n"], r["stages"]
        total, from_store = sum(s.wall for s in st), sum(s.wall for s in st[1:])
        cpu = sum(sum(s.cpu.values()) for s in st)
        line = (
            f"  {n:>9,} triples: stages 1-4 {total:7.1f} s = {n / total:8,.0f} rel/s"
            f" ({cpu:.0f} CPU-s); from an existing store (2-4) {from_store:6.1f} s"
            f" = {n / from_store:8,.0f} rel/s"
        )
        if online is not None:
            batched = online["n_rows"] / online["batched_s"]
            naive = online["n_naive"] / online["naive_s"]
            line += (
                f"; vs batched online {n / total / batched:.1f}x ({n / from_store / batched:.1f}x),"
                f" vs naive {n / total / naive:.0f}x ({n / from_store / naive:.0f}x)"
            )
        print(line + ("" if r["ok"] else "  COUNTS DIFFER"))
    print(f"load average after: {_load()}")
    if not all(r["ok"] for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
