"""The stock queries: on the sample article (real pipeline, real store) and on small graphs."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graphkit import queries as q
from graphkit.errors import EntityNotFoundError, QueryError
from graphkit.queries import QUERIES, query_text, run
from graphkit.store.graph import build_graph
from tests.conftest import SAMPLE

# ---------------------------------------------------------------------------------------------
# the sample article, through the real pipeline into a real embedded store


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory, nlp):
    from graphkit.pipeline import ingest
    from graphkit.store.embedded import EmbeddedStore

    store = EmbeddedStore(tmp_path_factory.mktemp("queries") / "store")
    report = ingest([str(SAMPLE)], store, nlp=nlp)
    assert report.loaded == 1
    yield store
    store.close()


@pytest.fixture(scope="module")
def G(sample_store):
    return sample_store.graph()


def test_path_carlson_to_musk_goes_through_putin(G):
    rows = run("path", G, source="Tucker Carlson", target="Elon Musk")
    assert [r["step"] for r in rows] == [1, 2]
    first, second = ({r["source"], r["target"]} for r in rows)
    assert first == {"Tucker Carlson", "Vladimir Putin"}
    assert second == {"Vladimir Putin", "Elon Musk"}
    assert all(r["sentence"] and r["relation"] for r in rows)


def test_common_carlson_musk_includes_putin(G):
    rows = run("common", G, names=["Tucker Carlson", "Elon Musk"])
    putin = next(r for r in rows if r["neighbor"] == "Vladimir Putin")
    assert putin["entities"] == ["Tucker Carlson", "Elon Musk"]
    assert any("Tucker Carlson" in link for link in putin["relations"])
    assert any("Elon Musk" in link for link in putin["relations"])


def test_evidence_musk_putin_regular_contact_attributed_and_denied(G):
    rows = run("evidence", G, a="Musk", b="Putin")
    contact = [r for r in rows if "regular contact" in r["sentence"]]
    assert any(r["attributed_to"] == "The Wall Street Journal" for r in contact)
    assert any(r["denied_by"] == "Dmitry Peskov" for r in contact)
    text = SAMPLE.read_text(encoding="utf-8")
    assert all(text[r["char_start"] : r["char_end"]] == r["sentence"] for r in rows)


def test_contested_lists_musk_putin_with_peskov(G):
    rows = run("contested", G)
    link = next(
        r
        for r in rows
        if {r["source"], r["target"]} == {"Elon Musk", "Vladimir Putin"}
        and r["relation"] == "IN_CONTACT_WITH"
    )
    assert link["denied_by"] == ["Dmitry Peskov"]
    assert "denied" in link["sentence"]
    assert (
        run("contested", G, name="Dmitry Peskov") == []
    )  # Peskov denies it, he is not on the link
    assert link in run("contested", G, name="Putin")


@pytest.mark.parametrize("by", ["degree", "pagerank", "betweenness"])
def test_putin_and_musk_are_top_five_central(G, by):
    rows = run("central", G, by=by, top=5)
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5]
    assert {"Vladimir Putin", "Elon Musk"} <= {r["entity"] for r in rows}
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert rows[0]["method"] == {"betweenness": "betweenness (exact)"}.get(by, by)


def test_central_type_filter(G):
    rows = run("central", G, by="pagerank", type="ORG", top=3)
    assert rows and {r["type"] for r in rows} == {"ORG"}


def test_search_putin_finds_vladimir_putin_first(G):
    rows = run("search", G, text="putin")
    assert rows[0]["entity"] == "Vladimir Putin" and rows[0]["score"] == 100.0
    assert run("search", G, text="Vladmir Puttin")[0]["entity"] == "Vladimir Putin"
    assert run("search", G, text="wall street")[0]["entity"] == "The Wall Street Journal"


def test_neighbors_and_entity_profile(G):
    rows = run("neighbors", G, name="Putin", direction="out")
    assert {r["direction"] for r in rows} <= {"out", "both"}
    assert "Tucker Carlson" in {r["neighbor"] for r in rows}
    (profile,) = run("entity", G, name="putin")
    assert profile["entity"] == "Vladimir Putin" and "Putin" in profile["aliases"]
    assert profile["top_neighbors"][0] == "Elon Musk"
    assert profile["neighbors"] == len(
        {r["neighbor_key"] for r in run("neighbors", G, name="Putin")}
    )


def test_communities_cover_sample_deterministically(G):
    rows = run("communities", G)
    again = run("communities", G)
    assert rows == again
    members = [m for r in rows for m in r["member_keys"]]
    assert len(members) == len(set(members))
    assert "PERSON:elon musk" in members
    assert [r["community"] for r in rows] == list(range(1, len(rows) + 1))


def test_runs_on_the_store_object_too(sample_store, G):
    assert run("neighbors", sample_store, name="Musk") == run("neighbors", G, name="Musk")


# ---------------------------------------------------------------------------------------------
# small hand-built graphs with exact answers

SYMMETRIC = frozenset({"MET_WITH", "IN_CONTACT_WITH"})


def graph(edges, extra_nodes=()):
    """A graph through the store's own builder. edges: (subj, rel, obj[, published, negated,
    denied_by]); entity keys are PERSON:<lowercase name>."""
    names = {n for e in edges for n in (e[0], e[2])} | set(extra_nodes)
    entities = [
        {"key": f"PERSON:{n.lower()}", "name": n, "type": "PERSON", "aliases": [], "mentions": 1}
        for n in sorted(names)
    ]
    rows = []
    for i, e in enumerate(edges):
        s, rel, o, published, negated, denied = (*e, None, False, None)[:6]
        rows.append(
            {
                "subj_key": f"PERSON:{s.lower()}",
                "obj_key": f"PERSON:{o.lower()}",
                "subject": s,
                "object": o,
                "relation": rel,
                "doc_id": f"d{i}",
                "sentence": f"{s} {rel} {o}.",
                "char_start": 0,
                "char_end": 10,
                "predicate": rel.lower(),
                "published": published,
                "negated": negated,
                "denied_by": denied,
            }
        )
    return build_graph(entities, rows, SYMMETRIC)


def hops(rows):
    """path rows → list of paths, each the entity names in walking order."""
    out: dict[int, list[str]] = {}
    for r in rows:
        p = out.setdefault(r["path"], [r["from_entity"]])
        assert p[-1] == r["from_entity"] and {r["from_entity"], r["to_entity"]} == {
            r["source"],
            r["target"],
        }
        p.append(r["to_entity"])
    return list(out.values())


SQUARE = [("A", "KNOWS", "B"), ("B", "KNOWS", "D"), ("C", "KNOWS", "A"), ("C", "KNOWS", "D")]
CHAIN = [("A", "KNOWS", "B"), ("B", "KNOWS", "C"), ("C", "KNOWS", "D"), ("E", "KNOWS", "F")]


@pytest.mark.parametrize(
    ("edges", "params", "expected"),
    [
        (SQUARE, {"source": "A", "target": "D"}, [["A", "B", "D"]]),
        (SQUARE, {"source": "A", "target": "D", "all": True}, [["A", "B", "D"], ["A", "C", "D"]]),
        (SQUARE, {"source": "A", "target": "D", "all": True, "limit": 1}, [["A", "B", "D"]]),
        (SQUARE, {"source": "D", "target": "A"}, [["D", "B", "A"]]),
        (CHAIN, {"source": "A", "target": "D"}, [["A", "B", "C", "D"]]),
        (CHAIN, {"source": "A", "target": "D", "max_hops": 2}, []),
        (CHAIN, {"source": "A", "target": "D", "max_hops": 3}, [["A", "B", "C", "D"]]),
        (CHAIN, {"source": "A", "target": "F"}, []),
        (CHAIN, {"source": "E", "target": "F"}, [["E", "F"]]),
    ],
)
def test_path_exact(edges, params, expected):
    assert hops(run("path", graph(edges), **params)) == expected


@pytest.mark.parametrize("seed", range(6))
def test_shortest_paths_match_networkx(seed):
    """The bidirectional search finds exactly networkx's shortest paths, in name order."""
    rnd = random.Random(seed)
    U = nx.gnm_random_graph(40, 70, seed=seed)
    edges = [
        (f"N{u:02d}", "KNOWS", f"N{v:02d}")
        if rnd.random() < 0.5
        else (f"N{v:02d}", "KNOWS", f"N{u:02d}")
        for u, v in U.edges()
    ]
    G = graph(edges, extra_nodes=[f"N{i:02d}" for i in range(40)])
    R = nx.relabel_nodes(U, {i: f"PERSON:n{i:02d}" for i in range(40)})
    for a, b in [(0, 39), (3, 17), (5, 6), (11, 30)]:
        ka, kb = f"PERSON:n{a:02d}", f"PERSON:n{b:02d}"
        try:
            want = sorted(nx.all_shortest_paths(R, ka, kb))
        except nx.NetworkXNoPath:
            want = []
        assert list(q.shortest_paths(G, ka, kb, max_hops=40)) == want


