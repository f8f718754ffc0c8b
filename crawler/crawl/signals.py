"""SIGINT/SIGTERM during a crawl, and what a pass process tells `newsbroom crawl` while it runs.

The parent (`PassStop`) handles the signals: the first one asks the pass to finish the requests it
has in flight, a second one ends the pass at once (SIGKILL: safe, nothing is marked seen before it
is written). The pass process (`child_started`, `watch_stop`) never raises KeyboardInterrupt: its own
handlers are in place before it imports anything else, and the parent forwards a signal only once
the pass said it is ready. Twisted's and scrapy's handlers stay off in a pass.

The pass talks to the parent through its stdout, one JSON object a line: `{"type": "ready"}`,
`{"type": "inflight", "n": N}` (its answer to a stop: N is null when it cannot tell),
`{"type": "progress", ...}` (counters, crawler.crawl.progress), and last the pass's result
(`{"status": ...}`). Only the parent prints, so its lines never interleave with the pass's.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import threading
import time
from typing import Any

__all__ = ["PassStop", "child_started", "stop_requested", "watch_stop", "send"]

ANSWER_WAIT = 0.5  # seconds the parent waits for the pass to count its requests in flight
_CHILD: dict[str, Any] = {"requested": False, "crawlers": []}


# -- in the pass process -------------------------------------------------------------------------

def send(message: dict[str, Any]) -> None:
    """One line to the parent (one write: a line is never torn by another)."""
    with contextlib.suppress(OSError):
        os.write(1, (json.dumps(message) + "\n").encode())


def child_started() -> None:
    """The first thing a pass process does: take SIGINT/SIGTERM, then tell the parent it may forward them."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _on_signal)
    send({"type": "ready"})


def stop_requested() -> bool:
    return bool(_CHILD["requested"])


def _in_flight() -> int | None:
    """The requests the pass's engines have in flight (downloading or being processed), or None."""
    total = 0
    try:
        for crawler in _CHILD["crawlers"]:
            engine = getattr(crawler, "engine", None)
            slot = getattr(engine, "_slot", None) if engine is not None else None
            if slot is not None:
                total += len(slot.inprogress)
    except (AttributeError, TypeError):
        return None
    return total


def _on_signal(signum, frame) -> None:
    if _CHILD["requested"]:
        return  # a second stop is the parent's (SIGKILL)
    _CHILD["requested"] = True
    stopper = _CHILD.get("stopper")
    if stopper is None:  # no crawler yet: the pass stops before it starts
        send({"type": "inflight", "n": 0})
        return
    from twisted.internet import reactor

    reactor.callFromThread(stopper, True)


def watch_stop(crawlers: list) -> None:
    """Stop each crawler of the pass gracefully (what is in flight is finished, nothing new is started)
    as soon as a stop is asked for, or, for one still starting, once its engine runs; then tell the
    parent how many requests are in flight."""
    from twisted.internet import reactor, task

    _CHILD["crawlers"] = crawlers
    stopped: set[int] = set()

    def stop(report: bool = False) -> None:
        if not _CHILD["requested"]:
            return
        from scrapy.utils.defer import deferred_from_coro

        for crawler in crawlers:
            engine = getattr(crawler, "engine", None)
            if id(crawler) in stopped or engine is None or not engine.running:
                continue
            stopped.add(id(crawler))
            done = deferred_from_coro(crawler.stop_async())
            if hasattr(done, "addErrback"):
                done.addErrback(lambda failure: failure.trap(RuntimeError))  # closed meanwhile
        if report:
            send({"type": "inflight", "n": _in_flight()})

    _CHILD["stopper"] = stop
    if _CHILD["requested"]:  # asked for while the crawlers were being made
        reactor.callWhenRunning(stop, True)
    reactor.callWhenRunning(task.LoopingCall(stop).start, 0.1)


# -- in `newsbroom crawl` -------------------------------------------------------------------------

class PassStop:
    """The parent's SIGINT/SIGTERM handler, and the reader of a running pass's lines."""

    def __init__(self, err=None) -> None:
        self.err = err
        self.event = threading.Event()  # a stop was asked for
        self.signals = 0
        self.killed = False  # the running pass was ended at once
        self.child: subprocess.Popen | None = None
        self.ready = False
        self._announced = False
        self.progress: Any = None  # the running pass's crawler.crawl.progress.Progress
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)
        os.set_blocking(self._wake_write, False)

    def close(self) -> None:
        for fd in (self._wake_read, self._wake_write):
            with contextlib.suppress(OSError):
                os.close(fd)

    def handle(self, signum, frame) -> None:
        self.signals += 1
        self.event.set()
        with contextlib.suppress(OSError):
            os.write(self._wake_write, b"!")
        child = self.child
        if child is None or child.poll() is not None:
            return
        if self.signals >= 2:
            self.killed = True
            child.kill()
        elif self.ready:
            child.send_signal(signal.SIGINT)

    def _say(self, line: str) -> None:
        if self.progress is not None:
            self.progress.clear()
        if self.err is not None:
            print(f"newsbroom: {line}", file=self.err, flush=True)

    def _announce(self, n: int | None) -> None:
        if self._announced:
            return
        self._announced = True
        what = f"{n} requests" if n is not None else "the requests"
        self._say(f"finishing {what} in flight; Ctrl-C again to stop now")

    def follow(self, proc: subprocess.Popen, payload: bytes, progress: Any = None) -> dict[str, Any] | None:
        """Send `payload` to the pass `proc`, read its lines until it ends (its progress to `progress`);
        its result, or None."""
        self.child, self.ready, self._announced, self.progress = proc, False, False, progress
        assert proc.stdin is not None and proc.stdout is not None
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.write(payload)
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.close()
        result: dict[str, Any] | None = None
        fd, buffer, asked = proc.stdout.fileno(), b"", None
        try:
            while True:
                if self.signals and asked is None:
                    asked = time.monotonic()
                timeout = None if asked is None or self._announced else max(0.0, asked + ANSWER_WAIT - time.monotonic())
                readable, _, _ = select.select([fd, self._wake_read], [], [], timeout)
                if self._wake_read in readable:
                    with contextlib.suppress(OSError):
                        os.read(self._wake_read, 512)
                if fd in readable:
                    chunk = os.read(fd, 65536)
                    if not chunk:
                        break
                    *lines, buffer = (buffer + chunk).split(b"\n")
                    for line in lines:
                        result = self._line(line) or result
                if asked is not None and not self._announced and time.monotonic() >= asked + ANSWER_WAIT:
                    self._announce(None)  # the pass did not answer in time: no number rather than a guess
            proc.wait()
        finally:
            self.child = None
        return result

    def _line(self, line: bytes) -> dict[str, Any] | None:
        try:
            message = json.loads(line)
        except ValueError:
            return None
        if not isinstance(message, dict):
            return None
        kind = message.get("type")
        if kind == "ready":
            self.ready = True
            if self.signals == 1 and self.child is not None and self.child.poll() is None:
                self.child.send_signal(signal.SIGINT)  # a stop asked for while the pass was starting
        elif kind == "inflight":
            n = message.get("n")
            self._announce(n if isinstance(n, int) else None)
        elif kind in ("progress", "log"):
            if self.progress is not None:
                self.progress.handle(message)
        elif "status" in message:
            return message
        return None
