"""Small helpers shared by the extraction tests (real pipeline, no mocks)."""

from __future__ import annotations

from graphkit.extract import extract_article
from graphkit.model import Article


def extract(nlp, text: str):
    return extract_article(nlp, Article(text))


def links(nlp, text: str) -> set[tuple[str, str, str]]:
    """(subject, relation, object) of every triple; symmetric pairs in both orders."""
    out = set()
    for t in extract(nlp, text):
        out.add((t.subject, t.relation, t.object))
        if t.relation in ("IN_CONTACT_WITH", "MET_WITH", "NEGOTIATED_WITH", "ALLIED_WITH"):
            out.add((t.object, t.relation, t.subject))
    return out


def mentions(nlp, text: str) -> list[tuple[str, str, str]]:
    """(surface text, type, canonical entity name) of every mention."""
    doc = nlp(text)
    names = {e["id"]: e["name"] for e in doc._.entities}
    return [(m[3], m[2], names[m[4]]) for m in doc._.mentions]