@pytest.mark.parametrize(
    ("names", "relation", "expected"),
    [
        (["A", "D"], None, [("B", 2), ("C", 2)]),
        (["A", "B"], None, []),
        (["B", "C"], None, [("A", 2), ("D", 2)]),
        (["A", "D"], "MET_WITH", [("B", 2)]),
        (["A", "D", "E"], None, [("B", 3)]),
    ],
)
def test_common_exact(names, relation, expected):
    G = graph(
        [
            ("A", "MET_WITH", "B"),
            ("D", "MET_WITH", "B"),
            ("A", "KNOWS", "C"),
            ("C", "KNOWS", "D"),
            ("E", "FUNDED", "B"),
        ]
    )
    rows = run("common", G, names=names, relation=relation)
    assert [(r["neighbor"], r["links"]) for r in rows] == expected


def test_common_link_text_shows_direction_and_symmetry():
    G = graph([("A", "MET_WITH", "B"), ("D", "FUNDED", "B")])
    (row,) = run("common", G, names=["A", "D"])
    assert row["relations"] == ["A -MET_WITH- B", "D -FUNDED-> B"]


STAR = [("Hub", "KNOWS", x) for x in ("A", "B", "C", "D")] + [("A", "KNOWS", "B")]


@pytest.mark.parametrize(
    ("by", "top", "expected"),
    [
        ("degree", 3, [("Hub", 4), ("A", 2), ("B", 2)]),
        ("betweenness", 2, [("Hub", 0.83333333), ("A", 0.0)]),
    ],
)
def test_central_exact(by, top, expected):
    rows = run("central", graph(STAR), by=by, top=top)
    assert [(r["entity"], r["score"]) for r in rows] == expected


