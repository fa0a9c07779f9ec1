"""Bulk first load of Neo4j: CSV files for ``neo4j-admin database import full``.

:func:`write_neo4j_import` turns a store (normally the embedded one) into node and relationship
CSV files holding exactly the graph that the online loader (:class:`graphkit.store.neo4j.Neo4jStore`)
would write for the same articles: the same labels, uniqueness keys (``Entity.key``,
``Article.doc_id``, ``Evidence.id``, ``Local.id``), property names and property types, the
``(:Evidence)-[:FROM]->(:Article)`` links, one typed relationship per (subject key, relation,
object key) with the same aggregates, and the near-duplicate signatures and
``(:Article)-[:NEAR_DUP]->(:Article)`` pairs (signatures from the store's kept article text). Rows are computed with the loader's own helpers
(:func:`graphkit.resolve.resolve_block`, :func:`graphkit.store.base.entity_name`,
:func:`graphkit.store.neo4j.link_props`), so a later incremental ``graphkit ingest --neo4j``
MERGEs onto the imported graph. Relationship types come only from the relation vocabulary (checked
against ``^[A-Z][A-Z0-9_]*$``; anything else is ``RELATED_TO`` with ``relation`` kept).

Each CSV has its header in a separate file (``NAME.header.csv``), because the column types are
known only once every row has been written. Arrays use the unit separator (U+001F) as delimiter,
so names containing ``;`` or ``,`` survive. Import (the database must be stopped; Community
Edition imports into ``neo4j``)::

    neo4j-admin database import full neo4j \\
        --nodes=OUT/articles.header.csv,OUT/articles.csv \\
        --nodes=OUT/locals.header.csv,OUT/locals.csv \\
        --nodes=OUT/evidence.header.csv,OUT/evidence.csv \\
        --nodes=OUT/entities.header.csv,OUT/entities.csv \\
        --nodes=OUT/meta.header.csv,OUT/meta.csv \\
        --relationships=OUT/from.header.csv,OUT/from.csv \\
        --relationships=OUT/links.header.csv,OUT/links.csv \\
        --relationships=OUT/near_dups.header.csv,OUT/near_dups.csv \\
        --array-delimiter='\\u001F' --multiline-fields=true

(:func:`import_arguments` gives this argument list; ``graphkit export neo4j-import`` prints it.)
Then start the database and run ``OUT/post-import.cypher`` once (``graphkit neo4j-finish-import
OUT --neo4j URI`` or ``cypher-shell -f``): it sets the list properties that are empty lists
(a CSV field cannot hold an empty array; the importer leaves the property out), creates the
loader's uniqueness constraints and indexes (:data:`graphkit.store.neo4j.SCHEMA`) and records the
schema version. Without it the graph still reads the same (readers treat a missing list as
empty) and the online loader creates the schema on its first write.

Not exported: ``Failure`` nodes (the embedded store keeps its failure log) and the text of
articles (the online loader does not store it either). Retracted articles become
``Article {status: 'removed'}`` ledger entries, as ``graphkit sync`` records them.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from graphkit import dedup
from graphkit.config import load_vocabulary
from graphkit.errors import InputError, StoreError
from graphkit.resolve import LocalEntity, Overrides, resolve_block
from graphkit.store.base import ARTICLE_FIELDS, EVIDENCE_FIELDS, DocRecord, entity_name
from graphkit.store.neo4j import (
    FALLBACK_TYPE,
    LSH_PROPS,
    SCHEMA,
    SCHEMA_VERSION,
    TYPE_RE,
    _digest,
    _overrides_to_json,
    entity_tally,
    evidence_node_row,
    link_props,
    local_node_rows,
    signature_props,
)

__all__ = [
    "ARRAY_DELIMITER",
    "finish_neo4j_import",
    "import_arguments",
    "post_import_statements",
    "write_neo4j_import",
]

#: Array delimiter in the CSV files (ASCII unit separator; never part of a name or sentence)
ARRAY_DELIMITER = "\x1f"
POST_IMPORT = "post-import.cypher"

# Property columns per file, in the order the online loader builds its rows (the ID column first
# for nodes); a property the loader adds and this list lacks is an error, not a silent drop.
ARTICLE_COLUMNS = (
    "doc_id",
    *ARTICLE_FIELDS,
    "extractor",
    "n_triples",
    "digest",
    "status",
    "ingested_at",
    "grp",
    "minhash",
    *LSH_PROPS,
)
LOCAL_COLUMNS = ("id", "doc_id", "type", "local", "name", "aliases", "block", "key", "mentions")
EVIDENCE_COLUMNS = (
    "id",
    *EVIDENCE_FIELDS,
    "doc_id",
    "seq",
    "relation",
    "subj_type",
    "subj_local",
    "obj_type",
    "obj_local",
    "subj_lid",
    "obj_lid",
    "subject",
    "object",
    "subj_key",
    "obj_key",
    "edge",
)
ENTITY_COLUMNS = ("key", "name", "type", "aliases", "articles", "mentions", "lookup", "tally")
META_COLUMNS = ("id", "generation", "overrides")
LINK_COLUMNS = (
    "weight",
    "articles",
    "predicates",
    "first_seen",
    "last_seen",
    "contested",
    "denied_by",
    "negated",
    "confidence",
    "event_dates",
    "edge",
    "relation",
    "symmetric",
    "evidence_count",
    "first_sentence",
    "first_doc_id",
)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _neo4j_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        if not all(isinstance(v, str) for v in value):
            raise StoreError(f"only lists of strings can be exported, not {value!r:.80}")
        return "string[]"
    raise StoreError(f"cannot export a {type(value).__name__} property to Neo4j CSV")


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _cell(value: Any) -> str:
    """One CSV field: null → empty (no property), strings always quoted ("" is an empty string)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)  # shortest round-trip text: Java parses back the same double
    if isinstance(value, str):
        return _quote(value)
    items = list(value)
    if any(ARRAY_DELIMITER in v for v in items):
        raise StoreError("a list item contains the array delimiter U+001F")
    return _quote(ARRAY_DELIMITER.join(items))


