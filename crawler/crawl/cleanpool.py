"""Cleaning beside the reactor: the articles of a pass are cleaned in worker processes while Scrapy
goes on fetching, so the fetching and the cleaning each have a core.

`CleaningPool.clean(pages)` hands one article to a worker (crawler.outputs.isolation's workers: started
through the fork server with the data loaded, under the page's time limit and the memory limit) and
returns a Deferred that fires on the reactor thread with `(Article, CPU seconds)` or `(RejectedInput,
CPU seconds)`; it never fails. The item pipeline awaits it, then writes through the Sink as before
(`take` is the Sink's cleaner: it hands over the result for those pages), so the state, the identity
of each article and the writing stay on the reactor thread, one article at a time.

The workers start when the pass first needs them (`begin`: the spider queues its first article, or
an article reaches the pipeline), not with the pass: the fork server's loading of the data is about a
CPU-second, which a pass that finds nothing new to fetch (a scheduled pass, most of the time) does
not spend. Everything runs on the reactor thread but the workers' start (a thread, so that loading
the data overlaps with the fetching of the first articles): a worker's pipe is watched by the
reactor; a page over its time limit costs its worker (killed and replaced) and is a `timeout`
rejection, a page that ends its worker a `too_large` one; the pages the worker held behind it go to
another. Workers end with the pass (and with the pass process if it is killed: see isolation's
PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from cleaners import Article, Options, Page, RejectedInput
from crawler.outputs.cleaning import (
    DEFAULT_MEMORY_LIMIT,
    DEFAULT_PAGE_TIMEOUT,
    clean_bound,
    failure_rejection,
    page_limit,
    warm,
)
from crawler.outputs.isolation import BATCH_BYTES, BATCH_TASKS, START_LIMIT, Failure, Worker, worker_context

__all__ = ["CleaningPool", "Cleaned", "InOrder", "new_pool", "attach_pool", "close_pool"]

logger = logging.getLogger(__name__)

Cleaned = tuple[Article | RejectedInput, float]


class InOrder:
    """Tickets that make the articles and rejections of a pass be written in the order they reached the
    pipeline (as when each was cleaned while the reactor waited), whatever order their cleaning ends in."""

    def __init__(self) -> None:
        self.issued = 0
        self.current = 0  # the ticket whose turn it is
        self.released: set[int] = set()
        self.waiting: dict[int, Any] = {}  # ticket -> Deferred fired at its turn

    def take(self) -> int:
        self.issued += 1
        return self.issued - 1

    @property
    def alive(self) -> int:
        """Tickets taken and not released yet: the items in the pipeline."""
        return self.issued - self.current - len(self.released)

    def turn(self, ticket: int) -> Any:
        """A Deferred that fires when every ticket before `ticket` was released."""
        from twisted.internet.defer import Deferred, succeed

        if ticket == self.current:
            return succeed(None)
        self.waiting[ticket] = Deferred()
        return self.waiting[ticket]

    def release(self, ticket: int) -> None:
        """`ticket` is done (written, or given up): the next one's turn may come."""
        self.released.add(ticket)
        while self.current in self.released:
            self.released.remove(self.current)
            self.current += 1
        waiter = self.waiting.pop(self.current, None)
        if waiter is not None:
            waiter.callback(None)


class _Job:
    __slots__ = ("pages", "limit", "size", "deferred")

    def __init__(self, pages: list[Page], limit: float | None, deferred: Any) -> None:
        self.pages = pages
        self.limit = limit
        self.size = sum(len(p.body) for p in pages)
        self.deferred = deferred


class _Reader:
    """The reactor's view of a worker's pipe (twisted.internet.interfaces.IReadDescriptor)."""

    def __init__(self, pool: CleaningPool, worker: Worker) -> None:
        self.pool = pool
        self.worker = worker

    def fileno(self) -> int:
        return self.worker.conn.fileno()

    def doRead(self) -> None:  # noqa: N802 - Twisted's name
        self.pool._readable(self.worker)

    def connectionLost(self, reason: Any) -> None:  # noqa: N802 - Twisted's name
        pass

    def logPrefix(self) -> str:  # noqa: N802 - Twisted's name
        return "cleaning-worker"


