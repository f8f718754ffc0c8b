"""The blocked-page verdict's shortcuts (cleaners/page/blocked.py): a page is passed as an article
when a prefix of its visible text is long enough, shorter prefix first, or when its whole text is
too long for any group. The verdict must be the one of reading the whole text, on pages whose text
sits around those limits (sparse text: words among runs of layout whitespace)."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaners.extract.prune import default_prune_plan, drop
from cleaners.page.blocked import _default_vocab, blocked_kind_of, visible_at_least


def _reference(tree: LexborHTMLParser, html: str) -> str | None:
    """The verdict read off the whole text (no shortcut but the 4x-prefix one it always had)."""
    vocab = _default_vocab()
    longest = max(vocab.max_chars, vocab.marker_max_chars)
    raw_text = tree.body.text(separator=" ") if tree.body is not None else ""
    if len(" ".join(raw_text[: longest * 4].split())) >= longest:
        return None
    text = " ".join(raw_text.split()).lower()
    title_node = tree.css_first("title")
    title = " ".join(title_node.text().split()).lower() if title_node is not None else ""
    for group in vocab.groups:
        if len(text) < vocab.marker_max_chars and any(p in title for p in group.phrases):
            return group.name
        if len(text) < vocab.max_chars and any(p in text for p in group.phrases):
            return group.name
        if len(text) < vocab.marker_max_chars and any(m.lower() in html.lower() for m in group.markers):
            return group.name
    return None


def _page(words: int, gap: int, lead: int, pad: str = " ") -> str:
    """A block page's text after `lead` chars of layout whitespace, with `words` words `gap` apart
    (the whitespace made of `pad`)."""
    filler = "".join(f"<span>kata{i}</span>{pad * gap}\n" for i in range(words))
    return (f"<html><head><title>Access Denied</title></head><body><div>{pad * lead}</div>"
            f"<h1>Access Denied</h1><p>Reference #18</p>{filler}</body></html>")


@pytest.mark.parametrize("words", [0, 100, 200, 240, 280, 320, 400, 700])
@pytest.mark.parametrize("gap, lead", [(0, 0), (8, 0), (20, 3000), (30, 6000), (4, 9000)])
@pytest.mark.parametrize("pad", [" ", "\u00a0", "\u3000 \t", "\u2028\x1f"])
def test_the_verdict_is_the_whole_texts(words, gap, lead, pad):
    html = _page(words, gap, lead, pad)
    tree = LexborHTMLParser(html)
    drop(tree, default_prune_plan().not_text)
    assert blocked_kind_of(tree, html) == _reference(tree, html)


def test_sparse_short_block_page_is_blocked_and_a_long_one_is_not():
    for html, kind in ((_page(40, 30, 9000), "block"), (_page(700, 30, 9000), None),
                       (_page(40, 30, 9000, "\u00a0"), "block"), (_page(40, 30, 9000, "\u3000"), "block")):
        tree = LexborHTMLParser(html)
        drop(tree, default_prune_plan().not_text)
        assert blocked_kind_of(tree, html) == kind


@pytest.mark.parametrize("html, kind", [
    ('<html><body><div class="g-recaptcha" data-sitekey="x"></div><p>Tunggu sebentar</p></body></html>', "captcha"),
    ("<html><body><p>Berita hari ini tentang harga beras di pasar.</p></body></html>", None),
])
def test_the_page_bytes_give_the_verdict_its_text_gives(html, kind):
    # The pipeline hands over the page's exact UTF-8 bytes when it has them: the markers are looked
    # for in those as in the text's encoding.
    tree = LexborHTMLParser(html)
    drop(tree, default_prune_plan().not_text)
    assert blocked_kind_of(tree, html) == blocked_kind_of(tree, html.encode("utf-8")) == kind


def test_the_visible_count_never_exceeds_the_words_joined():
    # Every character str.split() takes for whitespace goes uncounted, whatever its UTF-8 length.
    spaces = [c for c in map(chr, range(0x110000)) if c.isspace()]
    assert len(spaces) == 29
    for space in spaces:
        assert visible_at_least(space * 3) == 0, hex(ord(space))
        assert visible_at_least(f"a{space}b{space * 4}c") == 3 <= len(" ".join(f"a{space}b{space * 4}c".split()))
    assert visible_at_least("kata kata") == 8
    assert visible_at_least("éü 日本") == 4  # one count for each character, however many bytes
    assert visible_at_least("\u2014\u00a9") == 0  # sharing a whitespace character's first byte: uncounted
    assert visible_at_least("\ud800x") == 2  # a lone surrogate does not raise
