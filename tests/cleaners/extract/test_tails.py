"""Loose text between the elements of the extractor's output (an element's tail) is article text:
a standfirst written as bare text after the headline, paragraphs written as text between line
breaks beside a heading. Real pages of two outlets (fixtures/recall, WCXB dev split, provenance
in its README)."""

from __future__ import annotations

import pytest

from cleaners.score import bag_scores
from tests.cleaners.extract.saved import by_words, generic_article


@pytest.mark.parametrize(("page_id", "loose", "f1"), [
    ("wcxb-0475", "Drinking coffee has several advantages.", 0.9),  # economictimes.indiatimes.com (was 0.61)
    ("wcxb-4677", "Editor's Note: On May 6, 2025, I added a new top performer", 0.97),  # techgearlab.com (was 0.93)
])
def test_loose_text_between_output_elements_is_kept(page_id: str, loose: str, f1: float) -> None:
    gold, article = generic_article("recall", page_id)
    assert article.provenance.kind == "generic"
    assert by_words(loose) in by_words(article.text)
    assert bag_scores(article.text, gold["text"])[2] >= f1


def test_an_output_elements_text_keeps_its_line_breaks_and_reads_its_inline_parts() -> None:
    # lxml gives the text of an element without line breaks; one with <lb/> is read node by node
    from lxml import etree

    from cleaners.extract.generic import _element_text

    plain = etree.fromstring("<p>Water <hi>boils</hi> at <ref>100 degrees</ref>, at sea level.</p>")
    broken = etree.fromstring("<p>First line<lb/>second <hi>line<lb/></hi>third line</p>")
    noted = etree.fromstring("<p>Before <!-- a note --> after</p>")
    assert _element_text(plain) == "Water boils at 100 degrees, at sea level."
    assert _element_text(broken) == "First line\nsecond line\nthird line"
    assert _element_text(noted) == "Before  a note  after"
    assert _element_text(etree.fromstring("<lb/>")) == "\n"
