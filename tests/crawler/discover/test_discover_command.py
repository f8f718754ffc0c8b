"""`newsbroom discover`: the article URLs of a site's feeds, sitemaps and index pages, as JSON lines,
with no article fetched, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import json

from crawler.cli import main
from tests.crawler.conftest import article_paths


def _listed(capsys) -> tuple[dict[str, dict], str]:
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    by_url = {entry["url"]: entry for entry in lines}
    assert len(by_url) == len(lines)  # each URL once
    return by_url, captured.err


def test_discover_lists_a_profiles_entries_without_fetching_articles(site, profile, capsys):
    assert main(["discover", "--profile", str(profile)]) == 0
    listed, err = _listed(capsys)
    b = site.base
    assert set(listed) == {b + p for p in (
        "/news/id-liputan6-001.html", "/news/fundus-id-MediaIndonesia-2026-01-20.html",  # the news sitemap
        "/news/id-merdeka-001.html", "/news/id-fimela-001.html", "/multi/banjir-rob-pesisir-utara.html",
        "/extra/laporan-khusus-anggaran-daerah.html",  # the feed
        "/news/fundus-uk-BBC-2026-04-25.html",  # the index page
        "/news/id-merdeka-002.html", "/news/fundus-tr-AnadoluAjansi-2026-04-20.html")}  # the gzipped sitemap
    assert not any("/private/" in url for url in listed)  # robots.txt disallows it
    assert "1 disallowed by robots.txt" in err
    entry = listed[b + "/news/id-merdeka-002.html"]
    assert entry == {"url": b + "/news/id-merdeka-002.html", "site": "contoh", "lastmod": "2025-07-03T01:00:00+00:00",
                     "published": None, "source": b + "/sitemap-articles.xml.gz", "source_kind": "sitemap"}
    feed_entry = listed[b + "/news/id-merdeka-001.html"]
    assert (feed_entry["source"], feed_entry["published"]) == (b + "/feed.rss", "2025-07-04T03:00:00+00:00")
    assert article_paths(site) == []  # nothing but robots.txt, feeds, sitemaps and index pages
    assert site.requests()[0].path == "/robots.txt"


def test_discover_a_seed_url_reads_robots_sitemaps_and_the_home_pages_feed(site, capsys):
    assert main(["discover", "--seed-url", site.base + "/", "--delay", "0"]) == 0
    listed, _ = _listed(capsys)
    sources = {url.replace(site.base, ""): e["source"].replace(site.base, "") for url, e in listed.items()}
    assert sources["/news/id-merdeka-002.html"] == "/sitemap-articles.xml.gz"  # named in robots.txt
    assert sources["/news/id-fimela-001.html"] == "/feed.rss"  # linked from the home page
    assert sources["/news/fundus-uk-BBC-2026-04-25.html"] == "/"  # a link that looks like an article
    assert not any(path.startswith(("/about", "/topik", "/private")) for path in sources)
    assert article_paths(site) == []


def test_discover_since_and_unreadable_documents(site, profile, capsys):
    site.script("/feed.rss", (404, {}))
    assert main(["discover", "--profile", str(profile), "--since", "3650d"]) == 1
    listed, err = _listed(capsys)
    assert listed and not any(e["source"].endswith("/feed.rss") for e in listed.values())
    assert f"could not read {site.base}/feed.rss: the server answered 404" in err
    assert main(["discover", "--profile", str(profile), "--since", "1d"]) == 0
    listed, err = _listed(capsys)
    assert "/news/id-liputan6-001.html" not in {u.replace(site.base, "") for u in listed}  # dated 2025
    assert "older than --since" in err


def test_discover_when_robots_txt_fails_reads_nothing(site, profile, capsys):
    site.script("/robots.txt", *[(503, {"Retry-After": "0"})] * 3)
    assert main(["discover", "--profile", str(profile)]) == 1
    listed, err = _listed(capsys)
    assert listed == {}
    assert "robots.txt disallows" in err
    assert [r.path for r in site.requests()] == ["/robots.txt"] * 3


def test_discover_usage_errors(capsys):
    assert main(["discover", "no-such-site"]) == 2
    assert "no site profile named 'no-such-site'" in capsys.readouterr().err
    assert main(["discover", "--seed-url", "ftp://example.org/"]) == 2
    assert "is not an http(s) URL" in capsys.readouterr().err
