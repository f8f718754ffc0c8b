"""Pages that would stall or kill a run cost one rejection each: too deep (before parsing), over the
time limit (the worker is replaced), over the memory limit. Records keep their input order."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from cleaners import Page
from cleaners.knowledge.settings import default_settings
from cleaners.page.guard import nesting_depth, too_deep
from crawler.cli import main
from crawler.outputs.cleaning import IsolatedCleaner
from crawler.outputs.recorder import Sink
from crawler.outputs.writer import Writer
from tests.conftest import PAGES


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def _slow_page(path: Path) -> Path:
    """One tag with 20,000 attributes (200 kB): about 4.5 s of cleaning (100,000 take minutes)."""
    attributes = " ".join(f'a{i}="x"' for i in range(20_000))
    path.write_text(f"<html><body><div {attributes}>teks</div></body></html>", encoding="utf-8")
    return path


def _big_page(path: Path) -> Path:
    """A million tiny paragraphs (8 MB): a parse tree of more than 250 MiB."""
    path.write_bytes(b"<html><body>" + b"<p>a</p>" * 1_000_000 + b"</body></html>")
    return path


def test_the_depth_guard_is_a_scan_that_spares_real_pages():
    limit = default_settings().input.max_depth
    hostile = "<html><body>" + "<div>" * 200_000 + "teks" + "</div>" * 200_000
    started = time.process_time()
    assert too_deep(hostile, limit)
    assert time.process_time() - started < 0.5
    deepest = max(nesting_depth(p.read_text(encoding="utf-8", errors="replace")) for p in PAGES.glob("*.html"))
    assert 10 < deepest < limit
    # paragraphs and list items close each other: a run of unclosed ones is not deep
    assert nesting_depth("<body>" + "<p>x" * 10_000 + "<li>y" * 10_000) == 1
    assert nesting_depth("<div><span><br><img></span><div><b></b></div></div>") == 3


def test_a_slow_page_is_a_timeout_and_the_run_goes_on_in_order(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(PAGES / "id-merdeka-001.html", src / "a.html")
    _slow_page(src / "b.html")
    shutil.copy(PAGES / "id-liputan6-001.html", src / "c.html")
    shutil.copy(PAGES / "id-merdeka-002.html", src / "d.html")
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        started = time.monotonic()
        # the limit is far below the slow page's ~4.5 s and far above a real page's tens of milliseconds,
        # also on a machine busy with other work
        code = main(["clean", str(src), "-o", str(out), "--jobs", jobs, "--page-timeout", "1.5"])
        assert time.monotonic() - started < 30
        assert code == 1
        assert [Path(r["source"]).name for r in _lines(out / "articles.jsonl")] == ["a.html", "c.html", "d.html"]
        [reject] = _lines(out / "rejects.jsonl")
        assert (Path(reject["source"]).name, reject["reason"]) == ("b.html", "timeout")
        assert "--page-timeout" in reject["message"]
    assert "rejected 1 (timeout 1)" in capsys.readouterr().err


def test_a_page_that_explodes_in_memory_is_too_large_not_the_end_of_the_run(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _big_page(src / "a-big.html")
    shutil.copy(PAGES / "id-merdeka-001.html", src / "b-good.html")
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--jobs", "1", "--page-timeout", "0",
                 "--page-memory", "300M"]) == 1
    [reject] = _lines(out / "rejects.jsonl")
    assert (Path(reject["source"]).name, reject["reason"]) == ("a-big.html", "too_large")
    assert "--page-memory" in reject["message"]
    assert [Path(r["source"]).name for r in _lines(out / "articles.jsonl")] == ["b-good.html"]


def test_the_crawl_and_fetch_sink_cleans_under_the_time_limit(tmp_path):
    slow = _slow_page(tmp_path / "slow.html").read_bytes()
    good = (PAGES / "id-merdeka-001.html").read_bytes()
    with Writer(tmp_path / "out", "jsonl") as writer:
        sink = Sink(writer, cleaner=IsolatedCleaner(page_timeout=1.5))
        url = "https://www.merdeka.com/a.html"
        assert sink.article("https://example.com/slow", [Page(url="https://example.com/slow", body=slow)]) == "timeout"
        assert sink.article(url, [Page(url=url, body=good)]) == "written"
        sink.cleaner.close()  # type: ignore[attr-defined]
    assert [r["reason"] for r in _lines(tmp_path / "out" / "rejects.jsonl")] == ["timeout"]
    assert sink.summary.written == 1 and sink.summary.clean_cpu > 0


@pytest.mark.parametrize("value", ["-1", "soon"])
def test_a_bad_page_timeout_is_a_usage_error(value):
    with pytest.raises(SystemExit) as info:
        main(["clean", "x.html", "--page-timeout", value])
    assert info.value.code == 2
