"""An article written straight into an element between <br> runs (cleaners/extract/breaks.py): its
paragraphs become <p>s for trafilatura's fast pass, which the generic path asks for only when that
pass found (almost) nothing. Real pages of two outlets: Kompas.com's 2015 regional template (a
<div>) and its 2016 sports template (a <span>) (fixtures/metadata, fixtures/furniture), and a
blockrenovation.com guide whose section ends in a <div> written so (WCXB dev split,
fixtures/breaks); the must-stay cases: a WCXB page whose article the fast pass finds, with its
last part written so (fixtures/breaks/wcxb-4617), and a box written so beside an article only the
slow fallbacks find (fixtures/breaks/wcxb-0119)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from lxml import etree

from cleaners import Page, clean_page
from cleaners.decode import decode
from cleaners.extract import generic
from cleaners.extract.breaks import break_paragraphs
from cleaners.extract.generic import FALLBACK_BELOW_CHARS
from cleaners.extract.handover import lxml_tree

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
KOMPAS = [FIXTURES / "metadata" / "id-kompas-101.html", FIXTURES / "furniture" / "id-kompas-102.html"]
BLOCK = FIXTURES / "breaks" / "wcxb-0366.html.gz"
FOUND_BY_THE_FAST_PASS = FIXTURES / "breaks" / "wcxb-4617.html.gz"
MISSED_BY_THE_FAST_PASS = FIXTURES / "breaks" / "wcxb-0119.html.gz"
BOX = (b'<div class="store-note">Orders placed before noon ship the same day from our warehouse in Portland, '
       b'Oregon. Returns are accepted within thirty days of delivery as long as the item is unused and in its '
       b'original packaging.<br><br>Questions about an order? Write to our support team and we will answer '
       b'within one business day.</div>')


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


def _passes(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The trafilatura passes the generic path runs from now on: True for a fast one, False for the
    slow fallbacks (each runs as it would; only its kind is noted)."""
    passes: list[bool] = []
    run = generic._run_trafilatura

    def noted(tree, url, *, fast):
        passes.append(fast)
        return run(tree, url, fast=fast)

    monkeypatch.setattr(generic, "_run_trafilatura", noted)
    return passes


@pytest.mark.parametrize("path", KOMPAS, ids=lambda p: p.stem)
def test_the_generic_path_reads_them_with_the_fast_pass(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # trafilatura's fast pass finds nothing in the element; its slow fallbacks found the text (the 2015
    # page's as one block) at three times the cost
    body, gold = _page(path)
    passes = _passes(monkeypatch)
    article = clean_page(Page(url=gold["url"], body=body))
    assert passes == [True, True]  # the first fast pass, the one over the paragraphs; no slow fallback
    assert [b.text for b in article.blocks] == gold["text"].split("\n")
    assert len(article.blocks) >= 6


def test_a_box_written_between_breaks_does_not_stand_in_for_an_article_the_fast_pass_missed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # a Times of India page whose article only the slow fallbacks find, with a shop's note written
    # between <br>s added at the end of its body: the note qualifies, the fast pass finds it, but it
    # is a small share of the body's text, so the fallbacks run and the article is what it was
    body, gold = _page(MISSED_BY_THE_FAST_PASS)
    end = body.lower().rfind(b"</body>")
    boxed = body[:end] + BOX + body[end:]
    passes = _passes(monkeypatch)
    article = clean_page(Page(url=gold["url"], body=boxed))
    assert passes == [True, True, False]  # the first fast pass, the one over the paragraphs (turned down), the slow one
    assert [b.text for b in article.blocks] == [b.text for b in clean_page(Page(url=gold["url"], body=body)).blocks]
    assert gold["text"].split("\n")[0][:80] in article.blocks[0].text
    assert "warehouse" not in " ".join(b.text for b in article.blocks)


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


def test_nested_holders_the_outermost_is_rewritten_once() -> None:
    # every span has text and breaks of its own, and qualifies; the outermost's paragraphs hold the
    # others, which are left as they are (no holder made a <div> inside a <p>)
    html = ("<html><body><div>" + ("<span>" + "a " * 110 + "<br><br>" + "b " * 10) * 50 + "</span>" * 50
            + "</div></body></html>")
    tree = lxml_tree(html)
    assert break_paragraphs(tree, FALLBACK_BELOW_CHARS) == 1
    assert tree.xpath("//p//div") == [] and len(tree.xpath("//p//span")) == 49
    assert _text(tree.find(".//body")) == " ".join((["a"] * 110 + ["b"] * 10) * 50)