class CleaningPool:
    """`jobs` cleaning workers fed from the reactor (see the module's doc). `on_broken(message)` is
    told when no worker can be started: the pass cannot clean anything."""

    def __init__(self, options: Options, jobs: int, *, page_timeout: float | None = DEFAULT_PAGE_TIMEOUT,
                 memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
                 on_broken: Callable[[str], None] | None = None) -> None:
        self.func = functools.partial(clean_bound, options)  # the options travel once per worker, not per page
        self.jobs = max(1, jobs)
        self.page_timeout = page_timeout
        self.memory_limit = memory_limit
        self.on_broken = on_broken
        self.ctx: Any = None  # the fork server's context, from `begin`
        self.begun = False
        self.workers: list[Worker] = []
        self.pending: deque[_Job] = deque()
        self.jobs_of: dict[int, deque[_Job]] = {}  # id(worker) -> the jobs it holds, the first being worked on
        self.readers: dict[int, _Reader] = {}
        self.timers: dict[int, Any] = {}  # id(worker) -> the reactor's DelayedCall of its deadline
        self.broken: str | None = None
        self.closed = False
        self._lock = threading.Lock()
        self._reactor: Any = None
        self._early: list[Worker] = []  # started before the reactor was attached
        self._handed: tuple[Sequence[Page], Cleaned] | None = None
        self.order = InOrder()  # the pipeline writes in arrival order through it
        # items in the pipeline past which the pass fetches nothing new (crawler.crawl.pipeline.hold)
        self.high_water = self.jobs * BATCH_TASKS * 2
        self.holding = False

    # -- workers -------------------------------------------------------------------------------
    def begin(self) -> None:
        """Start the fork server and the workers (each from a thread), once: on the main thread (the
        reactor's), before or after `attach`. Whatever keeps the fork server or a worker's start from
        being set off breaks the pool (the pass is told), so that no article waits for a worker that
        will never come."""
        if self.begun or self.closed:
            return
        self.begun = True
        try:
            self.ctx = worker_context()
            for _ in range(self.jobs):
                self._spawn()
        except Exception as exc:  # noqa: BLE001 - told to the pass, as a worker that cannot start is
            self._break(f"cannot start a cleaning worker process: {exc!r}")

    def attach(self, reactor: Any) -> None:
        """From the reactor thread once the reactor runs: adopt the workers started so far."""
        with self._lock:
            self._reactor = reactor
            early, self._early = self._early, []
        for worker in early:
            self._adopt(worker)

    def _spawn(self) -> None:
        threading.Thread(target=self._start_one, name="cleaning-worker-start", daemon=True).start()

    def _start_one(self) -> None:
        try:
            worker: Worker | BaseException = Worker(self.ctx, self.func, self.memory_limit, warm)
        except BaseException as exc:  # noqa: BLE001 - told to the reactor thread
            worker = exc
        with self._lock:
            reactor = self._reactor
            if reactor is None:
                self._early.append(worker)  # type: ignore[arg-type]
                return
        reactor.callFromThread(self._adopt, worker)

    def _adopt(self, worker: Worker | BaseException) -> None:
        if isinstance(worker, BaseException):
            self._break(f"cannot start a cleaning worker process: {worker}")
            return
        if self.closed:
            worker.stop(kill=True)
            return
        self.workers.append(worker)
        self.jobs_of[id(worker)] = deque()
        reader = self.readers[id(worker)] = _Reader(self, worker)
        self._reactor.addReader(reader)
        self._arm(worker, START_LIMIT - (worker.age()), self._not_started)

    def _arm(self, worker: Worker, seconds: float | None, then: Callable[[Worker], None]) -> None:
        timer = self.timers.pop(id(worker), None)
        if timer is not None and timer.active():
            timer.cancel()
        if seconds is not None:
            self.timers[id(worker)] = self._reactor.callLater(max(0.0, seconds), then, worker)

    def _drop(self, worker: Worker, *, kill: bool = True) -> deque[_Job]:
        """Stop watching `worker` and stop it (killed, or asked to end); the jobs it held."""
        self._arm(worker, None, self._timed_out)
        reader = self.readers.pop(id(worker), None)
        if reader is not None:
            self._reactor.removeReader(reader)
        self.workers.remove(worker)
        worker.stop(kill=kill)
        return self.jobs_of.pop(id(worker), deque())

    def _replace(self, worker: Worker, failure: Failure) -> None:
        """The job `worker` is working on gets `failure`; the worker is killed and another started;
        the jobs it held behind that one go first to the next worker."""
        jobs = self._drop(worker)
        if jobs:
            self._finish(jobs.popleft(), failure)
        self.pending.extendleft(reversed(jobs))
        if not self.closed:
            self._spawn()
        self._dispatch()

    def _not_started(self, worker: Worker) -> None:
        if not worker.ready:
            self._drop(worker)
            self._break(f"a cleaning worker process did not start within {START_LIMIT:.0f} s")

    def _timed_out(self, worker: Worker) -> None:
        if self.jobs_of.get(id(worker)):
            self._replace(worker, Failure("timeout", ""))

    def _break(self, message: str) -> None:
        """No worker can be had: every job waiting and to come is answered with an error, the pass told."""
        if self.broken is None:
            self.broken = message
            logger.error("%s", message)
            if self.on_broken is not None:
                self.on_broken(message)
        while self.pending:
            self._finish(self.pending.popleft(), Failure("error", message))

    # -- jobs ----------------------------------------------------------------------------------
    def clean(self, pages: Sequence[Page]) -> Any:
        """A Deferred of `(Article or RejectedInput, CPU seconds)` for one fetched article (reactor thread)."""
        from twisted.internet.defer import Deferred

        self.begin()
        job = _Job(list(pages), None, Deferred())
        job.limit = page_limit(job.size, self.page_timeout)
        if self.broken is not None or self.closed:
            self._finish(job, Failure("error", self.broken or "the pass is ending"))
        else:
            self.pending.append(job)
            self._dispatch()
        return job.deferred

    def _finish(self, job: _Job, outcome: Any) -> None:
        if isinstance(outcome, Failure):
            rejection = failure_rejection("", outcome, job.limit, self.memory_limit)
            result: Cleaned = (RejectedInput(rejection.reason, rejection.message), 0.0)
        else:
            answer, cpu = outcome
            result = (RejectedInput(*answer) if isinstance(answer, tuple) else answer), cpu
        job.deferred.callback(result)

    def _dispatch(self) -> None:
        """Give every idle worker a batch of the jobs waiting."""
        for worker in self.workers:
            if not self.pending:
                return
            held = self.jobs_of[id(worker)]
            if not worker.ready or held:
                continue
            size = 0
            while self.pending and len(held) < worker.batch_size and size < BATCH_BYTES:
                job = self.pending.popleft()
                held.append(job)
                size += job.size
            with contextlib.suppress(OSError, ValueError):  # it died meanwhile: its pipe says so next
                worker.conn.send([job.pages for job in held])
            self._arm(worker, held[0].limit, self._timed_out)

    def _readable(self, worker: Worker) -> None:
        """Every answer `worker` has sent so far."""
        while id(worker) in self.readers:
            try:
                if not worker.conn.poll():
                    return
                kind, value = worker.conn.recv()
            except (EOFError, OSError):  # it died: memory (a C allocation that aborts) or a crash
                if not self.jobs_of.get(id(worker)):
                    self._drop(worker)
                    if not worker.ready:
                        self._break(f"a cleaning worker process ended as it started ({worker.exit_detail()})")
                    elif not self.closed:
                        self._spawn()
                    return
                self._replace(worker, Failure("died", worker.exit_detail()))
                return
            self._answer(worker, kind, value)

    def _answer(self, worker: Worker, kind: str, value: Any) -> None:
        if kind == "ready":
            worker.ready = True
            self._arm(worker, None, self._timed_out)
            self._dispatch()
            return
        if kind == "memory":  # a worker that ran out of memory may be in a bad state
            self._replace(worker, Failure("memory", ""))
            return
        held = self.jobs_of[id(worker)]
        job = held.popleft()
        self._finish(job, value if kind == "ok" else Failure(kind, value or ""))
        if held:  # it goes straight on with the next job of its batch
            self._arm(worker, held[0].limit, self._timed_out)
        else:
            self._arm(worker, None, self._timed_out)
            worker.batch_size = min(worker.batch_size * 2, BATCH_TASKS)
            self._dispatch()

    # -- the Sink's side -------------------------------------------------------------------------
    def hand(self, pages: Sequence[Page], cleaned: Cleaned) -> None:
        """Make `cleaned` the result `take` gives for `pages` (next call only)."""
        self._handed = (pages, cleaned)

    def forget(self) -> None:
        self._handed = None

    def take(self, pages: Sequence[Page], options: Options) -> tuple[Article, float]:
        """The Sink's cleaner: the result handed for these pages; raises RejectedInput for a rejection."""
        handed, self._handed = self._handed, None
        if handed is None or handed[0] is not pages:
            raise RuntimeError("no cleaning result was handed over for these pages")
        result, cpu = handed[1]
        if isinstance(result, RejectedInput):
            raise result
        return result, cpu

    def close(self) -> None:
        """Stop the workers (those at work killed); jobs still waiting are answered with an error."""
        self.closed = True
        for worker in list(self.workers):  # adopted, so the reactor is attached
            busy = bool(self.jobs_of.get(id(worker)))
            for job in self._drop(worker, kill=busy or not worker.ready):
                self._finish(job, Failure("error", "the pass ended before the page was cleaned"))
        while self.pending:
            self._finish(self.pending.popleft(), Failure("error", "the pass ended before the page was cleaned"))
        with self._lock:
            early, self._early = self._early, []
        for worker in early:
            if isinstance(worker, Worker):
                worker.stop(kill=True)


def new_pool(options: Options, jobs: int, page_timeout: float | None = None) -> CleaningPool | None:
    """A pass's pool of `jobs` cleaning workers, started by its first article (`begin`); None for 0 (the
    Sink cleans, the reactor waits). `page_timeout`: seconds per MiB of an article (None: DEFAULT_PAGE_TIMEOUT)."""
    if jobs <= 0:
        return None
    return CleaningPool(options, jobs, page_timeout=DEFAULT_PAGE_TIMEOUT if page_timeout is None else page_timeout)


def close_pool(pool: CleaningPool | None) -> None:
    if pool is not None:
        pool.close()


def attach_pool(pool: CleaningPool) -> None:
    """Once Scrapy installed its reactor: the pool joins it when it runs and stops before it ends."""
    from twisted.internet import reactor

    reactor.callWhenRunning(pool.attach, reactor)
    reactor.addSystemEventTrigger("before", "shutdown", pool.close)  # type: ignore[arg-type]
