"""bytes -> str, once: BOM, UTF-16 by its NUL pattern, then the HTTP/WARC charset, then
<meta charset>, then UTF-8, then detection.

A declared charset is trusted when the bytes decode under it, except that a page declared as
Latin-1/Windows-1252/ASCII but valid as UTF-8 (a common mislabel) is read as UTF-8, and a label that
names no text encoding (`zlib`, `hex`, `base64`, `rot13`) is no declaration at all. An undeclared
page that is not UTF-8 is read as windows-1252, the WHATWG default for legacy pages, unless the
detector is sure of another family (Cyrillic, Greek, CJK, ..., or a language windows-1252 cannot
write): detectors take French, Spanish or German in windows-1252 for windows-1250 (`ministčre`).
"""

from __future__ import annotations

import codecs
import re

from cleaners.errors import RejectedInput
from cleaners.knowledge.settings import default_settings

__all__ = ["decode", "decode_source", "sniff_binary", "charset_from_content_type", "looks_like_html"]

_HTML_HINT_RE = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article)[\s>/]", re.I)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_STARTS = tuple(bom for bom, _ in _BOMS)
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
_MAGIC_STARTS = tuple(magic for magic, _ in _MAGIC)


def looks_like_html(body: bytes, content_type: str | None = None) -> bool:
    """HTML (or XML) by its content type, else by a tag near the start of the body."""
    if content_type:
        ct = content_type.lower()
        if "html" in ct or "xml" in ct:
            return True
        if ct.startswith("text/plain"):
            return False
    head_size = _INPUT.html_sniff_bytes * 2
    # the UTF-16 test reads the first sniff_bytes only: the head is copied when they reach past it
    utf16 = _utf16_without_bom(body if _INPUT.sniff_bytes <= head_size else body[:head_size])
    if utf16 is None:  # the head is searched in place
        return bool(_HTML_HINT_RE.search(body, 0, _INPUT.html_sniff_bytes))
    head = body[:head_size]  # UTF-16 without a BOM: look at its text, not its bytes
    head = head[:len(head) // 2 * 2].decode(utf16, "replace").encode("utf-8", "replace")
    return bool(_HTML_HINT_RE.search(head[:_INPUT.html_sniff_bytes]))


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
        info = codecs.lookup(label)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):  # zlib, hex, base64, rot13: not a charset
        return None
    return info.name


# Single-byte codecs of Latin script: a detector's pick among them is no reason to leave windows-1252,
# unless the page's language needs letters windows-1252 lacks.
_LATIN_FAMILY = {"cp1250", "cp1252", "cp1254", "cp1257", "cp1258", "latin_1", "iso8859_2", "iso8859_3", "iso8859_4",
                 "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "mac_roman",
                 "mac_latin2", "mac_iceland", "mac_turkish", "cp437", "cp850", "cp852", "cp858", "cp775", "hp_roman8",
                 "cp1140", "cp273", "cp500", "cp037"}
_NOT_CP1252_LANGUAGES = {"Polish", "Czech", "Slovak", "Hungarian", "Croatian", "Slovene", "Romanian", "Lithuanian",
                         "Latvian", "Estonian", "Turkish", "Vietnamese", "Serbian", "Bosnian"}


