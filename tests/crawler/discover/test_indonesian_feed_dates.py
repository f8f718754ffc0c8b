"""Feed and sitemap dates written the Indonesian way reach discovery as the right UTC instant: RSS
pubDates with Indonesian day and month names and a WIB, WITA or WIT zone, and sitemap `<lastmod>` and
`news:publication_date` with a named zone after a numeric date, read by the cleaning core's date parser
(crawler.discover.dates), directly and end to end through `newsbroom discover` over real HTTP on
127.0.0.1.

The feed and the sitemap are constructed cases, not copies: no real Indonesian feed or sitemap is among
the fixtures. They follow the shape of an RSS 2.0 channel and of a Google News sitemap; the date forms
are those of the issue this pins ("13 Oct 2020 14:01:06 WIB", "Sel, 13 Okt 2020 ... +0700") and their
neighbours: full and short day names, Indonesian month names (Agu, Des, Mei, Nopember), the three
zones, and a time that moves the UTC date back a day."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from crawler.cli import main
from crawler.discover import parse_date, parse_xml
from tests.server import SiteServer

# (pubDate as written, the instant it names)
FEED_DATES = [
    ("Senin, 30 Nov 2026 10:15:00 WIB", datetime(2026, 11, 30, 3, 15, tzinfo=UTC)),
    ("Sel, 01 Des 2026 00:30:00 WIB", datetime(2026, 11, 30, 17, 30, tzinfo=UTC)),  # the day before in UTC
    ("Rabu, 02 Desember 2026 08:00:00 WITA", datetime(2026, 12, 2, 0, 0, tzinfo=UTC)),
    ("Jum, 04 Des 2026 21:30:00 WIT", datetime(2026, 12, 4, 12, 30, tzinfo=UTC)),
    ("Min, 06 Des 2026 07:05:00 +0700", datetime(2026, 12, 6, 0, 5, tzinfo=UTC)),
    ("Kamis, 13 Agu 2026 14:01:06 WIB", datetime(2026, 8, 13, 7, 1, 6, tzinfo=UTC)),
    ("Sabtu, 30 Mei 2026 | 09:30 WIB", datetime(2026, 5, 30, 2, 30, tzinfo=UTC)),
    ("30 Nopember 2026 10:15 WIB", datetime(2026, 11, 30, 3, 15, tzinfo=UTC)),
]
# (lastmod, news:publication_date as written, the instants they name)
SITEMAP_DATES = [
    ("2026-11-30 10:15:00 WIB", "Senin, 30 November 2026 10:00 WIB",
     datetime(2026, 11, 30, 3, 15, tzinfo=UTC), datetime(2026, 11, 30, 3, 0, tzinfo=UTC)),
    ("2026-11-30T10:15:00 WITA", "2026-11-30 09:00 WITA",
     datetime(2026, 11, 30, 2, 15, tzinfo=UTC), datetime(2026, 11, 30, 1, 0, tzinfo=UTC)),
    ("2026/12/01 06:45 WIT", "Selasa, 1 Des 2026 06:40 WIT",
     datetime(2026, 11, 30, 21, 45, tzinfo=UTC), datetime(2026, 11, 30, 21, 40, tzinfo=UTC)),
]


def _feed(base: str) -> bytes:
    items = "".join(
        f"<item><title>Berita {i}</title><link>{base}/berita/{i}/judul-berita-{i}</link>"
        f"<guid isPermaLink=\"false\">berita-{i}</guid><description>Ringkasan berita {i}.</description>"
        f"<pubDate>{raw}</pubDate></item>" for i, (raw, _) in enumerate(FEED_DATES))
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Contoh Berita</title>'
            f"<link>{base}/</link><description>Berita terkini</description><language>id</language>"
            f"{items}</channel></rss>").encode()


def _sitemap(base: str) -> bytes:
    urls = "".join(
        f"<url><loc>{base}/read/{i}/judul-artikel-{i}</loc><lastmod>{lastmod}</lastmod><news:news>"
        f"<news:publication><news:name>Contoh</news:name><news:language>id</news:language></news:publication>"
        f"<news:publication_date>{published}</news:publication_date><news:title>Artikel {i}</news:title>"
        f"</news:news></url>" for i, (lastmod, published, _, _) in enumerate(SITEMAP_DATES))
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + urls + "</urlset>").encode()


@pytest.mark.parametrize("raw, expected", FEED_DATES + [(lm, want) for lm, _, want, _ in SITEMAP_DATES]
                         + [(pub, want) for _, pub, _, want in SITEMAP_DATES])
def test_the_date_parser_reads_the_indonesian_forms(raw, expected):
    assert parse_date(raw) == expected


def test_feed_and_sitemap_entries_carry_the_utc_instant():
    feed = parse_xml(_feed("https://contoh.example"), "https://contoh.example/rss")
    assert feed.kind == "rss"
    assert [e.published for e in feed.entries] == [want for _, want in FEED_DATES]
    sitemap = parse_xml(_sitemap("https://contoh.example"), "https://contoh.example/sitemap-news.xml")
    assert sitemap.kind == "urlset"
    assert [(e.lastmod, e.published) for e in sitemap.entries] == [(lm, pub) for _, _, lm, pub in SITEMAP_DATES]


def test_discover_lists_the_indonesian_dates_in_utc(tmp_path, capsys):
    with SiteServer(tmp_path / "site", mounts={}) as site:
        site.put("/robots.txt", f"User-agent: *\nAllow: /\nSitemap: {site.base}/sitemap-news.xml\n", "text/plain")
        site.put("/", f'<html><head><link rel="alternate" type="application/rss+xml" href="{site.base}/rss">'
                      "</head><body><p>beranda</p></body></html>", "text/html; charset=utf-8")
        site.put("/rss", _feed(site.base), "application/rss+xml")
        site.put("/sitemap-news.xml", _sitemap(site.base), "application/xml")
        assert main(["discover", "--seed-url", site.base + "/", "--delay", "0"]) == 0
        base = site.base
    listed = {e["url"].replace(base, ""): e for e in map(json.loads, capsys.readouterr().out.splitlines())}
    for i, (_, want) in enumerate(FEED_DATES):
        entry = listed[f"/berita/{i}/judul-berita-{i}"]
        assert (entry["source_kind"], entry["published"]) == ("feed", want.isoformat())
    for i, (_, _, lastmod, published) in enumerate(SITEMAP_DATES):
        entry = listed[f"/read/{i}/judul-artikel-{i}"]
        assert (entry["source_kind"], entry["lastmod"], entry["published"]) == \
            ("sitemap", lastmod.isoformat(), published.isoformat())
