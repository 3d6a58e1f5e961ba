"""Near-duplicate texts in sub-quadratic time: character shingles, MinHash and LSH banding.

Each text becomes its set of character 4-grams (CJK text has no spaces, so words are no
use); the similarity of two texts is the Jaccard similarity of these sets, and every
candidate pair is checked exactly, so nothing below the threshold is reported.

A 4-gram is taken as the 64-bit integer of its four UTF-16 code units: reading a text's
UTF-16 bytes as 64-bit words at the offsets 0, 2, 4 and 6 gives every 4-gram of the text in
C, exactly (no hash collisions), without a Python object per shingle until they are counted.

Candidates come from MinHash with LSH banding over each text's *informative* shingles: those
that occur at most 64 times in the bank, so boilerplate that many questions share ("which of
the following", a template's wording) neither makes unrelated questions collide nor costs
quadratic time; a text with fewer than 4 informative shingles keeps all of them, and its
bands are 8 rows wide (it resembles many texts, so it needs a longer key to stay selective).
The shingles are mixed into 30-bit hashes by a seeded multiply-shift (reproducible runs;
small integers are cheap to sort); one-permutation hashing spreads them over 64 bins by their
top bits and keeps the smallest of each (an empty bin borrows from the next one,
"densification"). A band's rows are bins 16 apart (0, 16, 32, 48 for the first band), not
neighbours: a densified run fills neighbouring bins from one shingle, so neighbouring rows
would agree together and make a band as loose as a single row. Texts that agree on every
row of one of the 16 bands share a bucket; an oversized bucket is split by further rows.
Identical texts are paired directly.

For two texts whose informative shingles have similarity J the chance of becoming a
candidate is about 1 - (1 - J^4)^16: 0.93 at J = 0.6, 0.9998 at J = 0.8. The work grows with
n and the number of candidates, not with n squared.
"""

from __future__ import annotations

import random
import sys
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from hashlib import blake2b
from itertools import combinations, compress, filterfalse, repeat
from operator import and_, itemgetter, mul, rshift, xor
from typing import Any

SHINGLE = 4
"""Characters per shingle."""
BANDS = 16
ROWS = 4
HASH_BITS = 30
"""Bits of a mixed hash: Python stores and sorts integers below 2**30 fastest."""
COMMON = 64
"""A shingle that occurs more often than this is boilerplate (a fixed number, so buckets stay
small)."""
MIN_INFORMATIVE = 4
BUCKET_LIMIT = 16
"""A bucket larger than this is split by the rows of the following bands (see `_split`)."""
_M64 = (1 << 64) - 1
_BIG_ENDIAN = sys.byteorder == "big"


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


