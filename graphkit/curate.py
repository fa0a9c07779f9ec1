"""Curation: retract articles, merge and split entities, re-extract outdated articles.

Every correction is either a change of the store's ledger (``remove``: the article's evidence
goes, its ledger entry says ``removed``) or a decision line in the overrides file (``merge``,
``split``: plain text, sorted, reviewed in git), followed by re-resolution of the entities
concerned. Decisions name entity keys and content-hash doc ids, so they hold for every later
ingest, in any article order, and survive re-extraction.

The functions take any store backend (embedded or Neo4j) and return plain dicts for the CLI.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.errors import ConfigError, GraphkitError, InputError, QueryError
from graphkit.resolve import Overrides, entity_key

__all__ = [
    "resolve_targets",
    "retract",
    "merge",
    "unmerge",
    "split",
    "unsplit",
    "apply_overrides",
    "show",
    "outdated",
    "reextract",
]


# ------------------------------------------------------------------------------------------
# articles named by doc id, doc-id prefix or path


def _same_path(stored: str, target: str) -> bool:
    if stored == target:
        return True
    a, b = os.path.abspath(stored), os.path.abspath(target)
    return a == b or a.startswith(b.rstrip(os.sep) + os.sep)


def resolve_targets(
    store, targets: Iterable[str], *, read: bool = True
) -> tuple[list[str], list[str]]:
    """Doc ids named by ``targets``: doc ids (or unique prefixes ≥ 8 hex digits), or paths.

    A path matches the ledger's ``path`` column (a folder matches everything under it) and,
    when it exists and ``read`` is true, the content hashes of the articles read from it (so a
    file copied elsewhere still finds its article). Returns (doc ids, problems), ids in first-
    seen order.
    """
    arts = store.articles()
    ids = {a["doc_id"] for a in arts}
    found: dict[str, None] = {}
    problems: list[str] = []
    for target in targets:
        hits: list[str] = []
        if target in ids:
            hits = [target]
        elif target.startswith("sha256:") or (len(target) >= 8 and _is_hex(target)):
            prefix = target if target.startswith("sha256:") else f"sha256:{target}"
            if len(prefix) < len("sha256:") + 8:
                problems.append(f"{target}: give at least 8 hex digits of the doc id")
                continue
            hits = sorted(d for d in ids if d.startswith(prefix))
            if len(hits) > 1:
                problems.append(f"{target}: ambiguous doc id prefix ({len(hits)} articles)")
                continue
        if not hits:
            hits = [a["doc_id"] for a in arts if a.get("path") and _same_path(a["path"], target)]
            if read and os.path.exists(target):
                hits += [d for d in _doc_ids_in(target) if d in ids and d not in hits]
        if not hits:
            problems.append(f"{target}: no article in the store with this doc id or path")
        for d in hits:
            found.setdefault(d, None)
    return list(found), problems


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdef" for c in text.lower())


def _doc_ids_in(path: str) -> list[str]:
    from graphkit.ingest import ReadOptions, read_articles
    from graphkit.model import Article

    return [
        a.doc_id
        for a in read_articles([path], options=ReadOptions(lang=None))
        if isinstance(a, Article)
    ]


@dataclass
class RetractReport:
    removed: list[dict] = field(default_factory=list)  # doc_id, path, title
    already: list[str] = field(default_factory=list)  # doc ids already removed
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"removed": self.removed, "already": self.already, "problems": self.problems}


def retract(store, targets: Iterable[str]) -> RetractReport:
    """Remove the articles named by ``targets`` (doc ids or paths) from ``store``.

    Their evidence goes; entities and links left without evidence vanish; the ledger keeps
    them as ``removed`` (``graphkit ingest`` skips them unless ``--include-removed``). Unknown
    targets are reported in ``problems`` and do not stop the others.
    """
    report = RetractReport()
    doc_ids, report.problems = resolve_targets(store, targets)
    by_id = {a["doc_id"]: a for a in store.articles()}
    todo = []
    for d in doc_ids:
        if by_id[d].get("status") == "removed":
            report.already.append(d)
        else:
            todo.append(d)
    if todo:
        store.remove(todo)
    report.removed = [
        {"doc_id": d, "path": by_id[d].get("path"), "title": by_id[d].get("title")} for d in todo
    ]
    return report


# ------------------------------------------------------------------------------------------
# decisions: merge, split


def _overrides(store, overrides_path: str | os.PathLike | None) -> Overrides:
    """The decisions to edit: the given file, else the store's own (its file or database)."""
    if overrides_path is not None:
        return Overrides.load(Path(overrides_path))
    return store.overrides()


