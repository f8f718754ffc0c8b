"""A crawl shared through a real Redis (redis-server on a free local port, appendonly on), and merge.

The Redis tests are skipped only when the redis-server binary is missing (CI installs it)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import scrapy

from crawler.commands.merge import run_merge
from crawler.crawl.records import RequestMeta
from crawler.crawl.shared.codec import encode_request
from crawler.crawl.shared.coordinator import url_hash
from crawler.crawl.spider import NewsSpider
from crawler.state import RedisState, SQLiteState, parse_redis_spec, text_sha
from tests.crawler.conftest import (
    RedisServer,
    child_pids,
    config,
    free_port,
    generated_profile,
    needs_redis,
    records,
    slow_articles,
    wait_until,
)
from tests.server import SiteServer, generated_site, render_profile

NEWSBROOM = [sys.executable, "-m", "crawler.cli"]






def _worker(profile: Path, out: Path, url: str, name: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(NEWSBROOM + ["crawl", "--profile", str(profile), "-o", str(out), "--state", url,
                                         "--worker", name, "--delay", "0", "--no-autothrottle", *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _finish(proc: subprocess.Popen, timeout: float = 90) -> tuple[int, str]:
    _, err = proc.communicate(timeout=timeout)
    return proc.returncode, err


def _kill_9(proc: subprocess.Popen) -> None:
    for pid in [proc.pid] + child_pids(proc.pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    proc.communicate()


def _lines(*paths: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in paths if p.exists())


def _merge(tmp_path: Path, *dirs: Path) -> tuple[int, list[dict], str]:
    merged = tmp_path / "merged" / "articles.jsonl"
    result = subprocess.run(NEWSBROOM + ["merge", *map(str, dirs), "-o", str(merged)], capture_output=True,
                            text=True)
    return result.returncode, records(merged.parent), result.stderr


def _quiet(server: RedisServer, site: str) -> None:
    """Nothing left of the pass in Redis: no queue, no claims, no requests in flight, no dupefilter."""
    client = server.client()
    for name in ("requests", "claims", "inflight", "dupefilter"):
        assert not client.exists(f"newsbroom:{site}:{name}"), name


# -- several workers ---------------------------------------------------------------------------------
@needs_redis
def test_two_workers_share_the_crawl_and_write_every_article_once(redis_server, site, profile, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    w1 = _worker(profile, one, redis_server.url, "w1")
    w2 = _worker(profile, two, redis_server.url, "w2")
    (rc1, err1), (rc2, err2) = _finish(w1), _finish(w2)
    assert rc1 == 0 and rc2 == 0, err1 + err2
    assert "newsbroom: worker w1: " in err1 and "newsbroom: worker w2: " in err2
    parts = [one / "articles-w1.jsonl", two / "articles-w2.jsonl"]
    assert _lines(*parts) == 8  # nothing written twice, even before the merge
    assert not (one / "articles.jsonl").exists()
    rc, merged, err = _merge(tmp_path, one, two)
    assert rc == 0, err
    assert "wrote 8 lines (8 articles, 0 later versions); dropped 0 duplicates" in err
    paths = Counter(r["url"].replace(site.base, "") for r in merged)
    assert len(paths) == 8 and set(paths.values()) == {1}
    assert "/multi/banjir-rob-pesisir-utara.html" in paths and "/news/id-liputan6-001.html" in paths
    for out in (one, two):
        for record in records(out, next(out.glob("articles-*.jsonl")).name):
            assert (out / "contoh" / f"{record['id']}.txt").exists()
    rejects = {r["source"].replace(site.base, ""): r["reason"]
               for out in (one, two) for r in records(out, next(out.glob("rejects-*.jsonl")).name)}
    assert rejects == {"/private/draft-rencana-redaksi.html": "robots",
                       "/extra/laporan-khusus-anggaran-daerah.html": "blocked"}
    _quiet(redis_server, "contoh")  # the dupefilter is cleared at the end of the pass
    # A second pass by both: conditional requests, nothing written.
    articles_before = len([r for r in site.requests() if r.path.startswith(("/news/", "/multi/"))])
    w1 = _worker(profile, one, redis_server.url, "w1")
    w2 = _worker(profile, two, redis_server.url, "w2")
    (rc1, err1), (rc2, err2) = _finish(w1), _finish(w2)
    assert rc1 == rc2 == 0 and "written 0" in err1 and "written 0" in err2, err1 + err2
    assert len([r for r in site.requests() if r.path.startswith(("/news/", "/multi/"))]) == articles_before
    assert _lines(*parts) == 8


@needs_redis
def test_a_robots_txt_slower_than_the_timeout_shuts_the_site_for_every_worker(redis_server, tmp_path):
    # robots.txt answers after the download timeout, every time: neither worker may fetch anything else
    # from the site (RFC 9309: no answer disallows everything), whatever the other worker queued
    def serve(path: str, base: str) -> None:  # None: the fixture site's own files are served
        if path == "/robots.txt":
            time.sleep(1.5)

    with SiteServer(generator=serve) as site:
        profile = render_profile(site.base, tmp_path / "profiles")
        one, two = tmp_path / "one", tmp_path / "two"
        w1 = _worker(profile, one, redis_server.url, "w1", "--timeout", "0.5")
        w2 = _worker(profile, two, redis_server.url, "w2", "--timeout", "0.5")
        (rc1, err1), (rc2, err2) = _finish(w1), _finish(w2)
        paths = {r.path for r in site.requests()}
    assert rc1 == 0 and rc2 == 0, err1 + err2
    for err in (err1, err2):
        assert "robots.txt of 127.0.0.1:" in err and "nothing is fetched from it in this pass" in err, err
    assert paths == {"/robots.txt"}
    assert _lines(one / "articles-w1.jsonl", two / "articles-w2.jsonl") == 0
    _quiet(redis_server, "contoh")


@needs_redis
def test_every_queued_article_taken_while_robots_txt_is_on_its_way_is_checked_against_it(redis_server, tmp_path):
    # A worker takes queued articles from the shared queue as soon as it starts, while its robots.txt is
    # still on its way: each of them waits for it and is refused by its Disallow. (scrapy's middleware
    # gave the parser to the first waiting request only, the others were let through unchecked.)
    n = 10
    generator = generated_site(n)

    def serve(path: str, base: str):
        if path == "/robots.txt":
            time.sleep(0.5)
            return b"User-agent: *\nDisallow: /berita/\n", "text/plain", 0.0
        return generator(path, base)

    with SiteServer(tmp_path / "none", generator=serve) as site:
        profile = generated_profile(site, tmp_path / "gen.toml")
        # eight requests at once: the queued articles reach the robots.txt check together
        text = profile.read_text()
        assert "concurrency = 2" in text
        profile.write_text(text.replace("concurrency = 2", "concurrency = 8"))
        urls = [f"{site.base}/berita/{i}/berita-nomor-{i}" for i in range(n)]
        redis_server.client().zadd("newsbroom:gen:requests", {  # queued as a worker queues them
            url_hash(url).encode("ascii") + encode_request(scrapy.Request(
                url, callback=NewsSpider.parse_article, errback=NewsSpider.article_failed,
                meta=RequestMeta("article", url=url).to_meta())): 0 for url in urls})
        out = tmp_path / "out"
        rc, err = _finish(_worker(profile, out, redis_server.url, "w1"))
        fetched = [r.path for r in site.requests() if r.path.startswith("/berita/")]
    assert rc == 0, err
    assert fetched == []
    # each refused once, by the Disallow (a waiter given no parser would be refused as unreadable first)
    rejects = records(out, "rejects-w1.jsonl")
    assert sorted(r["source"] for r in rejects) == sorted(urls)
    assert {r["reason"] for r in rejects} == {"robots"}
    assert "no robots.txt parser" not in err
    assert _lines(out / "articles-w1.jsonl") == 0


@needs_redis
def test_a_worker_that_cannot_read_robots_txt_leaves_the_shared_articles_for_a_later_pass(redis_server, tmp_path):
    # w1 reads robots.txt and queues the articles; w2 starts when robots.txt answers 503: w2 fetches
    # nothing from the site, and the articles it takes from the queue are refused for this pass only
    # (fetch_failed), never recorded as a permanent robots.txt Disallow: the next pass writes them
    n = 40
    gate = threading.Event()
    generator = generated_site(n, per_sitemap=20)

    changed = threading.Event()

    def serve(path: str, base: str):
        if path.startswith("/berita/"):
            gate.wait(60)
        found = generator(path, base)
        if found is not None and path.startswith("/sitemap-") and changed.is_set():  # the next pass re-reads it
            return found[0] + b" ", found[1], found[2]
        return found

    with SiteServer(tmp_path / "none", generator=serve) as site:
        profile = generated_profile(site, tmp_path / "gen.toml")
        one, two = tmp_path / "one", tmp_path / "two"
        w1 = _worker(profile, one, redis_server.url, "w1")
        try:
            wait_until(lambda: len([r for r in site.requests() if "sitemap-" in r.path]) >= 2, 60,
                       "w1 to read the article sitemaps")
            site.script("/robots.txt", *[(503, {})] * 50)
            w2 = _worker(profile, two, redis_server.url, "w2")
            wait_until(lambda: _lines(two / "rejects-w2.jsonl") >= 1, 60, "w2 to refuse queued articles")
        finally:
            gate.set()
        rc2, err2 = _finish(w2)
        rc1, err1 = _finish(w1)
        assert rc1 == 0, err1
        assert "nothing is fetched from it in this pass" in err2, err2
        refused = records(two, "rejects-w2.jsonl") if (two / "rejects-w2.jsonl").exists() else []
        assert refused and {r["reason"] for r in refused} == {"fetch_failed"}, refused
        assert rc2 == 0, err2
        site.script("/robots.txt")
        changed.set()
        again = _worker(profile, one, redis_server.url, "w1")
        rc3, err3 = _finish(again)
        assert rc3 == 0, err3
    urls = Counter(r["url"] for r in records(one, "articles-w1.jsonl"))
    assert len(urls) == n and set(urls.values()) == {1}, (len(urls), err3)


@needs_redis
def test_kill_9_a_worker_mid_run_then_restart_it(redis_server, tmp_path):
    n = 80
    with SiteServer(tmp_path / "none", generator=slow_articles(generated_site(n, per_sitemap=40), 0.04)) as site:
        profile = generated_profile(site, tmp_path / "gen.toml")
        one, two = tmp_path / "one", tmp_path / "two"
        w1 = _worker(profile, one, redis_server.url, "w1")
        w2 = _worker(profile, two, redis_server.url, "w2")
        part1 = one / "articles-w1.jsonl"
        wait_until(lambda: _lines(part1) >= 5, 60, "worker w1 to write 5 articles")
        _kill_9(w1)
        killed_at = _lines(part1)
        assert killed_at < n
        w1 = _worker(profile, one, redis_server.url, "w1")
        (rc1, err1), (rc2, err2) = _finish(w1), _finish(w2)
        assert rc1 == 0 and rc2 == 0, err1 + err2
    parts = [part1, two / "articles-w2.jsonl"]
    assert _lines(*parts) == n, (err1, err2)  # nothing twice, even before the merge
    rc, merged, err = _merge(tmp_path, one, two)
    assert rc == 0, err
    urls = Counter(r["url"] for r in merged)
    assert len(urls) == n and set(urls.values()) == {1}
    assert all((one / "gen" / f"{r['id']}.txt").exists() or (two / "gen" / f"{r['id']}.txt").exists()
               for r in merged)
    _quiet(redis_server, "gen")


@needs_redis
def test_redis_lost_mid_run_workers_stop_then_a_rerun_completes(redis_server, tmp_path):
    n = 80
    url = redis_server.url + "?retry=1"
    with SiteServer(tmp_path / "none", generator=slow_articles(generated_site(n, per_sitemap=40), 0.04)) as site:
        profile = generated_profile(site, tmp_path / "gen.toml")
        one, two = tmp_path / "one", tmp_path / "two"
        parts = [one / "articles-w1.jsonl", two / "articles-w2.jsonl"]
        workers = [_worker(profile, one, url, "w1"), _worker(profile, two, url, "w2")]
        wait_until(lambda: _lines(*parts) >= 10, 60, "10 articles written")
        redis_server.stop()
        results = [_finish(w, 60) for w in workers]
        stopped = [err for rc, err in results if rc == 1]
        assert stopped, results
        for err in stopped:
            assert f"lost the connection to Redis at {redis_server.url}" in err
            assert "run the same command again" in err
            assert "Traceback" not in err, err
        written = _lines(*parts)
        assert 0 < written < n  # what was written stays
        redis_server.start()  # same port, same AOF
        workers = [_worker(profile, one, redis_server.url, "w1"), _worker(profile, two, redis_server.url, "w2")]
        results = [_finish(w) for w in workers]
        assert all(rc == 0 for rc, _ in results), results
    assert _lines(*parts) == n
    rc, merged, err = _merge(tmp_path, one, two)
    assert rc == 0, err
    urls = Counter(r["url"] for r in merged)
    assert len(urls) == n and set(urls.values()) == {1}


@needs_redis
def test_a_short_redis_outage_is_ridden_out(redis_server, tmp_path):
    n = 60
    gate, served, lock = threading.Event(), [0], threading.Lock()
    generator = generated_site(n, per_sitemap=30)

    def serve(path: str, base: str):
        # after 8 articles the rest wait for the outage to be over: the crawl cannot finish before it
        if path.startswith("/berita/"):
            with lock:
                served[0] += 1
                held = served[0] > 8
            if held:
                gate.wait(30)
        return generator(path, base)

    with SiteServer(tmp_path / "none", generator=serve) as site:
        profile = generated_profile(site, tmp_path / "gen.toml")
        out = tmp_path / "one"
        part = out / "articles-w1.jsonl"
        worker = _worker(profile, out, redis_server.url + "?retry=30", "w1")
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(iter(worker.stderr.readline, "")), daemon=True)
        reader.start()
        try:
            wait_until(lambda: _lines(part) >= 5, 60, "5 articles written")
            redis_server.stop()
        finally:
            gate.set()  # the held articles finish and the worker asks Redis for more: it finds it gone
        try:
            wait_until(lambda: any("lost the connection to Redis" in line for line in lines), 30,
                       "the worker to notice the outage")
        finally:
            redis_server.start()
        worker.wait(90)
        reader.join(10)
        rc, err = worker.returncode, "".join(lines)
    assert rc == 0, err
    assert "lost the connection to Redis" in err and "is back after" in err
    urls = Counter(r["url"] for r in records(out, part.name))
    assert len(urls) == n and set(urls.values()) == {1}


@needs_redis
def test_sqlite_and_redis_state_give_the_same_articles(redis_server, site, profile, tmp_path):
    from crawler.crawl.passes import run_pass

    lite, shared = tmp_path / "lite", tmp_path / "shared"
    a = run_pass(config(lite, profile))
    b = run_pass(config(shared, profile, state=redis_server.url, worker="solo"))
    assert a.written == b.written == 8
    assert {(r["id"], r["text"]) for r in records(lite)} == \
        {(r["id"], r["text"]) for r in records(shared, "articles-solo.jsonl")}
    assert {p.name for p in (lite / "contoh").glob("*.txt")} == {p.name for p in (shared / "contoh").glob("*.txt")}
    assert sorted(r["reason"] for r in records(lite, "rejects.jsonl")) == \
        sorted(r["reason"] for r in records(shared, "rejects-solo.jsonl"))
    # and both are incremental the same way
    a2 = run_pass(config(lite, profile))
    b2 = run_pass(config(shared, profile, state=redis_server.url, worker="solo"))
    assert a2.written == b2.written == 0 and a2.not_modified == b2.not_modified > 0


@needs_redis
def test_worker_name_in_use_is_refused(redis_server, site, profile, tmp_path):
    redis_server.client().set("newsbroom:alive:busy", f"{socket.gethostname()}\t{os.getpid()}", px=60000)
    result = subprocess.run(NEWSBROOM + ["crawl", "--profile", str(profile), "-o", str(tmp_path / "out"),
                                         "--state", redis_server.url, "--worker", "busy"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "the worker name 'busy' is in use by a running worker" in result.stderr
    assert "--worker NAME" in result.stderr
    assert not (tmp_path / "out" / "articles-busy.jsonl").exists()


def test_redis_unreachable_is_one_line_and_exit_2(profile, tmp_path):
    url = f"redis://127.0.0.1:{free_port()}/0"
    result = subprocess.run(NEWSBROOM + ["crawl", "--profile", str(profile), "-o", str(tmp_path / "out"),
                                         "--state", url], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"newsbroom: error: cannot reach Redis at {url} (")
    assert "redis-server" in lines[0]
    bad = subprocess.run(NEWSBROOM + ["crawl", "--profile", str(profile), "--state", url + "?lease=soon"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "lease='soon'" in bad.stderr
    bad = subprocess.run(NEWSBROOM + ["crawl", "--profile", str(profile), "--state", url, "--worker", "a/b"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "--worker 'a/b'" in bad.stderr
    bad = subprocess.run(NEWSBROOM + ["crawl", "--profile", str(profile), "--worker", "w1"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "give --state redis://" in bad.stderr


# -- the state store -------------------------------------------------------------------------------
@needs_redis
def test_redis_state_behaves_like_sqlite_state(redis_server, tmp_path):
    t0 = datetime(2025, 7, 1, tzinfo=UTC)
    stores = [SQLiteState(tmp_path / "crawl.db"), RedisState(parse_redis_spec(redis_server.url), worker="w")]
    for state in stores:
        url = "https://example.com/a"
        assert state.seen(url) is None and state.should_fetch(url, None)
        state.note_pending([url, "https://example.com/canon"], "id1", t0)
        state.record_written([url, "https://example.com/canon", None], "id1", "sha1", t0,
                             "2025-07-02T00:00:00+00:00", 123)
        seen = state.seen("https://example.com/canon")
        assert (seen.article_id, seen.text_sha, seen.lastmod, seen.rejected) == ("id1", "sha1", t0, None)
        assert seen.fetched_at == datetime(2025, 7, 2, tzinfo=UTC)
        assert not state.should_fetch(url, None) and not state.should_fetch(url, t0)
        assert state.should_fetch(url, t0 + timedelta(hours=1))
        state.touch(url, t0 + timedelta(hours=1))
        assert state.seen(url).lastmod == t0 + timedelta(hours=1) and state.seen(url).text_sha == "sha1"
        state.record_rejected("https://example.com/robots", "robots")
        state.record_rejected("https://example.com/robots", "other")
        assert state.seen("https://example.com/robots").rejected == "robots"
        assert state.validators("https://example.com/feed") == (None, None, [])
        state.set_validators("https://example.com/feed", '"e"', "Tue, 01 Jul 2025 00:00:00 GMT", ["c1", "c2"])
        assert state.validators("https://example.com/feed") == ('"e"', "Tue, 01 Jul 2025 00:00:00 GMT", ["c1", "c2"])
    # recover: a line past the committed size is marked seen (with its pending URLs); a torn line is cut
    line = json.dumps({"id": "id2", "url": "https://example.com/b", "canonical_url": None, "title": "T",
                       "text": "Body", "fetched_at": "2025-07-03T00:00:00+00:00"}) + "\n"
    for state, name in zip(stores, ("articles.jsonl", "articles-w.jsonl"), strict=False):
        jsonl = tmp_path / name
        jsonl.write_text("x" * 122 + "\n" + line + '{"id": "id3", "ur', encoding="utf-8")
        state.record_written([], "id0", "sha0", None, None, 123)  # committed: the first 123 bytes
        state.note_pending(["https://example.com/b", "https://example.com/b-alias"], "id2", None)
        assert state.recover(jsonl) == 1
        assert jsonl.read_text(encoding="utf-8").endswith(line)
        assert state.seen("https://example.com/b-alias").text_sha == text_sha("T", "Body")
        assert state.recover(jsonl) == 0
        state.close()


# -- merge -------------------------------------------------------------------------------------------
def _record(article_id: str, text: str, fetched_at: str, **extra) -> dict:
    return {"id": article_id, "url": f"https://example.com/{article_id}", "title": "Title", "text": text,
            "fetched_at": fetched_at, "sha256": "x", **extra}


def _write(path: Path, rows: list, tail: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows) + tail, encoding="utf-8")
    return path


def test_merge_drops_duplicates_keeps_versions_in_fetched_at_order(tmp_path, capsys):
    a = _record("a", "one", "2025-07-01T10:00:00+00:00")
    a_again = _record("a", "one", "2025-07-01T10:00:05+00:00", source="other worker")
    a_v2 = _record("a", "one, corrected", "2025-07-02T09:00:00+00:00")
    b = _record("b", "bee", "2025-07-01T11:00:00+00:00")
    _write(tmp_path / "m1" / "articles-w1.jsonl", [a_v2, a])
    _write(tmp_path / "m2" / "articles-w2.jsonl", [b, a_again])
    _write(tmp_path / "m2" / "articles.jsonl", [b])
    _write(tmp_path / "m2" / "rejects-w2.jsonl", [{"source": "x", "reason": "robots"}])
    out = tmp_path / "all" / "articles.jsonl"
    assert run_merge([str(tmp_path / "m1"), str(tmp_path / "m2")], str(out)) == 0
    merged = records(out.parent)
    assert [(r["id"], r["text"]) for r in merged] == [("a", "one"), ("b", "bee"), ("a", "one, corrected")]
    assert "source" not in merged[0]  # the first fetched of identical versions is kept
    err = capsys.readouterr().err
    assert "read 5 lines from 3 files; wrote 3 lines (2 articles, 1 later versions); dropped 2 duplicates" in err
    # merging the merged file with its parts changes nothing
    assert run_merge([str(out), str(tmp_path / "m1"), str(tmp_path / "m2")], str(tmp_path / "again.jsonl")) == 0
    assert (tmp_path / "again.jsonl").read_bytes() == out.read_bytes()


def test_merge_skips_a_torn_last_line_and_says_so(tmp_path, capsys):
    rows = [_record("a", "one", "2025-07-01T10:00:00+00:00"), _record("b", "bee", "2025-07-01T11:00:00+00:00")]
    part = _write(tmp_path / "m" / "articles-w1.jsonl", rows, tail='{"id": "c", "text": "tor')
    assert run_merge([str(tmp_path / "m")], str(tmp_path / "out.jsonl")) == 1
    assert [r["id"] for r in records(tmp_path, "out.jsonl")] == ["a", "b"]
    err = capsys.readouterr().err
    assert f"skipped 1 torn last line ({part}: last line (" in err and "wrote 2 lines" in err
    # a complete last record without its newline is kept (and given one)
    _write(part, rows[:1], tail=json.dumps(rows[1]))
    sink = io.BytesIO()
    assert run_merge([str(part)], None, stdout=sink) == 0
    assert sink.getvalue().count(b"\n") == 2


def test_merge_usage_errors_exit_2(tmp_path):
    (tmp_path / "empty").mkdir()
    assert subprocess.run(NEWSBROOM + ["merge", str(tmp_path / "missing")], capture_output=True).returncode == 2
    result = subprocess.run(NEWSBROOM + ["merge", str(tmp_path / "empty")], capture_output=True, text=True)
    assert result.returncode == 2 and "holds no articles.jsonl" in result.stderr
    _write(tmp_path / "m" / "articles.jsonl", [_record("a", "one", "2025-07-01T10:00:00+00:00")])
    result = subprocess.run(NEWSBROOM + ["merge", str(tmp_path / "m"), "-o", str(tmp_path / "empty")],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "is a directory" in result.stderr
    result = subprocess.run(NEWSBROOM + ["merge", str(tmp_path / "m")], capture_output=True, text=True)
    assert result.returncode == 0 and json.loads(result.stdout)["id"] == "a"
