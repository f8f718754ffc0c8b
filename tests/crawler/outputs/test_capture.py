"""The raw capture's WARC files (crawler.outputs.capture): read back by `clean`'s WARC reader, rotated at
their size limit, and a file torn by kill -9 cut after its last whole record by the next capture."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from cleaners.model import Rejection
from crawler.inputs.warc import iter_warc
from crawler.outputs.capture import WarcCapture
from tests.server import PAGES_DIR

PAGE = (PAGES_DIR / "id-merdeka-001.html").read_bytes()
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(PAGE)))]


def _read(path: Path) -> tuple[list, list[Rejection], Counter]:
    skipped: Counter = Counter()
    items = list(iter_warc(path, str(path), 50 << 20, skipped))
    return [i for i in items if not isinstance(i, Rejection)], [i for i in items if isinstance(i, Rejection)], skipped


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_records_read_back_as_pages_with_url_and_date(tmp_path):
    capture = WarcCapture(tmp_path, "fetch")
    capture.response("http://127.0.0.1:1/a.html", 200, HEADERS, PAGE, request_headers=[("User-Agent", "t")])
    capture.response("http://127.0.0.1:1/b.html", 404, [("Content-Type", "text/html")], b"<p>gone</p>")
    capture.close()
    (path,) = capture.files
    pages, rejections, skipped = _read(path)
    assert not rejections and skipped == Counter({"http_status": 1})
    assert [p.url for p in pages] == ["http://127.0.0.1:1/a.html"] and pages[0].body == PAGE
    assert pages[0].fetched_at is not None and pages[0].headers["content-length"] == str(len(PAGE))


def test_rotation_at_the_size_limit(tmp_path):
    capture = WarcCapture(tmp_path, "crawl", max_size=1)  # every record fills its file
    for i in range(5):
        capture.response(f"http://127.0.0.1:1/{i}.html", 200, HEADERS, PAGE)
    capture.close()
    assert len(capture.files) == 5 and len({p.name for p in capture.files}) == 5
    assert [p.name[-14:] for p in capture.files] == [f"-{i:05d}.warc.gz" for i in range(5)]
    urls = [page.url for path in capture.files for page in _read(path)[0]]
    assert urls == [f"http://127.0.0.1:1/{i}.html" for i in range(5)]
    assert not list((tmp_path / "warc").glob(".*"))


def test_a_torn_last_record_is_cut_by_the_next_capture(tmp_path):
    capture = WarcCapture(tmp_path, "crawl")
    for i in range(3):
        capture.response(f"http://127.0.0.1:1/{i}.html", 200, HEADERS, PAGE)
    (path,) = capture.files
    whole = path.stat().st_size
    capture.response("http://127.0.0.1:1/torn.html", 200, HEADERS, PAGE)
    # the writer dies in the middle of its last record
    os.close(capture._fd)  # type: ignore[arg-type]
    torn = whole + (path.stat().st_size - whole) * 3 // 4
    os.truncate(path, torn)
    marker = path.with_name(f".{path.name}.open")
    host = marker.read_text().split()[0]
    marker.write_text(f"{host} {_dead_pid()}\n")
    pages, rejections, _ = _read(path)
    assert len(pages) == 3 and [r.reason for r in rejections] == ["broken_record"]
    WarcCapture(tmp_path, "crawl").close()  # the next run
    # cut after the last whole gzip member (the torn pair's request record, whole, may stay)
    assert whole <= path.stat().st_size < torn and not marker.exists()
    pages, rejections, _ = _read(path)
    assert len(pages) == 3 and not rejections


def test_a_file_whose_writer_still_runs_is_left_alone(tmp_path):
    first = WarcCapture(tmp_path, "fetch")
    first.response("http://127.0.0.1:1/a.html", 200, HEADERS, PAGE)
    (path,) = first.files
    size = path.stat().st_size
    with open(path, "ab") as fh:
        fh.write(b"\x1f\x8b partial")
    WarcCapture(tmp_path, "fetch").close()  # another run beside it: this process is alive
    assert path.stat().st_size == size + 10
    first.close()


_WRITER = """
import sys
from crawler.outputs.capture import WarcCapture
page = open(sys.argv[2], "rb").read() * 20
capture = WarcCapture(sys.argv[1], "crawl")
i = 0
while True:
    capture.response(f"http://127.0.0.1:1/{i}.html", 200, [("Content-Type", "text/html")], page)
    i += 1
"""


def test_kill_9_leaves_a_readable_file(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path), str(PAGES_DIR / "id-merdeka-001.html")],
                            cwd=Path(__file__).resolve().parents[3])
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            files = list((tmp_path / "warc").glob("*.warc.gz"))
            if files and files[0].stat().st_size > 2_000_000:
                break
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    (path,) = files
    pages, rejections, _ = _read(path)
    assert len(pages) >= 2 and len(rejections) <= 1  # at most the torn last record
    WarcCapture(tmp_path, "crawl").close()
    again, rejections, _ = _read(path)
    assert not rejections and [p.url for p in again] == [p.url for p in pages]
    assert not list((tmp_path / "warc").glob(".*"))


def test_two_runs_started_in_the_same_second_write_two_files(tmp_path):
    first, second = WarcCapture(tmp_path, "fetch"), WarcCapture(tmp_path, "fetch")
    second.started = first.started
    first.response("http://127.0.0.1:1/a.html", 200, HEADERS, PAGE)
    second.response("http://127.0.0.1:1/b.html", 200, HEADERS, PAGE)
    assert first.files[0] != second.files[0]
    assert all(path.with_name(f".{path.name}.open").exists() for path in first.files + second.files)
    first.close()
    second.close()
    assert [p.url for path in sorted(first.files + second.files) for p in _read(path)[0]] == [
        "http://127.0.0.1:1/a.html", "http://127.0.0.1:1/b.html"]
