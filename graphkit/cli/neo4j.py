"""``graphkit sync``: push an embedded store into Neo4j."""

from __future__ import annotations

from typing import Annotated

import typer

from graphkit.cli import DatabaseOpt, StoreOpt, _open, app, handle


@app.command(
    epilog="Example: NEO4J_PASSWORD=… graphkit sync --store graphkit-store"
    " --neo4j neo4j+s://xxxx.databases.neo4j.io",
)
@handle
def sync(
    neo4j: Annotated[
        str,
        typer.Option(
            "--neo4j",
            help="Neo4j URI (bolt://, neo4j://, neo4j+s://); credentials from NEO4J_USER/NEO4J_PASSWORD",
        ),
    ],
    store: StoreOpt = None,
    database: DatabaseOpt = None,
    batch_size: Annotated[int, typer.Option(help="Articles per Neo4j transaction")] = 500,
) -> None:
    """Push an embedded store into Neo4j: curation decisions, every article, retractions.

    Idempotent: a second sync changes nothing; an interrupted sync is completed by re-running it.
    """
    from graphkit.store.neo4j import sync as run_sync

    with (
        _open(store, None, create=False) as src,
        _open(None, neo4j, create=True, database=database) as dst,
    ):
        report = run_sync(src, dst, batch_size=batch_size)
        where = dst.display_uri
    typer.echo(
        f"synced {report.loaded} article(s), {report.triples} triple(s);"
        f" {report.removed} retracted → {where}"
    )
