"""Golden outputs of real pages (fixtures/pages -> fixtures/expected), one parametrized test,
plus the quality floor those pages must keep."""

from __future__ import annotations

import json

import pytest

from cleaners import Page, clean_page, clean_text
from cleaners.score import Corpus, gold_body
from tests.conftest import EXPECTED, PAGES

PAGE_IDS = sorted(p.stem for p in PAGES.glob("*.html"))


def _clean(page_id: str):
    path = PAGES / f"{page_id}.html"
    return clean_page(Page(url=None, body=path.read_bytes(), source=str(path)))


def test_there_are_enough_real_pages():
    assert len(PAGE_IDS) >= 20
    assert sum(p.startswith("id-") for p in PAGE_IDS) == 11


@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_page_matches_its_golden_output(page_id: str, update_golden: bool):
    text = _clean(page_id).to_text()
    golden = EXPECTED / f"{page_id}.txt"
    if update_golden:
        golden.write_text(text, encoding="utf-8", newline="")
    assert golden.exists(), f"no golden output for {page_id}: run pytest --update-golden and review the diff"
    assert text == golden.read_bytes().decode("utf-8")


@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_page_output_is_in_the_seed_format(page_id: str):
    text = _clean(page_id).to_text()
    assert text and not text.endswith("\n") and "\n\n" not in text
    for line in text.split("\n"):
        assert line == line.strip() and "  " not in line
        assert not any(ch in line for ch in "\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0\t\r")


@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_cleaning_the_output_again_changes_nothing(page_id: str):
    text = _clean(page_id).to_text()
    assert clean_text(text).to_text() == text


def test_indonesian_pages_keep_their_quality_floor():
    corpus = Corpus.empty()
    for page_id in PAGE_IDS:
        if page_id.startswith("id-"):
            gold = json.loads((PAGES / f"{page_id}.json").read_text(encoding="utf-8"))
            corpus.add(_clean(page_id).text, gold_body(gold))
    assert corpus.f1 >= 0.985
    assert corpus.leaks == 0


def test_metadata_of_an_indonesian_page():
    article = _clean("id-liputan6-002")
    assert article.title == "Update 23 Januari 2021: 98 Juta Kasus COVID-19 di Dunia, Akan Tembus 100 Juta?"
    assert article.dateline == "Liputan6.com, Jakarta"
    assert article.published_at == "2021-01-23T13:30:00+07:00"
    assert article.authors == ("Tommy Kurnia",)
    assert article.language == "id"
    assert article.canonical_url.startswith("https://www.liputan6.com/global/read/4464894/")
    assert article.site == "liputan6.com"
    assert article.extractor == "site:liputan6/v1"  # its profile, not the generic path
    assert len(article.sha256) == 64


def test_record_keys_are_in_the_documented_order():
    record = _clean("id-merdeka-001").to_dict()
    assert list(record) == ["id", "url", "canonical_url", "site", "title", "text", "published_at", "authors",
                            "dateline", "language", "language_source", "fetched_at", "extractor", "sha256",
                            "source", "removed",
                            # newsbroom/1, appended: the fields above keep their place
                            "schema", "version", "blocks", "description", "modified_at", "section", "tags", "image",
                            "free_access", "word_count", "simhash", "canonical_ignored"]
    assert all(set(r) == {"rule", "text"} for r in record["removed"])
