"""A legal disclaimer after the article (rule `notice:disclaimer-end`, cleaners/data/rules/common.toml)
opens the closing run: it and the small print under it go, the article's last paragraph stays; the
same words in the reporting, or far from the end, stay.

Real pages of the WCXB dev split in fixtures/tails (gold and provenance in their JSON), each from a
different outlet."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cleaners import Options, clean_html
from cleaners.clean.steps import clean_blocks
from cleaners.knowledge.bundle import Knowledge
from cleaners.model import Block

TAILS = Path(__file__).resolve().parents[3] / "fixtures" / "tails"


@pytest.mark.parametrize(("page_id", "gone"), [
    ("wcxb-4090", ["Insight Wealth Strategies, LLC (IWS) and its affiliates do not provide tax",
                   "Certified Financial Planner Board of Standards"]),
    ("wcxb-4538", ["The information included here is designed for informational purposes only"]),
    ("wcxb-4561", ["Disclaimer:", "No content on this site, regardless of date"]),
])
def test_a_disclaimer_after_the_article_goes_with_what_follows(page_id: str, gone: list[str]) -> None:
    gold = json.loads((TAILS / f"{page_id}.json").read_text(encoding="utf-8"))
    html = gzip.decompress((TAILS / f"{page_id}.html.gz").read_bytes())
    article = clean_html(html, gold["url"], options=Options(use_sites=False))
    lines = article.text.split("\n")
    assert not any(line.startswith(start) for line in lines for start in gone)
    last_gold = gold["text"].strip().split("\n")[-1]
    assert last_gold[:60] in article.text  # the article's own last paragraph stays
    assert "notice:disclaimer-end" in [r.rule for r in article.removed]


RULES = Knowledge.default().rules
BODY = ["Index funds track a market benchmark and cost less to hold than most actively managed funds.",
        "Investors who hold them for decades have usually paid less in fees and taxes, the study found.",
        "The fund industry has cut its average expense ratio by half over the last twenty years.",
        "Some advisers still prefer active managers for bonds, where the benchmarks are harder to track.",
        "Fees matter most over long horizons: a saving of half a point a year compounds into a large sum.",
        "Regulators have asked funds to show their costs on the first page of every fact sheet they print."]


def _cleaned(texts: list[str]) -> list[str]:
    cleaned = clean_blocks([Block("paragraph", t) for t in texts], None, RULES, find_headline=False)
    return [b.text for b in cleaned.blocks]


def test_the_disclaimer_and_the_small_print_under_it_go() -> None:
    notice = "This material is provided for informational purposes only and does not constitute investment advice."
    under = "Our firm is registered with the regulator; registration implies no level of skill or training."
    assert _cleaned([*BODY, notice, under]) == BODY
    assert _cleaned([*BODY, "Disclaimer:", under]) == BODY


def test_the_same_words_in_the_reporting_stay() -> None:
    reported = "The regulator said the app does not provide financial advice and must say so on every screen."
    ending = ["The rules take effect in March, and firms have until the summer to change their apps."]
    assert _cleaned([*BODY, reported, *ending]) == [*BODY, reported, *ending]
    kept = ["The firm gives tax advice to small shops, its founder told the paper last week.",
            "Past performance of the team gave fans little hope this season, and the coach knew it."]
    assert _cleaned([*BODY, *kept]) == [*BODY, *kept]
