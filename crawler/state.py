"""The crawl's memory between passes: seen URLs, content hashes, feed/sitemap validators.

`StateStore` is the interface the crawler uses; `SQLiteState` (one file) is the embedded
default. A shared store (Redis through scrapy-redis) implements the same methods.

Crash safety: the articles file is the log. A URL counts as seen only once its record is
written and flushed; `record_written` then notes the URL together with the size of
articles.jsonl. On open, `recover` reads any lines past that size (written just before a
kill) and marks their URLs seen, and cuts a torn last line, so a re-run neither loses nor
repeats an article.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Protocol

__all__ = ["StateStore", "SQLiteState", "Seen", "open_state", "text_sha"]


@dataclass(frozen=True)
class Seen:
    url: str
    article_id: str | None
    text_sha: str | None
    lastmod: datetime | None
    fetched_at: datetime | None
    rejected: str | None  # reason, for URLs that were rejected for good


class StateStore(Protocol):
    def seen(self, url: str) -> Seen | None: ...
    def should_fetch(self, url: str, lastmod: datetime | None) -> bool: ...
    def validators(self, url: str) -> tuple[str | None, str | None, list[str]]: ...
    def set_validators(self, url: str, etag: str | None, last_modified: str | None,
                       children: Iterable[str] = ()) -> None: ...
    def record_written(self, urls: Iterable[str], article_id: str, text_sha: str, lastmod: datetime | None,
                       fetched_at: str | None, log_size: int | None) -> None: ...
    def note_pending(self, urls: Iterable[str], article_id: str, lastmod: datetime | None) -> None: ...
    def record_rejected(self, url: str, reason: str) -> None: ...
    def touch(self, url: str, lastmod: datetime | None) -> None: ...
    def recover(self, jsonl: Path) -> int: ...
    def close(self) -> None: ...


def text_sha(title: str | None, text: str | None) -> str:
    """The hash of an article's seed-format text (headline line plus body), as `Article.to_text()`."""
    lines = [x for x in (title, text) if x]
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogatepass")).hexdigest()


def _ts(moment: datetime | None) -> float | None:
    return moment.timestamp() if moment is not None else None


def _dt(value: float | None) -> datetime | None:
    return datetime.fromtimestamp(value, timezone.utc) if value is not None else None


def _parse_iso(raw: str | None) -> datetime | None:
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    url TEXT PRIMARY KEY, article_id TEXT, text_sha TEXT, lastmod REAL, fetched_at REAL, rejected TEXT
);
CREATE TABLE IF NOT EXISTS validators (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, children TEXT
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS pending (article_id TEXT PRIMARY KEY, urls TEXT, lastmod REAL);
"""


class SQLiteState:
    """The state in one SQLite file (WAL mode; one transaction per written article)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(self.path), isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)

    # -- reading ---------------------------------------------------------------------------------
    def seen(self, url: str) -> Seen | None:
        row = self.db.execute("SELECT url, article_id, text_sha, lastmod, fetched_at, rejected FROM seen "
                              "WHERE url = ?", (url,)).fetchone()
        if row is None:
            return None
        return Seen(row[0], row[1], row[2], _dt(row[3]), _dt(row[4]), row[5])

    def should_fetch(self, url: str, lastmod: datetime | None) -> bool:
        """True for a new URL, or a seen one whose `lastmod` moved past what was fetched."""
        seen = self.seen(url)
        if seen is None:
            return True
        if lastmod is None:
            return False
        if seen.lastmod is not None:
            return lastmod > seen.lastmod
        return seen.fetched_at is not None and lastmod > seen.fetched_at

    def validators(self, url: str) -> tuple[str | None, str | None, list[str]]:
        row = self.db.execute("SELECT etag, last_modified, children FROM validators WHERE url = ?",
                              (url,)).fetchone()
        if row is None:
            return None, None, []
        return row[0], row[1], json.loads(row[2] or "[]")

    # -- writing ---------------------------------------------------------------------------------
    def set_validators(self, url: str, etag: str | None, last_modified: str | None,
                       children: Iterable[str] = ()) -> None:
        self.db.execute("INSERT OR REPLACE INTO validators (url, etag, last_modified, children) VALUES (?,?,?,?)",
                        (url, etag, last_modified, json.dumps(list(children))))

    def record_written(self, urls: Iterable[str], article_id: str, text_sha: str, lastmod: datetime | None,
                       fetched_at: str | None, log_size: int | None) -> None:
        fetched = _ts(_parse_iso(fetched_at))
        with self.db:
            self.db.execute("BEGIN")
            for url in dict.fromkeys(u for u in urls if u):
                self.db.execute("INSERT OR REPLACE INTO seen (url, article_id, text_sha, lastmod, fetched_at, rejected)"
                                " VALUES (?,?,?,?,?,NULL)", (url, article_id, text_sha, _ts(lastmod), fetched))
            self.db.execute("DELETE FROM pending WHERE article_id = ?", (article_id,))
            if log_size is not None:
                self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('log_size', ?)", (str(log_size),))

    def note_pending(self, urls: Iterable[str], article_id: str, lastmod: datetime | None) -> None:
        """Before a record is written: the URLs it answers for, so `recover` can mark them all."""
        self.db.execute("INSERT OR REPLACE INTO pending (article_id, urls, lastmod) VALUES (?,?,?)",
                        (article_id, json.dumps(list(dict.fromkeys(u for u in urls if u))), _ts(lastmod)))

    def record_rejected(self, url: str, reason: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO seen (url, rejected) VALUES (?, ?)", (url, reason))

    def touch(self, url: str, lastmod: datetime | None) -> None:
        """A refetched article whose text did not change: remember the new lastmod only."""
        if lastmod is not None:
            self.db.execute("UPDATE seen SET lastmod = ? WHERE url = ?", (_ts(lastmod), url))

    def recover(self, jsonl: Path) -> int:
        """Mark seen the records written past the last commit; cut a torn last line. Returns how
        many records were recovered."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'log_size'").fetchone()
        done = int(row[0]) if row else 0
        if not jsonl.exists():
            return 0
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
                urls = [record.get("url"), record.get("canonical_url")]
                lastmod = None
                pending = self.db.execute("SELECT urls, lastmod FROM pending WHERE article_id = ?",
                                          (article_id,)).fetchone()
                if pending is not None:
                    urls += json.loads(pending[0])
                    lastmod = _dt(pending[1])
                sha = text_sha(record.get("title"), record.get("text"))
                self.record_written(urls, article_id, sha, lastmod, record.get("fetched_at"), None)
                recovered += 1
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('log_size', ?)", (str(done + end),))
        return recovered

    def close(self) -> None:
        self.db.close()


def open_state(spec: str) -> StateStore:
    """The store named by `--state`: a file path (SQLite)."""
    if spec.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError("a Redis state store is not available yet; give a file path (e.g. crawl.db)")
    return SQLiteState(os.path.expanduser(spec))
