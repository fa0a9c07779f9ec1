"""Typed contracts between the stages (see DESIGN.md, "The triple contract").

``Article``  ingest → extract: the text and its metadata; ``doc_id`` is the content hash.
``Triple``   extract → resolve → store: one link with its evidence, the JSONL contract.
``Entity``   store → query/export: a resolved node.
``Evidence`` store → query/export: one sentence behind an edge.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from graphkit.errors import InputError

ENTITY_TYPES = ("PERSON", "ORG", "GPE")
RELATION_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")


def content_id(text: str) -> str:
    """The stable document id of an article: ``sha256:`` + hex digest of its UTF-8 text.

    >>> content_id("abc")[:20]
    'sha256:ba7816bf8f01c'
    """
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    """One article, as read by :mod:`graphkit.ingest`."""

    text: str
    path: str | None = None
    external_id: str | None = None
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime
    lang: str | None = None
    doc_id: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise InputError(f"{self.path or '<article>'}: article text must be a string")
        if not self.doc_id:
            object.__setattr__(self, "doc_id", content_id(self.text))

    @property
    def name(self) -> str:
        """How the article is named in messages: its path, external id or doc id."""
        return self.path or self.external_id or self.doc_id


@dataclass(slots=True)
class Triple:
    """One extracted link and its evidence: exactly the JSONL contract of DESIGN.md.

    ``subject_aliases``/``object_aliases`` are optional extras: the surface forms the
    extractor clustered into the entity within this article, so that a store loaded from
    JSONL resolves names across articles exactly as one loaded by ``ingest``.
    """

    subject: str
    subject_type: str
    relation: str
    predicate: str
    object: str
    object_type: str
    doc_id: str
    sentence: str
    char_start: int
    char_end: int
    path: str | None = None
    external_id: str | None = None
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: str | None = None
    attributed_to: str | None = None
    negated: bool = False
    denied_by: str | None = None
    confidence: float = 0.5
    extractor: str = ""
    event_time: str | None = None
    event_date: str | None = None
    subject_aliases: list[str] = field(default_factory=list)
    object_aliases: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any, *, where: str = "<triple>") -> Triple:
        """Validate one decoded JSON object and build a Triple; raise InputError naming ``where``."""
        if not isinstance(data, dict):
            raise InputError(f"{where}: expected a JSON object, got {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        required = (
            "subject",
            "subject_type",
            "relation",
            "object",
            "object_type",
            "doc_id",
            "sentence",
            "char_start",
            "char_end",
        )
        missing = [k for k in required if data.get(k) in (None, "")]
        if missing:
            raise InputError(f"{where}: missing field(s) {', '.join(missing)}")
        kw = {k: v for k, v in data.items() if k in known}
        for k in ("subject", "object", "sentence", "doc_id", "relation"):
            if not isinstance(kw[k], str):
                raise InputError(f"{where}: field {k!r} must be a string")
        for k in ("subject_type", "object_type"):
            if kw[k] not in ENTITY_TYPES:
                raise InputError(f"{where}: {k} {kw[k]!r} is not one of {', '.join(ENTITY_TYPES)}")
        if not RELATION_RE.match(kw["relation"]):
            raise InputError(f"{where}: relation {kw['relation']!r} is not UPPER_SNAKE_CASE")
        for k in ("char_start", "char_end"):
            if isinstance(kw[k], bool) or not isinstance(kw[k], int) or kw[k] < 0:
                raise InputError(f"{where}: {k} must be a non-negative integer")
        if kw["char_end"] < kw["char_start"]:
            raise InputError(f"{where}: char_end is before char_start")
        kw.setdefault("predicate", kw["relation"].lower().replace("_", " "))
        if kw.get("predicate") is None:
            kw["predicate"] = kw["relation"].lower().replace("_", " ")
        conf = kw.get("confidence", 0.5)
        if isinstance(conf, bool) or not isinstance(conf, (int, float)) or not math.isfinite(conf):
            raise InputError(f"{where}: confidence must be a number")
        kw["confidence"] = float(conf)
        kw["negated"] = bool(kw.get("negated", False))
        for k in ("subject_aliases", "object_aliases"):
            v = kw.get(k) or []
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise InputError(f"{where}: {k} must be a list of strings")
            kw[k] = v
        for k in (
            "path",
            "external_id",
            "title",
            "url",
            "publisher",
            "published",
            "attributed_to",
            "denied_by",
            "extractor",
            "event_time",
            "event_date",
        ):
            v = kw.get(k)
            if v is not None and not isinstance(v, str):
                kw[k] = str(v)
        kw["extractor"] = kw.get("extractor") or ""
        return cls(**kw)


@dataclass(frozen=True, slots=True)
class Entity:
    """A resolved entity (a node): ``key`` is ``TYPE:normalised name`` (plus ``#n`` if split)."""

    key: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    articles: int = 0
    mentions: int = 0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["aliases"] = list(self.aliases)
        return d


@dataclass(frozen=True, slots=True)
class Evidence:
    """One sentence behind an edge, with where it came from and who asserted it."""

    doc_id: str
    sentence: str
    char_start: int
    char_end: int
    predicate: str
    subject: str = ""  # the subject's name as written in this article's resolution
    object: str = ""
    path: str | None = None
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: str | None = None
    attributed_to: str | None = None
    negated: bool = False
    denied_by: str | None = None
    confidence: float = 0.5
    extractor: str = ""
    event_time: str | None = None
    event_date: str | None = None
    group: str | None = None  # independent-source group (syndicated copies share one)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
