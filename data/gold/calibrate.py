#!/usr/bin/env python3
"""Count how often each (rule, relation) cell of graphkit's extractor is right on gold sets.

Usage: python data/gold/calibrate.py GOLD.jsonl[:CORPUS_DIR] ... [-o OUT.tsv]

Prints (or writes) the ``rule, relation, correct, judged`` table that
``graphkit/data/confidence.tsv`` holds and ``graphkit.config.Calibration`` turns into the
``confidence`` of every triple. A predicted link is correct when the gold paragraph its
evidence lies in has it under the strict key of ``graphkit eval`` (names alias-aware, type,
negation and denial exact).

Run it only on gold sets the rules were never developed on, with the code of the day: the
counts must say how the rules do on news they have not seen. A set that has been studied to
write rules makes its cells look better than they are on new text (the development sets of
rounds 5 to 8 score about 0.9; the same code scores about 0.7 on fresh sets).

The shipped table pools the first scoring of blind sets G to AA, each on the code before any
rule was written from it (G-L on ab9dea3, M-O on 34fa71c, P-R on 9ba2bab, S-U on 7d00592, V-AA
on cbed169); add the counts of several runs with ``--add``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from graphkit.config import load_confidence
from graphkit.evaluate import assign, judge, load_gold, locate_sources
from graphkit.model import content_id
from graphkit.nlp import load_pipeline

HEADER = "# rule\trelation\tcorrect\tjudged"


def counts_for(nlp, gold: Path, corpus: Path | None) -> Counter:
    """Judged links of one gold file, counted per (rule, relation, correct)."""
    paragraphs = load_gold(gold)
    roots = [r for r in (corpus, gold.parent, gold.parent.parent) if r is not None]
    texts = locate_sources(paragraphs, roots)
    docs = {content_id(text): text for text in texts.values()}
    docs.update({content_id(p.text): p.text for p in paragraphs if p.start is None})
    triples = []
    for doc_id, doc in zip(docs, nlp.pipe(docs.values())):
        triples += [dict(t, doc_id=doc_id) for t in doc._.triples or ()]
    out: Counter = Counter()
    for _pid, t, ok in judge(paragraphs, assign(paragraphs, triples)):
        out[(t.get("rule", "?"), t["relation"], ok)] += 1
    return out


def read_table(path: Path) -> Counter:
    """A table's counts, read (and checked) as the extractor reads it."""
    out: Counter = Counter()
    for (rule, rel), (correct, judged) in load_confidence(path).counts.items():
        out[(rule, rel, True)] += correct
        out[(rule, rel, False)] += judged - correct
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="+", help="GOLD.jsonl or GOLD.jsonl:CORPUS_DIR")
    ap.add_argument("-o", "--output", help="write the table here (default: stdout)")
    ap.add_argument("--add", action="append", default=[], help="a table whose counts to add")
    args = ap.parse_args(argv)
    nlp = load_pipeline()
    total: Counter = Counter()
    for extra in args.add:
        total.update(read_table(Path(extra)))
    for spec in args.gold:
        gold, _, corpus = spec.partition(":")
        c = counts_for(nlp, Path(gold), Path(corpus) if corpus else None)
        right = sum(v for k, v in c.items() if k[2])
        print(f"{gold}: {right}/{sum(c.values())} correct", file=sys.stderr)
        total.update(c)
    cells = sorted({(rule, rel) for rule, rel, _ in total})
    rows = [
        (rule, rel, total[(rule, rel, True)], total[(rule, rel, True)] + total[(rule, rel, False)])
        for rule, rel in cells
    ]
    rows.sort(key=lambda r: (r[0], -r[3], r[1]))
    lines = [HEADER, *(f"{a}\t{b}\t{c}\t{d}" for a, b, c, d in rows)]
    text = "\n".join(lines) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