def test_central_does_not_depend_on_insertion_order():
    forward = graph(STAR)
    backward = nx.MultiDiGraph()
    backward.add_nodes_from(reversed(list(forward.nodes(data=True))))
    backward.add_edges_from(reversed(list(forward.edges(keys=True, data=True))))
    for by in ("degree", "pagerank", "betweenness"):
        assert run("central", forward, by=by) == run("central", backward, by=by)
    assert run("communities", forward) == run("communities", backward)


def test_betweenness_samples_above_the_threshold(monkeypatch):
    monkeypatch.setattr(q, "EXACT_BETWEENNESS_MAX_NODES", 3)
    rows = run("central", graph(STAR), by="betweenness", samples=2, top=1)
    assert rows[0]["method"] == "betweenness (sampled: 2 of 5 nodes, seed 42)"
    assert rows == run("central", graph(STAR), by="betweenness", samples=2, top=1)


TWO_TRIANGLES = [
    ("A", "KNOWS", "B"),
    ("B", "KNOWS", "C"),
    ("C", "KNOWS", "A"),
    ("D", "KNOWS", "E"),
    ("E", "KNOWS", "F"),
    ("F", "KNOWS", "D"),
    ("C", "KNOWS", "D"),
]


@pytest.mark.parametrize(
    ("method", "edges"),
    [
        ("louvain", TWO_TRIANGLES),
        ("label_propagation", [e for e in TWO_TRIANGLES if e != ("C", "KNOWS", "D")]),
    ],
)
def test_communities_exact(method, edges):
    rows = run("communities", graph(edges + [("X", "KNOWS", "Y")]), method=method)
    assert [(r["community"], r["members"], r["links"]) for r in rows] == [
        (1, ["C", "A", "B"] if method == "louvain" else ["A", "B", "C"], 3),
        (2, ["D", "E", "F"], 3),
        (3, ["X", "Y"], 1),
    ]
    assert [r["size"] for r in run("communities", graph(TWO_TRIANGLES), min_size=4)] == []


def test_search_ranks_exact_then_fuzzy_then_by_mentions():
    G = graph([("Vladimir Putin", "KNOWS", "Putin Fan Club"), ("Anna Putina", "KNOWS", "Bob")])
    G.nodes["PERSON:vladimir putin"]["aliases"] = ["Putin"]
    G.nodes["PERSON:putin fan club"]["mentions"] = 5
    q._INDEXES.pop(G, None)
    rows = run("search", G, text="putin")
    assert [(r["entity"], r["matched"]) for r in rows[:2]] == [
        ("Vladimir Putin", "Putin"),
        ("Putin Fan Club", "Putin Fan Club"),
    ]
    assert "Bob" not in {r["entity"] for r in rows}
    assert len(run("search", G, text="putin", limit=1)) == 1


DATED = [
    ("A", "KNOWS", "B", "2024-01-10"),
    ("A", "FUNDED", "C", "2024-03-01"),
    ("B", "KNOWS", "C", "2023-12-31"),
    ("C", "KNOWS", "D", None),
]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"since": "2024-01-01"}, [("A", "FUNDED", "C"), ("A", "KNOWS", "B")]),
        ({"since": "2024-01-10"}, [("A", "FUNDED", "C"), ("A", "KNOWS", "B")]),
        ({"since": "2024-01-11"}, [("A", "FUNDED", "C")]),
        ({"since": "2024"}, [("A", "FUNDED", "C"), ("A", "KNOWS", "B")]),
        ({"since": "2023", "until": "2024-01"}, [("A", "KNOWS", "B"), ("B", "KNOWS", "C")]),
        ({"since": "2000", "relation": "knows"}, [("A", "KNOWS", "B"), ("B", "KNOWS", "C")]),
        ({"since": "2030-01-01"}, []),
    ],
)
def test_new_exact(params, expected):
    rows = run("new", graph(DATED), **params)
    assert [(r["source"], r["relation"], r["target"]) for r in rows] == expected


