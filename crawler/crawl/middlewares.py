"""Downloader middleware for politeness: retries with backoff, Retry-After honoured."""

from __future__ import annotations

import email.utils
import logging
import time

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.httpobj import urlparse_cached

__all__ = ["PoliteRetryMiddleware", "retry_after_seconds"]

logger = logging.getLogger(__name__)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None:
        return None
    return max(0.0, moment.timestamp() - (now if now is not None else time.time()))


class PoliteRetryMiddleware(RetryMiddleware):
    """RetryMiddleware that slows the whole domain down before a retry: the server's Retry-After
    on 429/503 (up to NEWSBROOM_MAX_RETRY_AFTER, beyond which it gives up), else an exponential
    backoff (NEWSBROOM_RETRY_BACKOFF * 2**n). The wait is applied as the domain slot's delay,
    so every request to that domain waits, not only the retried one."""

    def __init__(self, settings):
        super().__init__(settings)
        self.backoff = settings.getfloat("NEWSBROOM_RETRY_BACKOFF", 1.0)
        self.max_wait = settings.getfloat("NEWSBROOM_MAX_RETRY_AFTER", 120.0)

    def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retries = request.meta.get("retry_times", 0)
        wait = None
        if response.status in (429, 503):
            header = response.headers.get(b"Retry-After")
            wait = retry_after_seconds(header.decode("latin-1") if header else None)
        if wait is None:
            wait = self.backoff * (2 ** retries)
        if wait > self.max_wait:
            logger.warning("giving up on %s: the server asks to wait %.0fs (over %.0fs)", request.url, wait,
                           self.max_wait)
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
