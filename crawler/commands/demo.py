"""`newsbroom demo`: the whole pipeline offline. First the bundled fixture pages are cleaned (a short
quality report), then the bundled mini news site (fixtures/site/) is served on 127.0.0.1 and
crawled twice: the second, incremental pass fetches no article again.

The fixtures come from a source checkout: `--fixtures DIR` (default ./fixtures). The site is served
by `DemoSite`, the least a crawl of it needs: files with `{{BASE}}` filled in, `X.gz` gzipped from
`X`, and 304 Not Modified for conditional requests. (The tests' server, tests/server.py, can do more.)
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import gzip
import hashlib
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from cleaners.score import Corpus, gold_body
from crawler.commands import verbosity
from crawler.commands.clean import run_clean
from crawler.outputs.writer import Writer

__all__ = ["run", "run_demo", "run_crawl_demo", "DemoSite"]

_TYPES = {".xml": "application/xml", ".rss": "application/rss+xml", ".html": "text/html; charset=utf-8",
          ".txt": "text/plain; charset=utf-8", ".gz": "application/gzip"}
_LAST_MODIFIED = email.utils.formatdate(1_700_000_000, usegmt=True)


class DemoSite:
    """`with DemoSite(fixtures) as site: site.base`: fixtures/site/ on 127.0.0.1, fixtures/pages/ as
    /news/. `log` holds the (path, status) of every answer, in order."""

    def __init__(self, fixtures: Path) -> None:
        self.root, self.pages = fixtures / "site", fixtures / "pages"
        self.log: list[tuple[str, int]] = []
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> DemoSite:
        threading.Thread(target=self.httpd.serve_forever, name="demo-site", daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def content(self, path: str) -> bytes | None:
        """The body served at `path`, or None (404)."""
        if path.endswith(".gz"):
            inner = self.content(path[:-3])
            return None if inner is None else gzip.compress(inner, mtime=0)
        root, rest = (self.pages, path[len("/news/"):]) if path.startswith("/news/") else (self.root, path)
        file = (root / rest.lstrip("/")).resolve()
        if path.endswith("/"):
            file = file / "index.html"
        if root.resolve() not in file.parents or not file.is_file():
            return None
        return file.read_bytes().replace(b"{{BASE}}", self.base.encode())

    def answer(self, path: str, if_none_match: str | None, if_modified_since: str | None) -> tuple[int, dict, bytes]:
        """(status, headers, body) for a GET of `path`. Files never change here, so any
        If-Modified-Since (the server's one Last-Modified) is answered 304 too."""
        body = self.content(path)
        if body is None:
            return 404, {"Content-Type": "text/plain"}, b"not found"
        headers = {"ETag": '"' + hashlib.sha1(body).hexdigest()[:20] + '"', "Last-Modified": _LAST_MODIFIED}
        if (headers["ETag"] in if_none_match) if if_none_match is not None else if_modified_since is not None:
            return 304, headers, b""
        return 200, {"Content-Type": _TYPES.get(Path(path).suffix, "text/html; charset=utf-8"), **headers}, body

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                status, headers, body = site.answer(path, self.headers.get("If-None-Match"),
                                                    self.headers.get("If-Modified-Since"))
                with site._lock:  # before answering: a client that has its answer finds it in the log
                    site.log.append((path, status))
                self.send_response(status)
                for key, value in {**headers, "Content-Length": str(len(body))}.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def profile(self, dest_dir: Path) -> Path:
        """The site's profile (fixtures/site/profile/<id>.toml) with `{{BASE}}` filled in, in `dest_dir`."""
        source = next((self.root / "profile").glob("*.toml"))
        dest = dest_dir / source.name
        dest.write_text(source.read_text(encoding="utf-8").replace("{{BASE}}", self.base), encoding="utf-8")
        return dest


def run(args: argparse.Namespace) -> int:
    """`newsbroom demo [-o DIR] [--fixtures DIR]`: 2 when the fixtures are not there, or DIR holds
    files an earlier demo did not write (another command's output, or the user's)."""
    from crawler.outputs.manifest import OutputRefused

    fixtures = Path(args.fixtures)
    if not (fixtures / "pages").is_dir() or not (fixtures / "site").is_dir():
        print(f"newsbroom: error: no bundled fixtures (pages/ and site/) in {fixtures}; run the demo from a "
              "source checkout or give --fixtures DIR", file=sys.stderr)
        return 2
    try:
        clear_previous_demo(Path(args.output))
    except OutputRefused as exc:
        print(f"newsbroom: error: {exc}", file=sys.stderr)
        return 2
    return run_demo(Path(args.output), fixtures, narrate=verbosity(args) >= 0)


def clear_previous_demo(out_dir: Path) -> None:
    """Claim `out_dir` (and its crawl/) for the demo, removing what an earlier demo wrote there and
    nothing else: its records, the .txt files they name, the crawl's state. OutputRefused when a
    directory holds files no demo wrote."""
    from crawler.commands.clean import open_previous
    from crawler.outputs.manifest import claim
    from crawler.outputs.resume import load_previous, remove_files

    crawl_dir = out_dir / "crawl"
    claim(out_dir, "demo", mode="replace")
    if crawl_dir.exists():
        claim(crawl_dir, "demo", mode="replace")
        ids = {article_id for _, article_id in load_previous(crawl_dir).articles}
        for site in [p for p in crawl_dir.iterdir() if p.is_dir() and not p.is_symlink()]:
            remove_files(site, [f"{article_id}.txt" for article_id in ids])
            with contextlib.suppress(OSError):
                site.rmdir()  # only when nothing else is left in it
        remove_files(crawl_dir, ["articles.jsonl", "rejects.jsonl", "crawl.db", "crawl.db-wal", "crawl.db-shm",
                                 "crawl.db-journal"])
    open_previous(out_dir, "overwrite")


def run_demo(out_dir: Path, fixtures: Path, *, narrate: bool = True) -> int:
    """Clean fixtures/pages/ into `out_dir`, score it, then crawl fixtures/site/ into `out_dir`/crawl."""
    pages = fixtures / "pages"
    if narrate:  # -q: the report on stdout only
        print(f"Cleaning the bundled pages in {pages} into {out_dir}/ ...", file=sys.stderr)
    with Writer(out_dir, "both") as writer:
        summary = run_clean([str(pages)], writer, jobs=1, progress=False)
    corpus = Corpus.empty()
    records = [json.loads(line) for line in (out_dir / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    for record in records:
        gold_path = Path(record["source"]).with_suffix(".json")
        if gold_path.exists():
            corpus.add(record["text"], gold_body(json.loads(gold_path.read_text(encoding="utf-8"))))
    print(f"{summary.line()}")
    print(f"quality against the gold text: P {corpus.precision:.3f}  R {corpus.recall:.3f}  F1 {corpus.f1:.3f}  "
          f"junk lines {corpus.leaks}")
    for record in records[:5]:
        print(f"  {Path(record['source']).stem}: {record['title']!r} [{record['language']}, "
              f"{record['published_at'] or 'no date'}] {len(record['text'])} chars")
    print(f"wrote {out_dir}/articles.jsonl and one .txt per page; try: head -3 {out_dir}/id-merdeka-001.txt")
    return run_crawl_demo(out_dir / "crawl", fixtures, narrate=narrate)


def run_crawl_demo(out_dir: Path, fixtures: Path, *, narrate: bool = True) -> int:
    """Serve fixtures/site/ on 127.0.0.1, crawl it twice into `out_dir` (fresh, or an earlier demo's
    cleared by clear_previous_demo), print what was written."""
    import tempfile

    from crawler.crawl.config import CrawlConfig
    from crawler.crawl.passes import run_pass
    from crawler.outputs.manifest import claim

    claim(out_dir, "demo", mode="replace")
    with DemoSite(fixtures) as site, tempfile.TemporaryDirectory() as tmp:
        profile = site.profile(Path(tmp))
        config = CrawlConfig(out_dir=str(out_dir), profile_files=[str(profile)])
        if narrate:
            print(f"\nCrawling the bundled site served at {site.base}/ (robots.txt, sitemap index, Google News "
                  f"sitemap, RSS feed, index page) into {out_dir}/ ...", file=sys.stderr)
        first = run_pass(config)
        print(f"pass 1: {first.line()}")
        served = len(site.log)
        second = run_pass(config)
        asked = site.log[served:]
        again = [path for path, status in asked if status == 200 and not path.endswith("robots.txt")]
        print(f"pass 2: {second.line()}")
        print(f"pass 2 asked {len(asked)} times, {len(again)} full answers "
              f"(the rest were 304 Not Modified)")
    records = [json.loads(line) for line in (out_dir / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    for record in records:
        print(f"  contoh/{record['id']}.txt  {(record['title'] or '')[:60]!r} [{record['language']}]")
    for line in (out_dir / "rejects.jsonl").read_text(encoding="utf-8").splitlines():
        reject = json.loads(line)
        print(f"  rejected {reject['source'].rsplit('/', 1)[-1]}: {reject['reason']}")
    print(f"wrote {out_dir}/articles.jsonl, {out_dir}/rejects.jsonl and {out_dir}/contoh/<id>.txt")
    return 0 if second.written == 0 and first.written else 1