def _save(store, ov: Overrides) -> None:
    if ov.path is not None:
        ov.save()
    setter = getattr(store, "set_overrides", None)  # server backends keep a copy to share
    if setter is not None:
        setter(ov, reresolve=False)
    elif ov.path is None:
        raise ConfigError("no overrides file configured for this store (use --overrides FILE)")


def _reresolve(store, keys: Iterable[str]) -> None:
    from graphkit.store.embedded import EmbeddedStore

    if isinstance(store, EmbeddedStore):
        store.reresolve(keys=set(keys))
    else:
        store.reresolve()


def _find(G, name: str) -> str:
    from graphkit.queries import find_entity

    return find_entity(G, name)


def _lookup_graph(store):
    """What names are looked up in: the embedded store's query index (no graph to build), or
    the backend's graph."""
    view = getattr(store, "query_view", None)
    return view() if view is not None else store.graph()


def merge(store, keep: str, gone: str, *, overrides_path=None) -> dict:
    """``gone`` becomes an alias of ``keep``: its edges and evidence move over.

    Both are entity names, aliases or keys as the store knows them now. The decision
    ``merge<TAB>KEEP_KEY<TAB>GONE_KEY`` is added to the overrides file and the entities of
    both keys are re-resolved (they may sit in different resolution blocks).
    """
    G = _lookup_graph(store)
    ka, kb = _find(G, keep), _find(G, gone)
    if ka == kb:
        raise QueryError(f"{keep!r} and {gone!r} are already one entity ({ka})")
    ov = _overrides(store, overrides_path)
    ov.add_merge(ka, kb)
    _save(store, ov)
    _reresolve(store, {ka, kb})
    return {
        "decision": f"merge\t{ka}\t{kb}",
        "entity": ka,
        "merged": kb,
        "overrides": str(ov.path) if ov.path else None,
    }


def unmerge(store, name: str, *, overrides_path=None) -> dict:
    """Undo the merges that made ``name`` (a merged entity's old name or key) an alias."""
    ov = _overrides(store, overrides_path)
    wanted = {name} | {entity_key(t, name) for t in ("PERSON", "ORG", "GPE")}
    gone = sorted(k for k in ov.merges if k in wanted)
    if not gone:
        G = _lookup_graph(store)
        try:
            key = _find(G, name)
        except QueryError:
            key = None
        into = sorted(g for g, k in ov.merges.items() if k == key)
        hint = f"; merged into {key}: {', '.join(into)}" if into else ""
        raise QueryError(f"no merge decision for {name!r}{hint}")
    survivors = {ov.final(k) for k in gone}
    lines = [f"merge\t{ov.merges[k]}\t{k}" for k in gone]
    for k in gone:
        del ov.merges[k]
    _save(store, ov)
    _reresolve(store, survivors | set(gone))
    return {"removed": lines, "overrides": str(ov.path) if ov.path else None}


def split(
    store, name: str, docs: Sequence[str], *, new_key: str | None = None, overrides_path=None
) -> dict:
    """The mentions of ``name`` in the articles ``docs`` (ids or paths) become one new entity.

    Its key is ``KEY#<first 10 hex digits of the smallest doc id>`` unless ``new_key`` is
    given. Refuses a split that would leave nothing behind.
    """
    if not docs:
        raise InputError("split needs at least one --doc DOC_ID|PATH")
    G = _lookup_graph(store)
    key = _find(G, name)
    doc_ids, problems = resolve_targets(store, docs)
    if problems:
        raise InputError("; ".join(problems))
    mentioned = {r["doc_id"] for r in _entity_locals(store, key)}
    missing = [d for d in doc_ids if d not in mentioned]
    if missing:
        raise InputError(f"{G.nodes[key].get('name')!r} is not mentioned in {', '.join(missing)}")
    if mentioned <= set(doc_ids):
        raise InputError(
            f"every article mentioning {G.nodes[key].get('name')!r} is in the split: nothing would remain"
        )
    from graphkit.resolve import _short

    base = key.split("#", 1)[0]
    new_key = new_key or f"{base}#{_short(min(doc_ids))}"
    if new_key in G:
        raise InputError(f"{new_key} is already an entity; choose another --as KEY")
    ov = _overrides(store, overrides_path)
    for d in doc_ids:
        ov.add_split(key, d, new_key)
    _save(store, ov)
    _reresolve(store, {key})
    return {
        "decisions": [f"split\t{key}\t{d}\t{new_key}" for d in doc_ids],
        "entity": key,
        "new_entity": new_key,
        "overrides": str(ov.path) if ov.path else None,
    }


