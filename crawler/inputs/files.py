"""Offline inputs -> Pages: files, directories, gzip, WARC, stdin.

Everything streams and is bounded: gzip is inflated in chunks and never past the size limit
(a gzip bomb costs at most the limit), WARC records are read one at a time. A bad input is
yielded as a `Rejection`, never raised: one bad file does not stop a run.
"""

from __future__ import annotations

import io
import os
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, Union

from cleaners import Page
from cleaners.errors import REASONS

__all__ = ["Rejection", "Item", "iter_inputs", "read_bounded", "count_files", "INPUT_SUFFIXES"]

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
TEXT_SUFFIXES = (".txt",)
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")
INPUT_SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES + WARC_SUFFIXES + tuple(s + ".gz" for s in HTML_SUFFIXES + TEXT_SUFFIXES)
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Rejection:
    source: str
    reason: str
    message: str

    def __post_init__(self) -> None:
        assert self.reason in REASONS, self.reason

    def to_dict(self) -> dict:
        return {"source": self.source, "reason": self.reason, "message": self.message}


Item = Union[Page, Rejection]


class _TooLarge(Exception):
    pass


def read_bounded(stream: BinaryIO, limit: int, *, gzipped: bool = False) -> bytes:
    """Read all of `stream`, inflating gzip on the fly; raise _TooLarge past `limit` bytes
    (after inflation), EOFError for a truncated gzip stream, zlib.error for a corrupt one."""
    out = bytearray()
    if not gzipped:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                return bytes(out)
            out += chunk
            if len(out) > limit:
                raise _TooLarge()
    inflater = zlib.decompressobj(wbits=31)  # gzip header
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            if not inflater.eof:
                raise EOFError("compressed data ends before the end-of-stream marker")
            return bytes(out)
        while chunk:
            room = limit + 1 - len(out)
            out += inflater.decompress(chunk, room)
            if len(out) > limit:
                raise _TooLarge()
            chunk = inflater.unconsumed_tail
            if inflater.eof:
                rest = inflater.unused_data
                if rest.strip(b"\x00"):
                    # A multi-member gzip file: keep going with a fresh inflater.
                    inflater = zlib.decompressobj(wbits=31)
                    chunk = rest
                else:
                    chunk = b""


