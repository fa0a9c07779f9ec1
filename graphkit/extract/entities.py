"""Entity mentions over a parsed ``Doc``: NER cleaned, repaired, completed and clustered.

Pure functions over a ``Doc`` (textacy style). The pipeline component in
:mod:`graphkit.extract.components` stores their results on the Doc as plain data
(msgpack-safe, so ``nlp.pipe(n_process=…)`` can carry them between processes):

* ``doc._.mentions``: a list of ``[start, end, type, text, entity_id, source]`` (token offsets);
* ``doc._.entities``: a list of ``{"id", "name", "type", "aliases"}`` — the article-local entities.

Steps, in order (each a documented rule, no statistics beyond the model's):

1. **Gazetteer**: names from the packaged and user gazetteer files are matched case-sensitively
   (``SpaceX``, ``Starlink``, ``Houthi rebels``); an entry with ``context:`` words fires only next
   to one of them (``X`` in "Musk's X platform"). Gazetteer matches win over overlapping NER spans.
2. **Split organisation names**: a country or demonym followed by capitalised words and an
   organisation head noun is one ORG ("Saudi Interior Ministry", "Malaysia Tourism board",
   "Saudi Gazette"), except "the <country> government", which stays the country.
3. **Label map**: spaCy labels outside PERSON/ORG/GPE go through ``label_map.tsv`` (NORP group
   nouns become ORG; bare demonyms are kept aside for role links; LOC/FAC dropped).
4. **Cleaning**: leading determiners and titles, trailing possessives, punctuation and score
   numbers ("Sweden 1 – 0") are cut from the span ("Donald Trump's" → "Donald Trump", "the
   Journal" → "Journal"); spans that are not names are dropped: no capital letter ("disco
   club"), only title words ("Emeritus"), portfolio words before a title noun ("Shadow Home"
   Secretary) or after "<title> of" ("Secretary of State"), a name ending in a role noun
   ("William Ziegler III Professor"), an academic discipline ("Professor of Neuroscience"), an
   agreement or law ("Artemis Accords"), an indefinite or lower-case-headed description ("a Delhi
   court", "Shanghai court"), a bare nationality ("Czech"), corporate title acronyms ("CFO", "VP"),
   award categories ("Best Actor"), a nationality noun ("the Welshman", "the Spaniard"), a
   portfolio after a tenure word ("New Transport" Secretary). Spans that run a place, a title
   and a person together are split (:func:`_split_spans`): "Fiji PM Sitiveni Rabuka", "the
   King of" + "Norway Harald V", "Provincial Governor" + "Lahore Tariq Mahmood" give the place
   and the person. Edges are repaired: a score ("Port
   United 2-1") or money amount ("$129bn Sprint") glued on, an unclosed bracket ("Enforcement
   Directorate (ED"), a title run into a person's name ("Additional Public Prosecutor X"), a name
   cut short at "of" ("Communist Party of" + "Greece") or at a hyphen particle ("Tehrik-e Insaf"). An ORG continued by "for/of" and capitalised words is extended ("Andy Warhol
   Foundation" + "for the Visual Arts"). "the <place> and <institution>" is one name ("the
   Maidstone and Tunbridge Wells Hospitals NHS Trust"). A bare kind of body ("Council",
   "Committee") is a name only when the article names a fuller form ending in it, and a
   chamber after a lower-case level word ("state House") is never one. A wire dateline in
   capitals opening a paragraph ("ST. LOUIS (AP) —", "TOKYO, Sept. 23 Kyodo -") gives no
   entity; two organisation names run together across a comma, each with its own head noun
   ("the Department of Agriculture, <party name> Party"), are split; an organisation does not
   run on over a lower-case preposition ("the Bulls under <coach>"); a club's two-digit number
   ("Schalke 04") stays in its name; a run of portfolio words before a minister's title
   ("Agricultural Development and Food Security" Minister) is no organisation; a single letter
   is no name unless the gazetteer lists it; "<name> and <nationality>" loses the "and …";
   documents and business forms ("MoU", "Joint Venture") are no organisations.
5. **Document-level voting** (see :func:`_vote`): a country name is a GPE; a name that is a
   PERSON elsewhere in the article (or the surname of one) stays a PERSON when the model labels
   one mention DATE/ORG/WORK_OF_ART ("Musk", "Trump administration"), unless the article shows
   the word to be a company's ("India's Tata group", "former Tata chairman"); a first name
   of such a PERSON (made of name words only) that the model calls a place is the person;
   other
   disagreements go to the majority label.
6. **Recurrence**: unlabelled repetitions of a recognised name (or a PERSON's surname) are
   mentions too.
7. **Clustering** within the article: surnames and partial names join the fullest compatible
   name ("Musk" → "Elon Musk"; "Journal" → "The Wall Street Journal"; "USI" → "University of
   Southern Indiana"); a country name never joins a longer place ("Australia" is not "South
   Australia"); a company's own name does not join a longer name ending in it ("Tata" is not
   "Ratan Tata"); when two full names share a surname, a bare surname joins the nearest preceding
   one (the same-name guard). The canonical name is the fullest form, or the gazetteer's name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from graphkit.config import GazetteerEntry, Settings

KEEP = ("PERSON", "ORG", "GPE")
TITLE_WORDS = {
    "emir",
    "councillor",
    "councilor",
    "cllr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "sir",
    "dame",
    "lord",
    "president",
    "vice",
    "prime",
    "minister",
    "senator",
    "sen",
    "rep",
    "gov",
    "governor",
    "mayor",
    "king",
    "queen",
    "prince",
    "princess",
    "general",
    "gen",
    "col",
    "captain",
    "capt",
    "judge",
    "justice",
    "pope",
    "chancellor",
    "premier",
    "secretary",
    "ceo",
    "chairman",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "leader",
    "officer",
    "director",
    "professor",
    "emeritus",
    "assistant",
    "associate",
    "senior",
    "deputy",
    "shadow",
    "acting",
    "former",
    "interim",
    "chief",
    "coach",
    "manager",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
}
# Words that make a capitalised name part of a title, not an organisation: "Home Secretary",
# "Shadow Foreign Secretary", "Interior Minister". An ORG/NORP mention made only of these words
# and followed by a title noun is dropped.
PORTFOLIO_WORDS = {
    "home",
    "foreign",
    "shadow",
    "interior",
    "defence",
    "defense",
    "health",
    "education",
    "justice",
    "finance",
    "treasury",
    "culture",
    "environment",
    "energy",
    "transport",
    "trade",
    "labor",
    "labour",
    "immigration",
    "commerce",
    "industry",
    "agriculture",
    "economy",
    "tourism",
    "fisheries",
    "state",
    "prime",
    "deputy",
    "junior",
    "chief",
    "affairs",
    "cabinet",
    "homeland",
    "security",
    "external",
    "relations",
    "public",
    "personnel",
    "management",
    "human",
    "resources",
    "development",
    "planning",
    "housing",
    "communities",
    "communications",
    "information",
    "science",
    "technology",
    "innovation",
    "sport",
    "sports",
    "youth",
    "social",
    "welfare",
    "works",
    "water",
    "mines",
    "petroleum",
    "infrastructure",
    "digital",
    "veterans",
    "investment",
    "budget",
    "police",
    "intelligence",
    "revenue",
    "emergency",
    "operations",
    "regulatory",
    "corporate",
    "legal",
    "national",
    "acting",
    "interim",
    "caretaker",
}
TITLE_HEADS = {
    "secretary",
    "minister",
    "ministers",
    "secretaries",
    "chancellor",
    "spokesperson",
    "officer",
    "director",
    "commissioner",
}
PORTFOLIO_LINKS = {"and", "&", ","}
# Head nouns that make "<country or demonym> <Capitalised words> <head>" an organisation name
# ("Saudi Interior Ministry", "Malaysia Tourism board", "Indonesian Navy", "Saudi Gazette").
GOVERNMENT_HEADS = {
    "ministry",
    "department",
    "navy",
    "army",
    "police",
    "agency",
    "authority",
    "service",
    "board",
    "office",
    "government",
    "military",
    "commission",
    "guard",
    "force",
    "forces",
    "bureau",
    "administration",
    "parliament",
    "senate",
    "congress",
    "court",
    "embassy",
    "council",
    "directorate",
}
OUTLET_HEADS = {
    "gazette",
    "herald",
    "times",
    "post",
    "news",
    "journal",
    "tribune",
    "telegraph",
    "guardian",
    "press",
    "television",
    "radio",
    "broadcasting",
    "corporation",
    "company",
    "bank",
    "university",
    "institute",
    "foundation",
    "association",
    "society",
    "party",
    "church",
    "federation",
    "union",
    "league",
}
ORG_HEADS = GOVERNMENT_HEADS | OUTLET_HEADS
# Academic disciplines: "Professor of Neuroscience", "Chair of Cardiovascular and Metabolic
# Sciences" name a field, not an organisation, unless an organisation head is in the name
# ("Institute of Medical Sciences", "London School of Economics").
DISCIPLINES = {
    "science",
    "sciences",
    "studies",
    "neuroscience",
    "ophthalmology",
    "medicine",
    "engineering",
    "economics",
    "mathematics",
    "physics",
    "chemistry",
    "biology",
    "psychology",
    "philosophy",
    "literature",
    "cardiology",
    "oncology",
    "surgery",
    "history",
}
ACADEMIC_HEADS = {
    "university",
    "institute",
    "school",
    "college",
    "academy",
    "department",
    "faculty",
    "society",
    "center",
    "centre",
    "council",
    "foundation",
    "association",
    "journal",
    "review",
    "museum",
    "library",
    "laboratory",
    "lab",
    "clinic",
    "hospital",
    "division",
}
# Agreements and laws are not organisations ("Artemis Accords", "Paris Agreement", "Patriot Act").
AGREEMENTS = {
    "accord",
    "accords",
    "agreement",
    "treaty",
    "act",
    "convention",
    "protocol",
    "pact",
    "charter",
    "declaration",
    "bill",
    "amendment",
}
# Documents and generic business forms written in capitals: "The MoU was signed", "to set up a
# Joint Venture company" are no organisations.
DOCUMENT_NAMES = {
    "mou",
    "mous",
    "mou's",
    "memorandum",
    "memorandum of understanding",
    "memorandum of agreement",
    "letter of intent",
    "agreement",
    "treaty",
    "accord",
    "contract",
    "joint venture",
    "joint venture company",
    "joint venture agreement",
    "special purpose vehicle",
    "consortium",
    "subsidiary",
}
# A name that ends in a role noun is a title or a named chair, not an entity
# ("William Ziegler III Professor", "Lions Coach").
ROLE_TAILS = {
    "professor",
    "chair",
    "chairman",
    "chairwoman",
    "director",
    "president",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "ceo",
    "coach",
    "manager",
    "captain",
    "officer",
    "secretary",
    "minister",
    "pm",
}
# a quoted nickname inside a name: "Rodolfo “Rudy” Delgado"
_NICKNAME = re.compile(r"\s+[“\"‘'][^“”\"‘’']{1,20}[”\"’']\s+")
# a letter code with a number: "K-9", "F-16", "COVID-19"
_CODE = re.compile(r"[A-Za-z]{1,5}-?\d+")
# "$129bn Sprint": a money or number token glued to the front of a name
_LEADING_NUMBER = re.compile(r"^[$£€¥]?\d[\d.,]*(?:bn|mn|tn|%)?$", re.IGNORECASE)
# "Port United 2-1": a score glued to the end of a team name
_SCORE = re.compile(r"^\d+[-–—:]\d+$")
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
POSSESSIVE_RE = re.compile(r"(?:['’]s|['’])$")
PRONOUNS = {"he": "PERSON", "him": "PERSON", "his": "PERSON", "she": "PERSON", "her": "PERSON"}
# spaCy labels whose mentions the voting step may turn into a PERSON/ORG/GPE
REPAIRABLE = {
    "DATE",
    "ORG",
    "WORK_OF_ART",
    "PRODUCT",
    "GPE",
    "NORP",
    "PERSON",
    "LOC",
    "FAC",
    "EVENT",
}


@dataclass
class Mention:
    """A cleaned mention: token offsets ``[start, end)`` into the Doc."""

    start: int
    end: int
    type: str
    text: str
    source: str = "ner"  # ner | gazetteer | vote | recurrence
    entity: int = -1
    gaz_name: str | None = None
    votes: Counter = field(default_factory=Counter)
    named_org: bool = False  # the text shows this name is a company's ("Tata group")

    def as_list(self) -> list:
        return [self.start, self.end, self.type, self.text, self.entity, self.source]


def norm(name: str) -> str:
    """Normalise a name for comparison: case-folded, dots and possessives dropped, spaces folded.

    >>> norm("U.S.")
    'us'
    >>> norm("The  Wall Street Journal's")
    'the wall street journal'
    """
    name = POSSESSIVE_RE.sub("", name.strip())
    name = name.replace(".", "").replace("’", "'")
    return " ".join(name.casefold().split())


def _tokens(name: str) -> list[str]:
    return [t for t in norm(name).replace("-", " ").split() if t]


class Gazetteer:
    """PhraseMatcher over gazetteer names and aliases (case-sensitive, as written)."""

    def __init__(self, vocab, entries: Iterable[GazetteerEntry]):
        self.matcher = PhraseMatcher(vocab, attr="ORTH")
        self.by_key: dict[str, GazetteerEntry] = {}
        self.alias_to_name: dict[str, GazetteerEntry] = {}
        for i, entry in enumerate(entries):
            key = f"GAZ{i}"
            self.by_key[key] = entry
            forms = {entry.name, *entry.aliases}
            # "the Journal" matches as "Journal" after determiner cleaning; keep both forms
            for form in list(forms):
                if form.lower().startswith("the "):
                    forms.add(form[4:])
            patterns = [vocab_doc for vocab_doc in (_make_doc(vocab, f) for f in sorted(forms))]
            self.matcher.add(key, patterns)
            for form in forms:
                self.alias_to_name[norm(form)] = entry

    def lookup(self, name: str) -> GazetteerEntry | None:
        return self.alias_to_name.get(norm(name))

    def matches(self, doc: Doc) -> list[tuple[int, int, GazetteerEntry]]:
        out = []
        for match_id, start, end in self.matcher(doc):
            entry = self.by_key[doc.vocab.strings[match_id]]
            if entry.context and not _has_context(doc, start, end, entry.context):
                continue
            out.append((start, end, entry))
        # longest first, then leftmost; drop overlaps
        out.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken: set[int] = set()
        kept = []
        for start, end, entry in out:
            if taken.isdisjoint(range(start, end)):
                kept.append((start, end, entry))
                taken.update(range(start, end))
        return sorted(kept, key=lambda m: m[0])


def _make_doc(vocab, text: str) -> Doc:
    from spacy.tokenizer import Tokenizer  # noqa: F401  (vocab-only tokenisation below)

    words = re.findall(r"[\w.\-&]+|[^\w\s]", text)
    # keep the tokenizer's splitting of possessives and dotted abbreviations consistent
    return Doc(vocab, words=words)


def _has_context(doc: Doc, start: int, end: int, context: tuple[str, ...]) -> bool:
    window = [t.lower_ for t in doc[max(0, start - 2) : min(len(doc), end + 2)]]
    return any(c in window for c in context)


def _place_possessor(
    doc: Doc, start: int, end: int, gazetteer: Gazetteer, demonyms: dict[str, str]
) -> tuple[int, str] | None:
    """(index of the "'s", country) when an ORG span opens with a known country and its
    possessive ("UK's Competition and Markets Authority"), with a name after it."""
    for k in range(start + 1, min(end - 1, start + 4)):
        if doc[k].lower_ not in ("'s", "’s"):
            continue
        text = doc[start:k].text
        entry = gazetteer.lookup(text)
        if entry is not None and entry.type == "GPE":
            return k, entry.name
        low = text.lower()
        # built only here: a possessive inside an ORG span is rare
        return next(((k, c) for c in demonyms.values() if c.lower() == low), None)
    return None


# Titles written in capitals before a name: "PM Albanese", "CEO Smith" ("DR Congo" and "MP" as a
# state's abbreviation are not titles here)
UPPER_TITLES = {"PM", "CEO", "CFO", "COO", "CTO"}


def _clean_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Cut determiners, titles, possessive particles and punctuation from a span's edges."""
    while start < end and (
        doc[start].lower_ in DETERMINERS
        or doc[start].is_punct
        or doc[start].is_space
        or doc[start].is_currency
        or (end - start > 1 and _LEADING_NUMBER.match(doc[start].text) is not None)
        or (
            doc[start].lower_.rstrip(".") in TITLE_WORDS
            and end - start > 1
            and doc[start].is_title
            and doc[start + 1].lower_ != "of"  # "Prince of Wales Hospital" is a name
        )
        or (doc[start].text in UPPER_TITLES and end - start > 1 and doc[start + 1].is_title)
    ):
        start += 1
    # a score glued to a team name: "Port United 2-1", "Port United 2 - 1"
    if end - start > 1 and _SCORE.match(doc[end - 1].text):
        end -= 1
    elif (
        end - start > 3
        and doc[end - 1].like_num
        and doc[end - 2].text in ("-", "–", "—", ":")
        and doc[end - 3].like_num
    ):
        end -= 3
    while end > start and (
        doc[end - 1].is_punct
        or doc[end - 1].is_space
        or doc[end - 1].lower_ in ("'s", "’s", "'", "’")
        or doc[end - 1].tag_ == "POS"
    ):
        end -= 1
    return start, end


