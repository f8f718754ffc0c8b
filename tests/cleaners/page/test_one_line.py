"""`one_line` (cleaners/clean/normalize.py) gives what `normalize_line` gives for the text with its
runs of white space as one space, on real metadata values and node texts (the pages of
fixtures/pages/, provenance beside them) and on lines made to reach each branch."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaners.clean.normalize import normalize_line, one_line
from cleaners.decode import decode

PAGES = Path(__file__).resolve().parents[3] / "fixtures" / "pages"


def _defined(text: str) -> str:
    return normalize_line(re.sub(r"\s+", " ", text))


@pytest.mark.parametrize("text", [
    "", " ", "  ", "plain", " Jokowi", "tag ", " two  words ", "\tTab\nand\r\nbreaks \x0b\x0c\x1c\x1f",
    "del\x7f", "bell\x07 ", " nul\x00 ", " caf\u00e9 ", "\u00a0nbsp\u00a0", " zero\u200bwidth ",
    " \u00c3\u00a9t\u00c3\u00a9 ",
    " e\u0301 ", "\u3000wide\u3000", " &amp; ", "x" * 5000 + " ",
    "caf\u00e9  au lait", "caf\u00e9\u2028au\u2003lait ", "a\x1db", "\u00e9\u00c3\u00a9 \u00e9",
])
def test_one_line_is_normalize_line_of_the_spaced_text(text: str):
    assert one_line(text) == _defined(text)


def test_one_line_on_real_meta_values_and_node_texts():
    compared = 0
    for path in sorted(PAGES.glob("*.html")):
        tree = LexborHTMLParser(decode(path.read_bytes())[0])
        values = [node.attributes.get("content") or "" for node in tree.css("meta")]
        values += [part for value in values for part in value.split(",")]
        values += [node.text(separator=" ") or "" for node in tree.css("title, h1, h2, figcaption, p")]
        for value in values:
            assert one_line(value) == _defined(value), (path.name, value)
        compared += len(values)
    assert compared > 4000
