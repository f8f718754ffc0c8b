"""The publication date: the machine dates first (with their time and offset), the page's printed
date and its URL where they contradict them, htmldate when nothing else gives a date, and the
site profile's zone where a page declares another one. Real pages in fixtures/metadata (from
../shared/eval: WCXB dev pages, CC-BY-4.0, and the id-*-1NN pages; provenance in their JSON)."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaners import Page, clean_page
from cleaners.describe.dates import days_apart, first_date, in_profile_zone, url_day
from cleaners.page.details import Details
from cleaners.page.metadata import PageMeta, for_site, read_metadata
from cleaners.page.published import headline_date, htmldate_day
from tests.conftest import FIXTURES, PAGES

META = FIXTURES / "metadata"


def _page(name: str) -> tuple[bytes, dict]:
    gz = META / f"{name}.html.gz"
    body = gzip.decompress(gz.read_bytes()) if gz.exists() else (META / f"{name}.html").read_bytes()
    return body, json.loads((META / f"{name}.json").read_text(encoding="utf-8"))


def _published(name: str) -> str | None:
    body, gold = _page(name)
    return clean_page(Page(url=gold["url"], body=body, source=name)).published_at


@pytest.mark.parametrize(("name", "wanted"), [
    # Naive machine times: the profile's +07:00 (kapanlagi's og meta has no offset).
    ("id-kapanlagi-101", "2015-11-05T11:52:00+07:00"),
    # `pubdate` "2015-11-05 T10:08:58Z" (a space before the T), printed "Kamis, 05/11/2015 10:08
    # WIB": the same wall clock, so the printed zone is the right one.
    ("id-detik-103", "2015-11-05T10:08:58+07:00"),
    # An old kompas layout with no machine date and its headline in an <h2>: the URL's day
    # (/read/2015/11/04/) rules out the sidebar's date, the byline under the headline gives the time.
    ("id-kompas-101", "2015-11-04T21:04:00+07:00"),
    ("id-viva-101", "2016-02-16T13:01:52+07:00"),
])
def test_indonesian_pages_keep_their_time_and_offset(name: str, wanted: str):
    body, gold = _page(name)
    assert _published(name) == wanted
    assert wanted[:10] == gold["published_at"][:10]


@pytest.mark.parametrize(("page_id", "wanted"), [
    ("id-merdeka-001", "2021-06-16T10:49:00+07:00"),  # declared -07:00; printed "16 Juni 2021 10:49"
    ("id-merdeka-004", "2021-06-17T11:38:29+07:00"),  # declared -07:00; printed "17 Juni 2021 11:38"
])
def test_a_declared_offset_that_contradicts_the_profile_takes_the_profiles(page_id: str, wanted: str):
    path = PAGES / f"{page_id}.html"
    assert b"-07:00" in path.read_bytes()
    assert clean_page(Page(url=None, body=path.read_bytes(), source=str(path))).published_at == wanted


@pytest.mark.parametrize(("name", "machine", "wanted"), [
    # JSON-LD datePublished "Nov 05, 2025" (the CMS's date of the last rebuild); the byline under
    # the headline prints "January 31, 2024", and so does WCXB's gold.
    ("wcxb-0158", "2025-11-05", "2024-01-31"),
    # JSON-LD "2024-08-07T12:01:51+00:00" (a blog moved to a new host); printed "Dec 30, 2013".
    ("wcxb-4460", "2024-08-07", "2013-12-30"),
])
def test_a_printed_date_under_the_headline_overrules_a_contradicting_machine_date(name, machine, wanted):
    body, gold = _page(name)
    assert machine.encode() in body or machine[:4].encode() in body
    assert _published(name) == wanted == gold["publish_date"]


@pytest.mark.parametrize("name", ["wcxb-0494", "wcxb-4256"])
def test_htmldate_finds_the_day_when_nothing_else_does(name: str):
    body, gold = _page(name)
    tree = LexborHTMLParser(body.decode("utf-8"))
    meta = read_metadata(LexborHTMLParser(body.decode("utf-8")), gold["url"])
    assert headline_date(tree, None) is None and url_day(gold["url"]) is None
    assert htmldate_day(tree, gold["url"]) == gold["publish_date"] == meta.published_at


def test_a_year_first_dotted_byline_date_is_found_without_htmldate():
    # hamy.xyz (wcxb-0488): "Essay - Published: 2025.12.17 |" under the <h1>, no machine date
    body, gold = _page("wcxb-0488")
    tree = LexborHTMLParser(body.decode("utf-8"))
    assert headline_date(tree, None) == gold["publish_date"] == read_metadata(tree, gold["url"]).published_at


def test_a_date_printed_above_the_headline_is_found_without_htmldate():
    # ravven (wcxb-0490): "Back to blog Dec 12, 2025 4 min read" above the <h1>, no machine date
    body, gold = _page("wcxb-0490")
    tree = LexborHTMLParser(body.decode("utf-8"))
    assert headline_date(tree, None) == gold["publish_date"] == read_metadata(tree, gold["url"]).published_at


def test_a_date_an_update_line_prints_does_not_overrule_the_machine_date():
    # taste of home's byline prints "Updated on Dec. 09, 2025", its dateModified: the machine's
    # datePublished stays (wcxb-0199, minimal page around its real values).
    page = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2025-08-22T16:28:40Z", "dateModified": "2025-12-09T07:38:58Z"}</script></head>'
            "<body><h1>4 Best Book Subscriptions, Tested by Bibliophiles</h1><p>By Emily Way</p>"
            "<p>Updated on Dec. 09, 2025</p></body></html>")
    meta = read_metadata(LexborHTMLParser(page), "https://www.tasteofhome.com/collection/best-book-subscriptions/")
    assert meta.published_at == "2025-08-22T16:28:40+00:00"


@pytest.mark.parametrize(("text", "wanted"), [
    ("Updated October 8, 2025 Get Started with Splashtop 2024-11-22", "2025-10-08"),  # splashtop (wcxb-0037)
    ("Putra Rusdi K - detikSport Kamis, 30 Sep 2021 12:00 WIB", "2021-09-30T12:00:00+07:00"),
    ("Friday, December 19, 2025 • Advertiser Disclosure", "2025-12-19"),  # freightwaves (wcxb-0056)
    ("no date here", None),
])
def test_first_date_is_the_earliest_in_the_text(text: str, wanted: str | None):
    assert first_date(text, "+07:00" if "WIB" in text else None) == wanted


@pytest.mark.parametrize(("url", "wanted"), [
    ("https://scratchculinary.com/2025/09/04/top-nutrition-trends-for-fall-2025", "2025-09-04"),
    ("http://regional.kompas.com/read/2015/11/04/21040031/Polres.Lhokseumawe", "2015-11-04"),
    ("https://blog.guillaume-gomez.fr/articles/2025-12-15+Rust+GCC+backend", None),  # not a path segment
    ("https://news.detik.com/berita/d-6453785/polisi-soal-pistol", None),
    ("https://example.com/2025/13/40/x", None),
])
def test_the_day_a_url_names(url: str, wanted: str | None):
    assert url_day(url) == wanted


@pytest.mark.parametrize(("value", "zone", "wanted"), [
    ("2021-06-16T10:49:00-07:00", "+07:00", "2021-06-16T10:49:00+07:00"),  # merdeka's CMS
    ("2016-02-16T02:10:56+00:00", "+07:00", "2016-02-16T02:10:56+00:00"),  # a UTC instant is right (liputan6)
    ("2015-11-05T11:52:00", "+07:00", "2015-11-05T11:52:00+07:00"),  # naive: the site's zone
    ("2015-11-04", "+07:00", "2015-11-04"),  # no time, none invented
    ("2021-06-16T10:49:00-07:00", None, "2021-06-16T10:49:00-07:00"),  # no profile zone: as declared
])
def test_the_profile_zone_replaces_a_contradicting_declared_offset(value, zone, wanted):
    assert in_profile_zone(value, zone) == wanted


def test_days_apart_reads_each_date_in_its_own_zone():
    assert days_apart("2025-12-19T02:41:41+00:00", "2025-12-18") == 1
    assert days_apart("2025-11-05", "2024-01-31") == 644


def test_a_profiles_date_is_as_precise_as_the_pages_own_for_the_same_moment():
    # detik's profile reads the printed "13:19 WIB"; the page's metadata says 13:19:56 +07:00
    body, gold = _page("id-detik-101")
    assert _published("id-detik-101") == gold["published_at"] == "2022-12-10T13:19:56+07:00"


@pytest.mark.parametrize(("profile_date", "page_date", "wanted"), [
    ("2022-12-10T13:19:00+07:00", "2022-12-10T13:19:56+07:00", "2022-12-10T13:19:56+07:00"),  # seconds
    ("2015-11-05", "2015-11-05T10:08:58+07:00", "2015-11-05T10:08:58+07:00"),  # a time on the same day
    ("2022-12-10T13:19:00+07:00", "2022-12-10T06:19:56+00:00", "2022-12-10T13:19:00+07:00"),  # other zone
    ("2022-12-10T13:19:30+07:00", "2022-12-10T13:19:56+07:00", "2022-12-10T13:19:30+07:00"),  # both precise
    ("2015-11-05", "2015-11-04T21:04:00+07:00", "2015-11-05"),  # another day
])
def test_for_site_keeps_the_more_precise_telling_of_one_moment(profile_date, page_date, wanted):
    meta = for_site(PageMeta(published_at=profile_date), "+07:00", ["detikcom"], ["detik.com"], page_date)
    assert meta.published_at == wanted


def test_for_site_changes_only_what_the_profile_reads_another_way():
    """Each of the publication date, the modification date and the bylines is changed alone when only
    it is read another way; a page the profile reads as it is comes back equal."""
    details = Details(modified_at="2022-12-10T14:00:00-07:00", section="News")
    meta = PageMeta(title="Judul", published_at="2022-12-10T13:19:00+07:00", authors=("Mulia Budi", "detikcom"),
                    details=details)
    same = replace(meta, authors=("Mulia Budi",), details=replace(details, modified_at="2022-12-10T14:00:00+07:00"))
    assert for_site(same, "+07:00", ["detikcom"], ["detik.com"], None) == same
    assert for_site(same, None, ["detikcom"], ["detik.com"], "2022-12-10T13:19:00+07:00") == same
    assert for_site(meta, None, ["detikcom"], ["detik.com"], None) == replace(meta, authors=("Mulia Budi",))
    assert for_site(meta, "+07:00", ["x"], [], None) == replace(same, authors=meta.authors)
    assert for_site(same, "+07:00", ["x"], [], "2022-12-10T13:19:42+07:00").published_at == "2022-12-10T13:19:42+07:00"
    moved = replace(same.details, modified_at="2022-12-10T14:00:00+08:00")
    assert for_site(same, "+08:00", ["x"], [], None) == replace(same, published_at="2022-12-10T13:19:00+08:00",
                                                                details=moved)