@dataclass
class _CsvTable:
    """One import file pair: ``NAME.csv`` (rows) and ``NAME.header.csv`` (typed header)."""

    outdir: Path
    name: str
    kind: str  # "nodes" or "relationships"
    lead: tuple[str, ...]  # the header fields before the properties (ids, :LABEL/:TYPE)
    props: tuple[str, ...]
    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    empty_lists: set[str] = field(default_factory=set)
    rows: int = 0

    def __post_init__(self) -> None:
        self.path = self.outdir / f"{self.name}.csv"
        self.header_path = self.outdir / f"{self.name}.header.csv"
        self._fh = open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115

    def write(self, lead: Iterable[str], props: dict[str, Any]) -> None:
        unknown = set(props) - set(self.props)
        if unknown:
            raise StoreError(f"{self.name}: unexpected properties {sorted(unknown)}")
        cells = [_quote(v) for v in lead]
        for p in self.props:
            v = props.get(p)
            if v is not None:
                self.types[p].add(_neo4j_type(v))
                if isinstance(v, (list, tuple)) and not v:
                    self.empty_lists.add(p)
                    v = None  # the importer cannot write an empty array: post-import sets it
            cells.append(_cell(v))
        self._fh.write(",".join(cells) + "\n")
        self.rows += 1

    def close(self) -> list[Path]:
        self._fh.close()
        header = list(self.lead)
        for p in self.props:
            types = self.types.get(p) or {"string"}
            if types == {"long", "double"}:
                types = {"double"}
            if len(types) != 1:
                raise StoreError(f"{self.name}.{p} mixes types {sorted(types)}")
            header.append(f"{p}:{types.pop()}")
        self.header_path.write_text(",".join(header) + "\n", encoding="utf-8")
        return [self.header_path, self.path]

    def argument(self) -> str:
        return f"--{self.kind}={self.header_path},{self.path}"


def _records(store) -> Iterable[DocRecord]:
    return store.iter_records()


