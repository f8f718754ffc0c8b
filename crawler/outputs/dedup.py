"""Near copies among records: groups of records whose `simhash` is within N bits (the `newsbroom dedup`
command is crawler.commands.dedup).

Finding the pairs without comparing every record with every other (pigeonhole banding): the 64
bits are cut into k = N + m blocks. Two hashes that differ in at most N bits differ in at most N
blocks, so they agree exactly on at least m of them. For every choice of m blocks (a band: the
blocks' bits, one AND with their mask), the hashes are sorted by their band, so hashes that share
it are neighbours, and only those are compared (the Hamming distance is checked: sharing a band
only says "maybe"). m = 1 is the classic N + 1 bands; at N = 10 a band is then only 5 or 6 bits,
so on a large input every band value is shared by thousands of hashes, and a larger m (wider
bands, more of them) is cheaper: m is chosen from the number of records by the expected cost of
both. No pair within N bits is ever missed. Equal hashes are joined first and compared once.

Groups are the connected parts of the "within N bits" relation (union-find): a chain of copies
a~b~c is one group even when a and c are further apart than N; each member's distance to the
group's keeper is reported. The keeper is the member published first (`published_at`), then the
longest (`word_count`), then the first read: the original of a syndicated story comes out before
its copies, and of two copies with one date the fuller one is kept.

Memory: per record its simhash and where its line is (file, offset), not the record; the lines
of the members of groups are read again at the end.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import operator
import time
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from cleaners.describe.simhash import simhash_hex

__all__ = ["DedupSummary", "Records", "block_masks", "near_pairs", "group", "read_records", "write_groups",
           "MAX_DISTANCE"]

MAX_DISTANCE = 24  # beyond this, different articles of one language start to match (they sit 17+ bits apart)
_BITS = 64
_MASK = (1 << _BITS) - 1
_MAX_TABLES = 5000
MEMBER_FIELDS = ("id", "version", "url", "site", "title", "word_count", "published_at")


@dataclass
class DedupSummary:
    files: int = 0
    records: int = 0
    groups: int = 0
    copies: int = 0  # members of groups beyond their keepers
    distance: int = 0
    torn: list[str] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)  # "<file>:<line>"
    computed: int = 0  # records without a simhash, hashed from their text

    def line(self) -> str:
        parts = [f"read {self.records} records from {self.files} file{'s' if self.files != 1 else ''}",
                 f"{self.groups} group{'s' if self.groups != 1 else ''} of near copies within {self.distance} bits "
                 f"({self.copies} cop{'ies' if self.copies != 1 else 'y'} beside their keepers)"]
        if self.computed:
            parts.append(f"{self.computed} records had no simhash (hashed from their text)")
        if self.torn:
            parts.append(f"skipped {len(self.torn)} torn last line{'s' if len(self.torn) != 1 else ''} "
                         f"({'; '.join(self.torn)})")
        if self.bad:
            shown = ", ".join(self.bad[:5]) + (", ..." if len(self.bad) > 5 else "")
            parts.append(f"skipped {len(self.bad)} unreadable line{'s' if len(self.bad) != 1 else ''} ({shown})")
        return "; ".join(parts)


@dataclass
class Records:
    """Where each record's line is, and its simhash: parallel arrays, in input order."""

    parts: list[Path]
    hashes: array = field(default_factory=lambda: array("Q"))
    files: array = field(default_factory=lambda: array("I"))
    offsets: array = field(default_factory=lambda: array("Q"))
    lengths: array = field(default_factory=lambda: array("I"))

    def __len__(self) -> int:
        return len(self.hashes)

    def load(self, indices: Sequence[int]) -> dict[int, dict]:
        """The records at `indices`, read again from their files."""
        found: dict[int, dict] = {}
        with contextlib.ExitStack() as stack:
            handles = [stack.enter_context(open(part, "rb")) for part in self.parts]
            for i in sorted(indices):
                fh = handles[self.files[i]]
                fh.seek(self.offsets[i])
                found[i] = json.loads(fh.read(self.lengths[i]))
        return found


Progress = Callable[[str], None]


