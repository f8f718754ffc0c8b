"""OutputLock: one run per output directory; a dead holder's lock is taken over, a live one refused."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest

from crawler.outputs.lock import LOCK_NAME, LockHeld, OutputLock


def test_second_holder_is_refused_and_named(tmp_path):
    with OutputLock(tmp_path, "crawl"), pytest.raises(LockHeld) as info:
        OutputLock(tmp_path, "clean").acquire()
    message = str(info.value)
    assert "pid" in message and socket.gethostname() in message and "newsbroom crawl" in message
    # released: a new holder takes it, and the lock file is gone afterwards
    with OutputLock(tmp_path, "clean") as lock:
        assert lock.held
    assert not (tmp_path / LOCK_NAME).exists()


def test_live_holder_in_another_process_is_refused(tmp_path):
    code = ("import sys,time; from crawler.outputs.lock import OutputLock; "
            f"l=OutputLock({str(tmp_path)!r}, 'crawl').acquire(); print('ready', flush=True); sys.stdin.read()")
    holder = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(LockHeld, match=f"pid {holder.pid} on host"):
            OutputLock(tmp_path, "clean").acquire()
    finally:
        holder.stdin.close()
        holder.wait(10)
    OutputLock(tmp_path, "clean").acquire().release()


def test_stale_lock_of_a_dead_pid_is_taken_over_with_a_message(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / LOCK_NAME).write_text(json.dumps({"pid": dead.pid, "host": socket.gethostname(),
                                                  "command": "crawl", "since": 0}))
    notes: list[str] = []
    with OutputLock(tmp_path, "crawl", notice=notes.append):
        holder = json.loads((tmp_path / LOCK_NAME).read_text())
    assert len(notes) == 1 and f"pid {dead.pid}" in notes[0] and "no longer running" in notes[0]
    assert holder["command"] == "crawl" and holder["pid"] != dead.pid


def test_lock_file_of_another_host_is_refused(tmp_path):
    (tmp_path / LOCK_NAME).write_text(json.dumps({"pid": 4242, "host": "elsewhere.example", "command": "crawl"}))
    with pytest.raises(LockHeld, match="elsewhere.example.*remove"):
        OutputLock(tmp_path, "crawl").acquire()
