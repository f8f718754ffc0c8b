"""`newsbroom crawl` as a process: its pass dies with it, and one crawl at a time per output directory."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.crawler.conftest import child_pids, generated_profile, slow_articles, wait_until
from tests.server import SiteServer, generated_site

NEWSBROOM = [sys.executable, "-m", "crawler.cli"]


def _gated_articles(generator, gate: threading.Event):
    """A generated site whose article pages wait for `gate` (at most 60 s): a crawl held mid-run for as
    long as the test needs, however slowly the machine starts the other processes."""
    def serve(path: str, base: str):
        if path.startswith("/berita/"):
            gate.wait(60)
        return generator(path, base)

    return serve


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] not in (["Z"], ["X"])


def test_kill_9_of_the_parent_leaves_no_pass_fetching(tmp_path):
    with SiteServer(tmp_path / "none", generator=slow_articles(generated_site(200, per_sitemap=100), 0.05)) as site:
        profile = generated_profile(site, tmp_path / "gen.toml")
        out = tmp_path / "out"
        proc = subprocess.Popen(NEWSBROOM + ["crawl", "--profile", str(profile), "-o", str(out), "--delay", "0",
                                             "--no-autothrottle"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        jsonl = out / "articles.jsonl"
        wait_until(lambda: [r for r in site.requests() if r.path.startswith("/berita/")], 60,
                   "the pass to fetch articles")
        children = child_pids(proc.pid)
        assert children
        os.kill(proc.pid, signal.SIGKILL)  # the parent only, as a supervisor or `timeout -s KILL` would
        proc.wait()
        try:
            wait_until(lambda: not any(_alive(pid) for pid in children), 10, "the pass to die with its parent")
        finally:
            for pid in children:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        written, fetched = _lines(jsonl), len(site.requests())
        time.sleep(0.5)
        assert _lines(jsonl) == written and len(site.requests()) == fetched
        assert fetched < 200


def test_two_crawls_on_one_directory_the_second_exits_2(tmp_path):
    gate = threading.Event()
    with SiteServer(tmp_path / "none", generator=_gated_articles(generated_site(20, per_sitemap=20), gate)) as site:
        profile = generated_profile(site, tmp_path / "gen.toml")
        out = tmp_path / "out"
        cmd = NEWSBROOM + ["crawl", "--profile", str(profile), "-o", str(out), "--delay", "0", "--no-autothrottle"]
        first = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            wait_until(lambda: (out / ".newsbroom.lock").exists() and site.requests(), 60, "the first crawl to start")
            second = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
            assert second.returncode == 2
            assert f"is in use by pid {first.pid} on host" in second.stderr and "newsbroom crawl" in second.stderr
            # the same SQLite state from another directory is refused too
            third = subprocess.run(NEWSBROOM + ["crawl", "--profile", str(profile), "-o", str(tmp_path / "other"),
                                                "--state", str(out / "crawl.db")],
                                   capture_output=True, text=True, timeout=60)
            assert third.returncode == 2 and f"pid {first.pid}" in third.stderr
            assert first.poll() is None  # the first crawl was running all along
        finally:
            gate.set()
            _, err = first.communicate(timeout=120)
        assert first.returncode == 0, err
    assert _lines(out / "articles.jsonl") == 20


def test_a_pass_opens_no_remote_control_endpoint(tmp_path):
    """scrapy's RemoteControl extension (a localhost server that runs Python code, announced by a job file
    under the user's state directory) stays off in every pass."""
    gate = threading.Event()
    state_home = tmp_path / "state-home"
    with SiteServer(tmp_path / "none", generator=_gated_articles(generated_site(4, per_sitemap=4), gate)) as site:
        profile = generated_profile(site, tmp_path / "gen.toml")
        out = tmp_path / "out"
        env = {**os.environ, "XDG_STATE_HOME": str(state_home), "HOME": str(tmp_path / "home")}
        proc = subprocess.Popen(NEWSBROOM + ["crawl", "--profile", str(profile), "-o", str(out), "--delay", "0",
                                             "--no-autothrottle"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True, env=env)
        try:
            # the sitemaps are read: the engine and its extensions are running (the articles wait at the gate)
            wait_until(lambda: [r for r in site.requests() if "sitemap" in r.path], 60, "the pass to read sitemaps")
            assert proc.poll() is None
            job_files = [p for p in state_home.rglob("*") if p.is_file()] if state_home.exists() else []
            assert job_files == []
        finally:
            gate.set()
            _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "WARNING" not in err, err  # no middleware or extension declining loudly in a plain pass
