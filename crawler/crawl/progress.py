"""What a crawl says while a pass runs: progress and, with -v, one line per article.

The pass process counts (`watch_progress`: its RunSummary's counters every `View.every` seconds, and
with -v what became of each article) and sends it to the parent as JSON lines (crawler.crawl.signals);
the parent (`Progress`) prints: on a terminal one live line per pass, rewritten in place with `\\r`;
elsewhere (a log file, journald) a summary line every `--log-every` seconds. -q prints neither.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, TextIO

__all__ = ["View", "Progress", "watch_progress", "child_view", "set_child_view"]

LIVE_EVERY = 1.0  # seconds between two updates of the live line on a terminal
DEFAULT_LOG_EVERY = 60.0


@dataclass
class View:
    """How much a crawl says: `every` seconds between progress reports (None: none), `live` (a terminal:
    the line is rewritten in place), `verbose` (a line per article), `quiet` (errors and summaries only)."""

    every: float | None = None
    live: bool = False
    verbose: bool = False
    quiet: bool = False

    @classmethod
    def for_stream(cls, err: TextIO, *, log_every: float = DEFAULT_LOG_EVERY, verbosity: int = 0) -> View:
        """-q is verbosity -1, -v 1."""
        if verbosity < 0:
            return cls(quiet=True)
        live = bool(getattr(err, "isatty", lambda: False)())
        return cls(every=LIVE_EVERY if live else log_every, live=live, verbose=verbosity > 0)


_VIEW: dict[str, View] = {"view": View()}


def set_child_view(view: View) -> None:
    _VIEW["view"] = view


def child_view() -> View:
    return _VIEW["view"]


# -- in the pass process -------------------------------------------------------------------------

def _counts(summary) -> dict[str, Any]:
    return {"discovered": summary.discovered, "fetched": summary.fetched, "written": summary.written,
            "rejected": summary.rejected_total}


def watch_progress(sink, started: float) -> None:
    """Send the pass's counters every `every` seconds (from the reactor), and with -v a line per article."""
    from crawler.crawl.signals import send

    view = child_view()
    summary = sink.summary
    if view.every is not None:
        from twisted.internet import reactor, task

        def report() -> None:
            send({"type": "progress", "seconds": time.monotonic() - started, **_counts(summary)})

        reactor.callWhenRunning(task.LoopingCall(report).start, view.every, False)
    if view.verbose:
        _watch_articles(sink)


def _watch_articles(sink) -> None:
    """One line per article the sink wrote, updated or found unchanged (its rejections it reports itself)."""
    from crawler.crawl.signals import send

    def logged(outcome: str, url: str) -> None:
        if outcome in ("written", "updated", "unchanged", "duplicate"):
            send({"type": "log", "line": f"{outcome} {url}"})

    sink.watch = logged


# -- in `newsbroom crawl` -------------------------------------------------------------------------

class Progress:
    """The parent's side: prints what the pass sends, under `prefix` ("pass 2: " with --every)."""

    def __init__(self, err: TextIO, view: View, prefix: str = "") -> None:
        self.err = err
        self.view = view
        self.prefix = prefix
        self._shown = False  # a live line is on the terminal

    def clear(self) -> None:
        """Take the live line away before another line is printed."""
        if self._shown:
            self.err.write("\r\x1b[K")
            self.err.flush()
            self._shown = False

    def log(self, line: str) -> None:
        self.clear()
        print(f"newsbroom: {self.prefix}{line}", file=self.err, flush=True)

    def show(self, counts: dict[str, Any]) -> None:
        if self.view.quiet:
            return
        seconds = float(counts.get("seconds", 0.0))
        rate = counts.get("fetched", 0) / seconds if seconds > 0 else 0.0
        parts = [f"discovered {counts.get('discovered', 0)}", f"fetched {counts.get('fetched', 0)}",
                 f"written {counts.get('written', 0)}", f"rejected {counts.get('rejected', 0)}",
                 f"{rate:.1f} pages/s", f"{seconds:.0f}s"]
        if self.view.live:
            self.err.write(f"\r\x1b[Knewsbroom: {self.prefix}" + ", ".join(parts))
            self.err.flush()
            self._shown = True
        else:
            print(f"newsbroom: {self.prefix}progress: " + "; ".join(parts), file=self.err, flush=True)

    def handle(self, message: dict[str, Any]) -> None:
        """A line from the pass: its counters, or a line to print."""
        if message.get("type") == "progress":
            self.show(message)
        elif message.get("type") == "log" and self.view.verbose and not self.view.quiet:
            self.log(str(message.get("line", "")))
