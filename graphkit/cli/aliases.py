"""``graphkit aliases export``: the store's entities and aliases as a gazetteer file."""

from __future__ import annotations

from typing import Annotated

import typer

from graphkit.cli import DatabaseOpt, Neo4jOpt, StoreOpt, _open, app, handle

aliases_app = typer.Typer(
    help="Gazetteer files learnt from a store (an explicit step; extraction never reads it).",
    no_args_is_help=True,
)
app.add_typer(aliases_app, name="aliases")


@aliases_app.command(
    "export",
    epilog="Example: graphkit aliases export --store graphkit-store -o aliases.tsv",
)
@handle
def export(
    out: Annotated[str, typer.Option("-o", "--output", help="Gazetteer TSV to write")],
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Write the store's entities + aliases in gazetteer.tsv format (use with --aliases)."""
    from graphkit.aliases import export_aliases

    with _open(store, neo4j, create=False, database=database) as st:
        n = export_aliases(st, out)
    typer.echo(f"wrote {n} entities to {out}", err=True)
