"""A small real HTTP server for the tests and the benchmarks (127.0.0.1 only).

It serves a directory (fixtures/site/ by default) with `{{BASE}}` in text files replaced by its
own base URL, answers conditional requests (ETag / If-None-Match, Last-Modified /
If-Modified-Since) with 304, gzips `X.gz` on the fly from `X`, and can be told to answer a
path with a scripted status (429 with Retry-After, 500, a redirect). Every request is logged.
`python -m tests.server --generate N` (from the repository root) serves a generated site of N
articles instead.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import mimetypes
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["SiteServer", "QuietServer", "Logged", "SITE_DIR", "PAGES_DIR", "generated_site", "render_profile"]

ROOT = Path(__file__).resolve().parent.parent / "fixtures"
SITE_DIR = ROOT / "site"
PAGES_DIR = ROOT / "pages"
_TEXT_TYPES = (".xml", ".rss", ".atom", ".html", ".htm", ".txt", ".toml")
_TYPES = {".xml": "application/xml", ".rss": "application/rss+xml", ".atom": "application/atom+xml",
          ".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8",
          ".gz": "application/gzip"}
FIXED_MTIME = 1_700_000_000.0  # files are served as last modified at this time unless touched


class QuietServer(ThreadingHTTPServer):
    """A client that reset or hung up a connection (a crawl killed, a kept-alive connection closed, a
    body over its size limit) is no error of the site's: it is not printed (it would be, from the
    server's thread, into the test run's output); any other error still is."""

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@dataclass(frozen=True)
class Logged:
    time: float
    method: str
    path: str
    host: str
    status: int
    headers: dict


class SiteServer:
    """`with SiteServer() as site: site.base` -> "http://127.0.0.1:PORT"."""

    def __init__(self, root: Path = SITE_DIR, *, mounts: dict[str, Path] | None = None,
                 generator: Callable[[str, str], tuple[bytes, str, float] | None] | None = None) -> None:
        self.root = Path(root)
        self.mounts = {"/news/": PAGES_DIR} if mounts is None and root == SITE_DIR else (mounts or {})
        self.generator = generator
        self.overrides: dict[str, tuple[bytes, str, float]] = {}
        self.scripts: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self.log: list[Logged] = []
        self._lock = threading.Lock()
        self.httpd = QuietServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread: threading.Thread | None = None

    # -- control ---------------------------------------------------------------------------------
    def start(self) -> SiteServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="site-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def put(self, path: str, body: bytes | str, content_type: str | None = None, mtime: float | None = None) -> None:
        """Serve `body` at `path` from now on (a new or updated page)."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        ctype = content_type or _TYPES.get(Path(path).suffix, "application/octet-stream")
        self.overrides[path] = (data, ctype, mtime if mtime is not None else time.time())

    def script(self, path: str, *responses: tuple[int, dict[str, str]]) -> None:
        """Answer the next requests of `path` with these (status, headers) before serving it."""
        self.scripts[path] = list(responses)

    def requests(self, path: str | None = None) -> list[Logged]:
        with self._lock:
            return [r for r in self.log if path is None or r.path == path]

    # -- content ---------------------------------------------------------------------------------
    def _file(self, path: str) -> Path | None:
        for prefix, directory in self.mounts.items():
            if path.startswith(prefix):
                candidate = (directory / path[len(prefix):]).resolve()
                if directory.resolve() in candidate.parents and candidate.is_file():
                    return candidate
        candidate = (self.root / path.lstrip("/")).resolve()
        if path.endswith("/"):
            candidate = candidate / "index.html"
        if (self.root.resolve() == candidate or self.root.resolve() in candidate.parents) and candidate.is_file():
            return candidate
        return None

    def content(self, path: str) -> tuple[bytes, str, float] | None:
        if path in self.overrides:
            return self.overrides[path]
        path = urlsplit(path).path
        if path in self.overrides:
            return self.overrides[path]
        if self.generator is not None:
            found = self.generator(path, self.base)
            if found is not None:
                return found
        file = self._file(path)
        if file is not None:
            data = file.read_bytes()
            if file.suffix in _TEXT_TYPES:
                data = data.replace(b"{{BASE}}", self.base.encode())
            return data, _TYPES.get(file.suffix, mimetypes.guess_type(file.name)[0] or "application/octet-stream"), \
                FIXED_MTIME
        if path.endswith(".gz"):
            inner = self.content(path[:-3])
            if inner is not None:
                return gzip.compress(inner[0], mtime=0), "application/gzip", inner[2]
        return None

    # -- HTTP ------------------------------------------------------------------------------------
    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def _send(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
                # Logged before answering: a client that has its answer finds it in the log.
                with server._lock:
                    server.log.append(Logged(time.monotonic(), self.command, self.path,
                                             self.headers.get("Host", ""), status, dict(self.headers)))
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD" and body:
                    self.wfile.write(body)

            def do_HEAD(self) -> None:
                self.do_GET()

            def do_GET(self) -> None:
                path = self.path
                scripted = server.scripts.get(path)
                if scripted:
                    status, headers = scripted.pop(0)
                    body = f"status {status}".encode()
                    self._send(status, {"Content-Type": "text/plain", **headers}, body)
                    return
                found = server.content(path)
                if found is None:
                    self._send(404, {"Content-Type": "text/plain"}, b"not found")
                    return
                body, ctype, mtime = found
                etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
                last_modified = email.utils.formatdate(mtime, usegmt=True)
                headers = {"Content-Type": ctype, "ETag": etag, "Last-Modified": last_modified}
                inm = self.headers.get("If-None-Match")
                ims = self.headers.get("If-Modified-Since")
                if inm is not None:
                    if etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*":
                        self._send(304, {"ETag": etag, "Last-Modified": last_modified})
                        return
                elif ims is not None:
                    try:
                        since = email.utils.parsedate_to_datetime(ims).timestamp()
                    except (TypeError, ValueError):
                        since = None
                    if since is not None and int(mtime) <= int(since):
                        self._send(304, {"ETag": etag, "Last-Modified": last_modified})
                        return
                self._send(200, headers, body)

        return Handler


def render_profile(base: str, dest_dir: Path, source: Path | None = None) -> Path:
    """The site's profile (fixtures/site/profile/<id>.toml) with `{{BASE}}` made `base`, in `dest_dir`."""
    source = source or next((SITE_DIR / "profile").glob("*.toml"))
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / source.name
    dest.write_text(source.read_text(encoding="utf-8").replace("{{BASE}}", base), encoding="utf-8")
    return dest


# -- a generated site, for the benchmark ----------------------------------------------------------
_WORDS = ["pemerintah", "menyatakan", "bahwa", "program", "pembangunan", "daerah", "akan", "dilanjutkan", "tahun",
          "depan", "dengan", "anggaran", "yang", "lebih", "besar", "untuk", "pendidikan", "kesehatan", "infrastruktur",
          "jalan", "desa", "warga", "menyambut", "baik", "rencana", "itu", "namun", "sebagian", "meminta",
          "pengawasan", "ketat", "agar", "dana", "tidak", "diselewengkan", "oleh", "pejabat", "setempat"]


def _sentence(seed: int, n: int) -> str:
    words = [_WORDS[(seed * 7 + i * 13 + (seed >> 3)) % len(_WORDS)] for i in range(n)]
    return (" ".join(words)).capitalize() + "."


def _article_html(i: int, base: str) -> bytes:
    paras = "\n".join(f"<p>{_sentence(i * 31 + k, 18)} {_sentence(i * 17 + k, 14)} Nomor {i}-{k}.</p>"
                      for k in range(8))
    return (f"<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>Berita nomor {i} | Contoh</title>"
            f"<link rel=\"canonical\" href=\"{base}/berita/{i}/berita-nomor-{i}\">"
            f"<meta property=\"article:published_time\" content=\"2025-07-0{1 + i % 9}T10:00:00+07:00\"></head>"
            f"<body><nav><a href=\"/\">Beranda</a> <a href=\"/topik/politik\">Politik</a></nav>"
            f"<article><h1>Berita nomor {i}: {_sentence(i, 6)[:-1]}</h1>{paras}</article>"
            f"<aside><h3>Berita Terkait</h3><a href=\"/berita/{i + 1}/berita-nomor-{i + 1}\">Lainnya</a></aside>"
            f"<footer>Hak cipta 2025 Contoh</footer></body></html>").encode()


def generated_site(n: int, per_sitemap: int = 1000) -> Callable[[str, str], tuple[bytes, str, float] | None]:
    """robots.txt, a sitemap index of sitemaps of `per_sitemap` URLs, and `n` article pages."""
    maps = (n + per_sitemap - 1) // per_sitemap

    def serve(path: str, base: str) -> tuple[bytes, str, float] | None:
        if path == "/robots.txt":
            return f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap_index.xml\n".encode(), "text/plain", FIXED_MTIME
        if path == "/sitemap_index.xml":
            items = "".join(f"<sitemap><loc>{base}/sitemap-{k}.xml</loc></sitemap>" for k in range(maps))
            return (f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                    f'sitemap/0.9">{items}</sitemapindex>').encode(), "application/xml", FIXED_MTIME
        if path.startswith("/sitemap-") and path.endswith(".xml"):
            k = int(path[len("/sitemap-"):-4])
            urls = "".join(f"<url><loc>{base}/berita/{i}/berita-nomor-{i}</loc><lastmod>2025-07-01</lastmod></url>"
                           for i in range(k * per_sitemap, min(n, (k + 1) * per_sitemap)))
            return (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                    f'sitemap/0.9">{urls}</urlset>').encode(), "application/xml", FIXED_MTIME
        if path.startswith("/berita/"):
            try:
                i = int(path.split("/")[2])
            except (IndexError, ValueError):
                return None
            if 0 <= i < n:
                return _article_html(i, base), "text/html; charset=utf-8", FIXED_MTIME
        return None

    return serve


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m tests.server", description=__doc__.split("\n")[0])
    parser.add_argument("--generate", type=int, metavar="N", help="serve a generated site of N articles")
    args = parser.parse_args(argv)
    server = SiteServer(Path("/nonexistent"), generator=generated_site(args.generate)) if args.generate \
        else SiteServer()
    print(server.base, flush=True)
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
    print("stopped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
