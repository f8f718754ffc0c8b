"""The site path's text clean-up (cleaners/extract/site.py `_clean`): runs of HTML whitespace and
no-break spaces as one space, the ends trimmed. Its shortcut for printable text without a double
space must give what the full clean-up gives, on any text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from cleaners.extract.site import _clean, node_blocks, paragraph_chars
from tests.conftest import PAGES

_SPACE_RE = re.compile(r"[ \t\r\n\f\v]+")
SPACES = " \t\r\n\f\v\xa0\u2003\u3000\x85\u2028\x1c"


def _full(text: str) -> str:
    return _SPACE_RE.sub(" ", text.replace("\xa0", " ")).strip()


@given(st.text(alphabet=st.sampled_from(list(SPACES) + list("ab.é中")), max_size=40) | st.text(max_size=40))
def test_the_shortcut_gives_the_full_clean_up(text):
    assert _clean(text) == _full(text)


def test_html_whitespace_and_no_break_spaces_collapse():
    assert _clean("  Jakarta\xa0\xa0-\n\tHarga  naik ") == "Jakarta - Harga naik"
    assert _clean(" Harga naik ") == "Harga naik"  # printable: only the ends go
    assert _clean("Harga\u3000naik") == "Harga\u3000naik"  # an ideographic space is text, not HTML whitespace


# -- node_blocks: the HTML-to-blocks walk ---------------------------------------------------------------------
BLOCK_CASES = [
    # inline text joins its block; a block element and <br> end one
    ("<div>Harga <b>beras</b> naik<p>Kata pedagang.</p>lagi<br>dan lagi</div>",
     [("paragraph", "Harga beras naik"), ("paragraph", "Kata pedagang."), ("paragraph", "lagi"),
      ("paragraph", "dan lagi")]),
    # kinds: a list item's paragraphs stay list items, a heading is a heading, a quote's lines quotes
    ("<div><ul><li>Satu<p>dua</p></li></ul><h2>Judul</h2><blockquote><p>Kutipan</p></blockquote></div>",
     [("list_item", "Satu"), ("list_item", "dua"), ("heading", "Judul"), ("quote", "Kutipan")]),
    # skipped elements leave no text, whitespace-only runs no block
    ("<div><figure><img src=x><figcaption>Foto: Ant</figcaption></figure> \n <script>x()</script>"
     "<span>  Teks\xa0\xa0akhir </span><button>Bagikan</button></div>",
     [("paragraph", "Teks akhir")]),
    # whitespace between inline elements is text; before a block's first word it is stripped
    ("<div>\u2003 <p> <b>Harga</b> <i>beras</i>\u2003<span></span>naik </p> \n<em> </em>\u3000<em>lagi</em></div>",
     [("paragraph", "Harga beras\u2003naik"), ("paragraph", "lagi")]),
]


@pytest.mark.parametrize("html, expected", BLOCK_CASES)
def test_node_blocks(html, expected):
    root = LexborHTMLParser(html).body.css_first("div")
    assert [(b.kind, b.text) for b in node_blocks(root)] == expected


def test_node_blocks_walks_a_deep_nest_without_recursion():
    depth = 3000
    root = LexborHTMLParser("<div>" + "<span>a " * depth + "</span>" * depth + "<p>b</p></div>").body.css_first("div")
    blocks = node_blocks(root)
    assert [b.text for b in blocks] == ["a " * (depth - 1) + "a", "b"]


PARAGRAPH_CASES = [
    "<html><head><p>in the head</p><title>t</title></head><body>b</body></html><p>after the end</p>",
    "<head><template><p>template</p></template><noscript><p>noscript</p></noscript></head><p>x",
    "<svg><p>out of svg</p><foreignObject><p>in svg</p></foreignObject></svg><math><mi><p>in math</p></mi></math>",
    "<table><p>before the table</p><tr><td><p>cell</p></td></tr></table><body><p>late</p></body><p>again",
    "<frameset><p>x</p><noframes><p>y</p></noframes></frameset>",
]


@pytest.mark.parametrize("html", PARAGRAPH_CASES + [p.read_text(encoding="utf-8", errors="replace")
                                                    for p in sorted(PAGES.glob("*.html"))[::3]])
def test_paragraph_chars_counts_the_paragraphs_in_the_body(html):
    tree = LexborHTMLParser(html)
    assert paragraph_chars(tree) == sum(len(p.text(deep=True)) for p in tree.css("body p"))
