"""Pairs of 64-bit hashes within N bits of each other, without comparing every hash with every other
(pigeonhole banding), joined into groups by union-find: the search behind `newsbroom dedup`.

The 64 bits are cut into k = N + m blocks. Two hashes that differ in at most N bits differ in at
most N blocks, so they agree exactly on at least m of them. For every choice of m blocks (a band:
the blocks' bits, one AND with their mask), the hashes are sorted by their band, so hashes that
share it are neighbours, and only those are compared (the Hamming distance is checked: sharing a
band only says "maybe"). m = 1 is the classic N + 1 bands; at N = 10 a band is then only 5 or 6
bits, so on a large input every band value is shared by thousands of hashes, and a larger m (wider
bands, more of them) is cheaper: m is chosen from the number of hashes by the expected cost of
both. No pair within N bits is ever missed. Equal hashes are joined first and compared once.

With numpy (2.0 or later: `bitwise_count`) installed, as the datatrove extra brings it,
each band is sorted and compared in numpy; without it, in Python (the same pairs, some 15 times
slower). Memory: the distinct hashes, a union-find parent per hash, and one band at a time.
"""

from __future__ import annotations

import importlib
import itertools
import math
import operator
import time
from array import array
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["block_masks", "near_pairs", "group", "numpy_or_none"]

_BITS = 64
_MASK = (1 << _BITS) - 1
_MAX_BANDS = 5000
_NEIGHBOURS = 16  # Python path: how far apart in the sorted list two hashes of one band are compared by offset

Progress = Callable[[str], None]


def numpy_or_none() -> Any:
    """numpy when it is installed and has `bitwise_count` (2.0 or later), else None."""
    try:
        np = importlib.import_module("numpy")
    except ImportError:
        return None
    return np if hasattr(np, "bitwise_count") else None


def _plan(n: int, distance: int, sort_weight: float = 3) -> tuple[int, int]:
    """(k blocks, m of them to agree on) with the least expected work for n hashes: C(k, m) bands,
    each costing a sort of the n hashes (`sort_weight` comparisons' worth per hash: about 3 in
    Python, 8 in numpy, where comparing is cheaper still) and the pairs that share the band by
    chance (n^2/2 per 2^(bits of the band))."""
    best: tuple[float, int, int] | None = None
    for m in range(1, _BITS - distance + 1):
        k = distance + m
        bands = math.comb(k, m)
        if bands > _MAX_BANDS and best is not None:
            break
        band_bits = _BITS * m / k
        cost = bands * (sort_weight * n + n * n / 2 / 2**band_bits)
        if best is None or cost < best[0]:
            best = (cost, k, m)
    assert best is not None
    return best[1], best[2]


def block_masks(n: int, distance: int, sort_weight: float = 3) -> list[int]:
    """One mask per band: the bits of m of the k blocks, for every choice of m (see the module doc)."""
    k, m = _plan(n, distance, sort_weight)
    bounds = [round(i * _BITS / k) for i in range(k + 1)]
    blocks = [((1 << (hi - lo)) - 1) << lo for lo, hi in itertools.pairwise(bounds)]
    return [sum(chosen) for chosen in itertools.combinations(blocks, m)]


def _find(parent: array, i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _union(parent: array, i: int, j: int) -> None:
    ri, rj = _find(parent, i), _find(parent, j)
    if ri != rj:
        parent[max(ri, rj)] = min(ri, rj)


def near_pairs(hashes: Sequence[int], distance: int, progress: Progress | None = None, *,
               engine: str = "auto") -> array:
    """Union-find parents over `hashes`: i and j end in one set when a chain of hashes each within
    `distance` bits of the next joins them. `engine`: "numpy", "python", or "auto" (numpy when
    numpy_or_none() finds it)."""
    np = numpy_or_none() if engine in ("auto", "numpy") else None
    if engine == "numpy" and np is None:
        raise ImportError("numpy 2.0 or later is not installed")
    parent = array("Q", range(len(hashes)))
    first: dict[int, int] = {}  # each distinct hash -> its first record
    for i, h in enumerate(hashes):
        j = first.setdefault(h, i)
        if j != i:
            _union(parent, i, j)
    distinct = list(first)
    masks = block_masks(len(distinct), distance, 8 if np is not None else 3)
    values, records = (np.array(distinct, dtype=np.uint64), list(first.values())) if np is not None else (None, [])
    last = time.monotonic()
    for done, mask in enumerate(masks, 1):
        if np is not None:
            for i, j in _close_in_band_numpy(np, values, mask, distance):
                _union(parent, records[i], records[j])
        else:
            for x, y in _close_in_band(distinct, mask, distance):
                _union(parent, first[x], first[y])
        if progress is not None and time.monotonic() - last > 2:
            last = time.monotonic()
            progress(f"compared {done}/{len(masks)} bands")
    return parent


def _close_in_band(values: list[int], mask: int, distance: int) -> list[tuple[int, int]]:
    """The pairs of `values` that share their bits under `mask` and are within `distance` bits.
    Sorted by band (the band and the value packed in one integer), values of one band are
    neighbours: the neighbours that share it are found in C, then those `s` places apart (s = 2,
    3, ... while any are left) among them, and only those pairs are compared. The rest of a band
    value shared by more than _NEIGHBOURS + 1 hashes is compared hash by hash."""
    packed = sorted([(v & mask) << _BITS | v for v in values])
    keys = [v >> _BITS for v in packed]
    vals = [v & _MASK for v in packed]
    n = len(vals)
    found: list[tuple[int, int]] = []
    same = list(itertools.compress(range(n - 1), map(operator.eq, keys, itertools.islice(keys, 1, None))))
    for step in range(1, _NEIGHBOURS + 1):
        if step > 1:  # i and i + step share a band only if i and i + step - 1 do
            same = [i for i in same if i + step < n and keys[i] == keys[i + step]]
        if not same:
            return found
        found += [(vals[i], vals[i + step]) for i in same if (vals[i] ^ vals[i + step]).bit_count() <= distance]
    runs: dict[int, list[int]] = {keys[i]: [] for i in same}
    for i, key in enumerate(keys):
        if key in runs:
            runs[key].append(vals[i])
    for run in runs.values():
        for a, x in enumerate(run):
            found += [(x, y) for y in run[a + _NEIGHBOURS + 1:] if (x ^ y).bit_count() <= distance]
    return found


def _close_in_band_numpy(np: Any, values: Any, mask: int, distance: int) -> list[tuple[int, int]]:
    """As _close_in_band, in numpy: the (positions in `values` of the) pairs within `distance`
    bits that share their bits under `mask`."""
    keys = values & np.uint64(mask)
    order = np.argsort(keys, kind="stable")
    keys, vals = keys[order], values[order]
    n = len(vals)
    found: list[tuple[int, int]] = []
    same = np.flatnonzero(keys[1:] == keys[:-1])
    step = 1
    while same.size:
        close = same[np.bitwise_count(vals[same] ^ vals[same + step]) <= distance]
        found += zip(order[close].tolist(), order[close + step].tolist(), strict=True)
        step += 1
        same = same[same + step < n]
        same = same[keys[same] == keys[same + step]]
    return found


def group(parent: array) -> list[list[int]]:
    """The sets of 2+ members, each in input order, ordered by their first member."""
    sets: dict[int, list[int]] = {}
    for i in range(len(parent)):
        if parent[i] != i:
            sets.setdefault(_find(parent, i), []).append(i)
    return [sorted([root, *members]) for root, members in sorted(sets.items())]
