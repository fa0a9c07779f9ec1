"""Scoring extracted triples against a hand-annotated gold set (``graphkit eval``).

The gold format and annotation guidelines are in ``data/gold/README.md``: one JSON object per
paragraph (``id``, ``source``, ``article_context``, ``text``, ``triples``).

Units
-----
The unit is the **paragraph**. Without predictions, each gold paragraph's whole source article
is extracted (read from ``source`` under one of the corpus roots) and a system triple belongs to
the paragraph when its evidence *starts* inside the paragraph's character span. This is how
graphkit is used (names are resolved across the article: "Musk" in paragraph 4 is "Elon Musk"
of paragraph 1). When a source file cannot be found, the paragraph text alone is extracted and
the report counts those paragraphs (``standalone``).

With ``--pred FILE`` (triples JSONL as written by ``graphkit extract``), a predicted triple
belongs to a paragraph when its ``doc_id`` is the content hash of the paragraph's source
article and its evidence starts inside the paragraph, or its ``doc_id`` is the content hash of
the paragraph text itself (paragraphs extracted on their own).

Matching rule
-------------
* **Names** are compared case-insensitively after normalisation (dots, a leading "the" and a
  possessive 's dropped, whitespace folded) and alias-aware: every name, gold or system, is
  mapped through the article's ``article_context`` (short form → canonical name). A system
  entity is tried by its canonical name first, then by each of its ``subject_aliases`` /
  ``object_aliases``, and takes the first form that names a gold entity of the article. A
  single-word name also matches the one PERSON of the article whose surname it is, when the
  article gives that surname to only one person.
* **Relation** must match exactly. The symmetric types (IN_CONTACT_WITH, MET_WITH,
  NEGOTIATED_WITH, ALLIED_WITH, MARRIED_TO, RELATIVE_OF) compare subject and object unordered;
  all others are directed.
* **Flags**: ``negated`` and "is denied" (``denied_by`` set) are part of the strict key, so a
  negated or denied gold triple is matched only by a system triple carrying the same flag (the
  gold README's recommended option).
* **Strict score**: precision, recall and F1 over the set of (subject, relation, object, flags)
  keys per paragraph (duplicates from several sentences count once), micro-averaged over all
  paragraphs; also per relation type (a false positive counts for the system's type, a false
  negative for the gold type). Entity types and predicates are not required to match.
* **Linked pair** (loose): the same over unordered {subject, object} pairs per paragraph,
  ignoring relation type, direction and flags.
* **Attribution accuracy**: among strict true positives, the share whose ``attributed_to``
  agrees (both null, or both naming the same entity under the name rule above).
* **Intervals**: a percentile bootstrap over paragraphs (resampled with replacement, 1000
  draws, fixed seed), 95 % by default, for every P/R/F1 reported.
"""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit.errors import InputError
from graphkit.model import Article, content_id

SYMMETRIC = frozenset(
    {"IN_CONTACT_WITH", "MET_WITH", "NEGOTIATED_WITH", "ALLIED_WITH", "MARRIED_TO", "RELATIVE_OF"}
)
DEFAULT_DRAWS = 1000
DEFAULT_SEED = 13


# ------------------------------------------------------------------------------------------
# gold


@dataclass
class GoldParagraph:
    """One annotated paragraph of the gold set."""

    id: str
    source: str
    text: str
    triples: list[dict]
    article_context: dict[str, str] = field(default_factory=dict)
    start: int | None = None  # character span of the paragraph in its source article
    doc_id: str | None = None  # content hash of the source article, when found


