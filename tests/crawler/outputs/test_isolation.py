"""Isolated workers take tasks in batches: a task over its time limit, or one that kills its worker, is
that task's failure only; the tasks its worker held behind it are handed out again, and every task
comes back once, in input order."""

from __future__ import annotations

import os
import time

from crawler.outputs.isolation import Failure, Isolated


def _task(n: int) -> int:
    """Squares `n`; 3, 13, 23 ... sleep past any limit; 7, 17, 27 ... end their worker."""
    if n % 10 == 3:
        time.sleep(30)
    if n % 10 == 7:
        os._exit(3)
    return n * n


def test_timeouts_and_dead_workers_inside_batches_cost_only_their_own_task():
    tasks = list(range(24))
    started = time.monotonic()
    for jobs in (1, 2):
        with Isolated(_task, jobs, memory_limit=None) as pool:
            answers = list(pool.map_ordered(iter(tasks), lambda _n: 0.4, size_of=lambda _n: 100))
            assert max(len(w.batch) for w in pool.workers) == 0
        assert [task for task, _ in answers] == tasks
        for n, outcome in answers:
            if n % 10 == 3:
                assert outcome == Failure("timeout", "")
            elif n % 10 == 7:
                assert isinstance(outcome, Failure) and outcome.kind == "died" and "exit code 3" in outcome.detail
            else:
                assert outcome == n * n
    assert time.monotonic() - started < 30  # four time limits of 0.4 s, not the tasks' 30 s


def test_a_worker_goes_on_with_its_batch_while_the_results_are_being_written():
    """The worker does not wait for this process between two tasks of a batch: while the consumer of
    the results is busy (writing), the tasks behind the one it got are cleaned."""
    with Isolated(_started_at, 1, memory_limit=None) as pool:
        busy_from = busy_to = 0.0
        answers = []
        for n, started in pool.map_ordered(iter(range(16)), lambda _n: 5.0):
            answers.append((n, started))
            if n == 3:  # by now the worker's batches have grown past one task
                busy_from = time.monotonic()
                time.sleep(1.0)
                busy_to = time.monotonic()
    assert [n for n, _ in answers] == list(range(16))
    assert len([n for n, started in answers if busy_from <= started <= busy_to]) >= 2


def _started_at(_n: int) -> float:
    started = time.monotonic()
    time.sleep(0.05)  # a small page's cleaning
    return started
