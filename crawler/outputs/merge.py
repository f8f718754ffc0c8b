"""The parts of a crawl joined into one file (the `newsbroom merge` command is crawler.commands.merge).

A crawl shared through Redis leaves one part per worker (DIR/articles-<worker>.jsonl), on one or
several machines; a crawl with the SQLite state leaves DIR/articles.jsonl. Merge reads them all
(JSONL, or the Parquet tables `--format parquet` wrote: articles.parquet, articles-<worker>.parquet)
and writes one line per article version: records with the same `version` (a hash of `id`, headline
and body; computed the same way for records older than the field) are one version, written once
(the first fetched); a later version of an article (same `id`, other text) is its own line. Lines
come out in `fetched_at` order (then id); JSONL to JSONL, byte for byte as they were in the parts.
The output is JSONL, CSV, Markdown, seed-format text or Parquet (crawler.outputs.formats).

A torn last line (a worker killed mid-write) is skipped, counted and named; so is any other line
that is not a JSON record with an `id`, a Parquet row without one, and a Parquet file that cannot
be read. Memory: a small index entry per line, not the records (a Parquet part: one row group).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from crawler.outputs.formats import stream_chunk, stream_header

__all__ = ["MergeSummary", "find_parts", "merge_parts", "merge_to_parquet", "is_parquet", "record_version"]

_HEX16_RE = re.compile(r"[0-9a-f]{16}")


@dataclass
class MergeSummary:
    files: int = 0
    lines: int = 0
    written: int = 0
    articles: int = 0
    duplicates: int = 0
    torn: list[str] = field(default_factory=list)  # "<file>: last line (N bytes)"
    bad: list[str] = field(default_factory=list)  # "<file>:<line number>", "<file>: row N", "<file>: unreadable"

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


def is_parquet(path: Path) -> bool:
    return path.suffix.lower() == ".parquet"


def _is_part(path: Path, suffix: str) -> bool:
    return path.is_file() and (path.name == f"articles{suffix}" or path.name.startswith("articles-"))


def _dir_parts(path: Path) -> list[Path]:
    """A directory's parts: its articles(-<worker>).jsonl, and a .parquet of the same name only where
    there is no such .jsonl (the table holds what the JSONL holds)."""
    jsonl = sorted(p for p in path.glob("articles*.jsonl") if _is_part(p, ".jsonl"))
    stems = {p.stem for p in jsonl}
    tables = sorted(p for p in path.glob("articles*.parquet") if _is_part(p, ".parquet") and p.stem not in stems)
    return jsonl + tables


def find_parts(paths: Sequence[str | Path]) -> list[Path]:
    """The part files named by `paths`: in a directory its articles.jsonl and articles-*.jsonl
    (sorted; their .parquet where there is no .jsonl); a file is taken as it is (.parquet: a Parquet
    table, anything else JSONL). Raises ValueError with what to change."""
    parts: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = _dir_parts(path)
            if not found:
                raise ValueError(f"{path} holds no articles.jsonl or articles-<worker>.jsonl (nor .parquet); give "
                                 f"the -o directory of a crawl")
            parts += found
        elif path.is_file():
            parts.append(path)
        else:
            raise ValueError(f"{path} does not exist; give crawl output directories (or .jsonl/.parquet files)")
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


def record_version(record: dict[str, Any]) -> str:
    """The record's `version`; for a record older than the field, computed as `Article.version` does."""
    version = record.get("version")
    if isinstance(version, str) and _HEX16_RE.fullmatch(version):
        return version
    title, text = (x if isinstance(x, str) else "" for x in (record.get("title"), record.get("text")))
    basis = f"{record.get('id')}\n{title}\n{text}"
    return hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:16]


# (id, version) -> (fetched_at, file index, position, length, terminated); a Parquet row has length -1
# and its row number as position.
_Index = dict[tuple[str, bytes], tuple[float, int, int, int, bool]]


def _note(first: _Index, summary: MergeSummary, record: dict[str, Any], where: tuple[int, int, int, bool]) -> None:
    """Keep the first fetched copy of the record's version."""
    summary.lines += 1
    key = (record["id"], bytes.fromhex(record_version(record)))
    entry = (_timestamp(record.get("fetched_at")), *where)
    known = first.get(key)
    if known is None:
        first[key] = entry
    else:
        summary.duplicates += 1
        if entry[:3] < known[:3]:
            first[key] = entry


def _has_id(record: object) -> bool:
    return isinstance(record, dict) and isinstance(record.get("id"), str) and bool(record["id"])


