"""The crawl's item pipeline: a thin adapter from spider items to `crawler.outputs.recorder.Sink`.

Cleaning happens in worker processes, never in the spider: with a CleaningPool (crawler.crawl.cleanpool)
the pipeline awaits the article's cleaning while the reactor goes on fetching, then writes it through
the sink; without one, the sink cleans it (its own worker) while the reactor waits.

A write that fails (a full disk: `OutputFailed`, or the state store's disk full) ends the pass: every
spider of it is closed with the reason "output_failed", nothing more is written (an item in flight is
dropped, fetched again by the next pass: it was never marked seen), and the pass reports the message.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cleaners import Article
from crawler.crawl.records import ArticleItem, RejectItem
from crawler.outputs.writer import OutputFailed

__all__ = ["ArticlePipeline", "close_spider", "write_failure"]


def close_spider(crawler, reason: str) -> None:
    """Ask `crawler`'s engine to close its spider (from the reactor thread)."""
    engine = crawler.engine
    if engine is None or getattr(crawler, "_newsbroom_closing", False):
        return
    crawler._newsbroom_closing = True
    from scrapy.utils.defer import deferred_from_coro

    closing = deferred_from_coro(engine.close_spider_async(reason=reason))
    if hasattr(closing, "addErrback"):
        closing.addErrback(lambda failure: failure.trap(RuntimeError))  # not open yet, or closed already


def write_failure(exc: BaseException, state_path: str | None) -> str | None:
    """The one-line message of a write that failed for want of space or an I/O error, or None when
    `exc` is something else."""
    if isinstance(exc, OutputFailed):
        return str(exc)
    if not isinstance(exc, sqlite3.OperationalError):
        return None
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF  # the primary code of an extended one
    where = Path(state_path).parent if state_path else "the crawl state's disk"
    if code == sqlite3.SQLITE_FULL:
        return f"no space left on {where} (the crawl state); free some space and run again"
    if code == sqlite3.SQLITE_IOERR:
        return f"cannot write the crawl state in {where}: {exc}"
    return None


def hold(ctx) -> None:
    """Keep the items waiting in the pipeline under the pool's high-water mark: past it the pass's engines
    start no new request (those in flight go on), from half of it again. Without it, fetching faster than
    the workers clean would hold thousands of pages in memory, each one more to finish on a Ctrl-C."""
    pool = ctx.cleaning
    alive = pool.order.alive
    if not pool.holding and alive >= pool.high_water:
        pool.holding = True
        for crawler in ctx.crawlers:
            if crawler.engine is not None:
                crawler.engine.pause()
    elif pool.holding and alive <= pool.high_water // 2:
        pool.holding = False
        for crawler in ctx.crawlers:
            engine = crawler.engine
            if engine is not None:
                engine.unpause()
                slot = getattr(engine, "_slot", None)  # go on now, not at the engine's next heartbeat
                if slot is not None:
                    slot.nextcall.schedule()


class ArticlePipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler) -> ArticlePipeline:
        return cls(crawler)

    async def process_item(self, item: ArticleItem | RejectItem) -> dict[str, str]:
        ctx = self.crawler.spider.ctx
        pool = ctx.cleaning
        if pool is None:  # the sink cleans, the reactor waits
            return self.record(item)
        # cleaned in a worker while the reactor goes on fetching (crawler.crawl.cleanpool), written in
        # the order the items came
        from scrapy.utils.defer import maybe_deferred_to_future

        ticket = pool.order.take()
        hold(ctx)
        try:
            pages = item.pages if isinstance(item, ArticleItem) else None
            cleaned = None
            if pages is not None and ctx.failed is None and not ctx.sink.full:
                cleaned = await maybe_deferred_to_future(pool.clean(pages))
            await maybe_deferred_to_future(pool.order.turn(ticket))
            if pages is not None and cleaned is not None:
                if not isinstance(cleaned[0], Article):  # a rejection: the Sink counts it, we count its CPU
                    ctx.sink.summary.clean_cpu += cleaned[1]
                pool.hand(pages, cleaned)
            return self.record(item)
        finally:
            pool.order.release(ticket)
            hold(ctx)

    def record(self, item: ArticleItem | RejectItem) -> dict[str, str]:
        """Write `item` through the Sink (an article's cleaning result handed over already, if any)."""
        ctx = self.crawler.spider.ctx
        if ctx.failed is not None:  # the output failed: nothing more is written in this pass
            return {"url": item.url}
        sink = ctx.sink
        try:
            if isinstance(item, RejectItem):
                sink.reject(item.url, item.reason, item.message, status=item.status)
            else:
                outcome = sink.article(item.url, item.pages, site_id=item.site, lastmod=item.lastmod)
                if sink.watch is not None:
                    sink.watch(outcome, item.url)
                if outcome == "full" or sink.full:
                    close_spider(self.crawler, "max_articles")
        except Exception as exc:
            message = write_failure(exc, ctx.state_path)
            if message is None:
                raise
            ctx.fail(message)
        finally:
            if ctx.cleaning is not None:
                ctx.cleaning.forget()  # a result the sink did not take (the pass is full)
        return {"url": item.url}
