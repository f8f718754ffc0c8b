"""`drop`: the unconditional prune groups removed by one Lexbor `css()` of tag names leave the
very tree `prune` leaves, on real pages (fixtures/pages) and on nested and foreign-content cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaners.extract.prune import default_prune_plan, drop, prune
from cleaners.knowledge.sites import default_registry

PAGES = Path(__file__).resolve().parents[3] / "fixtures" / "pages"


def _both(html: str, groups: list[str]) -> tuple[str, str]:
    pruned, dropped = LexborHTMLParser(html), LexborHTMLParser(html)
    for group in groups:
        prune(pruned, group)
        drop(dropped, group)
    return pruned.html or "", dropped.html or ""


@pytest.mark.parametrize("page", sorted(PAGES.glob("*.html"))[::2], ids=lambda p: p.stem)
def test_drop_leaves_the_tree_prune_leaves_on_real_pages(page: Path) -> None:
    plan = default_prune_plan()
    pruned, dropped = _both(page.read_text(encoding="utf-8", errors="replace"), [plan.not_text, plan.always])
    assert pruned == dropped


NESTED = """<html><head><style>s</style><link rel="x"><meta name="m"></head><body><p>a<svg><svg><title>x</title>
</svg></svg><math><button>b</button><link>q</link></math><object><object><embed>o</object></object>
<template><script>s</script></template><BUTTON>B<button>c</button></BUTTON><form role="search"><form class="search">
f</form></form><form role="other">kept</form><FORM ID="top-search">g</FORM><div role="search">kept too</div>
<foo:button>z</foo:button><select><option>o</select><dialog><input><textarea>t</textarea></dialog></p></body></html>"""


def test_drop_removes_nested_matches_and_tag_conditions_like_prune() -> None:
    plan = default_prune_plan()
    pruned, dropped = _both(NESTED, [plan.not_text, plan.always])
    assert pruned == dropped
    assert "kept</form>" in dropped and "kept too" in dropped
    assert "<svg" not in dropped and "<button" not in dropped
    assert "<form role=\"search\"" not in dropped and "top-search" not in dropped


def test_drop_leaves_html_head_and_body_alone_and_takes_other_groups_as_prune_does() -> None:
    html = '<html><head><title>t</title></head><body><div class="ad">x</div><p>y</p></body></html>'
    pruned, dropped = _both(html, ["html, head, body, title", '[class~="ad"], p'])
    assert pruned == dropped
    assert "<body></body>" in dropped and "<head></head>" in dropped


def test_drop_on_the_body_leaves_the_head_and_finds_what_css_finds_there() -> None:
    plan = default_prune_plan()
    html = ('<html><head><meta name="m"><link rel="x"><noscript><link rel="y"></noscript></head><body><p>a'
            '<link rel="z"><meta name="b"><iframe></iframe><form class="site-search">f</form><form>kept</form>'
            '<img src="i"><span></span></p></body></html>')
    pruned, dropped = LexborHTMLParser(html), LexborHTMLParser(html)
    prune(pruned.body, plan.always)
    drop(dropped.body, plan.always)
    assert pruned.html == dropped.html
    head = dropped.head.html or ""
    assert '<meta name="m">' in head and 'rel="x"' in head and 'rel="y"' in head
    assert dropped.body.html == '<body><p>a</p><form>kept</form><img src="i"><span></span><p></p></body>'


@pytest.mark.parametrize("group", [
    "amp-ad, x-box[class*=ad], div",  # tags Lexbor does not know: found by css()
    'form, form[role="search"], p',  # a tag both bare and with a condition: every one goes
    'form[role="search"], p[class~="ad"]',  # conditions only, on a whole parse
])
def test_drop_takes_unknown_tags_and_bare_tags_with_conditions_as_prune_does(group: str) -> None:
    html = ('<html><body><amp-ad>a</amp-ad><x-box class="ad">b</x-box><x-box>kept</x-box><form>c</form>'
            '<form role="search">d</form><p class="ad">e</p><p>kept too</p><div><p>f</p></div></body></html>')
    pruned, dropped = _both(html, [group])
    assert pruned == dropped
    assert "kept" in dropped


SVG_CAMEL = """<html><body><p>a</p><svg><foreignObject><p>fo</p></foreignObject><clipPath id="c"></clipPath>
<feImage></feImage></svg></body></html>"""


@pytest.mark.parametrize("group", ["foreignobject", "clippath, feimage", "foreignobject, aside", 'clippath[id="c"]'])
def test_drop_leaves_camel_case_svg_elements_as_prune_does(group: str) -> None:
    # the parser writes these names in camelCase: a selector of the lowercase name finds them, and
    # prune, reading the node's own name, leaves them; drop must leave the same tree
    pruned, dropped = _both(SVG_CAMEL, [group])
    assert pruned == dropped
    assert "foreignObject" in dropped or "foreignobject" not in group
    body = LexborHTMLParser(SVG_CAMEL)
    drop(body.body, group)
    assert ("foreignObject" in (body.html or "")) == ("foreignObject" in pruned)


NESTED_ADS = """<html><body><div id="top" class="ad"><div class="ad"><p class="ad">1</p><span class="ad">2</span>
</div><p class="ad x">3</p><div><div><span class="ad">4</span></div></div><p>kept</p><section><p class="x">5</p>
</section></div><p class="ad">6</p><p>kept too</p></body></html>"""


@pytest.mark.parametrize("group", [
    ".ad",  # not a group of simple selectors: found by Lexbor
    ".ad, p.x, #top span",  # one node matched by several selectors, a descendant combinator
    '[class~="ad"], section',  # simple, with a condition on any tag
    "div.ad p, section p.x",
])
@pytest.mark.parametrize("root", ["tree", "body", "#top"])
def test_drop_of_a_group_with_nested_matches_leaves_the_tree_prune_leaves(group: str, root: str) -> None:
    # every match goes, inner ones first, with no climb for the outermost: the tree left is the one
    # prune leaves removing the outermost, on a whole parse, a body and an element matching itself
    pruned, dropped = LexborHTMLParser(NESTED_ADS), LexborHTMLParser(NESTED_ADS)
    for tree in (pruned, dropped):
        start = tree if root == "tree" else tree.body if root == "body" else tree.css_first(root)
        (prune if tree is pruned else drop)(start, group)
    assert pruned.html == dropped.html
    assert "kept too" in (dropped.html or "") and ">1<" not in (dropped.html or "")


@pytest.mark.parametrize("group", [
    "[class*='ad']",  # found by Lexbor
    "div.ad",  # a condition on a tag: found by tag ids
    "div",  # a bare tag, on a node: found by tag ids
    "x-frame, div",  # a tag Lexbor does not know: found by its css() of the names
])
def test_drop_of_a_node_that_matches_itself_empties_it_as_prune_does(group: str) -> None:
    # a profile's body matching its own strip group: the body site_extract goes on to read is left
    # as prune leaves it (out of the page and empty), not detached with its text
    read = []
    for remove in (prune, drop):
        tree = LexborHTMLParser(NESTED_ADS)
        start = tree.css_first("#top")
        remove(start, group)
        read.append((start.html, start.text(), tree.html))
    assert read[0] == read[1]
    assert read[1][1] == "" and "kept too" in (read[1][2] or "")


def test_drop_of_profile_strip_groups_on_their_bodies_leaves_the_tree_prune_leaves() -> None:
    # the profiles' own `strip` groups (most of them not simple) on real pages' bodies
    profiles = [p for p in default_registry() if p.extract.strip]
    assert len(profiles) > 10
    for page in sorted(PAGES.glob("*.html")):
        html = page.read_text(encoding="utf-8", errors="replace")
        for profile in profiles[::3]:
            pruned, dropped = LexborHTMLParser(html), LexborHTMLParser(html)
            prune(pruned.body, profile.extract.strip_selector)
            drop(dropped.body, profile.extract.strip_selector)
            assert pruned.html == dropped.html, (page.name, profile.id)
