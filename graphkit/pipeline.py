"""The whole flow for a batch of inputs: ingest → extract → resolve → store.

:func:`ingest` reads paths lazily, skips articles already in the store's ledger, extracts the
rest (in this process, or in ``workers`` processes that each load the pipeline once) and
loads each batch of ``batch_size`` articles in one store transaction, so an interruption loses
at most the batch in flight and a re-run finishes the job.

Nothing is ever materialised: articles stream from the readers through a bounded window of
work in flight (``2 × workers`` chunks of at most :data:`CHUNK_ARTICLES` articles) to the
store, and results come back in input order.

Bad inputs, articles whose extraction fails (or kills a worker process) and articles the store
refuses are reported by name as :class:`~graphkit.ingest.Failure` records — in the report,
in the store's ``failures`` table and, if asked, in a JSONL failures file written as they
happen — and never stop the batch. ``Ctrl-C`` stops cleanly: the batch in flight is rolled
back, workers are stopped and :class:`IngestInterrupted` (a ``KeyboardInterrupt``) carries
the report of what was done.

Failure kinds besides the readers' (see :class:`~graphkit.ingest.Failure`): ``"extract"``
(extraction raised), ``"worker"`` (the worker process died on the article), ``"store"``
(the store refused the article).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import IO, Any

from graphkit.config import Settings
from graphkit.errors import ConfigError, GraphkitError, InputError, StoreError
from graphkit.extract import CHUNK_CHARS
from graphkit.ingest import Failure, ReadOptions, count_inputs, read_articles
from graphkit.model import Article, Triple
from graphkit.store.base import DocRecord, iter_batches

__all__ = [
    "IngestInterrupted",
    "IngestReport",
    "ParallelExtractor",
    "extract_stream",
    "ingest",
    "write_failures",
]

#: At most this many articles go to a worker in one task (one ``nlp.pipe`` call) ...
CHUNK_ARTICLES = 16
#: ... or as many as fit in this many characters (a long article travels alone).
CHUNK_TEXT_CHARS = 200_000
#: After this many articles in a row kill their worker, the run stops (the fault is systemic).
MAX_WORKER_DEATHS = 3
#: How many store ledger look-ups are grouped into one query.
LEDGER_LOOKUP = 256

Progress = Callable[[str, int], None]
"""``progress(event, n)``: ``"total"`` (inputs counted up front, only when countable),
``"read"``, ``"skipped"``, ``"loaded"``, ``"failed"``; the CLI draws its bar from them."""

Outcome = list[Triple] | Failure


@dataclass
class IngestReport:
    """What one :func:`ingest` run did.

    Attributes
    ----------
    read : int
        Articles read (bad inputs excluded).
    loaded : int
        Articles extracted and written to the store.
    skipped : int
        Articles already in the store's ledger (ingested, or retracted with ``remove``).
    duplicates : int
        Articles whose text appeared earlier in the same run.
    triples : int
        Evidence rows written.
    failures : list of Failure
        Every input that could not be loaded, in the order met.
    notes : list of str
        Things worth saying that are not failures (e.g. a very long article was chunked).
    total : int or None
        The number of inputs counted before the run (``None`` for streams).
    interrupted : bool
        The run was stopped by ``Ctrl-C``.
    seconds : float
        Wall-clock time of the run.
    failures_path : str or None
        Where the failures file was written.
    """

    read: int = 0
    loaded: int = 0
    skipped: int = 0
    duplicates: int = 0
    triples: int = 0
    failures: list[Failure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    total: int | None = None
    interrupted: bool = False
    seconds: float = 0.0
    failures_path: str | None = None

    @property
    def failed(self) -> int:
        """Number of failures."""
        return len(self.failures)

    @property
    def rate(self) -> float:
        """Articles loaded per second of wall-clock time."""
        return self.loaded / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        """The one-line summary the CLI prints at the end of every run."""
        head = "interrupted after loading" if self.interrupted else "ingested"
        parts = [
            f"{head} {self.loaded} article(s), {self.triples} triple(s) in {self.seconds:.1f} s"
            f" ({self.rate:.1f} articles/s)",
            f"skipped {self.skipped} already done",
        ]
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicate(s)")
        failed = f"{self.failed} failed"
        if self.failed and self.failures_path:
            failed += f" (see {self.failures_path})"
        parts.append(failed)
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (for ``--format json`` and tests)."""
        return {
            "read": self.read,
            "loaded": self.loaded,
            "skipped": self.skipped,
            "duplicates": self.duplicates,
            "triples": self.triples,
            "failed": self.failed,
            "interrupted": self.interrupted,
            "seconds": round(self.seconds, 3),
            "failures": [failure_dict(f) for f in self.failures],
            "notes": list(self.notes),
        }