def load_gold(path: str | Path) -> list[GoldParagraph]:
    """Read a gold JSONL file; raise :class:`InputError` naming the line on a bad record.

    Parameters
    ----------
    path : str or Path
        The gold file (``data/gold/dev.jsonl`` format).

    Returns
    -------
    list of GoldParagraph
    """
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read gold file {p}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"gold file {p} is not UTF-8") from exc
    out = []
    seen = set()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{p}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not JSON ({exc.msg})") from exc
        if not isinstance(rec, dict):
            raise InputError(f"{where}: expected a JSON object")
        for key in ("id", "text", "triples"):
            if key not in rec:
                raise InputError(f"{where}: missing field {key!r}")
        if not isinstance(rec["text"], str) or not isinstance(rec["triples"], list):
            raise InputError(f"{where}: 'text' must be a string and 'triples' a list")
        if rec["id"] in seen:
            raise InputError(f"{where}: duplicate paragraph id {rec['id']!r}")
        seen.add(rec["id"])
        for k, t in enumerate(rec["triples"]):
            if not isinstance(t, dict) or not all(
                isinstance(t.get(x), str) and t.get(x) for x in ("subject", "relation", "object")
            ):
                raise InputError(f"{where}: triple {k} needs subject, relation and object")
        ctx = rec.get("article_context") or {}
        if not isinstance(ctx, dict):
            raise InputError(f"{where}: 'article_context' must be an object")
        out.append(
            GoldParagraph(
                id=str(rec["id"]),
                source=str(rec.get("source") or ""),
                text=rec["text"],
                triples=rec["triples"],
                article_context={str(k): str(v) for k, v in ctx.items()},
            )
        )
    if not out:
        raise InputError(f"gold file {p} holds no paragraphs")
    return out


def locate_sources(
    paragraphs: Sequence[GoldParagraph], roots: Iterable[str | Path]
) -> dict[str, str]:
    """Read each paragraph's source article from the first root that has it.

    Sets ``start`` and ``doc_id`` on the paragraphs whose text is found in their source.
    Returns ``{source: article text}`` for the sources found.
    """
    from graphkit.ingest import normalize_text

    roots = [Path(r) for r in roots]
    texts: dict[str, str] = {}
    for para in paragraphs:
        if not para.source:
            continue
        if para.source not in texts:
            for root in roots:
                f = root / para.source
                if f.is_file():
                    try:
                        texts[para.source] = normalize_text(f.read_text(encoding="utf-8"))
                    except (OSError, UnicodeDecodeError) as exc:
                        raise InputError(f"cannot read source {f}: {exc}") from exc
                    break
        text = texts.get(para.source)
        if text is None:
            continue
        pos = text.find(para.text)
        if pos >= 0:
            para.start = pos
            para.doc_id = content_id(text)
    return texts


# ------------------------------------------------------------------------------------------
# predictions


def extract_for_gold(
    nlp, paragraphs: Sequence[GoldParagraph], roots: Iterable[str | Path]
) -> tuple[dict[str, list[dict]], int]:
    """Run graphkit's extraction for the gold paragraphs.

    Whole source articles are extracted once each; paragraphs whose source is missing are
    extracted on their own. Returns (triples per paragraph id, number of standalone paragraphs).
    """
    from graphkit.extract import extract_articles

    texts = locate_sources(paragraphs, roots)
    articles = {src: Article(text, path=src) for src, text in texts.items()}
    standalone = [p for p in paragraphs if p.start is None]
    for p in standalone:
        articles[f"paragraph:{p.id}"] = Article(p.text, path=p.id)
    triples: list[dict] = []
    for _art, ts in extract_articles(nlp, list(articles.values())):
        triples.extend(t.to_dict() for t in ts)
    return assign(paragraphs, triples), len(standalone)


