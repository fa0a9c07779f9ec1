"""Store backends: the embedded default (SQLite + NetworkX) and Neo4j."""

from __future__ import annotations

import os

from graphkit.errors import ConfigError


def open_store(
    store: str | None = None,
    *,
    neo4j: str | None = None,
    create: bool = True,
    database: str | None = None,
    **kw,
):
    """Open the embedded store at ``store`` or, with ``neo4j``, a Neo4j backend.

    Neo4j credentials come from ``NEO4J_USER`` / ``NEO4J_PASSWORD`` (never from arguments that
    would show in a process list).
    """
    if neo4j:
        try:
            from graphkit.store.neo4j import Neo4jStore
        except ImportError as exc:  # pragma: no cover - the module ships with graphkit
            raise ConfigError(f"the Neo4j backend cannot be loaded: {exc}") from exc
        return Neo4jStore(
            neo4j,
            user=os.environ.get("NEO4J_USER", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD"),
            database=database or os.environ.get("NEO4J_DATABASE"),
            **kw,
        )
    from graphkit.config import default_store
    from graphkit.store.embedded import EmbeddedStore

    return EmbeddedStore(store or default_store(), create=create, **kw)
