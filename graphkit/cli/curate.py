"""Curation commands: ``remove``, ``entity merge|split|show|unmerge|unsplit|apply``,
``reextract --outdated`` and ``groups`` (near-duplicate articles folded into one source)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from graphkit.cli import (
    DatabaseOpt,
    FormatOpt,
    ModelOpt,
    Neo4jOpt,
    StoreOpt,
    _settings,
    app,
    err,
    handle,
    print_rows,
)
from graphkit.errors import InputError

entity_app = typer.Typer(
    help="Correct entities: merge two into one, split one apart, show what shaped one.",
    no_args_is_help=True,
)
app.add_typer(entity_app, name="entity")

OverridesOpt = Annotated[
    Path | None,
    typer.Option(
        "--overrides",
        help="Decisions file to edit (plain text, keep it in git) [default: the store's, "
        "STORE/overrides.tsv]; the embedded store remembers it for later ingests",
    ),
]


def _open(store, neo4j, database, *, create: bool = False, overrides: Path | None = None):
    from graphkit.store import open_store

    kw = {}
    if overrides is not None and not neo4j:
        kw["overrides_path"] = overrides
    return open_store(store, neo4j=neo4j, create=create, database=database, **kw)


def _json(obj) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False, indent=2))


def _check_format(fmt: str, allowed=("table", "json")) -> str:
    if fmt not in allowed:
        raise InputError(f"unknown format {fmt!r}: use {' or '.join(allowed)}")
    return fmt


@app.command(
    epilog="Examples: graphkit remove sha256:9146e6a1 --store graphkit-store  ·  "
    "graphkit remove data/samples/musk-putin.txt  ·  graphkit remove old-feed/ (a folder)",
)
@handle
def remove(
    targets: Annotated[
        list[str], typer.Argument(help="Doc ids (or ≥ 8-digit prefixes), files or folders")
    ],
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    database: DatabaseOpt = None,
    format: FormatOpt = "table",  # noqa: A002
) -> None:
    """Retract articles: their evidence goes; links and entities left without evidence vanish.

    The ledger keeps them as 'removed', so a later 'graphkit ingest' of the same folder skips
    them ('--include-removed' brings them back).
    """
    from graphkit.curate import retract

    _check_format(format)
    with _open(store, neo4j, database) as st:
        rep = retract(st, targets)
    if format == "json":
        _json(rep.to_dict())
    else:
        for a in rep.removed:
            typer.echo(f"removed {a['doc_id']}  {a['path'] or a['title'] or ''}".rstrip())
        for d in rep.already:
            typer.echo(f"already removed {d}")
        typer.echo(f"{len(rep.removed)} article(s) removed", err=True)
    for p in rep.problems:
        err(p)
    if rep.problems:
        raise typer.Exit(2)


@entity_app.command(
    "merge", epilog="Example: graphkit entity merge 'Elon Musk' 'E. Musk' --store graphkit-store"
)
@handle
def entity_merge(
    keep: Annotated[str, typer.Argument(help="The entity that stays (name, alias or key)")],
    gone: Annotated[str, typer.Argument(help="The entity that becomes its alias")],
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    database: DatabaseOpt = None,
    overrides: OverridesOpt = None,
) -> None:
    """B becomes an alias of A: its links and evidence move over (recorded in the overrides)."""
    from graphkit.curate import merge

    with _open(store, neo4j, database, overrides=overrides) as st:
        res = merge(st, keep, gone, overrides_path=overrides)
    typer.echo(f"merged {res['merged']} into {res['entity']}")
    typer.echo(f"decision written to {res['overrides'] or 'the database'}", err=True)


@entity_app.command("unmerge", epilog="Example: graphkit entity unmerge 'E. Musk'")
@handle
def entity_unmerge(
    name: Annotated[str, typer.Argument(help="The merged entity's old name or key")],
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    database: DatabaseOpt = None,
    overrides: OverridesOpt = None,
) -> None:
    """Undo a merge: the merged entity stands on its own again."""
    from graphkit.curate import unmerge

    with _open(store, neo4j, database, overrides=overrides) as st:
        res = unmerge(st, name, overrides_path=overrides)
    for line in res["removed"]:
        typer.echo(f"dropped decision: {line}")


@entity_app.command(
    "split",
    epilog="Example: graphkit entity split 'John Smith' --doc sha256:4f1c2a9e --doc other.txt",
)
@handle
def entity_split(
    name: Annotated[str, typer.Argument(help="The entity to split (name, alias or key)")],
    doc: Annotated[
        list[str], typer.Option("--doc", help="Article (doc id, prefix or path) to split off")
    ],
    as_key: Annotated[
        str | None, typer.Option("--as", help="Key of the new entity [default: KEY#<doc>]")
    ] = None,
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    database: DatabaseOpt = None,
    overrides: OverridesOpt = None,
) -> None:
    """The mentions of NAME in the given articles become a separate entity."""
    from graphkit.curate import split

    with _open(store, neo4j, database, overrides=overrides) as st:
        res = split(st, name, doc, new_key=as_key, overrides_path=overrides)
    typer.echo(
        f"split {len(res['decisions'])} article(s) off {res['entity']} into {res['new_entity']}"
    )
    typer.echo(f"decision written to {res['overrides'] or 'the database'}", err=True)


@entity_app.command(
    "unsplit", epilog="Example: graphkit entity unsplit 'PERSON:john smith#4f1c2a9e'"
)
@handle
def entity_unsplit(
    name: Annotated[str, typer.Argument(help="The split-off entity (or the one split)")],
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    database: DatabaseOpt = None,
    overrides: OverridesOpt = None,
) -> None:
    """Undo the splits that created (or were made from) an entity."""
    from graphkit.curate import unsplit

    with _open(store, neo4j, database, overrides=overrides) as st:
        res = unsplit(st, name, overrides_path=overrides)
    for line in res["removed"]:
        typer.echo(f"dropped decision: {line}")


@entity_app.command("show", epilog="Example: graphkit entity show Musk --format json")
@handle
def entity_show(
    name: Annotated[str, typer.Argument(help="Entity name, alias or key")],
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    database: DatabaseOpt = None,
    overrides: OverridesOpt = None,
    format: FormatOpt = "table",  # noqa: A002
) -> None:
    """Aliases, types, articles and the curation decisions that shaped an entity."""
    from graphkit.curate import show

    _check_format(format)
    with _open(store, neo4j, database, overrides=overrides) as st:
        res = show(st, name, overrides_path=overrides)
    if format == "json":
        _json(res)
        return
    typer.echo(f"{res['name']}  [{res['key']}]  {res['type']}, {res['links']} link(s)")
    typer.echo(f"aliases: {', '.join(res['aliases']) or '—'}")
    typer.echo(f"types seen: {', '.join(res['types_seen'])}")
    typer.echo(f"decisions ({res['overrides'] or 'database'}):")
    for line in res["decisions"] or ["—"]:
        typer.echo(f"  {line}")
    print_rows(
        [dict(a, names=", ".join(a["names"])) for a in res["articles"]],
        "table",
        title=f"{len(res['articles'])} article(s)",
        columns=["published", "doc_id", "path", "title", "names"],
    )


@entity_app.command(
    "apply", epilog="Example: graphkit entity apply --overrides curation/overrides.tsv"
)
@handle
def entity_apply(
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    database: DatabaseOpt = None,
    overrides: OverridesOpt = None,
) -> None:
    """Re-resolve every entity with the overrides file as it is now (after an edit or a pull)."""
    from graphkit.curate import apply_overrides

    with _open(store, neo4j, database, overrides=overrides, create=True) as st:
        res = apply_overrides(st, overrides_path=overrides)
    typer.echo(
        f"applied {res['merges']} merge(s) and {res['splits']} split(s) from {res['overrides'] or 'the database'}"
    )


@app.command(
    epilog="Example: graphkit reextract --outdated --store graphkit-store (--dry-run lists them)"
)
@handle
def reextract(
    outdated: Annotated[
        bool, typer.Option("--outdated", help="Articles extracted by another graphkit/model")
    ] = False,
    doc: Annotated[
        list[str] | None, typer.Option("--doc", help="Also/instead: these articles (id or path)")
    ] = None,
    dry_run: Annotated[bool, typer.Option(help="Only list what would be re-extracted")] = False,
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    database: DatabaseOpt = None,
    model: ModelOpt = None,
    format: FormatOpt = "table",  # noqa: A002
) -> None:
    """Re-run extraction (from the stored text or the original file) and report what changed."""
    from graphkit.curate import outdated as find_outdated
    from graphkit.curate import reextract as run
    from graphkit.curate import resolve_targets
    from graphkit.extract import extractor_id
    from graphkit.nlp import load_pipeline

    _check_format(format)
    if not outdated and not doc:
        raise InputError("say which articles: --outdated and/or --doc DOC_ID|PATH")
    nlp = load_pipeline(_settings(model))
    with _open(store, neo4j, database) as st:
        ids: list[str] = []
        if doc:
            ids, problems = resolve_targets(st, doc)
            if problems:
                raise InputError("; ".join(problems))
        if outdated:
            ids += [a["doc_id"] for a in find_outdated(st, extractor_id(nlp))]
        rep = run(st, nlp, doc_ids=dict.fromkeys(ids), dry_run=dry_run)
    if format == "json":
        _json(rep.to_dict())
    else:
        for a in rep.articles:
            typer.echo(
                f"{a['doc_id']}  {a['path'] or ''}  (was: {a['old_extractor'] or 'unknown'})"
            )
            for e in a["added"]:
                typer.echo(f"  + {e['source']} –{e['relation']}→ {e['target']}")
            for e in a["removed"]:
                typer.echo(f"  - {e['source']} –{e['relation']}→ {e['target']}")
        verb = "would re-extract" if dry_run else "re-extracted"
        typer.echo(
            f"{verb} {len(rep.articles)} article(s) with {rep.extractor}: "
            f"{rep.added} link(s) added, {rep.removed} removed; {len(rep.failed)} failed",
            err=True,
        )
    for name, reason in rep.failed:
        err(f"{name}: {reason}")
    if rep.failed:
        raise typer.Exit(2)


@app.command(epilog="Example: graphkit groups --store graphkit-store --format json")
@handle
def groups(
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    database: DatabaseOpt = None,
    format: FormatOpt = "table",  # noqa: A002
) -> None:
    """Near-duplicate articles (syndicated copies) that count as one independent source."""
    _check_format(format)
    with _open(store, neo4j, database) as st:
        rows = st.groups()
    if format == "json":
        _json(rows)
        return
    flat = [
        {
            "group": g["group"],
            "min_similarity": g["min_similarity"],
            "doc_id": m["doc_id"],
            "path": m["path"],
            "title": m["title"],
        }
        for g in rows
        for m in g["members"]
    ]
    print_rows(flat, "table", title=f"{len(rows)} group(s) of copies")
