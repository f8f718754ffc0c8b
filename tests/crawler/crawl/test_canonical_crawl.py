"""What a page's <link rel=canonical> may do in a crawl, and URL variants, end to end over real HTTP on
127.0.0.1: a canonical link on another site is ignored (recorded in `canonical_ignored`), a canonical
link on the site never makes one page overwrite another's record, never stops the fetch of a listed
URL, and merges two fetched pages only when their texts are the same; the tracking-parameter and
fragment variants of one article in a feed are fetched and written once (SQLite and Redis)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from crawler.crawl.passes import run_pass
from crawler.state import SQLiteState
from tests.crawler.conftest import config, needs_redis, records
from tests.server import PAGES_DIR, SiteServer

CANONICAL = re.compile(rb'<link rel="canonical" href="[^"]*"\s*/?>')
# two real pages (fixtures/pages/, provenance in their .json) with different texts
FIRST, SECOND = "id-merdeka-001.html", "id-fimela-001.html"


def _page(name: str, canonical: str) -> bytes:
    """A real page whose <link rel=canonical> names `canonical`."""
    body, found = CANONICAL.subn(f'<link rel="canonical" href="{canonical}">'.encode(), (PAGES_DIR / name).read_bytes())
    assert found == 1
    return body


def _feed(base: str, *paths: str) -> str:
    items = "".join(f"<item><title>{i}</title><link>{base}{path}</link></item>" for i, path in enumerate(paths))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'


def _site(server: SiteServer, *paths: str) -> None:
    """A home page that links its feed, and the feed listing `paths` (the home page changes with them:
    a crawl reads the feeds of a home page that answered 200)."""
    server.put("/", f'<html><head><link rel="alternate" type="application/rss+xml" href="{server.base}/feed.rss">'
                    f"</head><body><p>home of {len(paths)}</p></body></html>", "text/html; charset=utf-8")
    server.put("/feed.rss", _feed(server.base, *paths), "application/rss+xml")


def _id(url: str) -> str:
    """A record's id when its key is `url` (cleaners.model.Article.id)."""
    return hashlib.sha256(("url:" + url).encode()).hexdigest()[:16]


def _crawl(out: Path, *seeds: str, **changes):
    return run_pass(config(out, Path("unused"), profile_files=[], seed_urls=list(seeds), **changes))


def _fetched(server: SiteServer, path: str) -> int:
    return len([r for r in server.requests() if r.path == path])


def test_a_canonical_link_to_another_site_is_ignored_and_its_article_still_crawled(tmp_path):
    out = tmp_path / "out"
    with SiteServer(tmp_path / "a", mounts={}) as evil, SiteServer(tmp_path / "b", mounts={}) as victim:
        target = victim.base + "/news/victim-article.html"
        _site(evil, "/news/poisoning-page.html")
        evil.put("/news/poisoning-page.html", _page(FIRST, target), "text/html; charset=utf-8")
        _site(victim, "/news/victim-article.html")
        victim.put("/news/victim-article.html", _page(SECOND, target), "text/html; charset=utf-8")
        summary = _crawl(out, evil.base + "/", victim.base + "/")
        assert _fetched(victim, "/news/victim-article.html") == 1  # the named article is still crawled
    assert summary.written == 2
    by_url = {r["url"]: r for r in records(out)}
    poisoning = by_url[evil.base + "/news/poisoning-page.html"]
    assert poisoning["canonical_url"] is None and poisoning["canonical_ignored"] == target
    assert poisoning["id"] == _id(poisoning["url"]) != _id(target)  # its own URL's id, not the victim's
    assert poisoning["site"] == "127.0.0.1"
    article = by_url[target]
    assert article["canonical_url"] == target and article["canonical_ignored"] is None
    assert article["id"] == _id(target)
    for record in (poisoning, article):  # each text in its own file
        text = (out / "127.0.0.1" / f"{record['id']}.txt").read_text(encoding="utf-8")
        assert text == "\n".join([record["title"], record["text"]])