def _utf16_without_bom(body: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when the head has a NUL every other byte (ASCII-range text in UTF-16)."""
    size = _INPUT.sniff_bytes  # the head is copied only when it holds a NUL
    if min(len(body), size) < 8 or body.find(b"\x00", 0, size) < 0 or body.startswith(_BOM_STARTS, 0, size):
        return None
    sample = body[:size]
    third = len(sample) // 3
    if sample[1::2].count(b"\x00") > third and sample[0::2].count(b"\x00") < len(sample) // 20:
        return "utf-16-le"
    if sample[0::2].count(b"\x00") > third and sample[1::2].count(b"\x00") < len(sample) // 20:
        return "utf-16-be"
    return None


def _legacy(body: bytes) -> str | None:
    """The codec of an undeclared page that is not UTF-8: windows-1252 unless the detector is sure of
    another family; None when nothing reads it."""
    from charset_normalizer import from_bytes

    best = from_bytes(body[:_INPUT.charset_guess_bytes]).best()
    guess = None
    if best is not None and best.encoding:
        guess = _codec(best.encoding) or best.encoding
    other_family = guess is not None and guess not in _LATIN_FAMILY
    needs_other = best is not None and guess in _LATIN_FAMILY and best.language in _NOT_CP1252_LANGUAGES
    if not (other_family or needs_other):
        try:
            body.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:  # one of the five bytes windows-1252 leaves undefined
            pass
    return guess


def sniff_binary(body: bytes) -> str | None:
    """What the bytes are when they are surely not text, else None."""
    if body.startswith(_MAGIC_STARTS, 0, 16):  # one test for all, then which
        for magic, what in _MAGIC:
            if body.startswith(magic, 0, 16):
                if magic == b"MZ" and b"<" in body[:64]:
                    continue
                return what
    size = _INPUT.sniff_bytes  # the head is copied only when it holds a NUL
    if body.find(b"\x00", 0, size) >= 0 and not body.startswith(_BOM_STARTS, 0, size):
        sample = body[:size]
        # UTF-16 without a BOM has NULs every other byte; anything else with NULs is binary.
        if sample.count(b"\x00") * 3 < len(sample):
            return "binary data (NUL bytes)"
        if not (sample[1::2].count(b"\x00") > len(sample) // 3 or sample[0::2].count(b"\x00") > len(sample) // 3):
            return "binary data (NUL bytes)"
    return None


def decode(body: bytes, content_type: str | None = None, *, html: bool = True) -> tuple[str, str]:
    """Return (text, codec name). Raises RejectedInput for binary or undecodable bytes."""
    text, codec, _utf8 = _decode(body, content_type, html, True)
    return text, codec


def decode_source(body: bytes, content_type: str | None = None) -> str | bytes:
    """What the parser reads of an HTML page: `body` itself when it is the exact UTF-8 of the page's
    text (Lexbor parses UTF-8 bytes as they are; a str it encodes to UTF-8 first), else the text (as
    `decode` gives it). The UTF-8 is only checked, not decoded. Raises RejectedInput as `decode` does."""
    text, _codec, utf8 = _decode(body, content_type, True, False)
    return body if utf8 else text


_PIECE = 1 << 16  # `_utf8` checks the bytes this many at a time


def _utf8(body: bytes, text: bool) -> str:
    """`body.decode("utf-8")`, or with `text` False only its check (the same UnicodeDecodeError, ""
    when it passes): the ASCII pieces are passed over by `isascii`, the others decoded one at a
    time. A piece ends before a byte that starts a character (0x80-0xBF only continue one), so
    the bytes are UTF-8 when every piece is; four continuation bytes in a row never are."""
    if text:
        return body.decode("utf-8")
    if body.isascii():
        return ""
    start, size = 0, len(body)
    while start < size:
        end = min(start + _PIECE, size)
        while end < size and end > start + _PIECE - 3 and 0x80 <= body[end] < 0xC0:
            end -= 1
        piece = body[start:end]
        if not piece.isascii():
            piece.decode("utf-8")
        start = end
    return ""


def _decode(body: bytes, content_type: str | None, html: bool, text: bool) -> tuple[str, str, bool]:
    """(text, codec name, whether the text is the strict UTF-8 decoding of all of `body`). With
    `text` False, a text that would be that decoding is "" (its bytes are what is wanted)."""
    if not body or body.isspace():  # what strips to nothing (ASCII whitespace), without copying the page
        raise RejectedInput("empty", "the input is empty")
    what = sniff_binary(body)
    if what:
        raise RejectedInput("binary", f"the input is {what}, not a page")
    for bom, name in _BOMS:
        if body.startswith(bom):
            try:
                return body[len(bom):].decode(name), name, False
            except UnicodeDecodeError:
                break
    utf16 = _utf16_without_bom(body)
    if utf16 is not None:
        try:
            return body.decode(utf16), utf16, False
        except UnicodeDecodeError:
            pass
    declared = _codec(charset_from_content_type(content_type))
    if declared is None and html:
        match = _META_RE.search(body, 0, _INPUT.sniff_bytes)  # in place: as in a copy of the head
        if match:
            declared = _codec(match.group(1).decode("ascii", "replace"))
            if declared in ("utf-16-le", "utf-16-be", "utf-16", "utf-32"):
                declared = "utf-8"  # a byte-level meta tag cannot be right about UTF-16
    if declared:
        if declared == "cp1252":
            try:
                return _utf8(body, text), "utf-8", True
            except UnicodeDecodeError:
                pass
        try:
            if declared == "utf-8":
                return _utf8(body, text), declared, True
            return body.decode(declared), declared, False
        except UnicodeDecodeError:
            pass
    try:
        return _utf8(body, text), "utf-8", True
    except UnicodeDecodeError:
        pass
    legacy = _legacy(body)
    if legacy is not None:
        try:
            return body.decode(legacy, errors="replace"), legacy, False
        except LookupError:
            pass
    if declared:
        return body.decode(declared, errors="replace"), declared, False
    raise RejectedInput("undecodable", "the bytes are not text in any known encoding")
