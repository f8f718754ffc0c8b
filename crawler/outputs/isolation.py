"""Pages cleaned in worker processes, each under a wall-clock limit and an address-space limit.

A page that takes too long costs its worker (killed and replaced) and comes back as a `Failure`
("timeout"); a page that runs its worker out of memory comes back as a `Failure` ("memory"), and
its worker is replaced too. Nothing a page does can stall or kill the run.

    with Isolated(func, jobs=2, memory_limit=1 << 30) as pool:
        for task, outcome in pool.map_ordered(tasks, timeout_of):
            ...   # in input order, each as soon as it and everything before it is done
        outcome = pool.call(task, timeout=5.0)  # one task (the crawl's pages)

`func` and its tasks travel to the workers by pickling: `func` is a module-level function.
Workers are started through a fork server (fresh processes, not forks of a threaded parent).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")

__all__ = ["Isolated", "Failure", "DEFAULT_MEMORY_LIMIT"]

DEFAULT_MEMORY_LIMIT = 2 << 30  # address space of one worker: a normal page needs well under 300 MiB
_START_LIMIT = 120.0  # seconds a new worker may take to import and load its data
_PRELOAD = ["crawler.outputs.warmed"]  # workers start with the data loaded


@dataclass(frozen=True)
class Failure:
    """What came back instead of a result: "timeout", "memory", "died" or "error", with a detail."""

    kind: str
    detail: str


def _limit_memory(limit: int | None) -> None:
    if not limit:
        return
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # not on this OS, or already lower: run without
        pass


def _serve(conn: Connection, func: Callable[[Any], Any], memory_limit: int | None,
           warm: Callable[[], None] | None) -> None:
    """A worker: warm up, say "ready", then answer one task at a time until told to stop."""
    with contextlib.suppress(OSError):  # stdout carries the run's data: nothing of a worker's goes there
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    _limit_memory(memory_limit)
    if warm is not None:
        warm()
    conn.send(("ready", None))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
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


class _Worker:
    def __init__(self, ctx: Any, func: Callable[[Any], Any], memory_limit: int | None,
                 warm: Callable[[], None] | None) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, func, memory_limit, warm), daemon=True)
        self.process.start()
        child.close()
        self.started = time.monotonic()
        self.ready = False
        self.index: int | None = None  # the task it is working on
        self.deadline: float | None = None

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


class Isolated(Generic[T]):
    """`jobs` worker processes running `func` (see the module's doc)."""

    def __init__(self, func: Callable[[T], Any], jobs: int = 1, *, memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
                 warm: Callable[[], None] | None = None) -> None:
        self.func = func
        self.jobs = max(1, jobs)
        self.memory_limit = memory_limit
        self.warm = warm
        self.ctx = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")
        if sys.platform != "win32":
            with contextlib.suppress(ValueError, AttributeError):
                self.ctx.set_forkserver_preload(_PRELOAD)
        self.workers: list[_Worker] = []

    # -- workers -----------------------------------------------------------------------------
    def _spawn(self) -> _Worker:
        worker = _Worker(self.ctx, self.func, self.memory_limit, self.warm)
        self.workers.append(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        self.workers.remove(worker)
        worker.stop(kill=True)
        self._spawn()

    def _fill(self) -> None:
        while len(self.workers) < self.jobs:
            self._spawn()

    def close(self) -> None:
        workers, self.workers = self.workers, []
        for worker in workers:
            worker.stop(kill=worker.index is not None or not worker.ready)

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

    def map_ordered(self, tasks: Iterable[T], timeout_of: Callable[[T], float | None]) -> Iterator[tuple[T, Any]]:
        """(task, result or Failure) for every task, in the order of `tasks`, each yielded as soon
        as it and every task before it are done. At most a few tasks per worker are held."""
        self._fill()
        source = iter(tasks)
        held: dict[int, T] = {}
        done: dict[int, Any] = {}
        ahead: list[T] = []  # the next task, read while the workers work
        next_in = next_out = 0
        exhausted = False
        window = self.jobs * 4
        while True:
            while next_out in done:
                yield held.pop(next_out), done.pop(next_out)
                next_out += 1
            idle = [w for w in self.workers if w.ready and w.index is None]
            while not exhausted and next_in - next_out < window and (idle or not ahead):
                if not ahead:
                    try:
                        ahead.append(next(source))
                    except StopIteration:
                        exhausted = True
                        break
                if not idle:
                    break
                task = ahead.pop()
                self._send(idle.pop(), task, next_in, timeout_of(task))
                held[next_in] = task
                next_in += 1
            if exhausted and next_out == next_in:
                return
            self._wait(done)

    def _send(self, worker: _Worker, task: T, index: int, limit: float | None) -> None:
        worker.conn.send(task)
        worker.index = index
        worker.deadline = time.monotonic() + limit if limit else None

    def _wait(self, done: dict[int, Any]) -> None:
        """Wait for an answer, a ready worker or the next deadline; record what came back."""
        now = time.monotonic()
        deadlines = [w.deadline for w in self.workers if w.deadline is not None]
        deadlines += [w.started + _START_LIMIT for w in self.workers if not w.ready]
        timeout = max(0.0, min(deadlines) - now) if deadlines else None
        ready = wait([w.conn for w in self.workers], timeout)
        for worker in [w for w in self.workers if w.conn in ready]:
            self._receive(worker, done)
        now = time.monotonic()
        for worker in list(self.workers):
            if worker.index is not None and worker.deadline is not None and now >= worker.deadline:
                done[worker.index] = Failure("timeout", "")
                self._replace(worker)
            elif not worker.ready and now >= worker.started + _START_LIMIT:
                raise RuntimeError(f"a worker process did not start within {_START_LIMIT:.0f} s")

    def _receive(self, worker: _Worker, done: dict[int, Any]) -> None:
        try:
            kind, value = worker.conn.recv()
        except (EOFError, OSError):  # the worker died: memory (a C allocation that aborts) or a crash
            if worker.index is None:
                raise RuntimeError(f"a worker process ended before it was given work ({worker.exit_detail()})") \
                    from None
            done[worker.index] = Failure("died", worker.exit_detail())
            self._replace(worker)
            return
        if kind == "ready":
            worker.ready = True
            return
        assert worker.index is not None
        done[worker.index] = value if kind == "ok" else Failure(kind, value or "")
        worker.index = worker.deadline = None
        if kind == "memory":  # a worker that ran out of memory may be in a bad state
            self._replace(worker)
