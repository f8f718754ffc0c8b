"""A crawl writes nothing outside its output directory, and its state after a pass says what it wrote.

A real `newsbroom crawl -o DIR` of the bundled site on 127.0.0.1, as its own process, with HOME, the
XDG directories, TMPDIR and the working directory all fresh empty directories (where scrapy's job
files, an HTTP cache, a config or a temporary file would show): every file and directory that exists
after the pass and did not before is under DIR, DIR's parent holds DIR only, and the other directories
are still empty. Then the state (DIR/crawl.db) lists each written article under its URL with its
record's id, text hash, fetch time and sitemap lastmod, and each feed, sitemap and index page read with
the ETag and Last-Modified the server sent (the validators of the next pass's conditional requests)."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.state import SQLiteState, text_sha
from tests.crawler.conftest import records

REPO = Path(__file__).resolve().parents[3]
NEWSBROOM = [sys.executable, "-m", "crawler.cli"]
ISOLATED = ("home", "cache", "config", "data", "state", "runtime", "cwd")


def _tree(root: Path) -> set[Path]:
    found: set[Path] = set()
    for here, dirs, files in os.walk(root):
        found.update(Path(here) / name for name in dirs + files)
    return found


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A fresh TMPDIR with a short path: multiprocessing puts its fork server's socket there, and a
    Unix socket's path may not pass 107 bytes (pytest's own temporary paths can)."""
    path = Path(tempfile.mkdtemp(prefix="nb-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _environment(tmp_path: Path, tmp: Path) -> dict[str, str]:
    for name in ISOLATED:
        (tmp_path / name).mkdir(mode=0o700)
    env = dict(os.environ)
    env.update(HOME=str(tmp_path / "home"), XDG_CACHE_HOME=str(tmp_path / "cache"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_STATE_HOME=str(tmp_path / "state"), XDG_RUNTIME_DIR=str(tmp_path / "runtime"),
               TMPDIR=str(tmp), PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1")
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    return env


def _crawl(tmp_path: Path, profile: Path, out: Path, env: dict[str, str]) -> None:
    result = subprocess.run(NEWSBROOM + ["crawl", "--profile", str(profile), "-o", str(out), "--delay", "0",
                                         "--no-autothrottle"], cwd=tmp_path / "cwd", env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "written 8" in result.stderr, result.stderr


def test_a_crawl_writes_nothing_outside_its_directory_and_its_state_lists_what_it_wrote(site, profile, tmp_path,
                                                                                       short_tmp):
    """(One crawl for both: each is a process of its own, seconds on a busy machine.)"""
    parent = tmp_path / "parent"
    parent.mkdir()
    out = parent / "out"
    env = _environment(tmp_path, short_tmp)
    before = _tree(tmp_path)
    _crawl(tmp_path, profile, out, env)
    created = _tree(tmp_path) - before
    assert created and all(path.is_relative_to(out) for path in created), sorted(
        str(p) for p in created if not p.is_relative_to(out))
    assert list(parent.iterdir()) == [out]
    for name in ISOLATED:
        assert not list((tmp_path / name).iterdir()), name
    assert not list(short_tmp.iterdir())  # nothing left in TMPDIR either
    assert (out / "articles.jsonl").exists() and (out / "crawl.db").exists()
    _check_state(site, out)


def _validators(db: Path) -> dict[str, tuple[str | None, str | None]]:
    with sqlite3.connect(db) as conn:
        return {url: (etag, modified) for url, etag, modified in
                conn.execute("SELECT url, etag, last_modified FROM validators")}


def _written(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {url for (url,) in conn.execute("SELECT url FROM seen WHERE article_id IS NOT NULL")}


def _check_state(site, out: Path) -> None:
    """The state after the pass lists the articles written, and the feeds and sitemaps with their validators."""
    written = records(out)
    assert len(written) == 8
    state = SQLiteState(out / "crawl.db")
    try:
        for record in written:
            seen = state.seen(record["url"])
            assert seen is not None and seen.rejected is None, record["url"]
            assert seen.article_id == record["id"]
            assert seen.text_sha == text_sha(record["title"], record["text"])
            assert seen.fetched_at == datetime.fromisoformat(record["fetched_at"]).astimezone(UTC)
        # the date the sitemap gave (fixtures/site/sitemap-articles.xml), kept to tell a later change
        seen = state.seen(site.base + "/news/id-merdeka-002.html")
        assert seen is not None and seen.lastmod == datetime(2025, 7, 3, 1, 0, tzinfo=UTC)
        private = state.seen(site.base + "/private/draft-rencana-redaksi.html")
        assert private is not None and private.rejected == "robots" and private.article_id is None
    finally:
        state.close()
    # nothing else counts as written: every URL the state holds an article for is a record's (or one
    # of its other pages, which the record answers for)
    urls = {r["url"] for r in written}
    assert urls <= _written(out / "crawl.db")
    extra = _written(out / "crawl.db") - urls
    assert all("/multi/" in url for url in extra), extra
    validators = _validators(out / "crawl.db")
    for path in ("/feed.rss", "/sitemap_index.xml", "/sitemap-articles.xml.gz", "/news-sitemap.xml", "/index.html"):
        found = site.content(path)
        assert found is not None, path
        body, _, _ = found
        etag, modified = validators.get(site.base + path, (None, None))
        assert etag == '"' + hashlib.sha1(body).hexdigest()[:20] + '"', path  # as the server sent it
        assert modified and modified.endswith("GMT"), path
    state = SQLiteState(out / "crawl.db")
    try:  # and the sitemaps a sitemap index named, read again even when the index answers 304
        assert site.base + "/sitemap-articles.xml.gz" in state.validators(site.base + "/sitemap_index.xml")[2]
    finally:
        state.close()
