"""fix_mojibake asks ftfy only about texts its badness pattern can match (cleaners/clean/normalize.py):
the clues read from ftfy's own pattern must never pass over a text that pattern finds mojibake in,
and fix_mojibake must give what ftfy.fix_encoding gives. Real lines: the gold texts of the pages
in fixtures/pages/ (provenance beside them), as they are and mis-decoded the ways ftfy repairs."""

from __future__ import annotations

import json
from pathlib import Path

import ftfy
from ftfy.badness import is_bad

from cleaners.clean.normalize import _mojibake_clues, fix_mojibake

PAGES = Path(__file__).resolve().parents[3] / "fixtures" / "pages"


def _lines() -> list[str]:
    lines = []
    for gold in sorted(PAGES.glob("*.json")):
        text = json.loads(gold.read_text(encoding="utf-8")).get("text") or ""
        lines.extend(line for line in text.splitlines() if line.strip() and not line.isascii())
    return lines


def _misdecoded(lines: list[str]) -> list[str]:
    out = []
    for codec in ("latin-1", "cp1252", "mac_roman", "cp1251", "cp1253"):
        out.extend(line.encode("utf-8").decode(codec, "replace") for line in lines)
    return out


def test_the_clues_never_pass_over_a_text_ftfy_finds_mojibake_in():
    clues = _mojibake_clues()
    assert clues is not None  # read from this ftfy's pattern
    lines = _lines()
    texts = lines + _misdecoded(lines[:400])
    bad = [t for t in texts if is_bad(t)]
    assert len(bad) > 300  # the mis-decoded lines are mojibake to ftfy
    assert all(clues.possible(t) for t in bad)
    assert [fix_mojibake(t) for t in texts] == [ftfy.fix_encoding(t) for t in texts]


def test_ordinary_typography_is_not_read_by_ftfy():
    clues = _mojibake_clues()
    assert clues is not None
    for text in ("“Quoted,” she said — it’s a ‘test’… • 25°C", "Il coûte cher à Zürich, señor", "Москва, «Коммерсант»"):
        assert not is_bad(text)
        assert not clues.possible(text)
        assert fix_mojibake(text) == text
    assert clues.possible("â€œakar penyebabâ€\x9d")  # mojibake of curly quotes
    assert clues.possible("KepulauanÂ Seribu")


def test_the_clues_read_a_text_as_their_sets_say():
    # possible() reads a text's characters above ASCII and searches its ASCII ones: it must answer as
    # "some alternative has a character of each of its sets in the text" does, on real and made texts
    import random

    clues = _mojibake_clues()
    assert clues is not None
    chars = sorted(set().union(*(need for sets in clues.needs for need in sets)))
    rng = random.Random(3)
    lines = _lines()
    texts = lines + _misdecoded(lines[:200]) + ["", " ", "a", "â", "â€", "Ã©", "Â "]
    texts += ["".join(rng.choice(chars) for _ in range(rng.randint(1, 6))) for _ in range(20000)]
    hits = 0
    for text in texts:
        expected = any(all(not need.isdisjoint(text) for need in sets) for sets in clues.needs)
        assert clues.possible(text) is expected, repr(text)
        hits += expected
    assert 1000 < hits < len(texts) - 1000


def test_clues_with_an_ascii_gate_and_ascii_sets():
    from cleaners.clean.normalize import _Clues

    clues = _Clues([[frozenset("ab")], [frozenset("é"), frozenset("xy ")], [frozenset("ñ"), frozenset("q€")]])
    assert clues.possible("b") and clues.possible("zzaz")  # an alternative of ASCII alone
    assert not clues.possible("é") and clues.possible("é x") and not clues.possible("c")
    assert clues.possible("ñ €") and clues.possible("ñq") and not clues.possible("ñé")
