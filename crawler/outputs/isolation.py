"""Pages cleaned in worker processes, each under a wall-clock limit and an address-space limit.

A page that takes too long costs its worker (killed and replaced) and comes back as a `Failure`
("timeout"); a page that runs its worker out of memory comes back as a `Failure` ("memory"), and
its worker is replaced too. Nothing a page does can stall or kill the run.

    with Isolated(func, jobs=2, memory_limit=1 << 30) as pool:
        for task, outcome in pool.map_ordered(tasks, timeout_of):
            ...   # in input order, each as soon as it and everything before it is done
        outcome = pool.call(task, timeout=5.0)  # one task (the crawl's pages)

`func` and its tasks travel to the workers by pickling: `func` is a module-level function.
Workers are started through a fork server (fresh processes, not forks of a threaded parent) that
loaded the data once (crawler.outputs.warmed). Tasks go to a worker in small batches, one hand-over
per batch; each task keeps its own time limit (see `map_ordered`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

T = TypeVar("T")

__all__ = ["Isolated", "Failure", "Worker", "worker_context", "DEFAULT_MEMORY_LIMIT", "BATCH_TASKS", "BATCH_BYTES",
           "START_LIMIT", "die_with_parent"]

DEFAULT_MEMORY_LIMIT = 2 << 30  # address space of one worker: a normal page needs well under 300 MiB
START_LIMIT = 120.0  # seconds a new worker may take to import and load its data
# workers start with the data loaded, from a fork server that ends with the process that started it
_PRELOAD = ["crawler.outputs.lifeline", "crawler.outputs.warmed"]
BATCH_TASKS = 8  # tasks handed to a worker at once (one hand-over per batch, not per task)
BATCH_BYTES = 1 << 20  # ... and a batch holds at most this much, past its first task
_WINDOW_BYTES = 64 << 20  # tasks held (read, not yet yielded) past the first one
_LONGEST_LIMIT = 1e7  # seconds (four months): a task's time limit past this is none


@dataclass(frozen=True)
class Failure:
    """What came back instead of a result: "timeout", "memory", "died" or "error", with a detail."""

    kind: str
    detail: str


def _deadline(limit: float | None) -> float | None:
    """When a task given `limit` seconds from now runs out; None for no limit (0, None, and a limit of more
    than _LONGEST_LIMIT, inf or nan: no clock can wait that long)."""
    return time.monotonic() + limit if limit and 0 < limit < _LONGEST_LIMIT else None


def _limit_memory(limit: int | None) -> None:
    if not limit:
        return
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # not on this OS, or already lower: run without
        pass


def worker_context() -> Any:
    """The multiprocessing context workers are started from: a fork server that loaded the data. The
    fork server is started here, from the calling thread: call it from the main thread (the fork server
    ends when the thread that started it ends, see crawler.outputs.lifeline). multiprocessing is imported
    here, not with this module: a run that needs no worker does not load it."""
    import multiprocessing

    ctx = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")
    if sys.platform != "win32":
        with contextlib.suppress(ValueError, AttributeError):
            ctx.set_forkserver_preload(_PRELOAD)
        from multiprocessing import forkserver

        forkserver.ensure_running()
    return ctx


def die_with_parent() -> None:
    """Linux: the kernel SIGKILLs this process when its parent ends (PR_SET_PDEATHSIG), even by kill -9.
    A worker follows the fork server that started it (which ends with the run's process), so that no
    worker outlives the run, even one busy with a page; the fork server and the pass process use it too."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG


def _serve(conn: Connection, func: Callable[[Any], Any], memory_limit: int | None,
           warm: Callable[[], None] | None) -> None:
    """A worker: warm up, say "ready", then answer one task at a time until told to stop."""
    # a terminal's Ctrl-C reaches the whole process group: the run decides what it means and stops its
    # workers (a worker interrupted itself would print a traceback and fail the page it held)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    die_with_parent()
    if os.getppid() != parent:  # the fork server ended before the line above
        return
    with contextlib.suppress(OSError):  # stdout carries the run's data: nothing of a worker's goes there
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    _limit_memory(memory_limit)
    if warm is not None:
        warm()
    try:
        conn.send(("ready", None))
        while True:
            batch = conn.recv()
            if batch is None:
                return
            for task in batch:  # one answer per task, as each is done: the parent times each one
                _answer(conn, func, task)
    except (EOFError, OSError):  # the run is gone (ended, or killed): nothing to answer, nothing to say
        return


def _answer(conn: Connection, func: Callable[[Any], Any], task: Any) -> None:
    try:
        answer: tuple[str, Any] = ("ok", func(task))
    except MemoryError:
        answer = ("memory", None)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, the worker goes on
        answer = ("error", repr(exc))
    try:
        conn.send(answer)
    except MemoryError:
        conn.send(("memory", None))


class Worker:
    def __init__(self, ctx: Any, func: Callable[[Any], Any], memory_limit: int | None,
                 warm: Callable[[], None] | None) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, func, memory_limit, warm), daemon=True)
        self.process.start()
        child.close()
        self.started = time.monotonic()
        self.ready = False
        self.batch: deque[tuple[int, float | None]] = deque()  # (index, time limit) of the tasks it holds
        self.batch_size = 1  # the next batch: grows to BATCH_TASKS as batches come back whole
        self.deadline: float | None = None  # of the first of them, the one it is working on

    @property
    def busy(self) -> bool:
        return bool(self.batch)

    def age(self) -> float:
        """Seconds since it was started."""
        return time.monotonic() - self.started

    def stop(self, *, kill: bool) -> None:
        if not kill:
            with contextlib.suppress(OSError, ValueError):
                self.conn.send(None)
            self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def exit_detail(self) -> str:
        self.process.join(1)
        code = self.process.exitcode
        return f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"