def _span_text(doc: Doc, start: int, end: int) -> str:
    text = doc[start:end].text
    text = POSSESSIVE_RE.sub("", text).strip(" \"'“”‘’,;:")
    return " ".join(text.split())


def _label_target(label: str, text: str, settings: Settings) -> str | None:
    if label in KEEP:
        return label
    low = text.lower()
    for lab, target, pattern in settings.label_map:
        if lab != label:
            continue
        if pattern == "*" or re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), low):
            return None if target in ("DROP", "DEMONYM") else target
    return None


_DASHES = {"-", "–", "—", "--", "―"}


def _datelines(doc: Doc) -> set[int]:
    """Tokens of wire datelines in capitals opening an article or a paragraph ("ST. LOUIS (AP)
    —", "NEW YORK (Reuters) -", "TOKYO, Sept. 23 Kyodo -"): a place and an agency credit, never
    entities of the story (the small model reads "LOUIS" as a person). Abbreviations with a dot
    ("ST.") stay inside the dateline."""
    out: set[int] = set()
    for i, tok in enumerate(doc):
        if i > 0 and not (doc[i - 1].is_space and "\n" in doc[i - 1].text):
            continue
        if not (tok.text.isupper() and tok.text.replace(".", "").isalpha() and len(tok.text) > 1):
            continue
        credit = False  # after a comma or a bracket: a date, an agency
        for j in range(i + 1, min(i + 16, len(doc))):
            t = doc[j]
            if t.text in _DASHES:
                if j - i > 1 or t.whitespace_ or doc[j - 1].whitespace_:
                    out.update(range(i, j + 1))  # not "US-based", "UK-wide"
                break
            if t.text[0] in "-–—" and t.text[1:2].isalpha() and j - i > 1:
                out.update(range(i, j))  # "SYDNEY (Reuters) -Australia …": the dash glued on
                break
            if t.is_space:
                break
            if t.text in (",", "(", ")"):
                credit = True
                continue
            if t.text == "." or t.text.upper() == t.text and any(c.isalpha() for c in t.text):
                continue  # "ST." "LOUIS", "AP"
            if credit and (t.like_num or t.is_title):
                continue  # "Sept. 23", "Kyodo"
            break
    return out


SECOND_NAME_HEADS = {"group", "trust", "alliance", "network", "coalition", "movement", "front"}


# Two organisation names the model runs together across a comma: "the Department of
# Agriculture, Inkatha Freedom Party": each side has its own head noun.
def _split_comma_orgs(doc: Doc, ents: list) -> list:
    out: list = []
    for ent in ents:
        if ent.label_ != "ORG":
            out.append(ent)
            continue
        start = ent.start
        for k in range(ent.start + 1, ent.end - 1):
            if doc[k].text != ",":
                continue
            left = {t.lower_ for t in doc[start:k]}
            right = doc[k + 1 : ent.end]
            if (
                ORG_HEADS.intersection(left)
                and right[0].is_title
                and right[-1].lower_ in ORG_HEADS | ACADEMIC_HEADS | SECOND_NAME_HEADS
                and "and" not in {t.lower_ for t in right}
            ):
                out.append(_Ent(start, k, "ORG"))
                start = k + 1
        out.append(_Ent(start, ent.end, "ORG") if start != ent.start else ent)
    return out


