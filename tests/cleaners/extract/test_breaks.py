"""An article written straight into an element between <br> runs (cleaners/extract/breaks.py): its
paragraphs become <p>s for trafilatura's fast pass, which the generic path asks for only when that
pass found (almost) nothing. Real pages of two outlets: Kompas.com's 2015 regional template (a
<div>) and its 2016 sports template (a <span>) (fixtures/metadata, fixtures/furniture), and a
blockrenovation.com guide whose section ends in a <div> written so (WCXB dev split,
fixtures/generic); the must-stay case is a WCXB page whose article the fast pass finds, with its
last part written so (fixtures/generic/wcxb-4617)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from lxml import etree
from selectolax.lexbor import LexborHTMLParser

from cleaners import Page, clean_page
from cleaners.decode import decode
from cleaners.extract.breaks import break_paragraphs
from cleaners.extract.generic import FALLBACK_BELOW_CHARS, generic_blocks
from cleaners.extract.handover import lxml_tree

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
KOMPAS = [FIXTURES / "metadata" / "id-kompas-101.html", FIXTURES / "furniture" / "id-kompas-102.html"]
BLOCK = FIXTURES / "generic" / "wcxb-0366.html.gz"
FOUND_BY_THE_FAST_PASS = FIXTURES / "generic" / "wcxb-4617.html.gz"


def _page(path: Path) -> tuple[bytes, dict]:
    raw = path.read_bytes()
    body = gzip.decompress(raw) if path.suffix == ".gz" else raw
    gold = json.loads(path.with_name(path.name.split(".")[0] + ".json").read_text(encoding="utf-8"))
    return body, gold


def _text(element) -> str:
    return " ".join(etree.tostring(element, encoding=str, method="text", with_tail=False).split())


def _rewritten(path: Path) -> tuple[list[str], list[str]]:
    """The texts of the <p>s the rewrite makes of the page's one element written between <br>s, and the gold's lines."""
    body, gold = _page(path)
    tree = lxml_tree(decode(body)[0])
    broken = [e for e in tree.iter() if sum(child.tag == "br" for child in e) >= 2]  # held: lxml keeps them
    assert break_paragraphs(tree, FALLBACK_BELOW_CHARS) == 1
    (holder,) = [e for e in broken if len(e) and all(child.tag == "p" for child in e)]
    return [_text(p) for p in holder], gold["text"].split("\n")


@pytest.mark.parametrize("path", KOMPAS, ids=lambda p: p.stem)
def test_each_paragraph_between_breaks_becomes_one_p(path: Path) -> None:
    paragraphs, gold = _rewritten(path)
    assert len(paragraphs) >= 6
    # the first opens with the dateline, which the cleaning strips later; every other is a line of the gold
    assert paragraphs[0].endswith(gold[0]) and paragraphs[0] != gold[0]
    assert paragraphs[1:] == gold[1:len(paragraphs)]


def test_another_outlets_section_written_between_breaks() -> None:
    paragraphs, gold = _rewritten(BLOCK)
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("Before construction breaks ground")
    assert any(line.endswith(paragraphs[0]) for line in gold)  # the gold's line opens with the box's title
    assert paragraphs[1] in gold


@pytest.mark.parametrize("path", KOMPAS, ids=lambda p: p.stem)
def test_the_generic_path_reads_them_paragraph_by_paragraph(path: Path) -> None:
    # trafilatura's fast pass finds nothing in the element; its slow fallbacks gave the 2015 page's whole
    # text as one block (the 2016 page's split at its breaks there too: the same blocks, at three times the cost)
    body, gold = _page(path)
    blocks = generic_blocks(LexborHTMLParser(body), gold["url"])
    lines = gold["text"].split("\n")
    assert len(blocks) >= 6
    assert [b.text for b in blocks[1:len(lines)]] == lines[1:len(blocks)]
    article = clean_page(Page(url=gold["url"], body=body))
    assert [b.text for b in article.blocks] == lines


def test_a_page_whose_article_the_fast_pass_finds_keeps_all_of_it() -> None:
    # the last part of this article is written between <br>s; read as <p>s, it would be all the
    # extractor keeps: the rewrite is for pages where the fast pass found nothing
    body, gold = _page(FOUND_BY_THE_FAST_PASS)
    article = clean_page(Page(url=gold["url"], body=body))
    text = "\n".join(b.text for b in article.blocks)
    assert text.startswith(gold["text"].split("\n")[0][:60])
    assert all(snippet in text for snippet in gold["with"])


@pytest.mark.parametrize("markup", [
    "<div>one line of a long text " + "word " * 60 + "<br>and its second line " + "word " * 10 + "</div>",
    "<div>" + "word " * 60 + "<br><br>" + "word " * 20 + "<p>a paragraph inside</p><br><br>end</div>",
    "<div><br><br>a short text<br><br>and another</div>",
])
def test_what_is_left_as_it_is(markup: str) -> None:
    # one <br> only; a block element inside; less text written straight into it than the fallback's threshold
    tree = lxml_tree(f"<html><body>{markup}</body></html>")
    before = etree.tostring(tree)
    assert break_paragraphs(tree, FALLBACK_BELOW_CHARS) == 0
    assert etree.tostring(tree) == before


def test_the_runs_their_lone_breaks_and_the_holder() -> None:
    tree = lxml_tree("<html><body><div><span class=t>\n<br><br>  " + "a " * 120 + "<b>bold</b> tail<br>line two"
                     "<br>\n<br> <br>second <i>run</i><br><br><br></span></div></body></html>")
    assert break_paragraphs(tree, FALLBACK_BELOW_CHARS) == 1
    holder = tree.find(".//*[@class='t']")
    assert holder.tag == "div" and [child.tag for child in holder] == ["p", "p"]
    first, second = holder
    assert [child.tag for child in first] == ["b", "br"]  # the lone <br> stays a line break inside it
    assert _text(first) == " ".join(["a"] * 120) + " bold tailline two"  # (a <br> adds no text)
    assert _text(second) == "second run" and holder.text is None
