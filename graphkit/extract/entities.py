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
2. **Label map**: spaCy labels outside PERSON/ORG/GPE go through ``label_map.tsv`` (NORP group
   nouns become ORG; bare demonyms are kept aside for role links; LOC/FAC dropped).
3. **Cleaning**: leading determiners and titles, trailing possessives and punctuation are cut from
   the span ("Donald Trump's" → "Donald Trump", "the Journal" → "Journal").
4. **Document-level voting**: a name that is a PERSON elsewhere in the article (or the surname of
   one) stays a PERSON when the model labels one mention DATE/ORG/WORK_OF_ART ("Musk", "Trump
   administration"); other disagreements go to the majority label.
5. **Clustering** within the article: surnames and partial names join the fullest compatible
   name ("Musk" → "Elon Musk"; "Journal" → "The Wall Street Journal"); when two full names share a
   surname, a bare surname joins the nearest preceding one (the same-name guard). The canonical
   name is the fullest form, or the gazetteer's name for it.
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
}
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


def _clean_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Cut determiners, titles, possessive particles and punctuation from a span's edges."""
    while start < end and (
        doc[start].lower_ in DETERMINERS
        or doc[start].is_punct
        or doc[start].is_space
        or (
            doc[start].lower_.rstrip(".") in TITLE_WORDS and end - start > 1 and doc[start].is_title
        )
    ):
        start += 1
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


def find_mentions(doc: Doc, settings: Settings, gazetteer: Gazetteer) -> list[Mention]:
    """Steps 1–4 of the module docstring: cleaned, typed mentions in text order."""
    mentions: list[Mention] = []
    taken: set[int] = set()
    for start, end, entry in gazetteer.matches(doc):
        s, e = _clean_span(doc, start, end)
        if s >= e:
            continue
        mentions.append(
            Mention(s, e, entry.type, _span_text(doc, s, e), "gazetteer", gaz_name=entry.name)
        )
        taken.update(range(start, end))
    raw: list[Mention] = []
    for ent in doc.ents:
        if not taken.isdisjoint(range(ent.start, ent.end)):
            continue
        s, e = _clean_span(doc, ent.start, ent.end)
        if s >= e:
            continue
        text = _span_text(doc, s, e)
        if not text or not any(c.isalpha() for c in text):
            continue
        m = Mention(s, e, ent.label_, text)
        m.votes[ent.label_] += 1
        raw.append(m)
    _vote(raw, mentions)
    for m in raw:
        target = _label_target(m.type, m.text, settings)
        if target is None:
            continue
        if target == "PERSON" and not any(doc[i].pos_ == "PROPN" for i in range(m.start, m.end)):
            continue  # "one", "yesterday": the small model's PERSONs without a proper noun
        m.type = target
        mentions.append(m)
    mentions.extend(_recurring(doc, mentions))
    mentions.sort(key=lambda m: m.start)
    return mentions


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
    lengths = sorted({len(k) for k in names}, reverse=True)
    out = []
    i = 0
    n = len(doc)
    while i < n:
        hit = None
        if not taken[i] and (doc[i].pos_ == "PROPN" or doc[i].is_upper or doc[i].is_title):
            for length in lengths:
                key = tuple(t.text for t in doc[i : i + length])
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


def _vote(raw: list[Mention], gaz: list[Mention]) -> None:
    """Document-level label repair (step 4), in place."""
    person_names = {norm(m.text) for m in raw if m.type == "PERSON" and " " in m.text.strip()}
    surnames = {n.split()[-1] for n in person_names}
    single_person = {norm(m.text) for m in raw if m.type == "PERSON"}
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
        if key in person_names or key in surnames or key in single_person:
            if m.type != "PERSON":
                m.source = "vote"
            m.type = "PERSON"
            continue
        counts = votes.get(key)
        if counts and m.type in KEEP:
            best, n = counts.most_common(1)[0]
            if best != m.type and n > counts[m.type]:
                m.type, m.source = best, "vote"


def cluster_mentions(mentions: list[Mention], gazetteer: Gazetteer) -> list[dict]:
    """Step 5: assign ``entity`` ids to mentions; return the article-local entities."""
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
        key = (m.type, norm(name))
        if key in by_norm:
            m.entity = by_norm[key]
            continue
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
            # "Journal" -> "The Wall Street Journal"; "Post" -> "The Washington Post"
            if toks == etoks[-len(toks) :] or _is_acronym(name, entities[eid]["name"]):
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


def _is_acronym(short: str, full: str) -> bool:
    s = short.replace(".", "")
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
