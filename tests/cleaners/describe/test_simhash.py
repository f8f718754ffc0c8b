"""The record's `simhash`: near copies of one article within NEAR_COPY_BITS, different articles
outside it, on real pages (fixtures/pages)."""

from __future__ import annotations

import hashlib
import itertools
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaners import Page, clean_page
from cleaners.describe.simhash import NEAR_COPY_BITS, hamming, simhash, simhash_hex, words
from cleaners.model import Article
from cleaners.score import gold_body
from tests.conftest import PAGES

PAGE_IDS = sorted(p.stem for p in PAGES.glob("*.html"))
KLY = ["id-bolanet-otosia-001", "id-fimela-001", "id-fimela-002", "id-liputan6-001", "id-liputan6-002",
       "id-liputan6-003"]


def _clean(page_id: str) -> Article:
    return clean_page(Page(url=None, body=(PAGES / f"{page_id}.html").read_bytes()))


def _syndicated_copy(article: Article) -> bytes:
    """The article as another site of the network republishes it: its own page chrome, its own
    dateline, a related-links box, the republication credit, and the last paragraph cut."""
    paragraphs = [b.text for b in article.blocks][:-1]
    paragraphs[0] = "Fimela.com, Jakarta - " + paragraphs[0]
    body = "".join(f"<p>{p}</p>" for p in paragraphs[:3])
    body += "<div class='baca-juga'><p>Baca Juga</p><ul><li><a href='/a'>Zodiak Hari Ini</a></li></ul></div>"
    body += "".join(f"<p>{p}</p>" for p in paragraphs[3:])
    body += f"<p>Artikel ini telah tayang di Liputan6.com dengan judul {article.title}</p>"
    return (f"<!doctype html><html lang='id'><head><title>{article.title} - Fimela.com</title>"
            "<link rel='canonical' href='https://www.fimela.com/news/read/1/salinan'></head><body>"
            "<nav><a href='/'>Beranda</a><a href='/news'>News</a><a href='/zodiak'>Zodiak</a></nav>"
            f"<article><h1>{article.title}</h1>{body}</article>"
            "<footer><p>Copyright 2021 Fimela.com KLY KapanLagi Youniverse All Rights Reserved</p></footer>"
            "</body></html>").encode()


def test_a_syndicated_copy_on_another_site_of_the_network_is_near():
    original = _clean("id-liputan6-002")
    copy = clean_page(Page(url="https://www.fimela.com/news/read/1/salinan", body=_syndicated_copy(original)))
    assert copy.site == "fimela.com" and copy.text != original.text
    assert hamming(original.simhash, copy.simhash) <= NEAR_COPY_BITS


@pytest.mark.parametrize("page_id", KLY + ["fundus-id-MediaIndonesia-2026-01-20", "id-merdeka-002",
                                           "fundus-tr-AnadoluAjansi-2026-04-20", "fundus-de-SZ-2024-09-30"])
def test_the_same_article_cut_by_hand_is_near(page_id: str):
    # The gold text of a page is the article as a person cut it from the page; our text is ours.
    gold = gold_body(json.loads((PAGES / f"{page_id}.json").read_text(encoding="utf-8")))
    assert hamming(simhash(gold), _clean(page_id).simhash) <= NEAR_COPY_BITS


def test_different_articles_are_not_near():
    hashes = {page_id: _clean(page_id).simhash for page_id in PAGE_IDS}
    closest = min(hamming(hashes[a], hashes[b]) for a, b in itertools.combinations(PAGE_IDS, 2))
    assert closest > NEAR_COPY_BITS + 4
    # One site, one template, one topic (two zodiac articles of fimela.com): still far apart.
    assert hamming(hashes["id-fimela-001"], hashes["id-fimela-002"]) > NEAR_COPY_BITS + 4


def test_simhash_is_stable_and_ignores_case_and_punctuation():
    text = _clean("id-merdeka-001").text
    assert simhash_hex(text) == simhash_hex(text) and re.fullmatch(r"[0-9a-f]{16}", simhash_hex(text))
    assert simhash(text) == simhash(re.sub(r"[.,]", "", text.upper()))
    assert simhash("") == 0


