"""The generic path's trim before the hand-over to trafilatura (cleaners/extract/generic.py `_trim`)
lists what it deletes and unwraps in one walk of the body: the result is the one of its steps each
selecting in the tree as the previous one left it. Real pages of many outlets (WCXB dev split,
fixtures/generic and fixtures/recall, provenance in their READMEs)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaners.extract.generic import _DELETED, _UNWRAPPED, _Found, _trim
from cleaners.extract.prune import outermost, select
from cleaners.extract.recall import disarm_precision_traps

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
PAGES = sorted((FIXTURES / "generic").glob("wcxb-*.html.gz")) + sorted((FIXTURES / "recall").glob("wcxb-*.html.gz"))


def _step_by_step(body) -> None:
    disarm_precision_traps(body)
    doomed = select(body, _DELETED)
    doomed += [node for node in select(body, "figure") if node.css_first("table") is None]
    for node in outermost(doomed):
        node.decompose()
    for node in select(body, _UNWRAPPED):
        node.unwrap()


def _both(html: str | bytes) -> tuple[str, str]:
    ours, steps = LexborHTMLParser(html), LexborHTMLParser(html)
    _trim(ours.body, _Found(ours.body))
    _step_by_step(steps.body)
    return ours.body.html or "", steps.body.html or ""


@pytest.mark.parametrize("path", PAGES[::2], ids=lambda p: p.name)
def test_one_walk_trims_real_pages_as_the_steps_do(path: Path) -> None:
    ours, steps = _both(gzip.decompress(path.read_bytes()))
    assert ours == steps


def test_what_goes_with_a_deleted_element_is_not_unwrapped_and_a_table_keeps_its_figure() -> None:
    prose = "<p>" + "The committee met on Tuesday to review the plans for the new library. " * 3 + "</p>"
    html = ("<html><body><aside><font>gone</font><small>too</small></aside>"
            "<p><font>Kept <small>words</small></font></p>"
            "<figure><table><tr><td>a</td></tr></table></figure><figure><span>credit</span></figure>"
            f'<header class="top">{prose}{prose}<nav><cite>menu</cite></nav></header></body></html>')
    ours, steps = _both(html)
    assert ours == steps
    assert "gone" not in ours and "credit" not in ours and "menu" not in ours
    assert "<p>Kept words</p>" in ours and "<figure><table>" in ours and "<header" not in ours
