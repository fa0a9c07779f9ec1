"""Curation decisions kept on the Neo4j server survive the round trip unchanged."""

from __future__ import annotations

from graphkit.resolve import Overrides
from graphkit.store.neo4j import _overrides_from_json, _overrides_to_json


def test_multi_article_split_keeps_its_new_key():
    ov = Overrides()
    ov.merges["PERSON:e musk"] = "PERSON:elon musk"
    ov.add_split("PERSON:john smith", "sha256:aaa", "PERSON:john smith#golfer")
    ov.add_split("PERSON:john smith", "sha256:bbb", "PERSON:john smith#golfer")
    back = _overrides_from_json(_overrides_to_json(ov))
    assert back.merges == ov.merges
    assert back.splits == ov.splits
    assert set(back.splits.values()) == {"PERSON:john smith#golfer"}
