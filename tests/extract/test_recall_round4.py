"""Recall rules from the fourth round (links the judged audits listed as missed), each with the
negative twins that keep it precise. Rows are written for these tests in news style.
"""

from __future__ import annotations

import pytest

from tests.extract.helpers import extract, links, mentions

STATED = [
    # an organisation the small model misses, written before a title and a name
    (
        "Terminix chairman Naren Gursahaney said the deal was good for shareholders.",
        ("Naren Gursahaney", "LEADER_OF", "Terminix"),
    ),
    (
        "WHO chief Tedros Adhanom Ghebreyesus said the outbreak was under control.",
        ("Tedros Adhanom Ghebreyesus", "LEADER_OF", "WHO"),
    ),
    (
        "On Tuesday, Nvidia founder Jensen Huang unveiled a new chip.",
        ("Jensen Huang", "FOUNDER_OF", "Nvidia"),
    ),
    (
        "North East United FC Head Coach Khalid Jamil praised the players.",
        ("Khalid Jamil", "LEADER_OF", "North East United FC"),
    ),
    # a judge "of" a court works for it
    (
        "Judge Richard Story of the Fulton County Superior Court dismissed the case.",
        ("Richard Story", "EMPLOYEE_OF", "Fulton County Superior Court"),
    ),
    # nominal arrests and support, with their owner
    (
        "Canada's detention of Huawei executive Meng Wanzhou angered China.",
        ("Canada", "ARRESTED", "Meng Wanzhou"),
    ),
    (
        "Bush's support of Kline's campaign surprised analysts.",
        ("Bush", "SUPPORTS", "Kline"),
    ),
    # a scorer who "hands" a team the lead plays for it
    (
        "Maya Ortiz and Lena Hart scored either side of halftime to hand Rovers FC the lead.",
        ("Lena Hart", "MEMBER_OF", "Rovers FC"),
    ),
    # "his firm" in a coordination belongs to the person just before it
    (
        "Ann Cole sued Tom Reyes and his firm Reyes Legal, and Bo Hunt and his firm Hunt & Webb.",
        ("Bo Hunt", "OWNER_OF", "Hunt & Webb"),
    ),
    # the US party label after a name
    (
        "Sens. Ann Carver (D-Mont.) and Bill Ostrom (R-Texas) signed the letter.",
        ("Ann Carver", "MEMBER_OF", "Democratic Party"),
    ),
    (
        "Sens. Ann Carver (D-Mont.) and Bill Ostrom (R-Texas) signed the letter.",
        ("Bill Ostrom", "MEMBER_OF", "Republican Party"),
    ),
    # "the <nationality> government" is the country
    (
        "Greenpeace criticised the Canadian government for the decision.",
        ("Greenpeace", "CRITICIZED", "Canada"),
    ),
    ("Oxfam urged the British government to act.", ("Oxfam", "ASKED", "United Kingdom")),
    # a role noun in a prepositional object stands for the name in its apposition
    (
        "Vladimir Makei had a telephone conversation with the U.S. Secretary of State, "
        "Michael Pompeo.",
        ("Vladimir Makei", "IN_CONTACT_WITH", "Michael Pompeo"),
    ),
    # where a person described in apposition is from (the most specific place)
    (
        "Tom Harker, a student from Dayton, Ohio, won the prize.",
        ("Tom Harker", "BASED_IN", "Dayton"),
    ),
    ("Maria Lopez, a nurse from Manila, died in the crash.", ("Maria Lopez", "BASED_IN", "Manila")),
    # a nationality on a descriptor in apposition
    (
        "An Australian woman, Karen Moss, was detained in Bali.",
        ("Karen Moss", "CITIZEN_OF", "Australia"),
    ),
    # an organisation tied to one site, followed by "in <place>"
    (
        "Scientists at the California Academy of Sciences in San Francisco described new species.",
        ("California Academy of Sciences", "BASED_IN", "San Francisco"),
    ),
    (
        "A spokesman for the Russian Embassy in the United States said the claims were false.",
        ("Russian Embassy", "BASED_IN", "United States"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), STATED)
def test_round4_finds_stated_links(nlp, text, expected):
    assert expected in links(nlp, text)


NOT_STATED = [
    # capitalised words before a title that belong to the title, not to an organisation
    ("Police Chief John Smith said the suspect fled.", ("John Smith", "Police")),
    ("Defense Secretary Lloyd Austin spoke on Monday.", ("Lloyd Austin", "Defense")),
    ("Team captain Harry Kane scored twice.", ("Harry Kane", "Team")),
    ("Monday chief Anna Lee spoke.", ("Anna Lee", "Monday")),
    # ... not to the clause's subject
    (
        "Ann Cole sued Tom Reyes and his firm Reyes Legal, and Bo Hunt and his firm Hunt & Webb.",
        ("Ann Cole", "Hunt & Webb", "OWNER_OF"),
    ),
    # naming someone something is no call
    (
        "The Sacramento Bee endorsed Doug Ose, calling him the candidate to beat.",
        ("Sacramento Bee", "Doug Ose", "IN_CONTACT_WITH"),
    ),
    # an independent's label names no party
    ("Sen. Angus King (I-Maine) voted against the bill.", ("Angus King", "Independent")),
    # a company "in" a country may only operate there
    ("Microsoft in India hired 500 engineers.", ("Microsoft", "India")),
    # "from" on the verb is a journey, not where the person is from
    ("Karen Moss, a student, flew from Geneva to Rome.", ("Karen Moss", "Geneva")),
    # "the Times" alone names no particular paper
    ("The Times reported that Boeing would cut jobs.", ("The New York Times", "Boeing")),
]


@pytest.mark.parametrize(("text", "pair"), NOT_STATED)
def test_round4_keeps_unstated_links_out(nlp, text, pair):
    """A pair, or (subject, object, relation) when only that relation is wrong."""
    if len(pair) == 3:
        found = {(t.subject, t.object, t.relation) for t in extract(nlp, text)}
        assert pair not in found, found
        return
    pairs = {frozenset((t.subject, t.object)) for t in extract(nlp, text)}
    assert frozenset(pair) not in pairs, pairs


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Senate Majority Leader Chuck Schumer criticized the bill.", "Majority"),
        ("Former Google CEO Eric Schmidt invested in the startup.", "Former Google"),
        ("Defense Secretary Lloyd Austin visited the base.", "Defense"),
        # a portfolio after "<title> of" ends the title
        ("Secretary of State Tillerson invited Mr. Gabriel to hold talks.", "State Tillerson"),
    ],
)
def test_titles_are_not_organisations(nlp, text, name):
    assert name not in {m[0] for m in mentions(nlp, text)}


def test_titled_org_recurs_in_the_article(nlp):
    text = (
        "Terminix chairman Naren Gursahaney said the deal was good. "
        "Shares in Terminix rose 4% on Monday."
    )
    found = [(surface, etype) for surface, etype, _ in mentions(nlp, text)]
    assert found.count(("Terminix", "ORG")) == 2


def test_the_journal_still_joins_the_full_name(nlp):
    text = (
        "The Wall Street Journal reported the calls on Friday. "
        "Elon Musk did not reply to the Journal."
    )
    names = {canonical for _, _, canonical in mentions(nlp, text)}
    assert "The Wall Street Journal" in names
    assert "Journal" not in names
