"""The parts of a crawl joined into one articles.jsonl (the `newsbroom merge` command is crawler.commands.merge).

A crawl shared through Redis leaves one part per worker (DIR/articles-<worker>.jsonl), on one or
several machines; a crawl with the SQLite state leaves DIR/articles.jsonl. Merge reads them all
and writes one line per article version: records with the same `id` and the same text (headline
and body, as `crawler.state.text_sha`) are one version, written once (the first fetched); a later
version of an article (same `id`, other text) is its own line. Lines come out in `fetched_at`
order (then id), byte for byte as they were in the parts.

A torn last line (a worker killed mid-write) is skipped, counted and named; so is any other line
that is not a JSON record with an `id`. Memory: a small index entry per line, not the records.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from crawler.state import text_sha

__all__ = ["MergeSummary", "find_parts", "merge_parts"]


@dataclass
class MergeSummary:
    files: int = 0
    lines: int = 0
    written: int = 0
    articles: int = 0
    duplicates: int = 0
    torn: list[str] = field(default_factory=list)  # "<file>: last line (N bytes)"
    bad: list[str] = field(default_factory=list)  # "<file>:<line number>"

    @property
    def versions(self) -> int:
        return self.written - self.articles

    def line(self) -> str:
        parts = [f"read {self.lines} lines from {self.files} file{'s' if self.files != 1 else ''}",
                 f"wrote {self.written} lines ({self.articles} articles, {self.versions} later versions)",
                 f"dropped {self.duplicates} duplicates"]
        if self.torn:
            parts.append(f"skipped {len(self.torn)} torn last line{'s' if len(self.torn) != 1 else ''} "
                         f"({'; '.join(self.torn)})")
        if self.bad:
            shown = ", ".join(self.bad[:5]) + (", ..." if len(self.bad) > 5 else "")
            parts.append(f"skipped {len(self.bad)} unreadable line{'s' if len(self.bad) != 1 else ''} ({shown})")
        return "; ".join(parts)


def find_parts(paths: Sequence[str | Path]) -> list[Path]:
    """The part files named by `paths`: in a directory its articles.jsonl and articles-*.jsonl
    (sorted); a file is taken as it is. Raises ValueError with what to change."""
    parts: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.glob("articles*.jsonl")
                           if p.is_file() and (p.name == "articles.jsonl" or p.name.startswith("articles-")))
            if not found:
                raise ValueError(f"{path} holds no articles.jsonl or articles-<worker>.jsonl; give the -o "
                                 f"directory of a crawl")
            parts += found
        elif path.is_file():
            parts.append(path)
        else:
            raise ValueError(f"{path} does not exist; give crawl output directories (or .jsonl files)")
    unique: dict[Path, None] = {}
    for part in parts:
        unique.setdefault(part.resolve(), None)
    return list(unique)


def _timestamp(raw: object) -> float:
    if not isinstance(raw, str) or not raw:
        return float("-inf")
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return float("-inf")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _text_digest(record: dict) -> bytes:
    title, text = (x if isinstance(x, str) else None for x in (record.get("title"), record.get("text")))
    return bytes.fromhex(text_sha(title, text))[:16]


# (id, text digest) -> (fetched_at, file index, offset, length, terminated)
_Index = dict[tuple[str, bytes], tuple[float, int, int, int, bool]]


def _index_part(index: int, part: Path, first: _Index, summary: MergeSummary) -> None:
    """Note where each line of `part` is; keep the first fetched line of each version in `first`."""
    offset = 0
    number = 0
    with open(part, "rb") as fh:
        for raw in fh:
            number += 1
            terminated = raw.endswith(b"\n")
            try:
                record = json.loads(raw)
                article_id = record["id"]
                if not isinstance(article_id, str) or not article_id:
                    raise ValueError("no id")
            except (ValueError, KeyError, TypeError):
                if terminated:
                    summary.bad.append(f"{part}:{number}")
                else:
                    summary.torn.append(f"{part}: last line ({len(raw)} bytes)")
                offset += len(raw)
                continue
            summary.lines += 1
            key = (article_id, _text_digest(record))
            entry = (_timestamp(record.get("fetched_at")), index, offset, len(raw), terminated)
            known = first.get(key)
            if known is None:
                first[key] = entry
            else:
                summary.duplicates += 1
                if entry[:3] < known[:3]:
                    first[key] = entry
            offset += len(raw)


def merge_parts(parts: Sequence[Path], out: BinaryIO) -> MergeSummary:
    """Merge `parts` into `out` (binary). Returns the counts."""
    summary = MergeSummary(files=len(parts))
    first: _Index = {}
    for index, part in enumerate(parts):
        _index_part(index, part, first, summary)
    order = sorted(first.items(), key=lambda item: (item[1][0], item[0][0], item[1][1], item[1][2]))
    summary.articles = len({key[0] for key in first})
    with contextlib.ExitStack() as stack:
        handles = [stack.enter_context(open(part, "rb")) for part in parts]
        for _, (_, index, offset, length, terminated) in order:
            fh = handles[index]
            fh.seek(offset)
            data = fh.read(length)
            out.write(data if terminated else data + b"\n")
            summary.written += 1
    return summary