def shingle_values(text: str, k: int = SHINGLE) -> array[int]:
    """Every k-gram of a text (repeats kept) as a 64-bit integer; none when shorter than k.

    A 4-gram of Basic Multilingual Plane text is its UTF-16 code units, exactly; one with a
    character beyond it (a surrogate pair), or a k-gram for another k, is a 64-bit BLAKE2b
    hash of them. Equal shingles give equal values, so Jaccard similarities of these
    values are those of `shingles` (a text shorter than k shares no shingle with another text).
    """
    data = text.encode("utf-16-le")
    out: array[int] = array("Q")
    if k == SHINGLE and len(data) == 2 * len(text):
        view = memoryview(data)
        size = len(data)
        for start in (0, 2, 4, 6):  # the 8-byte words at these offsets are all the 4-grams
            out.frombytes(view[start : start + (size - start) // 8 * 8])
        if _BIG_ENDIAN:
            out.byteswap()
        return out
    for i in range(len(text) - k + 1):
        piece = text[i : i + k].encode("utf-16-le")
        if k != SHINGLE or len(piece) != 8:
            piece = blake2b(piece, digest_size=8).digest()
        out.append(int.from_bytes(piece, "little"))
    return out


def _mix(values: Sequence[int], multiplier: int) -> list[int]:
    """Seeded 30-bit hashes of 64-bit values, ascending: fold the top half in, multiply-shift."""
    folded = list(map(xor, values, map(rshift, values, repeat(32))))
    product = map(and_, map(mul, folded, repeat(multiplier)), repeat(_M64))
    return sorted(map(rshift, product, repeat(64 - HASH_BITS)))


def _signature(values: list[int], bits: int) -> tuple[int, ...]:
    """Minimum per bin (the top `bits` of HASH_BITS) of ascending values, empty bins densified.

    An empty bin takes the value of the next non-empty bin (circularly) plus its distance.
    """
    bins, shift = 1 << bits, HASH_BITS - bits
    descending = values[::-1]  # a later duplicate key wins, so the smallest is set last
    mins = dict(zip(map(rshift, descending, repeat(shift)), descending, strict=True))
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
    if bits > HASH_BITS - 8:
        raise ValueError("too many bands and rows")
    first: dict[str, int] = {}
    found: list[tuple[int, int, float]] = []
    stored: list[array[int]] = []
    empty: array[int] = array("Q")
    frequency: Counter[int] = Counter()
    for j, text in enumerate(texts):
        earlier = first.setdefault(text, j)
        if earlier != j:
            found.append((earlier, j, 1.0))
            stored.append(empty)
            continue
        values = shingle_values(text, k)
        stored.append(values)
        frequency.update(values)
    del first
    common = {value for value, count in frequency.items() if count > COMMON}
    del frequency
    signatures: list[array[int]] = []
    by_width: dict[int, list[int]] = {rows: [], 2 * rows: []}
    for j, values in enumerate(stored):
        if not values:
            signatures.append(empty)
            continue
        informative: Sequence[int] = values
        width = rows
        if common:
            rare = list(filterfalse(common.__contains__, values))
            if len(rare) >= MIN_INFORMATIVE:
                informative = rare
            else:  # mostly boilerplate: similar to many texts, so bands of twice the rows
                width = 2 * rows
        signatures.append(array("Q", _signature(_mix(informative, multiplier), bits)))
        by_width[width].append(j)
    n = len(texts)
    candidates: set[int] = set()
    for width, members in by_width.items():
        for group in _buckets(members, signatures, 1 << bits, width):
            candidates.update(j * n + i for i, j in combinations(group, 2))
    del signatures, by_width
    cached = -1
    mine: set[int] = set()
    sizes: dict[int, int] = {}
    for pair in sorted(candidates):  # by later text, then earlier
        j, i = divmod(pair, n)
        if cached != j:
            mine, cached = set(stored[j]), j
        size = sizes.get(i)
        if size is None:
            size = sizes[i] = len(set(stored[i]))
        if min(size, len(mine)) < threshold * max(size, len(mine)):
            continue
        shared = len(mine.intersection(stored[i]))
        similarity = shared / (size + len(mine) - shared)
        if similarity >= threshold:
            found.append((i, j, similarity))
    found.sort(key=lambda p: (p[1], p[0]))
    yield from found


def _buckets(
    members: list[int], signatures: list[array[int]], bins: int, width: int
) -> Iterator[list[int]]:
    """Groups of texts (ascending) that agree on every row of some band, each small."""
    count = bins // width
    # band b reads bins b, b + count, b + 2 * count, ...: rows far apart on the circle
    rows = [itemgetter(*range(band, bins, count)) for band in range(count)]
    for band, getter in enumerate(rows):
        keys: list[Any] = list(map(getter, map(signatures.__getitem__, members)))
        counts = Counter(keys)
        if len(counts) == len(keys):
            continue
        shared = {key for key, seen in counts.items() if seen > 1}
        mask = list(map(shared.__contains__, keys))
        bucket: dict[Any, list[int]] = {}
        for key, j in zip(compress(keys, mask), compress(members, mask), strict=True):
            bucket.setdefault(key, []).append(j)
        for group in bucket.values():
            yield from _split(group, band, 1, signatures, rows)


def _split(
    members: list[int],
    band: int,
    depth: int,
    signatures: list[array[int]],
    rows: list[itemgetter[Any]],
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
    if depth >= len(rows):  # alike on every row: compare each with the first only (linear)
        for member in members[1:]:
            yield [members[0], member]
        return
    getter = rows[(band + depth) % len(rows)]
    groups: dict[Any, list[int]] = {}
    for member in members:
        groups.setdefault(getter(signatures[member]), []).append(member)
    for group in groups.values():
        if len(group) > 1:
            yield from _split(group, band, depth + 1, signatures, rows)
