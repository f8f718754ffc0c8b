"""Shared fixtures of the crawler tests: a real HTTP server on 127.0.0.1 serving fixtures/site/, a real
redis-server on a free local port, and helpers to run a crawl pass and read what it wrote."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from crawler.crawl.config import CrawlConfig
from crawler.crawl.passes import run_pass
from tests.server import SiteServer, render_profile


@pytest.fixture
def site():
    with SiteServer() as server:
        yield server


@pytest.fixture
def profile(site, tmp_path) -> Path:
    return render_profile(site.base, tmp_path / "profiles")


def config(out: Path, profile: Path, **changes) -> CrawlConfig:
    values: dict[str, Any] = dict(out_dir=str(out), profile_files=[str(profile)], autothrottle=False, delay=0.0,
                                  retry_backoff=0.1)
    values.update(changes)
    return CrawlConfig(**values)


def crawl(out: Path, profile: Path, **changes):
    return run_pass(config(out, profile, **changes))


def records(out: Path, name: str = "articles.jsonl") -> list[dict]:
    path = out / name
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def article_paths(site: SiteServer) -> list[str]:
    return [r.path for r in site.requests() if r.path.startswith(("/news/", "/multi/", "/extra/", "/private/"))]


def child_pids(pid: int) -> list[int]:
    """Every descendant of process `pid` (Linux /proc)."""
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    out = [int(p) for p in found]
    for child in list(out):
        out += child_pids(child)
    return out


# -- redis-server ----------------------------------------------------------------------------------
REDIS_SERVER = shutil.which("redis-server")
needs_redis = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed (apt-get install "
                                 "redis-server); CI installs it")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class RedisServer:
    """redis-server on 127.0.0.1:<port> with its data (AOF) in `directory`; stop() and start() again
    keep the port and the data."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None
        self.started = False

    def start(self) -> RedisServer:
        """Start it and wait until it answers. The free port is checked to be ours: another test run
        on this machine may have taken it in the meantime (then, on a first start, take another)."""
        for _ in range(5):
            if self._start_once():
                return self
            if self.started:
                break
            self.port = free_port()
            self.url = f"redis://127.0.0.1:{self.port}/0"
        raise AssertionError(f"another redis-server answers on port {self.port}")

    def _start_once(self) -> bool:
        import redis

        self.proc = subprocess.Popen([REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1",
                                      "--dir", str(self.dir), "--appendonly", "yes", "--save", "",
                                      "--daemonize", "no", "--logfile", str(self.dir / "redis.log")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port, socket_connect_timeout=1)

        def ready() -> bool:
            if self.proc.poll() is not None:  # it exited: the port was taken, or a real failure
                return True
            try:
                return bool(client.ping())
            except redis.exceptions.RedisError:  # refused, or still loading the AOF
                return False

        try:
            wait_until(ready, 15, "redis-server to answer")
            if self.proc.poll() is not None:
                assert self._taken(), (self.dir / "redis.log").read_text()
                ours = False
            else:
                ours = client.info("server")["process_id"] == self.proc.pid
        finally:
            client.close()
        if not ours:
            self.stop()
            return False
        self.started = True
        return True

    def _taken(self) -> bool:
        """Whether our redis-server exited because the port was in use."""
        log = self.dir / "redis.log"
        return log.exists() and "Address already in use" in log.read_text()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: redis-server flushes the AOF and exits
            self.proc.wait(15)
        self.proc = None

    def client(self):
        import redis

        return redis.Redis(port=self.port)


@pytest.fixture
def redis_server(tmp_path):
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server); CI installs it")
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


def slow_articles(generator, seconds: float):
    """A generated site whose article pages take `seconds` to answer (a crawl that can be caught mid-run)."""
    def serve(path: str, base: str):
        if path.startswith("/berita/"):
            time.sleep(seconds)
        return generator(path, base)

    return serve


def generated_profile(site, path: Path) -> Path:
    """A profile for the tests' generated site (tests/server.py generated_site), written to `path`."""
    path.write_text(f'id = "gen"\ndomains = ["127.0.0.1"]\n[extract]\nbody = ["article"]\n[crawl]\n'
                    f'sitemaps = ["{site.base}/sitemap_index.xml"]\nconcurrency = 2\ndelay = 0.0\n')
    return path


def fetch_refusal(fetcher, url: str) -> pytest.ExceptionInfo:
    """The RejectedInput `fetcher` raises for `url` (the test fails if it fetches the page); the
    fetcher is closed either way."""
    from cleaners import RejectedInput

    try:
        with pytest.raises(RejectedInput) as info:
            fetcher.pages(url)
    finally:
        fetcher.close()
    return info
