"""The one politeness policy of both network paths: retries, backoff, Retry-After and robots.txt.

The crawl (Scrapy: the RETRY_* settings of crawler.crawl.settings, crawler.crawl.middlewares) and
`newsbroom fetch` (httpx: crawler.fetch.client.Fetcher) read the same `Politeness`, so a URL gets the
same answer, and gives the same bytes, whichever path fetched it. A retry or robots.txt change goes
here and nowhere else.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass

__all__ = ["Politeness", "POLITENESS", "retry_after_seconds", "DISALLOW_ALL"]


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


@dataclass(frozen=True)
class Politeness:
    """How newsbroom treats a server.

    - A response with a status in `retry_statuses` (or a connection error) is tried again, up to
      `retries` more times. Before retry n (0, 1, ...) it waits the server's Retry-After on a status in
      `retry_after_statuses`, else `backoff * 2**n` seconds. A wait over `max_retry_after` gives up on the
      URL at once (the response stands).
    - robots.txt as RFC 9309 says: a 200 answer is read up to its first `robots_max_bytes` (a larger
      file is cut there, at a line end, never ignored); a 4xx (or a redirect not followed) means there
      are no rules, everything is allowed; a 5xx, or no answer at all (unreachable, timed out), means
      everything is disallowed for this pass. A Crawl-delay is honoured up to `max_crawl_delay` seconds.
    """

    retry_statuses: tuple[int, ...] = (429, 500, 502, 503, 504, 522, 524, 408)
    retry_after_statuses: tuple[int, ...] = (429, 503)
    retries: int = 2
    backoff: float = 1.0
    max_retry_after: float = 120.0
    robots_max_bytes: int = 512 * 1024
    max_crawl_delay: float = 60.0

    def retries_status(self, status: int) -> bool:
        return status in self.retry_statuses

    def backoff_seconds(self, retries_done: int) -> float:
        """The wait before retry number `retries_done` when the server names none."""
        return self.backoff * (2 ** retries_done)

    def wait_seconds(self, status: int, retry_after: str | None, retries_done: int) -> float:
        """The wait before retrying a response of `status` with this Retry-After header value."""
        wait = retry_after_seconds(retry_after) if status in self.retry_after_statuses else None
        return self.backoff_seconds(retries_done) if wait is None else wait

    def gives_up(self, wait: float) -> bool:
        """Whether a wait is too long to honour: the URL is given up (a later pass tries again)."""
        return wait > self.max_retry_after

    def robots_text(self, status: int | None, body: bytes) -> str:
        """What a robots.txt answer says (`status` None: no answer); "" allows everything,
        DISALLOW_ALL nothing."""
        if status is None or status >= 500:
            return DISALLOW_ALL
        if status != 200:
            return ""
        if len(body) > self.robots_max_bytes:
            body = body[:self.robots_max_bytes]
            body = body[:body.rfind(b"\n") + 1] or body
        return body.decode("utf-8", "replace")

    def robots_unreadable(self, status: int | None) -> bool:
        """Whether a robots.txt answer shuts the site for this pass (5xx, or no answer)."""
        return status is None or status >= 500


DISALLOW_ALL = "User-agent: *\nDisallow: /\n"


POLITENESS = Politeness()
