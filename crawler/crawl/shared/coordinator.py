"""Several workers (processes, machines) sharing one crawl through Redis.

`newsbroom crawl --state redis://HOST:PORT/DB` runs the crawl with scrapy-redis's scheduler and
dupefilter (subclassed in scheduler.py) and the seen-article state in `crawler.state.redis.RedisState`.

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
  <p>:<s>:requests     sorted set: the shared queue (score -priority; member url-sha1 + the request as JSON)
  <p>:<s>:dupefilter   set of 40-hex fingerprints of sha1(canonical URL, lastmod)
  <p>:<s>:claims       hash url-sha1 -> "<worker><TAB><token>"
  <p>:<s>:inflight     hash "<worker><TAB><token>" -> "<score><TAB><member>"
  <p>:<s>:busy         set of workers whose spider for the site is open and not idle
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import socket
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from crawler.outputs.lock import pid_running
from crawler.state.redis import RedisState, RedisUnavailable

__all__ = ["Coordinator", "Claim", "default_worker", "url_hash", "DUPEFILTER_TTL"]

logger = logging.getLogger(__name__)

DUPEFILTER_TTL = 7 * 86400  # seconds; the dupefilter is normally cleared at the end of each pass

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
        self._heartbeat: Any = None  # a twisted LoopingCall while the spider runs
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
            if host == socket.gethostname() and pid.isdigit() and not pid_running(int(pid)):
                stale = text
                continue
            break
        where = f"pid {pid} on {host}" if host != socket.gethostname() else f"pid {pid}"
        raise ValueError(f"the worker name {self.worker!r} is in use by a running worker ({where}) in the crawl "
                         f"at {self.state.spec.shown}; give each worker its own --worker NAME"
                         + ("" if host == socket.gethostname() else
                            f" (if that worker was killed, its lease ends within {self.lease_ms / 1000:.0f}s)"))

    def heartbeat(self) -> None:
        with contextlib.suppress(RedisUnavailable):
            self.link.call(self._take_name, keys=[self.alive_key()], args=[self.value, self.lease_ms, ""])

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
        with contextlib.suppress(RedisUnavailable):
            self.link.call(self.client.eval,
                           "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end", 1,
                           self.alive_key(), self.value)

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

