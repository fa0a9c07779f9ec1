"""Tests of :mod:`graphkit.distributed` on a real Dask cluster on 127.0.0.1.

The cluster is what ``dask scheduler`` and ``dask worker`` give a user: one scheduler process
and two worker processes (no nanny, so a killed worker stays dead and its partitions must be
re-run on the other one). The graph built through ``graphkit ingest --cluster`` is compared
with a local run on the same Wikinews articles.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from typer.testing import CliRunner  # noqa: E402

from graphkit.cli import app  # noqa: E402
from graphkit.distributed import (  # noqa: E402
    ClusterError,
    extract_one,
    extract_partition,
    ingest_cluster,
    read_partition,
)
from graphkit.errors import InputError  # noqa: E402
from graphkit.ingest import read_articles  # noqa: E402
from graphkit.model import Article  # noqa: E402
from graphkit.pipeline import ingest as local_ingest  # noqa: E402
from graphkit.store import open_store  # noqa: E402

pytestmark = [pytest.mark.cluster, pytest.mark.slow]

WIKINEWS = Path(__file__).parent / "fixtures" / "ingest" / "wikinews"
DASK = Path(sys.executable).parent / "dask"
ROOT = Path(__file__).resolve().parent.parent


class Cluster:
    """A scheduler and ``n`` worker processes started with the ``dask`` command."""

    def __init__(self, tmp: Path, n_workers: int = 2):
        self.tmp = tmp
        self.file = tmp / "scheduler.json"
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), "DASK_DISTRIBUTED__WORKER__DAEMON": "0"}
        self.procs: list[subprocess.Popen] = []
        self.scheduler = self._start(
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--scheduler-file",
            str(self.file),
        )
        deadline = time.monotonic() + 60
        while not self.file.exists():
            if time.monotonic() > deadline or self.scheduler.poll() is not None:
                raise RuntimeError(f"dask scheduler did not start: {self._log('scheduler')}")
            time.sleep(0.1)
        self.address = json.loads(self.file.read_text())["address"]
        self.workers = [
            self._start(
                "worker",
                self.address,
                "--host",
                "127.0.0.1",
                "--nthreads",
                "1",
                "--no-nanny",
                "--no-dashboard",
                "--memory-limit",
                "0",
                "--local-directory",
                str(tmp / f"worker-{k}"),
                "--name",
                f"w{k}",
                log=f"worker-{k}",
            )
            for k in range(n_workers)
        ]

    def _start(self, *args: str, log: str | None = None) -> subprocess.Popen:
        name = log or args[0]
        fh = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115
        proc = subprocess.Popen(
            [str(DASK), *args], stdout=fh, stderr=subprocess.STDOUT, env=self.env, cwd=self.tmp
        )
        fh.close()
        self.procs.append(proc)
        return proc

    def _log(self, name: str) -> str:
        return (self.tmp / f"{name}.log").read_text(errors="replace")[-2000:]

    def client(self, n_workers: int):
        client = distributed.Client(self.address, timeout=60, set_as_default=False)
        client.wait_for_workers(n_workers, timeout=90)
        return client

    def stop(self) -> None:
        for p in [*self.procs[1:], self.procs[0]]:  # workers first, while the scheduler lives
            if p.poll() is None:
                p.terminate()
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


@contextlib.contextmanager
def cluster(tmp: Path, n_workers: int = 2) -> Iterator[Cluster]:
    c = Cluster(tmp, n_workers)
    try:
        yield c
    finally:
        c.stop()


def graph_of(store) -> dict:
    """Entities, edges and evidence of a store, in a form that compares exactly."""
    evidence = sorted(
        json.dumps({k: v for k, v in r.items()}, sort_keys=True, default=str)
        for r in store.evidence_rows()
    )
    return {
        "entities": store.entities(),
        "edges": sorted(json.dumps(e, sort_keys=True, default=str) for e in store.edges()),
        "evidence": evidence,
        "articles": [{k: v for k, v in a.items() if k != "ingested_at"} for a in store.articles()],
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "wikinews"
    shutil.copytree(WIKINEWS, folder)
    return folder


@pytest.fixture(scope="module")
def local_graph(nlp, corpus, tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("local") / "store"
    with open_store(str(path)) as st:
        report = local_ingest([str(corpus)], st, nlp=nlp)
        assert report.loaded == 16 and not report.failures, report.to_dict()
        return graph_of(st)


def test_cluster_ingest_gives_the_local_graph(tmp_path, corpus, local_graph) -> None:
    out = tmp_path / "out"
    store = tmp_path / "store"
    with cluster(tmp_path) as c:
        c.client(2).close()
        result = CliRunner().invoke(
            app,
            [
                "ingest",
                str(corpus),
                "--cluster",
                c.address,
                "--out",
                str(out),
                "--store",
                str(store),
                "--batch-size",
                "3",
                "-q",
            ],
        )
    assert result.exit_code == 0, result.output
    assert "ingested 16 article(s)" in result.output
    with open_store(str(store), create=False) as st:
        got = graph_of(st)
    assert got == local_graph
    assert len(got["edges"]) > 10
    parts = sorted(p.name for p in out.glob("part-*.jsonl"))
    assert parts == [f"part-{i:05d}.jsonl" for i in range(6)]  # 16 articles, 3 per partition
    n_lines = sum(len(p.read_text().splitlines()) for p in out.glob("part-*.jsonl"))
    assert n_lines == len(local_graph["evidence"])
    manifest = json.loads((out / "manifest.json").read_text())
    assert (manifest["loaded"], manifest["partitions"], manifest["failed"]) == (16, 6, 0)
    assert (out / "failures.jsonl").read_text() == ""
    assert not list(out.glob(".*.tmp"))


def test_killed_worker_partitions_rerun_elsewhere(tmp_path, corpus, local_graph) -> None:
    out = tmp_path / "out"
    killed: list[int] = []
    with cluster(tmp_path) as c:
        client = c.client(2)
        victim = c.workers[0]

        def progress(event: str, n: int = 1) -> None:
            # once the first partition is loaded, both workers hold partitions: kill one
            if event == "loaded" and not killed:
                victim.send_signal(signal.SIGKILL)
                victim.wait(timeout=10)
                killed.append(victim.pid)

        try:
            with open_store(str(tmp_path / "store")) as st:
                report = ingest_cluster(
                    [str(corpus)],
                    st,
                    scheduler=client,
                    out=str(out),
                    partition_size=2,
                    max_in_flight=4,
                    progress=progress,
                )
                got = graph_of(st)
            alive = len(client.scheduler_info()["workers"])
        finally:
            client.close()
    assert killed and victim.returncode == -signal.SIGKILL
    assert alive == 1
    assert (report.read, report.loaded, report.failed) == (16, 16, 0), report.to_dict()
    assert got == local_graph
    assert len(list(out.glob("part-*.jsonl"))) == 8


def test_unreachable_scheduler_is_a_clear_error(tmp_path, corpus) -> None:
    import dask

    args = ["ingest", str(corpus), "--cluster", "tcp://127.0.0.1:9", "--out", str(tmp_path / "o")]
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        result = CliRunner().invoke(app, [*args, "--store", str(tmp_path / "store"), "-q"])
    assert result.exit_code == ClusterError.exit_code, result.output
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
    assert "Traceback" not in result.output


def test_out_without_cluster_is_refused(tmp_path, corpus) -> None:
    result = CliRunner().invoke(
        app, ["ingest", str(corpus), "--out", str(tmp_path), "--store", str(tmp_path / "s")]
    )
    assert result.exit_code == InputError.exit_code
    assert "--out" in result.output and "--cluster" in result.output


# --------------------------------------------------------------------------- article faults


class CrashOn:
    """Extraction that raises on one named article (the article that crashes extraction)."""

    def __init__(self, bad: str, *, times: int = 99):
        self.bad, self.times, self.calls = bad, times, 0

    def __call__(self, nlp, article: Article):
        from graphkit.extract import extract_article

        if article.path == self.bad and self.calls < self.times:
            self.calls += 1
            raise ValueError(f"cannot parse {article.path}")
        return extract_article(nlp, article)


@pytest.mark.parametrize(
    ("times", "failed", "calls"),
    [
        (1, False, 1),  # fails once, the retry succeeds
        (99, True, 2),  # fails twice: reported by name, tried exactly twice
    ],
)
def test_extract_one_retries_once_then_reports(nlp, times, failed, calls) -> None:
    art = Article("Vladimir Putin met Donald Trump in Helsinki.", path="bad.txt")
    crash = CrashOn("bad.txt", times=times)
    triples, reason = extract_one(nlp, art, extract=crash)
    assert crash.calls == calls
    if failed:
        assert triples is None and reason == "ValueError: cannot parse bad.txt"
    else:
        assert reason is None and [(t.subject, t.object) for t in triples] == [
            ("Vladimir Putin", "Donald Trump")
        ]


def test_partition_reports_crashing_article_by_name(nlp, tmp_path, corpus) -> None:
    arts = [a for a in read_articles([str(corpus)]) if isinstance(a, Article)][:3]
    bad = arts[1].path
    summary = extract_partition(
        7, arts, str(tmp_path), plugin="-", run_id="r", nlp=nlp, extract=CrashOn(bad)
    )
    assert summary["failures"] == [
        {"doc_id": arts[1].doc_id, "source": bad, "reason": f"ValueError: cannot parse {bad}"}
    ]
    assert summary["articles"] == 3
    import fsspec

    by_doc = read_partition(fsspec.filesystem("file"), summary["file"])
    assert Path(summary["file"]).name == "part-00007.jsonl"
    assert arts[1].doc_id not in by_doc
    assert sum(map(len, by_doc.values())) == summary["triples"] > 0
    done = json.loads((tmp_path / "part-00007.done.json").read_text())
    assert done["failures"] == summary["failures"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
