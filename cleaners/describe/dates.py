"""Dates: ISO 8601 strings from machine dates and from printed date text (Indonesian and English
month names, numeric dates, CJK 年月日).

Output is ISO 8601; with an offset when the source gives a zone or a time in a known zone
(WIB +07:00, WITA +08:00, WIT +09:00), or when the caller says which offset a naive time is
in (`assumed_offset`: the one rule for that). A date without a time is given as the date alone
(YYYY-MM-DD): no time is invented.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache

from cleaners.knowledge.bundle import Knowledge

__all__ = ["parse_date", "first_date", "dates_in", "url_day", "in_profile_zone", "days_apart", "assumed_offset",
           "in_offset", "offset_of", "ZONES"]

ZONES = {"wib": "+07:00", "wita": "+08:00", "wit": "+09:00", "utc": "+00:00", "gmt": "+00:00", "z": "+00:00"}


def _months() -> dict[str, int]:
    return Knowledge.default().dates.months


# The patterns start with the digit (or letter) they read first, so that `re` skips to the next
# one without a try at every position: "(\d(?<![\d.]\d)\d{3})" is "(?<![\d.])(\d{4})" (no digit or
# dot before it) and "(\d\d?)" is "(\d{1,2})", the same matches told another way.
_YEAR_RE = re.compile(r"\d\d\d\d")  # the four-digit year every form of dates_in has
_ISO_RE = re.compile(
    r"(\d(?<![\d.]\d)\d{3})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)(?:(?:[T ]|\s+T\s*)(\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
# "2025年1月13日 21時37分", "2024年04月24日23:52", "2025년 6월 4일 02:37" (Chinese, Japanese, Korean)
_CJK_RE = re.compile(
    r"(\d\d\d\d)\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일](?:[^\d]{0,4}?(\d{1,2})\s*[:時시]\s*(\d{2})(?!\d))?"
)
_TEXT_RE = re.compile(
    r"(\d\d?)(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})(?:\s*[,|\-–/]?\s*(?:pukul|jam|at|um)?\s*(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?"
    r"(?:\s*([ap])\.?m\b\.?)?)?(?:\s*(WIB|WITA|WIT|UTC|GMT|Z)\b)?",
    re.IGNORECASE,
)
# The month name starts where no letter of its class stands before it: a match can only start at the
# start of a run of those letters (it takes the whole run, a dot or a space coming next), and no earlier
# match ends inside one. The same matches as without the look-behind, but no try at every letter.
_TEXT_US_RE = re.compile(
    r"(?<![A-Za-z])([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:\s*[,|\-–/]?\s*(?:at)?\s*(\d{1,2})[:.](\d{2})\s*(?:([ap])\.?m\b\.?)?)?"
    r"(?:\s*(UTC|GMT|Z)\b)?",
    re.IGNORECASE,
)
# What every match of _TEXT_US_RE holds (the space before its day, the day, the year): a text without
# it has none, and this test is quicker than the search for a month's name at each word.
_TEXT_US_DAY_RE = re.compile(r"\s\d\d?(?:st|nd|rd|th)?,?\s+\d{4}", re.IGNORECASE)
# "04/07/2025", "4-7-2025", "12.12.2025": day first, unless the second number cannot be a month, or
# the page reads month first (US English) and a slashed date is ambiguous.
_SLASH_RE = re.compile(
    r"(\d(?<![\d.]\d)\d?)([/.-])(\d{1,2})\2(\d{4})(?!\d|[.-]\d)"
    r"(?:\s*[,|-]?\s*(\d{1,2})[:.](\d{2})(?::(\d{2}))?(?![.:]?\d)(?:\s*([ap])\.?m\b\.?)?)?"
    r"(?:\s*(WIB|WITA|WIT)\b)?", re.I
)


def assumed_offset(lang: str | None, host: str | None,
                   profile_timezone: str | None = None) -> str | None:
    """The UTC offset of a time on a page that names no zone: the site profile's own
    (`timezone`) when it declares one, else WIB (+07:00) on an Indonesian page (`lang` "id" or a
    ".id" host), else None (the time stays naive)."""
    if profile_timezone:
        return profile_timezone
    if lang == "id" or (host or "").endswith(".id"):
        return ZONES["wib"]
    return None


@lru_cache(maxsize=64)  # a page names one or two zones, a site one: a table of the few in use
def _offset(text: str) -> timezone:
    if text in ("Z", "z"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


@lru_cache(maxsize=64)
def _suffix(text: str) -> str:
    """What the offset `text` ("Z", "+0700", "+07:00") adds to a time's ISO 8601 form ("+07:00")."""
    return datetime(2000, 1, 1, tzinfo=_offset(text)).isoformat()[19:]


