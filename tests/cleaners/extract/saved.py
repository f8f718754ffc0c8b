"""Saved real pages of the generic-path tests (`<id>.html.gz` with its gold `<id>.json`, provenance in
the fixture directory's README), read and cleaned the way those tests read them."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from cleaners import Article, Options, clean_html

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"


def generic_article(directory: str, page_id: str) -> tuple[dict, Article]:
    """(gold, article) of a saved page cleaned on the generic path (no site profiles)."""
    where = FIXTURES / directory
    gold = json.loads((where / f"{page_id}.json").read_text(encoding="utf-8"))
    html = gzip.decompress((where / f"{page_id}.html.gz").read_bytes())
    return gold, clean_html(html, gold["url"], options=Options(use_sites=False))


def by_words(text: str) -> str:
    """`text` as its lowercased words, one space apart: a gold's snippet is found in an output whatever
    its punctuation (' for ’, a table row written as "| a | b |")."""
    return " ".join(re.findall(r"\w+", text.lower()))
