"""The whole flow for a batch of inputs: ingest → extract → resolve → store.

``ingest`` reads paths lazily, skips articles already in the store's ledger, extracts the
rest in batches through ``nlp.pipe`` (optionally with several processes) and loads each batch
in one store transaction, so an interruption loses at most the batch in flight and a re-run
finishes the job. Bad inputs and articles whose extraction fails are reported by name and never
stop the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from graphkit.config import Settings
from graphkit.errors import GraphkitError
from graphkit.ingest import Failure, ReadOptions, read_articles
from graphkit.model import Article, Triple
from graphkit.store.base import DocRecord, iter_batches


@dataclass
class IngestReport:
    read: int = 0
    loaded: int = 0
    skipped: int = 0
    triples: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def to_dict(self) -> dict:
        return {
            "read": self.read,
            "loaded": self.loaded,
            "skipped": self.skipped,
            "triples": self.triples,
            "failed": self.failed,
            "failures": [
                {"source": f.source, "line": f.line, "kind": f.kind, "reason": f.reason}
                for f in self.failures
            ],
        }


Progress = Callable[[str, int], None]  # (event, count): "read", "skipped", "loaded", "failed"


def _noop(event: str, n: int = 1) -> None:
    return None


def extract_stream(
    nlp, articles: Iterable[Article], *, batch_size: int = 16, n_process: int = 1, on_failure=None
) -> Iterator[tuple[Article, list[Triple]]]:
    """(article, triples) pairs; an article whose extraction raises is reported, not fatal."""
    from graphkit.extract import extract_article, extract_articles

    if n_process > 1:
        yield from extract_articles(nlp, articles, batch_size=batch_size, n_process=n_process)
        return
    for art in articles:
        try:
            yield art, extract_article(nlp, art)
        except GraphkitError as exc:
            if on_failure:
                on_failure(Failure(art.name, None, str(exc), "extract"))
        except Exception as exc:  # a bug on one article must not stop the batch
            if on_failure:
                on_failure(Failure(art.name, None, f"{type(exc).__name__}: {exc}", "extract"))


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
    progress: Progress = _noop,
) -> IngestReport:
    """Extract the articles under ``paths`` and load them into ``store``."""
    from graphkit.nlp import load_pipeline

    settings = settings or Settings()
    nlp = nlp or load_pipeline(settings)
    report = IngestReport()

    def on_failure(f: Failure) -> None:
        report.failures.append(f)
        progress("failed", 1)

    def todo() -> Iterator[Article]:
        for batch in iter_batches(read_articles(paths, options=options or ReadOptions()), 256):
            arts = [a for a in batch if isinstance(a, Article)]
            for f in batch:
                if isinstance(f, Failure):
                    on_failure(f)
            report.read += len(arts)
            progress("read", len(arts))
            ids = [a.doc_id for a in arts]
            done = set() if force else store.ingested(ids)
            removed = set() if (force or include_removed) else _removed(store, ids)
            seen: set[str] = set()
            for a in arts:
                if a.doc_id in done or a.doc_id in removed or a.doc_id in seen:
                    report.skipped += 1
                    progress("skipped", 1)
                    continue
                seen.add(a.doc_id)
                yield a

    pairs = extract_stream(
        nlp,
        todo(),
        batch_size=max(1, min(batch_size, 64)),
        n_process=workers,
        on_failure=on_failure,
    )
    for batch in iter_batches(pairs, batch_size):
        records = [DocRecord.build(a, ts) for a, ts in batch]
        res = store.load(records)
        report.loaded += res.loaded
        report.triples += res.triples
        progress("loaded", res.loaded)
    if hasattr(store, "record_failures") and report.failures:
        store.record_failures((f.source, f.line, f.kind, f.reason) for f in report.failures)
    return report


def _removed(store, ids: list[str]) -> set[str]:
    try:
        return store.ingested(ids, status="removed")
    except TypeError:
        return set()