class IngestInterrupted(KeyboardInterrupt):
    """``Ctrl-C`` during :func:`ingest`; ``report`` says what was committed before it."""

    def __init__(self, report: IngestReport) -> None:
        super().__init__("ingest interrupted")
        self.report = report


def failure_dict(f: Failure) -> dict[str, Any]:
    """One line of the failures file: ``source``, ``line``, ``kind``, ``reason``."""
    return {"source": f.source, "line": f.line, "kind": f.kind, "reason": f.reason}


def write_failures(path: str | os.PathLike, failures: Iterable[Failure]) -> None:
    """Write a failures file (one JSON object per line, see :func:`failure_dict`)."""
    try:
        with open(path, "w", encoding="utf-8") as fh:
            for f in failures:
                fh.write(json.dumps(failure_dict(f), ensure_ascii=False) + "\n")
    except OSError as exc:
        raise ConfigError(f"cannot write the failures file {path}: {exc.strerror or exc}") from exc


def _noop(event: str, n: int = 1) -> None:
    return None


# --------------------------------------------------------------------------- extraction


def _describe(exc: BaseException) -> str:
    if isinstance(exc, GraphkitError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _extract_chunk(nlp, articles: list[Article]) -> list[list[Triple] | str]:
    """Triples of each article (one ``nlp.pipe`` pass), or the error message of the ones failing.

    The chunk goes through ``nlp.pipe`` at once; if anything in it raises, each article is
    redone on its own so that only the culprit fails, named.
    """
    from graphkit.extract import extract_articles

    size = max(1, min(len(articles), CHUNK_ARTICLES))
    try:
        out = [ts for _, ts in extract_articles(nlp, articles, batch_size=size)]
        if len(out) == len(articles):
            return out
    except Exception:  # noqa: BLE001 - attributed below, article by article
        pass
    results: list[list[Triple] | str] = []
    for art in articles:
        try:
            results.append(next(iter(extract_articles(nlp, [art], batch_size=1)))[1])
        except Exception as exc:  # noqa: BLE001 - one bad article must not stop the batch
            results.append(_describe(exc))
    return results


def _work_chunks(
    articles: Iterable[Article], size: int = CHUNK_ARTICLES
) -> Iterator[list[Article]]:
    """Group articles into work units of ≤ ``size`` articles and ≈ CHUNK_TEXT_CHARS."""
    chunk: list[Article] = []
    chars = 0
    for art in articles:
        if chunk and (len(chunk) >= size or chars + len(art.text) > CHUNK_TEXT_CHARS):
            yield chunk
            chunk, chars = [], 0
        chunk.append(art)
        chars += len(art.text)
    if chunk:
        yield chunk


def _outcomes(articles: list[Article], results: list[list[Triple] | str]) -> list[Outcome]:
    return [
        r if isinstance(r, list) else Failure(a.name, None, f"extraction failed: {r}", "extract")
        for a, r in zip(articles, results)
    ]


# Worker-process state: the pipeline, loaded once by the pool initializer.
_WORKER: dict[str, Any] = {}


def _init_worker(settings: Settings) -> None:
    """Pool initializer: ignore SIGINT (the parent stops us) and load the pipeline once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from graphkit.nlp import load_pipeline

    try:
        _WORKER["nlp"] = load_pipeline(settings)
    except GraphkitError as exc:  # reported by the first task, as a fatal error of the run
        _WORKER["error"] = exc


def _worker_task(articles: list[Article]) -> list[list[Triple] | str]:
    if "error" in _WORKER:
        raise _WORKER["error"]
    return _extract_chunk(_WORKER["nlp"], articles)


class ParallelExtractor:
    """Extraction in ``workers`` processes, each loading the pipeline once.

    Results come back in input order; at most ``2 × workers`` chunks are in flight, so memory
    stays bounded whatever the corpus size. A worker that dies (segfault, out of memory) breaks
    the pool: the pool is restarted and the articles of the chunks in flight are redone one at
    a time, so only the article that kills a worker fails (kind ``"worker"``).

    Parameters
    ----------
    settings : Settings
        The extraction settings (model, vocabulary, gazetteer), sent to each worker.
    workers : int
        Number of worker processes (≥ 1).
    chunk_articles : int
        Articles per task (one ``nlp.pipe`` call in a worker).
    """

    def __init__(
        self, settings: Settings, workers: int, *, chunk_articles: int = CHUNK_ARTICLES
    ) -> None:
        self.settings = settings
        self.workers = workers
        self.chunk_articles = max(1, chunk_articles)
        self._ctx = multiprocessing.get_context("spawn")  # no inherited threads or sqlite handles
        self._pool: ProcessPoolExecutor | None = None
        self._deaths = 0  # articles in a row on which a worker died
        self.restarts = 0  # times the pool broke and was restarted

    def _new_pool(self) -> ProcessPoolExecutor:
        if self._pool is not None:
            self._kill()
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=self._ctx,
            initializer=_init_worker,
            initargs=(self.settings,),
        )
        return self._pool

    def _kill(self) -> None:
        """Stop the pool now, without waiting for chunks in flight (Ctrl-C, broken pool)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        terminate = getattr(pool, "terminate_workers", None)  # Python ≥ 3.14
        if terminate is not None:
            terminate()
        else:
            for proc in list((getattr(pool, "_processes", None) or {}).values()):
                if proc.is_alive():
                    proc.terminate()
        pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        """Shut the workers down (after a normal end, they are idle)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def abort(self) -> None:
        """Kill the workers at once (interrupt)."""
        self._kill()

    def __enter__(self) -> ParallelExtractor:
        return self

    def __exit__(self, exc_type, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    def _submit(self, chunk: list[Article]) -> Future:
        pool = self._pool or self._new_pool()
        return pool.submit(_worker_task, chunk)

    def _isolated(self, chunk: list[Article]) -> list[Outcome]:
        """Redo a chunk whose pool broke one article at a time, in fresh pools."""
        out: list[Outcome] = []
        for art in chunk:
            try:
                out.extend(_outcomes([art], self._submit([art]).result()))
                self._deaths = 0
            except BrokenProcessPool:
                self._kill()
                self._deaths += 1
                if self._deaths >= MAX_WORKER_DEATHS:
                    raise ConfigError(
                        f"extraction worker processes died on {self._deaths} articles in a row "
                        "(out of memory? a broken model install?); run with --workers 1 to see why"
                    ) from None
                reason = "the worker process died while extracting this article"
                out.append(Failure(art.name, None, reason, "worker"))
        return out

    def run(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Outcome]]:
        """(article, triples or Failure) pairs, in input order."""
        window: deque[tuple[list[Article], Future]] = deque()
        chunks = _work_chunks(articles, self.chunk_articles)
        limit = 2 * self.workers
        exhausted = False
        while True:
            while not exhausted and len(window) < limit:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                window.append((chunk, self._submit(chunk)))
            if not window:
                return
            chunk, fut = window.popleft()
            try:
                outcomes = _outcomes(chunk, fut.result())
            except BrokenProcessPool:
                self._kill()
                self.restarts += 1
                outcomes = self._isolated(chunk)
                # the other chunks in flight died with the pool: resubmit them
                window = deque((c, self._submit(c)) for c, _ in window)
            yield from zip(chunk, outcomes)


def _serial(
    nlp, articles: Iterable[Article], chunk_articles: int = CHUNK_ARTICLES
) -> Iterator[tuple[Article, Outcome]]:
    """(article, triples or Failure) pairs, extracted in this process, in input order."""
    for chunk in _work_chunks(articles, chunk_articles):
        yield from zip(chunk, _outcomes(chunk, _extract_chunk(nlp, chunk)))


def extract_stream(
    nlp, articles: Iterable[Article], *, batch_size: int = 16, n_process: int = 1, on_failure=None
) -> Iterator[tuple[Article, list[Triple]]]:
    """(article, triples) pairs in input order; an article whose extraction raises is reported.

    Parameters
    ----------
    nlp : spacy.Language
        The pipeline (see :func:`graphkit.nlp.load_pipeline`).
    articles : iterable of Article
        The articles, consumed lazily.
    batch_size : int
        Kept for compatibility; chunks are sized by :data:`CHUNK_ARTICLES`.
    n_process : int
        With more than one, a :class:`ParallelExtractor` of that many processes (the model
        named in the default :class:`Settings` is loaded in each).
    on_failure : callable, optional
        Called with the :class:`Failure` of each article that fails.
    """
    del batch_size
    if n_process > 1:
        with ParallelExtractor(Settings(), n_process) as px:
            pairs = px.run(articles)
            yield from _only_triples(pairs, on_failure)
        return
    yield from _only_triples(_serial(nlp, articles), on_failure)


def _only_triples(pairs, on_failure) -> Iterator[tuple[Article, list[Triple]]]:
    for art, outcome in pairs:
        if isinstance(outcome, Failure):
            if on_failure:
                on_failure(outcome)
        else:
            yield art, outcome


# --------------------------------------------------------------------------- ingest


def articles_to_do(
    paths: Iterable[str],
    store,
    report: IngestReport,
    *,
    options: ReadOptions | None = None,
    force: bool = False,
    include_removed: bool = False,
    on_failure: Callable[[Failure], None] | None = None,
    progress: Progress = _noop,
) -> Iterator[Article]:
    """The articles under ``paths`` still to extract, read lazily.

    Skips what the store's ledger already holds (ingested, or retracted unless
    ``include_removed``) and repeats within this run; counts reads, skips and duplicates
    in ``report``. Read failures go to ``on_failure`` (default: appended to
    ``report.failures``). Shared by local and cluster ingest, so both skip the same articles.
    """
    options = options or ReadOptions()
    if on_failure is None:

        def on_failure(f: Failure) -> None:
            report.failures.append(f)
            progress("failed", 1)

    seen: set[int] = set()  # 64 bits of each doc id of this run: ~60 bytes an article
    for group in iter_batches(read_articles(paths, options=options), LEDGER_LOOKUP):
        arts = [a for a in group if isinstance(a, Article)]
        for f in group:
            if isinstance(f, Failure):
                on_failure(f)
        report.read += len(arts)
        progress("read", len(arts))
        ids = [a.doc_id for a in arts]
        done = set() if force else store.ingested(ids)
        removed = set() if (force or include_removed) else _removed(store, ids)
        for a in arts:
            if a.doc_id in done or a.doc_id in removed:
                report.skipped += 1
                progress("skipped", 1)
            elif _short(a.doc_id) in seen:
                report.duplicates += 1
                progress("skipped", 1)
            else:
                seen.add(_short(a.doc_id))
                if len(a.text) > CHUNK_CHARS:
                    n = -(-len(a.text) // CHUNK_CHARS)
                    report.notes.append(
                        f"{a.name}: long article ({len(a.text):,} characters), "
                        f"extracted in about {n} chunks"
                    )
                yield a


def ingest(
    paths: Iterable[str],
    store,
    *,
    settings: Settings | None = None,
    options: ReadOptions | None = None,
    nlp=None,
    batch_size: int = 32,
    workers: int = 1,
    force: bool = False,
    include_removed: bool = False,
    failures_path: str | os.PathLike | None = None,
    count: bool = True,
    progress: Progress = _noop,
) -> IngestReport:
    """Extract the articles under ``paths`` and load them into ``store``.

    Parameters
    ----------
    paths : iterable of str
        Files, folders (recursive) and ``-`` for standard input.
    store : Store
        An open store (embedded or Neo4j).
    settings : Settings, optional
        Model and configuration files.
    options : ReadOptions, optional
        Field names, glob, default date, expected language (see :class:`ReadOptions`).
    nlp : spacy.Language, optional
        A loaded pipeline to use with ``workers == 1`` (loaded from ``settings`` if absent).
    batch_size : int
        Articles per store transaction (what a crash can lose at most).
    workers : int
        Extraction processes; ``1`` extracts in this process.
    force : bool
        Re-extract articles already in the ledger.
    include_removed : bool
        Bring back articles retracted with ``remove``.
    failures_path : path, optional
        Write one JSON object per failure (``source``, ``line``, ``kind``, ``reason``) here,
        as they happen; the file is (re)created even when nothing fails.
    count : bool
        Count the inputs first (cheap for files and folders) so progress can show an ETA.
    progress : callable
        ``progress(event, n)``, see :data:`Progress`.

    Returns
    -------
    IngestReport
        What was loaded, skipped and why anything failed.

    Raises
    ------
    IngestInterrupted
        On ``Ctrl-C``, after rolling back the batch in flight; carries the report.
    InputError
        For invalid ``batch_size``/``workers``.
    """
    if batch_size < 1:
        raise InputError(f"batch size must be at least 1, got {batch_size}")
    if workers < 1:
        raise InputError(f"workers must be at least 1, got {workers}")
    settings = settings or Settings()
    options = options or ReadOptions()
    paths = [os.fspath(p) for p in paths]
    report = IngestReport()
    started = time.perf_counter()
    pending_failures: list[Failure] = []
    fh: IO[str] | None = None
    if failures_path is not None:
        report.failures_path = os.fspath(failures_path)
        try:
            fh = open(failures_path, "w", encoding="utf-8")  # noqa: SIM115 - closed in finally
        except OSError as exc:
            raise ConfigError(
                f"cannot write the failures file {failures_path}: {exc.strerror or exc}"
            ) from exc

    def on_failure(f: Failure) -> None:
        report.failures.append(f)
        pending_failures.append(f)
        if fh is not None:
            fh.write(json.dumps(failure_dict(f), ensure_ascii=False) + "\n")
            fh.flush()
        progress("failed", 1)

    def flush_failures() -> None:
        if pending_failures and hasattr(store, "record_failures"):
            store.record_failures(
                (f.source, f.line, f.kind, f.reason) for f in list(pending_failures)
            )
        pending_failures.clear()

    px: ParallelExtractor | None = None
    try:
        if count:
            report.total = count_inputs(paths, options=options)
            if report.total is not None:
                progress("total", report.total)
        chunk_articles = min(CHUNK_ARTICLES, batch_size)  # a batch is never held up by a chunk
        todo = articles_to_do(
            paths,
            store,
            report,
            options=options,
            force=force,
            include_removed=include_removed,
            on_failure=on_failure,
            progress=progress,
        )
        if workers > 1:
            px = ParallelExtractor(settings, workers, chunk_articles=chunk_articles)
            pairs = px.run(todo)
        else:
            from graphkit.nlp import load_pipeline

            pairs = _serial(nlp or load_pipeline(settings), todo, chunk_articles)
        for batch in iter_batches(pairs, batch_size):
            good = []
            for art, outcome in batch:
                if isinstance(outcome, Failure):
                    on_failure(outcome)
                else:
                    good.append((art, outcome))
            load_batch(store, good, report, on_failure, progress)
            flush_failures()
        if px is not None:
            px.close()
    except KeyboardInterrupt:
        report.interrupted = True
        if px is not None:
            px.abort()
        _finish(report, started, fh, flush_failures)
        raise IngestInterrupted(report) from None
    except BaseException:
        if px is not None:
            px.abort()
        if fh is not None:
            fh.close()
        raise
    _finish(report, started, fh, flush_failures)
    return report


def _finish(report: IngestReport, started: float, fh: IO[str] | None, flush) -> None:
    report.seconds = time.perf_counter() - started
    if fh is not None:
        fh.close()
    try:
        flush()
    except StoreError:
        pass  # the failures are in the report and the failures file


def load_batch(
    store,
    pairs: list[tuple[Article, list[Triple]]],
    report: IngestReport,
    on_failure: Callable[[Failure], None],
    progress: Progress = _noop,
) -> None:
    """Load one batch of ``(article, triples)`` in one transaction, counting it in ``report``.

    If the store refuses the batch, each article is retried alone so the one at fault is
    reported by name through ``on_failure`` and the others still load; if every article
    fails alone too, the store itself is at fault and the error is re-raised.
    """
    if not pairs:
        return
    try:
        res = store.load([DocRecord.build(a, ts) for a, ts in pairs])
    except (StoreError, ValueError) as exc:
        if len(pairs) == 1:
            art = pairs[0][0]
            on_failure(Failure(art.name, None, f"the store refused it: {_describe(exc)}", "store"))
            return
        failed_before = report.failed
        for pair in pairs:
            load_batch(store, [pair], report, on_failure, progress)
        if report.failed - failed_before == len(pairs):
            raise  # every article fails alone too: the store itself is at fault
        return
    report.loaded += res.loaded
    report.triples += res.triples
    progress("loaded", res.loaded)


def _short(doc_id: str) -> int:
    """64 bits of a ``sha256:`` doc id (collisions: ~n²/2⁶⁵, i.e. none in practice)."""
    return int(doc_id[7:23], 16) if doc_id.startswith("sha256:") else hash(doc_id)


def _removed(store, ids: list[str]) -> set[str]:
    try:
        return store.ingested(ids, status="removed")
    except TypeError:
        return set()
