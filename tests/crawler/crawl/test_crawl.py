"""End to end over real HTTP on 127.0.0.1: discovery, robots, incremental passes, politeness."""

from __future__ import annotations

import time
from datetime import UTC

from tests.crawler.conftest import article_paths, crawl, records


def test_each_discovery_kind_and_robots(site, profile, tmp_path):
    out = tmp_path / "out"
    summary = crawl(out, profile)
    urls = {r["url"].replace(site.base, "") for r in records(out)}
    assert "/news/id-merdeka-001.html" in urls  # RSS feed (and index page)
    assert "/news/id-fimela-001.html" in urls  # RSS feed
    assert "/news/id-merdeka-002.html" in urls  # gzipped sitemap behind the sitemap index
    assert "/news/id-liputan6-001.html" in urls  # Google News sitemap
    assert "/news/fundus-uk-BBC-2026-04-25.html" in urls  # index page only
    assert "/multi/banjir-rob-pesisir-utara.html" in urls  # multi-page article
    # robots.txt Disallow: never requested, counted as a rejection
    assert not site.requests("/private/draft-rencana-redaksi.html")
    rejects = {r["source"].replace(site.base, ""): r["reason"] for r in records(out, "rejects.jsonl")}
    assert rejects["/private/draft-rencana-redaksi.html"] == "robots"
    # the captcha page is a rejection, not an article
    assert rejects["/extra/laporan-khusus-anggaran-daerah.html"] == "blocked"
    assert "/extra/laporan-khusus-anggaran-daerah.html" not in urls
    # the sitemap index lists itself: read once
    assert len(site.requests("/sitemap_index.xml")) == 1
    # the multi-page article holds both pages' text, once
    multi = next(r for r in records(out) if "banjir" in r["url"])
    assert "Warga berharap pemerintah" in multi["text"]
    assert multi["text"].count("Banjir rob kembali merendam") == 1
    # the --profile file cleans what it crawls; a copy of another publisher's page keeps its
    # publisher's profile (canonical URL first)
    assert multi["extractor"] == "site:contoh/v1"
    merdeka = next(r for r in records(out) if r["url"].endswith("/news/id-merdeka-001.html"))
    assert merdeka["extractor"] == "site:merdeka/v1"
    # files: DIR/<site>/<id>.txt, one per record
    for record in records(out):
        text = (out / "contoh" / f"{record['id']}.txt").read_text(encoding="utf-8")
        assert text.splitlines()[0] == record["title"]
    assert summary.written == len(records(out)) == 8
    assert summary.rejected["robots"] == 1 and summary.rejected["blocked"] == 1
    # User-Agent
    assert all(r.headers.get("User-Agent", "").startswith("newsbroom/") for r in site.requests())


def test_second_pass_is_conditional_and_fetches_nothing_again(site, profile, tmp_path):
    out = tmp_path / "out"
    crawl(out, profile)
    before = len(site.requests())
    first_articles = len(article_paths(site))
    second = crawl(out, profile)
    later = site.requests()[before:]
    discovery = [r for r in later if r.path.endswith((".xml", ".gz", ".rss", "index.html"))]
    assert discovery and all(r.status == 304 for r in discovery)
    assert len(article_paths(site)) == first_articles  # feeds and sitemaps unchanged: no article asked for
    assert second.written == 0 and second.not_modified == len(discovery)
    assert len(records(out)) == 8


def test_feeds_changed_but_articles_seen_are_skipped(site, profile, tmp_path):
    out = tmp_path / "out"
    crawl(out, profile)
    feed = (site.content("/feed.rss")[0]).replace(b"</channel>", b"<!-- touched --></channel>")
    site.put("/feed.rss", feed, "application/rss+xml")
    before = len(article_paths(site))
    second = crawl(out, profile)
    again = article_paths(site)[before:]
    # only the blocked page (a rejection that may clear up) is asked for again
    assert set(again) <= {"/extra/laporan-khusus-anggaran-daerah.html"}
    assert second.skipped_seen >= 3 and second.written == 0


