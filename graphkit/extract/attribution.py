"""Who asserts a link, who denies it, whether it is negated, and when it happened.

Pure functions over tokens of a parsed ``Doc``. ``resolve`` is a callable mapping a token to
the local entity id it belongs to (or ``None``), supplied by :mod:`graphkit.extract.relations`.

Rules
-----
* **Attribution** (``attributed_to``): the nearest reporting verb (say, report, tell, claim,
  write, …) above the link's verb in the parse whose subject is an entity ("the Journal said
  that…", "…, the Journal said"); "according to X"; failing those, a reporting verb with an
  entity subject elsewhere in the same sentence (news style puts "the Journal said" after the
  quote, often parsed as a sibling clause). A reporter is never the link's own subject.
* **Denial** (``denied_by``): the link's verb sits under the complement of a denial verb (deny,
  reject, dismiss, refute, dispute) whose subject is an entity.
* **Negation** (``negated``): the verb (or its copula/auxiliary) has a ``neg`` dependent.
* **Event time**: a DATE entity attached to the verb ("since late 2022", "in 2019",
  "on Tuesday"), kept as text with its preposition.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

REPORTING = {
    "say",
    "report",
    "tell",
    "claim",
    "state",
    "add",
    "write",
    "announce",
    "confirm",
    "note",
    "explain",
    "insist",
    "argue",
    "reveal",
    "disclose",
    "testify",
    "allege",
    "suggest",
    "assert",
    "acknowledge",
    "admit",
    "quote",
}
DENIAL = {"deny", "reject", "dismiss", "refute", "dispute", "rebut", "contest"}
COMPLEMENT_DEPS = {"ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "pcomp", "parataxis"}

Resolver = Callable[[Token], "int | None"]


def _subject_entity(verb: Token, resolve: Resolver) -> int | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            eid = resolve(child)
            if eid is not None:
                return eid
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return _subject_entity(verb.head, resolve)
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.pos_ in ("VERB", "AUX"):
        # "Dawes thanked him, saying he had guided the BBC": the participle's speaker is the
        # subject of the clause it hangs on
        return _subject_entity(verb.head, resolve)
    # "…with Vladimir Putin, The Wall Street Journal said": the small parser often hangs the
    # reporter on the previous noun as an apposition and leaves the verb without a subject
    if verb.i > 0 and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        prev = verb.doc[verb.i - 1]
        if prev.dep_ == "appos" and prev.i > verb.sent.start:
            return resolve(prev)
    return None


def _source_entity(verb: Token, resolve: Resolver) -> int | None:
    """Who asserts what a reporting verb frames: its subject, except for "quote", whose source
    is the person quoted ("TASS quoted the minister": the minister, not the outlet)."""
    if verb.lemma_ == "quote":
        for child in verb.children:
            if child.dep_ == "dobj":
                return resolve(child)
        return None
    return _subject_entity(verb, resolve)


def is_speaker_label(tok: Token) -> bool:
    """Is ``tok`` the end of a speaker label opening its sentence ("Peskov: …", "Kremlin
    spokesman Dmitry Peskov: …")? Such a name says who speaks, it is no argument."""
    sent = tok.sent
    nxt = tok.i + 1
    return (
        nxt < sent.end
        and tok.doc[nxt].text == ":"
        and tok.i - sent.start <= 4
        and tok.pos_ in ("PROPN", "NOUN")
        and all(
            t.pos_ in ("PROPN", "NOUN", "ADJ", "DET", "PUNCT") for t in tok.doc[sent.start : nxt]
        )
    )


def headline_speaker(sent, resolve: Resolver) -> int | None:
    for tok in sent[:6]:
        if is_speaker_label(tok):
            return resolve(tok)
    return None


def _according_to(sent, resolve: Resolver) -> int | None:
    for tok in sent:
        if (
            tok.lower_ == "according"
            and tok.i + 1 < len(tok.doc)
            and tok.doc[tok.i + 1].lower_ == "to"
        ):
            for pobj in tok.doc[tok.i + 1].children:
                if pobj.dep_ == "pobj":
                    return resolve(pobj)
    return None


def attribution(verb: Token, subject_ids: set[int], resolve: Resolver) -> tuple[int | None, str]:
    """The entity asserting what ``verb`` states, and the rule that found it ("" if none)."""
    # 1. a reporting verb above the link's verb
    node = verb
    while node.head.i != node.i:
        parent = node.head
        if parent.lemma_ in REPORTING and node.dep_ in COMPLEMENT_DEPS | {"ccomp"}:
            eid = _source_entity(parent, resolve)
            if eid is not None and eid not in subject_ids:
                return eid, "frame"
        node = parent
    # 1b. "…, the Journal said" parsed as a child of the link's verb (parataxis/ccomp)
    for child in verb.children:
        if child.lemma_ in REPORTING and child.dep_ in ("parataxis", "ccomp", "advcl"):
            eid = _source_entity(child, resolve)
            if eid is not None and eid not in subject_ids:
                return eid, "frame"
    # 2. "according to X"
    eid = _according_to(verb.sent, resolve)
    if eid is not None and eid not in subject_ids:
        return eid, "according"
    # 2b. a headline or subtitle speaker: "Peskov: Putin and Erdogan are meeting in Sochi"
    eid = headline_speaker(verb.sent, resolve)
    if eid is not None and eid not in subject_ids:
        return eid, "speaker"
    # 3. a reporting verb with an entity subject anywhere in the sentence
    for tok in verb.sent:
        if tok.lemma_ in REPORTING and tok.pos_ == "VERB" and tok.i != verb.i:
            if tok.lemma_ == "tell" and _subject_entity(tok, resolve) is None:
                continue
            eid = _source_entity(tok, resolve)
            if eid is not None and eid not in subject_ids:
                return eid, "sentence"
    return None, ""


def denial(verb: Token, resolve: Resolver) -> int | None:
    """The entity denying the claim made by ``verb`` (``None`` if nobody denies it)."""
    node = verb
    while node.head.i != node.i:
        parent = node.head
        if parent.lemma_ in DENIAL and node.dep_ in ("ccomp", "xcomp", "pcomp", "advcl", "dobj"):
            eid = _subject_entity(parent, resolve)
            if eid is not None:
                return eid
        if node.dep_ not in COMPLEMENT_DEPS | {"prep", "pobj"}:
            break
        node = parent
    return None


def negated(verb: Token) -> bool:
    """Does the clause of ``verb`` carry a negation (``not``, ``never``, ``n't``)?"""
    for tok in (verb, *[c for c in verb.children if c.dep_ in ("aux", "auxpass", "cop")]):
        if any(c.dep_ == "neg" for c in tok.children):
            return True
    # xcomp under a negated verb: "did not agree to meet"
    return bool(verb.dep_ == "xcomp" and any(c.dep_ == "neg" for c in verb.head.children))


def event_time(verb: Token) -> str | None:
    """A DATE expression attached to the verb, with its preposition ("since late 2022")."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in (
            "since",
            "in",
            "on",
            "during",
            "until",
            "from",
            "by",
        ):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.ent_type_ == "DATE":
                    span = _date_span(pobj)
                    return f"{child.text} {span}"
        if child.dep_ in ("npadvmod", "tmod") and child.ent_type_ == "DATE":
            return _date_span(child)
    return None


def _date_span(tok: Token) -> str:
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent.text
    return tok.text
