"""Extraction on a Dask cluster: ``graphkit ingest PATH... --cluster tcp://HOST:PORT --out DIR``.

The client reads the articles lazily (as local ingest does), skips those already in the
store, and sends them to the workers in partitions of ``partition_size`` articles, with at most
``max_in_flight`` partitions submitted at a time, so the corpus is never held in the client's
memory. Each worker loads the spaCy pipeline once (:class:`PipelinePlugin`, a Dask worker
plugin) and runs :func:`extract_partition`: a pure task that extracts every article of its
partition (an article that raises is retried once, then reported by name) and writes

``OUT/part-00000.jsonl``
    the partition's triples in the JSONL contract of ``graphkit extract`` (loadable with
    ``graphkit load``), written to a temporary name and then moved into place, so a re-run of
    the partition after a worker died replaces it whole;
``OUT/part-00000.done.json``
    the partition's summary (articles, triples, the failed articles and why), written last.

``OUT`` is a local path or any fsspec URL (``s3://bucket/run``); the workers and the client
must all reach it (a shared file system or object store). As each partition completes, the
client reads its triples back and loads them, with the partition's articles, into the store
in one transaction through the store's batched loader -- the same records local ingest
writes, so the graph is the same (cross-article resolution happens in the store, after
extraction, whatever the order partitions finish in). At the end the client writes
``OUT/failures.jsonl`` (every article that failed, by name) and ``OUT/manifest.json``.

A worker that dies mid-run has its partitions re-run elsewhere by the Dask scheduler; a
partition that still fails (after one task retry) has each of its articles reported as failed
by name, never dropped in silence.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from graphkit.config import Settings
from graphkit.errors import ConfigError, GraphkitError, InputError
from graphkit.ingest import Failure, ReadOptions, count_inputs
from graphkit.model import Article, Triple
from graphkit.pipeline import (
    IngestInterrupted,
    IngestReport,
    articles_to_do,
    failure_dict,
    load_batch,
)
from graphkit.store.base import iter_batches

PART_NAME = "part-{index:05d}.jsonl"
DONE_NAME = "part-{index:05d}.done.json"
FAILURES_NAME = "failures.jsonl"
MANIFEST_NAME = "manifest.json"

Progress = Callable[[str, int], None]  # (event, count): "read", "skipped", "loaded", "failed"

try:  # the optional extra: pip install 'graphkit[distributed]'
    from distributed import WorkerPlugin as _WorkerPlugin
except ImportError:  # pragma: no cover - ingest_cluster says what to install
    _WorkerPlugin = object


class ClusterError(GraphkitError):
    """The Dask scheduler cannot be reached, or the cluster cannot run graphkit."""

    exit_code = 6


def _noop(event: str, n: int = 1) -> None:
    return None


def _require_distributed():
    try:
        import distributed
    except ImportError as exc:
        raise ConfigError(
            "--cluster needs Dask distributed: pip install 'graphkit[distributed]'"
        ) from exc
    return distributed


# ------------------------------------------------------------------------------------------
# worker side


def _settings_payload(settings: Settings) -> tuple[str, dict[str, list[tuple[str, bytes]]]]:
    """(token, files): the user's configuration files as bytes, so workers need no shared disk."""
    files: dict[str, list[tuple[str, bytes]]] = {}
    h = hashlib.sha256(settings.model.encode())
    for role, paths in (
        ("relations", [settings.relations_path] if settings.relations_path else []),
        ("label_map", [settings.label_map_path] if settings.label_map_path else []),
        ("gazetteer", list(settings.gazetteer_paths)),
    ):
        for p in paths:
            try:
                with open(p, "rb") as fh:
                    data = fh.read()
            except OSError as exc:
                raise ConfigError(f"cannot read {p}: {exc.strerror or exc}") from exc
            files.setdefault(role, []).append((os.path.basename(p), data))
            h.update(role.encode() + b"\0" + data)
    return h.hexdigest()[:12], files


