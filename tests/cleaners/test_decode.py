"""Decoding that never garbles."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaners import RejectedInput, clean_html
from cleaners.decode import _PIECE, _utf8, decode, decode_source, looks_like_html
from cleaners.knowledge.settings import default_settings
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
    (b"\x0b\x0c\r\n" * 1000, "empty"),  # every ASCII whitespace byte
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


# -- legacy pages without a declared charset, UTF-16 without a BOM, labels that are no charset -------------
DECODE_FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures" / "decode"
LEGACY = sorted(p.name for p in DECODE_FIXTURES.glob("*.cp1252.html")) + \
    sorted(p.name for p in DECODE_FIXTURES.glob("*.latin1.html"))


@pytest.mark.parametrize("name", LEGACY)
def test_undeclared_legacy_pages_are_read_as_windows_1252(name):
    body = (DECODE_FIXTURES / name).read_bytes()
    text, codec = decode(body)
    assert codec == "cp1252"
    assert text == body.decode("cp1252" if ".cp1252." in name else "latin-1")


def test_legacy_pages_keep_their_letters():
    text, _ = decode((DECODE_FIXTURES / "fr-lemonde.latin1.html").read_bytes())
    assert "Reçue mardi 29 août" in text and "ŕ" not in text
    text, _ = decode((DECODE_FIXTURES / "es-elpais.cp1252.html").read_bytes())
    assert "Comisión" in text and "“soluciones innovadoras”" in text and "ń" not in text


def test_a_detector_sure_of_another_family_still_wins():
    body = ("<html><body><p>" + "Министерство финансов сообщило о росте доходов бюджета. " * 12
            + "</p></body></html>").encode("cp1251")
    text, codec = decode(body)
    assert codec == "cp1251" and "Министерство" in text
    body = ("<html><body><p>" + "Prezydent podpisał ustawę o zmianie przepisów dotyczących źródeł energii. " * 12
            + "</p></body></html>").encode("cp1250")
    text, codec = decode(body)
    assert "podpisał ustawę" in text and "źródeł" in text


@pytest.mark.parametrize("name,codec", [("id-antara.utf16le.html", "utf-16-le"),
                                        ("id-antara.utf16be.html", "utf-16-be"),
                                        ("fr-lemonde.utf16le.html", "utf-16-le")])
def test_utf16_without_a_bom_is_found_by_its_nul_pattern(name, codec):
    body = (DECODE_FIXTURES / name).read_bytes()
    assert looks_like_html(body)
    text, found = decode(body)
    assert found == codec and text == body.decode(codec) and "\x00" not in text
    article = clean_html(body)
    assert "<p>" not in article.text and "<html" not in article.text
    assert article.title and len(article.blocks) >= 3


@pytest.mark.parametrize("label", ["zlib", "hex", "base64", "rot13", "bz2", "uu", "zlib_codec"])
def test_a_meta_charset_naming_no_text_encoding_is_ignored(label):
    body = f'<html><head><meta charset="{label}"><title>Berita</title></head>'.encode() + ARTICLE.encode()
    text, codec = decode(body)
    assert codec == "utf-8" and "Harga beras di pasar" in text
    text, codec = decode(ARTICLE.encode(), f"text/html; charset={label}")
    assert codec == "utf-8"


# -- what the parser reads: the page's own bytes when they are the UTF-8 of its text -------------------------
@pytest.mark.parametrize("body", [
    ARTICLE.replace("pedagang", "pedagang “senior”").encode("utf-8"),  # undeclared
    ('<meta charset="iso-8859-1">' + "<p>Café “kopi” di Jakarta</p>").encode("utf-8"),  # mislabelled
    ('<meta charset="utf8">' + ARTICLE).encode("utf-8"),
])
def test_utf8_pages_are_parsed_from_their_own_bytes(body):
    assert decode_source(body) is body and body.decode("utf-8") == decode(body)[0]


@pytest.mark.parametrize("body", [
    ("\ufeff" + ARTICLE).encode("utf-8"),  # the BOM is not text
    ("\ufeff" + ARTICLE).encode("utf-16-le"),
    ARTICLE.replace("Harga", "Précio").encode("cp1252"),
    ('<meta charset="utf-8">' + ARTICLE).encode("utf-8") + b"\xff caf\xe9",  # not UTF-8 after all: replaced
    ('<meta charset="utf-8-sig">' + ARTICLE).encode("utf-8"),
])
def test_other_pages_are_parsed_from_their_text(body):
    assert decode_source(body) == decode(body)[0]


def test_parsing_the_bytes_builds_the_tree_of_the_text():
    for path in sorted(PAGES.glob("*.html"))[:12]:
        source = decode_source(path.read_bytes())
        text = decode(path.read_bytes())[0]
        assert isinstance(source, bytes), path.name
        assert LexborHTMLParser(source).html == LexborHTMLParser(text).html, path.name


# -- the UTF-8 check of the parser's input: piece by piece, the verdict of decoding the whole -----------------
def _check_passes(body: bytes) -> bool:
    try:
        _utf8(body, False)
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.parametrize("tail", ["é", "日", "😀", "\u2028", "x"])
@pytest.mark.parametrize("shift", range(-5, 3))
def test_a_character_across_a_piece_boundary_is_checked_as_a_whole(tail, shift):
    ascii_run, char = b"a" * (_PIECE + shift), tail.encode("utf-8")
    for body in (ascii_run + char + b"b",  # valid: the cut moves before the character
                 ascii_run + (char[:-1] if len(char) > 1 else b"\xff") + b"b",  # a character cut short
                 ascii_run + b"\x80\x80\x80\x80b",  # four continuation bytes: never UTF-8
                 ascii_run + b"\xed\xa0\x80b",  # an encoded surrogate
                 "é".encode() * ((_PIECE + shift) // 2) + char[:1]):  # cut short at the end
        assert _check_passes(body) == _decodes(body), (tail, shift, body[-8:])


def _decodes(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_a_page_not_utf8_past_the_first_piece_is_parsed_from_its_text():
    page = ('<meta charset="utf-8">' + ARTICLE + "<p>" + "kopi " * _PIECE + "</p>").encode("utf-8")
    assert decode_source(page) is page
    broken = page[:_PIECE + 100] + b"\xe9" + page[_PIECE + 100:]  # a windows-1252 letter in the second piece
    assert decode_source(broken) == decode(broken)[0] and "\ufffd" not in decode(broken)[0]


def test_a_tag_counts_only_within_the_sniffed_head():
    size = default_settings().input.html_sniff_bytes
    assert looks_like_html(b"x" * (size - 6) + b"<html>")
    assert not looks_like_html(b"x" * (size - 5) + b"<html>")  # its '>' falls past the head
    assert looks_like_html(("x" * (size // 2 - 6) + "<html>").encode("utf-16-le"))  # the UTF-16 head: twice as long


def test_nul_bytes_count_only_within_the_sniffed_head():
    from cleaners.decode import _utf16_without_bom, sniff_binary

    size = default_settings().input.sniff_bytes
    page = ARTICLE.encode("utf-8").ljust(size + 100, b" ")
    assert sniff_binary(page[:size - 1] + b"\x00" + page[size:]) == "binary data (NUL bytes)"
    assert sniff_binary(page[:size] + b"\x00" + page[size + 1:]) is None  # past the head: not looked at
    utf16 = ARTICLE.encode("utf-16-le")
    assert sniff_binary(utf16) is None and _utf16_without_bom(utf16) == "utf-16-le"
    assert sniff_binary(codecs.BOM_UTF16_LE + utf16) is None and _utf16_without_bom(codecs.BOM_UTF16_LE + utf16) is None
    assert _utf16_without_bom(b"\x00" * size + utf16) is None  # its NUL pattern is not in the head
    assert sniff_binary(b"MZ<html>" + page) is None and sniff_binary(b"MZ\x90\x00" + b"\x03" * 99) == "an executable"
