"""Lead recovery on the generic path: the first paragraph written as loose text before the first
paragraph element (2015-2016 layouts of two outlets, viva.co.id and kapanlagi.com, in
fixtures/metadata with their hand-made gold and provenance) is put back, its dateline cut as for
any first paragraph; prose that is already extracted, link lists and short labels before the
body are not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaners import Options, clean_html
from cleaners.extract.generic import generic_blocks
from cleaners.model import Block

METADATA = Path(__file__).resolve().parents[3] / "fixtures" / "metadata"


@pytest.mark.parametrize("page_id", ["id-viva-101", "id-kapanlagi-101"])
def test_the_loose_lead_comes_back_first_with_its_dateline_cut(page_id: str) -> None:
    gold = json.loads((METADATA / f"{page_id}.json").read_text(encoding="utf-8"))
    article = clean_html((METADATA / f"{page_id}.html").read_bytes(), gold["url"], options=Options(use_sites=False))
    lines = article.text.split("\n")
    gold_lines = gold["text"].split("\n")
    assert article.provenance.kind == "generic"
    assert lines[0] == gold_lines[0]
    assert lines.count(gold_lines[0]) == 1
    assert lines[1] == gold_lines[1]
    assert article.dateline == gold["dateline"]


def _blocks(body_html: str, extracted: list[str]) -> list[str]:
    """What lead recovery makes of trafilatura's `extracted` paragraphs on this body."""
    from cleaners.extract.lead import TextStarts, recover_lead

    tree = LexborHTMLParser(f"<html><body>{body_html}</body></html>")
    return [b.text for b in recover_lead(TextStarts(tree.body), [Block("paragraph", t) for t in extracted])]


SECOND = "The second paragraph of the story goes on with more detail about what happened next in town."


def test_loose_prose_before_the_first_paragraph_is_recovered_split_at_line_breaks() -> None:
    lead = "The council voted on Monday to close the old bridge for repairs that will last until spring."
    more = "Drivers will be sent through the town centre, where parking is already scarce on weekdays."
    body = f'<div class="story"><b>TOWN</b> - {lead}<br><br>{more}<div><br></div><p>{SECOND}</p></div>'
    assert _blocks(body, [SECOND]) == [f"TOWN - {lead}", more, SECOND]


@pytest.mark.parametrize("before", [
    '<a href="/a">One other story about the town</a> <a href="/b">Another story about the bridge and its long '
    'repairs</a> <a href="/c">A third story from elsewhere in the county today.</a>',  # a list of links
    "By Jane Doe, staff writer",  # a byline: too short to be a lead
    "Updated 3 March 2024 14:00 with the reactions of the people who live near the bridge and shops",  # no full stop
])
def test_what_is_not_a_lead_stays_out(before: str) -> None:
    assert _blocks(f"<div>{before}<p>{SECOND}</p></div>", [SECOND]) == [SECOND]


def test_a_single_line_break_is_a_line_wrap() -> None:
    lead = "The council voted on Monday to close the old bridge<br>for repairs that will last until spring."
    assert _blocks(f"<div>{lead}<p>{SECOND}</p></div>", [SECOND]) == [lead.replace("<br>", " "), SECOND]


def test_a_custom_element_holding_a_list_is_a_block() -> None:
    highlights = ("<story-highlights><ul><li>One of these movies is what you should watch tonight.</li>"
                  "<li>The choices include theatrical releases arriving on streaming this weekend.</li></ul>"
                  "</story-highlights>")
    assert _blocks(f"<div>{highlights}<p>{SECOND}</p></div>", [SECOND]) == [SECOND]


def test_a_lead_already_extracted_is_not_repeated() -> None:
    lead = "The council voted on Monday to close the old bridge for repairs that will last until spring."
    assert _blocks(f"<div>{lead}<p>{SECOND}</p></div>", [lead, SECOND]) == [lead, SECOND]


def test_a_block_with_text_ends_the_search() -> None:
    menu = "The council voted on Monday to close the old bridge for repairs that will last until spring."
    body = f"<div>{menu}<div>Section</div><p>{SECOND}</p></div>"
    assert _blocks(body, [SECOND]) == [SECOND]


