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
   key onto another.

The display name of a global entity is its most frequent canonical name (ties: the longest,
then alphabetical) — again independent of arrival order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
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


@dataclass
class Overrides:
    """Curation decisions, kept in a plain-text file users review in git.

    Format, one decision per line (``#`` comments)::

        merge<TAB>PERSON:elon musk<TAB>PERSON:e musk
        split<TAB>PERSON:john smith<TAB>sha256:…
    """

    merges: dict[str, str] = field(default_factory=dict)  # merged key -> surviving key
    splits: set[tuple[str, str]] = field(default_factory=set)  # (key, doc_id)
    path: Path | None = None

    @classmethod
    def load(cls, path: str | Path | None) -> Overrides:
        ov = cls(path=Path(path) if path else None)
        if path is None or not Path(path).exists():
            return ov
        for lineno, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 3 or cols[0] not in ("merge", "split"):
                raise ConfigError(
                    f"{path}:{lineno}: expected merge|split<TAB>KEY<TAB>KEY-or-DOC_ID"
                )
            if cols[0] == "merge":
                ov.merges[cols[2].strip()] = cols[1].strip()
            else:
                ov.splits.add((cols[1].strip(), cols[2].strip()))
        return ov

    def final(self, key: str) -> str:
        seen = set()
        while key in self.merges and key not in seen:
            seen.add(key)
            key = self.merges[key]
        return key

    def lines(self) -> list[str]:
        out = [f"merge\t{keep}\t{gone}" for gone, keep in sorted(self.merges.items())]
        out += [f"split\t{key}\t{doc}" for key, doc in sorted(self.splits)]
        return out

    def save(self) -> None:
        if self.path is None:
            raise ConfigError("no overrides file configured")
        header = "# graphkit overrides: merge<TAB>SURVIVING_KEY<TAB>MERGED_KEY | split<TAB>KEY<TAB>DOC_ID\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(header + "".join(line + "\n" for line in self.lines()), encoding="utf-8")
        tmp.replace(self.path)


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
    names = {(e.type, tuple(_toks(e.name))) for e in items}
    out: dict[LocalEntity, str] = {}
    for e in items:
        toks = tuple(_toks(e.name))
        longer = (
            {n for t, n in names if t == e.type and len(n) > len(toks) and n[-len(toks) :] == toks}
            if toks
            else set()
        )
        # only maximal longer names count ("Musk" ⊂ "Elon Musk" ⊂ "Elon R Musk" is one chain)
        maximal = {
            n for n in longer if not any(len(m) > len(n) and m[-len(n) :] == n for m in longer)
        }
        if len(maximal) == 1:
            key = f"{e.type}:{' '.join(next(iter(maximal)))}"
        else:
            key = f"{e.type}:{' '.join(toks)}"
        out[e] = key
    for e, key in list(out.items()):
        if (key, e.doc_id) in overrides.splits:
            key = f"{key}#{_short(e.doc_id)}"
        out[e] = overrides.final(key)
    return out


def _short(doc_id: str) -> str:
    return re.sub(r"^sha256:", "", doc_id)[:10]


def display_name(names: Iterable[str]) -> str:
    """Most frequent canonical name; ties → the longest, then alphabetical.

    >>> display_name(["Musk", "Elon Musk", "Elon Musk"])
    'Elon Musk'
    """
    counts = Counter(names)
    return sorted(counts, key=lambda n: (-counts[n], -len(n), n))[0]
