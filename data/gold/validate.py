#!/usr/bin/env python3
"""Validate the graphkit gold set (stdlib only).

Usage: python3 data/gold/validate.py [--corpus DIR] [--sample FILE]
Checks every line of dev.jsonl and heldout.jsonl: schema, verbatim paragraph
text (exact block of the source file at the block index in the id), evidence
substrings, entity/relation vocabularies, duplicate triples, id uniqueness and
the article-level split.  Prints counts; exits 1 on any error.
"""
import argparse, collections, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
RELATIONS = {"IN_CONTACT_WITH", "MET_WITH", "ASKED", "TOLD", "SUPPORTS", "OPPOSES", "CRITICIZED",
             "ACCUSED", "FUNDED", "EMPLOYEE_OF", "SPOKESPERSON_FOR", "LEADER_OF", "MEMBER_OF",
             "FOUNDER_OF", "OWNER_OF", "BASED_IN", "CITIZEN_OF", "PROVIDED_TO", "NEGOTIATED_WITH",
             "ALLIED_WITH", "MARRIED_TO", "RELATIVE_OF", "INTERVIEWED", "KILLED", "ARRESTED",
             "RESCUED", "RELATED_TO"}
SYMMETRIC = {"IN_CONTACT_WITH", "MET_WITH", "NEGOTIATED_WITH", "ALLIED_WITH", "MARRIED_TO", "RELATIVE_OF"}
TYPES = {"PERSON", "ORG", "GPE"}
REC_KEYS = ["id", "source", "source_url", "licence", "article_context", "text", "triples"]
TRIPLE_KEYS = ["subject", "subject_type", "relation", "object", "object_type", "predicate",
               "attributed_to", "negated", "denied_by", "evidence"]
