"""`clean -o DIR` and what is already in DIR: refused unless --resume (skip what is done, after a
kill -9 at any moment) or --overwrite (only the files an earlier clean run wrote); a directory
another command owns is refused either way."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.cli import main
from crawler.outputs.manifest import MANIFEST_NAME, read_manifest
from tests.conftest import FIXTURES, PAGES

ROOT = Path(__file__).resolve().parents[3]


def _warc(path: Path, count: int) -> Path:
    """`count` response records: the fixture pages under distinct URLs, some too deep to clean among them."""
    pages = sorted(PAGES.glob("*.html"))
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(count):
            page = pages[i % len(pages)]
            status, body = "200 OK", page.read_bytes()
            if i % 13 == 7:
                body = b"<html><body>" + b"<div>" * 50_000 + b"</body></html>"  # too deep
            headers = StatusAndHeaders(status, [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://example.com/{i}/{page.name}", "response",
                                                          payload=io.BytesIO(body), http_headers=headers))
    return path


def _offset(data: bytes, n: int) -> int:
    """The byte offset of record `n` (from 0) of a gzipped WARC, one gzip member per record."""
    pos = 0
    for _ in range(n):
        inflater = zlib.decompressobj(31)
        inflater.decompress(data[pos:])
        pos = len(data) - len(inflater.unused_data)
    return pos


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and p.name != MANIFEST_NAME}


def _count(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def test_kill_9_then_resume_ends_with_every_input_exactly_once(tmp_path, capsys):
    warc = _warc(tmp_path / "dump.warc.gz", 43)
    grown = warc.read_bytes()  # 40 records, and 3 the archive's writer appends while the run is down
    original = grown[:_offset(grown, 40)]
    whole = tmp_path / "whole"
    assert main(["clean", str(warc), "-o", str(whole), "--jobs", "2"]) == 1
    expected = _outputs(whole)
    sources = [json.loads(line)["source"] for name in ("articles.jsonl", "rejects.jsonl")
               for line in expected[name].decode().splitlines()]
    assert len(sources) == len(set(sources)) == 43
    for source in sources:  # each record is known by its byte offset (path#N@OFFSET)
        assert zlib.decompressobj(31).decompress(grown[int(source.rsplit("@", 1)[1]):]).startswith(b"WARC/1.0")
    warc.write_bytes(original)

    out = tmp_path / "out"
    args = ["clean", str(warc), "-o", str(out), "--jobs", "2", "--no-progress"]
    proc = subprocess.Popen([sys.executable, "-m", "crawler.cli", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while _count(out / "articles.jsonl") < 8 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers, mid-way
    proc.wait()
    done = _count(out / "articles.jsonl")
    assert 8 <= done < len(expected["articles.jsonl"].splitlines())
    with open(out / "articles.jsonl", "ab") as fh:  # a line torn mid-write, as a kill can leave one
        fh.write(b'{"id":"cut-off","text":"half a rec')

    with open(warc, "ab") as fh:  # the archive grew: its records keep their offsets
        fh.write(grown[len(original):])
    capsys.readouterr()
    assert main(args) == 2  # without --resume: refused
    err = capsys.readouterr().err
    assert "--resume" in err and "--overwrite" in err
    assert main([*args, "--resume"]) == 1
    err = capsys.readouterr().err
    assert "torn last line" in err and "resumed:" in err
    assert _outputs(out) == expected  # byte for byte what one uninterrupted run writes
    assert main([*args, "--resume"]) == 1  # nothing left to do: nothing written twice
    assert _outputs(out) == expected


def test_overwrite_removes_only_what_the_earlier_run_wrote(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("id-merdeka-001", "id-liputan6-001"):
        (src / f"{name}.html").write_bytes((PAGES / f"{name}.html").read_bytes())
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--jobs", "1"]) == 0
    first = read_manifest(out)
    assert first is not None and first["command"] == "clean"
    (out / "notes.txt").write_text("mine")
    (src / "id-liputan6-001.html").unlink()
    assert main(["clean", str(src), "-o", str(out), "--jobs", "1", "--overwrite"]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [MANIFEST_NAME, "articles.jsonl", "rejects.jsonl", "id-merdeka-001.txt", "notes.txt"])
    assert (out / "notes.txt").read_text() == "mine"
    assert read_manifest(out)["run"] != first["run"]  # type: ignore[index]
    with pytest.raises(SystemExit) as info:
        main(["clean", str(src), "-o", str(out), "--resume", "--overwrite"])
    assert info.value.code == 2 and "--resume" in capsys.readouterr().err
    assert main(["clean", str(src), "--resume"]) == 2  # without -o there is nothing to resume
    assert "give -o DIR" in capsys.readouterr().err


def test_resume_does_not_write_again_the_later_pages_of_a_stitched_article(tmp_path):
    first = next(iter(sorted((FIXTURES / "sites").glob("*/*-p1.html"))))
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.html").write_bytes(first.read_bytes())
    (src / "b.html").write_bytes(first.with_name(first.name.replace("-p1", "-p2")).read_bytes())
    (src / "c.html").write_bytes((PAGES / "id-merdeka-001.html").read_bytes())
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--jobs", "1"]) == 0
    whole = _outputs(out)
    assert len(whole["articles.jsonl"].splitlines()) == 2  # a.html and b.html are one article
    assert main(["clean", str(src), "-o", str(out), "--jobs", "1", "--resume"]) == 0
    assert _outputs(out) == whole


def test_a_directory_another_command_owns_is_refused(tmp_path, capsys):
    out = tmp_path / "crawl-out"
    out.mkdir()
    (out / MANIFEST_NAME).write_text(json.dumps({"command": "crawl", "run": "abc", "started": "2026-01-01"}))
    (out / "articles.jsonl").write_text('{"source": "https://example.com/a"}\n')
    page = str(PAGES / "id-merdeka-001.html")
    for extra in ([], ["--overwrite"], ["--resume"]):
        assert main(["clean", page, "-o", str(out), *extra]) == 2
        assert "newsbroom crawl" in capsys.readouterr().err
    assert (out / "articles.jsonl").read_text() == '{"source": "https://example.com/a"}\n'


def test_an_output_directory_that_cannot_be_made_is_one_line(tmp_path, capsys):
    afile = tmp_path / "afile"
    afile.write_text("x")
    assert main(["clean", str(PAGES / "id-merdeka-001.html"), "-o", str(afile / "sub")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsbroom: error:") and "Traceback" not in err and len(err.splitlines()) == 1