def _index_jsonl(index: int, part: Path, first: _Index, summary: MergeSummary) -> None:
    """Note where each line of `part` is; keep the first fetched line of each version in `first`."""
    offset = 0
    number = 0
    with open(part, "rb") as fh:
        for raw in fh:
            number += 1
            terminated = raw.endswith(b"\n")
            try:
                record = json.loads(raw)
            except ValueError:
                record = None
            if not _has_id(record):
                if terminated:
                    summary.bad.append(f"{part}:{number}")
                else:
                    summary.torn.append(f"{part}: last line ({len(raw)} bytes)")
            else:
                _note(first, summary, record, (index, offset, len(raw), terminated))
            offset += len(raw)


def _index_parquet(index: int, part: Path, first: _Index, summary: MergeSummary) -> None:
    """As _index_jsonl, for the rows of a Parquet table (only the columns the index needs are read)."""
    import pyarrow.parquet as pq

    try:
        with pq.ParquetFile(str(part)) as table:
            names = table.schema_arrow.names
            columns = [c for c in ("id", "version", "fetched_at", "title", "text") if c in names]
            if "version" in names:
                columns = [c for c in columns if c not in ("title", "text")]
            row = 0
            for batch in table.iter_batches(columns=columns):
                for record in batch.to_pylist():
                    if _has_id(record):
                        _note(first, summary, record, (index, row, -1, True))
                    else:
                        summary.bad.append(f"{part}: row {row + 1}")
                    row += 1
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        summary.bad.append(f"{part}: not a readable Parquet file ({str(exc).splitlines()[0][:120]})")


class _ParquetRows:
    """Rows of one Parquet part by row number, one row group in memory (merge reads each part in order)."""

    def __init__(self, path: Path) -> None:
        import pyarrow.parquet as pq

        self.file = pq.ParquetFile(str(path))
        self.starts: list[int] = []
        start = 0
        for group in range(self.file.metadata.num_row_groups):
            self.starts.append(start)
            start += self.file.metadata.row_group(group).num_rows
        self.group = -1
        self.rows: list[dict[str, Any]] = []

    def get(self, row: int) -> dict[str, Any]:
        from bisect import bisect_right

        from crawler.outputs.formats.parquet import record_from_row

        group = bisect_right(self.starts, row) - 1
        if group != self.group:
            self.rows = self.file.read_row_group(group).to_pylist()
            self.group = group
        return record_from_row(dict(self.rows[row - self.starts[group]]))

    def close(self) -> None:
        self.file.close()


def _ordered(parts: Sequence[Path], summary: MergeSummary) -> Iterator[tuple[bytes | None, dict[str, Any] | None]]:
    """The versions to write, in order: (the JSONL line, None) or (None, the record of a Parquet row)."""
    first: _Index = {}
    for index, part in enumerate(parts):
        (_index_parquet if is_parquet(part) else _index_jsonl)(index, part, first, summary)
    order = sorted(first.items(), key=lambda item: (item[1][0], item[0][0], item[1][1], item[1][2]))
    summary.articles = len({key[0] for key in first})
    with contextlib.ExitStack() as stack:
        handles: dict[int, Any] = {}
        for _, (_, index, position, length, terminated) in order:
            if index not in handles:
                if is_parquet(parts[index]):
                    handles[index] = _ParquetRows(parts[index])
                    stack.callback(handles[index].close)
                else:
                    handles[index] = stack.enter_context(open(parts[index], "rb"))
            source = handles[index]
            if length < 0:
                yield None, source.get(position)
                continue
            source.seek(position)
            data = source.read(length)
            yield (data if terminated else data + b"\n"), None


def merge_parts(parts: Sequence[Path], out: BinaryIO, fmt: str = "jsonl") -> MergeSummary:
    """Merge `parts` into `out` (binary) as `fmt` (jsonl, csv, md or txt). Returns the counts."""
    summary = MergeSummary(files=len(parts))
    out.write(stream_header(fmt).encode("utf-8"))
    for line, record in _ordered(parts, summary):
        if fmt == "jsonl" and line is not None:
            out.write(line)
        else:
            chunk = stream_chunk(fmt, record if record is not None else json.loads(line or b"{}"))
            out.write(chunk.encode("utf-8", "backslashreplace"))
        summary.written += 1
    return summary


def merge_to_parquet(parts: Sequence[Path], path: Path, mode: int) -> MergeSummary:
    """Merge `parts` into the Parquet file `path` (written under a temporary name, renamed at the end)."""
    from crawler.outputs.formats.parquet import ParquetFile

    summary = MergeSummary(files=len(parts))
    table = ParquetFile(path, mode)
    try:
        for line, record in _ordered(parts, summary):
            table.write(record if record is not None else json.loads(line or b"{}"))
            summary.written += 1
        table.close()
    except BaseException:
        table.abort()
        raise
    return summary
