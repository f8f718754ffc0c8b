"""`newsbroom crawl`: one incremental pass, or one pass per tick with `--every`.

Each pass runs Scrapy in a child process (Twisted's reactor cannot be started twice in one
process); the parent only schedules, forwards SIGINT/SIGTERM and prints one summary line per
pass. A pass: recover the state from articles.jsonl, run one spider per target over one
Writer and one state store, print the summary.

With `--state redis://...` the pass is one worker of a shared crawl (crawler/crawl/shared/): it
writes articles-<worker>.jsonl and rejects-<worker>.jsonl, and its article requests go through
the shared queue in Redis.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from cleaners import Options
from cleaners.knowledge.sites import registry_with
from crawler.crawl.cleanpool import CleaningPool, attach_pool, close_pool, new_pool
from crawler.crawl.config import CrawlConfig, build_targets
from crawler.crawl.context import PassContext, recover_records, watch_full_disk
from crawler.crawl.progress import DEFAULT_LOG_EVERY, Progress, View, child_view, set_child_view, watch_progress
from crawler.crawl.settings import pass_settings
from crawler.crawl.signals import PassStop, stop_requested, watch_stop
from crawler.outputs.cleaning import IsolatedCleaner
from crawler.outputs.isolation import die_with_parent
from crawler.outputs.lock import LockHeld, OutputLock
from crawler.outputs.recorder import Sink
from crawler.outputs.summary import RunSummary
from crawler.outputs.writer import Writer, remove_stale_temporaries
from crawler.state import RedisState, RedisUnavailable, open_state
from crawler.targets import Target

__all__ = ["CrawlFailed", "run_pass", "run_pass_here", "run_crawl"]


class CrawlFailed(Exception):
    """A pass that could not go on; the message says what happened and what to do."""


def _options(config: CrawlConfig) -> Options:
    """How a crawl cleans: with the profiles it crawls by, --profile files included."""
    return Options(max_bytes=config.max_bytes, sites=registry_with(config.profile_files),
                   skip_paywalled=config.skip_paywalled)


def _cleaner(config: CrawlConfig, pool: CleaningPool | None):
    """The Sink's cleaner: the pool's results, or (no pool) a worker of its own the reactor waits for."""
    if pool is not None:
        return pool.take
    if config.page_timeout is not None:
        return IsolatedCleaner(page_timeout=config.page_timeout)
    return None


def _crawler_process(config: CrawlConfig, targets: list[Target], ctx: PassContext, more_settings):
    """A CrawlerProcess with one NewsSpider per target; `more_settings(i, target, settings)`
    adds what the kind of pass needs (a JOBDIR, the shared scheduler)."""
    from scrapy.crawler import CrawlerProcess

    from crawler.crawl.spider import NewsSpider

    process = CrawlerProcess({"LOG_LEVEL": config.log_level, "LOG_INSTALL_ROOT_HANDLER": True})
    watch_full_disk(ctx, Path(config.out_dir))
    # trafilatura reports its own choices ("discarding data") as warnings: not the user's business.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    # scrapy's per-request and per-item DEBUG lines are not even made below --log-level
    logging.getLogger("scrapy").setLevel(config.log_level.upper())
    for i, target in enumerate(targets):
        settings = pass_settings(config, target)
        settings.update(more_settings(i, target, settings))
        cls = type(f"NewsSpider_{i}", (NewsSpider,), {"custom_settings": settings})
        process.crawl(cls, target=target, ctx=ctx)
    ctx.crawlers = list(process.crawlers)
    if ctx.cleaning is not None:
        attach_pool(ctx.cleaning)
    watch_stop(ctx.crawlers)  # SIGINT/SIGTERM: finish what is in flight (crawler.crawl.signals)
    watch_progress(ctx.sink, time.monotonic())
    return process


def run_pass_here(config: CrawlConfig) -> RunSummary:
    """One pass in this process. Twisted allows it once per process: use `run_pass`."""
    started = time.monotonic()
    targets = build_targets(config)
    out = Path(config.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if stop_requested():  # stopped while the pass was starting: nothing to finish
        return RunSummary()
    if config.shared:
        return _run_shared_pass(config, targets, out, started)
    options = _options(config)
    pool = new_pool(options, config.cleaning_workers, config.page_timeout)  # its workers start with the first article
    state = open_state(config.state_spec)
    summary = RunSummary()
    summary.recovered = recover_records(state, out / "articles.jsonl")
    writer = Writer(out, config.formats, append=True, fsync=config.fsync)
    sink = Sink(writer, state, options=options, summary=summary, max_articles=config.max_articles,
                cleaner=_cleaner(config, pool))
    ctx = PassContext(state, sink, config, cleaning=pool)
    for stale in out.glob(".crawl-queue-*"):  # a pass killed with -9; the output lock says none runs now
        shutil.rmtree(stale, ignore_errors=True)
    jobdir = tempfile.mkdtemp(prefix=".crawl-queue-", dir=out)  # 0700: scrapy's disk queues are pickles
    try:
        process = _crawler_process(config, targets, ctx,
                                   lambda i, target, settings: {"JOBDIR": os.path.join(jobdir, str(i))})
        process.start(install_signal_handlers=False)
    finally:
        close_pool(pool)
        writer.close()
        state.close()
        shutil.rmtree(jobdir, ignore_errors=True)
    if ctx.failed is not None:
        raise CrawlFailed(ctx.failed)
    summary.seconds = time.monotonic() - started
    return summary


class _QuietRedisLoss(logging.Filter):
    """Once Redis is lost, the callbacks still in flight fail with RedisUnavailable: one message says
    it (the pass's error), not a traceback each."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, RedisUnavailable)


def _run_shared_pass(config: CrawlConfig, targets: list[Target], out: Path, started: float) -> RunSummary:
    """One pass of one worker of a crawl shared through Redis (see crawler/crawl/shared/)."""
    from crawler.crawl.shared.coordinator import Coordinator
    from crawler.crawl.shared.extension import SharedSink, shared_settings

    worker = config.worker_id
    state = open_state(config.state_spec, worker=worker)
    assert isinstance(state, RedisState)
    writer = None
    coordinator = None
    pool = new_pool(options := _options(config), config.cleaning_workers, config.page_timeout)
    try:
        try:
            state.link.check()
            coordinator = Coordinator(state, worker)
            coordinator.register()
            summary = RunSummary()
            # Our own tail first (records flushed but not noted), then what we held in flight.
            summary.recovered = recover_records(state, out / f"articles-{worker}.jsonl")
            put_back = coordinator.release_own()
            if put_back and not child_view().quiet:
                print(f"newsbroom: worker {worker}: put back {put_back} requests a previous run of this worker "
                      f"left in flight", file=sys.stderr)
        except RedisUnavailable as exc:
            raise CrawlFailed(str(exc)) from None
        writer = Writer(out, config.formats, append=True, fsync=config.fsync, jsonl_name=f"articles-{worker}.jsonl",
                        rejects_name=f"rejects-{worker}.jsonl")
        sink = SharedSink(writer, state, options=options, summary=summary, max_articles=config.max_articles,
                          coordinator=coordinator, cleaner=_cleaner(config, pool))
        ctx = PassContext(state, sink, config, shared=coordinator, cleaning=pool)
        for name in ("scrapy.core.scraper", "scrapy.core.engine", "scrapy.utils.signal", "twisted"):
            logging.getLogger(name).addFilter(_QuietRedisLoss())

        def stop(exc: BaseException) -> None:
            from twisted.internet import reactor

            # runs in the reactor, once `process` exists; mypy reads the zope interface's method, self included
            reactor.callLater(0, process.stop)  # type: ignore[arg-type]
            if _CHILD["is"]:
                _hard_deadline(f"worker {worker}: {state.link.lost_message}", LOST_GRACE)

        state.link.on_lost.append(stop)
        process = _crawler_process(
            config, targets, ctx,
            lambda i, target, settings: shared_settings(coordinator, target.site_id,
                                                        settings["CONCURRENT_REQUESTS_PER_DOMAIN"]))
        process.start(install_signal_handlers=False)
        if state.link.lost is not None:
            raise CrawlFailed(f"worker {worker}: {state.link.lost_message}")
        if ctx.failed is not None:
            raise CrawlFailed(f"worker {worker}: {ctx.failed}")
    finally:
        close_pool(pool)
        if writer is not None:
            writer.close()
        if coordinator is not None:
            coordinator.deregister()
        state.close()
    summary.seconds = time.monotonic() - started
    return summary


LOST_GRACE = 10.0  # seconds a pass that lost Redis has to stop cleanly before it is ended
_CHILD = {"is": False}  # whether this process is a pass child (run_pass), which may end itself


def _hard_deadline(message: str, seconds: float) -> None:
    """End this pass process in `seconds` if it has not ended by then (something still blocked on a
    lost Redis), reporting `message` to the parent as the pass's error: the retry window is a deadline."""
    import json

    def end() -> None:
        with contextlib.suppress(OSError):
            os.write(1, (json.dumps({"status": "error", "message": message}) + "\n").encode())
        os._exit(1)

    timer = threading.Timer(seconds, end)
    timer.daemon = True
    timer.start()


def _die_with_parent(parent: int, watch_fd: int | None) -> None:
    """The pass must not outlive `newsbroom crawl` (kill -9 of the parent, a supervisor's stop):
    on Linux the kernel sends SIGKILL when the parent dies (PR_SET_PDEATHSIG); elsewhere, and as a
    fallback, a thread watches a pipe whose only writer is the parent: end of file means it is gone."""
    die_with_parent()
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
    if watch_fd is None:
        return

    def watch() -> None:
        while True:
            try:
                if not os.read(watch_fd, 1):
                    break
            except InterruptedError:
                continue
            except OSError:
                break
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _child_main(parent: int | None = None, watch_fd: int | None = None) -> None:
    """The child process of one pass: a pickled CrawlConfig on stdin (from the parent, trusted), the
    summary as JSON on stdout."""
    import json
    import pickle

    _CHILD["is"] = True
    if parent is not None:
        _die_with_parent(parent, watch_fd)
    config, view = pickle.load(sys.stdin.buffer)
    set_child_view(view)
    real_stdout = sys.stdout
    sys.stdout = sys.stderr  # nothing but the summary goes to the parent's pipe
    try:
        result = {"status": "ok", "summary": run_pass_here(config).to_dict()}
    except (ValueError, CrawlFailed) as exc:
        result = {"status": "error", "message": str(exc)}
    except Exception as exc:
        import traceback

        result = {"status": "error", "message": f"{exc!r}\n{traceback.format_exc()}"}
    real_stdout.write(json.dumps(result) + "\n")
    real_stdout.flush()


def run_pass(config: CrawlConfig, stop: PassStop | None = None, progress: Progress | None = None) -> RunSummary:
    """One pass in a child process (what it says while it runs to `progress`). Raises RuntimeError when
    the pass fails, PassStopped when a second signal ended it."""
    import pickle

    watch_read, watch_write = os.pipe()  # the child sees end of file when this process dies
    code = (f"from crawler.crawl.signals import child_started; child_started(); "
            f"from crawler.crawl.passes import _child_main; _child_main({os.getpid()}, {watch_read})")
    try:
        proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                start_new_session=True, pass_fds=(watch_read,))
    finally:
        os.close(watch_read)
    own = stop is None
    stop = stop or PassStop()
    try:
        view = progress.view if progress is not None else View()
        result = stop.follow(proc, pickle.dumps((config, view)), progress)
    finally:
        os.close(watch_write)
        if own:
            stop.close()
        if progress is not None:
            progress.clear()  # the live line gives way to the pass's summary
    if stop.killed:
        raise PassStopped("stopped before it finished")
    if result is None:
        raise RuntimeError(f"the crawl pass ended without a summary (exit code {proc.returncode})")
    if result["status"] != "ok":
        raise RuntimeError(result["message"])
    return RunSummary.from_dict(result["summary"])


