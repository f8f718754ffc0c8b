"""Non-articles are `no_article` rejections: too little text (words and sentences) on a page that
holds little text itself, or only a copyright/reprint notice; real articles, however short (a
photo page, a CJK page of a few lines), are never refused."""

from __future__ import annotations

import json
import re

import pytest

from cleaners import Page, RejectedInput, clean_html, clean_page
from cleaners.describe.refusal import article_refusal, text_size, word_count
from cleaners.model import Article, Block
from tests.conftest import PAGES


def _page(body: str, title: str = "Tentang Kami", lang: str = "id") -> str:
    return f'<html lang="{lang}"><head><title>{title}</title></head><body>{body}</body></html>'


@pytest.mark.parametrize(("html", "url"), [
    # an About page whose whole text is "Tentang kami."
    (_page("<h1>Tentang Kami</h1><p>Tentang kami.</p>"), "https://www.contoh.co.id/tentang-kami"),
    # a page that is a breadcrumb label and nothing else (wcxb-0180's only extracted line)
    (_page("<main><p>You are here:</p></main>", "The Agency", "en"), "https://example.org/agency"),
    # copyright/reprint notices as the only text: okezone, the Times of India
    (_page("<article><p>© 2007 - 2015 okezone.com, All Rights Reserved</p></article>", "Okezone"),
     "https://news.okezone.com/read/1"),
    (_page("<article><p>© 2026 Bennett, Coleman &amp; Co. Ltd. All rights reserved. For reprint rights: Times "
           "Syndication Service</p></article>", "Times of India", "en"), "https://timesofindia.indiatimes.com/x"),
])
def test_a_page_that_is_not_an_article_is_refused(html: str, url: str):
    with pytest.raises(RejectedInput) as caught:
        clean_html(html, url)
    assert caught.value.reason == "no_article"


def _article(*lines: str) -> Article:
    return Article(blocks=tuple(Block("paragraph", line) for line in lines))


@pytest.mark.parametrize(("lines", "why"), [
    (["Tentang kami."], "too little text"),
    (["Halaman tidak ditemukan lagi"], "too little text"),  # four words
    (["Sosok Joey Alexander Bikin Taylor Swift Kagum", "Baca juga"], "too little text"),  # a line and a label
    # a list of fifteen words and more without one sentence (a tag cloud)
    (["Berita Terkini Politik Ekonomi Olahraga Hiburan Teknologi Otomotif Kesehatan Gaya Hidup Wisata Kuliner "
      "Pendidikan Properti Karier"], "too little text"),
    # notices, kept by a cleaner that missed them: okezone, Hankook Ilbo, an Indonesian reprint ban
    (["© 2007 - 2015 okezone.com, All Rights Reserved"], "copyright or reprint notice"),
    (["Copyright ⓒ 한국일보. All rights reserved. 무단 전재 및 재배포 금지"], "copyright or reprint notice"),
    (["Dilarang mengambil dan/atau menayangkan ulang sebagian atau keseluruhan artikel di atas untuk konten "
      "akun media sosial komersil tanpa seizin redaksi."], "copyright or reprint notice"),
])
def test_what_is_not_article_text_is_refused(lines: list[str], why: str):
    refusal = article_refusal(_article(*lines), page_words=10)
    assert refusal is not None and refusal.reason == "no_article" and why in refusal.message
    assert article_refusal(_article(*lines), page_words=500) is None  # the page holds more: written as found


def test_a_short_article_with_a_sentence_passes():
    lead = ("Pianis cilik asal Indonesia, Joey Alexander, mendapat standing ovation dari Taylor Swift di ajang "
            "Grammy Awards 2016.")  # id-viva-101's lead
    assert article_refusal(_article(lead, "© 2016 VIVA.co.id"), page_words=20) is None


@pytest.mark.parametrize("page_id", [
    "np4k-chinese-article",  # a few lines of Chinese
    "fundus-jp-Nikkei-2025-01-27",  # a Japanese teaser of two sentences
    "np4k-japanese-article2",
    "np4k-thai-article",
    "id-fimela-002",
])
def test_short_real_articles_are_not_refused(page_id: str):
    path = PAGES / f"{page_id}.html"
    article = clean_page(Page(url=None, body=path.read_bytes(), source=str(path)))
    assert article.text


