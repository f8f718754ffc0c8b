"""What the pipeline hands the parser: a page's text is encoded to UTF-8 once, by the pipeline, and
the article is the one its bytes give; a text the parser cannot take as UTF-8 (a lone surrogate)
is handed over as it is, and the parser drops the surrogate as it always did."""

from __future__ import annotations

import hashlib

from cleaners import Page, clean_html, clean_page
from cleaners.pipeline import _utf8_of
from tests.conftest import PAGES

BODY = ("<html><head><title>Harga Beras Naik di Pasar Tradisional</title></head><body><article>"
        "<h1>Harga Beras Naik di Pasar Tradisional</h1>"
        "<p>Harga beras di pasar tradisional naik untuk ketiga kalinya bulan ini, kata para pedagang kepada "
        "wartawan di Caf\u00e9 Jakarta pada Senin pagi.</p>"
        "<p>Kenaikan itu dipicu oleh pasokan yang menurun setelah panen raya berakhir dan cuaca buruk yang "
        "melanda sentra produksi di Jawa.</p></article></body></html>")


def _record(article):
    return {k: v for k, v in article.to_dict().items() if k != "sha256"}


def test_a_pages_text_gives_the_article_of_its_utf8_bytes():
    for path in sorted(PAGES.glob("id-*.html"))[:6]:
        body = path.read_bytes()
        text = body.decode("utf-8")
        assert _utf8_of(text) == body, path.name
        assert clean_html(text).to_dict() == clean_html(body).to_dict(), path.name


def test_a_page_in_another_encoding_is_the_article_of_its_text():
    body = BODY.encode("cp1252")
    article = clean_page(Page(url=None, body=body))
    assert "Caf\u00e9 Jakarta" in article.text and article.sha256 == hashlib.sha256(body).hexdigest()
    assert _record(article) == _record(clean_html(BODY))


def test_a_lone_surrogate_is_dropped_by_the_parser_and_kept_in_the_hash():
    text = BODY.replace("Caf\u00e9", "Caf\udce9")  # a name decoded with surrogateescape
    assert _utf8_of(text) == text  # not encodable as UTF-8: the text itself
    article = clean_html(text)
    assert "Caf Jakarta" in article.text and "\ufffd" not in article.text
    assert article.sha256 == hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
