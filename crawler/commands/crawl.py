"""`newsbroom crawl`: check the arguments and the state store, then run the crawl (crawler.crawl.passes)."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

__all__ = ["run"]


def _error(message: str) -> int:
    print(f"newsbroom: error: {message}", file=sys.stderr)
    return 2


def _check_state(args: argparse.Namespace) -> str | None:
    """Why --state / --worker cannot be used, or None. A Redis store must answer now."""
    from crawler.state import RedisLink, RedisUnavailable, is_redis_spec, parse_redis_spec

    if not is_redis_spec(args.state):
        if args.worker is not None:
            return ("--worker names a worker of a crawl shared through Redis; give --state redis://HOST:PORT/DB "
                    "too")
        return _check_sqlite(Path(args.state or Path(args.output) / "crawl.db").expanduser(),
                             reset=getattr(args, "reset_state", False))
    if args.worker is not None and not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", args.worker):
        return f"--worker {args.worker!r}: use 1 to 64 of A-Z a-z 0-9 . _ -"
    try:
        link = RedisLink(parse_redis_spec(args.state))
    except ValueError as exc:
        return str(exc)
    try:
        link.check()
    except RedisUnavailable as exc:
        return str(exc)
    finally:
        link.close()
    return None


def _check_sqlite(path: Path, *, reset: bool) -> str | None:
    """Why the SQLite state cannot be used, or None. With `reset`, an unreadable one is moved aside
    (FILE.broken-<UTC time>, with its -wal/-shm files) and the crawl starts from an empty state."""
    from crawler.state import SQLiteState, StateUnreadable

    if not path.exists():
        return None
    try:
        SQLiteState(path).close()
    except StateUnreadable as exc:
        if not reset:
            return str(exc)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        for suffix in ("", "-wal", "-shm"):
            part = path.with_name(path.name + suffix)
            if part.exists() or part.is_symlink():
                part.rename(part.with_name(f"{path.name}.broken-{stamp}{suffix}"))
        print(f"newsbroom: --reset-state: moved the unreadable {path} to {path.name}.broken-{stamp}; starting from "
              f"an empty state", file=sys.stderr)
    except OSError as exc:
        return f"the crawl state {path} cannot be opened ({exc.strerror or exc}); move it away or fix its permissions"
    return None


def run(args: argparse.Namespace) -> int:
    """`newsbroom crawl [SITE...]`: 2 on a usage or configuration error, else the crawl's exit code."""
    from crawler.commands import verbosity
    from crawler.crawl.config import DEFAULT_USER_AGENT, CrawlConfig, build_targets
    from crawler.crawl.passes import run_crawl
    from crawler.outputs.formats import format_problem, with_jsonl
    from crawler.outputs.manifest import OutputRefused, claim

    formats = with_jsonl(args.format)  # the crawl's state is recovered from articles.jsonl
    if (problem := format_problem(formats, to_directory=True)) is not None:
        return _error(problem)
    try:  # a directory another command (clean, demo) owns is refused; the crawl's own is continued
        claim(args.output, "crawl", mode="continue")
    except OutputRefused as exc:
        return _error(str(exc))
    problem = _check_state(args)
    if problem is not None:
        return _error(problem)
    since = datetime.now(UTC) - timedelta(seconds=args.since) if args.since else None
    config = CrawlConfig(out_dir=args.output, sites=args.sites, seed_urls=args.seed_url, profile_files=args.profile,
                         state=args.state, max_articles=args.max_articles, since=since,
                         user_agent=args.user_agent or DEFAULT_USER_AGENT, delay=args.delay,
                         concurrency=args.concurrency, autothrottle=not args.no_autothrottle,
                         max_bytes=args.max_bytes, fsync=args.fsync, log_level=args.log_level, worker=args.worker,
                         skip_paywalled=args.skip_paywalled, formats=formats, warc=args.warc)
    config.timeout, config.proxy, config.extra_settings = args.timeout, args.proxy, dict(args.settings)
    config.clean_jobs, config.page_timeout = args.clean_jobs, args.page_timeout  # None: the defaults
    try:
        build_targets(config)
    except ValueError as exc:
        return _error(str(exc))
    return run_crawl(config, every=args.every, log_every=getattr(args, "log_every", 60.0), verbosity=verbosity(args))
