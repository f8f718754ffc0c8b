"""`newsbroom crawl` and SIGINT/SIGTERM, as a real process over real HTTP on 127.0.0.1: the first signal is
answered at once, a second one ends the pass, no traceback ever, and the exit codes the README gives."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time

from tests.crawler.conftest import child_pids, generated_profile, wait_until
from tests.server import SiteServer, generated_site

NEWSBROOM = [sys.executable, "-m", "crawler.cli"]
MESSAGE = "newsbroom: finishing "
AGAIN = " in flight; Ctrl-C again to stop now"


class _Gate:
    """A generated site whose article pages wait for `open` (at most 60 s); `arrived` counts the article
    requests that reached the server: a crawl held mid-pass for as long as the test needs."""

    def __init__(self, n: int) -> None:
        self.generator = generated_site(n, per_sitemap=n)
        self.open = threading.Event()
        self.arrived = 0
        self._lock = threading.Lock()

    def __call__(self, path: str, base: str):
        if path.startswith("/berita/"):
            with self._lock:
                self.arrived += 1
            self.open.wait(60)
        return self.generator(path, base)


class _Crawl:
    """`newsbroom crawl` running, its stderr read line by line as it comes."""

    def __init__(self, args: list[str]) -> None:
        self.proc = subprocess.Popen(NEWSBROOM + ["crawl", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.put(line)

    def wait_line(self, start: str, timeout: float = 60) -> tuple[str, float]:
        """The first line starting with `start` and when it came (time.monotonic())."""
        deadline = time.monotonic() + timeout
        for line in self.seen:
            if line.startswith(start):
                return line, 0.0
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.05)
            except queue.Empty:
                continue
            self.seen.append(line)
            if line.startswith(start):
                return line, time.monotonic()
        raise AssertionError(f"no line {start!r} in {timeout}s: {self.seen}")

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        code = self.proc.wait(timeout=timeout)
        time.sleep(0.05)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return code, "".join(self.seen)


def _in_flight(line: str) -> int:
    assert line.startswith(MESSAGE) and line.rstrip().endswith(AGAIN), line
    return int(line[len(MESSAGE):].split(maxsplit=1)[0])


def _clean(err: str) -> None:
    assert "Traceback" not in err and "Unhandled error" not in err and "KeyboardInterrupt" not in err, err


def _args(site, tmp_path) -> list[str]:
    profile = generated_profile(site, tmp_path / "gen.toml")
    return ["--profile", str(profile), "-o", str(tmp_path / "out"), "--delay", "0", "--no-autothrottle"]


def test_sigint_while_the_pass_starts_stops_it_quietly_with_130(tmp_path):
    gate = _Gate(6)
    with SiteServer(tmp_path / "none", generator=gate) as site:
        crawl = _Crawl(_args(site, tmp_path))
        try:
            # the pass process has just been started: it is importing, nothing is fetched yet
            wait_until(lambda: child_pids(crawl.proc.pid), 60, "the pass process to start")
            sent = time.monotonic()
            crawl.proc.send_signal(signal.SIGINT)
            line, came = crawl.wait_line(MESSAGE, 30)
            assert came - sent < 2.0, f"the message came {came - sent:.1f}s after the signal"
            assert line.rstrip().endswith(AGAIN)
        finally:
            gate.open.set()
        code, err = crawl.finish()
    _clean(err)
    assert code == 130, err
    assert "stopped before the pass finished" in err
    assert gate.arrived == 0  # stopped while starting: no article was asked for


def test_sigint_twice_during_a_pass_ends_it_now_with_130(tmp_path):
    gate = _Gate(20)
    with SiteServer(tmp_path / "none", generator=gate) as site:
        crawl = _Crawl(_args(site, tmp_path))
        try:
            wait_until(lambda: gate.arrived >= 2, 60, "the pass to ask for articles")  # concurrency 2, held
            sent = time.monotonic()
            crawl.proc.send_signal(signal.SIGINT)
            line, came = crawl.wait_line(MESSAGE, 30)
            assert came - sent < 2.0, f"the message came {came - sent:.1f}s after the signal"
            assert 2 <= _in_flight(line) < 20  # two held at the gate, more queued for the site's slot
            assert crawl.proc.poll() is None  # still finishing them
            crawl.proc.send_signal(signal.SIGINT)
            code, err = crawl.finish(30)
        finally:
            gate.open.set()
    _clean(err)
    assert code == 130, err
    assert "stopped now; what it wrote stays" in err
    assert "failed" not in err


def test_first_sigterm_finishes_what_is_in_flight_then_exits_130(tmp_path):
    gate = _Gate(20)
    with SiteServer(tmp_path / "none", generator=gate) as site:
        crawl = _Crawl(_args(site, tmp_path))
        try:
            wait_until(lambda: gate.arrived >= 2, 60, "the pass to ask for articles")
            crawl.proc.send_signal(signal.SIGTERM)
            n = _in_flight(crawl.wait_line(MESSAGE, 30)[0])
        finally:
            gate.open.set()  # the requests in flight are answered: the pass writes them and ends
        code, err = crawl.finish()
        asked = gate.arrived
    _clean(err)
    assert code == 130, err
    assert 2 <= n < 20
    summary = next(line for line in err.splitlines() if line.startswith("newsbroom: discovered"))
    assert f"written {n} " in summary and asked == n, (summary, asked)  # in flight finished, nothing new started
    assert (tmp_path / "out" / "articles.jsonl").read_bytes().count(b"\n") == n


def test_every_stopped_by_its_first_signal_exits_0_and_a_failed_last_pass_1(tmp_path):
    gate = _Gate(4)
    with SiteServer(tmp_path / "none", generator=gate) as site:
        crawl = _Crawl(_args(site, tmp_path) + ["--every", "1h"])
        try:
            wait_until(lambda: gate.arrived >= 1, 60, "the pass to ask for articles")
            crawl.proc.send_signal(signal.SIGTERM)
            crawl.wait_line(MESSAGE, 30)
        finally:
            gate.open.set()
        code, err = crawl.finish()
    _clean(err)
    assert code == 0, err
    assert "newsbroom: pass 1: discovered" in err and "newsbroom: stopped" in err
    # a pass that fails (its output directory's JSONL is a directory) and no later pass: exit 1
    with SiteServer(tmp_path / "none", generator=generated_site(2, per_sitemap=2)) as site:
        out = tmp_path / "broken"
        (out / "articles.jsonl").mkdir(parents=True)
        args = _args(site, tmp_path)
        args[args.index("-o") + 1] = str(out)
        run = subprocess.run(NEWSBROOM + ["crawl", *args], capture_output=True, text=True, timeout=120,
                             env={**os.environ})
    assert run.returncode == 1, run.stderr
    assert "pass 1 failed" in run.stderr