class PipelinePlugin(_WorkerPlugin):
    """A Dask worker plugin that loads the graphkit spaCy pipeline once per worker.

    The configuration files (relation vocabulary, label map, gazetteers) travel inside the
    plugin and are written to the worker's local directory, so workers need not see the
    client's files. The pipeline is kept on the plugin (``worker.plugins[name].nlp``).

    Parameters
    ----------
    settings : Settings
        The model and configuration files, as for local ingest.
    """

    def __init__(self, settings: Settings):
        self.model = settings.model
        self.token, self.files = _settings_payload(settings)
        self.name = f"graphkit-pipeline-{self.token}"
        self.nlp = None

    def setup(self, worker) -> None:
        from graphkit.nlp import load_pipeline

        base = os.path.join(worker.local_directory, f"graphkit-config-{self.token}")
        paths: dict[str, list[str]] = {}
        for role, items in self.files.items():
            for k, (name, data) in enumerate(items):
                path = os.path.join(base, role, f"{k}-{name}")
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as fh:
                    fh.write(data)
                paths.setdefault(role, []).append(path)
        settings = Settings(
            model=self.model,
            relations_path=(paths.get("relations") or [None])[0],
            label_map_path=(paths.get("label_map") or [None])[0],
            gazetteer_paths=tuple(paths.get("gazetteer", ())),
        )
        self.nlp = load_pipeline(settings)

    def teardown(self, worker) -> None:
        self.nlp = None


def _fs(out: str):
    import fsspec

    try:
        fs, root = fsspec.core.url_to_fs(out)
    except (ImportError, ValueError) as exc:
        raise InputError(f"--out {out}: {exc}") from exc
    return fs, root.rstrip("/") or "/"


def _write_atomic(fs, path: str, text: str, run_id: str) -> None:
    """Write ``text`` to a temporary name beside ``path`` and move it into place."""
    head, _, tail = path.rpartition("/")
    tmp = f"{head}/.{tail}.{run_id}.{uuid.uuid4().hex[:8]}.tmp"
    with fs.open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    fs.mv(tmp, path)


def extract_one(nlp, article: Article, *, extract=None, attempts: int = 2):
    """Triples of ``article``, or the reason it failed after ``attempts`` tries.

    Returns
    -------
    tuple of (list of Triple or None, str or None)
        ``(triples, None)`` on success, ``(None, reason)`` when every attempt raised.
    """
    from graphkit.extract import extract_article

    extract = extract or extract_article
    reason = ""
    for _ in range(max(1, attempts)):
        try:
            return extract(nlp, article), None
        except GraphkitError as exc:
            reason = str(exc)
        except Exception as exc:  # a bug on one article must not stop the partition
            reason = f"{type(exc).__name__}: {exc}"
    return None, reason


def extract_partition(
    index: int,
    articles: list[Article],
    out: str,
    *,
    plugin: str,
    run_id: str,
    nlp=None,
    extract=None,
) -> dict[str, Any]:
    """Extract one partition on a worker and write its files under ``out``; return the summary.

    Pure and idempotent: the output depends only on the articles and the pipeline, and the
    files are named by ``index`` and moved into place whole, so a re-run (after a worker died)
    writes the same files.

    Parameters
    ----------
    index : int
        The partition number (names the files).
    articles : list of Article
        The partition's articles.
    out : str
        Output directory, a local path or an fsspec URL.
    plugin : str
        Name of the :class:`PipelinePlugin` holding the worker's pipeline.
    run_id : str
        Marks this run's temporary files.
    nlp : Language, optional
        A pipeline to use instead of the worker's (runs outside a worker).
    extract : callable, optional
        ``extract(nlp, article) -> list[Triple]``; default
        :func:`graphkit.extract.extract_article`.

    Returns
    -------
    dict
        ``index``, ``articles``, ``triples``, ``failures`` (a list of ``{"doc_id", "source",
        "reason"}``) and ``file`` (the triples file).
    """
    if nlp is None:
        from distributed import get_worker

        worker = get_worker()
        holder = worker.plugins.get(plugin)
        nlp = getattr(holder, "nlp", None)
        if nlp is None:
            raise ClusterError(f"worker {worker.address} has no graphkit pipeline ({plugin})")
    lines: list[str] = []
    failures: list[dict[str, str]] = []
    for art in articles:
        triples, reason = extract_one(nlp, art, extract=extract)
        if triples is None:
            failures.append({"doc_id": art.doc_id, "source": art.name, "reason": reason})
            continue
        lines.extend(json.dumps(t.to_dict(), ensure_ascii=False) + "\n" for t in triples)
    fs, root = _fs(out)
    fs.makedirs(root, exist_ok=True)
    part = f"{root}/{PART_NAME.format(index=index)}"
    _write_atomic(fs, part, "".join(lines), run_id)
    summary = {
        "index": index,
        "articles": len(articles),
        "triples": len(lines),
        "failures": failures,
        "file": part,
    }
    _write_atomic(fs, f"{root}/{DONE_NAME.format(index=index)}", json.dumps(summary), run_id)
    return summary


