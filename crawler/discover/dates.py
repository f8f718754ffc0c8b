"""Dates of feed items and sitemap URLs -> aware UTC datetimes.

The cleaning core's date reader (cleaners.describe.dates) is asked first, so a feed date is read
by the same rules as an article's (WIB/WITA/WIT, Indonesian month and day names). What it does
not read itself is added here: the numeric zone of an RFC 822 date ("+0700") is handed to it as
the offset of the time, and so is an Indonesian zone named after a numeric date ("2026-11-30
10:15:00 WIB", which sitemaps write and the core reads as a naive ISO time); the named zones of
RFC 822 ("EST", "PDT") come from `email.utils`, and compact ISO 8601 forms from
`datetime.fromisoformat`. A time that names no zone is taken as UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from cleaners.describe.dates import ZONES
from cleaners.describe.dates import parse_date as parse_iso_date

__all__ = ["parse_date"]

# The numeric zone right after a time: "14:01:06 +0700", "14:01+07:00".
_NUMERIC_ZONE_RE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?\s*([+-])(\d{2}):?(\d{2})\b")
# An Indonesian zone named right after a time: "10:15:00 WIB", "10.15 WITA".
_NAMED_ZONE_RE = re.compile(r"\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?\s*(WIB|WITA|WIT)\b", re.IGNORECASE)


def parse_date(raw: str | None) -> datetime | None:
    """W3C datetime (sitemaps, Atom), RFC 822 (RSS) or a dated text in English or Indonesian, as an
    aware UTC datetime; None if unreadable. A date without a time is midnight UTC."""
    text = (raw or "").strip()
    if not text:
        return None
    moment = _core(text)
    if moment is None or moment.tzinfo is None:
        moment = _email_date(text, moment) or moment or _compact_iso(text)
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _core(text: str) -> datetime | None:
    zone = _NUMERIC_ZONE_RE.search(text)
    named = _NAMED_ZONE_RE.search(text)
    offset = f"{zone[1]}{zone[2]}:{zone[3]}" if zone else ZONES[named[1].lower()] if named else None
    iso = parse_iso_date(text, assume_offset=offset)
    return datetime.fromisoformat(iso) if iso else None


def _email_date(text: str, naive: datetime | None) -> datetime | None:
    """An RFC 822 date, when the core read none, or read it without the zone this one names."""
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if naive is not None and moment.tzinfo is None:
        return None
    return moment


def _compact_iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
