"""The site path's text clean-up (cleaners/extract/site.py `_clean`): runs of HTML whitespace and
no-break spaces as one space, the ends trimmed. Its shortcuts (a text with no whitespace to collapse;
an ASCII text, split on str.split()'s whitespace) must give what the full clean-up gives, on any text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from cleaners.extract.prune import default_prune_plan, drop, drop_test
from cleaners.extract.site import (
    _LINKS_MAX,
    _clean,
    _drop_link_paragraphs,
    furniture_paragraph_chars,
    node_blocks,
    paragraph_chars,
)
from tests.conftest import PAGES

_SPACE_RE = re.compile(r"[ \t\r\n\f\v]+")
SPACES = " \t\r\n\f\v\xa0\u2003\u3000\x85\u2028\x1c"


def _full(text: str) -> str:
    return _SPACE_RE.sub(" ", text.replace("\xa0", " ")).strip()


@given(st.text(alphabet=st.sampled_from(list(SPACES) + list("ab.é中")), max_size=40) | st.text(max_size=40))
def test_the_shortcut_gives_the_full_clean_up(text):
    assert _clean(text) == _full(text)


ASCII_SPACES = " \t\r\n\f\v\x1c\x1d\x1e\x1f\x00\x7f"


@given(st.text(alphabet=st.sampled_from(list(ASCII_SPACES) + list("ab.")), max_size=40))
def test_the_ascii_shortcut_gives_the_full_clean_up(text):
    assert _clean(text) == _full(text)


@pytest.mark.parametrize("text", [
    "a\x1cb  c", "a\x1d\nb", "a \x1e b\t", "a\x1fb\n", "\x1ca  b\x1f", "a\x0b\x0cb", "a  b\x85", "a\n\u2003 b",
    "\x00 a\n", "a  \x7f  b", "a\x1c", "a\tb\xa0",
])
def test_ascii_separators_are_text_not_html_whitespace(text):
    # str.split() splits on \x1c-\x1f (and strip() takes them at the ends); the clean-up keeps them
    assert _clean(text) == _full(text)


def test_an_ascii_separator_stays_between_words():
    assert _clean("a\x1cb  c") == "a\x1cb c"


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
    # elements of one text node are read without entering them: a block's text is a block (none when
    # blank or empty), an inline element's joins the block it is in
    ("<div><p>Satu</p><b>dua</b> <i> </i>tiga<p> </p><p></p><h3>Judul</h3><ul><li><a>x</a></li><li> <b>y</b></li>"
     "</ul>akhir</div>", [("paragraph", "Satu"), ("paragraph", "dua tiga"), ("heading", "Judul"), ("list_item", "x"),
                          ("list_item", "y"), ("paragraph", "akhir")]),
    ("<div>awal <b>tebal</b><br><i>\u3000</i><span><b>dalam</b></span> lagi<p><span>x</span></p></div>",
     [("paragraph", "awal tebal"), ("paragraph", "dalam lagi"), ("paragraph", "x")]),
    # a text of HTML whitespace alone before a block's first word is not read; one of other whitespace
    # (a vertical tab, a no-break or em space) is read and left; after a word, any whitespace is text
    ("<div><p>\n\t <b>a</b>\n\t<b>b</b></p>\x0b<span>c</span> \f <p>\xa0 \n</p>\r\n<i>d</i>\n<p>\u2003</p>"
     "<i>e</i></div>",
     [("paragraph", "a b"), ("paragraph", "c"), ("paragraph", "d"), ("paragraph", "e")]),
]


@pytest.mark.parametrize("html, expected", BLOCK_CASES)
def test_node_blocks(html, expected):
    root = LexborHTMLParser(html).body.css_first("div")
    assert [(b.kind, b.text) for b in node_blocks(root)] == expected


def test_node_blocks_of_a_text_a_br_and_a_skipped_root():
    div = LexborHTMLParser("<div> teks <br><script>x</script></div>").body.css_first("div")
    assert [[(b.kind, b.text) for b in node_blocks(node)] for node in div.iter(include_text=True)] == [
        [("paragraph", "teks")], [], []]


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


# -- the all-links paragraphs: found from the links up, the same as reading every paragraph's links -----------
def _per_paragraph(body):
    """Every <p> and <li> read with its own links (the reading _drop_link_paragraphs must match)."""
    for p in body.css("p, li"):
        text = p.text(deep=True).strip()
        if not text or len(text) >= _LINKS_MAX:
            continue
        links = p.css("a")
        if links and sum(len(a.text(deep=True).strip()) for a in links) >= len(text) - 2:
            p.decompose()


LINK_CASES = [
    # a list item of one link paragraph goes whole; a paragraph with text around its link stays
    "<div><ul><li><p><a href=/1> Baca juga: satu </a></p></li><li>Teks <a>dua</a> yang panjang</li></ul></div>",
    # links inside links (only a script makes them), a link as the body, a paragraph inside a link
    "<div><p><a>x<span><a>y</a></span></a></p><a><p>z</p></a><p>a <b><a>bc</a></b></p></div>",
    "<a><p><a>only</a></p><li>t <a>u</a></li></a>",
    # a paragraph met first by a later link than the one around it (the <p> in the <li>: after it, as
    # they start), and one met by its first link inside a paragraph of its own (the <li> around the <p>)
    "<div><ul><li>t <a>x</a><p><a>yy</a></p></li><li><p><a>z</a></p><a>w</a></li><li><p>q <a>r</a></p></li></ul></div>",
    "<div><p><a>a</a></p><ul><li><ul><li><a>b</a></li></ul><a>c</a></li></ul><p>long <a>d</a> text</p></div>",
    # a paragraph over the length limit, and one whose links' text is two characters short of it
    "<div><p>" + "<a>x</a> " * 200 + "</p><p><a>abcd</a> ef</p><p><a>abcd</a> e</p><p> </p><p><a></a></p></div>",
]


@pytest.mark.parametrize("html", LINK_CASES + [p.read_text(encoding="utf-8", errors="replace")
                                               for p in sorted(PAGES.glob("*.html"))[::2]])
def test_link_paragraphs_go_as_their_own_links_tell(html):
    for selector in ("body > *", "div", "li", "p"):
        ours, reference = LexborHTMLParser(html), LexborHTMLParser(html)
        for mine, theirs in list(zip(ours.css(selector), reference.css(selector), strict=True))[:4]:
            _drop_link_paragraphs(mine)
            _per_paragraph(theirs)
        assert ours.html == reference.html


# -- what the <body>'s furniture adds to the page's paragraphs: their count with it, less that, is the count without
FURNITURE_CASES = [
    "<body><p>a<button>bb</button>c</p><form role=search><p>dd</p><p>e<input>f</p></form><p>g</p></body>",
    "<body><figcaption><p>x</p></figcaption><p>y<iframe></iframe><object>zz<embed></object></p><dialog>w</dialog></body>",
    "<body><p>out <select><option>o</select></p><form action=/search><button><p>in</p></button></form>z</body>",
    "<body><p>" + "<span>" * 300 + "<button>deep</button>" + "</span>" * 300 + "</p><p>plain</p></body>",
]


@pytest.mark.parametrize("html", FURNITURE_CASES + [p.read_text(encoding="utf-8", errors="replace")
                                                    for p in sorted(PAGES.glob("*.html"))[::2]])
def test_furniture_paragraph_chars_is_what_dropping_the_furniture_takes_away(html):
    plan = default_prune_plan()
    kept, dropped = LexborHTMLParser(html), LexborHTMLParser(html)
    for tree in (kept, dropped):
        drop(tree, plan.not_text)
    drop(dropped.body, plan.always)
    furniture = drop_test(plan.always)
    assert furniture is not None
    with_it = paragraph_chars(kept)
    assert with_it - furniture_paragraph_chars(kept, furniture) == paragraph_chars(dropped)


def test_a_paragraph_that_is_furniture_itself_counts_its_own_text():
    """A group of always-removed furniture may name <p> (a promotion paragraph): its own text goes
    with it, not only the paragraphs inside it."""
    html = "<body><p class=promo>Promo text here</p><p>keep</p><button><p>in</p></button></body>"
    kept, dropped = LexborHTMLParser(html), LexborHTMLParser(html)
    drop(dropped.body, "p[class*=promo], button")
    furniture = drop_test("p[class*=promo], button")
    assert furniture is not None
    assert paragraph_chars(kept) - furniture_paragraph_chars(kept, furniture) == paragraph_chars(dropped) == 4


# -- the site path's last pass over its blocks: orphan headings and the profile's junk lines -----------------
def _junk_profile():
    from cleaners.knowledge.sites import parse_profile

    return parse_profile({"id": "junky", "domains": ["junky.example"],
                          "extract": {"body": ["div.body"], "junk": ["(?i)baca juga:.*", "Iklan"]}}, "junky.toml")


def test_orphan_headings_and_junk_go_in_one_pass_orphans_listed_first():
    from cleaners.extract.site import site_extract

    html = """<html><body><div class="body"><h2>Galeri</h2><h2>Baca juga: x</h2><p>Iklan</p>
    <h2>Lead</h2><p>Baca juga: y</p><p>Teks.</p><h2>Iklan</h2></div></body></html>"""
    result = site_extract(LexborHTMLParser(html), _junk_profile())
    # orphans: a heading before a heading (Galeri) or at the end (Iklan), junk or not; the junk of the
    # rest, a heading followed by text included
    assert [(b.kind, b.text) for b in result.blocks] == [("heading", "Lead"), ("paragraph", "Teks.")]
    assert [(r.rule, r.text) for r in result.removed] == [
        ("site:orphan-heading", "Galeri"), ("site:orphan-heading", "Iklan"), ("site:junky:junk", "Baca juga: x"),
        ("site:junky:junk", "Iklan"), ("site:junky:junk", "Baca juga: y")]
