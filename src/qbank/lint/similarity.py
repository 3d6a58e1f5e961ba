"""Near-duplicate texts in sub-quadratic time: character shingles, MinHash and LSH banding.

Each text becomes its set of character 4-grams (CJK text has no spaces, so words are no
use); the similarity of two texts is the Jaccard similarity of these sets, and every pair
reported is checked exactly, so nothing below the threshold is reported.

Candidates come from MinHash with LSH banding over each text's *informative* shingles: those
in at most 64 texts, so boilerplate that many questions share ("which of the following", a
template's wording) neither makes unrelated questions collide nor costs quadratic time; a
text with fewer than 4 informative shingles keeps all of them. Every distinct shingle gets
a random 62-bit value (seeded, assigned in a fixed order, so runs are reproducible);
one-permutation hashing spreads a text's values
over 64 bins and keeps the smallest of each (an empty bin borrows from the next one,
"densification"). Texts that agree on all 4 rows of one of the 16 bands share a bucket;
an oversized bucket is split by further rows. Identical texts are paired directly.

For two texts whose informative shingles have similarity J the chance of becoming a
candidate is 1 - (1 - J^4)^16: 0.93 at J = 0.6, 0.9998 at J = 0.8. The work grows with n and
the number of candidates, not with n squared.
"""

from __future__ import annotations

import random
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import combinations

SHINGLE = 4
"""Characters per shingle."""
BANDS = 16
ROWS = 4
BINS = 64
"""Bins of one round of one-permutation hashing; rounds = BANDS * ROWS / BINS."""
COMMON = 64
"""A shingle in more than this many texts is boilerplate (a fixed number, so buckets stay small)."""
MIN_INFORMATIVE = 4


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
    """Minimum per bin (`(value >> shift) % bins`) of ascending values, empty bins densified.

    An empty bin takes the value of the next non-empty bin (circularly) plus its distance.
    """
    mins = {(value >> shift) % bins: value for value in reversed(values)}  # smallest set last
    if len(mins) == bins:
        return tuple(map(mins.__getitem__, range(bins)))
    first = min(mins)
    carry, carry_slot = mins[first], first + bins
    out = [0] * bins
    for slot in range(bins - 1, -1, -1):
        value = mins.get(slot)
        if value is None:
            out[slot] = carry + carry_slot - slot
        else:
            out[slot] = carry = value
            carry_slot = slot
    return tuple(out)


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

    Never reports a pair below the threshold; finds a pair with probability about
    1 - (1 - J^rows)^bands (see the module docstring). Copies of one text are paired with
    its first occurrence only (so many copies stay linear). Pairs come out sorted.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    rng = random.Random(seed)
    first: dict[str, int] = {}
    frequency: Counter[str] = Counter()
    for j, text in enumerate(texts):
        if first.setdefault(text, j) == j:
            frequency.update(shingles(text, k))
    common = {gram for gram, count in frequency.items() if count > COMMON}
    del frequency
    table: dict[str, int] = {}  # shingle -> random 62-bit value, assigned in a fixed order
    found: list[tuple[int, int, float]] = []
    sets: list[array[int]] = []
    signatures: list[array[int]] = []
    empty: array[int] = array("q")
    rounds = -(-bands * rows // BINS)
    shift = (BINS - 1).bit_length()
    buckets: list[dict[int, list[int]]] = [{} for _ in range(bands)]
    for j, text in enumerate(texts):
        earlier = first[text]
        if earlier != j:
            found.append((earlier, j, 1.0))
            sets.append(empty)
            signatures.append(empty)
            continue
        grams = shingles(text, k)
        for gram in sorted(grams.difference(table)):
            table[gram] = rng.getrandbits(62)
        values = sorted(map(table.__getitem__, grams))
        sets.append(array("q", values))
        if not values:
            signatures.append(empty)
            continue
        informative = grams.difference(common) if common else grams
        if len(informative) >= MIN_INFORMATIVE and len(informative) < len(grams):
            values = sorted(map(table.__getitem__, informative))
        signature: tuple[int, ...] = ()
        for r in range(rounds):
            signature += _signature(values, BINS, r * shift)
        signatures.append(array("q", signature))
        for band, bucket in enumerate(buckets):
            bucket.setdefault(hash(signature[band * rows : (band + 1) * rows]), []).append(j)
    del table, first
    n = len(texts)
    candidates: set[int] = set()
    for band, bucket in enumerate(buckets):
        for members in bucket.values():
            if len(members) > 1:
                for group in _split(members, band, 1, signatures, bands, rows):
                    candidates.update(j * n + i for i, j in combinations(group, 2))
        bucket.clear()
    del buckets, signatures
    cached = -1
    mine: set[int] = set()
    for pair in sorted(candidates):  # by later text, then earlier
        j, i = divmod(pair, n)
        a, b = sets[i], sets[j]
        if min(len(a), len(b)) < threshold * max(len(a), len(b)):
            continue
        if cached != j:
            mine, cached = set(b), j
        shared = len(mine.intersection(a))
        similarity = shared / (len(a) + len(b) - shared)
        if similarity >= threshold:
            found.append((i, j, similarity))
    found.sort(key=lambda p: (p[1], p[0]))
    yield from found


BUCKET_LIMIT = 16
"""A bucket larger than this is split by the rows of the following bands (see `_split`)."""


def _split(
    members: list[int],
    band: int,
    depth: int,
    signatures: list[array[int]],
    bands: int,
    rows: int,
) -> Iterator[list[int]]:
    """Groups of a bucket small enough to compare pairwise.

    Banks written from templates share so many shingles that a band's key can be common to
    thousands of unrelated questions; comparing all of them would be quadratic. Such a bucket
    is split by the rows of the next band too (a longer key, so only texts that agree on
    more of their signature stay together), and again, until groups are small. Texts that
    agree on every row of every band are near-certain copies: each is compared with the
    first of them only.
    """
    if len(members) <= BUCKET_LIMIT:
        yield members
        return
    if depth >= bands:  # alike on every row: compare each with the first only (linear)
        for member in members[1:]:
            yield [members[0], member]
        return
    other = (band + depth) % bands
    start, stop = other * rows, (other + 1) * rows
    groups: dict[tuple[int, ...], list[int]] = {}
    for member in members:
        groups.setdefault(tuple(signatures[member][start:stop]), []).append(member)
    for group in groups.values():
        if len(group) > 1:
            yield from _split(group, band, depth + 1, signatures, bands, rows)
