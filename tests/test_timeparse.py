"""Event-time normalisation: (expression, publication date) → ISO date or interval."""

from __future__ import annotations

import pytest

from graphkit.timeparse import interval_bounds, normalise, on_or_after

PUB = "2024-09-06"  # a Friday

CASES = [
    # the examples
    ("since late 2022", PUB, "2022-10-01/2024-09-06"),
    ("since late 2022", None, "2022-10-01/.."),
    ("in 2019", None, "2019-01-01/2019-12-31"),
    ("on Tuesday", PUB, "2024-09-03"),
    ("on Friday", PUB, "2024-09-06"),
    ("last Friday", PUB, "2024-08-30"),
    ("next Monday", PUB, "2024-09-09"),
    ("last week", PUB, "2024-08-26/2024-09-01"),
    ("Earlier this year", PUB, "2024-01-01/2024-09-06"),
    ("later this month", PUB, "2024-09-06/2024-09-30"),
    # absolute dates
    ("on March 5, 2021", None, "2021-03-05"),
    ("5 June 2020", None, "2020-06-05"),
    ("on 2019-03-04", None, "2019-03-04"),
    ("in June 2019", None, "2019-06-01/2019-06-30"),
    ("in late March 2019", None, "2019-03-21/2019-03-31"),
    ("in mid-2020", None, "2020-05-01/2020-08-31"),
    ("in early 2021", None, "2021-01-01/2021-03-31"),
    ("in the 1990s", None, "1990-01-01/1999-12-31"),
    ("in the first quarter of 2023", None, "2023-01-01/2023-03-31"),
    ("in the winter of 2021", None, "2021-12-01/2022-02-28"),
    ("until 2020", None, "../2020-12-31"),
    ("by the end of 2025", None, "../2025-12-31"),
    ("from 2019", PUB, "2019-01-01/2024-09-06"),
    # relative to the publication date
    ("yesterday", PUB, "2024-09-05"),
    ("today", PUB, "2024-09-06"),
    ("on Monday night", PUB, "2024-09-02"),
    ("in March", "2024-02-10", "2023-03-01/2023-03-31"),
    ("on June 5", PUB, "2024-06-05"),
    ("two weeks ago", PUB, "2024-08-19/2024-08-25"),
    ("three years ago", PUB, "2021-01-01/2021-12-31"),
    ("the past three years", PUB, "2021-09-06/2024-09-06"),
    ("last month", PUB, "2024-08-01/2024-08-31"),
    ("last year", PUB, "2023-01-01/2023-12-31"),
    ("late last year", PUB, "2023-10-01/2023-12-31"),
    ("last summer", PUB, "2024-06-01/2024-08-31"),
    ("this week", PUB, "2024-09-02/2024-09-08"),
    # no date is better than a wrong one
    ("on Tuesday", None, None),
    ("last week", "not a date", None),
    ("recently", PUB, None),
    ("in recent weeks", PUB, None),
    ("during the war", PUB, None),
    ("on February 30, 2021", None, None),
    ("", PUB, None),
    (None, PUB, None),
]


@pytest.mark.parametrize(("expr", "published", "expected"), CASES)
def test_normalise(expr, published, expected):
    assert normalise(expr, published) == expected


@pytest.mark.parametrize(
    ("event_date", "since", "expected"),
    [
        ("2022-10-01/..", "2024-01-01", True),  # still going
        ("2022-10-01/2024-09-06", "2024-01-01", True),  # overlaps
        ("2019-01-01/2019-12-31", "2020-01-01", False),
        ("../2020-12-31", "2020-06-01", True),
        ("2024-09-03", "2024-09-03", True),
        ("2024-09-03", "2024-09-04", False),
        (None, "2020-01-01", False),
    ],
)
def test_on_or_after(event_date, since, expected):
    assert on_or_after(event_date, since) is expected


def test_interval_bounds():
    assert interval_bounds("../2020-12-31") == (None, "2020-12-31")
    assert interval_bounds(None) == (None, None)


def test_sample_evidence_gets_an_event_date(sample_text):
    """DocRecord.build fills event_date from the extractor's event_time and the article date."""
    from graphkit.model import Article, Triple
    from graphkit.store.base import DocRecord

    art = Article(sample_text, published="2024-10-25")
    start = sample_text.index("Elon Musk")
    end = sample_text.index('officials."') + len('officials."')
    t = Triple(
        "Elon Musk",
        "PERSON",
        "IN_CONTACT_WITH",
        "be in regular contact with",
        "Vladimir Putin",
        "PERSON",
        art.doc_id,
        sample_text[start:end],
        start,
        end,
        published=art.published,
        event_time="since late 2022",
    )
    (row,) = DocRecord.build(art, [t]).rows
    assert row["event_date"] == "2022-10-01/2024-10-25"
