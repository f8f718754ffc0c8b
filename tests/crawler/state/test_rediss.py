"""`--state rediss://...`: the state and a shared crawl through a real redis-server that speaks only TLS
on 127.0.0.1, its certificates made at test time with the openssl command line; the CA is given as
the README says (`?ssl_ca_certs=PATH`). Skipped only when redis-server or openssl is missing, or
when this redis-server was built without TLS."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from crawler.state import Held, RedisLink, RedisState, RedisUnavailable, parse_redis_spec
from tests.crawler.conftest import REDIS_SERVER, free_port, records, wait_until

OPENSSL = shutil.which("openssl")


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run([OPENSSL or "openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=30)


def _certificates(directory: Path) -> None:
    """A CA, and a server certificate for 127.0.0.1 signed by it."""
    directory.mkdir(parents=True)
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
             "-subj", "/CN=newsbroom test CA", cwd=directory)
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
             "-subj", "/CN=127.0.0.1", cwd=directory)
    (directory / "san.cnf").write_text("subjectAltName=IP:127.0.0.1\n")
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
             "-out", "server.pem", "-days", "2", "-extfile", "san.cnf", cwd=directory)
    # another CA, which did not sign the server's certificate
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out", "other.pem",
             "-days", "2", "-subj", "/CN=another CA", cwd=directory)


@pytest.fixture
def tls_redis(tmp_path):
    """A redis-server listening only with TLS; yields (its rediss:// URL with the CA, the certificates' directory)."""
    if REDIS_SERVER is None or OPENSSL is None:
        pytest.skip("redis-server or openssl is not installed (apt-get install redis-server openssl); CI installs them")
    certs = tmp_path / "certs"
    _certificates(certs)
    data = tmp_path / "redis-tls"
    data.mkdir()
    port = free_port()
    log = data / "redis.log"
    proc = subprocess.Popen([REDIS_SERVER, "--port", "0", "--tls-port", str(port), "--bind", "127.0.0.1",
                             "--tls-cert-file", str(certs / "server.pem"), "--tls-key-file", str(certs / "server.key"),
                             "--tls-ca-cert-file", str(certs / "ca.pem"), "--tls-auth-clients", "no",
                             "--dir", str(data), "--save", "", "--appendonly", "no", "--daemonize", "no",
                             "--logfile", str(log)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"rediss://127.0.0.1:{port}/0?ssl_ca_certs={certs / 'ca.pem'}"
    link = RedisLink(parse_redis_spec(url))

    def ready() -> bool:
        if proc.poll() is not None:
            return True
        try:
            link.check()
        except RedisUnavailable:
            return False
        return True

    try:
        wait_until(ready, 15, "redis-server with TLS to answer")
        if proc.poll() is not None:
            said = (log.read_text() if log.exists() else "") + (proc.stdout.read().decode() if proc.stdout else "")
            if "tls" in said.lower() and ("not supported" in said.lower() or "bad directive" in said.lower()):
                pytest.skip(f"this redis-server was built without TLS: {said.strip()[-200:]}")
            raise AssertionError(f"redis-server with TLS did not start: {said}")
        yield url, certs
    finally:
        link.close()
        if proc.poll() is None:
            proc.terminate()
            proc.wait(15)
        if proc.stdout:
            proc.stdout.close()


def test_the_state_through_rediss(tls_redis):
    url, _ = tls_redis
    state = RedisState(parse_redis_spec(url + "&prefix=tls"), worker="w")
    try:
        state.link.check()
        state.record_written(["https://example.com/a"], "id1", "sha1", None, None, 10)
        seen = state.seen("https://example.com/a")
        assert seen is not None and seen.article_id == "id1"
        assert state.claim("id2", Held("https://example.com/b", "sha2", "id2b")).record_id == "id2b"
        assert state.link.client.connection_pool.connection_class.__name__ == "SSLConnection"
    finally:
        state.close()


def test_rediss_with_a_ca_that_did_not_sign_the_server_is_refused_in_one_line(tls_redis):
    url, certs = tls_redis
    wrong = url.replace(str(certs / "ca.pem"), str(certs / "other.pem"))
    link = RedisLink(parse_redis_spec(wrong + "&retry=1"))
    try:
        with pytest.raises(RedisUnavailable) as info:
            link.check()
    finally:
        link.close()
    message = str(info.value)
    assert "\n" not in message and "rediss://127.0.0.1:" in message and "certificate verify failed" in message
    assert "?ssl_ca_certs=" in message  # what to do


def test_a_shared_crawl_through_rediss(tls_redis, tmp_path):
    from crawler.crawl.passes import run_pass
    from tests.crawler.conftest import config
    from tests.server import PAGES_DIR, SiteServer

    url, _ = tls_redis
    out = tmp_path / "out"
    with SiteServer(tmp_path / "site", mounts={}) as site:
        site.put("/", f'<html><head><link rel="alternate" type="application/rss+xml" href="{site.base}/feed.rss">'
                      "</head><body><p>home</p></body></html>", "text/html; charset=utf-8")
        site.put("/feed.rss", f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>a'
                              f"</title><link>{site.base}/news/one-article.html</link></item></channel></rss>",
                 "application/rss+xml")
        site.put("/news/one-article.html", (PAGES_DIR / "id-merdeka-001.html").read_bytes(), "text/html; charset=utf-8")
        summary = run_pass(config(out, Path("unused"), profile_files=[], seed_urls=[site.base + "/"], state=url,
                                  worker="tls"))
    assert summary.written == 1
    (record,) = records(out, "articles-tls.jsonl")
    assert record["url"] == site.base + "/news/one-article.html"
    state = RedisState(parse_redis_spec(url), worker="tls")
    try:
        assert not state.should_fetch(record["url"], None)  # the seen state is in the TLS Redis
    finally:
        state.close()
