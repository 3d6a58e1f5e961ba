"""Near-duplicate texts in sub-quadratic time: character shingles, MinHash and LSH banding.

Each text becomes its set of character 4-grams (CJK text has no spaces, so words are no
use); the similarity of two texts is the Jaccard similarity of these sets, and every
candidate pair is checked exactly, so nothing below the threshold is reported.

A 4-gram is taken as the 64-bit integer of its four UTF-16 code units: reading a text's
UTF-16 bytes as 64-bit words at the offsets 0, 2, 4 and 6 gives every 4-gram of the text in
C, exactly (no hash collisions).

Candidates come from MinHash with LSH banding over each text's *informative* shingles: those
in at least 2 and at most 64 texts. Boilerplate that many questions share ("which of the
following", a template's wording) would make unrelated questions collide and cost quadratic
time; a shingle in one text only cannot be shared, and leaving it out keeps an edit's new
shingles from diluting what a near-copy still shares. A text with fewer than 4 informative
shingles keeps all of them, with bands of 8 rows (it resembles many texts, so it needs a
longer key to stay selective); one with fewer than 16 has bands of 3 rows (a small set
changes much with one edit, so it needs a looser key to be found).

The shingles are mixed into 30-bit hashes by a seeded multiply-shift (reproducible runs;
small integers are cheap to sort), a small set under several multipliers so that each of
its shingles fills bins spread over the signature; one-permutation hashing spreads the
hashes over 64 bins by their top bits and keeps the smallest of each (an empty bin borrows
from the next one, "densification"). A band's rows are bins far apart (0, 16, 32, 48 for
the first of 16 bands of 4 rows), not neighbours: a densified run fills neighbouring bins
from one shingle, so neighbouring rows would agree together and make a band as loose as a
single row. Texts that agree on every row of a band share a bucket; an oversized bucket is
split by further rows. Identical texts are paired directly.

Each candidate is checked exactly: first the set sizes, then a quarter of the earlier text's
shingles (J >= t allows at most (|A| - t|B|) / (1 + t) of A's shingles outside B, so too many
missing from the quarter already rule the pair out), then the full intersection.

For two texts whose informative shingles have similarity J the chance of becoming a
candidate is about 1 - (1 - J^4)^16: 0.93 at J = 0.6, 0.9998 at J = 0.8 (with 3-row bands:
1 - (1 - J^3)^21, 0.94 at J = 0.5). The work grows with n and the number of candidates, not
with n squared.
"""

from __future__ import annotations

import random
import sys
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache
from hashlib import blake2b
from itertools import combinations, compress, repeat
from operator import and_, itemgetter, mul, rshift, xor
from typing import Any

SHINGLE = 4
"""Characters per shingle."""
BANDS = 16
ROWS = 4
HASH_BITS = 30
"""Bits of a mixed hash: Python stores and sorts integers below 2**30 fastest."""
COMMON = 64
"""A shingle in more texts than this is boilerplate (a fixed number, so buckets stay small)."""
MIN_INFORMATIVE = 4
SMALL = 16
"""A text with fewer informative shingles than this has bands of one row fewer (one within a
quarter of it has both kinds)."""
COPIES = 8
"""Hash functions a small set is hashed under (see `_mix`): the same for every small set,
so that two near-copies are always hashed alike."""
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


def _mix(values: Sequence[int], multipliers: tuple[int, ...]) -> list[int]:
    """Seeded 30-bit hashes of 64-bit values under each multiplier, ascending.

    Fold the top half in, then multiply-shift. A small set is hashed under several
    multipliers so that each of its elements fills bins spread over the signature instead
    of one long densified run: the rows of a band then agree nearly independently.
    """
    folded = list(map(xor, values, map(rshift, values, repeat(32))))
    factors = _factors(multipliers, len(folded))
    product = map(and_, map(mul, folded * len(multipliers), factors), repeat(_M64))
    return sorted(map(rshift, product, repeat(64 - HASH_BITS)))


@lru_cache(maxsize=256)
def _factors(multipliers: tuple[int, ...], size: int) -> list[int]:
    """Each multiplier repeated `size` times (matches a list of values repeated per copy)."""
    return [m for m in multipliers for _ in range(size)]


