"""A seed URL's feed is re-read every pass, even when the home page that links to it answers 304."""

from __future__ import annotations

from pathlib import Path

from crawler.crawl.passes import run_pass
from tests.crawler.conftest import config, records
from tests.server import SITE_DIR

NEW = "/news/id-fimela-002.html"  # a real page listed nowhere on the site until the feed names it


def seed_pass(site, out: Path, **changes):
    return run_pass(config(out, Path("unused"), profile_files=[], seed_urls=[site.base + "/"], **changes))


def test_feed_found_on_home_page_is_read_again_when_home_page_is_unchanged(site, tmp_path):
    out = tmp_path / "out"
    seed_pass(site, out)
    first = {r["url"] for r in records(out)}
    assert site.base + NEW not in first
    assert site.requests("/feed.rss")

    feed = (SITE_DIR / "feed.rss").read_text(encoding="utf-8").replace("{{BASE}}", site.base)
    item = (f"<item><title>Baru</title><link>{site.base}{NEW}</link>"
            "<pubDate>Sat, 05 Jul 2025 09:00:00 +0700</pubDate></item>")
    site.put("/feed.rss", feed.replace("<item>", item + "<item>", 1), "application/rss+xml")
    before = len(site.log)
    summary = seed_pass(site, out)

    second = site.log[before:]
    assert [r.status for r in second if r.path == "/"] == [304]  # the home page did not change
    feed_requests = [r for r in second if r.path == "/feed.rss"]
    assert [r.status for r in feed_requests] == [200]
    assert feed_requests[0].headers.get("If-None-Match")  # asked with its own validators
    assert [r["url"] for r in records(out)].count(site.base + NEW) == 1
    assert summary.written == 1

