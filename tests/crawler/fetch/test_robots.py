"""robots.txt as RFC 9309 says, in the crawl and in `fetch`: a robots.txt over the response limit is read
(its first 512 KiB), never ignored; a 5xx or unreachable robots.txt disallows everything for the pass."""

from __future__ import annotations

from dataclasses import replace

from cleaners.knowledge.sites import registry_with
from crawler.fetch.client import Fetcher
from crawler.fetch.policy import DISALLOW_ALL, POLITENESS
from tests.crawler.conftest import article_paths, crawl, fetch_refusal, records

ARTICLE = "/news/id-merdeka-001.html"
FAST = replace(POLITENESS, backoff=0.01)


def _big_robots() -> bytes:
    """1 MB: the rule on its first lines, then comments (a padded or generated robots.txt)."""
    head = b"User-agent: *\nDisallow: /news/\nDisallow: /private/\n"
    return head + b"# " + b"x" * 98 + b"\n" * 1 + (b"# " + b"x" * 97 + b"\n") * 10_500


def _fetcher(profile, max_bytes: int = 100_000) -> Fetcher:
    return Fetcher(user_agent="newsbroom-test", registry=registry_with([str(profile)]), policy=FAST,
                   max_bytes=max_bytes)


def test_policy_reads_the_head_of_a_large_robots_txt_and_fails_closed():
    body = _big_robots()
    assert len(body) > 1_000_000
    text = POLITENESS.robots_text(200, body)
    assert text.startswith("User-agent: *\nDisallow: /news/") and len(text) <= POLITENESS.robots_max_bytes
    assert text.endswith("\n")
    assert POLITENESS.robots_text(503, b"") == DISALLOW_ALL
    assert POLITENESS.robots_text(None, b"") == DISALLOW_ALL
    assert POLITENESS.robots_text(404, b"Disallow: /") == ""


def test_crawl_obeys_a_1mb_robots_txt(site, profile, tmp_path):
    site.put("/robots.txt", _big_robots(), "text/plain")
    out = tmp_path / "out"
    crawl(out, profile, max_bytes=100_000)  # the robots.txt is ten times the response limit
    fetched = article_paths(site)
    assert fetched and not [p for p in fetched if p.startswith(("/news/", "/private/"))], fetched
    assert all(not r["url"].startswith(site.base + "/news/") for r in records(out))


def test_fetch_obeys_a_1mb_robots_txt(site, profile):
    site.put("/robots.txt", _big_robots(), "text/plain")
    info = fetch_refusal(_fetcher(profile), site.base + ARTICLE)
    assert info.value.reason == "robots"
    assert not site.requests(ARTICLE)


def test_a_5xx_robots_txt_disallows_everything_for_the_pass(site, profile, tmp_path):
    site.script("/robots.txt", *[(503, {})] * 30)
    out = tmp_path / "out"
    summary = crawl(out, profile)
    assert summary.written == 0
    assert {r.path for r in site.requests()} == {"/robots.txt"}
    info = fetch_refusal(_fetcher(profile), site.base + ARTICLE)
    assert info.value.reason == "robots"
    assert not site.requests(ARTICLE)


def test_an_unreachable_robots_txt_disallows_everything(profile):
    fetcher = _fetcher(profile)
    try:
        assert not fetcher.allowed("http://127.0.0.1:9/news/x.html")  # nothing listens on the discard port
    finally:
        fetcher.close()
