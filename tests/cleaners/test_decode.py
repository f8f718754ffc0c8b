"""Decoding that never garbles."""

from __future__ import annotations

import pytest

from cleaners import RejectedInput, clean_html
from cleaners.decode import decode
from tests.conftest import PAGES

ARTICLE = ("<html><head><title>Harga Beras Naik di Pasar Tradisional</title></head><body><article>"
           "<h1>Harga Beras Naik di Pasar Tradisional</h1>"
           "<p>Harga beras di pasar tradisional naik untuk ketiga kalinya bulan ini, kata para pedagang kepada "
           "wartawan di Jakarta pada Senin pagi.</p>"
           "<p>Kenaikan itu dipicu oleh pasokan yang menurun setelah panen raya berakhir dan cuaca buruk yang "
           "melanda sentra produksi di Jawa.</p></article></body></html>")


def test_utf8_page_without_a_declaration():
    text, codec = decode(ARTICLE.replace("pedagang", "pedagang “senior”").encode("utf-8"))
    assert "“senior”" in text and codec == "utf-8"


def test_http_charset_wins_over_guessing():
    body = ARTICLE.replace("Harga", "Précio").encode("cp1252")
    text, codec = decode(body, "text/html; charset=windows-1252")
    assert "Précio" in text and codec == "cp1252"


def test_meta_charset_is_read():
    html = '<meta charset="shift_jis">' + "<p>日本経済新聞の記事です。</p>"
    text, codec = decode(html.encode("shift_jis"))
    assert "日本経済新聞" in text and codec == "shift_jis"


def test_latin1_label_on_utf8_bytes_is_read_as_utf8():
    body = ('<meta charset="iso-8859-1">' + "<p>Café “kopi” di Jakarta</p>").encode("utf-8")
    text, _ = decode(body)
    assert "Café “kopi”" in text


@pytest.mark.parametrize("bom, codec", [("\ufeff", "utf-8"), ("\ufeff", "utf-16-le"), ("\ufeff", "utf-16-be")])
def test_byte_order_marks(bom, codec):
    body = (bom + ARTICLE).encode(codec)
    text, used = decode(body)
    assert text.startswith("<html>") and used.replace("_", "-").startswith(codec.split("-")[0])


def test_mojibake_is_repaired_in_the_text():
    broken = ARTICLE.replace("para pedagang", "para pedagang â€œsenior dan juniorâ€\x9d")
    article = clean_html(broken)
    assert "“senior dan junior”" in article.text


@pytest.mark.parametrize("body, reason", [
    (b"", "empty"),
    (b"   \n\t ", "empty"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "binary"),
    (b"\xff\xd8\xff\xe0" + b"JFIF" * 50, "binary"),
    (b"%PDF-1.7\n" + b"x" * 100, "binary"),
    (bytes(range(256)) * 40, "binary"),
])
def test_not_text_is_rejected_with_a_reason(body, reason):
    with pytest.raises(RejectedInput) as info:
        decode(body)
    assert info.value.reason == reason


def test_every_fixture_page_decodes_without_replacement_characters():
    for path in sorted(PAGES.glob("*.html")):
        text, _ = decode(path.read_bytes())
        assert text.count("\ufffd") <= path.read_bytes().count(b"\xef\xbf\xbd"), path.name
