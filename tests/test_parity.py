"""Every stock query gives the same rows on the embedded store and on a real Neo4j server.

The sample article and the 16 Wikinews articles are loaded into both backends once; each
query of ``graphkit.queries.QUERIES`` runs with a table of parameters (including bad names,
which must fail the same way). A query added to the registry without a row in the table fails
``test_every_query_is_covered``.
"""

from __future__ import annotations

import pytest

from graphkit import queries
from graphkit.errors import GraphkitError
from graphkit.store.embedded import EmbeddedStore
from graphkit.store.neo4j import Neo4jStore
from tests.neo4j_fixtures import _clean

pytestmark = pytest.mark.neo4j

CASES: list[tuple[str, dict]] = [
    ("neighbors", {"name": "Elon Musk"}),
    ("neighbors", {"name": "putin", "direction": "out"}),
    ("neighbors", {"name": "Vladimir Putin", "direction": "in", "limit": 3}),
    ("neighbors", {"name": "Musk", "relation": "in_contact_with"}),
    ("neighbors", {"name": "Elon Musk", "limit": 2, "offset": 3}),
    ("neighbors", {"name": "Elon Musk", "offset": -1}),
    ("neighbors", {"name": "Vladmir Putn"}),  # unknown: same suggestions
    ("neighbors", {"name": ""}),
    ("neighbors", {"name": "Musk", "direction": "sideways"}),
    ("path", {"source": "Tucker Carlson", "target": "Elon Musk"}),
    ("path", {"source": "Tucker Carlson", "target": "Starlink", "all": True}),
    ("path", {"source": "Tucker Carlson", "target": "China", "all": True, "max_hops": 2}),
    ("path", {"source": "Elon Musk", "target": "Musk"}),
    ("path", {"source": "Elon Musk", "target": "Putin", "max_hops": 0}),
    ("common", {"names": ["Tucker Carlson", "Elon Musk"]}),
    ("common", {"names": ["Vladimir Putin", "Elon Musk", "Xi Jinping"]}),
    ("common", {"names": ["Elon Musk", "Musk"]}),
    ("common", {"names": ["Elon Musk"]}),
    ("evidence", {"a": "Musk", "b": "Putin"}),
    ("evidence", {"a": "Putin", "b": "Musk", "relation": "ASKED"}),
    ("evidence", {"a": "Musk", "b": "Elon Musk"}),
    ("new", {"since": "2015"}),
    ("new", {"since": "2015-06-01", "until": "2015-12"}),
    ("new", {"since": "yesterday"}),
    ("contested", {}),
    ("contested", {"name": "Elon Musk"}),
    ("contested", {"relation": "IN_CONTACT_WITH"}),
    ("entity", {"name": "Vladimir Putin"}),
    ("entity", {"name": "Musk", "top": 2}),
    ("central", {}),
    ("central", {"by": "pagerank", "type": "PERSON", "top": 5}),
    ("central", {"by": "betweenness"}),
    ("communities", {}),
    ("communities", {"method": "label_propagation", "min_size": 3}),
    ("search", {"text": "putin"}),
    ("search", {"text": "musk", "type": "PERSON", "limit": 3}),
]


@pytest.fixture(scope="module")
def backends(tmp_path_factory, neo4j_server, corpus_records):
    _clean(neo4j_server)
    user, password = neo4j_server.auth if neo4j_server.auth else (None, None)
    emb = EmbeddedStore(tmp_path_factory.mktemp("parity") / "store")
    neo = Neo4jStore(neo4j_server.uri, user=user, password=password)
    emb.load(corpus_records)
    neo.load(corpus_records)
    yield emb, neo
    emb.close()
    neo.close()


def answer(backend, name: str, params: dict):
    try:
        return ("rows", queries.run(name, backend, **params))
    except GraphkitError as exc:
        return (type(exc).__name__, str(exc))


def test_every_query_is_covered():
    assert {name for name, _ in CASES} == set(queries.QUERIES)


@pytest.mark.parametrize(
    ("name", "params"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)]
)
def test_same_rows_on_both_backends(backends, name, params):
    emb, neo = backends
    want = answer(emb, name, params)
    got = answer(neo, name, params)
    assert got == want


def test_the_sample_answers_on_neo4j(backends):
    _, neo = backends
    hops = queries.run("path", neo, source="Tucker Carlson", target="Elon Musk")
    assert [h["target"] for h in hops][:1] == ["Vladimir Putin"]
    common = queries.run("common", neo, names=["Tucker Carlson", "Elon Musk"])
    assert "Vladimir Putin" in [r["neighbor"] for r in common]
    ev = queries.run("evidence", neo, a="Musk", b="Putin", relation="IN_CONTACT_WITH")
    contact = [r for r in ev if "regular contact" in r["sentence"]]
    assert contact and contact[0]["attributed_to"] == "The Wall Street Journal"
    assert any(r["denied_by"] and "Peskov" in r["denied_by"] for r in ev)
    contested = queries.run("contested", neo)
    assert any({r["source"], r["target"]} == {"Elon Musk", "Vladimir Putin"} for r in contested)


def test_nonempty_answers(backends):
    """The table is not vacuous: the native queries return rows on this corpus."""
    emb, _ = backends
    for name, params in [
        ("neighbors", {"name": "Elon Musk"}),
        ("path", {"source": "Tucker Carlson", "target": "Starlink", "all": True}),
        ("common", {"names": ["Tucker Carlson", "Elon Musk"]}),
        ("evidence", {"a": "Musk", "b": "Putin"}),
        ("new", {"since": "2015"}),
        ("contested", {}),
        ("entity", {"name": "Vladimir Putin"}),
    ]:
        kind, rows = answer(emb, name, params)
        assert kind == "rows" and rows, (name, params)
