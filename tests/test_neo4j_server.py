"""The real Neo4j test server answers over Bolt with the session's credentials only."""

import neo4j
import pytest
from neo4j.exceptions import AuthError

pytestmark = pytest.mark.neo4j


def test_server_answers_bolt_and_checks_the_password(neo4j_server):
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
        assert records[0]["one"] == 1

    if neo4j_server.auth is None:
        pytest.skip("external server without auth (NEO4J_PASSWORD unset): no password to reject")
    user, password = neo4j_server.auth
    with (
        neo4j.GraphDatabase.driver(neo4j_server.uri, auth=(user, password + "-wrong")) as driver,
        pytest.raises(AuthError),
    ):
        driver.verify_connectivity()
