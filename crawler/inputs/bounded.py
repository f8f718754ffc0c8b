"""The one bounded read: all bytes of a stream, a byte string or a run of chunks, gunzipped on the fly.

Nothing is ever held past the size limit: plain input is counted as it arrives, gzip is inflated
in chunks with the room left as the cap (a gzip bomb costs at most the limit). A gzip stream that
ends before its end-of-stream marker is `Truncated`, one that does not inflate is `Corrupt`;
several gzip members are read one after the other, NUL padding after the last one is ignored.
`decode_content` undoes an HTTP Content-Encoding (gzip, deflate, br) under the same cap, and
`read_encoded` reads an HTTP body from its raw chunks (as received, still content-coded) with its
codings undone under the same cap: a gzip bomb is inflated only up to the limit, then dropped.
Every failure is a `BoundedReadError`, which callers turn into their own rejection or error.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

__all__ = ["GZIP_MAGIC", "BoundedReadError", "TooLarge", "Truncated", "Corrupt", "Unsupported", "read_chunks",
           "read_stream", "read_bytes", "gunzip_head", "is_gzip", "decode_content", "CONTENT_CODINGS", "read_encoded",
           "decodable"]

GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 16
_GZIP_WBITS = 31  # zlib.MAX_WBITS + 16: a gzip header and trailer around deflate data
_ZLIB_WBITS = 15  # HTTP "deflate": zlib-wrapped deflate data...
_RAW_WBITS = -15  # ...though some servers send it raw


class BoundedReadError(Exception):
    """The input could not be read within the rules: too large, cut off or corrupt."""


class TooLarge(BoundedReadError):
    """Over the limit: `size` is the whole size when it was known before reading (plain bytes),
    `compressed` says the limit was passed while inflating gzip."""

    def __init__(self, limit: int, *, size: int | None = None, compressed: bool = False) -> None:
        super().__init__(f"over the limit of {limit:,} bytes")
        self.limit = limit
        self.size = size
        self.compressed = compressed


class Truncated(BoundedReadError):
    """The gzip stream ends before its end-of-stream marker."""


class Corrupt(BoundedReadError):
    """The gzip stream cannot be inflated; `detail` is zlib's own words."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class Unsupported(BoundedReadError):
    """A content coding this installation cannot undo (`br` without the brotli package, `zstd`, ...)."""


def is_gzip(head: bytes) -> bool:
    return head[:2] == GZIP_MAGIC


def read_chunks(chunks: Iterable[bytes], limit: int, *, gzipped: bool = False) -> bytes:
    """All of `chunks` joined (inflated when `gzipped`); TooLarge as soon as the result would pass `limit`."""
    if gzipped:
        return _inflate(chunks, limit)
    out = bytearray()
    for chunk in chunks:
        out += chunk
        if len(out) > limit:
            raise TooLarge(limit)
    return bytes(out)


def read_stream(stream: BinaryIO, limit: int, *, gzipped: bool = False) -> bytes:
    """All of `stream`, read in chunks (inflated when `gzipped`), never more than `limit` bytes."""
    return read_chunks(_stream_chunks(stream), limit, gzipped=gzipped)


def read_bytes(body: bytes, limit: int) -> bytes:
    """`body` itself, or its inflated content when it starts like gzip; never more than `limit` bytes."""
    if not is_gzip(body):
        if len(body) > limit:
            raise TooLarge(limit, size=len(body))
        return body
    return read_stream(io.BytesIO(body), limit, gzipped=True)


def gunzip_head(head: bytes, size: int) -> bytes:
    """The first `size` inflated bytes of a gzip stream of which only `head` is at hand (for sniffing);
    Corrupt when even that does not inflate."""
    try:
        return zlib.decompressobj(wbits=_GZIP_WBITS).decompress(head, size)
    except zlib.error as exc:
        raise Corrupt(str(exc)) from None


def _stream_chunks(stream: BinaryIO) -> Iterator[bytes]:
    while chunk := stream.read(CHUNK):
        yield chunk


def _inflate(chunks: Iterable[bytes], limit: int, wbits: int = _GZIP_WBITS, *, partial: bool = False) -> bytes:
    """With `partial`, the first `limit` inflated bytes, without error past them or at an early end."""
    out = bytearray()
    inflater = zlib.decompressobj(wbits=wbits)
    try:
        for data in chunks:
            chunk = data
            while chunk:
                out += inflater.decompress(chunk, limit + 1 - len(out))
                if len(out) > limit:
                    if partial:
                        return bytes(out[:limit])
                    raise TooLarge(limit, compressed=True)
                chunk = inflater.unconsumed_tail
                if inflater.eof:
                    rest = inflater.unused_data
                    if rest.strip(b"\x00"):
                        # A multi-member gzip file: keep going with a fresh inflater.
                        inflater = zlib.decompressobj(wbits=wbits)
                        chunk = rest
                    else:
                        chunk = b""  # NUL padding after the last member is not data
    except zlib.error as exc:
        raise Corrupt(str(exc)) from None
    if not inflater.eof and not partial:
        raise Truncated("compressed data ends before the end-of-stream marker")
    return bytes(out)