def _emit(y: int, mo: int, d: int, h: int | None, mi: int | None, s: int | None, zone: str | None,
          assume: str | None) -> str | None:
    if not 1990 <= y <= 2100:  # a placeholder (1970-01-01), a year of history or a typo, not a publication
        return None
    offset = zone or assume
    try:
        if h is None:
            return date(y, mo, d).isoformat()
        moment = datetime(y, mo, d, h, mi or 0, s or 0)
        # as moment.replace(tzinfo=_offset(offset)).isoformat(); an offset of a day or more is no zone's
        return moment.isoformat() + _suffix(offset) if offset else moment.isoformat()
    except ValueError:
        return None


# A date as read: year, month, day, hour, minute, second, the zone's offset ("+07:00") if it names one.
_Parts = tuple[int, int, int, int | None, int | None, int | None, str | None]


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def _hour(text: str | None, ampm: str | None) -> int | None:
    """The hour of a printed time on the 24-hour clock: "3" with "pm" is 15, "12" with "am" is 0."""
    hour = _int(text)
    if hour is None or not ampm or not 1 <= hour <= 12:
        return hour
    return hour % 12 + (12 if ampm.lower().startswith("p") else 0)


def _zone(name: str | None) -> str | None:
    return ZONES[name.lower()] if name else None


def _iso_parts(value: str) -> _Parts | None:
    """"2025-07-04T10:15:00+07:00", "2025/06/18 13:22:15"."""
    match = _ISO_RE.search(value)
    return _iso_of(match) if match is not None else None


def _iso_of(match: re.Match[str]) -> _Parts:
    y, _sep, mo, d, h, mi, s, zone = match.groups()
    return int(y), int(mo), int(d), _int(h), _int(mi), _int(s), zone


def _cjk_parts(value: str) -> _Parts | None:
    match = _CJK_RE.search(value)
    return _cjk_of(match) if match is not None else None


def _cjk_of(match: re.Match[str]) -> _Parts:
    y, mo, d, h, mi = match.groups()
    return int(y), int(mo), int(d), _int(h), _int(mi), None, None


def _text_parts(value: str, months: dict[str, int]) -> _Parts | None:
    """"4 Juli 2025 10:15 WIB", day first."""
    return next((parts for match in _TEXT_RE.finditer(value) if (parts := _text_of(match, months))), None)


def _text_of(match: re.Match[str], months: dict[str, int]) -> _Parts | None:
    """A match of _TEXT_RE read, if its word is a month's name."""
    d, name, y, h, mi, s, ampm, zone = match.groups()
    month = months.get(name.lower())
    return (int(y), month, int(d), _hour(h, ampm), _int(mi), _int(s), _zone(zone)) if month else None


def _us_text_parts(value: str, months: dict[str, int]) -> _Parts | None:
    """"May 4, 2024 3:05 pm", month first."""
    return next((parts for match in _TEXT_US_RE.finditer(value) if (parts := _us_text_of(match, months))), None)


def _us_text_of(match: re.Match[str], months: dict[str, int]) -> _Parts | None:
    """A match of _TEXT_US_RE read, if its word is a month's name."""
    name, d, y, h, mi, ampm, zone = match.groups()
    month = months.get(name.lower())
    return (int(y), month, int(d), _hour(h, ampm), _int(mi), None, _zone(zone)) if month else None


def _slash_parts(value: str, month_first: bool = False) -> _Parts | None:
    """"04/07/2025 10:15", "12.12.2025", "02-12-2025": day first; "3/4/2025" month first when
    `month_first` (a US English page), and "8/27/2025" whatever the page, the 27 being no month."""
    match = _SLASH_RE.search(value)
    return _slash_of(match, month_first) if match is not None else None


def _slash_of(match: re.Match[str], month_first: bool) -> _Parts:
    first, sep, second, y, h, mi, sec, ampm, zone = match.groups()
    d, mo = int(first), int(second)
    if mo > 12 or (sep == "/" and month_first and d <= 12):
        d, mo = mo, d
    return int(y), mo, d, _hour(h, ampm), _int(mi), _int(sec), _zone(zone)


_YEAR_FIRST_RE = re.compile(r"((?:19|20)\d\d)\s+([A-Za-z]+)\.?\s+(\d{1,2})\b")  # "2023 Jan 7" (PubMed's citation date)


def _year_first_parts(value: str, months: dict[str, int]) -> _Parts | None:
    match = _YEAR_FIRST_RE.match(value)
    month = months.get(match.group(2).lower()) if match is not None else None
    if match is None or month is None:
        return None
    return int(match.group(1)), month, int(match.group(3)), None, None, None, None


_URL_DAY_RE = re.compile(r"/((?:19|20)\d\d)([/-])(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)")