def test_a_canonical_link_to_another_article_of_the_site_overwrites_nothing(tmp_path):
    """Both listed in one pass, in whichever order they come (tests/crawler/outputs/
    test_canonical_identity.py takes each order in turn)."""
    out = tmp_path / "out"
    with SiteServer(tmp_path / "a", mounts={}) as site:
        named, poisoning = site.base + "/news/named-article.html", site.base + "/news/poisoning-page.html"
        site.put("/news/named-article.html", _page(FIRST, named), "text/html; charset=utf-8")
        site.put("/news/poisoning-page.html", _page(SECOND, named), "text/html; charset=utf-8")
        _site(site, "/news/poisoning-page.html", "/news/named-article.html")
        summary = _crawl(out, site.base + "/")
        assert _fetched(site, "/news/named-article.html") == 1  # listed: fetched, whatever names it
        assert _fetched(site, "/news/poisoning-page.html") == 1
    assert summary.written == 2 and summary.unchanged == 0
    by_url = {r["url"]: r for r in records(out)}
    assert set(by_url) == {named, poisoning}
    assert by_url[named]["id"] == _id(named) and by_url[named]["canonical_url"] == named
    assert by_url[poisoning]["id"] == _id(poisoning)
    assert by_url[poisoning]["canonical_url"] is None and by_url[poisoning]["canonical_ignored"] == named
    assert by_url[named]["text"] != by_url[poisoning]["text"]
    for record in by_url.values():
        text = (out / "127.0.0.1" / f"{record['id']}.txt").read_text(encoding="utf-8")
        assert text == "\n".join([record["title"], record["text"]])


def test_a_page_naming_a_listed_url_with_the_same_text_is_one_article(tmp_path):
    out = tmp_path / "out"
    with SiteServer(tmp_path / "a", mounts={}) as site:
        article, amp = site.base + "/news/the-article.html", site.base + "/news/the-article-amp.html"
        body = _page(FIRST, article)
        site.put("/news/the-article.html", body, "text/html; charset=utf-8")
        site.put("/news/the-article-amp.html", body, "text/html; charset=utf-8")  # the same page, another URL
        _site(site, "/news/the-article-amp.html", "/news/the-article.html")
        summary = _crawl(out, site.base + "/")
        assert _fetched(site, "/news/the-article.html") == 1  # the canonical never stops a listed URL's fetch
        assert _fetched(site, "/news/the-article-amp.html") == 1
    assert summary.written == 1 and summary.duplicate == 1 and summary.unchanged == 0
    assert len(records(out)) == 1
    state = SQLiteState(out / "crawl.db")
    try:  # both are seen: the next pass fetches neither again
        assert not state.should_fetch(article, None) and not state.should_fetch(amp, None)
    finally:
        state.close()


def _variants_crawl(tmp_path: Path, **changes):
    out = tmp_path / "out"
    with SiteServer(tmp_path / "a", mounts={}) as site:
        site.put("/news/one-article.html", (PAGES_DIR / FIRST).read_bytes(), "text/html; charset=utf-8")
        # a parameter that selects content is kept: two pages
        site.put("/news/story.html?id=5", (PAGES_DIR / FIRST).read_bytes(), "text/html; charset=utf-8")
        site.put("/news/story.html?id=6", (PAGES_DIR / SECOND).read_bytes(), "text/html; charset=utf-8")
        _site(site, "/news/one-article.html?utm_source=rss&amp;utm_medium=feed", "/news/one-article.html#comments",
              "/news/one-article.html?fbclid=IwAR0abc", "/news/story.html?id=5&amp;utm_campaign=x",
              "/news/story.html?id=6")
        summary = _crawl(out, site.base + "/", **changes)
        asked = [r.path for r in site.requests() if r.path.startswith("/news/")]
        base = site.base
    return out, summary, asked, base


def _check_variants(records_, summary, asked, base) -> None:
    assert sorted(asked) == ["/news/one-article.html", "/news/story.html?id=5", "/news/story.html?id=6"]
    urls = sorted(r["url"] for r in records_)
    assert urls == [base + "/news/one-article.html", base + "/news/story.html?id=5", base + "/news/story.html?id=6"]
    assert summary.written == 3 and summary.discovered == 3


def test_the_variants_of_one_article_in_a_feed_are_fetched_and_written_once(tmp_path):
    out, summary, asked, base = _variants_crawl(tmp_path)
    _check_variants(records(out), summary, asked, base)


@needs_redis
def test_the_variants_are_one_article_in_a_shared_crawl(tmp_path, redis_server):
    out, summary, asked, base = _variants_crawl(tmp_path, state=redis_server.url, worker="solo")
    _check_variants(records(out, "articles-solo.jsonl"), summary, asked, base)
