"""WARC files -> Pages: the response records, read one at a time.

A record is a page when it is an HTTP 200 response with an HTML (or undeclared) content type.
Redirects, other statuses and non-HTML records (images, scripts, feeds, DNS records) are not
pages: they are counted as skipped (`SKIP_REASONS`), never rejected. The archived body is
unchunked (`Transfer-Encoding: chunked`) and decoded (`Content-Encoding: gzip`, `deflate`, `br`)
under the size limit. A record that is too large, cut off, undecodable or whose HTTP block is
broken is yielded as a `Rejection`, and a file that breaks mid-way ends with one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import Any, BinaryIO

from cleaners import Page
from cleaners.errors import Reason
from cleaners.model import Rejection
from crawler.inputs.bounded import (
    BoundedReadError,
    Corrupt,
    TooLarge,
    Truncated,
    decode_content,
    gunzip_head,
    is_gzip,
)

__all__ = ["WARC_SUFFIXES", "SKIP_REASONS", "is_warc", "iter_warc", "record_name", "split_http", "unchunk"]

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")
SKIP_REASONS = ("redirect", "http_status", "not_html")
_HEADER_SLACK = 65536  # a record's HTTP headers, on top of the body limit


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def iter_warc(path: Path, source: str, limit: int, skipped: Counter | None = None) -> Iterator[Page | Rejection]:
    """The pages of the response records of one WARC file (gzipped or not), named `source#N@OFFSET`
    (N counts response records from 1; OFFSET is the byte where the record starts in the file, its
    gzip member in a .warc.gz, as CDX indexes give it). Records that are not pages are counted in
    `skipped`."""
    if not _starts_like_warc(path):
        yield Rejection(source, Reason.BROKEN_RECORD.code, "not a WARC file (no WARC/1.x header)")
        return
    try:
        with open(path, "rb") as fh:
            yield from _records(fh, source, limit, skipped if skipped is not None else Counter())
    except OSError as exc:  # opening it; read errors are broken records, below
        yield Rejection(source, Reason.UNREADABLE.code, f"cannot read the file: {exc.strerror or exc}")


def _records(fh: BinaryIO, source: str, limit: int, skipped: Counter) -> Iterator[Page | Rejection]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    index = 0
    try:
        for record in ArchiveIterator(fh, record_types=WarcRecordType.response, parse_http=False):
            index += 1
            name = record_name(source, index, record.stream_pos)
            expected = record.content_length
            if expected > limit + _HEADER_SLACK:
                yield Rejection(name, Reason.TOO_LARGE.code,
                                f"record of {expected:,} bytes, over the limit of {limit:,}")
                continue
            block = record.reader.read(expected)
            if len(block) < expected:
                yield Rejection(name, Reason.BROKEN_RECORD.code, f"the record is cut off ({len(block):,} of "
                                f"{expected:,} bytes); the file ends early")
                return
            item = _record(record, block, name, limit)
            if isinstance(item, str):
                skipped[item] += 1
            else:
                yield item
    except Exception as exc:  # fastwarc raises plain exceptions on broken streams
        yield Rejection(record_name(source, index + 1, _tell(fh)), Reason.BROKEN_RECORD.code,
                        f"the WARC file cannot be read past record {index}: {exc}")


def record_name(source: str, index: int, offset: int) -> str:
    """The `source` of the `index`-th response record of the WARC `source`, found at byte `offset`."""
    return f"{source}#{index}@{offset}"


def _tell(fh: BinaryIO) -> int:
    """Where reading stopped (a broken stream's record has no offset of its own)."""
    try:
        return fh.tell()
    except (OSError, ValueError):
        return 0


def _record(record: Any, block: bytes, name: str, limit: int) -> Page | Rejection | str:
    """One response record as a Page, a Rejection, or the reason it is skipped (not a page)."""
    wtype = (record.headers.get("Content-Type") or "").lower()
    if wtype and "application/http" not in wtype:
        return "not_html"  # a DNS record or another non-HTTP response
    parsed = split_http(block)
    if parsed is None:
        return Rejection(name, Reason.BROKEN_RECORD.code, "the HTTP block has no end of headers "
                         "(no blank line after the status and headers)")
    status, headers, body = parsed
    if status is None:
        return Rejection(name, Reason.BROKEN_RECORD.code, "the HTTP block does not start with a status line "
                         "(HTTP/1.x NNN)")
    if 300 <= status < 400:
        return "redirect"
    if status != 200:
        return "http_status"
    ctype = headers.get("content-type", "").lower()
    if ctype and "html" not in ctype:
        return "not_html"
    decoded = _decode_body(headers, body, name, limit)
    if isinstance(decoded, Rejection):
        return decoded
    for header in ("transfer-encoding", "content-encoding"):
        headers.pop(header, None)
    fetched = record.record_date
    if fetched is not None and fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=UTC)
    return Page(url=record.headers.get("WARC-Target-URI"), body=decoded, headers=headers, fetched_at=fetched,
                status=status, source=name)


