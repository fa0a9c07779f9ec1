"""Reading and writing triples in the JSONL contract (``graphkit extract`` / ``graphkit load``)."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator

from graphkit.errors import InputError
from graphkit.model import Triple
from graphkit.store.base import DocRecord, LoadReport, iter_batches


def read_triples(files: Iterable[str]) -> Iterator[Triple | str]:
    """Validated triples, or a problem string ``file:line: reason`` for each bad line."""
    for name in files:
        if name == "-":
            fh, close = sys.stdin, False
        else:
            try:
                fh = open(name, encoding="utf-8")  # noqa: SIM115
            except OSError as exc:
                yield f"{name}: cannot read: {exc.strerror or exc}"
                continue
            close = True
        try:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{name}:{lineno}"
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield f"{where}: not JSON ({exc.msg})"
                    continue
                try:
                    yield Triple.from_dict(data, where=where)
                except InputError as exc:
                    yield str(exc)
        except UnicodeDecodeError:
            yield f"{name}: not UTF-8 text"
        finally:
            if close:
                fh.close()


def load_triples(
    files: Iterable[str], store, *, batch_size: int = 64
) -> tuple[LoadReport, list[str]]:
    """Load triples JSONL into ``store``; an article's triples replace what it had before.

    Triples are grouped by ``doc_id`` over the whole input (an article's lines may be spread
    across the file), then loaded in batches of ``batch_size`` articles.
    """
    problems: list[str] = []
    by_doc: dict[str, list[Triple]] = defaultdict(list)
    for item in read_triples(files):
        if isinstance(item, str):
            problems.append(item)
        else:
            by_doc[item.doc_id].append(item)
    total = LoadReport()
    for batch in iter_batches(sorted(by_doc), batch_size):
        res = store.load([DocRecord.build(None, by_doc[d]) for d in batch])
        total.loaded += res.loaded
        total.triples += res.triples
    return total, problems
