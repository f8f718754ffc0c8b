"""The crawl's memory between passes: what a store keeps and the rules every store shares.

`StateStore` is the interface the crawler uses; `crawler.state.sqlite.SQLiteState` (one file) is the
embedded default, `crawler.state.redis.RedisState` keeps the same records in Redis for several
workers sharing one crawl (crawler/crawl/shared/ holds the rest of that: the shared queue, claims
and worker leases).

Crash safety: the articles file is the log. A URL counts as seen only once its record is
written and flushed; `record_written` then notes the URL together with the size of
articles.jsonl. On open, `recover` reads any lines past that size (written just before a
kill) and marks their URLs seen, and cuts a torn last line, so a re-run neither loses nor
repeats an article. With Redis each worker has its own part (articles-<worker>.jsonl) and its
own committed size.

Identity: besides the seen URLs a store keeps who answers for each article id (`Held`: the URL
whose record holds it, with its text hash), written with the record, and the first page to name
an id as its canonical URL (`claim`). The Sink (crawler/outputs/recorder.py) reads them to tell
a page naming another URL with the same text (one article) from one with another text (its own
record); neither ever marks a URL seen.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

__all__ = ["Seen", "Held", "StateStore", "text_sha", "recover_tail", "should_fetch"]


@dataclass(frozen=True)
class Seen:
    url: str
    article_id: str | None
    text_sha: str | None
    lastmod: datetime | None
    fetched_at: datetime | None
    rejected: str | None  # reason, for URLs that were rejected for good


@dataclass(frozen=True)
class Held:
    """Who answers for an article id: the fetched URL that first wrote it (or named it as its
    canonical URL), the hash of that page's text, and the id of the record that holds the text."""

    url: str
    text_sha: str
    record_id: str


class StateStore(Protocol):
    def seen(self, url: str) -> Seen | None: ...
    def should_fetch(self, url: str, lastmod: datetime | None) -> bool: ...
    def validators(self, url: str) -> tuple[str | None, str | None, list[str]]: ...
    def set_validators(self, url: str, etag: str | None, last_modified: str | None,
                       children: Iterable[str] = ()) -> None: ...
    def record_written(self, urls: Iterable[str | None], article_id: str, text_sha: str, lastmod: datetime | None,
                       fetched_at: str | None, log_size: int | None, *, holds: bool = True) -> None: ...
    def holder(self, article_id: str) -> Held | None: ...
    def claim(self, article_id: str, held: Held) -> Held: ...
    def note_pending(self, urls: Iterable[str | None], article_id: str, lastmod: datetime | None) -> None: ...
    def record_rejected(self, url: str, reason: str) -> None: ...
    def touch(self, url: str, lastmod: datetime | None) -> None: ...
    def recover(self, jsonl: Path) -> int: ...
    def close(self) -> None: ...


def text_sha(title: str | None, text: str | None) -> str:
    """The hash of an article's seed-format text (headline line plus body), as `Article.to_text()`."""
    lines = [x for x in (title, text) if x]
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogatepass")).hexdigest()


def to_ts(moment: datetime | None) -> float | None:
    return moment.timestamp() if moment is not None else None


def from_ts(value: float | None) -> datetime | None:
    return datetime.fromtimestamp(value, UTC) if value is not None else None


def parse_iso(raw: str | None) -> datetime | None:
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)



def recover_tail(jsonl: Path, done: int, pending_of, record_written) -> tuple[int, int]:
    """Mark seen the records of `jsonl` past byte `done` (flushed before a kill, never noted),
    and cut a torn last line. `pending_of(article_id)` gives the URLs and lastmod noted before
    the write. Returns (records recovered, the new committed size)."""
    size = jsonl.stat().st_size
    if size < done:  # the file was replaced or truncated by hand: trust what is in it
        done = 0
    recovered = 0
    with open(jsonl, "rb+") as fh:
        fh.seek(done)
        tail = fh.read()
        end = tail.rfind(b"\n") + 1
        if end < len(tail):
            fh.truncate(done + end)
        for raw in tail[:end].splitlines():
            try:
                record = json.loads(raw)
            except ValueError:
                continue
            article_id = record.get("id") or ""
            more, lastmod = pending_of(article_id)
            urls = [record.get("url"), *more]  # never the canonical URL a page names (it could name any)
            sha = text_sha(record.get("title"), record.get("text"))
            record_written(urls, article_id, sha, lastmod, record.get("fetched_at"), None)
            recovered += 1
    return recovered, done + end


def should_fetch(seen: Seen | None, lastmod: datetime | None) -> bool:
    """True for a new URL, or a seen one whose `lastmod` moved past what was fetched."""
    if seen is None:
        return True
    if lastmod is None:
        return False
    if seen.lastmod is not None:
        return lastmod > seen.lastmod
    return seen.fetched_at is not None and lastmod > seen.fetched_at