def find_mentions(doc: Doc, settings: Settings, gazetteer: Gazetteer) -> list[Mention]:
    """Steps 1–4 of the module docstring: cleaned, typed mentions in text order."""
    mentions: list[Mention] = []
    taken: set[int] = set()
    ents = _split_spans(doc, _joined_people(doc), _Places(doc, gazetteer, settings.demonyms))
    ents = _split_comma_orgs(doc, ents)
    dateline = _datelines(doc)
    ents = [ent for ent in ents if ent.start not in dateline]
    ner_orgs = [(ent.start, ent.end) for ent in ents if ent.label_ in ("ORG", "FAC")]
    org_at = {s0: e0 for s0, e0 in ner_orgs}
    for start, end, entry in gazetteer.matches(doc):
        if start in dateline:
            continue
        e0 = org_at.get(end)
        if (
            entry.type == "GPE"
            and e0 is not None
            and doc[end].is_title
            and doc[e0 - 1].lower_ in GOVERNMENT_HEADS
        ):
            # "U.S." + "District Court": the model split a government body's name
            s, e = _clean_span(doc, start, e0)
            mentions.append(Mention(s, e, "ORG", _span_text(doc, s, e), "compound"))
            taken.update(range(start, e0))
            continue
        if entry.type == "GPE" and start > 0 and _company_prefix(doc, start - 1, settings.demonyms):
            # "HTC America", "Air New Zealand": a company named after its market
            mentions.append(
                Mention(start - 1, end, "ORG", _span_text(doc, start - 1, end), "compound")
            )
            taken.update(range(start - 1, end))
            continue
        if end < len(doc) and doc[end].text in ("$", "€", "£"):
            continue  # "US $4.5 billion": a currency's country is no actor
        if entry.type == "GPE" and any(
            s0 <= start
            and end <= e0
            and any(doc[i].text[:1].isupper() for i in (*range(s0, start), *range(end, e0)))
            for s0, e0 in ner_orgs
        ):
            continue  # "the U.S. District Court", "HTC America": the place is in a name
        s, e = _clean_span(doc, start, end)
        if s >= e:
            continue
        mentions.append(
            Mention(s, e, entry.type, _span_text(doc, s, e), "gazetteer", gaz_name=entry.name)
        )
        taken.update(range(start, end))
    demonyms = settings.demonyms
    for s, e in _compound_orgs(doc, taken, demonyms):
        mentions.append(Mention(s, e, "ORG", _span_text(doc, s, e), "compound"))
        taken.update(range(s, e))
    raw: list[Mention] = []
    raw_taken: set[int] = set()  # a name extended over the next entity owns its tokens
    for ent in ents:
        if not taken.isdisjoint(range(ent.start, ent.end)):
            continue
        if not raw_taken.isdisjoint(range(ent.start, ent.end)):
            continue
        s, e = _clean_span(doc, ent.start, ent.end)
        if s >= e:
            continue
        if doc[s].lower_ == "of" and s > 0 and doc[s - 1].is_title and s - 1 not in raw_taken:
            s -= 1  # "Republic" + "of Ireland": the model cut the name's head off
        if ent.label_ == "ORG":
            place = _place_possessor(doc, s, e, gazetteer, demonyms)
            if place is not None:
                # "The UK's Competition and Markets Authority": a place's possessive on an
                # organisation, read by the model as one name
                k, country = place
                mentions.append(
                    Mention(s, k, "GPE", _span_text(doc, s, k), "gazetteer", gaz_name=country)
                )
                s = k + 1
        if ent.label_ in ("CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "TIME"):
            continue
        if ent.end < len(doc) and doc[ent.end].text in ("$", "€", "£"):
            continue  # "looted US $4.5 billion": a currency's country is no actor
        if _score_number(doc, s, e):
            e -= 1
        if ent.label_ in ("ORG", "GPE") and e - s > 1 and doc[e - 1].text in HONORIFICS:
            e -= 1  # "the World Health Organization Dr" + "Tedros …": the name's honorific
        label = ent.label_
        s0 = s
        s, e = _trim_name(doc, s, e, label)
        if s >= e:
            continue
        if (
            label in ("PERSON", "ORG")
            and e - s > 2
            and doc[e - 2].lower_ == "and"
            and doc[e - 1].lower_ in demonyms
        ):
            e -= 2  # "producer Ann Smith and American" + "director …": the next one's nationality
        if label == "ORG" and s > s0:
            label = "PERSON"  # "Public Prosecutor Atul Srivastava": a title and a name
        elif label == "PERSON" and _org_shaped(doc, s, e):
            label = "ORG"  # "Nanfang Metropolis News", "FC Goa": an organisation's name
        elif label == "GPE" and e - s > 1 and doc[e - 1].lower_.rstrip(".") in COMPANY_TAILS:
            label = "ORG"  # "West Publishing", "Hyundai Motors": a company, not a place
        elif (
            label == "PERSON"
            and e - s > 1
            and doc[e - 1].lower_ in CLUB_TAILS
            and doc[e - 1].is_title
            and _name_tokens(doc, s, e - 1)
        ):
            label = "ORG"  # "Leeds United", "Blackburn Rovers": a club, no person's name
            while (
                s > 0
                and s - 1 not in raw_taken
                and s - 1 not in taken
                and doc[s - 1].ent_iob_ == "O"
                and _name_word(doc, s - 1, s - 1)
                and not doc[s].is_sent_start
            ):
                s -= 1  # "non-league Forest" + "Green Rovers": the club's first word
        elif (
            label == "GPE"
            and s > 0
            and s - 1 not in raw_taken
            and s - 1 not in taken
            and _company_prefix(doc, s - 1, demonyms)
        ):
            s -= 1
            label = "ORG"  # "Air New Zealand", "HTC America": a company, not the country
        elif (
            label in ("PERSON", "GPE")
            and s > 0
            and doc[s - 1].lower_ in ORG_KINDS
            and not (label == "PERSON" and doc[s - 1].lower_ in PERSON_KINDS_TOO and e - s > 1)
        ):
            label = "ORG"  # "British transport operator Arriva", "the startup Brightwave"
            if (
                e + 1 < len(doc)
                and doc[e].lower_ in ("and", "&")
                and doc[e + 1].is_title
                and doc[e + 1].lower_ not in demonyms  # "… and American director X"
            ):
                e += 2  # "British retailer Marks and Spencer": one name
                if e < len(doc) and doc[e].is_title and doc[e].pos_ == "PROPN":
                    e += 1
        text = _span_text(doc, s, e)
        if label == "PERSON":
            text = _NICKNAME.sub(" ", text)  # "Rodolfo “Rudy” Delgado" → "Rodolfo Delgado"
        if not text or not any(c.isalpha() for c in text):
            continue
        if len(text.replace(".", "").strip()) == 1 and gazetteer.lookup(text) is None:
            continue  # "Mr P", "Plan B": a letter is no name unless the gazetteer lists it ("X")
        if _not_a_name(doc, s, e, label, demonyms):
            continue
        if label in ("PERSON", "ORG") and _demonym_noun(doc, s, e, demonyms):
            continue  # "The Scotsman founded the club": a nationality, not a name
        if _description_not_name(doc, ent.start, s, e, label, text, demonyms):
            continue
        country = _government_of(doc, s, e, label, demonyms)
        m = (
            Mention(s, e, label, text)
            if country is None
            else Mention(s, e, "GPE", text, "gazetteer", gaz_name=country)
        )
        raw_taken.update(range(s, e))
        m.votes[label] += 1
        raw.append(m)
    org_named = _org_named(doc, raw + mentions)
    _vote(raw, mentions, demonyms, gazetteer, org_named, _first_names(doc, raw))
    for m in raw:
        target = _label_target(m.type, m.text, settings)
        if target is None:
            continue
        if target == "PERSON" and not any(doc[i].pos_ == "PROPN" for i in range(m.start, m.end)):
            continue  # "one", "yesterday": the small model's PERSONs without a proper noun
        m.type = target
        mentions.append(m)
    for m in mentions:
        if (
            m.type != "GPE"
            and m.start >= 2
            and doc[m.start - 1].lower_ == "of"
            and doc[m.start - 2].lower_ in PLACE_KINDS
        ):
            m.type = "GPE"  # "a resident of the city of Compton"
    titled = _titled_orgs(doc, mentions, demonyms)
    # a title shows what a name is: all its mentions in the article are the ORG
    names = {m.text for m in titled} | _corporate_names(doc, mentions, demonyms)
    countries = {c.lower() for c in demonyms.values()}
    for m in mentions:
        if (
            m.text in names
            and m.source != "gazetteer"
            and m.type != "ORG"
            and m.text.lower() not in demonyms
            and m.text.lower() not in countries
        ):
            m.type = "ORG"
    mentions.extend(titled)
    _extend_orgs(doc, mentions)
    _join_place_pairs(doc, mentions, countries)
    _drop_generic_bodies(doc, mentions)
    mentions.extend(_recurring(doc, mentions))
    mentions[:] = [m for m in mentions if m.start not in dateline]
    _club_numbers(doc, mentions)
    for m in mentions:
        if m.type == "ORG" and norm(m.text) in org_named:
            m.named_org = True
    mentions.sort(key=lambda m: m.start)
    return mentions


_CLUB_NUMBER = re.compile(r"\d{2}")


def _club_numbers(doc: Doc, mentions: list[Mention]) -> None:
    """A two-digit number right after a club's name is part of it ("FC Schalke 04 have …",
    "Hannover 96 beat …"): the model leaves it out as a CARDINAL. A score ("Port United 2-1"),
    a count of something ("Acme 10 stores") or a product's number is not: the number needs a
    club's shape (a leading zero, "FC …", "… United") or a verb after it."""
    for m in mentions:
        k = m.end
        if m.type != "ORG" or k >= len(doc) or not _CLUB_NUMBER.fullmatch(doc[k].text):
            continue
        nxt = doc[k + 1] if k + 1 < len(doc) else None
        if nxt is not None and (
            nxt.text in _DASHES
            or nxt.text in (":", "%")
            or nxt.pos_ in ("NOUN", "PROPN", "NUM", "ADJ")
            or nxt.like_num
        ):
            continue
        club = (
            doc[k].text.startswith("0")
            or doc[m.start].text.lower() in CLUB_PREFIXES
            or doc[m.end - 1].lower_ in CLUB_TAILS
        )
        if not club and (nxt is None or nxt.pos_ not in ("AUX", "VERB")):
            continue  # "the unveiling of BlackBerry 10": a product's number
        m.end = k + 1
        m.text = _span_text(doc, m.start, m.end)


def _company_prefix(doc: Doc, i: int, demonyms: dict) -> bool:
    """Is token ``i``, right before a place name, the start of a company's name: "Air" ("Air
    New Zealand") or an acronym ("HTC America"), inside a sentence?"""
    tok = doc[i]
    if doc[i + 1].is_sent_start or tok.is_sent_start and tok.text != "Air":
        return False
    return tok.text == "Air" or (
        tok.is_upper
        and tok.is_alpha
        and 2 <= len(tok.text) <= 5
        and tok.lower_ not in demonyms
        and tok.text not in UPPER_TITLES  # "CEO Faury" is a title and a name
    )


# A country's name or demonym on these stands for the country: "the Canadian government",
# "The Russian Government" (gold guideline: "the X government" is X)
GOVERNMENT_NOUNS = {"government", "administration", "regime", "cabinet"}


def _government_of(doc: Doc, start: int, end: int, label: str, demonyms: dict) -> str | None:
    """The country an ORG name stands for when it is only "<country or demonym> Government"
    ("The Russian Government", "the Kenyan Administration"): the gold guideline maps "the X
    government" to X, whatever the capitals."""
    if label != "ORG" or end - start < 2 or doc[end - 1].lower_ not in GOVERNMENT_NOUNS:
        return None
    first = start + 1 if doc[start].lower_ == "the" else start
    name = doc[first : end - 1].text.lower()
    if name in demonyms:
        return demonyms[name]
    countries = {c.lower(): c for c in demonyms.values()}
    return countries.get(name)


@dataclass
class _Ent:
    start: int
    end: int
    label_: str


def _joined_people(doc: Doc) -> list:
    """The model's entities, with back-to-back PERSON spans of capitalised words joined:
    "Bilawal Bhutto" + "Zardari" is one name."""
    out: list = []
    for ent in doc.ents:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label_ == ent.label_ == "PERSON"
            and prev.end == ent.start
            and doc[ent.start].is_title
            and not doc[ent.start].is_sent_start
        ):
            out[-1] = _Ent(prev.start, ent.end, "PERSON")
            continue
        out.append(ent)
    return out