def _brotli() -> Any:
    try:
        import brotli  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        return None
    return brotli


CONTENT_CODINGS = ("gzip", "x-gzip", "deflate") + (("br",) if _brotli() is not None else ())


def _unbrotli(body: bytes, limit: int, partial: bool = False) -> bytes:
    brotli = _brotli()
    if brotli is None:
        raise Unsupported("Content-Encoding br needs the brotli package, which is not installed")
    decoder = brotli.Decompressor()
    out = bytearray()
    try:
        data = body
        while True:
            out += decoder.process(data, output_buffer_limit=CHUNK)
            data = b""
            if len(out) > limit:
                if partial:
                    return bytes(out[:limit])
                raise TooLarge(limit, compressed=True)
            if decoder.is_finished():
                return bytes(out)
            if decoder.can_accept_more_data():
                if partial:
                    return bytes(out)
                raise Truncated("the brotli stream ends before its end")
    except brotli.error as exc:
        raise Corrupt(str(exc) or "not a brotli stream") from None


def _undeflate(body: bytes, limit: int, partial: bool = False) -> bytes:
    try:
        return _inflate((body,), limit, _ZLIB_WBITS, partial=partial)
    except Corrupt:
        return _inflate((body,), limit, _RAW_WBITS, partial=partial)


def decode_content(body: bytes, codings: Iterable[str], limit: int, *, partial: bool = False) -> bytes:
    """`body` with the HTTP content codings `codings` (in the order they were applied) undone,
    never more than `limit` bytes. Unsupported for a coding that cannot be undone here. With
    `partial` (the head of a body), the first `limit` decoded bytes: no error past them, nor when
    the coded data ends early."""
    for coding in reversed([c.strip().lower() for c in codings if c.strip()]):
        if coding == "identity":
            continue
        if coding in ("gzip", "x-gzip"):
            body = _inflate((body,), limit, partial=partial)
        elif coding == "deflate":
            body = _undeflate(body, limit, partial)
        elif coding == "br":
            body = _unbrotli(body, limit, partial)
        else:
            raise Unsupported(f"unknown Content-Encoding {coding!r}")
    return body


def decodable(codings: Iterable[str]) -> list[str]:
    """The content codings of `codings` that `read_encoded` undoes (lower-cased, in order): those of
    CONTENT_CODINGS. Any other (`identity`, a coding this installation lacks, a server's nonsense such
    as `Content-Encoding: utf-8`) is left as it is, as HTTP clients do."""
    return [c for c in (c.strip().lower() for c in codings) if c in CONTENT_CODINGS]


def _capped(chunks: Iterable[bytes], limit: int) -> Iterator[bytes]:
    """`chunks`, TooLarge once more than `limit` bytes came."""
    seen = 0
    for chunk in chunks:
        seen += len(chunk)
        if seen > limit:
            raise TooLarge(limit)
        yield chunk


def _head(chunks: Iterable[bytes], size: int) -> bytes:
    """The first `size` bytes of `chunks`; the rest is not read."""
    out = bytearray()
    for chunk in chunks:
        out += chunk
        if len(out) >= size:
            break
    return bytes(out[:size])


def read_encoded(chunks: Iterable[bytes], codings: Iterable[str], limit: int, *, head: int | None = None) -> bytes:
    """An HTTP body from its raw chunks (as received: de-chunked, still content-coded), with the codings
    that `decodable` names undone (in the order they were applied). Neither the coded bytes nor the
    decoded ones may pass `limit` (TooLarge; `compressed` when the decoded ones did); a gzip body is
    inflated as it arrives, so a gzip bomb stops being read at the limit. With `head`, only the first
    `head` decoded bytes, no error past them (nor at an early end of the coded data)."""
    undo = decodable(codings)
    if head is not None:
        return decode_content(_head(chunks, head), undo, head, partial=True)
    if not undo:
        return read_chunks(chunks, limit)
    if undo in (["gzip"], ["x-gzip"]):
        return read_chunks(_capped(chunks, limit), limit, gzipped=True)
    return decode_content(read_chunks(chunks, limit), undo, limit)
