"""`select`: a group of simple selectors matched in one walk of the tree finds exactly the nodes
Lexbor's `css()` finds (each once), on real pages and on the edge cases of CSS attribute matching."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaners.extract.prune import _matcher, default_prune_plan, outermost, prune, select

PAGES = Path(__file__).resolve().parents[3] / "fixtures" / "pages"


def _ids(nodes) -> set[int]:
    return {n.mem_id for n in nodes}


@pytest.mark.parametrize("page", sorted(PAGES.glob("*.html"))[::3], ids=lambda p: p.stem)
def test_the_prune_plan_selects_what_lexbor_selects_on_real_pages(page: Path) -> None:
    plan = default_prune_plan()
    tree = LexborHTMLParser(page.read_text(encoding="utf-8", errors="replace"))
    for root in (tree, tree.body, *tree.css("div")[:2]):
        for group in (plan.not_text, plan.always, plan.guarded):
            assert _matcher(group) is not None  # the bundled plan is all simple selectors
            found = select(root, group)
            assert len(found) == len(_ids(found))
            assert _ids(found) == _ids(root.css(group))


EDGE = """<html><body>
<div id="a" class="ad">1</div><div class="bad">2</div><div class="x  ad&#9;y">3</div>
<div class="ads-top">4</div><p class="top-ads">5</p><span class="ad-">6</span><div class="">7</div>
<div class>8</div><div data-x="en-US">9</div><div data-x="en">10</div><div data-x="english">11</div>
<div role="navigation">12</div><div role="navigation menu">13</div><form role="search">14</form>
<form role="other">15</form><div role="search">16</div><nav class="ad">17</nav><div CLASS="AD">18</div>
<div class="ad
">19</div><div id="ads_1">20</div>
</body></html>"""

SELECTORS = [
    '[class~="ad"]', '[class*="ad"]', '[class^="ads"]', '[class$="ads"]', '[class="ad"]', '[class]',
    '[class=""]', '[class*=""]', '[class~="a d"]', '[data-x|="en"]', 'form[role="search"]', 'nav, [class~="ad"]',
    '[role=navigation]', "[role='navigation']", 'div[class*="ad"], p', '[id^="ads_"], [id="a"]', 'NAV',
]


@pytest.mark.parametrize("selectors", SELECTORS)
def test_attribute_operators_match_as_in_css(selectors: str) -> None:
    tree = LexborHTMLParser(EDGE)
    assert _matcher(selectors) is not None
    assert _ids(select(tree, selectors)) == _ids(tree.css(selectors))
    assert _ids(select(tree.body, selectors)) == _ids(tree.body.css(selectors))


@pytest.mark.parametrize("selectors", ["div > p", ".ad", "#a", "div:first-child", '[class*="ad" i]',
                                       '[class*="a,b"]', "div p, nav"])
def test_other_selectors_are_left_to_lexbor(selectors: str) -> None:
    tree = LexborHTMLParser(EDGE)
    assert _matcher(selectors) is None
    assert _ids(select(tree, selectors)) == _ids(tree.css(selectors))


def test_prune_removes_each_match_once_and_keeps_the_rest() -> None:
    tree = LexborHTMLParser('<html><body><div class="ad share"><p class="ad">x</p></div><p>kept</p></body></html>')
    assert prune(tree, '[class~="ad"], [class*="share"]') == 1
    assert tree.body.text(deep=True) == "kept"


def test_outermost_climbs_a_deep_nest_once() -> None:
    # 20,000 images at the bottom of 1,900 nested elements (just under the parser guard's
    # max_depth), one marked element in the nest and images beside it
    depth, images = 1900, 20_000
    html = "<div>" * depth + '<img src="a.jpg">' * images + '<p class="x"><img src="b.jpg"></p>' + "</div>" * depth
    tree = LexborHTMLParser(f"<html><body>{html}<img src='c.jpg'></body></html>")
    nodes = tree.css("img") + tree.css("p.x")
    start = time.process_time()
    out = outermost(nodes)
    seconds = time.process_time() - start
    assert [n.attributes.get("src") for n in out if n.tag == "img"] == ["a.jpg"] * images + ["c.jpg"]
    assert [n.tag for n in out if n.tag != "img"] == ["p"]  # the image inside the marked <p> goes with it
    assert seconds < 1.5  # was about 3 s: every image climbed the whole nest


# Attribute values at the edges of the attribute operators: anchors at a value's ends, empty
# values, long values, a NUL (set on the tree: the parser never leaves one) and a non-ASCII letter.
EDGE_VALUES = ["ad", "", "x ad", "ad x", "ads-top", "top-ads", "x\x00ad", "zzz", "ad\x00", "", "ads",
               "a" * 1500 + " ad", "en-US", "x\x00", "en", "é ad", "ads\x00ads", "\tad\n", "bad", "ad-", "-ad", "ads"]


@pytest.mark.parametrize("selectors", ['[class~="ad"]', '[class^="ads"]', '[class$="ads"]', '[class="ad"]',
                                       '[class=""]', '[class|="en"]', '[class^="ad"], [class="zzz"]', '[class*="ad"]',
                                       '[class]'])
def test_edge_values_match_as_in_css(selectors: str) -> None:
    tree = LexborHTMLParser("<html><body>" + "<div>x</div>" * len(EDGE_VALUES) + "</body></html>")
    for node, value in zip(tree.body.css("div"), EDGE_VALUES, strict=True):
        node.attrs["class"] = value
    fresh = _matcher.__wrapped__(selectors)  # no verdict remembered yet
    assert fresh is not None
    assert _ids(fresh.matches(tree)) == _ids(tree.css(selectors))
    assert _ids(fresh.matches(tree)) == _ids(tree.css(selectors))  # and from the remembered verdicts
