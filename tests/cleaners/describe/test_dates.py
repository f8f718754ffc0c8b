"""Dates with their offsets, and the one rule for the offset of a naive time."""

from __future__ import annotations

import pytest

from cleaners import Options, clean_html, clean_text
from cleaners.describe.dates import assumed_offset, dates_in, parse_date
from cleaners.knowledge.sites import Extract, Registry, SiteProfile


@pytest.mark.parametrize("raw, assume, wanted", [
    ("Jumat, 04 Juli 2025", None, "2025-07-04"),
    ("Senin, 12 Feb 2024 10:15 WIB", None, "2024-02-12T10:15:00+07:00"),
    ("Kamis, 3 Juli 2025 | 21:05 WITA", None, "2025-07-03T21:05:00+08:00"),
    ("2025/06/18 13:22:15", "+07:00", "2025-06-18T13:22:15+07:00"),  # detik/CNN publishdate meta
    ("Rabu, 1 Januari 2025 08.30 WIT", None, "2025-01-01T08:30:00+09:00"),
    ("18 Agt 2024, 07:00", "+07:00", "2024-08-18T07:00:00+07:00"),
    ("2021-01-23T13:30:00+07:00", None, "2021-01-23T13:30:00+07:00"),
    ("2024-09-03T04:03:19Z", None, "2024-09-03T04:03:19+00:00"),
    ("2024-09-03T04:03:19-0330", None, "2024-09-03T04:03:19-03:30"),  # an offset without its colon
    ("2024-09-03T04:03:19-00:00", "+07:00", "2024-09-03T04:03:19+00:00"),  # a negative zero is UTC
    ("2024-09-03 04:03", "-05:45", "2024-09-03T04:03:00-05:45"),
    ("2024-09-03T04:03:19+99:00", None, None),  # an offset of a day or more is no zone's: no date
    ("2024-09-03T04:03:19+23:60", None, None),
    ("2024-09-03 04:03:19", "+07:00", "2024-09-03T04:03:19+07:00"),
    ("May 4, 2024 3:05 pm", None, "2024-05-04T15:05:00"),
    ("Diperbarui 31 Desember 2023", None, "2023-12-31"),
    ("no date here", None, None),
    ("31 Februari 2024", None, None),
])
def test_dates(raw, assume, wanted):
    assert parse_date(raw, assume) == wanted


@pytest.mark.parametrize("lang, host, profile_timezone, wanted", [
    ("id", "example.com", None, "+07:00"),
    (None, "www.contoh.co.id", None, "+07:00"),
    ("en", "www.contoh.co.id", None, "+07:00"),
    (None, "example.com", None, None),
    ("en", None, None, None),
    ("en", "example.com", "+08:00", "+08:00"),
    ("id", "www.contoh.co.id", "+09:00", "+09:00"),
])
def test_assumed_offset(lang, host, profile_timezone, wanted):
    assert assumed_offset(lang, host, profile_timezone) == wanted


PARAGRAPHS = ("<p>Harga beras di pasar tradisional naik untuk ketiga kalinya bulan ini, kata para pedagang kepada "
              "wartawan di Jakarta pada Senin pagi.</p>"
              "<p>Kenaikan itu dipicu oleh pasokan yang menurun setelah panen raya berakhir dan cuaca buruk yang "
              "melanda sentra produksi di Jawa.</p>")


def _page(lang: str | None) -> str:
    lang_attr = f' lang="{lang}"' if lang else ""
    return (f"<html{lang_attr}><head><title>Harga Beras Naik</title></head><body><article>"
            "<h1>Harga Beras Naik di Pasar Tradisional</h1>"
            '<span class="tanggal">Senin, 12 Feb 2024 10:15</span>' + PARAGRAPHS + "</article></body></html>")


def _profiled(domain: str) -> Options:
    profile = SiteProfile(id="contoh", name="Contoh", version="v1", verified=False, domains=(domain,),
                          extract=Extract(body=("article",), date=("span.tanggal",)))
    return Options(sites=Registry([profile]), detect_language=False)


@pytest.mark.parametrize("lang, domain, wanted", [
    (None, "contoh.com", "2024-02-12T10:15:00"),  # not known to be Indonesian: the time stays naive
    ("en", "contoh.co.id", "2024-02-12T10:15:00+07:00"),  # a .id host: WIB
    ("id", "contoh.com", "2024-02-12T10:15:00+07:00"),  # an Indonesian page: WIB
])
def test_a_naive_time_gets_one_offset_whether_the_page_or_its_profile_gives_it(lang, domain, wanted):
    url = f"https://www.{domain}/read/1/harga-beras"
    by_profile = clean_html(_page(lang), url, options=_profiled(domain))
    by_page = clean_html(_page(lang), url, options=Options(use_sites=False, detect_language=False))
    assert by_profile.extractor == "site:contoh/v1" and by_page.extractor.startswith("generic/")
    assert by_profile.published_at == by_page.published_at == wanted


DUMP = ("Luna Maya Bertanya kepada Hesti\n"
        "Selasa, 22 Februari 2022 | 13:00\n"
        "Fakta itu terungkap setelah Luna Maya mengajukan pertanyaan kepada Hesti Purwadinata di kanal YouTube TS "
        "Media pada hari Minggu lalu.\n"
        "Pertanyaan itu dijawab panjang lebar oleh Hesti, yang kemudian bercerita tentang masa lalunya bersama sang "
        "suami di Jakarta.")


