"""Blocks the prune plan's name tests would take are kept where their place says they are the
page's text (cleaners/extract/shelter.py): a code listing's highlighter tokens, the content of the
main landmark. Real pages of three outlets (fixtures/recall, WCXB dev split, provenance in its
README); a sidebar beside the content in the landmark, and a named block the plan keeps anyway,
are left as they are."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaners.extract.prune import default_prune_plan, prune
from cleaners.extract.shelter import shelter, shelter_and_prune
from cleaners.score import bag_scores
from tests.cleaners.extract.saved import by_words, generic_article


@pytest.mark.parametrize(("page_id", "kept", "f1"), [
    ("wcxb-0180", "Founded in 2014 by passionate Georgia Tech students", 0.9),  # no-sidebars (was 0.02)
    ("wcxb-2157", "A smartphone is a lot like a tablet computer", 0.85),  # a course's topics list (was 0.17)
    ("wcxb-0437", "# this will stage all of your modified and/or untracked files for commit", 0.95),  # hljs (was 0.73)
])
def test_named_content_in_its_place_is_kept(page_id: str, kept: str, f1: float) -> None:
    gold, article = generic_article("recall", page_id)
    assert article.provenance.kind == "generic"
    assert by_words(kept) in by_words(article.text)
    assert bag_scores(article.text, gold["text"])[2] >= f1


LONG = "A sentence of the article, long enough to be read as prose by anyone who looks at it. " * 2


def _pruned(body: str) -> str:
    tree = LexborHTMLParser(f"<html><body>{body}</body></html>")
    plan = default_prune_plan()
    shelter(tree, plan)
    prune(tree, plan=plan, guarded_only=True)
    return tree.body.html or "" if tree.body is not None else ""


def test_a_sidebar_beside_the_content_still_goes() -> None:
    html = _pruned(f'<main><div class="content"><p>{LONG}</p><p>{LONG}</p><p>{LONG}</p></div>'
                   '<div class="sidebar"><p>Popular posts and other boxes.</p></div></main>')
    assert "Popular posts" not in html and "A sentence of the article" in html


def test_the_content_of_the_landmark_is_kept_whatever_its_name() -> None:
    html = _pruned(f'<main><h2>The Agency</h2><div class="no-sidebars"><p>{LONG}</p></div></main>'
                   + "<div>Other text of the page, the menus and the footer. </div>" * 40)
    assert "A sentence of the article" in html and 'class=""' in html


def test_a_block_the_plan_keeps_anyway_shields_what_is_inside() -> None:
    # an <article> named with a guarded word, which the plan keeps, stays named: renamed, it would
    # no longer hide its inner matches from the plan, and the plan reads an outer match's whole
    html = _pruned(f'<main><article class="topic-desktop"><p>{LONG}</p><p>{LONG}</p><p>{LONG}</p>'
                   '<div class="topic-list">Tagged: one, two</div></article></main>')
    assert 'class="topic-desktop"' in html and 'class="topic-list"' in html


def test_a_deep_nest_of_listings_and_many_tokens_are_read_quickly() -> None:
    plan = default_prune_plan()
    nest = LexborHTMLParser("<main>" + '<code class="hljs-comment">x' * 1800 + "</code>" * 1800 + "</main>")
    spans = "".join(f'<span class="t{i} hljs-comment">y</span>' for i in range(5000))
    many = LexborHTMLParser(f"<main>x</main><pre>{spans}</pre>")
    start = time.process_time()
    assert shelter(nest, plan) == 1800
    assert shelter(many, plan) == 5000
    assert time.process_time() - start < 2


PAGES = Path(__file__).resolve().parents[3] / "fixtures" / "pages"


def _both_ways(html: str | bytes, plan) -> tuple[tuple[int, str], tuple[int, str]]:
    """(what the plan removed, the body) after shelter then prune, and after shelter_and_prune."""
    apart, together = LexborHTMLParser(html), LexborHTMLParser(html)
    shelter(apart, plan)
    removed = prune(apart, plan=plan, guarded_only=True)
    return (removed, apart.html or ""), (shelter_and_prune(together, plan), together.html or "")


@pytest.mark.parametrize("page", sorted(PAGES.glob("*.html"))[::2], ids=lambda p: p.stem)
def test_matching_the_groups_once_prunes_what_shelter_then_prune_does(page: Path) -> None:
    apart, together = _both_ways(page.read_bytes(), default_prune_plan())
    assert together == apart


def test_a_renamed_block_that_matches_only_once_renamed_is_still_pruned() -> None:
    # a listing's token that trips the plan goes, and what is left is a name another selector
    # matches: the node was not among the matches before, so they are looked for again
    plan = dataclasses.replace(default_prune_plan(), guarded='[class^="side"], [class*="wide page"]')
    html = ('<html><body><p>Text of the page.</p>'
            '<pre><span class="wide side page">x = 1</span> # end</pre></body></html>')
    apart, together = _both_ways(html, plan)
    assert together == apart
    assert together[0] == 1 and "x = 1" not in together[1] and "# end" in together[1]
