"""What `newsbroom crawl` says while a pass runs, not on a terminal: a progress line every --log-every,
one line per article with -v, neither with -q (a real process over real HTTP on 127.0.0.1)."""

from __future__ import annotations

import re
import subprocess
import time

from tests.crawler.conftest import wait_until
from tests.crawler.crawl.test_signals import NEWSBROOM, _args, _clean, _Crawl, _Gate
from tests.server import SiteServer, generated_site

PROGRESS = re.compile(r"newsbroom: progress: discovered (\d+); fetched (\d+); written (\d+); rejected (\d+); "
                      r"[\d.]+ pages/s; \d+s$")


def test_a_progress_line_every_log_every_while_a_pass_is_held(tmp_path):
    gate = _Gate(20)
    with SiteServer(tmp_path / "none", generator=gate) as site:
        crawl = _Crawl(_args(site, tmp_path) + ["--log-every", "1"])
        try:
            wait_until(lambda: gate.arrived >= 2, 60, "the pass to ask for articles")
            line, _ = crawl.wait_line("newsbroom: progress: ", 30)  # the pass is held: only the timer prints
            found = PROGRESS.match(line.rstrip("\n"))
            assert found, line
            discovered, fetched, written = (int(found.group(i)) for i in (1, 2, 3))
            assert discovered == 20 and fetched == written == 0, line
        finally:
            gate.open.set()
        code, err = crawl.finish()
    _clean(err)
    assert code == 0, err
    assert "\r" not in err  # not a terminal: whole lines only
    assert "newsbroom: discovered 20;" in err and "written 20 (0 updated)" in err


def test_verbose_says_what_became_of_each_article_and_quiet_says_no_progress(tmp_path):
    with SiteServer(tmp_path / "none", generator=generated_site(3, per_sitemap=3)) as site:
        args = _args(site, tmp_path)
        verbose = subprocess.run(NEWSBROOM + ["crawl", *args, "-v"], capture_output=True, text=True, timeout=120)
        assert verbose.returncode == 0, verbose.stderr
        written = sorted(line for line in verbose.stderr.splitlines() if line.startswith("newsbroom: written "))
        assert written == [f"newsbroom: written {site.base}/berita/{i}/berita-nomor-{i}" for i in range(3)], \
            verbose.stderr
    gate = _Gate(4)
    with SiteServer(tmp_path / "none", generator=gate) as site:
        args = _args(site, tmp_path)
        args[args.index("-o") + 1] = str(tmp_path / "quiet")
        crawl = _Crawl(args + ["-q", "--log-every", "1"])
        try:
            wait_until(lambda: gate.arrived >= 1, 60, "the pass to ask for articles")
            time.sleep(1.5)  # past one --log-every: -q prints no progress line
        finally:
            gate.open.set()
        code, err = crawl.finish()
    _clean(err)
    assert code == 0, err
    assert "progress" not in err and "newsbroom: written" not in err
    ours = [line for line in err.splitlines() if line.startswith("newsbroom: ")]  # scrapy's log is --log-level's
    assert len(ours) == 1 and ours[0].startswith("newsbroom: discovered 4;"), err
