"""`fetch` reads a body as it arrives and undoes its content coding under the size limit and the total
deadline, against a hostile HTTP server on 127.0.0.1: a compression bomb (a few hundred KB that inflate
to 256 MiB, as gzip, deflate or br) is a counted `too_large` rejection once the decoded bytes pass
the limit, without ever holding more than about the limit in memory; a body dripped a byte at a time
(plain or gzipped) is given up at the deadline; honest gzip, deflate and br pages decode to the same
page as the plain one, and a gzipped robots.txt is read (its head) like a plain one."""

from __future__ import annotations

import contextlib
import gzip
import json
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from cleaners import RejectedInput
from crawler.fetch.client import Fetcher, run_fetch
from crawler.inputs.bounded import CONTENT_CODINGS
from tests.server import PAGES_DIR, QuietServer

PAGE = (PAGES_DIR / "id-merdeka-001.html").read_bytes()  # a real page (provenance in its .json)
LIMIT = 1_000_000
BOMB_MIB = 256


def _deflated_zeros(mib: int) -> bytes:
    """Raw deflate data of `mib` MiB of NUL bytes, built in milliseconds: one MiB compressed with a full
    flush (byte-aligned, no reference to what came before) repeated, then the final empty block."""
    segment = zlib.compressobj(9, zlib.DEFLATED, -15)
    one = segment.compress(bytes(1 << 20)) + segment.flush(zlib.Z_FULL_FLUSH)
    return one * mib + zlib.compressobj(9, zlib.DEFLATED, -15).flush()


def _bomb(coding: str) -> bytes:
    if coding == "br":
        import brotli  # type: ignore[import-not-found,import-untyped,unused-ignore]

        return brotli.compress(bytes(BOMB_MIB << 20), quality=1)
    data = _deflated_zeros(BOMB_MIB)
    crc, adler, zeros = 0, 1, bytes(1 << 20)
    for _ in range(BOMB_MIB):
        crc, adler = zlib.crc32(zeros, crc), zlib.adler32(zeros, adler)
    if coding == "gzip":  # a gzip member: header, deflate data, CRC-32 and size
        return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + data + crc.to_bytes(4, "little")
                + ((BOMB_MIB << 20) & 0xFFFFFFFF).to_bytes(4, "little"))
    return b"\x78\xda" + data + adler.to_bytes(4, "big")  # HTTP deflate: zlib-wrapped


def _encode(body: bytes, coding: str) -> bytes:
    if coding == "br":
        import brotli

        return brotli.compress(body)
    return gzip.compress(body) if coding == "gzip" else zlib.compress(body)