class _Feed(Generic[T]):
    """The tasks of one map_ordered: those handed out and not yet yielded (`held`), those to hand out
    again (their worker was replaced), and the next one, read ahead."""

    def __init__(self, source: Iterator[T], window: int, size_of: Callable[[T], int]) -> None:
        self.source = source
        self.window = window
        self.size_of = size_of
        self.held: dict[int, T] = {}
        self.held_bytes = 0
        self.again: list[int] = []  # indexes of held tasks whose worker was replaced before it answered
        self.ahead: list[T] = []
        self.next_in = 0
        self.exhausted = False

    def read(self) -> bool:
        """Read the next task into `ahead`; False at the end of the tasks."""
        try:
            self.ahead.append(next(self.source))
        except StopIteration:
            self.exhausted = True
            return False
        return True

    def open(self, next_out: int) -> bool:
        """Whether one more task may be taken in (a bounded number of tasks and bytes held)."""
        held = self.next_in - next_out
        return held == 0 or (held < self.window and self.held_bytes < _WINDOW_BYTES)

    def take(self, next_out: int) -> tuple[int, T] | None:
        """The next task to hand out, with its index: one to hand out again first, else a new one."""
        if self.again:
            index = self.again.pop(0)
            return index, self.held[index]
        if not self.open(next_out) or (not self.ahead and not self.read()):
            return None
        task = self.ahead.pop()
        index = self.next_in
        self.held[index] = task
        self.held_bytes += self.size_of(task)
        self.next_in += 1
        return index, task

    def give_back(self, index: int) -> T:
        task = self.held.pop(index)
        self.held_bytes -= self.size_of(task)
        return task


