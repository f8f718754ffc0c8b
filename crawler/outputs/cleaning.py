"""Cleaning pages in isolated workers (crawler.outputs.isolation): what `clean`, `crawl` and
`fetch` call. Each page gets a wall-clock limit that grows with its size; a page over it is a
`timeout` rejection, a page that runs its worker out of memory a `too_large` one.

`clean_items` cleans a short run of text dumps (up to IN_PROCESS_INPUTS of up to IN_PROCESS_BYTES each) in
the run's own process, under the same time limit (a SIGALRM raised into the clean step): their clean step
is RE2 rules (linear time) and line loops in Python, which the alarm interrupts, and the size cap bounds
their memory. Such a run starts no fork server (0.7 s of CPU to load the data and clean a page to
warm up, against 0.25 s here); a longer run, or one with an input that needs a worker (an HTML page, a WARC
record, a larger dump), is cleaned in workers from its first input, as the loading pays off there.
"""

from __future__ import annotations

import itertools
import linecache
import signal
import sys
import threading
import time
import traceback
import weakref
from collections.abc import Iterable, Iterator, Sequence
from types import FrameType
from typing import Any

from cleaners import Article, Options, Page, RejectedInput
from cleaners.errors import Reason
from cleaners.model import Rejection
from cleaners.stitch import clean_fetched
from crawler.outputs.isolation import DEFAULT_MEMORY_LIMIT, Failure, Isolated

__all__ = ["clean_items", "clean_bound", "page_limit", "IsolatedCleaner", "DEFAULT_PAGE_TIMEOUT",
           "DEFAULT_MEMORY_LIMIT"]

DEFAULT_PAGE_TIMEOUT = 10.0  # seconds for a page of up to 1 MiB; normal pages take well under one
IN_PROCESS_BYTES = 1 << 20  # text dumps up to this size may be cleaned in the run's own process ...
_BYTES_PER_MEMORY = 256  # ... and up to 1/256 of the memory limit (a dump's clean step needs ~150 times its size)
IN_PROCESS_INPUTS = 32  # ... in a run of at most this many inputs (a longer one is the workers' from the start)
_LONGEST_ALARM = 1e6  # seconds per MiB: a longer --page-timeout is cleaned in the workers
_ALARM_AGAIN = 0.02  # seconds: the alarm repeats past the limit, in case a raise was swallowed (see _Here._alarm)
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
    """Load the rules, profiles and language models once per worker, before its first page. The
    rules' RE2 programs are left to be built as pages need them: all of them take about half a second
    to build, which a run of one page or a few would spend on programs none of its pages uses, while a
    page pays at most a few tens of milliseconds for the ones it is the first to need."""
    from cleaners.describe.language import load_models
    from cleaners.knowledge.bundle import Knowledge

    knowledge = Knowledge.default()
    len(knowledge.sites)  # the profiles are read on first look-up otherwise
    load_models()  # not left to the warm-up page: an Indonesian text its function words confirm needs none
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


def _failed(item: Item, failure: Failure, page_timeout: float | None, memory_limit: int | None) -> Rejection:
    """The rejection of `item`, cleaned in a worker or here under the alarm, that did not finish."""
    return failure_rejection(_source(item), failure, page_limit(_size(item), page_timeout), memory_limit)


class _Deadline(BaseException):
    """Raised into an input cleaned in this process by its time limit's alarm: a BaseException, so that no
    `except Exception` of the cleaning core takes it for a failure of the page."""


def _alarm_free() -> bool:
    """Whether this process may time its cleaning with SIGALRM: the main thread (the only one Python
    delivers signals to), no handler of someone else's, no alarm pending."""
    return (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
            and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))


def _timed(item: Item, options: Options) -> Article | Rejection:
    """`clean_one` under the alarm: the frame it raises into."""
    return clean_one((item, options))


def _alarm(_signum: int, frame: FrameType | None) -> None:
    """SIGALRM: _Deadline, raised where the input's cleaning is (a frame of `_timed` on the stack), not
    after it. Not while a __del__ runs or an exception is being reported (traceback, linecache, or the
    unraisable-exception hook itself when it is written in Python, as a test runner's is): a raise
    would be swallowed, or would break the report. A raise that lands in a garbage-collection callback
    is swallowed too (printed as ignored): the alarm repeats every _ALARM_AGAIN seconds until one
    lands in the cleaning itself."""
    reporting = _hook_code(sys.unraisablehook)
    while frame is not None:
        code = frame.f_code
        if code is _timed.__code__:
            raise _Deadline
        if code.co_name == "__del__" or code.co_filename in _REPORTING or code is reporting:
            return
        frame = frame.f_back


def _hook_code(hook: Any) -> Any:
    """The code object of a hook written in Python (a function, or a functools.partial of one), else None."""
    return getattr(getattr(hook, "func", hook), "__code__", None)