# ------------------------------------------------------------------------------------------
# client side


def read_partition(fs, path: str) -> dict[str, list[Triple]]:
    """The triples of a partition file, grouped by ``doc_id`` (validated line by line)."""
    by_doc: dict[str, list[Triple]] = defaultdict(list)
    try:
        fh = fs.open(path, "r", encoding="utf-8")
    except FileNotFoundError as exc:
        raise ClusterError(
            f"{path} was written by a worker but the client cannot see it: --out must be "
            "storage that the client and every worker share (a shared file system, s3://…)"
        ) from exc
    with fh:
        for lineno, line in enumerate(fh, 1):
            if line.strip():
                t = Triple.from_dict(json.loads(line), where=f"{path}:{lineno}")
                by_doc[t.doc_id].append(t)
    return by_doc


def _clear_out(fs, root: str) -> None:
    """Remove the files an earlier run left under ``root`` (only graphkit's own names)."""
    if not fs.exists(root):
        return
    for pattern in ("part-*.jsonl", "part-*.done.json", ".part-*.tmp", FAILURES_NAME):
        for p in fs.glob(f"{root}/{pattern}"):
            fs.rm(p)


def _client(scheduler, timeout: float | None):
    distributed = _require_distributed()
    if isinstance(scheduler, distributed.Client):
        return scheduler, False
    kw = {} if timeout is None else {"timeout": timeout}
    try:
        return distributed.Client(scheduler, set_as_default=False, **kw), True
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc


