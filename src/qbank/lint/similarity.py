"""Near-duplicate texts in sub-quadratic time: character shingles, MinHash and LSH banding.

Each text becomes its set of character 4-grams (CJK text has no spaces, so words are no
use). Every distinct shingle gets a random 62-bit value (seeded and assigned in a fixed
order, so runs are reproducible). A text's MinHash signature comes from one-permutation
hashing: the values are spread over 64 bins by their low bits and the smallest value of each
bin is kept (an empty bin borrows from the next one, "densification"), then again binned by
the next six bits, giving 128 minima. Texts whose
signatures agree on all 8 rows of one of the 16 bands share a bucket and become candidates;
each candidate pair is checked with the exact Jaccard similarity of the shingle sets, so
nothing below the threshold is reported. Identical texts are paired directly. The work
grows with n and the number of candidates, not with n squared.

A pair with similarity J is found with probability 1 - (1 - J^8)^16: 0.95 at J = 0.8,
0.994 at 0.85, 0.9999 at 0.9.
"""

from __future__ import annotations

import random
from array import array
from collections.abc import Iterator, Sequence
from itertools import combinations

SHINGLE = 4
"""Characters per shingle."""
BANDS = 16
ROWS = 8
BINS = 64
"""Bins of one round of one-permutation hashing; rounds = BANDS * ROWS / BINS."""


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """The set of character k-grams of a text (the whole text when shorter than k)."""
    if len(text) <= k:
        return {text} if text else set()
    return {text[i : i + k] for i in range(len(text) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    """Jaccard similarity of two sets (1.0 for two empty sets)."""
    if not a and not b:
        return 1.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


def _signature(values: list[int], bins: int, shift: int) -> tuple[int, ...]:
    """Minimum per bin (`(value >> shift) % bins`) of ascending values, empty bins densified."""
    mins = {(value >> shift) % bins: value for value in reversed(values)}  # smallest set last
    if len(mins) < bins:  # densify: an empty bin takes the next non-empty bin's value
        for slot in range(bins):
            if slot not in mins:
                step = 1
                while (slot + step) % bins not in mins:
                    step += 1
                mins[slot] = mins[(slot + step) % bins] + step
    return tuple(map(mins.__getitem__, range(bins)))


def similar_pairs(
    texts: Sequence[str],
    threshold: float,
    *,
    k: int = SHINGLE,
    bands: int = BANDS,
    rows: int = ROWS,
    seed: int = 0,
) -> Iterator[tuple[int, int, float]]:
    """(earlier index, later index, Jaccard similarity) of pairs at or above `threshold`.

    Never reports a pair below the threshold; finds a pair with probability
    1 - (1 - J^rows)^bands (see the module docstring). Copies of one text are paired with
    its first occurrence only (so many copies stay linear). Pairs come out sorted.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    rng = random.Random(seed)
    table: dict[str, int] = {}  # shingle -> random 62-bit value, assigned in a fixed order
    first: dict[str, int] = {}
    found: list[tuple[int, int, float]] = []
    sets: list[array[int]] = []
    empty: array[int] = array("q")
    rounds = -(-bands * rows // BINS)
    shift = (BINS - 1).bit_length()
    buckets: list[dict[tuple[int, ...], list[int]]] = [{} for _ in range(bands)]
    for j, text in enumerate(texts):
        earlier = first.setdefault(text, j)
        if earlier != j:
            found.append((earlier, j, 1.0))
            sets.append(empty)
            continue
        grams = shingles(text, k)
        new = grams.difference(table)
        for gram in sorted(new):
            table[gram] = rng.getrandbits(62)
        values = sorted(map(table.__getitem__, grams))
        sets.append(array("q", values))
        if not values:
            continue
        signature: tuple[int, ...] = ()
        for r in range(rounds):
            signature += _signature(values, BINS, r * shift)
        for band, bucket in enumerate(buckets):
            bucket.setdefault(signature[band * rows : (band + 1) * rows], []).append(j)
    del table, first
    candidates: set[tuple[int, int]] = set()
    for bucket in buckets:
        for members in bucket.values():
            if len(members) > 1:
                candidates.update(combinations(members, 2))
    del buckets
    cached = -1
    mine: set[int] = set()
    for i, j in sorted(candidates, key=lambda p: (p[1], p[0])):
        a, b = sets[i], sets[j]
        if min(len(a), len(b)) < threshold * max(len(a), len(b)):
            continue
        if cached != j:
            mine, cached = set(b), j
        common = len(mine.intersection(a))
        similarity = common / (len(a) + len(b) - common)
        if similarity >= threshold:
            found.append((i, j, similarity))
    found.sort(key=lambda p: (p[1], p[0]))
    yield from found
