"""The JSONL record, schema newsbroom/1: field names and order pinned, and the structural fields
(blocks, version, word count, simhash) on real pages."""

from __future__ import annotations

import gzip
import json

import pytest

from cleaners import Page, clean_page, clean_text
from cleaners.model import RECORD_FIELDS, SCHEMA, Article, Block
from tests.conftest import FIXTURES, PAGES, SEEDS

PAGE_IDS = sorted(p.stem for p in PAGES.glob("*.html"))
RECORDS = FIXTURES / "records"

V1 = ["id", "url", "canonical_url", "site", "title", "text", "published_at", "authors", "dateline", "language",
      "language_source", "fetched_at", "extractor", "sha256", "source", "removed",
      "schema", "version", "blocks", "description", "modified_at", "section", "tags", "image", "free_access",
      "word_count", "simhash"]


def _clean(page_id: str) -> Article:
    path = PAGES / f"{page_id}.html"
    return clean_page(Page(url=None, body=path.read_bytes(), source=str(path)))


def test_the_schema_is_pinned():
    assert SCHEMA == "newsbroom/1"
    assert list(RECORD_FIELDS[:len(V1)]) == V1
    assert list(RECORD_FIELDS[len(V1):]) == ["canonical_ignored"]  # appended after simhash
    record = json.loads(_clean("id-liputan6-002").to_json())
    assert list(record) == list(RECORD_FIELDS)
    assert record["canonical_ignored"] is None  # a file has no URL of its own: its canonical is kept
    assert record["schema"] == "newsbroom/1"
    assert isinstance(record["version"], str) and len(record["version"]) == 16
    assert isinstance(record["word_count"], int)
    assert isinstance(record["simhash"], str) and len(record["simhash"]) == 16
    int(record["simhash"], 16)


@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_the_blocks_joined_are_the_text(page_id: str):
    record = _clean(page_id).to_dict()
    assert "\n".join(b["text"] for b in record["blocks"]) == record["text"]
    assert all(b["kind"] in ("heading", "paragraph", "list_item", "quote", "table") for b in record["blocks"])
    assert record["word_count"] > 0


def test_a_table_is_one_block_with_its_rows():
    # A real page with a data table (WCXB dev split; provenance in fixtures/records/wcxb-0052.json).
    body = gzip.decompress((RECORDS / "wcxb-0052.html.gz").read_bytes())
    article = clean_page(Page(url="https://www.industryselect.com/blog/top-10-appliance-manufacturers-in-the-usa",
                              body=body))
    tables = [b for b in article.to_dict()["blocks"] if b["kind"] == "table"]
    assert len(tables) == 1
    rows = tables[0]["rows"]
    assert rows[0] == ["Company", "City", "State", "Number of Employees"]
    assert rows[1] == ["Haier US Appliance Solutions, Inc.", "Louisville", "KY", "6,000"]
    assert len(rows) == 11 and all(len(r) == 4 for r in rows)
    assert tables[0]["text"] == "\n".join(" | ".join(r) for r in rows)
    assert tables[0]["text"] in article.text  # the text keeps a row a line, as before


def test_headings_and_list_items_keep_their_kind():
    record = _clean("id-merdeka-001").to_dict()
    assert [b["text"] for b in record["blocks"] if b["kind"] == "heading"] == ["Sate Lalat Pak Muhsin",
                                                                               "Wajib Dicicipi"]


def test_version_tells_versions_of_one_article_apart():
    article = _clean("id-liputan6-002")
    again = _clean("id-liputan6-002")
    assert article.version == again.version  # stable
    edited = article.evolve(blocks=article.blocks[:-1] + (Block("paragraph", article.blocks[-1].text + " (ralat)"),))
    assert edited.id == article.id and edited.version != article.version
    retitled = article.evolve(title=article.title + " (Update)")
    assert retitled.id == article.id and retitled.version != article.version
    assert _clean("id-liputan6-001").version != article.version


def test_word_count():
    article = Article(blocks=(Block("paragraph", "Satu dua tiga."), Block("paragraph", "Empat-lima enam")))
    assert article.word_count == 6
    # each character of a script without spaces is a word
    assert Article(blocks=(Block("paragraph", "日本語の文章です。テスト"),)).word_count == 11
    seed = clean_text(next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8"))
    assert seed.word_count == 390  # 391 pieces between spaces, one a lone dash


def test_version_and_simhash_of_a_hand_made_article():
    article = Article(blocks=(Block("paragraph", "Satu dua tiga empat."),))
    record = article.to_dict()
    assert record["blocks"] == [{"kind": "paragraph", "text": "Satu dua tiga empat."}]
    assert record["image"] is None and record["tags"] == [] and record["free_access"] is None
    assert Article().to_dict()["simhash"] == "0000000000000000" and Article().word_count == 0
