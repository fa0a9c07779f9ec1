"""The graphkit command end to end on the embedded store (real spaCy, real files)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from tests.conftest import SAMPLE

runner = CliRunner()


def gk(*args, ok=True):
    res = runner.invoke(app, list(args), catch_exceptions=False)
    if ok:
        assert res.exit_code == 0, res.output + (res.stderr if res.stderr_bytes else "")
    return res


@pytest.fixture(scope="module")
def store(tmp_path_factory, nlp):
    d = tmp_path_factory.mktemp("cli") / "store"
    gk("ingest", str(SAMPLE), "--store", str(d), "--quiet")
    return d


def test_extract_jsonl_contract(nlp):
    res = gk("extract", str(SAMPLE), "--format", "jsonl")
    rows = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    assert rows
    text = SAMPLE.read_text(encoding="utf-8")
    for r in rows:
        assert text[r["char_start"] : r["char_end"]] == r["sentence"]
        assert r["path"] == str(SAMPLE)
    assert any(
        r["subject"] == "Vladimir Putin" and r["relation"] == "ASKED" and r["object"] == "Elon Musk"
        for r in rows
    )


def test_ingest_twice_changes_nothing(store):
    before = json.loads(gk("stats", "--store", str(store), "--format", "json").stdout)
    res = gk("ingest", str(SAMPLE), "--store", str(store), "--quiet")
    assert "skipped 1" in res.stderr
    after = json.loads(gk("stats", "--store", str(store), "--format", "json").stdout)
    before.pop("generation"), after.pop("generation")
    assert before == after and after["articles"] == 1 and after["edges"] > 10


def test_query_neighbors_path_evidence(store):
    rows = json.loads(
        gk("query", "neighbors", "Musk", "--store", str(store), "--format", "json").stdout
    )
    assert {"Vladimir Putin", "SpaceX", "Donald Trump"} <= {r["neighbor"] for r in rows}
    hops = json.loads(
        gk(
            "query",
            "path",
            "Tucker Carlson",
            "Elon Musk",
            "--store",
            str(store),
            "--format",
            "json",
        ).stdout
    )
    assert [h["step"] for h in hops] == [1, 2]
    names = {hops[0]["source"], hops[0]["target"]} & {hops[1]["source"], hops[1]["target"]}
    assert names == {"Vladimir Putin"}
    ev = json.loads(
        gk(
            "query",
            "evidence",
            "Elon Musk",
            "Vladimir Putin",
            "--store",
            str(store),
            "--format",
            "json",
        ).stdout
    )
    contact = [e for e in ev if e["relation"] == "IN_CONTACT_WITH"]
    assert any(
        "regular contact" in e["sentence"] and e["attributed_to"] == "The Wall Street Journal"
        for e in contact
    )
    assert any(e["denied_by"] == "Dmitry Peskov" for e in contact)
    csv_out = gk(
        "query", "evidence", "Musk", "Putin", "--store", str(store), "--format", "csv"
    ).stdout
    assert csv_out.splitlines()[0].startswith("source,relation,target,predicate,sentence")


def test_unknown_entity_suggests_names(store):
    res = gk("query", "neighbors", "Elon Muks", "--store", str(store), ok=False)
    assert res.exit_code != 0
    assert "did you mean" in res.stderr and "Elon Musk" in res.stderr


def test_export_html_is_offline(store, tmp_path):
    out = tmp_path / "map.html"
    gk("export", "html", "--store", str(store), "-o", str(out))
    page = out.read_text(encoding="utf-8")
    assert "Vladimir Putin" in page and "window.network" in page
    assert not re.search(r"""<script[^>]+src=["']?https?://""", page, re.I)
    assert not re.search(r"""<link[^>]+href=["']?https?://""", page, re.I)


def test_export_file_formats(store, tmp_path):
    import networkx as nx

    gk("export", "graphml", "--store", str(store), "-o", str(tmp_path / "g.graphml"))
    G = nx.read_graphml(tmp_path / "g.graphml")
    assert G.number_of_nodes() > 10
    gk("export", "jsonl", "--store", str(store), "-o", str(tmp_path / "t.jsonl"))
    other = tmp_path / "reloaded"
    gk("load", str(tmp_path / "t.jsonl"), "--store", str(other))
    a = json.loads(gk("stats", "--store", str(store), "--format", "json").stdout)
    b = json.loads(gk("stats", "--store", str(other), "--format", "json").stdout)
    for k in ("entities", "edges", "evidence", "edges_by_relation"):
        assert a[k] == b[k], k


def test_load_validates_line_by_line(tmp_path):
    good = {
        "subject": "A B",
        "subject_type": "PERSON",
        "relation": "MET_WITH",
        "predicate": "meet",
        "object": "C D",
        "object_type": "PERSON",
        "doc_id": "sha256:x",
        "sentence": "A B met C D.",
        "char_start": 0,
        "char_end": 12,
    }
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({**good, "relation": "bad type"}),
        json.dumps({**good, "subject_type": "DATE"}),
    ]
    f = tmp_path / "t.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = gk("load", str(f), "--store", str(tmp_path / "s"), ok=False)
    assert res.exit_code == 2
    assert f"{f}:2" in res.stderr and f"{f}:3" in res.stderr and f"{f}:4" in res.stderr
    stats = json.loads(gk("stats", "--store", str(tmp_path / "s"), "--format", "json").stdout)
    assert stats["edges"] == 1


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", "/no/such/file.txt", "--store", "{tmp}/s"],
        ["query", "neighbors", "X", "--store", "{tmp}/missing"],
        ["export", "html", "--store", "{tmp}/missing", "-o", "{tmp}/m.html"],
        ["stats", "--store", "{tmp}/missing"],
        ["query", "nosuchquery", "--store", "{tmp}/missing"],
    ],
)
def test_errors_are_one_line_and_nonzero(tmp_path, args):
    """A real process: exit code ≠ 0 and one clear line on stderr, no traceback."""
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    proc = subprocess.run(
        [sys.executable, "-m", "graphkit", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode != 0
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip() and not ln.startswith("ingested")]
    assert len(lines) == 1 and lines[0].startswith("graphkit: error:"), proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_model_says_what_to_install(tmp_path):
    env = dict(
        os.environ,
        GRAPHKIT_SPACY_MODEL="en_core_web_nonexistent",
        PYTHONPATH=str(Path(__file__).resolve().parent.parent),
    )
    proc = subprocess.run(
        [sys.executable, "-m", "graphkit", "extract", str(SAMPLE)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 3
    assert "pip install" in proc.stderr and "Traceback" not in proc.stderr


def test_every_command_help_has_an_example():
    for cmd in (
        ["extract"],
        ["ingest"],
        ["load"],
        ["query"],
        ["stats"],
        ["export", "html"],
        ["export", "graphml"],
    ):
        res = gk(*cmd, "--help")
        assert "Example" in res.stdout, cmd