def _mtime(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    except OSError:
        return None


def _is_warc(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(WARC_SUFFIXES)


def _read_file(path: Path, source: str, limit: int) -> Item:
    gzipped = path.name.lower().endswith(".gz")
    try:
        with open(path, "rb") as fh:
            if not gzipped:
                size = os.fstat(fh.fileno()).st_size
                if size > limit:
                    return Rejection(source, "too_large", f"{size:,} bytes, over the limit of {limit:,} (--max-bytes)")
            else:
                gzipped = fh.read(2) == b"\x1f\x8b"
                fh.seek(0)
            body = read_bounded(fh, limit, gzipped=gzipped)
    except _TooLarge:
        return Rejection(source, "too_large", f"over the limit of {limit:,} bytes once decompressed (--max-bytes)")
    except EOFError:
        return Rejection(source, "truncated", "the gzip stream ends early; the file is cut off")
    except zlib.error as exc:
        return Rejection(source, "truncated", f"the gzip stream is corrupt ({exc})")
    except OSError as exc:
        return Rejection(source, "unreadable", f"cannot read the file: {exc.strerror or exc}")
    headers = {"content-type": "text/plain"} if path.name.lower().endswith((".txt", ".txt.gz")) else {}
    return Page(url=None, body=body, headers=headers, fetched_at=_mtime(path), source=source)


def _http_split(block: bytes) -> tuple[int | None, dict[str, str], bytes]:
    """(status, headers, payload) of an HTTP response block."""
    head, sep, payload = block.partition(b"\r\n\r\n")
    if not sep:
        head, sep, payload = block.partition(b"\n\n")
    if not sep:
        return None, {}, block
    lines = head.decode("iso-8859-1").splitlines()
    status = None
    parts = lines[0].split(" ", 2) if lines else []
    if len(parts) >= 2 and parts[0].upper().startswith("HTTP/") and parts[1].isdigit():
        status = int(parts[1])
    headers = {}
    for line in lines[1:]:
        key, colon, value = line.partition(":")
        if colon:
            headers[key.strip().lower()] = value.strip()
    return status, headers, payload


def _iter_warc(path: Path, source: str, limit: int) -> Iterator[Item]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    if not _starts_like_warc(path):
        yield Rejection(source, "broken_record", "not a WARC file (no WARC/1.x header)")
        return
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield Rejection(source, "unreadable", f"cannot read the file: {exc.strerror or exc}")
        return
    with fh:
        index = 0
        try:
            for record in ArchiveIterator(fh, record_types=WarcRecordType.response, parse_http=False):
                index += 1
                name = f"{source}#{index}"
                url = record.headers.get("WARC-Target-URI")
                expected = record.content_length
                if expected > limit + 65536:
                    yield Rejection(name, "too_large", f"record of {expected:,} bytes, over the limit of {limit:,}")
                    continue
                block = record.reader.read(expected)
                if len(block) < expected:
                    yield Rejection(name, "broken_record", f"the record is cut off ({len(block):,} of {expected:,} "
                                    "bytes); the file ends early")
                    return
                status, headers, body = _http_split(block)
                ctype = headers.get("content-type", "").lower()
                if ctype and "html" not in ctype and "xml" not in ctype and not ctype.startswith("text/plain"):
                    continue  # images, scripts, styles: not pages, not rejections
                if len(body) > limit:
                    yield Rejection(name, "too_large", f"record over the limit of {limit:,} bytes")
                    continue
                if status is not None and status >= 400:
                    yield Rejection(name, "http_error", f"the archived response has status {status}")
                    continue
                fetched = record.record_date
                if fetched is not None and fetched.tzinfo is None:
                    fetched = fetched.replace(tzinfo=UTC)
                yield Page(url=url, body=body, headers=headers, fetched_at=fetched, status=status, source=name)
        except Exception as exc:  # fastwarc raises plain exceptions on broken streams
            yield Rejection(f"{source}#{index + 1}", "broken_record",
                            f"the WARC file cannot be read past record {index}: {exc}")


def _starts_like_warc(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
            if head[:2] == b"\x1f\x8b":
                head = zlib.decompressobj(wbits=31).decompress(head, 64)
    except (OSError, zlib.error):
        return False
    return head.startswith(b"WARC/")


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
            stream = stdin or sys.stdin.buffer
            try:
                head = stream.read(2)
                body = read_bounded(io.BufferedReader(_Prefixed(head, stream)), limit, gzipped=head == b"\x1f\x8b")
            except _TooLarge:
                yield Rejection("-", "too_large", f"standard input is over the limit of {limit:,} bytes (--max-bytes)")
                continue
            except (EOFError, zlib.error):
                yield Rejection("-", "truncated", "the gzip stream on standard input is cut off or corrupt")
                continue
            yield Page(url=None, body=body, source="-")
            continue
        path = Path(raw)
        if path.is_dir():
            for file in _walk(path):
                yield from _one(file, str(file), limit)
        elif path.exists():
            yield from _one(path, raw, limit)
        else:
            yield Rejection(raw, "unreadable", "no such file or directory")


def _one(path: Path, source: str, limit: int) -> Iterator[Item]:
    if path.is_symlink() and not path.resolve().is_file():
        yield Rejection(source, "unreadable", "a link to nothing readable")
    elif _is_warc(path):
        yield from _iter_warc(path, source, limit)
    else:
        yield _read_file(path, source, limit)


class _Prefixed(io.RawIOBase):
    """A stream with a few already-read bytes put back in front."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
