"""The backend contract shared by the embedded store and Neo4j.

A store keeps, per article, the article-local entities and the evidence rows the extractor
produced (the store of record), and derives global entities and edges from them through
:mod:`graphkit.resolve`. Both backends implement the same operations and give the same
entities, edges and evidence for the same data (parity tests compare them).
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graphkit.config import load_vocabulary
from graphkit.model import Article, Triple
from graphkit.timeparse import normalise

if TYPE_CHECKING:  # resolution imports spaCy: only the write path needs it, not a query
    from graphkit.resolve import LocalEntity

ARTICLE_FIELDS = ("path", "external_id", "title", "url", "publisher", "published", "lang")
EVIDENCE_FIELDS = (
    "predicate",
    "sentence",
    "char_start",
    "char_end",
    "attributed_to",
    "negated",
    "denied_by",
    "confidence",
    "extractor",
    "event_time",
    "event_date",
)


def symmetric_types(vocabulary_path: str | None = None) -> frozenset[str]:
    return frozenset(r.type for r in load_vocabulary(vocabulary_path).values() if r.symmetric)


def article_meta(article: Article | None, triples: list[Triple]) -> dict[str, Any]:
    """Article row for the ledger: from the Article, else from the first triple (``load``)."""
    if article is not None:
        d = {k: getattr(article, k) for k in ARTICLE_FIELDS}
        d["doc_id"] = article.doc_id
        return d
    t = triples[0]
    d = {k: getattr(t, k, None) for k in ARTICLE_FIELDS}
    d["doc_id"] = t.doc_id
    return d


@dataclass
class DocRecord:
    """One article's contribution, ready for a backend: local entities + evidence rows."""

    doc_id: str
    meta: dict[str, Any]
    locals: dict[tuple[str, str], dict]  # (type, local) -> {"name", "aliases", "block"}
    rows: list[dict]
    extractor: str = ""
    text: str | None = None

    @classmethod
    def build(
        cls,
        article: Article | None,
        triples: list[Triple],
        *,
        keep_text: bool = True,
        extractor: str | None = None,
    ) -> DocRecord:
        """One article's record from its triples.

        ``extractor`` names the extractor that processed the article (recorded even when it
        yielded no triple, so ``reextract --outdated`` sees it); default: the triples' own.
        Each evidence row gets ``event_date``, the normalised form of its ``event_time``
        relative to the publication date (:func:`graphkit.timeparse.normalise`), unless the
        triple already carries one.
        """
        from graphkit.extract.entities import norm
        from graphkit.resolve import block_of

        meta = article_meta(article, triples) if (article or triples) else {}
        doc_id = meta.get("doc_id") or (article.doc_id if article else "")
        locals_: dict[tuple[str, str], dict] = {}
        rows: dict[tuple, dict] = {}
        extractor = extractor or ""
        for t in triples:
            if t.doc_id != doc_id:
                raise ValueError(f"triple of {t.doc_id} in the record of {doc_id}")
            for name, etype, aliases in (
                (t.subject, t.subject_type, t.subject_aliases),
                (t.object, t.object_type, t.object_aliases),
            ):
                key = (etype, norm(name))
                ent = locals_.setdefault(
                    key, {"name": name, "aliases": set(), "block": block_of(etype, name)}
                )
                ent["aliases"].update(a for a in aliases if norm(a) != key[1])
            row = {
                "doc_id": doc_id,
                "subj_type": t.subject_type,
                "subj_local": norm(t.subject),
                "relation": t.relation,
                "obj_type": t.object_type,
                "obj_local": norm(t.object),
                **{f: getattr(t, f) for f in EVIDENCE_FIELDS},
            }
            row["negated"] = bool(row["negated"])
            if not row["event_date"] and row["event_time"]:
                row["event_date"] = normalise(row["event_time"], meta.get("published"))
            ident = (
                row["subj_type"],
                row["subj_local"],
                row["relation"],
                row["obj_type"],
                row["obj_local"],
                row["char_start"],
                row["predicate"],
            )
            rows[ident] = row
            extractor = extractor or t.extractor
        for ent in locals_.values():
            ent["aliases"] = sorted(ent["aliases"])
        return cls(
            doc_id,
            meta,
            locals_,
            list(rows.values()),
            extractor,
            article.text if (article and keep_text) else None,
        )

    def local_rows(self):
        """((type, local), entity dict, evidence rows mentioning it) for every local entity."""
        counts: dict[tuple[str, str], int] = {}
        for r in self.rows:
            for k in {(r["subj_type"], r["subj_local"]), (r["obj_type"], r["obj_local"])}:
                counts[k] = counts.get(k, 0) + 1
        for k, e in self.locals.items():
            yield k, e, counts.get(k, 0)

    def local_entities(self) -> list[LocalEntity]:
        from graphkit.resolve import LocalEntity

        return [LocalEntity(self.doc_id, t, e["name"]) for (t, _l), e in self.locals.items()]


@dataclass
class LoadReport:
    loaded: int = 0  # articles written
    skipped: int = 0  # already in the ledger
    triples: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (article name, reason)

    def to_dict(self) -> dict:
        return {
            "loaded": self.loaded,
            "skipped": self.skipped,
            "triples": self.triples,
            "failed": [list(f) for f in self.failed],
        }


class Store(ABC):
    """What every backend provides. Readers return plain, sorted data for parity tests."""

    @abstractmethod
    def load(self, records: Iterable[DocRecord], *, replace: bool = True) -> LoadReport: ...

    @abstractmethod
    def remove(self, doc_ids: Iterable[str]) -> int: ...

    @abstractmethod
    def ingested(self, doc_ids: Iterable[str] | None = None) -> set[str]: ...

    @abstractmethod
    def entities(self) -> list[dict]: ...

    @abstractmethod
    def edges(self) -> list[dict]: ...

    @abstractmethod
    def graph(self): ...

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def entity_name(
    key: str, names: Iterable[tuple[str, str, int]], aliases: Iterable[str] = ()
) -> tuple[str, set[str]]:
    """The display name and aliases of an entity from its local mentions, as both stores pick them.

    ``names`` holds ``(name, type, mentions)`` for each local entity now under ``key``. The
    name is the most mentioned one among those whose own key is the entity's (ignoring a
    split's ``#`` suffix), so a merged-in entity never renames the survivor; ties as in
    :func:`graphkit.resolve.display_name`. Every other local name, and ``aliases``, become
    aliases. Used by both stores' loaders and by the Neo4j bulk-import export.
    """
    # pulls in spaCy: imported only when entities are written
    from graphkit.resolve import display_name, entity_key

    ns = list(names)
    base = key.split("#", 1)[0]
    full = [x for x in ns if entity_key(x[1], x[0]) == base] or ns
    tally: dict[str, int] = {}
    for name, _t, n in full:
        tally[name] = tally.get(name, 0) + n
    name = display_name(tally)
    als = set(aliases) | {x[0] for x in ns}
    als.discard(name)
    return name, als


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


def iter_batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
