"""The crawl's memory between passes: seen URLs, content hashes, feed/sitemap validators.

`open_state(--state)` gives the store: SQLite for a file path (`sqlite.py`), Redis for a redis://
URL (`redis.py`); both follow the `StateStore` protocol and share its rules (`base.py`).
"""

from __future__ import annotations

import os

from crawler.state.base import Held, Seen, StateStore, recover_tail, should_fetch, text_sha
from crawler.state.redis import RedisLink, RedisSpec, RedisState, RedisUnavailable, is_redis_spec, parse_redis_spec
from crawler.state.sqlite import SQLiteState, StateUnreadable

__all__ = ["StateStore", "SQLiteState", "StateUnreadable", "RedisState",
           "RedisLink", "RedisSpec", "RedisUnavailable", "Seen", "Held",
           "open_state", "parse_redis_spec", "is_redis_spec", "text_sha", "recover_tail", "should_fetch"]


def open_state(spec: str, *, worker: str = "worker") -> StateStore:
    """The store named by `--state`: a file path (SQLite), or a redis:// URL (RedisState; `worker`
    names this process's part of the crawl)."""
    if is_redis_spec(spec):
        return RedisState(parse_redis_spec(spec), worker=worker)
    return SQLiteState(os.path.expanduser(spec))
