"""Several workers (processes, machines) sharing one crawl through Redis.

`newsbroom crawl --state redis://HOST:PORT/DB` runs the crawl with scrapy-redis's scheduler and
dupefilter (subclassed here) and the seen-article state in `crawler.state.stores.RedisState`.

Who does what:

- Discovery is local: every worker reads the robots.txt, feeds, sitemaps and index pages itself
  (conditional GETs; 304 once a finished pass stored their validators). The article requests they
  list go into the site's shared queue, each (URL, lastmod) once: the enqueue is one atomic script
  that adds the fingerprint to the dupefilter set and, only if it was new, the request to the queue.
- Claiming: a worker pops a request and, in the same script, claims its URL (HSETNX on the site's
  claims hash) and notes it as in flight under its own name. A popped copy whose URL someone else has
  claimed is a duplicate and is dropped. Just before writing, the worker checks that the claim is
  still its own (and renews its lease); after the record is written (or the URL rejected), it drops
  the claim and the in-flight entry. So two workers never fetch or write the same URL at once.
- Continuations stay local: the later pages of a paginated article and redirects are followed by
  the worker that holds the claim, never through the shared queue.
- Leases: each worker holds `<p>:alive:<worker>` (renewed every lease/3 s). A worker that dies leaves
  its in-flight entries; when it starts again under the same name it puts them back in the queue (after
  recovering its JSONL tail), and any idle worker does the same for a worker whose lease expired. A
  request leaves Redis only once its article is written or rejected: a re-run completes the crawl.
- End of a pass: a worker whose queue is empty waits while another live worker is busy on the site or
  holds requests in flight (it may yield more work, or die and leave some). When the site is quiet
  (queue and in-flight empty) the finishing worker clears the dupefilter: the seen-article state is
  the crawl's memory, the dupefilter only de-duplicates the queue of one pass. The dupefilter key
  also expires a week after it was created, a bound for crawls that never go quiet.

Keys (prefix `<p>` from the --state URL, default "newsbroom"; `<s>` is the site id):
  <p>:alive:<worker>   "host<TAB>pid" of the process holding the name, with a lease (PX)
  <p>:sites            the site ids crawled under this prefix
  <p>:<s>:requests     sorted set: the shared queue (score -priority; member url-sha1 + pickled request)
  <p>:<s>:dupefilter   set of 40-hex fingerprints of sha1(canonical URL, lastmod)
  <p>:<s>:claims       hash url-sha1 -> "<worker><TAB><token>"
  <p>:<s>:inflight     hash "<worker><TAB><token>" -> "<score><TAB><member>"
  <p>:<s>:busy         set of workers whose spider for the site is open and not idle
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import logging
import os
import socket
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import Base as RedisQueueBase
from scrapy_redis.scheduler import Scheduler as RedisScheduler
from w3lib.url import canonicalize_url

from crawler.outputs.recorder import Sink
from crawler.state.stores import RedisState, RedisUnavailable

__all__ = ["Coordinator", "SharedSink", "SharedScheduler", "ArticleDupeFilter", "ReliableQueue",
           "SharedCrawlExtension", "default_worker", "DUPEFILTER_TTL"]

logger = logging.getLogger(__name__)

DUPEFILTER_TTL = 7 * 86400  # seconds; the dupefilter is normally cleared at the end of each pass
IDLE_CHECK_INTERVAL = 1.0  # seconds between two looks at the shared queue by an idle worker

_ENQUEUE = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[4]) end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""

_POP = """
local n = 0
while true do
  local item = redis.call('ZPOPMIN', KEYS[1])
  if #item == 0 then return false end
  n = n + 1
  local member, score = item[1], item[2]
  local h = string.sub(member, 1, 40)
  local field = ARGV[1] .. '\\t' .. ARGV[2] .. '.' .. n
  if redis.call('HSETNX', KEYS[3], h, field) == 1 then
    redis.call('HSET', KEYS[2], field, score .. '\\t' .. member)
    return {field, member}
  end
end
"""

_ACK = """
redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('HGET', KEYS[2], ARGV[2]) == ARGV[1] then redis.call('HDEL', KEYS[2], ARGV[2]) end
return 1
"""

_OWNS = """
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
return 1
"""

# Put back in the queue the in-flight entries of the workers named in ARGV (releasing their claims).
_REQUEUE = """
local owners = {}
for i = 1, #ARGV do owners[ARGV[i]] = true end
local all = redis.call('HGETALL', KEYS[1])
local n = 0
for i = 1, #all, 2 do
  local field, value = all[i], all[i + 1]
  local tab = string.find(field, '\\t', 1, true)
  if tab and owners[string.sub(field, 1, tab - 1)] then
    local sep = string.find(value, '\\t', 1, true)
    local score, member = string.sub(value, 1, sep - 1), string.sub(value, sep + 1)
    local h = string.sub(member, 1, 40)
    if redis.call('HGET', KEYS[2], h) == field then redis.call('HDEL', KEYS[2], h) end
    redis.call('ZADD', KEYS[3], score, member)
    redis.call('HDEL', KEYS[1], field)
    n = n + 1
  end
