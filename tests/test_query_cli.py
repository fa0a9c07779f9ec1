"""``graphkit query``: argument parsing, --list, formats and errors (real store, real pipeline)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from graphkit.cli import _parse_query_args, app
from graphkit.errors import QueryError
from graphkit.queries import QUERIES
from tests.conftest import SAMPLE

runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory, nlp):
    from graphkit.pipeline import ingest
    from graphkit.store.embedded import EmbeddedStore

    d = tmp_path_factory.mktemp("qcli") / "store"
    with EmbeddedStore(d) as st:
        ingest([str(SAMPLE)], st, nlp=nlp)
    return str(d)


def gk(*args, code=0):
    res = runner.invoke(app, list(args), catch_exceptions=False)
    assert res.exit_code == code, res.output
    return res


def as_json(store, *args):
    return json.loads(gk("query", *args, "--store", store, "--format", "json").stdout)


@pytest.mark.parametrize(
    ("query", "args", "expected"),
    [
        ("neighbors", ["Musk"], {"name": "Musk"}),
        (
            "neighbors",
            ["Musk", "--relation", "OWNER_OF", "--direction=out", "--limit", "2"],
            {"name": "Musk", "relation": "OWNER_OF", "direction": "out", "limit": 2},
        ),
        ("path", ["A", "B", "--all"], {"source": "A", "target": "B", "all": True}),
        ("path", ["--all", "A", "B"], {"source": "A", "target": "B", "all": True}),
        (
            "path",
            ["A", "B", "--max-hops", "3"],
            {"source": "A", "target": "B", "max_hops": 3},
        ),
        ("common", ["A", "B", "C"], {"names": ["A", "B", "C"]}),
        (
            "common",
            ["A", "--relation", "MET_WITH", "B"],
            {"names": ["A", "B"], "relation": "MET_WITH"},
        ),
        (
            "central",
            ["--by", "pagerank", "--type", "PERSON", "--top", "5"],
            {"by": "pagerank", "type": "PERSON", "top": 5},
        ),
        (
            "communities",
            ["--method", "label_propagation", "--min-size", "3", "--resolution", "0.5"],
            {"method": "label_propagation", "min_size": 3, "resolution": 0.5},
        ),
        ("search", ["putin", "--limit", "3"], {"text": "putin", "limit": 3}),
        ("new", ["--since", "2024-01-01"], {"since": "2024-01-01"}),
        ("new", ["2024-01-01"], {"since": "2024-01-01"}),
        ("contested", [], {}),
    ],
)
def test_parse_query_args(query, args, expected):
    assert _parse_query_args(QUERIES[query], args) == expected


@pytest.mark.parametrize(
    ("query", "args", "message"),
    [
        ("neighbors", ["A", "B"], "takes 1 argument(s): NAME"),
        ("neighbors", ["A", "--colour", "red"], "has no option --colour"),
        ("neighbors", ["A", "--limit"], "--limit needs a value"),
        ("central", ["--top", "many"], "--top needs a whole number"),
    ],
)
def test_parse_query_args_errors(query, args, message):
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _parse_query_args(QUERIES[query], args)


def test_list_shows_every_query_with_parameters_and_description():
    out = gk("query", "--list").stdout
    for spec in QUERIES.values():
        assert spec.name in out and spec.description[:30] in out
    rows = json.loads(gk("query", "--list", "--format", "json").stdout)
    by_name = {r["query"]: r for r in rows}
    assert set(by_name) == set(QUERIES)
    assert by_name["central"]["parameters"].startswith("[--by degree|pagerank|betweenness]")
    assert by_name["path"]["parameters"].startswith("SOURCE TARGET [--all] [--max-hops N]")
    assert by_name["common"]["parameters"].startswith("NAMES NAMES [...]")


def test_sample_questions_from_the_command_line(store):
    hops = as_json(store, "path", "Tucker Carlson", "Elon Musk")
    assert [h["to_entity"] for h in hops] == ["Vladimir Putin", "Elon Musk"]
    common = as_json(store, "common", "Tucker Carlson", "Musk")
    assert "Vladimir Putin" in {r["neighbor"] for r in common}
    central = as_json(store, "central", "--by", "pagerank", "--top", "5")
    assert {"Vladimir Putin", "Elon Musk"} <= {r["entity"] for r in central}
    assert as_json(store, "search", "putin")[0]["entity"] == "Vladimir Putin"
    contested = as_json(store, "contested")
    assert ["Dmitry Peskov"] in [r["denied_by"] for r in contested]
    assert as_json(store, "new", "--since", "2000-01-01") == []  # the sample has no date
    assert as_json(store, "communities", "--min-size", "2")[0]["community"] == 1
    assert as_json(store, "entity", "Putin")[0]["type"] == "PERSON"


def test_table_hides_keys_json_and_csv_keep_them(store):
    table = gk("query", "neighbors", "Putin", "--store", store).stdout
    assert "Elon Musk" in table and "neighbor_key" not in table and "PERSON:" not in table
    rows = as_json(store, "neighbors", "Putin")
    assert rows[0]["neighbor_key"].startswith(("PERSON:", "ORG:", "GPE:"))
    out = gk("query", "neighbors", "Putin", "--store", store, "--format", "csv").stdout
    parsed = list(csv.DictReader(io.StringIO(out)))
    assert list(parsed[0]) == list(rows[0]) and len(parsed) == len(rows)


def test_sampled_or_exact_betweenness_is_said_in_the_table(store):
    out = gk("query", "central", "--by", "betweenness", "--store", store).stdout
    assert "betweenness (exact)" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "unknown query 'nope'"),
        (["neighbors", "Pution"], "did you mean: 'Vladimir Putin'"),
        (["central", "--by", "closeness"], "by must be one of"),
        (["path", "Musk"], "needs target"),
        (["new", "--since", "yesterday"], "must be a date"),
        (["common", "Musk"], "at least two"),
    ],
)
def test_errors_are_one_line_exit_5(store, args, message):
    res = gk("query", *args, "--store", store, code=5)
    err = res.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("graphkit: error:") and message in err[0]
    assert "Traceback" not in res.output


def test_neighbors_pages_report_the_total_and_the_next_page(store):
    every = as_json(store, "neighbors", "Musk")
    assert len(every) > 3
    res = gk(
        "query",
        "neighbors",
        "Musk",
        "--limit",
        "2",
        "--offset",
        "1",
        "--store",
        store,
        "--format",
        "json",
    )
    assert json.loads(res.stdout) == every[1:3]
    assert f"rows 2–3 of {len(every)} (truncated; next page: --offset 3" in res.stderr
    last = gk(
        "query",
        "neighbors",
        "Musk",
        "--offset",
        str(len(every) - 1),
        "--store",
        store,
        "--format",
        "json",
    )
    assert json.loads(last.stdout) == every[-1:]
    assert f"rows {len(every)}–{len(every)} of {len(every)}" in last.stderr
    assert "next page" not in last.stderr
    whole = gk("query", "neighbors", "Musk", "--store", store, "--format", "csv")
    assert whole.stderr == ""  # nothing left out, nothing to say


def test_a_table_of_a_hub_shows_one_page_and_says_how_to_get_the_rest(tmp_path):
    """A terminal table of a 1,200-link hub shows TABLE_PAGE rows; JSON gives them all."""
    from graphkit.cli import TABLE_PAGE
    from graphkit.store.base import DocRecord
    from graphkit.store.embedded import EmbeddedStore

    hub = {"name": "Hubert Hub", "aliases": [], "block": "PERSON:hub"}
    recs = []
    for d in range(120):
        locals_ = {("PERSON", "hubert hub"): hub}
        rows = []
        for k in range(10):
            other = f"Person Number{d * 10 + k}"
            locals_[("PERSON", other.lower())] = {
                "name": other,
                "aliases": [],
                "block": f"PERSON:number{d * 10 + k}",
            }
            sentence = f"Hubert Hub met {other}."
            rows.append(
                {
                    "doc_id": f"sha256:hub{d}",
                    "subj_type": "PERSON",
                    "subj_local": "hubert hub",
                    "relation": "MET_WITH",
                    "obj_type": "PERSON",
                    "obj_local": other.lower(),
                    "predicate": "meet",
                    "sentence": sentence,
                    "char_start": k * 40,
                    "char_end": k * 40 + len(sentence),
                    "attributed_to": None,
                    "negated": False,
                    "denied_by": None,
                    "confidence": 0.8,
                    "extractor": "test",
                    "event_time": None,
                    "event_date": None,
                }
            )
        recs.append(DocRecord(f"sha256:hub{d}", {"doc_id": f"sha256:hub{d}"}, locals_, rows))
    with EmbeddedStore(tmp_path / "s") as st:
        st.load(recs)
    full = gk(
        "query", "neighbors", "Hubert Hub", "--store", str(tmp_path / "s"), "--format", "json"
    )
    rows = json.loads(full.stdout)
    assert len(rows) == 1200 and full.stderr == ""
    res = gk("query", "neighbors", "Hubert Hub", "--store", str(tmp_path / "s"))
    assert f"rows 1–{TABLE_PAGE} of 1200 (truncated; next page: --offset {TABLE_PAGE}" in res.stderr
    shown = {cell.strip() for line in res.stdout.splitlines() for cell in line.split("│")}
    assert {r["neighbor"] for r in rows[:TABLE_PAGE]} <= shown
    assert not {r["neighbor"] for r in rows[TABLE_PAGE:]} & shown
