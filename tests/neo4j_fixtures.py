"""Pytest fixtures for tests against a real Neo4j server.

Wire them in from ``tests/conftest.py`` with either of::

    pytest_plugins = ["tests.neo4j_fixtures"]      # needs the repo root importable
    from tests.neo4j_fixtures import *             # noqa: F401,F403

``neo4j_server`` (session scope) yields a :class:`tests.neo4j_server.ServerHandle`:

* ``NEO4J_URI`` set: that external server, auth from ``NEO4J_USER`` (default ``neo4j``) /
  ``NEO4J_PASSWORD`` (no auth when unset). It is never stopped.
* else Java/Maven missing: the test is skipped with the reason, or fails when ``CI=true``.
* else one launcher-built Neo4j 5.26 server for the whole session, auth ``neo4j`` / a random
  password, stopped at session end.

``neo4j_clean`` (function scope) yields the same handle after emptying the database: all nodes and
relationships, all constraints, all indexes except the built-in token LOOKUP indexes.

Tests using them should carry ``@pytest.mark.neo4j`` (registered below by ``pytest_configure``).
"""

from __future__ import annotations

import os
import secrets

import pytest

try:
    from tests.neo4j_server import (
        Neo4jServerError,
        ServerHandle,
        external_server,
        java_available,
        start_server,
    )
except ImportError:  # tests/ itself on sys.path (rootdir conftest without the repo root)
    from neo4j_server import (  # type: ignore[no-redef]
        Neo4jServerError,
        ServerHandle,
        external_server,
        java_available,
        start_server,
    )

__all__ = ["neo4j_server", "neo4j_clean", "pytest_configure"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "neo4j: needs a real Neo4j server (launcher-built, or NEO4J_URI)"
    )


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory):
    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield external_server(
            uri, os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD")
        )
        return

    ok, reason = java_available()
    if not ok:
        message = f"real Neo4j unavailable: {reason}"
        if _in_ci():
            pytest.fail(f"{message} (CI=true: Neo4j tests must run)", pytrace=False)
        pytest.skip(message)

    password = "gk-" + secrets.token_urlsafe(18)
    try:
        handle = start_server(tmp_path_factory.mktemp("neo4j"), auth=("neo4j", password))
    except Neo4jServerError as exc:
        # A machine that has Java and Maven but cannot build/start the server is a real failure.
        pytest.fail(str(exc), pytrace=False)
    try:
        yield handle
    finally:
        handle.stop()


def _clean(handle: ServerHandle) -> None:
    with handle.driver() as driver:
        # Batched delete keeps the transaction state small for big test graphs.
        with driver.session() as session:
            try:
                session.run(
                    "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
                ).consume()
            except Exception:  # noqa: BLE001 - servers older than 5.23 lack `CALL (n)`
                session.run("MATCH (n) DETACH DELETE n").consume()
        records, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name")
        for rec in records:
            driver.execute_query(f"DROP CONSTRAINT {_quote(rec['name'])} IF EXISTS")
        records, _, _ = driver.execute_query(
            "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name"
        )
        for rec in records:
            driver.execute_query(f"DROP INDEX {_quote(rec['name'])} IF EXISTS")


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


@pytest.fixture
def neo4j_clean(neo4j_server: ServerHandle):
    if not neo4j_server.external and not neo4j_server.is_running():
        pytest.fail(
            "the session's Neo4j server is no longer running (a test killed it?)\n"
            + neo4j_server.stderr_tail(),
            pytrace=False,
        )
    _clean(neo4j_server)
    yield neo4j_server