end
return n
"""

_CLEAR_IF_QUIET = """
if redis.call('ZCARD', KEYS[1]) == 0 and redis.call('HLEN', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[3])
  return 1
end
return 0
"""

_TAKE_NAME = """
local cur = redis.call('GET', KEYS[1])
if (not cur) or cur == ARGV[1] or cur == ARGV[3] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return ''
end
return cur
"""


def default_worker() -> str:
    """The default worker name: the host name (made file-name safe). Two workers on one machine
    need their own --worker names."""
    from crawler.outputs.writer import safe_name

    return safe_name(socket.gethostname() or "worker", fallback="worker", limit=64)


def _pid_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed process nobody reaped yet (a zombie) is not running
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[:1] not in (["Z"], ["X"])


def url_hash(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Claim:
    site: str
    field: str  # "<worker>\t<token>"
    urlhash: str


class Coordinator:
    """The Redis side of one worker process: its name and lease, claims, the shared queues."""

    def __init__(self, state: RedisState, worker: str) -> None:
        self.state = state
        self.link = state.link
        self.client = state.link.client
        self.worker = worker
        self.prefix = state.spec.prefix
        self.lease_ms = int(state.spec.lease * 1000)
        self.value = f"{socket.gethostname()}\t{os.getpid()}"
        self.claims: dict[str, Claim] = {}  # article URL -> this worker's claim
        self.busy: set[str] = set()
        self._heartbeat = None
        self._registered = False
        script = self.client.register_script
        self._enqueue, self._pop, self._ack = script(_ENQUEUE), script(_POP), script(_ACK)
        self._owns, self._requeue = script(_OWNS), script(_REQUEUE)
        self._clear_if_quiet, self._take_name = script(_CLEAR_IF_QUIET), script(_TAKE_NAME)

    # -- keys ------------------------------------------------------------------------------------
    def key(self, site: str, name: str) -> str:
        return f"{self.prefix}:{site}:{name}"

    def alive_key(self, worker: str | None = None) -> str:
        return f"{self.prefix}:alive:{worker or self.worker}"

    # -- the worker's name and lease ------------------------------------------------------------
    def register(self) -> None:
        """Take this worker's name for this process, or raise ValueError when a live process holds it.
        A holder on this machine whose process is gone (kill -9) is taken over at once; on another
        machine its lease has to run out first."""
        stale = ""
        for _ in range(2):
            current = self.link.call(self._take_name, keys=[self.alive_key()],
                                     args=[self.value, self.lease_ms, stale])
            if not current:
                self._registered = True
                return
            text = current.decode("utf-8", "replace")
            host, _, pid = text.partition("\t")
            if host == socket.gethostname() and pid.isdigit() and not _pid_running(int(pid)):
                stale = text
                continue
            break
        where = f"pid {pid} on {host}" if host != socket.gethostname() else f"pid {pid}"
        raise ValueError(f"the worker name {self.worker!r} is in use by a running worker ({where}) in the crawl "
                         f"at {self.state.spec.shown}; give each worker its own --worker NAME"
                         + ("" if host == socket.gethostname() else
                            f" (if that worker was killed, its lease ends within {self.lease_ms / 1000:.0f}s)"))

    def heartbeat(self) -> None:
        try:
            self.link.call(self._take_name, keys=[self.alive_key()], args=[self.value, self.lease_ms, ""])
        except RedisUnavailable:
            pass

    def start_heartbeat(self) -> None:
        if self._heartbeat is not None:
            return
        from twisted.internet.task import LoopingCall

        self._heartbeat = LoopingCall(self.heartbeat)
        self._heartbeat.start(max(0.2, self.lease_ms / 3000), now=False)

    def stop_heartbeat(self) -> None:
        if self._heartbeat is not None and self._heartbeat.running:
            self._heartbeat.stop()
        self._heartbeat = None

    def deregister(self) -> None:
        """At the end of the pass: give the name back (only if it is still ours)."""
        self.stop_heartbeat()
        if not self._registered or self.link.lost is not None:
            return
        try:
            self.link.call(self.client.eval,
                           "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end", 1,
                           self.alive_key(), self.value)
        except RedisUnavailable:
            pass

    # -- sites -----------------------------------------------------------------------------------
    def known_sites(self) -> list[str]:
        return sorted(s.decode() for s in self.link.call(self.client.smembers, f"{self.prefix}:sites"))

    def release_own(self, sites: Iterable[str] | None = None) -> int:
        """Put this worker's in-flight entries back in the queues (a previous life of it died)."""
        n = 0
        for site in sites if sites is not None else self.known_sites():
            n += self._requeue_owners(site, [self.worker])
        for url, claim in list(self.claims.items()):
            if sites is None or claim.site in sites:
                del self.claims[url]
        return n

    def _requeue_owners(self, site: str, owners: list[str]) -> int:
        if not owners:
            return 0
        return int(self.link.call(self._requeue, keys=[self.key(site, "inflight"), self.key(site, "claims"),
                                                       self.key(site, "requests")], args=owners))

    def requeue_dead(self, site: str) -> int:
        """Put back the in-flight entries of workers whose lease ran out."""
        fields = self.link.call(self.client.hkeys, self.key(site, "inflight"))
        owners = {f.split(b"\t", 1)[0].decode("utf-8", "replace") for f in fields}
        owners.discard(self.worker)
        dead = [w for w in sorted(owners) if not self.link.call(self.client.exists, self.alive_key(w))]
        n = self._requeue_owners(site, dead)
        if n:
            logger.warning("put back %d requests that worker(s) %s left in flight for %s", n, ", ".join(dead), site)
        return n

    def site_opened(self, site: str) -> None:
        self.link.call(self.client.sadd, f"{self.prefix}:sites", site)
        self.set_busy(site, True)

    def set_busy(self, site: str, busy: bool) -> None:
        if busy and site not in self.busy:
            self.link.call(self.client.sadd, self.key(site, "busy"), self.worker)
            self.busy.add(site)
        elif not busy and site in self.busy:
            self.link.call(self.client.srem, self.key(site, "busy"), self.worker)
            self.busy.discard(site)

    # -- the queue -------------------------------------------------------------------------------
    def enqueue(self, site: str, fingerprint: str, score: float, member: bytes) -> bool:
        return bool(self.link.call(self._enqueue, keys=[self.key(site, "dupefilter"), self.key(site, "requests")],
                                   args=[fingerprint, score, member, DUPEFILTER_TTL]))

    def pop(self, site: str) -> tuple[Claim, bytes] | None:
        found = self.link.call(self._pop, keys=[self.key(site, "requests"), self.key(site, "inflight"),
                                                self.key(site, "claims")],
                               args=[self.worker, uuid.uuid4().hex[:12]])
        if not found:
            return None
        field, member = found
        return Claim(site, field.decode("utf-8", "replace"), member[:40].decode("ascii", "replace")), member

    def queue_len(self, site: str) -> int:
        return int(self.link.call(self.client.zcard, self.key(site, "requests")))

    def hold(self, url: str, claim: Claim) -> None:
        self.claims[url] = claim
        self.set_busy(claim.site, True)

    def owns(self, url: str) -> bool:
        """Whether this worker still holds the claim on `url` (renewing its lease); True for URLs it
        never claimed."""
        claim = self.claims.get(url)
        if claim is None:
            return True
        return bool(self.link.call(self._owns, keys=[self.key(claim.site, "claims"), self.alive_key()],
                                   args=[claim.urlhash, claim.field, self.value, self.lease_ms]))

    def ack(self, url: str, claim: Claim | None = None) -> None:
        """The URL is done (written, unchanged, rejected, skipped): drop its claim and in-flight entry."""
        claim = claim or self.claims.get(url)
        if claim is None:
            return
        self.link.call(self._ack, keys=[self.key(claim.site, "inflight"), self.key(claim.site, "claims")],
                       args=[claim.field, claim.urlhash])
        if self.claims.get(url) == claim:
            del self.claims[url]

    # -- the end of a pass -----------------------------------------------------------------------
    def idle(self, site: str) -> str:
        """An idle spider asks: "work" (the queue has requests), "wait" (another live worker is busy
        on the site or holds requests in flight) or "done"."""
        self.set_busy(site, False)
        self.release_own([site])  # nothing of ours is in progress when the engine is idle
        self.requeue_dead(site)
        if self.queue_len(site):
            return "work"
        others = [w.decode("utf-8", "replace") for w in self.link.call(self.client.smembers, self.key(site, "busy"))]
        for other in others:
            if other == self.worker:
                continue
            if self.link.call(self.client.exists, self.alive_key(other)):
                return "wait"
            self.link.call(self.client.srem, self.key(site, "busy"), other)
        if self.link.call(self.client.hlen, self.key(site, "inflight")):
            return "wait"
        return "done"

    def site_closed(self, site: str, reason: str) -> None:
        if self.link.lost is not None:
            return
        try:
            self.set_busy(site, False)
            self.release_own([site])
            if reason == "finished":
                self.link.call(self._clear_if_quiet, keys=[self.key(site, "requests"), self.key(site, "inflight"),
                                                           self.key(site, "dupefilter")])
        except RedisUnavailable:
            pass


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


