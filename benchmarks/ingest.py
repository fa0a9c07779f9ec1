"""Benchmark of batch ingestion (``graphkit ingest``), end to end and against bare spaCy.

The corpus is generated deterministically (``--seed``): each article is a headline and 6–12
sentences drawn from the Wikinews articles in ``../shared/corpus/wikinews`` (CC BY 2.5),
written as one ``.txt`` file per article in folders of 500. Recombined sentences keep the
real names, so entities recur across articles the way they do in a news feed.

It measures:

* **end to end**: ``python -m graphkit ingest DIR --store S --quiet --workers N`` in a
  subprocess, for 1 and 2 workers on the first corpus size: wall time, articles/s (model
  loading included), and the peak RSS of the whole process tree (parent + workers, sampled
  with psutil every 0.2 s);
* **memory growth**: the same command on the larger corpus sizes (``--sizes``): peak RSS and
  articles/s should stay flat if nothing is materialised;
* **overhead**: in this process, over the same texts already in memory, the time of
  graphkit's extract + resolve (``extract_articles`` → ``DocRecord`` → ``EmbeddedStore.load``
  in batches of 32) divided by the time of bare ``nlp.pipe`` of the spaCy model without
  graphkit's components (the baseline), and the share of each stage.

Goals (issue 7): overhead ratio ≤ 1.15, 2 workers ≥ 1.6× one, RSS flat from 2,000 to 20,000
articles. ``--quick`` runs 2,000 and 8,000 articles instead of 2,000 and 20,000.

Run: ``python benchmarks/ingest.py [--sizes 2000 20000] [--quick] [--ratio-articles 400]``.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import random
import re
import subprocess
import sys
import tempfile
import time

import psutil

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPUS = pathlib.Path(os.environ.get("GRAPHKIT_WIKINEWS", ROOT.parent / "shared/corpus/wikinews"))
if not CORPUS.is_dir():
    CORPUS = ROOT / "tests" / "fixtures" / "ingest" / "wikinews"
PER_FOLDER = 500
_SENT = re.compile(r"(?<=[.!?\"\u201d])\s+(?=[A-Z\"\u201c])")


def sentence_pool(corpus: pathlib.Path = CORPUS) -> list[str]:
    """Sentences of the Wikinews articles (headlines and datelines left out), in file order."""
    pool: list[str] = []
    for path in sorted(corpus.glob("*.txt")):
        paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n")]
        for para in paragraphs[2:]:  # 0: headline, 1: dateline
            for s in _SENT.split(" ".join(para.split())):
                if 40 <= len(s) <= 400:
                    pool.append(s)
    return pool


def generate(folder: pathlib.Path, n: int, *, seed: int = 7) -> int:
    """Write ``n`` articles under ``folder``; return the number of characters written."""
    rng = random.Random(seed)
    pool = sentence_pool()
    chars = 0
    for i in range(n):
        sub = folder / f"part-{i // PER_FOLDER:03d}"
        if i % PER_FOLDER == 0:
            sub.mkdir(parents=True, exist_ok=True)
        sents = rng.sample(pool, rng.randint(6, 12))
        paras = [" ".join(sents[j : j + 3]) for j in range(0, len(sents), 3)]
        text = f"Generated article {i}\n\n" + "\n\n".join(paras) + "\n"
        (sub / f"article-{i:05d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


def run_ingest(folder: pathlib.Path, store: pathlib.Path, workers: int) -> dict:
    """Run the CLI on ``folder``; wall time and peak RSS of the process tree."""
    cmd = [sys.executable, "-m", "graphkit", "ingest", str(folder), "--store", str(store)]
    cmd += ["--quiet", "--workers", str(workers), "--batch-size", "32"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, cwd=str(ROOT))
    ps = psutil.Process(proc.pid)
    peak_tree = peak_parent = 0
    while proc.poll() is None:
        try:
            procs = [ps, *ps.children(recursive=True)]
            rss = {p.pid: p.memory_info().rss for p in procs}
        except psutil.Error:
            rss = {}
        peak_tree = max(peak_tree, sum(rss.values()))
        peak_parent = max(peak_parent, rss.get(proc.pid, 0))
        time.sleep(0.2)
    wall = time.perf_counter() - t0
    err = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed ({proc.returncode}): {err}")
    m = re.search(r"ingested (\d+) article", err)
    return {
        "loaded": int(m.group(1)) if m else -1,
        "wall": wall,
        "peak_tree_mb": peak_tree / 2**20,
        "peak_parent_mb": peak_parent / 2**20,
        "summary": err.strip().splitlines()[0] if err.strip() else "",
    }


def overhead(folder: pathlib.Path, n: int) -> dict:
    """Extract + resolve vs bare ``nlp.pipe`` over the same in-memory texts (this process)."""
    import spacy

    from graphkit.config import Settings
    from graphkit.extract import extract_articles
    from graphkit.ingest import read_articles
    from graphkit.nlp import load_pipeline
    from graphkit.store.base import DocRecord, iter_batches
    from graphkit.store.embedded import EmbeddedStore

    arts = []
    for a in read_articles([str(folder)]):
        if hasattr(a, "doc_id"):
            arts.append(a)
        if len(arts) >= n:
            break
    texts = [a.text for a in arts]
    settings = Settings()
    bare = spacy.load(settings.model)
    nlp = load_pipeline(settings)
    for p in (bare, nlp):  # warm up
        list(p.pipe(texts[:8]))

    t0 = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=16):
        pass
    t_bare = time.perf_counter() - t0

    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    t_pipe = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(pathlib.Path(tmp) / "store")
        t_extract = t_build = t_load = 0.0
        t0 = time.perf_counter()
        stream = extract_articles(nlp, arts, batch_size=16)
        while True:
            a = time.perf_counter()
            batch = []
            for pair in stream:
                batch.append(pair)
                if len(batch) >= 32:
                    break
            b = time.perf_counter()
            t_extract += b - a
            if not batch:
                break
            records = [DocRecord.build(x, ts) for x, ts in batch]
            c = time.perf_counter()
            t_build += c - b
            store.load(records)
            t_load += time.perf_counter() - c
        t_total = time.perf_counter() - t0
        store.close()
    del iter_batches
    return {
        "n": len(arts),
        "bare": t_bare,
        "pipe": t_pipe,
        "extract": t_extract,
        "build": t_build,
        "load": t_load,
        "total": t_total,
    }


def main(argv: list[str] | None = None) -> int:
    """Generate the corpora, run the measurements and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=None)
    parser.add_argument("--quick", action="store_true", help="2,000 and 8,000 articles")
    parser.add_argument("--ratio-articles", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-ratio", action="store_true")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    sizes = args.sizes or ([2000, 8000] if args.quick else [2000, 20000])
    print(f"cpus: {os.cpu_count()}  load average at start: {os.getloadavg()}", flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="gk-bench-") as tmp:
        tmpd = pathlib.Path(tmp)
        corpora = {}
        for n in sizes:
            folder = tmpd / f"corpus-{n}"
            chars = generate(folder, n, seed=args.seed)
            corpora[n] = folder
            print(f"generated {n} articles, {chars / n:.0f} characters each on average", flush=True)
        first = sizes[0]
        for w in args.workers:
            r = run_ingest(corpora[first], tmpd / f"store-{first}-{w}", w)
            rows.append((first, w, r))
            print(f"  {first} articles, {w} worker(s): {r['summary']}", flush=True)
        for n in sizes[1:]:
            w = max(args.workers)
            r = run_ingest(corpora[n], tmpd / f"store-{n}-{w}", w)
            rows.append((n, w, r))
            print(f"  {n} articles, {w} worker(s): {r['summary']}", flush=True)
        ov = None if args.skip_ratio else overhead(corpora[first], args.ratio_articles)
    print()
    print("end to end (python -m graphkit ingest DIR --quiet; model loading included)")
    print(f"{'articles':>9} {'workers':>7} {'wall s':>8} {'art/s':>7} {'× 1 worker':>10} "
          f"{'peak RSS tree MB':>16} {'parent MB':>9}")  # fmt: skip
    base = {n: r["loaded"] / r["wall"] for n, w, r in rows if w == 1}
    for n, w, r in rows:
        rate = r["loaded"] / r["wall"]
        speed = f"{rate / base[n]:.2f}" if n in base else "-"
        print(f"{n:>9} {w:>7} {r['wall']:>8.1f} {rate:>7.2f} {speed:>10} "
              f"{r['peak_tree_mb']:>16.0f} {r['peak_parent_mb']:>9.0f}")  # fmt: skip
    if ov:
        print()
        print(f"overhead over {ov['n']} in-memory articles (this process, 1 core)")
        print(f"  bare spaCy nlp.pipe (baseline)     {ov['bare']:8.2f} s  1.00")
        print(
            f"  graphkit pipeline nlp.pipe         {ov['pipe']:8.2f} s  {ov['pipe'] / ov['bare']:.2f}"
        )
        print(
            f"  extract (pipe + triples)           {ov['extract']:8.2f} s  "
            f"{ov['extract'] / ov['bare']:.2f}"
        )
        print(f"  + DocRecord.build                  {ov['build']:8.2f} s")
        print(f"  + store.load (resolve, SQLite)     {ov['load']:8.2f} s")
        print(f"  extract + resolve total            {ov['total']:8.2f} s  "
              f"{ov['total'] / ov['bare']:.2f}  (goal ≤ 1.15)")  # fmt: skip
    print(f"\nload average at end: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
