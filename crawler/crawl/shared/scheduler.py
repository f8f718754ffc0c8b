"""The shared queue of a crawl through Redis: scrapy-redis's scheduler, queue and dupefilter, extended
so that a pop claims the article's URL for this worker (see coordinator.py for the whole protocol)."""

from __future__ import annotations

import hashlib
import heapq
import itertools
import logging

from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import Base as RedisQueueBase
from scrapy_redis.scheduler import Scheduler as RedisScheduler
from w3lib.url import canonicalize_url

from crawler.crawl.records import RequestMeta
from crawler.crawl.shared.codec import Refused, decode_request, encode_request
from crawler.crawl.shared.coordinator import Coordinator, url_hash
from crawler.discover.urls import normalize_url
from crawler.state.redis import RedisUnavailable

__all__ = ["SharedScheduler", "ArticleDupeFilter", "ReliableQueue", "load_queue"]

logger = logging.getLogger(__name__)


class ArticleDupeFilter(RFPDupeFilter):
    """scrapy-redis's dupefilter keyed by what makes an article fetch new: its URL in normal form
    (no fragment, no tracking parameters; discover/urls.py), canonicalized, and the lastmod its feed
    or sitemap gave (a moved lastmod is a new fetch). 40-hex sha1 fingerprints."""

    def request_fingerprint(self, request) -> str:
        meta = RequestMeta.of(request.meta)
        url = canonicalize_url(normalize_url(_article_url(request)))
        lastmod = meta.lastmod if meta is not None else None
        data = url + "\n" + (lastmod.isoformat() if lastmod is not None else "")
        return hashlib.sha1(data.encode("utf-8", "surrogatepass")).hexdigest()


class ReliableQueue(RedisQueueBase):
    """scrapy-redis's priority queue (a sorted set, score -priority) whose members start with the
    sha1 of the article URL, so the pop script can claim the URL. Pops go through the Coordinator
    (into the worker's in-flight hash), never straight out of the set."""

    def encode(self, request) -> bytes:
        return url_hash(_article_url(request)).encode("ascii") + encode_request(request)

    def decode(self, member: bytes):
        """The request of a member, or raises Refused: plain data checked field by field (codec.py)."""
        return decode_request(member, self.spider, url_hash)

    def pop(self, timeout: int = 0):
        raise NotImplementedError("pop through the Coordinator, which claims the URL")


def _article_url(request) -> str:
    """The URL a request is known by in the shared queue: its article's, else its own."""
    meta = RequestMeta.of(request.meta)
    return (meta.url if meta is not None else None) or request.url


def _local(request) -> bool:
    """Requests that stay in this worker: robots.txt, discovery, and what continues a claimed article."""
    meta = RequestMeta.of(request.meta)
    return meta is None or meta.stays_local


class SharedScheduler(RedisScheduler):
    """scrapy-redis's Scheduler (SCHEDULER_PERSIST on, the queue and dupefilter keys per crawl prefix
    and site) over the shared queue for article requests, with an in-memory queue for the requests
    that stay in this worker. SCHEDULER_IDLE_BEFORE_CLOSE must stay 0: a blocking pop would stall the
    reactor; an idle worker looks at the queue again every second instead (SharedCrawlExtension)."""

    @classmethod
    def from_crawler(cls, crawler):
        from scrapy.utils.misc import load_object

        settings = crawler.settings
        spider = crawler.spider
        coordinator: Coordinator = spider.ctx.shared
        dupefilter_key = settings["SCHEDULER_DUPEFILTER_KEY"]
        dupefilter = load_object(settings["DUPEFILTER_CLASS"])(coordinator.client, key=dupefilter_key,
                                                              debug=settings.getbool("DUPEFILTER_DEBUG"))
        instance = cls(server=coordinator.client, persist=settings.getbool("SCHEDULER_PERSIST"),
                       flush_on_start=False, queue_key=settings["SCHEDULER_QUEUE_KEY"].replace("%", "%%"),
                       queue_cls=settings["SCHEDULER_QUEUE_CLASS"], dupefilter=dupefilter,
                       dupefilter_key=dupefilter_key, dupefilter_cls=settings["DUPEFILTER_CLASS"],
                       idle_before_close=settings.getint("SCHEDULER_IDLE_BEFORE_CLOSE"))
        instance.stats = crawler.stats
        instance.coordinator = coordinator
        instance.site = spider.target.site_id
        instance.local = []
        instance.counter = itertools.count()
        return instance

    def open(self, spider) -> None:
        self.spider = spider
        self.queue = load_queue(self.queue_cls, self.server, spider, self.queue_key, self.serializer)

    def close(self, reason: str) -> None:
        self.local.clear()

    def __len__(self) -> int:
        try:
            return len(self.local) + self.coordinator.queue_len(self.site)
        except RedisUnavailable:
            return len(self.local)

    def has_pending_requests(self) -> bool:
        if self.local:
            return True
        try:
            return self.coordinator.queue_len(self.site) > 0
        except RedisUnavailable:
            return False

    def enqueue_request(self, request) -> bool:
        if _local(request):
            heapq.heappush(self.local, (-request.priority, next(self.counter), request))
            return True
        try:
            added = self.coordinator.enqueue(self.site, self.df.request_fingerprint(request), -request.priority,
                                             self.queue.encode(request))
        except RedisUnavailable:
            return False
        if not added:
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self):
        if self.local:
            return heapq.heappop(self.local)[2]
        state = self.spider.ctx.state
        while True:
            try:
                found = self.coordinator.pop(self.site)
                if found is None:
                    return None
                claim, member = found
                request = self._decode(member)
                meta = RequestMeta.of(request.meta) if request is not None else None
                if request is None or meta is None or meta.url is None:
                    self.coordinator.ack("", claim)
                    continue
                if not state.should_fetch(meta.url, meta.lastmod):
                    self.coordinator.ack(meta.url, claim)  # written by another worker since it was queued
                    continue
                request.meta.update(meta.evolve(claim=claim.field).to_meta())
                self.coordinator.hold(meta.url, claim)
            except RedisUnavailable:
                return None
            if self.stats:
                self.stats.inc_value("scheduler/dequeued/redis")
            return request

    def _decode(self, member: bytes):
        """The request of a queue member, or None (logged and counted) when it is not one this crawl
        made: it is dropped unread, never run."""
        try:
            return self.queue.decode(member)
        except Refused as exc:
            logger.warning("refused a member of the shared queue of %s: %s", self.site, exc)
            self.spider.summary.queue_refused += 1
            if self.stats:
                self.stats.inc_value("scheduler/refused/redis")
            return None


def load_queue(queue_cls, server, spider, key, serializer):
    from scrapy.utils.misc import load_object

    return load_object(queue_cls)(server=server, spider=spider, key=key, serializer=serializer)