def _signature(values: list[int], bits: int) -> tuple[int, ...]:
    """Minimum per bin (the top `bits` of HASH_BITS) of ascending values, empty bins densified.

    An empty bin takes the value of the next non-empty bin (circularly). A value's top bits
    name its bin, so two texts agree on an empty bin only when they borrow from the same one.
    """
    bins, shift = 1 << bits, HASH_BITS - bits
    descending = values[::-1]  # a later duplicate key wins, so the smallest is set last
    mins = dict(zip(map(rshift, descending, repeat(shift)), descending, strict=True))
    if len(mins) == bins:
        return tuple(map(mins.__getitem__, range(bins)))
    filled = list(mins)[::-1]  # keys went in by descending bin
    donors = list(mins.values())[::-1]
    donors.append(donors[0])  # past the last filled bin: wrap to the first
    return tuple(map(donors.__getitem__, map(bisect_left, repeat(filled), range(bins))))


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
    draw = random.Random(seed)
    multipliers = tuple(draw.getrandbits(64) | 1 for _ in range(COPIES))
    bits = max(1, (bands * rows - 1).bit_length())
    if bits > HASH_BITS - 8:
        raise ValueError("too many bands and rows")
    first: dict[str, int] = {}
    found: list[tuple[int, int, float]] = []
    stored: list[array[int]] = []
    empty: array[int] = array("Q")
    frequency: Counter[int] = Counter()
    sizes = array("L", bytes(array("L").itemsize * len(texts)))
    for j, text in enumerate(texts):
        earlier = first.setdefault(text, j)
        if earlier != j:
            found.append((earlier, j, 1.0))
            stored.append(empty)
            continue
        values = shingle_values(text, k)
        distinct = set(values)
        stored.append(values)
        sizes[j] = len(distinct)
        frequency.update(distinct)
    del first
    useful = {value for value, count in frequency.items() if 1 < count <= COMMON}
    del frequency
    # (rows per band, hash functions) of each group; a text near the size that separates
    # two groups joins both, so that a near-copy on the other side still meets it
    groups = {
        "boilerplate": (2 * rows, multipliers[:1]),
        "small": (max(1, rows - 1), multipliers),
        "regular": (rows, multipliers[:1]),
    }
    members: dict[str, list[int]] = {name: [] for name in groups}
    signatures: dict[str, list[bytes]] = {name: [] for name in groups}
    layouts = {name: _layout(1 << bits, width) for name, (width, _) in groups.items()}
    margin = SMALL // 4
    for j, values in enumerate(stored):
        if not values:
            continue
        informative: Sequence[int] = list(filter(useful.__contains__, values))
        size = len(informative)
        if size < MIN_INFORMATIVE:  # mostly boilerplate: similar to many texts
            joins: tuple[str, ...] = ("boilerplate",)
            informative = values
        elif size < SMALL - margin:  # one edit changes much of a small set: looser bands
            joins = ("small",)
        elif size < SMALL + margin:
            joins = ("small", "regular")
        else:
            joins = ("regular",)
        for name in joins:
            signature = _signature(_mix(informative, groups[name][1]), bits)
            signatures[name].append(array("Q", layouts[name](signature)).tobytes())
            members[name].append(j)
    n = len(texts)
    candidates: set[int] = set()
    for name, (width, _) in groups.items():
        for group in _buckets(members[name], signatures[name], 1 << bits, width):
            candidates.update(j * n + i for i, j in combinations(group, 2))
    del signatures, members
    cached = -1
    mine: set[int] = set()
    for pair in sorted(candidates):  # by later text, then earlier
        j, i = divmod(pair, n)
        size_a, size_b = sizes[i], sizes[j]
        if min(size_a, size_b) < threshold * max(size_a, size_b):
            continue
        if cached != j:
            mine, cached = set(stored[j]), j
        values = stored[i]
        # J >= t needs |A - B| <= (|A| - t|B|) / (1 + t); the first quarter of the values
        # (every 4th shingle) missing from B is part of A - B: an exact, cheap rejection.
        allowed = (size_a - threshold * size_b) / (1 + threshold)
        if len(set(values[: len(values) // 4]).difference(mine)) > allowed:
            continue
        shared = len(mine.intersection(values))
        similarity = shared / (size_a + size_b - shared)
        if similarity >= threshold:
            found.append((i, j, similarity))
    found.sort(key=lambda p: (p[1], p[0]))
    yield from found


def _layout(bins: int, width: int) -> itemgetter[Any]:
    """Reorder a signature band by band, a band's rows being bins `bins // width` apart.

    Densification fills a run of neighbouring bins from one shingle, so neighbouring rows
    would agree together and make a band as loose as one row; rows far apart on the
    circle agree nearly independently.
    """
    count = bins // width
    return itemgetter(*(band + row * count for band in range(count) for row in range(width)))


def _buckets(
    members: list[int], signatures: list[bytes], bins: int, width: int
) -> Iterator[list[int]]:
    """Groups of texts (ascending) that agree on every row of some band, each small.

    `signatures[p]` is the signature of text `members[p]` (ascending).
    """
    size = 8 * width  # bytes of a band
    keys_of = [itemgetter(slice(band * size, (band + 1) * size)) for band in range(bins // width)]
    for band, getter in enumerate(keys_of):
        keys: list[bytes] = list(map(getter, signatures))
        counts = Counter(keys)
        if len(counts) == len(keys):
            continue
        shared = {key for key, seen in counts.items() if seen > 1}
        mask = list(map(shared.__contains__, keys))
        bucket: dict[bytes, list[int]] = {}
        for key, p in zip(compress(keys, mask), compress(range(len(keys)), mask), strict=True):
            bucket.setdefault(key, []).append(p)
        for positions in bucket.values():
            for group in _split(positions, band, 1, signatures, keys_of):
                yield [members[p] for p in group]


def _split(
    members: list[int],
    band: int,
    depth: int,
    signatures: list[bytes],
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
    groups: dict[bytes, list[int]] = {}
    for member in members:
        groups.setdefault(getter(signatures[member]), []).append(member)
    for group in groups.values():
        if len(group) > 1:
            yield from _split(group, band, depth + 1, signatures, rows)
