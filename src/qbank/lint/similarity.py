"""Near-duplicate texts in sub-quadratic time: character shingles, MinHash and LSH banding.

Each text becomes its set of character 4-grams (CJK text has no spaces, so words are no
use), each shingle a 32-bit CRC of its UTF-8 bytes (deterministic, computed in C); the
similarity of two texts is the Jaccard similarity of these sets, and every candidate pair is
checked exactly, so nothing below the threshold is reported.

Candidates come from MinHash with LSH banding over each text's *informative* shingles: those
in at most 64 texts, so boilerplate that many questions share ("which of the following", a
template's wording) neither makes unrelated questions collide nor costs quadratic time; a
text with fewer than 4 informative shingles keeps all of them, and its bands are 8 rows wide
(it resembles many texts, so it needs a longer key to stay selective). The hashes are mixed
by a seeded multiplication (a fixed permutation, so runs are reproducible); one-permutation
hashing spreads them over 64 bins by their top bits and keeps the smallest of each (an
empty bin borrows from the next one, "densification"). Texts that agree on all 4 rows of
one of the 16 bands share a bucket; an oversized bucket is split by further rows. Identical
texts are paired directly.

For two texts whose informative shingles have similarity J the chance of becoming a
candidate is 1 - (1 - J^4)^16: 0.93 at J = 0.6, 0.9998 at J = 0.8. The work grows with n and
the number of candidates, not with n squared.
"""

from __future__ import annotations

import random
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import combinations, filterfalse, repeat
from operator import and_, mul
from zlib import crc32

SHINGLE = 4
"""Characters per shingle."""
BANDS = 16
ROWS = 4
MASK = (1 << 63) - 1
"""Mixed hashes have 63 bits, so a densified value (+ at most 64) still fits 64 bits."""
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


def _signature(values: list[int], bits: int) -> tuple[int, ...]:
    """Minimum per bin (the top `bits` of 63) of ascending values, empty bins densified.

    An empty bin takes the value of the next non-empty bin (circularly) plus its distance.
    """
    bins, shift = 1 << bits, 63 - bits
    mins = {value >> shift: value for value in reversed(values)}  # the smallest is set last
    if len(mins) == bins:
        return tuple(map(mins.__getitem__, range(bins)))
    filled = sorted(mins)
    out: list[int] = []
    previous = filled[-1] - bins
    for slot in filled:  # the empty run before each filled slot counts down to its value
        value = mins[slot]
        out.extend(range(value + slot - previous - 1, value, -1))
        out.append(value)
        previous = slot
    turn = -(filled[-1] + 1) % bins  # out starts at the slot after the last filled one
    return tuple(out[turn:] + out[:turn])


def hashes(text: str, k: int = SHINGLE) -> list[int]:
    """The sorted, distinct 32-bit hashes of a text's shingles."""
    return sorted(set(map(crc32, map(str.encode, shingles(text, k)))))


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
    multiplier = random.Random(seed).getrandbits(64) | 1
    bits = max(1, (bands * rows - 1).bit_length())
    first: dict[str, int] = {}
    found: list[tuple[int, int, float]] = []
    sets: list[array[int]] = []
    empty: array[int] = array("L")
    frequency: Counter[int] = Counter()
    for j, text in enumerate(texts):
        earlier = first.setdefault(text, j)
        if earlier != j:
            found.append((earlier, j, 1.0))
            sets.append(empty)
            continue
        values = hashes(text, k)
        sets.append(array("L", values))
        frequency.update(values)
    del first
    common = {value for value, count in frequency.items() if count > COMMON}
    del frequency
    signatures: list[array[int]] = []
    buckets: list[dict[int, list[int]]] = [{} for _ in range(bands)]
    for j, stored in enumerate(sets):
        if not stored:
            signatures.append(empty)
            continue
        informative: Sequence[int] = stored
        width = rows
        if common:
            rare = list(filterfalse(common.__contains__, stored))
            if len(rare) >= MIN_INFORMATIVE:
                informative = rare
            else:  # mostly boilerplate: similar to many texts, so bands of twice the rows
                width = 2 * rows
        mixed = sorted(map(and_, map(mul, informative, repeat(multiplier)), repeat(MASK)))
        signature = _signature(mixed, bits)
        signatures.append(array("Q", signature))
        for band in range(len(signature) // width):
            key = hash((width, *signature[band * width : (band + 1) * width]))
            buckets[band].setdefault(key, []).append(j)
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
