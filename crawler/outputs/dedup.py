"""Near copies among records: groups of records whose `simhash` is within N bits (the `newsbroom dedup`
command is crawler.commands.dedup).

Pairs are found by pigeonhole banding (crawler.outputs.banding), never by comparing every record
with every other; no pair within N bits is missed.

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
import json
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from cleaners.describe.simhash import simhash_hex

__all__ = ["DedupSummary", "Records", "read_records", "write_groups", "MAX_DISTANCE"]

MAX_DISTANCE = 24  # beyond this, different articles of one language start to match (they sit 17+ bits apart)
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

    def add(self, value: int, file: int, position: int, length: int) -> None:
        self.hashes.append(value)
        self.files.append(file)
        self.offsets.append(position)
        self.lengths.append(length)

    def load(self, indices: Sequence[int]) -> dict[int, dict]:
        """The records at `indices`, read again from their files (a JSONL line by its offset, a
        Parquet row by its number: length 0)."""
        found: dict[int, dict] = {}
        rows: dict[int, dict[int, int]] = {}  # Parquet file -> row number -> record index
        with contextlib.ExitStack() as stack:
            handles: dict[int, BinaryIO] = {}
            for i in sorted(indices):
                file = self.files[i]
                if self.lengths[i] == 0:
                    rows.setdefault(file, {})[self.offsets[i]] = i
                    continue
                if file not in handles:
                    handles[file] = stack.enter_context(open(self.parts[file], "rb"))
                handles[file].seek(self.offsets[i])
                found[i] = json.loads(handles[file].read(self.lengths[i]))
        for file, wanted in rows.items():
            for row, record in enumerate(_parquet_rows(self.parts[file])):
                if row in wanted:
                    found[wanted[row]] = record
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


def _parquet_rows(path: Path) -> Iterator[dict[str, Any]]:
    from crawler.outputs.formats.parquet import read_parquet

    return read_parquet(path)


def _jsonl_entries(part: Path, summary: DedupSummary) -> Iterator[tuple[int, int, dict]]:
    """(offset, length, record) of each line of `part` that is a record with a simhash (or a text)."""
    offset = number = 0
    with open(part, "rb") as fh:
        for raw in fh:
            number += 1
            try:
                record = json.loads(raw)
                _simhash_of(record)
            except (ValueError, TypeError):
                if not raw.endswith(b"\n"):
                    summary.torn.append(f"{part}: last line ({len(raw)} bytes)")
                elif raw.strip():
                    summary.bad.append(f"{part}:{number}")
            else:
                yield offset, len(raw), record
            offset += len(raw)


def _parquet_entries(part: Path, summary: DedupSummary) -> Iterator[tuple[int, int, dict]]:
    """(row number, 0, record) of each row of the Parquet table `part` with a simhash (or a text)."""
    row = 0
    try:
        for record in _parquet_rows(part):
            row += 1
            try:
                _simhash_of(record)
            except (ValueError, TypeError):
                summary.bad.append(f"{part}: row {row}")
                continue
            yield row - 1, 0, record
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        summary.bad.append(f"{part}: not a readable Parquet file ({str(exc).splitlines()[0][:120]})")


def read_records(parts: Sequence[Path], summary: DedupSummary, progress: Progress | None = None) -> Records:
    """Index every record of `parts` (JSONL, or Parquet for a .parquet file): its simhash and where
    it is. A torn last line, or a line or row that is not a record with a simhash (or a text to
    hash), is skipped and counted."""
    records = Records(list(parts))
    summary.files = len(parts)
    for index, part in enumerate(parts):
        entries = _parquet_entries if part.suffix.lower() == ".parquet" else _jsonl_entries
        for position, length, record in entries(part, summary):
            value = _simhash_of(record)
            if value < 0:
                value = int(simhash_hex(record["text"]), 16)
                summary.computed += 1
            records.add(value, index, position, length)
            if progress is not None and len(records) % 100_000 == 0:
                progress(f"read {len(records):,} records")
    summary.records = len(records)
    return records


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
