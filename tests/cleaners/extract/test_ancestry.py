"""`outermost` and `within` with a `top`: the climbs stop at the element the nodes were found in,
and the answer is the one of a climb to the document's root."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from cleaners.extract.ancestry import outermost, within
from cleaners.extract.prune import prune

NEST = """<html><body><section class="ad"><div id="top" class="ad">
<div class="ad"><p class="ad">1</p><span class="ad">2</span></div>
<p class="ad">3</p><div><div><span class="ad">4</span></div></div><p>kept</p>
</div></section></body></html>"""


def _marks(nodes) -> list[str]:
    return [node.text(deep=True).strip() or node.tag for node in nodes]


def test_outermost_below_a_top_that_is_not_among_the_nodes() -> None:
    tree = LexborHTMLParser(NEST)
    top = tree.css_first("#top")
    nodes = [node for node in top.css(".ad") if node.mem_id != top.mem_id]
    # the <section> above the top is one of the page's .ad too: not climbed to, not counted
    assert _marks(outermost(nodes, top=top)) == _marks(outermost(nodes)) == ["12", "3", "4"]


def test_a_top_among_the_nodes_holds_all_the_others() -> None:
    tree = LexborHTMLParser(NEST)
    top = tree.css_first("#top")
    nodes = top.css(".ad")
    assert nodes[0].mem_id == top.mem_id  # css() of an element finds the element itself
    assert [n.mem_id for n in outermost(nodes, top=top)] == [top.mem_id]
    assert within(nodes, {top.mem_id}, top) == [False] + [True] * (len(nodes) - 1)


def test_within_a_top_marks_nothing_above_it() -> None:
    tree = LexborHTMLParser(NEST)
    top = tree.css_first("#top")
    section = tree.css_first("section")
    spans = top.css("span")
    assert within(spans, {section.mem_id}) == [True, True]
    assert within(spans, {section.mem_id}, top) == [False, False]  # the top's ancestors are not read


def test_prune_of_an_element_that_matches_itself_removes_it_whole() -> None:
    tree = LexborHTMLParser(NEST)
    top = tree.css_first("#top")
    assert prune(top, ".ad") == 1
    assert tree.css_first("#top") is None
    assert tree.css_first("section") is not None


def test_prune_of_an_element_removes_its_outermost_matches() -> None:
    tree = LexborHTMLParser(NEST)
    top = tree.css_first("#top")
    assert prune(top, "p.ad, span.ad") == 4
    assert " ".join(top.text(deep=True).split()) == "kept"
    assert tree.css_first("section") is not None


def test_a_climb_that_stops_at_an_element_climbed_through_takes_its_answer() -> None:
    # the first <b> climbs through the nest to the marked <section> (or past it, unmarked, to the
    # root); the others stop in the nest, at elements the first climb passed, with the same answer
    deep = "<div>" * 6 + "<b>1</b><i><b>2</b></i>" + "</div>" * 6
    tree = LexborHTMLParser(f"<html><body><section>{deep}</section><b>3</b>{deep}</body></html>")
    section = tree.css_first("section")
    nodes = tree.css("b")
    assert within(nodes, {section.mem_id}) == [True, True, False, False, False]
    assert within(nodes, set()) == [False] * 5
    assert within(nodes, {nodes[1].parent.mem_id}) == [False, True, False, False, False]
