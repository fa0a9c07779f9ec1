"""The extract stage: articles in, :class:`~graphkit.model.Triple` lists out.

Extraction is a pure function of (article text, model, configuration files): it never reads
a store, so the same input gives the same triples in any order, locally or on a cluster.
Very long articles are cut into chunks at paragraph breaks (``CHUNK_CHARS``) and their offsets
shifted back, so evidence offsets always index the full article text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from graphkit import __version__
from graphkit.extract.entities import norm
from graphkit.model import Article, Triple

CHUNK_CHARS = 100_000

_META = ("path", "external_id", "title", "url", "publisher", "published")


def extractor_id(nlp) -> str:
    """``graphkit X / model Y``: recorded on every triple so re-extraction after an upgrade shows."""
    from graphkit.nlp import model_version

    return f"graphkit {__version__} / {model_version(nlp)}"


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """Split ``text`` into (offset, chunk) pieces of at most ``size`` characters at line breaks.

    >>> [o for o, _ in chunks("a\\n" * 10, size=6)]
    [0, 6, 12, 18]
    """
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            cut = text.rfind("\n", start + size // 2, end)
            if cut == -1:
                cut = text.rfind(" ", start + size // 2, end)
            if cut != -1:
                end = cut + 1
        yield start, text[start:end]
        start = end


def _to_triples(article: Article, docs: list[tuple[int, object]], extractor: str) -> list[Triple]:
    out: list[Triple] = []
    for offset, doc in docs:
        for t in doc._.triples or ():
            d = {k: v for k, v in t.items() if k != "rule"}
            d["char_start"] += offset
            d["char_end"] += offset
            for k in _META:
                d[k] = getattr(article, k)
            d["doc_id"] = article.doc_id
            d["extractor"] = extractor
            out.append(Triple(**d))
    if len(docs) > 1:
        _unify_chunk_names(out)
    return out


def _unify_chunk_names(triples: list[Triple]) -> None:
    """Across the chunks of one long article, a bare surname joins the one full name it matches."""
    full = {}
    for t in triples:
        for name, typ in ((t.subject, t.subject_type), (t.object, t.object_type)):
            if typ == "PERSON" and " " in name:
                full.setdefault(norm(name).split()[-1], set()).add(name)
    for t in triples:
        for attr_name, typ in (("subject", t.subject_type), ("object", t.object_type)):
            name = getattr(t, attr_name)
            if typ == "PERSON" and " " not in name and len(full.get(norm(name), ())) == 1:
                setattr(t, attr_name, next(iter(full[norm(name)])))


def extract_article(nlp, article: Article) -> list[Triple]:
    """Triples of one article, in text order.

    >>> from graphkit.nlp import load_pipeline
    >>> nlp = load_pipeline()
    >>> ts = extract_article(nlp, Article("Vladimir Putin met Donald Trump in Helsinki."))
    >>> [(t.subject, t.relation, t.object) for t in ts]
    [('Vladimir Putin', 'MET_WITH', 'Donald Trump')]
    """
    docs = [(off, nlp(piece)) for off, piece in chunks(article.text)]
    return _to_triples(article, docs, extractor_id(nlp))


def extract_articles(
    nlp, articles: Iterable[Article], *, batch_size: int = 16, n_process: int = 1
) -> Iterator[tuple[Article, list[Triple]]]:
    """Stream (article, triples) pairs through ``nlp.pipe``; long articles are chunked.

    Articles are yielded in input order once all their chunks are done.
    """
    extractor = extractor_id(nlp)

    def pieces():
        for idx, art in enumerate(articles):
            parts = list(chunks(art.text))
            for k, (off, piece) in enumerate(parts):
                yield piece, (idx, art, off, k == len(parts) - 1)

    pending: list[Triple] = []  # triples, not Docs: a 50 MB article must not hold 500 Docs
    n_parts = 0
    for doc, (_idx, art, off, last) in nlp.pipe(
        pieces(), as_tuples=True, batch_size=batch_size, n_process=n_process
    ):
        pending.extend(_to_triples(art, [(off, doc)], extractor))
        n_parts += 1
        if last:
            if n_parts > 1:
                _unify_chunk_names(pending)
            yield art, pending
            pending, n_parts = [], 0