def unsplit(store, name: str, *, overrides_path=None) -> dict:
    """Undo the splits that created ``name`` (a split-off entity) or were made from it."""
    G = _lookup_graph(store)
    key = _find(G, name)
    ov = _overrides(store, overrides_path)
    gone = sorted(k for k, new in ov.splits.items() if key in (k[0], new))
    if not gone:
        raise QueryError(f"no split decision involves {key}")
    keys = {key} | {k for k, _ in gone} | {ov.splits[k] for k in gone}
    lines = [f"split\t{k}\t{d}\t{ov.splits[(k, d)]}" for k, d in gone]
    for k in gone:
        del ov.splits[k]
    _save(store, ov)
    _reresolve(store, keys)
    return {"removed": lines, "overrides": str(ov.path) if ov.path else None}


def apply_overrides(store, *, overrides_path=None) -> dict:
    """Re-resolve everything with the overrides file as it is now (after a hand edit or a pull).

    With ``overrides_path`` the embedded store remembers that file for later ingests.
    """
    ov = _overrides(store, overrides_path)
    if getattr(store, "set_overrides", None) is not None:
        store.set_overrides(ov, reresolve=False)
    store.reresolve()
    return {
        "overrides": str(ov.path) if ov.path else None,
        "merges": len(ov.merges),
        "splits": len(ov.splits),
    }


def _entity_locals(store, key: str) -> list[dict]:
    getter = getattr(store, "entity_locals", None)
    if getter is not None:
        return getter(key)
    # any backend: the articles whose evidence involves the entity
    rows = []
    seen = set()
    for r in store.evidence_rows():
        for side, name in (("subj_key", "subject"), ("obj_key", "object")):
            if r.get(side) == key and (r["doc_id"], r.get(name)) not in seen:
                seen.add((r["doc_id"], r.get(name)))
                rows.append(
                    {
                        "doc_id": r["doc_id"],
                        "type": key.split(":", 1)[0],
                        "name": r.get(name),
                        "aliases": [],
                        "path": r.get("path"),
                        "title": r.get("title"),
                        "published": r.get("published"),
                    }
                )
    return rows


def show(store, name: str, *, overrides_path=None) -> dict:
    """An entity's key, name, aliases, types, articles and the decisions that shaped it."""
    G = store.graph()
    key = _find(G, name)
    node = G.nodes[key]
    locals_ = _entity_locals(store, key)
    articles: dict[str, dict] = {}
    for r in locals_:
        a = articles.setdefault(
            r["doc_id"],
            {
                "doc_id": r["doc_id"],
                "path": r.get("path"),
                "title": r.get("title"),
                "published": r.get("published"),
                "names": [],
            },
        )
        a["names"] = sorted({*a["names"], r["name"], *r.get("aliases", [])})
    ov = _overrides(store, overrides_path)
    related = {key} | {g for g in ov.merges if ov.final(g) == key}
    return {
        "key": key,
        "name": node.get("name"),
        "type": node.get("type"),
        "aliases": list(node.get("aliases", [])),
        "types_seen": sorted({r["type"] for r in locals_}),
        "links": G.degree(key),
        "articles": sorted(articles.values(), key=lambda a: (a["published"] or "", a["doc_id"])),
        "decisions": ov.decisions_about(related),
        "overrides": str(ov.path) if ov.path else None,
    }


# ------------------------------------------------------------------------------------------
# versions: re-extract what an older extractor produced


def outdated(store, current: str) -> list[dict]:
    """Ingested articles whose recorded extractor differs from ``current``."""
    return [
        a
        for a in store.articles()
        if a.get("status", "ingested") == "ingested" and (a.get("extractor") or "") != current
    ]