@pytest.mark.parametrize("url, wanted", [
    (None, "2022-02-22T13:00:00"),  # no language declared nor detected: no offset is invented
    ("https://example.com/read/1/x", "2022-02-22T13:00:00"),
    ("https://www.grid.id/read/1/x", "2022-02-22T13:00:00+07:00"),
])
def test_a_text_dump_follows_the_same_rule(url, wanted):
    assert clean_text(DUMP, url=url, options=Options(detect_language=False)).published_at == wanted


def test_a_dump_detected_as_indonesian_gets_wib():
    # Nothing declares the language of a text dump; the detected one counts like a declared one.
    article = clean_text(DUMP, options=Options(detect_language=True))
    assert article.language == "id"
    assert article.published_at == "2022-02-22T13:00:00+07:00"


@pytest.mark.parametrize("text, wanted", [
    ("Senin, 12 Agustus 2024 | 14:05 WIB", [(7, 34, "2024-08-12T14:05:00+07:00")]),
    ("2024-08-12T10:00:00+07:00 x 12/08/2024", [(0, 25, "2024-08-12T10:00:00+07:00"), (28, 38, "2024-08-12")]),
    ("2025年1月13日 21時37分", [(0, 16, "2025-01-13T21:37:00+07:00")]),
    ("Diperbarui ١٢ Agustus ٢٠٢٤", [(11, 26, "2024-08-12")]),  # a year in Arabic-Indic digits is four digits too
    ("Jan 12, 202", []),  # no four digits in a row: no date read
    ("updated 3/4/25 at 10:30", []),
    ("", []),
])
def test_every_date_in_a_text(text, wanted):
    assert dates_in(text, "+07:00") == wanted


@pytest.mark.parametrize("text, wanted", [
    ("id_May 4, 2024", [(3, 14, "2024-05-04")]),  # an underscore is no letter: the month starts there
    ("2May 4, 2024", [(1, 12, "2024-05-04")]),  # nor is a digit
    ("MayMay 4, 2024", []),  # the whole run of letters is the name, and it names no month
    ("ſMay 4, 2024", []),  # a letter the case-blind class takes ('ſ' folds to 's') starts the name too
])
def test_a_month_name_first_is_the_whole_run_of_letters_before_the_day(text, wanted):
    assert dates_in(text, None, True) == wanted


@pytest.mark.parametrize("text, month_first, wanted", [
    ("2024-08-12 x", False, [(0, 10, "2024-08-12")]),  # a year at the start of the text: nothing stands before it
    ("v2024-08-12", False, [(1, 11, "2024-08-12")]),  # a letter before the year
    ("v.2024-08-12", False, []),  # a dot before the year: a version number, no date
    ("12024-08-12", False, []),  # a digit before it: no year of four digits
    ("12/08/2024", False, [(0, 10, "2024-08-12")]),
    ("1.12/08/2024", False, []),  # a slashed date after a dot or a digit is part of another number
    ("MAY 4TH, 2024", True, [(0, 13, "2024-05-04")]),  # the day's suffix in capitals
    ("May\n4,\t2024", False, [(0, 11, "2024-05-04")]),  # any space between the parts
    ("2025년 6월 4일 02:37", False, [(0, 17, "2025-06-04T02:37:00")]),
    ("2025 年 1 月 13 日", False, [(0, 15, "2025-01-13")]),
])
def test_the_date_forms_where_their_quick_tests_must_not_skip_them(text, month_first, wanted):
    assert dates_in(text, None, month_first) == wanted


def test_a_page_whose_date_names_an_offset_no_zone_has_is_cleaned_without_that_date():
    page = ('<html><head><meta property="article:published_time" content="2024-05-04T10:15:00+99:00"></head>'
            f"<body><h1>Judul berita hari ini</h1><p>{'Isi berita yang cukup panjang. ' * 30}</p></body></html>")
    assert clean_html(page, url="https://example.com/a").published_at is None


@pytest.mark.parametrize(("text", "month_first", "wanted"), [
    # a word that names no month: no date there, the one after it is read
    ("1 Foo 2020 12 Juni 2021", False, [(11, 23, "2021-06-12")]),
    # a time or a year with a digit right after it is no part of the date (the forms' tests of the
    # text around a match are negative: the match read as it is, as its own text would read again)
    ("04/07/2025 10:15:305 and 12.12.2025.5", False, [(0, 10, "2025-07-04")]),
    ("2025-01-02 10:15:30.5 +07:00 then 2025-13-45", False, [(0, 28, "2025-01-02T10:15:30+07:00")]),
    ("5 May 2020 10:15 amx", False, [(0, 16, "2020-05-05T10:15:00+07:00")]),
    ("May 5, 2020 at 3:05 pmx; Dec. 9, 2025 4:05 PM UTC", True,
     [(0, 20, "2020-05-05T03:05:00+07:00"), (25, 49, "2025-12-09T16:05:00+00:00")]),
    ("3/4/2025 10:15 WIB", True, [(0, 18, "2025-03-04T10:15:00+07:00")]),
    ("2024年04月24日23:52", False, [(0, 16, "2024-04-24T23:52:00+07:00")]),
    # the white space an ISO match ends with is part of its span
    ("2025-01-02 10:15 x", False, [(0, 17, "2025-01-02T10:15:00+07:00")]),
])
def test_dates_in_reads_each_match_as_its_own_text_reads(text, month_first, wanted):
    found = dates_in(text, "+07:00", month_first)
    assert found == wanted
    assert [parse_date(text[at:end], "+07:00", month_first) for at, end, _date in found] == [d for *_, d in wanted]
