"""A page whose article sits in no element the extractor's body expressions recognise keeps its
lists and headings: the flow of paragraphs is named as the article's frame (real pages of three
outlets in fixtures/generic, WCXB dev split, provenance in its README). A page whose frame is
recognised, and a page without a flow of paragraphs, are left as they are."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cleaners import Options, clean_html
from cleaners.extract.frame import name_the_frame

GENERIC = Path(__file__).resolve().parents[3] / "fixtures" / "generic"


@pytest.mark.parametrize(("page_id", "item", "heading"), [
    ("wcxb-4252", "Invoicing Customization: Create bespoke invoices", "1. QuickBooks"),
    ("wcxb-0268", "PMP Exam Prep Simplified: Get all of tricks", "Project management"),
    ("wcxb-0317", "Cost Efficiency: Cloud computing reduces", "Benefits of Cloud Computing:"),
])
def test_lists_and_headings_of_an_unrecognised_frame_are_kept(page_id: str, item: str, heading: str) -> None:
    gold = json.loads((GENERIC / f"{page_id}.json").read_text(encoding="utf-8"))
    html = gzip.decompress((GENERIC / f"{page_id}.html.gz").read_bytes())
    article = clean_html(html, gold["url"], options=Options(use_sites=False))
    items = [b.text for b in article.blocks if b.kind == "list_item"]
    assert any(text.startswith(item) for text in items)
    assert heading in [b.text for b in article.blocks if b.kind == "heading"]


def _tree(body: str):  # type: ignore[no-untyped-def]
    from trafilatura.utils import load_html

    return load_html(f"<html><body>{body}</body></html>")


LONG = "<p>" + "A sentence of the article that runs on long enough to count as a real paragraph here. " * 2 + "</p>"


def test_the_flow_is_named_and_widened_over_split_wrappers() -> None:
    tree = _tree(f'<div class="page"><div class="a">{LONG * 3}</div><ul><li>x</li></ul>'
                 f'<div class="b">{LONG * 2}</div></div><div class="foot">{LONG}</div>')
    assert name_the_frame(tree)
    framed = tree.xpath('//*[@role="article"]')
    assert [el.get("class") for el in framed] == ["page"]


@pytest.mark.parametrize("body", [
    f'<article>{LONG * 4}</article>',  # a frame the extractor recognises
    f'<div class="entry-content">{LONG * 4}</div>',
    f'<div class="x">{LONG * 2}</div>',  # too few paragraphs for a flow
])
def test_a_recognised_frame_or_no_flow_is_left_alone(body: str) -> None:
    tree = _tree(body)
    assert not name_the_frame(tree)
    assert not tree.xpath('//*[@role="article"]')
