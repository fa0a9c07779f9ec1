"""File exports for other tools: GraphML, GEXF (Gephi), CSV and triples JSONL."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx

from graphkit.errors import InputError


def _flat(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with only scalar attributes (GraphML/GEXF cannot hold lists or dicts)."""
    F = nx.MultiDiGraph()
    for n, d in G.nodes(data=True):
        F.add_node(
            n,
            label=d.get("name", n),
            type=d.get("type", ""),
            aliases="; ".join(d.get("aliases", [])),
            articles=int(d.get("articles", 0)),
            mentions=int(d.get("mentions", 0)),
        )
    for s, t, k, d in G.edges(keys=True, data=True):
        ev = d.get("evidence", [])
        F.add_edge(
            s,
            t,
            key=k,
            relation=k,
            label=k,
            weight=int(d.get("weight", 1)),
            evidence=len(ev),
            predicates="; ".join(d.get("predicates", [])),
            contested=bool(d.get("contested")),
            denied_by="; ".join(d.get("denied_by", [])),
            first_seen=d.get("first_seen") or "",
            last_seen=d.get("last_seen") or "",
            sentence=ev[0]["sentence"] if ev else "",
        )
    return F


def write_export(kind: str, G: nx.MultiDiGraph, out: str | Path) -> list[Path]:
    out = Path(out)
    if kind in ("graphml", "gexf", "jsonl"):
        out.parent.mkdir(parents=True, exist_ok=True)
    if kind == "graphml":
        nx.write_graphml(_flat(G), out, encoding="utf-8")
        return [out]
    if kind == "gexf":
        nx.write_gexf(_flat(G), out, encoding="utf-8")
        return [out]
    if kind == "csv":
        out.mkdir(parents=True, exist_ok=True)
        F = _flat(G)
        nodes, edges = out / "nodes.csv", out / "edges.csv"
        with open(nodes, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["key", "name", "type", "aliases", "articles", "mentions"])
            for n, d in sorted(F.nodes(data=True)):
                w.writerow([n, d["label"], d["type"], d["aliases"], d["articles"], d["mentions"]])
        with open(edges, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            cols = [
                "weight",
                "evidence",
                "predicates",
                "contested",
                "denied_by",
                "first_seen",
                "last_seen",
                "sentence",
            ]
            w.writerow(["source", "relation", "target", *cols])
            for s, t, k, d in sorted(
                F.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])
            ):
                w.writerow([s, k, t, *(d[c] for c in cols)])
        return [nodes, edges]
    if kind == "jsonl":
        with open(out, "w", encoding="utf-8") as fh:
            for s, t, k, d in sorted(
                G.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])
            ):
                for ev in d.get("evidence", []):
                    row = {
                        "subject": ev.get("subject") or G.nodes[s].get("name"),
                        "subject_type": G.nodes[s].get("type"),
                        "relation": k,
                        "predicate": ev.get("predicate"),
                        "object": ev.get("object") or G.nodes[t].get("name"),
                        "object_type": G.nodes[t].get("type"),
                        **{
                            f: ev.get(f)
                            for f in (
                                "doc_id",
                                "path",
                                "title",
                                "url",
                                "publisher",
                                "published",
                                "sentence",
                                "char_start",
                                "char_end",
                                "attributed_to",
                                "negated",
                                "denied_by",
                                "confidence",
                                "extractor",
                                "event_time",
                                "event_date",
                            )
                        },
                    }
                    row["external_id"] = None
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        return [out]
    raise InputError(f"unknown export format {kind!r}")
