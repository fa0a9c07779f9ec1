"""``graphkit aliases export``: a store's entities as a gazetteer file that extraction can read."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from graphkit.aliases import gazetteer_rows
from graphkit.cli import app
from graphkit.config import load_gazetteer

runner = CliRunner()


def test_rows_drop_unwritable_aliases():
    rows = list(
        gazetteer_rows(
            [
                {"name": "Elon Musk", "type": "PERSON", "aliases": ["Musk", "elon musk", "M"]},
                {"name": "China", "type": "GPE", "aliases": ["Chinese", "PRC"]},
                {"name": "Acme, Inc", "type": "ORG", "aliases": []},
                {"name": "Tesla", "type": "ORG", "aliases": ["Tesla, Inc.", "context:car"]},
                {"name": "Paris", "type": "LOC", "aliases": []},
            ]
        )
    )
    assert rows == [
        ("China", "GPE", ["PRC"]),
        ("Tesla", "ORG", []),
        ("Elon Musk", "PERSON", ["Musk"]),
    ]


def test_export_from_a_store_round_trips(tmp_path, sample_triples):
    triples = tmp_path / "t.jsonl"
    triples.write_text(
        "".join(json.dumps(t.to_dict()) + "\n" for t in sample_triples), encoding="utf-8"
    )
    store = tmp_path / "store"
    r = runner.invoke(app, ["load", str(triples), "--store", str(store)])
    assert r.exit_code == 0, r.output
    out = tmp_path / "aliases.tsv"
    r = runner.invoke(app, ["aliases", "export", "--store", str(store), "-o", str(out)])
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# graphkit gazetteer exported from a store")
    assert "generation:" in text
    entries = {e.name: e for e in load_gazetteer(out)}  # the loader accepts the file
    assert entries["Elon Musk"].type == "PERSON" and "Musk" in entries["Elon Musk"].aliases
    assert entries["The Wall Street Journal"].type == "ORG"


def test_export_from_a_missing_store_fails_cleanly(tmp_path):
    r = runner.invoke(
        app, ["aliases", "export", "--store", str(tmp_path / "nope"), "-o", str(tmp_path / "a")]
    )
    assert r.exit_code == 4 and "no graphkit store" in r.output
