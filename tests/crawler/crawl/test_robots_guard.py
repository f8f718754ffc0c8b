"""The crawl's robots.txt middleware never reads "no parser" as "allow everything" (RFC 9309: a
robots.txt that could not be read disallows everything for the pass)."""

from __future__ import annotations

import pytest
import scrapy
from scrapy.exceptions import IgnoreRequest

from crawler.crawl.middlewares import ROBOTS_UNREADABLE, PoliteRobotsTxtMiddleware
from crawler.fetch.policy import DISALLOW_ALL


def _bare() -> PoliteRobotsTxtMiddleware:
    """The middleware's checks alone (no crawler: process_request_2 reads none of its state for these)."""
    middleware = object.__new__(PoliteRobotsTxtMiddleware)
    middleware._robotstxt_useragent = "newsbroom-test"
    middleware._default_useragent = "newsbroom-test"
    return middleware


def test_a_request_without_a_parser_is_refused_as_unreadable():
    with pytest.raises(IgnoreRequest, match=ROBOTS_UNREADABLE):
        _bare().process_request_2(None, scrapy.Request("http://127.0.0.1:1/berita/1"))


def test_a_parser_still_decides():
    from scrapy.robotstxt import ProtegoRobotParser

    class Crawler:  # what ProtegoRobotParser reads of its crawler: nothing here
        spider = None

    middleware = _bare()
    middleware._stats = type("Stats", (), {"inc_value": staticmethod(lambda *a, **k: None)})()
    middleware.crawler = Crawler()
    allowing = ProtegoRobotParser(b"User-agent: *\nDisallow: /private/\n", None)
    middleware.process_request_2(allowing, scrapy.Request("http://127.0.0.1:1/berita/1"))  # allowed: no raise
    with pytest.raises(IgnoreRequest):
        middleware.process_request_2(allowing, scrapy.Request("http://127.0.0.1:1/private/x"))
    with pytest.raises(IgnoreRequest):
        middleware.process_request_2(ProtegoRobotParser(DISALLOW_ALL.encode(), None),
                                     scrapy.Request("http://127.0.0.1:1/berita/1"))