def _looks_like_markup(body: bytes) -> bool:
    return body.lstrip(b" \t\r\n\xef\xbb\xbf").startswith(b"<")


def _decode_body(headers: dict[str, str], body: bytes, name: str, limit: int) -> bytes | Rejection:
    """The payload with its transfer and content codings undone. Archivers that stored the body
    already decoded but kept the headers are common: a body that is plainly markup is taken as is."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        unchunked = unchunk(body)
        if unchunked is None:
            return Rejection(name, Reason.TRUNCATED.code, "the chunked body ends before its last chunk")
        body = unchunked
    if len(body) > limit:
        return Rejection(name, Reason.TOO_LARGE.code, f"record over the limit of {limit:,} bytes")
    codings = [c for c in headers.get("content-encoding", "").split(",") if c.strip()]
    if not codings or _looks_like_markup(body):
        return body
    label = ", ".join(c.strip() for c in codings)
    try:
        return decode_content(body, codings, limit)
    except TooLarge:
        return Rejection(name, Reason.TOO_LARGE.code,
                         f"over the limit of {limit:,} bytes once decoded (Content-Encoding: {label})")
    except Truncated:
        return Rejection(name, Reason.TRUNCATED.code, f"the {label}-encoded body ends early")
    except Corrupt as exc:
        return Rejection(name, Reason.UNDECODABLE.code, f"the body does not decode as {label} ({exc.detail})")
    except BoundedReadError as exc:  # Unsupported
        return Rejection(name, Reason.UNDECODABLE.code, f"the body cannot be decoded: {exc}")


def unchunk(body: bytes) -> bytes | None:
    """A `Transfer-Encoding: chunked` body joined; the body itself when it is not chunked at all
    (the archiver stored it unchunked), None when it is chunked but ends before its last chunk."""
    out = bytearray()
    pos = 0
    first = True
    while True:
        end = body.find(b"\n", pos, pos + 1024)
        size_text = body[pos:end].split(b";", 1)[0].strip() if end >= 0 else b""
        try:
            size = int(size_text, 16)
        except ValueError:
            if first:
                return body
            return None
        first = False
        if size == 0:
            return bytes(out)
        start = end + 1
        if start + size > len(body):
            return None
        out += body[start:start + size]
        pos = start + size
        if body.startswith(b"\r\n", pos):
            pos += 2
        elif body.startswith(b"\n", pos):
            pos += 1


def split_http(block: bytes) -> tuple[int | None, dict[str, str], bytes] | None:
    """(status, headers, payload) of an archived HTTP response block (a repeated header keeps its
    last value); None when the headers have no end (no blank line within the first 64 KiB)."""
    end = block.find(b"\r\n\r\n", 0, _HEADER_SLACK)
    size = 4
    if end < 0:
        end = block.find(b"\n\n", 0, _HEADER_SLACK)
        size = 2
    if end < 0:
        return None
    head, payload = block[:end], block[end + size:]
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


def _starts_like_warc(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
        if is_gzip(head):
            head = gunzip_head(head, 64)
    except (OSError, BoundedReadError):
        return False
    return head.startswith(b"WARC/")