_REPORTING = frozenset({traceback.__file__, linecache.__file__})  # modules that format a reported exception


class _Here:
    """A short run cleaned in this process: text dumps (and inputs already rejected by the reader). The
    first input over its time limit, or out of memory, closes it: what the interrupted work left behind (a
    memo half-written) must not touch the next inputs, which go to the workers."""

    def __init__(self, page_timeout: float | None, memory_limit: int | None) -> None:
        self.page_timeout = page_timeout
        self.max_bytes = min(IN_PROCESS_BYTES, memory_limit // _BYTES_PER_MEMORY) if memory_limit else IN_PROCESS_BYTES
        # a limit the alarm can take (a library caller may give any float; nan or inf: the workers')
        self.open = _alarm_free() and (not page_timeout or 0 < page_timeout < _LONGEST_ALARM)

    def takes(self, item: Item) -> bool:
        """Whether `item` may be cleaned here."""
        if not self.open or isinstance(item, Rejection):
            return self.open
        from cleaners.decode import looks_like_html

        return len(item.body) <= self.max_bytes and not looks_like_html(item.body, item.header("content-type"))

    def clean(self, item: Item, options: Options) -> Article | Rejection:
        if isinstance(item, Rejection):
            return item
        self._prepare()
        limit = page_limit(_size(item), self.page_timeout)
        previous = signal.signal(signal.SIGALRM, _alarm)
        failure: Failure | None = None
        try:
            if limit:
                signal.setitimer(signal.ITIMER_REAL, limit, _ALARM_AGAIN)
            return _timed(item, options)
        except _Deadline:
            failure = Failure("timeout", "")
        except MemoryError:
            failure = Failure("memory", "")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0.0)
            signal.signal(signal.SIGALRM, previous)
        self.open = False  # here, out of memory is out of the machine's memory, not of --page-memory
        return _failed(item, failure, self.page_timeout, None)

    @staticmethod
    def _prepare() -> None:
        """Before each input: the cleaning core and the bundled data loaded outside its time limit (the
        rules build their RE2 programs on first use, and langdetect is loaded with its profiles by the
        first text that needs it, both inside the time limit); past the first input, cached look-ups."""
        from cleaners.knowledge.bundle import Knowledge
        from cleaners.pipeline import clean_page  # noqa: F401

        Knowledge.default()

    def read_short(self, items: Iterator[Item]) -> tuple[list[Item], bool]:
        """The inputs of `items` read to find out whether they are a short run whose every input may be
        cleaned here (then all of them); and whether they are."""
        head: list[Item] = []
        for item in items if self.open else ():
            head.append(item)
            if len(head) > IN_PROCESS_INPUTS or not self.takes(item):
                break
        else:
            return head, self.open
        self.open = False
        return head, False


def clean_items(items: Iterable[Item], options: Options, jobs: int = 1, *,
                page_timeout: float | None = DEFAULT_PAGE_TIMEOUT,
                memory_limit: int | None = DEFAULT_MEMORY_LIMIT) -> Iterator[tuple[Item, Article | Rejection]]:
    """(input, result) pairs in input order, each as soon as it and all before it are done.

    Each page is cleaned in a worker process under its time and memory limits, but a short run of text
    dumps, cleaned in this process under the same time limit (see the module's doc); with one job and
    neither limit (page_timeout 0, memory_limit None), every input in this process."""
    if jobs <= 1 and not page_timeout and not memory_limit:
        for item in items:
            yield item, clean_one((item, options))
        return
    items = iter(items)
    here = _Here(page_timeout, memory_limit)
    head, short = here.read_short(items)
    if not short:  # a long run, or an input that needs a worker: the workers', from its first input
        yield from _isolated(itertools.chain(head, items), options, jobs, page_timeout, memory_limit)
        return
    for index, item in enumerate(head):
        yield item, here.clean(item, options)
        if not here.open and index + 1 < len(head):  # over its limit: the rest goes to a worker
            yield from _isolated(iter(head[index + 1:]), options, jobs, page_timeout, memory_limit)
            return


def _isolated(items: Iterator[Item], options: Options, jobs: int, page_timeout: float | None,
              memory_limit: int | None) -> Iterator[tuple[Item, Article | Rejection]]:
    tasks = ((item, options) for item in items)
    with Isolated(clean_one, jobs, memory_limit=memory_limit, warm=warm) as pool:
        for (item, _), outcome in pool.map_ordered(tasks, lambda task: page_limit(_size(task[0]), page_timeout),
                                                   size_of=lambda task: _size(task[0])):
            if isinstance(outcome, Failure):
                yield item, _failed(item, outcome, page_timeout, memory_limit)
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
