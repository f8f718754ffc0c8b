"""Articles cleaned beside the reactor (crawler.crawl.cleanpool), over real HTTP on 127.0.0.1: the same
records as cleaning each article while the reactor waits; a page whose cleaning runs over its limit is a
counted `timeout` and the pass goes on; kill -9 of the crawl leaves no cleaning worker, even a busy one;
a pass with nothing new to fetch starts no cleaning worker; records are written in the order the
articles reached the pipeline."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from crawler.crawl.cleanpool import InOrder
from tests.crawler.conftest import crawl, generated_profile, records, wait_until
from tests.server import FIXED_MTIME, SiteServer, generated_site

NEWSBROOM = [sys.executable, "-m", "crawler.cli"]
# One tag with 20,000 attributes (200 kB): about 4.5 s of cleaning on an idle machine (see
# tests/crawler/commands/test_clean_limits.py), far over a limit of 0.5 s.
SLOW_PAGE = ("<html><body><div " + " ".join(f'a{i}="x"' for i in range(20_000)) + ">teks</div></body></html>").encode()


def _with_slow(generator, slow: set[int]):
    """A generated site whose articles numbered in `slow` are SLOW_PAGE."""
    def serve(path: str, base: str):
        if path.startswith("/berita/") and int(path.split("/")[2]) in slow:
            return SLOW_PAGE, "text/html; charset=utf-8", FIXED_MTIME
        return generator(path, base)

    return serve


def _descendants(pid: int) -> list[int]:
    """Every descendant of `pid`, the children of each of its threads included (the fork server that
    starts the cleaning workers is a child of the thread that started it)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(p) for p in (task / "children").read_text().split()]
    return found + [d for child in found for d in _descendants(child)]


def _alive(pid: int) -> bool:
    try:
        stat = open(f"/proc/{pid}/stat", encoding="ascii").read()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] not in (["Z"], ["X"])


def test_the_pool_writes_what_cleaning_in_step_writes(tmp_path):
    with SiteServer(tmp_path / "none", generator=generated_site(6)) as site:
        profile = generated_profile(site, tmp_path / "gen.toml")
        pooled = crawl(tmp_path / "pool", profile, clean_jobs=2)
        in_step = crawl(tmp_path / "step", profile, clean_jobs=0)
    assert pooled.written == in_step.written == 6
    assert pooled.clean_cpu > 0
    key = lambda r: (r["url"], r["id"], r["title"], r["text"])  # noqa: E731
    assert sorted(map(key, records(tmp_path / "pool"))) == sorted(map(key, records(tmp_path / "step")))


def test_a_page_over_its_cleaning_limit_is_a_timeout_and_the_pass_goes_on(tmp_path):
    with SiteServer(tmp_path / "none", generator=_with_slow(generated_site(6), {2})) as site:
        profile = generated_profile(site, tmp_path / "gen.toml")
        started = time.monotonic()
        summary = crawl(tmp_path / "out", profile, clean_jobs=1, page_timeout=0.5)
        assert time.monotonic() - started < 40
    assert summary.written == 5 and dict(summary.rejected) == {"timeout": 1}
    [reject] = records(tmp_path / "out", "rejects.jsonl")
    assert reject["reason"] == "timeout" and "/berita/2/" in reject["source"]
    assert sorted(int(r["url"].split("/")[4]) for r in records(tmp_path / "out")) == [0, 1, 3, 4, 5]


def test_kill_9_of_the_crawl_leaves_no_cleaning_worker_even_a_busy_one(tmp_path):
    with SiteServer(tmp_path / "none", generator=_with_slow(generated_site(3, per_sitemap=3), {0, 1, 2})) as site:
        profile = generated_profile(site, tmp_path / "gen.toml")
        proc = subprocess.Popen(NEWSBROOM + ["crawl", "--profile", str(profile), "-o", str(tmp_path / "out"),
                                             "--delay", "0", "--no-autothrottle"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        children: list[int] = []
        try:
            wait_until(lambda: [r for r in site.requests() if r.path.startswith("/berita/")], 60,
                       "the pass to fetch an article")
            # the pass, its fork server and resource tracker, the cleaning workers (one busy for about 9 s)
            wait_until(lambda: len(_descendants(proc.pid)) >= 5, 60, "the cleaning workers to start")
            time.sleep(1.0)
            children = _descendants(proc.pid)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            wait_until(lambda: not any(_alive(pid) for pid in children), 4,
                       "every process of the crawl to end with it")
        finally:
            for pid in children:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


def test_a_pass_with_nothing_new_to_fetch_starts_no_cleaning_worker(tmp_path):
    generator, held, reached, release = generated_site(3), threading.Event(), threading.Event(), threading.Event()

    def serve(path: str, base: str):
        if path == "/sitemap_index.xml" and held.is_set():
            reached.set()
            release.wait(30)  # the second pass is held in its discovery while the test looks at it
        return generator(path, base)

    with SiteServer(tmp_path / "none", generator=serve) as site:
        profile = generated_profile(site, tmp_path / "gen.toml")
        assert crawl(tmp_path / "out", profile).written == 3  # the default: cleaning workers
        held.set()
        proc = subprocess.Popen(NEWSBROOM + ["crawl", "--profile", str(profile), "-o", str(tmp_path / "out"),
                                             "--delay", "0", "--no-autothrottle"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            wait_until(reached.is_set, 60, "the second pass's discovery")
            descendants = _descendants(proc.pid)
        finally:
            release.set()
            try:
                _, err = proc.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()  # its pass ends with it
                proc.communicate()
                raise
    assert proc.returncode == 0 and "fetched 0;" in err.decode()
    assert len(descendants) == 1  # the pass, with no fork server, resource tracker or worker beside it


def test_tickets_are_served_in_the_order_they_were_taken():
    order = InOrder()
    a, b, c = order.take(), order.take(), order.take()
    served: list[str] = []
    order.turn(b).addCallback(lambda _: served.append("b"))
    order.release(c)  # c gave up before its turn (its cleaning failed): b still waits for a
    assert served == []
    order.turn(a).addCallback(lambda _: served.append("a"))
    assert served == ["a"]
    order.release(a)
    assert served == ["a", "b"]
    order.release(b)
    assert order.current == 3 and not order.waiting and not order.released