def _simhash_of(record: Any) -> int:
    """The record's simhash; hashed from its text when the record has none (records of an older
    schema). Raises ValueError when it has neither."""
    if not isinstance(record, dict):
        raise ValueError("not a record")
    value = record.get("simhash")
    if isinstance(value, str) and len(value) == 16:
        return int(value, 16)
    if value is None and isinstance(record.get("text"), str):
        return -1
    raise ValueError("no simhash")


def read_records(parts: Sequence[Path], summary: DedupSummary, progress: Progress | None = None) -> Records:
    """Index every record of `parts` (JSONL): its simhash and where its line is. A torn last line
    or a line that is not a record with a simhash (or a text to hash) is skipped and counted."""
    records = Records(list(parts))
    summary.files = len(parts)
    for index, part in enumerate(parts):
        offset = number = 0
        with open(part, "rb") as fh:
            for raw in fh:
                number += 1
                try:
                    record = json.loads(raw)
                    value = _simhash_of(record)
                except (ValueError, TypeError):
                    if raw.endswith(b"\n"):
                        if raw.strip():
                            summary.bad.append(f"{part}:{number}")
                    else:
                        summary.torn.append(f"{part}: last line ({len(raw)} bytes)")
                    offset += len(raw)
                    continue
                if value < 0:
                    value = int(simhash_hex(record["text"]), 16)
                    summary.computed += 1
                records.hashes.append(value)
                records.files.append(index)
                records.offsets.append(offset)
                records.lengths.append(len(raw))
                offset += len(raw)
                if progress is not None and len(records) % 100_000 == 0:
                    progress(f"read {len(records):,} records")
    summary.records = len(records)
    return records


def _plan(n: int, distance: int) -> tuple[int, int]:
    """(k blocks, m of them to agree on) with the least expected work for n records: C(k, m) bands,
    each costing a sort of the n hashes (about three comparisons' worth per hash) and the pairs
    that share the band by chance (n^2/2 per 2^(bits of the band))."""
    best: tuple[float, int, int] | None = None
    for m in range(1, _BITS - distance + 1):
        k = distance + m
        tables = math.comb(k, m)
        if tables > _MAX_TABLES and best is not None:
            break
        key_bits = _BITS * m / k
        cost = tables * (3 * n + n * n / 2 / 2**key_bits)
        if best is None or cost < best[0]:
            best = (cost, k, m)
    assert best is not None
    return best[1], best[2]


def block_masks(n: int, distance: int) -> list[int]:
    """One mask per band: the bits of m of the k blocks, for every choice of m (see the module doc)."""
    k, m = _plan(n, distance)
    bounds = [round(i * _BITS / k) for i in range(k + 1)]
    blocks = [((1 << (hi - lo)) - 1) << lo for lo, hi in itertools.pairwise(bounds)]
    return [sum(chosen) for chosen in itertools.combinations(blocks, m)]