class Isolated(Generic[T]):
    """`jobs` worker processes running `func` (see the module's doc)."""

    def __init__(self, func: Callable[[T], Any], jobs: int = 1, *, memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
                 warm: Callable[[], None] | None = None) -> None:
        self.func = func
        self.jobs = max(1, jobs)
        self.memory_limit = memory_limit
        self.warm = warm
        self.ctx = worker_context()
        self.workers: list[Worker] = []

    # -- workers -----------------------------------------------------------------------------
    def _spawn(self) -> Worker:
        worker = Worker(self.ctx, self.func, self.memory_limit, self.warm)
        self.workers.append(worker)
        return worker

    def _replace(self, worker: Worker, feed: _Feed[T]) -> None:
        """Kill `worker` and start another; the tasks it held and did not start go back to the feed."""
        self.workers.remove(worker)
        worker.stop(kill=True)
        feed.again = sorted(feed.again + [index for index, _ in worker.batch])
        worker.batch.clear()
        self._spawn()

    def _fill(self) -> None:
        while len(self.workers) < self.jobs:
            self._spawn()

    def close(self) -> None:
        workers, self.workers = self.workers, []
        for worker in workers:
            worker.stop(kill=worker.busy or not worker.ready)

    def __enter__(self) -> Isolated[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- running -----------------------------------------------------------------------------
    def call(self, task: T, timeout: float | None) -> Any:
        """`func(task)` in a worker: its result, or a Failure."""
        for _, outcome in self.map_ordered([task], lambda _t: timeout):
            return outcome
        raise AssertionError("unreachable")  # pragma: no cover

    def map_ordered(self, tasks: Iterable[T], timeout_of: Callable[[T], float | None],
                    size_of: Callable[[T], int] = lambda _t: 0) -> Iterator[tuple[T, Any]]:
        """(task, result or Failure) for every task, in the order of `tasks`, each yielded as soon
        as it and every task before it are done. At most a few batches of tasks are held.

        An idle worker is given a small batch of tasks (up to BATCH_TASKS, BATCH_BYTES) and answers
        each as it is done: one hand-over per batch, not per task, so a worker never waits for this
        process to be scheduled between two pages. Each task keeps its own time limit, counted from
        the answer to the one before it; a task that runs over it, or whose worker dies, costs that
        worker (replaced), and the tasks it held behind it are handed out again. Answers are yielded
        after the idle workers got their next batch, so writing them overlaps with the cleaning, as
        does reading the next task (`size_of` gives a task's size in bytes)."""
        self._fill()
        feed = _Feed(iter(tasks), self.jobs * BATCH_TASKS * 2, size_of)
        done: dict[int, Any] = {}
        next_out = 0
        while True:
            self._dispatch(feed, next_out, timeout_of)
            if next_out in done:
                while next_out in done:
                    yield feed.give_back(next_out), done.pop(next_out)
                    next_out += 1
                continue  # the window moved: hand out more before waiting
            if feed.exhausted and not feed.again and next_out == feed.next_in:
                return
            self._wait(done, feed)

    def _dispatch(self, feed: _Feed[T], next_out: int, timeout_of: Callable[[T], float | None]) -> None:
        """Give every idle worker a batch while the window allows; then read one task ahead."""
        for worker in [w for w in self.workers if w.ready and not w.busy]:
            batch: list[T] = []
            size = 0
            while len(batch) < worker.batch_size and size < BATCH_BYTES:
                taken = feed.take(next_out)
                if taken is None:
                    break
                index, task = taken
                batch.append(task)
                size += feed.size_of(task)
                worker.batch.append((index, timeout_of(task)))
            if not batch:
                return
            worker.conn.send(batch)
            limit = worker.batch[0][1]
            worker.deadline = _deadline(limit)
        if not feed.exhausted and not feed.ahead and feed.open(next_out):
            feed.read()

    def _wait(self, done: dict[int, Any], feed: _Feed[T]) -> None:
        """Wait for an answer, a ready worker or the next deadline; record what came back."""
        now = time.monotonic()
        deadlines = [w.deadline for w in self.workers if w.deadline is not None]
        deadlines += [w.started + START_LIMIT for w in self.workers if not w.ready]
        timeout = max(0.0, min(deadlines) - now) if deadlines else None
        from multiprocessing.connection import wait

        ready = wait([w.conn for w in self.workers], timeout)
        for worker in [w for w in self.workers if w.conn in ready]:
            self._receive(worker, done, feed)
        now = time.monotonic()
        for worker in list(self.workers):
            if worker.busy and worker.deadline is not None and now >= worker.deadline:
                self._fail(worker, done, feed, Failure("timeout", ""))
            elif not worker.ready and now >= worker.started + START_LIMIT:
                raise RuntimeError(f"a worker process did not start within {START_LIMIT:.0f} s")

    def _fail(self, worker: Worker, done: dict[int, Any], feed: _Feed[T], failure: Failure) -> None:
        """The task `worker` is working on gets `failure`; the worker is replaced."""
        index, _ = worker.batch.popleft()
        done[index] = failure
        self._replace(worker, feed)

    def _receive(self, worker: Worker, done: dict[int, Any], feed: _Feed[T]) -> None:
        try:
            kind, value = worker.conn.recv()
        except (EOFError, OSError):  # the worker died: memory (a C allocation that aborts) or a crash
            if not worker.busy:
                raise RuntimeError(f"a worker process ended before it was given work ({worker.exit_detail()})") \
                    from None
            self._fail(worker, done, feed, Failure("died", worker.exit_detail()))
            return
        if kind == "ready":
            worker.ready = True
            return
        if kind == "memory":  # a worker that ran out of memory may be in a bad state
            self._fail(worker, done, feed, Failure("memory", ""))
            return
        index, _ = worker.batch.popleft()
        done[index] = value if kind == "ok" else Failure(kind, value or "")
        if worker.batch:  # it goes straight on with the next task of its batch
            limit = worker.batch[0][1]
            worker.deadline = _deadline(limit)
        else:
            worker.deadline = None
            worker.batch_size = min(worker.batch_size * 2, BATCH_TASKS)
