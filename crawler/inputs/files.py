"""Offline inputs -> Pages: files, directories, gzip, WARC, stdin.

Everything streams and is bounded: gzip is inflated in chunks and never past the size limit
(crawler.inputs.bounded), WARC records are read one at a time (crawler.inputs.warc). A bad input
is yielded as a `Rejection`, never raised: one bad file does not stop a run.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from cleaners import Page
from cleaners.errors import Reason
from cleaners.model import Rejection
from crawler.inputs.bounded import Corrupt, TooLarge, Truncated, is_gzip, read_stream
from crawler.inputs.warc import WARC_SUFFIXES, is_warc, iter_warc

__all__ = ["Item", "iter_inputs", "count_files", "INPUT_SUFFIXES", "HTML_SUFFIXES", "TEXT_SUFFIXES", "WARC_SUFFIXES"]

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
TEXT_SUFFIXES = (".txt",)
INPUT_SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES + WARC_SUFFIXES + tuple(s + ".gz" for s in HTML_SUFFIXES + TEXT_SUFFIXES)

Item = Page | Rejection


def _mtime(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    except OSError:
        return None


def _read_file(path: Path, source: str, limit: int) -> Item:
    gzipped = path.name.lower().endswith(".gz")
    try:
        with open(path, "rb") as fh:
            if not gzipped:
                size = os.fstat(fh.fileno()).st_size
                if size > limit:
                    return Rejection(source, Reason.TOO_LARGE.code,
                                     f"{size:,} bytes, over the limit of {limit:,} (--max-bytes)")
            else:
                gzipped = is_gzip(fh.read(2))
                fh.seek(0)
            body = read_stream(fh, limit, gzipped=gzipped)
    except TooLarge:
        return Rejection(source, Reason.TOO_LARGE.code,
                         f"over the limit of {limit:,} bytes once decompressed (--max-bytes)")
    except Truncated:
        return Rejection(source, Reason.TRUNCATED.code, "the gzip stream ends early; the file is cut off")
    except Corrupt as exc:
        return Rejection(source, Reason.TRUNCATED.code, f"the gzip stream is corrupt ({exc.detail})")
    except OSError as exc:
        return Rejection(source, Reason.UNREADABLE.code, f"cannot read the file: {exc.strerror or exc}")
    headers = {"content-type": "text/plain"} if path.name.lower().endswith((".txt", ".txt.gz")) else {}
    return Page(url=None, body=body, headers=headers, fetched_at=_mtime(path), source=source)


def _read_stdin(stream: BinaryIO, limit: int) -> Item:
    try:
        head = stream.read(2)
        body = read_stream(io.BufferedReader(_Prefixed(head, stream)), limit, gzipped=is_gzip(head))
    except TooLarge:
        return Rejection("-", Reason.TOO_LARGE.code,
                         f"standard input is over the limit of {limit:,} bytes (--max-bytes)")
    except (Truncated, Corrupt):
        return Rejection("-", Reason.TRUNCATED.code, "the gzip stream on standard input is cut off or corrupt")
    return Page(url=None, body=body, source="-")


def _walk(directory: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(directory, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith(INPUT_SUFFIXES):
                yield Path(root) / name


def count_files(paths: list[str]) -> int:
    total = 0
    for raw in paths:
        path = Path(raw)
        if raw == "-" or path.is_file():
            total += 1
        elif path.is_dir():
            total += sum(1 for _ in _walk(path))
    return total


def iter_inputs(paths: list[str], limit: int, stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Every page of every input, in a fixed order (arguments as given, directories sorted)."""
    for raw in paths:
        if raw == "-":
            yield _read_stdin(stdin or sys.stdin.buffer, limit)
            continue
        path = Path(raw)
        if path.is_dir():
            for file in _walk(path):
                yield from _one(file, str(file), limit)
        elif path.exists():
            yield from _one(path, raw, limit)
        else:
            yield Rejection(raw, Reason.UNREADABLE.code, "no such file or directory")


def _one(path: Path, source: str, limit: int) -> Iterator[Item]:
    if path.is_symlink() and not path.resolve().is_file():
        yield Rejection(source, Reason.UNREADABLE.code, "a link to nothing readable")
    elif is_warc(path):
        yield from iter_warc(path, source, limit)
    else:
        yield _read_file(path, source, limit)


class _Prefixed(io.RawIOBase):
    """A stream with a few already-read bytes put back in front."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
