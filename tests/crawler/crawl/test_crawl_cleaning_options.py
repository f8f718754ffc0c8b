"""`crawl --clean-jobs N --page-timeout S`, over real HTTP on 127.0.0.1: the pass cleans with N workers
beside the fetching, an article over S seconds a MiB is a counted `timeout` and the pass goes on; bad
values are usage errors that say what is expected."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.cli import main
from crawler.crawl.config import DEFAULT_CLEAN_JOBS
from crawler.outputs.cleaning import DEFAULT_PAGE_TIMEOUT
from tests.conftest import ROOT
from tests.crawler.conftest import generated_profile, wait_until
from tests.crawler.crawl.test_cleaning_pool import SLOW_PAGE, _alive, _descendants, _with_slow
from tests.server import SiteServer, generated_site


def _cleaning_workers(pid: int) -> int:
    """The live children of the fork server among the descendants of `pid`: the cleaning workers."""
    for child in _descendants(pid):
        with contextlib.suppress(OSError):
            if b"forkserver" in Path(f"/proc/{child}/cmdline").read_bytes():
                return len([w for w in _descendants(child) if _alive(w)])
    return 0


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_clean_jobs_and_page_timeout_reach_the_pass(tmp_path):
    out = tmp_path / "out"
    with SiteServer(tmp_path / "none", generator=_with_slow(generated_site(4), {1})) as site:
        profile = generated_profile(site, tmp_path / "gen.toml")
        run = subprocess.Popen([sys.executable, "-m", "crawler.cli", "crawl", "--profile", str(profile), "-o", str(out),
                                "--delay", "0", "--no-autothrottle", "--clean-jobs", "3", "--page-timeout", "1"],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            started = time.monotonic()
            # three workers beside the fetching (the default is two): they live as long as the pass
            wait_until(lambda: _cleaning_workers(run.pid) >= 3 or run.poll() is not None, 60, "the cleaning workers")
            seen = _cleaning_workers(run.pid)
            _, err = run.communicate(timeout=60)
        finally:
            if run.poll() is None:
                run.kill()
        assert time.monotonic() - started < 40  # the slow page's ~4.5 s of cleaning were cut at its limit
    assert run.returncode == 0, err
    assert seen == 3 > DEFAULT_CLEAN_JOBS
    [reject] = _lines(out / "rejects.jsonl")
    assert reject["reason"] == "timeout" and "/berita/1/" in reject["source"]
    limit = 1.0 * (1 + len(SLOW_PAGE) / 2**20)  # --page-timeout 1 a MiB, for a page of 200 kB
    assert reject["message"] == f"cleaning took longer than {limit:.1f} s (raise it with --page-timeout)"
    assert sorted(int(r["url"].split("/")[4]) for r in _lines(out / "articles.jsonl")) == [0, 2, 3]


@pytest.mark.parametrize(("argv", "message"), [
    (["--clean-jobs", "-1"], "--clean-jobs must be 0 or more"),
    (["--clean-jobs", "two"], "not a whole number: 'two'"),
    (["--clean-jobs", "1.5"], "not a whole number: '1.5'"),
    (["--page-timeout", "-1"], "not a number of seconds (0 or more): '-1'"),
    (["--page-timeout", "soon"], "not a number of seconds: 'soon'"),
    (["--page-timeout", "inf"], "not a number of seconds (0 or more): 'inf'"),
    (["--page-timeout", "nan"], "not a number of seconds (0 or more): 'nan'"),
])
def test_bad_clean_jobs_or_page_timeout_is_a_usage_error(argv, message, tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["crawl", "-o", str(tmp_path / "out"), *argv])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {argv[0]}: {message}" in err
    assert not (tmp_path / "out").exists()


def test_the_help_gives_the_defaults_the_pass_uses(capsys):
    with pytest.raises(SystemExit):
        main(["crawl", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert f"(default {DEFAULT_CLEAN_JOBS}; 0: one, and the pass waits for each article)" in text
    assert f"(default {DEFAULT_PAGE_TIMEOUT:g}; 0: no limit)" in text