def _score_number(doc: Doc, start: int, end: int) -> bool:
    """A score glued to a team name by the model ("Sweden 1 – 0"): a trailing number followed
    by a dash or colon. Numbers that belong to a name ("Studio 54", "Cloud9") are kept."""
    return (
        end - start > 1
        and doc[end - 1].like_num
        and end < len(doc)
        and doc[end].text in ("–", "-", "—", ":")
    )


# Role nouns that open a PERSON span the model ran into the title ("Additional Public Prosecutor
# Atul Srivastava", "Police Commissioner Mathew Varley"): the name starts after the last one.
ROLE_PREFIXES = (
    TITLE_WORDS
    | ROLE_TAILS
    | {
        "prosecutor",
        "attorney",
        "commissioner",
        "inspector",
        "superintendent",
        "sergeant",
        "detective",
        "constable",
        "ambassador",
        "envoy",
        "congressman",
        "congresswoman",
        "chairperson",
        "treasurer",
        "lawyer",
        "advocate",
        "sheriff",
        "marshal",
        "trooper",
        "lieutenant",
        "lt",
        "sgt",
        "cpl",
        "det",
        "rev",
        "reverend",
        "bishop",
        "rabbi",
        "imam",
        "pastor",
        "solicitor",
    }
)


# Last words of company names: a multi-word span the model labels PERSON or GPE ending in one of
# them is a company ("West Publishing", "Hyundai Motors")
COMPANY_TAILS = {
    "labs",
    "technologies",
    "systems",
    "studios",
    "pharmaceuticals",
    "industries",
    "group",
    "inc",
    "ltd",
    "corp",
    "plc",
    "llc",
    "holdings",
    "airlines",
    "airways",
    "motors",
    "publishing",
    "publishers",
    "media",
    "entertainment",
    "records",
    "pictures",
    "communications",
    "electronics",
    "software",
}
# Words that end (or, for clubs, start) only organisation names: a span the model labels PERSON
# with one of them is an organisation.
ORG_SUFFIXES = (
    OUTLET_HEADS
    | COMPANY_TAILS
    | {
        "partners",
        "ventures",
        "robotics",
        "therapeutics",
        "networks",
        "enterprises",
        "gmbh",
        "ag",
        "college",
        "club",
        "fc",
        "ministry",
        "agency",
        "council",
        "commission",
    }
)
AWARD_WORDS = {"prize", "prizes", "award", "awards", "medal", "trophy"}
# Corporate title acronyms: a span made only of them ("CFO", "CEO", "VP") is a title, never an
# organisation or a person (and so never the referent of "the firm"). "MD" only outside places
# ("Baltimore, MD").
TITLE_ACRONYMS = {
    "ceo",
    "cfo",
    "coo",
    "cto",
    "cio",
    "cmo",
    "cso",
    "cpo",
    "cco",
    "cdo",
    "cro",
    "chro",
    "ciso",
    "vp",
    "svp",
    "evp",
    "avp",
    "md",
}
# Award categories: "Best Actor", "Best Original Screenplay", "Outstanding Drama Series" name a
# prize, not a body ("Best Buy" and "Best Western" end in no category word).
AWARD_CATEGORY_OPENERS = {"best", "outstanding"}
AWARD_CATEGORY_HEADS = {
    "actor",
    "actress",
    "director",
    "directing",
    "picture",
    "film",
    "feature",
    "documentary",
    "screenplay",
    "script",
    "score",
    "song",
    "album",
    "record",
    "artist",
    "newcomer",
    "performance",
    "cinematography",
    "editing",
    "series",
    "drama",
    "comedy",
    "musical",
    "play",
    "novel",
    "book",
    "player",
    "goalkeeper",
    "design",
    "photography",
    "animation",
    "short",
    "ensemble",
    "cast",
    "vocalist",
    "singer",
    "band",
    "group",
    "producer",
    "writer",
    "writing",
}
HONORIFICS = {"Dr", "Dr.", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Prof", "Prof.", "Sir"}
# Capitalised words that qualify a title ("Corporate Vice President X")
TITLE_MODIFIERS = {"corporate", "senior", "group", "global", "regional", "associate", "assistant"}
CLUB_PREFIXES = {"fc", "afc", "cf", "sc", "ac", "as", "us", "rc", "cd"}


# Titles written inside one NER span between a place and a person's name ("Fiji PM Sitiveni
# Rabuka", "Kenya Foreign Minister X"), or opening "<title> of <place>" ("the King of Norway",
# Arabia", "Mayor of London"). Heads are the title nouns; modifiers only join a run of them.
SPAN_TITLE_MODIFIERS = {
    "deputy",
    "vice",
    "prime",
    "acting",
    "interim",
    "former",
    "senior",
    "assistant",
    "associate",
    "chief",
    "general",
    "shadow",
    "crown",
    "executive",
    "foreign",
    "home",
    "finance",
    "defence",
    "defense",
    "interior",
}
HONORIFIC_WORDS = {"mr", "mrs", "ms", "miss", "mr.", "mrs.", "ms.", "dr", "dr.", "sir"}
SPAN_TITLE_HEADS = (
    ROLE_PREFIXES
    | {"pm", "mp", "mep", "mla", "msp", "emir", "sultan", "monarch", "tsar", "czar", "shah"}
    | {"ceo", "cfo", "coo", "cto", "chairperson"}
) - (SPAN_TITLE_MODIFIERS | HONORIFIC_WORDS)
# Nouns for a person of a nationality: never a person's name ("The Frenchman scored twice").
DEMONYM_NOUNS = {
    "welshman",
    "welshwoman",
    "frenchman",
    "frenchwoman",
    "englishman",
    "englishwoman",
    "scotsman",
    "scotswoman",
    "irishman",
    "irishwoman",
    "dutchman",
    "dutchwoman",
    "cornishman",
    "manxman",
    "spaniard",
    "briton",
    "swede",
    "dane",
    "finn",
    "pole",
    "turk",
    "scot",
    "kiwi",
    "aussie",
    "yank",
}
# of these, the ones that are also given names or surnames: a noun only after a determiner
# ("the Dane", "the Finn"; "Finn Russell" is a name)
NAME_LIKE_DEMONYM_NOUNS = {"dane", "finn", "pole", "turk", "scot", "kiwi", "swede"}
_ROMAN = re.compile(r"[IVX]{1,4}")


def _demonym_noun(doc: Doc, start: int, end: int, demonyms: dict[str, str]) -> bool:
    """A one-word span that is a noun for a nationality ("the Welshman", "the Spaniard", "the
    Argentine"): a description of a person, not a name."""
    if end - start != 1:
        return False
    word = doc[start].lower_
    if word.endswith(("men", "women")):
        word = word[:-3] + "an"  # "Frenchmen", "Irishwomen"
    if word not in DEMONYM_NOUNS and not (
        word.endswith(("man", "woman"))
        and (word[: -len("woman") if word.endswith("woman") else -len("man")]) in demonyms
    ):
        return False
    if word in NAME_LIKE_DEMONYM_NOUNS:
        return start > 0 and doc[start - 1].lower_ in DETERMINERS
    return True


class _Places:
    """Is a token span a place: a gazetteer GPE, a country of the demonym table, or a name the
    model labels GPE elsewhere in the document?"""

    def __init__(self, doc: Doc, gazetteer: Gazetteer, demonyms: dict[str, str]):
        self.gazetteer = gazetteer
        self.countries = {norm(c): c for c in demonyms.values()}
        self.in_doc = set()
        # a PERSON's surname, or a one-word PERSON, elsewhere in the article: a name the model
        # also calls a place ("Park Chan-Wook" … "said Park") is no place
        self.people = {
            norm(t.text)
            for ent in doc.ents
            if ent.label_ == "PERSON"
            for t in (ent if len(ent) == 1 else ent[1:])
        }
        for ent in doc.ents:
            if ent.label_ in ("GPE", "LOC"):
                s, e = _clean_span(doc, ent.start, ent.end)
                if s < e:
                    self.in_doc.add(norm(doc[s:e].text))

    def name(self, doc: Doc, start: int, end: int) -> str | None:
        if start >= end or not all(t.is_title or t.is_upper for t in doc[start:end]):
            return None
        text = doc[start:end].text
        entry = self.gazetteer.lookup(text)
        if entry is not None and entry.type == "GPE":
            return entry.name
        key = norm(text)
        if key in self.countries:
            return self.countries[key]
        if key in self.in_doc:
            return text
        return None


def _name_word(doc: Doc, i: int, start: int) -> bool:
    tok = doc[i]
    if tok.text == "-" and start < i < len(doc) - 1:
        # "Kassym-Jomart": a hyphen inside a name, no space on either side
        return not doc[i - 1].whitespace_ and not tok.whitespace_ and doc[i + 1].is_title
    if i > start and _ROMAN.fullmatch(tok.text):
        return True  # "Abdullah II"
    return (
        tok.is_title
        and tok.is_alpha
        and tok.pos_ == "PROPN"
        and tok.lower_ not in ORG_SUFFIXES
        and tok.lower_ not in ACADEMIC_HEADS
    )


def _name_tokens(doc: Doc, start: int, end: int) -> bool:
    """Capitalised proper nouns only: a person's name, with no organisation word in it."""
    return end > start and all(_name_word(doc, i, start) for i in range(start, end))


def _untagged_name(doc: Doc, start: int) -> int:
    """The end of a run of two to four capitalised name words outside any NER span, starting
    at ``start`` (``start`` itself when there is none)."""
    end = start
    while (
        end < len(doc)
        and end - start < 4
        and doc[end].ent_iob_ == "O"
        # the parser may open a sentence after "PM" (read as "p.m."), never inside the name
        and not (doc[end].is_sent_start and (end > start or doc[end - 1].is_punct))
        and _name_word(doc, end, start)
    ):
        end += 1
    return end if end - start >= 2 else start


def _word_count(doc: Doc, start: int, end: int) -> int:
    """Words of a name, a hyphenated one counting once ("Chan-Wook")."""
    return sum(
        1
        for i in range(start, end)
        if doc[i].text != "-" and not (i > start and doc[i - 1].text == "-")
    )


def _title_run(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The first run of title words strictly inside ``[start, end)`` (not at its start), with a
    capitalised name after it: ``(run start, run end)``."""
    for h in range(start + 1, end - 1):
        if doc[h].lower_.rstrip(".") not in SPAN_TITLE_HEADS or not (
            doc[h].is_title or doc[h].is_upper
        ):
            continue
        a = h
        while a > start and doc[a - 1].lower_ in SPAN_TITLE_MODIFIERS:
            a -= 1
        b = h + 1
        while b < end - 1 and (
            doc[b].lower_.rstrip(".") in SPAN_TITLE_HEADS or doc[b].lower_ in SPAN_TITLE_MODIFIERS
        ):
            b += 1
        if a > start and _name_tokens(doc, b, end):
            return a, b
        return None
    return None


def _title_then_name(doc: Doc, start: int, end: int) -> int:
    """A title run from ``start`` (inside the span, or right after it when ``start == end``)
    and an untagged name after it ("Kenya" + "PM Raila Odinga", "Nepal PM" + "Pushpa Kamal
    Dahal"): the end of the name, or ``end``."""

    def free(i: int) -> bool:
        return i < end or doc[i].ent_iob_ == "O"

    b = start
    while b < len(doc) and free(b) and doc[b].lower_ in SPAN_TITLE_MODIFIERS:
        b += 1
    if b < len(doc) and free(b) and doc[b].lower_.rstrip(".") in SPAN_TITLE_HEADS:
        if (doc[b].is_title or doc[b].is_upper) and b + 1 >= end:
            return max(end, _untagged_name(doc, b + 1))
    return end


def _ends_in_title(doc: Doc, start: int, end: int) -> bool:
    return end - start > 1 and doc[end - 1].lower_.rstrip(".") in SPAN_TITLE_HEADS


SPLIT_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "WORK_OF_ART", "PRODUCT", "EVENT"}


def _split_spans(doc: Doc, ents: list, places: _Places) -> list:
    """NER spans that run a place, a title and a person's name together, split apart:

    * "<place> <title> <name>" ("Fiji PM Sitiveni Rabuka" read as one span, "Malta PM Robert"
      + "Abela", "Nepal PM" + an untagged name): the place and the person, the title
      left between them for the role rules;
    * "<title> of <place>" ("the King of Norway" read as an ORG, "Mayor of London"): the
      place, and the name right after it ("… Harald V") is the person;
    * a span opening with a place before a name of two or more words ("Provincial Governor" +
      "Lahore Tariq Mahmood", "President of" + "Kazakhstan Kassym-Jomart Tokayev"): the place
      is not part of the name. The place must be known (gazetteer, country table, or labelled
      a place elsewhere in the article); a PERSON span after no title needs the article to
      label the place as one elsewhere, so that "Georgia May Jagger" keeps her first name.
    """
    ents = [_Ent(e.start, e.end, e.label_) for e in ents]
    # "Malta PM Robert" + "Abela": the title's name runs into the next PERSON span
    joined: list = []
    for ent in ents:
        prev = joined[-1] if joined else None
        run = (
            _title_run(doc, prev.start, ent.end)
            if prev is not None
            and ent.label_ == "PERSON"
            and prev.label_ in SPLIT_LABELS - {"PERSON"}
            and prev.end == ent.start
            and not doc[ent.start].is_sent_start
            else None
        )
        if run is not None and places.name(doc, prev.start, run[0]) is not None:
            joined[-1] = _Ent(prev.start, ent.end, "PERSON")
            continue
        joined.append(ent)
    out: list = []
    n = len(joined)
    for idx, ent in enumerate(joined):
        if ent.label_ not in SPLIT_LABELS:
            out.append(ent)
            continue
        s = ent.start
        while s < ent.end and doc[s].lower_ in DETERMINERS:
            s += 1
        e = ent.end
        if ent.label_ != "PERSON" and _ends_in_title(doc, s, e):
            e = _title_then_name(doc, e - 1, e)  # "Nepal PM" + "Pushpa Kamal Dahal"
        elif ent.label_ != "PERSON" and places.name(doc, s, e) is not None:
            e = _title_then_name(doc, e, e)  # "Kenya" + "PM Raila Odinga"
        run = _title_run(doc, s, e)
        if run is not None and places.name(doc, s, run[0]) is not None:
            out.append(_Ent(s, run[0], "GPE"))
            out.append(_Ent(run[1], e, "PERSON"))
            continue
        e = ent.end
        of = next((k for k in range(s + 1, e) if doc[k].lower_ == "of"), None)
        title_of = (
            of is not None
            and doc[s].lower_.rstrip(".") in SPAN_TITLE_HEADS
            and all(
                doc[k].lower_.rstrip(".") in SPAN_TITLE_HEADS | SPAN_TITLE_MODIFIERS
                or doc[k].lower_ in PORTFOLIO_WORDS
                for k in range(s, of)
            )
        )
        if title_of and of == e - 1 and e < len(doc) and doc[e].ent_iob_ == "O":
            # "the King of" + "Norway Harald V": the place and the name left untagged
            p1 = next(
                (
                    k
                    for k in range(min(e + 3, len(doc)), e, -1)
                    if all(doc[i].ent_iob_ == "O" for i in range(e, k)) and places.name(doc, e, k)
                ),
                None,
            )
            if p1 is not None:
                e = max(p1, _untagged_name(doc, p1))
        if title_of and of + 1 < e:
            p0 = of + 1
            if doc[p0].lower_ == "the" and p0 + 1 < e:
                p0 += 1
            p1 = next((k for k in range(e, p0, -1) if places.name(doc, p0, k)), None)
            if p1 is not None and (p1 == e or _name_tokens(doc, p1, e)):
                out.append(_Ent(p0, p1, "GPE"))
                if p1 < e:
                    out.append(_Ent(p1, e, "PERSON"))
                elif idx + 1 < n and joined[idx + 1].label_ == "PERSON":
                    nxt = joined[idx + 1]
                    if 0 < nxt.start - e <= 2 and _name_tokens(doc, e, nxt.start):
                        nxt.start = e  # "the King of Jordan Abdullah" + "bin Hussein"
                continue
        e = ent.end
        titled = s > 0 and (
            doc[s - 1].lower_.rstrip(".") in ROLE_PREFIXES | SPAN_TITLE_HEADS
            or s > 1
            and doc[s - 1].lower_ == "of"
            and doc[s - 2].lower_.rstrip(".") in SPAN_TITLE_HEADS
        )
        if e - s >= 3 and (ent.label_ == "PERSON" or titled):
            k = next(
                (
                    k
                    for k in range(min(s + 3, e - 2), s, -1)
                    if places.name(doc, s, k) and (titled or norm(doc[s:k].text) in places.in_doc)
                ),
                None,
            )
            if (
                k is not None
                and _name_tokens(doc, k, e)
                and _word_count(doc, k, e) >= 2
                and norm(doc[s:k].text) not in places.people
            ):
                out.append(_Ent(s, k, "GPE"))
                out.append(_Ent(k, e, "PERSON"))
                continue
        out.append(ent)
    return out


def _org_shaped(doc: Doc, start: int, end: int) -> bool:
    if end - start < 2:
        return False
    last = doc[end - 1].lower_.rstrip(".")
    first = doc[start].text
    return last in ORG_SUFFIXES or (first.isupper() and first.lower() in CLUB_PREFIXES)


# Lower-case prepositions an organisation's name does not run on over ("the Bulls under
# Thibodeau", "Chelsea against Arsenal"); of/for/and/de/la/in/to stay inside names ("Committee
# to Protect Journalists", "Stoke-on-Trent").
ORG_BREAKS = {"under", "with", "at", "against", "versus", "vs", "vs.", "after", "during", "over"}


def _trim_name(doc: Doc, start: int, end: int, label: str) -> tuple[int, int]:
    """Cut a title run into a PERSON span, and an unclosed bracket ("Enforcement Directorate
    (ED") from any name."""
    if label == "ORG":
        for i in range(start + 1, end):
            if (
                doc[i].lower_ in ORG_BREAKS
                and doc[i].is_lower
                and doc[i - 1].text not in _DASHES
                and (i + 1 >= len(doc) or doc[i + 1].text not in _DASHES)
            ):
                end = i  # "the Bulls under Thibodeau": a name does not run on over "under"
                break
    for i in range(start, end):
        if doc[i].text == "(" and not any(doc[j].text == ")" for j in range(i, end)):
            end = i
            break
        if (
            i > start
            and doc[i].text in ("-", "–", "—")
            and doc[i - 1].whitespace_
            and doc[i].whitespace_
        ):
            end = i  # a dateline run into the text: "New York - Drug maker …"
            break
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    # "Tehrik" + "-e Insaf", "Lashkar" + "-e-Taiba": a name joined by a short hyphenated particle
    while (
        end + 2 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and doc[end + 1].is_lower
        and len(doc[end + 1].text) <= 3
    ):
        k = end + 2
        if doc[k].text == "-":
            k += 1
        if k < len(doc) and doc[k].is_title:
            end = k + 1
        else:
            break
    if label == "ORG" and end - start > 1 and doc[end - 1].lower_ in ("of", "for", "and", "the"):
        # "the Communist Party of" + "Greece": the model stopped one word short
        k = end
        while k < len(doc) and doc[k].is_title and doc[k].pos_ == "PROPN":
            k += 1
        if k > end and not doc[end].is_sent_start:
            end = k
        else:
            while end > start and doc[end - 1].lower_ in ("of", "for", "and", "the"):
                end -= 1
    if (
        label in ("PERSON", "ORG")
        and end - start > 1
        and start >= 2
        and doc[start - 1].lower_ == "of"
        and doc[start].lower_ in PORTFOLIO_WORDS
        and doc[start - 2].lower_.rstrip(".") in TITLE_WORDS
    ):
        start += 1  # "Secretary of" + "State Tillerson": the portfolio ends the title
    if label == "ORG" and end - start > 1 and doc[end - 1].lower_ in ("party", "group"):
        if doc[end - 1].is_lower:
            end -= 1  # "Hasina's Awami League party": the name, then what it is
    if label in ("PERSON", "ORG") and end - start > 1:
        last_role = None
        for i in range(start, end - 1):
            if doc[i].lower_.rstrip(".") in ROLE_PREFIXES:
                last_role = i
        rest = range((last_role or 0) + 1, end)
        if (
            last_role is not None
            and all(doc[j].is_title and doc[j].pos_ == "PROPN" for j in rest)
            and (label == "PERSON" or 2 <= len(rest) <= 3)
        ):
            start = last_role + 1
    return start, end


def _description_not_name(
    doc: Doc, ent_start: int, start: int, end: int, label: str, text: str, demonyms: dict
) -> bool:
    """Descriptions the model labels as names.

    * an indefinite noun phrase ending in a lower-case noun ("a Delhi court", "an Ohio judge");
    * a bare nationality adjective labelled ORG or PERSON ("Czech's Tomas Machac").
    """
    first = doc[ent_start].lower_ if ent_start < start else (doc[start - 1].lower_ if start else "")
    if first in ("a", "an") and doc[end - 1].is_lower:
        return True
    return label in ("ORG", "PERSON") and text.lower() in demonyms


# Words that say when someone holds a title, written before a portfolio: "New Transport
# Secretary", "Former Defence Minister", "Incoming Health Secretary"
TENURE_WORDS = {
    "new",
    "former",
    "acting",
    "interim",
    "incoming",
    "outgoing",
    "then",
    "ex",
    "current",
    "newly",
    "caretaker",
}


def _not_a_name(
    doc: Doc, start: int, end: int, label: str = "", demonyms: dict[str, str] | None = None
) -> bool:
    """Spans that are titles or lower-case phrases, not names.

    * no capital letter at all ("disco club");
    * only title words ("Emeritus", "Professor");
    * portfolio words followed by a title noun ("Shadow Home" Secretary, "Foreign" Minister),
      or after "<title> of" ("Secretary of State");
    * a name ending in a role noun ("William Ziegler III Professor");
    * an academic discipline without an organisation head ("Professor of Neuroscience");
    * corporate title acronyms alone ("CFO", "CEO and CFO");
    * an award category ("Best Actor", "Best Original Screenplay").
    """
    toks = doc[start:end]
    if not any(c.isupper() for c in toks.text):
        return True
    if _CODE.fullmatch(toks.text):
        return True  # "K-9" (a K-9 officer), "F-16", "COVID-19": codes, not names
    low = [t.lower_.rstrip(".") for t in toks]
    if all(w in TITLE_WORDS for w in low):
        return True
    acronyms = [w.replace(".", "") for w in low if w not in ("and", "&", "/", ",")]
    if (
        acronyms
        and all(w in TITLE_ACRONYMS for w in acronyms)
        and not (label == "GPE" and "md" in acronyms)
    ):
        return True  # "The former CFO, Joel Sanders": a title, not the firm
    if (
        len(low) > 1
        and low[0] in AWARD_CATEGORY_OPENERS
        and low[-1] in AWARD_CATEGORY_HEADS
        and all(t.is_title or t.is_upper or t.lower_ in ("in", "a", "of", "and") for t in toks)
    ):
        return True  # "won Best Actor": a prize's category, not an organisation
    if (
        low[-1] in TITLE_MODIFIERS
        and end < len(doc)
        and doc[end].lower_.rstrip(".") in TITLE_WORDS
        and all(w in TITLE_MODIFIERS or w in TITLE_WORDS for w in low)
    ):
        return True  # "Corporate Vice President", "Senior Vice President": part of the title
    if len(low) > 1 and low[-1] in ROLE_TAILS:
        return True  # "William Ziegler III Professor"
    if " ".join(low) in DOCUMENT_NAMES:
        return True  # "the MoU was signed", "a Joint Venture company": a document, a business form
    if low[-1] in AGREEMENTS and len(low) > 1:
        return True  # "the Artemis Accords", "the Paris Agreement": documents, not bodies
    if len(low) > 1 and AWARD_WORDS.intersection(low) and not ORG_HEADS.intersection(low):
        return True  # "the Orange Prize for Fiction", "Nobel Peace Prize": awards, not bodies
        # ("Booker Prize Foundation" keeps its organisation head)
    if low[-1] in DISCIPLINES and not ACADEMIC_HEADS.intersection(low):
        return True  # "Professor of Neuroscience", "Chair of … Metabolic Sciences"
    words = [w for w in low if w not in PORTFOLIO_LINKS]
    if len(words) > 1 and words[0] in TENURE_WORDS:
        words = words[1:]  # "New Transport" Secretary, "Former Home" Secretary: the tenure
    if words and demonyms and words[0] in demonyms and len(words) > 1:
        words = words[1:]  # "Indian External Affairs" Minister: a nationality and a portfolio
    if (
        words
        and start >= 2
        and doc[start - 1].lower_ in ("of", "for")
        and doc[start - 2].lower_ in TITLE_HEADS
        and (
            all(w in PORTFOLIO_WORDS for w in words)
            or doc[start - 2].lower_ in MINISTER_TITLES
            and _portfolio_words(doc, start, end, words, demonyms or {})
        )
    ):
        return True  # "Secretary of State", "Minister for International Trade and Investment"
    if not words:
        return False
    if not all(w in PORTFOLIO_WORDS for w in words):
        return _portfolio_run(doc, start, end, words, demonyms or {})
    j = end
    while j < len(doc) and (
        doc[j].lower_.rstrip(".") in PORTFOLIO_WORDS or doc[j].lower_ in ("and", "&", ",")
    ):
        j += 1  # "Commerce and Industry Minister", "Trade, Tourism and Investment Minister"
    return j < len(doc) and doc[j].lower_ in TITLE_HEADS


# Further words of portfolios, counted only in a run before a minister's title ("Land Reform
# and Rural Development Minister", "Arts, Culture and Heritage Minister")
PORTFOLIO_RUN_WORDS = {
    "agricultural",
    "food",
    "land",
    "lands",
    "reform",
    "rural",
    "urban",
    "arts",
    "heritage",
    "forestry",
    "women",
    "children",
    "gender",
    "family",
    "climate",
    "minerals",
    "mineral",
    "electricity",
    "power",
    "tertiary",
    "higher",
    "basic",
    "local",
    "regional",
    "cooperation",
    "international",
    "consumer",
    "employment",
    "labour",
    "trade",
}
MINISTER_TITLES = {
    "minister",
    "ministers",
    "secretary",
    "secretaries",
    "commissioner",
    "commissioners",
    "mec",
}


def _portfolio_run(doc: Doc, start: int, end: int, words: list[str], demonyms: dict) -> bool:
    """A run of portfolio words right before a minister's title is the title's, not an
    organisation: "Agricultural Development and Food Security Minister", "Land Reform and
    Rural Development Minister". Half the words (and the last one) must be portfolio words,
    every word capitalised, with no organisation head (Ministry, Department, …) nor place."""
    return _portfolio_words(doc, start, end, words, demonyms) and (
        end < len(doc) and doc[end].lower_ in MINISTER_TITLES
    )


def _portfolio_words(doc: Doc, start: int, end: int, words: list[str], demonyms: dict) -> bool:
    """Mostly portfolio words, capitalised, ending in one, with no organisation head nor place."""
    toks = doc[start:end]
    if not all(t.is_title or t.is_upper or t.lower_ in PORTFOLIO_LINKS for t in toks):
        return False
    if ORG_HEADS.intersection(words) or any(w in demonyms for w in words):
        return False
    known = PORTFOLIO_WORDS | PORTFOLIO_RUN_WORDS
    hits = sum(w in known for w in words)
    return words[-1] in known and 2 * hits >= len(words) and len(words) >= 2


def _compound_orgs(doc: Doc, taken: set[int], demonyms: dict[str, str]) -> list[tuple[int, int]]:
    """Organisation names the small model splits: a country or demonym, capitalised words and
    an organisation head noun ("Saudi Interior Ministry", "Malaysia Tourism board",
    "Saudi Gazette", "Indonesian Navy")."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("NORP", "GPE", "FAC", "ORG"):
            continue
        start = ent.start
        while start < ent.end and doc[start].lower_ in DETERMINERS:
            start += 1
        first = doc[start : ent.end].text.lower()
        if first not in demonyms and ent.label_ not in ("GPE", "NORP"):
            # an ORG/FAC span that begins with a demonym: "the Saudi Gazette" (FAC)
            if doc[start].lower_ not in demonyms:
                continue
        if any(t.tag_ == "POS" or t.is_punct for t in doc[ent.start : ent.end]):
            continue  # "Saudi Arabia's Civil Defense Authority" is a possessive, not one name
        j = ent.end
        n = len(doc)
        while j < n and doc[j].is_title and not doc[j].is_sent_start and doc[j].pos_ != "VERB":
            j += 1
        if j < n and doc[j].lower_ in ORG_HEADS and not doc[j].is_sent_start:
            j += 1
        last = doc[j - 1].lower_
        if last not in ORG_HEADS or j - start < 2:
            continue
        if j - ent.end == 1 and last in ("government", "administration", "military", "forces"):
            continue  # "the New Zealand government" is the country itself
        if ent.label_ == "ORG" and j == ent.end:
            continue  # NER already has the whole name
        if not taken.isdisjoint(range(start, j)):
            continue
        if any(doc[k].ent_type_ == "PERSON" for k in range(ent.end, j)):
            continue
        if doc[j - 1].is_lower and (
            j - ent.end == 1 or (start > 0 and doc[start - 1].lower_ in ("a", "an"))
        ):
            continue  # "a Delhi court", "Shanghai court jails …": a description, not a name
        out.append((start, j))
    return out


# "the city of X": X is a place, whatever the model says
PLACE_KINDS = {"city", "town", "village", "municipality", "township", "borough"}
# Common nouns that describe an organisation written right after them ("British transport
# operator Arriva", "the startup Brightwave", "US carmaker Ford"): the name is an ORG.
ORG_KINDS = {
    "company",
    "firm",
    "operator",
    "group",
    "startup",
    "start-up",
    "carrier",
    "airline",
    "carmaker",
    "automaker",
    "maker",
    "manufacturer",
    "retailer",
    "conglomerate",
    "insurer",
    "lender",
    "bank",
    "broadcaster",
    "newspaper",
    "club",
    "team",
    "giant",
    "chain",
    "supplier",
    "provider",
    "developer",
    "producer",
    "publisher",
    "charity",
    "agency",
    "network",
    "watchdog",
    "regulator",
    "outlet",
    "brand",
    "label",
    "subsidiary",
    "rival",
}
# Kinds said of people as much as of firms ("film producer Ann Smith", "game developer John
# Roe"): a PERSON's full name after them stays a person.
PERSON_KINDS_TOO = {"producer", "developer", "publisher", "rival"}
# Titles that take the organisation written right before them: "Terminix chairman X", "WHO
# chief X", "Oxfam director general X" (see :func:`_titled_orgs`).
ORG_TITLES = {
    "chief",
    "chairman",
    "chairwoman",
    "chairperson",
    "chair",
    "ceo",
    "cfo",
    "coo",
    "executive",
    "director",
    "director-general",
    "general",
    "secretary-general",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "founder",
    "co-founder",
    "cofounder",
    "president",
    "head",
    "boss",
    "coach",
    "captain",
    "owner",
    "-",
}
# Capitalised words before a title that belong to the title, not to a name: "Defense
# Secretary X", "Senate Majority Leader X", "Former Google CEO X".
NOT_ORG_WORDS = (
    PORTFOLIO_WORDS
    | TITLE_WORDS
    | {
        "majority",
        "minority",
        "executive",
        "managing",
        "creative",
        "artistic",
        "technical",
        "medical",
        "operating",
        "editorial",
        "general",
        "i",
    }
)
# One word alone before a title that names a kind of body, not an organisation: "Police Chief
# X", "Fire Chief X", "Team captain X" ("Premier League chief executive X" is a name).
KIND_WORDS = (
    GOVERNMENT_HEADS
    | OUTLET_HEADS
    | ACADEMIC_HEADS
    | {"fire", "team", "club", "group", "city", "county", "national", "world", "federal"}
    | {"campaign", "project", "festival", "film", "art", "company", "state", "party"}
)
_WEEKDAYS_MONTHS = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
}


# Titles only a company has: "Halliburton CEO X", "chairman and CEO of Baker Hughes"
CORPORATE_TITLES = {
    "ceo",
    "cfo",
    "coo",
    "cto",
    "chairman",
    "chairwoman",
    "founder",
    "co-founder",
    "cofounder",
    "executive",  # "chief executive"
    "shareholder",
    "shareholders",
}


_ANY_ORG_TITLE = ORG_TITLES | CORPORATE_TITLES


def _corporate_names(doc: Doc, mentions: list[Mention], demonyms: dict[str, str]) -> set[str]:
    """Names a corporate title shows to be organisations, whatever the model labelled them:
    "Halliburton CEO Dave Lesar" (before the title and a person), "chairman and CEO of Baker
    Hughes", "founder of Zephyr" (after "<corporate title> of")."""
    out: set[str] = set()
    by_start = {m.start: m for m in mentions}
    for m in mentions:
        if m.type == "ORG":
            continue
        nxt = doc[m.end] if m.end < len(doc) else None
        if nxt is not None and nxt.lower_ in CORPORATE_TITLES:
            k = m.end
            while k < len(doc) and doc[k].lower_ in _ANY_ORG_TITLE:
                k += 1
            other = by_start.get(k)
            if other is not None and other.type == "PERSON" and other is not m:
                out.add(m.text)
                continue
        if (
            m.type == "PERSON"
            and m.start >= 2
            and doc[m.start - 1].lower_ in ("of", "at")
            and doc[m.start - 2].lower_ in CORPORATE_TITLES
        ):
            out.add(m.text)
    return out


def _titled_orgs(doc: Doc, mentions: list[Mention], demonyms: dict[str, str]) -> list[Mention]:
    """Organisations the small model misses before a title and a person's name.

    "WHO chief Tedros Adhanom Ghebreyesus", "Terminix chairman Naren Gursahaney": one to three
    capitalised words (or an acronym) outside any mention, right before a run of organisation
    titles (:data:`ORG_TITLES`) that is right before a PERSON mention, are an ORG. Words that
    name a field, a portfolio, a title or a kind of body ("Police Chief", "Defense Secretary",
    "Majority Leader"), weekdays, months and nationalities are not.
    """
    taken = [False] * len(doc)
    for m in mentions:
        for i in range(m.start, m.end):
            taken[i] = True
    out = []
    for m in mentions:
        if m.type != "PERSON":
            continue
        j = m.start
        while j > 0 and doc[j - 1].lower_.rstrip(".") in ORG_TITLES and not taken[j - 1]:
            j -= 1
        if j == m.start or doc[j].text == "-" or doc[m.start - 1].text == "-":
            continue
        k = j
        while (
            k > 0
            and j - k < 4
            and not taken[k - 1]
            and doc[k - 1].is_alpha
            and (doc[k - 1].is_upper and len(doc[k - 1]) > 1 or doc[k - 1].is_title)
            and doc[k - 1].ent_type_ not in ("PERSON", "GPE", "NORP", "DATE", "TIME")
            and doc[k - 1].lower_ not in NOT_ORG_WORDS
            and doc[k - 1].lower_ not in _WEEKDAYS_MONTHS
            and doc[k - 1].lower_ not in demonyms
            and doc[k - 1].lower_ not in DETERMINERS
        ):
            k -= 1
        if (
            k == j
            or all(doc[i].lower_ in KIND_WORDS for i in range(k, j))
            or all(doc[i].ent_type_ == "LOC" for i in range(k, j))
        ):  # a region alone ("North East Head Coach") is no organisation
            continue
        if not doc[j - 1].is_upper and doc[j - 1].pos_ != "PROPN":
            continue  # a capitalised common word ("Senior", "Leading") is no name
        before = doc[k - 1] if k > 0 else None
        if (
            before is not None
            and (before.is_title or before.is_upper)
            and before.is_alpha
            and before.lower_ not in DETERMINERS
            and before.lower_ not in ("former", "ex")
        ):
            continue  # the run goes on with excluded words: "Senate Majority Leader"
            # ("Former Hinduja chairman X": "former" qualifies the title, not the name)
        out.append(Mention(k, j, "ORG", _span_text(doc, k, j), "title"))
        for i in range(k, j):
            taken[i] = True
    return out


def _extend_orgs(doc: Doc, mentions: list[Mention]) -> None:
    """ "Andy Warhol Foundation" + "for the Visual Arts": an ORG name continued by for/of and
    capitalised words (lower-case connectors of/and/the/for allowed inside) is one name."""
    by_start = {m.start: m for m in mentions}
    drop: set[int] = set()
    for m in sorted(mentions, key=lambda m: m.start):
        if m.type != "ORG" or id(m) in drop:
            continue
        j = m.end
        if j + 1 >= len(doc) or doc[j].lower_ not in ("for", "of"):
            continue
        k = j + 1
        if doc[k].lower_ == "the":
            k += 1
        if k >= len(doc) or not doc[k].is_title:
            continue
        other = by_start.get(k)
        if other is not None and other.type in ("PERSON", "GPE"):
            continue
        end = k
        while end < len(doc):
            t = doc[end]
            if (
                t.is_title
                or t.is_upper
                and t.is_alpha
                or (
                    t.lower_ in ("of", "and", "the", "for", "&")
                    and end + 1 < len(doc)
                    and doc[end + 1].is_title
                )
            ):
                end += 1
            else:
                break
        court = doc[m.end - 1].lower_ in ("court", "tribunal")
        if any(
            doc[i].ent_type_ in ("PERSON", "DATE") or doc[i].ent_type_ == "GPE" and not court
            for i in range(k, end)
        ):
            continue  # a court's district may name a place: "… Court for the District of Texas"
        if any(doc[i].is_sent_start for i in range(j, end)):
            continue
        for o in mentions:
            if o is not m and m.end <= o.start < end:
                drop.add(id(o))
        m.end = end
        m.text = _span_text(doc, m.start, end)
    if drop:
        mentions[:] = [m for m in mentions if id(m) not in drop]


# Last words of public institutions named after two places: "the Maidstone and Tunbridge Wells
# Hospitals NHS Trust", "the Barking and Dagenham Council".
PAIRED_PLACE_HEADS = {
    "trust",
    "council",
    "university",
    "hospital",
    "hospitals",
    "authority",
    "board",
    "college",
    "commission",
    "committee",
    "partnership",
    "service",
    "services",
    "police",
    "constabulary",
    "tribunal",
    "court",
    "academy",
    "school",
}


def _join_place_pairs(doc: Doc, mentions: list[Mention], countries: set[str]) -> None:
    """ "the <place> and <institution name>" is one ORG name, in place: the model splits "the
    Maidstone and Tunbridge Wells Hospitals NHS Trust" into GPE "Maidstone" and ORG "Tunbridge
    Wells Hospitals NHS Trust". The determiner must stand before the place (so "the UK and …"
    lists stay apart: a country never opens such a name), the place is one to three capitalised
    words, unlabelled, a place or a "person" (no person's name takes "the"; the model often
    reads "Brighton" so), and the institution name has several words. An organisation there
    is left alone: "the Treasury and Financial Conduct Authority" are two bodies."""
    at = {i: m for m in mentions for i in range(m.start, m.end)}
    drop: set[int] = set()
    for m in mentions:
        if (
            m.type != "ORG"
            or m.end - m.start < 2
            or doc[m.end - 1].lower_ not in PAIRED_PLACE_HEADS
            or m.start < 3
            or doc[m.start - 1].lower_ != "and"
        ):
            continue
        k = m.start - 1
        while k > 0 and m.start - 1 - k < 3 and doc[k - 1].is_title and doc[k - 1].pos_ == "PROPN":
            k -= 1
        if k == m.start - 1 or k == 0 or doc[k - 1].lower_ != "the":
            continue
        if any(doc[i].is_sent_start for i in range(k, m.start + 1)):
            continue
        place = {id(at[i]) for i in range(k, m.start - 1) if i in at}
        others = [o for o in mentions if id(o) in place]
        if any(o.type not in ("GPE", "PERSON") or o.start < k for o in others):
            continue
        if norm(doc[k : m.start - 1].text) in countries:
            continue
        drop.update(place)
        m.start = k
        m.text = _span_text(doc, k, m.end)
    if drop:
        mentions[:] = [m for m in mentions if id(m) not in drop]


# One word that names a kind of body, not a body: "Council leader X", "the Committee said".
# Alone it is a named entity only when the article names a fuller form ending in it ("Croydon
# Council" … "the Council"), which it then joins.
GENERIC_BODIES = {
    "council",
    "committee",
    "board",
    "commission",
    "department",
    "ministry",
    "authority",
    "agency",
    "office",
    "bureau",
    "directorate",
    "trust",
    "tribunal",
    "panel",
    "court",
    "inquiry",
    "taskforce",
}
# Chambers that a lower-case level word leaves unnamed: "a former state House minority leader",
# "the county Assembly" ("the Senate", "Parliament", "Congress" alone stay names).
CHAMBERS = {"house", "senate", "assembly", "legislature"}
SUBNATIONAL_LEVELS = {
    "state",
    "city",
    "county",
    "provincial",
    "municipal",
    "regional",
    "territorial",
    "district",
}


def _drop_generic_bodies(doc: Doc, mentions: list[Mention]) -> None:
    """Drop, in place, ORG mentions that are only a generic body word with no fuller form in
    the article ("Council leader Mike Fisher"), and unnamed subnational chambers ("state
    House")."""
    fuller = {
        norm(m.text).split()[-1]
        for m in mentions
        if m.type == "ORG" and len(norm(m.text).split()) > 1
    }
    keep = []
    for m in mentions:
        word = norm(m.text)
        if m.type == "ORG" and m.source != "gazetteer" and " " not in word:
            if word in GENERIC_BODIES and word not in fuller:
                continue
            before = doc[m.start - 1] if m.start > 0 else None
            if (
                word in CHAMBERS
                and before is not None
                and before.is_lower
                and before.lower_ in SUBNATIONAL_LEVELS
            ):
                continue
        keep.append(m)
    mentions[:] = keep


def _recurring(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Unlabelled recurrences of names found elsewhere in the article (and of PERSON surnames).

    The small model finds "Elon Musk" but misses "Musk" in "that Musk has already …"; a token
    sequence identical to a recognised name (capitalised, a proper noun or all capitals) is a
    mention of the same type.
    """
    names: dict[tuple[str, ...], str] = {}
    for m in mentions:
        toks = tuple(t.text for t in doc[m.start : m.end])
        names.setdefault(toks, m.type)
        if m.type == "PERSON" and m.end - m.start > 1:
            last = doc[m.end - 1]
            if len(last.text) > 2 and last.is_title:
                names.setdefault((last.text,), "PERSON")
    if not names:
        return []
    taken = [False] * len(doc)
    for m in mentions:
        for i in range(m.start, m.end):
            taken[i] = True
    # candidate lengths by first word, so most tokens cost one set lookup
    by_first: dict[str, list[int]] = defaultdict(list)
    for key in names:
        by_first[key[0]].append(len(key))
    for lens in by_first.values():
        lens.sort(reverse=True)
    words = [t.text for t in doc]
    out = []
    i = 0
    n = len(doc)
    while i < n:
        hit = None
        lens = by_first.get(words[i])
        if lens and not taken[i] and (doc[i].pos_ == "PROPN" or doc[i].is_upper or doc[i].is_title):
            for length in lens:
                key = tuple(words[i : i + length])
                if key in names and not any(taken[i : i + length]):
                    hit = (length, names[key])
                    break
        if hit:
            length, etype = hit
            out.append(Mention(i, i + length, etype, _span_text(doc, i, i + length), "recurrence"))
            i += length
        else:
            i += 1
    return out


# Words after a name that say the name is an organisation's: "India's Tata group", "Tata Sons",
# "the Ford company", "former Tata chairman X".
ORG_DESCRIPTORS = {
    "group",
    "sons",
    "company",
    "conglomerate",
    "corporation",
    "corp",
    "holdings",
    "industries",
}
DESCRIBED_TAILS = {"sons", "group"}
NAME_TITLES = {"chairman", "chairwoman", "chairperson", "ceo", "cfo", "coo", "cto"}


def _org_named(doc: Doc, mentions: list[Mention]) -> set[str]:
    """One-word names (normalised) that the article shows to be an organisation's, so that a
    person who shares the word ("Ratan Tata") does not absorb them:

    * the name followed by an organisation descriptor ("Tata group", "the Ford company"), or
      written as "<name> Sons" / "<name> Group";
    * the name as the modifier of a corporate title ("former Tata chairman Cyrus Mistry");
    * a name the model labels only ORG, possessed by a place ("India's Tata").
    """
    out: set[str] = set()
    person_labelled = {norm(m.text) for m in mentions if m.votes.get("PERSON")}
    ends = {m.end: m for m in mentions}
    for m in mentions:
        words = norm(m.text).split()
        if len(words) == 2 and words[1] in DESCRIBED_TAILS and m.type == "ORG":
            out.add(words[0])
            continue
        if len(words) != 1:
            continue
        nxt = doc[m.end] if m.end < len(doc) else None
        described = nxt is not None and nxt.is_lower and nxt.lower_ in ORG_DESCRIPTORS
        titled = nxt is not None and nxt.lower_ in NAME_TITLES and m.type == "ORG"
        placed = (
            m.type == "ORG"
            and words[0] not in person_labelled
            and m.start >= 2
            and doc[m.start - 1].tag_ == "POS"
            and getattr(ends.get(m.start - 1), "type", None) == "GPE"
        )
        if described or titled or placed:
            out.add(words[0])
    return out


# Last words of club names the model may call a person ("Leeds United")
CLUB_TAILS = {"united", "city", "rovers", "athletic", "wanderers", "county", "town", "albion"}


def _first_names(doc: Doc, raw: list[Mention]) -> set[str]:
    """First words (normalised) of the article's full PERSON names made only of name words
    ("Srettha Thavisin"): no title ("Arkansas Ex-Judge") and no club's tail ("Leeds United")."""
    out = set()
    for m in raw:
        if m.type != "PERSON" or m.end - m.start < 2 or not _name_tokens(doc, m.start, m.end):
            continue
        low = [t.lower_ for t in doc[m.start : m.end]]
        if low[-1] in CLUB_TAILS or any(w in TITLE_WORDS or w == "ex" for w in low):
            continue
        out.add(norm(doc[m.start].text))
    return out


def _vote(
    raw: list[Mention],
    gaz: list[Mention],
    demonyms: dict[str, str],
    gazetteer: Gazetteer,
    org_named: set[str] = frozenset(),
    first_names: set[str] = frozenset(),
) -> None:
    """Document-level label repair (step 4), in place.

    * a country name (a ``demonyms.tsv`` country or a gazetteer GPE) is a GPE ("Tunisia"
      labelled PERSON in "Tunisia lost 1 – 2 to England");
    * a full PERSON name of the article, or its surname, is a PERSON ("Musk" as DATE/ORG,
      "Trump administration"), except an ORG mention of a name the article shows to be an
      organisation's (:func:`_org_named`: "Tata group" beside "Ratan Tata");
    * a single-word name with PERSON votes is a PERSON when the model gave it a label outside
      PERSON/ORG/GPE (DATE, WORK_OF_ART, …);
    * otherwise disagreements between PERSON/ORG/GPE go to the majority label (gazetteer
      matches count three votes), ties keep the model's label, except that a one-word name
      tied between PERSON and ORG/GPE (and no surname of the article) is not a PERSON.
    """
    countries = {norm(c) for c in demonyms.values()}
    countries |= {k for k, e in gazetteer.alias_to_name.items() if e.type == "GPE"}
    person_names = {norm(m.text) for m in raw if m.type == "PERSON" and " " in m.text.strip()}
    person_names -= countries
    surnames = {n.split()[-1] for n in person_names} - countries
    # a one-word name that opens a PERSON's full name here ("Srettha" for "Srettha Thavisin")
    # is the person when the model calls it a place
    first_names = set(first_names) - countries - set(demonyms)
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in raw:
        if m.type in KEEP:
            votes[norm(m.text)][m.type] += 1
    for m in gaz:
        votes[norm(m.text)][m.type] += 3
    for m in raw:
        key = norm(m.text)
        if m.type not in REPAIRABLE:
            continue
        if key in countries:
            if m.type in ("PERSON", "ORG"):
                m.type, m.source = "GPE", "vote"
            continue
        if m.type == "GPE" and key in first_names and len(key) > 2 and not votes[key]["ORG"]:
            m.type, m.source = "PERSON", "vote"
            continue
        if (key in person_names or key in surnames) and not (m.type == "ORG" and key in org_named):
            if m.type != "PERSON":
                m.source = "vote"
            m.type = "PERSON"
            continue
        counts = votes.get(key)
        if not counts:
            continue
        if m.type not in KEEP:
            if counts["PERSON"]:
                m.type, m.source = "PERSON", "vote"
            continue
        best, n = counts.most_common(1)[0]
        if best != m.type and n > counts[m.type]:
            m.type, m.source = best, "vote"
        elif m.type == "PERSON" and " " not in key and n == counts["PERSON"]:
            # a tie on a one-word name that is no person's surname here: "Wembley" as
            # PERSON twice and ORG twice is the place the article's people go to
            other = next((lab for lab, c in counts.items() if lab != "PERSON" and c == n), None)
            if other is not None:
                m.type, m.source = other, "vote"


def cluster_mentions(
    mentions: list[Mention], gazetteer: Gazetteer, *, countries: Iterable[str] = ()
) -> list[dict]:
    """Step 5: assign ``entity`` ids to mentions; return the article-local entities.

    ``countries`` (normalised country names) never join a longer place name as its suffix
    ("Australia" is not "South Australia"; "Korea" does join "South Korea").
    """
    countries = set(countries)
    entities: list[dict] = []
    full_by_type: dict[str, list[int]] = defaultdict(list)  # entity ids in order of first mention
    by_norm: dict[tuple[str, str], int] = {}

    def canonical_of(m: Mention) -> str:
        if m.gaz_name:
            return m.gaz_name
        entry = gazetteer.lookup(m.text)
        return entry.name if entry and entry.type == m.type else m.text

    # pass 1: the fullest names (several tokens, or gazetteer names) become entities first,
    # so that order of appearance does not decide the canonical name
    order = sorted(range(len(mentions)), key=lambda i: (-len(_tokens(mentions[i].text)), i))
    for i in order:
        m = mentions[i]
        name = canonical_of(m)
        # "Marks & Spencer" and "Marks and Spencer" are one name within an article
        key = (m.type, norm(name).replace(" & ", " and "))
        if key in by_norm:
            m.entity = by_norm[key]
            continue
        target = None
        if not (m.type == "GPE" and norm(name) in countries):
            target = _attach_target(m, name, entities, full_by_type, mentions, i)
        if target is not None:
            m.entity = target
            by_norm.setdefault(key, target)
            continue
        eid = len(entities)
        entities.append(
            {"id": eid, "name": name, "type": m.type, "aliases": set(), "first": m.start}
        )
        full_by_type[m.type].append(eid)
        by_norm[key] = eid
        m.entity = eid
    for m in mentions:
        entities[m.entity]["aliases"].add(m.text)
        entities[m.entity]["first"] = min(entities[m.entity]["first"], m.start)
    out = []
    for ent in entities:
        aliases = sorted(a for a in ent["aliases"] if norm(a) != norm(ent["name"]))
        out.append({"id": ent["id"], "name": ent["name"], "type": ent["type"], "aliases": aliases})
    return out


def _attach_target(m, name, entities, full_by_type, mentions, index) -> int | None:
    """Which already-created entity a shorter mention belongs to, or None."""
    toks = _tokens(name)
    if not toks:
        return None
    candidates = []
    for eid in full_by_type[m.type]:
        etoks = _tokens(entities[eid]["name"])
        if len(etoks) <= len(toks):
            continue
        if m.type == "PERSON":
            ok = toks == etoks[-len(toks) :] or (len(toks) == 1 and toks[0] == etoks[0])
            # a first name alone joins only if nothing else matches as a surname (checked below)
            if ok:
                candidates.append((eid, toks == etoks[-len(toks) :]))
        else:
            # "Journal" -> "The Wall Street Journal"; "Post" -> "The Washington Post"; but a
            # company's own name ("Tata group") is no short form of "Ratan Tata"
            suffix = toks == etoks[-len(toks) :] and not (
                m.named_org and len(toks) == 1 and toks[0] not in ORG_SUFFIXES | ORG_HEADS
            )
            if suffix or _is_acronym(name, entities[eid]["name"]):
                candidates.append((eid, True))
            elif m.type == "ORG" and toks == etoks[: len(toks)] and etoks[len(toks)] in _OF:
                # "Andy Warhol Foundation" → "Andy Warhol Foundation for the Visual Arts"
                candidates.append((eid, True))
    if not candidates:
        return None
    surname = [c for c, is_suffix in candidates if is_suffix]
    pool = surname or [c for c, _ in candidates]
    if len(pool) == 1:
        return pool[0]
    # same-name guard: two full names share this short form; take the nearest preceding full
    # mention of one of them, else refuse to guess
    best, best_pos = None, -1
    for other in mentions[:index]:
        if other.entity in pool and other.start > best_pos and other.start < m.start:
            best, best_pos = other.entity, other.start
    return best


_OF = ("for", "of")


def _is_acronym(short: str, full: str) -> bool:
    """ "USI" for "University of Southern Indiana", "M&S" for "Marks & Spencer"."""
    s = short.replace(".", "").replace("&", "")
    if not (2 <= len(s) <= 6 and s.isupper()):
        return False
    initials = "".join(
        w[0] for w in full.split() if w[0].isupper() and w.lower() not in DETERMINERS
    )
    return initials == s


def mention_index(doc_len: int, mentions: list[Mention]) -> list[int]:
    """Token index → mention index (-1 where no mention)."""
    idx = [-1] * doc_len
    for i, m in enumerate(mentions):
        for t in range(m.start, m.end):
            idx[t] = i
    return idx


def span_of(doc: Doc, m: Mention) -> Span:
    return doc[m.start : m.end]
