"""Attribution, denial, negation and event time (real spaCy)."""

from __future__ import annotations

import pytest

from tests.extract.helpers import extract


def find(nlp, text, subject, relation, obj):
    out = [
        t
        for t in extract(nlp, text)
        if t.relation == relation and {t.subject, t.object} == {subject, obj}
    ]
    assert out, [(t.subject, t.relation, t.object) for t in extract(nlp, text)]
    return out[0]


@pytest.mark.parametrize(
    ("text", "link", "source"),
    [
        (
            "Elon Musk has been in regular contact with Vladimir Putin, The Wall Street "
            "Journal said yesterday.",
            ("Elon Musk", "IN_CONTACT_WITH", "Vladimir Putin"),
            "The Wall Street Journal",
        ),
        (
            "The Washington Post said Elon Musk met Vladimir Putin.",
            ("Elon Musk", "MET_WITH", "Vladimir Putin"),
            "The Washington Post",
        ),
        (
            "According to Reuters, Russia provided weapons to Iran.",
            ("Russia", "PROVIDED_TO", "Iran"),
            "Reuters",
        ),
        (
            "John Kirby told CNN that Russia supplied drones to Iran.",
            ("Russia", "PROVIDED_TO", "Iran"),
            "John Kirby",
        ),
        # roles are background, never attributed
        (
            "The Journal said Kremlin spokesperson Dmitry Peskov was silent.",
            ("Dmitry Peskov", "SPOKESPERSON_FOR", "Kremlin"),
            None,
        ),
        # the speech act itself is not attributed to its speaker
        (
            "Vladimir Putin told Tucker Carlson that talks were possible.",
            ("Vladimir Putin", "TOLD", "Tucker Carlson"),
            None,
        ),
    ],
)
def test_attributed_to(nlp, text, link, source):
    assert find(nlp, text, *link).attributed_to == source


@pytest.mark.parametrize(
    ("text", "link", "denier"),
    [
        (
            "Elon Musk met Vladimir Putin. Kremlin spokesperson Dmitry Peskov denied that "
            "Putin was in regular contact with Musk.",
            ("Vladimir Putin", "IN_CONTACT_WITH", "Elon Musk"),
            "Dmitry Peskov",
        ),
        (
            "Vladimir Putin spoke. Joe Biden denied that he met Putin.",
            ("Joe Biden", "MET_WITH", "Vladimir Putin"),
            None,  # a denier who is a party to the link is not "someone else denying it"
        ),
    ],
)
def test_denied_by(nlp, text, link, denier):
    assert find(nlp, text, *link).denied_by == denier


def test_denial_creates_no_link_to_the_denier(nlp):
    text = (
        "Vladimir Putin and Elon Musk spoke. Kremlin spokesperson Dmitry Peskov denied that "
        "Putin was in regular contact with Musk."
    )
    pairs = {frozenset((t.subject, t.object)) for t in extract(nlp, text)}
    assert frozenset(("Dmitry Peskov", "Vladimir Putin")) not in pairs
    assert frozenset(("Dmitry Peskov", "Elon Musk")) not in pairs


@pytest.mark.parametrize(
    ("text", "link", "negated"),
    [
        (
            "Elon Musk did not meet Vladimir Putin in 2023.",
            ("Elon Musk", "MET_WITH", "Vladimir Putin"),
            True,
        ),
        (
            "Elon Musk never criticised Donald Trump.",
            ("Elon Musk", "CRITICIZED", "Donald Trump"),
            True,
        ),
        (
            "Elon Musk met Vladimir Putin in 2023.",
            ("Elon Musk", "MET_WITH", "Vladimir Putin"),
            False,
        ),
    ],
)
def test_negated(nlp, text, link, negated):
    assert find(nlp, text, *link).negated is negated


@pytest.mark.parametrize(
    ("text", "link", "when"),
    [
        (
            "Elon Musk has been in regular contact with Vladimir Putin since late 2022.",
            ("Elon Musk", "IN_CONTACT_WITH", "Vladimir Putin"),
            "since late 2022",
        ),
        (
            "Elon Musk met Vladimir Putin in 2019.",
            ("Elon Musk", "MET_WITH", "Vladimir Putin"),
            "in 2019",
        ),
        ("Elon Musk met Vladimir Putin.", ("Elon Musk", "MET_WITH", "Vladimir Putin"), None),
    ],
)
def test_event_time(nlp, text, link, when):
    assert find(nlp, text, *link).event_time == when
