"""WARC files -> Pages: the response records, read one at a time.

Records that are not pages (images, scripts, styles) are skipped; a record that is too large, cut
off or an HTTP error is yielded as a `Rejection`, and a file that breaks mid-way ends with one.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import Any, BinaryIO

from cleaners import Page
from cleaners.errors import Reason
from cleaners.model import Rejection
from crawler.inputs.bounded import BoundedReadError, gunzip_head, is_gzip

__all__ = ["WARC_SUFFIXES", "is_warc", "iter_warc"]

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")
_HEADER_SLACK = 65536  # a record's HTTP headers, on top of the body limit


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def iter_warc(path: Path, source: str, limit: int) -> Iterator[Page | Rejection]:
    """The pages of the response records of one WARC file (gzipped or not), named `source#N`."""
    if not _starts_like_warc(path):
        yield Rejection(source, Reason.BROKEN_RECORD.code, "not a WARC file (no WARC/1.x header)")
        return
    try:
        with open(path, "rb") as fh:
            yield from _records(fh, source, limit)
    except OSError as exc:  # opening it; read errors are broken records, below
        yield Rejection(source, Reason.UNREADABLE.code, f"cannot read the file: {exc.strerror or exc}")


def _records(fh: BinaryIO, source: str, limit: int) -> Iterator[Page | Rejection]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    index = 0
    try:
        for record in ArchiveIterator(fh, record_types=WarcRecordType.response, parse_http=False):
            index += 1
            item = _record(record, f"{source}#{index}", limit)
            if item is not None:
                yield item
            if isinstance(item, Rejection) and item.reason == Reason.BROKEN_RECORD.code:
                return
    except Exception as exc:  # fastwarc raises plain exceptions on broken streams
        yield Rejection(f"{source}#{index + 1}", Reason.BROKEN_RECORD.code,
                        f"the WARC file cannot be read past record {index}: {exc}")


def _record(record: Any, name: str, limit: int) -> Page | Rejection | None:
    """One response record as a Page, a Rejection, or None when it is not a page at all."""
    expected = record.content_length
    if expected > limit + _HEADER_SLACK:
        return Rejection(name, Reason.TOO_LARGE.code, f"record of {expected:,} bytes, over the limit of {limit:,}")
    block = record.reader.read(expected)
    if len(block) < expected:
        return Rejection(name, Reason.BROKEN_RECORD.code, f"the record is cut off ({len(block):,} of {expected:,} "
                         "bytes); the file ends early")
    status, headers, body = split_http(block)
    ctype = headers.get("content-type", "").lower()
    if ctype and "html" not in ctype and "xml" not in ctype and not ctype.startswith("text/plain"):
        return None  # images, scripts, styles: not pages, not rejections
    if len(body) > limit:
        return Rejection(name, Reason.TOO_LARGE.code, f"record over the limit of {limit:,} bytes")
    if status is not None and status >= 400:
        return Rejection(name, Reason.HTTP_ERROR.code, f"the archived response has status {status}")
    fetched = record.record_date
    if fetched is not None and fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=UTC)
    return Page(url=record.headers.get("WARC-Target-URI"), body=body, headers=headers, fetched_at=fetched,
                status=status, source=name)


def split_http(block: bytes) -> tuple[int | None, dict[str, str], bytes]:
    """(status, headers, payload) of an archived HTTP response block (a repeated header keeps its last value)."""
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


def _starts_like_warc(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
        if is_gzip(head):
            head = gunzip_head(head, 64)
    except (OSError, BoundedReadError):
        return False
    return head.startswith(b"WARC/")