class PassStopped(Exception):
    """A second SIGINT/SIGTERM ended the pass at once."""


def run_crawl(config: CrawlConfig, *, every: float | None = None, out=None, err=None,
              log_every: float = DEFAULT_LOG_EVERY, verbosity: int = 0) -> int:
    """The command: one pass, or one pass per `every` seconds until SIGINT/SIGTERM. Progress every
    `log_every` seconds (a live line on a terminal); verbosity -1 (-q), 0 or 1 (-v)."""
    out = out or sys.stdout
    err = err or sys.stderr
    build_targets(config)  # fail early, in the parent, on a bad site name or profile
    try:
        locks = _locks(config)
    except LockHeld as exc:
        print(f"newsbroom: error: {exc}", file=err)
        return 2
    except OSError as exc:
        print(f"newsbroom: error: cannot write in {exc.filename or config.out_dir}: {exc.strerror or exc}; give "
              f"-o a directory you can write to", file=err)
        return 2
    with locks:
        return _run_passes(config, every, err, View.for_stream(err, log_every=log_every, verbosity=verbosity))


def _locks(config: CrawlConfig) -> contextlib.ExitStack:
    """One crawl at a time per output directory and per SQLite state file (a shared crawl's workers
    are kept apart by their worker names' leases in Redis instead). Raises LockHeld."""
    stack = contextlib.ExitStack()
    if config.shared:
        return stack
    try:
        stack.enter_context(OutputLock(Path(config.out_dir), "crawl"))
        remove_stale_temporaries(Path(config.out_dir))  # a killed pass's half-written .txt files
        db = Path(os.path.expanduser(config.state_spec)).absolute()  # --state FILE may be shared by two -o
        stack.enter_context(OutputLock(db.parent, "crawl", name=db.name + ".lock"))
    except BaseException:
        stack.close()
        raise
    return stack