def test_generic_blocks_on_an_empty_body_is_empty() -> None:
    assert generic_blocks(LexborHTMLParser("<html><body> </body></html>")) == []


def _walked_holders(body, paragraphs: list[str]) -> list:
    """The elements holding the start of each of `paragraphs` found by walking the whole body
    (what `TextStarts.holders` must give, whatever it read for earlier queries)."""
    from cleaners.extract.lead import INLINE_TAGS
    from cleaners.extract.prune import norm

    probes = [norm(text)[:80] for text in paragraphs]
    found: list = [None] * len(probes)
    for node in body.traverse(include_text=True):
        text = norm(node.text_content) if node.tag == "-text" else ""
        if len(text) < 12:
            continue
        for at, probe in enumerate(probes):
            if found[at] is None and text[:30] in probe:
                holder = node.parent
                while holder.tag in INLINE_TAGS:
                    holder = holder.parent
                found[at] = holder
    return [None if h is None else h.mem_id for h in found]


def test_the_holders_of_paragraphs_are_found_whatever_was_read_before() -> None:
    # queries share one walk of the body: one for a paragraph further down reads on, one for a
    # paragraph already passed is answered from what was read, one for text not in the page
    # reads to the end; each answer is the whole walk's
    from cleaners.extract.lead import TextStarts

    gold = json.loads((METADATA / "id-viva-101.json").read_text(encoding="utf-8"))
    body = LexborHTMLParser((METADATA / "id-viva-101.html").read_bytes()).body
    paragraphs = [line for line in gold["text"].split("\n") if len(line) > 40]
    queries = [[paragraphs[1]], [paragraphs[-1], paragraphs[0]], [paragraphs[2], "Not a line of this page at all"],
               [paragraphs[1], paragraphs[-2]], []]
    starts = TextStarts(body)
    for query in queries:
        found = [None if h is None else h.mem_id for h in starts.holders(query)]
        assert found == _walked_holders(body, query)
    assert sum(h is not None for q in queries for h in starts.holders(q)) >= 5


def test_a_text_node_is_matched_by_its_normalised_start_however_it_is_laid_out() -> None:
    # the start of a long text node is read from its first characters when they hold enough
    # text, and from all of it when they are mostly layout whitespace
    from cleaners.extract.lead import TextStarts

    long_words = "The council voted on Monday to close the old bridge " * 4
    html = (f'<div id="a">{" " * 70}\n{long_words}</div><div id="b">   {long_words.upper()}</div>'
            f'<div id="c">\t\t  The   mayor \n said   little    about it today at all</div>')
    body = LexborHTMLParser(f"<html><body>{html}</body></html>").body
    paragraphs = ["The mayor said little about it today at all.", long_words.upper(), long_words, "Nothing here"]
    found = TextStarts(body).holders(paragraphs)
    assert [None if h is None else h.attributes.get("id") for h in found] == ["c", "b", "a", None]
    assert [None if h is None else h.mem_id for h in found] == _walked_holders(body, paragraphs)


def test_only_text_nodes_are_matched() -> None:
    # comments hold the paragraph's start before its own text (the parser makes a processing
    # instruction a comment too; a <template>'s content, outside the walk, shows the walk keeps
    # out of it); text in <svg> (a CDATA section is text there) is text
    from cleaners.extract.lead import TextStarts

    start = "The council voted on Monday to close the old bridge for repairs"
    html = (f"<div><!-- {start} --></div><div><?{start}?></div><div><template>{start}</template></div>"
            f"<div><p>{start} that will last until spring.</p></div>"
            "<div><svg><![CDATA[The mayor said little about the works at the bridge]]></svg></div>")
    body = LexborHTMLParser(f"<html><body>{html}</body></html>").body
    paragraphs = [f"{start} that will last until spring.", "The mayor said little about the works at the bridge."]
    found = TextStarts(body).holders(paragraphs)
    assert [h.tag for h in found] == ["p", "svg"]
    assert [h.mem_id for h in found] == _walked_holders(body, paragraphs)