def read_predictions(path: str | Path) -> list[dict]:
    """Triples JSONL (``graphkit extract --format jsonl``) as plain dicts."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read predictions {p}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"predictions file {p} is not UTF-8") from exc
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{p}:{n}: not JSON ({exc.msg})") from exc
        if not isinstance(rec, dict) or not all(
            isinstance(rec.get(k), str) for k in ("subject", "relation", "object", "doc_id")
        ):
            raise InputError(f"{p}:{n}: expected a triple with subject, relation, object, doc_id")
        if not isinstance(rec.get("char_start"), int):
            raise InputError(f"{p}:{n}: char_start must be an integer")
        out.append(rec)
    return out


def assign(paragraphs: Sequence[GoldParagraph], triples: Iterable[dict]) -> dict[str, list[dict]]:
    """Give each predicted triple to the gold paragraph its evidence lies in (see module doc)."""
    by_doc: dict[str, list[GoldParagraph]] = defaultdict(list)
    for p in paragraphs:
        if p.doc_id is not None:
            by_doc[p.doc_id].append(p)
        by_doc[content_id(p.text)].append(p)
    out: dict[str, list[dict]] = {p.id: [] for p in paragraphs}
    for t in triples:
        for p in by_doc.get(t["doc_id"], ()):
            if p.doc_id == t["doc_id"] and p.start is not None:
                if p.start <= t["char_start"] < p.start + len(p.text):
                    out[p.id].append(t)
                    break
            elif t["doc_id"] == content_id(p.text):
                out[p.id].append(t)
                break
    return out


# ------------------------------------------------------------------------------------------
# names


def _norm(name: str) -> str:
    from graphkit.extract.entities import norm

    n = norm(name)
    return n[4:] if n.startswith("the ") else n


class NameMatcher:
    """Maps gold and system names of one article to comparable keys (see the matching rule)."""

    def __init__(self, context: dict[str, str], gold_names: Iterable[tuple[str, str]]):
        self.context = {_norm(k): v for k, v in context.items()}
        self.gold: set[str] = set()
        persons: set[str] = set()
        for name, etype in gold_names:
            key = self._ctx(name)
            self.gold.add(key)
            if etype == "PERSON":
                persons.add(key)
        for v in context.values():
            self.gold.add(_norm(v))
        surnames: dict[str, set[str]] = defaultdict(set)
        for key in persons:
            parts = key.split()
            if len(parts) > 1:
                surnames[parts[-1]].add(key)
        self.surname = {s: next(iter(ks)) for s, ks in surnames.items() if len(ks) == 1}

    def _ctx(self, name: str) -> str:
        key = _norm(name)
        return _norm(self.context[key]) if key in self.context else key

    def key(self, name: str, aliases: Sequence[str] = ()) -> str:
        """The comparison key of a name (system names may bring their aliases)."""
        first = None
        for form in (name, *aliases):
            k = self._ctx(form)
            if first is None:
                first = k
            if k in self.gold:
                return k
            if " " not in k and k in self.surname:
                return self.surname[k]
        return first or ""


def _triple_key(t: dict, names: NameMatcher, *, system: bool) -> tuple:
    s = names.key(t["subject"], t.get("subject_aliases") or () if system else ())
    o = names.key(t["object"], t.get("object_aliases") or () if system else ())
    rel = t["relation"]
    if rel in SYMMETRIC and o < s:
        s, o = o, s
    return (s, rel, o, bool(t.get("negated")), bool(t.get("denied_by")))


# ------------------------------------------------------------------------------------------
# scoring


@dataclass
class Score:
    """Counts and P/R/F1 with a bootstrap interval."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    ci: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return _f1(self.tp, self.fp, self.fn)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "gold": self.tp + self.fn,
            "predicted": self.tp + self.fp,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "ci": {k: [round(a, 4), round(b, 4)] for k, (a, b) in self.ci.items()},
        }


def _prf(tp: int, fp: int, fn: int) -> tuple[float | None, float | None, float | None]:
    """P, R, F1 of one bootstrap draw; None where undefined (no prediction / no gold)."""
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    return p, r, (_f1(tp, fp, fn) if tp + fp + fn else None)


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


@dataclass
class Report:
    """The result of :func:`score`: strict, per type, linked pair, attribution, errors."""

    paragraphs: int
    strict: Score
    by_relation: dict[str, Score]
    pairs: Score
    attribution: tuple[int, int]  # (agreeing, strict true positives)
    errors: list[dict]
    standalone: int = 0
    draws: int = DEFAULT_DRAWS
    seed: int = DEFAULT_SEED

    def to_dict(self) -> dict[str, Any]:
        agree, total = self.attribution
        return {
            "paragraphs": self.paragraphs,
            "standalone_paragraphs": self.standalone,
            "bootstrap": {"draws": self.draws, "seed": self.seed, "level": 0.95},
            "strict": self.strict.to_dict(),
            "linked_pair": self.pairs.to_dict(),
            "by_relation": {k: v.to_dict() for k, v in sorted(self.by_relation.items())},
            "attribution_accuracy": {
                "agree": agree,
                "of": total,
                "accuracy": round(agree / total, 4) if total else None,
            },
            "errors": self.errors,
        }