class Hostile:
    """An HTTP server on 127.0.0.1 answering each path with a fixed response (status, headers, body), or
    dripping a body a few bytes every 0.1 s; robots.txt is 404 unless given."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.drips: dict[str, tuple[dict[str, str], bytes]] = {}
        self.stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                if self.path in server.drips:
                    self._drip(*server.drips[self.path])
                    return
                status, headers, body = server.routes.get(self.path, (404, {}, b"not here"))
                self.send_response(status)
                for name, value in {"Content-Length": str(len(body)), **headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                with contextlib.suppress(OSError):  # the client went away: what a bomb's reader should do
                    self.wfile.write(body)

            def _drip(self, headers: dict[str, str], body: bytes) -> None:
                self.send_response(200)
                for name, value in {"Content-Length": str(len(body)), **headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                for start in range(0, len(body), 4):
                    if server.stop.is_set():
                        return
                    try:
                        self.wfile.write(body[start:start + 4])
                    except OSError:
                        return
                    time.sleep(0.1)

        self.httpd = QuietServer(("127.0.0.1", 0), Handler)  # a reader that hung up is not printed
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> Hostile:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def hostile() -> Iterator[Hostile]:
    with Hostile() as server:
        yield server


def _html(coding: str | None = None) -> dict[str, str]:
    headers = {"Content-Type": "text/html; charset=utf-8"}
    return {**headers, "Content-Encoding": coding} if coding else headers


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br"])
def test_a_compression_bomb_is_rejected_at_the_decoded_limit_without_the_memory(hostile, coding):
    if coding not in CONTENT_CODINGS:
        pytest.skip(f"{coding} cannot be decoded here (the brotli package is missing)")
    bomb = _bomb(coding)
    assert len(bomb) < LIMIT // 2  # small on the wire: only the decoded size can stop it
    hostile.routes["/bomb.html"] = (200, _html(coding), bomb)
    fetcher = Fetcher(user_agent="newsbroom-test", max_bytes=LIMIT, timeout=10.0)
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(RejectedInput) as info:
            fetcher.pages(hostile.base + "/bomb.html")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        fetcher.close()
    assert info.value.reason == "too_large"
    assert info.value.message == (f"the response is over the limit of {LIMIT:,} bytes once decoded "
                                  f"(Content-Encoding: {coding}) (raise it with --max-bytes)")
    assert peak < 8 * LIMIT, f"{peak:,} bytes held for a {LIMIT:,}-byte limit"  # 256 MiB if inflated whole
    assert time.monotonic() - started < 5


def test_a_bomb_is_a_counted_rejection_and_the_other_urls_are_fetched(hostile, tmp_path, capsys):
    hostile.routes["/bomb.html"] = (200, _html("gzip"), _bomb("gzip"))
    hostile.routes["/article.html"] = (200, _html("gzip"), gzip.compress(PAGE))
    out = tmp_path / "out"
    code = run_fetch([hostile.base + "/bomb.html", hostile.base + "/article.html"], out_dir=str(out), fmt="jsonl",
                     user_agent="newsbroom-test", max_bytes=LIMIT, timeout=10.0)
    assert code == 1
    (reject,) = [json.loads(line) for line in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    assert reject["source"] == hostile.base + "/bomb.html" and reject["reason"] == "too_large"
    assert "once decoded (Content-Encoding: gzip)" in reject["message"]
    (record,) = [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record["url"] == hostile.base + "/article.html" and record["text"]
    err = capsys.readouterr().err
    assert "fetched 1, written 1, rejected 1" in err and "[too_large]" in err


@pytest.mark.parametrize("coding", [None, "gzip"])
def test_a_dripping_body_is_given_up_at_the_deadline(hostile, tmp_path, coding):
    body = _encode(PAGE, coding) if coding else PAGE
    hostile.drips["/drip.html"] = (_html(coding), body)  # 4 bytes every 0.1 s: no read ever times out
    out = tmp_path / "out"
    started = time.monotonic()
    code = run_fetch([hostile.base + "/drip.html"], out_dir=str(out), fmt="jsonl", user_agent="newsbroom-test",
                     max_bytes=LIMIT, timeout=1.0)
    elapsed = time.monotonic() - started
    assert code == 1
    (reject,) = [json.loads(line) for line in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    assert reject["reason"] == "fetch_failed" and "took over 1s" in reject["message"]
    assert elapsed < 2.5


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br", "utf-8"])
def test_a_coded_page_is_the_plain_page(hostile, coding):
    """A coding the server names but did not apply (`Content-Encoding: utf-8`, seen in the wild) is left
    as it is, as HTTP clients do."""
    if coding == "br" and coding not in CONTENT_CODINGS:
        pytest.skip("the brotli package is missing")
    hostile.routes["/plain.html"] = (200, _html(), PAGE)
    hostile.routes["/coded.html"] = (200, _html(coding), PAGE if coding == "utf-8" else _encode(PAGE, coding))
    fetcher = Fetcher(user_agent="newsbroom-test", max_bytes=LIMIT)
    try:
        (plain,) = fetcher.pages(hostile.base + "/plain.html")
        (coded,) = fetcher.pages(hostile.base + "/coded.html")
    finally:
        fetcher.close()
    assert coded.body == plain.body == PAGE
    assert coded.headers["content-encoding"] == coding


def test_a_corrupt_gzip_body_is_an_undecodable_rejection(hostile):
    hostile.routes["/broken.html"] = (200, _html("gzip"), b"\x1f\x8b\x08\x00" + b"not deflate data at all" * 10)
    fetcher = Fetcher(user_agent="newsbroom-test", max_bytes=LIMIT)
    try:
        with pytest.raises(RejectedInput) as info:
            fetcher.pages(hostile.base + "/broken.html")
    finally:
        fetcher.close()
    assert info.value.reason == "undecodable" and "does not decode as gzip" in info.value.message


def test_a_gzipped_robots_txt_over_the_limit_is_read(hostile):
    """Its head, decoded: the rule on its first line holds although the whole file inflates past the limit."""
    robots = b"User-agent: *\nDisallow: /news/\n" + (b"# " + b"x" * 97 + b"\n") * 20_000
    assert len(robots) > 1_000_000
    hostile.routes["/robots.txt"] = (200, {"Content-Type": "text/plain", "Content-Encoding": "gzip"},
                                     gzip.compress(robots))
    hostile.routes["/news/a.html"] = (200, _html(), PAGE)
    fetcher = Fetcher(user_agent="newsbroom-test", max_bytes=100_000)
    try:
        assert not fetcher.allowed(hostile.base + "/news/a.html")
        assert fetcher.allowed(hostile.base + "/other/a.html")
    finally:
        fetcher.close()