def write_neo4j_import(
    store, outdir: str | os.PathLike, *, vocabulary_path: str | None = None
) -> list[Path]:
    """Write the bulk-import CSV files of ``store`` into ``outdir``; return the paths written.

    Parameters
    ----------
    store : a graphkit store with ``iter_records()``, ``ingested(status=…)`` and ``overrides()``
        (the embedded store; any backend offering these works).
    outdir : directory for the files (created; existing import files are overwritten).
    vocabulary_path : the relation vocabulary (default: the packaged one), as for the loader.

    Returns
    -------
    list of Path
        Header and data file of each table, then ``post-import.cypher``. Pass them to
        ``neo4j-admin`` with :func:`import_arguments`.
    """
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} exists and is not a directory")
    out.mkdir(parents=True, exist_ok=True)
    vocab = load_vocabulary(vocabulary_path)
    symmetric = frozenset(r.type for r in vocab.values() if r.symmetric)
    rel_types = frozenset(t for t in vocab if TYPE_RE.match(t))
    overrides: Overrides = store.overrides()
    now = _now()

    # pass 1: every article-local entity (as the loader's Local rows) and their global keys
    locals_: list[dict] = []
    for rec in _records(store):
        locals_.extend(local_node_rows(rec))
    by_block: dict[str, list[dict]] = defaultdict(list)
    for loc in locals_:
        by_block[loc["block"]].append(loc)
    for block_locals in by_block.values():
        ents = {LocalEntity(loc["doc_id"], loc["type"], loc["name"]): loc for loc in block_locals}
        for ent, key in resolve_block(ents, overrides).items():
            ents[ent]["key"] = key
    del by_block
    key_of = {loc["id"]: loc["key"] for loc in locals_}

    tables = {
        "articles": _CsvTable(out, "articles", "nodes", ("doc_id:ID(Article)", ":LABEL"), ARTICLE_COLUMNS[1:]),
        "locals": _CsvTable(out, "locals", "nodes", ("id:ID(Local)", ":LABEL"), LOCAL_COLUMNS[1:]),
        "evidence": _CsvTable(out, "evidence", "nodes", ("id:ID(Evidence)", ":LABEL"), EVIDENCE_COLUMNS[1:]),
        "entities": _CsvTable(out, "entities", "nodes", ("key:ID(Entity)", ":LABEL"), ENTITY_COLUMNS[1:]),
        "meta": _CsvTable(out, "meta", "nodes", ("id:ID(GraphkitMeta)", ":LABEL"), META_COLUMNS[1:]),
        "from": _CsvTable(out, "from", "relationships", (":START_ID(Evidence)", ":END_ID(Article)", ":TYPE"), ()),
        "links": _CsvTable(out, "links", "relationships", (":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"), LINK_COLUMNS),
        "near_dups": _CsvTable(out, "near_dups", "relationships", (":START_ID(Article)", ":END_ID(Article)", ":TYPE"), ("similarity",)),
    }  # fmt: skip
    text_of = getattr(store, "article_text", None)
    sigs: dict[str, bytes] = {}
    try:
        for loc in locals_:
            tables["locals"].write([loc["id"], "Local"], {k: loc[k] for k in LOCAL_COLUMNS[1:]})

        # pass 2: articles and evidence (streamed), evidence per link kept for the aggregates
        link_evidence: dict[str, list[dict]] = defaultdict(list)
        for rec in _records(store):
            # the signature the online loader computes from the text (when the store kept it)
            sig = dedup.signature(rec.text or (text_of(rec.doc_id) if text_of else None))
            if sig is not None:
                sigs[rec.doc_id] = sig
            props = {k: rec.meta.get(k) for k in ARTICLE_FIELDS}
            props.update(
                extractor=rec.extractor or None,
                n_triples=len(rec.rows),
                digest=_digest(rec, sig),
                status="ingested",
                ingested_at=now,
                grp=rec.meta.get("grp"),
                **signature_props(sig),
            )
            tables["articles"].write([rec.doc_id, "Article"], props)
            published, group = rec.meta.get("published"), rec.meta.get("grp") or rec.doc_id
            for seq, row in enumerate(rec.rows):
                ev = evidence_node_row(rec, seq, row, key_of, symmetric)
                ev_id, edge = ev.pop("id"), ev["edge"]
                tables["evidence"].write([ev_id, "Evidence"], ev)
                tables["from"].write([ev_id, rec.doc_id, "FROM"], {})
                if edge is not None:
                    link_evidence[edge].append(
                        {
                            "doc_id": rec.doc_id,
                            "predicate": ev["predicate"],
                            "sentence": ev["sentence"],
                            "char_start": ev["char_start"],
                            "negated": ev["negated"],
                            "denied_by": ev["denied_by"],
                            "confidence": ev["confidence"],
                            "event_date": ev["event_date"],
                            "published": published,
                            "group": group,
                            "seq": seq,
                        }
                    )
        for doc_id in sorted(store.ingested(status="removed")):
            tables["articles"].write(
                [doc_id, "Article"],
                {"status": "removed", "n_triples": 0, "ingested_at": now},
            )

        # entities, as the loader derives them from their locals
        by_key: dict[str, list[dict]] = defaultdict(list)
        for loc in locals_:
            by_key[loc["key"]].append(loc)
        for key, locs in sorted(by_key.items()):
            locs.sort(key=lambda r: (r["doc_id"], r["type"], r["local"]))
            name, aliases = entity_name(
                key,
                [(r["name"], r["type"], 1) for r in locs],
                (a for r in locs for a in r["aliases"] or []),
            )
            lookup = {key.casefold(), name.casefold(), *(a.casefold() for a in aliases)}
            tables["entities"].write(
                [key, "Entity"],
                {
                    "name": name,
                    "type": locs[0]["type"],
                    "aliases": sorted(aliases),
                    "articles": len({r["doc_id"] for r in locs}),
                    "mentions": sum(r["mentions"] or 0 for r in locs),
                    "lookup": sorted(lookup),
                    "tally": entity_tally(Counter((r["name"], r["type"]) for r in locs)),
                },
            )

        # typed links with their aggregates
        for edge, evs in sorted(link_evidence.items()):
            s, rel, o = json.loads(edge)
            evs.sort(key=lambda e: (e["doc_id"], e["seq"]))
            props = link_props(edge, rel, evs, symmetric=rel in symmetric)
            rtype = rel if rel in rel_types else FALLBACK_TYPE
            if not TYPE_RE.match(rtype):
                raise StoreError(f"relationship type {rtype!r} does not match {TYPE_RE.pattern}")
            tables["links"].write([s, o, rtype], props)

        # near-duplicate pairs, found as the loader finds them (shared LSH band, similarity)
        for (a, b), sim in sorted(_near_duplicates(sigs).items()):
            tables["near_dups"].write([a, b, "NEAR_DUP"], {"similarity": sim})
        del sigs

        tables["meta"].write(
            ["store", "GraphkitMeta"],
            {"generation": 1, "overrides": _overrides_to_json(overrides)},
        )
    finally:
        paths: list[Path] = []
        for t in tables.values():
            paths += t.close()
    script = out / POST_IMPORT
    script.write_text(";\n".join(post_import_statements(tables.values())) + ";\n", encoding="utf-8")
    return [*paths, script]


