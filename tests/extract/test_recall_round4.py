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
    # roles given or left through a verb (former roles count, as in the gold guidelines)
    (
        "Paul Girard was appointed chief executive of Renault in March.",
        ("Paul Girard", "LEADER_OF", "Renault"),
    ),
    ("Greta Lind resigned as chairwoman of Volvo on Friday.", ("Greta Lind", "LEADER_OF", "Volvo")),
    (
        "Marco Bassi joined Ferrari as technical director in 2019.",
        ("Marco Bassi", "EMPLOYEE_OF", "Ferrari"),
    ),
    # an organisation's describing noun says where it is
    (
        "Germany's national rail company Deutsche Bahn said it had agreed to buy British "
        "transport operator Arriva.",
        ("Deutsche Bahn", "BASED_IN", "Germany"),
    ),
    (
        "Germany's national rail company Deutsche Bahn said it had agreed to buy British "
        "transport operator Arriva.",
        ("Arriva", "BASED_IN", "United Kingdom"),
    ),
    ("Japanese carmaker Toyota recalled 2 million vehicles.", ("Toyota", "BASED_IN", "Japan")),
    (
        "Marta Silva, co-founder of the startup Brightwave, said the funding would help.",
        ("Marta Silva", "FOUNDER_OF", "Brightwave"),
    ),
    # a participle or gerund takes the clause's subject
    (
        "Rafael Nadal was beaten at Wimbledon on Monday, losing to Gilles Muller 6-3, 6-4.",
        ("Rafael Nadal", "RELATED_TO", "Gilles Muller"),
    ),
    (
        "Federer reached the quarter-finals by beating Grigor Dimitrov 6-4, 6-2, 6-4.",
        ("Federer", "RELATED_TO", "Grigor Dimitrov"),
    ),
    # an ambassador "to" a body works for the sending country
    (
        "The Chinese ambassador to the UN, Zhang Jun, said sanctions fail.",
        ("Zhang Jun", "EMPLOYEE_OF", "China"),
    ),
    (
        "Sheriff Gerald Baker identified Arturo Marin-Sotelo as a suspect.",
        ("Gerald Baker", "ACCUSED", "Arturo Marin-Sotelo"),
    ),
    ("Elon Musk lashed out at Bill Gates.", ("Elon Musk", "CRITICIZED", "Bill Gates")),
    # coordinated titles before a name: one link per distinct role
    (
        "Tokyo Electron chairman, president and CEO Tetsuro Higashi said the firm would grow.",
        ("Tetsuro Higashi", "LEADER_OF", "Tokyo Electron"),
    ),
    (
        "The startup was founded by former Tesla CTO and cofounder JB Straubel.",
        ("JB Straubel", "FOUNDER_OF", "Tesla"),
    ),
    (
        "The startup was founded by former Tesla CTO and cofounder JB Straubel.",
        ("JB Straubel", "EMPLOYEE_OF", "Tesla"),
    ),
    # "Prince of Wales Hospital" keeps its title word; a division head works there
    (
        "John Dwyer, director of medicine at Sydney's Prince of Wales Hospital, spoke.",
        ("John Dwyer", "EMPLOYEE_OF", "Prince of Wales Hospital"),
    ),
    (
        "John Dwyer, director of medicine at Sydney's Prince of Wales Hospital, spoke.",
        ("Prince of Wales Hospital", "BASED_IN", "Sydney"),
    ),
    # a scientist "at" a university
    (
        "Philip Munday, a marine ecologist at James Cook University, defended his work.",
        ("Philip Munday", "EMPLOYEE_OF", "James Cook University"),
    ),
    # a country's own name on a private occupation is a nationality
    (
        "Danielle Dixson, a U.S. biologist, published the study.",
        ("Danielle Dixson", "CITIZEN_OF", "United States"),
    ),
    # criticism of a country's actions is criticism of the country
    (
        "Antonio Guterres also condemned Russia's aggressions.",
        ("Antonio Guterres", "CRITICIZED", "Russia"),
    ),
    # a counterpart in apposition is the named person
    (
        "Mahinda Rajapaksa held discussions with his counterpart Asif Ali Zardari.",
        ("Mahinda Rajapaksa", "IN_CONTACT_WITH", "Asif Ali Zardari"),
    ),
    # a corporate title shows a mislabelled name to be a company, in every mention
    (
        "Halliburton CEO Dave Lesar welcomed the deal. Martin Craighead, chairman and CEO of "
        "Baker Hughes, said the deal would create a larger company.",
        ("Martin Craighead", "LEADER_OF", "Baker Hughes"),
    ),
    (
        "Halliburton CEO Dave Lesar welcomed the deal. Martin Craighead, chairman and CEO of "
        "Baker Hughes, said the deal would create a larger company.",
        ("Dave Lesar", "LEADER_OF", "Halliburton"),
    ),
    # a subject pronoun carries the topic across a sentence without names
    (
        "Andy Murray is adored at the grass-court major. He is a two-time Wimbledon champion. "
        "On Monday, he beat Benoit Paire 7-6, 6-4, 6-4.",
        ("Andy Murray", "RELATED_TO", "Benoit Paire"),
    ),
    # a nationality as a predicate
    (
        "Andy Murray is adored at the grass-court major, and he is British.",
        ("Andy Murray", "CITIZEN_OF", "United Kingdom"),
    ),
    ("Deutsche Bahn is German.", ("Deutsche Bahn", "BASED_IN", "Germany")),
    # a country alias at the start of an organisation's name stays in the name
    (
        "Judge Alfred H. Bennett of the U.S. District Court for the Southern District of "
        "Texas sentenced Delgado.",
        (
            "Alfred H. Bennett",
            "EMPLOYEE_OF",
            "U.S. District Court for the Southern District of Texas",
        ),
    ),
    (
        "Judge Alfred H. Bennett of the U.S. District Court for the Southern District of "
        "Texas sentenced Delgado.",
        ("U.S. District Court for the Southern District of Texas", "BASED_IN", "United States"),
    ),
    ("Wake County deputy Ned Byrd was killed.", ("Ned Byrd", "EMPLOYEE_OF", "Wake County")),
    # kin words, and nationalities on private leaders
    (
        "Ferguson was convicted and Kilpatrick's dad, Bernard, was convicted of tax fraud.",
        ("Bernard", "RELATIVE_OF", "Kilpatrick"),
    ),
    (
        "The festival opens with a debut feature by French director Amelie Bonnin.",
        ("Amelie Bonnin", "CITIZEN_OF", "France"),
    ),
    (
        "British retailer Marks and Spencer warned on profits. Marks & Spencer shares fell. "
        "M&S's chief executive Stuart Rose said sales were weak.",
        ("Stuart Rose", "LEADER_OF", "Marks and Spencer"),
    ),
    # talks are contact, only a meeting is a meeting (gold guidelines)
    (
        "Vietnam's Foreign Minister Bui Thanh Son held talks with Adjadi Bakari.",
        ("Bui Thanh Son", "IN_CONTACT_WITH", "Adjadi Bakari"),
    ),
    # a field before a title; a team's manager leads it; a city on a private role
    (
        "“Research matters,” said Weber State University zoology professor John Mull.",
        ("John Mull", "EMPLOYEE_OF", "Weber State University"),
    ),
    (
        "Republic of Ireland manager Martin O'Neill praised Seamus Coleman.",
        ("Martin O'Neill", "LEADER_OF", "Republic of Ireland"),
    ),
    ("Wales boss Chris Coleman was pleased.", ("Chris Coleman", "LEADER_OF", "Wales")),
    (
        "It was for boiler room operators, said Joel Hirschhorn, a Miami defense attorney.",
        ("Joel Hirschhorn", "BASED_IN", "Miami"),
    ),
    ("Tom Lee, a Dallas city manager, resigned.", ("Tom Lee", "EMPLOYEE_OF", "Dallas")),
    (
        "Regis Le Bris praised Adam Clarke after seeing him beat Tom Reyes.",
        ("Adam Clarke", "RELATED_TO", "Tom Reyes"),
    ),
    # a place alias inside an organisation's name stays in it
    (
        "HTC America president Jason MacKenzie tells CBS News that the device sold well.",
        ("Jason MacKenzie", "LEADER_OF", "HTC America"),
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
    # planned: the modal on the clause governs the gerund
    ("Macron will travel to Berlin before meeting Scholz.", ("Macron", "Scholz")),
    # a functional director does not lead the company, and joining is not a second role
    (
        "Marco Bassi joined Ferrari as technical director in 2019.",
        ("Marco Bassi", "Ferrari", "LEADER_OF"),
    ),
    (
        "Marco Bassi joined Ferrari as technical director in 2019.",
        ("Marco Bassi", "Ferrari", "MEMBER_OF"),
    ),
    # ... nor is the host of an ambassador the employer
    (
        "The Chinese ambassador to the UN, Zhang Jun, said sanctions fail.",
        ("Zhang Jun", "UN"),
    ),
    # quoted titles close with a quote, not a possessive; codes are not names
    (
        "Ben Burtt, sound designer on the 'Star Wars' and 'Indiana Jones' franchises, will help.",
        ("Indiana Jones", "Star Wars"),
    ),
    ("Byrd was a K-9 officer with the sheriff's office.", ("Byrd", "K-9")),
    # praise is no support (gold guidelines: RELATED_TO)
    (
        "Coach Owen Coyle praised Nerijus Valskis after the game.",
        ("Owen Coyle", "Nerijus Valskis", "SUPPORTS"),
    ),
    # a title walk stops at words that are no titles
    (
        "The United Russia party under Prime Minister Vladimir Putin won 66 percent.",
        ("Vladimir Putin", "United Russia"),
    ),
    # a city on a title is no nationality
    (
        "The new London police commissioner Sir Ian Blair warned cocaine users.",
        ("Ian Blair", "London", "CITIZEN_OF"),
    ),
    (
        "Danielle Dixson, a U.S. biologist, published the study.",
        ("Danielle Dixson", "United States", "EMPLOYEE_OF"),
    ),
    # a headline infinitive is a plan, whatever the parse
    ("Halliburton to Acquire Baker Hughes for $34.6 Billion", ("Halliburton", "Baker Hughes")),
    # a phrasal verb is not its bare verb: selling someone out is no sale
    (
        "Larry Langford sold Jefferson County out, prosecutors said.",
        ("Larry Langford", "Jefferson County", "PROVIDED_TO"),
    ),
    ("Tom Reyes might be Canadian.", ("Tom Reyes", "Canada")),
    # a possessive on a campaign owns the campaign, not the body it is for
    (
        "Bush taped an endorsement during Kline's 2000 U.S. House campaign.",
        ("Kline", "U.S. House"),
    ),
    # a visit is no meeting with a place or body; a party is no government body; a
    # currency's country is no actor; one company is not its own owner
    (
        "Foreign Minister Mevlut Cavusoglu visited Guinea-Bissau on 10 September 2020.",
        ("Mevlut Cavusoglu", "Guinea-Bissau"),
    ),
    (
        "Backers of the opposition Malawi Congress Party (MCP) allege fraud.",
        ("Malawi Congress Party", "Malawi"),
    ),
    ("Najib Razak, who looted US $4.5 billion, lost.", ("Najib Razak", "United States")),
    (
        "British retailer Marks and Spencer warned on profits. Marks & Spencer shares fell. "
        "M&S's chief executive Stuart Rose said sales were weak.",
        ("Marks and Spencer", "M&S"),
    ),
    (
        "The festival opens with a debut feature by French director Amelie Bonnin.",
        ("Amelie Bonnin", "France", "LEADER_OF"),
    ),
    # requests are not acts, nor is what a watcher watched someone do the watcher's act
    ("Putin asked Musk to help him reach Xi Jinping.", ("Musk", "Xi Jinping")),
    (
        "Regis Le Bris praised Adam Clarke after seeing him beat Tom Reyes.",
        ("Regis Le Bris", "Tom Reyes"),
    ),
    # a name in a noun's prepositional phrase is no antecedent for a later pronoun
    (
        "Shahid Khaqan Abbasi met Donald Trump on Friday. The interaction with President Trump "
        "took place after his 45-minute meeting with US Vice President Mike Pence.",
        ("Donald Trump", "Mike Pence"),
    ),
    # a business council is no government body
    (
        "The event was hosted by the US Pakistan Business Council.",
        ("US Pakistan Business Council", "United States"),
    ),
    # an independent's label names no party
    ("Sen. Angus King (I-Maine) voted against the bill.", ("Angus King", "Independent")),
    # "<institution> in <place>" is not annotated by the gold guidelines (the Skidmore
    # College precedent), nor a company "in" a country
    (
        "Scientists at the California Academy of Sciences in San Francisco described species.",
        ("California Academy of Sciences", "San Francisco"),
    ),
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
        ("Sheriff Gerald Baker identified the man.", "Sheriff Gerald Baker"),
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


def test_a_quoted_nickname_is_not_part_of_the_name(nlp):
    text = "Former Texas Judge Rodolfo “Rudy” Delgado was sentenced to five years in prison."
    names = {canonical for _, etype, canonical in mentions(nlp, text) if etype == "PERSON"}
    assert names == {"Rodolfo Delgado"}


def test_the_journal_still_joins_the_full_name(nlp):
    text = (
        "The Wall Street Journal reported the calls on Friday. "
        "Elon Musk did not reply to the Journal."
    )
    names = {canonical for _, _, canonical in mentions(nlp, text)}
    assert "The Wall Street Journal" in names
    assert "Journal" not in names
