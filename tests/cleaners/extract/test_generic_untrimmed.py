"""What the generic path's fallback reads of the body (cleaners/extract/generic.py `_untrimmed`):
the body as it was before the trim, kept as a copy of the tree or as its HTML. Whichever is kept,
read after the trim it serialises as the body did before it: on real pages of many outlets (WCXB
dev split, fixtures/generic and fixtures/recall, provenance in their READMEs) and on markup a copy
of the tree does not reproduce (template content, names inside <svg>) or might not (foreign
content, comments, raw text, odd attribute quoting)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.extract.generic import _document, _Found, _trim, _untrimmed, generic_blocks

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
PAGES = sorted((FIXTURES / "generic").glob("wcxb-*.html.gz")) + sorted((FIXTURES / "recall").glob("wcxb-*.html.gz"))

MARKUP = [
    "<p>a<template><p>inside the template</p><b>x</b></template>b</p>",
    "<template id=t><div>deep <template><i>nested</i></template></div></template>",
    "<div><template shadowrootmode=open><p>shadow</p></template>host</div>",
    "<svg viewBox='0 0 1 1'><foreignObject><p>fo</p></foreignObject><clipPath/><path d=\"M0 0\"/></svg>",
    "<svg><a xlink:href='u' xml:lang='en'>l</a><image href='i'/><![CDATA[cd<b>]]></svg>",
    "<math definitionURL=x><mi>x</mi><annotation-xml encoding='text/html'><p>ann</p></annotation-xml></math>",
    "<noscript><p>no script</p><img src=x></noscript><p>x</p>",
    "<!-- a comment --><p>p<!--x--></p><!----><?pi x?>",
    "<p title='a\"b' data-x=\"it's\" class=`c` foo=bar&amp;baz checked>q</p>",
    "<p a=\"&lt;&gt;&amp;&quot;&nbsp;\">&lt;&amp;&nbsp;\u00a0\u2028 é 𝄞</p>",
    "<xmp><b>raw</b></xmp><pre>\n\nlead</pre><textarea>\nT</textarea><script>if(a<b)x()</script>",
    "<fieldset><legend>L</legend><aside><font>gone</font></aside><small>kept</small></fieldset>",
    "<table><tr><td><select><option>o<optgroup label=g></select></td></tr></table><plaintext><b>pt",
]


def _kept_reads_as_before(body: LexborNode) -> None:
    before = _document(body)
    found = _Found(body)
    kept = _untrimmed(body, found)
    _trim(body, found)
    assert _document(body) != before  # the trim changed the body
    assert (kept if kept is None or isinstance(kept, str) else _document(kept)) == before


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_what_the_fallback_reads_of_a_real_page_is_the_body_before_the_trim(path: Path) -> None:
    _kept_reads_as_before(LexborHTMLParser(gzip.decompress(path.read_bytes())).body)


@pytest.mark.parametrize("markup", MARKUP)
def test_what_the_fallback_reads_is_the_body_before_the_trim_whatever_its_markup(markup: str) -> None:
    body = LexborHTMLParser(f"<html><body class='b' id=\"x'\">{markup}<nav>menu</nav></body></html>").body
    _kept_reads_as_before(body)


def test_a_fragment_is_kept_with_its_siblings() -> None:
    # a fragment's root serialises with the nodes beside it; a copy of it would not
    root = LexborHTMLParser("<p>one</p> <nav>menu</nav><p>two</p>", is_fragment=True).root
    _kept_reads_as_before(root)


def test_a_blank_node_has_nothing_to_extract() -> None:
    root = LexborHTMLParser(" \n ", is_fragment=True).root
    assert _untrimmed(root, _Found(root)) is None
    assert generic_blocks(root) == []


SENTENCES = [
    "The council voted on Monday to close the old bridge for repairs that will last until spring next year.",
    "Drivers will be sent through the town centre, where parking is already scarce on most weekdays and weekends.",
    "Shop owners on the high street said they expected more customers while the bridge is closed for the works.",
    "The works are paid for by the county, which set aside the money in its budget for the coming two years.",
]


@pytest.mark.parametrize("wrapper", [
    "{}",
    "<div class='title'><h1><a href='/'>Town Blog</a></h1></div><table><tr><td>{}</td><td></td></tr></table>",
])
def test_an_article_the_trim_deletes_is_found_by_the_fallback(wrapper: str) -> None:
    # the whole post in a <fieldset> (as on blog.firedrake.org, wcxb-0398): the trim deletes it, the
    # fast pass finds nothing, and the fallback finds it in the body as it was before the trim
    post = "<fieldset><legend>The bridge</legend><div class='body'>{}</div></fieldset>".format(
        "".join(f"<p>{s}</p>" for s in SENTENCES))
    tree = LexborHTMLParser(f"<html><body>{wrapper.format(post)}</body></html>")
    text = "\n".join(b.text for b in generic_blocks(tree))
    assert all(sentence in text for sentence in SENTENCES)
