"""The nesting guard's shortcut (cleaners/page/guard.py): a page with no more opening tags than
the limit is not scanned, and the verdict is the full scan's on every real page of fixtures/."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaners.page.guard import _DENSE, _PIECE, _SKIPPED, _TAG_RE, _count, nesting_depth, too_deep

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
PAGES = sorted(FIXTURES.rglob("*.html"))


@pytest.mark.parametrize("limit", [3, 10, 30, 100, 2000])
def test_the_verdict_is_the_full_scans(limit):
    assert PAGES
    for path in PAGES:
        html = path.read_text(encoding="utf-8", errors="replace")
        assert too_deep(html, limit) == (nesting_depth(html) > limit), path.name


@pytest.mark.parametrize("limit", [None, 3, 30, 2000])
def test_a_pages_utf8_bytes_nest_as_its_text(limit):
    for path in PAGES:
        body = path.read_bytes()
        html = body.decode("utf-8", errors="replace")
        assert nesting_depth(body, limit) == nesting_depth(html, limit), path.name
    tricky = "<DIV><Br><di\u0130v><\u0130mg><p-x><SCRIPT></Div><div:x></DIV:X></br></ p>"
    assert nesting_depth(tricky.encode("utf-8"), limit) == nesting_depth(tricky, limit)
    assert nesting_depth(tricky.encode("utf-8")) == 3  # DIV, di(İv), p-x; then div:x in place of Div


def test_closing_tags_do_not_count_towards_the_bound():
    html = "<div>" * 3 + "</div>" * 3 + "<p>x</p>" * 4  # 7 opening tags, 7 closing ones
    assert nesting_depth(html, stop_at=7) == 7  # the bound: no scan
    assert nesting_depth(html) == 3
    assert not too_deep(html, 3)
    assert too_deep("<div>" * 5 + "</div>" * 5, 4)


def _one_walk(html: str) -> int:
    """The depth read tag by tag in one walk of the whole text (the scan before it went piece by piece)."""
    depth = deepest = 0
    for match in _TAG_RE.finditer(html):
        if match.group(2).lower() in _SKIPPED:
            continue
        depth = max(0, depth - 1) if match.group(1) else depth + 1
        deepest = max(deepest, depth)
    return deepest


def test_the_scan_by_pieces_is_the_one_walk():
    long_pages = [p for p in PAGES if p.stat().st_size > _PIECE]
    assert long_pages
    for path in long_pages:
        body = path.read_bytes()
        html = body.decode("utf-8", errors="replace")
        assert nesting_depth(html) == nesting_depth(body) == _one_walk(html), path.name


@pytest.mark.parametrize("shift", range(-6, 4))
def test_tags_at_a_piece_boundary_count_once(shift):
    # '<' just before, at and after the end of the first piece; closing tags to depth 0 and past it
    nest = "<DIV><br><Span class=x><P>x" + "<section>" * 3 + "</section></section></span></div></div></x>"
    html = "a" * (_PIECE + shift) + nest * 4 + "<div>" * 7 + "<i>"
    assert nesting_depth(html) == nesting_depth(html.encode("utf-8")) == _one_walk(html) == 8  # 5 in each nest
    assert nesting_depth(html, stop_at=6) == 7 and too_deep(html, 7) is True and too_deep(html, 8) is False


def test_a_deep_page_stops_in_its_first_piece():
    html = "<div>" * 200_000 + "</div>" * 200_000
    assert nesting_depth(html, stop_at=2000) == 2001
    assert too_deep(html.encode("ascii"), 2000)


@pytest.mark.parametrize("shift", range(-3, 3))
def test_the_bound_counts_every_closing_tag_once(shift):
    # a page with more '<' than the limit: the bound is its '<' less its '</', wherever they fall
    html = "a" * (_PIECE + shift) + "</b><i>" * 40 + "x" * _PIECE + "<</" * 5
    opens = html.count("<")
    assert nesting_depth(html, stop_at=opens - 1) == opens - html.count("</") == 45
    assert nesting_depth(html.encode("ascii"), stop_at=opens - 1) == 45
    for path in PAGES:
        body = path.read_bytes()
        if body.count(b"<") > 10 and len(body) > _PIECE:
            assert nesting_depth(body, stop_at=body.count(b"<") - 1) == body.count(b"<") - body.count(b"</"), path.name


@pytest.mark.parametrize("text", [
    "", "<", "a" * 15 + "<", "a" * 16 + "<", "<" * 40, "<a" * 40, ("<p>" + "x" * 13) * 10,
    ("<p>" + "x" * 12) * 10 + "<", ("<i>" + "x" * 14) * 50 + "<" * 3, "\u00e9<b>" * 30,
    ("<p>" + "x" * 20) * 10, ("<p>" + "\u00e9" * 9) * 10 + "x<",
])
def test_the_count_of_opening_marks_is_counts(text):
    # around one '<' in _DENSE bytes, where the removal stops and count() takes over
    body = text.encode("utf-8")
    assert _count(body, b"<") == body.count(b"<")
    assert _count(text, "<") == text.count("<")


def test_the_bound_in_bytes_is_the_bound_in_the_text():
    for path in PAGES:
        body = path.read_bytes()
        html = body.decode("utf-8", errors="replace")
        for limit in (body.count(b"<") - 1, body.count(b"<"), len(body) // _DENSE):
            assert nesting_depth(body, limit) == nesting_depth(html, limit), path.name
