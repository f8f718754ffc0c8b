"""The nesting guard's shortcut (cleaners/page/guard.py): a page with no more opening tags than
the limit is not scanned, and the verdict is the full scan's on every real page of fixtures/."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaners.page.guard import nesting_depth, too_deep

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