@dataclass
class ReextractReport:
    extractor: str
    articles: list[dict] = field(default_factory=list)  # per article: ids, old extractor, diff
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(len(a["added"]) for a in self.articles)

    @property
    def removed(self) -> int:
        return sum(len(a["removed"]) for a in self.articles)

    def to_dict(self) -> dict:
        return {
            "extractor": self.extractor,
            "reextracted": len(self.articles),
            "edges_added": self.added,
            "edges_removed": self.removed,
            "articles": self.articles,
            "failed": [list(f) for f in self.failed],
        }


def _article_of(store, row: dict):
    """The Article for a ledger row: from the stored text, else re-read from its path."""
    from graphkit.model import Article

    meta = {
        k: row.get(k)
        for k in ("path", "external_id", "title", "url", "publisher", "published", "lang")
    }
    reader = getattr(store, "article_text", None)
    text = reader(row["doc_id"]) if reader is not None else None
    if text is not None:
        return Article(text, **meta), "store"
    path = row.get("path")
    if not path or not os.path.exists(path):
        raise InputError(
            "no stored text, and its path is not readable" + (f": {path}" if path else "")
        )
    from graphkit.ingest import ReadOptions, read_articles

    for a in read_articles([path], options=ReadOptions(lang=None)):
        if isinstance(a, Article) and a.doc_id == row["doc_id"]:
            filled = {k: v if v is not None else getattr(a, k) for k, v in meta.items()}
            return Article(a.text, **filled), "path"
    raise InputError(
        f"{path} no longer holds this article (its text changed since it was ingested)"
    )


def _named(G, edges: Iterable[tuple[str, str, str]]) -> list[dict]:
    out = []
    for s, rel, o in sorted(edges):
        out.append(
            {
                "source": G.nodes[s].get("name", s) if s in G else s,
                "relation": rel,
                "target": G.nodes[o].get("name", o) if o in G else o,
            }
        )
    return out


def reextract(
    store,
    nlp,
    *,
    doc_ids: Iterable[str] | None = None,
    batch_size: int = 16,
    dry_run: bool = False,
) -> ReextractReport:
    """Re-run extraction on outdated articles (or on ``doc_ids``) and report what changed.

    The text comes from the store (``articles.text``) or, when not kept, the original path
    (the content hash must still match). Each batch is one store load (replacing what the
    articles contributed); per article the report lists the edges (subject, relation, object)
    it supports now but did not before (``added``) and the reverse (``removed``). An article
    that cannot be read or extracted is reported and does not stop the others.
    """
    from graphkit.extract import extract_article, extractor_id
    from graphkit.store.base import DocRecord, iter_batches

    current = extractor_id(nlp)
    report = ReextractReport(current)
    rows = store.articles()
    if doc_ids is None:
        todo = outdated(store, current)
    else:
        wanted = set(doc_ids)
        todo = [
            a for a in rows if a["doc_id"] in wanted and a.get("status", "ingested") == "ingested"
        ]
    if dry_run:
        report.articles = [
            {
                "doc_id": a["doc_id"],
                "path": a.get("path"),
                "old_extractor": a.get("extractor") or "",
                "added": [],
                "removed": [],
            }
            for a in todo
        ]
        return report
    edges_of = getattr(store, "doc_edges", None) or (lambda d: _doc_edges(store, d))
    for batch in iter_batches(todo, batch_size):
        records, done = [], []
        for row in batch:
            name = row.get("path") or row["doc_id"]
            try:
                art, source = _article_of(store, row)
                triples = extract_article(nlp, art)
            except GraphkitError as exc:
                report.failed.append((name, str(exc)))
                continue
            except Exception as exc:  # one bad article never stops the batch
                report.failed.append((name, f"{type(exc).__name__}: {exc}"))
                continue
            records.append(DocRecord.build(art, triples, extractor=current))
            done.append((row, source, edges_of(row["doc_id"])))
        if not records:
            continue
        store.load(records)
        G = store.graph()
        for row, source, before in done:
            after = edges_of(row["doc_id"])
            report.articles.append(
                {
                    "doc_id": row["doc_id"],
                    "path": row.get("path"),
                    "old_extractor": row.get("extractor") or "",
                    "source": source,
                    "added": _named(G, after - before),
                    "removed": _named(G, before - after),
                }
            )
    return report


def _doc_edges(store, doc_id: str) -> set[tuple[str, str, str]]:
    from graphkit.store.graph import group_edges

    rows = [r for r in store.evidence_rows() if r["doc_id"] == doc_id]
    return set(group_edges(rows, getattr(store, "symmetric", frozenset())))