def test_contested_exact():
    G = graph(
        [
            ("A", "MET_WITH", "B", "2024-01-01", False, "C"),
            ("A", "MET_WITH", "B", "2024-02-01", False, "D"),
            ("A", "MET_WITH", "B", "2024-03-01"),
            ("A", "FUNDED", "E", None, True),
            ("B", "KNOWS", "E"),
        ]
    )
    rows = run("contested", G)
    assert [
        (r["source"], r["relation"], r["target"], r["denied_by"], r["negated"]) for r in rows
    ] == [
        ("A", "MET_WITH", "B", ["C", "D"], False),
        ("A", "FUNDED", "E", [], True),
    ]
    assert rows[0]["contested_evidence"] == 2 and rows[0]["evidence"] == 3
    assert rows[0]["sentence"] == "A MET_WITH B."
    assert run("contested", G, relation="FUNDED")[0]["target"] == "E"


# ---------------------------------------------------------------------------------------------
# errors: one clear GraphkitError, never a traceback


AMBIGUOUS = graph([("John Smith", "KNOWS", "Ann")])
AMBIGUOUS.add_node("PERSON:john smith#2", name="John Smith", type="PERSON", aliases=[])


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("nope", {}, "unknown query 'nope'"),
        ("neighbors", {"name": "Ann", "colour": "red"}, "takes no parameter(s) colour"),
        ("neighbors", {}, "needs name"),
        ("neighbors", {"name": "Ann", "direction": "up"}, "direction must be one of"),
        ("neighbors", {"name": "John Smith"}, "is ambiguous"),
        ("neighbors", {"name": "  "}, "entity name is needed"),
        ("path", {"source": "Ann", "target": "Ann"}, "same entity"),
        ("path", {"source": "Ann", "target": "John Smith", "max_hops": 0}, "max_hops must be"),
        ("central", {"by": "closeness"}, "by must be one of"),
        ("central", {"top": "ten"}, "top must be a number"),
        ("central", {"top": 0}, "top must be a whole number"),
        ("communities", {"method": "girvan"}, "method must be one of"),
        ("common", {"names": ["Ann"]}, "at least two"),
        ("common", {"names": ["Ann", "ann"]}, "same entity was given twice"),
        ("new", {"since": "last week"}, "must be a date"),
        ("new", {"since": "2024-13-01"}, "not a valid date"),
        ("search", {"text": ""}, "needs text"),
        ("evidence", {"a": "Ann", "b": "ann"}, "two different entities"),
    ],
)
def test_errors(name, params, message):
    with pytest.raises(QueryError) as exc:
        run(name, AMBIGUOUS, **params)
    assert message in str(exc.value)


def test_unknown_entity_suggests_nearest():
    with pytest.raises(EntityNotFoundError) as exc:
        run("neighbors", graph([("Vladimir Putin", "KNOWS", "Elon Musk")]), name="Vladmir Putn")
    assert exc.value.suggestions[0] == "Vladimir Putin"


def test_index_follows_graph_changes():
    G = graph([("A", "KNOWS", "B")])
    assert run("neighbors", G, name="A")[0]["neighbor"] == "B"
    G.add_edge("PERSON:a", "PERSON:zed", key="KNOWS", relation="KNOWS", weight=1, evidence=[])
    G.nodes["PERSON:zed"].update(name="Zed", type="PERSON", aliases=["Z"])
    assert run("neighbors", G, name="z")[0]["entity"] == "Zed"
    assert run("neighbors", G, name="Zed")[0]["neighbor"] == "A"


# ---------------------------------------------------------------------------------------------
# the registry and the Cypher files


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_has_a_cypher_file_with_header_and_params(name):
    text = query_text(name)
    lines = text.splitlines()
    assert lines[0].startswith(f"// {name}: ")
    assert any(line.startswith("// params:") for line in lines[:3])
    if not QUERIES[name].graph_only:
        assert "$" in text and "MATCH" in text
    assert QUERIES[name].description and QUERIES[name].columns


def test_graph_only_queries_never_use_the_backends_runner():
    class Backend:
        def __init__(self, G):
            self.G = G

        def graph(self):
            return self.G

        def run_query(self, name, /, **params):
            return [{"native": name}]

    b = Backend(graph(STAR))
    assert run("neighbors", b, name="Hub") == [{"native": "neighbors"}]
    assert run("central", b)[0]["entity"] == "Hub"
    assert run("search", b, text="hub")[0]["entity"] == "Hub"
