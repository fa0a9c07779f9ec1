"""Relation patterns: one (text, expected link) row per rule, plus what must not link."""

from __future__ import annotations

import pytest
import spacy

from tests.extract.helpers import extract, links

FOUND = [
    # verb-mediated
    (
        "Vladimir Putin asked Elon Musk to avoid activating the service.",
        ("Vladimir Putin", "ASKED", "Elon Musk"),
    ),
    (
        "Vladimir Putin met Donald Trump in Helsinki.",
        ("Vladimir Putin", "MET_WITH", "Donald Trump"),
    ),
    (
        "Joe Biden criticised Vladimir Putin on Tuesday.",
        ("Joe Biden", "CRITICIZED", "Vladimir Putin"),
    ),
    # passive voice: the agent is the subject
    (
        "Vladimir Putin was criticised by Joe Biden on Tuesday.",
        ("Joe Biden", "CRITICIZED", "Vladimir Putin"),
    ),
    ("Tesla was founded by Elon Musk in 2003.", ("Elon Musk", "FOUNDER_OF", "Tesla")),
    # a passive without agent whose phrase is listed
    ("Anna Smith was born in Switzerland.", ("Anna Smith", "RELATED_TO", "Switzerland")),
    # prepositional objects and relational nouns between prepositions
    (
        "Elon Musk has been in regular contact with Vladimir Putin since 2022.",
        ("Elon Musk", "IN_CONTACT_WITH", "Vladimir Putin"),
    ),
    (
        "Russia provided targeting data for the Houthi rebels.",
        ("Russia", "PROVIDED_TO", "Houthi rebels"),
    ),
    # conjunctions
    ("Elon Musk and Donald Trump met in Florida.", ("Elon Musk", "MET_WITH", "Donald Trump")),
    (
        "Joe Biden criticised Vladimir Putin and Xi Jinping.",
        ("Joe Biden", "CRITICIZED", "Xi Jinping"),
    ),
    # clausal complements keep the subject ("continued to support"); a request is only ASKED
    (
        "Elon Musk continued to support Donald Trump.",
        ("Elon Musk", "SUPPORTS", "Donald Trump"),
    ),
    ("Putin urged Elon Musk to support Donald Trump.", ("Putin", "ASKED", "Elon Musk")),
    # spending to support is funding
    (
        "Elon Musk splashed out $118 million to support Donald Trump's campaign.",
        ("Elon Musk", "FUNDED", "Donald Trump"),
    ),
    # roles: titles, appositives, copulas, possessive titles
    (
        "Kremlin spokesperson Dmitry Peskov denied it.",
        ("Dmitry Peskov", "SPOKESPERSON_FOR", "Kremlin"),
    ),
    ("Chinese leader Xi Jinping arrived.", ("Xi Jinping", "LEADER_OF", "China")),
    ("English captain Harry Kane scored.", ("Harry Kane", "LEADER_OF", "England")),
    (
        "After the match, Tunisia's coach Nabil Maaloul spoke.",
        ("Nabil Maaloul", "LEADER_OF", "Tunisia"),
    ),
    (
        "Dmitry Peskov, the Kremlin's spokesman, said nothing.",
        ("Dmitry Peskov", "SPOKESPERSON_FOR", "Kremlin"),
    ),
    (
        "Hernan Dario Gomez, Panama coach, said it was hard.",
        ("Hernan Dario Gomez", "LEADER_OF", "Panama"),
    ),
    ("Andy Jassy is the CEO of Amazon.", ("Andy Jassy", "LEADER_OF", "Amazon")),
    (
        "Yvette Cooper is a member of the Labour Party.",
        ("Yvette Cooper", "MEMBER_OF", "Labour Party"),
    ),
    (
        "Khaled Al-Maeena, editor at large at the Saudi Gazette, said so.",
        ("Khaled Al-Maeena", "EMPLOYEE_OF", "Saudi Gazette"),
    ),
    (
        "Matthew Ingram of The Globe and Mail dubbed it a war.",
        ("Matthew Ingram", "EMPLOYEE_OF", "Globe and Mail"),
    ),
    (
        "Labour's Shadow Home Secretary Yvette Cooper said it.",
        ("Yvette Cooper", "MEMBER_OF", "Labour"),
    ),
    # possessives between entities
    ("Elon Musk spoke. Musk's SpaceX launched a rocket.", ("Elon Musk", "OWNER_OF", "SpaceX")),
    ("Yemen's Houthi rebels attacked ships.", ("Houthi rebels", "BASED_IN", "Yemen")),
    # relational nouns with an owner; a policy is projected onto its owner
    (
        "Elon Musk stepped up his criticism of U.S. military aid to Ukraine.",
        ("Elon Musk", "CRITICIZED", "United States"),
    ),
    (
        "Elon Musk stepped up his criticism of U.S. military aid to Ukraine.",
        ("United States", "PROVIDED_TO", "Ukraine"),
    ),
    (
        "Elon Musk increased his involvement in Donald Trump's campaign.",
        ("Elon Musk", "SUPPORTS", "Donald Trump"),
    ),
    # government bodies named with their polity
    (
        "The Saudi Interior Ministry said 345 pilgrims died.",
        ("Saudi Interior Ministry", "BASED_IN", "Saudi Arabia"),
    ),
    (
        "The Malaysia Tourism board was prominent at the entrance.",
        ("Malaysia Tourism board", "BASED_IN", "Malaysia"),
    ),
    # speech to an outlet; an interview
    (
        "Suleiman al-Amr, in remarks to al-Ikhbariya television, said all were taken to hospital.",
        ("Suleiman al-Amr", "TOLD", "al-Ikhbariya"),
    ),
    (
        "Vladimir Putin told Tucker Carlson in an interview that Musk was clever.",
        ("Tucker Carlson", "INTERVIEWED", "Vladimir Putin"),
    ),
    # a verb outside the vocabulary keeps its predicate under RELATED_TO
    ("Sweden defeated South Korea 1 – 0.", ("Sweden", "RELATED_TO", "South Korea")),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_relation_patterns(nlp, text, expected):
    assert expected in links(nlp, text)


ABSENT = [
    # mere co-occurrence in a sentence
    (
        "Elon Musk and Vladimir Putin were both in the news on Monday.",
        ("Elon Musk", "Vladimir Putin"),
    ),
    (
        "Stan Lee, Mark Hamill and Margaret Atwood were guests at the expo.",
        ("Stan Lee", "Mark Hamill"),
    ),
    # a place where something happened is not a partner
    ("Vladimir Putin met Donald Trump in Helsinki.", ("Vladimir Putin", "Helsinki")),
    # a reporter is not a party to what it reports
    (
        "The Wall Street Journal said Elon Musk met Vladimir Putin.",
        ("The Wall Street Journal", "Vladimir Putin"),
    ),
    # light verbs give no RELATED_TO junk
    ("Andreas Granqvist scored, putting Sweden 1 – 0 up.", ("Andreas Granqvist", "Sweden")),
    # the content of a thing is not a link
    (
        "The USI exhibit features Polaroids of Halston.",
        ("University of Southern Indiana", "Halston"),
    ),
    # "the New Zealand government" is the country, not an organisation based in it
    (
        "The New Zealand government announced a referendum.",
        ("New Zealand government", "New Zealand"),
    ),
    # place names inside a non-government name give no BASED_IN
    ("The British Red Cross sent volunteers.", ("British Red Cross", "United Kingdom")),
]


@pytest.mark.parametrize(("text", "pair"), ABSENT)
def test_no_link(nlp, text, pair):
    pairs = {frozenset((t.subject, t.object)) for t in extract(nlp, text)}
    assert frozenset(pair) not in pairs, pairs


@pytest.mark.parametrize(
    ("text", "relation", "predicate"),
    [
        ("Russian President Vladimir Putin spoke.", "LEADER_OF", "president"),
        ("Sweden defeated South Korea 1 – 0.", "RELATED_TO", "defeat"),
        ("Tunisia lost 1 – 2 to England.", "RELATED_TO", "lose to"),
    ],
)
def test_predicate_keeps_the_surface_phrase(nlp, text, relation, predicate):
    preds = {t.predicate for t in extract(nlp, text) if t.relation == relation}
    assert predicate in preds, preds


def test_confidence_is_the_calibrated_cell(nlp):
    from graphkit.config import load_confidence

    cal = load_confidence()
    ts = extract(
        nlp,
        "Kremlin spokesperson Dmitry Peskov said Russia attacked Ukraine quickly. "
        "Putin asked Musk to stop, and Musk's SpaceX agreed.",
    )
    by_rel = {t.relation: t.confidence for t in ts}
    # the title rule's SPOKESPERSON_FOR cell; an svo ASKED cell; the possessive OWNER_OF cell,
    # which was right 1 time in 11 on unseen news
    assert by_rel["SPOKESPERSON_FOR"] == cal.score("title", "SPOKESPERSON_FOR")
    assert by_rel["ASKED"] == cal.score("svo", "ASKED")
    assert by_rel["OWNER_OF"] == cal.score("possessive", "OWNER_OF") < 0.3
    assert all(0 < t.confidence <= 0.95 for t in ts)


def test_confidence_penalises_an_inherited_subject(nlp):
    from graphkit.config import load_confidence

    cal = load_confidence()
    ts = extract(nlp, "Vladimir Putin met Xi Jinping and criticised Joe Biden.")
    by_rel = {t.relation: t.confidence for t in ts}
    assert by_rel["MET_WITH"] == cal.score("svo", "MET_WITH")
    # "criticised" inherits its subject through coordination: × 0.9
    assert by_rel["CRITICIZED"] == pytest.approx(cal.score("svo", "CRITICIZED") * 0.9, abs=1e-3)


TEXTS = [
    "Russian President Vladimir Putin asked Elon Musk to help. Musk's SpaceX agreed.",
    "Kremlin spokesperson Dmitry Peskov denied that Putin was in regular contact with Musk.",
    "Sweden defeated South Korea 1 – 0; Belgium beat Panama, and English captain Harry Kane scored.",
]


def _standalone_nlp(nlp):
    import graphkit.extract.components  # noqa: F401  (registers the factories)

    bare = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"])
    bare.add_pipe("graphkit_relations")
    return bare


def test_component_works_standalone(nlp):
    bare = _standalone_nlp(nlp)
    doc = bare("Russian President Vladimir Putin asked Elon Musk to help.")
    found = {(t["subject"], t["relation"], t["object"]) for t in doc._.triples}
    assert ("Vladimir Putin", "ASKED", "Elon Musk") in found
    assert ("Vladimir Putin", "LEADER_OF", "Russia") in found


def test_n_process_2_gives_the_same_triples(nlp):
    def key(docs):
        return [
            sorted((t["subject"], t["relation"], t["object"], t["char_start"]) for t in d._.triples)
            for d in docs
        ]

    one = key(nlp.pipe(TEXTS, n_process=1))
    two = key(nlp.pipe(TEXTS, n_process=2))
    assert one == two and any(one)
