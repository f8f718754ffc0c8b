"""The crawl state in Redis, shared by every worker of a crawl, and the one link to Redis.

`--state redis://HOST:PORT/DB[?prefix=&retry=&lease=]` names it (`parse_redis_spec`); every call
goes through `RedisLink`, which rides out a short outage and says once when Redis is lost.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from crawler.state.base import Held, Seen, from_ts, parse_iso, recover_tail, should_fetch, to_ts

__all__ = ["RedisState", "RedisLink", "RedisSpec", "RedisUnavailable", "parse_redis_spec", "is_redis_spec",
           "REDIS_SCHEMES"]

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
DEFAULT_PREFIX = "newsbroom"
DEFAULT_RETRY = 30.0  # seconds a lost connection is retried before the worker stops
DEFAULT_LEASE = 30.0  # seconds a silent worker keeps its claims


class RedisUnavailable(RuntimeError):
    """Redis cannot be reached, or was lost and did not come back in time. The message says what to do."""


def is_redis_spec(spec: str | None) -> bool:
    return bool(spec and spec.startswith(REDIS_SCHEMES))


@dataclass(frozen=True)
class RedisSpec:
    url: str  # for redis-py, without newsbroom's own parameters
    shown: str  # for messages: the password hidden
    prefix: str = DEFAULT_PREFIX
    retry: float = DEFAULT_RETRY
    lease: float = DEFAULT_LEASE


def parse_redis_spec(spec: str) -> RedisSpec:
    """`redis://[:password@]HOST:PORT/DB[?prefix=NAME&retry=SECONDS&lease=SECONDS]`: the prefix names
    the crawl (keys are `<prefix>:...`), `retry` is how long a lost connection is retried before the
    worker stops (default 30), `lease` how long a worker that went silent keeps its claims (default
    30). Other query parameters go to redis-py. Raises ValueError with what to change."""
    import re
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(spec)
    query = parse_qsl(parts.query, keep_blank_values=True)
    ours = {k: v for k, v in query if k in ("prefix", "retry", "lease")}
    rest = [(k, v) for k, v in query if k not in ours]
    prefix = ours.get("prefix", DEFAULT_PREFIX)
    if not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", prefix):
        raise ValueError(f"prefix={prefix!r} in --state: use 1 to 64 of A-Z a-z 0-9 . _ -")
    numbers = {}
    for key, default in (("retry", DEFAULT_RETRY), ("lease", DEFAULT_LEASE)):
        raw = ours.get(key)
        try:
            value = float(raw) if raw is not None else default
        except ValueError:
            value = -1.0
        if not 0 < value <= 86400:
            raise ValueError(f"{key}={raw!r} in --state: give a number of seconds (e.g. {key}={default:.0f})")
        numbers[key] = value
    if parts.scheme in ("redis", "rediss") and not parts.hostname:
        raise ValueError(f"--state {spec!r} names no host; give redis://HOST:PORT/DB (e.g. redis://127.0.0.1:6379/0)")
    url = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(rest), ""))
    netloc = parts.netloc
    if parts.password:
        netloc = netloc.replace(":" + parts.password + "@", ":***@", 1)
    shown = urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    return RedisSpec(url=url, shown=shown, prefix=prefix, retry=numbers["retry"], lease=numbers["lease"])


class RedisLink:
    """One Redis client for a worker process, every call through `call`: a dropped connection is
    retried with exponential backoff (0.25s doubling to 4s) for up to `spec.retry` seconds; then the
    link is lost for good, `on_lost` callbacks run once, and every later call raises
    RedisUnavailable at once (the worker stops; a re-run completes the crawl)."""

    def __init__(self, spec: RedisSpec) -> None:
        import logging

        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        self.spec = spec
        # no single call may outlast the retry window (a Redis that stopped answering, SIGSTOP, a dropped route)
        self.client = redis.Redis.from_url(spec.url, retry=Retry(NoBackoff(), 0),
                                           socket_connect_timeout=min(5.0, spec.retry),
                                           socket_timeout=min(15.0, spec.retry))
        self.errors: tuple[type[BaseException], ...] = (redis.exceptions.ConnectionError,
                                                        redis.exceptions.TimeoutError, TimeoutError)
        self.lost: BaseException | None = None
        self.on_lost: list = []
        self._outage_started: float | None = None
        self._log = logging.getLogger("newsbroom.redis")

    def unreachable_message(self, exc: BaseException) -> str:
        if "SSL" in str(exc) or "certificate" in str(exc).lower():
            return (f"cannot open a TLS connection to Redis at {self.spec.shown} ({exc}); name the CA that "
                    f"signed the server's certificate with ?ssl_ca_certs=/path/ca.pem in the URL given to --state, "
                    f"or use redis:// for a Redis without TLS")
        return (f"cannot reach Redis at {self.spec.shown} ({exc}); start redis-server there (or "
                f"'docker run -p 6379:6379 redis:7 --appendonly yes') or fix the URL given to --state")

    @property
    def lost_message(self) -> str:
        return (f"lost the connection to Redis at {self.spec.shown} ({self.lost}) and it did not come back "
                f"within {self.spec.retry:.0f}s; the records written so far are kept: run the same command "
                f"again once Redis is up to complete the crawl")

    def check(self) -> None:
        """One PING, no retries: raises RedisUnavailable naming the URL."""
        import redis

        try:
            self.client.ping()
        except (redis.exceptions.AuthenticationError, redis.exceptions.AuthenticationWrongNumberOfArgsError,
                redis.exceptions.NoPermissionError) as exc:
            raise RedisUnavailable(f"Redis at {self.spec.shown} refused us ({exc}); check the user name and password "
                                   f"in the URL given to --state (redis://USER:PASSWORD@HOST:PORT/DB)") from None
        except self.errors as exc:
            raise RedisUnavailable(self.unreachable_message(exc)) from None
        except Exception as exc:  # e.g. a wrong password: not worth retrying either
            raise RedisUnavailable(f"Redis at {self.spec.shown} refused us ({exc}); check the URL given to "
                                   f"--state") from None

    def call(self, fn, *args, **kwargs):
        if self.lost is not None:
            raise RedisUnavailable(self.lost_message)
        delay = 0.25
        deadline: float | None = None
        while True:
            try:
                result = fn(*args, **kwargs)
            except self.errors as exc:
                deadline = self._wait_or_give_up(exc, deadline, delay)
                delay = min(delay * 2, 4.0)
                continue
            if self._outage_started is not None:
                self._log.warning("Redis at %s is back after %.1fs", self.spec.shown,
                                  time.monotonic() - self._outage_started)
                self._outage_started = None
            return result

    def _wait_or_give_up(self, exc: BaseException, deadline: float | None, delay: float) -> float:
        """After a dropped call: sleep `delay` before the next try (returning the outage's deadline), or,
        past the deadline, lose the link for good and raise RedisUnavailable."""
        now = time.monotonic()
        if deadline is None:
            deadline = now + self.spec.retry
            if self._outage_started is None:
                self._outage_started = now
                self._log.warning("lost the connection to Redis at %s (%s); retrying for up to %.0fs",
                                  self.spec.shown, exc, self.spec.retry)
        if now >= deadline:
            self.lost = exc
            for callback in self.on_lost:
                with contextlib.suppress(Exception):  # a stop hook must not hide the loss
                    callback(exc)
            raise RedisUnavailable(self.lost_message) from None
        time.sleep(min(delay, max(0.0, deadline - now)))
        return deadline

    def transaction(self, build) -> list:
        """MULTI/EXEC of the commands `build(pipe)` queues, retried as a whole."""
        def run():
            pipe = self.client.pipeline(transaction=True)
            build(pipe)
            return pipe.execute()

        return self.call(run)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.close()


_TOUCH = """
local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v then return 0 end
local f = {}
for part in string.gmatch(v .. '\t', '([^\t]*)\t') do f[#f + 1] = part end
f[3] = ARGV[2]
redis.call('HSET', KEYS[1], ARGV[1], table.concat(f, '\t'))
return 1
"""


class RedisState:
    """The state of SQLiteState in Redis, shared by every worker of a crawl. Keys (prefix from the
    --state URL): `<p>:seen` (hash: URL -> article id, text sha256, lastmod, fetched_at, rejection,
    tab-separated), `<p>:validators` (hash: feed/sitemap URL -> [ETag, Last-Modified, children]),
    `<p>:pending` (hash: article id -> URLs, lastmod, while its record is being written),
    `<p>:log_size` (hash: worker -> committed size of its articles-<worker>.jsonl), `<p>:ids` (hash:
    article id -> [URL, text sha256, record id] of the page that answers for it, see `Held`)."""

    def __init__(self, spec: RedisSpec, worker: str = "worker") -> None:
        self.spec = spec
        self.link = RedisLink(spec)
        self.worker = worker
        p = self.spec.prefix
        self.k_seen, self.k_validators = f"{p}:seen", f"{p}:validators"
        self.k_pending, self.k_log_size = f"{p}:pending", f"{p}:log_size"
        self.k_ids = f"{p}:ids"
        self._touch = self.link.client.register_script(_TOUCH)

    @staticmethod
    def _encode(article_id: str | None, sha: str | None, lastmod: float | None, fetched: float | None,
                rejected: str | None) -> str:
        return "\t".join("" if v is None else (repr(v) if isinstance(v, float) else str(v))
                         for v in (article_id, sha, lastmod, fetched, rejected))

    @staticmethod
    def _decode(url: str, raw: bytes) -> Seen:
        f = raw.decode("utf-8", "surrogateescape").split("\t")
        f += [""] * (5 - len(f))
        return Seen(url, f[0] or None, f[1] or None, from_ts(float(f[2])) if f[2] else None,
                    from_ts(float(f[3])) if f[3] else None, f[4] or None)

    # -- reading ---------------------------------------------------------------------------------
    def seen(self, url: str) -> Seen | None:
        raw = self.link.call(self.link.client.hget, self.k_seen, url)
        return None if raw is None else self._decode(url, raw)

    def should_fetch(self, url: str, lastmod: datetime | None) -> bool:
        """True for a new URL, or a seen one whose `lastmod` moved past what was fetched."""
        return should_fetch(self.seen(url), lastmod)

    def holder(self, article_id: str) -> Held | None:
        """Who answers for `article_id` (see `Held`), or None."""
        raw = self.link.call(self.link.client.hget, self.k_ids, article_id)
        if raw is None:
            return None
        url, sha, record_id = json.loads(raw)
        return Held(url, sha, record_id)

    @staticmethod
    def _held(held: Held) -> str:
        return json.dumps([held.url, held.text_sha, held.record_id])

    def validators(self, url: str) -> tuple[str | None, str | None, list[str]]:
        raw = self.link.call(self.link.client.hget, self.k_validators, url)
        if raw is None:
            return None, None, []
        etag, last_modified, children = json.loads(raw)
        return etag, last_modified, list(children or [])

    # -- writing ---------------------------------------------------------------------------------
    def set_validators(self, url: str, etag: str | None, last_modified: str | None,
                       children: Iterable[str] = ()) -> None:
        self.link.call(self.link.client.hset, self.k_validators, url,
                       json.dumps([etag, last_modified, list(children)]))

    def record_written(self, urls: Iterable[str | None], article_id: str, text_sha: str, lastmod: datetime | None,
                       fetched_at: str | None, log_size: int | None, *, holds: bool = True) -> None:
        """The URLs of a written record are seen; with `holds`, its first URL holds its id."""
        value = self._encode(article_id, text_sha, to_ts(lastmod), to_ts(parse_iso(fetched_at)), None)
        mapping = {url: value for url in dict.fromkeys(u for u in urls if u)}

        def build(pipe) -> None:
            if mapping:
                pipe.hset(self.k_seen, mapping=mapping)
                if holds:
                    pipe.hset(self.k_ids, article_id, self._held(Held(next(iter(mapping)), text_sha, article_id)))
            pipe.hdel(self.k_pending, article_id)
            if log_size is not None:
                pipe.hset(self.k_log_size, self.worker, log_size)

        self.link.transaction(build)

    def note_pending(self, urls: Iterable[str | None], article_id: str, lastmod: datetime | None) -> None:
        """Before a record is written: the URLs it answers for, so `recover` can mark them all."""
        self.link.call(self.link.client.hset, self.k_pending, article_id,
                       json.dumps([list(dict.fromkeys(u for u in urls if u)), to_ts(lastmod)]))

    def claim(self, article_id: str, held: Held) -> Held:
        """`held` answers for `article_id` unless another already does; returns who does."""
        self.link.call(self.link.client.hsetnx, self.k_ids, article_id, self._held(held))
        found = self.holder(article_id)
        return found if found is not None else held

    def record_rejected(self, url: str, reason: str) -> None:
        self.link.call(self.link.client.hsetnx, self.k_seen, url, self._encode(None, None, None, None, reason))

    def touch(self, url: str, lastmod: datetime | None) -> None:
        """A refetched article whose text did not change: remember the new lastmod only."""
        if lastmod is not None:
            self.link.call(self._touch, keys=[self.k_seen], args=[url, repr(to_ts(lastmod))])

    def recover(self, jsonl: Path) -> int:
        """Mark seen the records this worker wrote past its last commit; cut a torn last line. Returns
        how many records were recovered."""
        raw = self.link.call(self.link.client.hget, self.k_log_size, self.worker)
        done = int(raw) if raw else 0
        if not jsonl.exists():
            if done:
                self.link.call(self.link.client.hset, self.k_log_size, self.worker, 0)
            return 0
        recovered, done = recover_tail(jsonl, done, self._pending_of, self.record_written)
        self.link.call(self.link.client.hset, self.k_log_size, self.worker, done)
        return recovered

    def _pending_of(self, article_id: str) -> tuple[list[str], datetime | None]:
        pending = self.link.call(self.link.client.hget, self.k_pending, article_id)
        if pending is None:
            return [], None
        urls, stamp = json.loads(pending)
        return urls, from_ts(stamp)

    def close(self) -> None:
        self.link.close()

