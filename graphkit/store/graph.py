"""Building the NetworkX view of a store, the same way for every backend.

Nodes are entity keys; edges of the :class:`networkx.MultiDiGraph` are keyed by relation type
(one edge per subject key, relation, object key) and carry:

``evidence``   list of evidence dicts (sentence, offsets, article metadata, attribution …,
               ``group`` and ``copies``: how many articles of that group support the edge),
               sorted by (published, doc_id, char_start);
``weight``     number of independent sources (article groups: syndicated copies count once);
``articles``   number of distinct articles;
``event_dates`` sorted normalised event dates/intervals the evidence gives (may be empty);
``predicates`` sorted surface predicates;
``first_seen`` / ``last_seen``  earliest / latest publication date among the evidence;
``contested``  True when any evidence is negated or denied; ``denied_by`` who denies it.

Symmetric relation types are stored with the smaller key first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

EVIDENCE_KEYS = (
    "doc_id",
    "sentence",
    "char_start",
    "char_end",
    "predicate",
    "subject",
    "object",
    "path",
    "title",
    "url",
    "publisher",
    "published",
    "attributed_to",
    "negated",
    "denied_by",
    "confidence",
    "extractor",
    "event_time",
    "event_date",
    "group",
)


def evidence_sort_key(ev: dict) -> tuple:
    return (ev.get("published") or "", ev["doc_id"], ev["char_start"], ev.get("predicate") or "")


def edge_id(source: str, relation: str, target: str) -> str:
    return f"{source}|{relation}|{target}"


def group_edges(
    rows: Iterable[dict], symmetric: frozenset[str]
) -> dict[tuple[str, str, str], list[dict]]:
    """Evidence rows (with ``subj_key``/``obj_key``) grouped into edges."""
    edges: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for r in rows:
        s, o = r["subj_key"], r["obj_key"]
        if s == o:
            continue  # a merge can make both ends one entity; such evidence is kept, not drawn
        subj_name, obj_name = r.get("subject"), r.get("object")
        if r["relation"] in symmetric and o < s:
            s, o = o, s
            subj_name, obj_name = obj_name, subj_name
        ev = {k: r.get(k) for k in EVIDENCE_KEYS}
        ev["subject"], ev["object"] = subj_name, obj_name
        ev["negated"] = bool(ev["negated"])
        ev["group"] = ev.get("group") or ev["doc_id"]
        edges[(s, r["relation"], o)].append(ev)
    return edges


def edge_attrs(evidence: list[dict]) -> dict:
    evidence.sort(key=evidence_sort_key)
    members: dict[str, set[str]] = defaultdict(set)
    for e in evidence:
        members[e.get("group") or e["doc_id"]].add(e["doc_id"])
    for e in evidence:  # articles of this evidence's group that support the edge (1 = no copy)
        e["copies"] = len(members[e.get("group") or e["doc_id"]])
    dates = [e["published"] for e in evidence if e.get("published")]
    deniers = sorted({e["denied_by"] for e in evidence if e.get("denied_by")})
    return {
        "evidence": evidence,
        "weight": len(members),
        "articles": len({e["doc_id"] for e in evidence}),
        "predicates": sorted({e["predicate"] for e in evidence if e.get("predicate")}),
        "first_seen": min(dates) if dates else None,
        "last_seen": max(dates) if dates else None,
        "contested": any(e["negated"] or e.get("denied_by") for e in evidence),
        "denied_by": deniers,
        "negated": any(e["negated"] for e in evidence),
        "confidence": max((e.get("confidence") or 0.0) for e in evidence),
        "event_dates": sorted({e["event_date"] for e in evidence if e.get("event_date")}),
    }


def build_graph(
    entities: Iterable[dict], rows: Iterable[dict], symmetric: frozenset[str]
) -> nx.MultiDiGraph:
    """A MultiDiGraph from entity dicts (key, name, type, aliases, …) and evidence rows."""
    G = nx.MultiDiGraph()
    for e in entities:
        G.add_node(e["key"], **{k: v for k, v in e.items() if k != "key"})
    for (s, rel, o), evidence in sorted(group_edges(rows, symmetric).items()):
        for n in (s, o):
            if n not in G:
                G.add_node(
                    n,
                    name=n.split(":", 1)[-1],
                    type=n.split(":", 1)[0],
                    aliases=[],
                    articles=0,
                    mentions=0,
                )
        G.add_edge(s, o, key=rel, relation=rel, symmetric=rel in symmetric, **edge_attrs(evidence))
    return G


def edges_as_dicts(G: nx.MultiDiGraph) -> list[dict]:
    """Plain, sorted edge records (for parity tests and exports)."""
    out = []
    for s, o, rel, data in G.edges(keys=True, data=True):
        out.append(
            {
                "source": s,
                "relation": rel,
                "target": o,
                **{k: v for k, v in data.items() if k != "relation"},
                "evidence": list(data.get("evidence", [])),
            }
        )
    out.sort(key=lambda e: (e["source"], e["relation"], e["target"]))
    return out