def _matchers(paragraphs: Sequence[GoldParagraph]) -> dict[str, NameMatcher]:
    """Name matchers per article: gold names and context across all its paragraphs."""
    by_article: dict[str, list[GoldParagraph]] = defaultdict(list)
    for p in paragraphs:
        by_article[p.source or p.id].append(p)
    matchers: dict[str, NameMatcher] = {}
    for art, paras in by_article.items():
        ctx: dict[str, str] = {}
        names = []
        for p in paras:
            ctx.update(p.article_context)
            for t in p.triples:
                names += [
                    (t["subject"], t.get("subject_type", "")),
                    (t["object"], t.get("object_type", "")),
                ]
        matchers[art] = NameMatcher(ctx, names)
    return matchers


def judge(
    paragraphs: Sequence[GoldParagraph], predictions: dict[str, list[dict]]
) -> Iterator[tuple[str, dict, bool]]:
    """Each distinct predicted link of each paragraph, and whether the gold has it (strict key).

    Yields (paragraph id, predicted triple, correct). The judgments behind
    ``graphkit/data/confidence.tsv`` are these, counted per rule and relation.
    """
    matchers = _matchers(paragraphs)
    for p in paragraphs:
        names = matchers[p.source or p.id]
        gold = {_triple_key(t, names, system=False) for t in p.triples}
        seen = set()
        for t in predictions.get(p.id, ()):
            k = _triple_key(t, names, system=True)
            if k not in seen:
                seen.add(k)
                yield p.id, t, k in gold


def score(
    paragraphs: Sequence[GoldParagraph],
    predictions: dict[str, list[dict]],
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    standalone: int = 0,
) -> Report:
    """Score predictions (triples per paragraph id) against the gold (see the matching rule).

    Parameters
    ----------
    paragraphs : sequence of GoldParagraph
    predictions : dict
        Paragraph id → predicted triple dicts (as from :func:`assign`).
    draws, seed : int
        Bootstrap resamples of the paragraphs and the random seed.
    standalone : int
        Recorded in the report: paragraphs extracted without their article.

    Returns
    -------
    Report
    """
    matchers = _matchers(paragraphs)
    per_para: list[dict[str, Counter]] = []  # per paragraph: counts keyed by (kind, rel)
    errors: list[dict] = []
    attr_ok = attr_n = 0
    for p in paragraphs:
        names = matchers[p.source or p.id]
        gold = {_triple_key(t, names, system=False): t for t in p.triples}
        pred: dict[tuple, dict] = {}
        for t in predictions.get(p.id, ()):
            pred.setdefault(_triple_key(t, names, system=True), t)
        c: Counter = Counter()
        for k in gold.keys() & pred.keys():
            c[("tp", k[1])] += 1
            ga, pa = gold[k].get("attributed_to"), pred[k].get("attributed_to")
            attr_n += 1
            if (ga is None and pa is None) or (
                ga is not None and pa is not None and names.key(ga) == names.key(pa)
            ):
                attr_ok += 1
        for k in pred.keys() - gold.keys():
            c[("fp", k[1])] += 1
            errors.append(_error(p.id, "fp", pred[k]))
        for k in gold.keys() - pred.keys():
            c[("fn", k[1])] += 1
            errors.append(_error(p.id, "fn", gold[k]))
        gpairs = {frozenset((k[0], k[2])) for k in gold}
        ppairs = {frozenset((k[0], k[2])) for k in pred}
        c[("ptp", "")] = len(gpairs & ppairs)
        c[("pfp", "")] = len(ppairs - gpairs)
        c[("pfn", "")] = len(gpairs - ppairs)
        per_para.append(c)

    relations = sorted({rel for c in per_para for (kind, rel) in c if kind in ("tp", "fp", "fn")})

    def totals(sample: Iterable[Counter], rel: str | None, pairs: bool = False) -> tuple:
        tp = fp = fn = 0
        for c in sample:
            if pairs:
                tp += c[("ptp", "")]
                fp += c[("pfp", "")]
                fn += c[("pfn", "")]
            elif rel is None:
                for (kind, _r), v in c.items():
                    if kind == "tp":
                        tp += v
                    elif kind == "fp":
                        fp += v
                    elif kind == "fn":
                        fn += v
            else:
                tp += c[("tp", rel)]
                fp += c[("fp", rel)]
                fn += c[("fn", rel)]
        return tp, fp, fn

    def make(rel: str | None, pairs: bool = False) -> Score:
        return Score(*totals(per_para, rel, pairs))

    strict = make(None)
    pair_score = make(None, pairs=True)
    by_rel = {r: make(r) for r in relations}
    # bootstrap: resample paragraphs with replacement
    rng = random.Random(seed)
    n = len(per_para)
    samples: dict[str | None, list[tuple]] = defaultdict(list)
    for _ in range(draws if n else 0):
        idx = [rng.randrange(n) for _ in range(n)]
        sample = [per_para[i] for i in idx]
        samples[None].append(_prf(*totals(sample, None)))
        samples["__pairs__"].append(_prf(*totals(sample, None, pairs=True)))
        for r in relations:
            samples[r].append(_prf(*totals(sample, r)))
    for key, sc in ((None, strict), ("__pairs__", pair_score), *by_rel.items()):
        sc.ci = _intervals(samples.get(key, []))
    errors.sort(key=lambda e: (e["paragraph"], e["kind"]))
    return Report(
        paragraphs=n,
        strict=strict,
        by_relation=by_rel,
        pairs=pair_score,
        attribution=(attr_ok, attr_n),
        errors=errors,
        standalone=standalone,
        draws=draws,
        seed=seed,
    )


