"""The shared queue in Redis holds plain data: a planted pickle is refused unread, never run; Redis
with a password (ACL user) works through redis://user:password@."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys

import pytest
import scrapy

from crawler.crawl.passes import run_pass
from crawler.crawl.records import RequestMeta
from crawler.crawl.shared.codec import Refused, decode_request, encode_request
from crawler.crawl.shared.coordinator import url_hash
from tests.crawler.conftest import REDIS_SERVER, config, free_port, needs_redis, records, wait_until

NEWSBROOM = [sys.executable, "-m", "crawler.cli"]


class _Plant:
    """Unpickling this makes a directory: the proof that a pickle ran."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (os.mkdir, (self.path,))


def _member(url: str, body: bytes) -> bytes:
    return url_hash(url).encode("ascii") + body


@needs_redis
def test_a_pickle_planted_in_the_shared_queue_is_refused_without_running(redis_server, site, profile, tmp_path):
    proof = tmp_path / "pwned"
    url = site.base + "/news/id-liputan6-001.html"
    client = redis_server.client()
    client.zadd("newsbroom:contoh:requests", {
        _member(url, pickle.dumps(_Plant(str(proof)))): 0,
        # plain JSON, but naming a method of the spider that is not a request callback
        _member(url, json.dumps({"v": 1, "url": url, "method": "GET", "headers": {}, "priority": 0,
                                 "callback": "_closed", "errback": "article_failed",
                                 "meta": {"kind": "article", "depth": 0, "url": url, "lastmod": None}}).encode()): 0,
        # plain JSON for a URL off the site
        _member("http://169.254.169.254/x", json.dumps({
            "v": 1, "url": "http://169.254.169.254/x", "method": "GET", "headers": {}, "priority": 0,
            "callback": "parse_article", "errback": "article_failed",
            "meta": {"kind": "article", "depth": 0, "url": "http://169.254.169.254/x", "lastmod": None}}).encode()): 0,
    })
    out = tmp_path / "out"
    summary = run_pass(config(out, profile, state=redis_server.url, worker="solo"))
    assert not proof.exists()
    assert summary.queue_refused == 3
    assert "refused 3 foreign requests in the shared queue" in summary.line()
    assert len(records(out, "articles-solo.jsonl")) == 8  # the crawl itself went on
    # what a pass puts in the queue is JSON, and reads back to the same request
    class Spider:
        target = type("T", (), {"in_domain": staticmethod(lambda u: u.startswith(site.base))})()

        def parse_article(self, response):
            pass

        def article_failed(self, failure):
            pass

    spider = Spider()
    request = scrapy.Request(url, callback=spider.parse_article, errback=spider.article_failed,
                             meta=RequestMeta("article", url=url).to_meta())
    body = encode_request(request)
    assert json.loads(body)["callback"] == "parse_article"
    again = decode_request(_member(url, body), spider, url_hash)
    assert again.url == url and again.callback == spider.parse_article
    with pytest.raises(Refused, match="hash prefix"):
        decode_request(_member(site.base + "/other", body), spider, url_hash)


def _acl_redis(tmp_path):
    port = free_port()
    proc = subprocess.Popen([REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(tmp_path), "--user", "default", "off",
                             "--user", "crawler", "on", ">s3cret-pw", "~*", "&*", "+@all"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(port=port, username="crawler", password="s3cret-pw", socket_connect_timeout=1)

    def ready():
        try:
            return client.ping()
        except redis.exceptions.RedisError:
            return False

    wait_until(ready, 15, "redis-server with an ACL user")
    return proc, port


@needs_redis
def test_redis_with_an_acl_user_and_password(site, profile, tmp_path):
    proc, port = _acl_redis(tmp_path)
    try:
        good = f"redis://crawler:s3cret-pw@127.0.0.1:{port}/0"
        summary = run_pass(config(tmp_path / "out", profile, state=good, worker="solo"))
        assert summary.written == 8
        bad = subprocess.run(NEWSBROOM + ["crawl", "--profile", str(profile), "-o", str(tmp_path / "o2"),
                                          "--state", f"redis://crawler:wrong-pw@127.0.0.1:{port}/0"],
                             capture_output=True, text=True, timeout=60)
        assert bad.returncode == 2
        assert "refused us" in bad.stderr and "wrong-pw" not in bad.stderr and "***" in bad.stderr
    finally:
        proc.terminate()
        proc.wait(10)


@needs_redis
def test_a_redis_that_stops_answering_ends_the_pass_within_the_retry_window(redis_server, tmp_path):
    """SIGSTOP: connections stay open but nothing answers. The pass ends (exit 1, the documented message)
    soon after the retry window instead of hanging."""
    import signal
    import time

    from tests.crawler.conftest import generated_profile, slow_articles
    from tests.crawler.crawl.test_redis import _worker
    from tests.server import SiteServer, generated_site

    with SiteServer(tmp_path / "none", generator=slow_articles(generated_site(200, per_sitemap=100), 0.05)) as site:
        profile = generated_profile(site, tmp_path / "gen.toml")
        out = tmp_path / "one"
        worker = _worker(profile, out, redis_server.url + "?retry=1", "w1")
        part = out / "articles-w1.jsonl"
        wait_until(lambda: part.exists() and part.read_bytes().count(b"\n") >= 3, 60, "3 articles written")
        os.kill(redis_server.proc.pid, signal.SIGSTOP)
        stopped_at = time.monotonic()
        try:
            _, err = worker.communicate(timeout=60)
        finally:
            os.kill(redis_server.proc.pid, signal.SIGCONT)
        took = time.monotonic() - stopped_at
    assert worker.returncode == 1, err
    assert "lost the connection to Redis" in err and "Traceback" not in err
    assert took < 30, took