def _run_passes(config: CrawlConfig, every: float | None, err, view: View) -> int:
    """The passes, and the exit code: 0 every pass ran (a signal between passes, or the first signal
    during a pass under --every, ends the run normally), 1 the last pass that ended failed, 130 a
    single pass stopped by a signal, or any pass ended at once by a second one."""
    stop = PassStop(err)
    previous = {sig: signal.signal(sig, stop.handle) for sig in (signal.SIGINT, signal.SIGTERM)}
    failed = False
    try:
        n = 0
        while not stop.event.is_set():
            n += 1
            started = time.monotonic()
            prefix = (f"worker {config.worker_id}: " if config.shared else "") + (f"pass {n}: " if every else "")
            progress = Progress(err, view, prefix)
            try:
                summary = run_pass(config, stop, progress)
            except PassStopped:
                print(f"newsbroom: {prefix or 'the pass '}stopped now; what it wrote stays, the next run fetches "
                      f"the rest", file=err, flush=True)
                return 130
            except RuntimeError as exc:
                print(f"newsbroom: pass {n} failed: {exc}", file=err, flush=True)
                failed = True
            else:
                print(f"newsbroom: {prefix}{summary.line()}", file=err, flush=True)
                failed = False
                if stop.event.is_set() and every is None:
                    print("newsbroom: stopped before the pass finished; the next run fetches the rest", file=err)
                    return 130
            if every is None or stop.event.wait(max(0.0, every - (time.monotonic() - started))):
                break
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        stop.close()
    if stop.event.is_set():
        print("newsbroom: stopped", file=err)
    return 1 if failed else 0
