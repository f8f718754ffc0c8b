"""One politeness policy for both network paths: `fetch` (httpx) answers a server as the crawl (Scrapy) does."""

from __future__ import annotations

import time

from cleaners.knowledge.sites import registry_with
from crawler.crawl.config import CrawlConfig, build_targets
from crawler.crawl.settings import pass_settings, politeness_from_settings
from crawler.fetch.client import Fetcher
from crawler.fetch.policy import POLITENESS, retry_after_seconds
from tests.crawler.conftest import fetch_refusal

ARTICLE = "/news/id-merdeka-001.html"


def _fetcher(profile) -> Fetcher:
    return Fetcher(user_agent="newsbroom-test", registry=registry_with([str(profile)]))


def test_fetch_retries_the_statuses_the_crawl_retries(site, profile):
    site.script(ARTICLE, (408, {}))  # the crawl retries a 408 (and 522, 524): fetch used to give up on it
    fetcher = _fetcher(profile)
    try:
        pages = fetcher.pages(site.base + ARTICLE)
    finally:
        fetcher.close()
    assert len(pages) == 1 and pages[0].status == 200
    # the server logs a request once its answer is sent: give it a moment to log the last one
    deadline = time.monotonic() + 5
    while len(site.requests(ARTICLE)) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [h.status for h in site.requests(ARTICLE)] == [408, 200]


def test_fetch_reads_an_unavailable_robots_txt_as_the_crawl_does(site, profile):
    site.script("/robots.txt", (403, {}))  # robots.txt unavailable: everything is allowed, as in the crawl
    fetcher = _fetcher(profile)
    try:
        pages = fetcher.pages(site.base + ARTICLE)
    finally:
        fetcher.close()
    assert len(pages) == 1 and pages[0].status == 200


def test_fetch_gives_up_on_a_long_retry_after_at_once(site, profile):
    site.script(ARTICLE, (429, {"Retry-After": str(int(POLITENESS.max_retry_after) + 1)}))
    caught = fetch_refusal(_fetcher(profile), site.base + ARTICLE)
    assert caught.value.reason == "http_error"
    assert [h.status for h in site.requests(ARTICLE)] == [429]


def test_crawl_settings_carry_the_one_policy(profile, tmp_path):
    from scrapy.settings import Settings

    config = CrawlConfig(out_dir=str(tmp_path), profile_files=[str(profile)])
    settings = Settings(pass_settings(config, build_targets(config)[0]))
    assert politeness_from_settings(settings) == POLITENESS == Fetcher(user_agent="x").policy
    assert sorted(settings.getlist("RETRY_HTTP_CODES")) == sorted(POLITENESS.retry_statuses)
    assert settings.getint("RETRY_TIMES") == POLITENESS.retries


def test_retry_after_seconds_reads_seconds_and_http_dates():
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None
    assert POLITENESS.wait_seconds(503, "3", 0) == 3.0 and POLITENESS.wait_seconds(500, "3", 1) == 2.0


def test_crawl_and_fetch_read_a_robots_txt_that_answers_404_alike(site, profile, tmp_path):
    """A robots.txt answering 404 allows everything, whatever its body says: Scrapy used to parse the
    body of any answer as robots.txt, while fetch read only a 200."""
    handler = site.httpd.RequestHandlerClass

    class Robots404(handler):  # type: ignore[misc, valid-type]
        def do_GET(self) -> None:
            if self.path == "/robots.txt":
                self._send(404, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /\n")
                return
            super().do_GET()

    site.httpd.RequestHandlerClass = Robots404
    from tests.crawler.conftest import crawl, records

    out = tmp_path / "out"
    crawl(out, profile)
    assert any(r["url"] == site.base + ARTICLE for r in records(out))
    fetcher = _fetcher(profile)
    try:
        assert len(fetcher.pages(site.base + ARTICLE)) == 1
    finally:
        fetcher.close()
