"""The crawl spider: discovers article URLs and fetches articles. It does not clean.

Per target (a site profile or a seed URL): robots.txt first (its Crawl-delay, and for a seed
URL its sitemaps), then feeds, sitemaps (indexes, gzipped, Google News) and index pages with
conditional GETs, then the articles that are new or whose lastmod moved, with their other
pages per the profile's pagination rule. Items go to crawler.crawl.pipeline (cleaning, writing).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.httpobj import urlparse_cached

from crawler.crawl.middlewares import OFFSITE_REDIRECT, ROBOTS_UNREADABLE
from crawler.crawl.records import ArticleItem, RejectItem, RequestKind, RequestMeta
from crawler.discover import BadDocument, Entry, parse_html, parse_robots, parse_xml
from crawler.fetch.pagination import first_url, follow_page
from crawler.fetch.policy import POLITENESS
from crawler.inputs.http import page_from_http
from crawler.targets import Target

__all__ = ["NewsSpider"]

MAX_SITEMAP_DEPTH = 4


def _headers(response: scrapy.http.Response) -> list[tuple[str, str]]:
    out = []
    for name, values in response.headers.items():
        for value in values:
            out.append((name.decode("latin-1"), value.decode("latin-1")))
    return out


def _failure_reason(failure) -> tuple[str, str]:
    """The rejection reason and message of a failed request: each IgnoreRequest by its cause."""
    text = failure.getErrorMessage() or ""
    lower = text.lower()
    if failure.check(IgnoreRequest):
        if text.startswith(ROBOTS_UNREADABLE):  # not a Disallow: asked again next pass
            return "fetch_failed", f"not fetched: the site's {ROBOTS_UNREADABLE} (asked again next pass)"
        if "robots" in lower:
            return "robots", "robots.txt disallows this URL"
        if lower.startswith(OFFSITE_REDIRECT) or "offsite" in lower:
            return "offsite", f"not followed: {text}"
        if "redirection" in lower or "redirect" in lower:
            return "fetch_failed", f"too many redirects (a redirect loop?): {text}"
        return "fetch_failed", f"not fetched: {text}"
    if "max size" in lower or "maxsize" in lower:
        return "too_large", f"the response is over the size limit (raise it with --max-bytes): {text}"
    if "timeout" in lower or "took longer than" in lower:
        return "fetch_failed", f"the response took too long: {text}"
    return "fetch_failed", f"the URL could not be fetched: {text}"


class NewsSpider(scrapy.Spider):
    name = "newsbroom"

    def __init__(self, target: Target, ctx: Any, **kwargs: Any) -> None:
        super().__init__(name=f"newsbroom-{target.site_id}", **kwargs)
        self.target = target
        self.ctx = ctx
        self.allowed_domains = list(target.domains)
        self._discovery_seen: set[str] = set()
        self._queued: set[str] = set()
        self._validators: dict[str, tuple[str | None, str | None, list[str]]] = {}
        self._started_discovery = False

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        return spider

    @property
    def summary(self):
        return self.ctx.sink.summary

    # -- robots.txt ------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        yield scrapy.Request(self.target.base + "/robots.txt", callback=self.parse_robots,
                             errback=self.robots_failed, dont_filter=True, priority=100,
                             meta={"handle_httpstatus_all": True, **RequestMeta("robots").to_meta()})

    def parse_robots(self, response: scrapy.http.Response) -> Iterator[Any]:
        sitemaps: list[str] = []
        text = POLITENESS.robots_text(response.status, response.body)
        if text:
            sitemaps, delay = parse_robots(text, self.ctx.user_agent)
            if delay is not None and delay > self.target.delay and response.request is not None:
                self._apply_delay(response.request, delay)
        yield from self._start_discovery(sitemaps if self.target.seed_url else [])

    def robots_failed(self, failure) -> Iterator[Any]:
        yield from self._start_discovery([])

    def _apply_delay(self, request: scrapy.Request, delay: float) -> None:
        delay = min(delay, POLITENESS.max_crawl_delay)
        engine = self.crawler.engine
        key = request.meta.get("download_slot") or urlparse_cached(request).hostname or ""
        slot = engine.downloader.slots.get(key)
        if slot is not None:
            slot.delay = max(slot.delay, delay)
        for ext in getattr(self.crawler.extensions, "middlewares", ()):
            if hasattr(ext, "mindelay"):
                ext.mindelay = max(ext.mindelay, delay)
        self.logger.info("robots.txt asks for a Crawl-delay of %.1fs", delay)

    # -- discovery -------------------------------------------------------------------------------
    def _start_discovery(self, robots_sitemaps: list[str]) -> Iterator[scrapy.Request]:
        if self._started_discovery:
            return
        self._started_discovery = True
        t = self.target
        for url in robots_sitemaps:
            yield from self._discover(url, "sitemap")
        for url in t.news_sitemaps:
            yield from self._discover(url, "sitemap")
        for url in t.sitemaps:
            yield from self._discover(url, "sitemap")
        for url in t.feeds:
            yield from self._discover(url, "feed")
        for url in t.index_pages:
            yield from self._discover(url, "index")

    def _discover(self, url: str, kind: RequestKind, depth: int = 0) -> Iterator[scrapy.Request]:
        if url in self._discovery_seen or depth > MAX_SITEMAP_DEPTH or not self.target.in_domain(url):
            return
        self._discovery_seen.add(url)
        etag, last_modified, _ = self.ctx.state.validators(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        yield scrapy.Request(url, callback=self.parse_discovery, errback=self.discovery_failed, headers=headers,
                             dont_filter=True, priority=10,
                             meta={"handle_httpstatus_list": [304], **RequestMeta(kind, depth).to_meta()})

    def parse_discovery(self, response: scrapy.http.Response) -> Iterator[Any]:
        meta = RequestMeta.of(response.meta)
        assert meta is not None and response.request is not None
        url = response.request.url
        kind, depth = meta.kind, meta.depth
        if response.status == 304:
            # unchanged: re-read what it led to (a sitemap index's sitemaps, the feeds a home or
            # index page links to), each with its own conditional request
            self.summary.not_modified += 1
            child_kind: RequestKind = "feed" if kind == "index" else "sitemap"
            for child in self.ctx.state.validators(url)[2]:
                yield from self._discover(child, child_kind, depth + 1)
            return
        ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        body = response.body
        is_html = "html" in ctype or (kind == "index" and "xml" not in ctype)
        children: list[str] = []
        if not is_html:
            try:
                found = parse_xml(body, response.url)
            except BadDocument as exc:  # too large, or corrupt gzip
                self.logger.warning("skipping %s: %s", url, exc)
                self.summary.discovery_failed += 1
                return
            if found.problem is not None:
                self.logger.warning("reading %s: %s", url, found.problem)
                self.summary.discovery_failed += 1
            if found.kind == "unknown" and kind == "index":
                is_html = True
            else:
                children = found.sitemaps
                for child in children:
                    yield from self._discover(child, "sitemap", depth + 1)
                for entry in found.entries:
                    yield from self._article(entry, from_links=False)
        if is_html:
            found = parse_html(body, response.url, ctype)
            children = found.feeds
            for feed in found.feeds:
                yield from self._discover(feed, "feed", depth + 1)
            for entry in found.entries:
                yield from self._article(entry, from_links=True)
        self._keep_validators(url, response, children)

    def _keep_validators(self, url: str, response: scrapy.http.Response, children: list[str]) -> None:
        """Note a feed's or sitemap's ETag and Last-Modified (stored at the end of a complete pass)."""
        etag = response.headers.get(b"ETag")
        last_modified = response.headers.get(b"Last-Modified")
        if etag or last_modified:
            self._validators[url] = (etag.decode("latin-1") if etag else None,
                                     last_modified.decode("latin-1") if last_modified else None, children)

    def discovery_failed(self, failure) -> None:
        self.summary.discovery_failed += 1
        self.logger.warning("could not read %s: %s", failure.request.url, failure.getErrorMessage())

    # -- articles --------------------------------------------------------------------------------
    def _article(self, entry: Entry, *, from_links: bool) -> Iterator[scrapy.Request]:
        url = entry.url
        if url in self._queued or not self.target.in_domain(url):
            return
        if not self.target.is_article(url, from_links=from_links):
            return
        self._queued.add(url)
        self.summary.discovered += 1
        since = self.ctx.since
        if since is not None and entry.date is not None and entry.date < since:
            self.summary.skipped_old += 1
            return
        if not self.ctx.state.should_fetch(url, entry.lastmod):
            self.summary.skipped_seen += 1
            return
        if self.ctx.sink.full:
            return
        if self.ctx.cleaning is not None:  # the first article to fetch starts the cleaning workers
            self.ctx.cleaning.begin()
        yield scrapy.Request(first_url(url, self.target.pagination), callback=self.parse_article,
                             errback=self.article_failed,
                             meta=RequestMeta("article", url=url, lastmod=entry.lastmod).to_meta())

    def parse_article(self, response: scrapy.http.Response) -> Iterator[Any]:
        meta = RequestMeta.of(response.meta)
        assert meta is not None and meta.url is not None and response.request is not None
        # the first page is known by the article's URL, not by its one-page form
        page = page_from_http(response.request.url if meta.pages else meta.url, response.url,
                              response.status, _headers(response), response.body)
        pages = (*meta.pages, page)
        nxt = follow_page(pages, self.target.pagination, self.target.in_domain)
        if nxt:
            yield response.follow(nxt, callback=self.parse_article, errback=self.page_failed,
                                  meta=meta.evolve(pages=pages).to_meta())
            return
        yield self._item(meta, pages)

    def _item(self, meta: RequestMeta, pages: tuple) -> ArticleItem:
        assert meta.url is not None
        return ArticleItem(url=meta.url, pages=pages, site=self.target.site_id, lastmod=meta.lastmod)

    def page_failed(self, failure) -> Iterator[Any]:
        """A later page of a paginated article failed: keep the pages we have."""
        meta = RequestMeta.of(failure.request.meta)
        if meta is not None and meta.pages:
            yield self._item(meta, meta.pages)

    def article_failed(self, failure) -> Iterator[Any]:
        request = failure.request
        meta = RequestMeta.of(request.meta)
        url = meta.url if meta is not None and meta.url else request.url
        status = None
        if failure.check(HttpError):
            status = failure.value.response.status
            reason, message = "http_error", f"the server answered {status}"
        else:
            reason, message = _failure_reason(failure)
        yield RejectItem(url=url, reason=reason, message=message, status=status)

    # -- end of the pass -------------------------------------------------------------------------
    def _closed(self, spider, reason: str) -> None:
        """Validators are kept only after a complete pass: an interrupted pass must not make the
        next one skip a feed whose articles it never fetched."""
        if spider is not self or reason != "finished" or self.ctx.sink.full:
            return
        for url, (etag, last_modified, children) in self._validators.items():
            self.ctx.state.set_validators(url, etag, last_modified, children)
