"""The crawl state in one SQLite file: the embedded default store."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from crawler.state.base import Held, Seen, from_ts, parse_iso, recover_tail, should_fetch, to_ts

__all__ = ["SQLiteState", "StateUnreadable"]


class StateUnreadable(ValueError):
    """The state file cannot be used; the message names it and what to do."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(f"the crawl state {path} cannot be read ({why}); move it away, or run again with "
                         f"--reset-state to start from an empty state (it is kept as {path.name}.broken-<time>)")
        self.path = path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    url TEXT PRIMARY KEY, article_id TEXT, text_sha TEXT, lastmod REAL, fetched_at REAL, rejected TEXT
);
CREATE TABLE IF NOT EXISTS validators (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, children TEXT
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS pending (article_id TEXT PRIMARY KEY, urls TEXT, lastmod REAL);
CREATE TABLE IF NOT EXISTS ids (article_id TEXT PRIMARY KEY, url TEXT, text_sha TEXT, record_id TEXT);
"""


class SQLiteState:
    """The state in one SQLite file (WAL mode; one transaction per written article)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.exists() and not self.path.is_file():
            raise StateUnreadable(self.path, "it is not a file")
        try:
            self.db = sqlite3.connect(str(self.path), isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
            # reads every page of the tables: a truncated or overwritten file fails here, not mid-crawl
            for table in ("seen", "validators", "meta", "pending", "ids"):
                self.db.execute(f"SELECT count(*) FROM {table}").fetchone()
        except sqlite3.DatabaseError as exc:
            raise StateUnreadable(self.path, str(exc)) from None

    # -- reading ---------------------------------------------------------------------------------
    def seen(self, url: str) -> Seen | None:
        row = self.db.execute("SELECT url, article_id, text_sha, lastmod, fetched_at, rejected FROM seen "
                              "WHERE url = ?", (url,)).fetchone()
        if row is None:
            return None
        return Seen(row[0], row[1], row[2], from_ts(row[3]), from_ts(row[4]), row[5])

    def should_fetch(self, url: str, lastmod: datetime | None) -> bool:
        """True for a new URL, or a seen one whose `lastmod` moved past what was fetched."""
        return should_fetch(self.seen(url), lastmod)

    def holder(self, article_id: str) -> Held | None:
        """Who answers for `article_id` (see `Held`), or None."""
        row = self.db.execute("SELECT url, text_sha, record_id FROM ids WHERE article_id = ?",
                              (article_id,)).fetchone()
        return Held(*row) if row is not None else None

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

    def record_written(self, urls: Iterable[str | None], article_id: str, text_sha: str, lastmod: datetime | None,
                       fetched_at: str | None, log_size: int | None, *, holds: bool = True) -> None:
        """The URLs of a written record are seen; with `holds`, its first URL holds its id."""
        fetched = to_ts(parse_iso(fetched_at))
        unique = list(dict.fromkeys(u for u in urls if u))
        with self.db:
            self.db.execute("BEGIN")
            for url in unique:
                self.db.execute("INSERT OR REPLACE INTO seen (url, article_id, text_sha, lastmod, fetched_at, rejected)"
                                " VALUES (?,?,?,?,?,NULL)", (url, article_id, text_sha, to_ts(lastmod), fetched))
            if holds and unique:
                self.db.execute("INSERT OR REPLACE INTO ids (article_id, url, text_sha, record_id) VALUES (?,?,?,?)",
                                (article_id, unique[0], text_sha, article_id))
            self.db.execute("DELETE FROM pending WHERE article_id = ?", (article_id,))
            if log_size is not None:
                self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('log_size', ?)", (str(log_size),))

    def note_pending(self, urls: Iterable[str | None], article_id: str, lastmod: datetime | None) -> None:
        """Before a record is written: the URLs it answers for, so `recover` can mark them all."""
        self.db.execute("INSERT OR REPLACE INTO pending (article_id, urls, lastmod) VALUES (?,?,?)",
                        (article_id, json.dumps(list(dict.fromkeys(u for u in urls if u))), to_ts(lastmod)))

    def claim(self, article_id: str, held: Held) -> Held:
        """`held` answers for `article_id` unless another already does; returns who does."""
        self.db.execute("INSERT OR IGNORE INTO ids (article_id, url, text_sha, record_id) VALUES (?,?,?,?)",
                        (article_id, held.url, held.text_sha, held.record_id))
        found = self.holder(article_id)
        return found if found is not None else held

    def record_rejected(self, url: str, reason: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO seen (url, rejected) VALUES (?, ?)", (url, reason))

    def touch(self, url: str, lastmod: datetime | None) -> None:
        """A refetched article whose text did not change: remember the new lastmod only."""
        if lastmod is not None:
            self.db.execute("UPDATE seen SET lastmod = ? WHERE url = ?", (to_ts(lastmod), url))

    def recover(self, jsonl: Path) -> int:
        """Mark seen the records written past the last commit; cut a torn last line. Returns how
        many records were recovered."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'log_size'").fetchone()
        done = int(row[0]) if row else 0
        if not jsonl.exists():
            return 0
        recovered, done = recover_tail(jsonl, done, self._pending_of, self.record_written)
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('log_size', ?)", (str(done),))
        return recovered

    def _pending_of(self, article_id: str) -> tuple[list[str], datetime | None]:
        row = self.db.execute("SELECT urls, lastmod FROM pending WHERE article_id = ?", (article_id,)).fetchone()
        return (json.loads(row[0]), from_ts(row[1])) if row is not None else ([], None)

    def close(self) -> None:
        self.db.close()

