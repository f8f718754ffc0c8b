"""Tables on the generic path, by shape and position (real pages of six outlets in
fixtures/generic, WCXB dev split, provenance in its README):
- a data table inside the article stays, one `table` block a row, cells joined by " | ", also
  when a site builder wraps it in an element whose class says `embed`;
- a widget table beside the article (a sidebar's month calendar) stays out;
- a layout table (the article written into a table cell) comes out as the headings and
  paragraphs it holds, not as one row of run-together text."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from lxml import etree

from cleaners import Options, clean_html
from cleaners.extract.generic import _table_blocks
from cleaners.model import TABLE_CELL_SEPARATOR, Article

GENERIC = Path(__file__).resolve().parents[3] / "fixtures" / "generic"


def _clean(page_id: str) -> Article:
    gold = json.loads((GENERIC / f"{page_id}.json").read_text(encoding="utf-8"))
    html = gzip.decompress((GENERIC / f"{page_id}.html.gz").read_bytes())
    return clean_html(html, gold["url"], options=Options(use_sites=False))


def _rows(article: Article) -> list[str]:
    return [b.text for b in article.blocks if b.kind == "table"]


@pytest.mark.parametrize(("page_id", "rows"), [
    ("wcxb-0061", ["Service | Suggested Tip Amount", "Full Service Restaurant | 20%",
                   "$10.00 | $1.00 | $1.50 | $2.00"]),
    ("wcxb-0089", ["Company | Type | Membership (Est.) | States Served | Medicare/Medicaid | "
                   "ACA Marketplace | Notable Features",
                   "UnitedHealthcare | For-Profit | ~47M | All 50 | Yes | Yes | "
                   "Largest insurer; diverse plan options"]),
])
def test_a_data_table_in_the_article_stays_as_rows(page_id: str, rows: list[str]) -> None:
    found = _rows(_clean(page_id))
    for row in rows:
        assert row in found
    assert all(TABLE_CELL_SEPARATOR in row for row in found[:3])


@pytest.mark.parametrize("page_id", ["wcxb-0418", "wcxb-0479"])
def test_a_calendar_widget_beside_the_article_stays_out(page_id: str) -> None:
    article = _clean(page_id)
    assert _rows(article) == []
    assert "December 2025" not in article.text.split("\n")
    assert len(article.text) > 2000  # the article itself is there


@pytest.mark.parametrize(("page_id", "heading", "paragraph"), [
    ("wcxb-0452", "Two Kinds of Vibe Coding", "I have been teaching myself to vibe code."),
    ("wcxb-0341", "Yosemite High Sierra",
     "Located on a dome near the Wawona Tunnel, this webcam provides a nice view of Yosemite Valley."),
])
def test_an_article_in_a_layout_table_comes_out_as_its_blocks(page_id: str, heading: str, paragraph: str) -> None:
    article = _clean(page_id)
    assert _rows(article) == []
    assert ("heading", heading) in [(b.kind, b.text) for b in article.blocks]
    assert ("paragraph", paragraph) in [(b.kind, b.text) for b in article.blocks]


def test_a_layout_cell_keeps_its_loose_text_and_a_data_row_stays_a_row() -> None:
    table = etree.fromstring(
        "<table><row><cell>Open daily<hi> from 9</hi> to 5.<p>The museum holds the county's maps.</p>"
        "Closed on holidays.</cell></row><row><cell>Adults</cell><cell>$5</cell></row></table>")
    assert [(b.kind, b.text) for b in _table_blocks(table)] == [
        ("paragraph", "Open daily from 9 to 5."), ("paragraph", "The museum holds the county's maps."),
        ("paragraph", "Closed on holidays."), ("table", "Adults | $5")]
