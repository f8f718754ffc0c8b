"""htmldate's whole-page date search with its page scans on RE2 (cleaners/page/htmldates.py): the
same dates as htmldate's own `find_date`, on real pages that get as far as its last resort."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from htmldate import find_date as htmldate_find_date
from htmldate.extractors import regex_parse
from selectolax.lexbor import LexborHTMLParser

from cleaners.page import htmldates
from cleaners.page.published import htmldate_day

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
# Pages whose date (or lack of one) comes from htmldate's scan of the page's HTML (`_search_page`),
# from eleven outlets, with the day it gives.
PAGES = {
    "htmldate/wcxb-0406": "2002-11-30",  # a full date
    "htmldate/wcxb-4244": "2017-07-25",
    "tails/wcxb-4538": "2016-06-02",
    "generic/wcxb-0061": "2023-01-01",  # a copyright year
    "endings/wcxb-0118": "2010-01-01",
    "recall/wcxb-0180": "2000-01-01",
    "recall/wcxb-2157": "2025-01-01",
    "generic/wcxb-4096": "2023-01-01",
    "generic/wcxb-4163": "2026-01-01",
    "generic/wcxb-4185": "2026-01-01",
    "recall/wcxb-4192": "2026-01-01",
    "generic/wcxb-4555": "2026-01-01",
}


def _page(name: str) -> tuple[str, str | None]:
    path = FIXTURES / f"{name}.html.gz"
    url = json.loads(path.with_name(path.name.replace(".html.gz", ".json")).read_text(encoding="utf-8")).get("url")
    return LexborHTMLParser(gzip.decompress(path.read_bytes())).html or "", url


def test_the_installed_htmldate_is_the_one_copied() -> None:
    # Otherwise htmldate's own find_date runs (correct, slower) and the tests below test it alone.
    assert htmldates.same_source()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_same_date_as_htmldate_and_from_the_page_scan(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    html, url = _page(name)
    expected = htmldate_find_date(html, extensive_search=True, original_date=True, url=url)
    scanned: list[str | None] = []
    search_page = htmldates._search_page

    def recorded(htmlstring: str, options: object) -> str | None:
        scanned.append(found := search_page(htmlstring, options))
        return found

    monkeypatch.setattr(htmldates, "_search_page", recorded)
    assert htmldates.find_date(html, url, True) == expected
    assert scanned == [expected]  # the date came from the page scan, the part this module runs on RE2
    assert expected is not None and expected.startswith(PAGES[name][:4])


def test_the_publication_day_reads_it() -> None:
    html, url = _page("htmldate/wcxb-0406")
    assert htmldate_day(LexborHTMLParser(html), url) == "2002-11-30"


def test_the_scans_run_on_re2_with_pythons_meaning_of_a_digit() -> None:
    scans = htmldates._scans()
    assert isinstance(scans["SELECT_YMD_PATTERN"], htmldates._Scan)
    assert not isinstance(scans["SIMPLE_PATTERN"], htmldates._Scan)  # a lookbehind: Python's re runs it
    # A non-ASCII digit is a digit for Python's \D (RE2's own \D would take it as a non-digit):
    # "٣12/05/2019" has no date at its start, "x12/05/2019 " has one.
    text = "a٣12/05/2019 x12/05/2019 ۴03-04-2020۵ b03-04-2020 c"
    scan = scans["SELECT_YMD_PATTERN"]
    assert scan.findall(text) == re.compile(scan.pattern).findall(text) == ["12/05/2019", "03-04-2020"]


def test_a_text_re2_cannot_take_is_scanned_by_python() -> None:
    scan = htmldates._scans()["SELECT_YMD_PATTERN"]
    text = "x12/05/2019 \udc80 y03-04-2020 "  # a lone surrogate (a page decoded with surrogateescape)
    assert scan.findall(text) == ["12/05/2019", "03-04-2020"]


@pytest.mark.parametrize("name", ["htmldate/wcxb-0406", "generic/wcxb-0061", "tails/wcxb-4538"])
def test_without_the_extensive_search_the_same_date_too(name: str) -> None:
    html, url = _page(name)
    assert htmldates.find_date(html, url, False) == htmldate_find_date(
        html, extensive_search=False, original_date=True, url=url)


def test_prepare_loads_the_date_parsers_locales_once_for_the_process() -> None:
    # In a fresh process: before, no locale is loaded; after, all of them, so that no page whose date
    # search reaches the parser pays for loading them (and `newsbroom eval` times pages, not that).
    script = ("from dateparser.languages.loader import default_loader as d\n"
              "before = len(d._loaded_locales)\n"
              "from cleaners.page.published import prepare_date_search\n"
              "prepare_date_search()\n"
              "print(before, len(d._loaded_locales))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[3])
    before, after = map(int, done.stdout.split())
    assert before == 0
    assert after > 100


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_text_date_search_finds_what_htmldates_does_on_real_pages(name: str) -> None:
    html, _url = _page(name)
    assert htmldates._regex_parse(html) == regex_parse(html)


@pytest.mark.parametrize("text", [
    "Posted on March 5th, 2021 by the editor",            # month first
    "le 3 avril 2020 à Paris",                             # day first, another language
    "the 12th of June 2019 was",                           # "of"
    "xxMarch 5 2020",                                      # a month glued to a word: the longest known suffix
    "ÉtéMarch 5 2020 and Mai 4 2021",                      # letters outside ASCII before the month
    "Blah 5 2020, Foo 6 2021, then 7 Juli 2022",          # words that are no month first
    "aa" + "b" * 5000 + " 5 2020 then 9 May 2021",         # a long run of letters refused by the lookbehind
    "30 February 2020 then 1 March 2020",                  # no such day: the search goes on
    "nothing dated here 12345",
])
def test_the_text_date_search_is_htmldates(text: str) -> None:
    assert htmldates._regex_parse(text) == regex_parse(text)
