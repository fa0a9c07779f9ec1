"""Cross-article entity resolution: article-local entities → stable global keys.

Within an article the extractor has already clustered mentions ("Musk" → "Elon Musk"). Here
the article-local entities of the whole store are merged, in one place, by a deterministic
function of the *set* of local entities — so the graph does not depend on the order in which
articles arrive, and a store loaded incrementally equals one loaded at once.

Rules (``resolve_block``), applied per *block* (entity type + last name token, so "Musk" and
"Elon Musk" meet, and a block is small):

1. A local entity is keyed by its type and normalised canonical name:
   ``PERSON:elon musk``. Identical names in different articles share the key.
2. A name that is a proper token-suffix of **exactly one** longer name in the block joins it
   ("Musk" → ``PERSON:elon musk``; "Journal" → ``ORG:the wall street journal``).
3. **Same-name guard**: when the short name is a suffix of several longer names ("Johnson" with
   "Boris Johnson" and "Dustin Johnson"), it is not guessed: it keeps its own key.
4. User decisions (:class:`Overrides`, from the overrides file) are applied last: a split pins
   the local entities of the named articles to a separate key (``…#<doc>``), a merge maps one
   key onto another (followed to the end of a chain, so the order of decisions does not matter).

The display name of a global entity is its most frequent canonical name (ties: the longest,
then alphabetical) — again independent of arrival order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.errors import ConfigError
from graphkit.extract.entities import norm

__all__ = ["LocalEntity", "Overrides", "block_of", "entity_key", "resolve_block", "display_name"]


def entity_key(etype: str, name: str) -> str:
    """The stable key of an entity: type + normalised name.

    >>> entity_key("PERSON", "Elon Musk")
    'PERSON:elon musk'
    """
    return f"{etype}:{' '.join(_toks(name))}"


def _toks(name: str) -> list[str]:
    return norm(name).replace("-", " ").split()


def block_of(etype: str, name: str) -> str:
    """The resolution block of a name: its type and last token.

    >>> block_of("PERSON", "Elon Musk") == block_of("PERSON", "Musk")
    True
    """
    toks = _toks(name)
    return f"{etype}:{toks[-1] if toks else ''}"


@dataclass(frozen=True)
class LocalEntity:
    doc_id: str
    type: str
    name: str

    @property
    def local(self) -> str:
        return norm(self.name)


KEY_RE = re.compile(r"^(PERSON|ORG|GPE):\S.*$")

HEADER = """\
# graphkit overrides: curation decisions, one per line, applied at every ingest and re-resolution.
#   merge<TAB>SURVIVING_KEY<TAB>MERGED_KEY        the merged entity becomes an alias of the survivor
#   split<TAB>KEY<TAB>DOC_ID[<TAB>NEW_KEY]        that article's mentions of KEY become NEW_KEY
#                                                 (default KEY#<first 10 hex digits of DOC_ID>)
# Keys are TYPE:normalised name (graphkit entity show NAME prints them). Lines starting # are comments.
"""


@dataclass
class Overrides:
    """Curation decisions, kept in a plain-text file users review in git.

    Format, one decision per line (``#`` comments, tab-separated)::

        merge<TAB>PERSON:elon musk<TAB>PERSON:e musk
        split<TAB>PERSON:john smith<TAB>sha256:…[<TAB>PERSON:john smith#2]

    Decisions are keyed by entity keys and content-hash doc ids, so they survive re-extraction
    and apply in any article order. ``save`` writes the lines sorted (stable diffs).

    >>> ov = Overrides()
    >>> ov.add_merge("PERSON:elon musk", "PERSON:e musk"); ov.final("PERSON:e musk")
    'PERSON:elon musk'
    >>> ov.add_merge("PERSON:e musk", "PERSON:elon musk")   # would be a cycle: refused
    Traceback (most recent call last):
    ...
    graphkit.errors.ConfigError: PERSON:e musk is already merged into PERSON:elon musk
    """

    merges: dict[str, str] = field(default_factory=dict)  # merged key -> surviving key
    splits: dict[tuple[str, str], str] = field(default_factory=dict)  # (key, doc_id) -> new key
    path: Path | None = None

    def __post_init__(self) -> None:
        # also accept splits as an iterable of (key, doc_id) or (key, doc_id, new_key)
        if not isinstance(self.splits, dict):
            items = list(self.splits)
            self.splits = {}
            for item in items:
                self.add_split(*item)

    def to_text(self) -> str:
        """The file format (header + sorted decision lines): what :meth:`save` writes."""
        return HEADER + "".join(line + "\n" for line in self.lines())

    @classmethod
    def from_text(cls, text: str, *, source: str = "<overrides>") -> Overrides:
        """Parse the file format (e.g. decisions a server backend keeps as text)."""
        return cls._parse(cls(), text, source)

    @classmethod
    def load(cls, path: str | Path | None) -> Overrides:
        ov = cls(path=Path(path) if path else None)
        if path is None or not Path(path).exists():
            return ov
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read overrides file {path}: {exc}") from exc
        return cls._parse(ov, text, str(path))

    @staticmethod
    def _parse(ov: Overrides, text: str, path: str) -> Overrides:
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = [c.strip() for c in line.split("\t")]
            ok = (cols[0] == "merge" and len(cols) == 3) or (
                cols[0] == "split" and len(cols) in (3, 4)
            )
            if not ok:
                raise ConfigError(
                    f"{path}:{lineno}: expected merge<TAB>KEY<TAB>KEY or split<TAB>KEY<TAB>DOC_ID[<TAB>NEW_KEY]"
                )
            keys = [cols[1], cols[2]] if cols[0] == "merge" else [cols[1], *cols[3:]]
            bad = [k for k in keys if not KEY_RE.match(k)]
            if bad:
                raise ConfigError(
                    f"{path}:{lineno}: {bad[0]!r} is not an entity key (TYPE:name, TYPE one of PERSON, ORG, GPE)"
                )
            try:
                if cols[0] == "merge":
                    ov.add_merge(cols[1], cols[2])
                else:
                    ov.add_split(cols[1], cols[2], cols[3] if len(cols) == 4 else None)
            except ConfigError as exc:
                raise ConfigError(f"{path}:{lineno}: {exc}") from None
        return ov

    def final(self, key: str) -> str:
        """Follow merges to the surviving key (cycles are refused when decisions are added)."""
        seen = set()
        while key in self.merges and key not in seen:
            seen.add(key)
            key = self.merges[key]
        return key

    def add_merge(self, keep: str, gone: str) -> None:
        """``gone`` becomes an alias of ``keep``."""
        if keep == gone:
            raise ConfigError(f"cannot merge {keep} into itself")
        if self.final(keep) == gone:
            raise ConfigError(f"{keep} is already merged into {gone}")
        self.merges[gone] = keep

    def add_split(self, key: str, doc_id: str, new_key: str | None = None) -> str:
        """The mentions of ``key`` in article ``doc_id`` become ``new_key``; returns it."""
        new_key = new_key or f"{key}#{_short(doc_id)}"
        if new_key == key:
            raise ConfigError(f"a split of {key} needs a different key")
        self.splits[(key, doc_id)] = new_key
        return new_key

    def split_key(self, key: str, doc_id: str) -> str | None:
        return self.splits.get((key, doc_id))

    def lines(self) -> list[str]:
        out = [f"merge\t{keep}\t{gone}" for gone, keep in sorted(self.merges.items())]
        for (key, doc), new in sorted(self.splits.items()):
            default = f"{key}#{_short(doc)}"
            out.append(f"split\t{key}\t{doc}" + ("" if new == default else f"\t{new}"))
        return out

    def decisions_about(self, keys: Iterable[str]) -> list[str]:
        """The decision lines that mention any of ``keys``."""
        ks = set(keys)
        out = [
            f"merge\t{keep}\t{gone}"
            for gone, keep in sorted(self.merges.items())
            if {keep, gone} & ks
        ]
        out += [
            f"split\t{key}\t{doc}\t{new}"
            for (key, doc), new in sorted(self.splits.items())
            if {key, new} & ks
        ]
        return out

    def save(self) -> None:
        """Write the file atomically, decisions sorted (a stable, reviewable diff)."""
        if self.path is None:
            raise ConfigError("no overrides file configured")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(self.path.name + ".tmp")
            tmp.write_text(self.to_text(), encoding="utf-8")
            tmp.replace(self.path)
        except OSError as exc:
            raise ConfigError(
                f"cannot write overrides file {self.path}: {exc.strerror or exc}"
            ) from exc


def base_keys(names: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Rules 1–3 for distinct (type, name) pairs of one block: name → key before overrides.

    Linear in the number of distinct names (each name registers itself under its proper
    token-suffixes), so a block of 100,000 mentions of a handful of names costs a handful.

    >>> base_keys([("PERSON", "Musk"), ("PERSON", "Elon Musk")])[("PERSON", "Musk")]
    'PERSON:elon musk'
    """
    toks_of = {tn: tuple(_toks(tn[1])) for tn in set(names)}
    distinct = {(t, toks) for (t, _n), toks in toks_of.items()}
    longer: dict[tuple[str, tuple[str, ...]], set[tuple[str, ...]]] = {}
    for t, toks in distinct:
        for i in range(1, len(toks)):
            longer.setdefault((t, toks[i:]), set()).add(toks)
    memo: dict[tuple[str, tuple[str, ...]], str] = {}
    out: dict[tuple[str, str], str] = {}
    for (t, name), toks in toks_of.items():
        key = memo.get((t, toks))
        if key is None:
            cands = longer.get((t, toks), set()) if toks else set()
            # only maximal longer names count ("Musk" ⊂ "Elon Musk" ⊂ "Elon R Musk" is one chain)
            # a longer name that is itself a suffix of a still longer one is not maximal
            maximal = [n for n in cands if not longer.get((t, n))]
            key = f"{t}:{' '.join(maximal[0] if len(maximal) == 1 else toks)}"
            memo[(t, toks)] = key
        out[(t, name)] = key
    return out


def apply_overrides(key: str, doc_id: str, overrides: Overrides) -> str:
    """Rule 4: a split pins (key, article) to a new key; merges map keys onto survivors."""
    # a split names the key as the user saw it: before or after merges
    new = overrides.split_key(key, doc_id) or overrides.split_key(overrides.final(key), doc_id)
    return overrides.final(new or key)


def resolve_block(
    locals_: Iterable[LocalEntity], overrides: Overrides | None = None
) -> dict[LocalEntity, str]:
    """Map every local entity of one block to its global key (rules 1–4 of the module).

    >>> a = LocalEntity("d1", "PERSON", "Elon Musk"); b = LocalEntity("d2", "PERSON", "Musk")
    >>> sorted(set(resolve_block([b, a]).values()))
    ['PERSON:elon musk']
    >>> c = LocalEntity("d3", "PERSON", "Kimbal Musk")
    >>> resolve_block([a, b, c])[b]
    'PERSON:musk'
    """
    overrides = overrides or Overrides()
    items = list(locals_)
    base = base_keys((e.type, e.name) for e in items)
    return {e: apply_overrides(base[(e.type, e.name)], e.doc_id, overrides) for e in items}


def _short(doc_id: str) -> str:
    return re.sub(r"^sha256:", "", doc_id)[:10]


def display_name(names: Iterable[str] | Mapping[str, int]) -> str:
    """Most frequent canonical name; ties → the longest, then alphabetical.

    ``names`` is every occurrence, or a mapping of each name to its count.

    >>> display_name(["Musk", "Elon Musk", "Elon Musk"])
    'Elon Musk'
    >>> display_name({"Musk": 2, "Elon Musk": 2})
    'Elon Musk'
    """
    counts = names if isinstance(names, Mapping) else Counter(names)
    return sorted(counts, key=lambda n: (-counts[n], -len(n), n))[0]
