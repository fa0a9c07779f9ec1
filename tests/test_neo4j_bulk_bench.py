"""benchmarks/neo4j_bulk.py: its arguments, its first two stages and its importer-log parsing
on a tiny input (no server, no importer: those are covered by test_neo4j_import.py)."""

from __future__ import annotations

import pytest

from benchmarks.neo4j_bulk import importer_phases, parse_args, stage_export, stage_store
from graphkit.store.embedded import EmbeddedStore


def test_arguments():
    args = parse_args(["--sizes", "20000,200000", "--online-triples", "0", "--import-heap", "2g"])
    assert args.sizes == [20000, 200000] and args.online_triples == 0
    assert args.import_heap == "2g" and args.import_off_heap == "1g" and args.keep is None


def test_store_and_export_stages(tmp_path):
    store, loaded = stage_store(tmp_path / "store", 205, batch=7)  # 21 articles, 3 load() calls
    assert loaded == 205 and store.wall > 0 and store.cpu["client"] > 0
    with EmbeddedStore(tmp_path / "store", create=False) as st:
        stats = st.stats()
    assert stats["articles"] == 21 and stats["evidence"] == 205
    export, paths = stage_export(tmp_path / "store", tmp_path / "csv")
    assert export.note.endswith("MiB") and "rel/s" in export.line(loaded)
    rows = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in paths}
    assert rows["evidence.csv"] == rows["from.csv"] == 205
    assert rows["links.csv"] == stats["edges"] and rows["entities.csv"] == stats["entities"]
    assert rows["articles.csv"] == 21


def test_importer_phases():
    out = (
        "(1/4) Node import 2026-11-26 04:51:34.288+0000\n"
        "Node import COMPLETED in 1m 3s 327ms\n"
        "Relationship linking COMPLETED in 429ms\n\n"
        "IMPORT DONE in 1m 7s 536ms. \nImported:\n  8394 nodes\n"
    )
    total, phases = importer_phases(out)
    assert total == pytest.approx(67.536)
    assert [p for p, _ in phases] == ["Node import", "Relationship linking"]
    assert [s for _, s in phases] == pytest.approx([63.327, 0.429])
