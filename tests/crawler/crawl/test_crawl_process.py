"""The crawl as a process: kill -9 and re-run, --every with SIGTERM, fetch = crawl bytes."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time

from crawler.crawl.passes import run_crawl
from tests.crawler.conftest import child_pids, config, crawl, records
from tests.server import SiteServer, generated_site

NEWSBROOM = [sys.executable, "-m", "crawler.cli"]


def test_kill_9_mid_run_then_rerun_writes_every_article_once(tmp_path):
    n = 150
    profile = tmp_path / "gen.toml"
    with SiteServer(tmp_path / "none", generator=generated_site(n, per_sitemap=50)) as site:
        profile.write_text(f'id = "gen"\ndomains = ["127.0.0.1"]\n[extract]\nbody = ["article"]\n[crawl]\n'
                           f'sitemaps = ["{site.base}/sitemap_index.xml"]\nconcurrency = 4\ndelay = 0.0\n')
        out = tmp_path / "out"
        cmd = NEWSBROOM + ["crawl", "--profile", str(profile), "-o", str(out), "--delay", "0", "--no-autothrottle"]
        # its own session: the kill reaches every process of the run at once, including a cleaning worker
        # started between listing the children and killing them (which would go on writing after the rerun)
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        jsonl = out / "articles.jsonl"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if jsonl.exists() and jsonl.read_bytes().count(b"\n") >= 20:
                break
            time.sleep(0.02)
        stragglers = child_pids(proc.pid)
        os.killpg(proc.pid, signal.SIGKILL)
        for pid in stragglers:  # any that left the session
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        proc.wait()
        written_before = jsonl.read_bytes().count(b"\n")
        assert 0 < written_before < n, "the crawl should have been killed mid-run"
        # the rerun as a user runs it: the command, which takes the directory's lock and clears what the
        # killed pass left half-written (a .txt it was writing under a temporary name)
        err = io.StringIO()
        assert run_crawl(config(out, profile), err=err) == 0
        urls = [r["url"] for r in records(out)]
        assert len(urls) == len(set(urls)) == n
        assert f"; written {n - written_before} (" in err.getvalue()
        assert len(list((out / "gen").glob("*.txt"))) == n
        assert not list((out / "gen").glob(".tmp-*"))
        assert not list(out.glob(".crawl-queue-*"))  # the killed pass's scrapy queues are cleared


def test_every_runs_passes_and_stops_on_sigterm(site, profile, tmp_path):
    out = tmp_path / "out"
    cmd = NEWSBROOM + ["crawl", "--profile", str(profile), "-o", str(out), "--every", "1s", "--delay", "0"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("newsbroom: pass 2:"):
            break
    proc.send_signal(signal.SIGTERM)
    rest, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, lines
    passes = [line for line in lines if line.startswith("newsbroom: pass ")]
    assert len(passes) >= 2
    assert "written 8" in passes[0] and "written 0" in passes[1]
    assert len(records(out)) == 8


def test_fetch_gives_the_same_bytes_as_the_crawl(site, profile, tmp_path):
    out = tmp_path / "out"
    crawl(out, profile)
    urls = [site.base + path for path in ("/multi/banjir-rob-pesisir-utara.html", "/news/id-merdeka-001.html")]
    crawled = [next(r for r in records(out) if r["url"] == url) for url in urls]
    # one fetch of both URLs: each article's text, in the order given, as the crawl wrote it
    fetched = subprocess.run(NEWSBROOM + ["fetch", "--profile", str(profile), *urls],
                             capture_output=True, check=True).stdout
    assert fetched == b"".join((out / "contoh" / f"{record['id']}.txt").read_bytes() + b"\n\n"
                               for record in crawled)
    as_json = subprocess.run(NEWSBROOM + ["fetch", "--format", "jsonl", "--profile", str(profile), *urls],
                             capture_output=True, check=True).stdout
    fetched_records = [json.loads(line) for line in as_json.splitlines()]
    assert [{k: v for k, v in r.items() if k != "fetched_at"} for r in fetched_records] == \
        [{k: v for k, v in r.items() if k != "fetched_at"} for r in crawled]


def test_fetch_checks_robots_and_counts_blocked(site, profile):
    result = subprocess.run(NEWSBROOM + ["fetch", "--profile", str(profile),
                                         site.base + "/private/draft-rencana-redaksi.html",
                                         site.base + "/extra/laporan-khusus-anggaran-daerah.html"],
                            capture_output=True, text=True)
    assert result.returncode == 1 and result.stdout == ""
    assert "[robots]" in result.stderr and "[blocked]" in result.stderr
    assert not site.requests("/private/draft-rencana-redaksi.html")
