"""An exclusive lock on an output directory (or a state file): one run writes it at a time.

`OutputLock(DIR, "crawl")` holds `DIR/.newsbroom.lock`: an `flock` on the file (released by the
kernel when the holder dies, however it dies) and, inside it, who holds it (pid, host, command,
since when) so that a refusal can name the holder. A lock file left by a dead process of this
host is taken over with a message; a live holder is refused with `LockHeld`, whose message names
it. A lock file written on another host is refused too (its process cannot be checked from here):
the message says to remove the file once that run is gone.

    with OutputLock(out_dir, "clean"):
        ...                       # raises LockHeld when another run holds out_dir

The file is removed on release; `acquire` checks that the file it locked is still the one at
the path, so a release racing an acquire never lets two runs hold one directory.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - not Linux/BSD/macOS
    fcntl = None  # type: ignore[assignment]

__all__ = ["OutputLock", "LockHeld", "LOCK_NAME"]

LOCK_NAME = ".newsbroom.lock"


class LockHeld(Exception):
    """Another run holds the lock; the message names it (pid, host, command) and what to do."""

    def __init__(self, message: str, holder: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.holder = holder or {}


def pid_running(pid: int) -> bool:
    """Whether process `pid` runs on this host (a zombie nobody reaped yet does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except (OverflowError, ValueError):
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[:1] not in (["Z"], ["X"])


def _describe(holder: dict[str, Any]) -> str:
    since = holder.get("since")
    when = time.strftime(" since %Y-%m-%d %H:%M:%S UTC", time.gmtime(since)) if isinstance(since, (int, float)) else ""
    return (f"pid {holder.get('pid', '?')} on host {holder.get('host', '?')} "
            f"(newsbroom {holder.get('command', '?')}{when})")


def _notice(message: str) -> None:
    print(f"newsbroom: {message}", file=sys.stderr, flush=True)


class OutputLock:
    """An exclusive lock on `directory` for one `command` (see the module's doc)."""

    def __init__(self, directory: Path | str, command: str, *, name: str = LOCK_NAME,
                 notice: Callable[[str], None] = _notice) -> None:
        self.directory = Path(directory)
        self.command = command
        self.path = self.directory / name
        # what the messages name: the directory, or the file a "<file>.lock" stands for (a state file)
        self.subject = self.directory if name == LOCK_NAME else self.directory / name.removesuffix(".lock")
        self.notice = notice
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def _read(self, fd: int) -> dict[str, Any]:
        os.lseek(fd, 0, os.SEEK_SET)
        raw = os.read(fd, 4096)
        try:
            data = json.loads(raw.decode("utf-8", "replace")) if raw.strip() else {}
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def _refuse(self, holder: dict[str, Any], why: str) -> LockHeld:
        return LockHeld(f"{self.subject} is in use by {_describe(holder)}{why}", holder)

    def _lock_current_file(self) -> int:
        """An fd holding the flock on the file now at self.path (retrying if it was replaced)."""
        for _ in range(50):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                if fcntl is not None:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except BlockingIOError:
                        holder = self._read(fd)
                        raise self._refuse(holder, "; wait for it to end or stop it") from None
                try:
                    same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
                except FileNotFoundError:
                    same = False
                if same:
                    return fd
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)  # released and removed under us: lock the new file
        raise LockHeld(f"{self.directory}: could not take {self.path.name} (it keeps being replaced)")

    def acquire(self) -> OutputLock:
        if self._fd is not None:
            return self
        self.directory.mkdir(parents=True, exist_ok=True)
        fd = self._lock_current_file()
        try:
            self._check_previous(self._read(fd))
            me = {"pid": os.getpid(), "host": socket.gethostname(), "command": self.command, "since": time.time()}
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, (json.dumps(me) + "\n").encode())
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return self

    def _check_previous(self, holder: dict[str, Any]) -> None:
        """The file is ours (flock); what an earlier holder left in it: stale here, or another host's."""
        pid = holder.get("pid")
        if not isinstance(pid, int) or pid == os.getpid():
            return
        if holder.get("host") not in (None, socket.gethostname()):
            raise self._refuse(holder, f"; if that run is gone, remove {self.path} and run again")
        state = "no longer running" if not pid_running(pid) else "no longer holding it"
        self.notice(f"taking over the lock on {self.subject} left by {_describe(holder)}, {state}")

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        os.close(fd)  # closing drops the flock

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
