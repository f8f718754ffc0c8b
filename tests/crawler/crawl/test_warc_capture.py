"""`--warc` end to end over real HTTP on 127.0.0.1: what a crawl or a fetch wrote, `newsbroom clean` of its
raw capture writes again, text for text, article id for article id."""

from __future__ import annotations

import gzip
import json
import stat
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from crawler.cli import main
from tests.crawler.conftest import crawl, needs_redis, records
from tests.server import PAGES_DIR, QuietServer


def _texts(out: Path, name: str = "articles.jsonl") -> dict[str, str]:
    """id -> text of the last record of each id (a later version replaces an earlier one)."""
    return {r["id"]: r["text"] for r in records(out, name)}


def _warc_records(path: Path) -> list[tuple[str, dict[str, str], bytes]]:
    """(WARC-Type, WARC headers, block) of every record of a .warc.gz."""
    from fastwarc.warc import ArchiveIterator

    with open(path, "rb") as fh:
        return [(r.headers.get("WARC-Type"), dict(r.headers), r.reader.read())
                for r in ArchiveIterator(fh, parse_http=False)]


def _clean(paths: list[Path], out: Path) -> int:
    return main(["clean", *map(str, paths), "-o", str(out), "--jobs", "1", "--no-progress"])


def test_crawl_warc_cleans_to_the_same_articles(site, tmp_path):
    out = tmp_path / "out"
    summary = crawl(out, tmp_path / "unused", profile_files=[], seed_urls=[site.base + "/"], warc=True)
    written = _texts(out)
    assert summary.written == len(written) >= 4
    files = sorted((out / "warc").glob("*.warc.gz"))
    assert len(files) == 1 and files[0].name.startswith("crawl-")
    assert stat.S_IMODE(files[0].stat().st_mode) & 0o022 == 0 and files[0].stat().st_mode & 0o444 == 0o444
    assert not list((out / "warc").glob(".*"))  # the open-file marker is gone once the pass ended
    kinds = [kind for kind, _, _ in _warc_records(files[0])]
    # one request and one response per article page; no robots.txt, feed or sitemap
    assert kinds[0] == "warcinfo" and kinds.count("request") == kinds.count("response")
    targets = {h["WARC-Target-URI"] for kind, h, _ in _warc_records(files[0]) if kind == "response"}
    assert all("/news/" in url or "/multi/" in url or "/extra/" in url for url in targets), targets
    cleaned = tmp_path / "cleaned"
    _clean(files, cleaned)
    assert _texts(cleaned) == written


# -- a server that gzips and chunks its answers, as real sites do ------------------------------------
PAGE = "id-merdeka-001.html"


class _GzipHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        if self.path != "/news/" + PAGE:
            body = b"not found"
            self.send_response(404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        body = gzip.compress((PAGES_DIR / PAGE).read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for start in range(0, len(body), 4096):
            chunk = body[start:start + 4096]
            self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        self.wfile.write(b"0\r\n\r\n")


@pytest.fixture
def gzip_site():
    server = QuietServer(("127.0.0.1", 0), _GzipHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetch_warc_of_a_gzipped_chunked_page_is_self_consistent(gzip_site, tmp_path):
    out = tmp_path / "out"
    url = f"{gzip_site}/news/{PAGE}"
    assert main(["fetch", "-o", str(out), "--warc", url]) == 0
    files = sorted((out / "warc").glob("fetch-*.warc.gz"))
    assert len(files) == 1
    recs = _warc_records(files[0])
    request = next(block for kind, _, block in recs if kind == "request")
    assert request.startswith(f"GET /news/{PAGE} HTTP/1.1\r\n".encode()) and b"\r\nUser-Agent: newsbroom/" in request
    head, _, body = next(block for kind, _, block in recs if kind == "response").partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    assert lines[0] == "HTTP/1.1 200 OK"
    headers = dict(line.split(": ", 1) for line in lines[1:])
    # stored decoded and de-chunked: the headers that described the wire are kept renamed
    assert body == (PAGES_DIR / PAGE).read_bytes()
    assert headers["Content-Length"] == str(len(body))
    assert headers["X-Archive-Orig-Content-Encoding"] == "gzip"
    assert headers["X-Archive-Orig-Transfer-Encoding"] == "chunked"
    assert "Content-Encoding" not in headers and "Transfer-Encoding" not in headers
    cleaned = tmp_path / "cleaned"
    assert _clean(files, cleaned) == 0
    assert _texts(cleaned) == _texts(out) and len(_texts(out)) == 1


def test_fetch_warc_needs_an_output_directory(gzip_site, tmp_path, capsys):
    assert main(["fetch", "--warc", f"{gzip_site}/news/{PAGE}"]) == 2
    assert "give -o DIR" in capsys.readouterr().err


def test_fetch_warc_keeps_a_rejected_answer_too(gzip_site, tmp_path):
    out = tmp_path / "out"
    assert main(["fetch", "-o", str(out), "--warc", f"{gzip_site}/news/missing.html"]) == 1
    (file,) = (out / "warc").glob("*.warc.gz")
    responses = [block for kind, _, block in _warc_records(file) if kind == "response"]
    assert len(responses) == 1 and responses[0].startswith(b"HTTP/1.1 404 Not Found\r\n")
    assert [json.loads(line)["reason"] for line in (out / "rejects.jsonl").read_text().splitlines()] == ["http_error"]


@needs_redis
def test_shared_crawl_workers_each_write_their_own_file(redis_server, site, tmp_path):
    out = tmp_path / "out"
    workers = [subprocess.Popen([sys.executable, "-m", "crawler.cli", "crawl", "--seed-url", site.base + "/", "-o",
                                 str(out), "--state", redis_server.url, "--worker", name, "--delay", "0",
                                 "--no-autothrottle", "--warc"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True) for name in ("w1", "w2")]
    for proc in workers:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    written = {**_texts(out, "articles-w1.jsonl"), **_texts(out, "articles-w2.jsonl")}
    files = sorted((out / "warc").glob("*.warc.gz"))
    assert files and {f.name.split("-")[0] for f in files} <= {"w1", "w2"}
    assert len(written) >= 4
    _clean(files, tmp_path / "cleaned")
    assert _texts(tmp_path / "cleaned") == written
