"""The text describe hands to page_language: its blocks' texts, one a line, no further than page_language
reads (`SAMPLE_CHARS`); the language found is the one the whole body gives. Real texts: the gold
bodies of pages in fixtures/pages/ (provenance beside them), in a dozen languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaners.describe.article import _language_text
from cleaners.describe.language import AGREED_PREFIX_CHARS, PREFIX_CHARS, SAMPLE_CHARS, page_language
from cleaners.model import Block

PAGES = Path(__file__).resolve().parents[3] / "fixtures" / "pages"
TEXTS = {gold.stem: json.loads(gold.read_text(encoding="utf-8")).get("text") or ""
         for gold in sorted(PAGES.glob("*.json"))}


def _blocks(*texts: str) -> list[Block]:
    return [Block("paragraph", text) for text in texts]


def test_page_language_reads_no_further_than_the_sample():
    assert SAMPLE_CHARS >= PREFIX_CHARS and SAMPLE_CHARS >= AGREED_PREFIX_CHARS


@pytest.mark.parametrize("short", [0, 1, 2])
def test_the_text_stops_after_the_block_that_reaches_the_sample(short):
    """Blocks joined to exactly SAMPLE_CHARS - short characters, then one more: that block is
    read when the text is still short of the sample (short > 0), and not when it is not."""
    first = "a" * (SAMPLE_CHARS // 2)
    second = "b" * (SAMPLE_CHARS - len(first) - 1 - short)
    blocks = _blocks(first, second, "c", "d d")
    whole = "\n".join(b.text for b in blocks)
    text = _language_text(blocks)
    assert whole.startswith(text) and len(text) >= min(SAMPLE_CHARS, len(whole))
    assert text == "\n".join([first, second] + (["c"] if short else []))


def test_a_short_body_is_given_whole():
    blocks = _blocks("one line", "", "another")
    assert _language_text(blocks) == "one line\n\nanother"
    assert _language_text([]) == ""


@pytest.mark.parametrize("page_id", sorted(TEXTS))
@pytest.mark.parametrize(("html_lang", "site_lang"), [(None, None), ("en", "id"), (None, "de"), ("fr", None)])
def test_the_language_of_the_text_is_the_whole_bodys(page_id, html_lang, site_lang):
    blocks = _blocks(*TEXTS[page_id].splitlines())
    whole = "\n".join(b.text for b in blocks)
    assert page_language(_language_text(blocks), html_lang, site_lang) == page_language(whole, html_lang, site_lang)