def _intervals(values: list[tuple]) -> dict[str, tuple[float, float]]:
    """Percentile 95 % interval of each metric over the draws where it is defined."""
    out = {}
    for i, name in enumerate(("precision", "recall", "f1")):
        xs = sorted(v[i] for v in values if v[i] is not None)
        if not xs:
            continue
        lo = xs[int(0.025 * (len(xs) - 1))]
        hi = xs[int(round(0.975 * (len(xs) - 1)))]
        out[name] = (lo, hi)
    return out


def _error(pid: str, kind: str, t: dict) -> dict:
    return {
        "paragraph": pid,
        "kind": kind,
        "subject": t["subject"],
        "relation": t["relation"],
        "object": t["object"],
        "negated": bool(t.get("negated")),
        "denied_by": t.get("denied_by"),
        "predicate": t.get("predicate"),
        "evidence": t.get("evidence") or t.get("sentence"),
    }


def evaluate(
    gold_path: str | Path,
    *,
    nlp=None,
    pred_path: str | Path | None = None,
    roots: Sequence[str | Path] = (),
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    min_confidence: float = 0.0,
) -> Report:
    """Score graphkit (``nlp``) or a predictions file on a gold JSONL file.

    Parameters
    ----------
    gold_path : str or Path
        Gold paragraphs (``data/gold`` format).
    nlp : spacy.Language, optional
        The graphkit pipeline; used when ``pred_path`` is None.
    pred_path : str or Path, optional
        Triples JSONL to score instead of running the extractor.
    roots : sequence of paths
        Folders the gold ``source`` paths are relative to (besides the gold file's folder and
        its parent).
    min_confidence : float
        Score only the predicted triples whose ``confidence`` is at least this (the operating
        point of ``graphkit extract --min-confidence``).

    Returns
    -------
    Report
    """
    paragraphs = load_gold(gold_path)
    gdir = Path(gold_path).resolve().parent
    all_roots = [*roots, gdir, gdir.parent]
    standalone = 0
    if pred_path is not None:
        locate_sources(paragraphs, all_roots)
        preds = assign(paragraphs, read_predictions(pred_path))
    else:
        if nlp is None:
            from graphkit.nlp import load_pipeline

            nlp = load_pipeline()
        preds, standalone = extract_for_gold(nlp, paragraphs, all_roots)
    if min_confidence > 0:
        preds = {
            pid: [t for t in ts if (t.get("confidence") or 0.0) >= min_confidence]
            for pid, ts in preds.items()
        }
    return score(paragraphs, preds, draws=draws, seed=seed, standalone=standalone)
