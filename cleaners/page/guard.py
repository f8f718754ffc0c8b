"""A cheap look at a page before it is parsed: how deep its tags nest, by a scan of the text.

Parsing time grows about cubically with nesting depth (200,000 nested `<div>`s keep the parser
busy for hours), and no real page nests more than a few hundred deep. `nesting_depth` counts open
tags minus closed ones without building a tree, ignoring the tags that close themselves (void
elements, and the ones a parser closes implicitly: a `<p>` inside a `<p>` does not nest). A page
with no more opening tags than the limit is not scanned at all (most pages); a scan stops as soon
as the limit is passed, so a hostile page costs milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import AnyStr

__all__ = ["nesting_depth", "too_deep"]

_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)")
_TAG_BYTES_RE = re.compile(_TAG_RE.pattern.encode("ascii"))  # the same tags in a page's UTF-8 bytes
# Elements that do not nest: void elements, and elements whose end tag is optional (the parser
# closes an open one when the next starts), so an unclosed run of them is not deep.
_FLAT = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "keygen", "command", "basefont", "bgsound", "frame", "image", "isindex", "nextid", "spacer",
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rtc", "rp", "thead", "tbody",
    "tfoot", "colgroup", "caption",
))
_RAW = frozenset(["script", "style", "textarea", "title", "xmp", "plaintext", "noscript"])
_SKIPPED = _FLAT | _RAW
_SKIPPED_BYTES = frozenset(name.encode("ascii") for name in _SKIPPED)
_PIECE = 1 << 16  # a full scan reads the tags of this many characters (or bytes) at a time
# Closing tags, found by a scan: about twice as fast as .count("</"), which a page's many '<' keep
# from skipping ahead.
_CLOSING_RE = re.compile("</")
_CLOSING_BYTES_RE = re.compile(b"</")
# A page's bytes with more '<' than one in this many are counted by bytes.count (see `_count`).
_DENSE = 16


def nesting_depth(html: str | bytes, stop_at: int | None = None) -> int:
    """The deepest nesting of `html`'s tags (an over-estimate for sloppy markup, never far under
    the parser's). Counting stops once `stop_at` is passed. `html` may be the page's UTF-8 bytes:
    the same tags (a tag's bytes are ASCII, and no byte of a multi-byte character is), counted a
    little faster than in the text."""
    if isinstance(html, bytes):
        return _depth(html, b"<", _CLOSING_BYTES_RE, _TAG_BYTES_RE, _SKIPPED_BYTES, stop_at)
    return _depth(html, "<", _CLOSING_RE, _TAG_RE, _SKIPPED, stop_at)


def _depth(html: AnyStr, opening: AnyStr, closing: re.Pattern[AnyStr], tags: re.Pattern[AnyStr],
           skipped: frozenset[AnyStr], stop_at: int | None) -> int:
    """`nesting_depth` in `html`, a text or bytes, with the markers of its own type."""
    if stop_at is not None:
        opens = _count(html, opening)
        if opens > stop_at:
            opens -= sum(len(closing.findall(html, start, end)) for start, end in _pieces(html, opening))
        if opens <= stop_at:  # cannot nest deeper than it has tags that open
            return opens
    depth = deepest = 0
    for start, end in _pieces(html, opening):
        for closes, name in tags.findall(html, start, end):
            if name.lower() in skipped:
                continue
            if closes:
                depth = depth - 1 if depth else 0
                continue
            depth += 1
            if depth > deepest:
                deepest = depth
                if stop_at is not None and deepest > stop_at:
                    return deepest
    return deepest


def _count(html: AnyStr, opening: AnyStr) -> int:
    """`html.count(opening)`. In bytes, a removal of the '<' counts them first: bytes.replace finds
    a single byte by memchr, which skips the bytes between two '<' far faster than count's test of
    every byte. Only up to one '<' in `_DENSE` bytes (a page's markup has far fewer): a denser text
    is counted by count() after all, so that a page of '<' alone costs no memchr call a byte."""
    if isinstance(html, bytes):
        most = len(html) // _DENSE
        found = len(html) - len(html.replace(opening, b"", most))
        if found < most:  # all found before the most were: the exact count
            return found
    return html.count(opening)


def _pieces(html: AnyStr, opening: AnyStr) -> Iterator[tuple[int, int]]:
    """(start, end) of `html`'s pieces: about `_PIECE` long, each ending before a '<', so that no tag
    crosses two. A piece's tags are read by one findall, and a hostile page's are never all held at once."""
    start = 0
    while start < len(html):
        end = html.find(opening, start + _PIECE)
        end = len(html) if end < 0 else end
        yield start, end
        start = end


def too_deep(html: str | bytes, limit: int) -> bool:
    """True when `html` nests deeper than `limit`."""
    return nesting_depth(html, stop_at=limit) > limit