class ArticleDupeFilter(RFPDupeFilter):
    """scrapy-redis's dupefilter keyed by what makes an article fetch new: its canonical URL and the
    lastmod its feed or sitemap gave (a moved lastmod is a new fetch). 40-hex sha1 fingerprints."""

    def request_fingerprint(self, request) -> str:
        url = canonicalize_url(request.meta.get("nb_url") or request.url)
        lastmod = request.meta.get("nb_lastmod")
        data = url + "\n" + (lastmod.isoformat() if lastmod is not None else "")
        return hashlib.sha1(data.encode("utf-8", "surrogatepass")).hexdigest()


class ReliableQueue(RedisQueueBase):
    """scrapy-redis's priority queue (a sorted set, score -priority) whose members start with the
    sha1 of the article URL, so the pop script can claim the URL. Pops go through the Coordinator
    (into the worker's in-flight hash), never straight out of the set."""

    def encode(self, request) -> bytes:
        return url_hash(request.meta.get("nb_url") or request.url).encode("ascii") + self._encode_request(request)

    def decode(self, member: bytes):
        return self._decode_request(member[40:])

    def pop(self, timeout: int = 0):
        raise NotImplementedError("pop through the Coordinator, which claims the URL")


def _local(request) -> bool:
    """Requests that stay in this worker: robots.txt, discovery, and what continues a claimed article."""
    meta = request.meta
    return meta.get("nb_kind") != "article" or bool(meta.get("nb_pages")) or "nb_claim" in meta


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
                try:
                    request = self.queue.decode(member)
                except Exception as exc:  # e.g. pickled by an incompatible version
                    logger.warning("dropping a request of the shared queue that cannot be read: %s", exc)
                    self.coordinator.ack("", claim)
                    continue
                url = request.meta.get("nb_url") or request.url
                if not state.should_fetch(url, request.meta.get("nb_lastmod")):
                    self.coordinator.ack(url, claim)  # written by another worker since it was queued
                    continue
                request.meta["nb_claim"] = claim.field
                self.coordinator.hold(url, claim)
            except RedisUnavailable:
                return None
            if self.stats:
                self.stats.inc_value("scheduler/dequeued/redis")
            return request