def test_chinese_text_is_shingled_by_character():
    text = _clean("np4k-chinese-article").text
    one_edit = text.replace("香港", "香江", 1)
    assert 0 < hamming(simhash(text), simhash(one_edit)) <= NEAR_COPY_BITS


# The definition of a word `words` reads: a `\\w+` run, each character of Chinese and Japanese a word of its own
_NO_SPACE = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_DEFINED_WORD_RE = re.compile(f"[{_NO_SPACE}]|[^\\W{_NO_SPACE}]+")


@pytest.mark.parametrize("text", [
    "", " ", "plain ASCII_words 123", "café “kutipan” – kata • lain…", "ひらがな カタカナ", "\u3400\u4dbf x",
    "\uf900\ufaff", "\ufb00 ligature", "ภาษาไทย ข้อความ", "\U0001f600 emoji", "\ud800 a \udfff", "mix 中文 and words",
    "\u3040\u303f", "\u0dff\u0e00 \u2000\u206f", "\U00020000 astral", "Ünïcödé ½ ² ٣",
])
def test_words_are_the_defined_ones(text: str):
    assert words(text) == _DEFINED_WORD_RE.findall(text)


def _defined_simhash(text: str) -> int:
    """The SimHash as the module's doc defines it, shingle by shingle."""
    found = words(text.lower())
    if not found:
        return 0

    def h(value: str) -> int:
        return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "little")

    def turned(value: int, r: int) -> int:
        return ((value << r) | (value >> (64 - r))) & ((1 << 64) - 1) if r else value

    if len(found) < 3:
        shingles = [h(" ".join(found))]
    else:
        shingles = [turned(h(a), 0) ^ turned(h(b), 21) ^ turned(h(c), 42)
                    for a, b, c in zip(found, found[1:], found[2:], strict=False)]
    return sum(1 << bit for bit in range(64) if 2 * sum(s >> bit & 1 for s in shingles) > len(shingles))


@pytest.mark.parametrize("page_id", PAGE_IDS[::4])
def test_simhash_is_the_defined_one(page_id: str):
    text = gold_body(json.loads((PAGES / f"{page_id}.json").read_text(encoding="utf-8")))
    for part in (text, text[:40], text[:12], text[:5]):
        assert simhash(part) == _defined_simhash(part), page_id


@pytest.mark.parametrize(("text", "value"), [
    ("The quick brown fox jumps over the lazy dog", "aa11ddfffcb67365"),
    ("Jakarta - Presiden Joko Widodo meresmikan jalan tol baru di Jawa Tengah, Senin (12/8/2024).", "3dca059647778e35"),
    ("a b", "28f927c0a5de37bb"),  # fewer than three words: one shingle, hashed whole
    ("", "0000000000000000"),
])
def test_simhash_values_do_not_change(text: str, value: str):
    """Records written before keep their near-duplicate key."""
    assert simhash_hex(text) == value


_ASCII = st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=200)


@given(st.lists(st.one_of(_ASCII, st.sampled_from(["a_b", "x1 2y", "__", "\x1c\x1d\x1e\x1f", "\t\n\x0b\x0c\r"])),
                max_size=6).map("".join))
def test_an_ascii_texts_words_are_its_word_runs(text: str):
    """An ASCII text's words are read from its bytes: the same `\\w+` runs (letters, digits and "_";
    every other character, the separators \\x1c-\\x1f too, ends one)."""
    assert text.isascii()
    assert words(text) == re.findall(r"\w+", text)


def test_every_ascii_character_is_a_word_or_a_break_as_the_regex_says():
    every = "".join(map(chr, range(128)))
    assert words(every) == re.findall(r"\w+", every) == ["0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "_",
                                                         "abcdefghijklmnopqrstuvwxyz"]
    assert words(" x".join(map(chr, range(128)))) == re.findall(r"\w+", " x".join(map(chr, range(128))))