SPLITS = ["dev", "heldout"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="/work/shared/corpus/wikinews")
    ap.add_argument("--sample", default="/work/shared/samples/musk-putin.txt")
    args = ap.parse_args()
    errors = []
    index = {d["file"]: d for d in json.load(open(os.path.join(args.corpus, "index.json"), encoding="utf-8"))}
    seen_ids, article_split = set(), {}
    stats = {}
    for split in SPLITS:
        path = os.path.join(HERE, split + ".jsonl")
        st = stats[split] = {"paragraphs": 0, "triples": 0, "empty": 0, "articles": set(),
                             "rel": collections.Counter(), "attributed": 0, "negated": 0, "denied": 0}
        for ln, line in enumerate(open(path, encoding="utf-8"), 1):
            where = f"{split}.jsonl:{ln}"
            def err(msg):
                errors.append(f"{where}: {msg}")
            try:
                r = json.loads(line)
            except ValueError as e:
                err(f"bad JSON: {e}"); continue
            if list(r.keys()) != REC_KEYS:
                err(f"record keys {list(r.keys())} != {REC_KEYS}"); continue
            m = re.fullmatch(r"(.+)-p(\d+)", r["id"] or "")
            if not m:
                err(f"bad id {r['id']!r}"); continue
            stem, bi = m.group(1), int(m.group(2))
            if r["id"] in seen_ids:
                err(f"duplicate id {r['id']}")
            seen_ids.add(r["id"])
            # source, licence, verbatim text
            if stem == "musk-putin":
                exp_src, exp_lic, exp_url = "samples/musk-putin.txt", "user sample", None
                full = open(args.sample, encoding="utf-8").read()
                blocks = full.split("\n")
            else:
                fn = stem + ".txt"
                if fn not in index:
                    err(f"unknown article {fn}"); continue
                exp_src, exp_lic, exp_url = f"wikinews/{fn}", "CC BY 2.5 Wikinews", index[fn]["source_url"]
                full = open(os.path.join(args.corpus, fn), encoding="utf-8").read()
                blocks = full.split("\n\n")
                # block 0 is the headline, block 1 the dateline; a dateline block is only
                # allowed when article text is glued onto it (flag.txt p1)
                if bi == 0 or (bi == 1 and bi < len(blocks) and len(blocks[bi]) < 80):
                    err("headline/dateline block must not be annotated")
            if r["source"] != exp_src: err(f"source {r['source']!r} != {exp_src!r}")
            if r["licence"] != exp_lic: err(f"licence {r['licence']!r} != {exp_lic!r}")
            if r["source_url"] != exp_url: err(f"source_url {r['source_url']!r} != {exp_url!r}")
            text = r["text"]
            if not isinstance(text, str) or not text.strip():
                err("empty text"); continue
            if text not in full: err("text not found verbatim in source file")
            if bi >= len(blocks) or blocks[bi].strip("\n") != text:
                err(f"text is not block {bi} of {exp_src}")
            if not isinstance(r["article_context"], dict) or not all(
                    isinstance(k, str) and isinstance(v, str) for k, v in r["article_context"].items()):
                err("article_context must be a dict of str -> str")
            prev = article_split.setdefault(stem, split)
            if prev != split: err(f"article {stem} appears in both {prev} and {split}")
            if stem == "musk-putin" and split != "dev": err("musk-putin must be in dev")
            if not isinstance(r["triples"], list):
                err("triples must be a list"); continue
            keys = set()
            for ti, t in enumerate(r["triples"]):
                tw = f"triple {ti}"
                if not isinstance(t, dict) or list(t.keys()) != TRIPLE_KEYS:
                    err(f"{tw}: keys {list(t) if isinstance(t, dict) else t} != {TRIPLE_KEYS}"); continue
                for k in ("subject", "object", "predicate", "evidence"):
                    if not isinstance(t[k], str) or not t[k].strip() or t[k] != t[k].strip():
                        err(f"{tw}: {k} must be a non-empty trimmed string")
                if t["subject_type"] not in TYPES: err(f"{tw}: subject_type {t['subject_type']!r}")
                if t["object_type"] not in TYPES: err(f"{tw}: object_type {t['object_type']!r}")
                if t["relation"] not in RELATIONS: err(f"{tw}: relation {t['relation']!r} not in vocabulary")
                if not isinstance(t["negated"], bool): err(f"{tw}: negated must be bool")
                for k in ("attributed_to", "denied_by"):
                    if t[k] is not None and (not isinstance(t[k], str) or not t[k].strip()):
                        err(f"{tw}: {k} must be null or non-empty string")
                if isinstance(t["evidence"], str) and t["evidence"] not in text:
                    err(f"{tw}: evidence not in text: {t['evidence']!r}")
                if isinstance(t["subject"], str) and isinstance(t["object"], str):
                    if t["subject"].lower() == t["object"].lower(): err(f"{tw}: subject == object")
                    pair = (t["subject"].lower(), t["object"].lower())
                    if t["relation"] in SYMMETRIC: pair = tuple(sorted(pair))
                    key = (pair, t["relation"], t["predicate"])
                    if key in keys: err(f"{tw}: duplicate triple {key}")
                    keys.add(key)
                if t["relation"] == "RELATED_TO" and not t["predicate"]:
                    err(f"{tw}: RELATED_TO needs a predicate")
                st["rel"][t["relation"]] += 1
                st["attributed"] += t["attributed_to"] is not None
                st["negated"] += t["negated"] is True
                st["denied"] += t["denied_by"] is not None
            st["paragraphs"] += 1
            st["triples"] += len(r["triples"])
            st["empty"] += not r["triples"]
            st["articles"].add(stem)

    for split in SPLITS:
        st = stats[split]
        print(f"== {split}: {st['paragraphs']} paragraphs ({st['empty']} with no links), "
              f"{st['triples']} triples, {len(st['articles'])} articles: {', '.join(sorted(st['articles']))}")
        print(f"   attributed_to set: {st['attributed']}, negated: {st['negated']}, denied_by set: {st['denied']}")
        for rel, n in sorted(st["rel"].items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"   {rel:17s} {n}")
    tot_p = sum(s["paragraphs"] for s in stats.values())
    tot_t = sum(s["triples"] for s in stats.values())
    print(f"== total: {tot_p} paragraphs, {tot_t} triples")
    if errors:
        print(f"\n{len(errors)} ERROR(S):")
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
