"""`newsbroom crawl`: one incremental pass, or one pass per tick with `--every`.

Each pass runs Scrapy in a child process (Twisted's reactor cannot be started twice in one
process); the parent only schedules, forwards SIGINT/SIGTERM and prints one summary line per
pass. A pass: recover the state from articles.jsonl, run one spider per target over one
Writer and one state store, print the summary.

With `--state redis://...` the pass is one worker of a shared crawl (crawler/distributed.py): it
writes articles-<worker>.jsonl and rejects-<worker>.jsonl, and its article requests go through
the shared queue in Redis.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cleaners import Options, __version__
from cleaners.knowledge.sites import SiteProfile, load_profiles, registry_with
from cleaners.pipeline import DEFAULT_MAX_BYTES
from crawler.outputs.recorder import PassSummary, Sink
from crawler.outputs.writer import Writer
from crawler.state.stores import RedisState, RedisUnavailable, StateStore, is_redis_spec, open_state
from crawler.targets import Target

__all__ = ["CrawlConfig", "CrawlFailed", "run_pass", "run_pass_here", "run_crawl", "build_targets",
           "DEFAULT_USER_AGENT", "PROJECT_URL"]

PROJECT_URL = "https://github.com/newsbroom/newsbroom"
DEFAULT_USER_AGENT = f"newsbroom/{__version__} (+{PROJECT_URL})"


@dataclass
class CrawlConfig:
    out_dir: str
    sites: Sequence[str] = ()
    seed_urls: Sequence[str] = ()
    profile_files: Sequence[str] = ()
    state: str | None = None  # default: <out_dir>/crawl.db
    max_articles: int | None = None
    since: datetime | None = None
    user_agent: str = DEFAULT_USER_AGENT
    delay: float | None = None  # overrides the profiles' delay
    concurrency: int | None = None  # overrides the profiles' concurrency
    autothrottle: bool = True
    obey_robots: bool = True
    max_bytes: int = DEFAULT_MAX_BYTES
    retry_times: int = 2
    retry_backoff: float = 1.0
    max_retry_after: float = 120.0
    timeout: float = 30.0
    fsync: bool = False
    log_level: str = "WARNING"
    extra_settings: dict = field(default_factory=dict)
    worker: str | None = None  # with a Redis state: this worker's name (default: the host name)

    @property
    def state_spec(self) -> str:
        return self.state or str(Path(self.out_dir) / "crawl.db")

    @property
    def shared(self) -> bool:
        return is_redis_spec(self.state)

    @property
    def worker_id(self) -> str:
        from crawler.crawl.shared.coordinator import default_worker

        return self.worker or default_worker()


class CrawlFailed(Exception):
    """A pass that could not go on; the message says what happened and what to do."""


def build_targets(config: CrawlConfig) -> list[Target]:
    """The targets of a crawl; raises ValueError with what to do when there are none."""
    registry = registry_with(config.profile_files)
    targets: list[Target] = []
    names = list(config.sites)
    if config.profile_files and not names and not config.seed_urls:
        names = [next(iter(load_profiles([Path(p)]))).id for p in config.profile_files]
    if not names and not config.seed_urls:
        names = [p.id for p in registry if p.crawl.feeds or p.crawl.sitemaps or p.crawl.news_sitemaps
                 or p.crawl.index_pages]
        if not names:
            raise ValueError("no site profile has a [crawl] table to crawl; name a site, give --profile FILE, "
                             "or crawl a site without a profile with --seed-url URL")
    for name in names:
        profile: SiteProfile | None = registry.get(name)
        if profile is None:
            known = ", ".join(p.id for p in registry) or "none"
            raise ValueError(f"no site profile named {name!r} (known: {known}); see 'newsbroom sites'")
        targets.append(Target.from_profile(profile))
    for url in config.seed_urls:
        targets.append(Target.from_seed(url))
    return targets


def _settings(config: CrawlConfig, target: Target) -> dict:
    delay = config.delay if config.delay is not None else target.delay
    concurrency = config.concurrency or target.concurrency
    return {
        "BOT_NAME": "newsbroom",
        "USER_AGENT": config.user_agent,
        "ROBOTSTXT_OBEY": config.obey_robots,
        "ROBOTSTXT_USER_AGENT": config.user_agent,
        "AUTOTHROTTLE_ENABLED": config.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(delay, 0.0),
        "AUTOTHROTTLE_MAX_DELAY": max(60.0, delay),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(concurrency),
        "DOWNLOAD_DELAY": delay,
        "CONCURRENT_REQUESTS": max(16, concurrency),
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "DOWNLOAD_MAXSIZE": config.max_bytes,
        "DOWNLOAD_WARNSIZE": 0,
        "DOWNLOAD_TIMEOUT": config.timeout,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": config.retry_times,
        "RETRY_HTTP_CODES": [429, 500, 502, 503, 504, 522, 524, 408],
        "NEWSBROOM_RETRY_BACKOFF": config.retry_backoff,
        "NEWSBROOM_MAX_RETRY_AFTER": config.max_retry_after,
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "crawler.crawl.middlewares.PoliteRetryMiddleware": 550,
        },
        "ITEM_PIPELINES": {"crawler.crawl.pipeline.ArticlePipeline": 300},
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "REDIRECT_MAX_TIMES": 5,
        "LOG_LEVEL": config.log_level,
        "LOG_STDOUT": False,
        # Pending requests wait on disk (JOBDIR), not in memory: memory stays flat on big sites.
        "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
        "DUPEFILTER_CLASS": "scrapy.dupefilters.BaseDupeFilter",
        "MEMUSAGE_ENABLED": False,
        **config.extra_settings,
    }


def _options(config: CrawlConfig) -> Options:
    """How a crawl cleans: with the profiles it crawls by, --profile files included."""
    return Options(max_bytes=config.max_bytes, sites=registry_with(config.profile_files))


class _Context:
    """What every spider of a pass shares: the state store, the sink and the options (and,
    in a shared crawl, the worker's Coordinator)."""

    def __init__(self, state: StateStore, sink: Sink, config: CrawlConfig, shared=None) -> None:
        self.state = state
        self.sink = sink
        self.since = config.since
        self.user_agent = config.user_agent
        self.shared = shared


def _crawler_process(config: CrawlConfig, targets: list[Target], ctx: _Context, more_settings):
    """A CrawlerProcess with one NewsSpider per target; `more_settings(i, target, settings)`
    adds what the kind of pass needs (a JOBDIR, the shared scheduler)."""
    from scrapy.crawler import CrawlerProcess

    from crawler.crawl.spider import NewsSpider

    process = CrawlerProcess({"LOG_LEVEL": config.log_level, "LOG_INSTALL_ROOT_HANDLER": True})
    # trafilatura reports its own choices ("discarding data") as warnings: not the user's business.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    for i, target in enumerate(targets):
        settings = _settings(config, target)
        settings.update(more_settings(i, target, settings))
        cls = type(f"NewsSpider_{i}", (NewsSpider,), {"custom_settings": settings})
        process.crawl(cls, target=target, ctx=ctx)
    return process


def run_pass_here(config: CrawlConfig) -> PassSummary:
    """One pass in this process. Twisted allows it once per process: use `run_pass`."""
    started = time.monotonic()
    targets = build_targets(config)
    out = Path(config.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if config.shared:
        return _run_shared_pass(config, targets, out, started)
    state = open_state(config.state_spec)
    summary = PassSummary()
    summary.recovered = state.recover(out / "articles.jsonl")
    writer = Writer(out, "both", append=True, fsync=config.fsync)
    sink = Sink(writer, state, options=_options(config), summary=summary,
                max_articles=config.max_articles)
    ctx = _Context(state, sink, config)
    jobdir = tempfile.mkdtemp(prefix=".crawl-queue-", dir=out)
    try:
        process = _crawler_process(config, targets, ctx,
                                   lambda i, target, settings: {"JOBDIR": os.path.join(jobdir, str(i))})
        process.start()
    finally:
        writer.close()
        state.close()
        import shutil

        shutil.rmtree(jobdir, ignore_errors=True)
    summary.seconds = time.monotonic() - started
    return summary


class _QuietRedisLoss(logging.Filter):
    """Once Redis is lost, the callbacks still in flight fail with RedisUnavailable: one message says
    it (the pass's error), not a traceback each."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, RedisUnavailable)


def _run_shared_pass(config: CrawlConfig, targets: list[Target], out: Path, started: float) -> PassSummary:
    """One pass of one worker of a crawl shared through Redis (see crawler/distributed.py)."""
    from crawler.crawl.shared.coordinator import Coordinator, SharedSink, shared_settings

    worker = config.worker_id
    state = open_state(config.state_spec, worker=worker)
    assert isinstance(state, RedisState)
    writer = None
    coordinator = None
    try:
        try:
            state.link.check()
            coordinator = Coordinator(state, worker)
            coordinator.register()
            summary = PassSummary()
            # Our own tail first (records flushed but not noted), then what we held in flight.
            summary.recovered = state.recover(out / f"articles-{worker}.jsonl")
            put_back = coordinator.release_own()
            if put_back:
                print(f"newsbroom: worker {worker}: put back {put_back} requests a previous run of this worker "
                      f"left in flight", file=sys.stderr)
        except RedisUnavailable as exc:
            raise CrawlFailed(str(exc)) from None
        writer = Writer(out, "both", append=True, fsync=config.fsync, jsonl_name=f"articles-{worker}.jsonl",
                        rejects_name=f"rejects-{worker}.jsonl")
        sink = SharedSink(writer, state, options=_options(config), summary=summary,
                          max_articles=config.max_articles, coordinator=coordinator)
        ctx = _Context(state, sink, config, shared=coordinator)
        for name in ("scrapy.core.scraper", "scrapy.core.engine", "scrapy.utils.signal", "twisted"):
            logging.getLogger(name).addFilter(_QuietRedisLoss())

        def stop(exc: BaseException) -> None:
            from twisted.internet import reactor

            reactor.callLater(0, process.stop)  # runs in the reactor, once `process` exists

        state.link.on_lost.append(stop)
        process = _crawler_process(
            config, targets, ctx,
            lambda i, target, settings: shared_settings(coordinator, target.site_id,
                                                        settings["CONCURRENT_REQUESTS_PER_DOMAIN"]))
        process.start()
        if state.link.lost is not None:
            raise CrawlFailed(f"worker {worker}: {state.link.lost_message}")
    finally:
        if writer is not None:
            writer.close()
        if coordinator is not None:
            coordinator.deregister()
        state.close()
    summary.seconds = time.monotonic() - started
    return summary


def _child_main() -> None:
    """The child process of one pass: a pickled CrawlConfig on stdin, the summary as JSON on stdout."""
    import json
    import pickle

    config = pickle.load(sys.stdin.buffer)
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


class _Stop:
    def __init__(self) -> None:
        self.event = threading.Event()
        self.child: subprocess.Popen | None = None
        self.signals = 0

    def handle(self, signum, frame) -> None:
        self.signals += 1
        self.event.set()
        child = self.child
        if child is not None and child.poll() is None:
            # The first signal lets the pass finish what is in flight; a second one stops it now
            # (safe: nothing is marked seen before it is written).
            child.send_signal(signal.SIGINT if self.signals == 1 else signal.SIGKILL)


def run_pass(config: CrawlConfig, stop: _Stop | None = None) -> PassSummary:
    """One pass in a child process. Raises RuntimeError when the pass fails."""
    import json
    import pickle

    proc = subprocess.Popen([sys.executable, "-c", "from crawler.crawl.passes import _child_main; _child_main()"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, start_new_session=True)
    if stop is not None:
        stop.child = proc
    try:
        out, _ = proc.communicate(pickle.dumps(config))
    finally:
        if stop is not None:
            stop.child = None
    lines = out.decode("utf-8", "replace").strip().splitlines()
    if not lines:
        raise RuntimeError(f"the crawl pass ended without a summary (exit code {proc.returncode})")
    result = json.loads(lines[-1])
    if result["status"] != "ok":
        raise RuntimeError(result["message"])
    return PassSummary.from_dict(result["summary"])


def run_crawl(config: CrawlConfig, *, every: float | None = None, out=None, err=None) -> int:
    """The command: one pass, or one pass per `every` seconds until SIGINT/SIGTERM."""
    out = out or sys.stdout
    err = err or sys.stderr
    build_targets(config)  # fail early, in the parent, on a bad site name or profile
    stop = _Stop()
    previous = {sig: signal.signal(sig, stop.handle) for sig in (signal.SIGINT, signal.SIGTERM)}
    failed = False
    try:
        n = 0
        while True:
            n += 1
            started = time.monotonic()
            try:
                summary = run_pass(config, stop)
            except RuntimeError as exc:
                print(f"newsbroom: pass {n} failed: {exc}", file=err)
                failed = True
                if every is None or stop.event.is_set():
                    break
            else:
                prefix = f"pass {n}: " if every is not None else ""
                if config.shared:
                    prefix = f"worker {config.worker_id}: " + prefix
                print(f"newsbroom: {prefix}{summary.line()}", file=err, flush=True)
            if every is None or stop.event.is_set():
                break
            wait = max(0.0, every - (time.monotonic() - started))
            if stop.event.wait(wait):
                break
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if stop.event.is_set():
        print("newsbroom: stopped", file=err)
        return 0
    return 1 if failed else 0