def test_a_page_with_text_the_extractors_missed_is_written_not_refused():
    # A page whose paragraphs hold an article (Bennett's notice and the About text of the
    # newsletter page wcxb-4440 as filler paragraphs) keeps its output even when cleaning leaves
    # little: an extraction miss is not a non-article.
    filler = "".join(f"<p>The State of AI is my monthly newsletter on artificial intelligence research number {i}"
                     "</p>" for i in range(12))
    html = _page(f"<nav><p>You are here:</p></nav><div>{filler}</div>", "About", "en")
    article = clean_html(html, "https://nathanbenaich.substack.com/about")
    assert article.text


@pytest.mark.parametrize(("text", "words", "sentences"), [
    ("Tentang kami.", 2, 1),
    ("You are here:", 3, 0),
    ("It costs $62.44 per month", 6, 0),  # a decimal point ends no sentence
    ("for cats.Â\nThe average", 5, 1),  # a sentence before mojibake (wcxb-4912)
    ("日本語の文章です。次の文。", 5.5, 2),  # CJK: characters count half, 。 ends a sentence
    ("Harga naik 3.5 persen. Kata dia!", 7, 2),  # "3.5" is two runs of digits
])
def test_text_size_counts_words_and_sentences(text: str, words: float, sentences: int):
    assert text_size(text) == (words, sentences)


# The definition of a word `word_count` counts: a run of letters and digits outside the scripts
# without spaces (whose characters count half, apart).
_NO_SPACE = r"\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_DEFINED_WORD_RE = re.compile(f"[^\\W{_NO_SPACE}]+")
_DEFINED_NO_SPACE_RE = re.compile(f"[{_NO_SPACE}]")


def _defined_words(text: str) -> float:
    return len(_DEFINED_WORD_RE.findall(text)) + len(_DEFINED_NO_SPACE_RE.findall(text)) / 2


@pytest.mark.parametrize("text", [
    "", " ", "a", "snake_case and kebab-case", "x\x1cy\x1fz\x0bw", "tab\tnew\nline\r\n", "3.5 % $62.44",
    "café naïve", "日本語の文章です。次の文。", "abc日本def", "ภาษาไทย ข้อความ", "Ünïcödé ½ ² ٣", "a\u00a0b\u2003c",
    "mix 中文 and ASCII_words 123", "\U0001f600 emoji", "ẞ ǅ ǈ",
    # at the edges of the first test for those scripts' characters (cleaners.scripts.may_be_unspaced)
    "\u0dff kata", "\u0e00", "ก", "“Kutipan” – kata • lain…", "\u2000\u206f x", "\u2070 \u0e01", "\ud800 a \udfff",
    "\u3040\u30ff", "\ufaff\ufb00", "\U00020000 \U0002a6d6", "ကမ္ဘာ ខ្មែរ ລາວ",
])
def test_word_count_counts_the_defined_words(text: str):
    assert word_count(text) == _defined_words(text)
    assert isinstance(word_count(text), float)


def test_word_count_counts_the_defined_words_of_real_paragraphs():
    texts = [json.loads(gold.read_text(encoding="utf-8")).get("text") or "" for gold in sorted(PAGES.glob("*.json"))]
    lines = [line for text in texts for line in text.split("\n")]
    assert len(lines) > 500
    assert [word_count(line) for line in lines] == [_defined_words(line) for line in lines]


@pytest.mark.parametrize(("lines", "counts"), [
    (["Tentang kami. Itu saja. Sudah."], "(5 words, 3 sentences;"),  # too few words: every sentence counted
    (["Berita Terkini Politik Ekonomi Olahraga Hiburan Teknologi Otomotif Kesehatan Gaya Hidup Wisata Kuliner "
      "Pendidikan Properti Karier"], "(16 words, 0 sentences;"),  # words enough, no sentence
    (["日本語の文章。"], "(3 words, 1 sentences;"),  # half words: 6 characters
])
def test_a_refusal_says_the_text_s_words_and_sentences(lines: list[str], counts: str):
    refusal = article_refusal(_article(*lines), page_words=10)
    assert refusal is not None and counts in refusal.message
    assert refusal.message.startswith("too little text for an article " + counts)
