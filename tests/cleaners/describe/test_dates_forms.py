"""dates_in searches a text for a form of date only where a run of digits stands as that form's year
would: a form left out has no match in the text."""

from __future__ import annotations

import random

import pytest

from cleaners.describe import dates
from cleaners.describe.dates import dates_in

_EVERY_FORM = (dates._ISO_RE, dates._TEXT_RE, dates._TEXT_US_RE, dates._SLASH_RE, dates._CJK_RE)
_PIECES = ("2024", "1999", "12024", "20245", "202", "٢٠٢٤", "4", "04", "12", "١٢", "123", "-", "/", ".", ",", " ",
           "  ", "\t", "\n", "\xa0", "\u3000", "May", "MAY", "Juni", "Dec.", "st", "TH", "ſ", "T", "10:15", ":30",
           "Z", "+07:00", "WIB", " pm", "年", "月", "日", "년", "월", "일", "x", "at ", "pukul ")
_DATES = ("{y}{s}{d}{s}{d}", "{d}{s}{d}{s}{y}", "{d}{x}{w}{m}{p}{w}{y}", "{m}{p}{w}{d}{x}{c}{w}{y}", "{y}年{d}月{d}日")


def _date_like(rnd: random.Random) -> str:
    """A text of pieces of dates, most in the order a form reads them (some of them awry)."""
    parts = []
    for _ in range(rnd.randint(1, 4)):
        if rnd.random() < 0.3:
            parts.append("".join(rnd.choice(_PIECES) for _ in range(rnd.randint(1, 6))))
            continue
        date = rnd.choice(_DATES).format(
            y=rnd.choice(("2024", "1999", "12024", "20245", "٢٠٢٤", "202")),
            d=rnd.choice(("4", "04", "31", "١٢", "123")), s=rnd.choice(("-", "/", ".", " ", "")),
            m=rnd.choice(("May", "MAY", "Juni", "Foo", "ſep", "Dec")),
            w=rnd.choice((" ", "  ", "\t", "\xa0", "\u3000", "", ",")),
            x=rnd.choice(("", "st", "TH")), p=rnd.choice(("", ".", ",")), c=rnd.choice(("", ",")))
        parts.append(date + rnd.choice(("", " 10:15", "T10:15:00Z", " 3:05 pm")))
    return rnd.choice(("", "Updated ", "v", ".", "1", "x ")).join(parts)


def test_a_form_left_out_has_no_match_in_the_text():
    rnd = random.Random(15)
    for _ in range(20_000):
        text = _date_like(rnd)
        searched = {regex for regex, _read in dates._forms(text, False)}
        for regex in _EVERY_FORM:
            assert regex in searched or regex.search(text) is None, (regex.pattern, text)


@pytest.mark.parametrize(("text", "month_first", "wanted"), [
    ("12 Agustus\u30002024", False, [(0, 15, "2024-08-12")]),  # white space other than ASCII before the year
    ("May 4,\xa0\u3000\n2024", True, [(0, 13, "2024-05-04")]),  # a run of such spaces between the day and the year
    ("May 4TH,\t2024 x", True, [(0, 13, "2024-05-04")]),
    ("May 4 2024", True, [(0, 10, "2024-05-04")]),  # no comma
    ("May 123, 2024", True, []),  # a day of three digits: no month-first date (nor any other)
    ("May4, 2024", True, []),  # no space before the day
    ("2024-08-12", False, [(0, 10, "2024-08-12")]),  # the year at the start of the text
    ("x 2024", False, []),  # a year at its end: no separator after it
    ("08-12-2024", False, [(0, 10, "2024-12-08")]),
    ("08-12-20245", False, []),  # five digits after the separator: no year of a slashed date
    ("08/12/٢٠٢٤", False, [(0, 10, "2024-12-08")]),  # a year in Arabic-Indic digits after its separator
])
def test_the_run_before_or_after_which_a_form_is_searched(text, month_first, wanted):
    assert dates_in(text, None, month_first) == wanted
