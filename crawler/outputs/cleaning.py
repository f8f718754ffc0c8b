"""Cleaning pages in isolated workers (crawler.outputs.isolation): what `clean`, `crawl` and
`fetch` call. Each page gets a wall-clock limit that grows with its size; a page over it is a
`timeout` rejection, a page that runs its worker out of memory a `too_large` one.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from cleaners import Article, Options, Page, RejectedInput
from cleaners.errors import Reason
from cleaners.model import Rejection
from cleaners.stitch import clean_fetched
from crawler.outputs.isolation import DEFAULT_MEMORY_LIMIT, Failure, Isolated

__all__ = ["clean_items", "clean_bound", "page_limit", "IsolatedCleaner", "DEFAULT_PAGE_TIMEOUT",
           "DEFAULT_MEMORY_LIMIT"]

DEFAULT_PAGE_TIMEOUT = 10.0  # seconds for a page of up to 1 MiB; normal pages take well under one
_WARM_PAGE = (b"<html lang='id'><head><title>Berita</title></head><body><article><h1>Judul berita</h1>"
              + b"<p>Ini adalah kalimat pertama dari sebuah berita yang cukup panjang untuk dibaca.</p>" * 4
              + b"</article></body></html>")

Item = Page | Rejection


def page_limit(size: int, page_timeout: float | None) -> float | None:
    """The wall-clock limit of a page of `size` bytes: `page_timeout` per started MiB."""
    if not page_timeout:
        return None
    return page_timeout * (1 + size / 2**20)


def _source(item: Item) -> str:
    return item.source if isinstance(item, Rejection) else (item.source or item.url or "?")


def clean_one(task: tuple[Item, Options]) -> Article | Rejection:
    """One input cleaned, in a worker: an Article, or a Rejection (never an exception)."""
    from cleaners.pipeline import clean_page

    item, options = task
    if isinstance(item, Rejection):
        return item
    try:
        return clean_page(item, options)
    except RejectedInput as exc:
        if exc.reason == Reason.EXTRACT_FAILED.code and near_memory_limit():
            raise MemoryError from None  # the parser's allocation failed: the pool reports it, replaces the worker
        return Rejection(_source(item), exc.reason, exc.message)
    except MemoryError:
        raise
    except Exception as exc:  # one broken page must not end the run
        if near_memory_limit():
            raise MemoryError from None
        return Rejection(_source(item), "extract_failed", f"unexpected error while cleaning: {exc!r}")


def near_memory_limit() -> bool:
    """True when this process has come within 10% of its address-space limit: a failure then is
    an allocation that failed (a C library says "cannot parse", not "out of memory")."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
        if soft == resource.RLIM_INFINITY or soft <= 0:
            return False
        with open("/proc/self/status", encoding="ascii") as fh:
            peak = next((int(line.split()[1]) * 1024 for line in fh if line.startswith("VmPeak:")), 0)
    except (ImportError, OSError, ValueError):
        return False
    return peak >= soft * 0.9


def warm() -> None:
    """Load the rules, profiles and language models once per worker, before its first page; every
    rule's RE2 program is built here too (the bundled rules build on first use otherwise), so the
    workers forked from it share them and no page pays for one inside its time limit."""
    from cleaners.knowledge.bundle import Knowledge

    Knowledge.default().rules.ready()
    clean_one((Page(url=None, body=_WARM_PAGE, source="warm-up"), Options()))


def _size(item: Item) -> int:
    return len(item.body) if isinstance(item, Page) else 0


def failure_rejection(source: str, failure: Failure, limit: float | None, memory_limit: int | None) -> Rejection:
    """The rejection of a page whose worker did not answer."""
    memory = f"{memory_limit / 2**20:,.0f} MiB" if memory_limit else "the machine's memory"
    if failure.kind == "timeout":
        return Rejection(source, Reason.TIMEOUT.code,
                         f"cleaning took longer than {limit or 0:.1f} s (raise it with --page-timeout)")
    if failure.kind == "memory":
        return Rejection(source, Reason.TOO_LARGE.code,
                         f"cleaning needed more memory than the limit of {memory} (raise it with --page-memory)")
    if failure.kind == "died":
        return Rejection(source, Reason.TOO_LARGE.code, f"the process cleaning it ended ({failure.detail}), most "
                         f"likely out of memory: limit {memory} (raise it with --page-memory)")
    return Rejection(source, Reason.EXTRACT_FAILED.code, f"unexpected error while cleaning: {failure.detail}")


def clean_items(items: Iterable[Item], options: Options, jobs: int = 1, *,
                page_timeout: float | None = DEFAULT_PAGE_TIMEOUT,
                memory_limit: int | None = DEFAULT_MEMORY_LIMIT) -> Iterator[tuple[Item, Article | Rejection]]:
    """(input, result) pairs in input order, each as soon as it and all before it are done.

    Each page is cleaned in a worker process under its time and memory limits; with one job and
    neither limit (page_timeout 0, memory_limit None), in this process."""
    if jobs <= 1 and not page_timeout and not memory_limit:
        for item in items:
            yield item, clean_one((item, options))
        return
    tasks = ((item, options) for item in items)
    with Isolated(clean_one, jobs, memory_limit=memory_limit, warm=warm) as pool:
        for (item, _), outcome in pool.map_ordered(tasks, lambda task: page_limit(_size(task[0]), page_timeout),
                                                   size_of=lambda task: _size(task[0])):
            if isinstance(outcome, Failure):
                yield item, failure_rejection(_source(item), outcome, page_limit(_size(item), page_timeout),
                                              memory_limit)
            else:
                yield item, outcome


def _clean_fetched(task: tuple[Sequence[Page], Options]) -> tuple[Article | tuple[str, str], float]:
    """(the Article, or (reason, message) of a rejection: exceptions do not travel back well;
    the CPU seconds it took)."""
    pages, options = task
    started = time.process_time()
    try:
        result: Article | tuple[str, str] = clean_fetched(pages, options)
    except RejectedInput as exc:
        if exc.reason == Reason.EXTRACT_FAILED.code and near_memory_limit():
            raise MemoryError from None
        result = exc.reason, exc.message
    return result, time.process_time() - started


def clean_bound(options: Options, pages: Sequence[Page]) -> tuple[Article | tuple[str, str], float]:
    """`_clean_fetched` with the options bound (functools.partial): they travel once per worker."""
    return _clean_fetched((pages, options))


class IsolatedCleaner:
    """`clean_fetched` for the crawl and `fetch`, one article at a time in a worker process.
    Returns (the Article, CPU seconds); raises RejectedInput (timeouts and memory among them)."""

    def __init__(self, *, page_timeout: float | None = DEFAULT_PAGE_TIMEOUT,
                 memory_limit: int | None = DEFAULT_MEMORY_LIMIT) -> None:
        self.page_timeout = page_timeout
        self.memory_limit = memory_limit
        self._pool: Isolated[Any] | None = None

    def __call__(self, pages: Sequence[Page], options: Options) -> tuple[Article, float]:
        if self._pool is None:
            self._pool = Isolated(_clean_fetched, 1, memory_limit=self.memory_limit, warm=warm)
            weakref.finalize(self, self._pool.close)
        limit = page_limit(sum(len(p.body) for p in pages), self.page_timeout)
        outcome = self._pool.call((list(pages), options), limit)
        if isinstance(outcome, Failure):
            rejection = failure_rejection("", outcome, limit, self.memory_limit)
            raise RejectedInput(rejection.reason, rejection.message)
        result, cpu = outcome
        if isinstance(result, tuple):
            raise RejectedInput(*result)
        return result, cpu

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None
