"""`crawl --proxy`, `--timeout`, `-s NAME=VALUE` and `fetch --proxy`, through a small forwarding HTTP
proxy on 127.0.0.1; the options' refusals."""

from __future__ import annotations

import http.client
import os
import threading
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

import pytest

from crawler.cli import main
from tests.crawler.conftest import records
from tests.server import QuietServer

SLOW = "/news/id-liputan6-001.html"  # the proxy drips this one: the --timeout gives it up


class ForwardingProxy:
    """An HTTP proxy (absolute-URI requests, no CONNECT) that logs what it forwards; `slow` paths get
    their headers and a first byte, then nothing until the test ends."""

    def __init__(self, slow: tuple[str, ...] = ()) -> None:
        self.seen: list[tuple[str, str | None]] = []  # (URL, Proxy-Authorization)
        self.release = threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                proxy.seen.append((self.path, self.headers.get("Proxy-Authorization")))
                parts = urlsplit(self.path)
                if parts.path in slow:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", "100000")
                    self.end_headers()
                    self.wfile.write(b"<")
                    self.wfile.flush()
                    proxy.release.wait(10)
                    return
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("proxy-authorization", "proxy-connection", "connection")}
                conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers)
                answer = conn.getresponse()
                body = answer.read()
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in ("connection", "transfer-encoding", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                conn.close()

        self.httpd = QuietServer(("127.0.0.1", 0), Handler)  # a client closing a kept-alive connection
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def paths(self) -> list[str]:
        return [urlsplit(url).path for url, _ in self.seen]

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def proxy():
    server = ForwardingProxy(slow=(SLOW,))
    yield server
    server.close()


def test_crawl_through_a_proxy_with_a_timeout_and_scrapy_settings(site, profile, proxy, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["crawl", "--profile", str(profile), "-o", str(out), "--delay", "0", "--no-autothrottle",
                 "--proxy", f"http://reader:s3cret@127.0.0.1:{proxy.port}", "--timeout", "3",
                 "-s", "RETRY_TIMES=0", "-s", 'DEFAULT_REQUEST_HEADERS={"X-Newsroom": "desk-1"}'])
    assert code == 0, capsys.readouterr().err
    assert records(out)
    # every request went through the proxy, robots.txt first, with the credentials of the proxy URL
    assert proxy.paths()[0] == "/robots.txt"
    assert len(proxy.seen) == len(site.requests()) + 1  # the dripping answer is the proxy's own
    assert {auth for _, auth in proxy.seen} == {"Basic cmVhZGVyOnMzY3JldA=="}
    assert {r.headers.get("X-Newsroom") for r in site.requests()} == {"desk-1"}  # -s reached scrapy
    # --timeout 3 gave up the dripping article at once (-s RETRY_TIMES=0: no retry)
    rejects = {r["source"].replace(site.base, ""): r for r in records(out, "rejects.jsonl")}
    assert rejects[SLOW]["reason"] == "fetch_failed"
    assert "took longer than 3.0 seconds" in rejects[SLOW]["message"]
    assert proxy.paths().count(SLOW) == 1


def test_fetch_through_a_proxy(site, profile, proxy, capsys):
    before = dict(os.environ)
    url = site.base + "/news/id-merdeka-001.html"
    assert main(["fetch", "--profile", str(profile), "--format", "jsonl", "--proxy", f"http://127.0.0.1:{proxy.port}",
                 url]) == 0
    assert proxy.paths() == ["/robots.txt", "/news/id-merdeka-001.html"]
    assert len(site.requests()) == 2
    assert dict(os.environ) == before  # the proxy is set for the run only


@pytest.mark.parametrize(("argv", "message"), [
    (["--proxy", "socks5://127.0.0.1:1080"], "only http:// and https:// proxies"),
    (["--proxy", "127.0.0.1:3128"], "only http:// and https:// proxies"),
    (["--proxy", "http://127.0.0.1:99999"], "is not a URL"),
    (["--proxy", "http:///"], "names no host"),
    (["--timeout", "0"], "--timeout must be more than 0"),
    (["--max-articles", "0"], "--max-articles must be 1 or more"),
    (["-s", "JOBDIR=/tmp/q"], "-s JOBDIR: this setting cannot be changed"),
    (["-s", "ROBOTSTXT_OBEY=False"], "robots.txt is always obeyed"),
    (["-s", "REMOTE_CONTROL_ENABLED=True"], "no network endpoint"),
    (["-s", "TELNETCONSOLE_PORT=6023"], "cannot be changed"),
    (["-s", "ITEM_PIPELINES={}"], "cannot be changed"),
    (["-s", "DOWNLOADER_MIDDLEWARES_BASE={}"], "cannot be changed"),
    (["-s", "NEWSBROOM_PROXY=http://x:1"], "cannot be changed"),
    (["-s", "LOG_FILE=/tmp/scrapy.log"], "outside DIR"),
    (["-s", "HTTPCACHE_POLICY=scrapy.extensions.httpcache.RFC2616Policy"], "cannot be changed"),
    (["-s", "ROBOTSTXT_USER_AGENT=*"], "cannot be changed"),
    (["-s", "DOWNLOAD_TIMEOUT=5"], "use --timeout"),
    (["-s", "CONCURRENT_REQUESTS"], "give NAME=VALUE"),
    (["-s", "concurrent_requests=4"], "not a setting name"),
])
def test_crawl_refuses_bad_options(argv, message, tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["crawl", "-o", str(tmp_path / "out"), *argv])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "--jobs" not in err
    assert not (tmp_path / "out").exists()


def test_unknown_scrapy_setting_is_a_warning(tmp_path, capsys):
    from crawler.cli import _setting  # the -s parser: no crawl needed to see the warning

    assert _setting("DNS_TIMEOUT=5") == ("DNS_TIMEOUT", "5")
    assert capsys.readouterr().err == ""
    assert _setting("CONCURENT_REQUESTS=4") == ("CONCURENT_REQUESTS", "4")
    assert "scrapy has no such setting" in capsys.readouterr().err
