"""Raw capture (`--warc` on `crawl` and `fetch`): the HTTP responses of article pages, as received, in
WARC files that `newsbroom clean` reads back.

Files: `DIR/warc/<name>-<UTC start>-<part>.warc.gz` (`name`: `crawl`, `fetch`, or a shared crawl's
worker), mode 0644 less the umask, each opened with a `warcinfo` record. Every page is a `request` record
and a `response` record (WARC-Target-URI: the URL the answer came from, after redirects; WARC-Date: when
it was received; the status line and headers as received; the body as the HTTP client handed it over),
each its own gzip member, written whole and flushed: a killed run leaves a file readable up to its last
whole record. While a file is open, `DIR/warc/.<file>.open` names its process; the next capture on that
host whose writer is gone cuts the file after its last whole record. A file is closed and the next part
begun once it reaches `max_size` (1 GiB).

The body is stored de-chunked and, where the client decoded it, decoded: the headers then say what the
record holds (`Content-Length` is the stored body's; the headers that described the bytes on the wire,
`Transfer-Encoding`, a decoded `Content-Encoding` and a differing `Content-Length`, are kept renamed
`X-Archive-Orig-<name>`), so every record is self-consistent.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import socket
import uuid
import zlib
from collections.abc import Iterable
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path

from cleaners import __version__
from crawler.outputs.lock import pid_running
from crawler.outputs.writer import OutputFailed

__all__ = ["WarcCapture", "WARC_DIR", "DEFAULT_MAX_SIZE", "http_response_block", "repair"]

WARC_DIR = "warc"
DEFAULT_MAX_SIZE = 1 << 30
# gzip level of each record: on real article pages (~140 kB) level 3 takes 1.9 ms a page against 4.3 ms
# at level 6 (in the process that fetches), for files about 12% larger
_COMPRESSION = 3
_ORIG = "X-Archive-Orig-"
_WIRE_ONLY = ("transfer-encoding",)


def reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def http_response_block(protocol: str | None, status: int, headers: Iterable[tuple[str, str]], body: bytes, *,
                        decoded: Iterable[str] = ()) -> bytes:
    """The HTTP block of a response record: the status line, the headers as received but for those that
    describe the wire rather than the stored body (renamed X-Archive-Orig-*), the stored body's
    Content-Length, then `body`. `decoded`: the content codings the client undid."""
    undone = {c.strip().lower() for c in decoded}
    lines = [f"{protocol or 'HTTP/1.1'} {status} {reason_phrase(status)}".rstrip()]
    for name, value in headers:
        key = name.lower()
        if key == "content-length":
            if value.strip() != str(len(body)):
                lines.append(f"{_ORIG}{name}: {value}")
            continue
        codings = {c.strip().lower() for c in value.split(",") if c.strip()}
        if key in _WIRE_ONLY or (key == "content-encoding" and codings and codings <= undone):
            lines.append(f"{_ORIG}{name}: {value}")
            continue
        lines.append(f"{name}: {value}")
    lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace") + body


def http_request_block(method: str, url: str, protocol: str | None, headers: Iterable[tuple[str, str]]) -> bytes:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    lines = [f"{method} {target} {protocol or 'HTTP/1.1'}"]
    given = list(headers)
    if not any(name.lower() == "host" for name, _ in given):
        lines.append(f"Host: {parts.netloc}")
    lines += [f"{name}: {value}" for name, value in given]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")


def _warc_date(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond:06d}Z"


def _record(kind: str, headers: dict[str, str], block: bytes) -> bytes:
    """One WARC record (FastWARC), gzipped as its own member."""
    from fastwarc.warc import WarcRecord, WarcRecordType

    record = WarcRecord()
    record.init_headers(getattr(WarcRecordType, kind))
    for name, value in headers.items():
        record.headers[name] = value
    record.set_bytes_content(block)
    buffer = io.BytesIO()
    record.write(buffer, checksum_data=True)
    return gzip.compress(buffer.getvalue(), compresslevel=_COMPRESSION, mtime=0)


def repair(path: Path) -> int:
    """Cut `path` (gzip members, one WARC record each) after its last whole member; the bytes cut."""
    good = 0
    with open(path, "rb") as fh:
        while True:
            inflater = zlib.decompressobj(31)
            fh.seek(good)
            consumed = 0
            while not inflater.eof:
                chunk = fh.read(1 << 16)
                if not chunk:
                    break
                try:
                    inflater.decompress(chunk, 0)
                except zlib.error:
                    break
                consumed += len(chunk) - len(inflater.unused_data)
                if inflater.eof:
                    break
            if not inflater.eof:
                break
            good += consumed
            if consumed == 0:
                break
    size = path.stat().st_size
    if good < size:
        os.truncate(path, good)
    return size - good


class WarcCapture:
    """The WARC files of one run (one pass of a crawl, one fetch)."""

    def __init__(self, out_dir: str | Path, name: str, *, max_size: int = DEFAULT_MAX_SIZE,
                 fsync: bool = False) -> None:
        self.out = Path(out_dir)
        self.dir = self.out / WARC_DIR
        self.name = name
        self.max_size = max_size
        self.fsync = fsync
        self.started = datetime.now(UTC)
        self.part = 0
        self.path: Path | None = None
        self._fd: int | None = None
        self._size = 0
        self.records = 0
        self.files: list[Path] = []
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            self.repaired = self._repair_left_over()
        except OSError as exc:
            raise OutputFailed(self.dir, exc) from None

    # -- files -----------------------------------------------------------------------------------
    def _marker(self, path: Path) -> Path:
        return path.with_name(f".{path.name}.open")

    def _repair_left_over(self) -> int:
        """Cut the torn last record of files whose writer on this host is gone; the files repaired."""
        host = socket.gethostname()
        repaired = 0
        for marker in sorted(self.dir.glob(".*.warc.gz.open")):
            try:
                owner_host, _, pid = marker.read_text(encoding="utf-8").strip().rpartition(" ")
            except (OSError, UnicodeDecodeError):
                continue
            if owner_host != host or not pid.isdigit() or pid_running(int(pid)):
                continue
            target = marker.with_name(marker.name[1:-len(".open")])
            if target.is_file():
                repair(target)
                repaired += 1
            marker.unlink(missing_ok=True)
        return repaired

    def _open(self) -> None:
        stamp = self.started.strftime("%Y%m%dT%H%M%SZ")
        while True:
            path = self.dir / f"{self.name}-{stamp}-{self.part:05d}.warc.gz"
            try:  # never another run's file (two runs started within the same second)
                self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
            except FileExistsError:
                self.part += 1
                continue
            break
        self._marker(path).write_text(f"{socket.gethostname()} {os.getpid()}\n", encoding="utf-8")
        self.path = path
        self.files.append(path)
        self._size = 0
        info = (f"software: newsbroom/{__version__}\r\nformat: WARC File Format 1.1\r\n"
                f"hostname: {socket.gethostname()}\r\n").encode()
        self._write(_record("warcinfo", {"WARC-Filename": path.name, "Content-Type": "application/warc-fields"},
                            info))

    def _close_file(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            if self.fsync:
                os.fsync(fd)
        finally:
            os.close(fd)
        assert self.path is not None
        self._marker(self.path).unlink(missing_ok=True)

    def _write(self, data: bytes) -> None:
        assert self._fd is not None
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
        self._size += len(data)

    # -- records ---------------------------------------------------------------------------------
    def response(self, url: str, status: int, headers: Iterable[tuple[str, str]], body: bytes, *,
                 protocol: str | None = None, decoded: Iterable[str] = (), method: str = "GET",
                 request_headers: Iterable[tuple[str, str]] = (), when: datetime | None = None) -> None:
        """A request record and the response record of one page. Raises OutputFailed."""
        date = _warc_date(when or datetime.now(UTC))
        response_id = f"<urn:uuid:{uuid.uuid4()}>"
        request = _record("request", {"WARC-Date": date, "WARC-Target-URI": url,
                                      "WARC-Concurrent-To": response_id,
                                      "Content-Type": "application/http; msgtype=request"},
                          http_request_block(method, url, protocol, request_headers))
        response = _record("response", {"WARC-Record-ID": response_id, "WARC-Date": date, "WARC-Target-URI": url,
                                        "Content-Type": "application/http; msgtype=response"},
                           http_response_block(protocol, status, headers, body, decoded=decoded))
        try:
            if self._fd is None:
                self._open()
            self._write(request + response)
            if self.fsync:
                assert self._fd is not None
                os.fsync(self._fd)
            self.records += 1
            if self._size >= self.max_size:
                self._close_file()
                self.part += 1
        except OSError as exc:
            raise OutputFailed(self.dir, exc) from None

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._close_file()
