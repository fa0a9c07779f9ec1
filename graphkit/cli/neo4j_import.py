"""``graphkit export neo4j-import`` (bulk-import CSVs) and ``graphkit neo4j-finish-import``."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from graphkit.cli import DatabaseOpt, StoreOpt, _open, app, export_app, handle


@export_app.command(
    "neo4j-import",
    epilog="Example: graphkit export neo4j-import --store graphkit-store -o import/ ; then run"
    " the printed neo4j-admin command (database stopped), start Neo4j and run"
    " graphkit neo4j-finish-import import/ --neo4j bolt://localhost:7687",
)
@handle
def export_neo4j_import(
    out: Annotated[Path, typer.Option("-o", "--out", help="Directory for the CSV files")],
    store: StoreOpt = None,
    database: Annotated[str, typer.Option(help="Database to import into")] = "neo4j",
) -> None:
    """CSV files for a bulk first load with 'neo4j-admin database import full'.

    Same nodes, keys and properties as the online loader, so later 'graphkit ingest --neo4j'
    runs MERGE onto the imported graph.
    """
    from graphkit.export.neo4j_import import import_arguments, write_neo4j_import

    with _open(store, None, create=False) as st:
        paths = write_neo4j_import(st, out)
    typer.echo(f"wrote {len(paths)} files to {out}; import with (the database stopped):")
    typer.echo("  neo4j-admin " + shlex.join(import_arguments(paths, database)))
    typer.echo(
        f"then start Neo4j and run: graphkit neo4j-finish-import {shlex.quote(str(out))}"
        " --neo4j URI"
    )


@app.command(
    "neo4j-finish-import",
    epilog="Example: NEO4J_PASSWORD=… graphkit neo4j-finish-import import/"
    " --neo4j bolt://localhost:7687",
)
@handle
def neo4j_finish_import(
    outdir: Annotated[Path, typer.Argument(help="The directory 'export neo4j-import' wrote")],
    neo4j: Annotated[
        str,
        typer.Option(
            "--neo4j",
            help="Neo4j URI (bolt://, neo4j://, neo4j+s://); credentials from NEO4J_USER/NEO4J_PASSWORD",
        ),
    ],
    database: DatabaseOpt = None,
) -> None:
    """After a bulk import: set empty lists, create graphkit's constraints and indexes (once)."""
    from graphkit.export.neo4j_import import finish_neo4j_import

    with _open(None, neo4j, create=True, database=database) as st:
        n = finish_neo4j_import(st, outdir)
    typer.echo(f"ran {n} statement(s) from {outdir}; the database is ready for graphkit")
