"""Dates of feed items and sitemap URLs: read by the cleaning core's rules, RFC 822 zones kept."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.discover import parse_date, parse_xml


@pytest.mark.parametrize("raw, expected", [
    # a time in a named Indonesian zone is that zone's, not UTC
    ("13 Oct 2020 14:01:06 WIB", datetime(2020, 10, 13, 7, 1, 6, tzinfo=UTC)),
    ("Tue, 13 Oct 2020 14:01:06 WITA", datetime(2020, 10, 13, 6, 1, 6, tzinfo=UTC)),
    # Indonesian day and month names with an RFC 822 numeric zone
    ("Sel, 13 Okt 2020 14:01:06 +0700", datetime(2020, 10, 13, 7, 1, 6, tzinfo=UTC)),
    ("Selasa, 13 Oktober 2020 14:01 WIB", datetime(2020, 10, 13, 7, 1, tzinfo=UTC)),
])
def test_indonesian_feed_dates(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("Fri, 04 Jul 2025 10:00:00 +0700", datetime(2025, 7, 4, 3, 0, tzinfo=UTC)),
    ("Fri, 04 Jul 2025 10:00:00 GMT", datetime(2025, 7, 4, 10, 0, tzinfo=UTC)),
    ("Fri, 04 Jul 2025 10:00 -0000", datetime(2025, 7, 4, 10, 0, tzinfo=UTC)),
    ("Fri, 04 Jul 2025 10:00:00 EST", datetime(2025, 7, 4, 15, 0, tzinfo=UTC)),
    ("Fri, 04 Jul 2025 10:00:00", datetime(2025, 7, 4, 10, 0, tzinfo=UTC)),
    ("2025-07-03T08:00:00+07:00", datetime(2025, 7, 3, 1, 0, tzinfo=UTC)),
    ("2025-07-03T08:00:00Z", datetime(2025, 7, 3, 8, 0, tzinfo=UTC)),
    ("2025-07-03T08:00", datetime(2025, 7, 3, 8, 0, tzinfo=UTC)),
    ("2025-07-03", datetime(2025, 7, 3, tzinfo=UTC)),
    ("20250703T080000+0100", datetime(2025, 7, 3, 7, 0, tzinfo=UTC)),
])
def test_rfc_822_and_w3c_dates(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "   ", "yesterday", "99 Foo 2020"])
def test_unreadable_dates(raw):
    assert parse_date(raw) is None


def test_a_wib_feed_date_reaches_the_entry():
    feed = (b'<?xml version="1.0"?><rss version="2.0"><channel><item><link>http://a.example/berita/satu-dua-tiga</link>'
            b"<pubDate>Sel, 13 Okt 2020 14:01:06 +0700</pubDate></item><item><link>http://a.example/b/empat-lima-enam"
            b"</link><pubDate>13 Oct 2020 14:01:06 WIB</pubDate></item></channel></rss>")
    found = parse_xml(feed, "http://a.example/feed")
    assert [e.published for e in found.entries] == [datetime(2020, 10, 13, 7, 1, 6, tzinfo=UTC)] * 2
