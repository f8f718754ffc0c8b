"""The article's own wrappers are kept from the extractor's class-name discard
(cleaners/extract/wrappers.py): real pages of two outlets whose article sits in blocks named with
one of trafilatura's furniture words (fixtures/recall, WCXB dev split, provenance in its README);
a frame whose matches trafilatura keeps anyway, and furniture without the article's shape, are
left as they are."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from cleaners.extract.discard import matchers
from cleaners.extract.wrappers import open_article_wrappers
from cleaners.score import bag_scores
from tests.cleaners.extract.saved import by_words, generic_article


@pytest.mark.parametrize(("page_id", "f1"), [
    ("wcxb-4184", 0.5),  # consumerreports.org: the checklist in blocks named with `divider`/`bar` words (was 0.28)
    ("wcxb-4253", 0.85),  # technologyadvice.com: the reviews in rating/slider-named blocks (was 0.68)
])
def test_article_text_in_a_furniture_named_wrapper_is_kept(page_id: str, f1: float) -> None:
    gold, article = generic_article("recall", page_id)
    assert article.provenance.kind == "generic"
    assert bag_scores(article.text, gold["text"])[2] >= f1
    for snippet in gold["with"][:1]:  # by words: the gold writes ' for the page's ’
        assert by_words(snippet) in by_words(article.text)


PROSE = ("The committee met on Tuesday to review the plans for the new library, which has been delayed twice "
         "since the first designs were shown to the public last spring.")


def _frame(inner: str):
    return lxml_html.fromstring(f"<html><body><article>{inner}</article></body></html>")


def _discarded(tree) -> list:
    return [el for matcher in matchers("OVERALL_DISCARD_XPATH") for el in matcher(tree)]


def test_the_prose_wrapper_is_defused_and_the_share_bar_still_goes() -> None:
    tree = _frame(f'<p>{PROSE}</p><p>{PROSE}</p><div class="embed-responsive prose"><p>{PROSE}</p><p>{PROSE}</p></div>'
                  f'<div class="share-buttons"><a href="/x">Share on X</a> <a href="/f">Share on F</a></div>'
                  f'<div class="related-stories">{PROSE} {PROSE}</div>')
    assert open_article_wrappers(tree) == 1
    prose = tree.xpath("//article/div")[0]
    assert prose.get("class") == "responsive prose"
    left = _discarded(tree)
    assert prose not in left and len(left) == 2


def test_a_frame_whose_matches_the_extractor_keeps_is_left_alone() -> None:
    # the matches hold nearly all the frame's text: trafilatura deletes none of them, nothing to defuse
    tree = _frame(f'<div class="elementor-widget-text-editor"><p>{PROSE}</p><p>{PROSE}</p></div><p>Short.</p>')
    assert open_article_wrappers(tree) == 0
    assert tree.find(".//div").get("class") == "elementor-widget-text-editor"


def test_a_related_posts_block_with_long_excerpts_keeps_its_name() -> None:
    # kept by the prune plan for its size, named as related posts by it: not the article's wrapper
    tree = _frame(f'<p>{PROSE}</p><p>{PROSE}</p><div class="share-bar"><a href="/s">Share</a></div>'
                  f'<section class="related_posts_by_tax widget"><p>{PROSE}</p><p>{PROSE}</p></section>')
    assert open_article_wrappers(tree) == 0
    assert tree.xpath("//section")[0].get("class") == "related_posts_by_tax widget"


def test_a_wrapper_with_an_attribute_xml_cannot_take_is_still_defused() -> None:
    # the discard is tried on a copy of each wrapper with the article's shape first; a wrapper whose
    # attribute names a copy cannot take (`@click`) is judged by the whole test, and defused
    tree = _frame(f'<p>{PROSE}</p><p>{PROSE}</p><div class="embed-responsive prose" @click="open()">'
                  f'<p>{PROSE}</p><p>{PROSE}</p></div>'
                  f'<div class="share-buttons"><a href="/x">Share on X</a> <a href="/f">Share on F</a></div>')
    assert open_article_wrappers(tree) == 1
    assert tree.xpath("//article/div")[0].get("class") == "responsive prose"


def test_a_frame_whose_shaped_wrappers_the_discard_passes_by_is_left_alone() -> None:
    # the wrapper with the article's shape has no discarded name: nothing to defuse, the share bar goes
    tree = _frame(f'<div class="prose"><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div>'
                  f'<div class="share-buttons"><a href="/x">Share on X</a></div>')
    assert open_article_wrappers(tree) == 0
    assert tree.xpath("//article/div")[0].get("class") == "prose" and len(_discarded(tree)) == 1
