"""``graphkit aliases export``: a store's entities and aliases as a gazetteer file.

Extraction never reads the store (DESIGN.md): learning names from the graph is this explicit,
versioned step. The file has the format of ``graphkit/data/gazetteer.tsv``
(``NAME<TAB>TYPE<TAB>alias, alias, …``) with a header recording the store, its generation and
the graphkit version, so it can be diffed, reviewed and passed back with ``--aliases FILE``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path

from graphkit import __version__
from graphkit.errors import InputError
from graphkit.model import ENTITY_TYPES

MIN_ALIAS_CHARS = 2


def _clean(name: str) -> str:
    return " ".join(str(name).replace("\t", " ").split())


def gazetteer_rows(entities: Iterable[dict]) -> Iterator[tuple[str, str, list[str]]]:
    """(name, type, aliases) rows for gazetteer entities, sorted by type and name.

    Aliases that cannot be written in the comma-separated field (a comma inside, a
    ``context:`` prefix) or are shorter than two characters are left out; an alias equal to
    the name (case-insensitively), a demonym ("Chinese") and an all-lower-case alias are
    dropped, since the gazetteer matches them as names. Entities of other types are skipped.

    >>> list(gazetteer_rows([{"name": "Elon Musk", "type": "PERSON", "aliases": ["Musk", "elon musk"]}]))
    [('Elon Musk', 'PERSON', ['Musk'])]
    """
    from graphkit.config import load_demonyms

    demonyms = set(load_demonyms())
    rows = []
    for e in entities:
        name, etype = _clean(e.get("name", "")), str(e.get("type", "")).upper()
        if not name or etype not in ENTITY_TYPES or "," in name:
            continue
        seen = {name.casefold()}
        aliases = []
        for a in e.get("aliases") or ():
            a = _clean(a)
            key = a.casefold()
            if (
                len(a) < MIN_ALIAS_CHARS
                or "," in a
                or key.startswith("context:")
                or key in seen
                or key in demonyms  # "Chinese" names China only in a role ("Chinese leader")
                or a == a.lower()
            ):
                continue
            seen.add(key)
            aliases.append(a)
        rows.append((name, etype, sorted(aliases)))
    yield from sorted(rows, key=lambda r: (r[1], r[0].casefold(), r[0]))


def export_aliases(store, out: str | os.PathLike) -> int:
    """Write the entities of an open store as a gazetteer TSV; return the number of entries.

    Parameters
    ----------
    store : Store
        An open store with ``entities()`` (e.g. :class:`graphkit.store.embedded.EmbeddedStore`).
    out : path
        The file to write (its folder must exist); written atomically.
    """
    rows = list(gazetteer_rows(store.entities()))
    where = getattr(store, "path", None) or getattr(store, "uri", "?")
    generation = getattr(store, "generation", None)
    header = [
        "# graphkit gazetteer exported from a store: NAME<TAB>TYPE<TAB>aliases (comma-separated)",
        f"# store: {where}; generation: {generation}; entities: {len(rows)}",
        f"# exported: {datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')} "
        f"by graphkit {__version__}",
        "# Review it, then use it with: graphkit extract|ingest --aliases FILE",
    ]
    lines = [*header, *(f"{n}\t{t}\t{', '.join(a)}" for n, t, a in rows)]
    path = Path(out)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return len(rows)
