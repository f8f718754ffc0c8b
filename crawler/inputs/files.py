"""Offline inputs -> Pages: files, directories, gzip, WARC, stdin.

Everything streams and is bounded: gzip is inflated in chunks and never past the size limit
(crawler.inputs.bounded), WARC records are read one at a time (crawler.inputs.warc). A bad input
is yielded as a `Rejection`, never raised: one bad file does not stop a run. That includes what a
directory walk meets: dangling links and link loops, sub-directories that cannot be listed,
FIFOs and devices; and a directory with nothing to clean in it.

Inside directories, files with a page suffix are read; files with another suffix or none (a
mirror's `read.php?id=5`, `index`) are read when their first bytes look like HTML, and counted
in the caller's `skipped` counter when they do not (never rejected); files with a known non-page
suffix (images, scripts, styles, JSON) are not opened nor counted.

Sources are names as a user can read them: a file name with bytes that are not UTF-8 is given
with those bytes escaped (`caf\\xe9.html`), so records and messages can always be written.
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from cleaners import Page
from cleaners.errors import Reason
from cleaners.model import Rejection
from crawler.inputs.bounded import Corrupt, TooLarge, Truncated, is_gzip, read_stream
from crawler.inputs.warc import WARC_SUFFIXES, is_warc, iter_warc

__all__ = ["Item", "iter_inputs", "count_files", "looks_like_html", "display_name", "INPUT_SUFFIXES",
           "HTML_SUFFIXES", "TEXT_SUFFIXES", "WARC_SUFFIXES"]

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
TEXT_SUFFIXES = (".txt",)
INPUT_SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES + WARC_SUFFIXES + tuple(s + ".gz" for s in HTML_SUFFIXES + TEXT_SUFFIXES)
# Never pages: not even opened inside a directory.
NOT_PAGE_SUFFIXES = (
    ".css", ".js", ".mjs", ".json", ".map", ".xml", ".rss", ".atom", ".csv", ".pdf", ".doc", ".docx",
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico", ".bmp", ".tif", ".tiff",
    ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3", ".mp4", ".webm", ".ogg", ".wav", ".m4a", ".mov",
    ".zip", ".tar", ".tgz", ".bz2", ".xz", ".zst", ".7z", ".rar", ".gz", ".exe", ".bin", ".swf",
)
SNIFF_BYTES = 4096
_HTML_TAG_RE = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>/]", re.IGNORECASE)

Item = Page | Rejection


def display_name(raw: str) -> str:
    """`raw` (a path as the OS gave it) with any byte that is not UTF-8 escaped as `\\xNN`."""
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(raw).decode("utf-8", "backslashreplace")
    return raw


def looks_like_html(head: bytes) -> bool:
    """Whether the first bytes of a file are an HTML page (UTF-8/legacy or UTF-16)."""
    big = head.startswith(b"\xfe\xff") or (len(head) >= 8 and head[0:8:2] == b"\x00" * 4)
    if big or head.startswith(b"\xff\xfe") or (len(head) >= 8 and head[1:8:2] == b"\x00" * 4):
        head = head.decode("utf-16-be" if big else "utf-16-le", "ignore").encode("utf-8")
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n\x00")
    return text.startswith(b"<") and _HTML_TAG_RE.search(text) is not None


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


def _unreadable(path: Path, source: str, *, inside_dir: bool) -> Rejection | None:
    """Why `path` cannot be read as an input (a dangling link, a link loop, a FIFO in a
    directory...), or None when it can."""
    try:
        info = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            why = "a symbolic link loop (the link leads back to itself)"
        elif exc.errno == errno.ENOENT and os.path.islink(path):
            why = f"a dangling symbolic link (it points to {display_name(os.readlink(path))}, which does not exist)"
        elif exc.errno == errno.ENOENT:
            why = "no such file or directory"
        else:
            why = f"cannot read it: {exc.strerror or exc}"
        return Rejection(source, Reason.UNREADABLE.code, why)
    if inside_dir and not stat.S_ISREG(info.st_mode):
        return Rejection(source, Reason.UNREADABLE.code, "not a regular file (a FIFO, socket or device); not read")
    return None


class _Walk:
    """The files of one directory tree to read, in a fixed order (files of a directory sorted,
    then its sub-directories, sorted), with sub-directories that cannot be listed as Rejections."""

    def __init__(self, directory: Path, skipped: Counter) -> None:
        self.directory = directory
        self.skipped = skipped
        self.taken = 0
        self.ignored = 0  # files not opened: their suffix says they are not pages
        self.errors: list[OSError] = []

    def __iter__(self) -> Iterator[Path | Rejection]:
        for root, dirs, files in os.walk(self.directory, onerror=self.errors.append, followlinks=False):
            yield from self._errors()
            dirs.sort()
            for name in sorted(files):
                path = Path(root) / name
                if self._wanted(path):
                    self.taken += 1
                    yield path
        yield from self._errors()

    def _errors(self) -> Iterator[Rejection]:
        while self.errors:
            exc = self.errors.pop(0)
            name = display_name(str(exc.filename or self.directory))
            self.taken += 1
            yield Rejection(name, Reason.UNREADABLE.code,
                            f"cannot list the directory: {exc.strerror or exc}; the files in it were not read")

    def _wanted(self, path: Path) -> bool:
        lowered = path.name.lower()
        if lowered.endswith(INPUT_SUFFIXES):
            return True
        if lowered.endswith(NOT_PAGE_SUFFIXES):
            self.ignored += 1
            return False
        try:
            with open(path, "rb") as fh:
                if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                    return True  # rejected when read: never read a FIFO here
                head = fh.read(SNIFF_BYTES)
        except OSError:
            return True  # a dangling link or an unreadable file: rejected as unreadable when read
        if looks_like_html(head):
            return True
        self.skipped["not_html"] += 1
        return False


def count_files(paths: list[str]) -> int:
    total = 0
    for raw in paths:
        path = Path(raw)
        if raw == "-" or path.is_file():
            total += 1
        elif path.is_dir():
            total += sum(1 for _ in _Walk(path, Counter()))
    return total


def iter_inputs(paths: list[str], limit: int, stdin: BinaryIO | None = None,
                skipped: Counter | None = None) -> Iterator[Item]:
    """Every page of every input, in a fixed order (arguments as given, directories sorted).
    What is not a page (WARC redirects, error statuses, images...) is counted in `skipped`, per reason."""
    skipped = skipped if skipped is not None else Counter()
    for raw in paths:
        if raw == "-":
            yield _read_stdin(stdin or sys.stdin.buffer, limit)
            continue
        path = Path(raw)
        source = display_name(raw)
        if path.is_dir():
            yield from _directory(path, source, limit, skipped)
        else:
            yield from _one(path, source, limit, skipped, inside_dir=False)


def _one(path: Path, source: str, limit: int, skipped: Counter, *, inside_dir: bool) -> Iterator[Item]:
    rejection = _unreadable(path, source, inside_dir=inside_dir)
    if rejection is not None:
        yield rejection
    elif is_warc(path):
        yield from iter_warc(path, source, limit, skipped)
    else:
        yield _read_file(path, source, limit)


def _directory(path: Path, source: str, limit: int, skipped: Counter) -> Iterator[Item]:
    walk = _Walk(path, skipped)
    before = sum(skipped.values())
    for found in walk:
        if isinstance(found, Rejection):
            yield found
            continue
        yield from _one(found, display_name(str(found)), limit, skipped, inside_dir=True)
    if not walk.taken:
        ignored = sum(skipped.values()) - before + walk.ignored
        yield Rejection(source, Reason.EMPTY.code, "nothing to clean in this directory: no .html, .htm, .txt or "
                        ".warc file and no file that looks like HTML"
                        + (f" ({ignored} other files skipped)" if ignored else " (it holds no files)"))


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
