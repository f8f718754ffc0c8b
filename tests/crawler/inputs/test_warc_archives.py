"""WARC files as crawlers write them: encoded and chunked bodies, redirects, errors and images
among the pages. Pages become articles; what is not a page is counted as skipped, never rejected."""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections import Counter
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaners.model import Rejection
from crawler.cli import main
from crawler.inputs.bounded import CONTENT_CODINGS
from crawler.inputs.warc import iter_warc, unchunk

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
PAGES = FIXTURES / "warc" / "pages"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)


def _page(name: str) -> tuple[str, bytes]:
    where = PAGES if (PAGES / f"{name}.html").exists() else FIXTURES / "pages"
    gold = json.loads((where / f"{name}.json").read_text(encoding="utf-8"))
    return gold["url"], (where / f"{name}.html").read_bytes()


def _chunked(body: bytes, size: int = 1000) -> bytes:
    parts = [b"%x;ext=1\r\n%s\r\n" % (len(body[i:i + size]), body[i:i + size]) for i in range(0, len(body), size)]
    return b"".join(parts) + b"0\r\n\r\n"


def _deflate_raw(body: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-15)
    return packer.compress(body) + packer.flush()


def _write(path: Path, records: list[tuple[str, str, list[tuple[str, str]], bytes]]) -> None:
    """(url, status line, headers, raw body) per response record."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for url, status, headers, body in records:
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=http))


def _mixed_archive(path: Path) -> dict[str, str]:
    """An archive like a real crawl's; returns what each page record must become (by URL)."""
    antara_url, antara = _page("id-antara-101")
    taipei_url, taipei = _page("fundus-tw-TaipeiTimes-2024-10-15")
    kompas_url, kompas = _page("id-kompas-101")
    liputan_url, liputan = _page("id-liputan6-001")
    bbc_url, bbc = _page("fundus-uk-BBC-2026-04-25")
    thai_url, thai = _page("np4k-thai-article")
    html = ("Content-Type", "text/html; charset=utf-8")
    records = [
        ("https://www.antaranews.com/", "301 Moved Permanently", [("Location", antara_url), html], b""),
        (antara_url, "200 OK", [html, ("Content-Encoding", "gzip")], gzip.compress(antara)),
        (taipei_url, "200 OK", [html, ("Transfer-Encoding", "chunked")], _chunked(taipei)),
        (kompas_url, "200 OK", [html, ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
         _chunked(gzip.compress(kompas))),
        (liputan_url, "200 OK", [html, ("Content-Encoding", "deflate")], zlib.compress(liputan)),
        (bbc_url, "200 OK", [html, ("Content-Encoding", "deflate")], _deflate_raw(bbc)),
        (thai_url, "200 OK", [html, ("Content-Encoding", "gzip")], thai),  # stored decoded, header kept
        ("https://www.antaranews.com/missing", "404 Not Found", [html], b"<html><body>Not found</body></html>"),
        ("https://www.antaranews.com/logo.png", "200 OK", [("Content-Type", "image/png")], PNG),
        ("https://www.antaranews.com/site.css", "200 OK", [("Content-Type", "text/css")], b"body{color:red}"),
        ("https://www.antaranews.com/moved", "302 Found", [("Location", "/")], b""),
        ("https://www.antaranews.com/oops", "500 Internal Server Error", [html], b"<p>oops</p>"),
        ("https://www.antaranews.com/zstd", "200 OK", [html, ("Content-Encoding", "zstd")], b"\x28\xb5\x2f\xfd junk"),
        ("https://www.antaranews.com/bad-gzip", "200 OK", [html, ("Content-Encoding", "gzip")],
         b"\x1f\x8b\x08\x00" + bytes(range(200))),
        ("https://www.antaranews.com/cut", "200 OK", [html, ("Content-Encoding", "gzip")],
         gzip.compress(antara)[:-300]),
    ]
    _write(path, records)
    return {antara_url: antara, taipei_url: taipei, kompas_url: kompas, liputan_url: liputan, bbc_url: bbc,
            thai_url: thai}


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_a_real_crawl_archive_cleans_its_pages_and_skips_the_rest(tmp_path, name, capsys):
    warc = tmp_path / name
    expected = _mixed_archive(warc)
    out = tmp_path / "out"
    code = main(["clean", str(warc), "-o", str(out), "--jobs", "1", "--no-progress"])
    records = [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    rejects = [json.loads(line) for line in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(r["url"] for r in records) == sorted(expected)
    # Each page is the article of its own bytes, whatever the coding it was stored with.
    plain = tmp_path / "plain"
    plain.mkdir()
    for i, body in enumerate(expected.values()):
        (plain / f"{i}.html").write_bytes(body)
    assert main(["clean", str(plain), "-o", str(tmp_path / "plain-out"), "--jobs", "1", "--no-progress"]) == 0
    texts = [json.loads(line)["text"] for line in (tmp_path / "plain-out" / "articles.jsonl").read_text().splitlines()]
    assert [r["text"] for r in records] == texts
    assert [(r["source"].rsplit("#", 1)[1].split("@")[0], r["reason"]) for r in rejects] == [
        ("13", "undecodable"), ("14", "undecodable"), ("15", "truncated")]
    assert "zstd" in rejects[0]["message"]
    err = capsys.readouterr().err
    assert "skipped 6 not pages (http_status 2, not_html 2, redirect 2)" in err
    assert "rejected 3" in err and "written 6" in err
    assert code == 1
    # Without the undecodable records, an archive whose only misses are skips exits 0.
    clean = tmp_path / f"clean-{name}"
    _write(clean, [
        ("https://x.test/a", "200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
         gzip.compress(_page("id-antara-101")[1])),
        ("https://x.test/", "301 Moved Permanently", [("Location", "/a")], b""),
        ("https://x.test/b.png", "200 OK", [("Content-Type", "image/png")], PNG),
        ("https://x.test/gone", "404 Not Found", [("Content-Type", "text/html")], b"<p>gone</p>"),
    ])
    assert main(["clean", str(clean), "-o", str(tmp_path / "out2"), "--jobs", "1", "--no-progress"]) == 0
    assert (tmp_path / "out2" / "rejects.jsonl").read_text() == ""
    assert "skipped 3 not pages" in capsys.readouterr().err


def test_no_fail_on_reject_exits_0_with_rejections(tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    _mixed_archive(warc)
    args = ["clean", str(warc), "-o", str(tmp_path / "out"), "--jobs", "1", "--no-progress"]
    assert main([*args, "--no-fail-on-reject"]) == 0
    assert main([*args[:3], str(tmp_path / "out3"), *args[4:], "--fail-on-reject"]) == 1


def test_brotli_bodies_are_decoded_when_brotli_is_installed(tmp_path):
    brotli = pytest.importorskip("brotli")
    assert "br" in CONTENT_CODINGS
    url, body = _page("id-antara-101")
    warc = tmp_path / "br.warc"
    _write(warc, [(url, "200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "br")], brotli.compress(body)),
                  (url + "?bad", "200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "br")], b"\x0b junk")])
    page, bad = list(iter_warc(warc, "br.warc", 1 << 22))
    assert not isinstance(page, Rejection) and page.body == body
    assert "content-encoding" not in page.headers
    assert isinstance(bad, Rejection) and bad.reason in ("undecodable", "truncated")


def test_an_http_block_without_end_of_headers_is_a_broken_record(tmp_path):
    """It used to become an "article" titled `HTTP/1.1 200 OK`; the records after it are still read."""
    url, body = _page("id-antara-101")
    warc = tmp_path / "odd.warc"
    block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + b"X-Filler: a\r\n" * 10  # no blank line, ever
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
            b"WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: https://x.test/odd\r\n"
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n" % len(block))
    with open(warc, "wb") as fh:
        fh.write(head + block + b"\r\n\r\n")
        writer = WARCWriter(fh, gzip=False)
        for kind in ("resource", "response"):  # Heritrix writes DNS lookups as both
            writer.write_record(writer.create_warc_record("dns:x.test", kind, payload=io.BytesIO(b"x.test. 60 IN A 1"),
                                                          warc_content_type="text/dns"))
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
    skipped: Counter = Counter()
    items = list(iter_warc(warc, "odd.warc", 1 << 22, skipped))
    assert isinstance(items[0], Rejection) and (items[0].source, items[0].reason) == ("odd.warc#1@0", "broken_record")
    assert not isinstance(items[1], Rejection) and items[1].source.startswith("odd.warc#3@")
    offset = int(items[1].source.rsplit("@", 1)[1])  # where the response record starts, after the two DNS records
    assert warc.read_bytes()[offset:].startswith(b"WARC/1.0\r\nWARC-Type: response\r\n")
    assert skipped == Counter({"not_html": 1})


def test_unchunk():
    assert unchunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n") == b"Wikipedia"
    assert unchunk(b"<html>already joined</html>") == b"<html>already joined</html>"
    assert unchunk(b"4\r\nWiki\r\n50\r\nped") is None
