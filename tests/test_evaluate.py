"""graphkit.evaluate: the matching rule, the scores, the bootstrap and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.errors import InputError
from graphkit.evaluate import (
    GoldParagraph,
    assign,
    evaluate,
    judge,
    load_gold,
    locate_sources,
    score,
)
from graphkit.model import content_id

ROOT = Path(__file__).resolve().parent.parent
CONTEXT = {"Musk": "Elon Musk", "the Journal": "The Wall Street Journal", "Putin": "Vladimir Putin"}


def gold_t(
    s, rel, o, *, negated=False, denied_by=None, attributed_to=None, st="PERSON", ot="PERSON"
):
    return {
        "subject": s,
        "subject_type": st,
        "relation": rel,
        "object": o,
        "object_type": ot,
        "predicate": rel.lower(),
        "attributed_to": attributed_to,
        "negated": negated,
        "denied_by": denied_by,
        "evidence": "…",
    }


def pred_t(s, rel, o, **kw):
    d = {"subject": s, "relation": rel, "object": o, "doc_id": "d", "char_start": 0}
    d.update(kw)
    return d


def para(pid, triples, text="t", source="a.txt"):
    return GoldParagraph(id=pid, source=source, text=text, triples=triples, article_context=CONTEXT)


@pytest.mark.parametrize(
    ("gold", "pred", "tp"),
    [
        # alias-aware through article_context, case-insensitive
        (gold_t("Elon Musk", "OWNER_OF", "SpaceX"), pred_t("musk", "OWNER_OF", "SpaceX"), 1),
        # through the system triple's aliases
        (
            gold_t("Elon Musk", "OWNER_OF", "SpaceX"),
            pred_t("E. Musk", "OWNER_OF", "SpaceX", subject_aliases=["Elon Musk"]),
            1,
        ),
        # a leading "the" and a possessive are ignored
        (
            gold_t("The Wall Street Journal", "ASKED", "Elon Musk"),
            pred_t("Wall Street Journal's", "ASKED", "Musk"),
            1,
        ),
        # symmetric types are unordered, directed types are not
        (
            gold_t("Elon Musk", "IN_CONTACT_WITH", "Vladimir Putin"),
            pred_t("Putin", "IN_CONTACT_WITH", "Musk"),
            1,
        ),
        (gold_t("Vladimir Putin", "ASKED", "Elon Musk"), pred_t("Musk", "ASKED", "Putin"), 0),
        # relation must match exactly
        (gold_t("Vladimir Putin", "ASKED", "Elon Musk"), pred_t("Putin", "TOLD", "Musk"), 0),
        # flags are part of the key
        (
            gold_t("Elon Musk", "RELATED_TO", "The Wall Street Journal", negated=True),
            pred_t("Musk", "RELATED_TO", "the Journal", negated=False),
            0,
        ),
        (
            gold_t("Elon Musk", "IN_CONTACT_WITH", "Vladimir Putin", denied_by="Dmitry Peskov"),
            pred_t("Musk", "IN_CONTACT_WITH", "Putin", denied_by="Dmitry Peskov"),
            1,
        ),
    ],
)
def test_matching_rule(gold, pred, tp):
    rep = score([para("p", [gold])], {"p": [pred]}, draws=0)
    assert rep.strict.tp == tp
    assert rep.strict.fp == 1 - tp and rep.strict.fn == 1 - tp


def test_surname_match_only_when_unique():
    g = [gold_t("Boris Johnson", "MET_WITH", "Emmanuel Macron")]
    one = score([para("p", g)], {"p": [pred_t("Johnson", "MET_WITH", "Emmanuel Macron")]}, draws=0)
    assert one.strict.tp == 1
    g2 = [*g, gold_t("Dwayne Johnson", "MEMBER_OF", "WWE", ot="ORG")]
    two = score([para("p", g2)], {"p": [pred_t("Johnson", "MET_WITH", "Emmanuel Macron")]}, draws=0)
    assert two.strict.tp == 0


def test_scores_per_type_pairs_and_empty_paragraphs():
    paras = [
        para(
            "p1",
            [
                gold_t("Elon Musk", "OWNER_OF", "SpaceX"),
                gold_t("Vladimir Putin", "ASKED", "Elon Musk"),
            ],
        ),
        para("p2", []),
    ]
    preds = {
        "p1": [pred_t("Musk", "OWNER_OF", "SpaceX"), pred_t("Musk", "TOLD", "Putin")],
        "p2": [pred_t("Musk", "MET_WITH", "Putin")],
    }
    rep = score(paras, preds, draws=200, seed=1)
    assert (rep.strict.tp, rep.strict.fp, rep.strict.fn) == (1, 2, 1)
    assert rep.strict.precision == pytest.approx(1 / 3)
    assert rep.strict.recall == pytest.approx(1 / 2)
    assert rep.strict.f1 == pytest.approx(0.4)
    assert rep.by_relation["OWNER_OF"].tp == 1
    assert rep.by_relation["TOLD"].fp == 1 and rep.by_relation["ASKED"].fn == 1
    # linked pair: {Musk, Putin} in p1 matches regardless of type and direction
    assert (rep.pairs.tp, rep.pairs.fp, rep.pairs.fn) == (2, 1, 0)
    lo, hi = rep.strict.ci["precision"]
    assert 0 <= lo <= rep.strict.precision <= hi <= 1
    # fixed seed: the same interval twice
    assert score(paras, preds, draws=200, seed=1).strict.ci == rep.strict.ci


def test_attribution_accuracy():
    g = [
        gold_t(
            "Elon Musk",
            "IN_CONTACT_WITH",
            "Vladimir Putin",
            attributed_to="The Wall Street Journal",
        )
    ]
    ok = score(
        [para("p", g)],
        {"p": [pred_t("Musk", "IN_CONTACT_WITH", "Putin", attributed_to="the Journal")]},
        draws=0,
    )
    bad = score([para("p", g)], {"p": [pred_t("Musk", "IN_CONTACT_WITH", "Putin")]}, draws=0)
    assert ok.attribution == (1, 1) and bad.attribution == (0, 1)


def test_assign_by_article_span_and_by_paragraph_hash():
    article = "Head\n\nFirst para.\n\nSecond para."
    p1 = GoldParagraph(id="a-p1", source="a.txt", text="First para.", triples=[])
    p2 = GoldParagraph(id="a-p2", source="a.txt", text="Second para.", triples=[])
    p1.start, p1.doc_id = article.index("First"), content_id(article)
    p2.start, p2.doc_id = article.index("Second"), content_id(article)
    alone = GoldParagraph(id="b-p1", source="b.txt", text="Alone.", triples=[])
    ts = [
        {"doc_id": content_id(article), "char_start": article.index("Second")},
        {"doc_id": content_id(article), "char_start": 0},  # the headline: no paragraph
        {"doc_id": content_id("Alone."), "char_start": 0},
    ]
    out = assign([p1, p2, alone], ts)
    assert [len(out[k]) for k in ("a-p1", "a-p2", "b-p1")] == [0, 1, 1]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json\n", "not JSON"),
        ('{"id": "x", "text": "t"}\n', "missing field 'triples'"),
        ('{"id": "x", "text": "t", "triples": [{"subject": "a"}]}\n', "needs subject"),
        ("\n", "holds no paragraphs"),
    ],
)
def test_bad_gold_is_a_clear_error(tmp_path, content, message):
    f = tmp_path / "gold.jsonl"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_gold(f)


def test_dev_gold_loads_and_finds_its_sources(tmp_path):
    paras = load_gold(ROOT / "data" / "gold" / "dev.jsonl")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    rep = evaluate(
        ROOT / "data" / "gold" / "dev.jsonl",
        pred_path=empty,
        roots=[ROOT / "tests" / "fixtures" / "ingest"],
        draws=0,
    )
    assert rep.paragraphs == len(paras) and rep.strict.tp == rep.strict.fp == 0
    assert rep.strict.fn == sum(len(p.triples) for p in paras)
    locate_sources(paras, [ROOT / "tests" / "fixtures" / "ingest", ROOT / "data"])
    assert all(p.start is not None for p in paras)  # every source article was found


def test_cli_eval_with_predictions(tmp_path, nlp, sample_text):
    from graphkit.extract import extract_article
    from graphkit.model import Article

    sample = ROOT / "data" / "samples" / "musk-putin.txt"
    preds = tmp_path / "pred.jsonl"
    ts = extract_article(nlp, Article(sample_text, path=str(sample)))
    preds.write_text("".join(json.dumps(t.to_dict()) + "\n" for t in ts), encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    lines = [
        line
        for line in (ROOT / "data" / "gold" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
        if json.loads(line)["source"] == "samples/musk-putin.txt"
    ]
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = CliRunner().invoke(
        app,
        [
            "eval",
            str(gold),
            "--pred",
            str(preds),
            "--corpus",
            str(ROOT / "data"),
            "--format",
            "json",
        ],
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["paragraphs"] == 5 and data["standalone_paragraphs"] == 0
    assert data["strict"]["tp"] >= 10 and data["strict"]["precision"] >= 0.8
    assert "IN_CONTACT_WITH" in data["by_relation"]
    assert data["bootstrap"] == {"draws": 1000, "seed": 13, "level": 0.95}
    table = CliRunner().invoke(
        app, ["eval", str(gold), "--pred", str(preds), "--corpus", str(ROOT / "data")]
    )
    assert table.exit_code == 0 and "linked pair" in table.output


def test_judge_marks_each_distinct_prediction():
    g = [gold_t("Elon Musk", "IN_CONTACT_WITH", "Vladimir Putin")]
    preds = {
        "p": [
            pred_t("Musk", "IN_CONTACT_WITH", "Putin"),
            pred_t("Putin", "IN_CONTACT_WITH", "Musk"),  # the same symmetric link again
            pred_t("Musk", "ASKED", "Putin"),
        ]
    }
    out = [(pid, t["relation"], ok) for pid, t, ok in judge([para("p", g)], preds)]
    assert out == [("p", "IN_CONTACT_WITH", True), ("p", "ASKED", False)]


def test_cli_eval_min_confidence(tmp_path):
    sample = ROOT / "data" / "samples" / "musk-putin.txt"
    text = sample.read_text(encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "".join(
            line + "\n"
            for line in (ROOT / "data" / "gold" / "dev.jsonl").read_text("utf-8").splitlines()
            if json.loads(line)["source"] == "samples/musk-putin.txt"
        ),
        encoding="utf-8",
    )
    first = load_gold(gold)[0]
    start = text.index(first.text)
    base = {
        "subject_type": "PERSON",
        "object_type": "PERSON",
        "doc_id": content_id(text),
        "char_start": start,
        "char_end": start + 10,
    }
    preds = tmp_path / "pred.jsonl"
    rows = [
        dict(base, subject="Elon Musk", relation="IN_CONTACT_WITH", object="Vladimir Putin"),
        dict(base, subject="Elon Musk", relation="ASKED", object="Vladimir Putin"),
    ]
    rows[0]["confidence"], rows[1]["confidence"] = 0.9, 0.4
    preds.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")

    def run(*extra):
        args = ["eval", str(gold), "--pred", str(preds), "--corpus", str(ROOT / "data")]
        return CliRunner().invoke(app, [*args, "--format", "json", "--draws", "0", *extra])

    everything, confident = run(), run("--min-confidence", "0.5")
    assert everything.exit_code == 0 and confident.exit_code == 0, everything.output
    assert json.loads(everything.output)["strict"]["predicted"] == 2
    strict = json.loads(confident.output)["strict"]
    assert strict["predicted"] == 1 and strict["tp"] == 1
    bad = run("--min-confidence", "1.5")
    assert bad.exit_code == 2 and "between 0 and 1" in bad.output


def test_cli_eval_bad_input(tmp_path):
    r = CliRunner().invoke(app, ["eval", str(tmp_path / "missing.jsonl"), "--pred", "x.jsonl"])
    assert r.exit_code == 2 and "cannot read gold file" in r.output