def load_queue(queue_cls, server, spider, key, serializer):
    from scrapy.utils.misc import load_object

    return load_object(queue_cls)(server=server, spider=spider, key=key, serializer=serializer)


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
        try:
            coordinator.site_opened(spider.target.site_id)
        except RedisUnavailable:
            pass

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
        try:
            coordinator.ack(url)  # not seen: a later pass tries it again
        except RedisUnavailable:
            pass

    def item_error(self, item, response, spider, failure) -> None:
        self._give_up(spider, item.get("url") if isinstance(item, dict) else None, failure)

    def spider_error(self, failure, response, spider) -> None:
        request = getattr(response, "request", None)
        meta = getattr(request, "meta", None) or {}
        if "nb_claim" in meta:
            self._give_up(spider, meta.get("nb_url"), failure)


def shared_settings(coordinator: Coordinator, site: str, concurrency: int) -> dict:
    """The Scrapy settings of one site's spider in a shared crawl. A worker takes from the shared
    queue only as many requests as it fetches at once (`concurrency`), so it does not hoard claims
    the other workers could be fetching."""
    return {
        "CONCURRENT_REQUESTS": concurrency,
        "SCHEDULER": "crawler.crawl.shared.coordinator.SharedScheduler",
        "SCHEDULER_QUEUE_CLASS": "crawler.crawl.shared.coordinator.ReliableQueue",
        "DUPEFILTER_CLASS": "crawler.crawl.shared.coordinator.ArticleDupeFilter",
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_IDLE_BEFORE_CLOSE": 0,
        "SCHEDULER_QUEUE_KEY": coordinator.key(site, "requests"),
        "SCHEDULER_DUPEFILTER_KEY": coordinator.key(site, "dupefilter"),
        "REDIS_URL": coordinator.state.spec.url,
        "EXTENSIONS": {"crawler.crawl.shared.coordinator.SharedCrawlExtension": 0},
    }
