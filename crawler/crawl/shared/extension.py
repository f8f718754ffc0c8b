"""The scrapy side of a crawl shared through Redis: the sink that writes only what this worker holds,
the extension that keeps the worker's lease and decides when a site is done, and the settings that
put a spider on the shared queue."""

from __future__ import annotations

import contextlib
from typing import Any

from scrapy import signals
from scrapy.exceptions import CloseSpider, DontCloseSpider

from crawler.crawl.records import RequestMeta
from crawler.crawl.shared.coordinator import Coordinator
from crawler.outputs.recorder import Sink
from crawler.state.redis import RedisUnavailable

__all__ = ["SharedSink", "SharedCrawlExtension", "shared_settings", "IDLE_CHECK_INTERVAL"]

IDLE_CHECK_INTERVAL = 1.0  # seconds between two looks at the shared queue by an idle worker


class SharedSink(Sink):
    """The Sink of a shared crawl: writes only while this worker holds the URL's claim, and drops the
    claim once the URL is done."""

    def __init__(self, *args: Any, coordinator: Coordinator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.coordinator = coordinator

    def article(self, url, pages, *, site_id=None, lastmod=None) -> str:
        if not self.full and not self.coordinator.owns(url):
            # Our lease ran out and another worker took the URL over: it writes the record.
            self.coordinator.claims.pop(url, None)
            return "taken_over"
        outcome = super().article(url, pages, site_id=site_id, lastmod=lastmod)
        if outcome != "full":
            self.coordinator.ack(url)
        return outcome

    def reject(self, url, reason, message, *, status=None) -> None:
        super().reject(url, reason, message, status=status)
        self.coordinator.ack(url)


class SharedCrawlExtension:
    """Signals of a shared crawl: the site's busy flag and the worker's lease while the spider runs,
    waiting for other workers before closing, giving up on requests whose callback or item failed."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler) -> SharedCrawlExtension:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.item_error, signal=signals.item_error)
        crawler.signals.connect(ext.spider_error, signal=signals.spider_error)
        return ext

    @staticmethod
    def _coordinator(spider) -> Coordinator | None:
        ctx = getattr(spider, "ctx", None)
        return getattr(ctx, "shared", None)

    def spider_opened(self, spider) -> None:
        coordinator = self._coordinator(spider)
        if coordinator is None:
            return
        engine = self.crawler.engine
        if engine is not None and hasattr(engine, "_SLOT_HEARTBEAT_INTERVAL"):
            engine._SLOT_HEARTBEAT_INTERVAL = IDLE_CHECK_INTERVAL  # how soon an idle worker sees new work
        coordinator.start_heartbeat()
        with contextlib.suppress(RedisUnavailable):
            coordinator.site_opened(spider.target.site_id)

    def spider_idle(self, spider) -> None:
        coordinator = self._coordinator(spider)
        if coordinator is None:
            return
        if coordinator.link.lost is not None:
            raise CloseSpider("redis_lost")
        if getattr(spider.ctx.sink, "full", False):
            return
        try:
            decision = coordinator.idle(spider.target.site_id)
        except RedisUnavailable:
            raise CloseSpider("redis_lost") from None
        if decision != "done":
            raise DontCloseSpider

    def spider_closed(self, spider, reason) -> None:
        coordinator = self._coordinator(spider)
        if coordinator is not None:
            coordinator.site_closed(spider.target.site_id, reason)

    def _give_up(self, spider, url: str | None, failure) -> None:
        coordinator = self._coordinator(spider)
        if coordinator is None or not url or failure.check(RedisUnavailable):
            return
        with contextlib.suppress(RedisUnavailable):
            coordinator.ack(url)  # not seen: a later pass tries it again

    def item_error(self, item, response, spider, failure) -> None:
        self._give_up(spider, getattr(item, "url", None), failure)

    def spider_error(self, failure, response, spider) -> None:
        request = getattr(response, "request", None)
        meta = RequestMeta.of(getattr(request, "meta", None) or {})
        if meta is not None and meta.claim is not None:
            self._give_up(spider, meta.url, failure)


def shared_settings(coordinator: Coordinator, site: str, concurrency: int) -> dict:
    """The Scrapy settings of one site's spider in a shared crawl. A worker takes from the shared
    queue only as many requests as it fetches at once (`concurrency`), so it does not hoard claims
    the other workers could be fetching."""
    return {
        "CONCURRENT_REQUESTS": concurrency,
        "SCHEDULER": "crawler.crawl.shared.scheduler.SharedScheduler",
        "SCHEDULER_QUEUE_CLASS": "crawler.crawl.shared.scheduler.ReliableQueue",
        "DUPEFILTER_CLASS": "crawler.crawl.shared.scheduler.ArticleDupeFilter",
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_IDLE_BEFORE_CLOSE": 0,
        "SCHEDULER_QUEUE_KEY": coordinator.key(site, "requests"),
        "SCHEDULER_DUPEFILTER_KEY": coordinator.key(site, "dupefilter"),
        "REDIS_URL": coordinator.state.spec.url,
        "EXTENSIONS": {"crawler.crawl.shared.extension.SharedCrawlExtension": 0},
    }
