"""The seeds: the format's reference examples, cleaned as SEED_FORMAT.md's worked examples say."""

from __future__ import annotations

import hashlib

import pytest

from cleaners import clean_text
from tests.conftest import FIXTURES, SEEDS

# The seed documents, byte for byte (sha256 of each file as the format's owners gave it).
SEED_SHA256 = {
    "000_4a90402a3c1f3064.txt": None,
    "001_f3226ebb9ab90383.txt": None,
    "002_44f0f92970712f21.txt": None,
}


def _seed(name: str) -> str:
    return (SEEDS / name).read_bytes().decode("utf-8")


def test_seeds_are_kept_byte_for_byte():
    recorded = (FIXTURES / "seeds" / "SHA256SUMS").read_text().split("\n")
    sums = {name: digest for digest, name in (line.split("  ") for line in recorded if line)}
    assert set(sums) == set(SEED_SHA256)
    for name, digest in sums.items():
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("name", sorted(SEED_SHA256))
def test_seed_cleans_to_its_expected_form(name: str):
    article = clean_text(_seed(name))
    expected = (FIXTURES / "seeds" / name.replace(".txt", ".expected.txt")).read_bytes().decode("utf-8")
    assert article.to_text() == expected


def test_seed_000_worked_example():
    article = clean_text(_seed("000_4a90402a3c1f3064.txt"))
    lines = article.to_text().split("\n")
    assert lines[0] == "Zelensky dan Trump Sepakat Perkuat Pertahanan Udara Ukraina di Tengah Serangan Rusia"
    assert len(lines) == 1 + 4 + 1 + 4
    assert lines[5] == "Putin dan Trump Lakukan Kontak Langsung Bahas Proses Damai yang Masih Buntu"
    assert article.blocks[4].kind == "heading"
    for junk in ("Advertisement", "970x90px", "Jumat, 04 Juli 2025", "Zelensky dan Trump", "Video", ""):
        assert junk not in lines
    assert lines.count(lines[0]) == 1
    assert article.published_at == "2025-07-04"
    rules = {r.rule for r in article.removed}
    assert {"ad:label", "ad:size", "id:furniture:date", "widget:label", "repeat:headline",
            "preamble:furniture"} <= rules


def test_seed_001_worked_example():
    article = clean_text(_seed("001_f3226ebb9ab90383.txt"))
    lines = article.to_text().split("\n")
    assert lines[0] == "Selama 1 Jam Telepon dengan Trump, Putin Tetap Tolak Hentikan Perang Ukraina"
    assert lines[1].startswith("Presiden Rusia Vladimir Putin melakukan panggilan telepon")
    assert sum(line.startswith("Presiden Rusia Vladimir Putin melakukan") for line in lines) == 1
    assert not any("TRIBUNNEWS.COM" in line for line in lines)
    assert article.dateline == "TRIBUNNEWS.COM"
    text = article.to_text()
    for junk in ("Konflik Rusia Vs Ukraina", "Baca juga:", "(Tribunnews.com/Farra)", "Artikel Lain Terkait",
                 "UU ITE"):
        assert junk not in text
    # The publisher's typos and quotes stay as published.
    assert "menuatakan" in text and "Uskaov menambhakna" in text and "“akar penyebab”" in text


def test_seed_002_comes_back_byte_for_byte():
    raw = _seed("002_44f0f92970712f21.txt")
    article = clean_text(raw)
    assert article.to_text() == raw
    assert article.title is None
    assert article.removed == ()


@pytest.mark.parametrize("name", sorted(SEED_SHA256))
def test_cleaning_clean_text_changes_nothing(name: str):
    once = clean_text(_seed(name)).to_text()
    assert clean_text(once).to_text() == once
