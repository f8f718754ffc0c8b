"""page/: the headline choice and the JSON-LD objects, read from one parse."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from cleaners.page.jsonld import jsonld_objects, names, publisher_name
from cleaners.page.metadata import read_metadata
from cleaners.page.title import strip_site_suffix

PAGE = """<html lang="id"><head><title>Harga Beras Naik Lagi | Contoh News</title>
<script type="application/ld+json">{"@graph": [{"@type": "WebPage", "name": "x"},
 {"@type": "NewsArticle", "headline": "Harga Beras Naik Lagi", "datePublished": "2025-07-04 10:15",
  "author": [{"name": "Budi"}, {"name": "Sari"}], "publisher": {"name": "Contoh News"}}]}</script>
</head><body><h1>Harga Beras Naik Lagi</h1><p>Teks.</p></body></html>"""


def test_jsonld_prefers_news_types_and_reads_names():
    objects = jsonld_objects(LexborHTMLParser(PAGE))
    assert [o["@type"] for o in objects] == ["NewsArticle", "WebPage"]
    assert names(objects[0]["author"]) == ["Budi", "Sari"]
    assert publisher_name(objects) == "Contoh News"


def test_site_suffix_is_cut_from_a_title():
    assert strip_site_suffix("Harga Beras Naik Lagi | Contoh News", "Contoh News", None) == "Harga Beras Naik Lagi"
    assert strip_site_suffix("Harga Beras Naik Lagi", "Contoh News", None) == "Harga Beras Naik Lagi"


def test_metadata_reads_title_date_and_authors_from_one_parse():
    meta = read_metadata(LexborHTMLParser(PAGE), "https://www.contoh.co.id/read/1/x")
    assert meta.title == "Harga Beras Naik Lagi"
    assert meta.published_at == "2025-07-04T10:15:00+07:00"
    assert meta.authors == ("Budi", "Sari") and meta.site_name == "Contoh News" and meta.html_lang == "id"
