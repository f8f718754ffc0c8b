"""The elements the metadata reads, most found by Lexbor's walks by tag name (cleaners/page/nodes.py):
each list is what its own css() selector gives, element for element and in document order, and each
first node what it gives first. Real pages: those of
fixtures/pages/ (provenance beside them), among them pages with a `<meta itemprop="datePublished">`
and a `<time itemprop="datePublished">` (matched by two selectors of one css(), listed once)."""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaners.decode import decode
from cleaners.page.nodes import TEXT_ID, PageNodes, tag_ids

PAGES = Path(__file__).resolve().parents[3] / "fixtures" / "pages"
SELECTORS = {
    "meta": "meta", "figcaption": "figcaption", "h1": "h1", "h2": "h2", "time": "time", "p": "p",
    "ld": 'script[type="application/ld+json"]', "itemprop": '[itemprop="datePublished"], [itemprop="datepublished"]',
}
FIRSTS = {"title_node": "title", "canonical_link": 'link[rel="canonical"]'}


def _ids(nodes) -> list[int]:
    return [node.mem_id for node in nodes]


def _same_lists_and_firsts(tree: LexborHTMLParser, nodes: PageNodes) -> None:
    for name, selector in SELECTORS.items():
        found = tree.css(selector)
        if name == "ld":  # of what Lexbor's selector finds, the scripts whose own `type` says so
            found = [node for node in found if (node.attributes.get("type") or "").lower() == "application/ld+json"]
        assert _ids(getattr(nodes, name)) == _ids(found), name
    for name, selector in FIRSTS.items():
        found = getattr(nodes, name)
        assert _ids([found] if found is not None else []) == _ids(tree.css(selector)[:1]), name


@pytest.mark.parametrize("path", sorted(PAGES.glob("*.html")), ids=lambda p: p.stem)
def test_each_list_is_what_its_own_selector_finds(path):
    tree = LexborHTMLParser(decode(path.read_bytes())[0])
    nodes = PageNodes(tree)
    _same_lists_and_firsts(tree, nodes)
    for attributes, selector in ((("datetime",), "time[datetime]"),
                                 (("pubdate", "datetime"), "time[pubdate][datetime]")):
        first, expected = nodes.first_time(*attributes), tree.css_first(selector)
        assert (first.mem_id if first else None) == (expected.mem_id if expected else None), selector


def test_case_as_lexbor_matches_it():
    tree = LexborHTMLParser(
        '<html><head><title>a</title><link rel="Canonical" href="/x"><link rel="canonical alternate" href="/y">'
        '<script type="Application/LD+JSON">{}</script><script type="text/javascript"></script>'
        '<meta itemprop="datePublished" content="2025-01-02"></head><body><h1>t</h1>'
        '<time itemprop="DatePublished" datetime="2025-01-01">x</time><span itemprop="datepublished">y</span>'
        '<time pubdate datetime="2025-01-03">z</time></body></html>')
    nodes = PageNodes(tree)
    assert nodes.canonical_link is not None and nodes.canonical_link.attributes["href"] == "/x"
    assert [n.attributes["type"] for n in nodes.ld] == ["Application/LD+JSON"]
    assert [n.tag for n in nodes.itemprop] == ["meta", "span"]
    assert [n.tag for n in nodes.meta] == ["meta"] and len(nodes.time) == 2
    assert nodes.first_time("pubdate", "datetime").attributes["datetime"] == "2025-01-03"
    _same_lists_and_firsts(tree, nodes)


def test_firsts_and_tag_walks_on_markup_out_of_place():
    """A <title> and a canonical link in the <body> (the first in document order wins, after none
    in the head), titles and <time> inside an SVG, a <time> in a template (css() does not enter a
    template's content), none of a kind: each is what its selector finds."""
    pages = (
        '<html><head><meta name="a"></head><body><svg><title>icon</title><time>x</time></svg>'
        '<link rel="canonical" href="/b"><title>late</title><template><time datetime="1">t</time></template>'
        '<time datetime="2">u</time><link rel="CANONICAL" href="/c"></body></html>',
        '<p>no head, no title, no link, no time</p>',
        '<html><head><title>one</title><title>two</title><link rel=canonical href="/a"></head>'
        '<body><h1>x</h1></body></html>',
    )
    for page in pages:
        tree = LexborHTMLParser(page)
        _same_lists_and_firsts(tree, PageNodes(tree))
    tree = LexborHTMLParser(pages[0])
    nodes = PageNodes(tree)
    assert nodes.title_node is not None and nodes.title_node.text() == "icon"
    assert nodes.canonical_link is not None and nodes.canonical_link.attributes["href"] == "/b"
    assert [n.attributes.get("datetime") for n in nodes.time] == [None, "2"]


@pytest.mark.parametrize("page", [
    "<svg><figcaption>a</figcaption><p>b</p></svg><figcaption>c</figcaption>",  # a <figcaption> in an SVG is the SVG's
    "<math><annotation-xml encoding='text/html'><figcaption>x</figcaption><p>y</p></annotation-xml></math>",
    "<svg><foreignObject><p>f</p><figcaption>g</figcaption><h1>h</h1></foreignObject></svg><svg><meta name=a></svg>",
    "<template><p>t</p><meta name=a content=b><h1>u</h1></template><P>v</P><META name=c content=d><H1>w</H1>",
    "<table><p>x</p><meta name=q content=r><figcaption>f</figcaption></table>",
    "<noscript><p>x</p><meta name=z content=y></noscript><select><p>x</p></select><textarea><p>z</p></textarea>",
    "<x-p>a</x-p><svg:p>b</svg:p><h1:x>c</h1:x><svg><script type='application/ld+json'>{}</script></svg>",
])
def test_the_walks_by_tag_name_find_what_css_finds_in_markup_out_of_place(page):
    tree = LexborHTMLParser(page)
    _same_lists_and_firsts(tree, PageNodes(tree))


def test_a_script_whose_type_is_of_another_namespace_is_no_json_ld():
    """Lexbor's `[type=...]` also takes an SVG or MathML script's xlink:type; its own `type` alone
    makes a script JSON-LD."""
    for page in ('<svg><script xlink:type="application/ld+json">{}</script></svg>',
                 '<math><script xlink:type="application/ld+json">{}</script></math>'):
        tree = LexborHTMLParser(page + '<script type="Application/LD+JSON">{"a": 1}</script>')
        assert len(tree.css(SELECTORS["ld"])) == 2
        assert [node.text() for node in PageNodes(tree).ld] == ['{"a": 1}']


def test_tag_ids_are_the_ids_of_parsed_elements_and_refuse_names_lexbor_does_not_know():
    tree = LexborHTMLParser("<html><body><p>a</p><svg><title>t</title></svg><table><td>c</td></table></body></html>")
    ids = tag_ids(("p", "svg", "title", "td", "body"))
    assert {ids[node.tag_id] for node in tree.root.traverse() if node.tag_id in ids} == {"p", "svg", "title", "td",
                                                                                      "body"}
    assert all(ids[node.tag_id] == node.tag for node in tree.root.traverse() if node.tag_id in ids)
    for name in ("x-foo", "DIV", "-text"):
        with pytest.raises(ValueError):
            tag_ids((name,))
    body = tree.body
    assert body is not None and body.child is not None and body.child.child is not None
    assert body.child.child.tag_id == TEXT_ID
