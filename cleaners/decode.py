"""bytes -> str, once: BOM, then the HTTP/WARC charset, then <meta charset>, then detection.

A declared charset is trusted when the bytes decode under it, except that a page declared as
Latin-1/Windows-1252/ASCII but valid as UTF-8 (a common mislabel) is read as UTF-8.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from cleaners.errors import RejectedInput
from cleaners.knowledge.settings import default_settings

__all__ = ["decode", "sniff_binary", "charset_from_content_type", "looks_like_html"]

_HTML_HINT_RE = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article)[\s>/]", re.I)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_RE = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
_INPUT = default_settings().input  # sniffing windows (data/settings.toml)
_CT_RE = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# WHATWG: these labels mean windows-1252.
_LATIN = {"iso-8859-1", "latin-1", "latin1", "ascii", "us-ascii", "cp1252", "windows-1252", "l1", "iso8859-1"}

# File signatures of things that are surely not a page.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF (WebP/WAV/AVI) file"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an Ogg file"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
)


def looks_like_html(body: bytes, content_type: str | None = None) -> bool:
    """HTML (or XML) by its content type, else by a tag near the start of the body."""
    if content_type:
        ct = content_type.lower()
        if "html" in ct or "xml" in ct:
            return True
        if ct.startswith("text/plain"):
            return False
    return bool(_HTML_HINT_RE.search(body[:_INPUT.html_sniff_bytes]))


def charset_from_content_type(value: str | None) -> str | None:
    if not value:
        return None
    match = _CT_RE.search(value)
    return match.group(1).lower() if match else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _LATIN:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def sniff_binary(body: bytes) -> str | None:
    """What the bytes are when they are surely not text, else None."""
    head = body[:16]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            if magic == b"MZ" and b"<" in body[:64]:
                continue
            return what
    sample = body[:_INPUT.sniff_bytes]
    if not any(sample.startswith(bom) for bom, _ in _BOMS) and b"\x00" in sample:
        # UTF-16 without a BOM has NULs every other byte; anything else with NULs is binary.
        if sample.count(b"\x00") * 3 < len(sample):
            return "binary data (NUL bytes)"
        if not (sample[1::2].count(b"\x00") > len(sample) // 3 or sample[0::2].count(b"\x00") > len(sample) // 3):
            return "binary data (NUL bytes)"
    return None


def decode(body: bytes, content_type: str | None = None, *, html: bool = True) -> tuple[str, str]:
    """Return (text, codec name). Raises RejectedInput for binary or undecodable bytes."""
    if not body.strip():
        raise RejectedInput("empty", "the input is empty")
    what = sniff_binary(body)
    if what:
        raise RejectedInput("binary", f"the input is {what}, not a page")
    for bom, name in _BOMS:
        if body.startswith(bom):
            try:
                return body[len(bom):].decode(name), name
            except UnicodeDecodeError:
                break
    declared = _codec(charset_from_content_type(content_type))
    if declared is None and html:
        match = _META_RE.search(body[:_INPUT.sniff_bytes])
        if match:
            declared = _codec(match.group(1).decode("ascii", "replace"))
            if declared in ("utf-16-le", "utf-16-be", "utf-16", "utf-32"):
                declared = "utf-8"  # a byte-level meta tag cannot be right about UTF-16
    if declared:
        if declared == "cp1252":
            try:
                return body.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                pass
        try:
            return body.decode(declared), declared
        except UnicodeDecodeError:
            pass
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(body[:_INPUT.charset_guess_bytes]).best()
    if best is not None and best.encoding:
        name = _codec(best.encoding) or best.encoding
        try:
            return body.decode(name, errors="replace"), name
        except LookupError:
            pass
    if declared:
        return body.decode(declared, errors="replace"), declared
    raise RejectedInput("undecodable", "the bytes are not text in any known encoding")