def ingest_cluster(
    paths: Iterable[str],
    store,
    *,
    scheduler,
    out: str,
    settings: Settings | None = None,
    options: ReadOptions | None = None,
    partition_size: int = 32,
    max_in_flight: int | None = None,
    force: bool = False,
    include_removed: bool = False,
    progress: Progress = _noop,
    timeout: float | None = None,
) -> IngestReport:
    """Extract the articles under ``paths`` on a Dask cluster and load them into ``store``.

    Parameters
    ----------
    paths : iterable of str
        Files or folders, as for :func:`graphkit.pipeline.ingest`.
    store : Store
        The embedded store or Neo4j backend to load.
    scheduler : str or distributed.Client
        The scheduler address (``tcp://HOST:PORT``) or a connected client.
    out : str
        Where the workers write the partitioned triples: a local path or an fsspec URL, shared
        by the client and every worker. graphkit's files from an earlier run there are replaced.
    settings, options : Settings, ReadOptions
        Model and configuration files; how files are read.
    partition_size : int
        Articles per partition (and per store transaction).
    max_in_flight : int, optional
        Partitions submitted at a time; default twice the cluster's worker threads.
    force, include_removed : bool
        As for local ingest: re-extract articles already in the store; bring back retracted ones.
    progress : callable
        ``progress(event, n)`` with events ``read``, ``skipped``, ``loaded``, ``failed``.
    timeout : float, optional
        Seconds to wait for the scheduler; default Dask's ``distributed.comm.timeouts.connect``
        (30 s; ``DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT`` sets it).

    Returns
    -------
    IngestReport
        Counts and every failure by name (also written to ``OUT/failures.jsonl``).
    """
    settings = settings or Settings()
    options = options or ReadOptions()
    paths = list(paths)  # read twice: counted for progress, then streamed
    if partition_size < 1:
        raise InputError("partition size must be at least 1")
    fs, root = _fs(out)
    try:
        _clear_out(fs, root)
        fs.makedirs(root, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot write to --out {out}: {exc.strerror or exc}") from exc
    _require_distributed()
    plugin = PipelinePlugin(settings)
    client, own = _client(scheduler, timeout)
    run_id = uuid.uuid4().hex[:12]
    report = IngestReport()
    started = time.perf_counter()
    n_parts = 0
    try:
        report.total = count_inputs(paths, options=options)
        if report.total is not None:
            progress("total", report.total)
        if not client.scheduler_info()["workers"]:
            try:
                client.wait_for_workers(1, timeout=timeout or 30)
            except TimeoutError as exc:
                raise ClusterError(f"the Dask scheduler at {scheduler} has no workers") from exc
        client.register_plugin(plugin, name=plugin.name)  # each worker loads the model once
        if max_in_flight is None:
            threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
            max_in_flight = max(2, 2 * threads)
        n_parts = _run(
            client,
            articles_to_do(
                paths,
                store,
                report,
                options=options,
                force=force,
                include_removed=include_removed,
                progress=progress,
            ),
            store,
            fs=fs,
            out=out,
            plugin=plugin.name,
            run_id=run_id,
            partition_size=partition_size,
            max_in_flight=max_in_flight,
            report=report,
            progress=progress,
        )
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        if own:
            client.close()  # releases the futures still in flight
        report.seconds = time.perf_counter() - started
    for p in fs.glob(f"{root}/.part-*.{run_id}.*.tmp"):  # left by a worker killed mid-write
        fs.rm(p)
    if hasattr(store, "record_failures") and report.failures:
        store.record_failures((f.source, f.line, f.kind, f.reason) for f in report.failures)
    with fs.open(f"{root}/{FAILURES_NAME}", "w", encoding="utf-8") as fh:
        for f in report.failures:
            fh.write(json.dumps(failure_dict(f), ensure_ascii=False) + "\n")
    manifest = {
        **{k: v for k, v in report.to_dict().items() if k != "failures"},
        "partitions": n_parts,
        "partition_size": partition_size,
        "seconds": round(report.seconds, 3),
        "run_id": run_id,
        "model": settings.model,
    }
    with fs.open(f"{root}/{MANIFEST_NAME}", "w", encoding="utf-8") as fh:
        fh.write(json.dumps(manifest, indent=1) + "\n")
    if report.interrupted:
        raise IngestInterrupted(report)
    return report


def _run(
    client,
    articles: Iterator[Article],
    store,
    *,
    fs,
    out: str,
    plugin: str,
    run_id: str,
    partition_size: int,
    max_in_flight: int,
    report: IngestReport,
    progress: Progress,
) -> int:
    """Submit partitions with a bounded window; load each one as it completes."""
    from distributed import as_completed

    parts = enumerate(iter_batches(articles, partition_size))
    in_flight: dict[Any, tuple[int, list[Article]]] = {}
    pending = None
    submitted = 0

    def submit_next() -> bool:
        nonlocal submitted
        nxt = next(parts, None)
        if nxt is None:
            return False
        index, arts = nxt
        fut = client.submit(
            extract_partition,
            index,
            arts,
            out,
            plugin=plugin,
            run_id=run_id,
            key=f"graphkit-extract-{run_id}-{index:05d}",
            retries=1,
        )
        in_flight[fut] = (index, arts)
        if pending is not None:
            pending.add(fut)
        submitted += 1
        return True

    for _ in range(max_in_flight):
        if not submit_next():
            break
    if not in_flight:
        return 0
    pending = as_completed(list(in_flight), loop=client.loop)  # this client, not a default one
    for fut in pending:
        index, arts = in_flight.pop(fut)
        try:
            summary = fut.result()
        except GraphkitError:
            raise
        except Exception as exc:  # the task failed twice, or its workers kept dying
            reason = f"partition {index} failed on the cluster: {type(exc).__name__}: {exc}"
            for a in arts:
                report.failures.append(Failure(a.name, None, reason, "extract"))
            progress("failed", len(arts))
        else:
            _load_partition(fs, summary, arts, store, report, progress)
        fut.release()
        submit_next()
    return submitted


def _load_partition(
    fs, summary: dict, arts: list[Article], store, report: IngestReport, progress: Progress
) -> None:
    failed = {f["doc_id"]: f for f in summary["failures"]}
    for f in summary["failures"]:
        report.failures.append(Failure(f["source"], None, f["reason"], "extract"))
    if failed:
        progress("failed", len(failed))
    by_doc = read_partition(fs, summary["file"])
    pairs = [(a, by_doc.get(a.doc_id, [])) for a in arts if a.doc_id not in failed]

    def on_failure(f: Failure) -> None:
        report.failures.append(f)
        progress("failed", 1)

    # local ingest's loader: one transaction; a refused batch is split to name the article
    load_batch(store, pairs, report, on_failure, progress)
