"""Recognize pages that stand in for an article: block pages, consent walls, captchas, paywall stubs.

The vocabulary is data (`cleaners/data/vocab/blocked.toml`); this module is the mechanism. A match
raises `RejectedInput("blocked", ...)`, a counted rejection, so such a page is never written as
an article. The pipeline runs the check on its one parse of every HTML page (`clean_page`), so offline
dumps and crawls reject the same pages; `check_blocked(page)` and `blocked_kind(html)` are the
stand-alone forms.
"""

from __future__ import annotations

from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from cleaners.decode import decode
from cleaners.errors import RejectedInput
from cleaners.extract.prune import default_prune_plan, prune
from cleaners.knowledge.bundle import Knowledge
from cleaners.knowledge.vocab import VOCAB_DIR, BlockedVocab, load_blocked
from cleaners.model import Page

__all__ = ["BlockedVocab", "load_vocab", "blocked_kind", "blocked_kind_of", "blocked_error", "check_blocked",
           "VOCAB_PATH"]

VOCAB_PATH = VOCAB_DIR / "blocked.toml"


def load_vocab(path: Path = VOCAB_PATH) -> BlockedVocab:
    return load_blocked(path)


def _default_vocab() -> BlockedVocab:
    return Knowledge.default().blocked


# The bytes of a text's UTF-8 that `visible_at_least` does not count: ASCII whitespace, the bytes
# that continue a character (a character counts by its first byte), and the first bytes of every
# other whitespace character (U+0085, U+00A0: C2; U+1680: E1; U+2000-U+205F: E2; U+3000: E3),
# which some characters that are not whitespace share (those go uncounted too: a lower bound).
_NOT_COUNTED = bytes([*range(0x09, 0x0E), *range(0x1C, 0x21), *range(0x80, 0xC0), 0xC2, 0xE1, 0xE2, 0xE3])


def visible_at_least(text: str) -> int:
    """A lower bound of `len(" ".join(text.split()))`, the length of `text`'s words joined by single
    spaces, counted in C: how many of its characters that are not whitespace it certainly has."""
    return len(text.encode("utf-8", "surrogatepass").translate(None, _NOT_COUNTED))


def blocked_kind_of(tree: LexborHTMLParser, html: str | bytes, vocab: BlockedVocab | None = None) -> str | None:
    """`blocked_kind` on a tree already parsed from `html` (the page's text, or its exact UTF-8
    bytes) whose scripts and styles are gone (the `not_text` prune group); the pipeline calls it
    on its one parse."""
    vocab = vocab or _default_vocab()
    longest = max(vocab.max_chars, vocab.marker_max_chars)
    body = tree.body
    # Text nodes of ASCII whitespace only (layout between tags) are left out: they add nothing but
    # whitespace between the words, and the words are all that is read; the prefixes get shorter.
    raw_text = body.text(separator=" ", skip_empty=True) if body is not None else ""
    # A page with this much visible text is not a stand-in, whatever it quotes; a prefix tells
    # (its words joined by single spaces are never longer than the whole text's), and so does a
    # count of the prefix's characters that are not whitespace, which those words hold at least.
    if any(visible_at_least(raw_text[:size]) >= longest for size in (longest * 2, longest * 4)):
        return None
    text = " ".join(raw_text.split())
    if len(text) >= longest:  # too long for any group (lower-casing never shortens a text)
        return None
    text = text.lower()
    title_node = tree.css_first("title")
    title = " ".join(title_node.text().split()).lower() if title_node is not None else ""
    short = len(text) < vocab.max_chars
    nearly_empty = len(text) < vocab.marker_max_chars
    raw = None
    for group in vocab.groups:
        if nearly_empty and any(p in title for p in group.phrases):
            return group.name
        if short and any(p in text for p in group.phrases):
            return group.name
        if nearly_empty and group.markers:
            if raw is None:  # markers are ASCII: lower-casing bytes is far cheaper than str.lower()
                raw = (html if isinstance(html, bytes) else html.encode("utf-8", "ignore")).lower()
            if any(m.encode("ascii", "ignore") in raw for m in group.markers):
                return group.name
    return None


def blocked_kind(html: str, vocab: BlockedVocab | None = None) -> str | None:
    """The vocabulary group the page belongs to ("captcha", "consent", ...), or None for a page
    that may be an article."""
    tree = LexborHTMLParser(html)
    prune(tree, default_prune_plan().not_text)  # as the pipeline does before it judges a page
    return blocked_kind_of(tree, html, vocab)


def blocked_error(kind: str) -> RejectedInput:
    return RejectedInput("blocked", f"the page is a {kind} page, not an article (blocked:{kind})")


def check_blocked(page: Page, vocab: BlockedVocab | None = None) -> None:
    """Raise RejectedInput("blocked") when `page` is a block, consent, captcha or paywall page."""
    if not page.body:
        return
    content_type = page.header("content-type")
    if content_type and "html" not in content_type.lower() and "xml" not in content_type.lower():
        return
    try:
        html, _ = decode(page.body, content_type)
    except RejectedInput:
        return  # undecodable: the pipeline says so with its own reason
    kind = blocked_kind(html, vocab)
    if kind is not None:
        raise blocked_error(kind)
