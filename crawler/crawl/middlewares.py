"""Downloader middlewares for politeness: retries with backoff, Retry-After honoured, robots.txt read
as crawler.fetch.policy says (the same policy `newsbroom fetch` follows); and the raw capture of
article responses (`--warc`, crawler.outputs.capture)."""

from __future__ import annotations

import logging
from urllib.parse import urljoin

from scrapy import signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from crawler.crawl.records import RequestMeta
from crawler.crawl.settings import politeness_from_settings
from crawler.fetch.policy import DISALLOW_ALL
from crawler.outputs.capture import WarcCapture
from crawler.outputs.writer import OutputFailed

__all__ = ["PoliteRetryMiddleware", "PoliteRobotsTxtMiddleware", "OffsiteRedirectMiddleware", "OFFSITE_REDIRECT",
           "WarcCaptureMiddleware"]

logger = logging.getLogger(__name__)

_ROBOTS_READ = "newsbroom_robots_read"  # bytes of a robots.txt received so far


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


ROBOTS_UNREADABLE = "robots.txt could not be read in this pass"


class PoliteRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware reading robots.txt as the policy says (RFC 9309): a 200 answer's
    first bytes (the download of any robots.txt stops there, whatever DOWNLOAD_MAXSIZE says); a 4xx
    allows everything; a 5xx or no answer disallows everything for the pass."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.policy = politeness_from_settings(crawler.settings)
        # hosts whose robots.txt could not be read this pass: their URLs are refused for THIS pass
        # only, with a reason that is retried (not the permanent `robots` of a real Disallow)
        self.unreadable: set[str] = set()
        crawler.signals.connect(self._bytes_received, signal=signals.bytes_received)

    async def process_request(self, request, spider=None) -> None:
        if urlparse_cached(request).path == "/robots.txt":
            request.meta["download_maxsize"] = 0  # read its head, however large it is (_bytes_received)
            request.meta[_ROBOTS_READ] = 0
        try:
            await super().process_request(request)
        except IgnoreRequest:
            if urlparse_cached(request).netloc in self.unreadable:
                raise IgnoreRequest(ROBOTS_UNREADABLE) from None
            raise

    async def robot_parser(self, request):
        """scrapy's, but every request that arrives while its site's robots.txt is on its way gets the
        parser once it is read. scrapy's own awaits the pending Deferred in a way that takes its result
        for itself (an asyncio future made from it, or the inlineCallbacks callback of the other
        reactors): the requests waiting after the first got None, which scrapy reads as "allow
        everything" (a shared crawl's worker, taking queued articles while it reads robots.txt, fetched
        disallowed pages). Here each waiter has a Deferred of its own, fired with the outcome by a
        callback that passes it on to the next."""
        netloc = urlparse_cached(request).netloc
        pending = self._parsers.get(netloc)
        if not isinstance(pending, Deferred):
            return await super().robot_parser(request)
        mine: Deferred = Deferred()

        def pass_on(outcome):
            if isinstance(outcome, Failure):
                mine.errback(outcome)
            else:
                mine.callback(outcome)
            return outcome

        pending.addBoth(pass_on)
        return await maybe_deferred_to_future(mine)

    def process_request_2(self, rp, request) -> None:
        """No parser is never "allow everything" here: the policy's answer to a robots.txt that could
        not be read is to fetch nothing from the site in this pass (each failure sets a parser that
        disallows everything, so this only guards against a request reaching it without one)."""
        if rp is None:
            logger.error("no robots.txt parser for %s: not fetched", request.url)
            raise IgnoreRequest(ROBOTS_UNREADABLE)
        super().process_request_2(rp, request)

    def _bytes_received(self, data: bytes, request, spider=None) -> None:
        got = request.meta.get(_ROBOTS_READ)
        if got is None:
            return
        request.meta[_ROBOTS_READ] = got + len(data)
        if got + len(data) >= self.policy.robots_max_bytes:
            raise StopDownload(fail=False)

    async def _parse_robots(self, response, netloc, request) -> None:
        if self.policy.robots_unreadable(response.status):
            self.unreadable.add(netloc)
            logger.warning("robots.txt of %s answered %s: nothing is fetched from it in this pass", netloc,
                           response.status)
        text = self.policy.robots_text(response.status, response.body)
        await super()._parse_robots(response.replace(body=text.encode("utf-8")), netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        """No answer: disallow everything for the pass (RFC 9309), instead of scrapy's allow-all."""
        logger.warning("robots.txt of %s could not be read (%s): nothing is fetched from it in this pass", netloc,
                       exc)
        self.unreadable.add(netloc)
        rp_dfd = self._parsers[netloc]
        assert isinstance(rp_dfd, Deferred)
        rp = self._parserimpl.from_crawler(self.crawler, DISALLOW_ALL.encode("ascii"))
        self._parsers[netloc] = rp
        rp_dfd.callback(rp)


OFFSITE_REDIRECT = "offsite redirect"


class OffsiteRedirectMiddleware:
    """A redirect off the site (another host, or another port or scheme of its host: crawler.fetch.scope)
    is not followed and fails the request with IgnoreRequest("offsite redirect ..."), so the spider
    counts it (an `offsite` rejection for an article, a discovery failure for a feed), instead of
    the request vanishing. Runs before RedirectMiddleware sees the response."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler) -> OffsiteRedirectMiddleware:
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        if response.status not in (301, 302, 303, 307, 308) or request.meta.get("dont_obey_robotstxt"):
            return response
        location = response.headers.get(b"Location")
        target = getattr(spider or self.crawler.spider, "target", None)
        if not location or target is None:
            return response
        url = urljoin(request.url, location.decode("latin-1"))
        if target.in_domain(url):
            return response
        raise IgnoreRequest(f"{OFFSITE_REDIRECT} to {url}, outside {target.base} ({', '.join(target.domains)})")


def _header_items(headers) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, values in headers.items() for value in values]


class WarcCaptureMiddleware:
    """`--warc`: every response to an article request (its later pages included) as a WARC request and
    response record, as the spider receives it: after redirects (the final URL), retries and the
    decoding of its Content-Encoding. Setting NEWSBROOM_WARC: {"dir", "name", "fsync"}, or None (off).
    The spiders of one pass share one capture, closed when the last of them closes."""

    _open: dict[tuple[str, str], list] = {}  # (dir, name) -> [WarcCapture, spiders using it]

    def __init__(self, crawler, options: dict) -> None:
        self.crawler = crawler
        self.key = (str(options["dir"]), str(options["name"]))
        entry = self._open.get(self.key)
        if entry is None:
            entry = self._open[self.key] = [WarcCapture(options["dir"], options["name"],
                                                        fsync=bool(options.get("fsync"))), 0]
        entry[1] += 1
        self.capture: WarcCapture = entry[0]
        crawler.signals.connect(self._closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler) -> WarcCaptureMiddleware:
        from scrapy.exceptions import NotConfigured

        options = crawler.settings.get("NEWSBROOM_WARC")
        if not options:
            raise NotConfigured("no --warc")
        return cls(crawler, options)

    def process_response(self, request, response, spider=None):
        meta = RequestMeta.of(request.meta)
        if meta is None or meta.kind != "article":
            return response
        try:
            self.capture.response(response.url, response.status, _header_items(response.headers), response.body,
                                  protocol=response.protocol, method=request.method,
                                  request_headers=_header_items(request.headers))
        except OutputFailed as exc:
            ctx = getattr(spider or self.crawler.spider, "ctx", None)
            if ctx is None:
                raise
            ctx.fail(str(exc))
        return response

    def _closed(self, spider=None, reason: str | None = None) -> None:
        entry = self._open.get(self.key)
        if entry is None or entry[0] is not self.capture:
            return
        entry[1] -= 1
        if entry[1] <= 0:
            self.capture.close()
            del self._open[self.key]
