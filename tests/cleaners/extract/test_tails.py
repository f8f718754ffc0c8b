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
