"""Dates: ISO 8601 strings from machine dates and from Indonesian/English date text.

Output is ISO 8601; with an offset when the source gives a zone or a time in a known zone
(WIB +07:00, WITA +08:00, WIT +09:00), or when the caller says which offset a naive time is
in. A date without a time is given as the date alone (YYYY-MM-DD): no time is invented.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache

from cleaners.errors import ConfigError, read_toml
from cleaners.knowledge import DATA_DIR

__all__ = ["parse_date", "ZONES"]

ZONES = {"wib": "+07:00", "wita": "+08:00", "wit": "+09:00", "utc": "+00:00", "gmt": "+00:00", "z": "+00:00"}
_DATA = DATA_DIR / "vocab" / "dates.toml"


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    data = read_toml(_DATA, ConfigError)
    months: dict[str, int] = {}
    for number, names in enumerate(data["months"], start=1):
        for name in names:
            months[name.lower()] = number
    return months


_ISO_RE = re.compile(
    r"(\d{4})([-/])(\d{2})\2(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
_TEXT_RE = re.compile(
    r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})(?:\s*[,|\-–/]?\s*(?:pukul|jam|at|um)?\s*(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?"
    r"(?:\s*(WIB|WITA|WIT|UTC|GMT|Z)\b)?",
    re.IGNORECASE,
)
_TEXT_US_RE = re.compile(
    r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?:\s*[,|\-–/]?\s*(?:at)?\s*(\d{1,2})[:.](\d{2})\s*([ap]\.?m\.?)?)?"
    r"(?:\s*(UTC|GMT|Z)\b)?",
    re.IGNORECASE,
)
_SLASH_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s*[,|-]?\s*(\d{1,2})[:.](\d{2}))?(?:\s*(WIB|WITA|WIT)\b)?", re.I)


def _offset(text: str) -> timezone:
    if text in ("Z", "z"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def _emit(y: int, mo: int, d: int, h: int | None, mi: int | None, s: int | None, zone: str | None,
          assume: str | None) -> str | None:
    try:
        if h is None:
            return date(y, mo, d).isoformat()
        moment = datetime(y, mo, d, h, mi or 0, s or 0)
    except ValueError:
        return None
    if not 1990 <= y <= 2100:
        return None
    offset = zone or assume
    if offset:
        return moment.replace(tzinfo=_offset(offset)).isoformat()
    return moment.isoformat()


def parse_date(value: str | None, assume_offset: str | None = None) -> str | None:
    """The first date in `value` as ISO 8601, or None. `assume_offset` ("+07:00") is the zone
    of a time that names none."""
    if not value:
        return None
    value = value.strip()
    match = _ISO_RE.search(value)
    if match:
        y, _sep, mo, d, h, mi, s, zone = match.groups()
        return _emit(int(y), int(mo), int(d), int(h) if h else None, int(mi) if mi else None,
                     int(s) if s else None, zone, assume_offset)
    months = _months()
    for match in _TEXT_RE.finditer(value):
        d, name, y, h, mi, s, zone = match.groups()
        month = months.get(name.lower())
        if month:
            return _emit(int(y), month, int(d), int(h) if h else None, int(mi) if mi else None,
                         int(s) if s else None, ZONES[zone.lower()] if zone else None, assume_offset)
    for match in _TEXT_US_RE.finditer(value):
        name, d, y, h, mi, ampm, zone = match.groups()
        month = months.get(name.lower())
        if month:
            hour = int(h) if h else None
            if hour is not None and ampm:
                hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
            return _emit(int(y), month, int(d), hour, int(mi) if mi else None, None,
                         ZONES[zone.lower()] if zone else None, assume_offset)
    match = _SLASH_RE.search(value)
    if match:
        d, mo, y, h, mi, zone = match.groups()
        return _emit(int(y), int(mo), int(d), int(h) if h else None, int(mi) if mi else None, None,
                     ZONES[zone.lower()] if zone else None, assume_offset)
    return None
