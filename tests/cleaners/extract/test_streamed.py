"""A streamed page's parts are read where the browser shows them (cleaners/extract/streamed.py),
and a comment-named block wrapping the post is not taken for a comment section
(cleaners/extract/recall.py): real pages of three outlets (fixtures/recall, WCXB dev split,
provenance in its README)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaners import Options, clean_html
from cleaners.extract.recall import disarm_precision_traps
from cleaners.extract.streamed import place_streamed_segments
from cleaners.score import bag_scores

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "recall"


def _page(page_id: str) -> tuple[bytes, dict]:
    gold = json.loads((FIXTURES / f"{page_id}.json").read_text(encoding="utf-8"))
    return gzip.decompress((FIXTURES / f"{page_id}.html.gz").read_bytes()), gold


@pytest.mark.parametrize("page_id", [
    "wcxb-4503",  # fool.com, saved without scripts or comments: B:n takes S:n (was F1 0.04)
    "wcxb-0384",  # lesswrong.com: $RC/$RS calls, boundary comments, the post in a comment-named block (was 0.71)
])
def test_a_streamed_article_is_read_in_its_place(page_id: str) -> None:
    html, gold = _page(page_id)
    article = clean_html(html, gold["url"], options=Options(use_sites=False))
    assert article.provenance.kind == "generic"
    assert bag_scores(article.text, gold["text"])[2] >= 0.95
    for snippet in gold["with"]:
        assert snippet.replace("*", "") in article.text.replace("*", "")
    assert "Loading paragraph" not in article.text


def test_segments_go_into_their_placeholders_and_the_fallbacks_go() -> None:
    html, _ = _page("wcxb-4503")
    tree = LexborHTMLParser(html)
    assert place_streamed_segments(tree) == 33
    assert tree.css_first('div[hidden][id^="S:"]') is None and tree.css_first('template[id^="B:"]') is None
    frame = tree.css_first("#article-body-wagtail")
    assert frame is not None
    text = frame.text(deep=True)
    assert "You don't need to be a stock market expert to be a good investor." in text
    assert "Loading paragraph..." not in text


def _placed(body: str) -> str:
    tree = LexborHTMLParser(f"<html><body>{body}</body></html>")
    place_streamed_segments(tree)
    return (tree.body.html or "") if tree.body is not None else ""


def test_the_fallback_is_what_the_boundary_comments_enclose() -> None:
    html = _placed('<div><!--$?--><template id="B:0"></template><div>Loading</div><div>Skeleton</div><!--/$-->'
                   '<p>After.</p></div><div hidden id="S:0"><p>Streamed.</p></div>'
                   '<script>$RC("B:0","S:0")</script>')
    assert "Loading" not in html and "Skeleton" not in html
    assert html.index("Streamed.") < html.index("After.")


def test_without_comments_only_a_short_next_element_is_a_fallback() -> None:
    kept = "A paragraph long enough to be the page's own text rather than a loading line, a skeleton or a spinner."
    html = _placed(f'<div><template id="B:0"></template><p>{kept}</p></div><div hidden id="S:0"><p>Streamed.</p></div>')
    assert kept in html and "Streamed." in html
    # a postponed slot (P:n) has no fallback: the element after it is the page's own
    html = _placed('<div><template id="B:1"></template><div>Loading...</div></div><div hidden id="S:1"><p>One.</p>'
                   '<template id="P:2"></template><p>Two.</p></div><div hidden id="S:2">inner</div>')
    assert "Loading" not in html and "Two." in html and "inner" in html


def test_a_segment_without_a_placeholder_is_left_alone() -> None:
    body = '<div><template id="B:0"></template><div>Loading</div></div><div hidden id="S:5"><p>Elsewhere.</p></div>'
    tree = LexborHTMLParser(f"<html><body>{body}</body></html>")
    assert place_streamed_segments(tree) == 0
    assert tree.html is not None and "Loading" in tree.html and "Elsewhere." in tree.html


def test_a_comment_thread_under_the_article_stays_a_comment_section() -> None:
    html, gold = _page("wcxb-0035")  # camelsandchocolate.com: long comments, each a comment-named block
    tree = LexborHTMLParser(html)
    assert tree.body is not None
    disarm_precision_traps(tree.body)
    assert tree.css_first('div[class^="comments"]') is not None
    article = clean_html(html, gold["url"], options=Options(use_sites=False))
    assert "Picasso cafe in the paseo is a must go." not in article.text
    assert gold["with"][0] in article.text


def test_a_post_inside_a_comment_named_block_is_opened() -> None:
    html, _ = _page("wcxb-0384")
    tree = LexborHTMLParser(html)
    place_streamed_segments(tree)
    assert tree.body is not None and tree.css_first(".commentOnSelection") is not None
    disarm_precision_traps(tree.body)
    assert tree.css_first(".commentOnSelection") is None  # the post's wrapper, its comment name gone
    assert "There is currently somewhat of a debate" in (tree.css_first("#postContent") or tree.body).text()
    assert tree.css_first('[class^="CommentsListSection"]') is not None  # the comments below keep theirs


def test_a_boundary_fallback_is_a_few_nodes_at_most():
    # a pending boundary whose closing comment comes only after hundreds of siblings is no fallback:
    # nothing is taken out, and a page of many unclosed boundaries is not walked once per boundary
    from cleaners.extract.streamed import _FALLBACK_MAX_NODES, _fallback

    filler = "".join(f"<p>Paragraph {i} of the article.</p>" for i in range(_FALLBACK_MAX_NODES + 50))
    tree = LexborHTMLParser(f'<div id="a"><!--$?--><template id="B:0"></template>{filler}<!--/$--></div>')
    assert _fallback(tree.css_first("template")) == []
    short = LexborHTMLParser('<div><!--$?--><template id="B:1"></template><p>Loading ...</p><!--/$--><p>x</p></div>')
    assert [n.tag for n in _fallback(short.css_first("template"))] == ["p"]