_URL_NAMED_DAY_RE = re.compile(r"/((?:19|20)\d\d)/([A-Za-z]{3,9})/(0?[1-9]|[12]\d|3[01])(?=[/_.-]|$)")


def url_day(url: str | None) -> str | None:
    """The day a URL's path names ("/2025/09/04/slug", "/2025-09-04-slug", "/2023/october/03/slug"),
    or None."""
    match = _URL_DAY_RE.search(url or "")
    if match is not None:
        y, _sep, mo, d = match.groups()
        return _emit(int(y), int(mo), int(d), None, None, None, None, None)
    named = _URL_NAMED_DAY_RE.search(url or "")
    month = _months().get(named.group(2).lower()) if named is not None else None
    if named is None or month is None:
        return None
    return _emit(int(named.group(1)), month, int(named.group(3)), None, None, None, None, None)


def offset_of(value: str | None) -> str | None:
    """The offset an ISO 8601 time declares ("+07:00"), or None (a naive time, a day alone)."""
    return value[19:] or None if value and len(value) > 19 else None


def in_offset(value: str, offset: str) -> str:
    """The moment `value` (an ISO 8601 time with its offset) told at `offset`."""
    return datetime.fromisoformat(value).astimezone(_offset(offset)).isoformat()


def days_apart(a: str, b: str) -> int:
    """How many calendar days lie between the days of two ISO dates (their own days, as written)."""
    return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)


def in_profile_zone(value: str | None, timezone_: str | None) -> str | None:
    """`value` with the profile's offset where the page declared another non-UTC one (the wall
    clock is the site's local time, the declared offset a CMS mistake: merdeka.com's "-07:00" for
    WIB), and a naive time gets it too. A UTC time is a correct instant and stays; so does a date
    without a time."""
    if not value or not timezone_ or len(value) < 19:
        return value
    if len(value) == 19:  # a naive time: the profile's zone, as for any time the page names none for
        return value + timezone_
    declared = value[19:]
    if declared in ("+00:00", "Z") or declared == timezone_:
        return value
    return value[:19] + timezone_


def dates_in(text: str, assume_offset: str | None = None, month_first: bool = False) -> list[tuple[int, int, str]]:
    """Every date in `text` (any of parse_date's forms) as (start, end, ISO 8601), in the order
    they are written; a date read inside another one's span is not another date. Each form
    has a four-digit year: a text without four digits in a row has no date."""
    if _YEAR_RE.search(text) is None:
        return []
    months = _months()
    forms: list[tuple[re.Pattern[str], Callable[[re.Match[str]], _Parts | None]]] = [
        (_ISO_RE, _iso_of), (_TEXT_RE, lambda match: _text_of(match, months))]
    if _TEXT_US_DAY_RE.search(text) is not None:
        forms.append((_TEXT_US_RE, lambda match: _us_text_of(match, months)))
    forms.append((_SLASH_RE, lambda match: _slash_of(match, month_first)))
    if "年" in text or "년" in text:  # each CJK date has one of them
        forms.append((_CJK_RE, _cjk_of))
    # Each match is read from its own groups, not matched again in the text it spans: that finds
    # the same match because every test a form makes of the text around a match is negative (a
    # look-behind or look-ahead that must not see a digit or a letter, or a \b after a letter),
    # and so passes at the ends of the match's own text too. A form given a positive test of the
    # text around it (such as (?=\s|$)) would need its match read in the whole text again.
    found = [(match.start(), match.end(), parts) for regex, read in forms for match in regex.finditer(text)
             if (parts := read(match)) is not None]
    out: list[tuple[int, int, str]] = []
    end = -1
    for at, stop, parts in sorted(found, key=lambda item: (item[0], -item[1])):
        if at < end:
            continue
        emitted = _emit(*parts, assume_offset)
        if emitted:
            out.append((at, stop, emitted))
            end = stop
    return out


def first_date(text: str, assume_offset: str | None = None, month_first: bool = False) -> str | None:
    """The date that comes first in `text` (any of parse_date's forms), as ISO 8601."""
    found = dates_in(text, assume_offset, month_first)
    return found[0][2] if found else None


def parse_date(value: str | None, assume_offset: str | None = None, month_first: bool = False) -> str | None:
    """The first date in `value` as ISO 8601, or None. `assume_offset` ("+07:00") is the zone
    of a time that names none; `month_first`: an ambiguous "3/4/2025" is March 4 (US English).
    The first form that matches decides (an impossible date gives None)."""
    if not value:
        return None
    value = value.strip()
    parts = _iso_parts(value)
    if parts is None:
        months = _months()
        parts = (_text_parts(value, months) or _us_text_parts(value, months) or _slash_parts(value, month_first)
                 or _year_first_parts(value, months) or _cjk_parts(value))
    return _emit(*parts, assume_offset) if parts is not None else None
