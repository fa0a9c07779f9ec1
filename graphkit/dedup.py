"""Independent sources: near-duplicate and syndicated articles, found with MinHash + LSH.

The same wire story published under several URLs, lightly edited (a word changed, a sentence
dropped, another headline), must count once when we say how well a link is supported. Every
article gets a MinHash signature of its word 5-shingles (datasketch, 128 permutations, the
``affine32`` scheme, seed 1). Candidate pairs are the articles that share an LSH band (14 bands
of 9 rows: about 87 % of pairs at Jaccard 0.8 and 97 % at 0.85 become candidates); a candidate
pair is a near-duplicate when the Jaccard similarity estimated from the two signatures is at
least :data:`THRESHOLD` (0.8). Articles linked by near-duplicate pairs form a group (connected
components), whose id is the smallest doc id in it — so groups depend only on the set of
articles, never on the order they arrived in.

The store keeps each article's signature and band keys, so a new article is compared with the
band index (not with every article): grouping is incremental. An edge's ``weight`` counts
groups, not articles.

>>> a = " ".join(f"word{i}" for i in range(300))        # a 300-word article
>>> b = a.replace("word150", "changed")                 # one word edited: 5 of 296 shingles
>>> similarity(signature(a), signature(b)) >= THRESHOLD
True
>>> groups(["d3", "d1", "d2", "d4"], [("d3", "d1"), ("d2", "d3")])
{'d1': 'd1', 'd2': 'd1', 'd3': 'd1', 'd4': 'd4'}
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import numpy as np

__all__ = [
    "THRESHOLD",
    "SHINGLE",
    "NUM_PERM",
    "params",
    "shingles",
    "signature",
    "band_keys",
    "similarity",
    "groups",
]

SHINGLE = 5  # words per shingle
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
THRESHOLD = 0.8  # estimated Jaccard of word 5-shingles at or above which two articles are copies
_WEIGHTS = (0.1, 0.9)  # LSH tuning: missing a copy costs more than checking a candidate

_WORD = re.compile(r"\w+")


# LSH bands x rows: datasketch's optimum for THRESHOLD, NUM_PERM and _WEIGHTS (MinHashLSH(...).b
# and .r; a test checks they agree). Fixed here so opening a store does not import datasketch.
BANDS, ROWS = 14, 9


def _bands() -> tuple[int, int]:
    return BANDS, ROWS


def params() -> str:
    """A string naming every setting a stored signature depends on (stores compare it)."""
    b, r = _bands()
    return f"minhash {SCHEME} seed={SEED} perm={NUM_PERM} k={SHINGLE} t={THRESHOLD} b={b} r={r}"


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """The word ``k``-shingles of ``text`` (case-folded words; a shorter text is one shingle).

    >>> sorted(shingles("A b c", k=2))
    [b'a b', b'b c']
    """
    toks = _WORD.findall(text.casefold())
    if not toks:
        return set()
    if len(toks) <= k:
        return {" ".join(toks).encode("utf-8")}
    return {" ".join(toks[i : i + k]).encode("utf-8") for i in range(len(toks) - k + 1)}


def signature(text: str | None) -> bytes | None:
    """The MinHash signature of ``text`` as bytes (``NUM_PERM`` little-endian uint32), or None."""
    if not text:
        return None
    sh = shingles(text)
    if not sh:
        return None
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    m.update_batch(sorted(sh))
    return np.asarray(m.hashvalues, dtype="<u4").tobytes()


def _values(sig: bytes) -> np.ndarray:
    return np.frombuffer(sig, dtype="<u4")


def band_keys(sig: bytes) -> list[int]:
    """One signed 64-bit key per LSH band (the band's index is part of the key)."""
    b, r = _bands()
    out = []
    for i in range(b):
        h = hashlib.blake2b(
            sig[4 * r * i : 4 * r * (i + 1)], digest_size=8, person=b"gk-lsh%02d" % i
        )
        out.append(int.from_bytes(h.digest(), "little", signed=True))
    return out


def similarity(a: bytes, b: bytes) -> float:
    """Jaccard similarity estimated from two signatures (share of equal MinHash values)."""
    va, vb = _values(a), _values(b)
    if len(va) != len(vb) or not len(va):
        return 0.0
    return float(np.count_nonzero(va == vb)) / len(va)


def groups(nodes: Iterable[str], pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Connected components of ``pairs`` over ``nodes``: node → smallest node of its component."""
    parent: dict[str, str] = {n: n for n in nodes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        if a not in parent or b not in parent:
            continue
        ra, rb = find(a), find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            parent[rb] = ra
    return {n: find(n) for n in sorted(parent)}


def group_summaries(
    by_group: dict[str, list[dict]], sims: dict[tuple[str, str], float], min_size: int
) -> list[dict]:
    """The ``groups`` listing both stores print: one dict per group of ``min_size``+ articles.

    ``by_group`` maps a group id to its member articles (dicts with ``doc_id``), ``sims`` an
    ordered pair of doc ids to their recorded similarity. Groups come in id order, each with
    its size, the lowest similarity between two of its members (``None`` if none recorded)
    and its members.
    """
    out = []
    for g, arts in sorted(by_group.items()):
        if len(arts) < min_size:
            continue
        ids = [a["doc_id"] for a in arts]
        pairs = [sims[(a, b)] for a in ids for b in ids if (a, b) in sims]
        out.append(
            {
                "group": g,
                "articles": len(arts),
                "min_similarity": min(pairs) if pairs else None,
                "members": arts,
            }
        )
    return out