def _near_duplicates(sigs: dict[str, bytes]) -> dict[tuple[str, str], float]:
    """(smaller doc id, larger) → similarity for articles sharing an LSH band whose estimated
    Jaccard similarity reaches :data:`graphkit.dedup.THRESHOLD` (one band at a time)."""
    keys = {d: dedup.band_keys(sig) for d, sig in sigs.items()}
    pairs: dict[tuple[str, str], float] = {}
    for band in range(dedup.BANDS):
        bucket: dict[int, list[str]] = defaultdict(list)
        for d in sorted(keys):
            bucket[keys[d][band]].append(d)
        for docs in bucket.values():
            for i, a in enumerate(docs):
                for b in docs[i + 1 :]:
                    if (a, b) not in pairs:
                        sim = dedup.similarity(sigs[a], sigs[b])
                        if sim >= dedup.THRESHOLD:
                            pairs[(a, b)] = sim
    return pairs


def post_import_statements(tables: Iterable[_CsvTable] = ()) -> list[str]:
    """Cypher to run once on the imported database: empty lists, then the loader's schema."""
    out = []
    for t in tables:
        for p in sorted(t.empty_lists):
            if t.kind == "nodes":
                label = t.lead[0].split("(", 1)[1].rstrip(")")  # the ID space is the label
                out.append(
                    f"MATCH (n:{label}) WHERE n.{p} IS NULL"
                    f" CALL (n) {{ SET n.{p} = [] }} IN TRANSACTIONS OF 10000 ROWS"
                )
            else:
                out.append(
                    f"MATCH (:Entity)-[r]->(:Entity) WHERE r.edge IS NOT NULL AND r.{p} IS NULL"
                    f" CALL (r) {{ SET r.{p} = [] }} IN TRANSACTIONS OF 10000 ROWS"
                )
    out += list(SCHEMA)
    out.append("CALL db.awaitIndexes(300)")
    out.append(
        "MERGE (m:GraphkitMeta {id: 'store'})"
        f" SET m.schema_version = {SCHEMA_VERSION}, m.generation = coalesce(m.generation, 0)"
    )
    return out


def import_arguments(paths: Iterable[str | os.PathLike], database: str = "neo4j") -> list[str]:
    """The ``neo4j-admin`` arguments importing the files :func:`write_neo4j_import` wrote."""
    files = [Path(p) for p in paths]
    args = ["database", "import", "full", database]
    nodes = ("articles", "locals", "evidence", "entities", "meta")
    for name in (*nodes, "from", "links", "near_dups"):
        header = next((p for p in files if p.name == f"{name}.header.csv"), None)
        data = next((p for p in files if p.name == f"{name}.csv"), None)
        if header is None or data is None:
            raise InputError(f"import file {name}.csv or its header is missing")
        kind = "nodes" if name in nodes else "relationships"
        args.append(f"--{kind}={header},{data}")
    args += ["--array-delimiter=\\u001F", "--multiline-fields=true"]
    return args


def finish_neo4j_import(store, script: str | os.PathLike) -> int:
    """Run ``post-import.cypher`` on the imported database (a :class:`Neo4jStore`).

    Idempotent. Returns the number of statements run.
    """
    path = Path(script)
    if path.is_dir():
        path = path / POST_IMPORT
    if not path.is_file():
        raise InputError(f"{path}: no such file (written by 'graphkit export neo4j-import')")
    statements = [s.strip() for s in path.read_text(encoding="utf-8").split(";\n") if s.strip()]
    with store._guard("finishing the import"), store.driver.session(database=store.database) as s:
        for stmt in statements:
            s.run(stmt).consume()
    return len(statements)
