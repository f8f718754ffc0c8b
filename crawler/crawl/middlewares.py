"""Downloader middlewares for politeness: retries with backoff, Retry-After honoured, robots.txt read
as crawler.fetch.policy says (the same policy `newsbroom fetch` follows)."""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.httpobj import urlparse_cached

from crawler.crawl.settings import politeness_from_settings

__all__ = ["PoliteRetryMiddleware", "PoliteRobotsTxtMiddleware"]

logger = logging.getLogger(__name__)


class PoliteRetryMiddleware(RetryMiddleware):
    """RetryMiddleware that slows the whole domain down before a retry: the server's Retry-After
    on 429/503 (up to NEWSBROOM_MAX_RETRY_AFTER, beyond which it gives up), else an exponential
    backoff (NEWSBROOM_RETRY_BACKOFF * 2**n). The wait is applied as the domain slot's delay,
    so every request to that domain waits, not only the retried one."""

    def __init__(self, settings):
        super().__init__(settings)
        self.policy = politeness_from_settings(settings)

    def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        header = response.headers.get(b"Retry-After")
        wait = self.policy.wait_seconds(response.status, header.decode("latin-1") if header else None,
                                        request.meta.get("retry_times", 0))
        if self.policy.gives_up(wait):
            logger.warning("giving up on %s: the server asks to wait %.0fs (over %.0fs)", request.url, wait,
                           self.policy.max_retry_after)
            return response
        retry = self._retry(request, f"{response.status}")
        if retry is None:
            return response
        self._slow_down(request, wait)
        return retry

    def _slow_down(self, request, wait: float) -> None:
        downloader = self.crawler.engine.downloader
        key = request.meta.get("download_slot") or urlparse_cached(request).hostname or ""
        slot = downloader.slots.get(key)
        if slot is not None and wait > slot.delay:
            logger.info("slowing down %s: waiting %.1fs between requests", key, wait)
            slot.delay = wait
            # RANDOMIZE_DOWNLOAD_DELAY would wait 0.5x-1.5x of it: Retry-After is a minimum.
            slot.randomize_delay = False


class PoliteRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware reading robots.txt as the policy says: a 200 answer's first
    bytes; any other answer allows everything."""

    async def _parse_robots(self, response, netloc, request) -> None:
        text = politeness_from_settings(self.crawler.settings).robots_text(response.status, response.body)
        await super()._parse_robots(response.replace(body=text.encode("utf-8")), netloc, request)
