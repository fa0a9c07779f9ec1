"""Benchmark of extraction on a Dask cluster (graphkit.distributed) and a 10M-article capacity model.

On the same ~400 articles (the Wikinews fixtures and the samples, repeated with a numbered
first line so every copy is a new article) it measures, in one process:

* the baseline: local ``nlp.pipe`` extraction (:func:`graphkit.extract.extract_articles`, one
  process), articles/s and CPU-seconds per article;
* :func:`graphkit.distributed.ingest_cluster` end to end (read → workers → partitioned JSONL →
  load into an embedded store) on a real cluster of ``dask scheduler`` + 1, then 2,
  ``dask worker`` processes (one thread each) on 127.0.0.1, started here; articles/s, the ratio
  to the baseline, the workers' CPU-seconds per article and each worker's resident memory;

then prints a capacity model for 10 million articles: worker-hours from the measured
CPU-seconds per article, workers needed for a target wall time, memory per worker, and the
Neo4j write rate from ``benchmarks/results/neo4j_load.json`` if the Neo4j benchmark wrote it.

Run: ``python benchmarks/scale.py [--articles 400] [--partition 16] [--target-hours 24]``.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphkit.config import Settings  # noqa: E402
from graphkit.model import Article  # noqa: E402

DASK = pathlib.Path(sys.executable).parent / "dask"
SOURCES = [ROOT / "tests" / "fixtures" / "ingest" / "wikinews", ROOT / "data" / "samples"]
NEO4J_RESULTS = ROOT / "benchmarks" / "results" / "neo4j_load.json"


def corpus(n: int, folder: pathlib.Path) -> tuple[pathlib.Path, list[Article]]:
    """``n`` articles as one JSONL file (and as Articles for the baseline)."""
    texts = sorted({p.read_text(encoding="utf-8") for src in SOURCES for p in src.rglob("*.txt")})
    arts = []
    path = folder / "corpus.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            text = f"Copy {i}.\n\n{texts[i % len(texts)]}"
            fh.write(json.dumps({"text": text, "title": f"article {i}"}) + "\n")
            arts.append(Article(text, title=f"article {i}"))
    return path, arts


def baseline(arts: list[Article]) -> dict:
    from graphkit.extract import extract_articles
    from graphkit.nlp import load_pipeline

    nlp = load_pipeline(Settings())
    t0, c0 = time.perf_counter(), time.process_time()
    n = sum(1 for _ in extract_articles(nlp, arts))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"articles": n, "seconds": wall, "rate": n / wall, "cpu_per_article": cpu / n}


class Cluster:
    """``dask scheduler`` and ``n`` ``dask worker`` processes (one thread each) on 127.0.0.1."""

    def __init__(self, tmp: pathlib.Path, n: int):
        self.procs = []
        sched_file = tmp / "scheduler.json"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        common = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
        self.procs.append(
            subprocess.Popen(
                [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
                + ["--scheduler-file", str(sched_file)],
                **common,
            )
        )
        while not sched_file.exists():
            time.sleep(0.1)
        self.address = json.loads(sched_file.read_text())["address"]
        for k in range(n):
            self.procs.append(
                subprocess.Popen(
                    [str(DASK), "worker", self.address, "--host", "127.0.0.1", "--nthreads", "1"]
                    + ["--no-nanny", "--no-dashboard", "--memory-limit", "0"]
                    + ["--local-directory", str(tmp / f"w{k}")],
                    **common,
                )
            )

    def stop(self) -> None:
        for p in [*self.procs[1:], self.procs[0]]:  # workers first, while the scheduler lives
            p.terminate()
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def _worker_stats() -> dict:
    import psutil

    p = psutil.Process()
    t = p.cpu_times()
    return {"rss": p.memory_info().rss, "cpu": t.user + t.system}


def on_cluster(n_workers: int, path: pathlib.Path, tmp: pathlib.Path, partition: int) -> dict:
    import distributed

    from graphkit.distributed import PipelinePlugin, ingest_cluster
    from graphkit.store import open_store

    c = Cluster(tmp, n_workers)
    try:
        client = distributed.Client(c.address, timeout=60, set_as_default=False)
        client.wait_for_workers(n_workers, timeout=120)
        t0 = time.perf_counter()
        plugin = PipelinePlugin(Settings())
        client.register_plugin(plugin, name=plugin.name)  # spaCy loads once per worker
        load_s = time.perf_counter() - t0
        before = client.run(_worker_stats)
        t0 = time.perf_counter()
        with open_store(str(tmp / "store")) as st:
            report = ingest_cluster(
                [str(path)], st, scheduler=client, out=str(tmp / "out"), partition_size=partition
            )
        wall = time.perf_counter() - t0
        after = client.run(_worker_stats)
        client.close()
    finally:
        c.stop()
    cpu = sum(after[w]["cpu"] - before[w]["cpu"] for w in after)
    return {
        "workers": n_workers,
        "articles": report.loaded,
        "failed": report.failed,
        "triples": report.triples,
        "seconds": wall,
        "rate": report.loaded / wall,
        "cpu_per_article": cpu / max(1, report.loaded),
        "rss_mb": [round(a["rss"] / 2**20) for a in after.values()],
        "pipeline_load_s": load_s,
    }


def capacity(cpu_per_article: float, rss_mb: float, target_hours: float) -> str:
    n = 10_000_000
    cpu_hours = n * cpu_per_article / 3600
    workers = cpu_hours / target_hours
    neo4j = "see the Neo4j benchmark (benchmarks/neo4j_load.py)"
    if NEO4J_RESULTS.exists():
        try:
            data = json.loads(NEO4J_RESULTS.read_text())
            rate = float(data["triples_per_second"])
            neo4j = (
                f"{rate:,.0f} triples/s measured by benchmarks/neo4j_load.py → "
                f"{n * data.get('triples_per_article', 5) / rate / 3600:,.1f} h to write "
                f"10M articles' triples"
            )
        except (KeyError, ValueError, TypeError):
            pass
    return "\n".join(
        [
            "capacity model, 10,000,000 articles (this corpus' article length):",
            f"  extraction: {cpu_per_article:.3f} CPU-s/article × 10M = {cpu_hours:,.0f} "
            f"worker-hours (one single-threaded worker = one core)",
            f"  target {target_hours:g} h wall → {workers:,.0f} workers "
            f"(≈ {workers / 8:,.0f} machines of 8 cores); 100 workers → "
            f"{cpu_hours / 100:,.1f} h",
            f"  memory: {rss_mb:,.0f} MB resident per worker (spaCy pipeline + Dask) → "
            f"{rss_mb * 8 / 1024:.1f} GiB for 8 workers on a machine",
            "  the client streams articles and loads each partition as it completes; "
            "its store writes are the serial stage:",
            f"  store writes: {neo4j}",
        ]
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--partition", type=int, default=16, help="articles per partition")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--target-hours", type=float, default=24.0)
    args = ap.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as d:
        tmp = pathlib.Path(d)
        path, arts = corpus(args.articles, tmp)
        chars = sum(len(a.text) for a in arts) / len(arts)
        print(f"{len(arts)} articles, {chars:,.0f} characters on average")
        base = baseline(arts)
        print(
            f"local nlp.pipe (1 process): {base['rate']:.2f} articles/s, "
            f"{base['cpu_per_article']:.3f} CPU-s/article  [baseline 1.00×]"
        )
        results = []
        for n in args.workers:
            sub = tmp / f"dask{n}"
            sub.mkdir()
            r = on_cluster(n, path, sub, args.partition)
            results.append(r)
            print(
                f"dask, {n} worker(s): {r['rate']:.2f} articles/s end to end "
                f"({r['rate'] / base['rate']:.2f}× baseline), "
                f"{r['cpu_per_article']:.3f} worker CPU-s/article, "
                f"RSS per worker {r['rss_mb']} MB, pipeline load {r['pipeline_load_s']:.1f} s, "
                f"{r['failed']} failed"
            )
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    cpu = max(r["cpu_per_article"] for r in results)
    rss = max(max(r["rss_mb"]) for r in results)
    print(capacity(cpu, rss, args.target_hours))


if __name__ == "__main__":
    main()
