"""What an earlier run left in an output directory: for `--resume` (skip what is done) and
`--overwrite` (remove exactly the files that run wrote).

Records are written in input order, whole lines, one at a time, so what a killed run leaves is
every input up to some point, plus at most a torn last line (cut off mid-write): `load_previous`
cuts that line off, and the inputs whose records are there are skipped by the resumed run: a file
by its path, a WARC record by its file and byte offset (`path#N@OFFSET`). A WARC record at a known
offset with another number, or a known number at another offset, means the archive is not the
one the earlier run read (rewritten, re-compressed): `ResumeMismatch`, never a silent skip. An
archive that grew (records appended) resumes normally. Records of older runs (`path#N`, no offset)
are matched by number.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Previous", "ResumeMismatch", "load_previous", "repair_jsonl", "remove_files"]

_WARC_RECORD = re.compile(r"(?P<file>.*)#(?P<index>[0-9]+)@(?P<offset>[0-9]+)", re.DOTALL)


class ResumeMismatch(ValueError):
    """An input is not the one the earlier run read; the message names it and what to do."""


@dataclass
class _Archive:
    """The records of one WARC file an earlier run wrote: offset -> record number, and back."""

    by_offset: dict[int, int] = field(default_factory=dict)
    by_index: dict[int, int] = field(default_factory=dict)


@dataclass
class Previous:
    """The records an earlier run wrote: the sources done, and the articles' (source, id) in order."""

    done: set[str] = field(default_factory=set)
    archives: dict[str, _Archive] = field(default_factory=dict)  # WARC file -> its records done
    articles: list[tuple[str, str]] = field(default_factory=list)
    urls: list[tuple[str | None, str | None]] = field(default_factory=list)  # (canonical_url, url) of each
    rejected: Counter[str] = field(default_factory=Counter)
    repaired: list[str] = field(default_factory=list)  # files whose torn last line was cut off

    @property
    def count(self) -> int:
        return len(self.articles) + sum(self.rejected.values())

    def add(self, source: str) -> None:
        self.done.add(source)
        match = _WARC_RECORD.fullmatch(source)
        if match is not None:
            archive = self.archives.setdefault(match["file"], _Archive())
            index, offset = int(match["index"]), int(match["offset"])
            archive.by_offset[offset] = index
            archive.by_index[index] = offset

    def has(self, source: str) -> bool:
        """Whether the earlier run wrote the record of `source`. Raises ResumeMismatch when `source`
        is a WARC record that contradicts the records of its file the earlier run wrote."""
        match = _WARC_RECORD.fullmatch(source)
        if match is None or source in self.done:
            return source in self.done
        file, index, offset = match["file"], int(match["index"]), int(match["offset"])
        archive = self.archives.get(file)
        if archive is None:  # written by a run that named WARC records by number only
            return f"{file}#{index}" in self.done
        then = archive.by_index.get(index)
        if then is None and offset not in archive.by_offset:
            return False  # a record the earlier run did not reach (or one appended since)
        if then is None:
            then_index = archive.by_offset[offset]
            detail = f"the record at byte {offset:,} is record {index} now, record {then_index} then"
        else:
            detail = f"its record {index} is at byte {offset:,} now, at byte {then:,} then"
        raise ResumeMismatch(f"{file} is not the archive the earlier run in this directory read ({detail}: it was "
                             f"rewritten or re-compressed); clean it into a new directory, or run again with "
                             f"--overwrite instead of --resume")


def repair_jsonl(path: Path) -> bool:
    """Cut a torn last line (no newline at its end) off `path`. True when something was cut."""
    try:
        with open(path, "r+b") as fh:
            size = fh.seek(0, os.SEEK_END)
            if size == 0:
                return False
            fh.seek(size - 1)
            if fh.read(1) == b"\n":
                return False
            keep = 0
            step = 1 << 16
            pos = size
            while pos > 0:
                start = max(0, pos - step)
                fh.seek(start)
                chunk = fh.read(pos - start)
                nl = chunk.rfind(b"\n")
                if nl >= 0:
                    keep = start + nl + 1
                    break
                pos = start
            fh.truncate(keep)
            return True
    except FileNotFoundError:
        return False


def _lines(path: Path) -> Iterable[dict]:
    try:
        fh = open(path, encoding="utf-8", errors="surrogateescape")  # noqa: SIM115
    except FileNotFoundError:
        return
    with fh:
        for line in fh:
            with contextlib.suppress(ValueError):
                record = json.loads(line)
                if isinstance(record, dict) and isinstance(record.get("source"), str):
                    yield record


def load_previous(directory: Path, jsonl_name: str = "articles.jsonl",
                  rejects_name: str = "rejects.jsonl") -> Previous:
    """The records in `directory` (torn last lines repaired first)."""
    previous = Previous()
    for name in (jsonl_name, rejects_name):
        if repair_jsonl(directory / name):
            previous.repaired.append(name)
    for record in _lines(directory / jsonl_name):
        previous.add(record["source"])
        previous.articles.append((record["source"], str(record.get("id") or "")))
        previous.urls.append((record.get("canonical_url"), record.get("url")))
    for record in _lines(directory / rejects_name):
        previous.add(record["source"])
        previous.rejected[str(record.get("reason") or "?")] += 1
    return previous


def remove_files(directory: Path, names: Iterable[str]) -> int:
    """Remove `names` (relative to `directory`, never outside it) and the temporary files a killed
    run can leave (.tmp-*). Returns how many files went."""
    removed = 0
    root = directory.resolve()
    candidates = list(names) + [p.name for p in root.glob(".tmp-*") if p.is_file()]
    for name in candidates:
        path = (root / name).resolve()
        if root not in path.parents:
            continue
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            path.unlink()
            removed += 1
    return removed
