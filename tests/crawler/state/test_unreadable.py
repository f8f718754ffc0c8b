"""A state file that cannot be read is one line naming it and the choice, exit 2; --reset-state moves it aside."""

from __future__ import annotations

import subprocess
import sys

import pytest

from crawler.state import SQLiteState

NEWSBROOM = [sys.executable, "-m", "crawler.cli"]


def _crawl(profile, out, *extra):
    return subprocess.run(NEWSBROOM + ["crawl", "--profile", str(profile), "-o", str(out), "--delay", "0",
                                       "--no-autothrottle", *extra], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("kind", ["garbage", "truncated", "directory"])
def test_an_unreadable_crawl_db_is_one_line_and_exit_2(site, profile, tmp_path, kind):
    out = tmp_path / "out"
    out.mkdir()
    db = out / "crawl.db"
    if kind == "garbage":
        db.write_bytes(b"this is not a database\n" * 200)
    elif kind == "truncated":  # a real state, cut short (a disk that filled, a copy that stopped)
        state = SQLiteState(db)
        for i in range(2000):
            state.record_written([f"{site.base}/news/{i}.html"], f"id{i}", "0" * 64, None, None, None)
        state.close()
        for extra in ("-wal", "-shm"):
            (out / f"crawl.db{extra}").unlink(missing_ok=True)
        db.write_bytes(db.read_bytes()[:len(db.read_bytes()) // 2])
    else:
        db.mkdir()
    result = _crawl(profile, out)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert str(db) in lines[0] and "--reset-state" in lines[0] and "move it away" in lines[0]
    if kind != "directory":
        return
    again = _crawl(profile, out, "--reset-state")
    assert again.returncode == 0, again.stderr
    assert "moved the unreadable" in again.stderr and "written 8" in again.stderr
    assert list(out.glob("crawl.db.broken-*"))