def test_updated_article_is_fetched_again_as_a_new_version(site, profile, tmp_path):
    out = tmp_path / "out"
    crawl(out, profile)
    sitemap = site.content("/sitemap-articles.xml")[0].replace(
        b"<lastmod>2025-07-03T08:00:00+07:00</lastmod></url>\n  <url><loc>" + site.base.encode() + b"/news/fundus",
        b"<lastmod>2025-07-05T08:00:00+07:00</lastmod></url>\n  <url><loc>" + site.base.encode() + b"/news/fundus")
    assert b"2025-07-05" in sitemap
    site.put("/sitemap-articles.xml", sitemap, "application/xml")
    page = site.content("/news/id-merdeka-002.html")[0]
    assert b"Hedy Lamarr" in page
    site.put("/news/id-merdeka-002.html", page.replace(b"Hedy Lamarr", b"Hedy Lamarr (1914-2000)"),
             "text/html; charset=utf-8")
    time.sleep(1.1)  # a later fetched_at
    second = crawl(out, profile)
    assert second.written == 1 and second.updated == 1
    versions = [r for r in records(out) if r["url"].endswith("/news/id-merdeka-002.html")]
    assert len(versions) == 2 and versions[0]["id"] == versions[1]["id"]
    assert versions[1]["fetched_at"] > versions[0]["fetched_at"]
    assert "(1914-2000)" in (out / "contoh" / f"{versions[0]['id']}.txt").read_text(encoding="utf-8")


def test_retry_after_slows_the_crawl(site, profile, tmp_path):
    out = tmp_path / "out"
    path = "/news/id-merdeka-001.html"
    site.script(path, (429, {"Retry-After": "2"}))
    crawl(out, profile)
    hits = site.requests(path)
    assert [h.status for h in hits] == [429, 200]
    assert hits[1].time - hits[0].time >= 1.9
    assert any(r["url"].endswith(path) for r in records(out))


def test_server_errors_are_retried_then_given_up(site, profile, tmp_path):
    out = tmp_path / "out"
    path = "/news/id-fimela-001.html"
    site.script(path, *[(500, {})] * 5)
    summary = crawl(out, profile)
    assert [h.status for h in site.requests(path)] == [500, 500, 500]  # one try and two retries
    rejects = [r for r in records(out, "rejects.jsonl") if r["source"].endswith(path)]
    assert rejects and rejects[0]["reason"] == "http_error" and rejects[0]["status"] == 500
    assert summary.rejected["http_error"] == 1
    # not marked seen: the next pass asks again
    site.scripts.pop(path, None)
    site.put("/feed.rss", site.content("/feed.rss")[0] + b" ", "application/rss+xml")
    crawl(out, profile)
    assert any(r["url"].endswith(path) for r in records(out))


def test_redirect_to_another_domain_is_not_followed(site, profile, tmp_path):
    out = tmp_path / "out"
    path = "/news/id-fimela-001.html"
    site.script(path, (302, {"Location": f"http://localhost:{site.port}{path}"}))
    crawl(out, profile)
    assert not [r for r in site.requests() if r.host.startswith("localhost")]
    assert not any(r["url"].endswith(path) for r in records(out))


def test_since_skips_old_entries(site, profile, tmp_path):
    from datetime import datetime

    out = tmp_path / "out"
    summary = crawl(out, profile, since=datetime(2026, 1, 1, tzinfo=UTC))
    urls = {r["url"].replace(site.base, "") for r in records(out)}
    assert "/news/fundus-id-MediaIndonesia-2026-01-20.html" in urls
    assert "/news/id-liputan6-001.html" not in urls  # 2025 in the news sitemap
    assert summary.skipped_old >= 3


def test_seed_url_without_profile(site, tmp_path):
    from crawler.crawl.config import CrawlConfig
    from crawler.crawl.passes import run_pass

    out = tmp_path / "out"
    summary = run_pass(CrawlConfig(out_dir=str(out), seed_urls=[site.base + "/"], autothrottle=False, delay=0.0))
    urls = {r["url"].replace(site.base, "") for r in records(out)}
    assert "/news/id-merdeka-002.html" in urls  # sitemaps named in robots.txt
    assert "/news/id-fimela-001.html" in urls  # the feed linked from the home page
    assert "/news/fundus-uk-BBC-2026-04-25.html" in urls  # links that look like articles
    assert not site.requests("/private/draft-rencana-redaksi.html")
    assert not site.requests("/about") and not site.requests("/topik/politik")
    assert summary.written >= 6
    assert (out / "127.0.0.1").is_dir()
