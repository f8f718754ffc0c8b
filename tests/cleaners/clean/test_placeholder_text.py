"""A template's placeholder text (rule `furniture:placeholder`, cleaners/data/rules/common.toml): every
`Lorem ipsum ...` block goes wherever it sits, the page's own text stays. A real page of the WCXB dev
split in fixtures/tails (gold and provenance in its JSON)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from cleaners import Options, clean_html

TAILS = Path(__file__).resolve().parents[3] / "fixtures" / "tails"


def test_placeholder_blocks_go_and_the_page_text_stays() -> None:
    gold = json.loads((TAILS / "wcxb-0285.json").read_text(encoding="utf-8"))
    html = gzip.decompress((TAILS / "wcxb-0285.html.gz").read_bytes())
    article = clean_html(html, gold["url"], options=Options(use_sites=False))
    assert "lorem" not in article.text.lower()
    assert "furniture:placeholder" in [r.rule for r in article.removed]
    first = gold["text"].strip().split("\n")[0]
    assert first[:60] in article.text
