"""Rules from the eighth round (false links and misses seen on the round-7 blind sets P, Q and
R once they were scored and became development material), each with the twin that keeps
the right reading. Rows are written for these tests in news style.
"""

from __future__ import annotations

import pytest

from tests.extract.helpers import extract, links

STATED = [
    # a possessor among coordinated names is no separate party to the meeting
    (
        "Kenyan President William Ruto and Qatar's Emir Tamim bin Hamad Al-Thani meet "
        "to review trade.",
        ("William Ruto", "MET_WITH", "Tamim bin Hamad Al-Thani"),
    ),
    # bilateral talks are contact
    (
        "Prime Minister Narendra Modi held bilaterals with Australia, Spain and Turkey.",
        ("Narendra Modi", "IN_CONTACT_WITH", "Spain"),
    ),
    # a party by its name or a political leaning before it: membership, not property
    (
        "The vote relegated outgoing Chancellor Angela Merkel's centre-right Christian "
        "Democratic Union (CDU) into second place.",
        ("Angela Merkel", "MEMBER_OF", "Christian Democratic Union"),
    ),
    # party names that contain a place
    (
        "Ardern will govern after New Zealand First leader Winston Peters backed Labour.",
        ("Winston Peters", "LEADER_OF", "New Zealand First"),
    ),
    (
        "In a statement on Thursday, Reform UK councillor Rob Howard said he would resign.",
        ("Rob Howard", "MEMBER_OF", "Reform UK"),
    ),
    # a coach's nationality is citizenship; the team sacking him is another matter
    (
        "Saudi Arabia sacked Portuguese coach Jose Peseiro after a defeat.",
        ("Jose Peseiro", "CITIZEN_OF", "Portugal"),
    ),
    # "Councillor" is a title, not part of the name
    (
        "Councillor Barry Lewis, leader of Derbyshire County Council, said the plan works.",
        ("Barry Lewis", "LEADER_OF", "Derbyshire County Council"),
    ),
    # an appointing company named through a descriptor, and the appointee replacing
    (
        "Budget airline EasyJet has appointed Johan Lundgren as its new chief executive, "
        "replacing the long serving Carolyn McCall.",
        ("Johan Lundgren", "LEADER_OF", "EasyJet"),
    ),
    (
        "Budget airline EasyJet has appointed Johan Lundgren as its new chief executive, "
        "replacing the long serving Carolyn McCall.",
        ("Johan Lundgren", "RELATED_TO", "Carolyn McCall"),
    ),
    # a partner at a firm works for it
    (
        "The review was led by Deloitte partner Anna Berg, the bank said.",
        ("Anna Berg", "EMPLOYEE_OF", "Deloitte"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), STATED)
def test_round8_keeps_stated_links(nlp, text, expected):
    assert expected in links(nlp, text)


NOT_STATED = [
    (
        "Kenyan President William Ruto and Qatar's Emir Tamim bin Hamad Al-Thani meet "
        "to review trade.",
        ("William Ruto", "MET_WITH", "Qatar"),
    ),
    (
        "The vote relegated outgoing Chancellor Angela Merkel's centre-right Christian "
        "Democratic Union (CDU) into second place.",
        ("Angela Merkel", "OWNER_OF", "Christian Democratic Union"),
    ),
    (
        "Ardern will govern after New Zealand First leader Winston Peters backed Labour.",
        ("Winston Peters", "LEADER_OF", "New Zealand"),
    ),
    # a regional demonym is no country
    (
        "Her running mate is former president and Latin American leftist icon Cristina "
        "Fernández de Kirchner.",
        ("Cristina Fernández de Kirchner", "CITIZEN_OF", "United States"),
    ),
    (
        "Saudi Arabia sacked Portuguese coach Jose Peseiro after a defeat.",
        ("Jose Peseiro", "LEADER_OF", "Portugal"),
    ),
    (
        "Budget airline EasyJet has appointed Johan Lundgren as its new chief executive, "
        "replacing the long serving Carolyn McCall.",
        ("EasyJet", "RELATED_TO", "Carolyn McCall"),
    ),
    (
        "The review was led by Deloitte partner Anna Berg, the bank said.",
        ("Anna Berg", "ALLIED_WITH", "Deloitte"),
    ),
]


@pytest.mark.parametrize(("text", "triple"), NOT_STATED)
def test_round8_keeps_unstated_links_out(nlp, text, triple):
    assert triple not in links(nlp, text)


def test_the_one_a_claim_is_about_can_deny_it(nlp):
    """ "he rejected allegations that his campaign was funded by France": France FUNDED him,
    denied by him (the pronoun resolved to the person named just before)."""
    triples = extract(
        nlp,
        "Jean Ping blamed South Africa for the delay. On Tuesday he rejected allegations in "
        "the press that his campaign was funded by France.",
    )
    got = {(t.subject, t.relation, t.object): t.denied_by for t in triples}
    assert got[("France", "FUNDED", "Jean Ping")] == "Jean Ping"


def test_a_subject_denying_its_own_act_is_not_its_own_denier(nlp):
    """The guard on the subject stays: the sample's Peskov denial still marks Musk–Putin."""
    triples = extract(
        nlp,
        "Kremlin spokesperson Dmitry Peskov denied that Vladimir Putin was in regular contact "
        "with Elon Musk.",
    )
    denied = {
        (t.subject, t.object): t.denied_by for t in triples if t.relation == "IN_CONTACT_WITH"
    }
    assert "Dmitry Peskov" in denied.values()
