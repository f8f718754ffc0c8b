"""What the spiders of one crawl pass share, and how a write that fails ends the pass.

`PassContext` carries the state store, the sink and the pass's options to every spider; `fail`
stops the pass (every spider closed with the reason "output_failed", nothing more written) and
keeps the message the pass reports. `watch_full_disk` does the same for scrapy's own writes in
the output directory (its disk queues, its state file), which scrapy would only log.
"""

from __future__ import annotations

import errno
import logging
import os
from pathlib import Path

from crawler.crawl.config import CrawlConfig
from crawler.outputs.recorder import Sink
from crawler.outputs.writer import OutputFailed
from crawler.state import StateStore

__all__ = ["PassContext", "watch_full_disk", "recover_records"]

# where scrapy reports a failed write of its own (the disk queues, its state file, signal handlers)
_SCRAPY_LOGGERS = ("scrapy.core.engine", "scrapy.core.scraper", "scrapy.core.scheduler", "scrapy.utils.signal",
                   "scrapy.extensions.spiderstate", "twisted")


class PassContext:
    """What every spider of a pass shares: the state store, the sink and the options (and,
    in a shared crawl, the worker's Coordinator). `fail` ends the pass: a write failed."""

    def __init__(self, state: StateStore, sink: Sink, config: CrawlConfig, shared=None, cleaning=None) -> None:
        self.state = state
        self.sink = sink
        self.since = config.since
        self.user_agent = config.user_agent
        self.shared = shared
        self.state_path = None if shared is not None else os.path.expanduser(config.state_spec)
        self.crawlers: list = []  # the pass's scrapy crawlers, one per target
        self.failed: str | None = None  # why the pass stopped writing (a full disk)
        self.cleaning = cleaning  # the pass's CleaningPool (crawler.crawl.cleanpool), or None
        if cleaning is not None:
            cleaning.on_broken = self.fail  # no cleaning worker can be started: the pass cannot go on

    def fail(self, message: str) -> None:
        """Stop the pass: nothing more is written, every spider is closed; the pass reports `message`."""
        from crawler.crawl.pipeline import close_spider

        if self.failed is None:
            self.failed = message
        for crawler in self.crawlers:
            close_spider(crawler, "output_failed")


class _FullDisk(logging.Filter):
    """A write of scrapy's own in DIR that fails for want of space ends the pass as one of ours
    does: the pass's one message, not a traceback per write."""

    def __init__(self, ctx: PassContext, out: Path) -> None:
        super().__init__()
        self.ctx = ctx
        self.out = out

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            self.ctx.fail(str(OutputFailed(self.out.resolve(), exc)))
            return False
        return True


def watch_full_disk(ctx: PassContext, out: Path) -> None:
    """Make a full disk under scrapy's own writes end the pass of `ctx` (see _FullDisk)."""
    full_disk = _FullDisk(ctx, out)
    for name in _SCRAPY_LOGGERS:
        logging.getLogger(name).addFilter(full_disk)


def recover_records(state: StateStore, jsonl: Path) -> int:
    """The records of `jsonl` flushed before a kill, into the state. Only a regular file holds records:
    a device or a FIFO in its place is not read (its reading might never end)."""
    if jsonl.exists() and not jsonl.is_file():
        return 0
    return state.recover(jsonl)
