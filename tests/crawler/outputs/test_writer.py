"""The Writer's names, modes and faults: long names stay distinct, outputs are 0644 like any file,
a full disk stops the run with one line and no torn record, an -o that cannot be made is a usage error."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from crawler.cli import main
from crawler.outputs.writer import OutputFailed, Writer, safe_name

ROOT = Path(__file__).resolve().parents[3]
PAGES = ROOT / "fixtures" / "pages"


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_long_names_that_share_a_beginning_stay_distinct():
    a, b = "x" * 150 + "-one", "x" * 150 + "-two"
    assert safe_name(a) != safe_name(b)
    assert len(safe_name(a)) == 120 and safe_name(a) == safe_name(a)
    assert safe_name("short-name") == "short-name"
    namer = Writer(None, "jsonl")
    first, second = namer.claim_name(a, unique_key="1"), namer.claim_name(a, unique_key="2")
    assert first != second and len(second + ".txt") <= 120


def test_two_long_colliding_file_names_keep_both_texts_as_txt_files(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    common = "berita-" + "panjang-" * 20
    shutil.copy(PAGES / "id-merdeka-001.html", src / f"{common}satu.html")
    shutil.copy(PAGES / "id-liputan6-001.html", src / f"{common}dua.html")
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--jobs", "1", "--no-progress"]) == 0
    files = sorted(out.glob("*.txt"))
    assert len(files) == 2 and all(len(f.name) <= 120 for f in files)
    heads = {f.read_text(encoding="utf-8").splitlines()[0] for f in files}
    assert len(heads) == 2 and heads == {r["title"] for r in _lines(out / "articles.jsonl")}
    # Text files are readable like the JSONL beside them (mkstemp alone makes them 0600).
    jsonl_mode = stat.S_IMODE((out / "articles.jsonl").stat().st_mode)
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {jsonl_mode}
    assert jsonl_mode & 0o044 == 0o044 or os.umask(0o022) & 0o044  # group/other may read, unless the umask says no


def test_a_write_to_a_full_device_fails_with_one_message_and_closes_cleanly(tmp_path):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    (tmp_path / "rejects.jsonl").symlink_to("/dev/full")
    writer = Writer(tmp_path, "jsonl", append=True)
    with pytest.raises(OutputFailed) as info:
        writer.reject({"source": "x.html", "reason": "empty", "message": "no bytes"})
    assert str(info.value) == f"no space left on {tmp_path.resolve()}; free some space and run again"
    writer.close()  # what was left in the buffer goes nowhere: no second error


@pytest.fixture
def tiny_disk(tmp_path):
    """A 96 KiB tmpfs (root only; skipped where mounting is not allowed)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here: " + done.stderr.decode(errors="replace").strip())
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_stops_clean_with_no_space_left_and_no_torn_line(tmp_path, tiny_disk, capsys):
    src = tmp_path / "in"
    src.mkdir()
    for page in sorted(PAGES.glob("*.html")):
        shutil.copy(page, src / page.name)
    out = tiny_disk / "out"
    code = main(["clean", str(src), "-o", str(out), "--jobs", "1", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"newsbroom: error: no space left on {out}" in err
    assert "Traceback" not in err
    data = (out / "articles.jsonl").read_bytes()
    assert data == b"" or data.endswith(b"\n")
    records = _lines(out / "articles.jsonl")
    assert 0 < len(records) < len(list(src.glob("*.html")))
    for record in records:  # every record written has its whole text file
        text = (out / (Path(record["source"]).stem + ".txt")).read_text(encoding="utf-8")
        assert text.splitlines()[0] == record["title"]
    assert not [p for p in out.iterdir() if p.name.startswith(".tmp-")]


@pytest.mark.parametrize("command", [
    ["clean", str(PAGES / "id-merdeka-001.html"), "--jobs", "1"],
    ["fetch", "http://127.0.0.1:9/berita/1.html"],
    ["crawl", "--seed-url", "http://127.0.0.1:9/"],
])
def test_an_output_directory_that_cannot_be_made_is_one_line_and_exit_2(tmp_path, capsys, command):
    afile = tmp_path / "afile"
    afile.write_text("x")
    for target in ("/proc/newsbroom-x", str(afile / "sub")):
        assert main([*command, "-o", target]) == 2
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and target in err and "Traceback" not in err


def test_a_record_with_a_lone_surrogate_is_written_escaped_not_lost(tmp_path):
    """A name the OS gave as bytes (os.fsdecode: 'caf\\udce9') must not crash the writer and lose the run."""
    import io

    record = {"source": "caf\udce9.html", "reason": "empty", "message": "no bytes"}
    with Writer(tmp_path, "jsonl") as writer:
        writer.reject(record)
        writer.reject({"source": "b.html", "reason": "empty", "message": "ok"})
    lines = (tmp_path / "rejects.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["source"] == "caf\udce9.html" and len(lines) == 2
    from cleaners import Article

    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8")  # strict, like a UTF-8 stdout
    article = Article.__new__(Article)  # only the record is written in jsonl mode
    Writer(None, "jsonl", stdout=out).write(article, "x", record={"source": "caf\udce9.html"})
    assert json.loads(raw.getvalue().decode("utf-8"))["source"] == "caf\udce9.html"


def test_stale_temporaries_of_a_killed_run_are_removed_and_nothing_else(tmp_path):
    from crawler.outputs.writer import remove_stale_temporaries

    site = tmp_path / "gen"
    site.mkdir()
    (site / ".tmp-abc123").write_text("half an artic", encoding="utf-8")  # a kill between write and rename
    (tmp_path / ".tmp-def456").write_text("half", encoding="utf-8")
    (site / "kept.txt").write_text("Judul\nIsi.\n", encoding="utf-8")
    (tmp_path / "notes.tmp-keep").write_text("a user's file", encoding="utf-8")
    assert remove_stale_temporaries(tmp_path) == 2
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["gen", "kept.txt", "notes.tmp-keep"]