def _find(parent: array, i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def near_pairs(hashes: Sequence[int], distance: int, progress: Progress | None = None) -> array:
    """Union-find parents over `hashes`: i and j end in one set when a chain of hashes each within
    `distance` bits of the next joins them (equal hashes are joined first, and compared once)."""
    parent = array("Q", range(len(hashes)))
    first: dict[int, int] = {}  # each distinct hash -> its first record
    for i, h in enumerate(hashes):
        j = first.setdefault(h, i)
        if j != i:
            _union(parent, i, j)
    distinct = list(first)
    masks = block_masks(len(distinct), distance)
    last = time.monotonic()
    for done, mask in enumerate(masks, 1):
        for x, y in _close_sharing(distinct, mask, distance):
            _union(parent, first[x], first[y])
        if progress is not None and time.monotonic() - last > 2:
            last = time.monotonic()
            progress(f"compared {done}/{len(masks)} bands")
    return parent


_NEIGHBOURS = 16  # how far apart in the sorted list two values of one key are compared by offset


def _close_sharing(values: list[int], mask: int, distance: int) -> list[tuple[int, int]]:
    """The pairs of `values` that share their bits under `mask` and are within `distance` bits.
    Sorted by key (the key and the value packed in one integer), values of one key are neighbours:
    the neighbours that share a key are found in C, then those `s` places apart (s = 2, 3, ...
    while any are left) among them, and only those pairs are compared. The rest of a key shared
    by more than _NEIGHBOURS + 1 values is compared value by value."""
    packed = sorted([(v & mask) << _BITS | v for v in values])
    keys = [v >> _BITS for v in packed]
    vals = [v & _MASK for v in packed]
    n = len(vals)
    found: list[tuple[int, int]] = []
    same = list(itertools.compress(range(n - 1), map(operator.eq, keys, itertools.islice(keys, 1, None))))
    for step in range(1, _NEIGHBOURS + 1):
        if step > 1:  # i and i + step share a key only if i and i + step - 1 do
            same = [i for i in same if i + step < n and keys[i] == keys[i + step]]
        if not same:
            return found
        found += [(vals[i], vals[i + step]) for i in same if (vals[i] ^ vals[i + step]).bit_count() <= distance]
    # Keys shared by more than _NEIGHBOURS + 1 values: the pairs further apart, run by run.
    runs: dict[int, list[int]] = {keys[i]: [] for i in same}
    for i, key in enumerate(keys):
        if key in runs:
            runs[key].append(vals[i])
    for run in runs.values():
        for a, x in enumerate(run):
            found += [(x, y) for y in run[a + _NEIGHBOURS + 1:] if (x ^ y).bit_count() <= distance]
    return found


def _union(parent: array, i: int, j: int) -> None:
    ri, rj = _find(parent, i), _find(parent, j)
    if ri != rj:
        parent[max(ri, rj)] = min(ri, rj)


def group(parent: array) -> list[list[int]]:
    """The sets of 2+ members, each in input order, ordered by their first member."""
    sets: dict[int, list[int]] = {}
    for i in range(len(parent)):
        if parent[i] != i:
            sets.setdefault(_find(parent, i), []).append(i)
    return [sorted([root, *members]) for root, members in sorted(sets.items())]


def _moment(raw: object) -> float | None:
    if not isinstance(raw, str) or not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _words(record: dict) -> int:
    count = record.get("word_count")
    return count if isinstance(count, int) else 0


def _keeper(members: list[int], loaded: dict[int, dict]) -> tuple[int, str]:
    """The member to keep, and why: published first, then most words, then read first."""
    def rank(i: int) -> tuple[bool, float, int, int]:
        when = _moment(loaded[i].get("published_at"))
        return (when is None, when or 0.0, -_words(loaded[i]), i)

    ordered = sorted(members, key=rank)
    first, second = rank(ordered[0]), rank(ordered[1])
    if not first[0] and (second[0] or first[1] < second[1]):
        return ordered[0], "published first"
    if first[2] < second[2]:
        return ordered[0], "most words" + (" (same published_at)" if not first[0] else " (no published_at)")
    return ordered[0], "read first (same published_at and word count)"


def _encode(line: dict) -> bytes:
    try:
        return json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n"
    except UnicodeEncodeError:  # a lone surrogate read from an escaped line: keep it escaped
        return json.dumps(line).encode("ascii") + b"\n"


def write_groups(records: Records, groups: list[list[int]], distance: int, out: BinaryIO,
                 summary: DedupSummary) -> None:
    """One JSON line per group: its keeper, why, and its members (keeper first) with their distance
    to the keeper."""
    summary.distance = distance
    for start in range(0, len(groups), 10_000):  # the members' lines are read again, a batch at a time
        batch = groups[start:start + 10_000]
        loaded = records.load([i for members in batch for i in members])
        for members in batch:
            keeper, why = _keeper(members, loaded)
            others = sorted((i for i in members if i != keeper),
                            key=lambda i: ((records.hashes[i] ^ records.hashes[keeper]).bit_count(), i))
            listed = []
            for i in [keeper, *others]:
                entry: dict[str, Any] = {name: loaded[i].get(name) for name in MEMBER_FIELDS}
                entry["simhash"] = f"{records.hashes[i]:016x}"
                entry["distance"] = (records.hashes[i] ^ records.hashes[keeper]).bit_count()
                listed.append(entry)
            line = {"keeper": loaded[keeper].get("id"), "keeper_reason": why, "size": len(members),
                    "members": listed}
            out.write(_encode(line))
            summary.groups += 1
            summary.copies += len(members) - 1
